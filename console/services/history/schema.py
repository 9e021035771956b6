"""The reading history's tables: packed blocks per point and time, not a row per reading.

``history_series`` names each point once. ``history_blocks`` holds one packed block of one
series: level 0 is raw readings (an hour per block once compacted; while the hour is open,
one short segment per flush), level 1 per-minute min/mean/max/count (a day per block once
compacted). 648 points at 1 Hz make about 15,600 level-0 rows a day instead of 56 million.

The history has its own database (by default a SQLite file beside the duty log) and its
own schema version, so heavy reading traffic never waits on, or slows, the duty log.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import (
    BigInteger,
    Column,
    Engine,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Table,
    UniqueConstraint,
    create_engine,
    event,
    select,
)
from sqlalchemy.engine import make_url

SCHEMA_VERSION = 1
RAW, MINUTES = 0, 1  # block levels
HOUR_MS = 3_600_000
DAY_MS = 86_400_000
BUCKET_MS = {RAW: HOUR_MS, MINUTES: DAY_MS}  # what one compacted block covers

metadata = MetaData()
big_id = BigInteger().with_variant(Integer, "sqlite")

meta = Table(
    "history_meta",
    metadata,
    Column("key", String(32), primary_key=True),
    Column("value", String(64), nullable=False),
)
series = Table(
    "history_series",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("enterprise", String(64), nullable=False),
    Column("point", String(64), nullable=False),
    UniqueConstraint("enterprise", "point", name="uq_history_series"),
)
blocks = Table(
    "history_blocks",
    metadata,
    Column("id", big_id, primary_key=True, autoincrement=True),
    Column("series_id", Integer, nullable=False),
    Column("level", SmallInteger, nullable=False),
    Column("bucket_ms", BigInteger, nullable=False),  # start of the hour (raw) or day (minutes), UTC
    Column("start_ms", BigInteger, nullable=False),  # first and last time in the block
    Column("end_ms", BigInteger, nullable=False),
    Column("count", Integer, nullable=False),
    Column("sealed", SmallInteger, nullable=False),  # 1: compacted (raw: its minute aggregates written)
    Column("payload", LargeBinary, nullable=False),
)
Index("ix_history_blocks_series", blocks.c.series_id, blocks.c.level, blocks.c.end_ms)
Index("ix_history_blocks_bucket", blocks.c.level, blocks.c.sealed, blocks.c.bucket_ms)


class HistorySchemaError(RuntimeError):
    pass


def make_history_engine(url: str) -> Engine:
    """SQLite: WAL and synchronous=NORMAL (a power cut may lose the last flush, never corrupt
    the file; the duty log keeps FULL for acknowledgments)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, pool_size=2, max_overflow=2)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def create(engine: Engine) -> None:
    """Create the tables of a new history; refuse one written by a newer version."""
    metadata.create_all(engine)
    with engine.begin() as conn:
        row = conn.execute(select(meta.c.value).where(meta.c.key == "schema")).scalar()
        if row is None:
            conn.execute(meta.insert().values(key="schema", value=str(SCHEMA_VERSION)))
        elif int(row) > SCHEMA_VERSION:
            raise HistorySchemaError(f"reading history schema {row} is newer than this program ({SCHEMA_VERSION})")
