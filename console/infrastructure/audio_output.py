"""Which audio output libvlc is given, chosen on purpose rather than left to libvlc.

Left to itself, libvlc tries PulseAudio/PipeWire and then ALSA; on a machine without a sound
device the ALSA library writes about 150 lines straight to stderr at every attempt (the operator's
terminal, the test output). So the setting ``sound.output`` decides:

* ``auto`` (default): look whether the machine has somewhere to play sound. On Linux that is a
  sound card with a playback device (``/proc/asound/cards`` and ``/dev/snd/pcmC*D*p``) or a
  PulseAudio/PipeWire server (its socket in ``$XDG_RUNTIME_DIR``, or ``$PULSE_SERVER``: remote
  desktops play through one); elsewhere (Windows, macOS) there is assumed to be one. Found:
  libvlc chooses the output itself. Not found: no audio at all, libvlc never opens ALSA.
* ``alsa`` or ``pulse``: that libvlc output, whatever was found (when the detection is wrong).
* ``none``: no audio (the alarm sound is off; the status bar says so).

The paths and the environment are parameters, so the detection can be tried on a made-up tree.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

CHOICES = ("auto", "alsa", "pulse", "none")
PROC_ASOUND = Path("/proc/asound")
DEV_SND = Path("/dev/snd")

_CARD_LINE = re.compile(r"^\s*\d+\s+\[")  # " 0 [PCH            ]: HDA-Intel - HDA Intel PCH"


@dataclass(frozen=True)
class AudioOutput:
    """The choice made: ``playable`` False means no audio at all; ``module`` is libvlc's ``--aout``
    ("" lets libvlc choose); ``why`` says in words what was configured and found."""

    playable: bool
    module: str
    why: str

    def vlc_options(self) -> tuple[str, ...]:
        """The libvlc options that carry the choice."""
        if not self.playable:
            return ("--no-audio",)
        return (f"--aout={self.module}",) if self.module else ()


def detect(proc_asound: Path = PROC_ASOUND, dev_snd: Path = DEV_SND, environ: Mapping[str, str] | None = None,
           platform: str = sys.platform) -> tuple[bool, str]:
    """Whether this machine has somewhere to play sound, and what was found (in words)."""
    if not platform.startswith("linux"):
        return True, f"assumed present on {platform}"
    env = os.environ if environ is None else environ
    found = []
    cards = _cards(proc_asound / "cards")
    playback = _playback_devices(dev_snd)
    if cards and playback:
        found.append(f"sound card {cards[0]} ({len(playback)} playback device{'s' if len(playback) > 1 else ''})")
    server = _sound_server(env)
    if server:
        found.append(f"sound server {server}")
    if found:
        return True, ", ".join(found)
    what = "no sound card" if not cards else f"sound card {cards[0]} without a playback device"
    return False, f"{what} ({proc_asound / 'cards'}, {dev_snd}) and no PulseAudio/PipeWire server"


def choose(setting: str, proc_asound: Path = PROC_ASOUND, dev_snd: Path = DEV_SND,
           environ: Mapping[str, str] | None = None, platform: str = sys.platform) -> AudioOutput:
    """The output for the setting ``sound.output`` (an unknown value counts as ``auto``)."""
    value = setting.strip().lower()
    if value == "none":
        return AudioOutput(False, "", "sound.output is none")
    if value in ("alsa", "pulse"):
        return AudioOutput(True, value, f"sound.output is {value}")
    present, found = detect(proc_asound, dev_snd, environ, platform)
    return AudioOutput(present, "", found)


def _cards(path: Path) -> list[str]:
    """The sound cards /proc/asound/cards lists, by their short names."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    return [line.split("[", 1)[1].split("]", 1)[0].strip() for line in text.splitlines() if _CARD_LINE.match(line)]


def _playback_devices(dev_snd: Path) -> list[Path]:
    try:
        return sorted(dev_snd.glob("pcmC*D*p"))
    except OSError:
        return []


def _sound_server(env: Mapping[str, str]) -> str:
    """Where a PulseAudio or PipeWire server listens ("" when none is seen)."""
    if env.get("PULSE_SERVER"):
        return env["PULSE_SERVER"]
    runtime = env.get("XDG_RUNTIME_DIR", "")
    if runtime:
        for name in ("pulse/native", "pipewire-0"):
            socket = Path(runtime) / name
            if socket.exists():
                return str(socket)
    return ""
