"""The operator on duty: sign-in, sign-out and acknowledgments that are on disk before they show.

All or nothing: each operator action is one journal record, written in one transaction with its
history rows and its audit entries (its ``Trail``): an acknowledgment, handling or clearance, a
silenced horn, a point out of / back in service. The alarm changes an action brings are the
recorder's to describe (``ActionRecording``: ``trail`` for the alarm as it will be, ``capture``
for book changes made first); the desk applies a stored action inside ``already_written(...)`` so
that the recorder does not write them again. Shelving and unshelving are recorded (row, history
row and audit entry in one transaction) and shared by console/services/shelving.py, with the
operator whose request caused them (``acting``); a point's service change is published for the
other workstations once it is written. Sign-in (also a failed one: with the name tried when it is
an account's; a name that is no account's, perhaps a password typed into the name field, only as
"unknown" with a salted fingerprint; never the password) and sign-out are audit entries only,
through the injected ``audit(action, actor, detail, subject="")``.
"""

from __future__ import annotations

import logging
import os
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, replace
from functools import partial
from typing import Any, Callable, Iterable, Protocol

from PySide6.QtCore import QObject, Signal

from console.domain import protocol
from console.domain.alarm_order import Answers, everything, next_to_acknowledge
from console.domain.redact import failed_name
from console.domain.roster import RosterEntry, may_edit_roster
from console.domain.user_rules import may_take_duty
from console.services.access import REFUSED, refusal
from console.domain.alarms import (Acknowledgment, Alarm, AlarmBook, Clearance, Event, Handling, HandlingCategory, LifecycleRefused,
                                   OutOfService)
from console.services.annunciator import Annunciator, SilenceRecord
from console.domain.shifts import Shift, ShiftPattern
from console.infrastructure.broker_link import BrokerLink
from console.infrastructure.store import journal
from console.infrastructure.store.audit import AuditEntry
from console.infrastructure.store.journal import NO_TRAIL, Trail
from console.infrastructure.store.dutylog import DutyLog, Operator
from console.infrastructure.store.roster_log import roster_of
from console.infrastructure.store.writer import DutyLogWriter

log = logging.getLogger("console.services.duty")

NAME_LIMIT = 64  # the audit chain's actor and the users table's name hold this many characters
LOOK_ROLES = ("manager", "admin")  # off the roster they sign in to look at something, without the duty


@dataclass(frozen=True)
class SignInAnswer:
    """What the duty log answered to a sign-in (on the writer thread)."""

    operator: Operator | None
    locked_until: float | None
    known: bool
    roster: tuple[RosterEntry, ...]  # the roster of the shift in progress (every desk); empty: none entered
    approver: Operator | None  # the shift leader's credential, checked (None: none given, or wrong)
    shift: Shift


class AuditSink(Protocol):
    def __call__(self, action: str, actor: str, detail: dict[str, Any], subject: str = "") -> None: ...


class ActionRecording(Protocol):
    """What the desk needs of the alarm recorder (console/services/recorder.py)."""

    def acting(self, operator: str) -> AbstractContextManager[Any]: ...
    def trail(self, alarm: Alarm, event: Event, at: float) -> Trail: ...
    def already_written(self, occurrence_id: str, event: Event) -> AbstractContextManager[None]: ...
    def capture(self) -> AbstractContextManager[list[Trail]]: ...


class DutyDesk(QObject):
    operator_changed = Signal(str)  # display name; "" when nobody is signed in
    refused = Signal(str)  # why a request was refused (shown to the operator)
    sign_in_failed = Signal(str)  # user name that failed
    sign_in_locked = Signal(str, float)  # user name, locked until (too many wrong passwords)
    sign_in_unavailable = Signal(str)  # user name: the duty log did not answer, try again later
    sign_in_not_for_duty = Signal(str)  # user name: a report-only account (user_rules.may_take_duty), refused
    sign_in_off_roster = Signal(str, str)  # user name, why: not on the roster here, no (valid) shift leader's approval
    ack_confirmed = Signal(str)  # alarm key, acknowledgment on record
    ack_failed = Signal(str, str)  # alarm key, reason
    handled = Signal(str)  # alarm key: handling (处置) on record
    cleared = Signal(str)  # alarm key: cleared (消警) on record
    lifecycle_failed = Signal(str, str)  # alarm key, reason (storing failed)
    remote_silenced = Signal(str, str, int)  # station, operator, alarms muted here

    def __init__(
        self,
        book: AlarmBook,
        writer: DutyLogWriter,
        link: BrokerLink,
        annunciator: Annunciator,
        station: str,
        clock: Callable[[], float],
        audit: AuditSink,
        *,
        shifts: ShiftPattern,
        recording: ActionRecording,
        acting: Callable[[str], AbstractContextManager[Any]] | None = None,
        name_salt: bytes | None = None,
        parent: QObject | None = None,
    ) -> None:
        """``shifts``: the duty shift pattern; ``recording``: the alarm recorder (the trails of the
        desk's actions); ``acting(operator)``: the book changes made inside are that operator's
        (default: the recorder's ``acting``; the shell adds the shelving's); ``name_salt``: this
        installation's salt for the fingerprints of unknown names (``secrets.installation_salt``;
        None: one for this run only)."""
        super().__init__(parent)
        self._book = book
        self._writer = writer
        self.answers: Answers = everything  # this workstation's areas (console/services/areas.py): Space takes them first
        self._link = link
        self._annunciator = annunciator
        self._station = station
        self._clock = clock
        self._audit = audit
        # Records shown when the duty log was unreachable (kept in the local journal): when
        # they are finally written, only the record that stands is reconciled.
        self._shown_held: set[Acknowledgment | Handling | Clearance] = set()
        self.operator: Operator | None = None
        self.on_duty = False  # the one signed in took the duty (False: nobody, or a manager looking at something)
        self.shift: Shift | None = None  # the shift the operator's duty began on (at sign-in)
        self.shifts = shifts
        self._recording = recording
        self.acting = acting or recording.acting
        self._name_salt = name_salt or os.urandom(32)
        annunciator.on_silenced = self._silenced

    # -- sign-in -------------------------------------------------------------------
    def sign_in(self, name: str, password: str, leader: str = "", leader_password: str = "") -> None:
        """Sign in as the operator on duty. When the roster (console/domain/roster.py) names people
        for the shift in progress, only those rostered at this desk take the duty; someone else
        needs a shift leader's approval (``leader``, ``leader_password``: their own credential),
        recorded as ``duty.roster_override``. A manager or administrator off the roster signs in
        without taking the duty (to look at something): ``on_duty`` stays False."""
        shift = self.shifts.shift_at(self._clock())
        leader = leader.strip()

        def job(log_: DutyLog) -> SignInAnswer:
            operator = log_.verify_user(name, password)
            approver = log_.verify_user(leader, leader_password) if leader and operator is not None else None
            roster = roster_of(log_, [shift.id]) if operator is not None else []
            return SignInAnswer(operator, log_.locked_until(name), log_.has_user(name), tuple(roster), approver, shift)

        self._writer.submit(job, partial(self._answered, name, leader), partial(self._sign_in_unanswered, name))

    def failed_name(self, tried: str, known: bool) -> tuple[str, dict[str, Any]]:
        """What a refused sign-in (here, at a handover, on the command line) records about the
        name typed: (name or "", detail) — see ``console.domain.redact.failed_name``."""
        return failed_name(tried, known, self._name_salt, NAME_LIMIT)

    def _sign_in_unanswered(self, name: str, error: BaseException) -> None:
        """The accounts are in the duty log: while it cannot be reached nobody can sign in."""
        log.warning("sign-in not checked: the duty log did not answer (%s)", error)
        self.refused.emit(self.tr("the duty log cannot be reached, and signing in needs it"))
        self.sign_in_unavailable.emit(name)

    def _answered(self, name: str, leader: str, answer: "SignInAnswer") -> None:
        self._signed_in(name, answer.operator, answer.known, answer, leader)
        if answer.operator is None and answer.locked_until is not None:
            self.sign_in_locked.emit(name, answer.locked_until)

    def _signed_in(self, name: str, operator: Operator | None, known: bool = True, answer: "SignInAnswer | None" = None,
                   leader: str = "") -> None:
        if operator is None:
            tried, detail = self.failed_name(name, known)
            if known:
                log.warning("failed sign-in as %r", tried)
            else:
                log.warning("failed sign-in under an unknown name (fingerprint %s)", detail["name_fingerprint"])
            self._audit("user.sign_in_failed", tried, detail, tried)
            self.sign_in_failed.emit(name)
            return
        if not may_take_duty(operator.role):
            actor, detail = refusal(operator, "duty.sign_in")
            self._audit(REFUSED, actor, detail, operator.name)
            self.sign_in_not_for_duty.emit(name)
            return
        shift = answer.shift if answer is not None else self.shifts.shift_at(self._clock())
        roster = answer.roster if answer is not None else ()
        on_duty = True
        facts: dict[str, Any] = {}
        if roster:
            if RosterEntry(shift.id, self._station, operator.name) in roster:
                facts["roster"] = "on"
            elif not leader and operator.role in LOOK_ROLES:
                on_duty, facts = False, {"roster": "off", "on_duty": False}
            else:
                approver = answer.approver if answer is not None else None
                if approver is None or not may_edit_roster(approver.role) or approver.name == operator.name:
                    self._off_roster(operator, shift, leader, approver)
                    return
                self._audit("duty.roster_override", approver.name,
                            {"operator": operator.name, "shift": shift.id, "role": approver.role}, operator.name)
                facts = {"roster": "override", "override_by": approver.name}
        else:
            facts["roster"] = "none"
        previous, self.operator, self.on_duty = self.operator, operator, on_duty
        self.shift = shift
        detail = {"display_name": operator.display_name, "role": operator.role, "shift": self.shift.id, **facts}
        if previous is not None:
            detail["replaces"] = previous.name  # signed in over the one on duty: that one's shift ends
        self._audit("user.sign_in", operator.name, detail, operator.name)
        log.info("%s %s (%s) signed in", "operator" if on_duty else "without the duty:", operator.name, operator.display_name)
        self.operator_changed.emit(operator.display_name)

    def _off_roster(self, operator: Operator, shift: Shift, leader: str, approver: Operator | None) -> None:
        """Not on the roster for this shift at this desk, and no valid approval: refused, on record."""
        reason = "off_roster" if not leader else "override_refused"
        actor, detail = refusal(operator, "duty.sign_in", reason=reason)
        detail["shift"] = shift.id
        if leader:
            detail["leader"] = approver.name if approver is not None else leader[:NAME_LIMIT]
        self._audit(REFUSED, actor, detail, operator.name)
        if not leader:
            text = self.tr("%1 is not on the roster for shift %2 at this desk: a shift leader may approve with their own "
                           "user name and password.")
        elif approver is None:
            text = self.tr("%1 not signed in: the shift leader's user name or password is wrong.")
        else:
            text = self.tr("%1 not signed in: only a shift leader or administrator (another person) may approve.")
        self.sign_in_off_roster.emit(operator.name, text.replace("%1", operator.display_name).replace("%2", shift.label))

    def sign_out(self) -> None:
        if self.operator is not None:
            log.info("operator %s signed out", self.operator.name)
            self._audit("user.sign_out", self.operator.name, {"shift": self.shift.id if self.shift else ""}, self.operator.name)
        self.operator = None
        self.on_duty = False
        self.shift = None
        self.operator_changed.emit("")

    def take_over(self, operator: Operator, shift: Shift) -> None:
        """A signed handover (console/services/handover_desk.py) made ``operator`` the one on duty, on
        ``shift``; it is audited there (``duty.handover``, both names), together with its record."""
        previous, self.operator, self.shift, self.on_duty = self.operator, operator, shift, True
        log.info("duty handed over from %s to %s (%s), shift %s", previous.name if previous else "nobody",
                 operator.name, operator.display_name, shift.id)
        self.operator_changed.emit(operator.display_name)

    # -- acknowledgment ------------------------------------------------------------
    def acknowledge(self, keys: Iterable[str]) -> int:
        """Acknowledge these alarms as the operator on duty; returns how many were sent."""
        if self.operator is None or not self.on_duty:
            return 0
        # One order on every workstation (by occurrence), so that two acknowledging the same
        # alarms at once never lock each other's rows in opposite order.
        keys = sorted(keys, key=lambda k: (a.occurrence_id if (a := self._book.get(k)) else k))
        acks = self._book.begin_ack_all(keys, self.operator.name, self.shift.id if self.shift else "")
        for ack in acks:
            trail = self._trail(ack.occurrence_id, Event.ACKED, ack.acked_at, partial(_with_ack, ack=ack))
            self._writer.submit(
                journal.ack(ack, trail),
                partial(self._ack_stored, ack),
                partial(self._ack_not_stored, ack),
                partial(self._ack_held, ack),
            )
        return len(acks)

    def acknowledge_next(self, seen: Iterable[str], selected: str | None = None) -> Alarm | None:
        """One key press (Space): acknowledge the alarm the operator means and return it (None:
        nobody is signed in, or nothing waits for acknowledgment).

        That is ``selected`` (the row the operator selected) while it waits for acknowledgment;
        otherwise, of the alarms ``seen`` (keys of the operator's list, in any order: a flood
        groups the list by enterprise, so its first row is not the one to take), the one of
        highest priority, and of those the one raised first. Shelved alarms and alarms of points
        out of service are never taken."""
        if self.operator is None or not self.on_duty:
            self.refused.emit("sign-in")
            return None
        chosen = self._waiting(selected) if selected is not None else None
        if chosen is None:
            waiting = [a for a in map(self._waiting, seen) if a is not None]
            chosen = next_to_acknowledge(waiting, self.answers)
        if chosen is None or not self.acknowledge([chosen.key]):
            return None
        log.info("%s took alarm %s (priority %d) to acknowledge", self.operator.name, chosen.key, int(chosen.priority))
        return chosen

    def _waiting(self, key: str) -> Alarm | None:
        """The alarm if it waits for this operator's acknowledgment and is in the operator's list."""
        alarm = self._book.get(key)
        if alarm is None or not alarm.state.needs_ack or alarm.ack_pending or not alarm.in_main_list:
            return None
        return alarm

    def _ack_held(self, ack: Acknowledgment) -> None:
        """The duty log is unreachable: the acknowledgment is in the local journal (on disk),
        written when the log answers again. For the operator and the broker it stands now."""
        self._ack_stored(ack, ack)
        self._shown_held.add(ack)

    def _ack_stored(self, ours: Acknowledgment, standing: Acknowledgment) -> None:
        if self._settled_held(ours, standing):
            return
        alarm = self._book.by_occurrence(ours.occurrence_id)
        with self._written_with(ours, standing, Event.ACKED):
            self._book.complete_ack(standing)
        if standing != ours:
            log.info("alarm %s was acknowledged already by %s at %s", ours.key, standing.operator, standing.station)
            self.ack_confirmed.emit(ours.key)
            return
        ack = ours
        if alarm is not None:
            payload = protocol.encode_ack(ack, alarm.enterprise, alarm.point, alarm.condition)
            self._link.publish(self._link.config.topics.ack(alarm.enterprise, alarm.point), payload, qos=1)
        log.info("alarm %s acknowledged by %s after %.1f s", ack.key, ack.operator, ack.response_s)
        self.ack_confirmed.emit(ack.key)

    def _ack_not_stored(self, ack: Acknowledgment, error: BaseException) -> None:
        self._shown_held.discard(ack)  # kept, then refused by the log (set aside in the journal file)
        self._book.abandon_ack(ack)
        log.error("acknowledgment of %s could not be stored: %s", ack.key, error)
        self.ack_failed.emit(ack.key, str(error))

    # -- handling (处置) and clearance (消警) -------------------------------------------
    def handle(self, key: str, category: str, description: str) -> bool:
        """Record how the alarm was handled, as the operator on duty (stored, then shown)."""
        if self.operator is None or not self.on_duty:
            self.refused.emit("sign-in")
            return False
        try:
            handling = self._book.prepare_handling(key, HandlingCategory(category), description, self.operator.name, self._shift_id())
        except LifecycleRefused as exc:
            self.refused.emit(exc.reason)
            return False
        trail = self._trail(handling.occurrence_id, Event.HANDLED, handling.handled_at, lambda a: replace(a, handling=handling))
        self._writer.submit(journal.handling(handling, trail), partial(self._handling_stored, handling),
                            partial(self._not_stored, key), partial(self._handling_held, handling))
        return True

    def _handling_held(self, handling: Handling) -> None:
        self._handling_stored(handling, handling)
        self._shown_held.add(handling)

    def _handling_stored(self, ours: Handling, standing: Handling) -> None:
        if self._settled_held(ours, standing):
            if standing != ours:  # another workstation's handling stands: show that one
                with self.acting(standing.operator):
                    self._book.apply_handling(standing)
            return
        with self.acting(standing.operator), self._written_with(ours, standing, Event.HANDLED):
            self._book.apply_handling(standing)
        alarm = self._book.get(standing.key)
        if standing == ours and alarm is not None:
            self._link.publish(self._link.config.topics.handling(alarm.enterprise, alarm.point),
                               protocol.encode_handling(standing, alarm), qos=1)
            log.info("alarm %s handled by %s: %s", ours.key, ours.operator, ours.category.value)
        self.handled.emit(ours.key)

    def clear(self, key: str) -> bool:
        """Clear (消警) an alarm that is back to normal, acknowledged and handled."""
        if self.operator is None or not self.on_duty:
            self.refused.emit("sign-in")
            return False
        try:
            clearance = self._book.prepare_clearance(key, self.operator.name, self._shift_id())
        except LifecycleRefused as exc:
            self.refused.emit(exc.reason)
            return False
        self._submit_clearance(clearance)
        return True

    def clear_many(self, keys: Iterable[str]) -> tuple[int, int]:
        """Clear these alarms together (one confirmation in the window), each with its own record;
        those that may not be cleared yet are left as they are. Returns (cleared, left)."""
        keys = list(keys)
        if self.operator is None or not self.on_duty:
            self.refused.emit("sign-in")
            return 0, len(keys)
        sent = 0
        for key in keys:
            try:
                clearance = self._book.prepare_clearance(key, self.operator.name, self._shift_id())
            except LifecycleRefused:
                continue
            self._submit_clearance(clearance)
            sent += 1
        log.info("%s cleared %d of %d alarms back to normal together", self.operator.name, sent, len(keys))
        return sent, len(keys) - sent

    def _submit_clearance(self, clearance: Clearance) -> None:
        alarm = self._book.get(clearance.key)
        trail = self._trail(clearance.occurrence_id, Event.CLEARED, clearance.cleared_at, lambda a: replace(a, clearance=clearance))
        self._writer.submit(journal.clearance(clearance, trail), partial(self._clearance_stored, clearance, alarm),
                            partial(self._not_stored, clearance.key), partial(self._clearance_held, clearance, alarm))

    def _clearance_held(self, clearance: Clearance, alarm: Alarm | None) -> None:
        self._clearance_stored(clearance, alarm, clearance)
        self._shown_held.add(clearance)

    def _clearance_stored(self, ours: Clearance, alarm: Alarm | None, standing: Clearance) -> None:
        if self._settled_held(ours, standing):
            return
        with self._written_with(ours, standing, Event.CLEARED):
            self._book.apply_clearance(standing)
        if standing == ours and alarm is not None:
            self._link.publish(self._link.config.topics.clearance(alarm.enterprise, alarm.point),
                               protocol.encode_clearance(standing, alarm), qos=1)
            log.info("alarm %s cleared by %s", ours.key, ours.operator)
        self.cleared.emit(ours.key)

    def _settled_held(self, ours: Acknowledgment | Handling | Clearance, standing: Acknowledgment | Handling | Clearance) -> bool:
        """A record shown while held is written now; True: nothing more to show or publish."""
        if ours not in self._shown_held:
            return False
        self._shown_held.discard(ours)
        if standing == ours:
            log.info("%s of %s by %s written from the local journal", type(ours).__name__, ours.key, ours.operator)
        else:
            log.warning("%s of %s by %s (kept while the duty log was unreachable) came second: the one by %s at %s stands",
                        type(ours).__name__, ours.key, ours.operator, standing.operator, standing.station)
        return True

    def _not_stored(self, key: str, error: BaseException) -> None:
        log.error("lifecycle record of %s could not be stored: %s", key, error)
        self.lifecycle_failed.emit(key, str(error))

    def _shift_id(self) -> str:
        return self.shift.id if self.shift else ""

    def _written_with(self, ours: Acknowledgment | Handling | Clearance, standing: Acknowledgment | Handling | Clearance,
                      event: Event) -> AbstractContextManager[Any]:
        """Applying the record that stands: when it is ours, its trail went into the duty log with
        it; when another workstation's came first, the recorder records that one as seen here."""
        return self._recording.already_written(ours.occurrence_id, event) if standing == ours else nullcontext()

    def _trail(self, occurrence_id: str, event: Event, at: float, standing: Callable[[Alarm], Alarm]) -> Trail:
        """The history row and audit entry the alarm's ``event`` leaves once the record stands
        (``standing(alarm)``: the alarm with it): written with the record, in its transaction."""
        alarm = self._book.by_occurrence(occurrence_id)
        return NO_TRAIL if alarm is None else self._recording.trail(standing(alarm), event, at)

    # -- horn, shelving, out of service ---------------------------------------------
    def silence(self) -> bool:
        """Silence this station's horn; recorded with the operator. False if nothing sounded."""
        if self.operator is None or not self.on_duty:
            self.refused.emit("sign-in")
            return False
        return self._annunciator.silence(self.operator.name) is not None

    def _silenced(self, record: SilenceRecord) -> None:
        keys = list(record.keys)
        self._link.publish(self._link.config.topics.silence(self._station),
                           protocol.encode_silence(record.operator, record.at, record.keys, record.occurrence_ids,
                                                   record.priority), qos=1)
        entry = AuditEntry("horn.silenced", "", record.operator, self._station, {"keys": keys, "priority": int(record.priority)},
                           record.at)
        self._writer.submit(journal.silence(record.station, record.operator, record.at, keys, Trail(audit=(entry,))))

    def on_remote_silence(self, event: protocol.SilenceEvent) -> None:
        """Another workstation silenced its horn: the same alarms stop sounding here."""
        record = SilenceRecord(operator=event.operator, station=event.station, at=event.at, keys=event.keys,
                               occurrence_ids=event.occurrence_ids, priority=event.priority)
        muted = self._annunciator.apply_remote_silence(record)
        if muted:
            self.remote_silenced.emit(event.station, event.operator, len(muted))

    def shelve(self, key: str, reason: str, duration_s: float) -> bool:
        if self.operator is None or not self.on_duty:
            self.refused.emit("sign-in")
            return False
        try:
            self._book.shelve(key, self.operator.name, reason, duration_s)
        except (KeyError, ValueError) as exc:
            self.refused.emit(str(exc))
            return False
        log.info("alarm %s shelved by %s for %.0f s: %s", key, self.operator.name, duration_s, reason)
        return True

    def unshelve(self, key: str) -> bool:
        """Unshelve the alarm as the operator on duty (recorded and shared by console/services/shelving.py)."""
        if self.operator is None or not self.on_duty:
            self.refused.emit("sign-in")
            return False
        with self.acting(self.operator.name):
            unshelved = self._book.unshelve(key)
        if unshelved is not None:
            log.info("alarm %s unshelved by %s", key, self.operator.name)
        return unshelved is not None

    def take_out_of_service(self, enterprise: str, point: str, reason: str) -> bool:
        if self.operator is None or not self.on_duty:
            self.refused.emit("sign-in")
            return False
        try:
            with self.acting(self.operator.name), self._recording.capture() as alarms:
                record = self._book.take_out_of_service(enterprise, point, self.operator.name, reason)
        except ValueError as exc:
            self.refused.emit(str(exc))
            return False
        entry = AuditEntry("point.taken_out_of_service", f"{enterprise}/{point}", record.person, self._station,
                           {"reason": record.reason}, record.since)
        self._submit_service(record, True, sum(alarms, NO_TRAIL) + Trail(audit=(entry,)))
        log.info("point %s/%s taken out of service by %s: %s", enterprise, point, record.person, record.reason)
        return True

    def return_to_service(self, enterprise: str, point: str) -> bool:
        if self.operator is None or not self.on_duty:
            self.refused.emit("sign-in")
            return False
        with self.acting(self.operator.name), self._recording.capture() as alarms:
            if self._book.return_to_service(enterprise, point) is None:
                return False
        person, at = self.operator.name, self._clock()
        entry = AuditEntry("point.returned_to_service", f"{enterprise}/{point}", person, self._station, {}, at)
        self._submit_service(OutOfService(enterprise, point, person, "", at), False, sum(alarms, NO_TRAIL) + Trail(audit=(entry,)))
        log.info("point %s/%s returned to service by %s", enterprise, point, person)
        return True

    def _submit_service(self, record: OutOfService, out: bool, trail: Trail) -> None:
        """Written with its trail, then published for the other workstations (held in the journal:
        published at once)."""
        publish = partial(self._publish_service, record, out)
        self._writer.submit(journal.point_service(record.enterprise, record.point, out, record.person, record.reason, record.since,
                                                  self._station, trail), lambda _r: publish(), on_held=publish)

    def _publish_service(self, record: OutOfService, out: bool) -> None:
        self._link.publish(self._link.config.topics.service(record.enterprise, record.point),
                           protocol.encode_service(record, out, self._station), qos=1)


def _with_ack(alarm: Alarm, ack: Acknowledgment) -> Alarm:
    return replace(alarm, ack=ack)
