"""Which alarm comes first: one rule for the operator's list and for the Space key.

What needs the operator comes first: unacknowledged before acknowledged (an alarm back to normal
but not yet acknowledged still needs acknowledging), then priority (red before orange before
yellow before blue), then process before instrument alarms, then time. Unacknowledged alarms are
oldest first, so the top of the list is the alarm that has waited longest — the one Space takes;
acknowledged alarms are newest first. Flood grouping and first-out never change this order.
"""

from __future__ import annotations

from typing import Iterable

from console.domain.alarms import Alarm


def list_key(alarm: Alarm) -> tuple[int, int, bool, float, str]:
    waiting = alarm.state.needs_ack
    return (0 if waiting else 1, int(alarm.priority), alarm.is_instrument,
            alarm.raised_at if waiting else -alarm.raised_at, alarm.key)


def takes_ack(alarm: Alarm) -> bool:
    """Waiting for an acknowledgment that is not already on its way."""
    return alarm.state.needs_ack and not alarm.ack_pending


def next_to_acknowledge(alarms: Iterable[Alarm]) -> Alarm | None:
    """The highest-priority, oldest unacknowledged alarm among these (None: none waits)."""
    waiting = [a for a in alarms if takes_ack(a)]
    return min(waiting, key=list_key) if waiting else None
