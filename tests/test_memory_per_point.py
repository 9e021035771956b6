"""What the console keeps per point does not grow with the readings (issue 17: a park of 20,000
points read once a second must stay under 500 MB).

The real console (core and main window) with a generated park of 1,000 points takes the readings of
every point, round after round, through its intake's slot, as from the broker. Python memory is
measured with tracemalloc after the reading history has written its unwritten minute. Bounds:

* at most ``PER_POINT_BYTES`` (2,000) a point for everything the first 30 readings of each point
  leave behind (last value, evaluation state, the history's series id …; about 600 measured).
  Keeping 15 minutes of readings per point in memory, as the alarm detail once did, fails (8,100);
* at most ``GROWTH_BYTES`` (100) a point more after 30 more readings of each: nothing keeps a
  reading once it is written (about 20 measured).
"""

from __future__ import annotations

import gc
import time
import tracemalloc

from console.domain import protocol
from console.simulator import PlantSimulator
from console.simulator.parkgen import build_park_plant
from tests.helpers.console import RunningConsole

ENTERPRISES = 25  # 1,000 points: 40 a site on average
PER_POINT_BYTES = 2_000
GROWTH_BYTES = 100
ROUNDS = 30


def test_memory_per_point_is_bounded_and_does_not_grow_with_readings(qtbot, make_settings):
    registry = build_park_plant(ENTERPRISES)
    points = registry.counts()[1]
    running = RunningConsole(qtbot, make_settings(), registry=registry, connect=False)
    core = running.core
    topics = protocol.Topics(core.settings["broker.topic_root"])
    simulator = PlantSimulator(registry, seed=3, excursions_per_hour=0.0)
    start = time.time() - 3 * ROUNDS  # one reading a second per point, all of it in the past
    steps = [simulator.step(start + k, 1.0 if k else 0.0) for k in range(2 * ROUNDS)]

    def feed(first: int) -> None:
        for k in range(first, first + ROUNDS):
            received = time.time()
            items = [(topics.readings(ent, gw), protocol.encode_readings(readings, start + k), received)
                     for ent, gw, readings in steps[k].batches]
            core.intake.on_messages(items)

    def settled() -> int:
        """Python memory once the history has written what it holds."""
        flushed: list[object] = []
        assert core.history is not None
        core.history.flush_now(flushed.append)
        qtbot.waitUntil(lambda: bool(flushed), timeout=30_000)
        gc.collect()
        return tracemalloc.get_traced_memory()[0]

    tracemalloc.start()
    try:
        before = settled()
        feed(0)
        after_first = settled()
        feed(ROUNDS)
        after_second = settled()
    finally:
        tracemalloc.stop()
        running.close()
    assert core.intake.readings == 2 * ROUNDS * points
    per_point = (after_first - before) / points
    growth = (after_second - after_first) / points
    assert per_point <= PER_POINT_BYTES, f"{per_point:.0f} bytes a point after {ROUNDS} readings each"
    assert growth <= GROWTH_BYTES, f"{growth:.0f} bytes a point more after {ROUNDS} more readings each"
