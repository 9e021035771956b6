"""Reconnect timing and "no signal" bookkeeping of one tile, in plain Python (injected clock)."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class TileState(enum.Enum):
    IDLE = "idle"  # no camera
    CONNECTING = "connecting"  # asked, no picture yet (first attempt)
    PLAYING = "playing"
    NO_SIGNAL = "no_signal"  # lost (or never came up); reconnecting by itself
    WITHHELD = "withheld"  # a camera, its live picture not shown: nobody signed in (user_rules.may_watch_video)


class Backoff:
    """Delays of minimum, 2×, 4× … up to maximum; ``reset`` after a success."""

    def __init__(self, minimum_s: float, maximum_s: float) -> None:
        if minimum_s <= 0 or maximum_s < minimum_s:
            raise ValueError("backoff needs 0 < minimum <= maximum")
        self.minimum_s = minimum_s
        self.maximum_s = maximum_s
        self._next = minimum_s

    def next_delay(self) -> float:
        delay = self._next
        self._next = min(self.maximum_s, self._next * 2)
        return delay

    def reset(self) -> None:
        self._next = self.minimum_s


@dataclass
class SignalHealth:
    """When the picture went away, and whether that has lasted long enough to raise an alarm."""

    comm_alarm_s: float
    lost_at: float | None = None
    alarmed: bool = False

    def lost(self, now: float) -> None:
        """Picture lost (or an attempt failed): the first loss sets the time; retries keep it."""
        if self.lost_at is None:
            self.lost_at = now

    def picture(self) -> bool:
        """Picture is back; True when a communication alarm was standing (to clear it)."""
        was_alarmed = self.alarmed
        self.lost_at = None
        self.alarmed = False
        return was_alarmed

    def alarm_due(self, now: float) -> bool:
        """True once, when the picture has been missing for ``comm_alarm_s``."""
        if self.alarmed or self.lost_at is None or now - self.lost_at < self.comm_alarm_s:
            return False
        self.alarmed = True
        return True

    def forget(self) -> None:
        """The tile stops watching this camera (a standing alarm stays until a picture is seen)."""
        self.lost_at = None
        self.alarmed = False
