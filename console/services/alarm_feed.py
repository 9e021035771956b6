"""The alarm book as Qt signals, for the widgets (they never see the book's internals).

The GUI's own receivers of every change (the alarm lists, the overview, the trends' alarm marks,
the notifier) ``listen`` with a plain call instead of connecting to ``changed``: a Qt signal costs
some microseconds per receiver per change, which a flood of ten thousand alarms multiplies into
the window's time (issue 16). A listener goes with its QObject: once deleted, it is dropped."""

from __future__ import annotations

import logging
import weakref
from typing import Any, Callable

import shiboken6
from PySide6.QtCore import QObject, Signal

from console.domain.alarms import Alarm, AlarmBook, AlarmChange
from console.infrastructure.logs import FailureLog

log = logging.getLogger("console.services.alarm_feed")


class AlarmFeed(QObject):
    changed = Signal(object)  # AlarmChange
    counts_changed = Signal(int, int)  # active, unacknowledged
    hidden_counts_changed = Signal(int, int)  # shelved, out of service

    def __init__(self, book: AlarmBook, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._book = book
        self._counts = (0, 0)
        self._hidden = (0, 0)
        self._listeners: list[weakref.WeakMethod] = []
        self.failures = FailureLog(log)
        book.subscribe(self._on_change)

    def listen(self, slot: Callable[[AlarmChange], Any]) -> None:
        """Call ``slot(change)`` (a method of a QObject) for every change, in the order listened,
        before ``changed`` is emitted; a listener that fails costs the others nothing."""
        self._listeners.append(weakref.WeakMethod(slot))

    def alarms(self) -> list[Alarm]:
        return self._book.alarms()

    def get(self, key: str) -> Alarm | None:
        return self._book.get(key)

    def counts(self) -> tuple[int, int]:
        return self._counts

    def hidden_counts(self) -> tuple[int, int]:
        return self._hidden

    def _on_change(self, change: AlarmChange) -> None:
        gone = False
        for ref in self._listeners:
            slot = ref()
            if slot is None or not shiboken6.isValid(slot.__self__):
                gone = True
                continue
            try:
                slot(change)
            except Exception as exc:  # as a Qt slot's failure: the other receivers still hear of it
                self.failures.failed(f"alarm listener {slot.__qualname__}", exc)
        if gone:
            self._listeners = [ref for ref in self._listeners if (s := ref()) is not None and shiboken6.isValid(s.__self__)]
        self.changed.emit(change)
        counts = self._book.counts()
        if counts != self._counts:
            self._counts = counts
            self.counts_changed.emit(*counts)
        hidden = self._book.hidden_counts()
        if hidden != self._hidden:
            self._hidden = hidden
            self.hidden_counts_changed.emit(*hidden)
