"""Start the console when the duty workstation's user logs in.

Linux: an XDG autostart entry, ``~/.config/autostart/duty-console.desktop`` (GNOME, KDE, Xfce,
UKUI/DDE and the other desktops of the freedesktop.org standard read it); ``TryExec`` makes a
desktop skip it once the program is removed. Windows: the value ``DutyConsole`` under
``HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run`` (the installer offers the same
choice; see packaging/windows/duty-console.iss).

The command started is the launcher the console was started from: ``DUTY_CONSOLE_LAUNCHER``
(set by /usr/bin/duty-console of the package), else the frozen program itself, else the
``duty-console`` script on the PATH.
"""

from __future__ import annotations

import logging
import os
import shlex
import shutil
import sys
from pathlib import Path

log = logging.getLogger("console.setup.autostart")

ENTRY_NAME = "duty-console.desktop"
RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
RUN_VALUE = "DutyConsole"


def launcher() -> list[str]:
    given = os.environ.get("DUTY_CONSOLE_LAUNCHER", "")
    if given:
        return [given]
    if getattr(sys, "frozen", False):
        return [sys.executable]
    found = shutil.which("duty-console")
    return [found] if found else [sys.executable, "-m", "console"]


def entry_path() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "autostart" / ENTRY_NAME


def desktop_entry(command: list[str], settings_path: Path | None = None) -> str:
    args = list(command) + (["--settings", str(settings_path)] if settings_path else [])
    exec_line = " ".join(shlex.quote(a) for a in args)
    return "\n".join([
        "[Desktop Entry]",
        "Type=Application",
        "Name=Duty Console",
        "Name[zh_CN]=值班报警台",
        "Comment=Start the duty alarm console at log-in",
        "Comment[zh_CN]=登录时启动值班报警台",
        f"Exec={exec_line}",
        f"TryExec={command[0]}",
        "Icon=duty-console",
        "Terminal=false",
        "X-GNOME-Autostart-enabled=true",
        "",
    ])


def is_enabled() -> bool:
    if sys.platform == "win32":
        return _windows_value() is not None
    path = entry_path()
    if not path.exists():
        return False
    text = path.read_text(encoding="utf-8", errors="replace")
    return "Hidden=true" not in text and "X-GNOME-Autostart-enabled=false" not in text


def set_enabled(enabled: bool, settings_path: Path | None = None, command: list[str] | None = None) -> None:
    """Turn starting at log-in on or off (raises OSError when it cannot be written)."""
    command = command or launcher()
    if sys.platform == "win32":
        _set_windows(enabled, command, settings_path)
    else:
        path = entry_path()
        if enabled:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_text(desktop_entry(command, settings_path), encoding="utf-8")
            os.replace(tmp, path)
        else:
            path.unlink(missing_ok=True)
    log.info("start at log-in %s (%s)", "on" if enabled else "off", " ".join(command))


def _windows_value() -> str | None:  # pragma: no cover - Windows only
    if sys.platform != "win32":
        return None
    import winreg

    try:
        with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
            return winreg.QueryValueEx(key, RUN_VALUE)[0]
    except FileNotFoundError:
        return None


def _set_windows(enabled: bool, command: list[str], settings_path: Path | None) -> None:  # pragma: no cover
    if sys.platform != "win32":
        return
    import subprocess
    import winreg

    with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY, 0, winreg.KEY_SET_VALUE) as key:
        if enabled:
            args = list(command) + (["--settings", str(settings_path)] if settings_path else [])
            winreg.SetValueEx(key, RUN_VALUE, 0, winreg.REG_SZ, subprocess.list2cmdline(args))
        else:
            try:
                winreg.DeleteValue(key, RUN_VALUE)
            except FileNotFoundError:
                pass
