"""Alarms the console raises about itself: losing the broker is the highest priority; a missed
presence check (在岗确认) is high priority.

The presence alarm reuses the existing condition code DEVICE (no new code in protocol v1: its
acknowledgment is published like any other and must stay valid for the other workstations);
the widgets show it by its point, "presence", with its own name and text.

The shared duty log unreachable (共享值班记录不可达) is medium priority, condition COMM, point
"duty-log": the console keeps working (records wait in the local journal, docs/journal.md), but
someone must see to the database, and the outage itself is then on record, with who
acknowledged it, once the log is back.

Alarms may have been missed (报警可能遗漏) is the highest priority, condition COMM, point "alarm-gap":
the console came back to the broker without the session it had (the broker lost it), so alarm
events published meanwhile may never reach it. Its text is the gap, as an ISO 8601 interval in
UTC ("start/end"); it returns to normal once every gateway has sent what it missed
(docs/protocol.md, "Closing a gap")."""

from __future__ import annotations

import datetime as dt
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
GAP_POINT = "alarm-gap"
GAP_CONDITION = "COMM"
GAP_KEY = alarm_key(SYSTEM_ENTERPRISE, GAP_POINT, GAP_CONDITION)


def gap_text(start: float, end: float) -> str:
    """The gap as an ISO 8601 interval in UTC, to the millisecond: ``2026-01-01T08:00:00.250Z/2026-01-01T08:00:12.040Z``."""
    return "/".join(dt.datetime.fromtimestamp(round(t, 3), dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
                    for t in (start, end))


def parse_gap_text(text: str) -> tuple[float, float] | None:
    """(start, end) of a gap alarm's text, None if it is not one."""
    try:
        start, end = (dt.datetime.strptime(part, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.timezone.utc).timestamp()
                      for part in text.split("/"))
    except ValueError:
        return None
    return start, end


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

    def alarms_may_be_missed(self, start: float, end: float) -> None:
        """The link came back without the console's session: events from ``start`` to ``end`` may be lost."""
        self._book.raise_alarm(
            AlarmRaise(SYSTEM_ENTERPRISE, GAP_POINT, GAP_CONDITION, Priority.CRITICAL, end, text=gap_text(start, end))
        )

    def gap_closed(self) -> None:
        """Every gateway sent what it held: the gap alarm returns to normal (still to be acknowledged)."""
        self._book.clear_alarm(GAP_KEY, self._clock())

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
