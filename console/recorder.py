"""Writes every alarm occurrence and each change of its state into the duty log."""

from __future__ import annotations

from typing import Callable

from console.alarms import Alarm, AlarmBook, AlarmChange, ChangeKind, Event
from console.store.writer import DutyLogWriter

# Events that are history worth keeping (pending/abandoned acknowledgments are transient).
HISTORY = {Event.RAISED, Event.REPEATED, Event.RETURNED, Event.ACKED, Event.SHELVED, Event.UNSHELVED,
           Event.OUT_OF_SERVICE, Event.IN_SERVICE}


class AlarmRecorder:
    def __init__(self, book: AlarmBook, writer: DutyLogWriter, station: str, clock: Callable[[], float]) -> None:
        self._writer = writer
        self._station = station
        self._clock = clock
        self.recorded = 0
        book.subscribe(self._on_change)

    def _on_change(self, change: AlarmChange) -> None:
        alarm, event = change.alarm, change.event
        if event is Event.RAISED and change.kind is ChangeKind.ADDED:
            received = self._clock()
            self._writer.submit(lambda log: log.record_alarm(alarm, self._station, received), self._count)
        elif event is Event.RAISED:  # active again before it was acknowledged
            self._writer.submit(lambda log: log.record_return(alarm.occurrence_id, None))
        elif event is Event.RETURNED and alarm.returned_at is not None:
            returned = alarm.returned_at
            self._writer.submit(lambda log: log.record_return(alarm.occurrence_id, returned))
        if event in HISTORY:
            operator, detail = _who_and_what(alarm, event)
            at = self._clock()
            self._writer.submit(
                lambda log: log.record_history(alarm.occurrence_id, event.value, at, self._station, operator, detail)
            )

    def _count(self, _result: object) -> None:
        self.recorded += 1


def _who_and_what(alarm: Alarm, event: Event) -> tuple[str, str]:
    if event is Event.ACKED and alarm.ack is not None:
        return alarm.ack.operator, f"response {alarm.ack.response_s:.1f} s"
    if event is Event.SHELVED and alarm.shelf is not None:
        return alarm.shelf.operator, f"{alarm.shelf.reason} (until {alarm.shelf.until:.0f})"
    if event in (Event.RAISED, Event.REPEATED) and alarm.value is not None:
        return "", f"value {alarm.value:g}" + (f" threshold {alarm.threshold:g}" if alarm.threshold is not None else "")
    return "", ""
