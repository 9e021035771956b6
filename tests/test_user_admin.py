"""User management by an administrator (console/services/user_admin.py, widgets/users_view.py).

The core against a real SQLite duty log through the real writer thread: add, change role and
name, new password (policy), disable/enable (a disabled account cannot sign in), unlock; only an
administrator signed in at the desk, checked again in the duty log; the last enabled
administrator is never disabled or demoted, nobody disables themselves; every change is in the
audit chain in the same transaction, never a password. Two workstations changing accounts at
once (SQLite and PostgreSQL) take turns. Through the real window: the Users tab only for an
administrator, a user added through the form signs in, a disabled one is refused."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from console.infrastructure.mailbox import Dispatcher
from console.infrastructure.store.audit import audit_table, verify
from console.infrastructure.store.dutylog import LOCK_S, MAX_FAILED_SIGN_INS, Operator
from console.infrastructure.store.engine import make_engine
from console.infrastructure.store.migrations import upgrade
from console.infrastructure.store.writer import DutyLogWriter
from console.domain import user_rules as ua
from console.services.user_admin import UserAdmin
from tests.helpers.console import RunningConsole

ROOT = Path(__file__).resolve().parents[1]
ADMIN = ("root", "root-pass-2024", "系统管理员", "admin")
OPERATOR = ("zhangwei", "pw-zhang-2024", "张伟", "operator")
NEW_PASSWORD = "lina-pass-2024"


class Desk:
    """A UserAdmin on its own writer, with whoever is 'signed in' at this desk, and its answers."""

    def __init__(self, qtbot, url: str, operator: Operator | None, station: str = "test-station") -> None:
        self.qtbot = qtbot
        self.engine = make_engine(url)
        upgrade(self.engine)
        self.dispatcher = Dispatcher()
        self.writer = DutyLogWriter(self.engine, self.dispatcher.run_on_main)
        self.operator = operator
        self.admin = UserAdmin(self.writer, lambda: self.operator, station, time.time)
        self.answers: list[tuple] = []
        self.users: list[ua.UserInfo] = []
        self.admin.changed.connect(lambda name, actions: self.answers.append(("changed", name, actions)))
        self.admin.refused.connect(lambda code, name: self.answers.append(("refused", code, name)))
        self.admin.users_listed.connect(self._listed)

    def _listed(self, users: list) -> None:
        self.users = users

    def ask(self, request, *args) -> tuple:
        """Make one request; its one answer (changed or refused)."""
        before = len(self.answers)
        request(*args)
        self.qtbot.waitUntil(lambda: len(self.answers) > before, timeout=10_000)
        assert len(self.answers) == before + 1, self.answers[before:]
        return self.answers[-1]

    def run_db(self, job):
        box: list = []
        self.writer.submit(job, box.append, box.append)
        self.qtbot.waitUntil(lambda: bool(box), timeout=10_000)
        if isinstance(box[0], BaseException):
            raise box[0]
        return box[0]

    def listed(self) -> dict[str, ua.UserInfo]:
        with self.qtbot.waitSignal(self.admin.users_listed, timeout=10_000):
            assert self.admin.refresh()
        return {u.name: u for u in self.users}

    def verify_user(self, name: str, password: str) -> Operator | None:
        return self.run_db(lambda log: log.verify_user(name, password))

    def audit(self) -> list[dict]:
        t = audit_table
        return self.run_db(lambda log: [dict(r._mapping) for r in log.s.execute(select(t).order_by(t.c.seq))])

    def close(self) -> None:
        self.writer.close()


@pytest.fixture
def desk(qtbot, db_path):
    d = Desk(qtbot, f"sqlite:///{db_path}", Operator(ADMIN[0], ADMIN[2], ADMIN[3]))
    for name, password, display, role in (ADMIN, OPERATOR):
        d.run_db(lambda log, n=name, p=password, s=display, r=role: log.add_user(n, p, s, r))
    yield d
    d.close()


def no_secret(rows: list[dict], *passwords: str) -> None:
    text = json.dumps(rows, default=str)
    assert "scrypt$" not in text
    for password in passwords:
        assert password not in text


# -- the core --------------------------------------------------------------------------------
def test_an_administrator_adds_a_user_who_can_then_sign_in(desk):
    assert desk.ask(desk.admin.add_user, " lina ", "李娜", "shift_leader", NEW_PASSWORD) == ("changed", "lina", ["user.added"])
    assert desk.verify_user("lina", NEW_PASSWORD) == Operator("lina", "李娜", "shift_leader")
    listed = desk.listed()
    assert sorted(listed) == ["lina", "root", "zhangwei"]
    lina = listed["lina"]
    assert (lina.display_name, lina.role, lina.disabled, lina.locked_until) == ("李娜", "shift_leader", False, None)
    assert lina.last_sign_in is not None and abs(lina.last_sign_in - time.time()) < 60  # verify_user recorded it
    assert listed["zhangwei"].last_sign_in is None  # never signed in
    stored = desk.run_db(lambda log: next(u.password_hash for u in log.user_records() if u.name == "lina"))
    assert stored.startswith("scrypt$") and NEW_PASSWORD not in stored

    (entry,) = desk.audit()
    assert (entry["action"], entry["subject"], entry["actor"], entry["station"]) == ("user.added", "lina", "root", "test-station")
    assert json.loads(entry["detail"]) == {"display_name": "李娜", "role": "shift_leader"}
    no_secret([entry], NEW_PASSWORD)


def test_bad_requests_are_refused_with_a_reason_and_change_nothing(desk):
    cases = [
        ((desk.admin.add_user, "lina", "李娜", "operator", "short7!"), ua.PASSWORD_TOO_SHORT),
        ((desk.admin.add_user, "lina", "李娜", "operator", "x" * (ua.MAX_PASSWORD_LENGTH + 1)), ua.PASSWORD_TOO_LONG),
        ((desk.admin.add_user, "lina.li.2024", "李娜", "operator", "Lina.Li.2024"), ua.PASSWORD_IS_NAME),
        ((desk.admin.add_user, "", "李娜", "operator", NEW_PASSWORD), ua.NAME_EMPTY),
        ((desk.admin.add_user, "li na", "李娜", "operator", NEW_PASSWORD), ua.NAME_INVALID),
        ((desk.admin.add_user, "x" * 65, "李娜", "operator", NEW_PASSWORD), ua.NAME_INVALID),
        ((desk.admin.add_user, "lina", "李" * 129, "operator", NEW_PASSWORD), ua.DISPLAY_NAME_TOO_LONG),
        ((desk.admin.add_user, "lina", "李娜", "supervisor", NEW_PASSWORD), ua.BAD_ROLE),
        ((desk.admin.add_user, "zhangwei", "张伟", "operator", NEW_PASSWORD), ua.NAME_TAKEN),
        ((desk.admin.change_role, "nobody", "manager"), ua.NO_SUCH_USER),
        ((desk.admin.change_role, "zhangwei", "operator"), ua.UNCHANGED),
        ((desk.admin.reset_password, "zhangwei", "1234567"), ua.PASSWORD_TOO_SHORT),
        ((desk.admin.enable, "zhangwei"), ua.UNCHANGED),
        ((desk.admin.unlock, "zhangwei"), ua.NOT_LOCKED),
    ]
    for (request, *args), code in cases:
        answer = desk.ask(request, *args)
        assert answer[:2] == ("refused", code), (args, answer)
    assert sorted(desk.listed()) == ["root", "zhangwei"]
    assert desk.audit() == []
    assert desk.verify_user("zhangwei", OPERATOR[1]) is not None  # password untouched


@pytest.mark.parametrize("on_desk", [None, Operator("zhangwei", "张伟", "operator"), Operator("wang", "王经理", "manager")])
def test_only_an_administrator_signed_in_at_the_desk_may(desk, on_desk):
    desk.operator = on_desk
    requests = [
        (desk.admin.add_user, "lina", "李娜", "admin", NEW_PASSWORD),
        (desk.admin.change_role, "zhangwei", "admin"),
        (desk.admin.change_display_name, "zhangwei", "张三"),
        (desk.admin.reset_password, "root", NEW_PASSWORD),
        (desk.admin.disable, "root"),
        (desk.admin.enable, "zhangwei"),
        (desk.admin.unlock, "root"),
    ]
    for request, *args in requests:
        assert desk.ask(request, *args)[:2] == ("refused", ua.NOT_ADMIN)
    assert not desk.admin.refresh()
    desk.operator = Operator(*ADMIN[:1], ADMIN[2], ADMIN[3])
    listed = desk.listed()
    assert sorted(listed) == ["root", "zhangwei"] and listed["zhangwei"].role == "operator"
    assert desk.verify_user("root", ADMIN[1]) is not None
    # Each refusal is on record: who asked (nobody: ""), what, with their role; nothing else is.
    rows = desk.audit()
    assert [(r["action"], r["actor"], r["subject"], json.loads(r["detail"])) for r in rows] == [
        ("access.refused", on_desk.name if on_desk else "", subject, {"request": request, "role": on_desk.role if on_desk else None})
        for request, subject in (("user.add", "lina"), ("user.update", "zhangwei"), ("user.update", "zhangwei"),
                                 ("user.reset_password", "root"), ("user.disable", "root"), ("user.enable", "zhangwei"),
                                 ("user.unlock", "root"), ("user.list", ""))]
    no_secret(rows, NEW_PASSWORD)


def test_role_and_name_change_together_in_one_job(desk):
    answer = desk.ask(desk.admin.update_user, "zhangwei", "张伟（班长）", "shift_leader")
    assert answer == ("changed", "zhangwei", ["user.role_changed", "user.display_name_changed"])
    assert desk.verify_user("zhangwei", OPERATOR[1]) == Operator("zhangwei", "张伟（班长）", "shift_leader")
    rows = desk.audit()
    assert [(r["action"], json.loads(r["detail"])) for r in rows] == [
        ("user.role_changed", {"from": "operator", "to": "shift_leader"}),
        ("user.display_name_changed", {"from": "张伟", "to": "张伟（班长）"}),
    ]
    assert rows[0]["at"] == rows[1]["at"]
    assert desk.ask(desk.admin.update_user, "zhangwei", "张伟（班长）", "shift_leader")[:2] == ("refused", ua.UNCHANGED)


def test_a_new_password_replaces_the_old_and_opens_a_locked_account(desk):
    for _ in range(MAX_FAILED_SIGN_INS):
        assert desk.verify_user("zhangwei", "wrong-password") is None
    locked = desk.listed()["zhangwei"]
    assert locked.locked_until is not None and locked.locked_until - time.time() > LOCK_S - 60

    assert desk.ask(desk.admin.reset_password, "zhangwei", "new-pass-2024") == ("changed", "zhangwei", ["user.password_reset"])
    assert desk.verify_user("zhangwei", OPERATOR[1]) is None
    assert desk.verify_user("zhangwei", "new-pass-2024") == Operator("zhangwei", "张伟", "operator")
    (entry,) = desk.audit()
    assert (entry["action"], entry["subject"], entry["actor"]) == ("user.password_reset", "zhangwei", "root")
    assert json.loads(entry["detail"]) == {"unlocked": True}
    no_secret([entry], "new-pass-2024", OPERATOR[1])


def test_unlock_a_locked_account(desk):
    for _ in range(MAX_FAILED_SIGN_INS):
        desk.verify_user("zhangwei", "wrong-password")
    assert desk.verify_user("zhangwei", OPERATOR[1]) is None  # locked: even the right password
    assert desk.ask(desk.admin.unlock, "zhangwei") == ("changed", "zhangwei", ["user.unlocked"])
    assert desk.listed()["zhangwei"].locked_until is None
    assert desk.verify_user("zhangwei", OPERATOR[1]) is not None
    (entry,) = desk.audit()
    detail = json.loads(entry["detail"])
    assert entry["action"] == "user.unlocked" and detail["locked_until"].endswith("Z") and detail["failed_sign_ins"] == 0


def test_a_disabled_account_cannot_sign_in_until_enabled(desk):
    assert desk.ask(desk.admin.disable, "zhangwei") == ("changed", "zhangwei", ["user.disabled"])
    assert desk.listed()["zhangwei"].disabled
    for _ in range(MAX_FAILED_SIGN_INS + 1):  # the right password, again and again: refused, and no lock
        assert desk.verify_user("zhangwei", OPERATOR[1]) is None
    assert desk.ask(desk.admin.disable, "zhangwei")[:2] == ("refused", ua.UNCHANGED)
    assert desk.ask(desk.admin.enable, "zhangwei") == ("changed", "zhangwei", ["user.enabled"])
    assert desk.verify_user("zhangwei", OPERATOR[1]) == Operator("zhangwei", "张伟", "operator")
    assert [r["action"] for r in desk.audit()] == ["user.disabled", "user.enabled"]


def test_the_last_enabled_administrator_stays_and_nobody_disables_themselves(desk):
    assert desk.ask(desk.admin.disable, "root") == ("refused", ua.LAST_ADMIN, "root")
    assert desk.ask(desk.admin.change_role, "root", "manager") == ("refused", ua.LAST_ADMIN, "root")

    assert desk.ask(desk.admin.add_user, "admin2", "第二管理员", "admin", "second-admin-pw")[0] == "changed"
    assert desk.ask(desk.admin.disable, "root") == ("refused", ua.SELF_DISABLE, "root")
    assert desk.ask(desk.admin.change_role, "root", "operator") == ("refused", ua.SELF_ROLE, "root")

    # The other administrator may be demoted or disabled: root stays.
    assert desk.ask(desk.admin.disable, "admin2")[0] == "changed"
    assert desk.ask(desk.admin.change_role, "admin2", "manager")[0] == "changed"
    listed = desk.listed()
    assert (listed["admin2"].role, listed["admin2"].disabled) == ("manager", True)
    assert (listed["root"].role, listed["root"].disabled) == ("admin", False)
    # A disabled administrator does not count: root is the last enabled one again.
    assert desk.ask(desk.admin.change_role, "admin2", "admin")[0] == "changed"
    assert desk.ask(desk.admin.change_role, "root", "operator") == ("refused", ua.LAST_ADMIN, "root")
    assert desk.ask(desk.admin.enable, "admin2")[0] == "changed"
    assert [r["action"] for r in desk.audit()] == ["user.added", "user.disabled", "user.role_changed", "user.role_changed", "user.enabled"]
    assert desk.run_db(lambda log: verify(log.s)).ok


def test_the_administrator_is_checked_again_in_the_duty_log(desk, qtbot, db_path):
    """Signed in as administrator, then disabled from another workstation: refused from then on."""
    assert desk.ask(desk.admin.add_user, "admin2", "第二管理员", "admin", "second-admin-pw")[0] == "changed"
    other = Desk(qtbot, f"sqlite:///{db_path}", Operator("admin2", "第二管理员", "admin"), station="other-station")
    try:
        assert other.ask(other.admin.disable, "root") == ("changed", "root", ["user.disabled"])
    finally:
        other.close()
    assert desk.ask(desk.admin.reset_password, "zhangwei", "new-pass-2024") == ("refused", ua.NOT_ADMIN, "zhangwei")
    assert desk.verify_user("zhangwei", OPERATOR[1]) is not None
    assert [(r["action"], r["actor"], r["station"]) for r in desk.audit()] == [
        ("user.added", "root", "test-station"),
        ("user.disabled", "admin2", "other-station"),
        ("access.refused", "root", "test-station"),  # checked in the log, refused, on record in that transaction
    ]
    assert json.loads(desk.audit()[-1]["detail"]) == {"request": "user.reset_password", "role": "disabled"}


def test_a_change_and_its_audit_entry_commit_together(desk):
    """With the audit chain unwritable the account is not added either; the desk is told."""
    desk.run_db(lambda log: log.s.connection().exec_driver_sql("ALTER TABLE audit_log RENAME TO audit_log_away"))
    assert desk.ask(desk.admin.add_user, "lina", "李娜", "operator", NEW_PASSWORD) == ("refused", ua.FAILED, "lina")
    desk.run_db(lambda log: log.s.connection().exec_driver_sql("ALTER TABLE audit_log_away RENAME TO audit_log"))
    assert sorted(desk.listed()) == ["root", "zhangwei"]
    assert desk.verify_user("lina", NEW_PASSWORD) is None


def _race(qtbot, url: str) -> None:
    """Two administrators on two workstations disable each other at the same moment."""
    first = Desk(qtbot, url, Operator(ADMIN[0], ADMIN[2], "admin"), station="ws-1")
    second = Desk(qtbot, url, Operator("admin2", "第二管理员", "admin"), station="ws-2")
    try:
        for name, password, display, role in (ADMIN, ("admin2", "second-admin-pw", "第二管理员", "admin")):
            first.run_db(lambda log, n=name, p=password, s=display, r=role: log.add_user(n, p, s, r))
        first.admin.disable("admin2")
        second.admin.disable("root")
        qtbot.waitUntil(lambda: bool(first.answers and second.answers), timeout=20_000)
        answers = sorted([first.answers[0][:2], second.answers[0][:2]])
        assert answers == [("changed", "admin2"), ("refused", ua.NOT_ADMIN)] or answers == [("changed", "root"), ("refused", ua.NOT_ADMIN)]
        listed = first.listed()
        enabled_admins = [u.name for u in listed.values() if u.role == "admin" and not u.disabled]
        assert len(enabled_admins) == 1
        assert [r["action"] for r in first.audit()] == ["user.disabled", "access.refused"]
        assert first.run_db(lambda log: verify(log.s)).ok
    finally:
        first.close()
        second.close()


def test_two_workstations_disabling_each_others_administrator_leave_one_sqlite(qtbot, db_path):
    _race(qtbot, f"sqlite:///{db_path}")


def test_two_workstations_disabling_each_others_administrator_leave_one_postgres(qtbot, pg_url):
    _race(qtbot, pg_url)


def test_an_administrator_added_on_the_command_line_manages_users(desk, db_path):
    """An administrator (root) adds one on the command line, with their own password first."""
    proc = subprocess.run(
        [sys.executable, "-m", "console", "add-user", "chief", "--display-name", "值班主任", "--role", "admin",
         "--user", ADMIN[0], "--password-stdin", "--database-url", f"sqlite:///{db_path}"],
        input=f"{ADMIN[1]}\nchief-pass-2024\n", capture_output=True, text=True, timeout=60, cwd=ROOT, env=os.environ.copy(),
    )
    assert proc.returncode == 0, proc.stderr
    assert desk.verify_user("chief", "chief-pass-2024") == Operator("chief", "值班主任", "admin")
    desk.operator = Operator("chief", "值班主任", "admin")
    assert desk.ask(desk.admin.change_role, "zhangwei", "manager") == ("changed", "zhangwei", ["user.role_changed"])
    assert [(r["action"], r["actor"]) for r in desk.audit()] == [("user.added", "root"), ("user.role_changed", "chief")]
    no_secret(desk.audit(), ADMIN[1], "chief-pass-2024")


# -- through the real window ------------------------------------------------------------------
def users_tab_shown(window) -> bool:
    return window.panel_offered("users")


def test_users_tab_end_to_end(qtbot, make_settings):
    console = RunningConsole(qtbot, make_settings(), users=(OPERATOR, ADMIN), connect=False)
    try:
        window, core = console.window, console.core
        view = window.users
        assert not users_tab_shown(window)

        # An operator does not see the tab.
        console.sign_in(*OPERATOR[:2])
        assert not users_tab_shown(window)
        with qtbot.waitSignal(core.desk.operator_changed, timeout=10_000):
            window.sign_in.sign_out_button.click()

        # The administrator does, with every account listed.
        console.sign_in(*ADMIN[:2])
        assert users_tab_shown(window)
        assert window.show_panel("users")
        qtbot.waitUntil(lambda: view.table.rowCount() == 2, timeout=10_000)
        assert window.panel("users").windowTitle() == "Users"
        assert [view.table.item(r, 0).text() for r in range(2)] == ["root", "zhangwei"]
        assert view.table.item(0, 2).text() == "Administrator"
        assert "Never" not in (view.table.item(0, 4).text(), view.table.item(1, 4).text())  # both signed in here

        # Add a user through the form: a short password first, then two that differ, then right.
        qtbot.mouseClick(view.new_button, Qt.MouseButton.LeftButton)
        qtbot.keyClicks(view.name, "lina")
        view.display_name.setText("李娜")  # (QTest cannot type CJK key clicks)
        view.role.setCurrentIndex(view.role.findData("shift_leader"))
        for first, second in (("short", "short"), (NEW_PASSWORD, NEW_PASSWORD + "x")):
            view.password.setText(first)
            view.password_again.setText(second)
            qtbot.mouseClick(view.add_button, Qt.MouseButton.LeftButton)
            expected = "at least 8 characters" if first == "short" else "passwords differ"
            qtbot.waitUntil(lambda e=expected: e in view.message.text(), timeout=5_000)
        view.password.setText(NEW_PASSWORD)
        view.password_again.setText(NEW_PASSWORD)
        qtbot.mouseClick(view.add_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: view.message.text() == "User lina added.", timeout=10_000)
        assert view.table.rowCount() == 3 and view.title.text() == "User lina"  # selected for editing
        assert view.password.text() == "" and view.name.isReadOnly()
        assert [view.table.item(0, c).text() for c in range(5)] == ["lina", "李娜", "Shift leader", "Enabled", "Never"]

        # Make her a manager.
        view.role.setCurrentIndex(view.role.findData("manager"))
        qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: view.message.text() == "Role of lina changed.", timeout=10_000)
        assert view.table.item(0, 2).text() == "Manager"

        # The last administrator cannot disable themselves.
        view.select("root")
        qtbot.mouseClick(view.disable_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "last enabled administrator" in view.message.text(), timeout=10_000)

        # Signing out hides the tab and forgets the list.
        with qtbot.waitSignal(core.desk.operator_changed, timeout=10_000):
            window.sign_in.sign_out_button.click()
        assert not users_tab_shown(window) and view.table.rowCount() == 0
        assert not window.show_panel("users")

        # The new user signs in with her password and role; she does not see the tab.
        console.sign_in("lina", NEW_PASSWORD)
        assert core.desk.operator.display_name == "李娜" and core.desk.operator.role == "manager"
        assert not users_tab_shown(window)
        with qtbot.waitSignal(core.desk.operator_changed, timeout=10_000):
            window.sign_in.sign_out_button.click()

        # The administrator disables her; she is refused at the sign-in bar.
        console.sign_in(*ADMIN[:2])
        assert window.show_panel("users")
        qtbot.waitUntil(lambda: view.table.rowCount() == 3, timeout=10_000)
        view.select("lina")
        assert view.disable_button.text() == "Disable"
        qtbot.mouseClick(view.disable_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: view.message.text().startswith("lina disabled"), timeout=10_000)
        assert view.disable_button.text() == "Enable" and view.table.item(0, 3).text() == "Disabled"
        with qtbot.waitSignal(core.desk.operator_changed, timeout=10_000):
            window.sign_in.sign_out_button.click()
        window.sign_in.user.setText("lina")
        window.sign_in.password.setText(NEW_PASSWORD)
        with qtbot.waitSignal(core.desk.sign_in_failed, timeout=10_000):
            window.sign_in.sign_in_button.click()
        assert core.desk.operator is None and window.sign_in.message.text() == "Wrong user name or password."

        # The audit chain holds every change, by root, about lina; it verifies; no password in it.
        t = audit_table
        rows = console.run_db(lambda log: [dict(r._mapping) for r in log.s.execute(select(t).order_by(t.c.seq))])
        assert [(r["action"], r["subject"], r["actor"]) for r in rows if r["action"] in {
            "user.added", "user.role_changed", "user.disabled", "user.enabled"}] == [
            ("user.added", "lina", "root"),
            ("user.role_changed", "lina", "root"),
            ("user.disabled", "lina", "root"),
        ]
        assert [r["subject"] for r in rows if r["action"] == "user.sign_in"] == ["zhangwei", "root", "lina", "root"]
        no_secret(rows, NEW_PASSWORD, ADMIN[1])
        assert console.run_db(lambda log: verify(log.s)).ok
        assert console.run_db(lambda log: log.verify_user("lina", NEW_PASSWORD)) is None
    finally:
        console.close()
