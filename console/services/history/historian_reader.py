"""A workstation's view of the historian's tables: trends read from PostgreSQL, nothing stored here.

Used when ``history.source`` is ``historian``: the reading history's thread
(console.services.history.service) owns one of these instead of a local ReadingStore, so every
query still runs off the GUI thread. Raw readings where the historian keeps them; before them,
its per-minute min / mean / max — the same answer (``Series``) as the local history gives.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Callable, Iterable

import numpy as np
import psycopg

from console.services.history import historian_tables as tables
from console.services.history.store import Series

log = logging.getLogger("console.services.history")


class HistorianReader:
    """Reads the historian's tables; one connection, used from the history thread."""

    def __init__(self, url: str) -> None:
        self._conninfo = tables.conninfo(url)
        self._conn: psycopg.Connection | None = None
        self._ids: dict[tuple[str, str], int] = {}

    def _connection(self) -> psycopg.Connection:
        if self._conn is None or self._conn.closed or self._conn.broken:
            self._conn = psycopg.connect(self._conninfo, autocommit=True, connect_timeout=10)
        return self._conn

    # -- what the history thread asks of a store ------------------------------------
    def add(self, readings: Iterable) -> None:
        """Readings are the historian's to keep: a workstation reading from it stores none."""

    def flush(self, meanwhile: Callable[[], None] | None = None) -> int:
        return 0

    def maintain(self) -> int:
        return 0  # partitions, rollups and retention are the historian's (historian_upkeep.py)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()

    # -- reading -------------------------------------------------------------------
    def read(self, enterprise: str, point: str, start: float, end: float) -> Series:
        """Readings of one point with start <= time <= end (seconds)."""
        conn = self._connection()
        out = Series()
        sid = self._point_id(conn, enterprise, point)
        if sid is None:
            return out
        lo, hi = _ts(start), _ts(end)
        out.times, out.values = _columns(conn, "historian_readings", "ts", ("value",), "point_id = %s AND ts >= %s AND ts <= %s",
                                         (sid, lo, hi))
        first_raw = _ts(float(out.times[0])) if len(out.times) else hi
        minutes = _columns(conn, "historian_minutes", "minute", ("low", "mean", "high"),
                           "point_id = %s AND minute > %s - interval '1 minute' AND minute <= %s AND minute + interval '1 minute' <= %s",
                           (sid, lo, hi, first_raw))
        out.minute_times, out.minute_min, out.minute_mean, out.minute_max = minutes
        return out

    def _point_id(self, conn: psycopg.Connection, enterprise: str, point: str) -> int | None:
        key = (enterprise, point)
        if key not in self._ids:
            try:
                row = conn.execute("SELECT id FROM historian_points WHERE enterprise = %s AND point = %s", key).fetchone()
            except psycopg.errors.UndefinedTable:
                return None  # no historian has written yet
            if row is None:
                return None
            self._ids[key] = int(row[0])
        return self._ids[key]


def _columns(conn: psycopg.Connection, table: str, time_column: str, columns: tuple[str, ...], where: str,
             params: tuple) -> list[np.ndarray]:
    """``time_column`` (as seconds) and ``columns`` of the rows of ``table`` matching ``where``, in
    time order, as float64 arrays. The rows come back as one bytea of big-endian float8, a row after
    the other (``string_agg(float8send(…) || …)``: one value to send), read by numpy at once instead
    of a Python tuple per row (a day at 1 Hz: 86,400 rows), and put in time order here (the server
    need not sort them)."""
    wanted = [f"date_part('epoch', {time_column})", *columns]
    packed = " || ".join(f"float8send({c})" for c in wanted)
    row = conn.execute(f"SELECT string_agg({packed}, ''::bytea) FROM {table} WHERE {where}", params).fetchone()  # noqa: S608
    if row is None or row[0] is None:
        return [np.zeros(0) for _c in wanted]
    rows = np.frombuffer(bytes(row[0]), dtype=np.dtype([(f"c{i}", ">f8") for i in range(len(wanted))]))
    order = np.argsort(rows["c0"], kind="stable")
    return [rows[f"c{i}"][order].astype(np.float64) for i in range(len(wanted))]


def _ts(seconds: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(seconds, tables.UTC)
