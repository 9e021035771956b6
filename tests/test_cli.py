"""The command line, run as real subprocesses: add-user, migrate, simulate --write-plant, and the demo."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from console.domain.plant import PlantRegistry


def duty(*args, input_text=None, env=None, timeout=60):
    return subprocess.run(
        [sys.executable, "-m", "console", *args], input=input_text, capture_output=True, text=True, timeout=timeout, env=env or os.environ.copy()
    )


def test_add_user_then_migrate(db_path):
    """The first administrator needs no credential (the duty log has no account yet); then an
    administrator's is needed."""
    url = f"sqlite:///{db_path}"
    proc = duty("add-user", "wangfang", "--display-name", "王芳", "--role", "admin", "--password-stdin", "--database-url", url,
                input_text="pa55-word\n")
    assert proc.returncode == 0, proc.stderr
    as_admin = ("--user", "wangfang", "--password-stdin", "--database-url", url)
    again = duty("add-user", "wangfang", *as_admin, input_text="pa55-word\nother-pass-1\n")
    assert again.returncode == 1 and "已存在" in again.stderr
    empty = duty("add-user", "nobody", *as_admin, input_text="pa55-word\n\n")
    assert empty.returncode == 2 and "不允许空密码" in empty.stderr
    migrate = duty("migrate", "--database-url", url)
    assert migrate.returncode == 0 and "up to date" in migrate.stdout

    from sqlalchemy.orm import Session

    from console.infrastructure.store.dutylog import DutyLog
    from console.infrastructure.store.engine import make_engine

    engine = make_engine(url)
    with Session(engine) as s, s.begin():
        assert DutyLog(s).verify_user("wangfang", "pa55-word").display_name == "王芳"
    engine.dispose()


def test_simulate_writes_the_demo_plant(tmp_path):
    out = tmp_path / "plant.json"
    proc = duty("simulate", "--write-plant", str(out))
    assert proc.returncode == 0, proc.stderr
    assert PlantRegistry.load(out).counts() == (20, 648, 127)


def test_unknown_arguments_are_refused():
    proc = duty("run", "--no-such-option")
    assert proc.returncode == 2 and "unrecognised arguments" in proc.stderr


@pytest.mark.slow
def test_demo_runs_end_to_end_and_exits_cleanly(tmp_path):
    """The real program as a user starts it: embedded broker, simulator, console; then a clean exit.

    The exit status also guards the PySide6 cross-thread crash, which an in-process test can miss."""
    env = {k: v for k, v in os.environ.items()}
    env.update(QT_QPA_PLATFORM="offscreen", LANG="zh_CN.UTF-8")
    shot = tmp_path / "demo.png"
    proc = duty("demo", "--quit-after", "15", "--screenshot", str(shot), env=env, timeout=90)
    assert proc.returncode == 0, proc.stderr[-3000:]
    log = proc.stderr
    assert "plant registry: 20 enterprises, 648 points, 127 cameras" in log
    assert "connected to mqtt://127.0.0.1:" in log
    assert "language zh_CN" in log
    assert "alarm raised" in log  # the simulator produced alarms within the run
    assert "duty log closed" in log
    assert shot.stat().st_size > 10_000

    from sqlalchemy.orm import Session

    from console.infrastructure.store.dutylog import DutyLog
    from console.infrastructure.store.engine import make_engine

    db = tmp_path / "profile" / "data" / "duty-console" / "demo" / "duty-log.sqlite"
    engine = make_engine(f"sqlite:///{db}")
    with Session(engine) as s:
        records = DutyLog(s).alarm_records()
    engine.dispose()
    assert records, "the demo's alarms were not recorded in its duty log"
    assert json.loads(json.dumps([r.point for r in records]))


def test_import_points_command_with_the_template(tmp_path):
    from console.services.pointsheet import template_path

    plant = tmp_path / "plant.json"
    url = f"sqlite:///{tmp_path / 'log.sqlite'}"
    assert duty("add-user", "itadmin", "--role", "admin", "--password-stdin", "--database-url", url, input_text="admin-pass-1\n").returncode == 0
    as_admin = ("--user", "itadmin", "--password-stdin", "--database-url", url)
    proc = duty("import-points", str(template_path()), "--plant", str(plant), *as_admin, input_text="admin-pass-1\n")
    assert proc.returncode == 0, proc.stderr
    enterprises, points, _cameras = PlantRegistry.load(plant).counts()
    assert enterprises >= 1 and points >= 2
    bad = tmp_path / "bad.csv"
    bad.write_text("企业编码,企业名称,位号,指标名称,类型,单位,量程下限,量程上限,高报,高高报\n"
                   "91350200MA2XYZ0001,示例,GT-1,甲烷,可燃气体,%LEL,0,100,60,50\n", encoding="utf-8")
    before = plant.read_bytes()
    proc = duty("import-points", str(bad), "--plant", str(plant), *as_admin, input_text="admin-pass-1\n")
    assert proc.returncode == 1 and "row 2, column 高报" in proc.stderr
    assert plant.read_bytes() == before


def test_audit_verify_command(db_path):
    url = f"sqlite:///{db_path}"
    assert duty("add-user", "itadmin", "--role", "admin", "--password-stdin", "--database-url", url, input_text="admin-pass-1\n").returncode == 0
    proc = duty("audit", "verify", "--database-url", url, "--user", "itadmin", "--password-stdin", input_text="admin-pass-1\n")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert duty("audit").returncode == 2


@pytest.mark.parametrize("args", [("run", "--broker", "mqtts://console:s3cret-pw@broker.example:8883"),
                                  ("--broker", "mqtt://console:s3cret-pw@127.0.0.1:1"),
                                  ("migrate", "--broker", "mqtts://console:s3cret-pw@broker.example")])
def test_a_password_in_the_broker_url_is_refused_with_where_to_put_it(args):
    """A command line is readable by every local user for as long as the program runs."""
    proc = duty(*args, timeout=30)
    assert proc.returncode == 2
    line = proc.stderr.strip()
    assert "\n" not in line, line  # one clear line
    assert "s3cret-pw" not in proc.stderr + proc.stdout
    for where in ("keyring", "DUTY_CONSOLE_BROKER_PASSWORD", "--ask-broker-password"):
        assert where in line, line


def test_the_broker_password_from_the_environment_or_a_prompt(monkeypatch):
    from console.shell import cli

    monkeypatch.setenv(cli.BROKER_PASSWORD_ENV, "from-env")
    args = cli.parser().parse_args(["run", "--broker", "mqtts://console@broker.example:8883"])
    settings = cli._settings(args)
    assert (settings["broker.username"], settings["broker.password"], settings["broker.port"]) == ("console", "from-env", 8883)
    monkeypatch.setattr(cli.getpass, "getpass", lambda prompt: "typed")
    monkeypatch.setattr(cli.logs, "setup", lambda *a: None)  # the test's own logging stays as it is
    handled = []
    monkeypatch.setattr(cli, "cmd_run", lambda a: handled.append(cli._settings(a)["broker.password"]) or 0)
    assert cli.main(["run", "--broker", "mqtt://console@127.0.0.1:1883", "--ask-broker-password"]) == 0
    assert handled == ["typed"]  # the prompt wins over the environment
