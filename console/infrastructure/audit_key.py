"""The audit chain's key: where it lives (never in the duty log), how it is made and read.

The key is 32 random bytes written as 64 hex digits in a file of its own, readable only by the
account the console runs as (mode 0600, in a folder of mode 0700): by default ``audit.key`` beside
the settings file (the config folder), or the file named by the setting ``audit.key_file``. Where there is no such
file, the key may instead be in the operating system's keyring (console/infrastructure/secrets.py)
under the name ``audit.key``. The HMAC key is the file's text without surrounding whitespace
(as ``duty-console audit verify --key-file`` has always read it).

The installer (packaging/linux/postinst) and the first-run wizard create the file when there is
none and the duty log is not keyed already; several workstations sharing one duty log share one
key, copied by the IT person from the first (docs/audit.md). Nothing here logs or prints the key:
it is named by its key id (console/infrastructure/store/audit_keying.key_id) only.
"""

from __future__ import annotations

import logging
import os
import secrets as random_source
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from console.infrastructure.store.audit_keying import key_id


log = logging.getLogger("console.infrastructure.audit_key")

KEY_FILE_NAME = "audit.key"
SECRET_NAME = "audit.key"
KEY_BYTES = 32
MIN_KEY_CHARS = 32  # a shorter key is refused: it could be guessed


class AuditKeyError(RuntimeError):
    """The key named could not be read, or is unusable (empty, too short)."""


@dataclass(frozen=True)
class AuditKey:
    secret: bytes = field(repr=False)  # never in a repr, a log line or an exception
    source: str  # "file /path" or the keyring's description

    @property
    def id(self) -> str:
        return key_id(self.secret)


def default_key_file() -> Path:
    from console.infrastructure.settings import config_dir

    return config_dir() / KEY_FILE_NAME


def key_file_for(settings: Any) -> Path:
    """The key file the settings name (``audit.key_file``), or ``audit.key`` beside the settings
    file (where ``secrets.json`` is kept too), or in the config folder."""
    named = str(settings["audit.key_file"] or "").strip()
    if named:
        return Path(named).expanduser()
    where = getattr(settings, "path", None)
    return Path(where).parent / KEY_FILE_NAME if where else default_key_file()


def read_key_file(path: Path) -> bytes:
    try:
        data = path.read_bytes().strip()
    except OSError as exc:
        raise AuditKeyError(f"cannot read the audit key file {path}: {exc.strerror or exc}") from None
    _check(data, f"the audit key file {path}")
    if os.name == "posix":
        mode = path.stat().st_mode
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            log.warning("the audit key file %s can be read by others (mode %o): chmod 600 it", path, stat.S_IMODE(mode))
    return data


def _check(data: bytes, what: str) -> None:
    if not data:
        raise AuditKeyError(f"{what} is empty")
    if len(data) < MIN_KEY_CHARS:
        raise AuditKeyError(f"{what} is too short ({len(data)} characters; at least {MIN_KEY_CHARS})")


def load_key(settings: Any, store: Any = None) -> AuditKey | None:
    """The key this workstation writes with: the key file, else the keyring's ``audit.key``;
    None when there is neither (the chain is then written unkeyed). A key file named in the
    settings but missing or unreadable is an error, not a silent fallback."""
    path = key_file_for(settings)
    if path.exists() or str(settings["audit.key_file"] or "").strip():
        return AuditKey(read_key_file(path), f"file {path}")
    from console.infrastructure import secrets

    try:
        store = store if store is not None else secrets.default_store(path.parent)
        text = store.get(SECRET_NAME)
    except secrets.SecretStoreError as exc:
        raise AuditKeyError(f"the audit key could not be read from the secret store: {exc}") from None
    if not text:
        return None
    data = text.strip().encode("utf-8")
    _check(data, f"the audit key in {store.where}")
    return AuditKey(data, store.where)


def create_key_file(path: Path) -> bool:
    """Write a new random key to ``path`` (0600; its folder made 0700). Never overwrites: False
    when a file is there already."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    try:
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(random_source.token_hex(KEY_BYTES) + "\n")
            f.flush()
            os.fsync(f.fileno())
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    log.info("audit key created in %s (key id %s)", path, key_id(read_key_file(path)))
    return True


def move_to_keyring(path: Path, store: Any) -> AuditKey:
    """Put the key file's key into ``store`` (the keyring) and remove the file."""
    data = read_key_file(path)
    store.set(SECRET_NAME, data.decode("ascii", errors="strict"))
    if store.get(SECRET_NAME).strip().encode("ascii") != data:
        raise AuditKeyError(f"the key did not read back the same from {store.where}; {path} is kept")
    path.unlink()
    return AuditKey(data, store.where)
