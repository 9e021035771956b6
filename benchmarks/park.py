"""Park benchmark (issue 17): the console with a chemical park of 500 enterprises, 20,000 points
at 1 Hz and 5,000 cameras.

    .venv/bin/python benchmarks/park.py [--minutes 30] [--enterprises 500] [--quick]
                                        [--history-url URL] [--trend-points 500]
                                        [--historians 2] [--database-url URL] [--no-historian]

Set-up (all real, nothing mocked)
  * Mosquitto started here (console.infrastructure.embedded_broker.EmbeddedBroker);
  * the park plant from console.simulator.parkgen (``duty-console simulate --park 500``), the real
    console (console.shell.app.build_core with a temporary SQLite duty log and its local reading
    history) and its main window (offscreen, 1600x900), in this process, its Qt event loop turning
    during every measurement;
  * background readings in a separate process (benchmarks/ingest.py's paced publisher): every
    point of the park once a second (20,000 readings/s), as the simulator's gateways send them
    (8-40 readings a message, values of normal operation, so the console's evaluation raises
    nothing; each message stamped with the time it is sent), from the start to the end of the run;
  * unless --no-historian: a PostgreSQL (tests/helpers/postgres.py, as benchmarks/historian.py;
    or --database-url, an empty database) and --historians ``duty-console historian`` processes
    (``python -m console --settings historian.toml historian``, as the systemd unit runs it) on the
    park's broker, sharing its MQTT 5 subscription, writing the park's readings from the start to
    the end of the run (benchmarks/park_historian.py);
  * garbage collection as console.shell.app.run sets it up: on the GUI thread only, and the
    objects built at start-up frozen out of its full passes (gc.freeze);
  * a GUI-thread stall meter: a 5 ms QTimer measuring its own lateness (as benchmarks/flood.py),
    on from the first measurement to the last.

Printed, each against its target:
  1. the time to open and to filter the enterprise overview, the points view and the alarm list
     (wall time from the action until the event loop has handled it, including any debounce), and
     the longest GUI stall during each;
  2. intake sustained (readings/s the console handled over a 20 s window) and the console's CPU
     share (this process's CPU time over the same window; 100 % = one core) — the headroom is
     what is left of a core;
  3. alarm publish → row in the alarm list, p50/p99: QoS 1 alarm events at 10 a second on park
     points, with the 20,000 readings/s going on (timed from just before publish() in the
     publisher to the rowsInserted of the alarm list's model, same clock);
  4. 24 h trend load for one point (p95 of 20 points, each loaded anew):
     a. from PostgreSQL, as a workstation with ``history.source = "historian"`` reads it
        (HistorianReader), ``--trend-points`` points with 24 sealed hours each laid down before the
        console starts as the historian stores them (its writer, partitions and rollups), loaded
        at the end of the memory run with the historians writing the park's readings;
     b. from the local history (SQLite, labelled so): the same points laid down in a history file
        (``--history-url``: another local-history store), loaded after the console has stopped;
  5. the console's memory (RSS) after ``--minutes`` minutes with the readings going on, and its
     growth after the first 5 minutes (of the first fifth when the run is shorter than 25 minutes);
  6. the longest GUI stall over the whole run;
  7. the historian: rows/s into PostgreSQL over the memory run (rows whose reading time falls in
     that window, counted in PostgreSQL after the historians have stopped, per second of the
     window; against the offered rate, and beside the readings/s the console took in meanwhile,
     which include any backlog of the console's own), and its lag, sampled once a
     second off the GUI thread: now minus the newest reading time in PostgreSQL among 50 park
     points (each read once a second, so a sample includes up to the 1 s between two readings of
     a point, spread over 50 phases), p50/p95/max from the first measurement to the end of the
     memory run; each historian's last minute line (its own rows/s and lag) from its log.

Targets (issue 17): intake >= 20,000 readings/s with headroom, alarm p99 <= 100 ms, trend load
<= 200 ms, memory <= 500 MB and growth <= 10 %, no GUI stall over 200 ms, historian lag <= 2 s
(and rows/s as many as the readings offered).
Exit status 0 whether or not a target is met; 1 on errors.
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing as mp
import os
import resource
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
REPO = HERE.parent
for folder in (REPO, HERE):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

import ingest  # noqa: E402  (benchmarks/ingest.py: publisher processes and event-loop helpers)
import numpy as np  # noqa: E402
import numpy.ma  # noqa: E402,F401  (np.percentile imports it on first use: here, not on the GUI thread mid-run under the stall meter)
import park_historian  # noqa: E402  (benchmarks/park_historian.py: PostgreSQL, historians, lag, trend load)
from tests.helpers.gc_timer import GcTimer  # noqa: E402
from tests.helpers.stall_meter import StallMeter  # noqa: E402  (the GUI-thread stall meter the park test uses)

TARGETS = {"intake": 20_000.0, "alarm_p99": 100.0, "trend": 200.0, "rss_mb": 500.0, "growth": 10.0, "stall": 200.0,
           "lag_s": 2.0}
ALARMS_PER_S = 10.0
DAY = 86_400


@dataclass
class UiStep:
    name: str
    seconds: float
    stall_ms: float


def rss_mb() -> float:
    with open("/proc/self/statm", encoding="ascii") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def timed(meter: StallMeter, name: str, action: Callable[[], Any], done: Callable[[], bool] = lambda: True,
          settle_s: float = 0.3) -> UiStep:
    """Run ``action`` on the GUI thread, then the event loop until ``done()`` and ``settle_s`` more
    (layouts, repaints, debounce timers); the time until done, and the longest stall meanwhile."""
    ingest.pump(0.2)
    meter.reset_window()
    started = time.monotonic()
    action()
    if not ingest.pump_until(done, 30, step=0.005):
        raise TimeoutError(f"{name}: not done within 30 s")
    seconds = time.monotonic() - started
    ingest.pump(settle_s)
    return UiStep(name, seconds, meter.window_ms)


def ui_steps(window, meter: StallMeter, registry) -> list[UiStep]:
    """Open and filter the overview, the points view and the alarm list, as an operator would."""
    from PySide6.QtCore import Qt

    from widgets.alarm_filter_bar import TYPING_MS

    steps: list[UiStep] = []
    panel = window._overview_panel
    points = window.points
    enterprises = list(registry.enterprises())
    some = enterprises[len(enterprises) // 3]
    brand = some.name[4:6]  # 厦门 + district (2) + brand: two characters of its brand
    steps.append(timed(meter, "overview: open", lambda: window.show_panel("overview")))
    steps.append(timed(meter, f"overview: find '{brand[0]}'", lambda: panel.search.setText(brand[0])))
    steps.append(timed(meter, f"overview: find '{brand}'", lambda: panel.search.setText(brand)))
    steps.append(timed(meter, "overview: find by code", lambda: panel.search.setText(some.code[:10])))
    steps.append(timed(meter, "overview: clear", lambda: panel.search.setText("")))
    steps.append(timed(meter, "overview: tile → alarm list filtered", lambda: window.filter_bar.show_enterprise(some.code)))
    steps.append(timed(meter, "alarm list: all enterprises", lambda: window.filter_bar.show_enterprise(None)))
    steps.append(timed(meter, "points view: open", lambda: window.show_panel("points")))
    steps.append(timed(meter, "points view: filter 'GT'", lambda: points.filter.setText("GT")))
    steps.append(timed(meter, "points view: filter 'GT-1101'", lambda: points.filter.setText("GT-1101")))
    steps.append(timed(meter, f"points view: filter '{brand} 罐区'", lambda: points.filter.setText(f"{brand} 罐区")))
    steps.append(timed(meter, "points view: clear", lambda: points.filter.setText("")))
    steps.append(timed(meter, "points view: sort by enterprise", lambda: points.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)))
    steps.append(timed(meter, "points view: sort by point name", lambda: points.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)))
    steps.append(timed(meter, "points view: filter sorted 'AT'", lambda: points.filter.setText("AT")))
    steps.append(timed(meter, "points view: clear sorted", lambda: points.filter.setText("")))
    settle = TYPING_MS / 1000 + 0.3
    steps.append(timed(meter, "alarm list: search 'GT-'", lambda: window.filter_bar.search.setText("GT-"), settle_s=settle))
    steps.append(timed(meter, "alarm list: search cleared", lambda: window.filter_bar.search.setText(""), settle_s=settle))
    return steps


class ListArrivals:
    """When each alarm's row appears in the alarm list's model (rowsInserted)."""

    def __init__(self, model) -> None:
        from widgets.alarm_model import ALARM_ROLE

        self._model, self._role = model, ALARM_ROLE
        self.at: dict[str, float] = {}
        model.rowsInserted.connect(self._inserted)

    def _inserted(self, parent, first: int, last: int) -> None:
        now = time.time()
        for row in range(first, last + 1):
            alarm = self._model.index(row, 0).data(self._role)
            if alarm is not None:
                self.at.setdefault(alarm.key, now)


def alarm_latency(ctx, host: str, port: int, registry, arrivals: ListArrivals, seconds: float) -> tuple[int, list[float]]:
    points = [(e.code, code) for e in registry.enterprises() for code in list(e.points)[:2]]
    pool = [(ent, point, "HH") for ent, point in points][: int(ALARMS_PER_S * seconds)]
    job = ingest.Job("alarms", "alarms", host, port, rate=ALARMS_PER_S, root=ingest.CONSOLE_ROOT, alarms=pool)
    pubs = ingest.Publishers(ctx, [job])
    try:
        pubs.go()
        sent = pubs.results(timeout=seconds + 60)["alarms"]["sent"]
    finally:
        pubs.stop()
    ingest.pump_until(lambda: all(k in arrivals.at for k in sent), 10)
    return len(sent), [(arrivals.at[k] - t) * 1000 for k, t in sent.items() if k in arrivals.at]


def trend_keys(registry, n_points: int) -> list[tuple[str, str]]:
    """``n_points`` park points, spread over the park."""
    keys = [(e.code, code) for e in registry.enterprises() for code in e.points]
    return keys[:: max(1, len(keys) // n_points)][:n_points]


def trend_start() -> float:
    """The start of the 24 sealed hours laid down: a day before the current hour began."""
    return float(int(time.time()) // 3600 * 3600 - DAY)


def trend_load(url: str | None, workdir: Path, registry, n_points: int) -> tuple[int, list[float]]:
    """Lay down 24 sealed hours for ``n_points`` points, then load 24 h of 20 of them anew (ms)."""
    from console.services.history.wiring import open_store

    t0 = trend_start()
    url = url or f"sqlite:///{workdir / 'history.sqlite'}"
    keys = trend_keys(registry, n_points)
    store = open_store(url, lambda: t0 + DAY, 30, 365)
    rng = np.random.default_rng(5)
    for hour in range(24):
        times = (np.arange(3600) * 1000 + round((t0 + hour * 3600) * 1000)).astype(np.int64)
        for key in keys:
            walk = np.round(50 + np.cumsum(rng.normal(0, 0.05, 3600)), 1)  # instrument resolution
            store.write_sealed_hour(key, times, walk)
    while store.maintain():
        pass
    store.close()
    store = open_store(url, lambda: t0 + DAY, 30, 365)
    out = []
    try:
        for key in keys[:: max(1, len(keys) // 20)][:20]:
            started = time.perf_counter()
            series = store.read(key[0], key[1], t0, t0 + DAY)
            out.append((time.perf_counter() - started) * 1000)
            assert len(series.times) == DAY, len(series.times)
    finally:
        store.close()
    return len(keys), out


def load_average() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def print_stalls(meter: StallMeter, collections: GcTimer, meter_from: float) -> None:
    """The stalls over the meter's threshold, each with the cycle collections that ran in it, and the
    collector's figures: what a stall came from."""
    print(f"   collections: young/middle/full {collections.count[0]}/{collections.count[1]}/{collections.count[2]}, "
          f"longest {collections.longest_ms[0]:.0f}/{collections.longest_ms[1]:.0f}/{collections.longest_ms[2]:.0f} ms")
    print(f"   stalls over {meter.keep_over_ms:.0f} ms: {len(meter.stalls)}")
    for end, ms, stacks in sorted(meter.stalls, key=lambda s: -s[1])[:8]:
        inside = collections.during(end, ms)
        why = ", ".join(f"gen {g} collection {d:.0f} ms" for g, d in inside) or "no collection"
        print(f"     {ms:5.0f} ms at {end - meter_from:+7.1f} s of the memory run: {why}")
        for stack in stacks[:3]:  # where the GUI thread was (R running, S waiting …), innermost frame first
            print(f"         {stack[0]} in " + " < ".join(reversed(stack[-5:][1 if len(stack) <= 5 else 0:])))
        busy = meter.busy_during(end, ms)
        if busy:
            print("         CPU meanwhile: " + ", ".join(f"{name} {ms:.0f} ms" for name, ms in busy))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--enterprises", type=int, default=500, help="park size (40 points and 10 cameras each)")
    parser.add_argument("--minutes", type=float, default=None, help="length of the memory run (RSS after this long; default 30)")
    parser.add_argument("--quick", action="store_true", help="a 3-minute memory run and 100 trend points (unless given)")
    parser.add_argument("--history-url", default=None,
                        help="the reading history to load the trend from (default: a local SQLite history file here)")
    parser.add_argument("--trend-points", type=int, default=None, help="points given 24 h of history for the trend load (default 500)")
    parser.add_argument("--historians", type=int, default=2, help="duty-console historian processes writing into PostgreSQL")
    parser.add_argument("--database-url", default="",
                        help="the historians' PostgreSQL database, empty (default: a throw-away PostgreSQL started here)")
    parser.add_argument("--no-historian", action="store_true", help="no PostgreSQL, no historians, no trend load from PostgreSQL")
    args = parser.parse_args(argv)
    args.minutes = args.minutes or (3.0 if args.quick else 30.0)
    args.trend_points = args.trend_points or (100 if args.quick else 500)

    from PySide6.QtWidgets import QApplication

    from console.infrastructure import gil_handover, gui_thread_gc
    from console.infrastructure.embedded_broker import EmbeddedBroker
    from console.simulator.parkgen import build_park_plant

    app = QApplication.instance() or QApplication([])
    ingest.quiet_qt_warnings()
    ctx = mp.get_context("spawn")
    print(f"Park benchmark: {args.enterprises} enterprises, memory run {args.minutes:g} min; "
          f"{os.cpu_count()} CPUs, load average {load_average()} at the start", flush=True)
    registry = build_park_plant(args.enterprises)
    n_ent, n_points, n_cams = registry.counts()
    with tempfile.TemporaryDirectory(prefix="park-bench-") as tmp:
        work = Path(tmp)
        os.environ["XDG_DATA_HOME"] = str(work / "data")
        os.environ["XDG_CONFIG_HOME"] = str(work / "config")
        broker = EmbeddedBroker(work / "mosquitto")
        broker.start()
        rows: list[tuple[str, str, str, bool | None]] = []

        def line(name: str, value: str, target: str = "", ok: bool | None = None) -> None:
            rows.append((name, value, target, ok))
            verdict = "" if ok is None else ("met" if ok else "NOT MET")
            print(f"  {name:<46} {value:>26}   {target:<14} {verdict}", flush=True)

        keys = trend_keys(registry, args.trend_points)
        t0_trend = trend_start()
        database = None if args.no_historian else park_historian.Database(args.database_url)
        historians = None
        sampler = None
        pg_loads: list[float] = []
        try:
            if database is not None:
                url = database.start()
                print(f"0. PostgreSQL and {args.historians} historian(s)", flush=True)
                # In a process of its own: the day's 8.6 million readings laid down would otherwise leave their
                # heap in this process, the console's, and inflate the memory figures below.
                with ProcessPoolExecutor(1, mp_context=mp.get_context("spawn")) as pool:
                    took = pool.submit(park_historian.lay_down_day, database.conninfo(), keys, t0_trend).result()
                line(f"24 h x {len(keys)} points laid down, rolled up", f"in {took:.0f} s")
                historians = park_historian.Historians(args.historians, broker.host, broker.port, url, work)
                historians.start()
                line("historians subscribed ($share/historians/…)", f"{args.historians}")
            started = time.monotonic()
            gui_thread_gc.install(app)  # as console.shell.app.run: collection on the GUI thread only …
            gil_handover.install()  # as console.shell.app.run: the interpreter lock handed over after 0.5 ms
            console = ingest.ConsoleUnderTest(broker.host, broker.port, work, registry, window=True)
            gc.freeze()  # … and what start-up built kept out of its full passes
            line(f"plant: {n_ent} enterprises, {n_points:,} points, {n_cams:,} cameras",
                 f"console up in {time.monotonic() - started:.1f} s")
            core, window = console.core, console.window
            arrivals = ListArrivals(window.model)
            meter = StallMeter(sample_stacks=True)
            collections = GcTimer()
            collections.start()
            msgs, weights = ingest.gateway_batches(registry, ingest.CONSOLE_ROOT)
            rate = float(n_points)  # every point once a second
            total_s = 60 * args.minutes + 180  # the UI steps, intake window and alarm run come first
            background = ingest.Publishers(ctx, [ingest.Job("background", "paced", broker.host, broker.port, duration=total_s,
                                                            messages=msgs, weights=weights, rate=rate, fresh_ts=True)])
            go = background.go()
            rss_start = rss_mb()
            if database is not None:
                all_keys = [(e.code, code) for e in registry.enterprises() for code in e.points]
                sampler = park_historian.LagSampler(database.conninfo(), all_keys[:: max(1, len(all_keys) // park_historian.LAG_PROBES)])
                sampler.start()
            ingest.pump(5.0)  # the console takes in the park for a while first
            meter.start()
            lag_from = time.time()

            print("1. open and filter, with the park's readings coming in", flush=True)
            for step in ui_steps(window, meter, registry):
                line(step.name, f"{step.seconds * 1000:7.0f} ms, stall {step.stall_ms:5.0f} ms",
                     f"stall <= {TARGETS['stall']:.0f}", step.stall_ms <= TARGETS["stall"])

            print("2. intake sustained", flush=True)
            r0, c0, t0 = core.intake.readings, cpu_s(), time.monotonic()
            ingest.pump(20.0)
            r1, c1, t1 = core.intake.readings, cpu_s(), time.monotonic()
            per_s, share = (r1 - r0) / (t1 - t0), 100 * (c1 - c0) / (t1 - t0)
            line(f"readings handled (offered {rate:,.0f}/s)", f"{per_s:,.0f}/s", f">= {TARGETS['intake']:,.0f}/s",
                 per_s >= min(TARGETS["intake"], rate) * 0.98)
            line("  console CPU share (100 % = one core)", f"{share:.0f} %", "headroom", share < 100)

            print("3. alarm publish → alarm list, 20,000 readings/s going on", flush=True)
            sent, lat = alarm_latency(ctx, broker.host, broker.port, registry, arrivals, 20.0)
            p50, p99 = ingest.percentile(lat, 50), ingest.percentile(lat, 99)
            line(f"alarms in the list ({len(lat)} of {sent})", f"p50 {p50:.0f} ms, p99 {p99:.0f} ms",
                 f"p99 <= {TARGETS['alarm_p99']:.0f} ms", len(lat) == sent and p99 <= TARGETS["alarm_p99"])

            print("5. memory, the readings going on", flush=True)  # 4 (trend) runs after, without the console's load
            samples: list[tuple[float, float]] = []
            mem_start, window_from, taken_from = time.monotonic(), time.time(), core.intake.readings
            while (elapsed := time.monotonic() - mem_start) < 60 * args.minutes:
                samples.append((elapsed, rss_mb()))
                ingest.pump(min(10.0, 60 * args.minutes - elapsed))
            samples.append((time.monotonic() - mem_start, rss_mb()))
            window_to, taken = time.time(), core.intake.readings - taken_from
            base_at = min(300.0, 60 * args.minutes / 5)
            base = next(mb for at, mb in samples if at >= base_at)
            end_mb = samples[-1][1]
            growth = 100 * (end_mb - base) / base
            line(f"RSS at the start / after {base_at / 60:g} min", f"{rss_start:.0f} / {base:.0f} MB")
            line(f"RSS after {args.minutes:g} min", f"{end_mb:.0f} MB", f"<= {TARGETS['rss_mb']:.0f} MB", end_mb <= TARGETS["rss_mb"])
            line(f"  growth after the first {base_at / 60:g} min", f"{growth:+.1f} %", f"<= {TARGETS['growth']:.0f} %",
                 growth <= TARGETS["growth"])
            readings = core.intake.readings
            line("readings taken in over the run", f"{readings:,} ({readings / (time.monotonic() - go):,.0f}/s)")
            meter.stop()
            line("longest GUI stall over the run", f"{meter.longest_ms:.0f} ms", f"<= {TARGETS['stall']:.0f} ms",
                 meter.longest_ms <= TARGETS["stall"])
            collections.stop()
            print_stalls(meter, collections, meter_from=mem_start)
            if database is not None:
                print("4a. trend load from PostgreSQL, the historians writing the park's readings", flush=True)
                pg_loads = park_historian.trend_loads(database.url, keys, t0_trend, lambda: ingest.pump(0.05))
                p95 = float(np.percentile(pg_loads, 95))
                line(f"24 h load, PostgreSQL ({len(keys)} points x 24 h)", f"mean {np.mean(pg_loads):.0f} ms, p95 {p95:.0f} ms",
                     f"<= {TARGETS['trend']:.0f} ms", p95 <= TARGETS["trend"])
            if sampler is not None:
                sampler.stop()
            background.stop()
            console.close()
            if historians is not None and database is not None and sampler is not None:
                ingest.pump(2.0)  # the last readings through the broker
                reports = historians.last_report()
                status = historians.stop()
                print("7. historian: rows into PostgreSQL and lag", flush=True)
                counted = park_historian.rows_between(database.conninfo(), window_from, window_to)
                span = window_to - window_from
                line(f"rows/s over the memory run ({span / 60:.1f} min)", f"{counted / span:,.0f}/s",
                     f">= {rate:,.0f}/s", counted / span >= rate * 0.98)
                line("  readings the console took in meanwhile", f"{taken:,} ({taken / span:,.0f}/s)")
                line("  rows of those minutes in PostgreSQL", f"{counted:,}")
                lags = sampler.lags(lag_from, window_to)
                if lags:
                    lp50, lp95 = ingest.percentile(lags, 50), ingest.percentile(lags, 95)
                    line(f"historian lag ({len(lags)} samples)", f"p50 {lp50:.2f}, p95 {lp95:.2f}, max {max(lags):.2f} s",
                         f"<= {TARGETS['lag_s']:.0f} s", max(lags) <= TARGETS["lag_s"])
                else:
                    line("historian lag", "no sample", f"<= {TARGETS['lag_s']:.0f} s", False)
                for i, (report, code) in enumerate(zip(reports, status, strict=True)):
                    line(f"  historian {i} (exit {code}), its last minute", report[:60])
        finally:
            if sampler is not None:
                sampler.stop()
            if historians is not None:
                historians.stop()
            broker.stop()
            if database is not None:
                database.stop()

        print("4b. trend load from the local history (SQLite), console stopped", flush=True)
        laid, loads = trend_load(args.history_url, work, registry, args.trend_points)
        p95 = float(np.percentile(loads, 95))
        line(f"24 h load, local SQLite ({laid} points x 24 h)", f"mean {np.mean(loads):.0f} ms, p95 {p95:.0f} ms",
             f"<= {TARGETS['trend']:.0f} ms", p95 <= TARGETS["trend"])
    print(f"load average at the end: {load_average()}")
    missed = [r[0] for r in rows if r[3] is False]
    print("targets: all met" if not missed else f"targets NOT MET: {', '.join(missed)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
