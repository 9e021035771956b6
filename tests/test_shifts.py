"""Shift patterns: three shifts, day and night across midnight, bad patterns refused."""

from __future__ import annotations

import datetime as dt

import pytest

from console.domain.shifts import ShiftPattern


def at(day: int, hour: int, minute: int = 0) -> float:
    return dt.datetime(2026, 11, day, hour, minute).astimezone().timestamp()


@pytest.mark.parametrize(
    ("when", "shift_id", "label"),
    [
        (at(29, 8), "2026-11-29 08:00", "08:00–16:00"),
        (at(29, 15, 59), "2026-11-29 08:00", "08:00–16:00"),
        (at(29, 16), "2026-11-29 16:00", "16:00–00:00"),
        (at(29, 23, 59), "2026-11-29 16:00", "16:00–00:00"),
        (at(30, 0, 0), "2026-11-30 00:00", "00:00–08:00"),
        (at(30, 7, 30), "2026-11-30 00:00", "00:00–08:00"),
    ],
)
def test_three_shifts(when, shift_id, label):
    shift = ShiftPattern.parse("08:00,16:00,00:00").shift_at(when)
    assert (shift.id, shift.label) == (shift_id, label)
    assert shift.start <= when < shift.end


def test_night_shift_runs_past_midnight():
    pattern = ShiftPattern.parse("08:00, 20:00")
    night = pattern.shift_at(at(30, 3))
    assert (night.id, night.label) == ("2026-11-29 20:00", "20:00–08:00")
    assert night.end - night.start == 12 * 3600


@pytest.mark.parametrize("text", ["", "8点", "25:00", "08:00,08:00", "08:60"])
def test_bad_patterns_are_refused(text):
    with pytest.raises(ValueError):
        ShiftPattern.parse(text)


def test_one_pattern_asked_back_and_forth_across_shifts():
    """The pattern remembers the shift it found last (a flood asks for it ten thousand times):
    a moment in another shift, before or after, still gets its own."""
    pattern = ShiftPattern.parse("08:00,16:00,00:00")
    asked = [at(29, 9), at(29, 15, 59), at(29, 16), at(29, 10), at(30, 0, 0), at(29, 23, 59), at(29, 8)]
    assert [pattern.shift_at(when).id for when in asked] == [
        "2026-11-29 08:00", "2026-11-29 08:00", "2026-11-29 16:00", "2026-11-29 08:00", "2026-11-30 00:00",
        "2026-11-29 16:00", "2026-11-29 08:00"]
