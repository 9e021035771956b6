"""Alarms the console raises about itself: losing the broker is the highest priority."""

from __future__ import annotations

from typing import Callable

from console.alarms import SYSTEM_ENTERPRISE, AlarmBook, AlarmRaise, Priority, alarm_key
from console.link_state import LinkState

BROKER_POINT = "broker"
BROKER_CONDITION = "COMM"
BROKER_KEY = alarm_key(SYSTEM_ENTERPRISE, BROKER_POINT, BROKER_CONDITION)


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
