"""Flood detection on an injected clock: more than 10 in 10 minutes starts it, below 5 ends it."""

from __future__ import annotations

from console.domain.clock import ManualClock
from console.domain.flood import FloodDetector


def test_flood_starts_above_ten_and_ends_below_five():
    clock = ManualClock()
    flood = FloodDetector(clock)
    started = [flood.record_new_alarm() for _ in range(10)]
    assert not any(started) and not flood.in_flood  # 10 in 10 minutes is not yet a flood
    clock.advance(1)
    assert flood.record_new_alarm() is True and flood.in_flood
    assert flood.rate() == 11
    clock.advance(599)  # the first ten fall out of the window at 600 s
    assert flood.update() is True and not flood.in_flood
    assert flood.time_in_flood() == 599


def test_flood_holds_while_rate_stays_between_the_limits():
    clock = ManualClock()
    flood = FloodDetector(clock)
    for _ in range(11):
        flood.record_new_alarm()
        clock.advance(50)  # 11 alarms over 550 s
    assert flood.in_flood
    for _ in range(6):
        clock.advance(60)
        flood.record_new_alarm()  # one a minute keeps 6-10 in the window: no exit (needs < 5)
        assert flood.in_flood
    clock.advance(600)
    assert flood.update() and not flood.in_flood


def test_quiet_station_never_floods():
    clock = ManualClock()
    flood = FloodDetector(clock)
    for _ in range(100):
        flood.record_new_alarm()
        clock.advance(61)  # about one a minute
    assert not flood.in_flood and flood.time_in_flood() == 0
