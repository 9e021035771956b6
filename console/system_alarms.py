"""Alarms the console raises about itself: losing the broker is the highest priority; a missed
presence check (在岗确认) is high priority.

The presence alarm reuses the existing condition code DEVICE (no new code in protocol v1: its
acknowledgment is published like any other and must stay valid for the other workstations);
the widgets show it by its point, "presence", with its own name and text."""

from __future__ import annotations

from typing import Callable

from console.alarms import SYSTEM_ENTERPRISE, AlarmBook, AlarmRaise, Priority, alarm_key
from console.link_state import LinkState

BROKER_POINT = "broker"
BROKER_CONDITION = "COMM"
BROKER_KEY = alarm_key(SYSTEM_ENTERPRISE, BROKER_POINT, BROKER_CONDITION)
PRESENCE_POINT = "presence"
PRESENCE_CONDITION = "DEVICE"
PRESENCE_KEY = alarm_key(SYSTEM_ENTERPRISE, PRESENCE_POINT, PRESENCE_CONDITION)


class SystemAlarms:
    def __init__(self, book: AlarmBook, clock: Callable[[], float]) -> None:
        self._book = book
        self._clock = clock

    def on_link_state(self, state: LinkState, detail: str) -> None:
        if state is LinkState.CONNECTED:
            self._book.clear_alarm(BROKER_KEY, self._clock())
        elif state is LinkState.DISCONNECTED:
            self.broker_lost(detail)

    def broker_lost(self, detail: str = "") -> None:
        self._book.raise_alarm(
            AlarmRaise(SYSTEM_ENTERPRISE, BROKER_POINT, BROKER_CONDITION, Priority.CRITICAL, self._clock(), text=detail)
        )

    def presence_missed(self, operator: str) -> None:
        """Raised like an overdue alarm; the text names who was on duty ("" nobody)."""
        self._book.raise_alarm(
            AlarmRaise(SYSTEM_ENTERPRISE, PRESENCE_POINT, PRESENCE_CONDITION, Priority.HIGH, self._clock(), text=operator)
        )

    def presence_confirmed(self) -> None:
        self._book.clear_alarm(PRESENCE_KEY, self._clock())
