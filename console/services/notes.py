"""Notes on alarms, written by anyone signed in, recorded once and shared by every workstation.

``add(occurrence_id, key, text)``: the signed-in user (``user_rules.may_add_note``; refused and
audited otherwise) writes a note on an alarm occurrence, open or closed. It is written to the duty
log — the ``alarm_notes`` row, its history row and its ``alarm.note`` audit entry in one
transaction (console/infrastructure/store/note_log.py) — and, once written (or kept in the local
journal while the log is unreachable), published on ``…/{enterprise}/notes/{point}`` (QoS 1).
The other workstations receive it through the intake (``on_remote``) and show it without
recording it again. Notes known here (written here, received, or read from the duty log) are
kept per occurrence, a bounded number of occurrences, and announced with ``changed``.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from functools import partial
from typing import Callable

from PySide6.QtCore import QObject, Signal

from console.domain import protocol
from console.domain.notes import NOT_PERMITTED, NOT_SIGNED_IN, AlarmNote, check_note_text, in_order, new_note_id
from console.domain.user_rules import may_add_note
from console.infrastructure.store import journal
from console.infrastructure.store.dutylog import Operator
from console.infrastructure.store.note_log import notes_of
from console.infrastructure.store.writer import DutyLogWriter
from console.services.access import REFUSED, refusal
from console.services.duty import AuditSink

log = logging.getLogger("console.services.notes")

Publish = Callable[[str, bytes], None]  # (topic, payload), QoS 1
KEPT_OCCURRENCES = 2000  # occurrences whose notes are kept in memory (the duty log has them all)


class SharedNotes(QObject):
    changed = Signal(str)  # occurrence id: its notes known here changed (call ``notes``)
    refused = Signal(str)  # reason: console.domain.notes.NOT_SIGNED_IN, NOT_PERMITTED, NOTE_EMPTY, NOTE_TOO_LONG
    failed = Signal(str, str)  # occurrence id, error: the note could not be stored

    def __init__(self, writer: DutyLogWriter, publish: Publish, topics: protocol.Topics, station: str,
                 clock: Callable[[], float], signed_in: Callable[[], Operator | None], audit: AuditSink,
                 shift_of: Callable[[float], str] = lambda _at: "", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._writer = writer
        self._publish = publish
        self._topics = topics
        self._station = station
        self._clock = clock
        self._signed_in = signed_in
        self._audit = audit
        self._shift_of = shift_of
        self._known: OrderedDict[str, dict[str, AlarmNote]] = OrderedDict()

    # -- reading ---------------------------------------------------------------------------
    def notes(self, occurrence_id: str) -> list[AlarmNote]:
        """The notes of this occurrence known here, oldest first."""
        return in_order(list(self._known.get(occurrence_id, {}).values()))

    def request(self, occurrence_id: str) -> None:
        """Read the occurrence's notes from the duty log (on the writer thread); ``changed`` when they are in."""
        self._writer.submit(lambda log_: notes_of(log_, [occurrence_id]), partial(self._loaded, occurrence_id),
                            partial(self._not_loaded, occurrence_id))

    def _loaded(self, occurrence_id: str, notes: list[AlarmNote]) -> None:
        self._keep(occurrence_id, notes)
        self.changed.emit(occurrence_id)

    def _not_loaded(self, occurrence_id: str, error: BaseException) -> None:
        log.warning("notes of %s not read from the duty log: %s", occurrence_id, error)

    def _keep(self, occurrence_id: str, notes: list[AlarmNote]) -> None:
        kept = self._known.setdefault(occurrence_id, {})
        for note in notes:
            kept.setdefault(note.note_id, note)
        self._known.move_to_end(occurrence_id)
        while len(self._known) > KEPT_OCCURRENCES:
            self._known.popitem(last=False)

    # -- writing here ------------------------------------------------------------------------
    def add(self, occurrence_id: str, key: str, text: str) -> AlarmNote | None:
        """Write a note as the signed-in user; None when refused (``refused`` says why)."""
        user = self._signed_in()
        if user is None:
            self.refused.emit(NOT_SIGNED_IN)
            return None
        if not may_add_note(user.role):
            actor, detail = refusal(user, "alarm.note")
            self._audit(REFUSED, actor, detail, occurrence_id)
            self.refused.emit(NOT_PERMITTED)
            return None
        text = text.strip()
        problem = check_note_text(text)
        if problem is not None:
            self.refused.emit(problem)
            return None
        at = self._clock()
        note = AlarmNote(new_note_id(), occurrence_id, key, user.name, self._station, at, text, self._shift_of(at))
        self._writer.submit(journal.note(note), partial(self._written, note), partial(self._not_written, note),
                            partial(self._held, note))
        return note

    def _held(self, note: AlarmNote) -> None:
        """Kept in the local journal (on disk): shown and shared now, written when the log answers."""
        self._shown(note)

    def _written(self, note: AlarmNote, _first: object) -> None:
        if note.note_id in self._known.get(note.occurrence_id, {}):  # shown when it was held
            return
        self._shown(note)

    def _shown(self, note: AlarmNote) -> None:
        self._keep(note.occurrence_id, [note])
        enterprise, point, _condition = note.key.split("/")
        self._publish(self._topics.note(enterprise, point), protocol.encode_note(note))
        log.info("note on alarm %s by %s", note.key, note.author)
        self.changed.emit(note.occurrence_id)

    def _not_written(self, note: AlarmNote, error: BaseException) -> None:
        log.error("note on %s could not be stored: %s", note.key, error)
        self.failed.emit(note.occurrence_id, str(error))

    # -- written elsewhere -----------------------------------------------------------------
    def on_remote(self, event: protocol.NoteEvent) -> None:
        """A note from the broker (another workstation's, or our own coming back): shown, never recorded here."""
        note = event.note
        if note.note_id in self._known.get(note.occurrence_id, {}):
            return
        self._keep(note.occurrence_id, [note])
        self.changed.emit(note.occurrence_id)

