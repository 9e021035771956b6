"""The settings window (设置) for administrators: a separate, non-modal window, so the alarm
window behind it keeps showing, sounding and taking acknowledgments while it is open.

Workstation (name, language, plant file, start at log-in), alarm server (with "Test connection")
and duty log (with "Test database"). "Save" hands the whole form to the SetupService
(console/setup/connection_check.py): every value is checked and the database tested first; only when all
of it is fine are the secrets stored (keyring) and the settings file replaced in one step. A
refused save names each problem beside its field and writes nothing. Saved settings take effect
when the console is next started (the window says so)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from widgets.setup.settings_forms import (
    BrokerForm,
    DatabaseForm,
    WorkstationForm,
    connect_test,
    problem_text,
)

if TYPE_CHECKING:  # the core objects the shell hands in (types only: widgets never build them)
    from console.setup.connection_check import SetupService


class SettingsWindow(QWidget):
    def __init__(self, service: SetupService, values: dict[str, Any], autostart: bool, default_sqlite: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("settingsWindow")
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.service = service
        self.workstation = WorkstationForm()
        self.broker = BrokerForm()
        self.database = DatabaseForm(default_sqlite)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("settingsTabs")
        self.tabs.addTab(self.workstation, "")
        self.tabs.addTab(self.broker, "")
        self.tabs.addTab(self.database, "")
        self.message = QLabel()
        self.message.setObjectName("settingsMessage")
        self.message.setWordWrap(True)
        self.save_button = QPushButton()
        self.save_button.setObjectName("saveSettings")
        self.close_button = QPushButton()
        self.close_button.setObjectName("closeSettings")
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)
        connect_test(self.broker, service.check_broker, service.broker_checked)
        connect_test(self.database, service.check_database, service.database_checked)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.close)
        service.saved.connect(self._saved)
        service.save_refused.connect(self._refused)
        self.load(values, autostart)
        self.resize(760, 600)
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Duty Console — settings"))
        for index, text in enumerate((self.tr("Workstation"), self.tr("Alarm server"), self.tr("Duty log"))):
            self.tabs.setTabText(index, text)
        self.save_button.setText(self.tr("Save"))
        self.close_button.setText(self.tr("Close"))

    def load(self, values: dict[str, Any], autostart: bool) -> None:
        self.workstation.set_values(values, autostart)
        self.broker.set_values(values)
        self.database.set_url(str(values.get("database.url", "")))

    def values(self) -> dict[str, Any]:
        values = dict(self.workstation.values())
        values.update(self.broker.values())
        values["database.url"] = self.database.url()
        return values

    def save(self) -> None:
        if self.service.busy:
            return
        for form in (self.workstation, self.broker, self.database):
            form.show_problems([])
        self.save_button.setEnabled(False)
        self.message.setText(self.tr("Checking the settings and the database…"))
        self.service.save(self.values())

    def _saved(self, _settings: Any) -> None:
        self.save_button.setEnabled(True)
        self.message.setText(self.tr("Saved. The new settings take effect when Duty Console is next started."))

    def _refused(self, problems: list) -> None:
        self.save_button.setEnabled(True)
        rest = problems
        first_tab = None
        for index, form in enumerate((self.workstation, self.broker, self.database)):
            before = len(rest)
            rest = form.show_problems(rest)
            if len(rest) < before and first_tab is None:
                first_tab = index
        if first_tab is not None:
            self.tabs.setCurrentIndex(first_tab)
        lines = [self.tr("Nothing was saved: correct the fields marked in red.")] + [problem_text(p) for p in rest]
        self.message.setText("\n".join(lines))
