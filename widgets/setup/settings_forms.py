"""The forms shared by the first-run wizard and the settings window: broker, database,
workstation. They hold texts as typed; checking is the SetupService's (console/setup/connection_check.py,
handed in by the composition root), whose problem codes become sentences here."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:  # the set-up service's findings (types only: connection_check loads SQLAlchemy and paho when it checks)
    from console.setup.connection_check import Problem

LANGUAGES = (("zh_CN", "中文（简体）"), ("en", "English"))


def problem_text(problem: Any) -> str:
    """One sentence for a problem from the SetupService (code + detail)."""
    detail = problem.detail
    messages = {
        "host_empty": QCoreApplication.translate("SetupProblems", "Enter the broker's host name or address."),
        "port_invalid": QCoreApplication.translate("SetupProblems", "The port must be a whole number from 1 to 65535 (not “%1”)."),
        "file_unreadable": QCoreApplication.translate("SetupProblems", "The file %1 cannot be read (missing, or no permission)."),
        "not_certificate": QCoreApplication.translate("SetupProblems", "Not a usable PEM certificate: %1"),
        "key_mismatch": QCoreApplication.translate("SetupProblems", "The key does not belong to the client certificate: %1"),
        "key_without_cert": QCoreApplication.translate("SetupProblems", "A client key needs its client certificate."),
        "broker_unreachable": QCoreApplication.translate("SetupProblems", "The broker does not answer: %1"),
        "broker_refused": QCoreApplication.translate("SetupProblems", "The broker refused the connection (user name or password?): %1"),
        "tls_failed": QCoreApplication.translate("SetupProblems", "TLS failed (wrong CA certificate, or the broker's name does not match it): %1"),
        "tls_unknown_ca": QCoreApplication.translate("SetupProblems", "TLS: the broker's certificate is signed by a CA this file does not hold (wrong CA certificate?): %1"),
        "tls_expired": QCoreApplication.translate("SetupProblems", "TLS: the broker's certificate has expired (renew it on the broker, or check this computer's clock): %1"),
        "tls_not_yet_valid": QCoreApplication.translate("SetupProblems", "TLS: the broker's certificate is not valid yet (check this computer's clock): %1"),
        "tls_hostname_mismatch": QCoreApplication.translate("SetupProblems", "TLS: the broker's certificate is made out to another name than this host name or address: %1"),
        "tls_client_cert_refused": QCoreApplication.translate("SetupProblems", "TLS: the broker refused this workstation's client certificate (missing, or not signed by a CA it trusts): %1"),
        "db_url_invalid": QCoreApplication.translate("SetupProblems", "Not a valid database URL: %1"),
        "db_unsupported": QCoreApplication.translate("SetupProblems", "Database type %1 is not supported: use an SQLite file or PostgreSQL."),
        "db_unreachable": QCoreApplication.translate("SetupProblems", "The database cannot be reached: %1"),
        "db_not_writable": QCoreApplication.translate("SetupProblems", "The folder %1 cannot be written: the duty log cannot be created there."),
        "db_newer": QCoreApplication.translate("SetupProblems", "This duty log was made by a newer version of Duty Console (schema %1): install that version."),
        "database_failed": QCoreApplication.translate("SetupProblems", "The duty log could not be prepared: %1"),
        "value_invalid": QCoreApplication.translate("SetupProblems", "Not a valid value: %1"),
        "save_failed": QCoreApplication.translate("SetupProblems", "Nothing was saved: %1"),
        "not_permitted": QCoreApplication.translate("SetupProblems", "Only an administrator signed in at this workstation may change its settings."),
        "admin_exists": QCoreApplication.translate("SetupProblems", "A user named %1 exists already (with another password or role)."),
        "accounts_exist": QCoreApplication.translate("SetupProblems", "This duty log has user accounts already: leave the administrator empty; an administrator signed in adds users in the Users panel."),
        "points_refused": QCoreApplication.translate("SetupProblems", "%1"),
        "password_mismatch": QCoreApplication.translate("SetupProblems", "The two passwords differ."),
        "name_empty": QCoreApplication.translate("SetupProblems", "Enter the administrator's user name."),
        "name_invalid": QCoreApplication.translate("SetupProblems", "The user name may not contain spaces and must be at most 64 characters."),
        "display_name_too_long": QCoreApplication.translate("SetupProblems", "The full name must be at most 128 characters."),
        "password_too_short": QCoreApplication.translate("SetupProblems", "The password needs at least 8 characters."),
        "password_too_long": QCoreApplication.translate("SetupProblems", "The password must be at most 256 characters."),
        "password_is_name": QCoreApplication.translate("SetupProblems", "The password may not be the user name."),
    }
    text = messages.get(problem.code)
    if text is None:
        return QCoreApplication.translate("SetupProblems", "Problem: %1").replace("%1", f"{problem.code} {detail}".strip())
    return text.replace("%1", detail)


class _Form(QWidget):
    """Labels set in ``retranslate`` (also when the language changes while the form is shown)."""

    _errors: dict[str, QLabel]  # each subclass's error labels by setting key

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:  # pragma: no cover - overridden
        pass

    def _error_label(self, name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setProperty("role", "fieldError")
        label.setWordWrap(True)
        label.setStyleSheet("color: #b00000; font-weight: bold;")
        label.hide()
        return label

    def show_problems(self, problems: list[Problem]) -> list[Problem]:
        """Show each problem under its field; returns those this form has no field for."""
        for label in self._errors.values():
            label.clear()
            label.hide()
        rest = []
        for problem in problems:
            field = self._errors.get(problem.key)
            if field is None:
                rest.append(problem)
                continue
            field.setText("\n".join(filter(None, [field.text(), problem_text(problem)])))
            field.show()
        return rest


def _file_row(edit: QLineEdit, button: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(edit, 1)
    row.addWidget(button)
    return row


class BrokerForm(_Form):
    """Broker address, account and TLS files, with "Test connection"."""

    test_requested = Signal(dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = QLineEdit()
        self.host.setObjectName("brokerHost")
        self.port = QLineEdit()
        self.port.setObjectName("brokerPort")
        self.username = QLineEdit()
        self.username.setObjectName("brokerUser")
        self.password = QLineEdit()
        self.password.setObjectName("brokerPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.topic_root = QLineEdit()
        self.topic_root.setObjectName("brokerTopicRoot")
        self.tls_ca = QLineEdit()
        self.tls_ca.setObjectName("brokerCa")
        self.tls_cert = QLineEdit()
        self.tls_cert.setObjectName("brokerCert")
        self.tls_key = QLineEdit()
        self.tls_key.setObjectName("brokerKey")
        self._browse = {}
        self._errors = {key: self._error_label(f"error_{key}") for key in
                        ("broker.host", "broker.port", "broker.username", "broker.tls_ca", "broker.tls_cert", "broker.tls_key")}
        self.test_button = QPushButton()
        self.test_button.setObjectName("testBroker")
        self.result = QLabel()
        self.result.setObjectName("brokerResult")
        self.result.setWordWrap(True)
        self.form = form = QFormLayout()
        self._labels = {}
        for key, widget in (("host", self.host), ("port", self.port), ("user", self.username), ("password", self.password),
                            ("topic", self.topic_root)):
            self._labels[key] = QLabel()
            form.addRow(self._labels[key], widget)
            error = {"host": "broker.host", "port": "broker.port", "user": "broker.username"}.get(key)
            if error:
                form.addRow("", self._errors[error])
        for key, edit in (("broker.tls_ca", self.tls_ca), ("broker.tls_cert", self.tls_cert), ("broker.tls_key", self.tls_key)):
            button = QPushButton()
            button.clicked.connect(lambda _checked=False, e=edit: self._choose_file(e))
            self._browse[key] = button
            self._labels[key] = QLabel()
            form.addRow(self._labels[key], _file_row(edit, button))
            form.addRow("", self._errors[key])
        self.tls_hint = QLabel()
        self.tls_hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.tls_hint)
        buttons = QHBoxLayout()
        buttons.addWidget(self.test_button)
        buttons.addWidget(self.result, 1)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.test_button.clicked.connect(lambda: self.test_requested.emit(self.values()))
        self.retranslate()

    def retranslate(self) -> None:
        for key, text in (("host", self.tr("Broker host")), ("port", self.tr("Port")), ("user", self.tr("User name")),
                          ("password", self.tr("Password")), ("topic", self.tr("Topic root")),
                          ("broker.tls_ca", self.tr("CA certificate")), ("broker.tls_cert", self.tr("Client certificate")),
                          ("broker.tls_key", self.tr("Client key"))):
            self._labels[key].setText(text)
        for button in self._browse.values():
            button.setText(self.tr("Choose…"))
        self.tls_hint.setText(self.tr("A CA certificate turns TLS on (port 8883 is usual). Client certificate and key: "
                                      "only for brokers that require them. The password is kept in the system keyring."))
        self.test_button.setText(self.tr("Test connection"))

    def _choose_file(self, edit: QLineEdit) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose a file"), edit.text(),
                                              self.tr("Certificates and keys (*.pem *.crt *.cer *.key);;All files (*)"))
        if path:
            edit.setText(path)

    def set_values(self, values: dict[str, Any]) -> None:
        self.host.setText(str(values.get("broker.host", "")))
        self.port.setText(str(values.get("broker.port", "")))
        self.username.setText(str(values.get("broker.username", "")))
        self.password.setText(str(values.get("broker.password", "")))
        self.topic_root.setText(str(values.get("broker.topic_root", "")))
        self.tls_ca.setText(str(values.get("broker.tls_ca", "")))
        self.tls_cert.setText(str(values.get("broker.tls_cert", "")))
        self.tls_key.setText(str(values.get("broker.tls_key", "")))

    def values(self) -> dict[str, Any]:
        return {
            "broker.host": self.host.text().strip(),
            "broker.port": self.port.text().strip(),
            "broker.username": self.username.text().strip(),
            "broker.password": self.password.text(),
            "broker.topic_root": self.topic_root.text().strip(),
            "broker.tls_ca": self.tls_ca.text().strip(),
            "broker.tls_cert": self.tls_cert.text().strip(),
            "broker.tls_key": self.tls_key.text().strip(),
        }

    def show_testing(self) -> None:
        self.result.setText(self.tr("Testing the connection…"))
        self.test_button.setEnabled(False)

    def show_result(self, result: Any) -> None:
        self.test_button.setEnabled(True)
        rest = self.show_problems(list(result.problems))
        if result.ok:
            self.result.setText(self.tr("Connected to the broker (%1 ms).").replace("%1", str(result.info.get("ms", "?"))))
        else:
            self.result.setText("\n".join([self.tr("Not connected.")] + [problem_text(p) for p in rest]))


class DatabaseForm(_Form):
    """The duty log: an SQLite file on this workstation, or a shared PostgreSQL database."""

    test_requested = Signal(str)

    def __init__(self, default_sqlite: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.default_sqlite = default_sqlite
        self.sqlite_choice = QRadioButton()
        self.sqlite_choice.setObjectName("dbSqlite")
        self.postgres_choice = QRadioButton()
        self.postgres_choice.setObjectName("dbPostgres")
        group = QButtonGroup(self)
        group.addButton(self.sqlite_choice)
        group.addButton(self.postgres_choice)
        self.sqlite_path = QLineEdit()
        self.sqlite_path.setObjectName("dbSqlitePath")
        self.sqlite_path.setPlaceholderText(default_sqlite)
        self.browse = QPushButton()
        self.browse.clicked.connect(self._choose_file)
        self.postgres_url = QLineEdit()
        self.postgres_url.setObjectName("dbPostgresUrl")
        self.postgres_url.setPlaceholderText("postgresql+psycopg://duty:password@dbhost/dutylog")
        self._errors = {"database.url": self._error_label("error_database.url")}
        self.test_button = QPushButton()
        self.test_button.setObjectName("testDatabase")
        self.result = QLabel()
        self.result.setObjectName("databaseResult")
        self.result.setWordWrap(True)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.sqlite_choice)
        layout.addLayout(_file_row(self.sqlite_path, self.browse))
        layout.addWidget(self.postgres_choice)
        layout.addWidget(self.postgres_url)
        layout.addWidget(self._errors["database.url"])
        layout.addWidget(self.hint)
        buttons = QHBoxLayout()
        buttons.addWidget(self.test_button)
        buttons.addWidget(self.result, 1)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.sqlite_choice.toggled.connect(self._enable)
        self.sqlite_choice.setChecked(True)
        self.test_button.clicked.connect(lambda: self.test_requested.emit(self.url()))
        self.retranslate()

    def retranslate(self) -> None:
        self.sqlite_choice.setText(self.tr("SQLite file on this workstation"))
        self.postgres_choice.setText(self.tr("PostgreSQL, shared by several workstations (URL)"))
        self.browse.setText(self.tr("Choose…"))
        self.hint.setText(self.tr("Empty file name: the default duty log. The database password is kept in the system keyring."))
        self.test_button.setText(self.tr("Test database"))

    def _enable(self) -> None:
        sqlite = self.sqlite_choice.isChecked()
        self.sqlite_path.setEnabled(sqlite)
        self.browse.setEnabled(sqlite)
        self.postgres_url.setEnabled(not sqlite)

    def _choose_file(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Duty log file"), self.sqlite_path.text() or self.default_sqlite,
                                              self.tr("SQLite duty log (*.sqlite *.db);;All files (*)"),
                                              options=QFileDialog.Option.DontConfirmOverwrite)
        if path:
            self.sqlite_path.setText(path)

    def set_url(self, url: str) -> None:
        if url.startswith("sqlite:///"):
            self.sqlite_choice.setChecked(True)
            self.sqlite_path.setText(url[len("sqlite:///"):])
        elif url:
            self.postgres_choice.setChecked(True)
            self.postgres_url.setText(url)
        else:
            self.sqlite_choice.setChecked(True)
            self.sqlite_path.clear()

    def url(self) -> str:
        if self.sqlite_choice.isChecked():
            path = self.sqlite_path.text().strip()
            return f"sqlite:///{path}" if path else ""
        return self.postgres_url.text().strip()

    def show_testing(self) -> None:
        self.result.setText(self.tr("Testing the database…"))
        self.test_button.setEnabled(False)

    def show_result(self, result: Any) -> None:
        self.test_button.setEnabled(True)
        self.show_problems(list(result.problems))
        if not result.ok:
            self.result.setText(self.tr("The database test failed."))
        elif result.info.get("new"):
            self.result.setText(self.tr("A new duty log will be created there."))
        else:
            self.result.setText(self.tr("Connected: duty log schema %1, %2 user account(s).")
                                .replace("%1", str(result.info.get("schema", 0))).replace("%2", str(result.info.get("users", 0))))


class WorkstationForm(_Form):
    """Workstation name, language, plant file, start at log-in."""

    language_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None, with_plant: bool = True) -> None:
        super().__init__(parent)
        self.station = QLineEdit()
        self.station.setObjectName("stationName")
        self.language = QComboBox()
        self.language.setObjectName("language")
        for code, name in LANGUAGES:
            self.language.addItem(name, code)
        self.plant_file = QLineEdit()
        self.plant_file.setObjectName("plantFile")
        self.plant_browse = QPushButton()
        self.plant_browse.clicked.connect(self._choose_plant)
        self.autostart = QCheckBox()
        self.autostart.setObjectName("autostart")
        self._errors = {"station.name": self._error_label("error_station.name"), "plant.file": self._error_label("error_plant.file")}
        self._labels = {k: QLabel() for k in ("station", "language", "plant")}
        form = QFormLayout(self)
        form.addRow(self._labels["language"], self.language)
        form.addRow(self._labels["station"], self.station)
        form.addRow("", self._errors["station.name"])
        if with_plant:
            form.addRow(self._labels["plant"], _file_row(self.plant_file, self.plant_browse))
            form.addRow("", self._errors["plant.file"])
        form.addRow("", self.autostart)
        self.language.currentIndexChanged.connect(lambda _i: self.language_chosen.emit(self.language.currentData()))
        self.retranslate()

    def retranslate(self) -> None:
        self._labels["station"].setText(self.tr("Workstation name"))
        self._labels["language"].setText(self.tr("Language"))
        self._labels["plant"].setText(self.tr("Plant file"))
        self.station.setPlaceholderText(self.tr("empty: the computer's name"))
        self.plant_browse.setText(self.tr("Choose…"))
        self.autostart.setText(self.tr("Start Duty Console when this user logs in"))

    def _choose_plant(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Plant file"), self.plant_file.text(), self.tr("Plant file (*.json)"))
        if path:
            self.plant_file.setText(path)

    def set_language(self, code: str) -> None:
        index = self.language.findData(code)
        self.language.setCurrentIndex(max(index, 0))

    def set_values(self, values: dict[str, Any], autostart: bool) -> None:
        self.station.setText(str(values.get("station.name", "")))
        self.set_language(str(values.get("ui.language", "zh_CN")))
        self.plant_file.setText(str(values.get("plant.file", "")))
        self.autostart.setChecked(autostart)

    def values(self) -> dict[str, Any]:
        return {"station.name": self.station.text().strip(), "ui.language": self.language.currentData(),
                "plant.file": self.plant_file.text().strip(), "autostart": self.autostart.isChecked()}


def connect_test(form: BrokerForm | DatabaseForm, request: Callable[[Any], None], answered: Any) -> None:
    """Wire a form's test button to the service: request → result shown in the form."""
    def start(value: Any) -> None:
        form.show_testing()
        request(value)

    form.test_requested.connect(start)
    answered.connect(form.show_result)
