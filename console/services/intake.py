"""Turns raw broker messages into domain events on the GUI thread, and counts bad ones."""

from __future__ import annotations

import logging
from typing import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from console.domain import protocol
from console.domain.alarms import AlarmBook
from console.infrastructure.logs import FailureLog, RejectLog
from console.domain.plant import PlantRegistry
from console.domain.late_alarms import LateAlarms
from console.domain.protocol import (AckEvent, AlarmEvent, ClearanceEvent, DeviceStatus, GatewayState, HandlingEvent, ReadingBatch,
                                     NoteEvent, Rejected, ReplayDone, ServiceEvent, ShelfEvent, SilenceEvent,
                                     Topics)
from console.domain.sequence import SequenceTracker

log = logging.getLogger("console.services.intake")

BIRTH_FRESH_S = 10.0  # a birth read later than this after its time is old news (a retained one)
REJECT_SUMMARY_S = 60.0  # how often the bad messages are summed up in the log (console/infrastructure/logs.py)


class Intake(QObject):
    rejected_changed = Signal(int)  # total bad messages so far
    readings_arrived = Signal(object)  # list[protocol.Reading] (object: no conversion to a Qt list)
    device_status = Signal(object)  # protocol.DeviceStatus
    silence_arrived = Signal(object)  # protocol.SilenceEvent: a workstation's horn silenced
    gateway_state = Signal(object)  # protocol.GatewayState: a gateway's birth or death (revision 2)
    sequence_gap = Signal(object)  # sequence.SequenceGap: numbered alarm events missing
    replay_done = Signal(object)  # protocol.ReplayDone: a gateway answered a replay request
    console_state = Signal(object)  # protocol.ConsoleState: a workstation online or not, who is signed in there
    areas_changed = Signal(object)  # protocol.AreasChanged: the areas of responsibility were changed somewhere
    note_arrived = Signal(object)  # protocol.NoteEvent: a note written on an alarm at some workstation

    def __init__(
        self,
        book: AlarmBook,
        registry: PlantRegistry,
        topics: Topics,
        clock: Callable[[], float],
        max_future_skew_s: float = protocol.MAX_FUTURE_SKEW_S,
        parent: QObject | None = None,
        reject_summary_s: float = REJECT_SUMMARY_S,
    ) -> None:
        super().__init__(parent)
        self._book = book
        self._registry = registry
        self._topics = topics
        self._clock = clock
        self._skew = max_future_skew_s
        self.rejects = RejectLog(log)
        self.failures = FailureLog(log)  # unexpected errors: a bug met by one message
        self.messages = 0
        self.readings = 0
        self.latest: dict[tuple[str, str], protocol.Reading] = {}
        self._depth = len(topics.root.split("/"))
        self.last_received: float | None = None  # when the last message arrived (the link's last sign of life)
        self.late = LateAlarms(book)  # alarm events delivered late: reconciled, marked, never new
        self.sequences = SequenceTracker()
        self._summary = QTimer(self)
        self._summary.setInterval(max(100, int(reject_summary_s * 1000)))
        self._summary.timeout.connect(self.rejects.summary)
        self._summary.start()

    def stop(self) -> None:
        """At shutdown: the last summary (the log accounts for every bad message), then no more
        (a timer left running outlives the console)."""
        if self._summary.isActive():
            self._summary.stop()
            self.rejects.summary()

    def _enterprise_of(self, topic: str) -> str:
        """The topic's enterprise code as sent, for the count of bad messages (a long one cut)."""
        parts = topic.split("/", self._depth + 1)
        return parts[self._depth][:64] if len(parts) > self._depth else ""

    @property
    def rejected(self) -> int:
        return self.rejects.total

    def on_messages(self, items: list[tuple[str, bytes, float]]) -> None:
        """Slot for BrokerLink.messages_arrived."""
        readings: list[protocol.Reading] = []
        rejected_before = self.rejects.total
        self.messages += len(items)
        readings_source, quick, skew = self._topics.readings_source, protocol.quick_readings, self._skew
        for topic, payload, received in items:
            try:
                # The fast path: a plain readings message of known points (most messages), without
                # a message object; anything else, a bad message included, takes the full path.
                enterprise = readings_source(topic)
                if enterprise is not None:
                    quick_ones = quick(enterprise, payload, received + skew)
                    if quick_ones is not None and self._keep_known(quick_ones, readings):
                        continue
                self._take(topic, payload, received, readings)
            except Exception as exc:  # a bug met by one message must cost none of the others
                self.failures.failed("handling a message", exc, f"on {topic}")
                self.rejects.reject(topic, f"could not be handled ({type(exc).__name__})", say=False,
                                    enterprise=self._enterprise_of(topic))
        if items:
            self.last_received = items[-1][2]
        if readings:
            self.readings += len(readings)
            self.readings_arrived.emit(readings)
        if self.rejects.total != rejected_before:
            self.rejected_changed.emit(self.rejects.total)

    def _take(self, topic: str, payload: bytes, received: float, readings: list[protocol.Reading]) -> None:
        """One message: parsed, checked and handed on (a bad one is counted and logged once)."""
        try:
            message = protocol.parse(self._topics, topic, payload, received, self._skew)
            self._check_known(message)
        except Rejected as exc:
            self.rejects.reject(topic, exc.reason, enterprise=self._enterprise_of(topic))
            return
        if isinstance(message, ReadingBatch):
            self._take_readings(message, readings)
        elif isinstance(message, AlarmEvent):
            self._take_alarm(message)
        elif isinstance(message, DeviceStatus):
            self.device_status.emit(message)
        elif isinstance(message, AckEvent):
            self._book.apply_remote_ack(message.ack)
        elif isinstance(message, HandlingEvent):
            self._book.apply_remote_handling(message.handling)
        elif isinstance(message, ClearanceEvent):
            self._book.apply_remote_clearance(message.clearance)
        elif isinstance(message, SilenceEvent):
            self.silence_arrived.emit(message)
        elif isinstance(message, ShelfEvent):
            self._take_shelf(message)
        elif isinstance(message, ServiceEvent):
            self._book.apply_remote_service(message.record, message.out, message.station)
        elif isinstance(message, GatewayState):
            self._take_gateway_state(message, received)
        elif isinstance(message, ReplayDone):
            self.replay_done.emit(message)
        elif isinstance(message, protocol.ConsoleState):
            self.console_state.emit(message)
        elif isinstance(message, protocol.AreasChanged):
            self.areas_changed.emit(message)
        elif isinstance(message, NoteEvent):
            self.note_arrived.emit(message)

    def _take_shelf(self, event: ShelfEvent) -> None:
        """Another workstation's shelving or unshelving (recorded there; shown here)."""
        if event.shelf is not None:
            self._book.apply_remote_shelf(event.occurrence_id, event.key, event.shelf)
        else:
            self._book.apply_remote_unshelve(event.occurrence_id, event.key, event.station)

    def _check_known(self, message: protocol.Message) -> None:
        if self._registry.open:
            return
        if isinstance(message, ReadingBatch):  # the commonest message: no set, one check per reading
            check = self._registry.check
            for r in message.readings:
                reason = check(r.enterprise, r.point)
                if reason:
                    raise Rejected(reason)
            return
        if isinstance(message, AlarmEvent):
            pairs = {(message.raised.enterprise, message.raised.point)}
        elif isinstance(message, AckEvent):
            pairs = {(message.enterprise, message.point)}
        elif isinstance(message, (SilenceEvent, GatewayState, ReplayDone, protocol.ConsoleState, protocol.AreasChanged)):
            return  # about a workstation or a gateway, not a point
        elif isinstance(message, (HandlingEvent, ClearanceEvent)):
            record = message.handling if isinstance(message, HandlingEvent) else message.clearance
            enterprise, point = record.key.split("/")[:2]
            pairs = {(enterprise, point)}
        elif isinstance(message, (ShelfEvent, NoteEvent)):
            enterprise, point = (message.key if isinstance(message, ShelfEvent) else message.note.key).split("/")[:2]
            pairs = {(enterprise, point)}
        elif isinstance(message, ServiceEvent):
            pairs = {(message.record.enterprise, message.record.point)}
        else:
            pairs = {(message.enterprise, message.device)}
        for enterprise, point in pairs:
            reason = self._registry.check(enterprise, point)
            if reason:
                raise Rejected(reason)

    def _keep_known(self, quick: list[protocol.Reading], out: list[protocol.Reading]) -> bool:
        """The fast path's readings taken as ``_take`` takes a ReadingBatch, when every point is
        known; False (nothing taken) when one is not: ``_take`` then rejects the message."""
        registry = self._registry
        if not registry.open:
            check = registry.check
            for r in quick:
                if check(r.enterprise, r.point):
                    return False
        latest = self.latest
        for r in quick:
            latest[(r.enterprise, r.point)] = r
        out.extend(quick)
        return True

    def _take_readings(self, batch: ReadingBatch, out: list[protocol.Reading]) -> None:
        latest = self.latest
        for reading in batch.readings:
            latest[(reading.enterprise, reading.point)] = reading
        out.extend(batch.readings)

    def _take_alarm(self, event: AlarmEvent) -> None:
        if event.seq is not None:
            gap = self.sequences.check((event.raised.enterprise, event.gateway), event.seq)
            if gap is not None:
                self.sequence_gap.emit(gap)
        if self.late.take(event):
            return
        if event.active:
            self._book.raise_alarm(event.raised)
        else:
            self._book.clear_alarm(event.raised.key, event.raised.at)

    def _take_gateway_state(self, state: GatewayState, received: float) -> None:
        """Birth: numbering starts again where the gateway says; birth and death are its
        enterprise's communication state at once (as a device status of the gateway).

        An old birth (retained, read long after it was published, e.g. when the console starts)
        says nothing of the events numbered since: the count starts again from the next event
        seen, rather than counting everything the gateway sent while this console was not
        listening as missing (the console asks such a gateway for its active alarms)."""
        if state.online:
            fresh = state.at is None or received - state.at <= BIRTH_FRESH_S
            self.sequences.reset((state.enterprise, state.gateway), state.seq if fresh else None)
        self.device_status.emit(DeviceStatus(state.enterprise, state.gateway, "online" if state.online else "offline",
                                             state.at if state.at is not None else self._clock()))
        self.gateway_state.emit(state)
