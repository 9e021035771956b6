"""``duty-console demo``: a Mosquitto of its own, the simulated Xiamen-scale plant and the console.

Everything lives in a separate demo profile (``<data dir>/demo``) so a demo never touches
a real duty log.
"""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer
from sqlalchemy.orm import Session

from console.infrastructure.embedded_broker import EmbeddedBroker
from console.infrastructure.settings import Settings, data_dir
from console.simulator.parkgen import build_park_plant
from console.simulator.plantgen import build_demo_plant
from console.services.video import demo_cameras
from console.infrastructure.store.dutylog import DutyLog
from console.infrastructure.store.engine import make_engine
from console.infrastructure.store.migrations import upgrade

log = logging.getLogger("console.shell.demo")

# Two operators (for a handover), a shift leader and manager (the review), an administrator (users).
DEMO_USERS = (("zhangwei", "demo", "张伟", "operator"), ("lina", "demo", "李娜", "operator"),
              ("wangfang", "demo", "王芳", "manager"), ("admin", "demo", "系统管理员", "admin"))
# A calm plant, as a duty room should see it: the first alarm within seconds, then about two new
# alarms in ten minutes (ISA-18.2's "maximum manageable" rate for one operator), far from a flood
# (more than 10 in 10 minutes). ``demo --flood`` provokes one on purpose.
DEMO_EXCURSIONS_PER_HOUR = 9.0
DEMO_FLOOD_AFTER_S = 30.0  # time to sign in and look round before the upset
SCREENSHOT_DELAY_S = 12.0
# A park (``demo --park N``): its thousands of cameras share this many RTSP test streams, so that
# video works on any camera without thousands of encoders (docs/scale.md).
PARK_SHARED_STREAMS = 6
PARK_ENTERPRISES_PER_SIMULATOR = 50  # one MQTT session per enterprise: a park's are spread over processes


def profile_dir() -> Path:
    return data_dir() / "demo"


def prepare(settings: Settings, profile: Path, broker_given: bool, park: int | None = None) -> EmbeddedBroker | None:
    """Start the embedded broker (unless one was given), write the plant (the demo plant, or a
    generated park of ``park`` enterprises), add demo operators."""
    profile.mkdir(parents=True, exist_ok=True)
    broker = None
    if not broker_given:
        broker = EmbeddedBroker(profile / "mosquitto")
        broker.start()
        settings.set("broker.host", broker.host)
        settings.set("broker.port", broker.port)
    plant = profile / "plant.json"
    registry = build_park_plant(park) if park else build_demo_plant()
    # local RTSP test streams for its cameras, when the tools are installed
    demo_cameras.start(registry, shared=PARK_SHARED_STREAMS if park else None)
    registry.save(plant)
    settings.set("plant.file", str(plant))
    if not settings["database.url"]:
        settings.set("database.url", f"sqlite:///{profile / 'duty-log.sqlite'}")
    if not settings["station.name"]:
        settings.set("station.name", "demo-station")
    add_demo_users(settings.database_url)
    return broker


def add_demo_users(url: str) -> None:
    engine = make_engine(url)
    upgrade(engine)
    with Session(engine) as session, session.begin():
        log_ = DutyLog(session)
        if not log_.has_users():
            for name, password, display, role in DEMO_USERS:
                log_.add_user(name, password, display, role)
    engine.dispose()


def start_simulator(settings: Settings, rate: float | None = None, flood_after: float | None = None,
                    excursions_per_hour: float = DEMO_EXCURSIONS_PER_HOUR, shard: tuple[int, int] | None = None) -> subprocess.Popen:
    url = f"mqtt://{settings['broker.host']}:{settings['broker.port']}"
    # A packaged (PyInstaller) program is its own entry point: no "-m console" there.
    program = [sys.executable] if getattr(sys, "frozen", False) else [sys.executable, "-m", "console"]
    cmd = [*program, "simulate", "--broker", url, "--plant", settings["plant.file"],
           "--excursions-per-hour", str(excursions_per_hour)]
    if rate:
        cmd += ["--rate", str(rate)]
    if flood_after is not None:
        cmd += ["--flood-after", str(flood_after)]
    if shard is not None:
        cmd += ["--shard", f"{shard[0]}/{shard[1]}"]
    return subprocess.Popen(cmd)


def run_demo(settings: Settings, broker_given: bool = False, screenshot: str | None = None, quit_after: float = 0.0,
             flood_after: float | None = None, park: int | None = None) -> int:
    """``flood_after``: seconds after the start at which the simulated plant floods the console (None: calm);
    ``park``: a generated park of this many enterprises instead of the demo plant (each point once a second)."""
    from console.shell.app import run

    broker = prepare(settings, profile_dir(), broker_given, park)
    # A park is as calm per enterprise as the demo plant: the plant-wide rate grows with its size.
    shards = max(1, -(-park // PARK_ENTERPRISES_PER_SIMULATOR)) if park else 1
    excursions = DEMO_EXCURSIONS_PER_HOUR * (park / 20 if park else 1) / shards
    simulators = [start_simulator(settings, flood_after=flood_after, excursions_per_hour=excursions,
                                  shard=(k, shards) if shards > 1 else None) for k in range(shards)]
    print(f"Duty Console demo — broker mqtt://{settings['broker.host']}:{settings['broker.port']}, "
          f"operators: " + ", ".join(f"{n} / {p} ({d}, {r})" for n, p, d, r in DEMO_USERS), flush=True)

    def after_start(app, window) -> None:
        window.sign_in.set_hint(QCoreApplication.translate("Demo", "Demo users (password demo): zhangwei, lina (operators), wangfang (manager), admin"))
        window.sign_in.user.setText(DEMO_USERS[0][0])
        if screenshot:
            QTimer.singleShot(int(SCREENSHOT_DELAY_S * 1000), lambda: _save(window, screenshot))
        if quit_after:
            QTimer.singleShot(int(quit_after * 1000), app.quit)

    try:
        return run(settings, after_start=after_start)
    finally:
        for simulator in simulators:
            simulator.terminate()
        for simulator in simulators:
            try:
                simulator.wait(10)
            except subprocess.TimeoutExpired:
                simulator.kill()
        if broker is not None:
            broker.stop()
        demo_cameras.stop()


def _save(window, path: str) -> None:
    if window.grab().save(path):
        log.info("screenshot saved to %s", path)
    else:
        log.error("could not save the screenshot to %s", path)
