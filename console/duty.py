"""The operator on duty: sign-in, sign-out and acknowledgments that are on disk before they show."""

from __future__ import annotations

import logging
from functools import partial
from typing import Iterable

from PySide6.QtCore import QObject, Signal

from console import protocol
from console.alarms import Acknowledgment, AlarmBook
from console.broker_link import BrokerLink
from console.store.dutylog import Operator
from console.store.writer import DutyLogWriter

log = logging.getLogger("console.duty")


class DutyDesk(QObject):
    operator_changed = Signal(str)  # display name; "" when nobody is signed in
    sign_in_failed = Signal(str)  # user name that failed
    ack_confirmed = Signal(str)  # alarm key, acknowledgment on record
    ack_failed = Signal(str, str)  # alarm key, reason

    def __init__(self, book: AlarmBook, writer: DutyLogWriter, link: BrokerLink, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._book = book
        self._writer = writer
        self._link = link
        self.operator: Operator | None = None

    # -- sign-in -------------------------------------------------------------------
    def sign_in(self, name: str, password: str) -> None:
        self._writer.submit(lambda log_: log_.verify_user(name, password), partial(self._signed_in, name))

    def _signed_in(self, name: str, operator: Operator | None) -> None:
        if operator is None:
            log.warning("failed sign-in as %r", name)
            self.sign_in_failed.emit(name)
            return
        self.operator = operator
        log.info("operator %s (%s) signed in", operator.name, operator.display_name)
        self.operator_changed.emit(operator.display_name)

    def sign_out(self) -> None:
        if self.operator is not None:
            log.info("operator %s signed out", self.operator.name)
        self.operator = None
        self.operator_changed.emit("")

    # -- acknowledgment ------------------------------------------------------------
    def acknowledge(self, keys: Iterable[str]) -> int:
        """Acknowledge these alarms as the operator on duty; returns how many were sent."""
        if self.operator is None:
            return 0
        acks = self._book.begin_ack_all(keys, self.operator.name)
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
