"""All duty-log work runs here, on one thread, in order; the GUI thread never waits on it.

Jobs queued together are committed in one transaction (one disk sync for a burst of
alarms). If that transaction fails, the jobs are retried one by one so that a single
bad job cannot take the others down with it. Results come back through ``deliver``,
which the application points at the GUI thread's dispatcher.
"""

from __future__ import annotations

import logging
import queue
import threading
from dataclasses import dataclass
from typing import Any, Callable

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from console.store.dutylog import DutyLog

log = logging.getLogger("console.store")

Job = Callable[[DutyLog], Any]
Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]
Deliver = Callable[..., None]  # deliver(fn, *args): run fn(*args) where results belong

MAX_BATCH = 500


@dataclass
class _Item:
    job: Job
    on_done: Done | None
    on_error: Failed | None


class DutyLogWriter:
    def __init__(self, engine: Engine, deliver: Deliver) -> None:
        self._engine = engine
        self._deliver = deliver
        self._queue: queue.Queue[_Item | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="duty-log-writer", daemon=True)
        self._closed = False
        self.committed_batches = 0
        self._thread.start()

    def submit(self, job: Job, on_done: Done | None = None, on_error: Failed | None = None) -> None:
        if self._closed:
            raise RuntimeError("the duty log is closed")
        self._queue.put(_Item(job, on_done, on_error))

    def backlog(self) -> int:
        return self._queue.qsize()

    def close(self, timeout: float = 30.0) -> None:
        """Finish every queued job, then stop (called at shutdown)."""
        if self._closed:
            return
        self._closed = True
        self._queue.put(None)
        self._thread.join(timeout)
        if self._thread.is_alive():
            log.error("duty log writer did not finish within %.0f s", timeout)
        self._engine.dispose()

    # -- writer thread -------------------------------------------------------------
    def _run(self) -> None:
        stop = False
        while not stop:
            first = self._queue.get()
            if first is None:
                break
            batch = [first]
            while len(batch) < MAX_BATCH:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is None:
                    stop = True
                    break
                batch.append(item)
            self._run_batch(batch)

    def _run_batch(self, batch: list[_Item], retry: bool = True) -> None:
        results: list[tuple[_Item, Any, BaseException | None]] = []
        try:
            # Results handed to the GUI thread stay readable after the commit.
            with Session(self._engine, expire_on_commit=False) as session, session.begin():
                repo = DutyLog(session)
                for item in batch:
                    try:
                        with session.begin_nested():  # a job's own failure (also at its flush) stays its own
                            result = item.job(repo)
                    except Exception as exc:
                        results.append((item, None, exc))
                    else:
                        results.append((item, result, None))
        except Exception as exc:
            log.error("duty log transaction of %d jobs failed: %s", len(batch), exc)
            if len(batch) > 1:
                for item in batch:
                    self._run_batch([item], retry)
                return
            results = [(batch[0], None, exc)]
        else:
            self.committed_batches += 1
        again = [item for item, _r, error in results if error is not None and retry and _transient(error)]
        for item, result, error in results:
            if error is None:
                if item.on_done is not None:
                    self._deliver(item.on_done, result)
            elif item in again:
                log.warning("duty log job met a transient conflict (%s); trying it once more", type(error).__name__)
            else:
                log.error("duty log job failed: %s", error, exc_info=error)
                if item.on_error is not None:
                    self._deliver(item.on_error, error)
        if again:
            self._run_batch(again, retry=False)


def _transient(error: BaseException) -> bool:
    """A deadlock or serialisation conflict with another workstation: worth one more try,
    in a new transaction, where the other side's result is visible."""
    code = getattr(getattr(error, "orig", None), "sqlstate", None)
    return code in ("40P01", "40001")
