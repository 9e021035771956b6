"""A test must not leave a QTimer running or a QThread working after its teardown.

Such a leftover belongs to a console or widget the test has closed: it keeps ticking into closed
objects during later tests, and if its owner is then freed on another thread Qt cannot stop it
and delivers the next tick to freed memory (see console/infrastructure/gui_thread_gc.py).

Imported by tests/conftest.py before anything else imports QtCore's names: ``QTimer`` becomes a
subclass that remembers its instances (weakly; napari's test suite does the same), and
``QThread.start`` remembers the threads started.
"""

from __future__ import annotations

import time
import weakref
from typing import Any, Callable

from PySide6 import QtCore

SETTLE_S = 1.0  # after teardown, how long short timers and stopping threads may take to finish

_timers: list[weakref.ref] = []
_threads: list[weakref.ref] = []


class TrackedTimer(QtCore.QTimer):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _timers.append(weakref.ref(self))


_start_thread = QtCore.QThread.start


def _tracked_start(self: QtCore.QThread, *args: Any, **kwargs: Any) -> None:
    _threads.append(weakref.ref(self))
    _start_thread(self, *args, **kwargs)


def install() -> None:
    QtCore.QTimer = TrackedTimer  # type: ignore[misc]
    QtCore.QThread.start = _tracked_start  # type: ignore[method-assign]


def forget() -> None:
    """A test begins: what earlier tests made is not its business."""
    _timers.clear()
    _threads.clear()


def _live(refs: list[weakref.ref], busy: Callable[[Any], bool]) -> list[Any]:
    found = []
    for ref in refs:
        obj = ref()
        if obj is None:
            continue
        try:
            if busy(obj):
                found.append(obj)
        except RuntimeError:  # its C++ object is deleted: nothing runs
            pass
    return found


def _describe(obj: Any) -> str:
    try:
        parent = obj.parent()
        owner = type(parent).__name__ if parent is not None else "no parent"
        if isinstance(obj, QtCore.QTimer):
            return f"QTimer every {obj.interval()} ms ({owner})"
        return f"{type(obj).__name__} ({owner})"
    except RuntimeError:
        return type(obj).__name__


def leftovers(settle_s: float = SETTLE_S) -> list[str]:
    """Timers still active and threads still running, once widgets closed by pytest-qt are
    deleted and short timers had ``settle_s`` to fire; described for the failure message."""
    app = QtCore.QCoreApplication.instance()
    if app is None:
        return []
    deadline = time.monotonic() + settle_s
    while True:
        QtCore.QCoreApplication.sendPostedEvents(None, QtCore.QEvent.Type.DeferredDelete)
        timers = _live(_timers, lambda t: t.isActive())
        threads = _live(_threads, lambda t: t.isRunning())
        if not (timers or threads) or time.monotonic() > deadline:
            return [_describe(o) for o in timers + threads]
        loop = QtCore.QEventLoop()  # let them fire or finish: events, not a sleep
        QtCore.QTimer.singleShot(10, loop.quit)
        loop.exec()
