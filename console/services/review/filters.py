"""What the reviewer asked for: a time range and filters, for the alarm log and the KPIs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import numpy as np

from console.services.review import facts as F
from console.domain.shifts import ShiftPattern

STAGES = ("", "unacknowledged", "acknowledged", "handled", "cleared", "open", "closed")


@dataclass(frozen=True)
class ReviewFilter:
    start: float  # epoch seconds; the range is [start, end), by the time an alarm was raised
    end: float
    enterprises: tuple[str, ...] = ()
    points: tuple[tuple[str, str], ...] = ()  # (enterprise, point); a unit is the set of its points; enterprise "": any
    priorities: tuple[int, ...] = ()
    operator: str = ""  # acknowledged, handled or cleared by this user
    shift: str = ""  # a shift worked ("2026-11-29 08:00"): alarms raised during it
    stage: str = ""  # one of STAGES
    overdue_only: bool = False
    drills: bool = True  # list drills in the log (the KPIs always leave them out)
    text: str = ""  # in the alarm text, the point code and the handling notes (log only)

    def __post_init__(self) -> None:
        if self.stage not in STAGES:
            raise ValueError(f"unknown lifecycle stage {self.stage!r}")
        if not self.end > self.start:
            raise ValueError("the end of the range must come after its start")

    def window(self, pattern: ShiftPattern) -> tuple[float, float]:
        """[start, end) narrowed to the shift asked for (empty when it lies outside)."""
        if not self.shift:
            return self.start, self.end
        first, last = shift_window(self.shift, pattern)
        return max(self.start, first), min(self.end, last)

    def with_range(self, start: float, end: float) -> "ReviewFilter":
        return replace(self, start=start, end=end)


def shift_window(shift_id: str, pattern: ShiftPattern) -> tuple[float, float]:
    """The times a shift worked covers; ValueError for something that is not a shift id."""
    try:
        local = dt.datetime.strptime(shift_id.strip(), "%Y-%m-%d %H:%M").astimezone()
    except ValueError:
        raise ValueError(f"not a shift (YYYY-MM-DD HH:MM): {shift_id!r}") from None
    shift = pattern.shift_at(local.timestamp())
    if shift.id != shift_id.strip():
        raise ValueError(f"no shift of the pattern starts at {shift_id!r}")
    return shift.start, shift.end


def select(facts: F.Facts, flt: ReviewFilter, pattern: ShiftPattern) -> F.Facts:
    """The facts the filter keeps (not the free text: the KPIs follow every other filter)."""
    start, end = flt.window(pattern)
    raised = facts["raised"]
    mask = (raised >= start) & (raised < end)
    if flt.enterprises:
        mask &= np.isin(facts["enterprise"], [facts.code_of("enterprise", e) for e in flt.enterprises])
    if flt.points:
        names = facts.names["point"]
        wanted = {f"{e}/{p}" for e, p in flt.points if e}
        anywhere = {p for e, p in flt.points if not e}
        codes = [i for i, name in enumerate(names) if name in wanted or name.partition("/")[2] in anywhere]
        mask &= np.isin(facts["point"], codes)
    if flt.priorities:
        mask &= np.isin(facts["priority"], list(flt.priorities))
    if flt.operator:
        code = facts.code_of("operator", flt.operator)
        mask &= (facts["ack_operator"] == code) | (facts["handling_operator"] == code) | (facts["clearing_operator"] == code)
    if flt.overdue_only:
        mask &= ~np.isnan(facts["ack_overdue"]) | ~np.isnan(facts["handling_overdue"])
    if flt.stage:
        mask &= stage_mask(facts, flt.stage)
    if not flt.drills:
        mask &= facts["category"] != F.DRILL
    return facts if mask.all() else facts.take(mask)


def stage_mask(facts: F.Facts, stage: str) -> np.ndarray:
    acked = ~np.isnan(facts["ack"])
    handled = facts["category"] >= 0
    cleared = facts["clearing_operator"] >= 0
    closed = ~np.isnan(facts["closed"])
    return {
        "unacknowledged": ~acked,
        "acknowledged": acked & ~handled & ~closed,
        "handled": handled & ~cleared & ~closed,
        "cleared": cleared,
        "open": ~closed,
        "closed": closed,
    }[stage]
