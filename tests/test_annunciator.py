"""The alarm sound: repeats until acknowledged, highest priority wins, silence is recorded.

The annunciator is driven by a ManualClock and a recording sink (no threads, no sleeps). The real
libvlc sink is exercised with libvlc outputs that need no sound device (this machine has none):
it must not raise and must log at most one warning.
"""

from __future__ import annotations

import ctypes.util
import importlib.util
import logging
import types
import wave
from datetime import datetime
from pathlib import Path

import pytest

from console.infrastructure import sound_player
from console.infrastructure.audio_output import AudioOutput
from console.domain.alarms import AlarmBook, AlarmRaise, AlarmState, Priority
from console.services.annunciator import DEFAULT_TONES, ESCALATED_RATE, TICK_S, Annunciator, SilenceRecord
from console.domain.clock import ManualClock
from console.infrastructure.sound_player import NullSink, RecordingSink, VlcSink, make_player

ROOT = Path(__file__).resolve().parents[1]
STATION = "desk-1"
P1, P2, P3, P4 = Priority.CRITICAL, Priority.HIGH, Priority.MEDIUM, Priority.LOW
SOUND = {p: DEFAULT_TONES[p].sound for p in Priority}


class TimedSink(RecordingSink):
    """A recording sink that also notes the (manual) time of each call."""

    def __init__(self, clock: ManualClock) -> None:
        super().__init__()
        self._clock = clock
        self.times: list[tuple[float, str, str | None]] = []

    def play(self, sound_name: str) -> None:
        super().play(sound_name)
        self.times.append((self._clock.now(), "play", sound_name))

    def stop(self) -> None:
        super().stop()
        self.times.append((self._clock.now(), "stop", None))

    def play_times(self, name: str | None = None) -> list[float]:
        return [t for t, action, n in self.times if action == "play" and (name is None or n == name)]


class Desk:
    """A book, a manual clock, a recording sink and the annunciator under test."""

    def __init__(self, on_silenced=None) -> None:
        self.clock = ManualClock()
        self.book = AlarmBook(self.clock, STATION)
        self.sink = TimedSink(self.clock)
        self.ann = Annunciator(self.book, self.clock, STATION, self.sink, on_silenced=on_silenced)

    def raise_(self, point: str, priority: Priority, condition: str = "HH") -> str:
        change = self.book.raise_alarm(AlarmRaise("ent-a", point, condition, priority, at=self.clock.now()))
        assert change is not None
        return change.alarm.key

    def ack(self, key: str, operator: str = "zhangwei") -> None:
        ack = self.book.begin_ack(key, operator)
        assert ack is not None
        self.book.complete_ack(ack)

    def run(self, seconds: float, step: float = TICK_S) -> None:
        """Let the console's timer tick for ``seconds`` (in whole steps, no float drift)."""
        start = self.clock.now()
        for i in range(1, int(round(seconds / step)) + 1):
            self.clock.set(start + i * step)
            self.ann.tick()


@pytest.fixture
def desk() -> Desk:
    return Desk()


# -- repeating until acknowledged ----------------------------------------------
def test_sound_repeats_until_acknowledged(desk):
    key = desk.raise_("PT-101", P2)
    assert desk.ann.sounding is P2
    assert desk.sink.calls == [("play", SOUND[P2])]
    interval = DEFAULT_TONES[P2].interval_s
    desk.run(interval - TICK_S)
    assert len(desk.sink.played) == 1  # not before its interval
    desk.run(60.0)
    plays = desk.sink.play_times()
    assert len(plays) == 1 + int((60.0 + interval - TICK_S) // interval)
    assert all(b - a == pytest.approx(interval) for a, b in zip(plays, plays[1:], strict=False))
    assert set(desk.sink.played) == {SOUND[P2]}

    desk.ack(key)
    assert desk.ann.sounding is None
    assert desk.sink.calls[-1] == ("stop", None)
    before = len(desk.sink.calls)
    desk.run(60.0)
    assert len(desk.sink.calls) == before  # quiet for good


def test_critical_loops_without_a_pause_and_low_chimes_every_few_seconds(desk):
    desk.raise_("LT-1", P1)
    desk.run(30.0)
    plays = desk.sink.play_times(SOUND[P1])
    gaps = [b - a for a, b in zip(plays, plays[1:], strict=False)]
    clip = DEFAULT_TONES[P1].clip_s
    assert gaps and max(gaps) <= clip + TICK_S + 1e-9  # one clip after the other

    low = Desk()
    low.raise_("TT-9", P4, "H")
    low.run(60.0)
    plays = low.sink.play_times(SOUND[P4])
    gaps = [b - a for a, b in zip(plays, plays[1:], strict=False)]
    assert len(plays) >= 7 and all(3.0 <= g <= 10.0 for g in gaps)


def test_each_priority_has_its_own_sound_and_slower_for_lower_priority():
    sounds = [DEFAULT_TONES[p].sound for p in sorted(Priority)]
    assert len(set(sounds)) == 4
    intervals = [DEFAULT_TONES[p].interval_s for p in sorted(Priority)]
    assert intervals == sorted(intervals) and intervals[0] == DEFAULT_TONES[P1].clip_s


# -- priorities ----------------------------------------------------------------
def test_highest_priority_wins(desk):
    desk.raise_("TT-1", P3, "H")
    assert desk.ann.sounding is P3
    desk.raise_("PT-2", P1)
    assert desk.ann.sounding is P1
    assert desk.sink.playing == SOUND[P1]  # switched at once, not at the next interval
    desk.raise_("LT-3", P2)
    assert desk.ann.sounding is P1
    desk.run(20.0)
    assert set(desk.sink.played) == {SOUND[P3], SOUND[P1]}
    assert desk.sink.played[0] == SOUND[P3] and SOUND[P3] not in desk.sink.played[1:]


def test_acknowledging_the_top_alarm_drops_to_the_next_priority(desk):
    top = desk.raise_("PT-1", P1)
    low = desk.raise_("TT-2", P3, "H")
    desk.run(5.0)
    desk.ack(top)
    assert desk.ann.sounding is P3
    assert desk.sink.calls[-1] == ("play", SOUND[P3])  # at once
    desk.run(12.0)
    assert set(desk.sink.played[-3:]) == {SOUND[P3]}
    desk.ack(low)
    assert desk.ann.sounding is None
    assert desk.sink.calls[-1] == ("stop", None)


def test_a_repeat_that_raises_the_priority_switches_the_sound(desk):
    desk.raise_("PT-1", P3)
    desk.raise_("PT-1", P1)  # same key reported again, now critical
    assert desk.ann.sounding is P1


# -- silence -------------------------------------------------------------------
def test_silence_stops_the_sound_and_is_recorded(caplog):
    records: list[SilenceRecord] = []
    desk = Desk(on_silenced=records.append)
    k1 = desk.raise_("PT-1", P1)
    desk.run(3.0)
    k2 = desk.raise_("TT-2", P2, "H")
    desk.run(1.0)
    caplog.set_level(logging.INFO, logger="console.services.annunciator")
    now = desk.clock.now()

    record = desk.ann.silence("zhangwei")

    assert record == SilenceRecord(
        operator="zhangwei",
        station=STATION,
        at=now,
        keys=tuple(sorted((k1, k2))),
        occurrence_ids=tuple(desk.book.get(k).occurrence_id for k in sorted((k1, k2))),
        priority=P1,
    )
    assert records == [record] and desk.ann.last_silence == record
    assert desk.ann.sounding is None and desk.ann.silenced
    assert desk.sink.calls[-1] == ("stop", None)
    logged = [r for r in caplog.records if r.name == "console.services.annunciator" and r.levelno == logging.INFO]
    assert len(logged) == 1
    text = logged[0].getMessage()
    assert "zhangwei" in text and STATION in text and k1 in text and k2 in text
    assert datetime.fromtimestamp(now).astimezone().isoformat(timespec="seconds") in text  # injected clock, local time

    # Silencing is not acknowledging; the sound stays off however long the alarms stay.
    assert all(desk.book.get(k).state is AlarmState.UNACK for k in (k1, k2))
    before = len(desk.sink.calls)
    desk.run(120.0)
    assert len(desk.sink.calls) == before


def test_a_new_alarm_after_silence_sounds_again_with_its_own_priority(desk):
    desk.raise_("PT-1", P1)
    desk.ann.silence("zhangwei")
    desk.clock.advance(30.0)
    fresh = desk.raise_("TT-7", P4, "H")
    assert desk.ann.sounding is P4  # the new blue alarm must not sound like the silenced red one
    assert not desk.ann.silenced
    assert desk.sink.calls[-1] == ("play", SOUND[P4])
    desk.run(30.0)
    assert desk.sink.played[-1] == SOUND[P4]
    desk.ack(fresh)
    assert desk.ann.sounding is None and desk.ann.silenced  # the red one is still silenced


def test_a_re_alarm_of_a_returned_alarm_after_silence_sounds_again(desk):
    key = desk.raise_("PT-1", P2)
    desk.ann.silence("zhangwei")
    desk.book.clear_alarm(key)  # returned, still unacknowledged
    desk.clock.advance(10.0)
    desk.raise_("PT-1", P2)  # active again: Event.RAISED on the same entry
    assert desk.ann.sounding is P2
    assert desk.sink.calls[-1] == ("play", SOUND[P2])


def test_a_repeat_of_a_silenced_alarm_stays_silent(desk):
    key = desk.raise_("PT-1", P2)
    desk.ann.silence("zhangwei")
    calls = len(desk.sink.calls)
    for _ in range(5):
        desk.clock.advance(2.0)
        desk.raise_("PT-1", P2)  # Event.REPEATED
        desk.ann.tick()
    assert desk.book.get(key).repeats == 6
    assert desk.ann.sounding is None and desk.ann.silenced
    assert len(desk.sink.calls) == calls


def test_a_silenced_alarm_whose_priority_rises_sounds_again(desk):
    desk.raise_("PT-1", P3)
    desk.ann.silence("zhangwei")
    desk.raise_("PT-1", P1)
    assert desk.ann.sounding is P1


def test_silence_with_nothing_sounding_records_nothing(desk, caplog):
    records = []
    desk.ann.on_silenced = records.append
    caplog.set_level(logging.INFO, logger="console.services.annunciator")
    assert desk.ann.silence("zhangwei") is None
    assert records == [] and not caplog.records and not desk.ann.silenced
    desk.raise_("PT-1", P1)
    with pytest.raises(ValueError):
        desk.ann.silence("")
    assert desk.ann.sounding is P1


def test_a_failing_silence_listener_does_not_undo_the_silence(caplog):
    def broken(record):
        raise RuntimeError("duty log unavailable")

    desk = Desk(on_silenced=broken)
    desk.raise_("PT-1", P1)
    assert desk.ann.silence("zhangwei") is not None
    assert desk.ann.silenced and desk.ann.sounding is None
    assert any("on_silenced" in r.getMessage() for r in caplog.records if r.levelno == logging.ERROR)


# -- returned, acknowledged ------------------------------------------------------
def test_returned_unacknowledged_alarms_do_not_sound(desk):
    """Decision (ISA-18.2 practice): returned-to-normal-unacknowledged is shown, not sounded."""
    key = desk.raise_("PT-1", P2)
    desk.book.clear_alarm(key)
    assert desk.book.get(key).state is AlarmState.RTN_UNACK
    assert desk.ann.sounding is None and not desk.ann.silenced
    assert desk.sink.calls[-1] == ("stop", None)
    desk.run(30.0)
    assert desk.sink.played == [SOUND[P2]]
    desk.ack(key)  # leaves the list, still quiet
    assert desk.book.get(key) is None and desk.ann.sounding is None


def test_a_returned_top_alarm_drops_to_the_next_priority(desk):
    top = desk.raise_("PT-1", P1)
    desk.raise_("TT-2", P3, "H")
    desk.book.clear_alarm(top)
    assert desk.ann.sounding is P3


def test_everything_acknowledged_stops_the_sound(desk):
    keys = [desk.raise_(f"PT-{i}", p) for i, p in enumerate((P1, P2, P3, P4, P4))]
    desk.run(5.0)
    acks = desk.book.begin_ack_all(keys, "zhangwei")
    # The operator pressed acknowledge: the sound stops while the acknowledgment is stored.
    assert desk.ann.sounding is None
    assert desk.sink.calls[-1] == ("stop", None)
    for ack in acks:
        desk.book.complete_ack(ack)
    assert desk.ann.sounding is None and not desk.ann.silenced
    assert desk.sink.calls.count(("stop", None)) == 1
    desk.run(30.0)
    assert desk.sink.calls[-1] == ("stop", None)


def test_an_acknowledgment_that_could_not_be_stored_sounds_again(desk):
    key = desk.raise_("PT-1", P2)
    desk.ann.silence("zhangwei")
    ack = desk.book.begin_ack(key, "zhangwei")
    assert desk.ann.sounding is None
    desk.book.abandon_ack(ack)  # the duty log refused it: still unacknowledged
    assert desk.ann.sounding is P2


def test_alarms_open_at_start_up_sound():
    clock = ManualClock()
    book = AlarmBook(clock, STATION)
    book.raise_alarm(AlarmRaise("ent-a", "PT-1", "HH", P2, at=clock.now()))
    sink = RecordingSink()
    ann = Annunciator(book, clock, STATION, sink)  # built after the alarm arrived
    assert ann.sounding is P2 and sink.played == [SOUND[P2]]

    restored_book = AlarmBook(clock, STATION)
    restored_sink = RecordingSink()
    restored = Annunciator(restored_book, clock, STATION, restored_sink)
    restored_book.restore(book.alarms())  # reloaded from the duty log
    assert restored.sounding is P2 and restored_sink.played == [SOUND[P2]]


# -- timing details --------------------------------------------------------------
def test_a_new_alarm_at_the_sounding_priority_restarts_the_pattern_after_the_clip(desk):
    start = desk.clock.now()
    desk.raise_("TT-1", P4, "H")
    desk.run(3.0)  # mid-interval (8 s)
    desk.raise_("TT-2", P4, "H")
    assert desk.sink.play_times() == [start, desk.clock.now()]  # at once: the first chime is over
    first_restart = desk.clock.now()
    desk.run(0.5)
    desk.raise_("TT-3", P4, "H")  # while the chime still plays: after it ends, not on top of it
    assert len(desk.sink.played) == 2
    desk.run(1.0)
    plays = desk.sink.play_times()
    assert len(plays) == 3 and plays[2] == pytest.approx(first_restart + DEFAULT_TONES[P4].clip_s, abs=TICK_S)


def test_escalation_raises_the_repeat_rate_and_resounds_a_silenced_alarm(desk):
    key = desk.raise_("TT-1", P3, "H")
    normal = DEFAULT_TONES[P3].interval_s
    desk.run(3 * normal)
    desk.ann.set_escalated({key})
    desk.sink.times.clear()
    desk.run(6 * normal)
    plays = desk.sink.play_times()
    gaps = [b - a for a, b in zip(plays, plays[1:], strict=False)]
    assert gaps and all(g == pytest.approx(normal / ESCALATED_RATE) for g in gaps)

    other = desk.raise_("TT-2", P3, "L")
    desk.ann.set_escalated({key})
    desk.ann.silence("zhangwei")
    desk.ann.set_escalated({key})  # nothing new: stays silent
    assert desk.ann.sounding is None
    desk.ann.set_escalated({key, other})  # newly escalated: sounds again
    assert desk.ann.sounding is P3 and desk.ann.sounding_keys == {other}


def test_a_wall_clock_set_back_does_not_mute_the_sound(desk):
    desk.raise_("PT-1", P2)
    desk.run(1.0)
    desk.clock.set(desk.clock.now() - 3600.0)  # NTP correction
    desk.ann.tick()
    assert len(desk.sink.played) == 2
    desk.run(DEFAULT_TONES[P2].interval_s)
    assert len(desk.sink.played) == 3


def test_a_broken_sink_does_not_break_the_alarm_book(caplog):
    class Broken:
        def play(self, sound_name):
            raise OSError("device gone")

        def stop(self):
            raise OSError("device gone")

    clock = ManualClock()
    book = AlarmBook(clock, STATION)
    ann = Annunciator(book, clock, STATION, Broken())
    for i in range(3):
        assert book.raise_alarm(AlarmRaise("ent-a", f"PT-{i}", "HH", P1, at=clock.now())) is not None
        clock.advance(1.0)
        ann.tick()
    assert ann.sounding is P1
    assert len([r for r in caplog.records if r.name == "console.services.annunciator" and r.levelno >= logging.WARNING]) == 1


def test_close_stops_the_sound_and_ignores_the_book(desk):
    desk.raise_("PT-1", P1)
    desk.ann.close()
    assert desk.sink.calls[-1] == ("stop", None) and desk.ann.sounding is None
    desk.raise_("PT-2", P1)
    desk.run(5.0)
    assert desk.sink.calls[-1] == ("stop", None)


# -- the sound files -------------------------------------------------------------
def test_sound_files_are_short_small_mono_16_bit_22khz():
    for priority, tone in DEFAULT_TONES.items():
        path = sound_player.sound_path(tone.sound)
        assert path.is_file(), path
        assert path.stat().st_size < 100_000
        with wave.open(str(path), "rb") as w:
            assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, 22_050)
            seconds = w.getnframes() / w.getframerate()
        assert 0.5 <= seconds <= 1.5
        assert seconds == pytest.approx(tone.clip_s, abs=0.01), priority


def test_sound_files_match_their_generator():
    spec = importlib.util.spec_from_file_location("make_sounds", ROOT / "packaging" / "make_sounds.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--check"]) == 0
    assert set(module.SOUNDS) == {tone.sound for tone in DEFAULT_TONES.values()}


# -- the sinks -------------------------------------------------------------------
def _libvlc_missing() -> str:
    if ctypes.util.find_library("vlc") is None:
        return "libvlc is not installed (Debian: libvlc5 vlc-plugin-base)"
    try:
        import vlc  # noqa: F401
    except Exception as exc:  # python-vlc raises when it cannot load libvlc
        return f"python-vlc cannot load libvlc: {exc}"
    return ""


needs_libvlc = pytest.mark.skipif(bool(_libvlc_missing()), reason=_libvlc_missing() or "libvlc present")


def _warnings(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "console.infrastructure.sound_player" and r.levelno >= logging.WARNING]


# libvlc's own outputs that need no sound device: "adummy" plays into nothing (sound works);
# "afile" into a file that cannot be opened (no output: the sink's failure path). Neither opens
# ALSA, which this machine (no sound card) does not have.
PLAYS = AudioOutput(True, "adummy", "test: libvlc's dummy output")
CANNOT_OPEN = (*sound_player.DEFAULT_OPTIONS, "--aout=afile", "--audiofile-file=/nonexistent/duty-console/sound.wav")


@needs_libvlc
@pytest.mark.parametrize("works", [True, False], ids=["output-opens", "output-fails"])
def test_real_libvlc_plays_or_degrades_quietly(qtbot, caplog, works):
    """Real libvlc: sound that plays logs nothing; an output that cannot open makes a silent sink
    with exactly one warning; no exception either way."""
    caplog.set_level(logging.DEBUG, logger="console.infrastructure.sound_player")
    sink = make_player(PLAYS) if works else make_player(AudioOutput(True, "", "test"), CANNOT_OPEN)
    try:
        assert isinstance(sink, VlcSink), f"libvlc is installed but not used: {sink.reason}"
        sink.play(SOUND[P1])
        # The outcome of a clip is known once it has ended (at once when no output can open).
        qtbot.waitUntil(lambda: sink.poll() is not None, timeout=5000)
        for _ in range(3):
            for priority in Priority:
                sink.play(SOUND[priority])
                sink.poll()
            sink.stop()
        assert sink.available is works
        if works:
            assert _warnings(caplog) == []
        else:
            warnings = _warnings(caplog)
            assert len(warnings) == 1, [r.getMessage() for r in warnings]
            assert "alarm sound cannot be played" in warnings[0].getMessage()
            assert "audio output" in sink.reason
    finally:
        sink.close()
    sink.play(SOUND[P1])  # after close: ignored, no libvlc call
    assert len(_warnings(caplog)) <= 1


@needs_libvlc
def test_real_libvlc_retries_quietly(qtbot, caplog):
    """Retrying a failed output (here at every play) logs no second warning."""
    import vlc

    caplog.set_level(logging.DEBUG, logger="console.infrastructure.sound_player")
    instance = vlc.Instance(list(CANNOT_OPEN))
    assert instance is not None
    sink = VlcSink(vlc, instance, retry_s=0.0)
    try:
        for _ in range(3):
            sink.play(SOUND[P4])
            qtbot.waitUntil(lambda: sink.poll() is not None and not sink.pending, timeout=5000)
        assert not sink.available and len(_warnings(caplog)) == 1
    finally:
        sink.close()


def _fake_vlc(instance_result):
    module = types.ModuleType("vlc")
    module.Instance = lambda options: instance_result
    return module


def test_make_player_without_libvlc_is_silent_with_one_error(monkeypatch, caplog):
    def missing():
        raise NotImplementedError("Cannot find libvlc lib")

    monkeypatch.setattr(sound_player, "_import_vlc", missing)
    sink = make_player(PLAYS)
    assert isinstance(sink, NullSink) and not sink.available
    sink.play(SOUND[P1])
    sink.stop()
    errors = [r for r in caplog.records if r.name == "console.infrastructure.sound_player"]
    assert len(errors) == 1 and errors[0].levelno == logging.ERROR
    assert "libvlc" in errors[0].getMessage() and "Cannot find libvlc lib" in sink.reason


def test_make_player_when_libvlc_will_not_start_is_silent_with_one_error(monkeypatch, caplog):
    monkeypatch.setattr(sound_player, "_import_vlc", lambda: _fake_vlc(None))
    sink = make_player(PLAYS)
    assert isinstance(sink, NullSink)
    errors = [r for r in caplog.records if r.name == "console.infrastructure.sound_player"]
    assert len(errors) == 1 and errors[0].levelno == logging.ERROR and "would not start" in errors[0].getMessage()


class _FakeVlc:
    """Just enough of python-vlc to drive VlcSink's judging without libvlc."""

    class State:
        Playing, Ended, Error, Stopped = "playing", "ended", "error", "stopped"

    class MediaStats:
        decoded_audio = 0
        played_abuffers = 0

    def __init__(self) -> None:
        self.output_works = False
        self.plays = 0
        outer = self

        class Media:
            def get_stats(self, stats):
                stats.decoded_audio = 20
                stats.played_abuffers = 20 if outer.output_works else 0
                return True

            def release(self):
                pass

        class Player:
            state = "stopped"

            def stop(self):
                self.state = "stopped"

            def set_media(self, media):
                pass

            def play(self):
                outer.plays += 1
                self.state = "ended"
                return 0

            def get_state(self):
                return self.state

            def release(self):
                pass

        class Instance:
            def media_player_new(self):
                return Player()

            def media_new_path(self, path):
                return Media()

            def release(self):
                pass

        self.instance = Instance()


def test_vlc_sink_warns_once_retries_with_backoff_and_reports_recovery(caplog):
    caplog.set_level(logging.INFO, logger="console.infrastructure.sound_player")
    fake = _FakeVlc()
    now = [0.0]
    sink = VlcSink(fake, fake.instance, monotonic=lambda: now[0], retry_s=300.0)
    sink.play(SOUND[P1])
    assert sink.poll() is False and not sink.available
    for _ in range(10):  # within the retry wait: libvlc is not called at all
        now[0] += 10.0
        sink.play(SOUND[P1])
    assert fake.plays == 1
    now[0] = 301.0
    sink.play(SOUND[P1])  # retry: fails again, quietly; next retry after twice the wait
    assert fake.plays == 2 and sink.poll() is False
    now[0] = 301.0 + 599.0
    sink.play(SOUND[P1])
    assert fake.plays == 2
    fake.output_works = True
    now[0] = 301.0 + 600.0
    sink.play(SOUND[P1])
    assert fake.plays == 3 and sink.poll() is True and sink.available
    messages = [(r.levelno, r.getMessage()) for r in caplog.records if r.name == "console.infrastructure.sound_player"]
    assert [level for level, _ in messages] == [logging.WARNING, logging.INFO]
    assert messages[1][1] == "alarm sound works again"


def test_vlc_sink_missing_sound_file_logs_once(caplog, tmp_path):
    fake = _FakeVlc()
    sink = VlcSink(fake, fake.instance, resolve=lambda name: tmp_path / f"{name}.wav")
    for _ in range(3):
        sink.play("no-such-sound")
    assert fake.plays == 0
    assert len([r for r in caplog.records if r.levelno == logging.ERROR]) == 1


def test_vlc_sink_refuses_foreign_threads(caplog):
    import threading

    fake = _FakeVlc()
    sink = VlcSink(fake, fake.instance)
    worker = threading.Thread(target=lambda: [sink.play(SOUND[P1]) for _ in range(3)])
    worker.start()
    worker.join()
    assert fake.plays == 0
    assert len([r for r in caplog.records if r.levelno == logging.ERROR]) == 1
