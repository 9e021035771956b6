"""Writes every alarm occurrence and each change of its state into the duty log.

Changes are gathered for up to ``FLUSH_MS`` and written as one bulk job, so that a flood of
thousands of alarms costs the writer thread (and the GIL the GUI thread needs) a few bulk
inserts instead of thousands of single ones. What was gathered is handed to the writer before
any other job is queued (the writer's ``before_submit``): anything that must follow these rows
on disk (an acknowledgment refers to its alarm row; an audit entry comes after the alarm changes
before it) does, without anyone flushing by hand.

Each history event is also an entry of the audit hash chain (``alarm.raised``, ``alarm.acked``,
``point.out_of_service``, …; see docs/audit.md), appended in the same job with
``AuditLog.append_many``, so the duty-log rows and their audit entries commit together or not
at all. Events the book reports without a person (unshelving, return to service) are
attributed to the operator whose request caused them: the desk makes that request inside
``with recorder.acting(operator):``.
"""

from __future__ import annotations

import math
from contextlib import contextmanager
from typing import Callable, Iterator

from PySide6.QtCore import QObject, QTimer

from console.domain.alarms import Alarm, AlarmBook, AlarmChange, ChangeKind, Event
from console.infrastructure.store import journal
from console.infrastructure.store.audit import AuditEntry, iso_utc
from console.infrastructure.store.schema import utc
from console.infrastructure.store.writer import DutyLogWriter

FLUSH_MS = 100
# Events that are history worth keeping (pending/abandoned acknowledgments are transient).
HISTORY = {Event.RAISED, Event.REPEATED, Event.RETURNED, Event.ACKED, Event.SHELVED, Event.UNSHELVED,
           Event.OUT_OF_SERVICE, Event.IN_SERVICE, Event.HANDLED, Event.CLEARED, Event.SUPERSEDED, Event.OVERDUE}
# The audit chain's action for each of them (subject: the occurrence id).
AUDIT_ACTIONS = {
    Event.RAISED: "alarm.raised", Event.REPEATED: "alarm.repeated", Event.RETURNED: "alarm.returned",
    Event.ACKED: "alarm.acked", Event.SHELVED: "alarm.shelved", Event.UNSHELVED: "alarm.unshelved",
    Event.OUT_OF_SERVICE: "point.out_of_service", Event.IN_SERVICE: "point.in_service",
    Event.HANDLED: "alarm.handled", Event.CLEARED: "alarm.cleared", Event.SUPERSEDED: "alarm.superseded",
    Event.OVERDUE: "alarm.overdue",
}


class AlarmRecorder(QObject):
    def __init__(self, book: AlarmBook, writer: DutyLogWriter, station: str, clock: Callable[[], float],
                 shift_of: Callable[[float], str] = lambda _at: "", parent: QObject | None = None) -> None:
        """``shift_of(at)``: the id of the duty shift at a time (console.domain.shifts)."""
        super().__init__(parent)
        self._book = book
        self._writer = writer
        self._station = station
        self._clock = clock
        self.recorded = 0
        self._alarms: list[dict] = []
        self._returns: list[tuple[str, float | None]] = []
        self._history: list[dict] = []
        self._audit: list[AuditEntry] = []
        self._closes: list[tuple[str, float]] = []
        self._overdue: list[tuple[str, str, float]] = []
        self.shift_of = shift_of
        self._acting = ""  # operator whose request is being carried out (see ``acting``)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(FLUSH_MS)
        self._timer.timeout.connect(self.flush)
        writer.before_submit(self.flush)  # the writing order is the order of events
        book.subscribe(self._on_change)

    def _on_change(self, change: AlarmChange) -> None:
        alarm, event = change.alarm, change.event
        now = self._clock()
        if event is Event.RAISED and change.kind is ChangeKind.ADDED:
            self._alarms.append(_alarm_row(alarm, self._station, now))
        elif event is Event.RAISED:  # active again before it was acknowledged
            self._returns.append((alarm.occurrence_id, None))
        elif event is Event.RETURNED and alarm.returned_at is not None:
            self._returns.append((alarm.occurrence_id, alarm.returned_at))
        elif event is Event.OVERDUE:
            for kind, flagged in (("ack", alarm.ack_overdue), ("handling", alarm.handling_overdue)):
                if flagged:
                    self._overdue.append((alarm.occurrence_id, kind, now))
        if change.kind is ChangeKind.REMOVED:
            self._closes.append((alarm.occurrence_id, now))
        if event in HISTORY:
            operator, detail = _who_and_what(alarm, event)
            self._history.append({"alarm_id": alarm.occurrence_id, "event": event.value, "at": utc(now),
                                  "operator": operator, "station": self._station, "detail": detail,
                                  "shift": self.shift_of(now)})
            actor, facts = self._audit_facts(alarm, event, operator)
            self._audit.append(AuditEntry(AUDIT_ACTIONS[event], alarm.occurrence_id, actor, self._station, facts, now))
        if not self._timer.isActive():
            self._timer.start()

    @contextmanager
    def acting(self, operator: str) -> Iterator[None]:
        """Changes the book reports while inside are the doing of ``operator`` (in the audit chain)."""
        previous, self._acting = self._acting, operator
        try:
            yield
        finally:
            self._acting = previous

    def flush(self) -> None:
        """Hand what was gathered to the writer, in order, as one job (duty-log rows and audit entries)."""
        self._timer.stop()
        if not (self._alarms or self._returns or self._history or self._closes):
            return
        alarms, returns, history, audit = self._alarms, self._returns, self._history, self._audit
        closes, overdue = self._closes, self._overdue
        self._alarms, self._returns, self._history, self._audit = [], [], [], []
        self._closes, self._overdue = [], []

        # A journal record: kept on this workstation's disk while the duty log is unreachable.
        self._writer.submit(journal.alarm_changes(alarms, returns, history, closes, overdue, audit),
                            lambda _r: self._count(len(alarms)))

    def _count(self, n: int) -> None:
        self.recorded += n

    def _audit_facts(self, alarm: Alarm, event: Event, operator: str) -> tuple[str, dict]:
        """(actor, detail) of the audit entry for this event: who did it ("" for the plant)."""
        facts: dict = {"key": alarm.key, "priority": int(alarm.priority)}
        actor = operator
        if event in (Event.RAISED, Event.REPEATED):
            if alarm.late:
                facts["late"] = True  # delivered late: raised_at is the source's time, not when it arrived
                facts["raised_at"] = iso_utc(utc(alarm.raised_at))
            if alarm.is_system and alarm.text:
                facts["text"] = alarm.text  # the console's own alarm: what it says (a gap's start and end …)
            if alarm.value is not None:
                facts["value"] = _number(alarm.value)
            if alarm.threshold is not None:
                facts["threshold"] = _number(alarm.threshold)
        elif event is Event.ACKED and alarm.ack is not None:
            facts["response_s"] = round(alarm.ack.response_s, 3)
            if alarm.ack.station != self._station:
                facts["ack_station"] = alarm.ack.station  # acknowledged at another workstation
        elif event is Event.SHELVED and alarm.shelf is not None:
            facts["reason"] = alarm.shelf.reason
            facts["until"] = iso_utc(utc(alarm.shelf.until))
        elif event is Event.HANDLED and alarm.handling is not None:
            facts.update(category=alarm.handling.category.value, description=alarm.handling.description,
                         shift=alarm.handling.shift)
            if alarm.handling.station != self._station:
                facts["handling_station"] = alarm.handling.station
        elif event is Event.CLEARED and alarm.clearance is not None:
            facts["shift"] = alarm.clearance.shift
            if alarm.clearance.station != self._station:
                facts["clearance_station"] = alarm.clearance.station
        elif event is Event.OVERDUE:
            facts["missed"] = [k for k, f in (("ack", alarm.ack_overdue), ("handling", alarm.handling_overdue)) if f]
        elif event is Event.UNSHELVED or event is Event.IN_SERVICE:
            actor = self._acting  # "" when the shelving time ran out by itself
        elif event is Event.OUT_OF_SERVICE:
            record = self._book.out_of_service.get((alarm.enterprise, alarm.point))
            actor = self._acting or (record.person if record is not None else "")
            if record is not None:
                facts["reason"] = record.reason
        return actor, facts


def _number(value: float) -> float | str:
    """A value as JSON can hold it (the chain refuses NaN and infinities)."""
    return value if math.isfinite(value) else repr(value)


def _alarm_row(alarm: Alarm, station: str, received: float) -> dict:
    return {
        "id": alarm.occurrence_id, "alarm_key": alarm.key, "enterprise": alarm.enterprise, "point": alarm.point,
        "condition": alarm.condition, "priority": int(alarm.priority), "raised_at": utc(alarm.raised_at),
        "received_at": utc(received), "value": alarm.value, "threshold": alarm.threshold, "text": alarm.text,
        "source_id": "", "station": station, "returned_at": None, "handling_required": int(alarm.handling_required),
        "late": int(alarm.late),
    }


def _who_and_what(alarm: Alarm, event: Event) -> tuple[str, str]:
    if event is Event.HANDLED and alarm.handling is not None:
        return alarm.handling.operator, f"{alarm.handling.category.value}: {alarm.handling.description}"
    if event is Event.CLEARED and alarm.clearance is not None:
        return alarm.clearance.operator, ""
    if event is Event.ACKED and alarm.ack is not None:
        return alarm.ack.operator, f"response {alarm.ack.response_s:.1f} s"
    if event is Event.SHELVED and alarm.shelf is not None:
        return alarm.shelf.operator, f"{alarm.shelf.reason} (until {utc(alarm.shelf.until):%Y-%m-%d %H:%M:%S} UTC)"
    if event in (Event.RAISED, Event.REPEATED) and alarm.is_system and alarm.text:
        return "", alarm.text
    if event in (Event.RAISED, Event.REPEATED) and alarm.value is not None:
        return "", f"value {alarm.value:g}" + (f" threshold {alarm.threshold:g}" if alarm.threshold is not None else "")
    return "", ""
