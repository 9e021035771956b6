"""Audible annunciation of alarms (the "horn"), in plain Python with an injected clock.

Rules (ISA-18.2 / IEC 62682 practice; users complain of alarms that beep once and stop):

* An alarm is *audible* while it is active and unacknowledged (``AlarmState.UNACK``) and the
  operator has not yet pressed acknowledge (``ack_pending``). Returned-to-normal-unacknowledged
  alarms (``RTN_UNACK``) are shown, not sounded: the condition is gone, the list still asks for
  the acknowledgment (ISA-18.2 makes the audible indication of that state optional). Acknowledged
  alarms never sound.
* While any audible alarm is not silenced, the sound of the HIGHEST priority among them repeats
  until it is acknowledged: each priority has its own clip and repeat interval (red P1 loops
  without a pause, blue P4 chimes every few seconds). When the top alarm is acknowledged the
  next priority's sound takes over at once; when nothing is audible the sound stops.
* ``silence(operator)`` mutes the alarms that are sounding at this station now and records who
  did it and when (``SilenceRecord``, logged and handed to ``on_silenced`` for the duty log).
  Silencing is not acknowledging: the alarms stay unacknowledged in the list.
* After a silence, the horn sounds again for a *new* reason: a new alarm (``Event.RAISED``: a new
  entry or the re-alarm of a returned one), an alarm restored at start-up, an acknowledgment that
  could not be stored (``ACK_ABANDONED``: the operator believes it done, it is not), a silenced
  alarm whose priority rises, or an alarm that becomes escalated. Such a re-sound plays the sound
  of the highest priority among the alarms sounding again, not that of the older, silenced ones
  (a new blue alarm must not sound like a red one). ``Event.REPEATED`` of a silenced alarm (the
  same condition reported again) stays silent.
* A fresh alarm of the priority already sounding restarts its pattern as soon as the clip in
  progress is over, so the sound coincides with the new line in the list.
* Shelved alarms and alarms of out-of-service points do not sound; unshelved, they do again.
* ``set_escalated(keys)``: the alarms given (e.g. past their response deadline) repeat faster
  (interval divided by ``ESCALATED_RATE``); newly escalated alarms sound again even if silenced.

The console calls ``tick()`` from a timer about every ``TICK_S``; tests call it with a
``ManualClock``. No threads, no sleeps. The sink (``SoundSink``) only plays clips; timing is here.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Callable, Iterable, Mapping, Protocol

from console.domain.alarm_order import Answers, everything
from console.domain.alarms import Alarm, AlarmBook, AlarmChange, AlarmState, ChangeKind, Event, Priority
from console.domain.clock import Clock

log = logging.getLogger("console.services.annunciator")

TICK_S = 0.1  # how often the console should call tick(): the gap a continuous loop may show
ESCALATED_RATE = 2.0  # escalated alarms repeat this many times as often (never faster than the clip)


class SoundSink(Protocol):
    """What plays the clips. Both calls return at once and must never raise for a missing device."""

    def play(self, sound_name: str) -> None:
        """Start the clip ``resources/sounds/<sound_name>.wav`` from its beginning (cutting any clip in progress)."""

    def stop(self) -> None:
        """Stop whatever is playing."""


@dataclass(frozen=True)
class Tone:
    """How one priority sounds: a clip and how often it starts (start to start)."""

    sound: str  # file stem under resources/sounds/
    clip_s: float  # length of the clip (see packaging/make_sounds.py)
    interval_s: float  # repeat interval; equal to clip_s means a continuous loop


DEFAULT_TONES: Mapping[Priority, Tone] = {
    Priority.CRITICAL: Tone("alarm-p1", clip_s=0.9, interval_s=0.9),  # red: continuous two-tone warble
    Priority.HIGH: Tone("alarm-p2", clip_s=0.9, interval_s=2.0),  # orange: fast pulses every 2 s
    Priority.MEDIUM: Tone("alarm-p3", clip_s=1.0, interval_s=4.0),  # yellow: slow pulses every 4 s
    Priority.LOW: Tone("alarm-p4", clip_s=1.2, interval_s=8.0),  # blue: soft chime every 8 s
}


@dataclass(frozen=True)
class SilenceRecord:
    """One press of "silence" for the duty log: who, where, when, and which alarms it muted."""

    operator: str
    station: str
    at: float  # seconds since the epoch (UTC), from the injected clock
    keys: tuple[str, ...]  # alarm keys that were sounding, sorted
    occurrence_ids: tuple[str, ...]  # their occurrences, in the order of ``keys``
    priority: Priority  # the priority whose sound was playing


SilenceListener = Callable[[SilenceRecord], None]

# Events that are a new reason to sound, even for an alarm this station has silenced.
_FRESH = frozenset({Event.RAISED, Event.RESTORED, Event.ACK_ABANDONED})
_MOST_URGENT_FIRST = tuple(sorted(Priority))  # sorted once: _top() runs at every tick


def _wants_sound(alarm: Alarm) -> bool:
    # Shelved and out-of-service alarms are kept and counted, but never sound (ISA-18.2).
    return alarm.state is AlarmState.UNACK and not alarm.ack_pending and alarm.in_main_list


def _local_time(at: float) -> str:
    return datetime.fromtimestamp(at).astimezone().isoformat(timespec="seconds")


class Annunciator:
    """Drives one station's sound from the alarm book."""

    def __init__(
        self,
        book: AlarmBook,
        clock: Clock,
        station: str,
        player: SoundSink,
        tones: Mapping[Priority, Tone] = DEFAULT_TONES,
        on_silenced: SilenceListener | None = None,
    ) -> None:
        missing = [p.name for p in Priority if p not in tones]
        if missing:
            raise ValueError(f"no tone for priority {', '.join(missing)}")
        self._clock = clock
        self._book = book
        self._answers: Answers = everything
        self._station = station
        self._player = player
        self._tones = dict(tones)
        self.on_silenced: SilenceListener | None = on_silenced
        self.on_sound_started: Callable[[], None] | None = None  # the ticking timer wakes (console/services/horn.py)
        self._audible: dict[str, Alarm] = {}  # unacknowledged, not silenced: these sound
        self._muted: dict[str, Alarm] = {}  # unacknowledged, silenced at this station
        self._counts: dict[Priority, int] = {p: 0 for p in Priority}  # audible alarms per priority
        self._escalated: frozenset[str] = frozenset()
        self._sounding: Priority | None = None
        self._last_at: float | None = None  # when the current sound last started
        self._next_at: float | None = None  # when it starts again
        self._last_silence: SilenceRecord | None = None
        self._sink_failed = False
        self._closed = False
        for alarm in book.alarms():
            if self._sounds_here(alarm):
                self._set_audible(alarm)
        book.subscribe(self._on_change)
        self._refresh(self._clock.now())

    # -- state for the window and for tests ---------------------------------
    @property
    def sounding(self) -> Priority | None:
        """The priority whose sound is repeating now, or None when quiet."""
        return self._sounding

    @property
    def silenced(self) -> bool:
        """True when unacknowledged alarms have been silenced here and nothing else sounds."""
        return bool(self._muted) and self._sounding is None

    @property
    def sounding_keys(self) -> frozenset[str]:
        return frozenset(self._audible)

    @property
    def silenced_keys(self) -> frozenset[str]:
        return frozenset(self._muted)

    @property
    def last_silence(self) -> SilenceRecord | None:
        return self._last_silence

    @property
    def next_at(self) -> float | None:
        """When the sound starts again (None when quiet)."""
        return self._next_at

    # -- operator actions ---------------------------------------------------
    def silence(self, operator: str) -> SilenceRecord | None:
        """Mute what sounds now at this station; None (and nothing recorded) when nothing sounds."""
        if not operator:
            raise ValueError("silencing the alarm sound needs the operator on duty")
        if self._closed or not self._audible:
            return None
        now = self._clock.now()
        keys = tuple(sorted(self._audible))
        record = SilenceRecord(
            operator=operator,
            station=self._station,
            at=now,
            keys=keys,
            occurrence_ids=tuple(self._audible[k].occurrence_id for k in keys),
            priority=self._sounding if self._sounding is not None else min(a.priority for a in self._audible.values()),
        )
        for key in keys:
            dropped = self._drop_audible(key)
            if dropped is not None:
                self._muted[key] = dropped
        self._refresh(now)
        self._last_silence = record
        log.info(
            "alarm sound silenced by %s at station %s at %s: %d alarm(s), %s sound: %s",
            operator, self._station or "-", _local_time(now), len(keys), record.priority.name, ", ".join(keys),
        )
        if self.on_silenced is not None:
            try:
                self.on_silenced(record)
            except Exception:  # the mute has happened; a failing listener must not undo it
                log.exception("on_silenced listener failed for the silence by %s", operator)
        return record

    def apply_remote_silence(self, record: SilenceRecord) -> list[str]:
        """Another workstation's operator silenced these alarms (one duty room, one horn): mute
        the same occurrences here. Not recorded again: the other workstation recorded it."""
        if self._closed or record.station == self._station:
            return []
        wanted = dict(zip(record.keys, record.occurrence_ids, strict=True))
        keys = [k for k, a in self._audible.items() if wanted.get(k) == a.occurrence_id and k not in self._escalated]
        if not keys:
            return []
        for key in keys:
            dropped = self._drop_audible(key)
            if dropped is not None:
                self._muted[key] = dropped
        self._refresh(self._clock.now())
        self._last_silence = record
        log.info("alarm sound silenced from station %s by %s: %d alarm(s)", record.station, record.operator, len(keys))
        return keys

    @property
    def escalated_keys(self) -> frozenset[str]:
        """Alarms whose sound is escalated (past a deadline)."""
        return self._escalated

    def set_escalated(self, keys: Iterable[str]) -> None:
        """Alarms past their deadline: faster repeats; newly escalated ones sound again if silenced."""
        if self._closed:
            return
        escalated = frozenset(keys)
        newly = escalated - self._escalated
        self._escalated = escalated
        now = self._clock.now()
        retrigger = None
        for key in newly:
            alarm = self._muted.pop(key, None)
            if alarm is not None:
                self._set_audible(alarm)
                retrigger = alarm.priority if retrigger is None else min(retrigger, alarm.priority)
        if self._sounding is not None and self._last_at is not None:
            # Apply the new rate to the sound in progress.
            self._next_at = self._last_at + self._interval(self._sounding)
        self._refresh(now, retrigger)

    def set_scope(self, answers: Answers) -> None:
        """The enterprises this workstation answers (areas of responsibility); the others' alarms
        stop sounding here, and those of areas that fell to this workstation start (as fresh alarms)."""
        if self._closed:
            return
        self._answers = answers
        retrigger = None
        for alarm in self._book.alarms():
            key = alarm.key
            if not self._sounds_here(alarm):
                self._drop_audible(key)
                self._muted.pop(key, None)
            elif key not in self._audible and key not in self._muted:
                self._set_audible(alarm)
                retrigger = alarm.priority if retrigger is None else min(retrigger, alarm.priority)
        self._refresh(self._clock.now(), retrigger)

    def answers(self, enterprise: str) -> bool:
        return self._answers(enterprise)

    def _sounds_here(self, alarm: Alarm) -> bool:
        return _wants_sound(alarm) and self._answers(alarm.enterprise)

    # -- driving ------------------------------------------------------------
    def tick(self, now: float | None = None) -> None:
        """Start the sound again when its interval is over. Called from a timer every ``TICK_S``."""
        if self._closed:
            return
        self._refresh(self._clock.now() if now is None else now)

    def close(self) -> None:
        """Stop the sound and ignore the book from now on (at shutdown)."""
        if self._closed:
            return
        if self._sounding is not None:
            self._call_sink("stop")
        self._closed = True
        self._sounding = None
        self._next_at = None

    # -- internals ----------------------------------------------------------
    def _on_change(self, change: AlarmChange) -> None:
        if self._closed:
            return
        try:
            self._apply(change)
        except Exception:  # never break the book's other listeners or the intake
            log.exception("annunciator failed on %s of %s", change.event.value, change.alarm.key)

    def _apply(self, change: AlarmChange) -> None:
        alarm = change.alarm
        key = alarm.key
        retrigger = None
        if change.kind is ChangeKind.REMOVED or not self._sounds_here(alarm):
            self._drop_audible(key)
            self._muted.pop(key, None)
        else:
            silenced = self._muted.get(key)
            fresh = change.event in _FRESH
            if silenced is not None and not fresh and alarm.priority < silenced.priority:
                fresh = True  # the priority rose while silenced: that is news
            if silenced is not None and not fresh:
                self._muted[key] = alarm  # REPEATED of a silenced alarm: stays silent
            else:
                self._muted.pop(key, None)
                was_audible = key in self._audible
                self._set_audible(alarm)
                if fresh or not was_audible:
                    retrigger = alarm.priority
        self._refresh(self._clock.now(), retrigger)

    def _set_audible(self, alarm: Alarm) -> None:
        self._drop_audible(alarm.key)
        self._audible[alarm.key] = alarm
        self._counts[alarm.priority] += 1

    def _drop_audible(self, key: str) -> Alarm | None:
        alarm = self._audible.pop(key, None)
        if alarm is not None:
            self._counts[alarm.priority] -= 1
        return alarm

    def _top(self) -> Priority | None:
        for priority in _MOST_URGENT_FIRST:
            if self._counts[priority]:
                return priority
        return None

    def _interval(self, priority: Priority) -> float:
        tone = self._tones[priority]
        interval = tone.interval_s
        if self._escalated and any(key in self._audible for key in self._escalated):
            interval = interval / ESCALATED_RATE
        return max(tone.clip_s, interval)

    def _refresh(self, now: float, retrigger: Priority | None = None) -> None:
        top = self._top()
        if top is None:
            if self._sounding is not None:
                log.debug("alarm sound stops (%s)", self._sounding.name)
                self._sounding = None
                self._last_at = self._next_at = None
                self._call_sink("stop")
            return
        if top != self._sounding:
            log.debug("alarm sound: %s (was %s)", top.name, self._sounding.name if self._sounding else "quiet")
            self._sounding = top
            self._start(now)
            return
        assert self._last_at is not None and self._next_at is not None
        if retrigger == top:
            # A fresh alarm at the priority already sounding: again as soon as the clip is over.
            self._next_at = min(self._next_at, self._last_at + self._tones[top].clip_s)
        if now >= self._next_at or now < self._last_at:  # due, or the wall clock was set back
            self._start(now)

    def _start(self, now: float) -> None:
        assert self._sounding is not None
        self._last_at = now
        self._next_at = now + self._interval(self._sounding)
        self._call_sink("play", self._tones[self._sounding].sound)
        if self.on_sound_started is not None:
            self.on_sound_started()

    def _call_sink(self, method: str, *args: str) -> None:
        try:
            getattr(self._player, method)(*args)
        except Exception:  # a broken sound device must not stop the alarm handling
            if not self._sink_failed:
                self._sink_failed = True
                log.exception("the sound player failed (%s); further failures are not logged", method)


__all__ = [
    "Annunciator",
    "DEFAULT_TONES",
    "ESCALATED_RATE",
    "SilenceListener",
    "SilenceRecord",
    "SoundSink",
    "TICK_S",
    "Tone",
]
