"""Times Python's cycle collections (gc.callbacks): which generation, how long, when it ended; the
benchmarks use it to tell a GUI stall caused by a collection from one caused by anything else."""

from __future__ import annotations

import gc
import time
from typing import Any


class GcTimer:
    def __init__(self, keep_over_ms: float = 20.0) -> None:
        self.keep_over_ms = keep_over_ms
        self.count = [0, 0, 0]
        self.longest_ms = [0.0, 0.0, 0.0]
        self.slow: list[tuple[float, int, float]] = []  # (monotonic end, generation, ms) over keep_over_ms
        self._started = 0.0

    def start(self) -> None:
        gc.callbacks.append(self._callback)

    def stop(self) -> None:
        if self._callback in gc.callbacks:
            gc.callbacks.remove(self._callback)

    def _callback(self, phase: str, info: dict[str, Any]) -> None:
        now = time.monotonic()
        if phase == "start":
            self._started = now
            return
        generation = int(info["generation"])
        ms = (now - self._started) * 1000
        self.count[generation] += 1
        self.longest_ms[generation] = max(self.longest_ms[generation], ms)
        if ms > self.keep_over_ms:
            self.slow.append((now, generation, ms))

    def during(self, end: float, ms: float) -> list[tuple[int, float]]:
        """Slow collections that ended within the stall that ended at ``end`` and lasted ``ms``."""
        begin = end - ms / 1000 - 0.01
        return [(g, d) for at, g, d in self.slow if begin <= at <= end + 0.001]
