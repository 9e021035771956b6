"""The one place where work from foreign threads (paho, the database worker) enters the GUI thread.

A producer thread appends to a deque and, only when the box was empty, emits a queued
signal. The GUI thread drains in time-boxed slices so a burst never freezes the window.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from typing import Any, Callable

from PySide6.QtCore import QObject, QTimer, Signal

from console.infrastructure.logs import FailureLog

log = logging.getLogger("console.infrastructure.mailbox")

CHUNK = 128  # items per handler call; the time slice is checked between chunks
LINGER_MS = 2  # after a drain, look again this soon before going back to waiting for a wake-up


CHUNK_SHARE_S = 0.005  # a handler call should take about this long: the slice is checked this often


def next_chunk(taken: int, seconds: float) -> int:
    """How many items the next handler call gets, from how long the last ``taken`` took: cheap
    items (readings) go in large chunks, for little overhead per item; costly ones (a flood of new
    alarms, each redrawn, recorded and sounded) in small ones, so that the time slice is checked
    often enough to keep the window responsive however slow the machine is at the moment."""
    if seconds <= 0:
        return CHUNK
    return max(1, min(CHUNK, int(taken * CHUNK_SHARE_S / seconds)))


class Mailbox(QObject):
    """Thread-safe hand-over of items to ``handler(items)`` on the thread that owns the box."""

    _wake = Signal()

    def __init__(self, handler: Callable[[list[Any]], None], slice_s: float = 0.02, linger_ms: int = LINGER_MS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._handler = handler
        self._slice_s = slice_s
        self._items: deque[Any] = deque()
        self._chunk = CHUNK  # items in the next handler call: as many as fit in a share of the slice (next_chunk)
        self._armed = False  # a drain is queued, running or lingering: producers need not wake us
        self._lock = threading.Lock()
        self._linger = QTimer(self)
        self._linger.setSingleShot(True)
        self._linger.setInterval(linger_ms)
        self._linger.timeout.connect(self._recheck)
        self._wake.connect(self._drain)  # queued when emitted from another thread

    def put(self, item: Any) -> None:
        """Called from any thread."""
        self._items.append(item)
        if self._armed:  # the usual case under load: a drain is due and will see the item (no lock needed:
            return  # _recheck un-arms under the lock and only then looks at the items once more)
        with self._lock:
            if self._armed:
                return
            self._armed = True
        self._wake.emit()

    def pending(self) -> int:
        return len(self._items)

    def _drain(self) -> None:
        started = time.monotonic()
        deadline = started + self._slice_s
        items = self._items
        while items:
            take = min(len(items), self._chunk)
            popleft = items.popleft
            chunk: list[Any] = [popleft() for _ in range(take)]
            try:
                self._handler(chunk)
            except Exception:  # a bug in one handler must not stop the intake
                log.exception("mailbox handler failed on %d items", len(chunk))
            now = time.monotonic()
            self._chunk = next_chunk(take, now - started)
            started = now
            if now > deadline and items:
                QTimer.singleShot(0, self._drain)  # let the event loop paint and take input, then go on
                return
        # Empty: stay armed a moment, so that a steady stream is picked up by this timer
        # rather than by one cross-thread wake-up per handful of messages.
        self._linger.start()

    def _recheck(self) -> None:
        if self._items:
            self._drain()
            return
        with self._lock:
            self._armed = False
        if self._items:  # arrived after the check, while we still looked armed
            with self._lock:
                if self._armed:
                    return  # the producer has queued a wake-up of its own
                self._armed = True
            self._drain()


class Dispatcher(QObject):
    """``run_on_main(fn, *args)`` from any thread: calls fn(*args) on the GUI thread."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.failures = FailureLog(log)
        self._box = Mailbox(self._run, parent=self)

    def run_on_main(self, fn: Callable[..., None], *args: Any) -> None:
        self._box.put((fn, args))

    def _run(self, calls: list[tuple[Callable[..., None], tuple]]) -> None:
        for fn, args in calls:
            try:
                fn(*args)
            except Exception as exc:  # one callback's bug must cost none of the others queued behind it
                self.failures.failed(f"callback {_name(fn)}", exc)


def _name(fn: Callable[..., Any]) -> str:
    """What a callback is called in the log: module.qualname (a bound method: its class's)."""
    target = getattr(fn, "func", fn)  # functools.partial
    qualname = getattr(target, "__qualname__", None) or type(target).__qualname__
    module = getattr(target, "__module__", None)
    return f"{module}.{qualname}" if module else qualname
