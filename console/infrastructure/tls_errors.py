"""An ``ssl`` error (or paho's words about one) as a named TLS failure (console/domain/tls_failure.py)."""

from __future__ import annotations

import ssl

from console.domain.tls_failure import TlsFailure, classify


def tls_failure_of(exc: BaseException, answered: bool = True) -> TlsFailure | None:
    """The failed check behind an exception; None when it is not a TLS error.

    ``answered``: the broker had answered MQTT on this connection. A TLS session the broker ends
    right after the handshake, before any answer, is a refused client certificate: OpenSSL 3 on
    the broker closes without an alert the client could read (TLS 1.3 checks the client's
    certificate after the client thinks the handshake done)."""
    if not isinstance(exc, ssl.SSLError):
        return None
    if not answered and isinstance(exc, (ssl.SSLEOFError, ssl.SSLZeroReturnError)):
        return TlsFailure.CLIENT_CERT_REFUSED
    return classify(getattr(exc, "verify_code", None), f"{words_of(exc)} {exc}")


def close_abandoned_sockets(exc: BaseException) -> None:
    """Close the TLS socket a failed handshake leaves behind: paho wraps it in a local variable
    and lets the exception go without closing it (one file descriptor per attempt otherwise)."""
    tb = exc.__traceback__
    while tb is not None:
        for value in list(tb.tb_frame.f_locals.values()):
            if isinstance(value, ssl.SSLSocket):
                value.close()
        tb = tb.tb_next


def words_of(exc: BaseException) -> str:
    """OpenSSL's own short words for it: the verification message, else the reason."""
    return str(getattr(exc, "verify_message", None) or getattr(exc, "reason", None) or exc or type(exc).__name__)
