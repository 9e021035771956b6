"""Idle and start-up benchmark: the console's CPU while the demo idles, and launch to first window.

    .venv/bin/python benchmarks/idle_start.py [--idle-s 60] [--starts 5] [--skip-idle] [--skip-start]

Both run the console as its own process from this source tree (``python -m console``), offscreen,
with a throw-away home (settings, duty log, logs), so that nothing of this user's is touched. Its
modules are compiled first (into the tree's __pycache__ folders, ignored by git), as the installed
program has them compiled; a PYTHONDONTWRITEBYTECODE in this environment is not passed on.

1. Idle: ``duty-console demo`` (its own Mosquitto, the simulated plant publishing every point once
   a second: 648 readings/s, nobody signed in). After the console's "console started" line and a
   settling time, the console process's CPU time (utime + stime from /proc/PID/stat; the
   simulator and the broker are other processes) is read over ``--idle-s`` seconds.
   Target: <= 5 % of one core. With nobody signed in the video wall's tiles follow the demo's
   alarms to their cameras without playing them (live pictures are for someone signed in,
   docs/video.md); the cameras of alarm-bearing points are held for pre-alarm footage all the same.
   ``--also-without-video``: once more with video.enabled off (the held cameras' share);
   ``--also-live``: once more with video.live_without_sign_in on, the tiles playing as for someone
   signed in (what live pictures cost).
2. Start-up: ``duty-console run --settings FILE`` (settings written here: a Mosquitto started here,
   a temporary SQLite duty log, the demo plant), from launch to the console's "console started"
   line, which it logs once its window is shown (what packaging/deb_check.py measures on the
   installed package). The console is then stopped with SIGTERM. ``--starts`` runs, median printed,
   with the console's CPU time by then (all its threads), which a loaded machine sways less.
   Target: median <= 2 s. The first start also migrates the new duty log; the later ones do not.

The machine's load average is printed with the figures: other work on a shared machine slows both.
Exit status 0 whether or not a target is met, 1 on errors.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

TARGET_IDLE_CORE = 0.05
TARGET_START_S = 2.0
SETTLE_S = 15.0  # after "console started": the first alarms, the catch-ups and the caches settle
STARTED = b"console started"
CLK_TCK = os.sysconf("SC_CLK_TCK")


def console_env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    # Bytecode as the installed program has it (PyInstaller ships compiled modules), compiled by
    # precompile() before anything is timed. Inheriting PYTHONDONTWRITEBYTECODE would compile every
    # console and widgets module from source at every start, which no installed console does.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update({"HOME": str(home), "XDG_CONFIG_HOME": str(home / "config"), "XDG_DATA_HOME": str(home / "data"),
                "XDG_STATE_HOME": str(home / "state"), "XDG_CACHE_HOME": str(home / "cache"),
                "QT_QPA_PLATFORM": env.get("QT_QPA_PLATFORM", "offscreen"), "PYTHONPATH": str(REPO)})
    return env


def precompile(home: Path) -> None:
    """The tree's modules compiled, into their __pycache__ folders (as Python does by default)."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", "console", "widgets"], cwd=REPO, env=console_env(home),
                   check=True, stdout=subprocess.DEVNULL)


def wait_for_line(log_file: Path, proc: subprocess.Popen, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if STARTED in log_file.read_bytes():
            return True
        if proc.poll() is not None:
            return False
        time.sleep(0.005)
    return False


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime, stime (fields 14 and 15)


def stop(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(10)


def measure_idle(seconds: float, video: bool = True, live: bool = False) -> tuple[float, float]:
    """(share of one core, load average meanwhile); ``video`` False: the demo with video.enabled off;
    ``live``: with video.live_without_sign_in on (the tiles play with nobody signed in)."""
    home = Path(tempfile.mkdtemp(prefix="idle-bench-"))
    if not video or live:
        (home / "config" / "duty-console").mkdir(parents=True)
        (home / "config" / "duty-console" / "settings.toml").write_text(
            "[video]\nenabled = false\n" if not video else "[video]\nlive_without_sign_in = true\n")
    precompile(home)
    log_file = home / "console.out"
    with open(log_file, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "console", "demo", "--language", "en"], cwd=REPO,
                                env=console_env(home), stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        if not wait_for_line(log_file, proc, 120):
            raise RuntimeError(f"the demo did not start: see {log_file}")
        time.sleep(SETTLE_S)
        cpu0, t0 = cpu_seconds(proc.pid), time.monotonic()
        time.sleep(seconds)
        cpu1, t1 = cpu_seconds(proc.pid), time.monotonic()
        return (cpu1 - cpu0) / (t1 - t0), os.getloadavg()[0]
    finally:
        stop(proc)


def measure_starts(runs: int) -> list[tuple[float, float]]:
    """(seconds from launch to first window, the console's CPU seconds by then) per start."""
    from console.infrastructure.embedded_broker import EmbeddedBroker
    from console.simulator.plantgen import build_demo_plant

    home = Path(tempfile.mkdtemp(prefix="start-bench-"))
    precompile(home)
    broker = EmbeddedBroker(home / "mosquitto")
    broker.start()
    try:
        plant = home / "plant.json"
        build_demo_plant().save(plant)
        settings = home / "settings.toml"
        settings.write_text(f'[broker]\nhost = "{broker.host}"\nport = {broker.port}\n\n'
                            f'[database]\nurl = "sqlite:///{home / "duty-log.sqlite"}"\n\n'
                            f'[plant]\nfile = "{plant}"\n\n[station]\nname = "start-bench"\n\n[ui]\nlanguage = "en"\n')
        times = []
        for i in range(runs):
            log_file = home / f"start-{i}.out"
            started = time.monotonic()
            with open(log_file, "wb") as out:
                proc = subprocess.Popen([sys.executable, "-m", "console", "--settings", str(settings), "run"], cwd=REPO,
                                        env=console_env(home), stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
            ok = wait_for_line(log_file, proc, 60)
            seconds = time.monotonic() - started
            cpu = cpu_seconds(proc.pid) if ok else 0.0
            stop(proc)
            if not ok:
                raise RuntimeError(f"the console did not start: see {log_file}")
            times.append((seconds, cpu))
        return times
    finally:
        broker.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--idle-s", type=float, default=60.0, help="seconds of idle CPU measured (default 60)")
    parser.add_argument("--starts", type=int, default=5, help="starts measured (default 5)")
    parser.add_argument("--skip-idle", action="store_true")
    parser.add_argument("--skip-start", action="store_true")
    parser.add_argument("--also-without-video", action="store_true",
                        help="measure the idle demo a second time with video.enabled off (the video wall's share)")
    parser.add_argument("--also-live", action="store_true",
                        help="measure the idle demo once more with the tiles playing (video.live_without_sign_in on)")
    args = parser.parse_args(argv)
    print(f"Idle and start-up benchmark: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, "
          f"load average before: {os.getloadavg()[0]:.2f} (other work on this machine slows both)")
    try:
        if not args.skip_start:
            starts = measure_starts(args.starts)
            times = [seconds for seconds, _cpu in starts]
            median = statistics.median(times)
            print(f"  launch to first window: median {median:.2f} s of {len(times)} starts "
                  f"({', '.join(f'{t:.2f}' for t in times)} s)   [target <= {TARGET_START_S:.0f} s: "
                  f"{'MET' if median <= TARGET_START_S else 'NOT MET'}]   load {os.getloadavg()[0]:.2f}")
            print(f"    the console's CPU time by then (all its threads; less swayed by the machine's load): median "
                  f"{statistics.median(cpu for _seconds, cpu in starts):.2f} s ({', '.join(f'{c:.2f}' for _s, c in starts)} s)")
        if not args.skip_idle:
            share, load = measure_idle(args.idle_s)
            print(f"  idle demo (648 readings/s, nobody signed in): {share * 100:.1f} % of one core over {args.idle_s:.0f} s   "
                  f"[target <= {TARGET_IDLE_CORE * 100:.0f} %: {'MET' if share <= TARGET_IDLE_CORE else 'NOT MET'}]   load {load:.2f}")
            if args.also_without_video:
                share, load = measure_idle(args.idle_s, video=False)
                print(f"  idle demo, video.enabled off: {share * 100:.1f} % of one core over {args.idle_s:.0f} s   load {load:.2f}")
            if args.also_live:
                share, load = measure_idle(args.idle_s, live=True)
                print(f"  idle demo, tiles playing (video.live_without_sign_in): {share * 100:.1f} % of one core over "
                      f"{args.idle_s:.0f} s   load {load:.2f}")
    except RuntimeError as exc:
        print(f"idle_start: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
