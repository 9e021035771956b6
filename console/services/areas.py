"""Areas of responsibility at this workstation: the assignments (shared duty log), who is signed in
where (the broker), and what this workstation answers (console/domain/areas.py).

* Assignments are read from the duty log at start, at each (re)connection to the broker and when
  any workstation says it changed them (``consoles/{station}/areas``); an administrator signed in
  here changes them (``assign`` / ``unassign``): the row and its audit entry in one transaction,
  the acting administrator checked again inside it; anyone else is refused, on record
  (``access.refused``).
* Every workstation publishes its retained state ``consoles/{station}/state`` (online, who is
  signed in with which role, the areas it answers; the last will says offline) whenever that
  changes, and reads the others'.
* From both, ``coverage_changed`` tells the annunciator, the escalator, the duty desk and the
  list what this workstation answers. An area that no attended workstation covers falls to this
  one (``takeovers``): recorded here as ``area.taken_over`` and, when its desk is back,
  ``area.given_back``.

Start-up: until the broker has been connected for ``SETTLE_MS`` (the retained states of the other
workstations arrive right after the subscription) the workstation answers everything, as it
would without areas — it never keeps quiet for lack of knowledge, nor records a takeover that
was only its own ignorance.
"""

from __future__ import annotations

import logging
from functools import partial
from typing import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from console.domain import protocol
from console.domain.areas import EVERYTHING, Assignment, Coverage, CoverageTracker, Takeover, Workstation, check_area
from console.domain.clock import Clock
from console.domain.link_state import LinkState
from console.domain.user_rules import ROLES, may_assign_areas
from console.infrastructure.store import area_log, journal
from console.infrastructure.store.audit import AuditEntry, AuditLog
from console.infrastructure.store.dutylog import DutyLog, Operator
from console.infrastructure.store.writer import DutyLogWriter
from console.services.access import REFUSED, refusal

log = logging.getLogger("console.services.areas")

SETTLE_MS = 1000  # after connecting, the others' retained states are in (milliseconds on a LAN)

# Why an administrator's request was refused (besides user_rules.NOT_ADMIN, UNCHANGED, FAILED).
AREA_INVALID = "area_invalid"  # not an enterprise code
TARGET_INVALID = "target_invalid"  # neither one workstation nor one known role
NOT_ADMIN = "not_admin"
UNCHANGED = "unchanged"
FAILED = "failed"

Publish = Callable[[str, bytes], None]


class AreaDesk(QObject):
    assignments_changed = Signal(list)  # list[Assignment] in force, oldest first
    coverage_changed = Signal(object)  # areas.Coverage: what this workstation answers now
    takeovers = Signal(list)  # list[areas.Takeover]: areas taken over or given back just now
    refused = Signal(str, str)  # reason code, area

    def __init__(self, writer: DutyLogWriter, clock: Clock, station: str, topics: protocol.Topics, publish: Publish,
                 set_online_state: Callable[[bytes], None], operator: Callable[[], Operator | None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._writer = writer
        self._clock = clock
        self.station = station
        self._topics = topics
        self._publish = publish
        self._set_online_state = set_online_state
        self._operator = operator
        self._tracker = CoverageTracker(station, clock)
        self._settled = False
        self._stopped = False
        self._shown: Coverage = EVERYTHING  # what the others were told to answer
        self._state_sent: bytes = b""
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._settled_now)

    # -- state for the window and the tests ----------------------------------------------------
    @property
    def coverage(self) -> Coverage:
        return self._shown

    @property
    def settled(self) -> bool:
        """The others' states are in: what this workstation answers is decided by the areas."""
        return self._settled

    @property
    def assignments(self) -> tuple[Assignment, ...]:
        return self._tracker.assignments

    @property
    def workstations(self) -> dict[str, Workstation]:
        return self._tracker.workstations

    def since(self, area: str) -> float | None:
        """When this workstation took ``area`` over (None: it has not)."""
        return self._tracker.since(area)

    def start(self) -> None:
        self.reload()
        self.on_operator_changed()

    def stop(self) -> None:
        """At shutdown (before the duty log closes): nothing more is decided or recorded."""
        self._stopped = True
        self._settle.stop()

    # -- what comes in -------------------------------------------------------------------------
    def reload(self) -> None:
        if self._stopped:
            return
        self._writer.submit(area_log.open_assignments, self._loaded,
                            lambda exc: log.error("areas of responsibility could not be read: %s", exc))

    def on_link_state(self, state: LinkState, _detail: str = "") -> None:
        if state is LinkState.CONNECTED:
            self.reload()  # changes made while this workstation was away
            if not self._settled and not self._settle.isActive():
                self._settle.start()

    def on_console_state(self, state: protocol.ConsoleState) -> None:
        if state.station == self.station or self._stopped:  # our own, retained (perhaps from an earlier run): we know better
            return
        self._after(self._tracker.set_workstation(Workstation(state.station, state.online, state.operator, state.role)))

    def on_areas_changed(self, message: protocol.AreasChanged) -> None:
        if message.station != self.station:
            self.reload()

    def on_operator_changed(self, _name: str = "") -> None:
        if self._stopped:
            return
        operator = self._operator()
        me = Workstation(self.station, True, operator.name if operator else "", operator.role if operator else "")
        self._after(self._tracker.set_workstation(me))
        self._publish_state()

    def _loaded(self, assignments: list[Assignment]) -> None:
        if self._stopped:
            return
        self._after(self._tracker.set_assignments(assignments))
        self.assignments_changed.emit(list(assignments))

    def _settled_now(self) -> None:
        self._settled = True
        current = self._tracker.current
        log.info("areas of responsibility: %d assignment(s), %d other workstation(s) known",
                 len(self._tracker.assignments), len(self._tracker.workstations) - 1)
        self._after([Takeover(area, self._tracker.since(area) or self._clock.now(), False) for area in sorted(current.taken_over)])

    def _after(self, changes: list[Takeover]) -> None:
        if not self._settled or self._stopped:
            return
        current = self._tracker.current
        if changes:
            self._record(changes, current)
        if current != self._shown:
            self._shown = current
            self.coverage_changed.emit(current)
            self._publish_state()
        if changes:
            self.takeovers.emit(changes)

    def _record(self, changes: list[Takeover], current: Coverage) -> None:
        operator = self._operator()
        actor = operator.name if operator else ""
        for change in changes:
            assigned = sorted(a.target for a in self._tracker.assignments if a.area == change.area)
            if change.given_back:
                detail: dict[str, object] = {"covered_by": list(current.covered_by.get(change.area, ())),
                                             "held_s": round(change.at - change.since, 3)}
                log.info("area %s given back to %s", change.area, ", ".join(detail["covered_by"]) or "-")  # type: ignore[arg-type]
            else:
                detail = {"assigned_to": assigned}
                log.warning("area %s is unattended (assigned to %s): its alarms fall to this workstation", change.area,
                            ", ".join(assigned))
            action = "area.given_back" if change.given_back else "area.taken_over"
            self._writer.submit(journal.audit(AuditEntry(action, change.area, actor, self.station, detail, change.at)))

    def _publish_state(self) -> None:
        operator = self._operator()
        areas = tuple(sorted(self._shown.own | self._shown.taken_over))
        body = protocol.encode_console_state(True, self._clock.now(), operator.name if operator else "",
                                             operator.role if operator else "", areas)
        self._state_sent = body
        self._set_online_state(body)

    # -- an administrator's requests (GUI thread) ------------------------------------------------
    def assign(self, area: str, station: str = "", role: str = "") -> bool:
        """Assign ``area`` (an enterprise code) to one workstation or to one role."""
        area, station, role = area.strip(), station.strip(), role.strip()
        actor = self._acting_admin(area, "area.assign")
        if actor is None:
            return False
        if not check_area(area):
            return self._refuse(AREA_INVALID, area)
        if bool(station) == bool(role) or (role and role not in ROLES) or (station and not check_area(station)):
            return self._refuse(TARGET_INVALID, area)
        at = self._clock.now()
        return self._submit(area, actor, "area.assign",
                            lambda log_: area_log.assign(log_, area, station, role, actor, self.station, at))

    def unassign(self, assignment: Assignment) -> bool:
        actor = self._acting_admin(assignment.area, "area.unassign")
        if actor is None:
            return False
        at = self._clock.now()
        return self._submit(assignment.area, actor, "area.unassign",
                            lambda log_: area_log.unassign(log_, assignment.id, actor, self.station, at))

    def _acting_admin(self, area: str, request: str) -> str | None:
        operator = self._operator()
        if operator is None or not may_assign_areas(operator.role):
            actor, detail = refusal(operator, request)
            self._writer.submit(journal.audit(AuditEntry(REFUSED, area, actor, self.station, detail, self._clock.now())))
            self.refused.emit(NOT_ADMIN, area)
            return None
        return operator.name

    def _refuse(self, code: str, area: str) -> bool:
        self.refused.emit(code, area)
        return False

    def _submit(self, area: str, actor: str, request: str, change: Callable[[DutyLog], Assignment | None]) -> bool:
        station, at = self.station, self._clock.now()

        def job(log_: DutyLog) -> tuple[str | None, list[Assignment]]:
            acting = {u.name: u for u in log_.user_records(for_update=True)}.get(actor)
            if acting is None or not acting.active or not may_assign_areas(acting.role):
                # Disabled or demoted meanwhile (at another workstation): refused, and on record.
                who = Operator(actor, acting.display_name if acting else "", "no account" if acting is None
                               else acting.role if acting.active else "disabled")
                refused_by, detail = refusal(who, request)
                AuditLog(log_.s).append(REFUSED, area, refused_by, station, detail, at)
                return NOT_ADMIN, area_log.open_assignments(log_)
            done = change(log_)
            return (None if done is not None else UNCHANGED), area_log.open_assignments(log_)

        self._writer.submit(job, partial(self._done, area), partial(self._failed, area))
        return True

    def _done(self, area: str, outcome: tuple[str | None, list[Assignment]]) -> None:
        problem, assignments = outcome
        self._loaded(assignments)
        if problem is not None:
            self.refused.emit(problem, area)
            return
        operator = self._operator()
        self._publish(self._topics.areas_changed(self.station),
                      protocol.encode_areas_changed(operator.name if operator else "", self._clock.now()))
        log.info("areas of responsibility changed for %s", area)

    def _failed(self, area: str, error: BaseException) -> None:
        log.error("areas of responsibility: the change for %s could not be stored: %s", area, error)
        self.refused.emit(FAILED, area)


__all__ = ["AREA_INVALID", "AreaDesk", "FAILED", "NOT_ADMIN", "SETTLE_MS", "TARGET_INVALID", "UNCHANGED"]
