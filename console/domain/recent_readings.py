"""The last minutes of readings per point, in memory, for the alarm detail (the trend issue
brings the full history). Fixed-size ring buffers: memory stays bounded whatever the rate."""

from __future__ import annotations

from array import array

from console.domain.protocol import Reading

KEEP = 900  # samples per point: 15 minutes at one reading a second


class _Ring:
    __slots__ = ("times", "values", "next", "full")

    def __init__(self, size: int) -> None:
        self.times = array("d", bytes(8 * size))
        self.values = array("d", bytes(8 * size))
        self.next = 0
        self.full = False


class RecentReadings:
    def __init__(self, keep: int = KEEP) -> None:
        self._keep = keep
        self._rings: dict[tuple[str, str], _Ring] = {}

    def add(self, readings: list[Reading]) -> None:
        rings, keep = self._rings, self._keep
        for r in readings:
            ring = rings.get((r.enterprise, r.point))
            if ring is None:
                ring = rings[(r.enterprise, r.point)] = _Ring(keep)
            i = ring.next
            ring.times[i] = r.at
            ring.values[i] = r.value
            i += 1
            if i == keep:
                i, ring.full = 0, True
            ring.next = i

    def around(self, enterprise: str, point: str, start: float, end: float) -> list[tuple[float, float]]:
        """(time, value) pairs between start and end, oldest first."""
        ring = self._rings.get((enterprise, point))
        if ring is None:
            return []
        order = list(range(ring.next, self._keep)) + list(range(ring.next)) if ring.full else list(range(ring.next))
        return [(ring.times[i], ring.values[i]) for i in order if start <= ring.times[i] <= end]
