"""The last minutes of readings per point, in memory, for the alarm detail (the trend issue
brings the full history). Fixed-size ring buffers: memory stays bounded whatever the rate.

Compact, because a park has tens of thousands of points: a value is kept as a 32-bit float (7
significant digits, far finer than any instrument), a time as a 32-bit count of hundredths of a
second since the box's base time (about 497 days; further on, every ring is moved to a new base).
8 bytes a sample: 900 samples of 20,000 points take 144 MB, half of what doubles took.
"""

from __future__ import annotations

from array import array

from console.domain.protocol import Reading

KEEP = 900  # samples per point: 15 minutes at one reading a second
TICKS_PER_S = 100  # times are kept to the hundredth of a second
MAX_TICK = 2**32 - 1
REBASE_MARGIN_S = 86_400.0  # a new base lies this far before the reading that needed it


class _Ring:
    __slots__ = ("times", "values", "next", "full")

    def __init__(self, size: int) -> None:
        self.times = array("I", [0]) * size  # ticks since the base (repetition allocates exactly)
        self.values = array("f", [0.0]) * size
        self.next = 0
        self.full = False


class RecentReadings:
    def __init__(self, keep: int = KEEP) -> None:
        self._keep = keep
        self._rings: dict[tuple[str, str], _Ring] = {}
        self._base: float | None = None  # seconds since the epoch of tick 0

    def add(self, readings: list[Reading]) -> None:
        rings, keep = self._rings, self._keep
        if self._base is None and readings:
            self._base = readings[0].at - REBASE_MARGIN_S
        base = self._base
        for r in readings:
            ring = rings.get((r.enterprise, r.point))
            if ring is None:
                ring = rings[(r.enterprise, r.point)] = _Ring(keep)
            tick = round((r.at - base) * TICKS_PER_S) if base is not None else 0
            if not 0 <= tick <= MAX_TICK:
                if tick < 0:  # older than anything a detail shows: kept as the oldest possible time
                    tick = 0
                else:
                    base = self._rebase(r.at - REBASE_MARGIN_S)
                    tick = round((r.at - base) * TICKS_PER_S)
            i = ring.next
            ring.times[i] = tick
            ring.values[i] = r.value
            i += 1
            if i == keep:
                i, ring.full = 0, True
            ring.next = i

    def around(self, enterprise: str, point: str, start: float, end: float) -> list[tuple[float, float]]:
        """(time, value) pairs between start and end, oldest first."""
        ring = self._rings.get((enterprise, point))
        if ring is None or self._base is None:
            return []
        base = self._base
        order = list(range(ring.next, self._keep)) + list(range(ring.next)) if ring.full else list(range(ring.next))
        out = []
        for i in order:
            at = base + ring.times[i] / TICKS_PER_S
            if start <= at <= end:
                out.append((at, ring.values[i]))
        return out

    def _rebase(self, base: float) -> float:
        """Move every ring to a later base (once in about 16 months of running)."""
        assert self._base is not None
        shift = round((base - self._base) * TICKS_PER_S)
        for ring in self._rings.values():
            ring.times = array("I", (max(0, t - shift) for t in ring.times))
        self._base += shift / TICKS_PER_S
        return self._base
