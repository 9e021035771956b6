"""Notes on an alarm occurrence: what someone wrote about it while it was worked, or afterwards.

A note belongs to one occurrence (``occurrence_id``), has its own id (``note_id``, made where it
was written, so that the broker's copy and the duty log's row are told apart from every other
note and a note that arrives twice is shown once), its author, workstation, time and shift.
Plain Python: the service (console/services/notes.py) records and shares it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

TEXT_LIMIT = 2000  # characters of one note (the duty log's column and the broker message hold this many)
# Why a note was refused (``SharedNotes.refused``).
NOT_SIGNED_IN = "sign-in"
NOT_PERMITTED = "not-permitted"
NOTE_EMPTY = "note_empty"
NOTE_TOO_LONG = "note_too_long"


@dataclass(frozen=True)
class AlarmNote:
    note_id: str
    occurrence_id: str
    key: str  # enterprise/point/condition
    author: str  # the account's name
    station: str
    at: float
    text: str
    shift: str = ""


def new_note_id() -> str:
    return uuid.uuid4().hex


def check_note_text(text: str) -> str | None:
    """The refusal for a note's text (``NOTE_EMPTY``, ``NOTE_TOO_LONG``), or None."""
    if not text.strip():
        return NOTE_EMPTY
    if len(text) > TEXT_LIMIT:
        return NOTE_TOO_LONG
    return None


def in_order(notes: list[AlarmNote]) -> list[AlarmNote]:
    """Oldest first, one per note id (a note seen from the duty log and from the broker is one)."""
    seen: dict[str, AlarmNote] = {}
    for note in notes:
        seen.setdefault(note.note_id, note)
    return sorted(seen.values(), key=lambda n: (n.at, n.note_id))
