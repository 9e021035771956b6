"""PyInstaller runtime hook (Linux and Windows): where the frozen program finds libvlc, and standard
streams for a windowed program.

Linux: the system's libvlc and its plugins (Debian/Ubuntu packages libvlc5, vlc-plugin-base);
nothing is bundled and nothing needs setting. Windows: libvlc.dll, libvlccore.dll and plugins/
are bundled beside the program (packaging/windows/); python-vlc is told where they are.
"""

import os
import sys

_bundle = getattr(sys, "_MEIPASS", "")
if sys.platform == "win32" and _bundle:
    _vlc_dir = os.path.join(_bundle, "vlc")
    if os.path.exists(os.path.join(_vlc_dir, "libvlc.dll")):
        os.environ.setdefault("PYTHON_VLC_LIB_PATH", os.path.join(_vlc_dir, "libvlc.dll"))
        os.environ.setdefault("PYTHON_VLC_MODULE_PATH", os.path.join(_vlc_dir, "plugins"))
        os.add_dll_directory(_vlc_dir)

# A windowed program (Windows, no console) has no standard output or error: give it a sink, so
# messages printed for a terminal do not break the program (they are in the log file as well).
if sys.stdout is None:
    sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives as long as the program
if sys.stderr is None:
    sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
