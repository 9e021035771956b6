"""What the trend widgets talk to: a QtCore object with requests and signals, no database.

History queries run on the history thread, alarm moments are read on the duty-log thread;
both answers come back on the GUI thread (through the dispatcher), where they are emitted as
signals: no signal is emitted from another thread. Live readings and alarm changes are relayed as
they arrive. Plain data only crosses over (``SeriesAnswer``, ``AlarmMark``). ``background``
(console.infrastructure.background) is for the trend widgets' own slow work (exports).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Callable

from PySide6.QtCore import QObject, QTimer, Signal
from sqlalchemy import select

from console.domain.alarms import Alarm, AlarmChange
from console.services.alarm_feed import AlarmFeed
from console.services.history.service import HistoryService
from console.services.history.store import Series
from console.domain.plant import PlantRegistry, Point
from console.infrastructure.background import Background
from console.infrastructure.store.dutylog import DutyLog
from console.infrastructure.store.schema import AlarmRecord
from console.infrastructure.store.writer import DutyLogWriter

log = logging.getLogger("console.services.history")


@dataclass(frozen=True)
class TrendSettings:
    window_min: int = 60
    alarm_window_min: int = 10
    gap_s: float = 10.0
    export_dir: str = ""


@dataclass(frozen=True)
class SeriesAnswer:
    token: Any  # what the asker passed, to tell its answers apart
    enterprise: str
    point: str
    start: float
    end: float
    series: Series


@dataclass(frozen=True)
class AlarmMark:
    enterprise: str
    point: str
    condition: str
    priority: int
    raised_at: float
    returned_at: float | None = None

    @property
    def identity(self) -> tuple:
        return (self.enterprise, self.point, self.condition, round(self.raised_at, 3))


@dataclass(frozen=True)
class AlarmMarksAnswer:
    token: Any
    marks: tuple[AlarmMark, ...]


class TrendSource(QObject):
    readings = Signal(object)  # list[console.domain.protocol.Reading], as the intake hands them over
    loaded = Signal(object)  # SeriesAnswer
    alarms_loaded = Signal(object)  # AlarmMarksAnswer
    alarms_changed = Signal(object)  # list[AlarmMark]: raised or returned since the last turn of the event loop

    def __init__(self, history: HistoryService, writer: DutyLogWriter, registry: PlantRegistry, feed: AlarmFeed,
                 now: Callable[[], float], background: Background, settings: TrendSettings = TrendSettings(),
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.background = background
        self._history = history
        self._writer = writer
        self._registry = registry
        self._feed = feed
        self.now = now
        self.settings = settings
        self._marks: list[AlarmMark] = []  # gathered, handed on once per turn of the event loop (a flood: one signal, not 10,000)
        self._marks_timer = QTimer(self)
        self._marks_timer.setSingleShot(True)
        self._marks_timer.setInterval(0)
        self._marks_timer.timeout.connect(self._hand_on_marks)
        feed.listen(self._on_alarm_change)

    # -- plant ----------------------------------------------------------------------
    def point(self, enterprise: str, code: str) -> Point | None:
        return self._registry.point(enterprise, code)

    def enterprise_name(self, code: str) -> str:
        return self._registry.enterprise_name(code)

    def points(self) -> list[Point]:
        return [p for e in self._registry.enterprises() for p in e.points.values()]

    # -- requests -------------------------------------------------------------------
    def on_readings(self, readings: list) -> None:
        """Slot for Intake.readings_arrived."""
        self.readings.emit(readings)

    def load(self, token: Any, enterprise: str, point: str, start: float, end: float) -> None:
        """Answer comes as ``loaded``."""
        def done(series: Series) -> None:
            self.loaded.emit(SeriesAnswer(token, enterprise, point, start, end, series))

        self._history.submit(lambda store: store.read(enterprise, point, start, end), done,
                             lambda exc: log.error("trend of %s/%s not loaded: %s", enterprise, point, exc))

    def load_alarms(self, token: Any, points: list[tuple[str, str]], start: float, end: float) -> None:
        """The alarms of these points raised between start and end (duty log and alarm list);
        answer comes as ``alarms_loaded``."""
        wanted = set(points)
        current = [self._mark(a) for a in self._feed.alarms() if (a.enterprise, a.point) in wanted and start <= a.raised_at <= end]
        if not wanted:
            self.alarms_loaded.emit(AlarmMarksAnswer(token, ()))
            return

        def fetch(log_: DutyLog) -> list[AlarmMark]:
            import datetime as dt

            utc = dt.timezone.utc
            rows = log_.s.execute(
                select(AlarmRecord.enterprise, AlarmRecord.point, AlarmRecord.condition, AlarmRecord.priority,
                       AlarmRecord.raised_at, AlarmRecord.returned_at)
                .where(AlarmRecord.enterprise.in_({e for e, _p in wanted}), AlarmRecord.point.in_({p for _e, p in wanted}),
                       AlarmRecord.raised_at >= dt.datetime.fromtimestamp(start, utc),
                       AlarmRecord.raised_at <= dt.datetime.fromtimestamp(end, utc))
            ).all()
            return [AlarmMark(r.enterprise, r.point, r.condition, r.priority, r.raised_at.timestamp(),
                              r.returned_at.timestamp() if r.returned_at else None)
                    for r in rows if (r.enterprise, r.point) in wanted]

        def done(recorded: list[AlarmMark]) -> None:
            marks = {m.identity: m for m in recorded}
            marks.update({m.identity: m for m in current})  # the alarm list is the newer word
            self.alarms_loaded.emit(AlarmMarksAnswer(token, tuple(sorted(marks.values(), key=lambda m: m.raised_at))))

        self._writer.submit(fetch, done, lambda exc: done([]))

    # -- relays ---------------------------------------------------------------------
    @staticmethod
    def _mark(alarm: Alarm) -> AlarmMark:
        return AlarmMark(alarm.enterprise, alarm.point, alarm.condition, int(alarm.priority), alarm.raised_at, alarm.returned_at)

    def _on_alarm_change(self, change: AlarmChange) -> None:
        if not change.alarm.is_system:
            self._marks.append(self._mark(change.alarm))
            if not self._marks_timer.isActive():
                self._marks_timer.start()

    def _hand_on_marks(self) -> None:
        marks, self._marks = self._marks, []
        if marks:
            self.alarms_changed.emit(marks)
