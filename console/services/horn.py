"""The timer that drives the alarm sound: the annunciator's tick (a sound repeated when its interval
is over) and the sound player's check of its last clip, every ``TICK_S``, only while they have
something to do. A quiet console (nothing sounding, no clip to judge) is not woken ten times a
second for nothing; the annunciator wakes the timer when a sound starts."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QObject, QTimer

from console.services.annunciator import TICK_S, Annunciator


class Polled(Protocol):
    def poll(self) -> bool | None: ...


class HornTimer(QTimer):
    def __init__(self, annunciator: Annunciator, player: Polled, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setInterval(int(TICK_S * 1000))
        self._annunciator = annunciator
        self._player = player
        self.timeout.connect(self._tick)
        annunciator.on_sound_started = self.wake

    def wake(self) -> None:
        if not self.isActive():
            self.start()

    def _tick(self) -> None:
        self._annunciator.tick()
        self._player.poll()
        if self._annunciator.sounding is None and not getattr(self._player, "pending", False):
            self.stop()  # quiet, and the last clip judged: until the next sound starts
