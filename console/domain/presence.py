"""Presence checks (在岗确认): the console asks the operator on duty, at random moments, to
confirm that someone is in the duty room. Plain Python: the clock and the random source are
injected, so schedules and outcomes are testable.

Decisions:

- Schedule: the delay to the next check is uniform in [interval/2, interval*1.5]: on average
  one check per interval, never two within half an interval, and not predictable. It is
  counted from the end of the previous check (answered or missed), so checks never overlap.
  An interval of 0 disables the checks.
- Outcome: answered within the answer window → "answered"; after the window but before the
  hard limit of 2 × window → "late"; no answer by the hard limit → "missed".
- Who: only a signed-in operator can answer (the record must name someone). Checks run also
  while nobody is signed in: the unstaffed duty room is exactly what must be on record, so such
  a check ends "missed" with operator "". A missed check names the operator on duty when it
  was asked (or, if nobody was, whoever is on duty when it is declared missed).
"""

from __future__ import annotations

import enum
import random
from dataclasses import dataclass

HARD_LIMIT_FACTOR = 2.0  # unanswered after this many answer windows: missed


class PresenceStatus(str, enum.Enum):
    ANSWERED = "answered"
    LATE = "late"
    MISSED = "missed"


@dataclass(frozen=True)
class PresenceResult:
    asked_at: float
    answered_at: float | None
    operator: str
    status: PresenceStatus

    @property
    def response_s(self) -> float | None:
        return None if self.answered_at is None else max(0.0, self.answered_at - self.asked_at)


@dataclass(frozen=True)
class PendingCheck:
    asked_at: float
    operator: str  # on duty when asked ("" nobody)


@dataclass(frozen=True)
class CheckStarted:
    asked_at: float


class PresenceChecks:
    def __init__(self, interval_s: float, answer_s: float, rng: random.Random, now: float) -> None:
        if interval_s < 0 or answer_s <= 0:
            raise ValueError("the presence interval must be ≥ 0 and the answer window > 0")
        self.interval_s = float(interval_s)
        self.answer_s = float(answer_s)
        self._rng = rng
        self.pending: PendingCheck | None = None
        self.next_at: float | None = self._schedule(now)

    @property
    def enabled(self) -> bool:
        return self.interval_s > 0

    @property
    def hard_limit_s(self) -> float:
        return HARD_LIMIT_FACTOR * self.answer_s

    def _schedule(self, after: float) -> float | None:
        if not self.enabled:
            return None
        return after + self._rng.uniform(self.interval_s / 2, self.interval_s * 1.5)

    def tick(self, now: float, on_duty: str) -> list[CheckStarted | PresenceResult]:
        """Start a check when due; declare a pending one missed at the hard limit."""
        events: list[CheckStarted | PresenceResult] = []
        if self.pending is not None and now >= self.pending.asked_at + self.hard_limit_s:
            events.append(self._missed(now, on_duty))
        if self.pending is None and self.next_at is not None and now >= self.next_at:
            events.append(self._start(now, on_duty))
        return events

    def ask_now(self, now: float, on_duty: str) -> CheckStarted | None:
        """Start a check at once (none if one is pending already)."""
        return None if self.pending is not None else self._start(now, on_duty)

    def answer(self, operator: str, now: float) -> PresenceResult | None:
        """The operator confirms presence; None if no check is pending or nobody is signed in.
        An answer at or after the hard limit comes too late: the check is missed."""
        if self.pending is None or not operator:
            return None
        response = now - self.pending.asked_at
        if response >= self.hard_limit_s:
            return self._missed(now, operator)
        status = PresenceStatus.ANSWERED if response <= self.answer_s else PresenceStatus.LATE
        return self._finish(PresenceResult(self.pending.asked_at, now, operator, status), now)

    def abandon(self, now: float, on_duty: str) -> PresenceResult | None:
        """The console closes with a check unanswered: it counts as missed, and is recorded."""
        return self._missed(now, on_duty) if self.pending is not None else None

    def _start(self, now: float, on_duty: str) -> CheckStarted:
        self.pending = PendingCheck(now, on_duty)
        self.next_at = None
        return CheckStarted(now)

    def _missed(self, now: float, on_duty: str) -> PresenceResult:
        assert self.pending is not None
        pending = self.pending
        return self._finish(PresenceResult(pending.asked_at, None, pending.operator or on_duty, PresenceStatus.MISSED), now)

    def _finish(self, result: PresenceResult, now: float) -> PresenceResult:
        self.pending = None
        self.next_at = self._schedule(now)
        return result
