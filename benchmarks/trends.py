"""Trends and reading history benchmark (issue 5).

    .venv/bin/python benchmarks/trends.py [--quick]

Printed, with the targets:

1. Redraw time per live tick (mean and p95) of the console's trend panel (widgets.trends.view,
   offscreen, 1600x900) with 16 and with 64 curves, each holding 24 h of 1 Hz history, the
   24 h window following the clock at 10 ticks a second; every curve gets one new reading a
   second (a tenth of them each tick). A tick is timed from handing over the readings to the
   end of a synchronous repaint of the plot. Baseline in the same run: the straightforward
   pyqtgraph set-up (PlotDataItem with all samples, peak downsampling, clip to view, setData
   per new reading). Targets: 16 curves <= 50 ms, 64 curves <= 100 ms.
2. CPU share of storing the simulated plant (648 points at 1 Hz) on the history thread: one
   simulated hour (``--quick``: 15 minutes) of readings from console.simulator handed over as
   the intake does, flushed every 60 simulated seconds, the hour sealed; the history thread's
   CPU time divided by the simulated time. Target <= 5 % of one core.
3. Time to load 24 h of one point from disk: a history file holding a full day of all 648
   points (sealed hour blocks, as compaction leaves them), opened anew, 20 loads of different
   points. Target <= 100 ms.
4. Disk used per day at that load: the size of that file (and x30). Target: 30 days <= 2 GB.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402

T0 = 1_767_225_600.0
DAY = 86_400
TARGETS = {"tick16": 50.0, "tick64": 100.0, "cpu": 5.0, "load": 100.0, "disk30": 2.0}


def plant_values(seconds: int, seed: int = 1):
    """(registry, keys, values[seconds, points]) from the demo plant's simulator."""
    from console.simulator.engine import PlantSimulator
    from console.simulator.plantgen import build_demo_plant

    registry = build_demo_plant()
    sim = PlantSimulator(registry, seed=seed)
    keys = [(p.enterprise, p.code) for p in sim.points]
    values = np.empty((seconds, len(keys)))
    for i in range(seconds):
        step = sim.step(T0 + i, 1.0)
        values[i] = [v for b in step.batches for _c, v in b[2]]
    return registry, keys, values


# -- 1. redraw per tick ------------------------------------------------------------
class FakeClock:
    def __init__(self, now: float) -> None:
        self.t = now

    def now(self) -> float:
        return self.t


def tick_times(n_curves: int, ticks: int, baseline: bool) -> list[float]:
    from PySide6.QtWidgets import QApplication

    from console.domain.protocol import Reading

    app = QApplication.instance() or QApplication([])
    rng = np.random.default_rng(n_curves)
    t = T0 + np.arange(float(DAY))
    data = [np.round(np.cumsum(rng.normal(0, 0.05, DAY)) + 50, 2) for _ in range(n_curves)]
    clock = FakeClock(t[-1] + 0.05)
    if baseline:
        import pyqtgraph as pg

        widget = pg.PlotWidget(axisItems={"bottom": pg.DateAxisItem()})
        widget.getPlotItem().setDownsampling(auto=True, mode="peak")
        widget.getPlotItem().setClipToView(True)
        series = [[t.copy(), d.copy()] for d in data]
        items = [widget.plot(s[0], s[1], pen=pg.mkPen("#333333")) for s in series]
        widget.resize(1600, 900)
        widget.show()

        def feed(k: int, at: float, value: float) -> None:
            s = series[k]
            s[0] = np.append(s[0], at)
            s[1] = np.append(s[1], value)
            items[k].setData(s[0], s[1])

        def move() -> None:
            widget.setXRange(clock.t - DAY, clock.t, padding=0)

        surface = widget.viewport()
    else:
        from console.services.history.store import Series
        from console.services.history.trend_source import SeriesAnswer
        from widgets.trends.view import TrendView

        source = _BenchSource(clock)
        view = TrendView(source)
        view.timer.stop()  # ticks are driven here, to time them
        view.resize(1600, 900)
        view.show()
        view.set_window(DAY)
        for k in range(n_curves):
            view.add_point("E", f"P{k:03d}")
        for token, _e, point, start, end in source.requests:
            k = int(point[1:])
            source.loaded.emit(SeriesAnswer(token, "E", point, start, end, Series(times=t, values=data[k])))
        pending: list = []

        def feed(k: int, at: float, value: float) -> None:
            pending.append(Reading("E", f"P{k:03d}", value, at))

        def move() -> None:
            source.readings.emit(list(pending))
            pending.clear()
            view.tick()

        surface = view.plot.viewport()
    app.processEvents()
    move()
    surface.repaint()
    times = []
    for tick in range(ticks):
        started = time.perf_counter()
        clock.t += 0.1
        for k in range(n_curves):
            if (k + tick) % 10 == 0:
                feed(k, round(clock.t, 1), 50.0 + rng.normal(0, 1))
        move()
        surface.repaint()
        times.append((time.perf_counter() - started) * 1000)
    surface.window().close()
    app.processEvents()
    return times


class _BenchSource:
    """The TrendSource interface without a database (the figure is about drawing)."""

    def __init__(self, clock: FakeClock) -> None:
        from PySide6.QtCore import QObject, Signal

        from console.services.history.trend_source import TrendSettings

        class Signals(QObject):
            readings = Signal(object)
            loaded = Signal(object)
            alarms_loaded = Signal(object)
            alarm_changed = Signal(object)

        self._signals = Signals()
        for name in ("readings", "loaded", "alarms_loaded", "alarm_changed"):
            setattr(self, name, getattr(self._signals, name))
        self.now = clock.now
        self.settings = TrendSettings(window_min=1440)
        self.requests: list = []

    def points(self):
        return []

    def point(self, enterprise, code):
        return None

    def enterprise_name(self, code):
        return code

    def load(self, token, enterprise, point, start, end) -> None:
        self.requests.append((token, enterprise, point, start, end))

    def load_alarms(self, token, points, start, end) -> None:
        pass


def stats(times: list[float]) -> tuple[float, float]:
    return statistics.fmean(times), float(np.percentile(times, 95))


# -- 2. storing ------------------------------------------------------------------------
def storing_cpu(folder: Path, seconds: int) -> tuple[float, float, int]:
    """(CPU % of one core, GUI-thread µs per second of readings, readings stored)."""
    from PySide6.QtCore import QCoreApplication

    from console.services.history.service import HistoryService
    from console.services.history.wiring import open_store
    from console.domain.protocol import Reading

    QCoreApplication.instance() or QCoreApplication([])
    _registry, keys, values = plant_values(seconds)
    batches = [[Reading(e, p, float(v), T0 + i) for (e, p), v in zip(keys, row, strict=True)] for i, row in enumerate(values)]
    clock = FakeClock(T0)
    service = HistoryService(lambda: open_store(f"sqlite:///{folder / 'store.sqlite'}", clock.now, 30, 365),
                             lambda fn, *a: fn(*a), flush_s=1e9)
    gui = 0.0
    for i, batch in enumerate(batches):
        clock.t = T0 + i + 1
        started = time.thread_time()
        service.put(batch)
        gui += time.thread_time() - started
        if (i + 1) % 60 == 0:
            service.flush_now()
    clock.t = T0 + seconds + 3600  # the hour is over: sealing runs
    service.flush_now()
    service.close()
    return 100.0 * service.cpu_s / seconds, 1e6 * gui / seconds, len(keys) * seconds


# -- 3 and 4. a day on disk ----------------------------------------------------------------
def day_on_disk(folder: Path, hours: int) -> tuple[Path, list, int]:
    from console.services.history.wiring import open_store

    path = folder / "day.sqlite"
    store = open_store(f"sqlite:///{path}", lambda: T0 + DAY, 30, 365)
    keys = None
    for hour in range(hours):
        _registry, keys, values = plant_values(3600, seed=100 + hour)
        times = (np.arange(3600) * 1000 + round((T0 + hour * 3600) * 1000)).astype(np.int64)
        for j, key in enumerate(keys):
            store.write_sealed_hour(key, times, values[:, j])
    while store.maintain():
        pass
    store.close()
    import sqlite3

    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("VACUUM")
    return path, keys, path.stat().st_size


def load_times(path: Path, keys: list, n: int = 20) -> list[float]:
    from console.services.history.wiring import open_store

    store = open_store(f"sqlite:///{path}", lambda: T0 + DAY, 30, 365)
    out = []
    for key in keys[:: max(1, len(keys) // n)][:n]:
        started = time.perf_counter()
        series = store.read(key[0], key[1], T0, T0 + DAY)
        out.append((time.perf_counter() - started) * 1000)
        assert len(series.times) > 0
    store.close()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer ticks, 15 simulated minutes, 3 hours on disk (x8)")
    args = parser.parse_args()
    ticks = 60 if args.quick else 200
    rows = []

    def line(name: str, value: str, target: str, ok: bool | None) -> None:
        rows.append((name, value, target, "" if ok is None else ("met" if ok else "NOT MET")))
        print(f"{name:<48} {value:>22}   {target:<16} {rows[-1][3]}", flush=True)

    print(f"{'figure':<48} {'measured':>22}   {'target':<16}")
    for n in (16, 64):
        mean, p95 = stats(tick_times(n, ticks, baseline=False))
        line(f"redraw per live tick, {n} curves x 24 h (console)", f"{mean:.1f} ms (p95 {p95:.1f})",
             f"<= {TARGETS[f'tick{n}']:.0f} ms", p95 <= TARGETS[f"tick{n}"])
        base_mean, base_p95 = stats(tick_times(n, max(10, ticks // (4 if n == 16 else 10)), baseline=True))
        line("  baseline: plain pyqtgraph, peak downsampling", f"{base_mean:.1f} ms (p95 {base_p95:.1f})", "", None)

    with tempfile.TemporaryDirectory() as tmp:
        seconds = 900 if args.quick else 3600
        cpu, gui_us, count = storing_cpu(Path(tmp), seconds)
        line(f"storing 648 points at 1 Hz ({count:,} readings)", f"{cpu:.2f} % of a core", f"<= {TARGETS['cpu']:.0f} %", cpu <= TARGETS["cpu"])
        line("  of which on the GUI thread (hand-over)", f"{gui_us:.0f} us per second", "", None)

        hours = 3 if args.quick else 24
        path, keys, size = day_on_disk(Path(tmp), hours)
        per_day = size * 24 / hours
        loads = load_times(path, keys)
        mean, p95 = stats(loads)
        line(f"load 24 h of one point from disk ({hours} h laid down)", f"{mean:.1f} ms (p95 {p95:.1f})", f"<= {TARGETS['load']:.0f} ms",
             p95 <= TARGETS["load"])
        line("disk per day, 648 points at 1 Hz", f"{per_day / 1e6:.1f} MB", "", None)
        line("disk for 30 days (full resolution)", f"{30 * per_day / 1e9:.2f} GB", f"<= {TARGETS['disk30']:.0f} GB",
             30 * per_day / 1e9 <= TARGETS["disk30"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
