"""Alarms the console raises about itself: losing the broker is the highest priority; a missed
presence check (在岗确认) is high priority.

The presence alarm reuses the existing condition code DEVICE (no new code in protocol v1: its
acknowledgment is published like any other and must stay valid for the other workstations);
the widgets show it by its point, "presence", with its own name and text.

The shared duty log unreachable (共享值班记录不可达) is medium priority, condition COMM, point
"duty-log": the console keeps working (records wait in the local journal, docs/journal.md), but
someone must see to the database, and the outage itself is then on record, with who
acknowledged it, once the log is back."""

from __future__ import annotations

from typing import Callable

from console.domain.alarms import SYSTEM_ENTERPRISE, AlarmBook, AlarmRaise, Priority, alarm_key
from console.domain.link_state import LinkState

BROKER_POINT = "broker"
BROKER_CONDITION = "COMM"
BROKER_KEY = alarm_key(SYSTEM_ENTERPRISE, BROKER_POINT, BROKER_CONDITION)
PRESENCE_POINT = "presence"
PRESENCE_CONDITION = "DEVICE"
PRESENCE_KEY = alarm_key(SYSTEM_ENTERPRISE, PRESENCE_POINT, PRESENCE_CONDITION)
DUTY_LOG_POINT = "duty-log"
DUTY_LOG_CONDITION = "COMM"
DUTY_LOG_KEY = alarm_key(SYSTEM_ENTERPRISE, DUTY_LOG_POINT, DUTY_LOG_CONDITION)


class SystemAlarms:
    def __init__(self, book: AlarmBook, clock: Callable[[], float]) -> None:
        self._book = book
        self._clock = clock
        self._duty_log_reachable = True

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

    def on_duty_log(self, reachable: bool, held: int, detail: str = "") -> None:
        """The duty log's reachability (console.infrastructure.store.journal.JournalStatus.changed): raised
        when it is lost, returned when every record held meanwhile is written."""
        if reachable == self._duty_log_reachable:
            return
        self._duty_log_reachable = reachable
        if reachable:
            self._book.clear_alarm(DUTY_LOG_KEY, self._clock())
        else:
            self._book.raise_alarm(
                AlarmRaise(SYSTEM_ENTERPRISE, DUTY_LOG_POINT, DUTY_LOG_CONDITION, Priority.MEDIUM, self._clock(), text=detail[:200])
            )
