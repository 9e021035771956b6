"""Background lanes for the review: each a thread with its own database connection, running
tasks in order, with progress and cancellation, answers handed to the GUI thread.

A task is ``work(ctx)``; it reads through ``ctx.conn`` and calls ``ctx.progress(fraction, what)``
now and then, which raises ``Cancelled`` once the ticket was cancelled. Cancelling also
interrupts a running SQLite statement (and cancels a PostgreSQL one), so a long scan stops at
once. Answers go through ``deliver(fn, *args)`` (the GUI thread's dispatcher).
"""

from __future__ import annotations

import itertools
import logging
import queue
import threading
import time
from functools import partial
from dataclasses import dataclass, field
from typing import Any, Callable

from PySide6.QtCore import QThread, QTimer
from sqlalchemy import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from console.infrastructure.background import PROGRESS_EVERY_S, Cancelled  # one cancellation for the console

log = logging.getLogger("console.services.review")


@dataclass(eq=False)
class Ticket:
    """One submitted task: ``cancel()`` from the GUI thread; ``done`` once it has finished."""

    serial: int
    lane: str
    cancelled: threading.Event = field(default_factory=threading.Event)
    done: threading.Event = field(default_factory=threading.Event)
    _dbapi: Any = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def cancel(self) -> None:
        self.cancelled.set()
        with self._lock:
            raw = self._dbapi
        if raw is not None:
            try:
                if hasattr(raw, "interrupt"):
                    raw.interrupt()  # sqlite3
                elif hasattr(raw, "cancel_safe"):
                    raw.cancel_safe()  # psycopg 3.2+
                elif hasattr(raw, "cancel"):
                    raw.cancel()
            except Exception as exc:  # the statement may have just finished
                log.debug("could not interrupt the review query: %s", exc)


class Context:
    def __init__(self, conn: Connection, ticket: Ticket, report: Callable[[float, str], None]) -> None:
        self.conn = conn
        self.ticket = ticket
        self._report = report
        self._last = 0.0

    def check(self) -> None:
        if self.ticket.cancelled.is_set():
            raise Cancelled()

    def progress(self, fraction: float, what: str = "") -> None:
        self.check()
        now = time.monotonic()
        if now - self._last >= PROGRESS_EVERY_S or fraction >= 1.0:
            self._last = now
            self._report(max(0.0, min(1.0, fraction)), what)


@dataclass
class _Task:
    ticket: Ticket
    work: Callable[[Context], Any]
    on_done: Callable[[Any], None] | None
    on_error: Callable[[BaseException], None] | None
    on_progress: Callable[[float, str], None] | None
    on_cancelled: Callable[[], None] | None


class _LaneThread(QThread):
    def __init__(self, body: Callable[[], None]) -> None:
        super().__init__()
        self._body = body

    def run(self) -> None:
        self._body()


class Lane:
    def __init__(self, name: str, engine: Engine, deliver: Callable[..., None]) -> None:
        self.name = name
        self._engine = engine
        self._deliver = deliver
        self._queue: queue.Queue[_Task | None] = queue.Queue()
        self.current: Ticket | None = None
        # Long-lived lanes rather than background operations (console.infrastructure.background):
        # each holds its own database connection, runs its tasks in order, and a cancel interrupts
        # the running SQL statement. A QThread, not a bare Python thread: it has an event dispatcher, which Qt objects used
        # by a task need (QTextDocument starts a layout timer while drawing a PDF report).
        self._thread = _LaneThread(self._run)
        self._thread.setObjectName(f"review-{name}")
        self._thread.start()

    def put(self, task: _Task) -> None:
        self._queue.put(task)

    def close(self, timeout: float) -> None:
        """Cancel what runs and what waits, then stop."""
        while True:
            try:
                task = self._queue.get_nowait()
            except queue.Empty:
                break
            if task is not None:
                task.ticket.cancel()
                task.ticket.done.set()
        current = self.current
        if current is not None:
            current.cancel()
        self._queue.put(None)
        if not self._thread.wait(int(timeout * 1000)):
            log.error("review lane %s did not stop within %.0f s", self.name, timeout)

    def _run(self) -> None:
        while True:
            task = self._queue.get()
            if task is None:
                return
            self.current = task.ticket
            try:
                self._execute(task)
            finally:
                self.current = None
                task.ticket.done.set()

    def _execute(self, task: _Task) -> None:
        ticket = task.ticket
        if ticket.cancelled.is_set():
            if task.on_cancelled is not None:
                self._deliver(task.on_cancelled)
            return

        def report(fraction: float, what: str) -> None:
            if task.on_progress is not None:
                self._deliver(task.on_progress, fraction, what)

        try:
            with self._engine.connect() as conn:
                with ticket._lock:
                    ticket._dbapi = conn.connection.dbapi_connection
                try:
                    result = task.work(Context(conn, ticket, report))
                finally:
                    with ticket._lock:
                        ticket._dbapi = None
        except Exception as exc:
            if ticket.cancelled.is_set():
                if task.on_cancelled is not None:
                    self._deliver(task.on_cancelled)
                return
            # Expected failures (a file, the database, bad input) in one line; a bug with its traceback.
            log.error("review task failed: %s", exc, exc_info=not isinstance(exc, (OSError, ValueError, SQLAlchemyError)))
            if task.on_error is not None:
                self._deliver(task.on_error, exc)
            return
        if ticket.cancelled.is_set():
            if task.on_cancelled is not None:
                self._deliver(task.on_cancelled)
            return
        if task.on_done is not None:
            self._deliver(task.on_done, result)


class Lanes:
    """The review's lanes: "query" (pages, counts, KPIs, details) and "export" (files)."""

    def __init__(self, engine: Engine, deliver: Callable[..., None]) -> None:
        self.engine = engine
        self._serials = itertools.count(1)
        self._lanes = {name: Lane(name, engine, deliver) for name in ("query", "export", "background")}
        self._closed = False

    def submit(self, lane: str, work: Callable[[Context], Any], on_done: Callable[[Any], None] | None = None,
               on_error: Callable[[BaseException], None] | None = None,
               on_progress: Callable[[float, str], None] | None = None,
               on_cancelled: Callable[[], None] | None = None) -> Ticket:
        if self._closed:
            raise RuntimeError("the review is closed")
        ticket = Ticket(next(self._serials), lane)
        self._lanes[lane].put(_Task(ticket, work, on_done, on_error, on_progress, on_cancelled))
        return ticket

    def refuse(self, lane: str, error: BaseException, on_error: Callable[[BaseException], None] | None = None) -> Ticket:
        """A request that is not run (GUI thread): its ticket is done, and ``on_error(error)``
        answers as a failed task's does, from the event loop (never from inside the call)."""
        ticket = Ticket(next(self._serials), lane)
        ticket.done.set()
        if on_error is not None:
            QTimer.singleShot(0, partial(on_error, error))
        return ticket

    def close(self, timeout: float = 10.0) -> None:
        if self._closed:
            return
        self._closed = True
        for lane in self._lanes.values():
            lane.close(timeout)
        self.engine.dispose()
