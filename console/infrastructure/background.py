"""Run a function off the GUI thread; its answer, its error and its progress come back on the GUI thread.

The console's one way to say "run this, then give me the result" (after Anki's aqt/taskman.py
and QueryOp)::

    op = background.run(lambda op: slow(path), on_done=show, on_error=complain, name="export")
    op.cancel()  # from the GUI thread: nothing is delivered any more

``work(op)`` runs on a Python thread of its own (daemon: it never holds up the end of the
program; no Qt event loop there, so no Qt timers). It may poll ``op.cancelled`` (or call ``op.check()``,
which raises ``Cancelled``) and report ``op.progress(fraction, what)``: reports are passed on at
most every ``progress_every_s`` (and always at 1.0). Everything comes back through
``run_on_main`` (console.infrastructure.mailbox.Dispatcher, the one hand-over to the GUI
thread): ``on_progress(fraction, what)``, then ``on_done(result)`` or ``on_error(exc)``. An
error is logged here, once, with its traceback; ``on_error`` need not log it again. A cancelled
operation delivers nothing, not even when it had finished before the answer was handed over.

Threads that live as long as the console (the duty-log writer, the reading history, the review
lanes, paho's loop, the video relays and clips) are not operations: they keep threads of their own.
"""

from __future__ import annotations

import logging
import threading
import time
from functools import partial
from typing import Any, Callable, Generic, TypeVar

log = logging.getLogger("console.infrastructure.background")

T = TypeVar("T")
PROGRESS_EVERY_S = 0.1

RunOnMain = Callable[..., None]


class Cancelled(Exception):
    """Raised by ``Operation.check`` (and ``progress``) once the operation was cancelled."""


class Operation(Generic[T]):
    """One function running in the background: what it sees (``cancelled``, ``check``,
    ``progress``) and what its owner holds (``cancel``, ``wait``)."""

    def __init__(self, name: str, every_s: float,
                 report: Callable[[Operation[T], float, str], None] | None = None) -> None:
        self.name = name
        self._report = report
        self._every_s = every_s
        self._last_report = float("-inf")
        self._cancelled = threading.Event()
        self._finished = threading.Event()

    # -- the owner (any thread) ---------------------------------------------------------------
    def cancel(self) -> None:
        """Nothing of this operation is delivered from now on; the function stops when it next polls."""
        self._cancelled.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Until the function has returned (its answer may still be on its way); True if it has."""
        return self._finished.wait(timeout)

    @property
    def finished(self) -> bool:
        return self._finished.is_set()

    # -- the function (its own thread) --------------------------------------------------------
    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def check(self) -> None:
        if self._cancelled.is_set():
            raise Cancelled(self.name)

    def progress(self, fraction: float, what: str = "") -> None:
        """Report how far the work is (0…1); raises ``Cancelled`` once cancelled."""
        self.check()
        if self._report is None:
            return
        now = time.monotonic()
        if now - self._last_report >= self._every_s or fraction >= 1.0:
            self._last_report = now
            self._report(self, max(0.0, min(1.0, fraction)), what)


class Background:
    """Starts operations; ``close`` cancels those still running and waits for them a little."""

    def __init__(self, run_on_main: RunOnMain, progress_every_s: float = PROGRESS_EVERY_S) -> None:
        self._run_on_main = run_on_main
        self._every_s = progress_every_s
        self._running: set[Operation[Any]] = set()
        self._lock = threading.Lock()
        self._closed = False

    def run(self, work: Callable[[Operation[T]], T], on_done: Callable[[T], None] | None = None,
            on_error: Callable[[BaseException], None] | None = None,
            on_progress: Callable[[float, str], None] | None = None, name: str = "background") -> Operation[T]:
        """Start ``work(op)`` on a thread of its own; returns ``op`` (to cancel it)."""
        if self._closed:
            raise RuntimeError("background operations are closed")
        report = partial(self._relay_progress, on_progress) if on_progress is not None else None
        op: Operation[T] = Operation(name, self._every_s, report)
        with self._lock:
            self._running.add(op)
        thread = threading.Thread(target=self._body, args=(op, work, on_done, on_error), name=f"bg-{name}", daemon=True)
        thread.start()
        return op

    def running(self) -> int:
        with self._lock:
            return len(self._running)

    def close(self, timeout: float = 5.0) -> None:
        """Cancel what runs and wait up to ``timeout`` in all for it to return (shutdown)."""
        self._closed = True
        with self._lock:
            ops = list(self._running)
        for op in ops:
            op.cancel()
        deadline = time.monotonic() + timeout
        for op in ops:
            if not op.wait(max(0.0, deadline - time.monotonic())):
                log.warning("background operation %s still running at close", op.name)

    # -- the operation's thread ------------------------------------------------------------------
    def _body(self, op: Operation[T], work: Callable[[Operation[T]], T], on_done: Callable[[T], None] | None,
              on_error: Callable[[BaseException], None] | None) -> None:
        try:
            try:
                result = work(op)
            except Cancelled:
                log.debug("background operation %s cancelled", op.name)
                return
            except Exception as exc:
                if op.cancelled:
                    log.debug("background operation %s failed after it was cancelled: %s", op.name, exc)
                    return
                log.error("background operation %s failed: %s", op.name, exc, exc_info=exc)
                if on_error is not None:
                    self._run_on_main(self._deliver, op, on_error, exc)
                return
            if on_done is not None and not op.cancelled:
                self._run_on_main(self._deliver, op, on_done, result)
        finally:
            with self._lock:
                self._running.discard(op)
            op._finished.set()

    def _relay_progress(self, on_progress: Callable[[float, str], None], op: Operation[Any], fraction: float, what: str) -> None:
        self._run_on_main(self._deliver_progress, op, on_progress, fraction, what)

    # -- the GUI thread ----------------------------------------------------------------------------
    @staticmethod
    def _deliver(op: Operation[Any], callback: Callable[[Any], None], value: Any) -> None:
        if not op.cancelled:
            callback(value)

    @staticmethod
    def _deliver_progress(op: Operation[Any], callback: Callable[[float, str], None], fraction: float, what: str) -> None:
        if not op.cancelled:
            callback(fraction, what)
