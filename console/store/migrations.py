"""Numbered schema migrations, applied in order inside one transaction each.

A migration is frozen once released: it states its own DDL and never imports today's
models, so an old file is upgraded by exactly the steps a new one was built with.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Callable

from sqlalchemy import Connection, Engine, MetaData, inspect, text

log = logging.getLogger("console.store.migrations")


def _v1_initial(conn: Connection) -> None:
    from sqlalchemy import BigInteger, Column, DateTime, Float, ForeignKey, Index, Integer, String, Table, Text

    md = MetaData()
    ts = DateTime(timezone=True)
    big_id = BigInteger().with_variant(Integer, "sqlite")
    Table(
        "users",
        md,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("name", String(64), nullable=False, unique=True),
        Column("display_name", String(128), nullable=False),
        Column("password_hash", String(256), nullable=False),
        Column("role", String(32), nullable=False),
        Column("active", Integer, nullable=False),
        Column("created_at", ts, nullable=False),
    )
    alarms = Table(
        "alarms",
        md,
        Column("id", String(32), primary_key=True),
        Column("alarm_key", String(200), nullable=False),
        Column("enterprise", String(64), nullable=False),
        Column("point", String(64), nullable=False),
        Column("condition", String(16), nullable=False),
        Column("priority", Integer, nullable=False),
        Column("raised_at", ts, nullable=False),
        Column("received_at", ts, nullable=False),
        Column("value", Float, nullable=True),
        Column("threshold", Float, nullable=True),
        Column("text", Text, nullable=False),
        Column("source_id", String(64), nullable=False),
        Column("station", String(64), nullable=False),
        Column("returned_at", ts, nullable=True),
    )
    Index("ix_alarms_raised_at", alarms.c.raised_at)
    Index("ix_alarms_key", alarms.c.alarm_key)
    acks = Table(
        "acknowledgments",
        md,
        Column("id", big_id, primary_key=True, autoincrement=True),
        Column("alarm_id", String(32), ForeignKey("alarms.id"), nullable=False, unique=True),
        Column("alarm_key", String(200), nullable=False),
        Column("operator", String(64), nullable=False),
        Column("station", String(64), nullable=False),
        Column("raised_at", ts, nullable=False),
        Column("acked_at", ts, nullable=False),
        Column("response_ms", BigInteger, nullable=False),
    )
    Index("ix_acks_acked_at", acks.c.acked_at)
    Index("ix_acks_operator", acks.c.operator)
    md.create_all(conn)


def _v2_history(conn: Connection) -> None:
    from sqlalchemy import BigInteger, Column, DateTime, Index, Integer, String, Table, Text

    md = MetaData()
    ts = DateTime(timezone=True)
    big_id = BigInteger().with_variant(Integer, "sqlite")
    history = Table(
        "alarm_history",
        md,
        Column("id", big_id, primary_key=True, autoincrement=True),
        Column("alarm_id", String(32), nullable=False),
        Column("event", String(32), nullable=False),
        Column("at", ts, nullable=False),
        Column("operator", String(64), nullable=False),
        Column("station", String(64), nullable=False),
        Column("detail", Text, nullable=False),
    )
    Index("ix_history_alarm", history.c.alarm_id)
    Table(
        "point_service",
        md,
        Column("id", big_id, primary_key=True, autoincrement=True),
        Column("enterprise", String(64), nullable=False),
        Column("point", String(64), nullable=False),
        Column("out_of_service", Integer, nullable=False),
        Column("person", String(64), nullable=False),
        Column("reason", Text, nullable=False),
        Column("at", ts, nullable=False),
        Column("station", String(64), nullable=False),
    )
    Table(
        "silences",
        md,
        Column("id", big_id, primary_key=True, autoincrement=True),
        Column("station", String(64), nullable=False),
        Column("operator", String(64), nullable=False),
        Column("at", ts, nullable=False),
        Column("alarm_keys", Text, nullable=False),
    )
    md.create_all(conn)


def _v3_audit(conn: Connection) -> None:
    from console.store.audit import create_audit_table  # frozen DDL kept beside the chain code

    create_audit_table(conn)


def _v4_sign_in_lockout(conn: Connection) -> None:
    conn.execute(text("ALTER TABLE users ADD COLUMN failed_sign_ins INTEGER NOT NULL DEFAULT 0"))
    conn.execute(text("ALTER TABLE users ADD COLUMN locked_until TIMESTAMP WITH TIME ZONE"))


def _v5_presence_checks(conn: Connection) -> None:
    from sqlalchemy import BigInteger, Column, DateTime, Index, Integer, String, Table

    md = MetaData()
    ts = DateTime(timezone=True)
    checks = Table(
        "presence_checks",
        md,
        Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
        Column("station", String(64), nullable=False),
        Column("asked_at", ts, nullable=False),
        Column("answered_at", ts, nullable=True),
        Column("operator", String(64), nullable=False),
        Column("status", String(16), nullable=False),
        Column("response_ms", BigInteger, nullable=True),
    )
    Index("ix_presence_asked_at", checks.c.asked_at)
    md.create_all(conn)


def _v6_ack_shift(conn: Connection) -> None:
    conn.execute(text("ALTER TABLE acknowledgments ADD COLUMN shift VARCHAR(32) NOT NULL DEFAULT ''"))


MIGRATIONS: list[tuple[int, str, Callable[[Connection], None]]] = [
    (1, "users, alarms, acknowledgments", _v1_initial),
    (2, "alarm history, point service records, silences", _v2_history),
    (3, "audit log (hash chain)", _v3_audit),
    (4, "sign-in lockout", _v4_sign_in_lockout),
    (5, "presence checks", _v5_presence_checks),
    (6, "acknowledgments stamped with the shift", _v6_ack_shift),
]
LATEST = MIGRATIONS[-1][0]


def current_version(conn: Connection) -> int:
    if not inspect(conn).has_table("schema_version"):
        return 0
    return conn.execute(text("SELECT COALESCE(MAX(version), 0) FROM schema_version")).scalar_one()


MIGRATION_LOCK = 0x44757479  # PostgreSQL advisory lock id: one workstation migrates at a time


def _lock(conn: Connection) -> None:
    """Several workstations may start on one new shared log at once: serialise them."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATION_LOCK})


def upgrade(engine: Engine) -> list[int]:
    """Bring the database to the latest schema; returns the versions applied."""
    applied = []
    with engine.begin() as conn:
        _lock(conn)
        if not inspect(conn).has_table("schema_version"):
            conn.execute(
                text("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, description VARCHAR(200) NOT NULL, applied_at TIMESTAMP NOT NULL)")
            )
    for version, description, step in MIGRATIONS:
        with engine.begin() as conn:
            _lock(conn)
            if current_version(conn) >= version:
                continue
            step(conn)
            conn.execute(
                text("INSERT INTO schema_version (version, description, applied_at) VALUES (:v, :d, :t)"),
                {"v": version, "d": description, "t": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S")},
            )
            applied.append(version)
            log.info("duty log schema upgraded to version %d (%s)", version, description)
    with engine.connect() as conn:
        found = current_version(conn)
    if found > LATEST:
        raise RuntimeError(f"the duty log has schema version {found}, newer than this program ({LATEST}); upgrade the program")
    return applied
