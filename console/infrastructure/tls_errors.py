"""An ``ssl`` error (or paho's words about one) as a named TLS failure (console/domain/tls_failure.py)."""

from __future__ import annotations

import ssl

from console.domain.tls_failure import TlsFailure, classify


def tls_failure_of(exc: BaseException) -> TlsFailure | None:
    """The failed check behind an exception; None when it is not a TLS error."""
    if not isinstance(exc, ssl.SSLError):
        return None
    return classify(getattr(exc, "verify_code", None), f"{words_of(exc)} {exc}")


def words_of(exc: BaseException) -> str:
    """OpenSSL's own short words for it: the verification message, else the reason."""
    return str(getattr(exc, "verify_message", None) or getattr(exc, "reason", None) or exc or type(exc).__name__)
