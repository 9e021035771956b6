"""Everything the alarm detail shows, gathered off the GUI thread and handed over as plain data."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from console.domain.alarms import Alarm
from console.domain.plant import PlantRegistry, Point
from console.domain.recent_readings import RecentReadings
from console.infrastructure.store.dutylog import DutyLog
from console.infrastructure.store.writer import DutyLogWriter

AROUND_S = 600.0  # readings shown from this long before the alarm until now


@dataclass(frozen=True)
class HistoryEntry:
    event: str
    at: float
    operator: str
    station: str
    detail: str


@dataclass(frozen=True)
class AlarmDetail:
    alarm: Alarm
    point: Point | None
    enterprise_name: str
    history: tuple[HistoryEntry, ...]
    readings: tuple[tuple[float, float], ...]


class AlarmDetails(QObject):
    ready = Signal(object)  # AlarmDetail

    def __init__(self, registry: PlantRegistry, recent: RecentReadings, writer: DutyLogWriter, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._registry = registry
        self._recent = recent
        self._writer = writer

    def request(self, alarm: Alarm, now: float) -> None:
        """Answer comes as ``ready``; the history is read on the duty-log thread."""
        readings = tuple(self._recent.around(alarm.enterprise, alarm.point, alarm.raised_at - AROUND_S, now))

        def fetch(log: DutyLog) -> tuple[HistoryEntry, ...]:
            return tuple(HistoryEntry(h.event, h.at.timestamp(), h.operator, h.station, h.detail) for h in log.history(alarm.occurrence_id))

        def done(history: tuple[HistoryEntry, ...]) -> None:
            point = self._registry.point(alarm.enterprise, alarm.point)
            self.ready.emit(AlarmDetail(alarm, point, self._registry.enterprise_name(alarm.enterprise), history, readings))

        self._writer.submit(fetch, done)
