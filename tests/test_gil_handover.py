"""The GUI thread's calls into Python do not queue behind a busy worker thread (issue 17).

Qt's event loop runs without the interpreter lock and takes it for every call into Python. With a
worker thread running Python all the time (as the reading history does while it writes a park's
minute), each of those calls waited for Python's default switch interval (5 ms) before the worker
let go: the park benchmark's GUI stalls. Measured here as a 2 ms timer (the event loop waits
between its ticks, without the lock, and takes it back for each tick) with such a worker running,
at the default interval and at the console's: the mean time between ticks must be clearly shorter
at the console's (here about 2.1 against 4.3 ms; asserted: under three quarters, the better of three
tries each, as a loaded machine slows both alike)."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator

import numpy as np
import pytest
from PySide6.QtCore import QTimer

from console.infrastructure import gil_handover

TICKS = 100
TICK_MS = 2


@pytest.fixture
def busy_worker() -> Iterator[None]:
    stop = threading.Event()

    def work() -> None:  # small numpy calls, as the reading history's flush makes: Python most of the time
        values = np.arange(60.0)
        while not stop.is_set():
            for _ in range(50):
                np.round(np.diff(values) * 10.0).astype(np.int64)

    before = sys.getswitchinterval()
    thread = threading.Thread(target=work, name="busy-worker", daemon=True)
    thread.start()
    yield
    stop.set()
    thread.join()
    sys.setswitchinterval(before)


def mean_tick_ms(qtbot) -> float:
    stamps: list[float] = []
    timer = QTimer()
    timer.setInterval(TICK_MS)
    timer.timeout.connect(lambda: stamps.append(time.perf_counter()))
    timer.start()
    try:
        qtbot.waitUntil(lambda: len(stamps) >= TICKS, timeout=20_000)
    finally:
        timer.stop()
    return (stamps[-1] - stamps[0]) * 1000 / (len(stamps) - 1)


def test_calls_into_python_do_not_wait_for_a_busy_thread(qtbot, busy_worker) -> None:
    sys.setswitchinterval(0.005)  # Python's default
    default = min(mean_tick_ms(qtbot) for _ in range(3))
    gil_handover.install()
    assert sys.getswitchinterval() == pytest.approx(gil_handover.SWITCH_INTERVAL_S)
    console = min(mean_tick_ms(qtbot) for _ in range(3))
    assert console < default * 0.75, f"{console:.2f} ms between ticks at the console's interval, {default:.2f} ms at Python's default"
