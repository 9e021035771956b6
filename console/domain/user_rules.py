"""What a console account may be and do: roles, who may do what, the rules for names and
passwords, and the reasons a user-management request is refused. Plain Python, shared by the core
(the services enforce the permissions below, whoever calls them) and the window (which only hides
what the services would refuse, by asking the same functions)."""

from __future__ import annotations

from dataclasses import dataclass

ROLES = ("operator", "shift_leader", "manager", "admin", "reporter")
ADMIN = "admin"
REPORTER = "reporter"  # scheduled reports only: reviews from the command line, never signs in at a desk
DUTY_ROLES = ("operator", "shift_leader", "manager", "admin")
REVIEW_ROLES = ("shift_leader", "manager", "admin", "reporter")
POINTS_EDITOR_ROLES = ("admin", "manager")
MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 256
NAME_LIMIT = 64  # users.name and the audit chain's actor
DISPLAY_NAME_LIMIT = 128  # users.display_name

# Why a request was refused (``UserAdmin.refused``).
NOT_ADMIN = "not_admin"  # nobody, or no enabled administrator, is signed in at this desk
NAME_EMPTY = "name_empty"
NAME_INVALID = "name_invalid"  # spaces or control characters, or too long
NAME_TAKEN = "name_taken"
NO_SUCH_USER = "no_such_user"
BAD_ROLE = "bad_role"
DISPLAY_NAME_TOO_LONG = "display_name_too_long"
PASSWORD_TOO_SHORT = "password_too_short"
PASSWORD_TOO_LONG = "password_too_long"
PASSWORD_IS_NAME = "password_is_name"
LAST_ADMIN = "last_admin"  # would leave no enabled administrator
SELF_DISABLE = "self_disable"
SELF_ROLE = "self_role"
NOT_LOCKED = "not_locked"
UNCHANGED = "unchanged"
FAILED = "failed"  # the duty log could not be written (see the log file)


@dataclass(frozen=True)
class UserInfo:
    """One account as the administrator sees it; times in seconds since the epoch."""

    name: str
    display_name: str
    role: str
    disabled: bool
    locked_until: float | None  # None: not locked now
    failed_sign_ins: int
    last_sign_in: float | None  # None: never signed in (or before this was recorded)
    created_at: float | None


# -- who may do what (``role``: the signed-in account's role; None: nobody is signed in) ---------
def may_take_duty(role: str | None) -> bool:
    """Sign in at a desk, or take the duty over at a handover (console/services/duty.py,
    handover_desk.py): every role but the report-only account."""
    return role in DUTY_ROLES


def may_hand_over(role: str | None) -> bool:
    """Hand the duty over to the next operator (console/services/handover_desk.py): anyone on duty."""
    return role in DUTY_ROLES


def may_add_note(role: str | None) -> bool:
    """Write a note on an alarm, open or closed (console/services/notes.py): anyone signed in at a
    desk (every role that may sign in there; the report-only account never does)."""
    return role in DUTY_ROLES


def may_watch_video(role: str | None) -> bool:
    """See the cameras' live pictures on the video wall (console/services/video/wall.py): anyone
    signed in at a desk. With nobody signed in the wall says which camera each tile is for, not what
    it shows (unless the site's ``video.live_without_sign_in`` makes it a public wall); pre-alarm
    footage and alarm clips are recorded all the same: evidence does not wait for a viewer."""
    return role in DUTY_ROLES


def may_review(role: str | None) -> bool:
    """Read the alarm log, KPIs and reports (console/services/review/service.py; ``duty-console
    report`` and ``audit verify``); the reporter account only this."""
    return role in REVIEW_ROLES


def may_configure(role: str | None) -> bool:
    """Test connections and save this workstation's settings (console/setup/connection_check.py)."""
    return role == ADMIN


def may_manage_users(role: str | None) -> bool:
    """Add, change, disable and unlock accounts (console/services/user_admin.py)."""
    return role == ADMIN


def may_assign_areas(role: str | None) -> bool:
    """Assign areas of responsibility to workstations or roles (console/services/areas.py)."""
    return role == ADMIN


def may_edit_points(role: str | None) -> bool:
    """Import a points sheet into the plant registry (console/services/plant_editor.py)."""
    return role in POINTS_EDITOR_ROLES


# -- checks on plain values (GUI thread, before anything is queued) ---------------------------
def check_name(name: str) -> str | None:
    """The refusal for a user name, or None when it is acceptable."""
    if not name:
        return NAME_EMPTY
    if len(name) > NAME_LIMIT or any(c.isspace() or not c.isprintable() for c in name):
        return NAME_INVALID
    return None


def check_password(password: str, name: str) -> str | None:
    """The refusal for a new password, or None when it meets the policy."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return PASSWORD_TOO_SHORT
    if len(password) > MAX_PASSWORD_LENGTH:
        return PASSWORD_TOO_LONG
    if password.strip().casefold() == name.casefold():
        return PASSWORD_IS_NAME
    return None


def check_display_name(display_name: str) -> str | None:
    return DISPLAY_NAME_TOO_LONG if len(display_name) > DISPLAY_NAME_LIMIT else None


def check_role(role: str) -> str | None:
    return None if role in ROLES else BAD_ROLE
