"""An escalator on an alarm book without a whole console (tests of escalation's scope and cost):
its horn plays into a recording sink, the escalation topics it publishes are collected."""

from __future__ import annotations

from dataclasses import dataclass, field

from console.domain import protocol
from console.domain.alarms import AlarmBook
from console.domain.clock import ManualClock
from console.domain.deadlines import DeadlinePolicy
from console.infrastructure.background import Background
from console.infrastructure.mailbox import Dispatcher
from console.services.annunciator import Annunciator
from console.services.escalation import Escalator


class RecordingSink:
    """The horn's sound output: what was played, and each stop."""

    def __init__(self) -> None:
        self.played: list[str] = []

    def play(self, sound_name: str) -> None:
        self.played.append(sound_name)

    def stop(self) -> None:
        self.played.append("stop")


@dataclass
class EscalatorRig:
    escalator: Escalator
    background: Background
    published: list[str] = field(default_factory=list)

    def close(self) -> None:
        self.escalator.stop()
        self.background.close()


def escalator_rig(book: AlarmBook, clock: ManualClock, station: str, ack_deadlines: str) -> EscalatorRig:
    """``ack_deadlines``: the acknowledgment deadlines per priority (e.g. "60,120,300,600"); no handling deadlines."""
    horn = Annunciator(book, clock, station, RecordingSink())
    background = Background(Dispatcher().run_on_main)
    published: list[str] = []
    escalator = Escalator(book, DeadlinePolicy.parse(ack_deadlines, "0,0,0,0"), lambda topic, _payload: published.append(topic),
                          protocol.Topics(), horn, station, clock.now, lambda: "zhangwei", background)
    return EscalatorRig(escalator, background, published)
