"""The tamper-evident audit log: one hash chain over what happened on the duty desk.

Every entry carries the hash of the entry before it, so altering, deleting, inserting or
reordering an entry breaks the chain at that point, and ``verify`` says where. A chain
alone cannot show that its last entries were cut off: publish ``anchor()`` elsewhere (MQTT,
the printed handover report) and verify against it. See docs/audit.md.

Entries are appended inside the duty-log writer's transaction, e.g. as a writer job::

    writer.submit(lambda log: AuditLog(log.s).append("alarm.acked", occ_id, "lina", station, {...}, now))

Many at once (the alarm recorder's bulk job: a flood of thousands) with ``append_many``: the
tail is read once, the chain computed in memory and the rows inserted in one executemany.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import hmac
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generator, Sequence

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
    inspect,
    select,
    type_coerce,
    update,
)
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session
from sqlalchemy.types import NullType

from console.infrastructure.store.schema import UtcDateTime, utc

GENESIS = "0" * 64
HASH_VERSION = "duty-console-audit-v1"  # first field of every hashed record
VERIFY_BATCH = 5000
APPEND_ATTEMPTS = 20
CHAIN_LOCK_ID = 0x6475747961756474  # PostgreSQL advisory lock of the chain's head ("dutyaudt")
_HEX64 = re.compile(r"[0-9a-f]{64}")


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
        self.key = key

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
            return list(range(first, seq))
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

    def __str__(self) -> str:
        if not self.ok:
            return f"audit log BROKEN after {self.entries} intact entries: {self.problem}"
        if self.tail is None or self.tail[0] == 0:
            return "audit log intact: no entries"
        return f"audit log intact: {self.entries} entries; anchor {self.tail[0]}:{self.tail[1]}"


def verify(bind: Session | Connection | Engine, anchor: tuple[int, str] | None = None, key: bytes | None = None) -> VerifyResult:
    """Walk the whole chain in seq order (streamed, bounded memory); report the first problem.

    ``anchor`` = (seq, hash) published earlier: the entry must still exist with that hash,
    which also catches a deleted tail and a rewrite of the chain up to that entry.
    """
    if anchor is not None:
        anchor = (int(anchor[0]), str(anchor[1]).lower())
    count = 0
    prev_seq, prev_hash = 0, GENESIS
    with _connection(bind) as conn:
        rows = _stream(conn)
        try:
            for row in rows:
                problem = _check(row, prev_seq, prev_hash, key, anchor)
                if problem is not None:
                    bad_seq, message = problem
                    return VerifyResult(False, count, bad_seq, message)
                count += 1
                prev_seq, prev_hash = row[0], row[8]
        finally:
            rows.close()  # closes the cursor now, also when stopping at a problem
    if anchor is not None and anchor[0] > prev_seq:
        last = f"ends at entry {prev_seq}" if prev_seq else "is empty"
        gone = f"entry {anchor[0]} is" if anchor[0] == prev_seq + 1 else f"entries {prev_seq + 1}–{anchor[0]} are"
        return VerifyResult(False, count, prev_seq + 1, f"{gone} missing (deleted): the log {last} but the anchor names entry {anchor[0]}")
    return VerifyResult(True, count, None, "", (prev_seq, prev_hash))


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


def _check(row: tuple, prev_seq: int, prev_hash: str, key: bytes | None, anchor: tuple[int, str] | None) -> tuple[int, str] | None:
    seq, at, station, actor, action, subject, detail, link, digest = row
    expected = prev_seq + 1
    if not isinstance(seq, int) or isinstance(seq, bool):
        return expected, f"the entry after entry {prev_seq} has a malformed seq {seq!r} (altered)"
    if seq < 1:
        return seq, f"an entry with the invalid seq {seq} was inserted (seqs start at 1)"
    if seq < expected:
        return seq, f"entry {seq} appears more than once (inserted)"
    if seq > expected:
        where = f"{prev_seq} is followed by {seq}" if prev_seq else f"the log starts at entry {seq}"
        gone = f"entry {expected} is" if seq == expected + 1 else f"entries {expected}–{seq - 1} are"
        return expected, f"{gone} missing (deleted): {where}"
    if link != prev_hash:
        if seq == 1:
            return seq, "entry 1 does not start the chain: prev_hash is not the genesis value (inserted or reordered)"
        return seq, f"entry {seq} does not follow entry {prev_seq}: prev_hash mismatch (inserted or reordered)"
    try:
        fields = (station, actor, action, subject, detail)
        if not all(isinstance(f, str) for f in fields):
            raise TypeError("non-text field")
        recomputed = entry_hash(link, seq, iso_utc(_as_utc(at)), *fields, key=key)
    except (TypeError, ValueError, UnicodeError):
        return seq, f"entry {seq} was altered: a field is malformed"
    if digest != recomputed:
        return seq, f"entry {seq} was altered: its content does not match its hash"
    if anchor is not None and seq == anchor[0] and digest != anchor[1]:
        return seq, f"entry {seq} does not match the anchor: the log was rewritten at or before entry {seq}"
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


# -- command line -------------------------------------------------------------------------
def parse_anchor(text: str) -> tuple[int, str]:
    """"SEQ:HASH" -> (seq, hash); ValueError when malformed."""
    seq_text, sep, digest = text.strip().partition(":")
    digest = digest.lower()
    if not sep or not seq_text.isdigit() or not _HEX64.fullmatch(digest):
        raise ValueError(f"an anchor is SEQ:HASH (a number, a colon, 64 hex digits), not {text!r}")
    return int(seq_text), digest


def main_verify(argv: list[str] | None = None, settings_path: Path | None = None) -> int:
    """``duty-console audit verify``: 0 intact, 1 broken, 2 usage or database error."""
    from console.infrastructure.store.engine import describe, make_engine

    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["verify"]:
        argv = argv[1:]
    p = argparse.ArgumentParser(prog="duty-console audit verify", description="Check the duty log's audit hash chain.")
    p.add_argument("--database-url", help="SQLAlchemy URL of the duty log (default: from the settings)")
    p.add_argument("--anchor", help="SEQ:HASH published earlier; the entry must still be there with this hash")
    p.add_argument("--key-file", help="file holding the HMAC key the log was written with (if any)")
    try:
        args = p.parse_args(argv)
    except SystemExit as exc:  # --help, or a usage error argparse has already explained
        return exc.code if isinstance(exc.code, int) else 2
    try:
        pinned = parse_anchor(args.anchor) if args.anchor else None
    except ValueError as exc:
        print(f"audit verify: {exc}", file=sys.stderr)
        return 2
    key = None
    if args.key_file:
        try:
            key = Path(args.key_file).read_bytes().strip()
        except OSError as exc:
            print(f"audit verify: cannot read the key file: {exc}", file=sys.stderr)
            return 2
    url = args.database_url
    if not url:
        from console.infrastructure.settings import Settings

        try:
            url = Settings.load(settings_path).database_url
        except (OSError, ValueError) as exc:
            print(f"audit verify: cannot read the settings: {exc}", file=sys.stderr)
            return 2
    try:
        _must_exist(url)
        engine = make_engine(url)
    except (SQLAlchemyError, ValueError, OSError) as exc:
        print(f"audit verify: {exc}", file=sys.stderr)
        return 2
    try:
        with engine.connect() as conn:
            if not inspect(conn).has_table("audit_log"):
                print(f"audit verify: {describe(url)} has no audit log (run `duty-console migrate`)", file=sys.stderr)
                return 2
            result = verify(conn, anchor=pinned, key=key)
    except SQLAlchemyError as exc:
        print(f"audit verify: {describe(url)}: {exc}", file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    print(f"{describe(url)}: {result}")
    return 0 if result.ok else 1


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
