"""Everything the alarm detail shows, gathered off the GUI thread and handed over as plain data.

The readings come from the reading history (its thread answers from its unwritten minute and
from disk), the alarm's history from the duty log (its writer's thread); both are asked at once,
and ``ready`` is emitted on the GUI thread once both have answered. No readings are kept here: a
park's 20,000 points would need 144 MB for the same 15 minutes (issue 17).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Callable

from PySide6.QtCore import QObject, Signal

from console.domain.alarms import Alarm
from console.domain.plant import PlantRegistry, Point
from console.infrastructure.store.dutylog import DutyLog
from console.infrastructure.store.writer import DutyLogWriter
from console.services.history.service import HistoryService, HistoryStore
from console.services.history.store import Series

log = logging.getLogger("console.services.details")

AROUND_S = 600.0  # readings shown from this long before the alarm until now …
RECENT_S = 900.0  # … but not from longer ago than this (an alarm standing for days shows its last 15 minutes)


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


def readings_window(alarm: Alarm, now: float) -> tuple[float, float]:
    """The time range of the readings the detail shows."""
    return max(alarm.raised_at - AROUND_S, now - RECENT_S), now


def pairs(series: Series) -> tuple[tuple[float, float], ...]:
    """(time, value) pairs of the raw readings, oldest first."""
    return tuple(zip(series.times.tolist(), series.values.tolist(), strict=True))


class AlarmDetails(QObject):
    ready = Signal(object)  # AlarmDetail

    def __init__(self, registry: PlantRegistry, history: HistoryService, writer: DutyLogWriter, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._registry = registry
        self._history = history
        self._writer = writer

    def request(self, alarm: Alarm, now: float) -> None:
        """Answer comes as ``ready``; readings and history are read on their own threads."""
        parts: dict[str, Any] = {}

        def part(name: str) -> Callable[[Any], None]:
            def done(value: Any) -> None:
                parts[name] = value
                if len(parts) == 2:
                    point = self._registry.point(alarm.enterprise, alarm.point)
                    self.ready.emit(AlarmDetail(alarm, point, self._registry.enterprise_name(alarm.enterprise),
                                                parts["history"], parts["readings"]))
            return done

        start, end = readings_window(alarm, now)

        def read(store: HistoryStore) -> tuple[tuple[float, float], ...]:
            return pairs(store.read(alarm.enterprise, alarm.point, start, end))

        def unread(exc: BaseException) -> None:
            log.warning("readings of %s/%s for the alarm detail not read: %s", alarm.enterprise, alarm.point, exc)
            part("readings")(())

        def fetch(log_: DutyLog) -> tuple[HistoryEntry, ...]:
            return tuple(HistoryEntry(h.event, h.at.timestamp(), h.operator, h.station, h.detail) for h in log_.history(alarm.occurrence_id))

        try:
            self._history.submit(read, part("readings"), unread)
        except RuntimeError as exc:  # the history is closed (shutting down)
            unread(exc)
        self._writer.submit(fetch, part("history"))
