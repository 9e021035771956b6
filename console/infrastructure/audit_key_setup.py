"""Making a workstation's audit key, by the installer (``duty-console audit key --create``) and
the first-run wizard: a new key only where the duty log is not keyed already.

A duty log keyed already (a shared PostgreSQL log, begun by another workstation) needs that
workstation's key, copied by the IT person (docs/audit.md): a new key here would make every entry
this workstation writes fail verification, so none is made and the error says what to copy where.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import inspect
from sqlalchemy.exc import SQLAlchemyError

from console.infrastructure.audit_key import create_key_file, read_key_file
from console.infrastructure.store.audit import _must_exist, audit_table
from console.infrastructure.store.audit_keying import first_marker, key_id


class KeySetupError(RuntimeError):
    """No key was made: the duty log is keyed with another key, or could not be asked."""


def chain_marker(url: str) -> tuple[int, str] | None:
    """(seq, key id) where the duty log's chain became keyed; None: unkeyed, or no duty log yet."""
    from console.infrastructure.store.engine import describe, make_engine

    try:
        _must_exist(url)
    except ValueError:
        return None  # no SQLite duty log yet: it will begin keyed
    try:
        engine = make_engine(url)
    except (SQLAlchemyError, ValueError, OSError) as exc:
        raise KeySetupError(f"cannot open the duty log {describe(url)}: {exc}") from None
    try:
        with engine.connect() as conn:
            if not inspect(conn).has_table("audit_log"):
                return None
            return first_marker(conn, audit_table)
    except SQLAlchemyError as exc:
        raise KeySetupError(f"cannot ask the duty log {describe(url)} whether it is keyed: {str(exc).splitlines()[0]}") from None
    finally:
        engine.dispose()


def create_unless_keyed(path: Path, url: str) -> bool:
    """A new key file at ``path`` unless there is one (False) or the duty log is keyed already
    with another key (KeySetupError naming the key id to copy)."""
    if path.exists():
        marker = chain_marker(url)
        if marker is not None and marker[1] != key_id(read_key_file(path)):
            raise KeySetupError(f"{path} holds key {key_id(read_key_file(path))}, but the duty log is keyed with key "
                                f"{marker[1]} since entry {marker[0]}: copy that key file here (docs/audit.md)")
        return False
    marker = chain_marker(url)
    if marker is not None:
        raise KeySetupError(f"the duty log is keyed already (key id {marker[1]} since entry {marker[0]}): no new key made; copy "
                            f"the key file of a workstation that has it to {path} (mode 0600; docs/audit.md)")
    return create_key_file(path)
