"""Credentials never reach a log, an error message, the screen or the audit chain."""

from __future__ import annotations

import hashlib
import hmac
import re
from typing import Any

# user:password@ (or user@) after a scheme, or at the start of a host part someone mistyped.
_CREDENTIALS = re.compile(r"(?P<lead>(?:[A-Za-z][A-Za-z0-9+.-]*:)?/{0,2})(?P<cred>[^\s/@:]+(?::[^\s/@]*)?)@")


def redact_url(text: str) -> str:
    """``rtsp://admin:secret@10.0.0.5/stream`` → ``rtsp://***@10.0.0.5/stream``."""
    return _CREDENTIALS.sub(lambda m: f"{m.group('lead')}***@", text)


# -- names typed at a sign-in that match no account ------------------------------------------
FINGERPRINT_HEX = 16  # 64 bits: enough to tell repeats apart, too few to be a stored secret


def name_fingerprint(salt: bytes, text: str) -> str:
    """HMAC-SHA-256 of ``text`` under this installation's ``salt``, truncated: the same text gives
    the same fingerprint (repeats can be correlated), the text cannot be read back, and without the
    salt (kept with the installation's other secrets, never in the duty log) it cannot be guessed
    by hashing candidates either."""
    return hmac.new(salt, text.encode("utf-8"), hashlib.sha256).hexdigest()[:FINGERPRINT_HEX]


def failed_name(tried: str, known: bool, salt: bytes, limit: int = 64) -> tuple[str, dict[str, Any]]:
    """What a refused sign-in records about the name typed: (name, detail). A known account's
    name is recorded as it is (at most ``limit`` characters). A name that is no account's may be a
    password typed into the wrong field: it is never recorded, only that it was unknown and its
    salted fingerprint; the name is then ""."""
    name = tried.strip()
    if known:
        return name[:limit], {}
    return "", {"unknown_name": True, "name_fingerprint": name_fingerprint(salt, name)}
