"""What the operator narrows the alarm list to: search text, enterprise, area, priority, state,
overdue. Plain data and one predicate; the list applies it."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from console.domain.alarms import Alarm, AlarmState, Priority
from console.domain.plant import PlantRegistry


class StateFilter(enum.Enum):
    ALL = "all"
    UNACKNOWLEDGED = "unacknowledged"
    ACKNOWLEDGED = "acknowledged"
    RETURNED = "returned"  # back to normal: waiting for an acknowledgment or for clearing


@dataclass(frozen=True)
class AlarmFilter:
    text: str = ""  # in the point code, point name or enterprise name (case-insensitive)
    enterprises: frozenset[str] = field(default_factory=frozenset)  # empty: every enterprise
    area: str = ""
    priorities: frozenset[Priority] = field(default_factory=frozenset)  # empty: every priority
    state: StateFilter = StateFilter.ALL
    overdue_only: bool = False

    @property
    def active(self) -> bool:
        return self != AlarmFilter()

    def accepts(self, alarm: Alarm, registry: PlantRegistry) -> bool:
        if self.enterprises and alarm.enterprise not in self.enterprises:
            return False
        if self.priorities and alarm.priority not in self.priorities:
            return False
        if self.overdue_only and not alarm.overdue:
            return False
        if not _state_matches(self.state, alarm.state):
            return False
        if self.area:
            point = registry.point(alarm.enterprise, alarm.point)
            if point is None or point.area != self.area:
                return False
        if self.text:
            needle = self.text.casefold()
            haystack = (alarm.point, registry.point_name(alarm.enterprise, alarm.point),
                        registry.enterprise_name(alarm.enterprise), alarm.enterprise)
            if not any(needle in part.casefold() for part in haystack if part):
                return False
        return True


def _state_matches(wanted: StateFilter, state: AlarmState) -> bool:
    if wanted is StateFilter.UNACKNOWLEDGED:
        return state.needs_ack
    if wanted is StateFilter.ACKNOWLEDGED:
        return state is AlarmState.ACKED
    if wanted is StateFilter.RETURNED:
        return state in (AlarmState.RTN_UNACK, AlarmState.AWAIT_CLEAR)
    return True
