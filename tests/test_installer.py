"""What the installed program relies on, checked fast (the .deb itself is built, installed,
upgraded and removed by packaging/test-deb.sh): secrets outside the settings file (system keyring,
else a user-only file), camera passwords out of the plant file, start at log-in, one console per
settings file, clear messages without a display or libvlc, and an upgrade that keeps every record."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from console.setup import autostart

from console.infrastructure import secrets, system_check
from console.infrastructure.settings import Settings, data_dir
from console.infrastructure.single_instance import SingleInstance, wake_running
from console.infrastructure.store.migrations import LATEST
from tests.helpers import old_duty_log

ROOT = Path(__file__).resolve().parents[1]
ENT = "91350200MA2XYZ0001"


def _env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(extra)
    return env


# -- secrets ----------------------------------------------------------------------------------
def test_without_a_keyring_passwords_go_to_a_user_only_file(tmp_path):
    path = tmp_path / "settings.toml"
    settings = Settings({"broker.password": "mqtt-secret", "database.url": "postgresql+psycopg://duty:db%40secret@db/dutylog",
                         "history.url": "postgresql+psycopg://duty:hist-secret@db/readings"}, path=path)
    settings.save()
    text = path.read_text(encoding="utf-8")
    assert "mqtt-secret" not in text and "db%40secret" not in text and "hist-secret" not in text
    assert 'url = "postgresql+psycopg://duty@db/dutylog"' in text and 'password = ""' in text
    store_file = tmp_path / "secrets.json"
    assert stat.S_IMODE(store_file.stat().st_mode) == 0o600
    assert json.loads(store_file.read_text(encoding="utf-8")) == {
        "broker.password": "mqtt-secret", "database.password": "db@secret", "history.password": "hist-secret"}
    loaded = Settings.load(path)
    assert loaded["broker.password"] == "mqtt-secret"
    assert loaded["database.url"] == "postgresql+psycopg://duty:db%40secret@db/dutylog"
    assert loaded["history.url"] == "postgresql+psycopg://duty:hist-secret@db/readings"

    # A password cleared in the form is deleted from the store.
    loaded.set("broker.password", "")
    loaded.save()
    assert "broker.password" not in json.loads(store_file.read_text(encoding="utf-8"))


def test_a_password_written_into_the_settings_file_by_hand_is_moved_out(tmp_path, caplog):
    path = tmp_path / "settings.toml"
    path.write_text('[broker]\nhost = "alarms.example"\npassword = "typed-by-hand"\n'
                    '[database]\nurl = "postgresql+psycopg://duty:pw-by-hand@db/dutylog"\n', encoding="utf-8")
    loaded = Settings.load(path)
    assert loaded["broker.password"] == "typed-by-hand" and loaded["broker.host"] == "alarms.example"
    assert loaded["database.url"] == "postgresql+psycopg://duty:pw-by-hand@db/dutylog"
    text = path.read_text(encoding="utf-8")
    assert "typed-by-hand" not in text and "pw-by-hand" not in text and 'host = "alarms.example"' in text
    assert "held password(s)" in caplog.text and "typed-by-hand" not in caplog.text
    assert Settings.load(path)["broker.password"] == "typed-by-hand"


def test_passwords_go_to_the_system_keyring_where_there_is_one(tmp_path):
    """A real Secret Service (GNOME Keyring on a private D-Bus session, as on a desktop)."""
    assert shutil.which("gnome-keyring-daemon") and shutil.which("dbus-run-session"), \
        "gnome-keyring and dbus are installed by packaging/system-deps.sh --test"
    script = textwrap.dedent(f"""
        import json, os
        from pathlib import Path
        import keyring
        from console.infrastructure import secrets
        from console.infrastructure.settings import Settings
        path = Path({str(tmp_path / "settings.toml")!r})
        Settings({{"broker.password": "kr-secret", "database.url": "postgresql+psycopg://duty:kr-db@db/log"}}, path=path).save()
        store = secrets.default_store(path.parent)
        print(json.dumps({{
            "kind": store.kind,
            "backend": type(keyring.get_keyring()).__module__,
            "in_keyring": [keyring.get_password("duty-console", "broker.password"), keyring.get_password("duty-console", "database.password")],
            "file": path.read_text(encoding="utf-8"),
            "fallback_file": (path.parent / "secrets.json").exists(),
            "loaded": [Settings.load(path)["broker.password"], Settings.load(path)["database.url"]],
        }}))
    """)
    shell = ('printf duty-console-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; '
             f'exec {sys.executable} -c "$0"')
    env = {k: v for k, v in os.environ.items() if k not in ("DUTY_CONSOLE_SECRETS", "DBUS_SESSION_BUS_ADDRESS")}
    env["HOME"] = str(tmp_path / "home")
    (tmp_path / "home").mkdir()
    proc = subprocess.run(["dbus-run-session", "--", "sh", "-c", shell, script], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["kind"] == "keyring" and result["backend"] == "keyring.backends.SecretService"
    assert result["in_keyring"] == ["kr-secret", "kr-db"]
    assert "kr-secret" not in result["file"] and "kr-db" not in result["file"] and not result["fallback_file"]
    assert result["loaded"] == ["kr-secret", "postgresql+psycopg://duty:kr-db@db/log"]


def test_camera_passwords_leave_the_plant_file(tmp_path):
    plant = tmp_path / "plant.json"
    plant.write_text(json.dumps({"enterprises": [{"code": ENT, "name": "厦门示例化工有限公司", "points": [], "cameras": [
        {"code": "CAM-1", "name": "罐区", "url": "rtsp://admin:cam%21pw@10.0.0.5:554/stream1"},
        {"code": "CAM-2", "name": "门口", "url": "rtsp://10.0.0.6/stream1"}]}]}, ensure_ascii=False), encoding="utf-8")
    registry = secrets.load_plant(plant)
    cameras = registry.enterprise(ENT).cameras
    assert cameras["CAM-1"].url == "rtsp://admin:cam%21pw@10.0.0.5:554/stream1" and cameras["CAM-2"].url == "rtsp://10.0.0.6/stream1"
    text = plant.read_text(encoding="utf-8")
    assert "cam%21pw" not in text and "admin" not in text and "rtsp://10.0.0.5:554/stream1" in text
    store = secrets.default_store()
    assert store.get(secrets.camera_secret_name(ENT, "CAM-1")) == "admin:cam%21pw"
    assert secrets.load_plant(plant).enterprise(ENT).cameras["CAM-1"].url == "rtsp://admin:cam%21pw@10.0.0.5:554/stream1"


# -- start at log-in ------------------------------------------------------------------------
def test_start_at_log_in_writes_and_removes_the_xdg_autostart_entry(tmp_path, capsys):
    from console.shell.cli import main

    assert not autostart.is_enabled()
    autostart.set_enabled(True, tmp_path / "settings.toml", command=["/usr/bin/duty-console"])
    entry = autostart.entry_path()
    assert entry == tmp_path / "profile" / "config" / "autostart" / "duty-console.desktop"
    text = entry.read_text(encoding="utf-8")
    assert f"Exec=/usr/bin/duty-console --settings {tmp_path / 'settings.toml'}" in text
    assert "TryExec=/usr/bin/duty-console" in text and "Name[zh_CN]=值班报警台" in text
    assert autostart.is_enabled()
    assert main(["autostart", "off"]) == 0 and not entry.exists()
    os.environ["DUTY_CONSOLE_LAUNCHER"] = "/usr/bin/duty-console"
    try:
        assert main(["autostart", "on"]) == 0
    finally:
        del os.environ["DUTY_CONSOLE_LAUNCHER"]
    assert "Exec=/usr/bin/duty-console\n" in entry.read_text(encoding="utf-8")
    assert capsys.readouterr().out.splitlines()[-1] == "start at log-in: on"


# -- one console per settings file ------------------------------------------------------------
def test_a_second_start_brings_the_running_window_forward(qtbot, tmp_path):
    settings_path = tmp_path / "settings.toml"
    instance = SingleInstance(settings_path, data_dir())
    assert instance.acquire()
    try:
        with qtbot.waitSignal(instance.activation_requested, timeout=30_000):
            proc = subprocess.run([sys.executable, "-m", "console", "--settings", str(settings_path), "run"], cwd=ROOT,
                                  env=_env(QT_QPA_PLATFORM="offscreen", LANG="en_US.UTF-8"), capture_output=True, text=True, timeout=60)
        assert proc.returncode == 0, proc.stderr
        assert "Duty Console is already running: its window is brought forward." in proc.stderr
        # Another settings file (the demo's profile, a test console) is another console.
        other = SingleInstance(tmp_path / "other.toml", data_dir())
        assert wake_running(tmp_path / "other.toml", data_dir()) is False
        del other
    finally:
        instance.release()
    assert wake_running(settings_path, data_dir()) is False  # released: the next start runs


def test_a_lock_left_by_a_crashed_console_is_taken_over(tmp_path):
    settings_path = tmp_path / "settings.toml"
    crash = textwrap.dedent(f"""
        import os
        from pathlib import Path
        from console.infrastructure.single_instance import SingleInstance
        s = SingleInstance(Path({str(settings_path)!r}), Path({str(data_dir())!r}))
        assert s.acquire()
        os._exit(0)  # dies holding the lock
    """)
    subprocess.run([sys.executable, "-c", crash], cwd=ROOT, check=True, timeout=30)
    instance = SingleInstance(settings_path, data_dir())
    assert instance.lock_path.exists()
    assert instance.acquire()
    instance.release()


# -- missing system parts --------------------------------------------------------------------
@pytest.mark.parametrize("lang, expected", [("en_US.UTF-8", "Duty Console needs a display"), ("zh_CN.UTF-8", "值班报警台需要显示器")])
def test_without_a_display_the_console_says_so_and_exits(tmp_path, lang, expected):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update(LANG=lang, LC_ALL=lang)
    (tmp_path / "settings.toml").write_text('[station]\nname = "x"\n', encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "console", "--settings", str(tmp_path / "settings.toml")], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == system_check.EXIT_NO_DISPLAY
    assert expected in proc.stderr and "QT_QPA_PLATFORM=offscreen" in proc.stderr
    assert "core dumped" not in proc.stderr.lower() and "Aborted" not in proc.stderr


def test_a_missing_libvlc_is_named_with_what_to_install(caplog, capsys, monkeypatch):
    assert system_check.libvlc_missing() == ""  # the system's libvlc and plugins (system-deps.sh)
    assert "libvlc not loadable" in system_check.libvlc_missing({"PYTHON_VLC_LIB_PATH": "/nonexistent/libvlc.so.5"}, "linux")
    assert "no libvlc plugins" in system_check.libvlc_missing({"VLC_PLUGIN_PATH": "/nonexistent/plugins"}, "linux")
    monkeypatch.setenv("PYTHON_VLC_LIB_PATH", "/nonexistent/libvlc.so.5")
    message = system_check.report_libvlc()
    assert "NO alarm sound" in message and "sudo apt install libvlc5 vlc-plugin-base" in message
    assert message in capsys.readouterr().err and message in caplog.text
    assert system_check.display_missing({"QT_QPA_PLATFORM": "offscreen"}, "linux") is False
    assert system_check.display_missing({}, "linux") is True and system_check.display_missing({}, "win32") is False


# -- upgrade ---------------------------------------------------------------------------------
def test_migrate_upgrades_an_old_duty_log_keeping_every_record(tmp_path, capsys):
    from console.shell.cli import main
    from console.shell.audit_cli import main_verify

    path = tmp_path / "duty-log.sqlite"
    before = old_duty_log.create(path)
    url = f"sqlite:///{path}"
    assert main(["migrate", "--backup", "--database-url", url]) == 0
    out = capsys.readouterr().out
    assert f"applied {list(range(old_duty_log.OLD_VERSION + 1, LATEST + 1))}" in out
    copy = path.with_name(f"duty-log.sqlite.v{old_duty_log.OLD_VERSION}-before-v{LATEST}.bak")
    assert copy.exists() and f"copied to {copy}" in out
    assert old_duty_log.missing_rows(before, copy) == {}  # the copy is the old log, whole
    assert old_duty_log.missing_rows(before, path) == {}
    assert sum(len(rows) for rows in before.values()) > 100
    assert main_verify(["--database-url", url]) == 0
    # Again: nothing to do, no second copy.
    assert main(["migrate", "--backup", "--database-url", url]) == 0
    assert "nothing (up to date)" in capsys.readouterr().out
    assert len(list(tmp_path.glob("*.bak"))) == 1


# -- the package's files ---------------------------------------------------------------------
def test_the_package_depends_on_the_runtime_system_packages():
    """build-deb.sh's Depends name the runtime packages of system-deps.sh that the installed
    program needs (the broker, Python venv and Xvfb are for development and the demo)."""
    deps_script = (ROOT / "packaging" / "system-deps.sh").read_text(encoding="utf-8")
    runtime = re.search(r"runtime=\((.*?)\)", deps_script, re.DOTALL).group(1)
    names = {n for line in runtime.splitlines() for n in line.split("#")[0].split()}
    build = (ROOT / "packaging" / "build-deb.sh").read_text(encoding="utf-8")
    depends = re.search(r'depends="(.*?)"', build).group(1) + re.search(r'recommends="(.*?)"', build).group(1)
    development_only = {"mosquitto", "mosquitto-clients", "python3-venv", "xvfb", "xauth"}
    assert sorted(n for n in names - development_only if n not in depends) == []
    desktop = (ROOT / "packaging" / "linux" / "duty-console.desktop").read_text(encoding="utf-8")
    assert "Name=Duty Console" in desktop and "Name[zh_CN]=值班报警台" in desktop and "Icon=duty-console" in desktop
