"""Writing readings into the historian's tables, a batch per transaction, each reading once.

A batch is one ``INSERT … SELECT … FROM unnest(points, times, values) ON CONFLICT DO NOTHING``
into ``historian_readings`` (three arrays sent in binary): a reading delivered twice (a broker's redelivery, a
gateway's replay, a batch retried after a failed commit) is kept once, the first written.
Readings older than retention are not written (their day's partition is gone); a reading
for a minute already rolled up marks that minute for the next rollup round.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Callable, Iterable

import psycopg

from console.domain.protocol import Reading
from console.services.history import historian_tables as tables

log = logging.getLogger("console.services.history.historian")

ROLLED_UP_TO = "rolled_up_to"  # historian_state key: minutes before it (ms) are rolled up
LATE_GUARD_MS = 60_000  # a reading within this of the rollup mark is marked late too (a round may be under way)


@dataclass
class WriteResult:
    offered: int = 0
    written: int = 0  # new rows
    duplicates: int = 0  # already there: not written again
    expired: int = 0  # older than retention: not written


class ReadingWriter:
    """Owns one connection; used from one thread."""

    def __init__(self, conn: psycopg.Connection, now: Callable[[], float], full_days: float) -> None:
        self._conn = conn
        self._now = now
        self.full_days = full_days
        self._ids: dict[tuple[str, str], int] = {}
        self._known: set[str] = set()
        tables.create(conn)
        # As the local history's synchronous=NORMAL: a server crash may lose the last few hundred
        # milliseconds of readings (wal_writer_delay × 3), never corrupt anything; commits do not wait
        # for the disk. The duty log keeps full durability.
        conn.execute("SET synchronous_commit = off")

    def write(self, readings: Iterable[Reading]) -> WriteResult:
        result = WriteResult()
        cutoff = round((self._now() - self.full_days * 86_400) * 1000)  # days ending by then are past retention
        rows: list[tuple[tuple[str, str], int, float]] = []
        for r in readings:
            result.offered += 1
            ms = round(r.at * 1000)
            if tables.day_start(ms) + tables.DAY_MS <= cutoff:
                result.expired += 1
                continue
            rows.append(((r.enterprise, r.point), ms, r.value))
        if not rows:
            return result
        self._point_ids({key for key, _t, _v in rows})
        tables.ensure_partitions(self._conn, tables.READINGS, {tables.day_start(t) for _k, t, _v in rows}, self._known)
        ids = self._ids
        point_ids = [ids[key] for key, _t, _v in rows]
        times = [ms for _k, ms, _v in rows]
        values = [value for _k, _t, value in rows]
        with self._conn.transaction():
            with self._conn.cursor(binary=True) as cur:
                cur.execute("""INSERT INTO historian_readings (point_id, ts, value)
                               SELECT p, timestamptz 'epoch' + t * interval '1 millisecond', v
                               FROM unnest(%s::int4[], %s::int8[], %s::float8[]) AS incoming(p, t, v)
                               ON CONFLICT DO NOTHING""", (point_ids, times, values))
                result.written = max(cur.rowcount, 0)
                cur.execute("SELECT value FROM historian_state WHERE key = %s", (ROLLED_UP_TO,))
                mark = cur.fetchone()
                if mark is not None and min(times) < int(mark[0]) + LATE_GUARD_MS:
                    cur.execute("""INSERT INTO historian_late (point_id, minute)
                                   SELECT DISTINCT p, timestamptz 'epoch' + (t / 60000 * 60000) * interval '1 millisecond'
                                   FROM unnest(%s::int4[], %s::int8[]) AS incoming(p, t) WHERE t < %s ON CONFLICT DO NOTHING""",
                                (point_ids, times, int(mark[0]) + LATE_GUARD_MS))
        result.duplicates = len(rows) - result.written
        return result

    def close(self) -> None:
        self._conn.close()

    def _point_ids(self, keys: set[tuple[str, str]]) -> None:
        missing = sorted(k for k in keys if k not in self._ids)  # one order in every historian: no deadlock between them
        if not missing:
            return
        with self._conn.transaction():
            with self._conn.cursor() as cur:
                cur.execute("INSERT INTO historian_points (enterprise, point) SELECT * FROM unnest(%s::text[], %s::text[]) "
                            "ON CONFLICT DO NOTHING", ([e for e, _p in missing], [p for _e, p in missing]))
                cur.execute("SELECT id, enterprise, point FROM historian_points WHERE (enterprise, point) IN "
                            "(SELECT * FROM unnest(%s::text[], %s::text[]))", ([e for e, _p in missing], [p for _e, p in missing]))
                for sid, enterprise, point in cur.fetchall():
                    self._ids[(enterprise, point)] = sid
