"""Required system parts, checked before the window opens, each with a message that says what to
install or set (the wizard's user is an IT person, not a Python user).

* A display: without one Qt would abort with "could not connect to display" and a core dump.
  Missing display → the console does not start (exit status 3) and says why.
* libvlc and its plugins (alarm sounds, camera video): missing → the console starts without sound
  and video, and says so on standard error, in the log and in the window's message line.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import sys
from collections.abc import Mapping
from pathlib import Path

from PySide6.QtCore import QCoreApplication

log = logging.getLogger("console.infrastructure.system_check")

HEADLESS_PLATFORMS = ("offscreen", "minimal", "vnc", "eglfs", "linuxfb", "vkkhrdisplay", "minimalegl")
EXIT_NO_DISPLAY = 3
VLC_PLUGIN_DIRS = ("/usr/lib/x86_64-linux-gnu/vlc/plugins", "/usr/lib/aarch64-linux-gnu/vlc/plugins",
                   "/usr/lib/vlc/plugins", "/usr/lib64/vlc/plugins")


def display_missing(env: Mapping[str, str] | None = None, platform: str = sys.platform) -> bool:
    env = os.environ if env is None else env
    if not platform.startswith("linux") and not platform.startswith("freebsd"):
        return False  # Windows and macOS always have their own display
    qpa = env.get("QT_QPA_PLATFORM", "").split(":")[0].strip()
    if qpa in HEADLESS_PLATFORMS:
        return False
    if qpa.startswith("wayland"):
        return not env.get("WAYLAND_DISPLAY")
    return not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY")


def display_message() -> str:
    return QCoreApplication.translate("SystemCheck", "Duty Console needs a display: no graphical session was found (DISPLAY and WAYLAND_DISPLAY are "
               "not set). Start it from the desktop of the duty workstation, or for a test without a screen set "
               "QT_QPA_PLATFORM=offscreen or run it under xvfb-run.")


def libvlc_missing(env: Mapping[str, str] | None = None, platform: str = sys.platform) -> str:
    """Empty when libvlc and its plugins are there; else what is missing (for the log)."""
    env = os.environ if env is None else env
    if platform == "win32":
        lib = env.get("PYTHON_VLC_LIB_PATH", "")
        return "" if lib and Path(lib).exists() else "libvlc.dll not found"
    given = env.get("PYTHON_VLC_LIB_PATH", "")
    name = given or ctypes.util.find_library("vlc") or "libvlc.so.5"
    try:
        ctypes.CDLL(name)
    except OSError as exc:
        return f"libvlc not loadable ({exc})"
    plugin_dir = env.get("VLC_PLUGIN_PATH") or env.get("PYTHON_VLC_MODULE_PATH", "")
    dirs = [plugin_dir] if plugin_dir else list(VLC_PLUGIN_DIRS)
    if platform.startswith("linux") and not any(Path(d).is_dir() and any(Path(d).iterdir()) for d in dirs if d):
        return f"no libvlc plugins in {', '.join(d for d in dirs if d)}"
    return ""


def libvlc_message() -> str:
    return QCoreApplication.translate("SystemCheck", "libvlc (VLC) is missing: there will be NO alarm sound and no camera video. Install it: "
               "sudo apt install libvlc5 vlc-plugin-base vlc-plugin-video-output")


def report_libvlc() -> str:
    """The message for the window (and stderr, the log) when libvlc is missing; empty when fine."""
    missing = libvlc_missing()
    if not missing:
        return ""
    message = libvlc_message()
    log.error("%s (%s)", message, missing)
    print(message, file=sys.stderr)
    return message
