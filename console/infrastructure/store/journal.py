"""The local journal: duty-log records kept on this workstation while the duty log cannot be reached.

What the console writes to the duty log as a matter of record (acknowledgments, handlings,
clearances, the recorder's alarm rows and audit entries, silences, point service changes,
presence checks) is submitted to the writer as a ``Record``: a named kind with its arguments,
callable like any other writer job (``record(log)``), and serialisable. When the duty log is
unreachable (PostgreSQL stopped, network cut) the writer keeps such records, in order, in a small
SQLite file of its own in the data directory (``Journal``), and writes them when the log answers
again; closures (queries, user administration) cannot be kept and fail at once. See
docs/journal.md.

A record is turned into JSON only when it goes into the journal file, never on the normal path.
Each kind says how to write it (``apply``), how to find what stands when it was written already
(``recall``: a commit whose answer was lost), and how it is encoded and decoded.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import re
import sqlite3
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Callable, Sequence

from PySide6.QtCore import QObject, Signal

from console.domain.alarms import Acknowledgment, Clearance, Handling, HandlingCategory, Shelf
from console.domain.notes import AlarmNote
from console.domain.presence import PresenceResult, PresenceStatus
from console.infrastructure.store.audit import AuditEntry, AuditLog
from console.infrastructure.store.dutylog import DutyLog
from console.infrastructure.store.note_log import record_note
from console.infrastructure.store.shelf_log import ShelfEnd, ShelfStart, end_shelf, record_shelf

log = logging.getLogger("console.infrastructure.store.journal")


# -- record kinds ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Kind:
    name: str
    apply: Callable[..., Any]  # apply(log, *args) -> result, inside the writer's transaction
    encode: Callable[..., Any]  # encode(*args) -> JSON-ready value
    decode: Callable[[Any], tuple]  # decode(value) -> args
    recall: Callable[..., Any] | None = None  # recall(log, *args) -> the result when already written
    apply_held: Callable[..., Any] | None = None  # apply for a record that waited in the journal (default: apply)


KINDS: dict[str, Kind] = {}


def _kind(kind: Kind) -> Kind:
    KINDS[kind.name] = kind
    return kind


@dataclass(frozen=True, slots=True, eq=False)
class Record:
    """A duty-log job that can wait in the local journal: ``record(log)`` writes it."""

    kind: str
    args: tuple

    def __call__(self, log_: DutyLog) -> Any:
        return KINDS[self.kind].apply(log_, *self.args)

    def apply(self, log_: DutyLog, held: bool) -> Any:
        """Write it; ``held``: it waited in the journal, so the operator was shown it already
        (an acknowledgment that comes second then still leaves its history row and audit entry:
        what this workstation showed)."""
        kind = KINDS[self.kind]
        if held and kind.apply_held is not None:
            return kind.apply_held(log_, *self.args)
        return kind.apply(log_, *self.args)

    def recall(self, log_: DutyLog) -> Any:
        """What stands for this record, which was written already (its answer lost)."""
        kind = KINDS[self.kind]
        return kind.recall(log_, *self.args) if kind.recall is not None else None

    def encode(self) -> str:
        return json.dumps(KINDS[self.kind].encode(*self.args), ensure_ascii=False, default=_json_default)

    @staticmethod
    def decode(kind: str, text: str) -> "Record":
        if kind not in KINDS:
            raise ValueError(f"unknown journal record kind {kind!r}")
        return Record(kind, KINDS[kind].decode(json.loads(text, object_hook=_json_object)))

    def __repr__(self) -> str:
        return f"Record({self.kind})"


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise ValueError("naive datetime in a journal record")
        return {"$utc": value.astimezone(dt.timezone.utc).isoformat()}
    raise TypeError(f"{type(value).__name__} cannot go into the journal")


def _json_object(value: dict) -> Any:
    if len(value) == 1 and "$utc" in value:
        return dt.datetime.fromisoformat(value["$utc"])
    return value


# -- what an action leaves besides its own row ------------------------------------------------
@dataclass(frozen=True)
class Trail:
    """An operator action's history rows (dicts of alarm_history's columns, as the recorder makes
    them) and audit entries: written by the action's own record, in its transaction, so that the
    row, its history and its audit entry are on disk together or not at all."""

    history: tuple[dict, ...] = ()
    audit: tuple[AuditEntry, ...] = ()

    def __add__(self, other: "Trail") -> "Trail":
        return Trail(self.history + other.history, self.audit + other.audit)

    def write(self, log_: DutyLog) -> None:
        if self.history:
            log_.record_batch([], [], list(self.history))
        if self.audit:
            AuditLog(log_.s).append_many(self.audit)

    def encode(self) -> dict:
        return {"history": list(self.history), "audit": [asdict(e) for e in self.audit]}

    @staticmethod
    def decode(value: dict | None) -> "Trail":
        """``None``: a record kept by an earlier version, whose trail went as a record of its own."""
        if not value:
            return Trail()
        return Trail(tuple(dict(h) for h in value["history"]), tuple(_entry(e) for e in value["audit"]))


NO_TRAIL = Trail()


def _standing(log_: DutyLog, ours: Any, standing: Any, trail: Trail, held: bool) -> Any:
    """The trail goes with our record when ours stands, or when the operator was shown it already
    (``held``: it waited in the journal). When another workstation's came first and ours was never
    shown, the desk shows the one that stands and the recorder records that one."""
    if standing == ours or held:
        trail.write(log_)
    return standing


def _lifecycle_kind(name: str, store: Callable[[DutyLog, Any], Any], stored: Callable[[DutyLog, str], Any],
                    encode: Callable[[Any], dict], decode: Callable[[dict], Any]) -> Kind:
    """An acknowledgment, handling or clearance with its trail: the one that stands is returned
    (another workstation's when it came first)."""
    return _kind(Kind(
        name,
        lambda log_, record, trail=NO_TRAIL: _standing(log_, record, store(log_, record), trail, held=False),
        lambda record, trail=NO_TRAIL: {**encode(record), "trail": trail.encode()},
        lambda value: (decode({k: v for k, v in value.items() if k != "trail"}), Trail.decode(value.get("trail"))),
        lambda log_, record, trail=NO_TRAIL: stored(log_, record.occurrence_id) or record,
        lambda log_, record, trail=NO_TRAIL: _standing(log_, record, store(log_, record), trail, held=True),
    ))


_lifecycle_kind("ack", lambda log_, ack: log_.record_ack(ack), lambda log_, occ: log_.ack_of(occ),
                asdict, lambda value: Acknowledgment(**value))


def ack(acknowledgment: Acknowledgment, trail: Trail = NO_TRAIL) -> Record:
    return Record("ack", (acknowledgment, trail))


_lifecycle_kind("handling", lambda log_, handling: log_.record_handling(handling), lambda log_, occ: log_.handling_of(occ),
                lambda handling: {**asdict(handling), "category": handling.category.value},
                lambda value: Handling(**{**value, "category": HandlingCategory(value["category"])}))


def handling(record: Handling, trail: Trail = NO_TRAIL) -> Record:
    return Record("handling", (record, trail))


_lifecycle_kind("clearance", lambda log_, clearance: log_.record_clearance(clearance), lambda log_, occ: log_.clearance_of(occ),
                asdict, lambda value: Clearance(**value))


def clearance(record: Clearance, trail: Trail = NO_TRAIL) -> Record:
    return Record("clearance", (record, trail))


def _apply_alarm_changes(log_: DutyLog, alarms: list[dict], returns: list[tuple[str, float | None]], history: list[dict],
                         closes: Sequence[tuple[str, float]], overdue: Sequence[tuple[str, str, float]],
                         audit: Sequence[AuditEntry]) -> None:
    log_.record_batch(alarms, returns, history, closes, overdue)
    if audit:
        AuditLog(log_.s).append_many(audit)


def _entry(value: dict) -> AuditEntry:
    return AuditEntry(value["action"], value["subject"], value["actor"], value["station"], value["detail"], value["at"])


_kind(Kind(
    "alarm_changes",
    _apply_alarm_changes,
    lambda alarms, returns, history, closes, overdue, audit: {
        "alarms": alarms, "returns": returns, "history": history, "closes": closes, "overdue": overdue,
        "audit": [asdict(e) for e in audit],
    },
    lambda v: ([dict(a) for a in v["alarms"]], [tuple(r) for r in v["returns"]], [dict(h) for h in v["history"]],
               [tuple(c) for c in v["closes"]], [tuple(o) for o in v["overdue"]], [_entry(e) for e in v["audit"]]),
))


def alarm_changes(alarms: list[dict], returns: list, history: list[dict], closes: list, overdue: list,
                  audit: list[AuditEntry]) -> Record:
    """The recorder's bulk job: new occurrences, returns, history rows, closes, deadlines
    missed, and their audit entries, in one transaction."""
    return Record("alarm_changes", (alarms, returns, history, closes, overdue, audit))


_kind(Kind(
    "audit",
    lambda log_, entry: AuditLog(log_.s).append_many([entry])[0],
    lambda entry: asdict(entry),
    lambda value: (_entry(value),),
))


def audit(entry: AuditEntry) -> Record:
    return Record("audit", (entry,))


_kind(Kind(
    "silence",
    lambda log_, station, operator, at, keys, trail=NO_TRAIL: (log_.record_silence(station, operator, at, keys), trail.write(log_))[0],
    lambda station, operator, at, keys, trail=NO_TRAIL: {"station": station, "operator": operator, "at": at, "keys": list(keys),
                                                        "trail": trail.encode()},
    lambda v: (v["station"], v["operator"], v["at"], list(v["keys"]), Trail.decode(v.get("trail"))),
))


def silence(station: str, operator: str, at: float, keys: list[str], trail: Trail = NO_TRAIL) -> Record:
    """The horn silenced, with its audit entry (``trail``)."""
    return Record("silence", (station, operator, at, list(keys), trail))


def _apply_point_service(log_: DutyLog, enterprise: str, point: str, out: bool, person: str, reason: str, at: float,
                         station: str, trail: Trail = NO_TRAIL) -> None:
    log_.record_point_service(enterprise, point, out, person, reason, at, station)
    trail.write(log_)


_kind(Kind(
    "point_service",
    _apply_point_service,
    lambda enterprise, point, out, person, reason, at, station, trail=NO_TRAIL: {
        "enterprise": enterprise, "point": point, "out": bool(out), "person": person, "reason": reason, "at": at,
        "station": station, "trail": trail.encode()},
    lambda v: (v["enterprise"], v["point"], v["out"], v["person"], v["reason"], v["at"], v["station"], Trail.decode(v.get("trail"))),
))


def point_service(enterprise: str, point: str, out: bool, person: str, reason: str, at: float, station: str,
                  trail: Trail = NO_TRAIL) -> Record:
    """A point taken out of / returned to service, with the history rows and audit entries of its
    alarms and of the point (``trail``)."""
    return Record("point_service", (enterprise, point, out, person, reason, at, station, trail))


_kind(Kind(
    "shelf",
    record_shelf,
    lambda start: asdict(start),
    lambda v: (ShelfStart(**{**v, "shelf": Shelf(**v["shelf"])}),),
))


def shelf(start: ShelfStart) -> Record:
    """A shelving with its history row and audit entry (console/infrastructure/store/shelf_log.py)."""
    return Record("shelf", (start,))


_kind(Kind(
    "shelf_end",
    end_shelf,
    lambda end: asdict(end),
    lambda v: (ShelfEnd(**v),),
    lambda _log, _end: False,  # written already: reported as not ours to publish again
))


def shelf_end(end: ShelfEnd) -> Record:
    """A shelving's end, written only when it is the first (result: True) with its history row and audit entry."""
    return Record("shelf_end", (end,))


_kind(Kind(
    "presence",
    lambda log_, result, station, shift, trail=NO_TRAIL: (log_.record_presence(result, station, shift), trail.write(log_))[0],
    lambda result, station, shift, trail=NO_TRAIL: {"result": {**asdict(result), "status": result.status.value},
                                                   "station": station, "shift": shift, "trail": trail.encode()},
    lambda v: (PresenceResult(**{**v["result"], "status": PresenceStatus(v["result"]["status"])}), v["station"], v["shift"],
               Trail.decode(v.get("trail"))),
))


def presence(result: PresenceResult, station: str, shift: str, trail: Trail = NO_TRAIL) -> Record:
    """A presence check's outcome, with its audit entry (``trail``)."""
    return Record("presence", (result, station, shift, trail))


_kind(Kind(
    "note",
    record_note,
    lambda note: asdict(note),
    lambda v: (AlarmNote(**v),),
    lambda _log, _note: False,  # written already (its answer lost): on record once
))


def note(record: AlarmNote) -> Record:
    """A note on an alarm with its history row and audit entry (console/infrastructure/store/note_log.py)."""
    return Record("note", (record,))


# -- the journal file -----------------------------------------------------------------------
@dataclass
class Entry:
    """A record read back from the journal file."""

    seq: int
    rid: str
    record: Record


class Journal:
    """Records waiting for the duty log, in order, in a SQLite file (``path``; None: in memory
    only, for writers without a data directory). Used by the writer thread only.

    The file is created at the first record held and removed once it is empty again, so that a
    workstation whose log always answers never touches it. Each append is one durable commit
    (synchronous=FULL): a record the operator saw kept is on disk. Records that could not be
    written at all (a bad record, refused by the duty log) move to its ``rejected`` table, with
    the reason, for an administrator to look at.
    """

    def __init__(self, path: str | Path | None) -> None:
        self.path = Path(path) if path is not None else None
        self._db: sqlite3.Connection | None = None
        self._seq = 0  # memory-only journal
        self.rejected = 0

    @classmethod
    def for_log(cls, directory: str | Path, station: str, url: str) -> "Journal":
        """The journal of this workstation for this duty log (its own file per log URL, so a
        record is never replayed into another log after the settings changed)."""
        from sqlalchemy.engine import make_url

        target = make_url(url).set(password=None).render_as_string(hide_password=False)
        digest = hashlib.sha256(target.encode("utf-8")).hexdigest()[:10]
        name = re.sub(r"[^\w.-]", "_", station, flags=re.ASCII) or "station"
        return cls(Path(directory) / "journal" / f"{name}-{digest}.sqlite")

    @property
    def where(self) -> str:
        return str(self.path) if self.path is not None else "memory"

    # -- file ----------------------------------------------------------------------------
    def _open(self, create: bool) -> sqlite3.Connection | None:
        if self._db is not None or self.path is None:
            return self._db
        if not create and not self.path.exists():
            return None
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.execute("CREATE TABLE IF NOT EXISTS pending (seq INTEGER PRIMARY KEY AUTOINCREMENT, rid TEXT NOT NULL UNIQUE, "
                   "kind TEXT NOT NULL, data TEXT NOT NULL, held_at REAL NOT NULL)")
        db.execute("CREATE TABLE IF NOT EXISTS rejected (seq INTEGER PRIMARY KEY, rid TEXT NOT NULL, kind TEXT NOT NULL, "
                   "data TEXT NOT NULL, held_at REAL NOT NULL, rejected_at REAL NOT NULL, reason TEXT NOT NULL)")
        self._db = db
        return db

    def load(self) -> list[Entry]:
        """The records an earlier run left, in order (a record that cannot be read is rejected)."""
        db = self._open(create=False)
        if db is None:
            return []
        entries = []
        for seq, rid, kind, data in db.execute("SELECT seq, rid, kind, data FROM pending ORDER BY seq").fetchall():
            try:
                entries.append(Entry(seq, rid, Record.decode(kind, data)))
            except (ValueError, TypeError, KeyError) as exc:
                log.error("journal record %d (%s) cannot be read, set aside: %s", seq, kind, exc)
                self._move_to_rejected(db, seq, f"unreadable: {exc}")
        if not entries:
            self._remove_if_empty()
        return entries

    def append(self, records: list[tuple[str, Record]]) -> list[int | None]:
        """Keep these records (rid, record), durably, in one commit; their seqs (None: could only
        be kept in memory: it could not be encoded, or there is no file)."""
        if self.path is None:
            return [self._next_seq() for _ in records]
        rows: list[tuple[str, str, str, float] | None] = []
        seqs: list[int | None] = []
        for rid, record in records:
            try:
                rows.append((rid, record.kind, record.encode(), time.time()))
            except (TypeError, ValueError) as exc:
                log.error("a %s record cannot be kept in the journal file (kept in memory only): %s", record.kind, exc)
                rows.append(None)
        db = self._open(create=True)
        assert db is not None  # there is a path, so the file is made
        with db:  # one transaction, one sync
            db.execute("BEGIN IMMEDIATE")
            for row in rows:
                if row is None:
                    seqs.append(None)
                    continue
                seqs.append(db.execute("INSERT INTO pending (rid, kind, data, held_at) VALUES (?, ?, ?, ?)", row).lastrowid)
        return seqs

    def remove(self, seqs: list[int | None]) -> None:
        """These records are in the duty log now."""
        seqs = [s for s in seqs if s is not None]
        db = self._open(create=False)
        if not seqs or db is None:
            return
        with db:
            db.execute("BEGIN IMMEDIATE")
            db.executemany("DELETE FROM pending WHERE seq = ?", [(s,) for s in seqs])

    def reject(self, seq: int | None, reason: str) -> None:
        """The duty log refused this record: set it aside (kept, with the reason)."""
        self.rejected += 1
        db = self._open(create=False)
        if seq is None or db is None:
            return
        self._move_to_rejected(db, seq, reason)

    def _move_to_rejected(self, db: sqlite3.Connection, seq: int, reason: str) -> None:
        with db:
            db.execute("BEGIN IMMEDIATE")
            db.execute("INSERT INTO rejected (seq, rid, kind, data, held_at, rejected_at, reason) "
                       "SELECT seq, rid, kind, data, held_at, ?, ? FROM pending WHERE seq = ?", (time.time(), reason[:2000], seq))
            db.execute("DELETE FROM pending WHERE seq = ?", (seq,))

    def pending(self) -> int:
        db = self._open(create=False)
        return 0 if db is None else db.execute("SELECT COUNT(*) FROM pending").fetchone()[0]

    def rejected_records(self) -> list[tuple[str, str]]:
        """(kind, reason) of the records set aside, oldest first."""
        db = self._open(create=False)
        return [] if db is None else db.execute("SELECT kind, reason FROM rejected ORDER BY seq").fetchall()

    def emptied(self) -> None:
        """Every record is written: the file goes, unless it holds rejected records."""
        self._remove_if_empty()

    def _remove_if_empty(self) -> None:
        db = self._db
        if db is None or self.path is None:
            return
        if db.execute("SELECT (SELECT COUNT(*) FROM pending) + (SELECT COUNT(*) FROM rejected)").fetchone()[0]:
            return
        self.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def __enter__(self) -> "Journal":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _next_seq(self) -> int:
        self._seq += 1
        return self._seq


# -- what the operator is shown --------------------------------------------------------------
class JournalStatus(QObject):
    """The duty log's reachability as the GUI thread sees it (the writer reports through its
    ``deliver``): ``changed(reachable, held, detail)``: held = records waiting in the local
    journal; detail = the last error and the journal file, for a tooltip."""

    changed = Signal(bool, int, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.reachable = True
        self.held = 0
        self.detail = ""

    def update(self, reachable: bool, held: int, detail: str) -> None:
        if (reachable, held, detail) == (self.reachable, self.held, self.detail):
            return
        self.reachable, self.held, self.detail = reachable, held, detail
        self.changed.emit(reachable, held, detail)

    def state(self) -> tuple[bool, int, str]:
        return self.reachable, self.held, self.detail
