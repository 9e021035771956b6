"""Notes on alarms in the duty log: the ``alarm_notes`` row, its history row (``note``) and its
audit entry (``alarm.note``), written together in the writer's one transaction (a ``journal``
record, so that they wait in the local journal while the log is unreachable).

Each note is recorded once, by the workstation where it was written; the others receive it from
the broker and only show it. A note already on record (its ``note_id``: a commit whose answer
was lost, replayed from the journal) is not written again.
"""

from __future__ import annotations

from sqlalchemy import select

from console.domain.notes import AlarmNote
from console.infrastructure.store.audit import AuditEntry, AuditLog
from console.infrastructure.store.dutylog import DutyLog
from console.infrastructure.store.schema import HistoryRecord, NoteRecord, utc

EXCERPT = 200  # characters of the note in its history row (the whole text is in its own row and the audit entry)


def record_note(log: DutyLog, note: AlarmNote) -> bool:
    """The note, its history row and its audit entry; False when it is on record already."""
    if log.s.scalar(select(NoteRecord.id).where(NoteRecord.note_id == note.note_id)) is not None:
        return False
    log.s.add(NoteRecord(note_id=note.note_id, alarm_id=note.occurrence_id, alarm_key=note.key, author=note.author,
                         station=note.station, shift=note.shift, written_at=utc(note.at), text=note.text))
    log.s.add(HistoryRecord(alarm_id=note.occurrence_id, event="note", at=utc(note.at), operator=note.author,
                            station=note.station, detail=note.text[:EXCERPT], shift=note.shift))
    AuditLog(log.s).append_many([AuditEntry("alarm.note", note.occurrence_id, note.author, note.station,
                                            {"key": note.key, "note_id": note.note_id, "text": note.text}, note.at)])
    return True


def _note(row: NoteRecord) -> AlarmNote:
    return AlarmNote(row.note_id, row.alarm_id, row.alarm_key, row.author, row.station, row.written_at.timestamp(), row.text,
                     row.shift)


def notes_of(log: DutyLog, occurrence_ids: list[str]) -> list[AlarmNote]:
    """The notes of these occurrences, oldest first."""
    if not occurrence_ids:
        return []
    rows = log.s.scalars(select(NoteRecord).where(NoteRecord.alarm_id.in_(occurrence_ids))
                         .order_by(NoteRecord.written_at, NoteRecord.id))
    return [_note(r) for r in rows]


def notes_between(log: DutyLog, since: float, until: float) -> list[AlarmNote]:
    """Notes written in [since, until), oldest first (the handover report's)."""
    rows = log.s.scalars(select(NoteRecord).where(NoteRecord.written_at >= utc(since), NoteRecord.written_at < utc(until))
                         .order_by(NoteRecord.written_at, NoteRecord.id))
    return [_note(r) for r in rows]
