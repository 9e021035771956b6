"""Alarm events delivered late, reconciled with the alarm book.

An alarm event is late when its gateway sends it from its buffer (``replay`` in protocol
revision 2: held while no console was online, or sent again on request) or when it happened
while the console had no link to the broker. A late raise is recorded with its original time and
marked late, never as a new alarm of now; one the console already knows (the same occurrence:
same alarm key, same activation time) is ignored, as is a late return to normal of an alarm that
is no longer active. Plain Python: the book and the times are given.
"""

from __future__ import annotations

from collections import deque
from dataclasses import replace

from console.domain.alarms import AlarmBook, AlarmChange, ChangeKind, Event, occurrence_id
from console.domain.protocol import AlarmEvent

REMEMBERED = 100_000  # occurrences remembered after they left the book (a day of a busy plant)
OUTAGES = 32  # outage windows remembered


class LateAlarms:
    def __init__(self, book: AlarmBook) -> None:
        self._book = book
        self._seen: set[str] = set()
        self._order: deque[str] = deque()
        self._outages: deque[tuple[float, float]] = deque(maxlen=OUTAGES)
        self._open: float | None = None  # the start of the outage going on
        self.late = 0  # late raises recorded
        self.ignored = 0  # late events that were known already
        book.subscribe(self._on_change)

    def outage_began(self, start: float) -> None:
        """The console lost its link at ``start``: what happens from then on arrives late. (Messages
        can be handed over just before the news that the link is back.)"""
        self._open = start

    def outage(self, start: float, end: float) -> None:
        """The console had no link from ``start`` to ``end``: what happened then arrives late."""
        self._open = None
        self._outages.append((start, end))

    def is_late(self, event: AlarmEvent) -> bool:
        if event.replay:
            return True
        at = event.raised.at
        if self._open is not None and at >= self._open:
            return True
        return any(start <= at <= end for start, end in self._outages)

    def take(self, event: AlarmEvent) -> bool:
        """Apply ``event`` if it is late (True), else leave it to the usual path (False)."""
        if not self.is_late(event):
            return False
        raised = event.raised
        current = self._book.get(raised.key)
        if not event.active:
            if current is not None and current.state.active and current.raised_at <= raised.at:
                self._book.clear_alarm(raised.key, raised.at)
            else:
                self.ignored += 1
            return True
        occurrence = occurrence_id(raised.key, raised.at)
        if occurrence in self._seen or (current is not None and (current.state.active or current.occurrence_id == occurrence)):
            self.ignored += 1  # known already (or active since earlier: nothing new)
            return True
        self.late += 1
        self._book.raise_alarm(replace(raised, late=True))
        return True

    def _on_change(self, change: AlarmChange) -> None:
        if change.kind is ChangeKind.ADDED and change.event in (Event.RAISED, Event.RESTORED):
            occurrence = change.alarm.occurrence_id
            if occurrence not in self._seen:
                self._seen.add(occurrence)
                self._order.append(occurrence)
                if len(self._order) > REMEMBERED:
                    self._seen.discard(self._order.popleft())
