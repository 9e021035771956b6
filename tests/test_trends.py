"""The trend panel: what is drawn (plot item data and pixel probes), live following, pause,
alarm marks, units, export; and its decimation against a plain computation."""

from __future__ import annotations

import csv
import math

import numpy as np
import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor

from console.services.alarm_feed import AlarmFeed
from console.domain.alarms import AlarmBook, AlarmRaise, Priority
from console.domain.clock import ManualClock
from console.services.history.service import HistoryService
from console.services.history.trend_source import TrendSettings, TrendSource
from console.services.history.wiring import open_store
from console.infrastructure.background import Background
from console.infrastructure.mailbox import Dispatcher
from console.domain.plant import Enterprise, PlantRegistry, Point
from console.domain.protocol import Reading
from console.infrastructure.store.engine import make_engine
from console.infrastructure.store.migrations import upgrade
from console.infrastructure.store.writer import DutyLogWriter
from widgets import priority as look
from widgets.trends.decimate import TraceData
from widgets.trends.plot import threshold_colour
from widgets.trends.view import TrendView

T0 = 1_767_225_600.0
ENT = "91350200MA2TEST001"


def make_registry() -> PlantRegistry:
    points = {
        "PT-101": Point("PT-101", ENT, "反应釜压力", "pressure", "MPa", 0.0, 4.0, ll=0.5, l=1.0, h=3.0, hh=3.5),
        "PT-102": Point("PT-102", ENT, "出口压力", "pressure", "MPa", 0.0, 4.0),
        "TT-201": Point("TT-201", ENT, "反应温度", "temperature", "℃", 0.0, 200.0, h=150.0),
    }
    return PlantRegistry({ENT: Enterprise(ENT, "测试化工", points)})


class Env:
    def __init__(self, qtbot, tmp_path) -> None:
        self.qtbot = qtbot
        self.clock = ManualClock(T0 + 3600)
        self.dispatcher = Dispatcher()
        engine = make_engine(f"sqlite:///{tmp_path / 'duty-log.sqlite'}")
        upgrade(engine)
        self.writer = DutyLogWriter(engine, self.dispatcher.run_on_main)
        self.book = AlarmBook(self.clock, "test-station")
        self.feed = AlarmFeed(self.book)
        url = f"sqlite:///{tmp_path / 'readings.sqlite'}"
        self.history = HistoryService(lambda: open_store(url, self.clock.now, 30, 365), self.dispatcher.run_on_main, flush_s=3600)
        self.source = TrendSource(self.history, self.writer, make_registry(), self.feed, self.clock.now,
                                  Background(self.dispatcher.run_on_main), TrendSettings(window_min=60, alarm_window_min=10, gap_s=10.0, export_dir=str(tmp_path / "exports")))
        self.view = TrendView(self.source)
        qtbot.addWidget(self.view)
        self.view.resize(1200, 600)
        self.view.show()
        qtbot.waitExposed(self.view)

    def store(self, point: str, start: float, values) -> None:
        """Readings into the history (as the intake hands them over), one a second."""
        self.history.put([Reading(ENT, point, float(v), start + i) for i, v in enumerate(values)])

    def add(self, point: str) -> None:
        """Add a point and wait for its history to be drawn."""
        done = []
        self.source.loaded.connect(done.append)
        self.view.add_point(ENT, point)
        self.qtbot.waitUntil(lambda: bool(done), timeout=5000)
        self.source.loaded.disconnect(done.append)
        self.view.redraw()

    def curve(self, point: str):
        return self.view.plot.curves[(ENT, point)]

    def image(self):
        self.view.plot.viewport().repaint()
        return self.view.plot.grab().toImage()

    def pixel_of(self, x: float, y: float) -> tuple[int, int]:
        """Data coordinates → pixel in the grabbed plot image."""
        plot = self.view.plot
        point = plot.mapFromScene(plot.view.mapViewToScene(QPointF(x, y)))
        ratio = plot.grab().devicePixelRatio()
        return round(point.x() * ratio), round(point.y() * ratio)

    def close(self) -> None:
        self.view.timer.stop()
        self.history.close()
        self.writer.close()


@pytest.fixture
def env(qtbot, tmp_path):
    e = Env(qtbot, tmp_path)
    yield e
    e.close()


def near(colour: QColor, want: QColor, tolerance: int = 40) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(colour.getRgb()[:3], want.getRgb()[:3], strict=True))


def column_count(image, x: int, want: QColor, tolerance: int = 30) -> int:
    return sum(near(image.pixelColor(x, y), want, tolerance) for y in range(image.height()))


def column_has(image, x: int, want: QColor, tolerance: int = 40) -> bool:
    return any(near(image.pixelColor(x, y), want, tolerance) for y in range(image.height()))


def test_threshold_lines_at_the_points_limits(env):
    env.store("PT-101", T0, [2.0 + 0.5 * math.sin(i / 60) for i in range(3600)])
    env.add("PT-101")
    lines = {t.condition: t for t in env.view.plot.thresholds}
    assert {c: t.value for c, t in lines.items()} == {"LL": 0.5, "L": 1.0, "H": 3.0, "HH": 3.5}
    assert {c: t.item.value() for c, t in lines.items()} == {"LL": 0.5, "L": 1.0, "H": 3.0, "HH": 3.5}  # one unit: real axis
    assert env.view.plot.getPlotItem().getAxis("left").labelText == "MPa"
    # Pixel probe: the H line is drawn in its alarm colour at 3.0 MPa, at the left quarter of the plot.
    image = env.image()
    x, y = env.pixel_of(T0 + 900, 3.0)
    want = threshold_colour("H")
    assert any(near(image.pixelColor(x + dx, y + dy), want) for dx in range(0, 12) for dy in (-1, 0, 1))
    assert not any(near(image.pixelColor(x + dx, y - 25), want) for dx in range(0, 12))


def test_a_gap_in_the_data_is_drawn_as_a_gap(env):
    values = [1.5 + 0.001 * i for i in range(3600)]
    env.store("PT-101", T0, values[:1200])
    env.store("PT-101", T0 + 2400, values[2400:])  # 20 minutes without readings (a communication loss)
    env.add("PT-101")
    x, y = env.curve("PT-101").getData()
    inside = (x > T0 + 1199) & (x < T0 + 2400)
    assert not np.isfinite(y[inside]).any()
    assert np.isfinite(y[x < T0 + 1199]).all() and np.isfinite(y[x > T0 + 2400]).all()
    finite = np.isfinite(y)
    between = np.flatnonzero((x[:-1] <= T0 + 1199) & (x[1:] >= T0 + 2400) & finite[:-1] & finite[1:])
    assert len(between) == 0  # never a segment across the gap: a NaN sits between the two sides
    assert np.isnan(y[np.searchsorted(x, T0 + 1199.5)])
    # Pixel probe: a column in the gap has no curve pixel, a column with data has.
    image = env.image()
    ink = QColor("#1B1B1B")
    assert column_has(image, env.pixel_of(T0 + 600, 0)[0], ink, 30)
    assert not column_has(image, env.pixel_of(T0 + 1800, 0)[0], ink, 30)
    assert env.view.plot.getPlotItem().getAxis("left").labelText == "MPa"


def test_selecting_an_alarm_shows_its_point_around_it_with_the_alarm_mark(env):
    env.store("PT-101", T0, [2.0 + i / 2000 for i in range(3600)])
    change = env.book.raise_alarm(AlarmRaise(ENT, "PT-101", "H", Priority.HIGH, T0 + 2000, 3.0, 3.0))
    got = []
    env.source.alarms_loaded.connect(got.append)
    env.view.show_alarm(change.alarm)
    env.qtbot.waitUntil(lambda: bool(got) and len(env.view.plot.marks) == 1, timeout=5000)
    assert not env.view.live
    assert env.view.view_range() == (T0 + 2000 - 600, T0 + 2000 + 600)
    env.view.redraw()
    x0, x1 = env.view.plot.view.viewRange()[0]
    assert (x0, x1) == pytest.approx((T0 + 1400, T0 + 2600), abs=0.01)
    mark = env.view.plot.marks[0]
    assert mark.item.value() == T0 + 2000 and mark.mark.condition == "H"
    image = env.image()
    x, _y = env.pixel_of(T0 + 2000, 0)
    orange = look.COLOURS[Priority.HIGH]
    tall = image.height() // 2  # a vertical line down the plot, not the H limit crossing the column
    assert max(column_count(image, x + dx, orange) for dx in (-1, 0, 1)) > tall
    assert column_count(image, env.pixel_of(T0 + 1700, 0)[0], orange) < 10
    assert list(env.view.traces) == [(ENT, "PT-101")]


def test_a_new_alarm_on_a_shown_point_is_marked_live(env):
    env.store("PT-101", T0, [2.0] * 60)
    env.add("PT-101")
    env.book.raise_alarm(AlarmRaise(ENT, "PT-101", "HH", Priority.CRITICAL, T0 + 3590, 3.6, 3.5))
    env.qtbot.waitUntil(lambda: any(m.mark.condition == "HH" for m in env.view.plot.marks), timeout=5000)
    assert [m.item.value() for m in env.view.plot.marks if m.mark.condition == "HH"] == [T0 + 3590]


def test_the_window_follows_live_data_and_pause_holds_it(env, qtbot):
    env.view.set_window(300)
    env.add("PT-101")
    now = env.clock.now()
    for k in range(30):  # half a minute of live readings, as the intake relays them
        env.clock.advance(1)
        env.source.on_readings([Reading(ENT, "PT-101", 1.0 + k / 10, env.clock.now())])
    qtbot.waitUntil(lambda: env.view.plot.view.viewRange()[0][1] == pytest.approx(now + 30, abs=0.01), timeout=2000)  # the live tick
    x0, x1 = env.view.plot.view.viewRange()[0]
    assert (x0, x1) == pytest.approx((now + 30 - 300, now + 30), abs=0.01)
    x, y = env.curve("PT-101").getData()
    assert x[-1] == now + 30 and y[-1] == pytest.approx(3.9)

    env.view.toggle_pause()
    assert env.view.pause_button.text() == "Resume live"
    env.clock.advance(60)
    env.source.on_readings([Reading(ENT, "PT-101", 2.5, env.clock.now())])
    env.view.redraw()
    assert env.view.plot.view.viewRange()[0][1] == pytest.approx(now + 30, abs=0.01)  # held
    env.view.toggle_pause()
    env.view.redraw()
    assert env.view.plot.view.viewRange()[0][1] == pytest.approx(now + 90, abs=0.01)
    assert env.curve("PT-101").getData()[1][-1] == 2.5


def test_pan_with_the_mouse_pauses_and_loads_older_history(env, qtbot):
    env.store("PT-101", T0, [1.0] * 3600)
    env.view.set_window(300)
    env.add("PT-101")
    x0 = env.view.plot.view.viewRange()[0][0]
    got = []
    env.source.loaded.connect(got.append)
    env.view.plot.view.translateBy(x=-1800)
    env.view.plot.view.sigRangeChangedManually.emit([True, False])
    assert not env.view.live
    qtbot.waitUntil(lambda: bool(got), timeout=5000)
    env.view.redraw()
    assert env.view.plot.view.viewRange()[0][0] == pytest.approx(x0 - 1800, abs=0.01)
    x, _y = env.curve("PT-101").getData()
    assert x.min() <= x0 - 1800


def test_mixed_units_are_normalised_and_read_out_in_their_own_units(env):
    env.store("PT-101", T0, [2.0] * 3600)
    env.store("TT-201", T0, [100.0] * 3600)
    env.add("PT-101")
    env.add("TT-201")
    assert env.view.normalised
    assert env.view.plot.getPlotItem().getAxis("left").labelText == "% of range"
    assert env.curve("PT-101").getData()[1][-1] == pytest.approx(50.0)  # 2 MPa of 0–4 MPa
    assert env.curve("TT-201").getData()[1][-1] == pytest.approx(50.0)
    tt_h = [t for t in env.view.plot.thresholds if t.key == (ENT, "TT-201")][0]
    assert tt_h.value == 150.0 and tt_h.item.value() == pytest.approx(75.0)
    env.view._read_out(T0 + 1800.5)
    assert "PT-101 2 MPa" in env.view.readout.text() and "TT-201 100 ℃" in env.view.readout.text()
    env.view._read_out(T0 + 3600 + 50)  # after the last reading by more than the gap
    assert "no data" in env.view.readout.text()
    env.view.remove_point((ENT, "TT-201"))
    assert not env.view.normalised and env.view.legend.count() == 1


def test_export_visible_data_as_csv_and_the_picture_as_png(env, qtbot):
    values = [round(1.0 + i * 0.013, 3) for i in range(3600)]
    env.store("PT-101", T0, values)
    env.view.set_window(600)
    env.add("PT-101")
    with qtbot.waitSignal(env.view.export_done, timeout=5000) as done:
        env.view.export_csv()
    with open(done.args[0], encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0][:3] == ["Time", "Enterprise", "Point"]
    assert [float(r[5]) for r in rows[1:]] == values[3000:]  # the 10 minutes in view, exactly
    with qtbot.waitSignal(env.view.export_done, timeout=5000) as done:
        env.view.export_png()
    with open(done.args[0], "rb") as f:
        assert f.read(8) == b"\x89PNG\r\n\x1a\n"


def test_decimation_keeps_every_peak_and_the_live_tail_matches_a_rebuild():
    rng = np.random.default_rng(7)
    t = T0 + np.arange(86_400.0)
    v = rng.normal(0, 1, len(t))
    v[43_210] = 50.0  # a one-second spike in a day
    v[70_000] = -40.0
    live = TraceData(gap_s=10)
    live.merge(t[:80_000], v[:80_000])
    live.drawn(t[0], t[-1], 1500)  # the level exists; the rest arrives live
    for k in range(80_000, len(t)):
        live.append(t[k], v[k])
    x, y = live.drawn(t[0], t[-1], 1500)
    fresh = TraceData(gap_s=10)
    fresh.merge(t, v)
    x2, y2 = fresh.drawn(t[0], t[-1], 1500)
    assert np.array_equal(x, x2) and np.array_equal(y, y2)
    assert len(x) <= 2 * 1500 + 4
    assert y.max() == 50.0 and y.min() == -40.0
    # Per bucket the drawn min and max are exactly those of the samples in it.
    width = TraceData.width_for(t[-1] - t[0], 1500)
    ids = np.floor(t / width)
    for bucket in np.unique(ids)[::97]:
        inside = v[ids == bucket]
        pos = np.flatnonzero(x == (bucket + 0.5) * width)
        assert sorted(y[pos]) == [inside.min(), inside.max()]


def test_few_samples_are_drawn_as_they_are():
    data = TraceData(gap_s=10)
    data.merge(np.array([T0, T0 + 1, T0 + 2, T0 + 30, T0 + 31]), np.array([1.0, 2.0, 3.0, 4.0, 5.0]))
    x, y = data.drawn(T0, T0 + 60, 1000)
    assert x.tolist()[:3] == [T0, T0 + 1, T0 + 2] and np.isnan(y[3]) and y.tolist()[4:] == [4.0, 5.0]
    assert data.value_at(T0 + 2.5) == 3.0 and data.value_at(T0 + 20) is None


def test_the_live_tick_runs_only_with_curves_on_screen(env):
    """An empty or hidden trend does not redraw ten times a second while the console idles."""
    view = env.view
    assert view.isVisible() and not view.traces and not view.timer.isActive()  # empty: nothing to follow
    env.store("PT-101", T0, [1.0] * 10)
    env.add("PT-101")
    assert view.timer.isActive()  # a curve on screen: the window follows the clock
    view.hide()
    assert not view.timer.isActive()  # a closed panel or another tab: no ticks
    view.show()
    assert view.timer.isActive()
    view.clear_points()
    assert not view.timer.isActive()
