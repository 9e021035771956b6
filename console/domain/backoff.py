"""Reconnect delays: doubling from a minimum up to a low cap, with jitter.

The cap is what bounds the time from a broker's return to the console's reconnection, however
long the outage was: with the defaults (0.5 s doubling to 1.5 s) the console tries at least every
1.5 s. The jitter (each delay drawn between half and all of its nominal value) keeps the consoles
and gateways of a site from knocking on a restarted broker all in the same instant.
"""

from __future__ import annotations

import random
from typing import Callable

JITTER = 0.5  # a delay is drawn from [nominal × (1 − JITTER), nominal]


class ReconnectBackoff:
    def __init__(self, min_s: float, max_s: float, rng: Callable[[], float] = random.random) -> None:
        self.min_s = max(0.05, float(min_s))
        self.max_s = max(self.min_s, float(max_s))
        self._rng = rng
        self._attempt = 0

    def next_delay(self) -> float:
        """The delay before the next attempt (each call counts one failed attempt)."""
        nominal: float = min(self.min_s * (2.0 ** min(self._attempt, 30)), self.max_s)
        self._attempt += 1
        return nominal * (1.0 - JITTER * float(self._rng()))

    def reset(self) -> None:
        """Connected: the next outage starts again from the minimum."""
        self._attempt = 0
