"""Which alarm comes first: one rule for the operator's list and for the Space key.

What needs the operator comes first: unacknowledged before acknowledged (an alarm back to normal
but not yet acknowledged still needs acknowledging), then priority (red before orange before
yellow before blue), then process before instrument alarms, then time. Unacknowledged alarms are
oldest first, so the top of the list is the alarm that has waited longest — the one Space takes;
acknowledged alarms are newest first. Flood grouping and first-out never change this order.

With areas of responsibility (console/domain/areas.py) a workstation puts the alarms it answers
before the others' of the same kind: ``mine`` comes right after "waiting for acknowledgment", so an
unacknowledged alarm of another desk's area still comes before every acknowledged one.
"""

from __future__ import annotations

from typing import Callable, Iterable

from console.domain.alarms import Alarm

Answers = Callable[[str], bool]  # enterprise -> this workstation answers its alarms (areas.Coverage.answers)


def everything(_enterprise: str) -> bool:
    return True


def list_key(alarm: Alarm, mine: bool = True) -> tuple[int, int, int, bool, float, str]:
    waiting = alarm.state.needs_ack
    return (0 if waiting else 1, 0 if mine else 1, int(alarm.priority), alarm.is_instrument,
            alarm.raised_at if waiting else -alarm.raised_at, alarm.key)


def takes_ack(alarm: Alarm) -> bool:
    """Waiting for an acknowledgment that is not already on its way."""
    return alarm.state.needs_ack and not alarm.ack_pending


def next_to_acknowledge(alarms: Iterable[Alarm], answers: Answers = everything) -> Alarm | None:
    """The highest-priority, oldest unacknowledged alarm among these, this workstation's areas
    first (None: none waits)."""
    waiting = [a for a in alarms if takes_ack(a)]
    return min(waiting, key=lambda a: list_key(a, answers(a.enterprise))) if waiting else None
