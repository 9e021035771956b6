"""All duty-log work runs here, on one thread, in order; the GUI thread never waits on it.

Jobs queued together are committed in one transaction (one disk sync for a burst of
alarms). If that transaction fails, the jobs are retried one by one so that a single
bad job cannot take the others down with it. Results come back through ``deliver``,
which the application points at the GUI thread's dispatcher.

When the duty log cannot be reached (the PostgreSQL server stopped, the network cut; see
``unreachable``), jobs that are journal records (``console.infrastructure.store.journal.Record``:
acknowledgments, handlings, clearances, the recorder's alarm rows and audit entries, …) do not
fail: they are kept, in order, in the local journal on disk, their ``on_held`` is called (the
operator's action stands at once), and they are written, in order and before anything submitted
after them, when the log answers again; tries follow 1 s, 2 s, 4 s … up to 15 s apart. Each
record's id is written with it, in the same transaction (table journal_applied), so a record
whose commit went through but whose answer was lost is not written a second time. Plain
callables (queries, user administration) cannot wait: while the log is unreachable they fail at
once with the error (a new try is made first when the last one is more than a second old).
See docs/journal.md.

Writing order is the writer's guarantee: a source that gathers work before handing it over (the
alarm recorder batches alarm rows for up to 100 ms) registers ``before_submit(hand_over)``; it is
called before every job submitted on the thread that registered it, and at ``close``, so whatever
was gathered goes to the queue ahead of the job (an audit entry follows the alarm changes before
it; an acknowledgment follows its alarm row). Callers never flush by hand.
"""

from __future__ import annotations

import datetime as dt
import logging
import queue
import threading
import time
import uuid
from dataclasses import dataclass
from typing import Any, Callable

from sqlalchemy import Engine, delete, insert, select
from sqlalchemy.exc import DBAPIError, OperationalError, PendingRollbackError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session

from console.infrastructure.store.dutylog import DutyLog
from console.infrastructure.store.journal import Journal, JournalStatus, Record
from console.infrastructure.store.schema import JournalApplied

log = logging.getLogger("console.infrastructure.store")

Job = Callable[[DutyLog], Any]
Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]
Held = Callable[[], None]
Deliver = Callable[..., None]  # deliver(fn, *args): run fn(*args) where results belong

MAX_BATCH = 500
RETRY_MIN_S = 1.0
RETRY_MAX_S = 15.0
CHEAP_TRY_S = 0.5  # after a try that failed faster than this, a plain job tries again at once
REPLAY_TRANSIENT_TRIES = 3  # a record meeting a deadlock this often while replayed is rejected
APPLIED_KEEP_DAYS = 60  # journal_applied rows older than this are pruned (once a day)


@dataclass(eq=False)
class _Item:
    job: Job
    on_done: Done | None
    on_error: Failed | None
    on_held: Held | None = None
    rid: str = ""  # a journal record's id, given at its first attempt
    seq: int | None = None  # its place in the journal file while held
    tries: int = 0  # transient conflicts met while replayed
    held: bool = False  # it waited in the journal (the operator was shown it then)

    @property
    def record(self) -> Record | None:
        return self.job if isinstance(self.job, Record) else None


class DutyLogWriter:
    def __init__(
        self,
        engine: Engine,
        deliver: Deliver,
        journal: Journal | None = None,
        station: str = "",
        status: JournalStatus | None = None,
        prepare: Callable[[Engine], Any] | None = None,
        retry_min_s: float = RETRY_MIN_S,
        retry_max_s: float = RETRY_MAX_S,
    ) -> None:
        """``journal``: where records wait while the log is unreachable (default: memory only).
        ``status``: told (through ``deliver``) whenever reachability or the held count changes.
        ``prepare(engine)``: to run before the first write (migrations, when the log could not
        be reached at start); until it succeeds the log counts as unreachable."""
        self._engine = engine
        self._deliver = deliver
        self._journal = journal if journal is not None else Journal(None)
        self._station = station[:64]
        self.status = status
        self._prepare = prepare
        self._retry_min = retry_min_s
        self._retry_max = max(retry_min_s, retry_max_s)
        self._queue: queue.Queue[_Item | None] = queue.Queue()
        # Writer thread only:
        self._held: list[_Item] = []
        self._reachable = prepare is None
        self._backoff = retry_min_s
        self._next_try = 0.0
        self._last_try = float("-inf")
        self._last_error = ""
        self._last_exc: BaseException | None = None
        self._last_cost = 0.0  # how long the last failed try took: short when refused, long when cut off
        self._down = False  # as reported: the log does not answer (a try failed)
        self._outage_logged = False
        self._replayed_before = 0
        self._reported: tuple | None = None
        self._next_prune = time.monotonic() + 600  # not while starting up
        # Readable from any thread:
        self.committed_batches = 0
        self.replayed = 0  # records written from the journal
        self.held_count = 0
        self._closed = False
        self._before_submit: list[tuple[Callable[[], None], int]] = []  # (hand-over, thread ident)
        self._handing_over = False  # a hand-over is submitting its own job (owner thread only)
        # One long-lived thread, not a background operation: the duty log is written by one
        # thread, in order, in batched transactions, for as long as the console runs.
        self._thread = threading.Thread(target=self._run, name="duty-log-writer", daemon=True)
        self._thread.start()

    def submit(self, job: Job, on_done: Done | None = None, on_error: Failed | None = None, on_held: Held | None = None) -> None:
        """Run ``job(log)`` in the writer's transaction; ``on_done(result)`` or ``on_error(exc)``
        are delivered after. A ``Record`` job is kept in the local journal while the log cannot be
        reached: ``on_held()`` is delivered once it is there (on disk), ``on_done`` when it is
        finally written."""
        if self._closed:
            raise RuntimeError("the duty log is closed")
        self._hand_over_gathered()
        self._queue.put(_Item(job, on_done, on_error, on_held))

    def before_submit(self, hand_over: Callable[[], None]) -> None:
        """Call ``hand_over()`` before each job submitted on this thread (and at ``close``): what
        it submits is queued ahead of that job. Jobs from other threads have no order relative to
        this thread's events, and are not held up by it."""
        self._before_submit.append((hand_over, threading.get_ident()))

    def _hand_over_gathered(self) -> None:
        me = threading.get_ident()
        hand_overs = [fn for fn, owner in self._before_submit if owner == me]
        if not hand_overs or self._handing_over:
            return
        self._handing_over = True
        try:
            for hand_over in hand_overs:
                hand_over()
        finally:
            self._handing_over = False

    def backlog(self) -> int:
        return self._queue.qsize()

    @property
    def journal(self) -> Journal:
        return self._journal

    @property
    def reachable(self) -> bool:
        """The writer thread's view: False while records wait in the journal or the log is unreachable."""
        return self._reachable

    def close(self, timeout: float = 30.0) -> None:
        """Finish every queued job, then stop (called at shutdown). While the log is unreachable
        the records stay in the journal file and are written at the next start."""
        if self._closed:
            return
        self._hand_over_gathered()
        self._closed = True
        self._queue.put(None)
        self._thread.join(timeout)
        if self._thread.is_alive():
            log.error("duty log writer did not finish within %.0f s", timeout)
        self._engine.dispose()

    # -- writer thread -------------------------------------------------------------
    def _run(self) -> None:
        self._restore()
        stop = False
        while not stop:
            if self._reachable:
                batch, stop = self._take(None)
                if batch:
                    self._run_batch(batch)
                    self._prune_applied()
            else:
                batch, stop = self._take(max(0.0, self._next_try - time.monotonic()))
                if time.monotonic() >= self._next_try:
                    self._retry()
                if batch and self._reachable:
                    self._run_batch(batch)
                elif batch:
                    self._while_unreachable(batch)
        if self._held:
            log.warning("duty log closed with %d records in the local journal %s; they are written at the next start",
                        len(self._held), self._journal.where)
        self._journal.close()

    def _take(self, timeout: float | None) -> tuple[list[_Item], bool]:
        """The next jobs queued together (waiting up to ``timeout``; None: until one comes)."""
        try:
            first = self._queue.get(timeout=timeout) if timeout is None or timeout > 0 else self._queue.get_nowait()
        except queue.Empty:
            return [], False
        if first is None:
            return [], True
        batch = [first]
        while len(batch) < MAX_BATCH:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                break
            if item is None:
                return batch, True
            batch.append(item)
        return batch, False

    def _run_batch(self, batch: list[_Item], retry: bool = True) -> None:
        started = time.monotonic()
        try:
            results = self._transaction(batch)
        except Exception as exc:
            if unreachable(exc):
                self._lost(exc, time.monotonic() - started)
                self._hold_or_fail(batch, exc)
                return
            log.error("duty log transaction of %d jobs failed: %s", len(batch), exc)
            if len(batch) > 1:
                for n, item in enumerate(batch):
                    if not self._reachable:  # lost on the way: the rest waits (or fails) as well
                        self._hold_or_fail(batch[n:], None)
                        return
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
            if self._reachable:
                self._run_batch(again, retry=False)
            else:
                self._hold_or_fail(again, None)

    def _transaction(self, items: list[_Item], written: frozenset[str] = frozenset()) -> list[tuple[_Item, Any, BaseException | None]]:
        """Run these jobs in one transaction, each in its own savepoint; the ids of the records
        that succeeded go in with them. ``written``: ids already in the log (their result is
        recalled, not written again). Raises when the transaction as a whole fails."""
        results: list[tuple[_Item, Any, BaseException | None]] = []
        # Results handed to the GUI thread stay readable after the commit.
        with Session(self._engine, expire_on_commit=False) as session, session.begin():
            session.connection()  # not reachable: the transaction fails, not each job on its own
            repo = DutyLog(session)
            applied = []
            for item in items:
                record = item.record
                if record is not None and not item.rid:
                    item.rid = uuid.uuid4().hex
                try:
                    with session.begin_nested():  # a job's own failure (also at its flush) stays its own
                        if record is not None and item.rid in written:
                            result = record.recall(repo)
                        elif record is not None:
                            result = record.apply(repo, held=item.held)
                        else:
                            result = item.job(repo)
                except Exception as exc:
                    if unreachable(exc):
                        raise  # the transaction is lost: the jobs wait (or fail) together
                    results.append((item, None, exc))
                else:
                    results.append((item, result, None))
                    if record is not None and item.rid not in written:
                        applied.append(item.rid)
            if applied:
                now = dt.datetime.now(dt.timezone.utc)
                session.execute(insert(JournalApplied), [{"job_id": rid, "station": self._station, "applied_at": now} for rid in applied])
        return results

    # -- the log unreachable ---------------------------------------------------------
    def _lost(self, error: BaseException, cost: float) -> None:
        """The log stopped answering (finding out took ``cost`` s): from now on records wait in the journal."""
        self._last_cost = cost
        first = self._reachable
        self._reachable = False
        self._down = True
        self._last_error, self._last_exc = _summary(error), error
        self._backoff = self._retry_min
        self._schedule()
        self._last_try = time.monotonic()
        if first:
            self._replayed_before = self.replayed
            self._outage_logged = True
            log.error("duty log unreachable (%s): records are kept in the local journal %s and written when it answers",
                      self._last_error, self._journal.where)

    def _hold_or_fail(self, items: list[_Item], error: BaseException | None) -> None:
        """Keep the records among these in the journal (in order); the other jobs fail."""
        records = [item for item in items if item.record is not None]
        if records:
            for item in records:
                item.rid = item.rid or uuid.uuid4().hex
            try:
                seqs = self._journal.append([(item.rid, record) for item in records if (record := item.record) is not None])
            except Exception as exc:  # the local disk failed as well: they can only wait in memory
                log.critical("the local journal %s cannot be written (%s): %d records wait in memory only",
                             self._journal.where, exc, len(records))
                seqs = [None] * len(records)
            for item, seq in zip(records, seqs, strict=True):
                item.seq = seq
                item.held = True
                self._held.append(item)
                if item.on_held is not None:
                    self._deliver(item.on_held)
        for item in items:
            if item.record is None:
                failure = error or self._last_exc or OperationalError("", None, ConnectionError(self._last_error))
                log.debug("duty log unreachable: a job fails at once (%s)", self._last_error)
                if item.on_error is not None:
                    self._deliver(item.on_error, failure)
        self._report()

    def _while_unreachable(self, batch: list[_Item]) -> None:
        """Jobs arriving while the log is unreachable: records wait behind those held; a plain
        job first gets a new try, when trying is cheap (the server refused at once: it is
        stopped or restarting) or due anyway, then runs or fails."""
        records: list[_Item] = []
        for n, item in enumerate(batch):
            if item.record is not None:
                records.append(item)
                continue
            if records:
                self._hold_or_fail(records, None)
                records = []
            now = time.monotonic()
            if now >= self._next_try or self._last_cost < CHEAP_TRY_S:
                self._retry()
            if self._reachable:
                self._run_batch(batch[n:])
                return
            self._hold_or_fail([item], None)
        if records:
            self._hold_or_fail(records, None)

    def _retry(self) -> None:
        """Try the log again: write what the journal holds, in order; then it is reachable."""
        self._last_try = started = time.monotonic()
        try:
            with self._engine.connect() as conn:  # answers at all? (also when nothing is held)
                conn.execute(select(1))
            if self._prepare is not None:
                self._prepare(self._engine)
                self._prepare = None
            while self._held:
                self._replay(self._held[:MAX_BATCH])
        except Exception as exc:
            summary = _summary(exc)
            if not unreachable(exc):
                if summary != self._last_error:  # once, not at every try
                    log.error("writing the local journal to the duty log failed: %s", exc, exc_info=exc)
            elif not self._outage_logged:
                log.error("duty log unreachable (%s): records are kept in the local journal %s and written when it answers",
                          summary, self._journal.where)
            self._outage_logged = True
            self._down = True
            self._last_error, self._last_exc = summary, exc
            self._last_cost = time.monotonic() - started
            self._schedule()
            self._report()
            return
        self._journal.emptied()
        self._reachable = True
        self._down = False
        self._backoff = self._retry_min
        if self._outage_logged or self.replayed > self._replayed_before:
            log.warning("duty log reachable again; %d records written from the local journal", self.replayed - self._replayed_before)
        self._outage_logged = False
        self._report()

    def _schedule(self) -> None:
        """The next try: 1 s, 2 s, 4 s … up to the maximum after each failed one."""
        self._next_try = time.monotonic() + self._backoff
        self._backoff = min(self._retry_max, self._backoff * 2)

    def _replay(self, chunk: list[_Item]) -> None:
        """Write these held records in one transaction (raises when the log is unreachable);
        records written already (commit answered too late) are skipped."""
        with self._engine.connect() as conn:
            written = frozenset(conn.scalars(select(JournalApplied.job_id).where(JournalApplied.job_id.in_([i.rid for i in chunk]))))
        try:
            results = self._transaction(chunk, written)
        except Exception as exc:
            if unreachable(exc) or _transient(exc):
                raise
            if len(chunk) > 1:
                for item in chunk:
                    self._replay([item])
                return
            results = [(chunk[0], None, exc)]
        finished: list[_Item] = []
        for item, result, error in results:
            if error is None:
                finished.append(item)
                self.replayed += 1
                if item.on_done is not None:
                    self._deliver(item.on_done, result)
            elif (_transient(error) or unreachable(error)) and item.tries < REPLAY_TRANSIENT_TRIES:
                item.tries += 1  # stays held, first in line for the next try
            else:
                finished.append(item)
                log.error("a record (%s) from the local journal was refused by the duty log and set aside in %s: %s",
                          item.record.kind if item.record is not None else "job", self._journal.where, error, exc_info=error)
                self._journal.reject(item.seq, _summary(error))
                if item.on_error is not None:
                    self._deliver(item.on_error, error)
        gone = {id(item) for item in finished}
        self._held = [item for item in self._held if id(item) not in gone]
        self._journal.remove([item.seq for item in finished if item.seq is not None])
        self._report()

    def _restore(self) -> None:
        """Records an earlier run left in the journal go first."""
        try:
            entries = self._journal.load()
        except Exception as exc:
            log.critical("the local journal %s cannot be read: %s", self._journal.where, exc)
            return
        if not entries:
            self._report()
            return
        self._held = [_Item(e.record, None, None, rid=e.rid, seq=e.seq, held=True) for e in entries]
        self._reachable = False
        self._next_try = 0.0
        self._replayed_before = 0
        log.warning("%d records from the local journal %s (the duty log was unreachable) are written first",
                    len(entries), self._journal.where)
        self._report()  # held, not unreachable: that only once a try fails

    def _report(self) -> None:
        self.held_count = len(self._held)
        detail = f"{self._last_error} · {self._journal.where}" if self._down else (self._journal.where if self._held else "")
        state = (not self._down, self.held_count, detail)
        if state == self._reported:
            return
        self._reported = state
        if self.status is not None:
            self._deliver(self.status.update, *state)

    def _prune_applied(self) -> None:
        """Once a day: this station's journal_applied rows older than APPLIED_KEEP_DAYS go."""
        now = time.monotonic()
        if now < self._next_prune:
            return
        self._next_prune = now + 86_400
        cutoff = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=APPLIED_KEEP_DAYS)
        try:
            with Session(self._engine) as session, session.begin():
                session.execute(delete(JournalApplied).where(JournalApplied.station == self._station, JournalApplied.applied_at < cutoff))
        except Exception as exc:
            log.warning("pruning journal_applied failed: %s", exc)


def unreachable(error: BaseException) -> bool:
    """The duty log could not be reached (connection refused or lost, server shutting down,
    timeout), as opposed to a job's own failure (a constraint, a bad value, a bug). The error's
    causes count too (a savepoint's rollback failing on the lost connection raises anew)."""
    seen: set[int] = set()
    cause: BaseException | None = error
    while cause is not None and id(cause) not in seen and len(seen) < 8:
        seen.add(id(cause))
        if _unreachable(cause):
            return True
        cause = cause.__cause__ or cause.__context__
    return False


def _unreachable(error: BaseException) -> bool:
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    if isinstance(error, PoolTimeout):
        return True
    if isinstance(error, PendingRollbackError) and error.code == "8s2b":  # used again after the connection was lost
        return True
    if not isinstance(error, OperationalError):
        return False
    orig = error.orig
    name = getattr(orig, "sqlite_errorname", None)
    if name is not None:  # SQLite: busy beyond the timeout, file gone, disk failing or full
        return name.startswith(("SQLITE_BUSY", "SQLITE_CANTOPEN", "SQLITE_IOERR", "SQLITE_FULL"))
    code = getattr(orig, "sqlstate", None)
    if code is None:  # PostgreSQL: refused, timed out, closed — no answer from the server
        return True
    return code.startswith("08") or code in ("57P01", "57P02", "57P03", "53300")  # connection; shutdown; too many


def _transient(error: BaseException) -> bool:
    """A deadlock or serialisation conflict with another workstation: worth one more try,
    in a new transaction, where the other side's result is visible."""
    code = getattr(getattr(error, "orig", None), "sqlstate", None)
    return code in ("40P01", "40001")


def _summary(error: BaseException) -> str:
    """One line about an error (the driver's message without SQLAlchemy's background link)."""
    orig = getattr(error, "orig", None)
    text = str(orig if orig is not None else error).strip().splitlines()
    return (text[0] if text else type(error).__name__)[:300]
