"""The sound's timer runs only while something sounds or the last clip is still being judged
(issue 16: a quiet console is not woken ten times a second)."""

from __future__ import annotations

from console.domain.alarms import AlarmBook, AlarmRaise, Priority
from console.domain.clock import ManualClock
from console.infrastructure.sound_player import RecordingSink
from console.services.annunciator import Annunciator
from console.services.horn import HornTimer

STATION = "desk-1"


class JudgedSink(RecordingSink):
    """A recording sink whose last clip's outcome stays unknown until ``judged``."""

    def __init__(self) -> None:
        super().__init__()
        self.pending = False

    def play(self, sound_name: str) -> None:
        super().play(sound_name)
        self.pending = True


def make(sink: RecordingSink) -> tuple[AlarmBook, Annunciator, HornTimer]:
    clock = ManualClock()
    book = AlarmBook(clock, STATION)
    annunciator = Annunciator(book, clock, STATION, sink)
    return book, annunciator, HornTimer(annunciator, sink)


def test_quiet_the_timer_stops_and_a_new_sound_starts_it_again(qtbot):
    book, annunciator, horn = make(RecordingSink())
    try:
        horn.start()
        qtbot.waitUntil(lambda: not horn.isActive(), timeout=5000)  # nothing sounds: one tick, then it stops

        change = book.raise_alarm(AlarmRaise("ent-a", "PT-101", "HH", Priority.HIGH, at=0.0))
        assert change is not None and annunciator.sounding is Priority.HIGH
        assert horn.isActive()

        ack = book.begin_ack(change.alarm.key, "zhangwei")
        assert ack is not None
        book.complete_ack(ack)
        assert annunciator.sounding is None
        qtbot.waitUntil(lambda: not horn.isActive(), timeout=5000)
    finally:
        horn.stop()


def test_the_timer_runs_on_while_the_last_clip_is_judged(qtbot):
    sink = JudgedSink()
    book, annunciator, horn = make(sink)
    try:
        change = book.raise_alarm(AlarmRaise("ent-a", "PT-101", "HH", Priority.HIGH, at=0.0))
        assert change is not None and horn.isActive()
        ack = book.begin_ack(change.alarm.key, "zhangwei")
        assert ack is not None
        book.complete_ack(ack)
        assert annunciator.sounding is None and sink.pending
        ticks: list[int] = []
        horn.timeout.connect(lambda: ticks.append(1))
        qtbot.waitUntil(lambda: len(ticks) >= 2, timeout=5000)
        assert horn.isActive()  # quiet, but the clip's outcome is not known yet
        sink.pending = False
        qtbot.waitUntil(lambda: not horn.isActive(), timeout=5000)
    finally:
        horn.stop()
