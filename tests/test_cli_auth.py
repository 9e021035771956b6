"""The command line is no way around the role rules: every administrative command, run as a real
subprocess, is refused without a credential, with a wrong password and with a role that may not
(exit status 2, one line, each refusal in the audit chain with who, what and "cli on host …, uid
…"), and accepted with a credential that may — leaving the same audit entries as the window's
services do. The very first administrator needs no credential, and only then."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from console.domain.clock import SystemClock
from console.domain.plant import PlantRegistry
from console.infrastructure.background import Background
from console.infrastructure.mailbox import Dispatcher
from console.infrastructure.store import journal
from console.infrastructure.store.audit import AuditEntry, audit_table, verify
from console.infrastructure.store.dutylog import DutyLog, Operator
from console.infrastructure.store.engine import make_engine
from console.infrastructure.store.migrations import upgrade
from console.infrastructure.store.writer import DutyLogWriter
from console.services.plant_editor import PlantEditor
from console.services.pointsheet import template_path
from console.services.user_admin import UserAdmin

ROOT = Path(__file__).resolve().parents[1]
PASSWORDS = {"itadmin": "admin-pass-1", "wangmgr": "manager-pass-1", "lina": "leader-pass-1", "zhangwei": "operator-pass-1",
             "reports": "reports-pass-1"}
ROLES = {"itadmin": "admin", "wangmgr": "manager", "lina": "shift_leader", "zhangwei": "operator", "reports": "reporter"}
NEW_PASSWORD = "newbie-pass-1"


def duty(*args: str, stdin: str = "", env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    # The messages asserted are the English ones (a C locale would choose Chinese, docs/i18n).
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LANG="C.UTF-8", LC_MESSAGES="en_US.UTF-8", **(env_extra or {}))
    env.pop("LC_ALL", None)
    if "DUTY_CONSOLE_PASSWORD" not in (env_extra or {}):
        env.pop("DUTY_CONSOLE_PASSWORD", None)
    return subprocess.run([sys.executable, "-m", "console", *args], input=stdin, capture_output=True, text=True, timeout=120,
                          cwd=ROOT, env=env)


def make_log(path: Path, users: dict[str, str] = ROLES) -> str:
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    upgrade(engine)
    with Session(engine) as s, s.begin():
        for name, role in users.items():
            DutyLog(s).add_user(name, PASSWORDS[name], name, role)
    engine.dispose()
    return url


def audit_rows(url: str) -> list[dict[str, Any]]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            rows = [dict(r._mapping) for r in conn.execute(select(audit_table).order_by(audit_table.c.seq))]
            assert verify(conn).ok
    finally:
        engine.dispose()
    for row in rows:
        row["detail"] = json.loads(row["detail"])
    return rows


def one_clear_line(proc: subprocess.CompletedProcess, command: str) -> str:
    """The command's own line on stderr (the log's lines start with the date)."""
    assert "Traceback" not in proc.stderr, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if not line.startswith("20")]
    assert len(lines) == 1 and lines[0].startswith(f"{command}: "), proc.stderr
    return lines[0]


@pytest.fixture
def log_url(tmp_path):
    return make_log(tmp_path / "duty-log.sqlite")


# command: (arguments, who may, a role that may not, what the accepted request leaves in the chain)
def commands(tmp: Path) -> dict[str, tuple[list[str], str, str, str | None]]:
    return {
        "add-user": (["add-user", "newbie", "--display-name", "新人"], "itadmin", "wangmgr", "user.added"),
        "set-role": (["set-role", "zhangwei", "shift_leader"], "itadmin", "wangmgr", "user.role_changed"),
        "import-points": (["import-points", str(template_path()), "--plant", str(tmp / "plant.json")], "wangmgr", "lina",
                          "config.points_imported"),
        "report": (["report", "--from", "2026-03-01", "--to", "2026-03-02", "--out", str(tmp / "kpis.csv")], "lina", "zhangwei", None),
        "audit": (["audit", "verify"], "lina", "zhangwei", None),
    }


@pytest.mark.parametrize("command", ["add-user", "set-role", "import-points", "report", "audit"])
def test_each_administrative_command_needs_a_credential_that_may(command, log_url, tmp_path):
    args, allowed, too_low, accepted_action = commands(tmp_path)[command]
    args = [*args, "--database-url", log_url]
    sets_password = command == "add-user"
    seen = len(audit_rows(log_url))

    def new_rows() -> list[dict[str, Any]]:
        nonlocal seen
        rows = audit_rows(log_url)[seen:]
        seen += len(rows)
        return rows

    # 1. No credential (and no terminal to ask on): refused, on record as nobody's.
    nobody = duty(*args, "--password-stdin", stdin=f"{NEW_PASSWORD}\n" if sets_password else "")
    assert nobody.returncode == 2
    assert "needs your credential" in one_clear_line(nobody, command)
    (refused,) = new_rows()
    assert (refused["action"], refused["actor"]) == ("access.refused", "")
    assert refused["detail"]["role"] is None and refused["detail"]["via"].startswith("cli on host ")
    assert f"uid {os.getuid()}" in refused["detail"]["via"]

    # 2. A wrong password: refused, on record (the account's name, never the password).
    wrong = duty(*args, "--user", allowed, "--password-stdin", stdin=f"not-{PASSWORDS[allowed]}\n{NEW_PASSWORD}\n")
    assert wrong.returncode == 2 and "wrong user name or password" in one_clear_line(wrong, command)
    (failed,) = new_rows()
    assert (failed["action"], failed["actor"], failed["subject"]) == ("user.sign_in_failed", allowed, allowed)
    assert failed["detail"]["command"] == ("audit verify" if command == "audit" else command)
    assert failed["detail"]["via"].startswith("cli on host ") and "not-" not in json.dumps(failed, default=str)

    # 3. A role that may not: refused, on record with the role.
    low = duty(*args, "--user", too_low, "--password-stdin", stdin=f"{PASSWORDS[too_low]}\n{NEW_PASSWORD}\n")
    assert low.returncode == 2 and f"{too_low} ({ROLES[too_low]}) may not" in one_clear_line(low, command)
    (refused,) = new_rows()
    assert (refused["action"], refused["actor"], refused["detail"]["role"]) == ("access.refused", too_low, ROLES[too_low])
    assert refused["detail"]["via"].startswith("cli on host ")

    # 4. One who may: done; the entries the window's request leaves (and nothing for a read).
    done = duty(*args, "--user", allowed, "--password-stdin", stdin=f"{PASSWORDS[allowed]}\n{NEW_PASSWORD}\n")
    assert done.returncode == 0, done.stderr
    rows = new_rows()
    assert [r["action"] for r in rows] == ([accepted_action] if accepted_action else [])
    assert all(r["actor"] == allowed and r["detail"]["via"].startswith("cli on host ") for r in rows)
    if command == "add-user":
        engine = make_engine(log_url)
        with Session(engine) as s, s.begin():
            assert DutyLog(s).verify_user("newbie", NEW_PASSWORD) == Operator("newbie", "新人", "operator")
        engine.dispose()


def test_the_same_entries_as_the_window(tmp_path, qtbot):
    """add-user, set-role and import-points from the command line leave what the window's
    services leave (the same actions, subjects, actors and details; ``via`` besides)."""
    cli_url = make_log(tmp_path / "cli.sqlite")
    window_url = make_log(tmp_path / "window.sqlite")
    sheet = str(template_path())
    as_admin = ["--user", "itadmin", "--password-stdin"]
    for args, stdin in ((["add-user", "lina2", "--display-name", "李娜", "--role", "shift_leader"], f"admin-pass-1\n{NEW_PASSWORD}\n"),
                        (["set-role", "zhangwei", "manager"], "admin-pass-1\n"),
                        (["import-points", sheet, "--plant", str(tmp_path / "cli-plant.json")], "admin-pass-1\n")):
        proc = duty(*args, *as_admin, "--database-url", cli_url, stdin=stdin)
        assert proc.returncode == 0, proc.stderr

    # The window's services, as the administrator signed in at a desk.
    dispatcher = Dispatcher()
    writer = DutyLogWriter(make_engine(window_url), dispatcher.run_on_main, station="test-station")
    background = Background(dispatcher.run_on_main)
    admin = Operator("itadmin", "itadmin", "admin")
    try:
        users = UserAdmin(writer, lambda: admin, "test-station", SystemClock().now)
        with qtbot.waitSignal(users.changed, timeout=10_000):
            users.add_user("lina2", "李娜", "shift_leader", NEW_PASSWORD)
        with qtbot.waitSignal(users.changed, timeout=10_000):
            users.change_role("zhangwei", "manager")

        def audit(action: str, actor: str, detail: dict, subject: str = "") -> None:
            writer.submit(journal.audit(AuditEntry(action, subject, actor, "test-station", detail, SystemClock().now())))

        window_plant = tmp_path / "window-plant.json"
        editor = PlantEditor(PlantRegistry(), window_plant, background, lambda: None, audit, operator=lambda: admin)
        with qtbot.waitSignal(editor.imported, timeout=20_000):
            editor.import_file(sheet)
    finally:
        background.close()
        writer.close()

    def comparable(url: str) -> list[tuple]:
        out = []
        for r in audit_rows(url):
            detail = {k: v for k, v in r["detail"].items() if k not in ("via", "plant_file")}
            out.append((r["action"], r["subject"], r["actor"], detail))
        return out

    cli, window = comparable(cli_url), comparable(window_url)
    assert [a for a, *_ in cli] == ["user.added", "user.role_changed", "config.points_imported"]
    assert cli == window
    assert all(r["detail"]["via"].startswith("cli on host ") for r in audit_rows(cli_url))


def test_the_first_administrator_needs_no_credential_and_only_then(tmp_path):
    url = f"sqlite:///{tmp_path / 'new.sqlite'}"
    operator_first = duty("add-user", "zhangwei", "--password-stdin", "--database-url", url, stdin="operator-pass-1\n")
    assert operator_first.returncode == 2 and "needs your credential" in one_clear_line(operator_first, "add-user")
    first = duty("add-user", "itadmin", "--role", "admin", "--password-stdin", "--database-url", url, stdin="admin-pass-1\n")
    assert first.returncode == 0, first.stderr
    second = duty("add-user", "mallory", "--role", "admin", "--password-stdin", "--database-url", url, stdin="mallory-pass-1\n")
    assert second.returncode == 2 and "accounts already" in one_clear_line(second, "add-user")
    rows = audit_rows(url)
    assert [(r["action"], r["subject"], r["actor"]) for r in rows] == [
        ("access.refused", "zhangwei", ""), ("user.added", "itadmin", ""), ("access.refused", "mallory", "")]
    assert rows[1]["detail"]["by"] == "first administrator" and rows[2]["detail"]["reason"] == "accounts_exist"
    listed = duty("list-users", "--user", "itadmin", "--password-stdin", "--database-url", url, stdin="admin-pass-1\n")
    assert listed.returncode == 0 and [line.split("\t")[0] for line in listed.stdout.splitlines()] == ["itadmin"]


def test_scheduled_reports_read_the_password_from_a_file_only_its_owner_may_read(log_url, tmp_path):
    """A report-only account (role reporter: reviews, never takes a duty) with its password in a
    file only its owner may read, or in the environment."""
    secret = tmp_path / "report-password"
    secret.write_text(PASSWORDS["reports"] + "\n", encoding="utf-8")
    report = ["report", "--from", "2026-03-01", "--to", "2026-03-02", "--out", str(tmp_path / "day.csv"), "--database-url", log_url,
              "--user", "reports"]
    os.chmod(secret, 0o644)
    shared = duty(*report, "--password-file", str(secret))
    assert shared.returncode == 2 and "chmod 600" in one_clear_line(shared, "report")
    os.chmod(secret, 0o600)
    done = duty(*report, "--password-file", str(secret))
    assert done.returncode == 0, done.stderr
    from_env = duty(*report, env_extra={"DUTY_CONSOLE_PASSWORD": PASSWORDS["reports"]})
    assert from_env.returncode == 0, from_env.stderr
    # It may read, and nothing else: a points import is refused (and on record).
    plant = tmp_path / "plant.json"
    refused = duty("import-points", str(template_path()), "--plant", str(plant), "--database-url", log_url, "--user", "reports",
                   "--password-file", str(secret))
    assert refused.returncode == 2 and "reports (reporter) may not" in one_clear_line(refused, "import-points")
    assert not plant.exists() and audit_rows(log_url)[-1]["detail"]["role"] == "reporter"


def test_an_unknown_name_on_the_command_line_is_recorded_as_a_fingerprint(log_url):
    typed = "Secret-Typed-As-Name-9"
    proc = duty("set-role", "zhangwei", "admin", "--database-url", log_url, "--user", typed, "--password-stdin", stdin="x\n")
    assert proc.returncode == 2 and "wrong user name or password" in one_clear_line(proc, "set-role")
    (row,) = audit_rows(log_url)
    assert (row["action"], row["actor"], row["subject"]) == ("user.sign_in_failed", "", "")
    assert row["detail"]["unknown_name"] is True and len(row["detail"]["name_fingerprint"]) == 16
    assert typed not in json.dumps(row, default=str) and typed not in proc.stderr


def test_an_unreachable_duty_log_is_one_line_and_status_1(tmp_path):
    url = "postgresql+psycopg://duty:secret-pw@127.0.0.1:9/duty"  # port 9 (discard): refused at once
    proc = duty("add-user", "itadmin", "--role", "admin", "--password-stdin", "--database-url", url, stdin="admin-pass-1\n")
    assert proc.returncode == 1
    line = one_clear_line(proc, "add-user")
    assert "cannot be reached" in line and "secret-pw" not in proc.stderr
