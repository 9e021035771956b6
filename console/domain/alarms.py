"""Alarm states, priorities and the book of current alarms (ISA-18.2), in plain Python.

The book is the single owner of alarm state. It never looks at a wall clock: every
time comes from the injected clock or from the event itself.
"""

from __future__ import annotations

import enum
import hashlib
from collections import deque
from dataclasses import dataclass, replace
from typing import Callable, Iterable

from console.domain.clock import Clock


class Priority(enum.IntEnum):
    """Four priorities, shown with the regional warning colours 红/橙/黄/蓝."""

    CRITICAL = 1  # 红
    HIGH = 2  # 橙
    MEDIUM = 3  # 黄
    LOW = 4  # 蓝


class AlarmState(enum.Enum):
    NORMAL = "normal"
    UNACK = "active_unacknowledged"
    ACKED = "active_acknowledged"
    RTN_UNACK = "returned_unacknowledged"
    # Back to normal and acknowledged, but its handling (处置) is required and it has not been
    # cleared (消警) yet: it stays in the list until the operator clears it.
    AWAIT_CLEAR = "returned_awaiting_clearance"

    @property
    def needs_ack(self) -> bool:
        return self in (AlarmState.UNACK, AlarmState.RTN_UNACK)

    @property
    def active(self) -> bool:
        return self in (AlarmState.UNACK, AlarmState.ACKED)


# Order of the alarm list: what needs the operator first.
STATE_RANK = {AlarmState.UNACK: 0, AlarmState.RTN_UNACK: 1, AlarmState.ACKED: 2, AlarmState.AWAIT_CLEAR: 3, AlarmState.NORMAL: 4}

SYSTEM_ENTERPRISE = "console"
# Instrument and communication conditions: about the measurement, not the process.
INSTRUMENT_CONDITIONS = frozenset({"FAULT", "COMM", "SUSPECT", "DEVICE"})


@dataclass(frozen=True)
class AlarmRaise:
    """An alarm condition reported active (by the plant's systems or by the console itself)."""

    enterprise: str
    point: str
    condition: str
    priority: Priority
    at: float
    value: float | None = None
    threshold: float | None = None
    text: str = ""
    source_id: str = ""
    late: bool = False  # delivered after the fact (from a gateway's buffer, or while the console had no link)

    @property
    def key(self) -> str:
        return alarm_key(self.enterprise, self.point, self.condition)


@dataclass(frozen=True)
class Acknowledgment:
    occurrence_id: str
    key: str
    operator: str
    station: str
    raised_at: float
    acked_at: float
    shift: str = ""  # the duty shift the operator signed in on (console.domain.shifts)

    @property
    def response_s(self) -> float:
        return max(0.0, self.acked_at - self.raised_at)


class HandlingCategory(enum.Enum):
    """What the alarm turned out to be (处置结果的类别)."""

    REAL_EVENT = "real_event"
    FALSE_ALARM = "false_alarm"
    MAINTENANCE = "maintenance"
    INSTRUMENT_FAULT = "instrument_fault"
    DRILL = "drill"  # kept out of the accountability figures


@dataclass(frozen=True)
class Handling:
    """How an alarm was handled (处置): category, what was done, who and when."""

    occurrence_id: str
    key: str
    category: HandlingCategory
    description: str
    operator: str
    station: str
    handled_at: float
    shift: str = ""

    @property
    def drill(self) -> bool:
        return self.category is HandlingCategory.DRILL


@dataclass(frozen=True)
class Clearance:
    """The alarm cleared (消警) by an operator once it was back to normal and handled."""

    occurrence_id: str
    key: str
    operator: str
    station: str
    cleared_at: float
    shift: str = ""


class Overdue(enum.Enum):
    """Which deadline an alarm missed."""

    ACK = "ack"
    HANDLING = "handling"


@dataclass(frozen=True)
class Shelf:
    """An operator's time-limited shelving of one alarm, with the reason (ISA-18.2)."""

    operator: str
    reason: str
    since: float
    until: float
    station: str = ""  # the workstation where it was shelved (which records it)


@dataclass(frozen=True)
class OutOfService:
    """A point taken out of service: never silently, always with reason, person and time."""

    enterprise: str
    point: str
    person: str
    reason: str
    since: float


@dataclass(frozen=True)
class Alarm:
    key: str
    occurrence_id: str
    enterprise: str
    point: str
    condition: str
    priority: Priority
    state: AlarmState
    raised_at: float
    changed_at: float
    value: float | None = None
    threshold: float | None = None
    text: str = ""
    repeats: int = 1  # reports of this occurrence received (a plant's and a local one merge here)
    activations: int = 1  # times it became active (re-alarms after returning to normal count)
    ack: Acknowledgment | None = None
    ack_pending: bool = False
    returned_at: float | None = None
    shelf: Shelf | None = None
    out_of_service: bool = False
    chattering: bool = False
    handling_required: bool = False  # decided when raised, from its priority (see AlarmBook)
    handling: Handling | None = None
    clearance: Clearance | None = None  # set on the change that removes it (消警)
    ack_overdue: bool = False
    handling_overdue: bool = False
    late: bool = False  # delivered late: it became active while the console could not hear of it

    @property
    def overdue(self) -> bool:
        return self.ack_overdue or self.handling_overdue

    @property
    def drill(self) -> bool:
        return self.handling is not None and self.handling.drill

    @property
    def is_system(self) -> bool:
        return self.enterprise == SYSTEM_ENTERPRISE

    @property
    def is_instrument(self) -> bool:
        """An instrument or communication alarm (kept visibly apart from process alarms)."""
        return self.condition in INSTRUMENT_CONDITIONS and not self.is_system

    @property
    def in_main_list(self) -> bool:
        """Shelved and out-of-service alarms live in their own view, not the operator's list."""
        return self.shelf is None and not self.out_of_service

    @property
    def waits_for_clearing(self) -> bool:
        """Back to normal and acknowledged, kept until cleared (消警): the returned section."""
        return self.state is AlarmState.AWAIT_CLEAR

    @property
    def clearable(self) -> bool:
        """What ``AlarmBook.prepare_clearance`` accepts (the window offers no more than this)."""
        return (self.state is AlarmState.AWAIT_CLEAR and not self.ack_pending
                and (not self.handling_required or self.handling is not None))

    def sort_key(self) -> tuple[int, int, bool, float, str]:
        """State, priority, process before instrument alarms, newest first."""
        return (STATE_RANK[self.state], int(self.priority), self.is_instrument, -self.raised_at, self.key)


class ChangeKind(enum.Enum):
    """What happened to the list entry."""

    ADDED = "added"
    UPDATED = "updated"
    REMOVED = "removed"


class Event(enum.Enum):
    """What happened to the alarm, for the duty log and the annunciator."""

    RAISED = "raised"
    REPEATED = "repeated"  # raised again while still in the list (de-duplicated)
    RETURNED = "returned"  # back to normal
    ACK_PENDING = "ack_pending"  # acknowledged by the operator, being stored
    ACKED = "acked"  # acknowledgment on record
    ACK_ABANDONED = "ack_abandoned"  # storing it failed; still unacknowledged
    RESTORED = "restored"  # reloaded from the duty log at start-up
    SHELVED = "shelved"
    UNSHELVED = "unshelved"  # by the operator or because the shelving time ran out
    OUT_OF_SERVICE = "out_of_service"  # its point was taken out of service
    IN_SERVICE = "in_service"  # its point was returned to service
    HANDLED = "handled"  # its handling (处置) is on record
    CLEARED = "cleared"  # cleared (消警) by an operator: it leaves the list
    SUPERSEDED = "superseded"  # active again before it was cleared: a new occurrence replaces it
    OVERDUE = "overdue"  # missed its acknowledgment or handling deadline


@dataclass(frozen=True)
class AlarmChange:
    kind: ChangeKind
    event: Event
    alarm: Alarm
    # Applied from another workstation's record (a shelving, a point's service change): that
    # workstation records it in the shared duty log, this one only shows it.
    remote: bool = False


def occurrence_id(key: str, raised_at: float) -> str:
    """The same physical alarm gets the same id on every workstation sharing a duty log: it is
    derived from the alarm key and the time the condition became active (to the millisecond),
    which all workstations take from the same source data."""
    return hashlib.blake2b(f"{key}|{round(raised_at * 1000)}".encode(), digest_size=16).hexdigest()


def alarm_key(enterprise: str, point: str, condition: str) -> str:
    return f"{enterprise}/{point}/{condition}"


Listener = Callable[[AlarmChange], None]


class LifecycleRefused(ValueError):
    """A handling or clearance the alarm's stage does not allow; ``reason`` is a short code
    (not-found, sign-in, not-acknowledged, already-handled, needs-description, still-active,
    needs-handling) that the window words for the operator."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class AlarmBook:
    """Current alarms keyed by alarm key; one physical condition is one entry."""

    CHATTER_COUNT = 3  # the same alarm this many times …
    CHATTER_WINDOW_S = 60.0  # … within this many seconds is chattering
    MAX_SHELVE_S = 8 * 3600.0

    def __init__(self, clock: Clock, station: str = "", handling_required_up_to: int = 0) -> None:
        self._clock = clock
        self._station = station
        # Alarms of this priority or more urgent (1 = critical) must be handled (处置) before they
        # can be cleared (消警); 0: none must.
        self.handling_required_up_to = handling_required_up_to
        self._alarms: dict[str, Alarm] = {}
        self._by_occurrence: dict[str, str] = {}
        self._listeners: list[Listener] = []
        self._raise_times: dict[str, deque[float]] = {}
        # active, unacknowledged (main list), shelved, out of service, then active plant alarms in
        # the main list by priority 1..4 (for ``top_priority``)
        self._tally = [0] * 8
        self.out_of_service: dict[tuple[str, str], OutOfService] = {}

    # -- observation -------------------------------------------------------
    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def _emit(self, change: AlarmChange) -> AlarmChange:
        for listener in list(self._listeners):
            listener(change)
        return change

    def get(self, key: str) -> Alarm | None:
        return self._alarms.get(key)

    def by_occurrence(self, occurrence_id: str) -> Alarm | None:
        key = self._by_occurrence.get(occurrence_id)
        return self._alarms.get(key) if key else None

    def alarms(self) -> list[Alarm]:
        return sorted(self._alarms.values(), key=Alarm.sort_key)

    def unordered(self) -> list[Alarm]:
        """The current alarms in no particular order (cheaper than ``alarms()``)."""
        return list(self._alarms.values())

    def __len__(self) -> int:
        return len(self._alarms)

    def counts(self) -> tuple[int, int]:
        """(active, unacknowledged) in the operator's list, as shown in the status bar."""
        return self._tally[0], self._tally[1]

    def hidden_counts(self) -> tuple[int, int]:
        """(shelved, out of service): kept and counted, never silently lost."""
        return self._tally[2], self._tally[3]

    def top_priority(self) -> Priority | None:
        """The most urgent priority among the active plant alarms in the operator's list."""
        for priority in Priority:
            if self._tally[3 + int(priority)]:
                return priority
        return None

    @staticmethod
    def _weights(alarm: Alarm | None) -> tuple[int, ...]:
        if alarm is None:
            return (0,) * 8
        main = alarm.in_main_list
        active = main and alarm.state.active
        plant = active and not alarm.is_system
        p = int(alarm.priority)
        return (active, main and alarm.state.needs_ack, alarm.shelf is not None, alarm.out_of_service,
                plant and p == 1, plant and p == 2, plant and p == 3, plant and p == 4)

    # -- transitions -------------------------------------------------------
    def raise_alarm(self, event: AlarmRaise) -> AlarmChange | None:
        """Normal → UNACK; RTN_UNACK → UNACK (re-alarm); active: de-duplicated."""
        current = self._alarms.get(event.key)
        if current is not None and current.state is AlarmState.AWAIT_CLEAR:
            # Active again before it was cleared: that occurrence is over (its handling can still
            # be recorded afterwards in the review); this is a new one.
            self._remove(current, Event.SUPERSEDED)
            current = None
        now = self._clock.now()
        chattering = self._count_raise(event.key, now) if current is None or current.state is AlarmState.RTN_UNACK else None
        if current is None:
            occurrence = occurrence_id(event.key, event.at)
            alarm = Alarm(
                key=event.key,
                occurrence_id=occurrence,
                enterprise=event.enterprise,
                point=event.point,
                condition=event.condition,
                priority=event.priority,
                state=AlarmState.UNACK,
                raised_at=event.at,
                changed_at=now,
                value=event.value,
                threshold=event.threshold,
                text=event.text,
                out_of_service=(event.enterprise, event.point) in self.out_of_service,
                chattering=bool(chattering),
                handling_required=self._requires_handling(event.priority, event.enterprise),
                late=event.late,
            )
            self._store(alarm)
            return self._emit(AlarmChange(ChangeKind.ADDED, Event.RAISED, alarm))
        event_kind = Event.REPEATED
        if current.state is AlarmState.RTN_UNACK:
            state = AlarmState.UNACK
            event_kind = Event.RAISED  # re-alarm of the same occurrence
        else:
            state = current.state  # UNACK or ACKED stay as they are: same event repeated
        updated = replace(
            current,
            state=state,
            priority=min(current.priority, event.priority),
            changed_at=now,
            value=event.value if event.value is not None else current.value,
            threshold=event.threshold if event.threshold is not None else current.threshold,
            text=event.text or current.text,
            repeats=current.repeats + 1,
            activations=current.activations + (event_kind is Event.RAISED),
            returned_at=None,
            chattering=current.chattering or bool(chattering),
            handling_required=current.handling_required or self._requires_handling(event.priority, event.enterprise),
        )
        self._store(updated)
        return self._emit(AlarmChange(ChangeKind.UPDATED, event_kind, updated))

    def clear_alarm(self, key: str, at: float | None = None) -> AlarmChange | None:
        """Return to normal: UNACK → RTN_UNACK; ACKED → Normal (leaves the list)."""
        current = self._alarms.get(key)
        if current is None or not current.state.active:
            return None
        when = self._clock.now() if at is None else at
        if current.state is AlarmState.ACKED:
            if current.handling_required:  # stays until the operator clears it (消警)
                updated = replace(current, state=AlarmState.AWAIT_CLEAR, changed_at=self._clock.now(), returned_at=when)
                self._store(updated)
                return self._emit(AlarmChange(ChangeKind.UPDATED, Event.RETURNED, updated))
            return self._remove(replace(current, returned_at=when), Event.RETURNED)
        updated = replace(current, state=AlarmState.RTN_UNACK, changed_at=self._clock.now(), returned_at=when)
        self._store(updated)
        return self._emit(AlarmChange(ChangeKind.UPDATED, Event.RETURNED, updated))

    def begin_ack(self, key: str, operator: str, shift: str = "") -> Acknowledgment | None:
        """Prepare the acknowledgment record; the state changes only once it is stored."""
        current = self._alarms.get(key)
        if current is None or not current.state.needs_ack or current.ack_pending:
            return None
        if not operator:
            raise ValueError("an acknowledgment needs the operator on duty")
        ack = Acknowledgment(
            occurrence_id=current.occurrence_id,
            key=current.key,
            operator=operator,
            station=self._station,
            raised_at=current.raised_at,
            acked_at=self._clock.now(),
            shift=shift,
        )
        updated = replace(current, ack_pending=True)
        self._store(updated)
        self._emit(AlarmChange(ChangeKind.UPDATED, Event.ACK_PENDING, updated))
        return ack

    def begin_ack_all(self, keys: Iterable[str], operator: str, shift: str = "") -> list[Acknowledgment]:
        acks = []
        for key in keys:
            ack = self.begin_ack(key, operator, shift)
            if ack is not None:
                acks.append(ack)
        return acks

    def complete_ack(self, ack: Acknowledgment) -> AlarmChange | None:
        """The acknowledgment is on disk: UNACK → ACKED, RTN_UNACK → Normal."""
        current = self.by_occurrence(ack.occurrence_id)
        if current is None or not current.state.needs_ack:
            return None
        if current.state is AlarmState.RTN_UNACK and not current.handling_required:
            return self._remove(replace(current, ack=ack), Event.ACKED)
        state = AlarmState.AWAIT_CLEAR if current.state is AlarmState.RTN_UNACK else AlarmState.ACKED
        updated = replace(current, state=state, ack=ack, ack_pending=False, ack_overdue=False, changed_at=self._clock.now())
        self._store(updated)
        return self._emit(AlarmChange(ChangeKind.UPDATED, Event.ACKED, updated))

    def apply_remote_ack(self, ack: Acknowledgment) -> AlarmChange | None:
        """Another workstation's acknowledgment of the same occurrence (ours come back too)."""
        if ack.station == self._station or ack.key.startswith(f"{SYSTEM_ENTERPRISE}/"):
            return None
        current = self._alarms.get(ack.key)
        if current is None or current.occurrence_id != ack.occurrence_id:
            return None
        return self.complete_ack(ack)

    def abandon_ack(self, ack: Acknowledgment) -> AlarmChange | None:
        """Storing failed: the alarm stays unacknowledged, as the operator must see."""
        current = self.by_occurrence(ack.occurrence_id)
        if current is None or not current.ack_pending:
            return None
        updated = replace(current, ack_pending=False)
        self._store(updated)
        return self._emit(AlarmChange(ChangeKind.UPDATED, Event.ACK_ABANDONED, updated))

    # -- handling (处置) and clearance (消警) ------------------------------------------
    def prepare_handling(self, key: str, category: HandlingCategory, description: str, operator: str,
                         shift: str = "") -> Handling:
        """The handling record for this alarm, checked but not yet applied (it is stored first).
        Raises ``LifecycleRefused`` with the reason."""
        current = self._alarms.get(key)
        if current is None:
            raise LifecycleRefused("not-found")
        if not operator:
            raise LifecycleRefused("sign-in")
        if current.state.needs_ack or current.ack_pending:
            raise LifecycleRefused("not-acknowledged")
        if current.handling is not None:
            raise LifecycleRefused("already-handled")
        if not description.strip():
            raise LifecycleRefused("needs-description")
        return Handling(current.occurrence_id, key, HandlingCategory(category), description.strip(), operator,
                        self._station, self._clock.now(), shift)

    def apply_handling(self, handling: Handling) -> AlarmChange | None:
        """The handling is on record (ours, or another workstation's for the same occurrence)."""
        current = self._alarms.get(handling.key)
        if current is None or current.occurrence_id != handling.occurrence_id or current.handling == handling:
            return None
        updated = replace(current, handling=handling, handling_overdue=False, changed_at=self._clock.now())
        self._store(updated)
        return self._emit(AlarmChange(ChangeKind.UPDATED, Event.HANDLED, updated))

    def prepare_clearance(self, key: str, operator: str, shift: str = "") -> Clearance:
        """Clearing (消警) needs the condition back to normal, the acknowledgment, and the
        handling where the priority requires it. Raises ``LifecycleRefused``."""
        current = self._alarms.get(key)
        if current is None:
            raise LifecycleRefused("not-found")
        if not operator:
            raise LifecycleRefused("sign-in")
        if current.state.needs_ack or current.ack_pending:
            raise LifecycleRefused("not-acknowledged")
        if current.state is not AlarmState.AWAIT_CLEAR:
            raise LifecycleRefused("still-active")
        if current.handling_required and current.handling is None:
            raise LifecycleRefused("needs-handling")
        return Clearance(current.occurrence_id, key, operator, self._station, self._clock.now(), shift)

    def apply_clearance(self, clearance: Clearance) -> AlarmChange | None:
        current = self._alarms.get(clearance.key)
        if current is None or current.occurrence_id != clearance.occurrence_id:
            return None
        return self._remove(replace(current, clearance=clearance), Event.CLEARED)

    def apply_remote_handling(self, handling: Handling) -> AlarmChange | None:
        """Another workstation's handling of the same occurrence (ours come back too)."""
        if handling.station == self._station:
            return None
        return self.apply_handling(handling)

    def apply_remote_clearance(self, clearance: Clearance) -> AlarmChange | None:
        if clearance.station == self._station:
            return None
        return self.apply_clearance(clearance)

    def mark_overdue(self, key: str, kind: Overdue) -> AlarmChange | None:
        current = self._alarms.get(key)
        if current is None:
            return None
        if kind is Overdue.ACK:
            if current.ack_overdue:
                return None
            updated = replace(current, ack_overdue=True)
        else:
            if current.handling_overdue:
                return None
            updated = replace(current, handling_overdue=True)
        self._store(updated)
        return self._emit(AlarmChange(ChangeKind.UPDATED, Event.OVERDUE, updated))

    def _requires_handling(self, priority: Priority, enterprise: str) -> bool:
        """The console's own alarms (broker lost, presence missed) need no handling record."""
        return enterprise != SYSTEM_ENTERPRISE and int(priority) <= self.handling_required_up_to

    # -- shelving and out of service ---------------------------------------------
    def shelve(self, key: str, operator: str, reason: str, duration_s: float) -> AlarmChange:
        current = self._alarms.get(key)
        if current is None:
            raise KeyError(key)
        if not operator:
            raise ValueError("shelving needs the operator on duty")
        if not reason.strip():
            raise ValueError("shelving needs a reason")
        if not 0 < duration_s <= self.MAX_SHELVE_S:
            raise ValueError(f"shelving lasts more than 0 s and at most {self.MAX_SHELVE_S:.0f} s")
        now = self._clock.now()
        shelf = Shelf(operator, reason.strip(), now, now + duration_s, self._station)
        updated = replace(current, shelf=shelf, changed_at=now)
        self._store(updated)
        return self._emit(AlarmChange(ChangeKind.UPDATED, Event.SHELVED, updated))

    def unshelve(self, key: str, *, remote: bool = False) -> AlarmChange | None:
        current = self._alarms.get(key)
        if current is None or current.shelf is None:
            return None
        updated = replace(current, shelf=None, changed_at=self._clock.now())
        self._store(updated)
        return self._emit(AlarmChange(ChangeKind.UPDATED, Event.UNSHELVED, updated, remote))

    def apply_remote_shelf(self, occurrence_id: str, key: str, shelf: Shelf) -> AlarmChange | None:
        """Another workstation shelved this occurrence (ours come back too: ignored). Its time
        runs out here by the same ``until``."""
        current = self._alarms.get(key)
        if shelf.station == self._station or current is None or current.occurrence_id != occurrence_id:
            return None
        if current.shelf == shelf or shelf.until <= self._clock.now():
            return None
        updated = replace(current, shelf=shelf, changed_at=self._clock.now())
        self._store(updated)
        return self._emit(AlarmChange(ChangeKind.UPDATED, Event.SHELVED, updated, remote=True))

    def apply_remote_unshelve(self, occurrence_id: str, key: str, station: str) -> AlarmChange | None:
        """An operator at another workstation unshelved this occurrence."""
        current = self._alarms.get(key)
        if station == self._station or current is None or current.occurrence_id != occurrence_id:
            return None
        return self.unshelve(key, remote=True)

    def expire_shelves(self) -> list[AlarmChange]:
        """Shelved alarms whose time ran out come back by themselves."""
        if not self._tally[2]:  # nothing shelved (counted as the alarms change): no walk over a flood's alarms
            return []
        now = self._clock.now()
        due = [a.key for a in self._alarms.values() if a.shelf is not None and a.shelf.until <= now]
        return [c for c in (self.unshelve(k) for k in due) if c is not None]

    def take_out_of_service(self, enterprise: str, point: str, person: str, reason: str) -> OutOfService:
        if not person or not reason.strip():
            raise ValueError("taking a point out of service needs a person and a reason")
        record = OutOfService(enterprise, point, person, reason.strip(), self._clock.now())
        self.out_of_service[(enterprise, point)] = record
        self._mark_point(enterprise, point, True, Event.OUT_OF_SERVICE)
        return record

    def return_to_service(self, enterprise: str, point: str) -> OutOfService | None:
        record = self.out_of_service.pop((enterprise, point), None)
        if record is not None:
            self._mark_point(enterprise, point, False, Event.IN_SERVICE)
        return record

    def apply_remote_service(self, record: OutOfService, out: bool, station: str) -> bool:
        """Another workstation took a point out of service (``out``) or returned it (``record``
        names who and when). True if it changed anything here."""
        if station == self._station:
            return False
        where = (record.enterprise, record.point)
        was_out = where in self.out_of_service
        if out:
            self.out_of_service[where] = record  # also when it was out already: the latest record names it
        else:
            self.out_of_service.pop(where, None)
        if out == was_out:
            return False
        self._mark_point(record.enterprise, record.point, out, Event.OUT_OF_SERVICE if out else Event.IN_SERVICE, remote=True)
        return True

    def _mark_point(self, enterprise: str, point: str, out: bool, event: Event, remote: bool = False) -> None:
        for alarm in [a for a in self._alarms.values() if a.enterprise == enterprise and a.point == point]:
            updated = replace(alarm, out_of_service=out, changed_at=self._clock.now())
            self._store(updated)
            self._emit(AlarmChange(ChangeKind.UPDATED, event, updated, remote))

    def _count_raise(self, key: str, now: float) -> bool:
        """Record a new activation; True when the alarm is chattering."""
        times = self._raise_times.setdefault(key, deque(maxlen=self.CHATTER_COUNT))
        times.append(now)
        return len(times) == self.CHATTER_COUNT and now - times[0] <= self.CHATTER_WINDOW_S

    def restore(self, alarms: Iterable[Alarm]) -> None:
        """Put back the alarms that were open when the program last stopped."""
        for alarm in alarms:
            if alarm.key not in self._alarms:
                self._store(alarm)
                self._emit(AlarmChange(ChangeKind.ADDED, Event.RESTORED, alarm))

    # -- internals ---------------------------------------------------------
    def _store(self, alarm: Alarm) -> None:
        self._count(self._alarms.get(alarm.key), alarm)
        self._alarms[alarm.key] = alarm
        self._by_occurrence[alarm.occurrence_id] = alarm.key

    def _count(self, old: Alarm | None, new: Alarm | None) -> None:
        """Keep the counts as the alarms change (a flood must not cost a scan per alarm)."""
        before, after = self._weights(old), self._weights(new)
        self._tally = [t - b + a for t, b, a in zip(self._tally, before, after, strict=True)]

    def _remove(self, alarm: Alarm, event: Event) -> AlarmChange:
        self._count(self._alarms.get(alarm.key), None)
        del self._alarms[alarm.key]
        self._by_occurrence.pop(alarm.occurrence_id, None)
        gone = replace(alarm, state=AlarmState.NORMAL, changed_at=self._clock.now(), ack_pending=False)
        return self._emit(AlarmChange(ChangeKind.REMOVED, event, gone))


__all__ = [
    "Acknowledgment",
    "Alarm",
    "AlarmBook",
    "AlarmChange",
    "AlarmRaise",
    "AlarmState",
    "ChangeKind",
    "Clearance",
    "Event",
    "Handling",
    "HandlingCategory",
    "LifecycleRefused",
    "Overdue",
    "OutOfService",
    "Priority",
    "SYSTEM_ENTERPRISE",
    "Shelf",
    "alarm_key",
]
