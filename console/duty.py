"""The operator on duty: sign-in, sign-out and acknowledgments that are on disk before they show.

What the desk does that the alarm recorder does not see goes into the audit hash chain through
the injected ``audit(action, actor, detail, subject="")``: sign-in (also a failed one, with the
name tried and never the password), sign-out, silencing the horn, taking a point out of service
and returning it. Acknowledgments, shelving and unshelving are alarm changes: the recorder audits
them (``alarm.acked``, …), with the operator whose request caused them (``acting``).
"""

from __future__ import annotations

import logging
from contextlib import AbstractContextManager, nullcontext
from functools import partial
from typing import Any, Callable, Iterable, Protocol

from PySide6.QtCore import QObject, Signal

from console import protocol
from console.alarms import Acknowledgment, AlarmBook
from console.annunciator import Annunciator, SilenceRecord
from console.shifts import DEFAULT_PATTERN, Shift, ShiftPattern
from console.broker_link import BrokerLink
from console.store.dutylog import Operator
from console.store.writer import DutyLogWriter

log = logging.getLogger("console.duty")

NAME_LIMIT = 64  # the audit chain's actor and the users table's name hold this many characters


class AuditSink(Protocol):
    def __call__(self, action: str, actor: str, detail: dict[str, Any], subject: str = "") -> None: ...


def _no_audit(action: str, actor: str, detail: dict[str, Any], subject: str = "") -> None:
    pass


class DutyDesk(QObject):
    operator_changed = Signal(str)  # display name; "" when nobody is signed in
    refused = Signal(str)  # why a request was refused (shown to the operator)
    sign_in_failed = Signal(str)  # user name that failed
    sign_in_locked = Signal(str, float)  # user name, locked until (too many wrong passwords)
    ack_confirmed = Signal(str)  # alarm key, acknowledgment on record
    ack_failed = Signal(str, str)  # alarm key, reason

    def __init__(
        self,
        book: AlarmBook,
        writer: DutyLogWriter,
        link: BrokerLink,
        annunciator: Annunciator,
        station: str,
        clock: Callable[[], float],
        audit: AuditSink = _no_audit,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._book = book
        self._writer = writer
        self._link = link
        self._annunciator = annunciator
        self._station = station
        self._clock = clock
        self._audit = audit
        self.operator: Operator | None = None
        self.shift: Shift | None = None  # the shift the operator's duty began on (at sign-in)
        self.shifts: ShiftPattern = ShiftPattern.parse(DEFAULT_PATTERN)
        self.before_write: Callable[[], None] = lambda: None
        # ``acting(operator)``: the book changes made inside are that operator's (the recorder's).
        self.acting: Callable[[str], AbstractContextManager[Any]] = lambda _operator: nullcontext()
        annunciator.on_silenced = self._silenced

    # -- sign-in -------------------------------------------------------------------
    def sign_in(self, name: str, password: str) -> None:
        self._writer.submit(lambda log_: (log_.verify_user(name, password), log_.locked_until(name)), partial(self._answered, name))

    def _answered(self, name: str, answer: tuple[Operator | None, float | None]) -> None:
        operator, locked_until = answer
        self._signed_in(name, operator)
        if operator is None and locked_until is not None:
            self.sign_in_locked.emit(name, locked_until)

    def _signed_in(self, name: str, operator: Operator | None) -> None:
        if operator is None:
            log.warning("failed sign-in as %r", name)
            tried = name.strip()
            detail: dict[str, Any] = {}
            if len(tried) > NAME_LIMIT:  # not a user name anyone has; recorded as far as it fits
                detail["name_length"] = len(tried)
                tried = tried[:NAME_LIMIT]
            self._audit("user.sign_in_failed", tried, detail, tried)
            self.sign_in_failed.emit(name)
            return
        previous, self.operator = self.operator, operator
        self.shift = self.shifts.shift_at(self._clock())
        detail = {"display_name": operator.display_name, "role": operator.role, "shift": self.shift.id}
        if previous is not None:
            detail["replaces"] = previous.name  # signed in over the one on duty: that one's shift ends
        self._audit("user.sign_in", operator.name, detail, operator.name)
        log.info("operator %s (%s) signed in", operator.name, operator.display_name)
        self.operator_changed.emit(operator.display_name)

    def sign_out(self) -> None:
        if self.operator is not None:
            log.info("operator %s signed out", self.operator.name)
            self._audit("user.sign_out", self.operator.name, {"shift": self.shift.id if self.shift else ""}, self.operator.name)
        self.operator = None
        self.shift = None
        self.operator_changed.emit("")

    # -- acknowledgment ------------------------------------------------------------
    def acknowledge(self, keys: Iterable[str]) -> int:
        """Acknowledge these alarms as the operator on duty; returns how many were sent."""
        if self.operator is None:
            return 0
        # One order on every workstation (by occurrence), so that two acknowledging the same
        # alarms at once never lock each other's rows in opposite order.
        keys = sorted(keys, key=lambda k: (a.occurrence_id if (a := self._book.get(k)) else k))
        acks = self._book.begin_ack_all(keys, self.operator.name, self.shift.id if self.shift else "")
        if acks:
            self.before_write()  # the alarm rows these refer to go to disk first
        for ack in acks:
            self._writer.submit(
                lambda log_, a=ack: log_.record_ack(a),
                partial(self._ack_stored, ack),
                partial(self._ack_not_stored, ack),
            )
        return len(acks)

    def _ack_stored(self, ours: Acknowledgment, standing: Acknowledgment) -> None:
        alarm = self._book.by_occurrence(ours.occurrence_id)
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
        self._book.abandon_ack(ack)
        log.error("acknowledgment of %s could not be stored: %s", ack.key, error)
        self.ack_failed.emit(ack.key, str(error))

    # -- horn, shelving, out of service ---------------------------------------------
    def silence(self) -> bool:
        """Silence this station's horn; recorded with the operator. False if nothing sounded."""
        if self.operator is None:
            self.refused.emit("sign-in")
            return False
        return self._annunciator.silence(self.operator.name) is not None

    def _silenced(self, record: SilenceRecord) -> None:
        keys = list(record.keys)
        self._writer.submit(lambda log_: log_.record_silence(record.station, record.operator, record.at, keys))
        self._audit("horn.silenced", record.operator, {"keys": keys, "priority": int(record.priority)})

    def shelve(self, key: str, reason: str, duration_s: float) -> bool:
        if self.operator is None:
            self.refused.emit("sign-in")
            return False
        try:
            self._book.shelve(key, self.operator.name, reason, duration_s)
        except (KeyError, ValueError) as exc:
            self.refused.emit(str(exc))
            return False
        log.info("alarm %s shelved by %s for %.0f s: %s", key, self.operator.name, duration_s, reason)
        return True

    def unshelve(self, key: str) -> None:
        with self.acting(self.operator.name if self.operator is not None else ""):
            unshelved = self._book.unshelve(key)
        if unshelved is not None and self.operator is not None:
            log.info("alarm %s unshelved by %s", key, self.operator.name)

    def take_out_of_service(self, enterprise: str, point: str, reason: str) -> bool:
        if self.operator is None:
            self.refused.emit("sign-in")
            return False
        try:
            with self.acting(self.operator.name):
                record = self._book.take_out_of_service(enterprise, point, self.operator.name, reason)
        except ValueError as exc:
            self.refused.emit(str(exc))
            return False
        self._writer.submit(
            lambda log_: log_.record_point_service(enterprise, point, True, record.person, record.reason, record.since, self._station)
        )
        self._audit("point.taken_out_of_service", record.person, {"reason": record.reason}, f"{enterprise}/{point}")
        log.info("point %s/%s taken out of service by %s: %s", enterprise, point, record.person, record.reason)
        return True

    def return_to_service(self, enterprise: str, point: str) -> bool:
        if self.operator is None:
            self.refused.emit("sign-in")
            return False
        with self.acting(self.operator.name):
            if self._book.return_to_service(enterprise, point) is None:
                return False
        person, at = self.operator.name, self._clock()
        self._writer.submit(lambda log_: log_.record_point_service(enterprise, point, False, person, "", at, self._station))
        self._audit("point.returned_to_service", person, {}, f"{enterprise}/{point}")
        log.info("point %s/%s returned to service by %s", enterprise, point, person)
        return True
