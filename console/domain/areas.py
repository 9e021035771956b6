"""Areas of responsibility: which workstation answers which enterprise's alarms.

An *area* is an enterprise code. An administrator assigns it to a workstation (``station``) or
to a role (``role``: the workstation where a user of that role is signed in covers it); several
assignments of one area are allowed (two desks share it). An area without any assignment is
common: every workstation answers its alarms, as before areas existed (a site that assigns
nothing behaves as before). System alarms (the console's own: broker lost, presence missed …)
are every workstation's.

Who covers an area is decided from the assignments and the workstations that are *live*: online
on the broker (console/domain/protocol.py, the retained ``consoles/{station}/state``) with
somebody signed in. When no live workstation covers an assigned area (the desk unattended, its
console down, its operator signed out) the area is *uncovered* and falls to every live
workstation with somebody signed in; when no workstation at all has somebody signed in, to every
online one — nothing is left unanswered. A workstation answering an area that is not its own
has *taken it over*, since the time the clock said when it first did (``CoverageTracker``).

Plain Python: no Qt, no I/O; time from the injected clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Mapping

from console.domain.clock import Clock

AREA_LIMIT = 64  # an enterprise code (console/domain/protocol.py CODE_RE allows up to 64)


@dataclass(frozen=True)
class Assignment:
    """One area assigned to a workstation (``station``) or to a role (``role``); exactly one is set."""

    area: str
    station: str = ""
    role: str = ""
    id: int = 0  # the duty log's row id (0: not stored yet)
    assigned_by: str = ""
    assigned_at: float = 0.0

    @property
    def target(self) -> str:
        return self.station or self.role


@dataclass(frozen=True)
class Workstation:
    """A workstation as the broker tells it: online, who is signed in there (``operator`` "" for
    nobody) with which role."""

    station: str
    online: bool = True
    operator: str = ""
    role: str = ""

    @property
    def attended(self) -> bool:
        return self.online and bool(self.operator)


@dataclass(frozen=True)
class Coverage:
    """What one workstation answers, given the assignments and the live workstations."""

    station: str
    assigned: frozenset[str] = frozenset()  # every area that has an assignment at all
    own: frozenset[str] = frozenset()  # assigned areas this workstation covers by its assignment
    taken_over: frozenset[str] = frozenset()  # uncovered areas that fell to this workstation
    uncovered: frozenset[str] = frozenset()  # assigned areas no live workstation covers (fallen to the others)
    covered_by: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # area -> live stations covering it

    def answers(self, enterprise: str) -> bool:
        """This workstation sounds, escalates and puts first alarms of this enterprise."""
        return enterprise not in self.assigned or enterprise in self.own or enterprise in self.taken_over

    @property
    def restricted(self) -> bool:
        """Some alarms are another workstation's (quieter and marked here)."""
        return bool(self.assigned - self.own - self.taken_over)


EVERYTHING = Coverage("")  # before anything is known: every alarm is answered everywhere


def covers(assignment: Assignment, workstation: Workstation) -> bool:
    if not workstation.attended:
        return False
    if assignment.station:
        return assignment.station == workstation.station
    return bool(assignment.role) and assignment.role == workstation.role


def coverage(station: str, assignments: Iterable[Assignment], workstations: Iterable[Workstation]) -> Coverage:
    """``station``'s coverage. ``workstations`` are those the broker reports, this one included
    (its own entry says whether somebody is signed in here)."""
    live = {w.station: w for w in workstations if w.online}
    me = live.get(station, Workstation(station))
    live[station] = Workstation(station, True, me.operator, me.role)
    by_area: dict[str, list[Assignment]] = {}
    for a in assignments:
        by_area.setdefault(a.area, []).append(a)
    attended = sorted(s for s, w in live.items() if w.attended)
    heirs = attended or sorted(live)  # who takes an uncovered area: the attended desks, else every online one
    own: set[str] = set()
    taken: set[str] = set()
    uncovered: set[str] = set()
    covered_by: dict[str, tuple[str, ...]] = {}
    for area, items in by_area.items():
        covering = tuple(sorted(s for s, w in live.items() if any(covers(a, w) for a in items)))
        covered_by[area] = covering
        if covering:
            if station in covering:
                own.add(area)
        else:
            uncovered.add(area)
            if station in heirs:  # its own area, at a desk nobody is signed in to, is its own still
                (own if any(a.station == station for a in items) else taken).add(area)
    return Coverage(station, frozenset(by_area), frozenset(own), frozenset(taken), frozenset(uncovered), covered_by)


@dataclass(frozen=True)
class Takeover:
    """An area fell to this workstation (``given_back`` False) or was given back (True), at ``at``."""

    area: str
    at: float
    given_back: bool
    since: float = 0.0  # for a give-back: when the takeover began


class CoverageTracker:
    """Keeps this workstation's coverage current and says when it takes over or gives back an area."""

    def __init__(self, station: str, clock: Clock) -> None:
        self.station = station
        self._clock = clock
        self._assignments: tuple[Assignment, ...] = ()
        self._workstations: dict[str, Workstation] = {}
        self._since: dict[str, float] = {}  # area taken over -> since when
        self.current: Coverage = coverage(station, (), ())

    @property
    def assignments(self) -> tuple[Assignment, ...]:
        return self._assignments

    @property
    def workstations(self) -> dict[str, Workstation]:
        return dict(self._workstations)

    def since(self, area: str) -> float | None:
        return self._since.get(area)

    def set_assignments(self, assignments: Iterable[Assignment]) -> list[Takeover]:
        self._assignments = tuple(assignments)
        return self._update()

    def set_workstation(self, workstation: Workstation) -> list[Takeover]:
        self._workstations[workstation.station] = workstation
        return self._update()

    def _update(self) -> list[Takeover]:
        now = self._clock.now()
        new = coverage(self.station, self._assignments, self._workstations.values())
        changes = [Takeover(area, now, False) for area in sorted(new.taken_over - self.current.taken_over)]
        changes += [Takeover(area, now, True, self._since.get(area, now))
                    for area in sorted(self.current.taken_over - new.taken_over)]
        for change in changes:
            if change.given_back:
                self._since.pop(change.area, None)
            else:
                self._since[change.area] = now
        self.current = new
        return changes


def check_area(area: str) -> bool:
    """An area code as an enterprise code: printable, no spaces or slashes, at most ``AREA_LIMIT``."""
    return 0 < len(area) <= AREA_LIMIT and all(c.isprintable() and not c.isspace() and c not in "/+#" for c in area)


__all__ = ["AREA_LIMIT", "Assignment", "Coverage", "CoverageTracker", "EVERYTHING", "Takeover", "Workstation", "check_area",
           "coverage", "covers"]
