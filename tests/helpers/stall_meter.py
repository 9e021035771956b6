"""A GUI-thread stall meter: a 5 ms QTimer measuring its own lateness, the longest the GUI thread
was busy elsewhere (tests/test_park_window.py and benchmarks/park.py use it; benchmarks/flood.py
keeps its own, which also records every tick for the distribution).

With ``sample_stacks`` a watchdog thread looks every 20 ms whether the timer is late by more than
``keep_over_ms``, and if so records where the GUI thread is (its Python stack and whether it is
running or waiting), and after the stall which threads used the CPU meanwhile (Linux /proc): what
a stall was spent in, for the benchmark to print."""

from __future__ import annotations

import os
import sys
import threading
import time
import traceback
from collections import deque

from PySide6.QtCore import QTimer

TICK_MS = 5
WATCH_S = 0.02


class StallMeter:
    def __init__(self, keep_over_ms: float = 100.0, sample_stacks: bool = False) -> None:
        self.longest_ms = 0.0  # over the whole run
        self.window_ms = 0.0  # since the last reset_window()
        self.ticks = 0
        self.keep_over_ms = keep_over_ms
        # (monotonic time the stall ended, ms, GUI-thread samples during it) over keep_over_ms; a
        # sample: its state letter (R running, S waiting …) then its Python stack
        self.stalls: list[tuple[float, float, list[list[str]]]] = []
        self.busy: dict[float, list[tuple[str, float]]] = {}  # stall end -> (thread, CPU ms) during it
        self._last: float | None = None
        self._timer = QTimer()
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)
        self._sample_stacks = sample_stacks
        self._samples: list[list[str]] = []
        self._samples_lock = threading.Lock()
        self._watch_stop = threading.Event()
        self._watcher: threading.Thread | None = None
        self._gui_native = 0

    def start(self) -> None:
        self._last = time.monotonic()
        self._timer.start()
        if self._sample_stacks and self._watcher is None:
            gui = threading.get_ident()
            self._gui_native = threading.get_native_id()
            self._watcher = threading.Thread(target=self._watch, args=(gui,), name="stall-watch", daemon=True)
            self._watcher.start()

    def stop(self) -> None:
        self._timer.stop()
        self._watch_stop.set()
        if self._watcher is not None:
            self._watcher.join()
            self._watcher = None

    def busy_during(self, end: float, ms: float) -> list[tuple[str, float]]:
        """The threads that used the CPU during the stall that ended at ``end`` (CPU ms, most first)."""
        start = end - (ms + TICK_MS) / 1000
        near = min(self.busy, key=lambda at: abs(at - start), default=None)
        return self.busy[near] if near is not None and abs(near - start) < 0.003 else []

    def reset_window(self) -> None:
        self.window_ms = 0.0

    def _tick(self) -> None:
        now = time.monotonic()
        if self._last is not None:
            late = (now - self._last) * 1000 - TICK_MS
            self.window_ms = max(self.window_ms, late)
            self.longest_ms = max(self.longest_ms, late)
            with self._samples_lock:
                samples, self._samples = self._samples, []
            if late > self.keep_over_ms:
                self.stalls.append((now, late, samples))
        self._last = now
        self.ticks += 1

    def _watch(self, gui: int) -> None:
        gui_native = self._gui_native
        recent: deque[tuple[float, dict[int, tuple[str, int]]]] = deque(maxlen=12)  # (taken at, CPU per thread)
        in_stall_since: float | None = None
        while not self._watch_stop.wait(WATCH_S):
            last = self._last
            stalled = last is not None and (time.monotonic() - last) * 1000 >= self.keep_over_ms
            if not stalled:
                if in_stall_since is not None and last is not None and last > in_stall_since:
                    after = _thread_cpu()
                    # the newest snapshot taken before the stall began (else the oldest kept)
                    before = next((snap for at, snap in reversed(recent) if at <= in_stall_since), recent[0][1] if recent else {})
                    used = [(name, (ticks - before.get(tid, (name, ticks))[1]) * 1000 / _CLK_TCK)
                            for tid, (name, ticks) in after.items()]
                    self.busy[in_stall_since] = sorted((u for u in used if u[1] > 0), key=lambda u: -u[1])[:4]
                    in_stall_since = None
                recent.append((time.monotonic(), _thread_cpu()))
                continue
            if in_stall_since is None:
                in_stall_since = last
            frame = sys._current_frames().get(gui)
            if frame is None:
                continue
            stack = [_state(gui_native)] + ["/".join(f.filename.rsplit("/", 2)[-2:]) + f":{f.lineno} {f.name}" for f in traceback.extract_stack(frame)]
            with self._samples_lock:
                self._samples.append(stack)


_CLK_TCK = os.sysconf("SC_CLK_TCK")


def _names() -> dict[int, str]:
    return {t.native_id: t.name for t in threading.enumerate() if t.native_id is not None}


def _thread_cpu() -> dict[int, tuple[str, int]]:
    """Each thread of this process: (name, CPU clock ticks so far)."""
    names = _names()
    out: dict[int, tuple[str, int]] = {}
    for entry in os.listdir("/proc/self/task"):
        try:
            with open(f"/proc/self/task/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        tid = int(entry)
        out[tid] = (names.get(tid) or stat[stat.index("(") + 1: stat.rindex(")")], int(fields[11]) + int(fields[12]))
    return out


def _state(tid: int) -> str:
    try:
        with open(f"/proc/self/task/{tid}/stat") as f:
            stat = f.read()
    except OSError:
        return "?"
    return stat[stat.rindex(")") + 2]
