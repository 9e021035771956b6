"""Which RTSP path runs on this machine.

* ``direct``: libvlc opens ``rtsp://`` itself. It needs libvlc's live555 module, which VLC's own
  builds (Windows, macOS) have.
* ``relay``: Debian's and Ubuntu's libvlc are built without live555 and cannot open ``rtsp://``
  ("VLC is unable to open the MRL"). There FFmpeg (PyAV, bundled in its wheel) reads the RTSP
  session and hands the packets, remuxed to MPEG-TS without decoding, to libvlc through a pipe
  (console.services.video.relay).

``auto`` probes libvlc's plugin folder for the live555 module; when no plugin folder can be found
it tries direct and falls back to the relay on the first open failure (console.services.video.player).
"""

from __future__ import annotations

import enum
import logging
import os
from pathlib import Path
from typing import Any, Iterable

log = logging.getLogger("console.services.video.route")

MODULE_STEMS = ("liblive555_plugin", "live555_plugin")


class RtspPath(enum.Enum):
    DIRECT = "direct"
    RELAY = "relay"


def plugin_dirs(vlc: Any) -> list[Path]:
    """Where this libvlc loads its plugins from (existing folders only)."""
    found: list[Path] = []
    candidates: list[str] = []
    if os.environ.get("VLC_PLUGIN_PATH"):
        candidates += os.environ["VLC_PLUGIN_PATH"].split(os.pathsep)
    if getattr(vlc, "plugin_path", None):
        candidates.append(str(vlc.plugin_path))
    library = _loaded_library(str(getattr(getattr(vlc, "dll", None), "_name", "") or ""))
    if library:
        lib = Path(library).resolve()
        candidates += [str(lib.parent / "vlc" / "plugins"), str(lib.parent / "plugins")]
    for c in candidates:
        path = Path(c)
        if path.is_dir() and path not in found:
            found.append(path)
    return found


def _loaded_library(name: str) -> str:
    """The full path of the loaded libvlc (ctypes may only know "libvlc.so.5")."""
    if not name or os.path.isabs(name):
        return name
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            for line in maps:
                path = line.split(maxsplit=5)[-1].strip()
                if os.path.basename(path).startswith("libvlc.so"):
                    return path
    except OSError:
        pass
    return ""


def has_live555(dirs: Iterable[Path]) -> bool | None:
    """True/False when a plugin folder was found and searched; None when there is none to search."""
    searched = False
    for folder in dirs:
        searched = True
        for sub in (folder / "access", folder):
            if sub.is_dir() and any(p.name.startswith(MODULE_STEMS) for p in sub.iterdir()):
                return True
    return False if searched else None


def choose(setting: str, vlc: Any) -> tuple[RtspPath, str]:
    """The path to use first, and why (for the log and docs/video.md)."""
    if setting == RtspPath.DIRECT.value:
        return RtspPath.DIRECT, "set to direct in the settings"
    if setting == RtspPath.RELAY.value:
        return RtspPath.RELAY, "set to relay in the settings"
    if setting != "auto":
        log.error("setting video.rtsp_path: %r is not auto, direct or relay; using auto", setting)
    dirs = plugin_dirs(vlc)
    live = has_live555(dirs)
    if live is True:
        return RtspPath.DIRECT, "libvlc has its live555 (RTSP) module"
    if live is False:
        return RtspPath.RELAY, f"libvlc has no live555 (RTSP) module in {', '.join(map(str, dirs))}"
    return RtspPath.DIRECT, "libvlc's plugin folder not found: trying direct, relay on the first open failure"
