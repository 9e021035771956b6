"""Writes every alarm occurrence and its return to normal into the duty log."""

from __future__ import annotations

from typing import Callable

from console.alarms import AlarmBook, AlarmChange, ChangeKind, Event
from console.store.writer import DutyLogWriter


class AlarmRecorder:
    def __init__(self, book: AlarmBook, writer: DutyLogWriter, station: str, clock: Callable[[], float]) -> None:
        self._writer = writer
        self._station = station
        self._clock = clock
        self.recorded = 0
        book.subscribe(self._on_change)

    def _on_change(self, change: AlarmChange) -> None:
        alarm = change.alarm
        if change.event is Event.RAISED and change.kind is ChangeKind.ADDED:
            received = self._clock()
            self._writer.submit(lambda log: log.record_alarm(alarm, self._station, received), self._count)
        elif change.event is Event.RAISED:  # active again before it was acknowledged
            self._writer.submit(lambda log: log.record_return(alarm.occurrence_id, None))
        elif change.event is Event.RETURNED and alarm.returned_at is not None:
            returned = alarm.returned_at
            self._writer.submit(lambda log: log.record_return(alarm.occurrence_id, returned))

    def _count(self, _result: object) -> None:
        self.recorded += 1
