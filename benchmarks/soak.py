"""Soak benchmark: the console as a duty room runs it, for a given number of minutes, watching memory.

    .venv/bin/python benchmarks/soak.py [--minutes 60] [--rate 2000] [--tiles 4]
    xvfb-run -a -s "-screen 0 1920x1080x24" .venv/bin/python benchmarks/soak.py --platform xcb

The real console (core and main window, temporary SQLite duty log, its own Mosquitto) runs in this
process with the demo plant (20 enterprises, 648 points, 127 cameras served by the local RTSP test
server, console/services/video/demo_cameras.py). Around it:

* the plant simulator (a child process) publishes ``--rate`` readings/s with its usual
  excursions (about one alarm a minute);
* the video wall has ``--tiles`` tiles (4) showing cameras from the start; the main tile follows
  new alarms of the highest priority (the default), a clip is recorded for each new alarm with a
  camera (``video.clip_s``, at most ``video.max_clips`` at once), the cameras of alarm-bearing
  points keep their pre-alarm buffers (``video.prealarm_max_cameras``);
* every ``--flood-every`` minutes a child process publishes a flood of ``--flood-alarms`` alarms
  on demo points with cameras over 10 s, and returns them to normal a minute later;
* every minute the operator on duty (signed in) acknowledges what waits, records its handling
  and clears what is back to normal, as a duty room does: the alarm list does not grow.

Every ``--every`` seconds (30) it prints the resident memory (VmRSS) and the CPU share of one core
of this process since the last line, with the threads, the camera feeds running, the pre-alarm
bytes buffered, the clips recorded, the alarms in the book. At the end: RSS at the end of the
warm-up (``--warmup``, 10 minutes) and at the end, the growth after the warm-up, the least-squares
slope of RSS over time after the warm-up (MB/h, with its standard error), against the targets
(issue 16): RSS <= 350 MB with four tiles, growth <= 5 % after the first 10 minutes, slope within
noise (|slope| <= 2 standard errors, or a growth under 1 % an hour). The machine's load average
is printed with each line: on a busy machine CPU shares are not comparable between runs.
"""

from __future__ import annotations

import argparse
import collections
import ctypes
import gc
import json
import multiprocessing as mp
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

TARGET_RSS_MB = 350.0
TARGET_GROWTH = 0.05


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def native_threads() -> int:
    return len(os.listdir("/proc/self/task"))


def cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def flood(host: str, port: int, points: list[tuple[str, str]], n: int, seconds: float, clear_after: float) -> None:
    """Child process: ``n`` alarms on these points over ``seconds``, returned to normal ``clear_after`` later."""
    import paho.mqtt.client as mqtt

    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=f"soak-flood-{os.getpid()}")
    client.max_inflight_messages_set(1000)
    client.max_queued_messages_set(0)
    client.connect(host, port)
    client.loop_start()
    chosen = random.sample(points, min(n, len(points)))

    def send(state: str) -> None:
        start = time.monotonic()
        infos = []
        for i, (enterprise, point) in enumerate(chosen):
            delay = start + seconds * i / len(chosen) - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            body = {"v": 1, "ts": int(time.time() * 1000), "point": point, "condition": "HH", "state": state,
                    "priority": 1 + i % 3, "value": 99.0, "threshold": 50.0}
            infos.append(client.publish(f"dc/v1/{enterprise}/alarms/{point}", json.dumps(body), qos=1))
        for info in infos:
            info.wait_for_publish(60)

    send("raised")
    time.sleep(clear_after)
    send("cleared")
    client.disconnect()
    client.loop_stop()


def slope_mb_h(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Least-squares slope of (seconds, MB) in MB/h, and its standard error."""
    n = len(points)
    if n < 3:
        return 0.0, float("inf")
    ts = [t / 3600 for t, _ in points]
    ys = [y for _, y in points]
    mt, my = statistics.fmean(ts), statistics.fmean(ys)
    sxx = sum((t - mt) ** 2 for t in ts)
    slope = sum((t - mt) * (y - my) for t, y in zip(ts, ys, strict=True)) / sxx
    residual = sum((y - my - slope * (t - mt)) ** 2 for t, y in zip(ts, ys, strict=True))
    return slope, (residual / (n - 2) / sxx) ** 0.5


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=60.0)
    parser.add_argument("--warmup", type=float, default=10.0, help="minutes before growth is counted")
    parser.add_argument("--rate", type=float, default=2000.0, help="readings per second")
    parser.add_argument("--tiles", type=int, default=4, choices=(1, 4, 9))
    parser.add_argument("--flood-every", type=float, default=5.0, help="minutes between floods (0: none)")
    parser.add_argument("--flood-alarms", type=int, default=300)
    parser.add_argument("--every", type=float, default=30.0, help="seconds between lines")
    parser.add_argument("--platform", default="offscreen", help="offscreen (image rendering) or xcb (window rendering)")
    parser.add_argument("--trim", action="store_true",
                        help="diagnosis: glibc's malloc_trim(0) before each line (freed memory that fragmentation keeps)")
    parser.add_argument("--objects", action="store_true",
                        help="diagnosis: with each line, the Python object types that grew most since the warm-up")
    parser.add_argument("--setting", action="append", default=[], metavar="KEY=JSON",
                        help="a console setting, e.g. video.prealarm_max_cameras=4 (repeatable)")
    args = parser.parse_args()
    os.environ["QT_QPA_PLATFORM"] = args.platform
    work = Path(tempfile.mkdtemp(prefix="soak-bench-"))
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        os.environ[var] = str(work / var.lower())

    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from console.domain.alarms import HandlingCategory
    from console.infrastructure.embedded_broker import EmbeddedBroker
    from console.infrastructure.settings import Settings
    from console.services.video import demo_cameras
    from console.shell.app import build_core, build_window
    from console.shell.demo import DEMO_USERS, add_demo_users
    from console.simulator.plantgen import build_demo_plant

    from console.infrastructure import gil_handover, gui_thread_gc

    app = QApplication.instance() or QApplication([])
    gui_thread_gc.install(app)  # as console.shell.app.run: cycles collected on the GUI thread, by its timer
    gil_handover.install()  # as console.shell.app.run: the interpreter lock handed over after 0.5 ms
    broker = EmbeddedBroker(work / "mosquitto")
    broker.start()
    registry = build_demo_plant()
    if not demo_cameras.start(registry):
        print("soak: the RTSP test server cannot start (packaging/system-deps.sh installs it)", file=sys.stderr)
        broker.stop()
        return 1
    plant = work / "plant.json"
    registry.save(plant)
    db_url = f"sqlite:///{work / 'duty.sqlite'}"
    add_demo_users(db_url)
    values = {"broker.host": broker.host, "broker.port": broker.port, "database.url": db_url, "station.name": "soak",
              "ui.language": "en", "plant.file": str(plant), "video.layout": args.tiles,
              "video.evidence_dir": str(work / "evidence")}
    for item in args.setting:
        key, _, value = item.partition("=")
        values[key] = json.loads(value)
    settings = Settings(values)
    core = build_core(settings, registry=registry)
    window = build_window(core)
    window.resize(1600, 900)
    window.show()
    core.start()
    wall = core.video
    assert wall is not None

    def pump(seconds: float) -> None:
        loop = QEventLoop()
        QTimer.singleShot(int(seconds * 1000), loop.quit)
        loop.exec()

    name, password = DEMO_USERS[0][0], DEMO_USERS[0][1]
    core.desk.sign_in(name, password)
    simulator = subprocess.Popen([sys.executable, "-m", "console", "simulate", "--broker", f"mqtt://{broker.host}:{broker.port}",
                                  "--plant", str(plant), "--rate", str(args.rate)], cwd=REPO,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    cameras = [c for e in registry.enterprises() for c in e.cameras.values()]
    for index in range(args.tiles):
        wall.show_camera(index, cameras[index].enterprise, cameras[index].code)
    flood_points = [(e.code, p.code) for e in registry.enterprises() for p in e.points.values() if p.cameras and p.in_use]
    clips = {"stored": 0}
    if wall.evidence is not None:
        wall.evidence.stored.connect(lambda item: clips.__setitem__("stored", clips["stored"] + (item.kind == "clip")))

    gc.freeze()  # as run() does once the console is up: what lives as long as the program is not scanned again
    print(f"Soak benchmark — {args.minutes:g} min, {args.rate:,.0f} readings/s, {args.tiles} tiles ({app.platformName()}, "
          f"RTSP path {wall.rtsp_path}), a flood of {args.flood_alarms} alarms every {args.flood_every:g} min, "
          f"the machine's load average ({os.cpu_count()} CPUs) on each line", flush=True)
    print("   min   RSS MB  CPU %  threads  feeds/conn  prealarm MB  clips  alarms  playing  load  py blocks", flush=True)
    baseline_types: collections.Counter[str] | None = None
    floods: list[mp.process.BaseProcess] = []
    samples: list[tuple[float, float]] = []
    cpus: list[float] = []
    start = time.monotonic()
    end = start + args.minutes * 60
    last = {"cpu": cpu_s(), "wall": start}
    next_line, next_duty, next_flood = start + args.every, start + 60, (
        start + args.flood_every * 60 if args.flood_every > 0 else float("inf"))
    try:
        while time.monotonic() < end:
            pump(0.5)
            now = time.monotonic()
            if now >= next_flood:
                next_flood += args.flood_every * 60
                child = mp.get_context("spawn").Process(target=flood, args=(broker.host, broker.port, flood_points,
                                                                            args.flood_alarms, 10.0, 60.0), daemon=True)
                child.start()
                floods.append(child)
            if now >= next_duty:
                next_duty += 60
                core.desk.acknowledge([a.key for a in core.book.alarms() if a.ack is None])
                for alarm in core.book.alarms():
                    if alarm.ack is not None and not alarm.state.active and alarm.handling is None:
                        core.desk.handle(alarm.key, HandlingCategory.DRILL.value, "soak")
                core.desk.clear_many([a.key for a in core.book.alarms() if not a.state.active and a.ack is not None])
            if now >= next_line:
                next_line += args.every
                c = cpu_s()
                share = (c - last["cpu"]) / (now - last["wall"])
                last.update(cpu=c, wall=now)
                if args.trim:
                    ctypes.CDLL("libc.so.6").malloc_trim(0)
                rss = rss_mb()
                samples.append((now - start, rss))
                cpus.append(share)
                threads_running, connected, buffered = wall.feeds.stats()
                playing = sum(wall.info(i).state.value == "playing" for i in range(args.tiles))
                print(f"{(now - start) / 60:6.1f} {rss:8.1f} {share * 100:6.1f} {native_threads():8d}  {threads_running:4d}/{connected:<4d}"
                      f"  {buffered / 1e6:11.1f}  {clips['stored']:5d}  {len(core.book):6d}  {playing:4d}/{args.tiles}"
                      f"  {os.getloadavg()[0]:5.2f}  {sys.getallocatedblocks():9,d}", flush=True)
                if args.objects:
                    types = collections.Counter(type(o).__qualname__ for o in gc.get_objects())
                    if baseline_types is None or now - start < args.warmup * 60:
                        baseline_types = types
                    else:
                        grown = sorted(((n - baseline_types.get(k, 0), k) for k, n in types.items()), reverse=True)[:8]
                        print("        grown since the warm-up: " + ", ".join(f"{k} {d:+,d}" for d, k in grown if d > 0), flush=True)
    finally:  # also when interrupted (Ctrl+C): no simulator, broker or test server is left behind
        for child in floods:
            child.join(5)
            if child.is_alive():
                child.terminate()
        simulator.terminate()
        try:
            simulator.wait(10)
        except subprocess.TimeoutExpired:
            simulator.kill()
        window.close()
        core.shutdown()
        demo_cameras.stop()
        broker.stop()

    warm = [(t, y) for t, y in samples if t >= args.warmup * 60]
    print()
    if len(warm) < 3:
        print(f"too short for the figures after the warm-up ({args.warmup:g} min): {len(warm)} samples")
        return 0
    at_warm, last = warm[0][1], warm[-1][1]
    growth = (last - at_warm) / at_warm
    slope, error = slope_mb_h(warm)
    peak = max(y for _, y in samples)
    hours = (warm[-1][0] - warm[0][0]) / 3600
    flat = abs(slope) <= 2 * error or abs(slope) <= 0.01 * at_warm
    print(f"RSS: {samples[0][1]:.0f} MB at {samples[0][0]:.0f} s, {at_warm:.0f} MB after the warm-up ({warm[0][0] / 60:.1f} min), "
          f"{last:.0f} MB at the end ({warm[-1][0] / 60:.1f} min); peak {peak:.0f} MB   target <= {TARGET_RSS_MB:.0f} MB: "
          f"{'met' if peak <= TARGET_RSS_MB else 'NOT MET'}")
    print(f"growth after the warm-up: {growth * 100:+.1f} % over {hours * 60:.0f} min   target <= {TARGET_GROWTH * 100:.0f} %: "
          f"{'met' if growth <= TARGET_GROWTH else 'NOT MET'}")
    print(f"slope after the warm-up: {slope:+.1f} MB/h (standard error {error:.1f} MB/h)   target within noise: "
          f"{'met' if flat else 'NOT MET'}")
    print(f"CPU: median {statistics.median(cpus) * 100:.0f} % of one core per {args.every:g} s; clips recorded {clips['stored']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
