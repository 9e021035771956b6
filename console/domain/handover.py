"""The handover report (交接班): what the outgoing operator hands over, itemised. Plain Python.

Built from a snapshot of the alarm book (what is open now) and figures from the duty log (what
happened in the period), on the GUI thread once the duty-log query is back
(console/services/handover_desk.py runs it on the writer thread).

Sections, each a tuple of plain rows:

- open alarms: process alarms still in the operator's list (unacknowledged, acknowledged and
  still active, back to normal but still to be cleared), in the list's order;
- faults: instrument and communication alarms, and the console's own (alarm server link lost,
  presence not confirmed);
- shelved alarms (who, why, until when) and points out of service (who, why, since when);
- overdue: every current alarm past its acknowledgment or handling deadline (it may also be
  listed above: this is what the incoming operator must act on first);
- presence checks of the period at this station (asked, status, who, response time);
- notes written on alarms in the period, at any workstation (who, where, when, what).

Counts over the period: alarms raised, acknowledged (with average and longest response),
handled, cleared, acknowledgment and handling deadlines missed, and presence checks answered,
late and missed. Drills (handling category "drill") are counted apart and kept out of the
other figures (they are not accountability).

Period: from the handover that began the outgoing operator's duty on this shift, when there
was one, else from the start of their shift; up to the moment the report was made.

``to_json()`` is canonical (sorted keys, UTF-8, no spaces): its SHA-256 is the report hash
both operators sign, stored with the handover and printed at the foot of the paper copy.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any, Protocol

from console.domain.alarms import Alarm, OutOfService
from console.domain.notes import AlarmNote
from console.domain.shifts import Shift, ShiftPattern

REPORT_VERSION = 1


class PointNames(Protocol):
    """What the builder asks the plant registry (console.domain.plant.PlantRegistry)."""

    def enterprise_name(self, code: str) -> str: ...

    def point_name(self, enterprise: str, code: str) -> str: ...


@dataclass(frozen=True)
class AlarmRow:
    occurrence_id: str
    enterprise: str
    enterprise_name: str
    point: str
    point_name: str
    condition: str
    priority: int  # 1 critical … 4 low
    state: str  # console.domain.alarms.AlarmState value
    raised_at: float
    text: str = ""
    acked_by: str = ""
    handling: str = ""  # console.domain.alarms.HandlingCategory value, "" not handled yet
    handling_required: bool = False
    ack_overdue: bool = False
    handling_overdue: bool = False
    system: bool = False  # the console's own alarm (enterprise "console")
    instrument: bool = False


@dataclass(frozen=True)
class ShelvedRow:
    occurrence_id: str
    enterprise: str
    enterprise_name: str
    point: str
    point_name: str
    condition: str
    priority: int
    state: str
    operator: str
    reason: str
    since: float
    until: float


@dataclass(frozen=True)
class OutOfServiceRow:
    enterprise: str
    enterprise_name: str
    point: str
    point_name: str
    person: str
    reason: str
    since: float
    open_alarms: int  # alarms of the point still in the book


@dataclass(frozen=True)
class PresenceRow:
    asked_at: float
    status: str  # answered / late / missed (console.domain.presence.PresenceStatus)
    operator: str
    response_s: float | None


@dataclass(frozen=True)
class NoteRow:
    """A note written on an alarm in the period (at any workstation: the room shares them)."""

    occurrence_id: str
    enterprise: str
    enterprise_name: str
    point: str
    point_name: str
    condition: str
    author: str
    station: str
    written_at: float
    text: str


@dataclass(frozen=True)
class LogFigures:
    """What the duty log says about the period (DutyLog.shift_figures, on the writer thread)."""

    raised: int = 0
    acknowledged: int = 0
    handled: int = 0
    cleared: int = 0
    ack_overdue: int = 0
    handling_overdue: int = 0
    drills: int = 0
    ack_response_avg_s: float | None = None
    ack_response_max_s: float | None = None
    presence: tuple[PresenceRow, ...] = ()


@dataclass(frozen=True)
class Counts:
    # over the period (drills apart)
    raised: int
    acknowledged: int
    handled: int
    cleared: int
    ack_overdue: int
    handling_overdue: int
    drills: int
    ack_response_avg_s: float | None
    ack_response_max_s: float | None
    presence_asked: int
    presence_answered: int
    presence_late: int
    presence_missed: int
    presence_response_avg_s: float | None
    presence_response_max_s: float | None
    # now, at the handover
    open_now: int
    unacknowledged_now: int
    faults_now: int
    shelved_now: int
    out_of_service_now: int
    overdue_now: int


@dataclass(frozen=True)
class HandoverReport:
    station: str
    outgoing: str  # user name
    outgoing_display: str
    shift_id: str
    shift_label: str
    period_start: float
    period_end: float
    generated_at: float
    counts: Counts
    open_alarms: tuple[AlarmRow, ...] = ()
    faults: tuple[AlarmRow, ...] = ()
    shelved: tuple[ShelvedRow, ...] = ()
    out_of_service: tuple[OutOfServiceRow, ...] = ()
    overdue: tuple[AlarmRow, ...] = ()
    presence: tuple[PresenceRow, ...] = ()
    notes: tuple[NoteRow, ...] = ()
    audit_seq: int = 0  # the audit chain's last entry when the report was made (an anchor)
    audit_hash: str = ""
    version: int = REPORT_VERSION

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        if not self.notes:  # a report without notes reads as before notes existed (its hash unchanged)
            del data["notes"]
        return data

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)

    def sha256(self) -> str:
        return hashlib.sha256(self.to_json().encode("utf-8")).hexdigest()

    @classmethod
    def from_json(cls, text: str) -> HandoverReport:
        data = json.loads(text)
        rows = {"open_alarms": AlarmRow, "faults": AlarmRow, "shelved": ShelvedRow, "out_of_service": OutOfServiceRow,
                "overdue": AlarmRow, "presence": PresenceRow, "notes": NoteRow}
        for name, row_type in rows.items():
            data[name] = tuple(row_type(**row) for row in data.get(name, ()))
        data["counts"] = Counts(**data["counts"])
        return cls(**{f.name: data[f.name] for f in fields(cls) if f.name in data})


@dataclass(frozen=True)
class Signatory:
    name: str
    display_name: str
    signed_at: float


@dataclass(frozen=True)
class SignedHandover:
    """A handover on record: the report, both signatures, the shift the incoming one took over."""

    report: HandoverReport
    outgoing: Signatory
    incoming: Signatory
    shift_to: Shift
    record_id: int
    started_at: float
    report_sha256: str


# -- building -------------------------------------------------------------------------------
def period_start(shift: Shift, duty_began_by_handover_at: float | None) -> float:
    """From the handover that began this duty on this shift (it may come before the shift's
    start: the incoming shift arrives early), else from the start of the shift."""
    return shift.start if duty_began_by_handover_at is None else duty_began_by_handover_at


def next_shift(pattern: ShiftPattern, outgoing_shift: Shift, at: float, early_s: float) -> Shift:
    """The shift the incoming operator takes over at ``at``: the one in progress, or the next
    one when the handover comes at most ``early_s`` before it starts (and the outgoing operator's
    shift is still the one in progress)."""
    current = pattern.shift_at(at)
    if early_s > 0 and current.id == outgoing_shift.id and current.end - at <= early_s:
        return pattern.shift_at(current.end)
    return current


def _names(names: PointNames | None, enterprise: str, point: str) -> tuple[str, str]:
    if names is None:
        return "", ""
    enterprise_name = names.enterprise_name(enterprise)
    return ("" if enterprise_name == enterprise else enterprise_name), names.point_name(enterprise, point)


def alarm_row(alarm: Alarm, names: PointNames | None = None) -> AlarmRow:
    enterprise_name, point_name = ("", "") if alarm.is_system else _names(names, alarm.enterprise, alarm.point)
    return AlarmRow(
        occurrence_id=alarm.occurrence_id,
        enterprise=alarm.enterprise,
        enterprise_name=enterprise_name,
        point=alarm.point,
        point_name=point_name,
        condition=alarm.condition,
        priority=int(alarm.priority),
        state=alarm.state.value,
        raised_at=alarm.raised_at,
        text=alarm.text,
        acked_by=alarm.ack.operator if alarm.ack is not None else "",
        handling=alarm.handling.category.value if alarm.handling is not None else "",
        handling_required=alarm.handling_required,
        ack_overdue=alarm.ack_overdue,
        handling_overdue=alarm.handling_overdue,
        system=alarm.is_system,
        instrument=alarm.is_instrument,
    )


def _shelved_row(alarm: Alarm, names: PointNames | None) -> ShelvedRow:
    assert alarm.shelf is not None
    enterprise_name, point_name = _names(names, alarm.enterprise, alarm.point)
    return ShelvedRow(alarm.occurrence_id, alarm.enterprise, enterprise_name, alarm.point, point_name, alarm.condition,
                      int(alarm.priority), alarm.state.value, alarm.shelf.operator, alarm.shelf.reason, alarm.shelf.since,
                      alarm.shelf.until)


def _average(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def build_report(
    *,
    station: str,
    outgoing: str,
    outgoing_display: str,
    shift: Shift,
    period_from: float,
    generated_at: float,
    alarms: Iterable[Alarm],
    out_of_service: Mapping[tuple[str, str], OutOfService],
    figures: LogFigures,
    names: PointNames | None = None,
    audit_anchor: tuple[int, str] = (0, ""),
    notes: Iterable[AlarmNote] = (),
) -> HandoverReport:
    """The report from the book's alarms (in the list's order: pass ``book.alarms()``), its points
    out of service and the duty log's figures for the period."""
    alarms = list(alarms)
    open_alarms = [alarm_row(a, names) for a in alarms if a.in_main_list and not (a.is_instrument or a.is_system)]
    faults = [alarm_row(a, names) for a in alarms if a.in_main_list and (a.is_instrument or a.is_system)]
    shelved = [_shelved_row(a, names) for a in alarms if a.shelf is not None]
    overdue = [alarm_row(a, names) for a in alarms if a.overdue]
    per_point: dict[tuple[str, str], int] = {}
    for alarm in alarms:
        per_point[(alarm.enterprise, alarm.point)] = per_point.get((alarm.enterprise, alarm.point), 0) + 1
    services = []
    for (enterprise, point), record in sorted(out_of_service.items(), key=lambda item: (item[1].since, item[0])):
        enterprise_name, point_name = _names(names, enterprise, point)
        services.append(OutOfServiceRow(enterprise, enterprise_name, point, point_name, record.person, record.reason,
                                        record.since, per_point.get((enterprise, point), 0)))
    note_rows = []
    for note in sorted(notes, key=lambda n: (n.at, n.note_id)):
        enterprise, point, condition = note.key.split("/")
        enterprise_name, point_name = _names(names, enterprise, point)
        note_rows.append(NoteRow(note.occurrence_id, enterprise, enterprise_name, point, point_name, condition, note.author,
                                 note.station, note.at, note.text))
    presence = tuple(figures.presence)
    responses = [p.response_s for p in presence if p.response_s is not None and p.status in ("answered", "late")]
    counts = Counts(
        raised=figures.raised,
        acknowledged=figures.acknowledged,
        handled=figures.handled,
        cleared=figures.cleared,
        ack_overdue=figures.ack_overdue,
        handling_overdue=figures.handling_overdue,
        drills=figures.drills,
        ack_response_avg_s=figures.ack_response_avg_s,
        ack_response_max_s=figures.ack_response_max_s,
        presence_asked=len(presence),
        presence_answered=sum(p.status == "answered" for p in presence),
        presence_late=sum(p.status == "late" for p in presence),
        presence_missed=sum(p.status == "missed" for p in presence),
        presence_response_avg_s=_average(responses),
        presence_response_max_s=max(responses) if responses else None,
        open_now=len(open_alarms),
        unacknowledged_now=sum(a.state.needs_ack for a in alarms),
        faults_now=len(faults),
        shelved_now=len(shelved),
        out_of_service_now=len(services),
        overdue_now=len(overdue),
    )
    return HandoverReport(
        station=station,
        outgoing=outgoing,
        outgoing_display=outgoing_display,
        shift_id=shift.id,
        shift_label=shift.label,
        period_start=period_from,
        period_end=generated_at,
        generated_at=generated_at,
        counts=counts,
        open_alarms=tuple(open_alarms),
        faults=tuple(faults),
        shelved=tuple(shelved),
        out_of_service=tuple(services),
        overdue=tuple(overdue),
        presence=presence,
        notes=tuple(note_rows),
        audit_seq=int(audit_anchor[0]),
        audit_hash=str(audit_anchor[1]),
    )
