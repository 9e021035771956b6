"""The real window with the park's plant (500 enterprises, 20,000 points): the enterprise
overview and the points view open, filter and sort without holding the GUI thread.

Measured as GUI-thread stall: the lateness of a 5 ms timer (tests/helpers/stall_meter.py) from the
first action to the last. Bound: 1 s. The product's target is 200 ms (benchmarks/park.py measures
it: 40-60 ms on this machine); the test allows five times that because it runs on a shared 2-core
machine under other work (load average 6-10 while it was written), where the scheduler alone can
keep a runnable thread waiting for a hundred milliseconds and more. It still catches what it is for:
sorting the points view through a QSortFilterProxyModel held the GUI thread for 5-10 s.
"""

from __future__ import annotations

import gc

import pytest
from PySide6.QtCore import Qt

from console.simulator.parkgen import build_park_plant
from tests.helpers.console import RunningConsole
from widgets.points_view import SORT_ROLE
from tests.helpers.stall_meter import StallMeter

BOUND_MS = 1000.0
SETTLE_TICKS = 20  # after each action: the meter's timer has run this often again (layout and paint done)


@pytest.fixture(scope="module")
def park():
    return build_park_plant()


@pytest.fixture
def running(qtbot, make_settings, park):
    console = RunningConsole(qtbot, make_settings(), registry=park)
    gc.freeze()  # as console.shell.app.run does after start-up: the plant stays out of full collections
    yield console
    gc.unfreeze()
    console.close()


def test_overview_and_points_view_open_filter_and_sort_without_stalling(qtbot, running, park):
    window = running.window
    meter = StallMeter()
    steps: list[tuple[str, float]] = []

    def step(name: str, action, done) -> None:
        before = meter.longest_ms
        meter.longest_ms = 0.0
        action()
        qtbot.waitUntil(done, timeout=10_000)
        ticks = meter.ticks
        qtbot.waitUntil(lambda: meter.ticks >= ticks + SETTLE_TICKS, timeout=10_000)
        steps.append((name, meter.longest_ms))
        meter.longest_ms = max(before, meter.longest_ms)

    panel, points = window._overview_panel, window.points
    some = park.enterprises()[123]
    brand = some.name[4:6]
    meter.start()
    try:
        step("overview: open", lambda: window.show_panel("overview"), lambda: panel.isVisible())
        step("overview: find", lambda: panel.search.setText(brand), lambda: 1 <= panel.visible_enterprises() < 500)
        step("overview: clear", lambda: panel.search.setText(""), lambda: panel.visible_enterprises() == 500)
        step("points: open", lambda: window.show_panel("points"), lambda: points.isVisible())
        step("points: filter", lambda: points.filter.setText(f"{brand} 温度"),
             lambda: 0 < points.proxy.rowCount() < 20_000)
        step("points: sort by enterprise", lambda: points.table.sortByColumn(0, Qt.SortOrder.AscendingOrder),
             lambda: True)
        step("points: clear, sorted", lambda: points.filter.setText(""), lambda: points.proxy.rowCount() == 20_000)
        step("points: sort by name, descending", lambda: points.table.sortByColumn(3, Qt.SortOrder.DescendingOrder),
             lambda: True)
    finally:
        meter.stop()
    assert points.model.rowCount() == 20_000
    ranks = [points.proxy.index(r, 3).data(SORT_ROLE) for r in range(0, 20_000, 97)]
    assert ranks == sorted(ranks, reverse=True) and ranks[0] > ranks[-1]  # by point name, descending
    worst = max(steps, key=lambda s: s[1])
    assert worst[1] <= BOUND_MS, f"GUI stall {worst[1]:.0f} ms at '{worst[0]}' (bound {BOUND_MS:.0f} ms): {steps}"
