"""Writes every alarm occurrence and each change of its state into the duty log.

Changes are gathered for up to ``FLUSH_MS`` and written as one bulk job, so that a flood of
thousands of alarms costs the writer thread (and the GIL the GUI thread needs) a few bulk
inserts instead of thousands of single ones. Anything that must follow these rows on disk
(an acknowledgment refers to its alarm row) calls ``flush()`` first.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject, QTimer

from console.alarms import Alarm, AlarmBook, AlarmChange, ChangeKind, Event
from console.store.schema import utc
from console.store.writer import DutyLogWriter

FLUSH_MS = 100
# Events that are history worth keeping (pending/abandoned acknowledgments are transient).
HISTORY = {Event.RAISED, Event.REPEATED, Event.RETURNED, Event.ACKED, Event.SHELVED, Event.UNSHELVED,
           Event.OUT_OF_SERVICE, Event.IN_SERVICE}


class AlarmRecorder(QObject):
    def __init__(self, book: AlarmBook, writer: DutyLogWriter, station: str, clock: Callable[[], float], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._writer = writer
        self._station = station
        self._clock = clock
        self.recorded = 0
        self._alarms: list[dict] = []
        self._returns: list[tuple[str, float | None]] = []
        self._history: list[dict] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(FLUSH_MS)
        self._timer.timeout.connect(self.flush)
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
        if event in HISTORY:
            operator, detail = _who_and_what(alarm, event)
            self._history.append({"alarm_id": alarm.occurrence_id, "event": event.value, "at": utc(now),
                                  "operator": operator, "station": self._station, "detail": detail})
        if not self._timer.isActive():
            self._timer.start()

    def flush(self) -> None:
        """Hand what was gathered to the writer, in order, as one job."""
        self._timer.stop()
        if not (self._alarms or self._returns or self._history):
            return
        alarms, returns, history = self._alarms, self._returns, self._history
        self._alarms, self._returns, self._history = [], [], []
        self._writer.submit(lambda log: log.record_batch(alarms, returns, history), lambda _r: self._count(len(alarms)))

    def _count(self, n: int) -> None:
        self.recorded += n


def _alarm_row(alarm: Alarm, station: str, received: float) -> dict:
    return {
        "id": alarm.occurrence_id, "alarm_key": alarm.key, "enterprise": alarm.enterprise, "point": alarm.point,
        "condition": alarm.condition, "priority": int(alarm.priority), "raised_at": utc(alarm.raised_at),
        "received_at": utc(received), "value": alarm.value, "threshold": alarm.threshold, "text": alarm.text,
        "source_id": "", "station": station, "returned_at": None,
    }


def _who_and_what(alarm: Alarm, event: Event) -> tuple[str, str]:
    if event is Event.ACKED and alarm.ack is not None:
        return alarm.ack.operator, f"response {alarm.ack.response_s:.1f} s"
    if event is Event.SHELVED and alarm.shelf is not None:
        return alarm.shelf.operator, f"{alarm.shelf.reason} (until {utc(alarm.shelf.until):%Y-%m-%d %H:%M:%S} UTC)"
    if event in (Event.RAISED, Event.REPEATED) and alarm.value is not None:
        return "", f"value {alarm.value:g}" + (f" threshold {alarm.threshold:g}" if alarm.threshold is not None else "")
    return "", ""
