"""Deadlines per priority for acknowledging and for handling an alarm, and which alarms missed
them. Plain Python: the time comes from the caller (the injected clock).

No official deadline exists (see docs/lifecycle.md); the defaults are a starting point the
enterprise sets for itself: a critical alarm acknowledged within 1 minute and handled within
15, a low one within 10 minutes and 2 hours.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from console.domain.alarms import Alarm, Overdue, Priority

DEFAULT_ACK_S = "60,120,300,600"
DEFAULT_HANDLING_S = "900,1800,3600,7200"


def parse_per_priority(text: str) -> tuple[float, float, float, float]:
    """"60,120,300,600" → seconds for priorities 1..4; 0 means no deadline."""
    parts = [p.strip() for p in text.split(",")]
    if len(parts) != 4:
        raise ValueError(f"give four values, for priorities 1 to 4: {text!r}")
    try:
        values = tuple(float(p) for p in parts)
    except ValueError:
        raise ValueError(f"not a number of seconds: {text!r}") from None
    if any(v < 0 or v != v for v in values):
        raise ValueError(f"deadlines are 0 (none) or positive seconds: {text!r}")
    return values  # type: ignore[return-value]


@dataclass(frozen=True)
class DeadlinePolicy:
    ack_s: tuple[float, float, float, float]
    handling_s: tuple[float, float, float, float]

    @classmethod
    def parse(cls, ack: str = DEFAULT_ACK_S, handling: str = DEFAULT_HANDLING_S) -> "DeadlinePolicy":
        return cls(parse_per_priority(ack), parse_per_priority(handling))

    def ack_due(self, alarm: Alarm) -> float | None:
        """When its acknowledgment is due (None: no deadline)."""
        limit = self.ack_s[int(alarm.priority) - 1]
        return alarm.raised_at + limit if limit > 0 else None

    def handling_due(self, alarm: Alarm) -> float | None:
        limit = self.handling_s[int(alarm.priority) - 1]
        return alarm.raised_at + limit if limit > 0 and alarm.handling_required else None

    def limit_s(self, priority: Priority, kind: Overdue) -> float:
        return (self.ack_s if kind is Overdue.ACK else self.handling_s)[int(priority) - 1]


def newly_overdue(alarms: Iterable[Alarm], policy: DeadlinePolicy, now: float) -> list[tuple[Alarm, Overdue]]:
    """Alarms whose deadline has passed and that are not yet marked. Shelved alarms and points
    out of service are not chased: the operator has taken them off the list on record."""
    out = []
    for alarm in alarms:
        if not alarm.in_main_list:
            continue
        if alarm.state.needs_ack and not alarm.ack_pending and not alarm.ack_overdue:
            due = policy.ack_due(alarm)
            if due is not None and now >= due:
                out.append((alarm, Overdue.ACK))
        if alarm.handling_required and alarm.handling is None and not alarm.handling_overdue:
            due = policy.handling_due(alarm)
            if due is not None and now >= due:
                out.append((alarm, Overdue.HANDLING))
    return out
