"""Managing the console's users from the application: only an administrator signed in at the desk.

An administrator lists the accounts, adds one, changes its role or display name, sets a new
password, disables or enables it (a disabled account cannot sign in: ``DutyLog.verify_user``
only accepts active ones) and unlocks one locked after too many wrong passwords.

Each change is one duty-log writer job: inside it the accounts are read and locked, the
acting administrator is checked again against the log (another workstation may have disabled
or demoted them meanwhile), the guards are applied (never disable or demote the last enabled
administrator; nobody disables or changes the role of themselves), the change is made and its
audit entries (``user.added``, ``user.role_changed``, …; never a password or its hash) are
appended to the hash chain — all committed together, or nothing. Passwords are hashed there,
on the writer thread, not on the GUI thread.

Refusals are reason codes (console/domain/user_rules.py) with the user name; the window words them.
A request refused because the one asking is no (enabled) administrator is also an audit entry
(``access.refused``, console/services/access.py), in the change's own transaction when the log
says so. The command line (console/shell/cli_users.py) makes the same requests, as the
administrator whose password it checked, with ``via`` naming it in every entry.

The very first administrator (``add_first_admin``) needs nobody: it is only added to a duty log
without any account, checked in the same transaction as it is added.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from functools import partial
from typing import Any, Callable

from PySide6.QtCore import QObject, Signal
from sqlalchemy.exc import IntegrityError

from console.domain.passwords import hash_password
from console.infrastructure.store import journal
from console.infrastructure.store.audit import AuditEntry, AuditLog, iso_utc
from console.infrastructure.store.dutylog import DutyLog, Operator
from console.infrastructure.store.schema import User, utc
from console.infrastructure.store.writer import DutyLogWriter
from console.services.access import REFUSED, refusal
from console.domain.user_rules import (
    ADMIN,
    FAILED,
    LAST_ADMIN,
    NAME_TAKEN,
    NO_SUCH_USER,
    NOT_ADMIN,
    NOT_LOCKED,
    SELF_DISABLE,
    SELF_ROLE,
    UNCHANGED,
    UserInfo,
    check_display_name,
    check_name,
    check_password,
    check_role,
    may_manage_users,
)

log = logging.getLogger("console.services.user_admin")


@dataclass(frozen=True)
class _Outcome:
    refusal: str | None
    actions: list[str]
    users: list[UserInfo]


def _info(user: User, now: dt.datetime) -> UserInfo:
    locked = user.locked_until if user.locked_until is not None and user.locked_until > now else None
    return UserInfo(
        name=user.name,
        display_name=user.display_name,
        role=user.role,
        disabled=not user.active,
        locked_until=locked.timestamp() if locked else None,
        failed_sign_ins=user.failed_sign_ins or 0,
        last_sign_in=user.last_sign_in_at.timestamp() if user.last_sign_in_at else None,
        created_at=user.created_at.timestamp() if user.created_at else None,
    )


def _is_last_enabled_admin(target: User, users: dict[str, User]) -> bool:
    if target.role != ADMIN or not target.active:
        return False
    return not any(u.role == ADMIN and u.active and u.name != target.name for u in users.values())


# A change: given the repository, every account (locked) and the acting administrator's name,
# either a refusal code or the audit entries to append as (action, detail).
ChangeResult = str | list[tuple[str, dict[str, Any]]]
Change = Callable[[DutyLog, dict[str, User], str], ChangeResult]


class UserAdmin(QObject):
    users_listed = Signal(list)  # list[UserInfo], by name: after a refresh and after every request
    changed = Signal(str, list)  # user name, audit actions done ("user.added", "user.role_changed", …)
    refused = Signal(str, str)  # reason code (console/domain/user_rules.py), user name ("" when none applies)

    def __init__(self, writer: DutyLogWriter, operator: Callable[[], Operator | None], station: str,
                 clock: Callable[[], float], parent: QObject | None = None, *, via: str = "") -> None:
        """``operator()``: who is signed in at this desk now (``DutyDesk.operator``). The writer
        queues what must precede these entries in the audit chain ahead of them. ``via``: where
        the requests come from when not this workstation's window (the command line), in every
        audit entry's detail."""
        super().__init__(parent)
        self._writer = writer
        self._operator = operator
        self._station = station
        self._clock = clock
        self._via = via

    # -- requests (GUI thread) ---------------------------------------------------------------
    def refresh(self) -> bool:
        """List the accounts (answer: ``users_listed``)."""
        if self._acting_admin("", "user.list") is None:
            return False
        now = self._clock()
        self._writer.submit(lambda log_: [_info(u, utc(now)) for u in log_.user_records()], self.users_listed.emit,
                            partial(self._failed, ""))
        return True

    def add_user(self, name: str, display_name: str, role: str, password: str) -> bool:
        name, display_name = name.strip(), display_name.strip() or name.strip()
        if self._acting_admin(name, "user.add") is None:  # who asks comes first: nobody else learns what the rules say
            return False
        problem = check_name(name) or check_display_name(display_name) or check_role(role) or check_password(password, name)
        if problem is not None:
            return self._refuse(problem, name)

        def change(log_: DutyLog, users: dict[str, User], _actor: str) -> ChangeResult:
            if name in users:
                return NAME_TAKEN
            log_.add_user(name, password, display_name, role)
            return [("user.added", {"display_name": display_name, "role": role})]

        return self._submit(name, change, "user.add")

    def add_first_admin(self, name: str, display_name: str, password: str) -> bool:
        """The very first administrator, by nobody: only into a duty log without any account
        (checked in the same transaction); anywhere else refused (``NOT_ADMIN``) and audited."""
        name, display_name = name.strip(), display_name.strip() or name.strip()
        problem = check_name(name) or check_display_name(display_name) or check_password(password, name)
        if problem is not None:
            return self._refuse(problem, name)
        at, station, via = self._clock(), self._station, self._via

        def job(log_: DutyLog) -> _Outcome:
            users = log_.user_records(for_update=True)
            if users:
                actor, refused_detail = refusal(None, "user.add_first_admin", via, "accounts_exist")
                AuditLog(log_.s).append(REFUSED, name, actor, station, refused_detail, at)
                return _Outcome(NOT_ADMIN, [], [])
            log_.add_user(name, password, display_name, ADMIN)
            log_.s.flush()
            detail: dict[str, Any] = {"display_name": display_name, "role": ADMIN, "by": "first administrator"}
            if via:
                detail["via"] = via
            AuditLog(log_.s).append("user.added", name, "", station, detail, at)
            return _Outcome(None, ["user.added"], [_info(u, utc(at)) for u in log_.user_records()])

        self._writer.submit(job, partial(self._done, name, ""), partial(self._failed, name))
        return True

    def update_user(self, name: str, display_name: str | None = None, role: str | None = None) -> bool:
        """Change the display name and/or the role (None: leave it); one request, one job."""
        display_name = None if display_name is None else (display_name.strip() or name)
        if self._acting_admin(name, "user.update") is None:
            return False
        problem = (None if display_name is None else check_display_name(display_name)) or (None if role is None else check_role(role))
        if problem is not None:
            return self._refuse(problem, name)

        def change(_log: DutyLog, users: dict[str, User], actor: str) -> ChangeResult:
            user = users.get(name)
            if user is None:
                return NO_SUCH_USER
            entries = []
            if role is not None and role != user.role:
                if _is_last_enabled_admin(user, users):
                    return LAST_ADMIN
                if name == actor:
                    return SELF_ROLE
                entries.append(("user.role_changed", {"from": user.role, "to": role}))
                user.role = role
            if display_name is not None and display_name != user.display_name:
                entries.append(("user.display_name_changed", {"from": user.display_name, "to": display_name}))
                user.display_name = display_name
            return entries or UNCHANGED

        return self._submit(name, change, "user.update")

    def change_role(self, name: str, role: str) -> bool:
        return self.update_user(name, role=role)

    def change_display_name(self, name: str, display_name: str) -> bool:
        return self.update_user(name, display_name=display_name)

    def reset_password(self, name: str, password: str) -> bool:
        """A new password; it also clears a lock (the audit entry says so), never recorded itself."""
        if self._acting_admin(name, "user.reset_password") is None:
            return False
        problem = check_password(password, name)
        if problem is not None:
            return self._refuse(problem, name)
        at = self._clock()

        def change(_log: DutyLog, users: dict[str, User], _actor: str) -> ChangeResult:
            user = users.get(name)
            if user is None:
                return NO_SUCH_USER
            was_locked = user.locked_until is not None and user.locked_until > utc(at)
            user.password_hash = hash_password(password)
            user.failed_sign_ins = 0
            user.locked_until = None
            return [("user.password_reset", {"unlocked": was_locked})]

        return self._submit(name, change, "user.reset_password")

    def set_disabled(self, name: str, disabled: bool) -> bool:
        def change(_log: DutyLog, users: dict[str, User], actor: str) -> ChangeResult:
            user = users.get(name)
            if user is None:
                return NO_SUCH_USER
            if disabled == (not user.active):
                return UNCHANGED
            if disabled:
                if _is_last_enabled_admin(user, users):
                    return LAST_ADMIN
                if name == actor:
                    return SELF_DISABLE
            user.active = 0 if disabled else 1
            return [("user.disabled" if disabled else "user.enabled", {"role": user.role})]

        return self._submit(name, change, "user.disable" if disabled else "user.enable")

    def disable(self, name: str) -> bool:
        return self.set_disabled(name, True)

    def enable(self, name: str) -> bool:
        return self.set_disabled(name, False)

    def unlock(self, name: str) -> bool:
        at = self._clock()

        def change(_log: DutyLog, users: dict[str, User], _actor: str) -> ChangeResult:
            user = users.get(name)
            if user is None:
                return NO_SUCH_USER
            locked = user.locked_until is not None and user.locked_until > utc(at)
            if not locked and not user.failed_sign_ins:
                return NOT_LOCKED
            detail = {"locked_until": iso_utc(user.locked_until) if locked and user.locked_until is not None else None, "failed_sign_ins": user.failed_sign_ins or 0}
            user.locked_until = None
            user.failed_sign_ins = 0
            return [("user.unlocked", detail)]

        return self._submit(name, change, "user.unlock")

    # -- the job -------------------------------------------------------------------------------
    def _acting_admin(self, name: str, request: str) -> str | None:
        operator = self._operator()
        if operator is None or not may_manage_users(operator.role):
            actor, detail = refusal(operator, request, self._via)
            self._writer.submit(journal.audit(AuditEntry(REFUSED, name, actor, self._station, detail, self._clock())))
            self.refused.emit(NOT_ADMIN, name)
            return None
        return operator.name

    def _refuse(self, code: str, name: str) -> bool:
        self.refused.emit(code, name)
        return False

    def _submit(self, name: str, change: Change, request: str) -> bool:
        actor = self._acting_admin(name, request)
        if actor is None:
            return False
        at, station, via = self._clock(), self._station, self._via

        def job(log_: DutyLog) -> _Outcome:
            users = {u.name: u for u in log_.user_records(for_update=True)}
            acting = users.get(actor)
            if acting is None or not acting.active or not may_manage_users(acting.role):
                # Disabled or demoted meanwhile (at another workstation): refused, and on record.
                who = Operator(actor, acting.display_name if acting else "", "no account" if acting is None
                               else acting.role if acting.active else "disabled")
                refused_by, detail = refusal(who, request, via)
                AuditLog(log_.s).append(REFUSED, name, refused_by, station, detail, at)
                result: str | list[tuple[str, dict[str, Any]]] = NOT_ADMIN
            else:
                result = change(log_, users, actor)
            if isinstance(result, str):
                return _Outcome(result, [], [_info(u, utc(at)) for u in users.values()])
            log_.s.flush()  # a name taken meanwhile fails here, before the chain is touched
            AuditLog(log_.s).append_many([AuditEntry(action, name, actor, station, {**detail, "via": via} if via else detail, at)
                                          for action, detail in result])
            return _Outcome(None, [action for action, _ in result], [_info(u, utc(at)) for u in log_.user_records()])

        self._writer.submit(job, partial(self._done, name, actor), partial(self._failed, name))
        return True

    def _done(self, name: str, actor: str, outcome: _Outcome) -> None:
        self.users_listed.emit(outcome.users)
        if outcome.refusal is not None:
            log.info("user management: %s refused for %s by %s", outcome.refusal, name, actor)
            self.refused.emit(outcome.refusal, name)
            return
        log.info("user management: %s by %s: %s", name, actor, ", ".join(outcome.actions))
        self.changed.emit(name, outcome.actions)

    def _failed(self, name: str, error: BaseException) -> None:
        if isinstance(error, IntegrityError):  # added at the same moment on another workstation
            self.refused.emit(NAME_TAKEN, name)
            return
        log.error("user management for %r failed: %s", name, error)
        self.refused.emit(FAILED, name)
