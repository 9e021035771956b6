"""Shelvings in the duty log: the ``shelves`` row, its history row and its audit entry, written
together in the writer's one transaction (a ``journal`` record, so that they wait in the local
journal while the log is unreachable).

Each shelving is recorded once, by the workstation where the operator shelved it. Its end is
recorded once too: by the workstation where an operator unshelved it, or, when its time runs
out, by whichever workstation gets there first (``end_shelf`` ends only a shelving still open;
the others find it ended and record nothing).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, select, update

from console.domain.alarms import Shelf
from console.infrastructure.store.audit import AuditEntry, AuditLog, iso_utc
from console.infrastructure.store.dutylog import DutyLog
from console.infrastructure.store.schema import AlarmRecord, HistoryRecord, ShelfRecord, utc

EXPIRED = "shelving time ran out"  # the history row's detail when nobody unshelved it


@dataclass(frozen=True)
class ShelfStart:
    """An operator shelved an alarm occurrence (``shelf``: who, where, why, until when)."""

    occurrence_id: str
    key: str
    priority: int
    shelf: Shelf
    shift: str = ""


@dataclass(frozen=True)
class ShelfEnd:
    """A shelving ended: unshelved by ``operator``, or its time ran out (``expired``, operator "")."""

    occurrence_id: str
    key: str
    priority: int
    operator: str
    station: str
    at: float
    expired: bool
    shift: str = ""


def record_shelf(log: DutyLog, start: ShelfStart) -> None:
    """The shelving, its history row (``shelved``) and its audit entry (``alarm.shelved``). A
    shelving of the same occurrence still open is replaced (it ends as this one starts)."""
    shelf = start.shelf
    log.s.execute(update(ShelfRecord).where(ShelfRecord.alarm_id == start.occurrence_id, ShelfRecord.ended_at.is_(None))
                  .values(ended_at=utc(shelf.since), ended_by=shelf.operator, ended_station=shelf.station)
                  .execution_options(synchronize_session=False))
    log.s.add(ShelfRecord(alarm_id=start.occurrence_id, alarm_key=start.key, operator=shelf.operator, station=shelf.station,
                          reason=shelf.reason, shift=start.shift, shelved_at=utc(shelf.since), shelved_until=utc(shelf.until),
                          ended_at=None, ended_by="", ended_station=""))
    log.s.add(HistoryRecord(alarm_id=start.occurrence_id, event="shelved", at=utc(shelf.since), operator=shelf.operator,
                            station=shelf.station, detail=f"{shelf.reason} (until {utc(shelf.until):%Y-%m-%d %H:%M:%S} UTC)",
                            shift=start.shift))
    AuditLog(log.s).append_many([AuditEntry(
        "alarm.shelved", start.occurrence_id, shelf.operator, shelf.station,
        {"key": start.key, "priority": start.priority, "reason": shelf.reason, "until": iso_utc(utc(shelf.until))}, shelf.since,
    )])


def end_shelf(log: DutyLog, end: ShelfEnd) -> bool:
    """End the occurrence's open shelving, with its history row (``unshelved``) and audit entry
    (``alarm.unshelved``); False when none was open (another workstation ended it first, or it
    was never recorded): then nothing is written."""
    ended = log.s.execute(
        update(ShelfRecord).where(ShelfRecord.alarm_id == end.occurrence_id, ShelfRecord.ended_at.is_(None))
        .values(ended_at=utc(end.at), ended_by=end.operator, ended_station=end.station)
        .execution_options(synchronize_session=False)
    )
    if not ended.rowcount:  # type: ignore[attr-defined]
        return False
    log.s.add(HistoryRecord(alarm_id=end.occurrence_id, event="unshelved", at=utc(end.at), operator=end.operator,
                            station=end.station, detail=EXPIRED if end.expired else "", shift=end.shift))
    detail: dict[str, object] = {"key": end.key, "priority": end.priority}
    if end.expired:
        detail["expired"] = True
    AuditLog(log.s).append_many([AuditEntry("alarm.unshelved", end.occurrence_id, end.operator, end.station, detail, end.at)])
    return True


def open_shelves(log: DutyLog) -> dict[str, Shelf]:
    """The shelvings not ended, of occurrences still open, by occurrence id (the latest each)."""
    rows = log.s.scalars(
        select(ShelfRecord)
        .join(AlarmRecord, and_(AlarmRecord.id == ShelfRecord.alarm_id, AlarmRecord.closed_at.is_(None)))
        .where(ShelfRecord.ended_at.is_(None))
        .order_by(ShelfRecord.id)
    )
    return {r.alarm_id: Shelf(r.operator, r.reason, r.shelved_at.timestamp(), r.shelved_until.timestamp(), r.station) for r in rows}
