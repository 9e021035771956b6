"""Numbered schema migrations, applied in order inside one transaction each.

A migration is frozen once released: it states its own DDL and never imports today's
models, so an old file is upgraded by exactly the steps a new one was built with.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Callable

from sqlalchemy import Connection, Engine, MetaData, inspect, text

log = logging.getLogger("console.infrastructure.store.migrations")


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
    from console.infrastructure.store.audit import create_audit_table  # frozen DDL kept beside the chain code

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


def _v8_user_last_sign_in(conn: Connection) -> None:
    # Disabling an account uses the existing users.active column (0 = disabled).
    conn.execute(text("ALTER TABLE users ADD COLUMN last_sign_in_at TIMESTAMP WITH TIME ZONE"))


def _v7_lifecycle(conn: Connection) -> None:
    from sqlalchemy import BigInteger, Column, DateTime, ForeignKey, Index, Integer, String, Table, Text

    md = MetaData()
    ts = DateTime(timezone=True)
    big_id = BigInteger().with_variant(Integer, "sqlite")
    Table("alarms", md, Column("id", String(32), primary_key=True))  # for the foreign keys
    handlings = Table(
        "handlings",
        md,
        Column("id", big_id, primary_key=True, autoincrement=True),
        Column("alarm_id", String(32), ForeignKey("alarms.id"), nullable=False, unique=True),
        Column("alarm_key", String(200), nullable=False),
        Column("category", String(24), nullable=False),
        Column("description", Text, nullable=False),
        Column("operator", String(64), nullable=False),
        Column("station", String(64), nullable=False),
        Column("shift", String(32), nullable=False),
        Column("handled_at", ts, nullable=False),
    )
    Index("ix_handlings_handled_at", handlings.c.handled_at)
    Table(
        "clearances",
        md,
        Column("id", big_id, primary_key=True, autoincrement=True),
        Column("alarm_id", String(32), ForeignKey("alarms.id"), nullable=False, unique=True),
        Column("alarm_key", String(200), nullable=False),
        Column("operator", String(64), nullable=False),
        Column("station", String(64), nullable=False),
        Column("shift", String(32), nullable=False),
        Column("cleared_at", ts, nullable=False),
    )
    md.create_all(conn, tables=[md.tables["handlings"], md.tables["clearances"]])
    for ddl in (
        "ALTER TABLE alarms ADD COLUMN handling_required INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE alarms ADD COLUMN ack_overdue_at TIMESTAMP WITH TIME ZONE",
        "ALTER TABLE alarms ADD COLUMN handling_overdue_at TIMESTAMP WITH TIME ZONE",
        "ALTER TABLE alarms ADD COLUMN closed_at TIMESTAMP WITH TIME ZONE",
        "ALTER TABLE alarm_history ADD COLUMN shift VARCHAR(32) NOT NULL DEFAULT ''",
        "ALTER TABLE presence_checks ADD COLUMN shift VARCHAR(32) NOT NULL DEFAULT ''",
    ):
        conn.execute(text(ddl))
    # Occurrences already back to normal and acknowledged left the list then: closed.
    conn.execute(text(
        "UPDATE alarms SET closed_at = (SELECT MAX(a.acked_at) FROM acknowledgments a WHERE a.alarm_id = alarms.id) "
        "WHERE returned_at IS NOT NULL AND EXISTS (SELECT 1 FROM acknowledgments a WHERE a.alarm_id = alarms.id)"
    ))
    conn.execute(text("UPDATE alarms SET closed_at = returned_at WHERE closed_at IS NOT NULL AND closed_at < returned_at"))
    conn.execute(text("CREATE INDEX ix_alarms_open ON alarms (closed_at)"))


def _v9_alarms_by_point(conn: Connection) -> None:
    """The alarms of a point within a time range (the trend's alarm marks). The readings
    themselves live in a database of their own (console/history)."""
    conn.execute(text("CREATE INDEX ix_alarms_point_raised ON alarms (enterprise, point, raised_at)"))


def _v10_evidence(conn: Connection) -> None:
    """Video evidence of an alarm occurrence: snapshots and clips kept as files (console/video)."""
    from sqlalchemy import BigInteger, Column, DateTime, Float, Index, Integer, String, Table, Text

    md = MetaData()
    ts = DateTime(timezone=True)
    evidence = Table(
        "evidence",
        md,
        Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
        Column("occurrence_id", String(32), nullable=False),
        Column("kind", String(16), nullable=False),
        Column("path", Text, nullable=False),
        Column("taken_at", ts, nullable=False),
        Column("camera", String(64), nullable=False),
        Column("enterprise", String(64), nullable=False),
        Column("operator", String(64), nullable=False),
        Column("station", String(64), nullable=False),
        Column("duration_s", Float, nullable=True),
    )
    Index("ix_evidence_occurrence", evidence.c.occurrence_id)
    Index("ix_evidence_taken_at", evidence.c.taken_at)
    md.create_all(conn)


def _v11_handovers(conn: Connection) -> None:
    from sqlalchemy import BigInteger, Column, DateTime, Index, Integer, String, Table, Text

    md = MetaData()
    ts = DateTime(timezone=True)
    handovers = Table(
        "handovers",
        md,
        Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
        Column("station", String(64), nullable=False),
        Column("outgoing", String(64), nullable=False),
        Column("incoming", String(64), nullable=False),
        Column("shift_from", String(32), nullable=False),
        Column("shift_to", String(32), nullable=False),
        Column("started_at", ts, nullable=False),
        Column("outgoing_signed_at", ts, nullable=False),
        Column("incoming_signed_at", ts, nullable=False),
        Column("report_json", Text, nullable=False),
        Column("report_sha256", String(64), nullable=False),
    )
    Index("ix_handovers_signed", handovers.c.station, handovers.c.incoming_signed_at)
    md.create_all(conn)


def _v12_journal_applied(conn: Connection) -> None:
    from sqlalchemy import Column, DateTime, Index, String, Table

    md = MetaData()
    applied = Table(
        "journal_applied",
        md,
        Column("job_id", String(32), primary_key=True),
        Column("station", String(64), nullable=False),
        Column("applied_at", DateTime(timezone=True), nullable=False),
    )
    Index("ix_journal_applied_at", applied.c.applied_at)
    md.create_all(conn)


def _v13_review(conn: Connection) -> None:
    """The managers' review (console/review): day blocks of per-occurrence facts, and the audit
    chain searchable by subject (an alarm's entries in its drill-down)."""
    from sqlalchemy import Column, Float, Integer, LargeBinary, String, Table, UniqueConstraint

    md = MetaData()
    Table(
        "review_blocks",
        md,
        Column("day", Integer, primary_key=True, autoincrement=False),  # UTC day number (epoch // 86400)
        Column("format", Integer, nullable=False),
        Column("cutoff", Float, nullable=False),  # occurrences closed at or before this (epoch s) are in the block
        Column("built_at", Float, nullable=False),
        Column("row_count", Integer, nullable=False),
        Column("payload", LargeBinary, nullable=False),
    )
    Table(
        "review_names",  # the blocks' dictionaries: enterprise, point, alarm key, operator, shift
        md,
        Column("dictionary", String(16), primary_key=True),
        Column("code", Integer, primary_key=True, autoincrement=False),
        Column("name", String(200), nullable=False),
        UniqueConstraint("dictionary", "name", name="uq_review_names_name"),
    )
    md.create_all(conn)
    if conn.dialect.name == "postgresql":  # compressed already: keep PostgreSQL from trying again
        conn.execute(text("ALTER TABLE review_blocks ALTER COLUMN payload SET STORAGE EXTERNAL"))
    conn.execute(text("CREATE INDEX ix_audit_subject ON audit_log (subject)"))


def _v14_shelves(conn: Connection) -> None:
    """Shelvings kept in the duty log (shared by the workstations, kept across a restart)."""
    from sqlalchemy import BigInteger, Column, DateTime, Index, Integer, String, Table, Text

    md = MetaData()
    ts = DateTime(timezone=True)
    shelves = Table(
        "shelves",
        md,
        Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
        Column("alarm_id", String(32), nullable=False),
        Column("alarm_key", String(200), nullable=False),
        Column("operator", String(64), nullable=False),
        Column("station", String(64), nullable=False),
        Column("reason", Text, nullable=False),
        Column("shift", String(32), nullable=False),
        Column("shelved_at", ts, nullable=False),
        Column("shelved_until", ts, nullable=False),
        Column("ended_at", ts, nullable=True),
        Column("ended_by", String(64), nullable=False),
        Column("ended_station", String(64), nullable=False),
    )
    Index("ix_shelves_alarm", shelves.c.alarm_id)
    Index("ix_shelves_open", shelves.c.ended_at)
    md.create_all(conn)


def _v15_late_alarms(conn: Connection) -> None:
    # 1: the alarm was delivered late (from a gateway's buffer, or while the console had no link);
    # raised_at is still the source's own time (docs/protocol.md, "Closing a gap").
    conn.execute(text("ALTER TABLE alarms ADD COLUMN late INTEGER NOT NULL DEFAULT 0"))


def _v16_area_assignments(conn: Connection) -> None:
    """Areas of responsibility: enterprises assigned to workstations or to roles (docs/areas.md).
    A row is ended, never deleted: the table is the assignments' history."""
    from sqlalchemy import BigInteger, Column, DateTime, Index, Integer, String, Table

    md = MetaData()
    ts = DateTime(timezone=True)
    assignments = Table(
        "area_assignments",
        md,
        Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
        Column("area", String(64), nullable=False),
        Column("station", String(64), nullable=False),  # "" when assigned to a role
        Column("role", String(32), nullable=False),  # "" when assigned to a workstation
        Column("assigned_by", String(64), nullable=False),
        Column("assigned_station", String(64), nullable=False),
        Column("assigned_at", ts, nullable=False),
        Column("ended_at", ts, nullable=True),
        Column("ended_by", String(64), nullable=False),
        Column("ended_station", String(64), nullable=False),
    )
    Index("ix_area_assignments_open", assignments.c.ended_at)
    md.create_all(conn)


def _v17_notes_and_rosters(conn: Connection) -> None:
    """Notes on alarms (written once, by the workstation where they were written) and the duty
    rosters (who is on which shift at which desk)."""
    from sqlalchemy import BigInteger, Column, DateTime, Index, Integer, String, Table, Text, UniqueConstraint

    md = MetaData()
    ts = DateTime(timezone=True)
    big_id = BigInteger().with_variant(Integer, "sqlite")
    notes = Table(
        "alarm_notes",
        md,
        Column("id", big_id, primary_key=True, autoincrement=True),
        Column("note_id", String(32), nullable=False, unique=True),
        Column("alarm_id", String(32), nullable=False),
        Column("alarm_key", String(200), nullable=False),
        Column("author", String(64), nullable=False),
        Column("station", String(64), nullable=False),
        Column("shift", String(32), nullable=False),
        Column("written_at", ts, nullable=False),
        Column("text", Text, nullable=False),
    )
    Index("ix_alarm_notes_alarm", notes.c.alarm_id)
    Index("ix_alarm_notes_written_at", notes.c.written_at)
    roster = Table(
        "roster",
        md,
        Column("id", big_id, primary_key=True, autoincrement=True),
        Column("shift", String(32), nullable=False),  # the shift's id: its local start, "2026-12-04 08:00"
        Column("station", String(64), nullable=False),
        Column("user_name", String(64), nullable=False),
        Column("entered_by", String(64), nullable=False),
        Column("entered_at", ts, nullable=False),
        Column("source", String(16), nullable=False),  # "form" or "sheet"
        UniqueConstraint("shift", "station", "user_name", name="uq_roster_entry"),
    )
    Index("ix_roster_shift", roster.c.shift)
    md.create_all(conn)


MIGRATIONS: list[tuple[int, str, Callable[[Connection], None]]] = [
    (1, "users, alarms, acknowledgments", _v1_initial),
    (2, "alarm history, point service records, silences", _v2_history),
    (3, "audit log (hash chain)", _v3_audit),
    (4, "sign-in lockout", _v4_sign_in_lockout),
    (5, "presence checks", _v5_presence_checks),
    (6, "acknowledgments stamped with the shift", _v6_ack_shift),
    (7, "alarm lifecycle: handlings, clearances, deadlines; history and presence stamped with the shift", _v7_lifecycle),
    (8, "users: last sign-in", _v8_user_last_sign_in),
    (9, "alarms indexed by point and time (trend alarm marks)", _v9_alarms_by_point),
    (10, "video evidence: snapshots and clips of alarms", _v10_evidence),
    (11, "shift handovers", _v11_handovers),
    (12, "journal_applied: records written from a workstation's local journal", _v12_journal_applied),
    (13, "review: day blocks of alarm facts and their dictionaries; audit log indexed by subject", _v13_review),
    (14, "shelves: alarm shelvings shared by the workstations and kept across a restart", _v14_shelves),
    (15, "alarms delivered late (protocol revision 2: gaps closed by replay)", _v15_late_alarms),
    (16, "areas of responsibility: enterprises assigned to workstations or roles", _v16_area_assignments),
    (17, "notes on alarms; duty rosters", _v17_notes_and_rosters),
]
LATEST = MIGRATIONS[-1][0]


def current_version(conn: Connection) -> int:
    if not inspect(conn).has_table("schema_version"):
        return 0
    return conn.execute(text("SELECT COALESCE(MAX(version), 0) FROM schema_version")).scalar_one()


MIGRATION_LOCK = 0x44757479  # PostgreSQL advisory lock id: one workstation migrates at a time


def upgrade(engine: Engine) -> list[int]:
    """Bring the database to the latest schema; returns the versions applied.

    On PostgreSQL one workstation holds a session advisory lock for the whole upgrade, so two
    starting at once on a new shared log do not share out the steps between them."""
    with engine.connect() as guard:
        if guard.dialect.name == "postgresql":
            guard.execute(text("SELECT pg_advisory_lock(:k)"), {"k": MIGRATION_LOCK})
            guard.commit()
        try:
            return _upgrade(engine)
        finally:
            if guard.dialect.name == "postgresql":
                guard.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": MIGRATION_LOCK})
                guard.commit()


def _applied_versions(conn: Connection) -> set[int]:
    return {row[0] for row in conn.execute(text("SELECT version FROM schema_version"))}


def _upgrade(engine: Engine) -> list[int]:
    applied = []
    with engine.begin() as conn:
        if not inspect(conn).has_table("schema_version"):
            conn.execute(
                text("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, description VARCHAR(200) NOT NULL, applied_at TIMESTAMP NOT NULL)")
            )
        found = current_version(conn)
        done = _applied_versions(conn)
    if found > LATEST:  # refused before anything is changed
        raise RuntimeError(f"the duty log has schema version {found}, newer than this program ({LATEST}); upgrade the program")
    for version, description, step in MIGRATIONS:
        if version in done:  # by the versions present, so a gap left by development is filled too
            continue
        with engine.begin() as conn:
            if version in _applied_versions(conn):  # another workstation sharing the file was quicker
                continue
            step(conn)
            conn.execute(
                text("INSERT INTO schema_version (version, description, applied_at) VALUES (:v, :d, :t)"),
                {"v": version, "d": description, "t": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S")},
            )
            applied.append(version)
            log.info("duty log schema upgraded to version %d (%s)", version, description)
    return applied
