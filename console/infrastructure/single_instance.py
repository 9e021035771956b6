"""One console per user and settings file: a second start brings the running window forward.

QtCore only (the core's rule): a ``QLockFile`` says whether a console runs already (a lock left
by a crashed console is taken over: QLockFile checks that its process is still alive), and a
small "wake" file beside it carries the second start's request: the running console watches it
with ``QFileSystemWatcher`` and emits ``activation_requested``; the window then shows itself,
un-minimised and raised. The second start exits with status 0 after saying so.

The lock belongs to the settings file: the demo (its own profile) and a console on another
settings file may run beside the real one.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QLockFile, QObject, Signal

log = logging.getLogger("console.infrastructure.single_instance")

WAKE_TIMEOUT_S = 5.0


def lock_paths(settings_path: Path, folder: Path) -> tuple[Path, Path]:
    """(lock file, wake file) for the console of ``settings_path``."""
    digest = hashlib.sha1(str(settings_path.expanduser().resolve()).encode("utf-8")).hexdigest()[:12]
    return folder / f"instance-{digest}.lock", folder / f"instance-{digest}.wake"


class SingleInstance(QObject):
    activation_requested = Signal()

    def __init__(self, settings_path: Path, folder: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        folder.mkdir(parents=True, exist_ok=True)
        self.lock_path, self.wake_path = lock_paths(settings_path, folder)
        self._lock = QLockFile(str(self.lock_path))
        self._lock.setStaleLockTime(0)  # never stale by age: only a dead owner makes it stale
        self._watcher: QFileSystemWatcher | None = None

    def acquire(self) -> bool:
        """True: this is the only console (keep the object alive); False: another one runs."""
        if not self._lock.tryLock(100):
            return False
        self.wake_path.write_text("", encoding="utf-8")
        self._watcher = QFileSystemWatcher([str(self.wake_path)], self)
        self._watcher.fileChanged.connect(self._woken)
        return True

    def release(self) -> None:
        if self._watcher is not None:
            self._watcher.removePaths(self._watcher.files())
            self._watcher = None
        self._lock.unlock()

    def _woken(self, path: str) -> None:
        if self._watcher is not None and path not in self._watcher.files() and os.path.exists(path):
            self._watcher.addPath(path)  # some editors and tools replace files: watch the new one
        try:
            request = Path(path).read_text(encoding="utf-8").strip()
        except OSError:
            request = ""
        if request:
            log.info("another start asked for this console's window (%s)", request.splitlines()[-1])
            self.activation_requested.emit()


def wake_running(settings_path: Path, folder: Path) -> bool:
    """From a second start: ask the running console to show its window. False when no console
    holds the lock (then this start should run itself)."""
    lock_path, wake_path = lock_paths(settings_path, folder)
    probe = QLockFile(str(lock_path))
    probe.setStaleLockTime(0)
    if probe.tryLock(0):
        probe.unlock()
        return False
    with open(wake_path, "a", encoding="utf-8") as f:
        f.write(f"pid {os.getpid()} at {time.strftime('%Y-%m-%d %H:%M:%S')}\n")
    return True
