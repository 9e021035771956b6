"""The first-run wizard (首次设置向导): shown once, before the alarm window exists, when no
settings file is there yet (or by ``duty-console setup``). Pages: language and workstation,
broker (with "Test connection"), database (SQLite file or PostgreSQL URL, tested before going
on), first administrator, points sheet (optional, checked before going on), summary. Finish
hands everything to the FirstRunService (console/setup/first_run.py), which writes nothing until all of
it is valid and writes the settings file last."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from widgets.setup.settings_forms import (
    BrokerForm,
    DatabaseForm,
    WorkstationForm,
    connect_test,
    problem_text,
)

if TYPE_CHECKING:  # the core objects the shell hands in (types only: widgets never build them)
    from console.setup.first_run import FirstRunService


class _Page(QWizardPage):
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:  # pragma: no cover - overridden
        pass


class LanguagePage(_Page):
    def __init__(self, language: str, on_language: Callable[[str], None]) -> None:
        super().__init__()
        self.form = WorkstationForm(with_plant=False)
        self.form.set_language(language)
        self.form.language_chosen.connect(on_language)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Welcome to Duty Console"))
        self.setSubTitle(self.tr("This wizard sets up this duty workstation: alarm server, duty log, first administrator "
                                 "and the plant's points. Choose the language first."))


class BrokerPage(_Page):
    def __init__(self, service: Any) -> None:
        super().__init__()
        self.service = service
        self.form = BrokerForm()
        connect_test(self.form, service.check_broker, service.broker_checked)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Alarm server (MQTT broker)"))
        self.setSubTitle(self.tr("Where the plant's alarms come from. Test the connection if the broker is running already."))

    def validatePage(self) -> bool:
        problems = self.service.check_broker_values(self.form.values())
        rest = self.form.show_problems(problems)
        if rest:
            self.form.result.setText("\n".join(problem_text(p) for p in rest))
        return not problems


class DatabasePage(_Page):
    """Going on needs a database that answered for the URL shown: Next starts the test and goes on
    by itself when it succeeds."""

    def __init__(self, service: FirstRunService, default_sqlite: str) -> None:
        super().__init__()
        self.service = service
        self.form = DatabaseForm(default_sqlite)
        self.tested: tuple[str | None, Any] | None = None  # (url, result) of the last test
        self._advance = False
        connect_test(self.form, service.check_database, service.database_checked)
        service.database_checked.connect(self._tested)
        self.form.test_requested.connect(self._remember)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Duty log (database)"))
        self.setSubTitle(self.tr("Every alarm, acknowledgment and handling is recorded here. One workstation: an SQLite file. "
                                 "Several workstations: one PostgreSQL database for all."))

    def _remember(self, url: str) -> None:
        self._pending = url

    def _tested(self, result: Any) -> None:
        self.tested = tested = (getattr(self, "_pending", None), result)
        if self._advance and result.ok and tested[0] == self.form.url():
            self._advance = False
            self.wizard().next()
        self._advance = False

    def validatePage(self) -> bool:
        url = self.form.url()
        problems = self.service.check_database_url(url)
        if problems:
            self.form.show_problems(problems)
            return False
        if self.tested is not None and self.tested[0] == url and self.tested[1].ok:
            return True
        self._advance = True
        self.form.test_requested.emit(url)
        return False

    def users(self) -> int:
        return int(self.tested[1].info.get("users", 0)) if self.tested else 0


class AdminPage(_Page):
    def __init__(self, service: Any, database: DatabasePage) -> None:
        super().__init__()
        self.service = service
        self.database = database
        self.name = QLineEdit()
        self.name.setObjectName("adminName")
        self.display_name = QLineEdit()
        self.display_name.setObjectName("adminDisplayName")
        self.password = QLineEdit()
        self.password.setObjectName("adminPassword")
        self.repeat = QLineEdit()
        self.repeat.setObjectName("adminRepeat")
        for edit in (self.password, self.repeat):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.note = QLabel()
        self.note.setObjectName("adminNote")
        self.note.setWordWrap(True)
        self.errors = QLabel()
        self.errors.setObjectName("adminErrors")
        self.errors.setWordWrap(True)
        self.errors.setStyleSheet("color: #b00000; font-weight: bold;")
        self._labels = [QLabel() for _ in range(4)]
        form = QFormLayout()
        for label, edit in zip(self._labels, (self.name, self.display_name, self.password, self.repeat), strict=True):
            form.addRow(label, edit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addLayout(form)
        layout.addWidget(self.errors)
        layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("First administrator"))
        self.setSubTitle(self.tr("The administrator signs in at the console to add operators and change the settings."))
        for label, text in zip(self._labels, (self.tr("User name"), self.tr("Full name"), self.tr("Password"),
                                              self.tr("Password again")), strict=True):
            label.setText(text)
        self.initializePage() if self.wizard() is not None else None

    def initializePage(self) -> None:
        users = self.database.users()
        if users:
            self.note.setText(self.tr("This duty log has %1 user account(s) already: leave the fields empty to keep them, "
                                      "or add an administrator.").replace("%1", str(users)))
        else:
            self.note.setText(self.tr("At least 8 characters, not the user name."))

    def validatePage(self) -> bool:
        problems = self.service.check_admin(self.name.text().strip(), self.display_name.text().strip(), self.password.text(),
                                            self.repeat.text(), self.database.users() == 0)
        self.errors.setText("\n".join(problem_text(p) for p in problems))
        return not problems


class PointsPage(_Page):
    """Optional: a sensor data sheet (XLSX/CSV) checked before going on; any problem is listed
    with its row and column and nothing is imported."""

    def __init__(self, service: Any) -> None:
        super().__init__()
        self.service = service
        self.sheet = QLineEdit()
        self.sheet.setObjectName("pointsSheet")
        self.browse = QPushButton()
        self.browse.clicked.connect(self._choose)
        self.check_button = QPushButton()
        self.check_button.setObjectName("checkPoints")
        self.check_button.clicked.connect(self._check)
        self.summary = QLabel()
        self.summary.setObjectName("pointsSummary")
        self.summary.setWordWrap(True)
        self.problems = QListWidget()
        self.problems.setObjectName("pointsProblems")
        self.problems.hide()
        self.checked: tuple[str, bool] | None = None
        self._advance = False
        service.points_checked.connect(self._checked)
        row = QHBoxLayout()
        row.addWidget(self.sheet, 1)
        row.addWidget(self.browse)
        row.addWidget(self.check_button)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addWidget(self.problems, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Points sheet"))
        self.setSubTitle(self.tr("The sensor data sheet (传感数据填报, XLSX or CSV) filled in by the enterprises."))
        self.hint.setText(self.tr("Optional: leave it empty to import later (tab “Points”). Without points the console "
                                  "accepts alarms for any enterprise and point."))
        self.browse.setText(self.tr("Choose…"))
        self.check_button.setText(self.tr("Check sheet"))

    def _choose(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Points sheet"), self.sheet.text(),
                                              self.tr("Points sheets (*.xlsx *.csv);;All files (*)"))
        if path:
            self.sheet.setText(path)

    def _check(self) -> None:
        self._pending = self.sheet.text().strip()
        self.summary.setText(self.tr("Checking the sheet…"))
        self.problems.clear()
        self.problems.hide()
        self.service.check_points(self._pending)

    def _checked(self, answer: tuple[str, list[str]]) -> None:
        summary, problems = answer
        self.checked = (self._pending, not problems)
        if problems:
            self.summary.setText(self.tr("The sheet has %1 problem(s); nothing is imported. Correct it and check again.")
                                 .replace("%1", str(len(problems))))
            self.problems.addItems(problems)
            self.problems.show()
        else:
            self.summary.setText(self.tr("The sheet is fine: it will be imported when you finish.") + "\n" + summary)
        advance, self._advance = self._advance, False
        if advance and not problems and self.checked[0] == self.sheet.text().strip():
            self.wizard().next()

    def validatePage(self) -> bool:
        path = self.sheet.text().strip()
        if not path:
            return True
        if self.checked is not None and self.checked[0] == path:
            return self.checked[1]
        self._advance = True
        self._check()
        return False


class FinishPage(_Page):
    def __init__(self, service: Any) -> None:
        super().__init__()
        self.service = service
        self.summary = QLabel()
        self.summary.setObjectName("finishSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.errors = QLabel()
        self.errors.setObjectName("finishErrors")
        self.errors.setWordWrap(True)
        self.errors.setStyleSheet("color: #b00000; font-weight: bold;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.errors)
        layout.addStretch(1)
        self.setCommitPage(True)
        self.done = False
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Ready"))
        self.setSubTitle(self.tr("Finish writes the settings, prepares the duty log, adds the administrator and imports the "
                                 "points. Nothing is written if any of it fails."))

    def validatePage(self) -> bool:
        if self.done:
            return True
        if not self.service.busy:
            self.errors.setText(self.tr("Setting up…"))
            wizard = self.wizard()
            assert isinstance(wizard, FirstRunWizard)
            wizard.start_finish()
        return False


class FirstRunWizard(QWizard):
    """``exec()`` returns Accepted once everything is written; ``settings`` holds the result."""

    def __init__(self, service: FirstRunService, language: str, default_sqlite: str, values: dict[str, Any],
                 set_language: Callable[[str], None]) -> None:
        super().__init__()
        self.setObjectName("firstRunWizard")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, False)
        self.service = service
        self.settings = None
        self._set_language = set_language
        self.language_page = LanguagePage(language, self._language_chosen)
        self.broker_page = BrokerPage(service)
        self.database_page = DatabasePage(service, default_sqlite)
        self.admin_page = AdminPage(service, self.database_page)
        self.points_page = PointsPage(service)
        self.finish_page = FinishPage(service)
        for page in (self.language_page, self.broker_page, self.database_page, self.admin_page, self.points_page,
                     self.finish_page):
            self.addPage(page)
        self.language_page.form.set_values(values, autostart=False)
        self.language_page.form.set_language(language)
        self.broker_page.form.set_values(values)
        self.database_page.form.set_url(str(values.get("database.url", "")))
        service.finished.connect(self._finished)
        service.finish_refused.connect(self._refused)
        self.currentIdChanged.connect(self._show_summary)
        self.resize(820, 640)
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Duty Console — first set-up"))

    def _language_chosen(self, code: str) -> None:
        self._set_language(code)

    def values(self) -> dict[str, Any]:
        values = dict(self.broker_page.form.values())
        workstation = self.language_page.form.values()
        values["station.name"] = workstation["station.name"]
        values["ui.language"] = workstation["ui.language"]
        values["database.url"] = self.database_page.form.url()
        return values

    def plan_parts(self) -> dict[str, Any]:
        return {
            "admin_name": self.admin_page.name.text().strip(),
            "admin_display_name": self.admin_page.display_name.text().strip(),
            "admin_password": self.admin_page.password.text(),
            "points_sheet": self.points_page.sheet.text().strip(),
            "autostart": self.finish_autostart(),
        }

    def finish_autostart(self) -> bool:
        return self.language_page.form.autostart.isChecked()

    def _show_summary(self, page_id: int) -> None:
        if self.page(page_id) is not self.finish_page:
            return
        v, parts = self.values(), self.plan_parts()
        lines = [
            self.tr("Workstation: %1").replace("%1", v["station.name"] or self.tr("(the computer's name)")),
            self.tr("Broker: %1:%2").replace("%1", v["broker.host"]).replace("%2", str(v["broker.port"]))
            + (" (TLS)" if v["broker.tls_ca"] else ""),
            self.tr("Duty log: %1").replace("%1", self._safe_url(v["database.url"]) or self.database_page.form.default_sqlite),
            self.tr("Administrator: %1").replace("%1", parts["admin_name"] or self.tr("(keep the existing accounts)")),
            self.tr("Points sheet: %1").replace("%1", parts["points_sheet"] or self.tr("(none now)")),
            self.tr("Start at log-in: %1").replace("%1", self.tr("yes") if parts["autostart"] else self.tr("no")),
        ]
        self.finish_page.summary.setText("\n".join(lines))

    @staticmethod
    def _safe_url(url: str) -> str:
        if "@" in url and "://" in url:
            scheme, rest = url.split("://", 1)
            return f"{scheme}://***@{rest.rsplit('@', 1)[1]}"
        return url

    def start_finish(self) -> None:
        self.finish_page.errors.setText(self.tr("Setting up…"))
        self.button(QWizard.WizardButton.FinishButton).setEnabled(False)
        self.service.finish(self.values(), **self.plan_parts())

    def _finished(self, settings: Any) -> None:
        self.settings = settings
        self.finish_page.done = True
        self.finish_page.errors.setText("")
        self.accept()

    def _refused(self, problems: list) -> None:
        self.button(QWizard.WizardButton.FinishButton).setEnabled(True)
        self.finish_page.errors.setText("\n".join([self.tr("Nothing was set up:")] + [problem_text(p) for p in problems]))
