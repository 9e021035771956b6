"""The historian's tables on PostgreSQL: a row per reading, partitioned by day (native
declarative partitioning), and per-minute rollups, partitioned by month.

``historian_points`` names each point once; ``historian_readings`` holds (point, time, value)
with the primary key (point_id, ts), so a reading delivered twice is written once (INSERT …
ON CONFLICT DO NOTHING). The key's index also carries the value (INCLUDE): one point's day is a
run of neighbouring index entries, read by an index-only scan, where its rows in the table are
spread over as many pages as there are seconds (every page holds one moment of many points); ``historian_minutes`` holds each point's min / mean / max / count per
minute; ``historian_state`` how far the rollups have come; ``historian_late`` the (point,
minute) pairs that got a reading after their minute was rolled up (done again at the next
round). Partitions are created ahead of time (and on demand for an older reading still inside
retention) and dropped whole by retention: no DELETE of single rows.

Several historians and workstations share these tables: every change of the layout (tables,
partitions) is made under one transaction-level advisory lock.
"""

from __future__ import annotations

import datetime as dt

import psycopg
from psycopg import sql

DAY_MS = 86_400_000
MINUTE_MS = 60_000
LAYOUT_LOCK = 0x44435F48  # "DC_H": the advisory lock of layout changes
UPKEEP_LOCK = 0x44435F55  # "DC_U": one historian at a time rolls up and applies retention
READINGS = "historian_readings"
MINUTES = "historian_minutes"
UTC = dt.timezone.utc
# Creating or dropping a partition locks the whole table for a moment, after the queries running on
# it; every query arriving meanwhile would queue behind. Waiting at most this long, the change is
# given up (an error, tried again at the next round) rather than stall the writers and the trends.
LAYOUT_LOCK_TIMEOUT = "5s"

_TABLES = (
    """CREATE TABLE IF NOT EXISTS historian_points (
        id serial PRIMARY KEY, enterprise text NOT NULL, point text NOT NULL, UNIQUE (enterprise, point))""",
    """CREATE TABLE IF NOT EXISTS historian_readings (
        point_id integer NOT NULL, ts timestamptz NOT NULL, value double precision NOT NULL,
        PRIMARY KEY (point_id, ts) INCLUDE (value)) PARTITION BY RANGE (ts)""",
    """CREATE TABLE IF NOT EXISTS historian_minutes (
        point_id integer NOT NULL, minute timestamptz NOT NULL, low double precision NOT NULL,
        mean double precision NOT NULL, high double precision NOT NULL, count integer NOT NULL,
        PRIMARY KEY (point_id, minute)) PARTITION BY RANGE (minute)""",
    "CREATE TABLE IF NOT EXISTS historian_state (key text PRIMARY KEY, value bigint NOT NULL)",
    """CREATE TABLE IF NOT EXISTS historian_late (
        point_id integer NOT NULL, minute timestamptz NOT NULL, PRIMARY KEY (point_id, minute))""",
)


def conninfo(url: str) -> str:
    """A libpq connection string from a SQLAlchemy URL (postgresql+psycopg://… → postgresql://…)."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        raise ValueError(f"the historian needs a PostgreSQL database, not {parsed.get_backend_name()}")
    return parsed.set(drivername="postgresql").render_as_string(hide_password=False)


def create(conn: psycopg.Connection) -> None:
    """The tables, if they are not there yet (any number of historians may start at once)."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (LAYOUT_LOCK,))
        for statement in _TABLES:
            conn.execute(statement)


def day_start(ms: int) -> int:
    return ms // DAY_MS * DAY_MS


def month_start(ms: int) -> int:
    day = dt.datetime.fromtimestamp(ms / 1000, UTC)
    return round(dt.datetime(day.year, day.month, 1, tzinfo=UTC).timestamp() * 1000)


def next_month(ms: int) -> int:
    start = dt.datetime.fromtimestamp(month_start(ms) / 1000, UTC)
    following = dt.datetime(start.year + start.month // 12, start.month % 12 + 1, 1, tzinfo=UTC)
    return round(following.timestamp() * 1000)


def partition_name(table: str, start_ms: int) -> str:
    """historian_readings_p20260101 (a day), historian_minutes_p202601 (a month)."""
    when = dt.datetime.fromtimestamp(start_ms / 1000, UTC)
    return f"{table}_p{when:%Y%m%d}" if table == READINGS else f"{table}_p{when:%Y%m}"


def partition_span(table: str, start_ms: int) -> tuple[int, int]:
    """[start, end) in ms of the partition holding ``start_ms``."""
    if table == READINGS:
        return day_start(start_ms), day_start(start_ms) + DAY_MS
    return month_start(start_ms), next_month(start_ms)


def partitions(conn: psycopg.Connection, table: str) -> dict[str, int]:
    """The partitions of ``table`` there are now: name → start (ms)."""
    rows = conn.execute(
        """SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
           JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = %s""", (table,)).fetchall()
    found = {}
    for (name,) in rows:
        stamp = name.rsplit("_p", 1)[-1]
        fmt = "%Y%m%d" if table == READINGS else "%Y%m"
        try:
            found[name] = round(dt.datetime.strptime(stamp, fmt).replace(tzinfo=UTC).timestamp() * 1000)
        except ValueError:
            continue  # a partition someone else attached: left alone
    return found


def _stamp(ms: int) -> str:
    return dt.datetime.fromtimestamp(ms / 1000, UTC).isoformat()


def ensure_partitions(conn: psycopg.Connection, table: str, times_ms: set[int], known: set[str]) -> list[str]:
    """Create the partitions that hold these times where missing; ``known`` (names) is updated.
    Returns the names created. Runs in its own transaction."""
    wanted = {partition_span(table, t) for t in times_ms}
    missing = [(partition_name(table, a), a, b) for a, b in sorted(wanted) if partition_name(table, a) not in known]
    if not missing:
        return []
    created = []
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (LAYOUT_LOCK,))
        conn.execute(sql.SQL("SET LOCAL lock_timeout = {}").format(sql.Literal(LAYOUT_LOCK_TIMEOUT)))
        there = set(partitions(conn, table))
        for name, start, end in missing:
            if name not in there:
                conn.execute(sql.SQL("CREATE TABLE {} PARTITION OF {} FOR VALUES FROM ({}) TO ({})").format(
                    sql.Identifier(name), sql.Identifier(table), sql.Literal(_stamp(start)), sql.Literal(_stamp(end))))
                created.append(name)
        known.update(there, (m[0] for m in missing))
    return created


def drop_partitions_before(conn: psycopg.Connection, table: str, cutoff_ms: int) -> list[str]:
    """Drop every partition of ``table`` that ends at or before ``cutoff_ms``. Returns their names."""
    dropped = []
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (LAYOUT_LOCK,))
        conn.execute(sql.SQL("SET LOCAL lock_timeout = {}").format(sql.Literal(LAYOUT_LOCK_TIMEOUT)))
        for name, start in sorted(partitions(conn, table).items(), key=lambda kv: kv[1]):
            if partition_span(table, start)[1] <= cutoff_ms:
                conn.execute(sql.SQL("DROP TABLE {}").format(sql.Identifier(name)))
                dropped.append(name)
    return dropped
