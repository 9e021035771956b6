"""Per-source sequence numbers of alarm events (protocol revision 2): a gap in them is alarm
events that never arrived.

A gateway numbers its alarm events 0, 1, 2 … 2**32 - 1, 0, … and says in its birth which number
comes next. A number behind the expected one (a repeat, or an event sent again in answer to a
replay request) is no gap and does not move the count back.
"""

from __future__ import annotations

from dataclasses import dataclass

from console.domain.protocol import SEQ_MODULUS

Source = tuple[str, str]  # (enterprise, gateway; "" when the events name no gateway)


@dataclass(frozen=True)
class SequenceGap:
    enterprise: str
    gateway: str
    first_missing: int  # the first number that did not arrive
    received: int  # the number that arrived instead
    missing: int  # how many alarm events are missing in between


class SequenceTracker:
    def __init__(self) -> None:
        self._next: dict[Source, int] = {}

    def expected(self, source: Source) -> int | None:
        return self._next.get(source)

    def reset(self, source: Source, next_seq: int | None) -> None:
        """The gateway's birth: its next alarm event carries ``next_seq`` (None: start again from the next one seen)."""
        if next_seq is None:
            self._next.pop(source, None)
        else:
            self._next[source] = next_seq % SEQ_MODULUS

    def check(self, source: Source, seq: int) -> SequenceGap | None:
        """Take one numbered event; the gap before it, if any."""
        expected = self._next.get(source)
        if expected is None:
            self._next[source] = (seq + 1) % SEQ_MODULUS
            return None
        ahead = (seq - expected) % SEQ_MODULUS
        if ahead >= SEQ_MODULUS // 2:
            return None  # behind: a repeat or a replayed event
        self._next[source] = (seq + 1) % SEQ_MODULUS
        if ahead == 0:
            return None
        return SequenceGap(source[0], source[1], expected, seq, ahead)
