"""The duty shift pattern: which shift a moment belongs to (local time of the duty room).

A pattern is the list of shift start times, e.g. ``08:00,16:00,00:00`` (three shifts) or
``08:00,20:00`` (day and night). A shift runs from its start to the next start; the one
starting late in the evening runs past midnight.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

DEFAULT_PATTERN = "08:00,16:00,00:00"
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


@dataclass(frozen=True)
class Shift:
    id: str  # the shift's local start, "2026-11-29 08:00": one id per shift worked
    label: str  # "08:00–16:00"
    start: float
    end: float


class ShiftPattern:
    def __init__(self, starts: list[tuple[int, int]]) -> None:
        if not starts:
            raise ValueError("a shift pattern needs at least one start time")
        if len(set(starts)) != len(starts):
            raise ValueError("a shift pattern lists a start time twice")
        self.starts = sorted(starts)
        self._last: Shift | None = None  # the shift found last: every alarm of a flood asks for the same one

    @classmethod
    def parse(cls, text: str) -> "ShiftPattern":
        starts = []
        for part in text.replace("，", ",").split(","):
            match = _TIME.match(part.strip())
            if not match:
                raise ValueError(f"not a time of day (HH:MM): {part.strip()!r}")
            starts.append((int(match.group(1)), int(match.group(2))))
        return cls(starts)

    def shift_at(self, when: float) -> Shift:
        last = self._last
        if last is not None and last.start <= when < last.end:
            return last
        self._last = found = self._find(when)
        return found

    def _find(self, when: float) -> Shift:
        local = dt.datetime.fromtimestamp(when).astimezone()
        candidates = []
        for day in (local.date() - dt.timedelta(days=1), local.date()):
            for hour, minute in self.starts:
                candidates.append(dt.datetime.combine(day, dt.time(hour, minute), tzinfo=local.tzinfo))
        start = max(c for c in candidates if c <= local)
        following = [c for c in candidates + [c + dt.timedelta(days=1) for c in candidates] if c > start]
        end = min(following)
        return Shift(f"{start:%Y-%m-%d %H:%M}", f"{start:%H:%M}–{end:%H:%M}", start.timestamp(), end.timestamp())
