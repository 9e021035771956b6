"""Alarm flood detection for one station (EEMUA 191 / ISA-18.2 practice).

A flood starts when more than ``enter`` new alarms arrive within ``window_s`` (10 in 10
minutes) and ends when the rate falls below ``leave`` in the same window (5 in 10 minutes).
The time spent in flood is kept for the managers' figures.
"""

from __future__ import annotations

from collections import deque

from console.domain.clock import Clock


class FloodDetector:
    def __init__(self, clock: Clock, enter: int = 10, leave: int = 5, window_s: float = 600.0) -> None:
        self._clock = clock
        self.enter, self.leave, self.window_s = enter, leave, window_s
        self._times: deque[float] = deque()
        self.in_flood = False
        self.started_at: float | None = None
        self.flood_seconds = 0.0  # completed floods

    def rate(self) -> int:
        """New alarms within the window ending now."""
        self._prune(self._clock.now())
        return len(self._times)

    def record_new_alarm(self) -> bool:
        """Count one new alarm; True when this starts a flood."""
        now = self._clock.now()
        self._times.append(now)
        return self.update()

    def update(self) -> bool:
        """Re-check the state (call periodically); True when it changed."""
        now = self._clock.now()
        self._prune(now)
        count = len(self._times)
        if not self.in_flood and count > self.enter:
            self.in_flood, self.started_at = True, now
            return True
        if self.in_flood and count < self.leave:
            self.in_flood = False
            self.flood_seconds += now - (self.started_at or now)
            self.started_at = None
            return True
        return False

    def time_in_flood(self) -> float:
        current = self._clock.now() - self.started_at if self.in_flood and self.started_at is not None else 0.0
        return self.flood_seconds + current

    def _prune(self, now: float) -> None:
        times, horizon = self._times, now - self.window_s
        while times and times[0] <= horizon:
            times.popleft()
