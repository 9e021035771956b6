"""Which key the audit chain of a duty log is written with, and where keyed hashing began.

The console reads its key once (console/infrastructure/store/audit_key.py) and binds it to the
duty log's engine with ``bind_key``; every ``AuditLog`` on a session of that engine then hashes
with HMAC-SHA-256 under that key, whoever builds it (the recorder, the desk, the journal's replay,
the user admin …). The key itself never goes into the database, a log line or an entry: entries
name it only by its *key id*, a one-way fingerprint (``key_id``).

The first keyed entry of a chain is a marker, ``audit.keyed`` with subject ``audit-key`` and the
key id in its detail, written in the same transaction as the first entry hashed with the key.
Everything before the marker is the old unkeyed chain; everything from it on must be keyed.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import weakref
from typing import Any

from sqlalchemy import Connection, Engine, Table, select
from sqlalchemy.orm import Session

log = logging.getLogger("console.infrastructure.store.audit_keying")

MARKER_ACTION = "audit.keyed"
MARKER_SUBJECT = "audit-key"
KEY_ID_LABEL = b"duty-console-audit-key-id-v1"

_keys: weakref.WeakKeyDictionary[Engine, bytes] = weakref.WeakKeyDictionary()
_marked: weakref.WeakKeyDictionary[Engine, set[str]] = weakref.WeakKeyDictionary()  # key ids seen marked
_mismatch_told: weakref.WeakKeyDictionary[Engine, bool] = weakref.WeakKeyDictionary()


def key_id(key: bytes) -> str:
    """A fingerprint naming the key (16 hex digits); the key cannot be recovered from it."""
    return hmac.new(key, KEY_ID_LABEL, hashlib.sha256).hexdigest()[:16]


def bind_key(engine: Engine, key: bytes | None) -> None:
    """Every AuditLog on this engine's sessions hashes with ``key`` from now on (None: unkeyed)."""
    if key:
        _keys[engine] = bytes(key)
    else:
        _keys.pop(engine, None)


def bound_key(bind: Engine | Connection | Any) -> bytes | None:
    """The key bound to the engine behind ``bind`` (an Engine or a Connection), or None."""
    engine = bind.engine if isinstance(bind, Connection) else bind
    return _keys.get(engine) if isinstance(engine, Engine) else None


def marker_detail(key: bytes) -> dict[str, str]:
    return {"key_id": key_id(key), "mac": "HMAC-SHA256"}


def marker_key_id(detail_json: str) -> str:
    """The key id a marker's stored detail names ("" when unreadable)."""
    try:
        detail = json.loads(detail_json)
    except (TypeError, ValueError):
        return ""
    value = detail.get("key_id") if isinstance(detail, dict) else None
    return value if isinstance(value, str) else ""


def first_marker(conn: Session | Connection, table: Table) -> tuple[int, str] | None:
    """(seq, key id) of the chain's first keyed-start marker, or None (an unkeyed chain).
    Found through the index on ``subject`` (migration 13)."""
    t = table
    row = conn.execute(
        select(t.c.seq, t.c.detail).where(t.c.subject == MARKER_SUBJECT, t.c.action == MARKER_ACTION).order_by(t.c.seq).limit(1)
    ).first()
    return None if row is None else (int(row.seq), marker_key_id(row.detail))


def marker_needed(session: Session, table: Table, key: bytes) -> bool:
    """Must a marker go before the next keyed entries? Asked once per engine and key: after a
    marker has been seen, never again. A marker naming another key is logged as an error (once):
    this workstation's entries will not verify with the key the chain was begun with."""
    bind = session.get_bind()
    engine = bind.engine if isinstance(bind, Connection) else bind
    wanted = key_id(key)
    known = _marked.get(engine) if isinstance(engine, Engine) else None
    if known is not None and wanted in known:
        return False
    found = first_marker(session, table)
    if found is None:
        return True
    if isinstance(engine, Engine):
        _marked.setdefault(engine, set()).add(wanted)
    seq, found_id = found
    if found_id != wanted and isinstance(engine, Engine) and not _mismatch_told.get(engine):
        _mismatch_told[engine] = True
        log.error("the duty log's audit chain is keyed since entry %d with key id %s, but this workstation's key is %s: "
                  "its entries will not verify. Copy the key file from a workstation that has the right one (docs/audit.md)",
                  seq, found_id or "?", wanted)
    return False
