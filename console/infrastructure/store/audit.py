"""The tamper-evident audit log: one hash chain over what happened on the duty desk.

Every entry carries the hash of the entry before it, so altering, deleting, inserting or
reordering an entry breaks the chain at that point, and ``verify`` says where. With the audit
key bound to the duty log's engine (audit_keying.bind_key) entries are hashed with HMAC-SHA-256,
after a marker entry saying where keyed hashing began; without the key nobody can recompute a
valid chain. A chain alone cannot show that its last entries were cut off: ``anchor()`` is
published elsewhere (signed, on the broker: console/services/anchor_publisher.py; the printed
handover report) and ``verify`` checks against it. See docs/audit.md.

Entries are appended inside the duty-log writer's transaction, e.g. as a writer job::

    writer.submit(lambda log: AuditLog(log.s).append("alarm.acked", occ_id, "lina", station, {...}, now))

Many at once (the alarm recorder's bulk job: a flood of thousands) with ``append_many``: the
tail is read once, the chain computed in memory and the rows inserted in one executemany.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generator, Iterable, Sequence

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
    insert,
    select,
    type_coerce,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.types import NullType

from console.infrastructure.store.audit_keying import (
    MARKER_ACTION,
    MARKER_SUBJECT,
    bound_key,
    key_id,
    marker_detail,
    marker_key_id,
    marker_needed,
)
from console.infrastructure.store.schema import UtcDateTime, utc

GENESIS = "0" * 64
HASH_VERSION = "duty-console-audit-v1"  # first field of every hashed record
VERIFY_BATCH = 5000
APPEND_ATTEMPTS = 20
CHAIN_LOCK_ID = 0x6475747961756474  # PostgreSQL advisory lock of the chain's head ("dutyaudt")


# -- DDL (frozen: migration 3 calls this; never change it, add a migration instead) --------
def create_audit_table(conn: Connection) -> None:
    """Migration 3, "audit log": the audit_log table. Self-contained, like migrations.py."""
    from sqlalchemy import BigInteger, Column, DateTime, Integer, MetaData, String, Table, Text, UniqueConstraint

    md = MetaData()
    Table(
        "audit_log",
        md,
        Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
        Column("seq", BigInteger, nullable=False),
        Column("at", DateTime(timezone=True), nullable=False),
        Column("station", String(64), nullable=False),
        Column("actor", String(64), nullable=False),
        Column("action", String(64), nullable=False),
        Column("subject", String(200), nullable=False),
        Column("detail", Text, nullable=False),
        Column("prev_hash", String(64), nullable=False),
        Column("hash", String(64), nullable=False),
        UniqueConstraint("seq", name="uq_audit_log_seq"),
    )
    md.create_all(conn)


# -- the table as the code uses it (Core, no ORM) -------------------------------------------
metadata = MetaData()
audit_table = Table(
    "audit_log",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    Column("seq", BigInteger, nullable=False),
    Column("at", UtcDateTime(), nullable=False),
    Column("station", String(64), nullable=False),
    Column("actor", String(64), nullable=False),
    Column("action", String(64), nullable=False),
    Column("subject", String(200), nullable=False),
    Column("detail", Text, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    UniqueConstraint("seq", name="uq_audit_log_seq"),
)
_LIMITS = {"station": 64, "actor": 64, "action": 64, "subject": 200}


# -- hashing ----------------------------------------------------------------------------
def canonical_json(detail: dict[str, Any] | None) -> str:
    """The stored form of an entry's detail: sorted keys, UTF-8 text, no spaces."""
    return json.dumps(detail or {}, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def iso_utc(when: dt.datetime) -> str:
    """The hashed form of an entry's time: ISO 8601, UTC, always with microseconds."""
    if when.tzinfo is None:
        raise ValueError("naive datetime given to the audit log")
    return when.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def encode_entry(prev_hash: str, seq: int, at_iso: str, station: str, actor: str, action: str, subject: str, detail_json: str) -> bytes:
    """The exact bytes that are hashed: each field as a netstring ``<byte length>:<UTF-8 bytes>,``."""
    fields = (HASH_VERSION, prev_hash, str(int(seq)), at_iso, station, actor, action, subject, detail_json)
    out = bytearray()
    for field in fields:
        data = field.encode("utf-8")
        out += b"%d:" % len(data) + data + b","
    return bytes(out)


def entry_hash(
    prev_hash: str,
    seq: int,
    at_iso: str,
    station: str,
    actor: str,
    action: str,
    subject: str,
    detail_json: str,
    key: bytes | None = None,
) -> str:
    """SHA-256 (or HMAC-SHA-256 with ``key``) of ``encode_entry(...)``, as 64 lowercase hex digits."""
    payload = encode_entry(prev_hash, seq, at_iso, station, actor, action, subject, detail_json)
    if key:
        return hmac.new(key, payload, hashlib.sha256).hexdigest()
    return hashlib.sha256(payload).hexdigest()


# -- appending ----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One entry to append (``AuditLog.append_many``); ``at`` in seconds since the epoch."""

    action: str
    subject: str
    actor: str
    station: str
    detail: dict[str, Any] | None
    at: float


def _prepared(entry: AuditEntry) -> tuple[dt.datetime, str, str, str, str, str, str]:
    """Checked and in stored form: (at, at_iso, station, actor, action, subject, detail_json)."""
    station, actor, action, subject = entry.station, entry.actor, entry.action, entry.subject
    for name, value in (("station", station), ("actor", actor), ("action", action), ("subject", subject)):
        if not isinstance(value, str):
            raise TypeError(f"audit {name} must be a string, not {type(value).__name__}")
        if len(value) > _LIMITS[name]:
            raise ValueError(f"audit {name} longer than {_LIMITS[name]} characters: {value[:40]!r}…")
    if not action:
        raise ValueError("an audit entry needs an action")
    when = utc(entry.at)
    return when, iso_utc(when), station, actor, action, subject, canonical_json(entry.detail)


class AuditLog:
    """Appends to the chain inside the caller's transaction (the caller commits).

    Concurrent appenders (two workstations on one PostgreSQL log) may pick the same next
    seq; the unique constraint lets only one of them in, the other re-reads the tail in a
    fresh savepoint and tries again. On SQLite the append first takes the database's write
    lock, so that it waits for another writer instead of failing on a stale snapshot; that
    works when nothing before it in the same transaction only read (see docs/audit.md).
    """

    def __init__(self, session: Session, key: bytes | None = None) -> None:
        self.s = session
        # Without a key given, the one bound to the duty log's engine (audit_keying.bind_key), if any.
        self.key = key if key is not None else bound_key(session.get_bind())

    def append(self, action: str, subject: str, actor: str, station: str, detail: dict[str, Any] | None, at: float) -> int:
        """Add one entry; returns its seq."""
        return self.append_many([AuditEntry(action, subject, actor, station, detail, at)])[0]

    def append_many(self, entries: Sequence[AuditEntry]) -> list[int]:
        """Add these entries, in this order, as consecutive seqs; returns their seqs.

        Everything is checked before anything is written (one bad entry refuses the lot). The
        tail is read once, the hashes are chained in memory and the rows go in with one
        executemany, in a savepoint: when another appender took the next seq meanwhile, the
        savepoint is rolled back and the whole run is chained again onto the new tail.
        """
        prepared = [_prepared(entry) for entry in entries]
        if not prepared:
            return []
        t = audit_table
        dialect = self.s.get_bind().dialect.name
        if dialect == "sqlite":
            # A write as the first statement waits (busy timeout) for the write lock and then
            # reads the newest data; a read first would pin a snapshot another writer can outdate.
            self.s.execute(update(t).where(t.c.seq < 0).values(seq=t.c.seq))
        elif dialect == "postgresql":
            # The head is read under the chain's lock, held to the end of the transaction: another
            # workstation appending waits here until this transaction (the action's row, its history
            # and its entries) has committed or rolled back, then reads the new head.
            self.s.execute(select(func.pg_advisory_xact_lock(CHAIN_LOCK_ID)))
        key = self.key
        marked = 0
        if key and marker_needed(self.s, t, key):  # the first keyed entries: the marker goes first
            when, at_iso, station = prepared[0][:3]
            prepared.insert(0, (when, at_iso, station, "", MARKER_ACTION, MARKER_SUBJECT, canonical_json(marker_detail(key))))
            marked = 1
        for _ in range(APPEND_ATTEMPTS):
            tail = self.s.execute(select(t.c.seq, t.c.hash).order_by(t.c.seq.desc()).limit(1)).first()
            first, prev = (1, GENESIS) if tail is None else (tail.seq + 1, tail.hash)
            rows = []
            seq = first
            for when, at_iso, station, actor, action, subject, detail_json in prepared:
                digest = entry_hash(prev, seq, at_iso, station, actor, action, subject, detail_json, key)
                rows.append({"seq": seq, "at": when, "station": station, "actor": actor, "action": action,
                             "subject": subject, "detail": detail_json, "prev_hash": prev, "hash": digest})
                prev = digest
                seq += 1
            try:
                with self.s.begin_nested():
                    self.s.execute(insert(t), rows)
            except IntegrityError:
                continue  # another appender took these seqs first: read the new tail and retry
            return list(range(first + marked, seq))
        raise RuntimeError(f"could not append to the audit log after {APPEND_ATTEMPTS} attempts (seq taken each time)")

    def anchor(self) -> tuple[int, str]:
        return anchor(self.s)


def anchor(bind: Session | Connection | Engine) -> tuple[int, str]:
    """(seq, hash) of the last entry, to publish elsewhere; (0, GENESIS) for an empty log."""
    t = audit_table
    with _connection(bind) as conn:
        tail = conn.execute(select(t.c.seq, t.c.hash).order_by(t.c.seq.desc()).limit(1)).first()
    return (0, GENESIS) if tail is None else (int(tail.seq), tail.hash)


# -- verification -------------------------------------------------------------------------
@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    entries: int  # entries found intact before the first problem (all of them when ok)
    first_bad_seq: int | None
    problem: str  # one line naming the seq and what is wrong; "" when ok
    tail: tuple[int, str] | None = None  # (seq, hash) of the last entry when ok, for anchoring
    kind: str = ""  # altered, deleted, inserted, forged, rewritten, cut, wrong-key; "" when ok
    keyed_from: int | None = None  # the entry where keyed hashing began (its marker); None: no keyed entry seen
    key_id: str = ""  # the key id that entry names
    key_checked: bool = False  # a key was given: the keyed entries' HMACs were checked
    unchecked: int = 0  # keyed entries whose HMAC could not be checked (no key given): only their links were
    anchors_matched: tuple[int, ...] = ()  # seqs of the anchors found in the chain with their hash

    @property
    def unkeyed(self) -> int:
        """Entries before keyed hashing began (all of them when it never did)."""
        return (self.keyed_from - 1) if self.keyed_from is not None else self.entries

    def __str__(self) -> str:
        if not self.ok:
            return f"audit log BROKEN after {self.entries} intact entries: {self.problem}"
        if self.tail is None or self.tail[0] == 0:
            return "audit log intact: no entries"
        return f"audit log intact: {self.entries} entries; anchor {self.tail[0]}:{self.tail[1]}"


def verify(
    bind: Session | Connection | Engine,
    anchor: tuple[int, str] | None = None,
    key: bytes | None = None,
    anchors: Iterable[tuple[int, str]] = (),
) -> VerifyResult:
    """Walk the whole chain in seq order (streamed, bounded memory); report the first problem.

    ``key``: the HMAC key; entries from the keyed-start marker on are checked against it (without
    it only their links are, and a plain SHA-256 among them is a forgery). ``anchor``/``anchors``:
    (seq, hash) published earlier: each entry must still exist with that hash, which catches a
    cut tail and a rewrite of the chain up to that entry.
    """
    pinned: dict[int, set[str]] = {}
    for seq, digest in ([anchor] if anchor is not None else []) + list(anchors):
        if int(seq) > 0:  # an anchor of an empty log names nothing
            pinned.setdefault(int(seq), set()).add(str(digest).lower())
    walk = _Walk(key, pinned)
    with _connection(bind) as conn:
        rows = _stream(conn)
        try:
            for row in rows:
                problem = walk.step(row)
                if problem is not None:
                    return walk.result(problem)
        finally:
            rows.close()  # closes the cursor now, also when stopping at a problem
    return walk.result(walk.cut_tail())


def _stream(conn: Connection) -> Generator[tuple, None, None]:
    t = audit_table
    raw_at = type_coerce(t.c.at, NullType()).label("at")  # the stored value, parsed below, not by the type
    stmt = (
        select(t.c.seq, raw_at, t.c.station, t.c.actor, t.c.action, t.c.subject, t.c.detail, t.c.prev_hash, t.c.hash)
        .order_by(t.c.seq, t.c.id)
        .execution_options(yield_per=VERIFY_BATCH)
    )
    result = conn.execute(stmt)
    try:
        for partition in result.partitions():
            yield from partition
    finally:
        result.close()


Problem = tuple[int, str, str]  # (seq, kind, message)
_Hashed = tuple[str, int, str, str, str, str, str, str]  # entry_hash's fields: prev_hash, seq, at, station, actor, action, subject, detail


class _Walk:
    """The state of one walk along the chain: where it is, whether the keyed part has begun."""

    def __init__(self, key: bytes | None, pinned: dict[int, set[str]]) -> None:
        self.key = key
        self.pinned = pinned
        self.count = 0
        self.prev_seq, self.prev_hash = 0, GENESIS
        self.keyed_from: int | None = None
        self.key_id = ""
        self.unchecked = 0
        self.matched: list[int] = []

    def step(self, row: tuple) -> Problem | None:
        seq, at, station, actor, action, subject, detail, link, digest = row
        problem = _link_problem(seq, link, self.prev_seq, self.prev_hash)
        if problem is not None:
            return problem
        try:
            fields = (station, actor, action, subject, detail)
            if not all(isinstance(f, str) for f in fields):
                raise TypeError("non-text field")
            hashed: _Hashed = (link, seq, iso_utc(_as_utc(at)), station, actor, action, subject, detail)
            plain = entry_hash(*hashed)
        except (TypeError, ValueError, UnicodeError):
            return seq, "altered", f"entry {seq} was altered: a field is malformed"
        problem = self._hash_problem(seq, action, detail, digest, plain, hashed)
        if problem is not None:
            return problem
        for expected in self.pinned.get(seq, ()):
            if digest != expected:
                since = f", after entry {self.matched[-1]} (which matches its anchor)" if self.matched else ""
                return seq, "rewritten", f"entry {seq} does not match the anchor: the log was rewritten at or before entry {seq}{since}"
        if seq in self.pinned:
            self.matched.append(seq)
        self.count += 1
        self.prev_seq, self.prev_hash = seq, digest
        return None

    def _hash_problem(self, seq: int, action: str, detail: str, digest: str, plain: str, hashed: _Hashed) -> Problem | None:
        key = self.key
        if self.keyed_from is None:  # the unkeyed part (a chain from before the key, or without one)
            if digest == plain:
                if action == MARKER_ACTION:
                    return seq, "forged", f"entry {seq} was forged: it says keyed hashing begins there but is not keyed"
                return None
            if key is not None and digest == entry_hash(*hashed, key=key):
                self.keyed_from, self.key_id = seq, marker_key_id(detail) if action == MARKER_ACTION else key_id(key)
                return None
            if action != MARKER_ACTION:
                return seq, "altered", f"entry {seq} was altered: its content does not match its hash"
            named = marker_key_id(detail)
            if key is None:  # keyed from here on; without the key only the links can be checked
                self.keyed_from, self.key_id = seq, named
                self.unchecked += 1
                return None
            if named and named != key_id(key):
                return seq, "wrong-key", (f"entry {seq} begins keyed hashing with key id {named}, but the key given has id "
                                          f"{key_id(key)}: another key (or entry {seq} was altered)")
            return seq, "altered", f"entry {seq} was altered: its content does not match its keyed hash (HMAC)"
        if digest == plain:  # nobody with the key writes a plain SHA-256 here
            return seq, "forged", f"entry {seq} was forged: a plain SHA-256 where the chain is keyed (written without the key)"
        if key is None:
            self.unchecked += 1
            return None
        if digest != entry_hash(*hashed, key=key):
            return seq, "altered", f"entry {seq} was altered or forged: its content does not match its keyed hash (HMAC)"
        return None

    def cut_tail(self) -> Problem | None:
        beyond = max(self.pinned, default=0)
        if beyond <= self.prev_seq:
            return None
        last = f"ends at entry {self.prev_seq}" if self.prev_seq else "is empty"
        gone = f"entry {beyond} is" if beyond == self.prev_seq + 1 else f"entries {self.prev_seq + 1}–{beyond} are"
        return self.prev_seq + 1, "cut", f"{gone} missing (deleted): the log {last} but the anchor names entry {beyond}"

    def result(self, problem: Problem | None) -> VerifyResult:
        ok = problem is None
        seq, kind, message = problem if problem is not None else (None, "", "")
        return VerifyResult(ok, self.count, seq, message, (self.prev_seq, self.prev_hash) if ok else None, kind, self.keyed_from,
                            self.key_id, self.key is not None, self.unchecked, tuple(self.matched))


def _link_problem(seq: Any, link: str, prev_seq: int, prev_hash: str) -> Problem | None:
    expected = prev_seq + 1
    if not isinstance(seq, int) or isinstance(seq, bool):
        return expected, "altered", f"the entry after entry {prev_seq} has a malformed seq {seq!r} (altered)"
    if seq < 1:
        return seq, "inserted", f"an entry with the invalid seq {seq} was inserted (seqs start at 1)"
    if seq < expected:
        return seq, "inserted", f"entry {seq} appears more than once (inserted)"
    if seq > expected:
        where = f"{prev_seq} is followed by {seq}" if prev_seq else f"the log starts at entry {seq}"
        gone = f"entry {expected} is" if seq == expected + 1 else f"entries {expected}–{seq - 1} are"
        return expected, "deleted", f"{gone} missing (deleted): {where}"
    if link != prev_hash:
        if seq == 1:
            return seq, "inserted", "entry 1 does not start the chain: prev_hash is not the genesis value (inserted or reordered)"
        return seq, "inserted", f"entry {seq} does not follow entry {prev_seq}: prev_hash mismatch (inserted or reordered)"
    return None


def _as_utc(value: Any) -> dt.datetime:
    """A stored time as the driver returns it (datetime, or text on SQLite) -> aware UTC."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if not isinstance(value, dt.datetime):
        raise TypeError(f"not a time: {value!r}")
    if value.tzinfo is None:
        return value.replace(tzinfo=dt.timezone.utc)
    return value.astimezone(dt.timezone.utc)


class _connection:
    """``with _connection(bind) as conn``: a Session's or a Connection's own, or a new one."""

    def __init__(self, bind: Session | Connection | Engine) -> None:
        self._bind = bind
        self._owned: Connection | None = None

    def __enter__(self) -> Connection:
        if isinstance(self._bind, Session):
            return self._bind.connection()
        if isinstance(self._bind, Connection):
            return self._bind
        if isinstance(self._bind, Engine):
            self._owned = self._bind.connect()
            return self._owned
        raise TypeError(f"need a Session, Connection or Engine, not {type(self._bind).__name__}")

    def __exit__(self, *exc: object) -> None:
        if self._owned is not None:
            self._owned.close()


# -- command line (console/shell/audit_cli.py) ----------------------------------------------
def _must_exist(url: str) -> None:
    """Verification reads only: refuse to create a new, empty SQLite file at a mistyped path."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database in ("", ":memory:") or database.startswith("file:"):
            return
        if not Path(database).expanduser().is_file():
            raise ValueError(f"no such duty log file: {database}")
