"""Checks behind the first-run wizard and the settings window: values validated as a whole
(port, host, TLS files, database URL), a test connection to the broker and to the database, and
saving only what passed — all off the GUI thread, answered by signal.

The widgets (widgets/setup/first_run_wizard.py, widgets/setup/settings_window.py) never import this module:
the composition root hands them a ``SetupService``. Problems come back as codes with the setting
they concern; the widgets turn them into sentences in the user's language.
"""

from __future__ import annotations

import logging
import os
import socket
import ssl
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from console.domain.redact import redact_url
from console.domain.tls_failure import TlsFailure
from console.domain.user_rules import may_configure
from console.infrastructure.background import Background
from console.infrastructure.settings import OPTIONS, Settings
from console.infrastructure.store.dutylog import Operator
from console.infrastructure.tls_errors import tls_failure_of, words_of

if TYPE_CHECKING:  # SQLAlchemy and paho are loaded when a check runs
    from sqlalchemy.pool import NullPool

log = logging.getLogger("console.setup.connection_check")

BROKER_TIMEOUT_S = 5.0
DATABASE_TIMEOUT_S = 5

# Problem codes (the widgets have a sentence for each).
HOST_EMPTY = "host_empty"
PORT_INVALID = "port_invalid"
FILE_UNREADABLE = "file_unreadable"
NOT_CERTIFICATE = "not_certificate"
KEY_MISMATCH = "key_mismatch"
KEY_WITHOUT_CERT = "key_without_cert"
BROKER_UNREACHABLE = "broker_unreachable"
BROKER_REFUSED = "broker_refused"
TLS_FAILED = "tls_failed"  # a TLS failure of no kind named below
# The TLS check that failed (console/domain/tls_failure.py), each with its own sentence.
TLS_CODES = {
    TlsFailure.UNKNOWN_CA: "tls_unknown_ca",
    TlsFailure.EXPIRED: "tls_expired",
    TlsFailure.NOT_YET_VALID: "tls_not_yet_valid",
    TlsFailure.HOSTNAME_MISMATCH: "tls_hostname_mismatch",
    TlsFailure.CLIENT_CERT_REFUSED: "tls_client_cert_refused",
    TlsFailure.OTHER: TLS_FAILED,
}
# The setting to look at for each.
_TLS_KEYS = {TlsFailure.CLIENT_CERT_REFUSED: "broker.tls_cert", TlsFailure.HOSTNAME_MISMATCH: "broker.host"}
# MQTT 3.1.1 CONNECT, clean session, empty client id, keep-alive 10 s: asked after the TLS
# handshake so that a broker refusing the client certificate says so (TLS 1.3 refuses after it).
_MQTT_CONNECT = bytes([0x10, 12, 0, 4]) + b"MQTT" + bytes([4, 0x02, 0, 10, 0, 0])
DB_URL_INVALID = "db_url_invalid"
DB_UNSUPPORTED = "db_unsupported"
DB_UNREACHABLE = "db_unreachable"
DB_NOT_WRITABLE = "db_not_writable"
DB_NEWER = "db_newer"
VALUE_INVALID = "value_invalid"
SAVE_FAILED = "save_failed"
NOT_PERMITTED = "not_permitted"  # nobody, or not an administrator, is signed in at this desk


@dataclass(frozen=True)
class Problem:
    key: str  # the setting concerned, e.g. "broker.port"
    code: str
    detail: str = ""  # a file name, the server's own words (never a password)


@dataclass(frozen=True)
class CheckResult:
    problems: tuple[Problem, ...] = ()
    info: dict[str, Any] = field(default_factory=dict)  # e.g. {"ms": 12, "schema": 13, "users": 4}

    @property
    def ok(self) -> bool:
        return not self.problems


# -- plain checks (any thread) -----------------------------------------------------------------
def parse_port(text: Any) -> int | None:
    try:
        port = int(str(text).strip())
    except ValueError:
        return None
    return port if 1 <= port <= 65535 else None


def check_broker_values(values: dict[str, Any]) -> list[Problem]:
    problems = []
    if not str(values.get("broker.host", "")).strip():
        problems.append(Problem("broker.host", HOST_EMPTY))
    if parse_port(values.get("broker.port", "")) is None:
        problems.append(Problem("broker.port", PORT_INVALID, str(values.get("broker.port", ""))))
    problems += check_tls_files(values.get("broker.tls_ca", ""), values.get("broker.tls_cert", ""), values.get("broker.tls_key", ""))
    return problems


def check_tls_files(ca: str, cert: str, key: str) -> list[Problem]:
    """Each file named must be readable and hold what it should (PEM certificate, matching key)."""
    problems = []
    for name, path in (("broker.tls_ca", ca), ("broker.tls_cert", cert), ("broker.tls_key", key)):
        if path and not _readable(path):
            problems.append(Problem(name, FILE_UNREADABLE, path))
    if problems:
        return problems
    if ca:
        try:
            ssl.create_default_context(cafile=ca)
        except (ssl.SSLError, ValueError, OSError) as exc:
            problems.append(Problem("broker.tls_ca", NOT_CERTIFICATE, f"{ca}: {_reason(exc)}"))
    if key and not cert:
        problems.append(Problem("broker.tls_cert", KEY_WITHOUT_CERT, key))
    elif cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        try:
            context.load_cert_chain(cert, key or None)
        except ssl.SSLError as exc:
            text = _reason(exc)
            code = KEY_MISMATCH if "KEY_VALUES_MISMATCH" in text.upper() or "key values mismatch" in text else NOT_CERTIFICATE
            problems.append(Problem("broker.tls_key" if code == KEY_MISMATCH else "broker.tls_cert", code, f"{cert}: {text}"))
        except OSError as exc:
            problems.append(Problem("broker.tls_cert", FILE_UNREADABLE, f"{cert}: {exc.strerror or exc}"))
    return problems


def _readable(path: str) -> bool:
    try:
        with open(path, "rb") as f:
            f.read(1)
        return True
    except OSError:
        return False


def _reason(exc: BaseException) -> str:
    return getattr(exc, "reason", None) or str(exc) or type(exc).__name__


def check_database_url(url: str) -> list[Problem]:
    """The URL's form (empty: the default SQLite file); SQLite: its folder can be written."""
    if not url:
        return []
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as exc:
        return [Problem("database.url", DB_URL_INVALID, redact_url(str(exc)))]
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        if not parsed.database or parsed.database == ":memory:":
            return [Problem("database.url", DB_URL_INVALID, "sqlite needs a file")]
        folder = Path(parsed.database).expanduser().parent
        while not folder.exists() and folder != folder.parent:
            folder = folder.parent
        if not os.access(folder, os.W_OK | os.X_OK):
            return [Problem("database.url", DB_NOT_WRITABLE, str(folder))]
        return []
    if backend != "postgresql":
        return [Problem("database.url", DB_UNSUPPORTED, backend)]
    return []


def test_database(url: str, timeout_s: int = DATABASE_TIMEOUT_S) -> CheckResult:
    """Connect and read the schema version and the number of users. An SQLite file that does not
    exist yet is not created: it is reported as new (``info["new"]``)."""
    problems = check_database_url(url)
    if problems:
        return CheckResult(tuple(problems))
    from sqlalchemy import create_engine, inspect, text
    from sqlalchemy.engine import make_url

    from console.infrastructure.store.migrations import LATEST

    url = url or Settings().database_url
    parsed = make_url(url)
    info: dict[str, Any] = {"backend": parsed.get_backend_name()}
    if parsed.get_backend_name() == "sqlite":
        path = Path(parsed.database or "").expanduser()
        if not path.exists():
            return CheckResult((), {**info, "new": True, "schema": 0, "users": 0})
        engine = create_engine(f"sqlite:///file:{path}?mode=ro&uri=true")
    else:
        engine = create_engine(url, connect_args={"connect_timeout": timeout_s}, poolclass=_null_pool())
    started = time.monotonic()
    try:
        with engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
            schema = conn.execute(text("SELECT COALESCE(MAX(version), 0) FROM schema_version")).scalar_one() if "schema_version" in tables else 0
            users = conn.execute(text("SELECT COUNT(*) FROM users")).scalar_one() if "users" in tables else 0
    except Exception as exc:  # OperationalError (refused, timeout, authentication), DatabaseError (not a database)
        return CheckResult((Problem("database.url", DB_UNREACHABLE, _first_line(exc)),), info)
    finally:
        engine.dispose()
    info.update(ms=round((time.monotonic() - started) * 1000), schema=schema, users=users, new=False)
    if schema > LATEST:
        return CheckResult((Problem("database.url", DB_NEWER, f"{schema} > {LATEST}"),), info)
    return CheckResult((), info)


def _null_pool() -> type[NullPool]:
    from sqlalchemy.pool import NullPool

    return NullPool


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return redact_url(text[0] if text else type(exc).__name__)[:300]


def test_broker(values: dict[str, Any], timeout_s: float = BROKER_TIMEOUT_S) -> CheckResult:
    """Connect to the broker with these values (TLS, user, password) and disconnect again."""
    problems = check_broker_values(values)
    if problems:
        return CheckResult(tuple(problems))
    import paho.mqtt.client as mqtt
    from paho.mqtt.enums import CallbackAPIVersion

    host, port = str(values["broker.host"]).strip(), parse_port(values["broker.port"])
    assert port is not None  # check_broker_values refused any other
    if values.get("broker.tls_ca"):
        # The TLS handshake first, on a socket of our own (closed whatever happens): paho leaves
        # the socket of a failed handshake open.
        problem = _tls_handshake(host, port, values, timeout_s)
        if problem is not None:
            return CheckResult((problem,))
    client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=f"duty-console-check-{uuid.uuid4().hex[:8]}",
                         clean_session=True, protocol=mqtt.MQTTv311)
    if values.get("broker.username"):
        client.username_pw_set(values["broker.username"], values.get("broker.password") or None)
    if values.get("broker.tls_ca"):
        client.tls_set(ca_certs=values["broker.tls_ca"], certfile=values.get("broker.tls_cert") or None,
                       keyfile=values.get("broker.tls_key") or None, cert_reqs=ssl.CERT_REQUIRED)
    answer: list[Any] = []
    client.on_connect = lambda _c, _u, _f, reason_code, _p: answer.append(reason_code)
    started = time.monotonic()
    try:
        client.connect(host, port, keepalive=10)
        deadline = started + timeout_s
        while not answer and time.monotonic() < deadline:
            client.loop(timeout=0.1)
    except ssl.SSLError as exc:
        return CheckResult((tls_problem(exc),))
    except (OSError, socket.gaierror) as exc:
        return CheckResult((Problem("broker.host", BROKER_UNREACHABLE, f"{host}:{port}: {exc.strerror or exc}"),))
    finally:
        try:
            client.disconnect()
        except Exception:  # never connected
            pass
    if not answer:
        return CheckResult((Problem("broker.host", BROKER_UNREACHABLE, f"{host}:{port}: no answer within {timeout_s:g} s"),))
    if answer[0].is_failure:
        return CheckResult((Problem("broker.username", BROKER_REFUSED, str(answer[0])),))
    return CheckResult((), {"ms": round((time.monotonic() - started) * 1000)})


def _tls_handshake(host: str, port: int, values: dict[str, Any], timeout_s: float) -> Problem | None:
    context = ssl.create_default_context(cafile=values["broker.tls_ca"])
    if values.get("broker.tls_cert"):
        context.load_cert_chain(values["broker.tls_cert"], values.get("broker.tls_key") or None)
    try:
        with socket.create_connection((host, port), timeout=timeout_s) as raw:
            with context.wrap_socket(raw, server_hostname=host) as tls:
                tls.sendall(_MQTT_CONNECT)
                # The CONNACK (accepted or not: the credentials are paho's test), or the broker's refusal.
                if not tls.recv(4):
                    raise ssl.SSLZeroReturnError("the broker closed the connection after the TLS handshake")
                return None
    except ssl.SSLError as exc:
        return tls_problem(exc, answered=False)
    except OSError as exc:
        return Problem("broker.host", BROKER_UNREACHABLE, f"{host}:{port}: {exc.strerror or exc}")


def tls_problem(exc: ssl.SSLError, answered: bool = True) -> Problem:
    """The TLS check that failed, as a problem of the setting to look at."""
    failure = tls_failure_of(exc, answered) or TlsFailure.OTHER
    log.warning("broker test: TLS check failed: %s (%s)", failure.value, words_of(exc))
    return Problem(_TLS_KEYS.get(failure, "broker.tls_ca"), TLS_CODES[failure], words_of(exc))


def settings_from(values: dict[str, Any], base: Settings | None = None) -> tuple[Settings, list[Problem]]:
    """A copy of ``base`` with ``values`` (texts from the form are converted to the option's
    type); the problems of values that do not fit."""
    types = {o.key: o.type for o in OPTIONS}
    result = Settings(path=base.path if base else None)
    if base is not None:
        for option in OPTIONS:
            result.set(option.key, base[option.key])
    problems = []
    for key, value in values.items():
        kind = types.get(key)
        if kind is None:
            continue
        try:
            if kind is int and not isinstance(value, int):
                value = int(str(value).strip())
            elif kind is float and not isinstance(value, float):
                value = float(str(value).strip())
            elif kind is bool:
                value = bool(value)
            elif kind is str:
                value = str(value).strip() if not key.endswith("password") else str(value)
            result.set(key, value)
        except (TypeError, ValueError):
            problems.append(Problem(key, PORT_INVALID if key == "broker.port" else VALUE_INVALID, str(value)))
    return result, problems


def validate(values: dict[str, Any], base: Settings | None = None) -> tuple[Settings, list[Problem], CheckResult | None]:
    """Everything a save needs: the form's values as settings, their problems, and the database
    test (run only when the values themselves are fine)."""
    settings, problems = settings_from(values, base)
    merged = {o.key: settings[o.key] for o in OPTIONS}
    problems += [p for p in check_broker_values(merged) if p.key not in {q.key for q in problems}]
    problems += check_database_url(settings["database.url"])
    plant = settings["plant.file"]
    if plant and not _readable(plant):
        problems.append(Problem("plant.file", FILE_UNREADABLE, plant))
    if problems:
        return settings, problems, None
    database = test_database(settings["database.url"])
    return settings, list(database.problems), database


# -- the service the widgets talk to (GUI thread in, signals out) ------------------------------
class SetupService(QObject):
    """Runs the checks and the saves in the background (console.infrastructure.background);
    answers on the GUI thread.

    Only an administrator signed in at this desk (``operator()``, ``user_rules.may_configure``)
    may test connections or save: anyone else gets the answer at once, a ``NOT_PERMITTED``
    problem, and nothing is run or written."""

    broker_checked = Signal(object)  # CheckResult
    database_checked = Signal(object)  # CheckResult
    saved = Signal(object)  # Settings as saved
    save_refused = Signal(object)  # list[Problem]: nothing was written

    def __init__(self, background: Background, base: Settings, secrets: Any = None,
                 after_save: Callable[[Settings, dict], None] | None = None, parent: QObject | None = None, *,
                 operator: Callable[[], Operator | None]) -> None:
        """``operator()``: who is signed in at this desk now (``DutyDesk.operator``)."""
        super().__init__(parent)
        self._operator = operator
        self._background = background
        self.base = base
        self.secrets = secrets
        self._after_save = after_save  # (settings, form values): e.g. autostart; runs on the worker thread
        self.busy = False

    @staticmethod
    def check_broker_values(values: dict[str, Any]) -> list[Problem]:
        """Port, host and TLS files of the form (reads only the few small certificate files)."""
        return check_broker_values(values)

    @staticmethod
    def check_database_url(url: str) -> list[Problem]:
        return check_database_url(url)

    def refusal(self, request: str) -> Problem | None:
        """The problem when the one signed in may not configure this workstation (logged)."""
        operator = self._operator()
        if operator is not None and may_configure(operator.role):
            return None
        who = f"{operator.name} ({operator.role})" if operator is not None else "nobody signed in"
        log.warning("settings %s refused: %s may not configure this workstation", request, who)
        return Problem("", NOT_PERMITTED, operator.name if operator is not None else "")

    def check_broker(self, values: dict[str, Any]) -> None:
        refused = self.refusal("broker test")
        if refused is not None:
            self.broker_checked.emit(CheckResult((refused,)))
            return
        self._background.run(lambda _op: test_broker(values), self.broker_checked.emit,
                             lambda exc: self.broker_checked.emit(_unexpected(exc)), name="check-broker")

    def check_database(self, url: str) -> None:
        refused = self.refusal("database test")
        if refused is not None:
            self.database_checked.emit(CheckResult((refused,)))
            return
        self._background.run(lambda _op: test_database(url), self.database_checked.emit,
                             lambda exc: self.database_checked.emit(_unexpected(exc)), name="check-database")

    def save(self, values: dict[str, Any]) -> None:
        """Validate everything (values, TLS files, database); only then write the secrets and
        the settings file (atomically). ``saved`` or ``save_refused`` answers."""
        refused = self.refusal("save")
        if refused is not None:
            self.save_refused.emit([refused])
            return
        self.busy = True
        values = dict(values)
        self._background.run(lambda _op: self._save(values), lambda answer: self._finish_save(*answer), name="save-settings")

    def _save(self, values: dict[str, Any]) -> tuple[Settings | None, list[Problem]]:
        """(background) The settings as saved, or None and why not."""
        settings: Settings | None = None
        try:
            settings, problems, _db = validate(values, self.base)
            if not problems:
                settings.save(self.base.path, self.secrets)
                if self._after_save is not None:
                    self._after_save(settings, values)
        except Exception as exc:  # keyring refused, disk full, permission denied
            log.error("settings not saved: %s", exc)
            problems = [Problem("", SAVE_FAILED, redact_url(str(exc))[:300])]
        return (settings if not problems else None), problems

    def _finish_save(self, settings: Settings | None, problems: list[Problem]) -> None:
        self.busy = False
        if problems:
            log.warning("settings not saved: %s", "; ".join(f"{p.key} {p.code} {p.detail}" for p in problems))
            self.save_refused.emit(problems)
            return
        assert settings is not None  # saved when nothing was refused
        log.info("settings saved to %s", settings.path)
        self.base = settings
        self.saved.emit(settings)


def _unexpected(exc: BaseException) -> CheckResult:
    """A check that failed unexpectedly (logged by the background helper) answers with why."""
    return CheckResult((Problem("", SAVE_FAILED, f"{type(exc).__name__}: {redact_url(str(exc))[:200]}"),))
