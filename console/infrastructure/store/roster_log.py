"""Rosters in the duty log (table ``roster``, migration 17) and the sign-ins they are compared
with (the audit chain's ``user.sign_in`` entries).

Entries are added with their audit entry (``roster.entered`` from the form, ``roster.imported``
from a sheet: who, how many) in the writer's one transaction; an entry already on the roster is
left as it is and counted apart.
"""

from __future__ import annotations

import json
from typing import Iterable

from sqlalchemy import delete, select

from console.domain.roster import RosterEntry, SignIn
from console.infrastructure.store.audit import AuditEntry, AuditLog, audit_table
from console.infrastructure.store.dutylog import DutyLog
from console.infrastructure.store.schema import RosterRecord, utc


def add_entries(log: DutyLog, entries: Iterable[RosterEntry], by: str, station: str, at: float, source: str,
                detail: dict | None = None) -> tuple[int, int]:
    """Add these entries (``source``: "form" or "sheet"), with one audit entry; (added, already on the roster)."""
    entries = list(dict.fromkeys(entries))
    shifts = sorted({e.shift for e in entries})
    standing = {(r.shift, r.station, r.user_name) for r in log.s.scalars(select(RosterRecord).where(RosterRecord.shift.in_(shifts)))} \
        if shifts else set()
    added = [e for e in entries if (e.shift, e.station, e.user) not in standing]
    for e in added:
        log.s.add(RosterRecord(shift=e.shift, station=e.station, user_name=e.user, entered_by=by, entered_at=utc(at), source=source))
    action = "roster.imported" if source == "sheet" else "roster.entered"
    subject = f"roster/{shifts[0]}" + (f"..{shifts[-1]}" if len(shifts) > 1 else "") if shifts else "roster"
    body = {"added": len(added), "already": len(entries) - len(added), **(detail or {})}
    if source == "form":
        body["entries"] = [[e.shift, e.station, e.user] for e in added]
    AuditLog(log.s).append_many([AuditEntry(action, subject[:200], by, station, body, at)])
    return len(added), len(entries) - len(added)


def remove_entry(log: DutyLog, entry: RosterEntry, by: str, station: str, at: float) -> bool:
    """Take an entry off the roster (with its audit entry ``roster.removed``); False when it was not on it."""
    gone = log.s.execute(delete(RosterRecord).where(RosterRecord.shift == entry.shift, RosterRecord.station == entry.station,
                                                    RosterRecord.user_name == entry.user).execution_options(synchronize_session=False))
    if not gone.rowcount:  # type: ignore[attr-defined]
        return False
    AuditLog(log.s).append_many([AuditEntry("roster.removed", f"roster/{entry.shift}", by, station,
                                            {"shift": entry.shift, "station": entry.station, "user": entry.user}, at)])
    return True


def roster_of(log: DutyLog, shifts: Iterable[str]) -> list[RosterEntry]:
    """The entries of these shifts, by shift, station, user."""
    shifts = list(shifts)
    if not shifts:
        return []
    rows = log.s.scalars(select(RosterRecord).where(RosterRecord.shift.in_(shifts))
                         .order_by(RosterRecord.shift, RosterRecord.station, RosterRecord.user_name))
    return [RosterEntry(r.shift, r.station, r.user_name) for r in rows]


def roster_between(log: DutyLog, first_shift: str, last_shift: str) -> list[RosterEntry]:
    """The entries of the shifts from ``first_shift`` to ``last_shift`` (ids compare as their local start)."""
    rows = log.s.scalars(select(RosterRecord).where(RosterRecord.shift >= first_shift, RosterRecord.shift <= last_shift)
                         .order_by(RosterRecord.shift, RosterRecord.station, RosterRecord.user_name))
    return [RosterEntry(r.shift, r.station, r.user_name) for r in rows]


def sign_ins_between(log: DutyLog, since: float, until: float) -> list[SignIn]:
    """Who took the duty at which desk, in which shift, when: the ``user.sign_in`` entries in [since, until)."""
    rows = log.s.execute(select(audit_table.c.actor, audit_table.c.station, audit_table.c.detail, audit_table.c.at)
                         .where(audit_table.c.action == "user.sign_in", audit_table.c.at >= utc(since), audit_table.c.at < utc(until))
                         .order_by(audit_table.c.seq))
    out = []
    for actor, station, detail, at in rows:
        facts = json.loads(detail) if detail else {}
        if facts.get("on_duty", True) is False:  # signed in to look, not on duty
            continue
        out.append(SignIn(actor, station, str(facts.get("shift", "")), at.timestamp()))
    return out
