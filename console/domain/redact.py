"""Credentials never reach a log, an error message or the screen."""

from __future__ import annotations

import re

# user:password@ (or user@) after a scheme, or at the start of a host part someone mistyped.
_CREDENTIALS = re.compile(r"(?P<lead>(?:[A-Za-z][A-Za-z0-9+.-]*:)?/{0,2})(?P<cred>[^\s/@:]+(?::[^\s/@]*)?)@")


def redact_url(text: str) -> str:
    """``rtsp://admin:secret@10.0.0.5/stream`` → ``rtsp://***@10.0.0.5/stream``."""
    return _CREDENTIALS.sub(lambda m: f"{m.group('lead')}***@", text)
