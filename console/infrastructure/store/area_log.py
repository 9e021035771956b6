"""Areas of responsibility in the duty log (table ``area_assignments``, migration 16).

An assignment is written with its audit entry (``area.assigned``), and withdrawn (``ended_at``
set, never deleted) with its audit entry (``area.unassigned``), each in the writer's one
transaction: the row and its entry are on disk together or not at all. Who may do it is checked
by the service (console/services/areas.py), again inside the same transaction against the
accounts in the log.
"""

from __future__ import annotations

from sqlalchemy import select, update

from console.domain.areas import Assignment
from console.infrastructure.store.audit import AuditEntry, AuditLog
from console.infrastructure.store.dutylog import DutyLog
from console.infrastructure.store.schema import AreaAssignmentRecord, utc


def _assignment(row: AreaAssignmentRecord) -> Assignment:
    return Assignment(row.area, row.station, row.role, row.id, row.assigned_by, row.assigned_at.timestamp())


def open_assignments(log: DutyLog) -> list[Assignment]:
    """The assignments in force, oldest first."""
    rows = log.s.scalars(select(AreaAssignmentRecord).where(AreaAssignmentRecord.ended_at.is_(None)).order_by(AreaAssignmentRecord.id))
    return [_assignment(r) for r in rows]


def assign(log: DutyLog, area: str, station: str, role: str, actor: str, where: str, at: float) -> Assignment | None:
    """Assign ``area`` to ``station`` or ``role``, with its audit entry; None when the same
    assignment is in force already (nothing written)."""
    same = log.s.scalar(select(AreaAssignmentRecord.id).where(
        AreaAssignmentRecord.area == area, AreaAssignmentRecord.station == station, AreaAssignmentRecord.role == role,
        AreaAssignmentRecord.ended_at.is_(None)).with_for_update())
    if same is not None:
        return None
    row = AreaAssignmentRecord(area=area, station=station, role=role, assigned_by=actor, assigned_station=where,
                               assigned_at=utc(at), ended_at=None, ended_by="", ended_station="")
    log.s.add(row)
    log.s.flush()
    detail = {"station": station} if station else {"role": role}
    AuditLog(log.s).append_many([AuditEntry("area.assigned", area, actor, where, {**detail, "assignment": row.id}, at)])
    return _assignment(row)


def unassign(log: DutyLog, assignment_id: int, actor: str, where: str, at: float) -> Assignment | None:
    """Withdraw an assignment in force, with its audit entry; None when it was not in force."""
    row = log.s.scalar(select(AreaAssignmentRecord).where(AreaAssignmentRecord.id == assignment_id,
                                                          AreaAssignmentRecord.ended_at.is_(None)).with_for_update())
    if row is None:
        return None
    log.s.execute(update(AreaAssignmentRecord).where(AreaAssignmentRecord.id == assignment_id)
                  .values(ended_at=utc(at), ended_by=actor, ended_station=where).execution_options(synchronize_session=False))
    detail = {"station": row.station} if row.station else {"role": row.role}
    AuditLog(log.s).append_many([AuditEntry("area.unassigned", row.area, actor, where, {**detail, "assignment": row.id}, at)])
    return _assignment(row)


__all__ = ["assign", "open_assignments", "unassign"]
