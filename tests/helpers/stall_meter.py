"""A GUI-thread stall meter: a 5 ms QTimer measuring its own lateness, the longest the GUI thread
was busy elsewhere (tests/test_park_window.py and benchmarks/park.py use it; benchmarks/flood.py
keeps its own, which also records every tick for the distribution)."""

from __future__ import annotations

import time

from PySide6.QtCore import QTimer

TICK_MS = 5


class StallMeter:
    def __init__(self) -> None:
        self.longest_ms = 0.0  # over the whole run
        self.window_ms = 0.0  # since the last reset_window()
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

    def reset_window(self) -> None:
        self.window_ms = 0.0

    def _tick(self) -> None:
        now = time.monotonic()
        if self._last is not None:
            late = (now - self._last) * 1000 - TICK_MS
            self.window_ms = max(self.window_ms, late)
            self.longest_ms = max(self.longest_ms, late)
        self._last = now
        self.ticks += 1
