"""The history's own thread: readings handed over from the GUI thread, flushed every
``flush_s``, upkeep after each flush, and queries answered in turn.

The GUI thread only appends a list to a queue (``put``); everything else, numpy packing,
compression and SQL, happens here. Answers go back through ``deliver`` (the dispatcher's
``run_on_main``). A failed job is logged and reported to its ``on_error``; it never stops
the thread.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections import deque
from typing import Any, Callable, Iterable, Protocol

from console.services.history.store import Series

log = logging.getLogger("console.services.history")

Deliver = Callable[..., None]


class HistoryStore(Protocol):
    """What the history thread owns: the local ReadingStore (store.py), or, on a workstation whose
    history lives with the historian, a HistorianReader (historian_reader.py)."""

    def add(self, readings: Iterable) -> None: ...

    def flush(self, meanwhile: Callable[[], None] | None = None) -> int: ...

    def maintain(self) -> int: ...

    def read(self, enterprise: str, point: str, start: float, end: float) -> Series: ...

    def close(self) -> None: ...


class HistoryService:
    def __init__(self, make_store: Callable[[], HistoryStore], deliver: Deliver, flush_s: float = 60.0) -> None:
        self._make_store = make_store
        self._deliver = deliver
        self.flush_s = flush_s
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._held: deque = deque()  # jobs taken off the queue during a flush, run after it (history thread only)
        self._closed = False
        self.store: HistoryStore | None = None  # only to be touched from the history thread
        self.cpu_s = 0.0  # CPU time this thread spent working (for the benchmark)
        self.failures = 0
        self._ready = threading.Event()
        # One long-lived thread, not background operations: it owns the reading store (its
        # connection and the readings in memory) and handles readings and queries in order.
        self._thread = threading.Thread(target=self._run, name="reading-history", daemon=True)
        self._thread.start()

    # -- any thread ------------------------------------------------------------------
    def put(self, readings: list) -> None:
        """Slot for Intake.readings_arrived: O(1) on the calling thread."""
        if not self._closed:
            self._queue.put(readings)

    def submit(self, job: Callable[[HistoryStore], Any], on_done: Callable[[Any], None] | None = None,
               on_error: Callable[[BaseException], None] | None = None) -> None:
        """Run ``job(store)`` on the history thread (after the readings queued before it)."""
        if self._closed:
            raise RuntimeError("the reading history is closed")
        self._queue.put(_Job(job, on_done, on_error))

    def flush_now(self, on_done: Callable[[Any], None] | None = None) -> None:
        """Flush and upkeep at once instead of at the next interval."""
        self.submit(self._flush_and_maintain, on_done)

    def close(self, timeout: float = 30.0) -> None:
        """Write what is queued and in memory, then stop (called at shutdown)."""
        if self._closed:
            return
        self._closed = True
        self._queue.put(None)
        self._thread.join(timeout)
        if self._thread.is_alive():
            log.error("reading history did not finish within %.0f s", timeout)

    # -- history thread ------------------------------------------------------------
    def _run(self) -> None:
        try:
            self.store = self._make_store()
        except Exception:
            log.exception("the reading history cannot be opened; readings are not kept")
            self._drain_without_store()
            return
        next_flush = time.monotonic() + self.flush_s
        while True:
            wait = max(0.0, next_flush - time.monotonic())
            try:
                item = self._held.popleft() if self._held else self._queue.get(timeout=wait)
            except queue.Empty:
                item = _FLUSH
            started = time.thread_time()
            if item is None:
                self._guard(self._flush_and_maintain)
                self.cpu_s += time.thread_time() - started
                break
            if item is _FLUSH or time.monotonic() >= next_flush:
                if item is not _FLUSH:
                    self._handle(item)
                self._guard(self._flush_and_maintain)
                next_flush = time.monotonic() + self.flush_s
            else:
                self._handle(item)
            self.cpu_s += time.thread_time() - started
        self.store.close()

    def _handle(self, item: Any) -> None:
        if isinstance(item, _Job):
            try:
                result = item.job(self._store())
            except Exception as exc:
                self.failures += 1
                log.error("reading history job failed: %s", exc, exc_info=exc)
                if item.on_error is not None:
                    self._deliver(item.on_error, exc)
            else:
                if item.on_done is not None:
                    self._deliver(item.on_done, result)
        else:
            self._store().add(item)

    def _store(self) -> HistoryStore:
        """The store, on the history thread (made when the thread starts)."""
        if self.store is None:
            raise RuntimeError("the reading history's thread has not opened its store")
        return self.store

    def _flush_and_maintain(self, _store: Any = None) -> int:
        store = self._store()
        written = store.flush(self._take_readings_meanwhile)
        while store.maintain():  # sealing a park's closed hour takes many batches
            self._take_readings_meanwhile()
        return written

    def _take_readings_meanwhile(self) -> None:
        """Between the chunks of a flush and the batches of upkeep: the readings queued since go into the store's new minute
        (8-16 bytes a reading there, about 200 as the Reading objects waiting in the queue: with a
        park the queue held 400,000 of them by the end of a 20 s flush). Jobs and the end wait for
        the flush to finish, in their order; a job then sees the readings queued after it too."""
        store = self._store()
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                return
            if isinstance(item, _Job) or item is None:
                self._held.append(item)
            else:
                store.add(item)

    def _guard(self, fn: Callable[[], Any]) -> None:
        try:
            fn()
        except Exception as exc:
            self.failures += 1
            log.error("reading history flush failed (readings kept in memory are lost): %s", exc, exc_info=exc)

    def _drain_without_store(self) -> None:
        while (item := self._queue.get()) is not None:
            if isinstance(item, _Job) and item.on_error is not None:
                self._deliver(item.on_error, RuntimeError("the reading history is not available"))


class _Job:
    __slots__ = ("job", "on_done", "on_error")

    def __init__(self, job: Callable[[HistoryStore], Any], on_done: Callable[[Any], None] | None,
                 on_error: Callable[[BaseException], None] | None) -> None:
        self.job, self.on_done, self.on_error = job, on_done, on_error


_FLUSH = object()
