"""The handover (交接班) as the duty room does it: prepare, sign out, cross-check and sign in.

1. ``start()``: the operator on duty starts it; the period's figures are read from the duty log
   on the writer thread, the report (console/domain/handover.py) is built on the GUI thread from them
   and the alarm book, and shown (``report_ready``). ``refresh()`` builds it again until the
   outgoing operator has signed.
2. ``sign_outgoing(password)``: the outgoing operator signs by entering their own password again.
3. ``sign_incoming(name, password)``: the incoming operator signs with their own credentials.
   Checking them, storing the handover (table ``handovers``: the report as signed and its
   SHA-256) and its audit entry ``duty.handover`` (both names, the report hash) are one writer
   job: all on record, or nothing. Then the desk changes to the incoming operator on the new
   shift (``DutyDesk.take_over``).

A wrong password (either signature) is refused, counts towards the account's lockout exactly
like a failed sign-in, and is audited (``duty.handover_signature_failed``, with the name tried,
never the password); the handover stays pending and the outgoing operator stays on duty. The
outgoing operator cannot sign as the incoming one. ``cancel()`` ends it before the incoming
signature is being checked; signing out (or another sign-in) ends it too.

Nothing here waits on the database: results come back through the writer's ``on_done``.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, Signal

from console.domain.alarms import AlarmBook
from console.services.duty import AuditSink, DutyDesk
from console.domain.handover import (
    HandoverReport,
    PointNames,
    Signatory,
    SignedHandover,
    build_report,
    next_shift,
    period_start,
)
from console.domain.shifts import Shift
from console.domain.user_rules import may_hand_over, may_take_duty
from console.services.access import REFUSED, refusal
from console.infrastructure.store.audit import AuditLog
from console.domain.notes import AlarmNote
from console.infrastructure.store.dutylog import DutyLog, Operator
from console.infrastructure.store.note_log import notes_between
from console.infrastructure.store.writer import DutyLogWriter

log = logging.getLogger("console.domain.handover")

NOTES_GRACE_S = 1.0  # notes written up to the moment the report is made (their time rounds to the millisecond)


class Stage(str, enum.Enum):
    IDLE = "idle"
    PREPARING = "preparing"  # the duty-log figures are being read
    AWAIT_OUTGOING = "awaiting_outgoing"  # the report is shown; the outgoing operator signs
    CHECK_OUTGOING = "checking_outgoing"
    AWAIT_INCOMING = "awaiting_incoming"  # signed by the outgoing operator; the incoming one signs
    CHECK_INCOMING = "checking_incoming"  # credentials checked and the handover stored, in one job


PENDING = frozenset(Stage) - {Stage.IDLE}


class HandoverDesk(QObject):
    stage_changed = Signal(str)  # Stage value
    report_ready = Signal(object)  # HandoverReport
    outgoing_signed = Signal(object)  # Signatory
    # stage ("start", "outgoing", "incoming", "cancel"), reason code, locked until (0: not locked).
    # Reasons: sign-in, not-permitted, busy, not-ready, needs-name, needs-password, same-user, wrong-password, locked.
    refused = Signal(str, str, float)
    completed = Signal(object)  # SignedHandover
    failed = Signal(str, str)  # stage ("prepare", "incoming"), error text: not stored, still pending
    cancelled = Signal(str)  # "operator" (cancelled) or "operator-changed" (signed out meanwhile)

    def __init__(self, desk: DutyDesk, book: AlarmBook, writer: DutyLogWriter, names: PointNames | None, station: str,
                 clock: Callable[[], float], audit: AuditSink, early_s: float = 3600.0, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._desk = desk
        self._book = book
        self._writer = writer
        self._names = names
        self._station = station
        self._clock = clock
        self._audit = audit
        self.early_s = early_s
        self.stage = Stage.IDLE
        self.report: HandoverReport | None = None
        self.outgoing: Operator | None = None
        self.outgoing_signature: Signatory | None = None
        self.last: SignedHandover | None = None  # the latest completed handover (for printing)
        self._shift: Shift | None = None
        self._started_at = 0.0
        self._token = 0  # results of an abandoned attempt are dropped
        desk.operator_changed.connect(self._operator_changed)

    @property
    def pending(self) -> bool:
        return self.stage in PENDING

    # -- 1. prepare ------------------------------------------------------------------
    def start(self) -> bool:
        if self.pending:
            self.refused.emit("start", "busy", 0.0)
            return False
        operator = self._desk.operator
        if operator is None or not self._desk.on_duty:  # nobody, or a manager signed in without the duty
            log.warning("handover refused: nobody is on duty")
            self.refused.emit("start", "sign-in", 0.0)
            return False
        if not may_hand_over(operator.role):
            log.warning("handover refused: %s (%s) may not hand over the duty", operator.name, operator.role)
            self.refused.emit("start", "not-permitted", 0.0)
            return False
        self.outgoing = operator
        self._shift = self._desk.shift or self._desk.shifts.shift_at(self._clock())
        self._started_at = self._clock()
        self.outgoing_signature = None
        self.report = None
        log.info("handover started by %s (shift %s)", operator.name, self._shift.id)
        self._prepare()
        return True

    def refresh(self) -> bool:
        """Build the report again (new alarms since): only before the outgoing operator signed."""
        if self.stage is not Stage.AWAIT_OUTGOING:
            self.refused.emit("start", "not-ready", 0.0)
            return False
        self._prepare()
        return True

    def _prepare(self) -> None:
        assert self.outgoing is not None and self._shift is not None
        station, name, shift, until = self._station, self.outgoing.name, self._shift, self._clock()

        def job(log_: DutyLog) -> tuple[float, Any, tuple[int, str], list[AlarmNote]]:
            start = period_start(shift, log_.duty_began_by_handover(station, name, shift.id))
            return (start, log_.shift_figures(start, station), AuditLog(log_.s).anchor(),
                    notes_between(log_, start, until + NOTES_GRACE_S))

        self._token += 1
        self._set_stage(Stage.PREPARING)
        self._writer.submit(job, partial(self._prepared, self._token), partial(self._not_prepared, self._token))

    def _prepared(self, token: int, answer: tuple) -> None:
        if token != self._token or self.stage is not Stage.PREPARING or self.outgoing is None or self._shift is None:
            return
        start, figures, anchor, notes = answer
        self.report = build_report(
            station=self._station, outgoing=self.outgoing.name, outgoing_display=self.outgoing.display_name,
            shift=self._shift, period_from=start, generated_at=self._clock(), alarms=self._book.alarms(),
            out_of_service=self._book.out_of_service, figures=figures, names=self._names, audit_anchor=anchor, notes=notes,
        )
        self._set_stage(Stage.AWAIT_OUTGOING)
        self.report_ready.emit(self.report)

    def _not_prepared(self, token: int, error: BaseException) -> None:
        if token != self._token:
            return
        log.error("handover report could not be prepared: %s", error)
        self._set_stage(Stage.IDLE)
        self.failed.emit("prepare", str(error))

    # -- 2. the outgoing operator signs ---------------------------------------------------
    def sign_outgoing(self, password: str) -> bool:
        if self.stage is not Stage.AWAIT_OUTGOING or self.outgoing is None:
            self.refused.emit("outgoing", "not-ready", 0.0)
            return False
        if not password:
            self.refused.emit("outgoing", "needs-password", 0.0)
            return False
        name, at = self.outgoing.name, self._clock()
        self._set_stage(Stage.CHECK_OUTGOING)
        self._writer.submit(lambda log_: (log_.verify_user(name, password), log_.locked_until(name)),
                            partial(self._outgoing_checked, self._token, at),
                            partial(self._check_failed, self._token, "outgoing", Stage.AWAIT_OUTGOING))
        return True

    def _outgoing_checked(self, token: int, at: float, answer: tuple[Operator | None, float | None]) -> None:
        if token != self._token or self.stage is not Stage.CHECK_OUTGOING or self.outgoing is None:
            return
        operator, locked_until = answer
        if operator is None or operator.name != self.outgoing.name:
            self._set_stage(Stage.AWAIT_OUTGOING)
            self._signature_refused("outgoing", self.outgoing.name, locked_until)
            return
        self.outgoing_signature = Signatory(operator.name, operator.display_name, at)
        log.info("handover report signed by the outgoing operator %s", operator.name)
        self._set_stage(Stage.AWAIT_INCOMING)
        self.outgoing_signed.emit(self.outgoing_signature)

    # -- 3. the incoming operator signs: checked and stored in one job ---------------------
    def sign_incoming(self, name: str, password: str) -> bool:
        if self.stage is not Stage.AWAIT_INCOMING or self.report is None or self.outgoing_signature is None:
            self.refused.emit("incoming", "not-ready", 0.0)
            return False
        name = name.strip()
        if not name:
            self.refused.emit("incoming", "needs-name", 0.0)
            return False
        if name == self.outgoing_signature.name:
            self.refused.emit("incoming", "same-user", 0.0)
            return False
        if not password:
            self.refused.emit("incoming", "needs-password", 0.0)
            return False
        assert self._shift is not None
        at = self._clock()
        report, outgoing, shift_from = self.report, self.outgoing_signature, self._shift
        shift_to = next_shift(self._desk.shifts, shift_from, at, self.early_s)
        report_json, digest = report.to_json(), report.sha256()
        station, started_at = self._station, self._started_at

        def job(log_: DutyLog) -> tuple[Operator | None, float | None, int, bool]:
            operator = log_.verify_user(name, password)
            if operator is None:
                return None, log_.locked_until(name), 0, log_.has_user(name)
            if operator.name == outgoing.name or not may_take_duty(operator.role):
                return operator, None, 0, True
            record_id = log_.record_handover(station, outgoing.name, operator.name, shift_from.id, shift_to.id, started_at,
                                             outgoing.signed_at, at, report_json, digest)
            AuditLog(log_.s).append(
                "duty.handover", f"handover/{record_id}", operator.name, station,
                {"outgoing": outgoing.name, "incoming": operator.name, "shift_from": shift_from.id,
                 "shift_to": shift_to.id, "report_sha256": digest}, at)
            return operator, None, record_id, True

        self._set_stage(Stage.CHECK_INCOMING)
        self._writer.submit(job, partial(self._incoming_checked, self._token, name, at, shift_to, digest),
                            partial(self._check_failed, self._token, "incoming", Stage.AWAIT_INCOMING))
        return True

    def _incoming_checked(self, token: int, tried: str, at: float, shift_to: Shift, digest: str,
                          answer: tuple[Operator | None, float | None, int, bool]) -> None:
        if token != self._token or self.stage is not Stage.CHECK_INCOMING:
            return
        operator, locked_until, record_id, known = answer
        if operator is None:
            self._set_stage(Stage.AWAIT_INCOMING)
            self._signature_refused("incoming", tried, locked_until, known)
            return
        if not may_take_duty(operator.role):  # a report-only account takes no duty
            actor, detail = refusal(operator, "duty.handover_incoming")
            self._audit(REFUSED, actor, detail, operator.name)
            self._set_stage(Stage.AWAIT_INCOMING)
            self.refused.emit("incoming", "not-permitted", 0.0)
            return
        if not record_id:  # the outgoing operator's own account under another spelling
            self._set_stage(Stage.AWAIT_INCOMING)
            self.refused.emit("incoming", "same-user", 0.0)
            return
        assert self.report is not None and self.outgoing_signature is not None
        signed = SignedHandover(self.report, self.outgoing_signature, Signatory(operator.name, operator.display_name, at),
                                shift_to, record_id, self._started_at, digest)
        self.last = signed
        log.info("duty handed over: %s → %s, shift %s → %s (handover %d, report %s)", signed.outgoing.name,
                 operator.name, self.report.shift_id, shift_to.id, record_id, digest[:12])
        self._reset()
        self._desk.take_over(operator, shift_to)
        self.completed.emit(signed)

    def _signature_refused(self, stage: str, tried: str, locked_until: float | None, known: bool = True) -> None:
        """A wrong password (or a name that is no account's: recorded only as unknown, with its
        salted fingerprint, never as typed: ``DutyDesk.failed_name``)."""
        name, recorded = self._desk.failed_name(tried, known)
        detail: dict[str, Any] = {"stage": stage, **recorded}
        if locked_until is not None:
            detail["locked"] = True
        log.warning("handover: %s signature refused for %s", stage, repr(name) if known else "an unknown name")
        self._audit("duty.handover_signature_failed", name, detail, name)
        self.refused.emit(stage, "locked" if locked_until is not None else "wrong-password", locked_until or 0.0)

    def _check_failed(self, token: int, stage: str, back_to: Stage, error: BaseException) -> None:
        if token != self._token:
            return
        log.error("handover %s signature could not be checked or stored: %s", stage, error)
        self._set_stage(back_to)
        self.failed.emit(stage, str(error))

    # -- cancelling -------------------------------------------------------------------
    def cancel(self) -> bool:
        if self.stage is Stage.CHECK_INCOMING:  # being stored: it cannot be taken back now
            self.refused.emit("cancel", "busy", 0.0)
            return False
        if not self.pending:
            return False
        log.info("handover cancelled by %s", self.outgoing.name if self.outgoing else "?")
        self._reset()
        self.cancelled.emit("operator")
        return True

    def _operator_changed(self, _display_name: str) -> None:
        if self.stage in (Stage.IDLE, Stage.CHECK_INCOMING) or self.outgoing is None:
            return
        operator = self._desk.operator
        if operator is None or operator.name != self.outgoing.name:
            log.info("handover abandoned: %s is no longer on duty", self.outgoing.name)
            self._reset()
            self.cancelled.emit("operator-changed")

    def _reset(self) -> None:
        self._token += 1
        self._set_stage(Stage.IDLE)

    def _set_stage(self, stage: Stage) -> None:
        if stage is not self.stage:
            self.stage = stage
            self.stage_changed.emit(stage.value)
