"""The alarm book as Qt signals, for the widgets (they never see the book's internals)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from console.domain.alarms import Alarm, AlarmBook, AlarmChange


class AlarmFeed(QObject):
    changed = Signal(object)  # AlarmChange
    counts_changed = Signal(int, int)  # active, unacknowledged
    hidden_counts_changed = Signal(int, int)  # shelved, out of service

    def __init__(self, book: AlarmBook, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._book = book
        self._counts = (0, 0)
        self._hidden = (0, 0)
        book.subscribe(self._on_change)

    def alarms(self) -> list[Alarm]:
        return self._book.alarms()

    def get(self, key: str) -> Alarm | None:
        return self._book.get(key)

    def counts(self) -> tuple[int, int]:
        return self._counts

    def hidden_counts(self) -> tuple[int, int]:
        return self._hidden

    def _on_change(self, change: AlarmChange) -> None:
        self.changed.emit(change)
        counts = self._book.counts()
        if counts != self._counts:
            self._counts = counts
            self.counts_changed.emit(*counts)
        hidden = self._book.hidden_counts()
        if hidden != self._hidden:
            self._hidden = hidden
            self.hidden_counts_changed.emit(*hidden)
