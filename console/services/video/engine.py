"""The libvlc instance shared by all video tiles (the sound player has its own, audio only)."""

from __future__ import annotations

import logging
import sys
import threading
from dataclasses import dataclass
from typing import Any

log = logging.getLogger("console.services.video.engine")

# No audio; no Xlib (Qt uses X from several threads); no title or OSD over the picture; no
# hardware decoding probes (they pull in OpenGL and VA-API); on X11 the X video outputs, never
# the OpenGL one (with software GL: 37-53 % of a core at 720p and a late first frame). One decoder
# thread per stream: frame threading holds back one frame per extra thread (65 ms more to the first
# picture with two), and several cameras already spread over the cores.
# The relay's pipe (fd://) goes through libvlc's prefetch stream filter, whose buffer is 16 MiB per
# session by default and is filled with everything read: a tile's memory grew by its stream's
# whole bitrate until 16 MiB (4 tiles: 64 MiB, 9 tiles: 144 MiB; in under four minutes at 600
# kbit/s). 1 MiB is a second at 8 Mbit/s, read 64 KiB at a time; the pipe and the relay's own
# buffer take up the rest.
PREFETCH_OPTIONS = ("--prefetch-buffer-size=1024", "--prefetch-read-size=65536")
BASE_OPTIONS = ("--no-xlib", "--quiet", "--no-audio", "--no-video-title-show", "--no-snapshot-preview",
                "--no-osd", "--avcodec-hw=none", "--no-sub-autodetect-file", "--stats",
                "--avcodec-threads=1", *PREFETCH_OPTIONS)
X11_OPTIONS = ("--vout=xcb_xv,xcb_x11",)


@dataclass
class VideoEngine:
    vlc: Any
    instance: Any
    version: str

    def close(self) -> None:
        try:
            self.instance.release()
        except Exception:
            log.debug("releasing the video libvlc instance failed", exc_info=True)


def make_engine() -> tuple[VideoEngine | None, str]:
    """The instance, or None with the reason (logged once; the console runs without video)."""
    try:
        import vlc  # python-vlc; libvlc itself is only loaded at the first call
    except (Exception, SystemExit) as exc:
        return None, f"python-vlc not usable ({type(exc).__name__}: {exc})"
    options = list(BASE_OPTIONS)
    if sys.platform.startswith("linux"):
        options += X11_OPTIONS
    try:
        instance = vlc.Instance(options)
        version = vlc.libvlc_get_version().decode(errors="replace")
    except Exception as exc:
        return None, f"libvlc not usable ({type(exc).__name__}: {exc}); install libvlc5 and vlc-plugin-base"
    if instance is None:
        return None, f"libvlc would not start with {' '.join(options)} (are the VLC plugins installed?)"
    return VideoEngine(vlc, instance, version), ""


class EngineStart:
    """``make_engine()`` on a thread of its own, begun early in the start-up (console/shell/app.py):
    libvlc's start (it loads its plugins; python-vlc's ctypes calls let go of the GIL) then overlaps
    the duty log's opening instead of adding to the time before the first window."""

    def __init__(self) -> None:
        self._result: tuple[VideoEngine | None, str] = (None, "libvlc's start did not finish")
        self._thread = threading.Thread(target=self._run, name="video-engine-start", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._result = make_engine()
        except BaseException as exc:  # python-vlc may call sys.exit() on a bad PYTHON_VLC_LIB_PATH
            self._result = None, f"libvlc would not start ({type(exc).__name__}: {exc})"

    def result(self) -> tuple[VideoEngine | None, str]:
        """What ``make_engine()`` returned (waits for it)."""
        self._thread.join()
        return self._result
