"""A GUI-thread stall meter for tests: a 5 ms QTimer measuring its own lateness (as
benchmarks/flood.py and benchmarks/park.py do)."""

from __future__ import annotations

import time

from PySide6.QtCore import QTimer

TICK_MS = 5


class StallMeter:
    def __init__(self) -> None:
        self.longest_ms = 0.0
        self.ticks = 0
        self._last: float | None = None
        self._timer = QTimer()
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self._last = time.monotonic()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _tick(self) -> None:
        now = time.monotonic()
        if self._last is not None:
            self.longest_ms = max(self.longest_ms, (now - self._last) * 1000 - TICK_MS)
        self._last = now
        self.ticks += 1
