"""Waiting on a condition outside Qt (another process, a database server), as qtbot.waitUntil
does inside it: the condition is checked until it holds or the deadline passes. There is no
event to wait on for "PostgreSQL accepts connections" or "a backend waits on a lock"."""

from __future__ import annotations

import threading
import time
from typing import Callable


def wait_for(condition: Callable[[], object], timeout: float, what: str, interval: float = 0.01) -> None:
    """Return as soon as ``condition()`` is true; AssertionError naming ``what`` after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    pause = threading.Event()  # never set: its wait() is the pause between checks
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        pause.wait(interval)
