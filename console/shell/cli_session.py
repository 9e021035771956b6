"""The command line as a workstation for one administrative request.

``duty-console add-user``, ``set-role``, ``import-points``, ``report``, ``audit verify`` and the
other administrative commands are requests like the window's: they need the credential of an
account whose role allows them (``--user NAME`` and its password: prompted, one line of standard
input with ``--password-stdin``, a file only its owner may read with ``--password-file``, or the
environment variable ``DUTY_CONSOLE_PASSWORD``), and they go through the same services as the
window (UserAdmin, PlantEditor, ReviewService), which check the role rules and write the same
audit entries. The password is checked in the duty log exactly as at the sign-in bar (a wrong
one counts towards the account's lock); a refusal is an audit entry (``user.sign_in_failed`` or
``access.refused``) that says from where: ``via`` = "cli on host H, uid U (user)".

``CliDesk`` is that workstation: a Qt core application (no window), the duty-log writer and the
dispatcher, and ``wait`` to run the event loop until an answer came. Every expected failure is a
``CliError``: one line and an exit status, never a traceback.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import socket
import stat
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, TextIO

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

from console.domain.redact import failed_name, redact_url
from console.infrastructure import i18n, secrets
from console.infrastructure.mailbox import Dispatcher
from console.infrastructure.settings import Settings
from console.infrastructure.store import journal
from console.infrastructure.store.audit import AuditEntry
from console.infrastructure.store.dutylog import Operator
from console.infrastructure.store.audit_keying import bind_key
from console.infrastructure.store.engine import describe, make_engine
from console.infrastructure.store.writer import DutyLogWriter

log = logging.getLogger("console.shell.cli_session")

EXIT_FAILED = 1  # the request could not be carried out (duty log unreachable, a bad file, …)
EXIT_REFUSED = 2  # refused (no or a wrong credential, a role that may not) or bad usage
PASSWORD_ENV = "DUTY_CONSOLE_PASSWORD"
WAIT_S = 120.0  # longest wait for one answer of the duty log


class CliError(Exception):
    """An expected failure: ``str()`` is the one line to print, ``status`` the exit status."""

    def __init__(self, message: str, status: int = EXIT_FAILED) -> None:
        super().__init__(message)
        self.status = status


def origin() -> str:
    """From where a command-line request comes, for the audit chain."""
    uid = os.getuid() if hasattr(os, "getuid") else None
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # a uid without a passwd entry (containers)
        user = "?"
    return f"cli on host {socket.gethostname()}" + (f", uid {uid}" if uid is not None else "") + f" ({user})"


def add_credential_arguments(parser: argparse.ArgumentParser, needed: str) -> None:
    group = parser.add_argument_group("credential", f"whose request this is: {needed}")
    group.add_argument("--user", metavar="NAME", help="your user name (the password is asked for, or see below)")
    group.add_argument("--password-stdin", action="store_true",
                       help="read passwords from standard input, one a line: first yours, then a new one the command sets")
    group.add_argument("--password-file", metavar="FILE",
                       help=f"read your password from this file (it must belong to you and be readable by you only, "
                            f"mode 0600; for scheduled reports); or set {PASSWORD_ENV}")


class Passwords:
    """The passwords a command reads: from standard input one a line (``--password-stdin``),
    else prompted on the terminal."""

    def __init__(self, from_stdin: bool, stdin: TextIO | None = None) -> None:
        self._from_stdin = from_stdin
        self._stdin = stdin

    def read(self, prompt: str) -> str:
        if self._from_stdin:
            line = (self._stdin or sys.stdin).readline()
            return line.rstrip("\r\n")
        if not sys.stdin.isatty():
            raise CliError(QCoreApplication.translate("CommandLine", "no password: give --password-stdin (and the password on standard input) or run it in a terminal"),
                           EXIT_REFUSED)
        try:
            return getpass.getpass(prompt)
        except (EOFError, KeyboardInterrupt):
            raise CliError(QCoreApplication.translate("CommandLine", "no password given"), EXIT_REFUSED) from None


@dataclass(frozen=True)
class Credential:
    name: str
    password: str


def read_credential(args: argparse.Namespace, passwords: Passwords) -> Credential | None:
    """The credential given (None: no --user). The password comes from --password-file, else
    $DUTY_CONSOLE_PASSWORD, else standard input (--password-stdin) or a prompt."""
    name = (getattr(args, "user", None) or "").strip()
    if not name:
        return None
    password_file = getattr(args, "password_file", None)
    if password_file:
        return Credential(name, read_password_file(Path(password_file)))
    if os.environ.get(PASSWORD_ENV):
        return Credential(name, os.environ[PASSWORD_ENV])
    return Credential(name, passwords.read(QCoreApplication.translate("CommandLine", "Password of %1: ").replace("%1", name)))


def read_password_file(path: Path) -> str:
    """The first line of a file that belongs to this user and that nobody else may read or write."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise CliError(QCoreApplication.translate("CommandLine", "the password file %1 is not a file").replace("%1", str(path)), EXIT_REFUSED)
        if hasattr(os, "getuid") and (info.st_uid != os.getuid() or info.st_mode & 0o077):
            raise CliError(QCoreApplication.translate("CommandLine", "the password file %1 must belong to you and be readable by you only (chmod 600)").replace("%1", str(path)),
                           EXIT_REFUSED)
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CliError(QCoreApplication.translate("CommandLine", "cannot read the password file: %1").replace("%1", exc.strerror or str(exc)), EXIT_REFUSED) from None
    return text.splitlines()[0] if text else ""


class CliDesk:
    """One administrative request from the command line: the duty log, its writer, an event loop."""

    def __init__(self, settings: Settings, command: str, migrate: bool = True, language: str = "") -> None:
        """``language``: of its messages (default: the settings')."""
        from sqlalchemy.exc import SQLAlchemyError

        from console.infrastructure.store.migrations import upgrade

        self.command = command
        self.station = settings.station
        self.via = origin()
        self.app = QCoreApplication.instance() or QCoreApplication(["duty-console"])
        self._translators = i18n.install(self.app, language or i18n.choose(settings["ui.language"]))
        self.dispatcher = Dispatcher()
        url = settings.database_url
        self.where = describe(url)
        try:
            engine = make_engine(url)
            if migrate:
                upgrade(engine)
        except (SQLAlchemyError, OSError, ValueError) as exc:
            raise CliError(QCoreApplication.translate("CommandLine", "the duty log %1 cannot be reached: %2").replace("%1", self.where).replace("%2", one_line(exc))) from None
        # Its entries are hashed with the workstation's audit key, like the window's (docs/audit.md).
        self.audit_key = _chain_key(settings)
        bind_key(engine, self.audit_key)
        self.writer = DutyLogWriter(engine, self.dispatcher.run_on_main, station=self.station)
        self._salt: bytes | None = None

    # -- waiting for answers -------------------------------------------------------------------
    def wait(self, done: Callable[[], bool], timeout_s: float = WAIT_S) -> None:
        """Run the event loop until ``done()`` (answers are delivered through it)."""
        loop = QEventLoop()
        poll = QTimer()
        poll.setInterval(20)
        poll.timeout.connect(lambda: loop.quit() if done() else None)
        give_up = QTimer()
        give_up.setSingleShot(True)
        give_up.timeout.connect(loop.quit)
        poll.start()
        give_up.start(int(timeout_s * 1000))
        try:
            if not done():
                loop.exec()
        finally:
            poll.stop()
            give_up.stop()
        if not done():
            raise CliError(QCoreApplication.translate("CommandLine", "the duty log %1 did not answer").replace("%1", self.where))

    def run(self, job: Callable[[Any], Any]) -> Any:
        """Run ``job(duty_log)`` on the writer and return its result (CliError when it failed)."""
        box: list[tuple[bool, Any]] = []
        self.writer.submit(job, lambda result: box.append((True, result)), lambda error: box.append((False, error)))
        self.wait(lambda: bool(box))
        ok, value = box[0]
        if not ok:
            raise CliError(QCoreApplication.translate("CommandLine", "the duty log %1 cannot be used: %2").replace("%1", self.where).replace("%2", one_line(value)))
        return value

    # -- the record ------------------------------------------------------------------------------
    def audit(self, action: str, actor: str, detail: dict[str, Any], subject: str = "") -> None:
        """An audit entry from this request, saying where it came from (written before ``close`` returns)."""
        import time

        self.writer.submit(journal.audit(AuditEntry(action, subject, actor, self.station, {**detail, "via": self.via}, time.time())))

    def sign_in(self, credential: Credential | None) -> Operator | None:
        """The account whose credential was given, checked in the duty log as at the sign-in bar
        (None: no credential). A wrong one is on record and refused (CliError, status 2)."""
        if credential is None:
            return None
        name, password = credential.name, credential.password
        operator, locked_until, known = self.run(lambda log_: (log_.verify_user(name, password), log_.locked_until(name),
                                                               log_.has_user(name)))
        if operator is not None:
            log.info("%s: %s (%s) signed in from the command line (%s)", self.command, operator.name, operator.role, self.via)
            return operator
        tried, detail = failed_name(name, known, self.name_salt())
        detail = {**detail, "command": self.command}
        if locked_until is not None:
            detail["locked"] = True
        self.audit("user.sign_in_failed", tried, detail, tried)
        log.warning("%s: sign-in refused for %s (%s)", self.command, repr(tried) if known else "an unknown name", self.via)
        if locked_until is not None:
            raise CliError(QCoreApplication.translate("CommandLine", "refused: the account is locked after too many wrong passwords; try again later"), EXIT_REFUSED)
        raise CliError(QCoreApplication.translate("CommandLine", "refused: wrong user name or password"), EXIT_REFUSED)

    def name_salt(self) -> bytes:
        if self._salt is None:
            try:
                self._salt = secrets.installation_salt()
            except secrets.SecretStoreError as exc:
                log.warning("no lasting salt for name fingerprints: %s", exc)
                self._salt = os.urandom(32)
        return self._salt

    def refused(self, operator: Operator | None, request: str, subject: str = "") -> CliError:
        """A request refused here for the role (the services refuse and record their own)."""
        from console.services.access import REFUSED, refusal

        actor, detail = refusal(operator, request)
        self.audit(REFUSED, actor, detail, subject)
        return not_permitted(operator)

    def close(self) -> None:
        """Everything submitted is written (audit entries included), then the duty log is closed."""
        self.writer.close()
        for translator in self._translators:
            self.app.removeTranslator(translator)


def not_permitted(operator: Operator | None) -> CliError:
    if operator is None:
        return CliError(QCoreApplication.translate("CommandLine", "refused: this command needs your credential (--user NAME and your password)"), EXIT_REFUSED)
    return CliError(QCoreApplication.translate("CommandLine", "refused: %1 (%2) may not do this").replace("%1", operator.name).replace("%2", operator.role), EXIT_REFUSED)


def one_line(error: BaseException | str) -> str:
    """An error as one line, without a password."""
    orig = getattr(error, "orig", None)
    text = str(orig if orig is not None else error).strip().splitlines()
    return redact_url(text[0] if text else type(error).__name__)[:300]


def _chain_key(settings: Settings) -> bytes | None:
    """The audit key this workstation writes with (None: unkeyed; a key that cannot be read is an error)."""
    from console.infrastructure import audit_key

    try:
        key = audit_key.load_key(settings)
    except audit_key.AuditKeyError as exc:
        raise CliError(QCoreApplication.translate("CommandLine", "the audit key cannot be used: %1").replace("%1", str(exc))) from None
    return key.secret if key is not None else None
