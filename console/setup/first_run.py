"""What the first-run wizard does once the IT person presses Finish (widgets/setup/first_run_wizard.py).

In this order, on a worker thread, each step only after the one before succeeded:

1. every value validated and the database tested (console/connection_check.validate);
2. the duty log created or upgraded (a SQLite file copied first when it has an older schema), and
   the audit chain's key file made (mode 0600) unless there is one or the duty log is keyed
   already (console/infrastructure/audit_key_setup.py);
3. the first administrator added (audited as ``user.added`` by ``setup``), unless the name is
   already an administrator with that very password (a wizard run again after a failure); only
   into a duty log without accounts: where there are some, an administrator signed in adds users
   (the wizard is no way around that);
4. the points sheet, if one was chosen, imported into the plant file (refused as a whole on any
   problem; camera passwords go to the keyring);
5. the settings file written last, atomically, with its secrets in the keyring; then the
   autostart entry. A wizard that stops half-way leaves no settings file, so it comes again at
   the next start.
"""

from __future__ import annotations

import logging
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal

from console.setup.connection_check import Problem, SetupService, validate
from console.domain.redact import redact_url
from console.infrastructure.background import Background
from console.infrastructure.settings import Settings, data_dir
from console.domain.user_rules import ADMIN, check_display_name, check_name, check_password

if TYPE_CHECKING:  # loaded when the sheet is imported
    from sqlalchemy import Engine

    from console.domain.plant import PlantRegistry
    from console.services.pointsheet import ImportResult

log = logging.getLogger("console.setup.first_run")

ADMIN_PROBLEM_KEY = "admin"
POINTS_PROBLEM_KEY = "points"
ADMIN_EXISTS = "admin_exists"  # a user of that name exists with another password or role
ACCOUNTS_EXIST = "accounts_exist"  # the duty log has accounts: no first administrator to add
POINTS_REFUSED = "points_refused"
DATABASE_FAILED = "database_failed"


@dataclass(frozen=True)
class FirstRunPlan:
    values: dict[str, Any]  # settings from the wizard's pages (texts as typed)
    admin_name: str = ""  # empty: keep the accounts the duty log already has
    admin_display_name: str = ""
    admin_password: str = ""
    points_sheet: str = ""  # XLSX/CSV to import, or empty
    autostart: bool = False


def check_admin(name: str, display_name: str, password: str, repeated: str, required: bool) -> list[Problem]:
    """Plain checks of the administrator page (any thread)."""
    if not name and not password and not required:
        return []
    problems = []
    for code in (check_name(name), check_display_name(display_name)):
        if code:
            problems.append(Problem(ADMIN_PROBLEM_KEY, code, name))
    code = check_password(password, name)
    if code:
        problems.append(Problem(ADMIN_PROBLEM_KEY, code))
    elif password != repeated:
        problems.append(Problem(ADMIN_PROBLEM_KEY, "password_mismatch"))
    return problems


def default_plant_file() -> Path:
    return data_dir() / "plant.json"


class FirstRunService(SetupService):
    """The set-up before the console first runs: nobody can be signed in yet (the first
    administrator is made here), so the one running the wizard may test and save."""

    points_checked = Signal(object)  # (summary or "", problems as lines)
    finished = Signal(object)  # Settings, as saved
    finish_refused = Signal(object)  # list[Problem]

    def __init__(self, background: Background, base: Settings, secrets: Any = None,
                 after_save: Callable[[Settings, dict], None] | None = None, clock: Callable[[], float] = time.time) -> None:
        super().__init__(background, base, secrets, after_save, operator=lambda: None)
        self._clock = clock

    def refusal(self, request: str) -> Problem | None:
        return None  # run by whoever installs the workstation, before any account exists here

    @staticmethod
    def check_admin(name: str, display_name: str, password: str, repeated: str, required: bool) -> list[Problem]:
        return check_admin(name, display_name, password, repeated, required)

    def check_points(self, sheet: str, plant_file: str = "") -> None:
        """Read and check the sheet without writing anything; answers ``points_checked``."""
        self._background.run(lambda _op: self._check_points(sheet, plant_file), self.points_checked.emit,
                             lambda exc: self.points_checked.emit(("", [redact_url(str(exc))])), name="check-points")

    def _check_points(self, sheet: str, plant_file: str) -> tuple[str, list[str]]:
        """(background) The sheet's summary, or "" and its problems."""
        try:
            return self._import(sheet, plant_file).summary(), []
        except _SheetProblems as exc:
            return "", exc.lines

    def _import(self, sheet: str, plant_file: str) -> ImportResult:
        from console.domain.plant import PlantError, PlantRegistry
        from console.services.pointsheet import SheetError, import_sheet

        path = Path(plant_file) if plant_file else default_plant_file()
        try:
            base = PlantRegistry.load(path) if path.exists() else PlantRegistry()
            return import_sheet(sheet, base)
        except SheetError as exc:
            raise _SheetProblems([str(p) for p in exc.problems]) from exc
        except (PlantError, OSError, ValueError, KeyError, TypeError) as exc:
            raise _SheetProblems([redact_url(str(exc))]) from exc

    def finish(self, values: dict[str, Any], **parts: Any) -> None:
        """Set everything up (see the module's docstring); ``finished`` or ``finish_refused``
        answers. ``parts``: the other fields of FirstRunPlan."""
        plan = FirstRunPlan(dict(values), **parts)
        self.busy = True
        self._background.run(lambda _op: self._apply(plan), self._applied, self._not_applied, name="first-run")

    def _applied(self, answer: tuple[Settings, list[Problem]]) -> None:
        settings, problems = answer
        self._done(settings if not problems else None, problems)

    def _not_applied(self, exc: BaseException) -> None:
        """Set-up failed unexpectedly (logged by the background helper)."""
        self._done(None, [Problem("", "save_failed", redact_url(str(exc))[:300])])

    def _apply(self, plan: FirstRunPlan) -> tuple[Settings, list[Problem]]:
        settings, problems, database = validate(plan.values, self.base)
        required = bool(database is not None and database.info.get("users", 0) == 0)
        problems += check_admin(plan.admin_name, plan.admin_display_name, plan.admin_password, plan.admin_password, required)
        if problems:
            return settings, problems
        plant_file = Path(settings["plant.file"]) if settings["plant.file"] else default_plant_file()
        result = None
        if plan.points_sheet:
            try:
                result = self._import(plan.points_sheet, str(plant_file))
            except _SheetProblems as exc:
                return settings, [Problem(POINTS_PROBLEM_KEY, POINTS_REFUSED, line) for line in exc.lines]
        problems = self._prepare_database(settings, plan)
        if problems:
            return settings, problems
        if result is not None:
            self._write_plant(result.registry, plant_file)
            settings.set("plant.file", str(plant_file))
            log.info("points sheet %s imported into %s: %s", plan.points_sheet, plant_file, result.summary().replace("\n", "; "))
        settings.save(self.base.path, self.secrets)
        if self._after_save is not None:
            self._after_save(settings, {**plan.values, "autostart": plan.autostart})
        return settings, []

    def _prepare_database(self, settings: Settings, plan: FirstRunPlan) -> list[Problem]:
        from sqlalchemy import select
        from sqlalchemy.orm import Session

        from console.infrastructure.store.audit import AuditLog
        from console.infrastructure.store.dutylog import DutyLog
        from console.infrastructure.store.engine import make_engine
        from console.infrastructure.store.migrations import upgrade
        from console.infrastructure.store.schema import User
        from console.setup.upgrade_backup import backup_before_upgrade

        url = settings.database_url
        try:
            backup_before_upgrade(url)
            engine = make_engine(url)
        except Exception as exc:
            return [Problem("database.url", DATABASE_FAILED, redact_url(str(exc))[:300])]
        try:
            upgrade(engine)
            self._audit_key(settings, engine)
            if not plan.admin_name:
                return []
            with Session(engine) as session, session.begin():
                duty_log = DutyLog(session)
                existing = session.scalar(select(User).where(User.name == plan.admin_name))
                if existing is not None:
                    same = existing.role == ADMIN and duty_log.verify_user(plan.admin_name, plan.admin_password) is not None
                    return [] if same else [Problem(ADMIN_PROBLEM_KEY, ADMIN_EXISTS, plan.admin_name)]
                if duty_log.has_users():
                    log.warning("first-run wizard: administrator %s not added: the duty log has accounts already", plan.admin_name)
                    return [Problem(ADMIN_PROBLEM_KEY, ACCOUNTS_EXIST, plan.admin_name)]
                duty_log.add_user(plan.admin_name, plan.admin_password, plan.admin_display_name or plan.admin_name, ADMIN)
                AuditLog(session).append("user.added", plan.admin_name, "setup", settings.station or socket.gethostname(),
                                         {"display_name": plan.admin_display_name or plan.admin_name, "role": ADMIN,
                                          "by": "first-run wizard"}, self._clock())
            log.info("first administrator %s added to %s", plan.admin_name, redact_url(url))
            return []
        except Exception as exc:
            log.exception("duty log could not be prepared")
            return [Problem("database.url", DATABASE_FAILED, redact_url(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)[:300])]
        finally:
            engine.dispose()

    def _audit_key(self, settings: Settings, engine: Engine) -> None:
        """The audit chain's key: made here (0600) unless there is one or the duty log is keyed
        already with another (a shared log: the IT person copies that key; docs/audit.md). The
        administrator's entry below is then written with it."""
        from console.infrastructure import audit_key
        from console.infrastructure.audit_key_setup import KeySetupError, create_unless_keyed
        from console.infrastructure.store.audit_keying import bind_key

        path = audit_key.key_file_for(settings)
        try:
            if create_unless_keyed(path, settings.database_url):
                log.info("audit key made: %s", path)
            key = audit_key.load_key(settings)
        except (KeySetupError, audit_key.AuditKeyError, OSError) as exc:
            log.error("no audit key set up (%s): the audit chain is written unkeyed until one is (docs/audit.md)", exc)
            return
        bind_key(engine, key.secret if key is not None else None)

    def _write_plant(self, registry: PlantRegistry, path: Path) -> None:
        from console.infrastructure import secrets
        from console.services.pointsheet import write_plant_atomically

        write_plant_atomically(registry, path)
        secrets.scrub_plant_file(path, self.secrets)

    def _done(self, settings: Settings | None, problems: list[Problem]) -> None:
        self.busy = False
        if problems:
            log.warning("first-run set-up not finished: %s", "; ".join(f"{p.key} {p.code}" for p in problems))
            self.finish_refused.emit(problems)
            return
        assert settings is not None  # written when nothing was refused
        self.base = settings
        self.finished.emit(settings)


class _SheetProblems(Exception):
    def __init__(self, lines: list[str]) -> None:
        super().__init__("; ".join(lines))
        self.lines = lines
