"""Shared fixtures: a real Mosquitto per test, a fresh SQLite file, an isolated user profile."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if os.environ["QT_QPA_PLATFORM"] == "offscreen":
    # Four screens side by side (1920×1080, 1366×768, 1280×720, 2560×1440): the window is tried on each, and
    # a panel is detached to a second screen (tests/test_operator_screen.py).
    os.environ["QT_QPA_PLATFORM"] = "offscreen:configfile=" + os.path.join(os.path.dirname(__file__), "helpers", "screens.json")
# Passwords go to a file in each test's own profile, never into a developer's real keyring (console/infrastructure/secrets.py).
os.environ.setdefault("DUTY_CONSOLE_SECRETS", "file")

import pytest  # noqa: E402

from tests.helpers import qt_hygiene  # noqa: E402

qt_hygiene.install()  # before any module takes QtCore's QTimer

from console.infrastructure import gui_thread_gc  # noqa: E402
from console.infrastructure.embedded_broker import EmbeddedBroker  # noqa: E402
from tests.helpers.mqtt import TestPublisher  # noqa: E402

# Fixtures that live beside their helpers: the review's duty log (log_url, zone), the RTSP server.
pytest_plugins = ["tests.helpers.review_data", "tests.helpers.rtsp"]


@pytest.fixture(scope="session", autouse=True)
def collector_on_the_gui_thread(qapp):
    """As in the program (console/shell/app.py): reference cycles are collected on the GUI thread
    only, never on the broker, writer, history or video threads."""
    return gui_thread_gc.install(qapp)


@pytest.fixture(autouse=True)
def nothing_left_running(collector_on_the_gui_thread):
    """Fails a test that leaves a QTimer active or a QThread running after its teardown (a closed
    console or widget must stop everything it started)."""
    qt_hygiene.forget()
    yield
    left = qt_hygiene.leftovers()
    collector_on_the_gui_thread.check()
    if left:
        pytest.fail("still running after the test's teardown: " + "; ".join(left), pytrace=False)


@pytest.fixture
def broker(tmp_path):
    """A real Mosquitto on a free loopback port; the test may stop, kill and restart it."""
    b = EmbeddedBroker(tmp_path / "mosquitto")
    b.start()
    yield b
    b.kill()


@pytest.fixture
def publisher(broker):
    """A plain paho client publishing to the test broker (stands for the plant's gateways)."""
    pub = TestPublisher(broker.host, broker.port)
    yield pub
    pub.close()


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "duty-log.sqlite"


@pytest.fixture(autouse=True)
def isolated_profile(tmp_path, monkeypatch):
    """Each test gets its own settings, data and log directories."""
    home = tmp_path / "profile"
    for var, sub in (("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data"), ("XDG_STATE_HOME", "state"), ("XDG_CACHE_HOME", "cache")):
        (home / sub).mkdir(parents=True, exist_ok=True)
        monkeypatch.setenv(var, str(home / sub))
    return home


@pytest.fixture
def make_settings(broker, db_path):
    """Settings for a console on the test broker and the test's own SQLite file."""
    from console.infrastructure.settings import Settings

    def make(**overrides):
        values = {
            "broker.host": broker.host,
            "broker.port": broker.port,
            "database.url": f"sqlite:///{db_path}",
            "station.name": "test-station",
            "ui.language": "en",
            "broker.reconnect_min_s": 1,
            "broker.reconnect_max_s": 2,
            "broker.keepalive_s": 5,
        }
        values.update(overrides)
        return Settings(values)

    return make


@pytest.fixture
def console(qtbot, make_settings):
    """The real console (core and window) against the test broker; shut down after the test."""
    from tests.helpers.console import RunningConsole

    running = RunningConsole(qtbot, make_settings())
    yield running
    running.close()


@pytest.fixture(scope="session")
def postgres_server():
    """One real PostgreSQL for the whole session (tests that stop or kill a server start their
    own). Fails, never skips, when it cannot start: CI installs it (packaging/system-deps.sh --test)."""
    import shutil
    import subprocess

    from tests.helpers.postgres import PostgresServer, PostgresUnavailable, make_workdir

    workdir = make_workdir()
    try:
        # Throw-away data: no fsync (a killed server process still loses nothing committed).
        server = PostgresServer(workdir, settings={"fsync": "off"})
        server.start()
    except (PostgresUnavailable, OSError, subprocess.SubprocessError) as exc:
        shutil.rmtree(workdir, ignore_errors=True)
        pytest.fail(f"cannot start PostgreSQL for the tests: {exc}", pytrace=False)
    yield server
    server.stop()
    shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture
def pg_url(postgres_server, request):
    """A fresh, empty database on the session's PostgreSQL; its SQLAlchemy URL."""
    import re
    import uuid

    name = re.sub(r"[^a-z0-9_]", "_", request.node.name.lower())[:40] + "_" + uuid.uuid4().hex[:8]
    return postgres_server.create_database(name)
