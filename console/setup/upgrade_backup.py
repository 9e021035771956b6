"""A copy of a SQLite duty log before its schema is upgraded (installer upgrades, start-up).

Migrations keep every record (tests/test_installer.py and packaging/test-deb.sh check it), but a
duty log is evidence: before the first migration of a new program version touches a SQLite file,
a consistent copy is taken with SQLite's online backup, beside the file, named after the schema
versions (``duty-log.sqlite.v6-before-v13.bak``). PostgreSQL logs are the database
administrator's to back up; they are only migrated.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from sqlalchemy import Engine, inspect, text
from sqlalchemy.engine import make_url

log = logging.getLogger("console.setup.upgrade_backup")


def sqlite_file(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database).expanduser()


def schema_version(path: Path) -> int:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "schema_version" not in tables:
            return 0
        return conn.execute("SELECT COALESCE(MAX(version), 0) FROM schema_version").fetchone()[0]


def backup_before_upgrade(url: str, latest: int | None = None) -> Path | None:
    """Copy the SQLite duty log at ``url`` when its schema is older than ``latest``; returns the
    copy's path, or None when there is nothing to copy (not SQLite, no file yet, up to date)."""
    from console.infrastructure.store.migrations import LATEST

    latest = LATEST if latest is None else latest
    path = sqlite_file(url)
    if path is None or not path.exists():
        return None
    found = schema_version(path)
    if found >= latest or found == 0:
        return None
    target = path.with_name(f"{path.name}.v{found}-before-v{latest}.bak")
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        dest = sqlite3.connect(target)
        try:
            source.backup(dest)
        finally:
            dest.close()
    finally:
        source.close()
    log.info("duty log %s (schema %d) copied to %s before upgrading to schema %d", path, found, target, latest)
    return target


def table_counts(engine: Engine) -> dict[str, int]:
    """Rows per table (for the upgrade report and the installer check)."""
    with engine.connect() as conn:
        names = sorted(inspect(conn).get_table_names())
        return {name: conn.execute(text(f'SELECT COUNT(*) FROM "{name}"')).scalar_one() for name in names}
