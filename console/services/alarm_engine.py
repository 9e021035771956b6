"""Drives the alarm book from readings: threshold evaluation, periodic checks, flood state.

Readings arrive from the intake on the GUI thread; evaluation is cheap (well under a
microsecond a reading on the common path), so it runs right there. Once a second the
engine completes on/off delays, looks for silent and frozen points, returns expired
shelvings and re-checks the flood state.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from console.domain.alarms import AlarmBook, AlarmChange, Event
from console.domain.clock import Clock
from console.domain.evaluation import Evaluator, Transition
from console.domain.flood import FloodDetector
from console.domain.plant import PlantRegistry
from console.domain.protocol import Reading

TICK_MS = 1000


class AlarmEngine(QObject):
    flood_changed = Signal(bool, int)  # in flood, new alarms in the window

    def __init__(self, book: AlarmBook, registry: PlantRegistry, clock: Clock, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._book = book
        self._clock = clock
        self.evaluator = Evaluator(registry, clock) if not registry.open else None
        self.flood = FloodDetector(clock)
        book.subscribe(self._on_change)
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self.tick)

    def reload(self, registry: PlantRegistry) -> None:
        """The plant changed: evaluate against the new points from now on."""
        self.evaluator = Evaluator(registry, self._clock) if not registry.open else None

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def on_readings(self, readings: list[Reading]) -> None:
        """Slot for Intake.readings_arrived."""
        if self.evaluator is not None:
            self._apply(self.evaluator.feed(readings))

    def tick(self) -> None:
        if self.evaluator is not None:
            self._apply(self.evaluator.tick())
        self._book.expire_shelves()
        if self.flood.update():
            self.flood_changed.emit(self.flood.in_flood, self.flood.rate())

    def _apply(self, transitions: list[Transition]) -> None:
        for event, active in transitions:
            if active:
                self._book.raise_alarm(event)
            else:
                self._book.clear_alarm(event.key, event.at)

    def _on_change(self, change: AlarmChange) -> None:
        new = change.event is Event.RAISED  # a new occurrence, or active again after returning
        if new and self.flood.record_new_alarm():
            self.flood_changed.emit(True, self.flood.rate())
