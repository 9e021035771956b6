"""The historian's upkeep: partitions ahead of time, per-minute rollups, retention.

One round (``run_once``) on the injected clock:

1. the reading partitions from yesterday to ``days_ahead`` days on, and this and next month's
   rollup partitions, exist;
2. every minute that has been over for ``delay_s`` is rolled up (min / mean / max / count per
   point), in steps of at most an hour per transaction, and ``historian_state.rolled_up_to``
   moves on; minutes that got a late reading since (``historian_late``) are done again;
3. retention, the rules of the local history: reading partitions (days) go once the day is
   older than ``full_days`` — never before they are rolled up — and rollup partitions (months)
   once the month is older than ``minute_days``.

Steps 2 and 3 run in one historian at a time (a session advisory lock); the others skip them.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Callable

import psycopg

from console.services.history import historian_tables as tables
from console.services.history.historian_writer import ROLLED_UP_TO

log = logging.getLogger("console.services.history.historian")

STEP_MS = 3_600_000  # rolled up per transaction at most


@dataclass
class UpkeepResult:
    ran: bool = False  # False: another historian holds the upkeep
    minutes_rolled: int = 0  # (point, minute) rows written
    late_redone: int = 0
    created: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)


_ROLLUP = """INSERT INTO historian_minutes (point_id, minute, low, mean, high, count)
    SELECT point_id, date_trunc('minute', ts), min(value), avg(value), max(value), count(*)
    FROM historian_readings WHERE {where} GROUP BY 1, 2
    ON CONFLICT (point_id, minute) DO UPDATE
    SET low = excluded.low, mean = excluded.mean, high = excluded.high, count = excluded.count"""


class HistorianUpkeep:
    """Owns one connection (autocommit; transactions are explicit); used from one thread."""

    def __init__(self, conn: psycopg.Connection, now: Callable[[], float], full_days: float, minute_days: float,
                 delay_s: float = 120.0, days_ahead: int = 2) -> None:
        self._conn = conn
        self._now = now
        self.full_days = full_days
        self.minute_days = minute_days
        self.delay_ms = round(delay_s * 1000)
        self.days_ahead = days_ahead
        self._known: set[str] = set()
        tables.create(conn)

    def close(self) -> None:
        self._conn.close()

    def run_once(self) -> UpkeepResult:
        result = UpkeepResult()
        now_ms = round(self._now() * 1000)
        today = tables.day_start(now_ms)
        result.created += tables.ensure_partitions(
            self._conn, tables.READINGS, {today + d * tables.DAY_MS for d in range(-1, self.days_ahead + 1)}, self._known)
        result.created += tables.ensure_partitions(self._conn, tables.MINUTES, {now_ms, tables.next_month(now_ms)}, self._known)
        if not self._conn.execute("SELECT pg_try_advisory_lock(%s)", (tables.UPKEEP_LOCK,)).fetchone()[0]:  # type: ignore[index]
            return result
        try:
            result.ran = True
            mark = self._roll_up(now_ms, result)
            result.late_redone = self._redo_late()
            raw_cutoff = min(now_ms - round(self.full_days * tables.DAY_MS), mark)
            result.dropped += tables.drop_partitions_before(self._conn, tables.READINGS, raw_cutoff)
            result.dropped += tables.drop_partitions_before(self._conn, tables.MINUTES, now_ms - round(self.minute_days * tables.DAY_MS))
            self._known.difference_update(result.dropped)
            for name in result.dropped:
                log.info("historian: partition %s past retention dropped", name)
        finally:
            self._conn.execute("SELECT pg_advisory_unlock(%s)", (tables.UPKEEP_LOCK,))
        return result

    def _roll_up(self, now_ms: int, result: UpkeepResult) -> int:
        """Roll up every closed minute up to now - delay; returns the mark (ms) reached."""
        target = (now_ms - self.delay_ms) // tables.MINUTE_MS * tables.MINUTE_MS
        row = self._conn.execute("SELECT value FROM historian_state WHERE key = %s", (ROLLED_UP_TO,)).fetchone()
        days = sorted(tables.partitions(self._conn, tables.READINGS).values())
        if row is not None:
            mark = int(row[0])
        elif days:
            mark = days[0]
        else:
            return target
        while mark < target:
            ahead = [d for d in days if d + tables.DAY_MS > mark]
            if not ahead:
                mark = target
            elif ahead[0] > mark:  # no readings partition here: on to the next one
                mark = min(ahead[0], target)
            else:
                end = min(mark + STEP_MS, target)
                tables.ensure_partitions(self._conn, tables.MINUTES, {mark, end - 1}, self._known)
                with self._conn.transaction():
                    cur = self._conn.execute(_ROLLUP.format(where="ts >= %s AND ts < %s"), (_ts(mark), _ts(end)))
                    result.minutes_rolled += max(cur.rowcount, 0)
                    self._save_mark(end)
                mark = end
                continue
            with self._conn.transaction():
                self._save_mark(mark)
        return mark

    def _save_mark(self, mark: int) -> None:
        self._conn.execute("""INSERT INTO historian_state (key, value) VALUES (%s, %s)
                              ON CONFLICT (key) DO UPDATE SET value = excluded.value""", (ROLLED_UP_TO, mark))

    def _redo_late(self) -> int:
        with self._conn.transaction():
            late = self._conn.execute("DELETE FROM historian_late RETURNING point_id, minute").fetchall()
            if not late:
                return 0
            tables.ensure_partitions(self._conn, tables.MINUTES, {round(m.timestamp() * 1000) for _p, m in late}, self._known)
            self._conn.execute(_ROLLUP.format(where="(point_id, date_trunc('minute', ts)) IN (SELECT * FROM unnest(%s::int[], %s::timestamptz[]))"),
                               ([p for p, _m in late], [m for _p, m in late]))
        return len(late)


def _ts(ms: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(ms / 1000, tables.UTC)
