"""Runs the presence checks (console/domain/presence.py) on the GUI thread: a timer ticks them, the
window shows a pending check and answers it; each outcome goes into the duty log (writer
thread), into the audit chain (``presence.answered`` / ``presence.late`` / ``presence.missed``),
and a missed check raises the presence system alarm, cleared when a later check is answered
(also late)."""

from __future__ import annotations

import logging
import random
from typing import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from console.services.duty import DutyDesk
from console.domain.presence import CheckStarted, PresenceChecks, PresenceResult, PresenceStatus
from console.infrastructure.settings import Settings
from console.infrastructure.store import journal
from console.infrastructure.store.audit import AuditEntry
from console.infrastructure.store.journal import Trail
from console.infrastructure.store.writer import DutyLogWriter
from console.domain.system_alarms import SystemAlarms

log = logging.getLogger("console.domain.presence")

TICK_MS = 1000


class PresenceDriver(QObject):
    check_started = Signal(float)  # asked at
    check_finished = Signal(object)  # PresenceResult
    refused = Signal(str)  # "sign-in": only a signed-in operator can answer

    def __init__(
        self,
        checks: PresenceChecks,
        desk: DutyDesk,
        writer: DutyLogWriter,
        system: SystemAlarms,
        station: str,
        clock: Callable[[], float],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.checks = checks
        self._desk = desk
        self._writer = writer
        self._system = system
        self._station = station
        self._clock = clock
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)

    @classmethod
    def from_settings(cls, settings: Settings, desk: DutyDesk, writer: DutyLogWriter, system: SystemAlarms, clock: Callable[[], float],
                      rng: random.Random | None = None) -> "PresenceDriver":
        checks = PresenceChecks(
            settings["duty.presence_interval_min"] * 60.0,
            max(1, settings["duty.presence_answer_s"]),
            rng or random.SystemRandom(),
            clock(),
        )
        return cls(checks, desk, writer, system, settings.station, clock)

    def start(self) -> None:
        if self.checks.enabled:
            self.timer.start()

    def stop(self) -> None:
        """At shutdown: a check still waiting is recorded as missed (no alarm: we are closing)."""
        self.timer.stop()
        result = self.checks.abandon(self._clock(), self._on_duty())
        if result is not None:
            log.warning("presence check unanswered when the console closed (on duty: %s)", result.operator or "nobody")
            self._record(result)

    def _record(self, result: PresenceResult) -> None:
        station = self._station
        shift = self._desk.shifts.shift_at(result.asked_at).id  # the shift the check fell in
        detail: dict = {"asked_at": result.asked_at}
        if result.response_s is not None:
            detail["response_ms"] = int(round(result.response_s * 1000))
        # The check's row and its audit entry: one record, one transaction.
        entry = AuditEntry(f"presence.{result.status.value}", station, result.operator, station, detail, self._clock())
        self._writer.submit(journal.presence(result, station, shift, Trail(audit=(entry,))))

    @property
    def pending_since(self) -> float | None:
        return None if self.checks.pending is None else self.checks.pending.asked_at

    def _on_duty(self) -> str:
        return self._desk.operator.name if self._desk.operator is not None else ""

    def tick(self) -> None:
        for event in self.checks.tick(self._clock(), self._on_duty()):
            self._handle(event)

    def start_check_now(self) -> None:
        """Ask at once (for tests and for a supervisor's spot check)."""
        event = self.checks.ask_now(self._clock(), self._on_duty())
        if event is not None:
            self._handle(event)

    def answer(self) -> None:
        if self.checks.pending is None:
            return
        if self._desk.operator is None:
            self.refused.emit("sign-in")
            return
        result = self.checks.answer(self._desk.operator.name, self._clock())
        if result is not None:
            self._handle(result)

    def _handle(self, event: CheckStarted | PresenceResult) -> None:
        if isinstance(event, CheckStarted):
            log.info("presence check asked")
            self.check_started.emit(event.asked_at)
            return
        result = event
        self._record(result)
        if result.status is PresenceStatus.MISSED:
            log.warning("presence check missed (on duty: %s)", result.operator or "nobody")
            self._system.presence_missed(result.operator)
        else:
            log.info("presence confirmed by %s after %.1f s (%s)", result.operator, result.response_s, result.status.value)
            self._system.presence_confirmed()
        self.check_finished.emit(result)
