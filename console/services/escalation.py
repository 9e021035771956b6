"""Escalation: alarms past their acknowledgment or handling deadline, and missed presence checks.

Once a second the deadlines are checked against the injected clock (``check``): the deadlines
wait in a heap, kept from the book's changes, so a check costs the alarms now due, not a walk over
every alarm in the book (ten thousand in a flood; issue 16). An alarm that
missed one is marked overdue in the book (so the duty log, the audit chain and the list show
it), and the escalation is carried out once:

* the annunciator repeats the overdue alarms' sound faster and sounds them again if silenced;
* ``changed(ack_overdue, handling_overdue)`` drives the window's escalation banner;
* an escalation message is published on ``{root}/{enterprise}/escalations/{point}`` (QoS 1; shape
  in docs/protocol.md) for an upstream platform or an SMS gateway;
* only alarms of the areas this workstation answers are escalated here (``set_scope``;
  console/domain/areas.py): another desk's alarms are that desk's, until its area falls to this one;
* the configured command, if any, is started with the alarm's details in its environment and
  the same JSON on its standard input. It runs in the background (at most ``MAX_COMMANDS`` at
  once, the others wait their turn) with a time limit: a hanging or failing command is logged
  and never holds up the console.
"""

from __future__ import annotations

import logging
import os
import shlex
import subprocess
from collections import deque
from heapq import heappop, heappush
from functools import partial
from typing import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from console.domain import protocol
from console.domain.alarm_order import Answers, everything
from console.domain.alarms import Alarm, AlarmBook, AlarmChange, ChangeKind, Overdue
from console.domain.deadlines import DeadlinePolicy, newly_overdue
from console.domain.presence import PresenceResult, PresenceStatus
from console.domain.system_alarms import PRESENCE_KEY
from console.infrastructure.background import Background, Operation
from console.services.annunciator import Annunciator

log = logging.getLogger("console.services.escalation")

CHECK_MS = 1000
COMMAND_TIMEOUT_S = 30.0
MAX_COMMANDS = 2  # commands running at once; a flood of escalations queues


class Escalator(QObject):
    changed = Signal(int, int)  # alarms now overdue for acknowledgment, for handling
    escalated = Signal(str, str)  # alarm key, kind (ack_overdue / handling_overdue / presence_missed)
    command_finished = Signal(str, int)  # alarm key, exit status (-1: could not run or timed out)

    def __init__(self, book: AlarmBook, policy: DeadlinePolicy, publish: Callable[[str, bytes], None], topics: protocol.Topics,
                 annunciator: Annunciator, station: str, clock: Callable[[], float], on_duty: Callable[[], str],
                 background: Background, command: str = "", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._book = book
        self._deadlines: list[tuple[float, str, Overdue]] = []  # heap: (due, alarm key, kind)
        self._queued: dict[tuple[str, Overdue], float] = {}  # what is in the heap, so a change pushes only a new deadline
        self.policy = policy  # (the setter watches the book's alarms)
        self._publish = publish
        self._topics = topics
        self._annunciator = annunciator
        self._station = station
        self._clock = clock
        self._answers: Answers = everything
        self._rescan = False
        self._on_duty = on_duty
        self._command = shlex.split(command) if command.strip() else []
        self._background = background
        self._commands: deque[tuple[list[str], dict, bytes, str]] = deque()  # waiting their turn
        self._commands_running = 0
        self._counts = (0, 0)
        self._ack_keys: set[str] = set()
        self._handling_keys: set[str] = set()
        self._escalated_keys: frozenset[str] = frozenset()
        self._push_timer = QTimer(self)  # many changes in one go are passed on once
        self._push_timer.setSingleShot(True)
        self._push_timer.setInterval(0)
        self._push_timer.timeout.connect(self._push)
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_MS)
        self._timer.timeout.connect(self.check)
        book.subscribe(self._on_change)

    @property
    def policy(self) -> DeadlinePolicy:
        return self._policy

    @policy.setter
    def policy(self, policy: DeadlinePolicy) -> None:
        self._policy = policy
        self._deadlines, self._queued = [], {}
        for alarm in self._book.unordered():
            self._watch(alarm)

    def _watch(self, alarm: Alarm) -> None:
        """Put the alarm's deadlines not yet missed in the heap (once per deadline)."""
        policy, key = self._policy, alarm.key
        for kind, due in ((Overdue.ACK, policy.ack_due(alarm) if alarm.state.needs_ack and not alarm.ack_overdue else None),
                          (Overdue.HANDLING, policy.handling_due(alarm) if alarm.handling is None and not alarm.handling_overdue else None)):
            if due is not None and self._queued.get((key, kind)) != due:
                self._queued[(key, kind)] = due
                heappush(self._deadlines, (due, key, kind))

    def pending_deadlines(self) -> int:
        """Deadlines waiting in the heap (each alarm's at most two, and stale ones until due)."""
        return len(self._deadlines)

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        self._push_timer.stop()

    def counts(self) -> tuple[int, int]:
        return self._counts

    def set_scope(self, answers: Answers) -> None:
        """Escalate only alarms of the enterprises this workstation answers; an area that falls to
        it is checked at once (its alarms past their deadline are escalated here now)."""
        self._answers = answers
        self._rescan = True  # the next check looks at every alarm, whose deadlines may have passed out of scope
        if self._timer.isActive():
            self.check()

    # -- deadlines ---------------------------------------------------------------------
    def check(self) -> None:
        """Escalate the alarms whose deadline has passed: those whose time came since the last
        check (from the heap), or after a change of scope all the book's (an area fallen to this
        desk may hold alarms long past their deadline)."""
        now = self._clock()
        answers = self._answers
        heap, queued = self._deadlines, self._queued
        due_keys: dict[str, None] = {}
        while heap and heap[0][0] <= now:
            at, key, kind = heappop(heap)
            if queued.get((key, kind)) == at:
                del queued[(key, kind)]  # the alarm's next change puts it back (shelved, out of scope, acknowledging)
            due_keys[key] = None
        if self._rescan:
            self._rescan = False
            candidates = self._book.unordered()
        else:
            candidates = [a for a in map(self._book.get, due_keys) if a is not None]
        for alarm, kind in newly_overdue((a for a in candidates if answers(a.enterprise)), self.policy, now):
            change = self._book.mark_overdue(alarm.key, kind)
            if change is None:
                continue
            due = self.policy.ack_due(alarm) if kind is Overdue.ACK else self.policy.handling_due(alarm)
            log.warning("alarm %s missed its %s deadline (%.0f s)", alarm.key, kind.value,
                        self.policy.limit_s(alarm.priority, kind))
            self._escalate(change.alarm, kind, due, now)
        if self._push_timer.isActive():
            self._push()

    def on_presence_result(self, result: PresenceResult) -> None:
        """A missed presence check is escalated at once, like an overdue alarm."""
        if result.status is not PresenceStatus.MISSED:
            return
        alarm = self._book.get(PRESENCE_KEY)
        if alarm is not None:
            self._escalate(alarm, "presence_missed", None, self._clock())

    def _escalate(self, alarm: Alarm, kind: Overdue | str, due: float | None, now: float) -> None:
        name = f"{kind.value}_overdue" if isinstance(kind, Overdue) else kind
        payload = protocol.encode_escalation(alarm, kind, due, now, self._station, self._on_duty())
        self._publish(self._topics.escalation(alarm.enterprise, alarm.point), payload)
        self.escalated.emit(alarm.key, name)
        if self._command:
            self._run_command(alarm, name, payload)

    # -- the book's changes keep the sound and the banner current ---------------------------
    def _on_change(self, change: AlarmChange) -> None:
        alarm, key = change.alarm, change.alarm.key
        if change.kind is not ChangeKind.REMOVED:
            self._watch(alarm)
        if not (alarm.overdue or key in self._ack_keys or key in self._handling_keys):
            return
        listed = change.kind is not ChangeKind.REMOVED and alarm.in_main_list
        for keys, flagged in ((self._ack_keys, alarm.ack_overdue), (self._handling_keys, alarm.handling_overdue)):
            if listed and flagged:
                keys.add(key)
            else:
                keys.discard(key)
        if not self._push_timer.isActive():
            self._push_timer.start()

    def _push(self) -> None:
        self._push_timer.stop()
        keys = frozenset(self._ack_keys | self._handling_keys)
        if keys != self._escalated_keys:
            self._escalated_keys = keys
            self._annunciator.set_escalated(keys)
        counts = (len(self._ack_keys), len(self._handling_keys))
        if counts != self._counts:
            self._counts = counts
            self.changed.emit(*counts)

    # -- the configured command ------------------------------------------------------------
    def _run_command(self, alarm: Alarm, kind: str, payload: bytes) -> None:
        env = dict(os.environ)
        env.update({
            "DC_KIND": kind, "DC_ALARM_ID": alarm.occurrence_id, "DC_ENTERPRISE": alarm.enterprise, "DC_POINT": alarm.point,
            "DC_CONDITION": alarm.condition, "DC_PRIORITY": str(int(alarm.priority)), "DC_RAISED_AT": f"{alarm.raised_at:.3f}",
            "DC_TEXT": alarm.text, "DC_STATION": self._station, "DC_ON_DUTY": self._on_duty(),
        })
        self._commands.append((list(self._command), env, payload, alarm.key))
        self._start_commands()

    def _start_commands(self) -> None:
        while self._commands and self._commands_running < MAX_COMMANDS:
            argv, env, payload, key = self._commands.popleft()
            self._commands_running += 1
            self._background.run(partial(_execute, argv, env, payload, key),
                                 partial(self._command_done, key), partial(self._command_failed, key), name="escalation-command")

    def _command_done(self, key: str, status: int) -> None:
        self._commands_running -= 1
        self.command_finished.emit(key, status)
        self._start_commands()

    def _command_failed(self, key: str, _error: BaseException) -> None:
        self._command_done(key, -1)


def _execute(argv: list[str], env: dict, payload: bytes, key: str, _op: Operation) -> int:
    """(background) The command's exit status; -1: it could not run or timed out."""
    status = -1
    try:
        done = subprocess.run(argv, input=payload, env=env, capture_output=True, timeout=COMMAND_TIMEOUT_S, check=False)
        status = done.returncode
        if status != 0:
            log.error("escalation command %s exited with %d: %s", argv[0], status, done.stderr[-300:].decode(errors="replace"))
        else:
            log.info("escalation command %s ran for %s", argv[0], key)
    except subprocess.TimeoutExpired:
        log.error("escalation command %s did not finish within %.0f s; stopped", argv[0], COMMAND_TIMEOUT_S)
    except OSError as exc:
        log.error("escalation command %s could not be started: %s", argv[0], exc)
    return status
