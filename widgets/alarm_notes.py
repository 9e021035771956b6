"""The Notes tab of the alarm detail: the selected alarm's notes, oldest first, and a field to
write one (console/services/notes.py records and shares it; a refusal is said under the field)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QTableWidget,
                               QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget)

from console.domain.alarms import Alarm
from console.domain.notes import NOT_PERMITTED, NOT_SIGNED_IN, NOTE_EMPTY, NOTE_TOO_LONG, TEXT_LIMIT

if TYPE_CHECKING:  # the service the shell hands in (types only: widgets never build it)
    from console.services.notes import SharedNotes


def refusal_text(reason: str) -> str:
    return {
        NOT_SIGNED_IN: QCoreApplication.translate("AlarmNotes", "Sign in to write a note."),
        NOT_PERMITTED: QCoreApplication.translate("AlarmNotes", "This account may not write notes."),
        NOTE_EMPTY: QCoreApplication.translate("AlarmNotes", "Write the note first."),
        NOTE_TOO_LONG: QCoreApplication.translate("AlarmNotes", "A note holds at most %1 characters.").replace("%1", str(TEXT_LIMIT)),
    }.get(reason, reason)


class AlarmNotesTab(QWidget):
    """Adds itself as a tab of ``tabs`` (the alarm detail's)."""

    def __init__(self, notes: SharedNotes, tabs: QTabWidget | None = None) -> None:
        super().__init__()
        self.setObjectName("detailNotes")
        self._notes = notes
        self.alarm: Alarm | None = None
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("notesTable")
        self.table.setHorizontalHeaderLabels([self.tr("Time"), self.tr("Written by"), self.tr("Station"), self.tr("Note")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.input = QLineEdit()
        self.input.setObjectName("noteInput")
        self.input.setMaxLength(TEXT_LIMIT)
        self.input.setPlaceholderText(self.tr("A note on this alarm, for the other desks and the next shift"))
        self.add_button = QPushButton(self.tr("Add note"))
        self.add_button.setObjectName("addNote")
        self.feedback = QLabel()
        self.feedback.setObjectName("noteFeedback")
        self.feedback.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.input, 1)
        row.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(self.feedback)
        self.add_button.clicked.connect(self._add)
        self.input.returnPressed.connect(self._add)
        notes.changed.connect(self._changed)
        notes.refused.connect(lambda reason: self.feedback.setText(refusal_text(reason)))
        notes.failed.connect(lambda _occurrence, error: self.feedback.setText(self.tr("The note could not be stored: %1").replace("%1", error)))
        if tabs is not None:
            tabs.addTab(self, self.tr("Notes"))
        self.show_alarm(None)

    def show_alarm(self, alarm: Alarm | None) -> None:
        """Show this alarm's notes (those known here at once; the duty log's when they are read)."""
        changed = (alarm.occurrence_id if alarm else None) != (self.alarm.occurrence_id if self.alarm else None)
        self.alarm = alarm
        self.input.setEnabled(alarm is not None)
        self.add_button.setEnabled(alarm is not None)
        if changed:
            self.feedback.clear()
        self._fill()
        if alarm is not None and changed:
            self._notes.request(alarm.occurrence_id)

    def _changed(self, occurrence_id: str) -> None:
        if self.alarm is not None and occurrence_id == self.alarm.occurrence_id:
            self._fill()

    def _fill(self) -> None:
        notes = self._notes.notes(self.alarm.occurrence_id) if self.alarm is not None else []
        self.table.setRowCount(len(notes))
        for i, note in enumerate(notes):
            when = dt.datetime.fromtimestamp(note.at).astimezone().strftime("%Y-%m-%d %H:%M:%S")
            for column, text in enumerate((when, note.author, note.station, note.text)):
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
                self.table.setItem(i, column, item)

    def _add(self) -> None:
        if self.alarm is None:
            return
        if self._notes.add(self.alarm.occurrence_id, self.alarm.key, self.input.text()) is not None:
            self.input.clear()
            self.feedback.clear()
