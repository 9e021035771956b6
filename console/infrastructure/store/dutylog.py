"""The duty log repository: every call runs inside the writer's transaction (one thread)."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Sequence

from sqlalchemy import ColumnElement, Insert, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import InstrumentedAttribute, Session

from console.domain.alarms import Acknowledgment, Alarm, AlarmState, Clearance, Handling, HandlingCategory, OutOfService, Priority
from console.domain.handover import LogFigures, PresenceRow
from console.domain.passwords import hash_password, needs_rehash, verify_password
from console.domain.presence import PresenceResult
from console.infrastructure.store.schema import (
    AckRecord,
    AlarmRecord,
    Base,
    ClearanceRecord,
    HandlingRecord,
    HandoverRecord,
    HistoryRecord,
    PointServiceRecord,
    PresenceCheckRecord,
    SilenceRecord,
    User,
    utc,
)


MAX_FAILED_SIGN_INS = 5
LOCK_S = 300.0
log = logging.getLogger("console.infrastructure.store.users")


@dataclass(frozen=True)
class Operator:
    name: str
    display_name: str
    role: str


class DutyLog:
    def __init__(self, session: Session) -> None:
        self.s = session

    # -- alarms ------------------------------------------------------------------
    def record_alarm(self, alarm: Alarm, station: str, received_at: float) -> None:
        self.s.add(
            AlarmRecord(
                id=alarm.occurrence_id,
                alarm_key=alarm.key,
                enterprise=alarm.enterprise,
                point=alarm.point,
                condition=alarm.condition,
                priority=int(alarm.priority),
                raised_at=utc(alarm.raised_at),
                received_at=utc(received_at),
                value=alarm.value,
                threshold=alarm.threshold,
                text=alarm.text,
                source_id="",
                station=station,
            )
        )

    def record_return(self, occurrence_id: str, returned_at: float | None) -> None:
        """The occurrence returned to normal (None: it became active again)."""
        when = None if returned_at is None else utc(returned_at)
        self.s.execute(update(AlarmRecord).where(AlarmRecord.id == occurrence_id).values(returned_at=when))

    def record_ack(self, ack: Acknowledgment) -> Acknowledgment:
        """Store the acknowledgment; returns the one that stands for the occurrence, which is
        an earlier one when another operator or workstation acknowledged it first."""
        record = AckRecord(
            alarm_id=ack.occurrence_id,
            alarm_key=ack.key,
            operator=ack.operator,
            station=ack.station,
            raised_at=utc(ack.raised_at),
            acked_at=utc(ack.acked_at),
            response_ms=int(round(ack.response_s * 1000)),
            shift=ack.shift,
        )
        try:
            with self.s.begin_nested():
                self.s.add(record)
        except IntegrityError:
            earlier = self.s.scalar(select(AckRecord).where(AckRecord.alarm_id == ack.occurrence_id))
            if earlier is None:
                raise
            return _ack(earlier)
        return ack

    def record_handling(self, handling: Handling) -> Handling:
        """Store the handling; returns the one that stands (an earlier one from another
        workstation wins, as for acknowledgments)."""
        record = HandlingRecord(alarm_id=handling.occurrence_id, alarm_key=handling.key, category=handling.category.value,
                                description=handling.description, operator=handling.operator, station=handling.station,
                                shift=handling.shift, handled_at=utc(handling.handled_at))
        try:
            with self.s.begin_nested():
                self.s.add(record)
        except IntegrityError:
            earlier = self.s.scalar(select(HandlingRecord).where(HandlingRecord.alarm_id == handling.occurrence_id))
            if earlier is None:
                raise
            return _handling(earlier)
        return handling

    def record_clearance(self, clearance: Clearance) -> Clearance:
        """Store the clearance (消警) and close the occurrence; the first clearance stands."""
        record = ClearanceRecord(alarm_id=clearance.occurrence_id, alarm_key=clearance.key, operator=clearance.operator,
                                 station=clearance.station, shift=clearance.shift, cleared_at=utc(clearance.cleared_at))
        try:
            with self.s.begin_nested():
                self.s.add(record)
        except IntegrityError:
            earlier = self.s.scalar(select(ClearanceRecord).where(ClearanceRecord.alarm_id == clearance.occurrence_id))
            if earlier is None:
                raise
            return _clearance(earlier)
        self.record_close(clearance.occurrence_id, clearance.cleared_at)
        return clearance

    def record_close(self, occurrence_id: str, at: float) -> None:
        """The occurrence left the alarm list (the first close stands)."""
        self.s.execute(
            update(AlarmRecord).where(AlarmRecord.id == occurrence_id, AlarmRecord.closed_at.is_(None)).values(closed_at=utc(at))
        )

    def record_overdue(self, occurrence_id: str, kind: str, at: float) -> None:
        column = AlarmRecord.ack_overdue_at if kind == "ack" else AlarmRecord.handling_overdue_at
        self.s.execute(update(AlarmRecord).where(AlarmRecord.id == occurrence_id, column.is_(None)).values({column: utc(at)}))

    def handling_of(self, occurrence_id: str) -> Handling | None:
        record = self.s.scalar(select(HandlingRecord).where(HandlingRecord.alarm_id == occurrence_id))
        return _handling(record) if record is not None else None

    def ack_of(self, occurrence_id: str) -> Acknowledgment | None:
        record = self.s.scalar(select(AckRecord).where(AckRecord.alarm_id == occurrence_id))
        return _ack(record) if record is not None else None

    def clearance_of(self, occurrence_id: str) -> Clearance | None:
        record = self.s.scalar(select(ClearanceRecord).where(ClearanceRecord.alarm_id == occurrence_id))
        return _clearance(record) if record is not None else None

    def open_alarms(self) -> list[Alarm]:
        """Occurrences still in the alarm list (not closed), with their acknowledgment and handling."""
        rows = self.s.execute(
            select(AlarmRecord, AckRecord, HandlingRecord)
            .outerjoin(AckRecord, AckRecord.alarm_id == AlarmRecord.id)
            .outerjoin(HandlingRecord, HandlingRecord.alarm_id == AlarmRecord.id)
            .where(AlarmRecord.closed_at.is_(None))
        ).all()
        out = []
        for alarm, ack, handling in rows:
            state = _state(returned=alarm.returned_at is not None, acked=ack is not None)
            out.append(
                Alarm(
                    key=alarm.alarm_key,
                    occurrence_id=alarm.id,
                    enterprise=alarm.enterprise,
                    point=alarm.point,
                    condition=alarm.condition,
                    priority=Priority(alarm.priority),
                    state=state,
                    raised_at=alarm.raised_at.timestamp(),
                    changed_at=(ack.acked_at if ack else alarm.received_at).timestamp(),
                    value=alarm.value,
                    threshold=alarm.threshold,
                    text=alarm.text,
                    ack=_ack(ack) if ack else None,
                    returned_at=alarm.returned_at.timestamp() if alarm.returned_at else None,
                    handling_required=bool(alarm.handling_required),
                    handling=_handling(handling) if handling else None,
                    ack_overdue=alarm.ack_overdue_at is not None and ack is None,
                    handling_overdue=alarm.handling_overdue_at is not None and handling is None,
                    late=bool(alarm.late),
                )
            )
        return out

    def record_batch(self, alarms: list[dict], returns: list[tuple[str, float | None]], history: list[dict],
                     closes: Sequence[tuple[str, float]] = (), overdue: Sequence[tuple[str, str, float]] = ()) -> None:
        """Bulk insert of what the recorder gathered: new occurrences, returns, history rows,
        occurrences that left the list, deadlines missed."""
        if alarms:
            # Several workstations sharing the log record the same occurrence: the first stands.
            self.s.execute(_insert_ignoring_duplicates(self.s, AlarmRecord), alarms)
        for occurrence_id, returned_at in returns:
            self.record_return(occurrence_id, returned_at)
        if history:
            self.s.execute(insert(HistoryRecord), history)
        for occurrence_id, at in closes:
            self.record_close(occurrence_id, at)
        for occurrence_id, kind, at in overdue:
            self.record_overdue(occurrence_id, kind, at)

    def record_history(self, alarm_id: str, event: str, at: float, station: str, operator: str = "", detail: str = "") -> None:
        self.s.add(HistoryRecord(alarm_id=alarm_id, event=event, at=utc(at), operator=operator, station=station, detail=detail))

    def history(self, alarm_id: str) -> list[HistoryRecord]:
        return list(self.s.scalars(select(HistoryRecord).where(HistoryRecord.alarm_id == alarm_id).order_by(HistoryRecord.id)))

    def record_point_service(self, enterprise: str, point: str, out: bool, person: str, reason: str, at: float, station: str) -> None:
        self.s.add(PointServiceRecord(enterprise=enterprise, point=point, out_of_service=int(out), person=person, reason=reason, at=utc(at), station=station))

    def points_out_of_service(self) -> list[OutOfService]:
        """Points whose latest service record says out of service."""
        latest: dict[tuple[str, str], PointServiceRecord] = {}
        for rec in self.s.scalars(select(PointServiceRecord).order_by(PointServiceRecord.id)):
            latest[(rec.enterprise, rec.point)] = rec
        return [OutOfService(r.enterprise, r.point, r.person, r.reason, r.at.timestamp()) for r in latest.values() if r.out_of_service]

    def record_silence(self, station: str, operator: str, at: float, keys: list[str]) -> None:
        self.s.add(SilenceRecord(station=station, operator=operator, at=utc(at), alarm_keys="\n".join(keys)))

    def silences(self) -> list[SilenceRecord]:
        return list(self.s.scalars(select(SilenceRecord).order_by(SilenceRecord.id)))

    def acknowledgments(self) -> list[AckRecord]:
        return list(self.s.scalars(select(AckRecord).order_by(AckRecord.acked_at)))

    def alarm_records(self) -> list[AlarmRecord]:
        return list(self.s.scalars(select(AlarmRecord).order_by(AlarmRecord.raised_at)))

    # -- presence checks -----------------------------------------------------------
    def record_presence(self, result: PresenceResult, station: str, shift: str = "") -> None:
        response = result.response_s
        self.s.add(
            PresenceCheckRecord(
                station=station,
                asked_at=utc(result.asked_at),
                answered_at=None if result.answered_at is None else utc(result.answered_at),
                operator=result.operator,
                status=result.status.value,
                response_ms=None if response is None else int(round(response * 1000)),
                shift=shift,
            )
        )

    def presence_checks(self, since: float | None = None) -> list[PresenceCheckRecord]:
        query = select(PresenceCheckRecord).order_by(PresenceCheckRecord.asked_at, PresenceCheckRecord.id)
        if since is not None:
            query = query.where(PresenceCheckRecord.asked_at >= utc(since))
        return list(self.s.scalars(query))

    # -- shift handovers (交接班; console/domain/handover.py) ------------------------------------
    def shift_figures(self, since: float, station: str) -> LogFigures:
        """The period's figures for the handover report: alarms raised, acknowledged, handled,
        cleared and deadlines missed since ``since`` (drills apart), and this station's
        presence checks."""
        start = utc(since)
        drill = HandlingCategory.DRILL.value
        drills = select(HandlingRecord.alarm_id).where(HandlingRecord.category == drill)

        def count(column: InstrumentedAttribute[dt.datetime] | InstrumentedAttribute[dt.datetime | None], *where: ColumnElement[bool]) -> int:
            return int(self.s.scalar(select(func.count()).where(column >= start, *where)) or 0)

        not_drill = AlarmRecord.id.not_in(drills)
        acks = self.s.execute(
            select(func.count(), func.avg(AckRecord.response_ms), func.max(AckRecord.response_ms))
            .where(AckRecord.acked_at >= start, AckRecord.alarm_id.not_in(drills))
        ).one()
        presence = tuple(
            PresenceRow(r.asked_at.timestamp(), r.status, r.operator, None if r.response_ms is None else r.response_ms / 1000)
            for r in self.presence_checks(since) if r.station == station
        )
        return LogFigures(
            raised=count(AlarmRecord.raised_at, not_drill),
            acknowledged=int(acks[0] or 0),
            handled=count(HandlingRecord.handled_at, HandlingRecord.category != drill),
            cleared=count(ClearanceRecord.cleared_at, ClearanceRecord.alarm_id.not_in(drills)),
            ack_overdue=count(AlarmRecord.ack_overdue_at, not_drill),
            handling_overdue=count(AlarmRecord.handling_overdue_at, not_drill),
            drills=count(HandlingRecord.handled_at, HandlingRecord.category == drill),
            ack_response_avg_s=None if acks[1] is None else float(acks[1]) / 1000,
            ack_response_max_s=None if acks[2] is None else float(acks[2]) / 1000,
            presence=presence,
        )

    def duty_began_by_handover(self, station: str, operator: str, shift: str) -> float | None:
        """When ``operator`` took over this station's duty on ``shift`` by a handover (the
        latest such), or None: they signed in instead."""
        at = self.s.scalar(
            select(func.max(HandoverRecord.incoming_signed_at))
            .where(HandoverRecord.station == station, HandoverRecord.incoming == operator, HandoverRecord.shift_to == shift)
        )
        return None if at is None else at.timestamp()

    def record_handover(self, station: str, outgoing: str, incoming: str, shift_from: str, shift_to: str, started_at: float,
                        outgoing_signed_at: float, incoming_signed_at: float, report_json: str, report_sha256: str) -> int:
        record = HandoverRecord(station=station, outgoing=outgoing, incoming=incoming, shift_from=shift_from,
                                shift_to=shift_to, started_at=utc(started_at), outgoing_signed_at=utc(outgoing_signed_at),
                                incoming_signed_at=utc(incoming_signed_at), report_json=report_json,
                                report_sha256=report_sha256)
        self.s.add(record)
        self.s.flush()
        return record.id

    def handovers(self, station: str | None = None) -> list[HandoverRecord]:
        query = select(HandoverRecord).order_by(HandoverRecord.incoming_signed_at, HandoverRecord.id)
        if station is not None:
            query = query.where(HandoverRecord.station == station)
        return list(self.s.scalars(query))

    # -- operators ---------------------------------------------------------------
    def add_user(self, name: str, password: str, display_name: str = "", role: str = "operator") -> None:
        if not name.strip() or not password:
            raise ValueError("a user needs a name and a password")
        self.s.add(
            User(
                name=name.strip(),
                display_name=display_name or name.strip(),
                password_hash=hash_password(password),
                role=role,
                active=1,
                created_at=dt.datetime.now(dt.timezone.utc),
            )
        )

    def has_users(self) -> bool:
        return self.s.scalar(select(User.id).limit(1)) is not None

    def has_user(self, name: str) -> bool:
        """An account of this name exists (enabled or not)."""
        return self.s.scalar(select(User.id).where(User.name == name.strip()).limit(1)) is not None

    def verify_user(self, name: str, password: str, now: float | None = None) -> Operator | None:
        """The operator, or None for a wrong name or password, or a locked account (see
        ``locked_until``): after MAX_FAILED_SIGN_INS wrong passwords in a row the account is
        locked for LOCK_S seconds, so a password cannot be guessed at the console."""
        now_dt = dt.datetime.now(dt.timezone.utc) if now is None else utc(now)
        user = self.s.scalar(select(User).where(User.name == name.strip(), User.active == 1))
        if user is None:
            return None
        if user.locked_until is not None and user.locked_until > now_dt:
            return None
        if not verify_password(password, user.password_hash):
            user.failed_sign_ins = (user.failed_sign_ins or 0) + 1
            if user.failed_sign_ins >= MAX_FAILED_SIGN_INS:
                user.locked_until = now_dt + dt.timedelta(seconds=LOCK_S)
                user.failed_sign_ins = 0
                log.warning("account %s locked until %s after %d wrong passwords", user.name, user.locked_until, MAX_FAILED_SIGN_INS)
            return None
        user.failed_sign_ins = 0
        user.locked_until = None
        user.last_sign_in_at = now_dt
        if needs_rehash(user.password_hash):
            user.password_hash = hash_password(password)
        return Operator(user.name, user.display_name, user.role)

    def locked_until(self, name: str) -> float | None:
        """When a locked account opens again (None: not locked)."""
        until = self.s.scalar(select(User.locked_until).where(User.name == name.strip()))
        if until is None or until <= dt.datetime.now(dt.timezone.utc):
            return None
        return until.timestamp()

    def user_records(self, for_update: bool = False) -> list[User]:
        """Every account, by name. ``for_update``: the caller is about to change accounts after
        checking them (user management): the rows are locked first, so two workstations
        changing accounts at once take turns and each sees the other's result."""
        if for_update and self.s.get_bind().dialect.name == "sqlite":
            # A write as the first statement takes SQLite's write lock (see AuditLog.append_many).
            self.s.execute(update(User).where(User.id < 0).values(role=User.role).execution_options(synchronize_session=False))
        query = select(User).order_by(User.name)
        if for_update:
            query = query.with_for_update().execution_options(populate_existing=True)
        return list(self.s.scalars(query))


def _insert_ignoring_duplicates(session: Session, model: type[Base]) -> Insert:
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(model).on_conflict_do_nothing()
    if dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert(model).on_conflict_do_nothing()
    return insert(model)


def _handling(rec: HandlingRecord) -> Handling:
    return Handling(rec.alarm_id, rec.alarm_key, HandlingCategory(rec.category), rec.description, rec.operator,
                    rec.station, rec.handled_at.timestamp(), rec.shift)


def _clearance(rec: ClearanceRecord) -> Clearance:
    return Clearance(rec.alarm_id, rec.alarm_key, rec.operator, rec.station, rec.cleared_at.timestamp(), rec.shift)


def _state(returned: bool, acked: bool) -> AlarmState:
    if returned:  # still open although back to normal: unacknowledged, or waiting for 消警
        return AlarmState.AWAIT_CLEAR if acked else AlarmState.RTN_UNACK
    return AlarmState.ACKED if acked else AlarmState.UNACK


def _ack(rec: AckRecord) -> Acknowledgment:
    return Acknowledgment(rec.alarm_id, rec.alarm_key, rec.operator, rec.station, rec.raised_at.timestamp(),
                          rec.acked_at.timestamp(), rec.shift or "")
