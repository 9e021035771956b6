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
at all. Events the book reports without a person (return to service) are attributed to the
operator whose request caused them: the desk makes that request inside
``with recorder.acting(operator):``.

Not here: shelving and unshelving (their row, history row and audit entry are written together
by console/services/shelving.py), and changes the book applied from another workstation's
record (``AlarmChange.remote``: that workstation records them).

An operator action writes its own history rows and audit entries, in its own record's transaction
(all or nothing: the acknowledgment, handling, clearance or point service change together with
its trail; docs/audit.md). The desk asks for them with ``trail`` (before the action is stored:
the alarm as it will be) or gathers them with ``capture`` (the book changed first), and applies
the stored action inside ``recorded(...)``, so that the recorder does not write them a second
time.
"""

from __future__ import annotations

import math
from contextlib import contextmanager
from typing import Callable, Iterator

from PySide6.QtCore import QObject, QTimer

from console.domain.alarms import Alarm, AlarmBook, AlarmChange, ChangeKind, Event
from console.infrastructure.store import journal
from console.infrastructure.store.journal import Trail
from console.infrastructure.store.audit import AuditEntry, iso_utc
from console.infrastructure.store.schema import utc
from console.infrastructure.store.writer import DutyLogWriter

FLUSH_MS = 100
# Events that are history worth keeping (pending/abandoned acknowledgments are transient;
# shelving is recorded by console/services/shelving.py).
HISTORY = {Event.RAISED, Event.REPEATED, Event.RETURNED, Event.ACKED, Event.OUT_OF_SERVICE, Event.IN_SERVICE, Event.HANDLED,
           Event.CLEARED, Event.SUPERSEDED, Event.OVERDUE}
# The audit chain's action for each of them (subject: the occurrence id).
AUDIT_ACTIONS = {
    Event.RAISED: "alarm.raised", Event.REPEATED: "alarm.repeated", Event.RETURNED: "alarm.returned",
    Event.ACKED: "alarm.acked",
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
        self._recorded: set[tuple[str, Event]] = set()  # (occurrence, event) written with its action
        self._capturing: list[Trail] | None = None  # see ``capture``
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(FLUSH_MS)
        self._timer.timeout.connect(self.flush)
        writer.before_submit(self.flush)  # the writing order is the order of events
        book.subscribe(self._on_change)

    def _on_change(self, change: AlarmChange) -> None:
        if change.remote:  # another workstation's shelving or service change: recorded there
            return
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
        if event in HISTORY and (alarm.occurrence_id, event) not in self._recorded:
            trail = self.trail(alarm, event, now)
            if self._capturing is not None:
                self._capturing.append(trail)
            else:
                self._history.extend(trail.history)
                self._audit.extend(trail.audit)
        if (self._alarms or self._returns or self._history or self._closes) and not self._timer.isActive():
            self._timer.start()

    def trail(self, alarm: Alarm, event: Event, at: float) -> Trail:
        """The history row and audit entry ``event`` leaves for ``alarm`` (as it is after the event)."""
        operator, detail = _who_and_what(alarm, event)
        row = {"alarm_id": alarm.occurrence_id, "event": event.value, "at": utc(at), "operator": operator,
               "station": self._station, "detail": detail, "shift": self.shift_of(at)}
        actor, facts = self._audit_facts(alarm, event, operator)
        return Trail((row,), (AuditEntry(AUDIT_ACTIONS[event], alarm.occurrence_id, actor, self._station, facts, at),))

    @contextmanager
    def already_written(self, occurrence_id: str, event: Event) -> Iterator[None]:
        """Inside, the book's ``event`` for this occurrence is on disk already: its action's record
        wrote the ``trail`` with it. Anything else the change brings (a close) is recorded as ever."""
        key = (occurrence_id, event)
        self._recorded.add(key)
        try:
            yield
        finally:
            self._recorded.discard(key)

    @contextmanager
    def capture(self) -> Iterator[list[Trail]]:
        """Inside, the history rows and audit entries of the book's changes go to the list given,
        for the action that caused them to write in its own transaction, not to the next batch
        (what was gathered before still comes first on disk: the writer's ``before_submit``)."""
        previous, self._capturing = self._capturing, []
        try:
            yield self._capturing
        finally:
            self._capturing = previous

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
        elif event is Event.IN_SERVICE:
            actor = self._acting
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
    if event in (Event.RAISED, Event.REPEATED) and alarm.is_system and alarm.text:
        return "", alarm.text
    if event in (Event.RAISED, Event.REPEATED) and alarm.value is not None:
        return "", f"value {alarm.value:g}" + (f" threshold {alarm.threshold:g}" if alarm.threshold is not None else "")
    return "", ""
