"""Sound sinks for the annunciator: libvlc when it can play, silence (with one log line) when not.

``make_player()`` picks the best sink available:

* ``VlcSink``: one libvlc instance (audio only) and one media player that play the short WAV
  clips in resources/sounds/. Every libvlc call happens on the thread that made the sink (the
  GUI thread); no libvlc event callback is used: the outcome of a clip is polled (``poll()``,
  also done at each ``play``/``stop``) from the media's statistics once it has ended.
* ``NullSink``: plays nothing; used when python-vlc or libvlc is missing or will not start.
* ``RecordingSink``: remembers what it was asked to do (tests, demos).

Without a sound card or sound server (a headless server, a duty PC whose speaker driver is
broken), libvlc does not fail at ``play()``: the clip is decoded and then "ends" at once because
no audio output could be opened (``decoded_audio > 0``, ``played_abuffers == 0``). The sink logs
ONE warning then, stops calling libvlc, and retries quietly after ``retry_s``, doubling the wait
after each failed retry up to ``MAX_RETRY_S`` (a sound server may come back, a USB speaker may be
plugged in); it logs once more, at INFO, when sound works again.
The ALSA library itself writes many lines straight to stderr on each such attempt (they do not
pass through logging), so the output is chosen first (``audio_output.choose``, setting
``sound.output``): on a machine with no sound device at all, libvlc is not started for sound and
the sink is a ``NullSink`` (one INFO line; the status bar says "no sound output").
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import Any, Callable, Sequence

from console.infrastructure import resource_files
from console.infrastructure.audio_output import AudioOutput, choose

log = logging.getLogger("console.infrastructure.sound_player")

# Audio only: no video output, no X11 calls, no libvlc chatter on stderr (problems are judged and
# logged here), no subtitle file search. The audio output is added by make_player (audio_output.py).
DEFAULT_OPTIONS: tuple[str, ...] = ("--no-video", "--no-xlib", "--quiet", "--no-sub-autodetect-file")
RETRY_S = 300.0  # first quiet retry after a failure
MAX_RETRY_S = 3600.0  # the wait doubles after each failed retry up to this
SOUNDS_DIR = "sounds"


def sound_path(sound_name: str) -> Path:
    return resource_files.path(SOUNDS_DIR, f"{sound_name}.wav")


class NullSink:
    """Plays nothing; ``reason`` says why (shown by the window as "no sound")."""

    available = False

    def __init__(self, reason: str = "sound is off") -> None:
        self.reason = reason

    def play(self, sound_name: str) -> None:
        pass

    def stop(self) -> None:
        pass

    def poll(self) -> bool | None:
        return False

    def close(self) -> None:
        pass


class RecordingSink:
    """Records the calls: ``calls`` holds ("play", name) and ("stop", None) in order."""

    available = True
    reason = ""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str | None]] = []
        self.playing: str | None = None

    def play(self, sound_name: str) -> None:
        self.calls.append(("play", sound_name))
        self.playing = sound_name

    def stop(self) -> None:
        self.calls.append(("stop", None))
        self.playing = None

    @property
    def played(self) -> list[str]:
        return [name for action, name in self.calls if action == "play" and name is not None]

    def clear(self) -> None:
        self.calls.clear()

    def poll(self) -> bool | None:
        return True

    def close(self) -> None:
        self.playing = None


class VlcSink:
    """Plays the clips with libvlc; all calls on the owner (GUI) thread."""

    def __init__(
        self,
        vlc: Any,
        instance: Any,
        *,
        resolve: Callable[[str], Path] = sound_path,
        monotonic: Callable[[], float] = time.monotonic,
        retry_s: float = RETRY_S,
    ) -> None:
        self._vlc = vlc
        self._instance = instance
        self._player = instance.media_player_new()
        if self._player is None:
            raise RuntimeError("libvlc could not create a media player")
        self._resolve = resolve
        self._monotonic = monotonic
        self._retry_s = retry_s
        self._owner = threading.get_ident()
        self._paths: dict[str, str | None] = {}
        self._media: Any = None  # media of the last play
        self._judging = False  # the last play's outcome is not known yet
        self._available: bool | None = None  # None until a clip has been judged
        self._failed_at: float | None = None
        self._retry_wait = retry_s
        self._warned = False
        self._wrong_thread_logged = False
        self._closed = False
        self.reason = ""

    @property
    def available(self) -> bool:
        """False once libvlc has shown it cannot play (until it can again); True before it is known."""
        return self._available is not False

    @property
    def pending(self) -> bool:
        """True while the outcome of the last clip is not known yet (see ``poll``)."""
        return self._judging

    def play(self, sound_name: str) -> None:
        if not self._usable():
            return
        self.poll()
        if self._available is False and self._failed_at is not None and self._monotonic() - self._failed_at < self._retry_wait:
            return  # stay quiet: no libvlc (and ALSA) noise until the next retry
        path = self._path(sound_name)
        if path is None:
            return
        try:
            media = self._instance.media_new_path(path)
            self._player.stop()
            self._player.set_media(media)
            if self._media is not None:
                self._media.release()
            self._media = media
            started = self._player.play() == 0
        except Exception as exc:  # ctypes errors, a libvlc that lost a symbol...
            self._judging = False
            self._failed(f"libvlc raised {type(exc).__name__}: {exc}")
            return
        if started:
            self._judging = True
        else:
            self._judging = False
            self._failed("libvlc refused to start the clip")

    def stop(self) -> None:
        if not self._usable():
            return
        self.poll()
        self._judging = False  # a clip cut short says nothing about the output
        try:
            self._player.stop()
        except Exception as exc:
            self._failed(f"libvlc raised {type(exc).__name__} on stop: {exc}")

    def poll(self) -> bool | None:
        """Judge the last clip if it has ended; returns whether sound works (None: not known yet)."""
        if not self._judging or not self._usable():
            return self._available
        try:
            state = self._player.get_state()
            if state == self._vlc.State.Error:
                self._judging = False
                self._failed("libvlc reported an error playing the clip")
            elif state == self._vlc.State.Ended:
                stats = self._vlc.MediaStats()
                self._media.get_stats(stats)
                if stats.played_abuffers > 0:
                    self._judging = False
                    self._works()
                elif stats.decoded_audio > 0:
                    self._judging = False
                    self._failed(
                        "libvlc could not open an audio output (no sound card, or no PulseAudio/PipeWire/ALSA device "
                        f"it can use); {stats.decoded_audio} audio blocks decoded, none played"
                    )
                # else: the statistics are not final yet (they lag the end by a few ms)
        except Exception as exc:
            self._judging = False
            self._failed(f"libvlc raised {type(exc).__name__} while polling: {exc}")
        return self._available

    def close(self) -> None:
        if self._closed or not self._usable():
            return
        self._closed = True
        try:
            self._player.stop()
            self._player.release()
            if self._media is not None:
                self._media.release()
            self._instance.release()
        except Exception:
            log.debug("releasing libvlc failed", exc_info=True)
        self._media = None

    # -- internals ----------------------------------------------------------
    def _usable(self) -> bool:
        if self._closed:
            return False
        if threading.get_ident() != self._owner:
            if not self._wrong_thread_logged:
                self._wrong_thread_logged = True
                log.error("sound player called from a foreign thread (%s); libvlc calls stay on the GUI thread",
                          threading.current_thread().name)
            return False
        return True

    def _path(self, sound_name: str) -> str | None:
        if sound_name not in self._paths:
            try:
                path = self._resolve(sound_name)
                found = str(path) if path.is_file() else None
            except Exception:
                found = None
            if found is None:
                log.error("alarm sound %r not found in the resources (%s/%s.wav)", sound_name, SOUNDS_DIR, sound_name)
            self._paths[sound_name] = found
        return self._paths[sound_name]

    def _failed(self, why: str) -> None:
        if self._available is False:
            self._retry_wait = min(MAX_RETRY_S, max(self._retry_wait * 2, self._retry_s))
        self._available = False
        self._failed_at = self._monotonic()
        self.reason = why
        if not self._warned:
            self._warned = True
            log.warning(
                "alarm sound cannot be played: %s. Alarms are shown without sound; will retry quietly in %.0f s.",
                why, self._retry_wait,
            )

    def _works(self) -> None:
        if self._available is False:
            log.info("alarm sound works again")
        self._available = True
        self._warned = False
        self._failed_at = None
        self._retry_wait = self._retry_s
        self.reason = ""


def _import_vlc() -> Any:
    import vlc  # python-vlc; raises (NotImplementedError, OSError) when libvlc is missing

    return vlc


def make_player(output: AudioOutput | None = None, options: Sequence[str] = DEFAULT_OPTIONS) -> VlcSink | NullSink:
    """The best sink available: libvlc, or a silent one (with one logged line saying why).
    ``output``: where sound goes (default: detected, as ``sound.output = auto``)."""
    output = choose("auto") if output is None else output
    if not output.playable:
        reason = f"no audio output ({output.why})"
        log.info("no alarm sound: %s; libvlc is not started for sound (setting sound.output: auto, alsa, pulse or none)",
                 reason)
        return NullSink(reason)
    options = (*options, *output.vlc_options())
    try:
        vlc = _import_vlc()
    except (Exception, SystemExit) as exc:  # python-vlc calls sys.exit() on a bad PYTHON_VLC_LIB_PATH
        reason = f"python-vlc/libvlc not usable ({type(exc).__name__}: {exc})"
        log.error("no alarm sound: %s; install libvlc5 and vlc-plugin-base", reason)
        return NullSink(reason)
    try:
        instance = vlc.Instance(list(options))
    except Exception as exc:  # import succeeds without libvlc; the first call fails
        reason = f"libvlc not usable ({type(exc).__name__}: {exc})"
        log.error("no alarm sound: %s; install libvlc5 and vlc-plugin-base", reason)
        return NullSink(reason)
    if instance is None:
        reason = f"libvlc would not start with options {' '.join(options)}"
        log.error("no alarm sound: %s (are the VLC plugins installed?)", reason)
        return NullSink(reason)
    try:
        return VlcSink(vlc, instance)
    except Exception as exc:
        reason = f"libvlc media player not usable ({type(exc).__name__}: {exc})"
        log.error("no alarm sound: %s", reason)
        try:
            instance.release()
        except Exception:
            pass
        return NullSink(reason)


__all__ = ["DEFAULT_OPTIONS", "MAX_RETRY_S", "NullSink", "RETRY_S", "RecordingSink", "VlcSink", "make_player", "sound_path"]
