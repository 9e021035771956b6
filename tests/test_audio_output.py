"""The audio output is chosen on purpose: the detection on made-up /proc and /dev trees, the
setting ``sound.output``, and on this machine (no sound card) the real sound player and the
real video engine, run in a subprocess, leave not one ALSA line on stderr."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from console.infrastructure import audio_output
from console.infrastructure.audio_output import AudioOutput, choose, detect
from console.infrastructure.settings import Settings
from console.infrastructure.sound_player import NullSink, make_player

ROOT = Path(__file__).resolve().parents[1]
CARDS = """ 0 [PCH            ]: HDA-Intel - HDA Intel PCH
                      HDA Intel PCH at 0xf7f10000 irq 33
 1 [HDMI           ]: HDA-Intel - HDA Intel HDMI
                      HDA Intel HDMI at 0xf7f14000 irq 34
"""


def tree(tmp_path: Path, cards: str | None, devices: tuple[str, ...] = ()) -> tuple[Path, Path]:
    proc, dev = tmp_path / "proc" / "asound", tmp_path / "dev" / "snd"
    proc.mkdir(parents=True)
    dev.mkdir(parents=True)
    if cards is not None:
        (proc / "cards").write_text(cards, encoding="utf-8")
    for name in devices:
        (dev / name).touch()
    return proc, dev


def test_a_sound_card_with_a_playback_device_is_an_output(tmp_path):
    proc, dev = tree(tmp_path, CARDS, ("controlC0", "pcmC0D0c", "pcmC0D0p", "pcmC1D3p"))
    present, why = detect(proc, dev, environ={}, platform="linux")
    assert present and "PCH" in why and "2 playback devices" in why
    assert choose("auto", proc, dev, environ={}, platform="linux") == AudioOutput(True, "", why)
    assert choose("auto", proc, dev, environ={}, platform="linux").vlc_options() == ()  # libvlc's own choice


@pytest.mark.parametrize("cards, devices", [
    (None, ()),  # no ALSA at all (this machine: no /proc/asound)
    ("--- no soundcards ---\n", ()),
    (CARDS, ("controlC0", "pcmC0D0c")),  # a card that can only record
    ("", ("pcmC0D0p",)),  # a device node left over, no card
])
def test_no_card_or_no_playback_device_is_no_output(tmp_path, cards, devices):
    proc, dev = tree(tmp_path, cards, devices)
    present, why = detect(proc, dev, environ={"XDG_RUNTIME_DIR": str(tmp_path)}, platform="linux")
    assert not present and "no PulseAudio/PipeWire server" in why
    chosen = choose("auto", proc, dev, environ={}, platform="linux")
    assert not chosen.playable and chosen.vlc_options() == ("--no-audio",)


def test_a_sound_server_is_an_output_without_a_card(tmp_path):
    """A remote desktop plays through PulseAudio or PipeWire on a machine with no card."""
    proc, dev = tree(tmp_path, None)
    runtime = tmp_path / "run"
    (runtime / "pulse").mkdir(parents=True)
    assert not detect(proc, dev, environ={"XDG_RUNTIME_DIR": str(runtime)}, platform="linux")[0]
    (runtime / "pulse" / "native").touch()
    present, why = detect(proc, dev, environ={"XDG_RUNTIME_DIR": str(runtime)}, platform="linux")
    assert present and "pulse/native" in why
    (runtime / "pulse" / "native").unlink()
    (runtime / "pipewire-0").touch()
    assert detect(proc, dev, environ={"XDG_RUNTIME_DIR": str(runtime)}, platform="linux")[0]
    assert detect(proc, dev, environ={"PULSE_SERVER": "tcp:rdp-host:4713"}, platform="linux") == (True, "sound server tcp:rdp-host:4713")


def test_windows_and_macos_are_assumed_to_have_an_output(tmp_path):
    proc, dev = tree(tmp_path, None)
    for platform in ("win32", "darwin"):
        assert detect(proc, dev, environ={}, platform=platform)[0]


def test_the_setting_overrides_the_detection(tmp_path):
    proc, dev = tree(tmp_path, None)
    assert choose("alsa", proc, dev, environ={}, platform="linux").vlc_options() == ("--aout=alsa",)
    assert choose("pulse", proc, dev, environ={}, platform="linux").vlc_options() == ("--aout=pulse",)
    proc2, dev2 = tree(tmp_path / "with-card", CARDS, ("pcmC0D0p",))
    assert choose("none", proc2, dev2, environ={}, platform="linux").vlc_options() == ("--no-audio",)
    assert Settings({})["sound.output"] == "auto"
    assert set(audio_output.CHOICES) == {"auto", "alsa", "pulse", "none"}


def test_no_output_is_a_silent_sink_said_once_at_info(caplog):
    caplog.set_level(logging.DEBUG, logger="console.infrastructure.sound_player")
    sink = make_player(AudioOutput(False, "", "no sound card here"))
    assert isinstance(sink, NullSink) and not sink.available and "no sound card here" in sink.reason
    sink.play("alarm-p1")
    sink.stop()
    records = [r for r in caplog.records if r.name == "console.infrastructure.sound_player"]
    assert [r.levelno for r in records] == [logging.INFO]
    assert "sound.output" in records[0].getMessage()


SCRIPT = textwrap.dedent(
    """
    import sys, time
    from console.infrastructure import audio_output, sound_player
    from console.services.video.engine import make_engine

    present, why = audio_output.detect()
    print("detected", present, why)
    # the alarm sound as the console makes it (the setting's default: auto)
    sink = sound_player.make_player()
    print("sink", type(sink).__name__, sink.reason)
    for name in ("alarm-p1", "alarm-p2", "alarm-p3", "alarm-p4"):
        sink.play(name)
        deadline = time.monotonic() + 5
        while sink.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
    sink.close()
    # the video engine playing a medium that carries sound (a camera with a microphone)
    engine, reason = make_engine()
    assert engine is not None, reason
    player = engine.instance.media_player_new()
    player.set_media(engine.instance.media_new_path(str(sound_player.sound_path("alarm-p1"))))
    player.play()
    deadline = time.monotonic() + 10
    while player.get_state() not in (engine.vlc.State.Ended, engine.vlc.State.Error) and time.monotonic() < deadline:
        time.sleep(0.02)
    print("video", player.get_state())
    player.release()
    engine.close()
    """
)


def test_the_real_sound_player_and_video_engine_never_open_alsa_without_a_sound_card():
    from tests.test_annunciator import _libvlc_missing

    if _libvlc_missing():
        pytest.skip(_libvlc_missing())
    present, why = detect()
    if present:
        pytest.skip(f"this machine has an audio output ({why}): libvlc may open it")
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "sink NullSink" in done.stdout and "video State.Ended" in done.stdout, done.stdout
    alsa = [line for line in done.stderr.splitlines() if line.startswith("ALSA lib")]
    assert alsa == [], f"{len(alsa)} ALSA lines, e.g. {alsa[:3]}"
