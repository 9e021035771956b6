"""The alarm detail's recent readings, kept compact for a park of 20,000 points."""

from __future__ import annotations

import sys

import pytest

from console.domain.protocol import Reading
from console.domain.recent_readings import MAX_TICK, TICKS_PER_S, RecentReadings

T = 1_767_225_600.0  # 2026-01-01T00:00:00Z


def test_readings_come_back_in_order_to_the_hundredth_of_a_second():
    recent = RecentReadings(keep=5)
    recent.add([Reading("E", "P", 10.0 + k / 3, T + k * 1.01, "good") for k in range(8)])
    got = recent.around("E", "P", T, T + 100)
    assert [round(at, 2) for at, _ in got] == [round(T + k * 1.01, 2) for k in range(3, 8)]  # the last five, oldest first
    assert [v for _, v in got] == pytest.approx([10.0 + k / 3 for k in range(3, 8)], rel=1e-7)  # a 32-bit float
    assert recent.around("E", "P", T + 5 * 1.01, T + 6.5) == got[2:4]
    assert recent.around("E", "other", T, T + 100) == []


def test_a_point_takes_eight_bytes_a_sample():
    recent = RecentReadings(keep=900)
    recent.add([Reading("E", f"P{n}", 1.0, T, "good") for n in range(10)])
    ring = recent._rings[("E", "P0")]
    assert sys.getsizeof(ring.times) + sys.getsizeof(ring.values) < 900 * 8 + 300  # and the two arrays' headers


def test_times_past_the_range_of_the_base_move_every_ring_to_a_new_base():
    recent = RecentReadings(keep=4)
    recent.add([Reading("E", "A", 1.0, T, "good"), Reading("E", "B", 2.0, T + 1, "good")])
    later = T + (MAX_TICK + 10 * TICKS_PER_S) / TICKS_PER_S  # about 497 days on
    recent.add([Reading("E", "A", 3.0, later, "good")])
    assert [(round(at, 2), v) for at, v in recent.around("E", "A", later - 1, later + 1)] == [(round(later, 2), 3.0)]
    assert recent.around("E", "B", T - 10, T + 10) == []  # older than the new base: outside any detail's window
