"""The count of bad (rejected) messages per enterprise and reason, never dropped.

A reason is counted by its kind: the text the protocol gives, with what varies from message to
message (quoted codes and values, numbers) replaced, so that 5,000 unknown points are one reason,
"unknown point '…' of enterprise '…'", not 5,000. The enterprise is the topic's enterprise code as
sent (an unknown one too). Memory is bounded: after ``max_pairs`` distinct (enterprise, reason)
pairs, further new pairs are counted under the enterprise ``OTHER`` — the totals per reason and
overall stay exact.

Two sets of counts: since the start (the screen) and since the last summary (the log's lines).
"""

from __future__ import annotations

import heapq
import re

OTHER = "(other enterprises)"
MAX_PAIRS = 10_000
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")
_NUMBER = re.compile(r"\d+(\.\d+)?")
MAX_REASON = 120

Pair = tuple[str, str]  # (enterprise, reason kind)


def reason_kind(reason: str) -> str:
    """The reason without the parts that vary between messages."""
    return _NUMBER.sub("#", _QUOTED.sub("'…'", reason))[:MAX_REASON]


class RejectTally:
    def __init__(self, max_pairs: int = MAX_PAIRS) -> None:
        self._max = max_pairs
        self.total = 0
        self.since_start: dict[Pair, int] = {}
        self.by_enterprise: dict[str, int] = {}
        self._interval: dict[Pair, int] = {}
        self.interval_total = 0
        self._kinds: set[str] = set()

    def add(self, enterprise: str, reason: str) -> bool:
        """Count one bad message; True when its reason is of a kind not met before."""
        kind = reason_kind(reason)
        pair = (enterprise, kind)
        if pair not in self.since_start and len(self.since_start) >= self._max:
            pair = (OTHER, kind)
        self.total += 1
        self.interval_total += 1
        self.since_start[pair] = self.since_start.get(pair, 0) + 1
        self._interval[pair] = self._interval.get(pair, 0) + 1
        self.by_enterprise[pair[0]] = self.by_enterprise.get(pair[0], 0) + 1
        if kind in self._kinds:
            return False
        self._kinds.add(kind)
        return True

    def take_interval(self) -> tuple[int, list[tuple[str, str, int]]]:
        """The count since the last call and its pairs, largest first; the interval starts again."""
        total, pairs = self.interval_total, self._interval
        self.interval_total, self._interval = 0, {}
        return total, sorted(((e, k, n) for (e, k), n in pairs.items()), key=lambda p: (-p[2], p[0], p[1]))

    def top_enterprises(self, n: int) -> list[tuple[str, int]]:
        return heapq.nlargest(n, self.by_enterprise.items(), key=lambda item: item[1])
