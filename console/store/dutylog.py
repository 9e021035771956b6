"""The duty log repository: every call runs inside the writer's transaction (one thread)."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from console.alarms import Acknowledgment, Alarm, AlarmState, OutOfService, Priority
from console.passwords import hash_password, needs_rehash, verify_password
from console.presence import PresenceResult
from console.store.schema import (
    AckRecord,
    AlarmRecord,
    HistoryRecord,
    PointServiceRecord,
    PresenceCheckRecord,
    SilenceRecord,
    User,
    utc,
)


MAX_FAILED_SIGN_INS = 5
LOCK_S = 300.0
log = logging.getLogger("console.store.users")


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

    def open_alarms(self) -> list[Alarm]:
        """Occurrences still in the alarm list: active, or returned but not acknowledged."""
        rows = self.s.execute(
            select(AlarmRecord, AckRecord)
            .outerjoin(AckRecord, AckRecord.alarm_id == AlarmRecord.id)
            .where((AlarmRecord.returned_at.is_(None)) | (AckRecord.id.is_(None)))
        ).all()
        out = []
        for alarm, ack in rows:
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
                )
            )
        return out

    def record_batch(self, alarms: list[dict], returns: list[tuple[str, float | None]], history: list[dict]) -> None:
        """Bulk insert of what the recorder gathered: new occurrences, returns, history rows."""
        if alarms:
            # Several workstations sharing the log record the same occurrence: the first stands.
            self.s.execute(_insert_ignoring_duplicates(self.s, AlarmRecord), alarms)
        for occurrence_id, returned_at in returns:
            self.record_return(occurrence_id, returned_at)
        if history:
            self.s.execute(insert(HistoryRecord), history)

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
    def record_presence(self, result: PresenceResult, station: str) -> None:
        response = result.response_s
        self.s.add(
            PresenceCheckRecord(
                station=station,
                asked_at=utc(result.asked_at),
                answered_at=None if result.answered_at is None else utc(result.answered_at),
                operator=result.operator,
                status=result.status.value,
                response_ms=None if response is None else int(round(response * 1000)),
            )
        )

    def presence_checks(self, since: float | None = None) -> list[PresenceCheckRecord]:
        query = select(PresenceCheckRecord).order_by(PresenceCheckRecord.asked_at, PresenceCheckRecord.id)
        if since is not None:
            query = query.where(PresenceCheckRecord.asked_at >= utc(since))
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
        if needs_rehash(user.password_hash):
            user.password_hash = hash_password(password)
        return Operator(user.name, user.display_name, user.role)

    def locked_until(self, name: str) -> float | None:
        """When a locked account opens again (None: not locked)."""
        until = self.s.scalar(select(User.locked_until).where(User.name == name.strip()))
        if until is None or until <= dt.datetime.now(dt.timezone.utc):
            return None
        return until.timestamp()


def _insert_ignoring_duplicates(session: Session, model):
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(model).on_conflict_do_nothing()
    if dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert(model).on_conflict_do_nothing()
    return insert(model)


def _state(returned: bool, acked: bool) -> AlarmState:
    if returned:
        return AlarmState.RTN_UNACK
    return AlarmState.ACKED if acked else AlarmState.UNACK


def _ack(rec: AckRecord) -> Acknowledgment:
    return Acknowledgment(rec.alarm_id, rec.alarm_key, rec.operator, rec.station, rec.raised_at.timestamp(),
                          rec.acked_at.timestamp(), rec.shift or "")
