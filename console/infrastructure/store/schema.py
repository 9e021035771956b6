"""SQLAlchemy models of the duty log. Times are stored as UTC."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (BigInteger, DateTime, Float, ForeignKey, Index, Integer, LargeBinary, String, Text, TypeDecorator,
                        UniqueConstraint)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class UtcDateTime(TypeDecorator[dt.datetime]):
    """Aware UTC datetimes in, aware UTC datetimes out (SQLite keeps no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the duty log")
        value = value.astimezone(dt.timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.timezone.utc)
        return value.astimezone(dt.timezone.utc)


def utc(seconds: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(seconds, dt.timezone.utc)


class Base(DeclarativeBase):
    pass


class SchemaVersion(Base):
    __tablename__ = "schema_version"
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    description: Mapped[str] = mapped_column(String(200))
    applied_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(128))
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(32), default="operator")
    active: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    failed_sign_ins: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locked_until: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    last_sign_in_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)  # migration 8


class AlarmRecord(Base):
    """One occurrence of an alarm: from raise until it is back to normal and acknowledged."""

    __tablename__ = "alarms"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    alarm_key: Mapped[str] = mapped_column(String(200))
    enterprise: Mapped[str] = mapped_column(String(64))
    point: Mapped[str] = mapped_column(String(64))
    condition: Mapped[str] = mapped_column(String(16))
    priority: Mapped[int] = mapped_column(Integer)
    raised_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    received_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    value: Mapped[float | None] = mapped_column(Float, nullable=True)
    threshold: Mapped[float | None] = mapped_column(Float, nullable=True)
    text: Mapped[str] = mapped_column(Text, default="")
    source_id: Mapped[str] = mapped_column(String(64), default="")
    station: Mapped[str] = mapped_column(String(64))
    returned_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    handling_required: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    ack_overdue_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    handling_overdue_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    late: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # migration 14: delivered late
    # When it left the alarm list (cleared, or back to normal and acknowledged); None: still open.
    closed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)

    __table_args__ = (Index("ix_alarms_raised_at", "raised_at"), Index("ix_alarms_key", "alarm_key"), Index("ix_alarms_open", "closed_at"),
                      Index("ix_alarms_point_raised", "enterprise", "point", "raised_at"))


class AckRecord(Base):
    """Who acknowledged an alarm occurrence, and how fast. At most one per occurrence."""

    __tablename__ = "acknowledgments"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
    alarm_id: Mapped[str] = mapped_column(ForeignKey("alarms.id"), unique=True)
    alarm_key: Mapped[str] = mapped_column(String(200))
    operator: Mapped[str] = mapped_column(String(64))
    station: Mapped[str] = mapped_column(String(64))
    raised_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    acked_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    response_ms: Mapped[int] = mapped_column(BigInteger)
    shift: Mapped[str] = mapped_column(String(32), default="", server_default="")

    __table_args__ = (Index("ix_acks_acked_at", "acked_at"), Index("ix_acks_operator", "operator"))


class HistoryRecord(Base):
    """One state change of an alarm occurrence, with who did it (empty for the plant)."""

    __tablename__ = "alarm_history"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
    alarm_id: Mapped[str] = mapped_column(String(32))
    event: Mapped[str] = mapped_column(String(32))
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    operator: Mapped[str] = mapped_column(String(64), default="")
    station: Mapped[str] = mapped_column(String(64))
    detail: Mapped[str] = mapped_column(Text, default="")
    shift: Mapped[str] = mapped_column(String(32), default="", server_default="")

    __table_args__ = (Index("ix_history_alarm", "alarm_id"),)


class HandlingRecord(Base):
    """How an alarm occurrence was handled (处置): at most one per occurrence, the first stands."""

    __tablename__ = "handlings"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
    alarm_id: Mapped[str] = mapped_column(ForeignKey("alarms.id"), unique=True)
    alarm_key: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(24))
    description: Mapped[str] = mapped_column(Text)
    operator: Mapped[str] = mapped_column(String(64))
    station: Mapped[str] = mapped_column(String(64))
    shift: Mapped[str] = mapped_column(String(32), default="")
    handled_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())

    __table_args__ = (Index("ix_handlings_handled_at", "handled_at"),)


class ClearanceRecord(Base):
    """An alarm occurrence cleared (消警) by an operator."""

    __tablename__ = "clearances"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
    alarm_id: Mapped[str] = mapped_column(ForeignKey("alarms.id"), unique=True)
    alarm_key: Mapped[str] = mapped_column(String(200))
    operator: Mapped[str] = mapped_column(String(64))
    station: Mapped[str] = mapped_column(String(64))
    shift: Mapped[str] = mapped_column(String(32), default="")
    cleared_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class PointServiceRecord(Base):
    """A point taken out of service or returned to it: reason, person, time."""

    __tablename__ = "point_service"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
    enterprise: Mapped[str] = mapped_column(String(64))
    point: Mapped[str] = mapped_column(String(64))
    out_of_service: Mapped[int] = mapped_column(Integer)
    person: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    station: Mapped[str] = mapped_column(String(64))


class ShelfRecord(Base):
    """An alarm occurrence shelved by an operator, until when, and how the shelving ended (unshelved
    by an operator, or its time ran out; ``ended_at`` None: still shelved, unless ``until``
    passed while no workstation ran). Written once, by the workstation where it happened; the
    first end recorded stands. Migration 14."""

    __tablename__ = "shelves"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
    alarm_id: Mapped[str] = mapped_column(String(32))
    alarm_key: Mapped[str] = mapped_column(String(200))
    operator: Mapped[str] = mapped_column(String(64))
    station: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text)
    shift: Mapped[str] = mapped_column(String(32), default="")
    shelved_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    shelved_until: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    ended_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    ended_by: Mapped[str] = mapped_column(String(64), default="")  # "" when the time ran out
    ended_station: Mapped[str] = mapped_column(String(64), default="")

    __table_args__ = (Index("ix_shelves_alarm", "alarm_id"), Index("ix_shelves_open", "ended_at"))


class AreaAssignmentRecord(Base):
    """An area of responsibility (an enterprise code) assigned to a workstation (``station``) or
    to a role (``role``), by an administrator; ``ended_at`` set when the assignment was withdrawn.
    Migration 16 (docs/areas.md)."""

    __tablename__ = "area_assignments"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
    area: Mapped[str] = mapped_column(String(64))
    station: Mapped[str] = mapped_column(String(64), default="")
    role: Mapped[str] = mapped_column(String(32), default="")
    assigned_by: Mapped[str] = mapped_column(String(64))
    assigned_station: Mapped[str] = mapped_column(String(64))
    assigned_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    ended_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    ended_by: Mapped[str] = mapped_column(String(64), default="")
    ended_station: Mapped[str] = mapped_column(String(64), default="")

    __table_args__ = (Index("ix_area_assignments_open", "ended_at"),)


class SilenceRecord(Base):
    """The station's horn silenced by an operator, and which alarms were sounding."""

    __tablename__ = "silences"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
    station: Mapped[str] = mapped_column(String(64))
    operator: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    alarm_keys: Mapped[str] = mapped_column(Text)


class PresenceCheckRecord(Base):
    """One presence check (在岗确认): when it was asked, who answered and how fast, or that
    nobody did (status answered / late / missed; see console/domain/presence.py)."""

    __tablename__ = "presence_checks"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
    station: Mapped[str] = mapped_column(String(64))
    asked_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    answered_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    operator: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))
    response_ms: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    shift: Mapped[str] = mapped_column(String(32), default="", server_default="")

    __table_args__ = (Index("ix_presence_asked_at", "asked_at"),)


class HandoverRecord(Base):
    """A shift handover (交接班), signed by both operators: the report as it was signed (JSON)
    and its SHA-256 (see console/domain/handover.py). Migration 11."""

    __tablename__ = "handovers"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
    station: Mapped[str] = mapped_column(String(64))
    outgoing: Mapped[str] = mapped_column(String(64))
    incoming: Mapped[str] = mapped_column(String(64))
    shift_from: Mapped[str] = mapped_column(String(32))
    shift_to: Mapped[str] = mapped_column(String(32))
    started_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    outgoing_signed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    incoming_signed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    report_json: Mapped[str] = mapped_column(Text)
    report_sha256: Mapped[str] = mapped_column(String(64))

    __table_args__ = (Index("ix_handovers_signed", "station", "incoming_signed_at"),)


class EvidenceRecord(Base):
    """A snapshot or a clip of a camera, kept as a file and linked to an alarm occurrence
    (console/services/video/evidence.py). Migration 10."""

    __tablename__ = "evidence"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
    occurrence_id: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(16))  # snapshot | clip
    path: Mapped[str] = mapped_column(Text)
    taken_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    camera: Mapped[str] = mapped_column(String(64))
    enterprise: Mapped[str] = mapped_column(String(64))
    operator: Mapped[str] = mapped_column(String(64))  # "" for clips recorded by themselves
    station: Mapped[str] = mapped_column(String(64))
    duration_s: Mapped[float | None] = mapped_column(Float, nullable=True)

    __table_args__ = (Index("ix_evidence_occurrence", "occurrence_id"), Index("ix_evidence_taken_at", "taken_at"))


class NoteRecord(Base):
    """A note on an alarm occurrence, written once by the workstation where it was written
    (``note_id`` made there; the broker's copy carries the same). Migration 16."""

    __tablename__ = "alarm_notes"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
    note_id: Mapped[str] = mapped_column(String(32), unique=True)
    alarm_id: Mapped[str] = mapped_column(String(32))
    alarm_key: Mapped[str] = mapped_column(String(200))
    author: Mapped[str] = mapped_column(String(64))
    station: Mapped[str] = mapped_column(String(64))
    shift: Mapped[str] = mapped_column(String(32))
    written_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    text: Mapped[str] = mapped_column(Text)

    __table_args__ = (Index("ix_alarm_notes_alarm", "alarm_id"), Index("ix_alarm_notes_written_at", "written_at"))


class RosterRecord(Base):
    """Who is rostered on which shift (its id, the local start) at which workstation. Migration 16."""

    __tablename__ = "roster"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
    shift: Mapped[str] = mapped_column(String(32))
    station: Mapped[str] = mapped_column(String(64))
    user_name: Mapped[str] = mapped_column(String(64))
    entered_by: Mapped[str] = mapped_column(String(64))
    entered_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    source: Mapped[str] = mapped_column(String(16))

    __table_args__ = (UniqueConstraint("shift", "station", "user_name", name="uq_roster_entry"), Index("ix_roster_shift", "shift"))


class JournalApplied(Base):
    """The id of a record that can wait in a workstation's local journal (console/infrastructure/store/journal.py),
    written in the same transaction as the record: a replay skips records already written (a
    commit whose answer was lost), so none is written twice. Migration 12."""

    __tablename__ = "journal_applied"
    job_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    station: Mapped[str] = mapped_column(String(64))
    applied_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())

    __table_args__ = (Index("ix_journal_applied_at", "applied_at"),)


class ReviewBlock(Base):
    """The facts of one UTC day's alarm occurrences for the managers' review, column by column
    (console/services/review/blocks.py; read and written with plain SQL there). Migration 13."""

    __tablename__ = "review_blocks"
    day: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    format: Mapped[int] = mapped_column(Integer)
    cutoff: Mapped[float] = mapped_column(Float)
    built_at: Mapped[float] = mapped_column(Float)
    row_count: Mapped[int] = mapped_column(Integer)
    payload: Mapped[bytes] = mapped_column(LargeBinary)
