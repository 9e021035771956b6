"""Which TLS check failed, named for the operator: the broker's certificate is signed by a CA the
console does not trust, has expired, is not valid yet, is made out to another host name; or the
broker refused the console's own (client) certificate.

Classified from what OpenSSL reports (the verification code of a failed certificate check, the
alert the broker sent); pure text work, no ``ssl`` objects here. The link's detail carries the
failure as ``TLS check failed: <code> (<OpenSSL's words>)``, so that the status bar can show it in
the operator's language (``failure_of``).
"""

from __future__ import annotations

import enum


class TlsFailure(enum.Enum):
    UNKNOWN_CA = "unknown_ca"
    EXPIRED = "expired"
    NOT_YET_VALID = "not_yet_valid"
    HOSTNAME_MISMATCH = "hostname_mismatch"
    CLIENT_CERT_REFUSED = "client_cert_refused"
    OTHER = "other"


# OpenSSL's X509_V_ERR_* codes (x509_vfy.h) met when the broker's certificate is checked.
_UNKNOWN_CA_CODES = {2, 18, 19, 20, 21}  # no issuer, self-signed (in the chain), leaf not verifiable
_EXPIRED_CODES = {10}
_NOT_YET_VALID_CODES = {9}
_HOSTNAME_CODES = {62, 64}  # hostname mismatch, IP address mismatch

ENGLISH = {
    TlsFailure.UNKNOWN_CA: "the broker's certificate is signed by an unknown CA",
    TlsFailure.EXPIRED: "the broker's certificate has expired",
    TlsFailure.NOT_YET_VALID: "the broker's certificate is not valid yet",
    TlsFailure.HOSTNAME_MISMATCH: "the broker's certificate is made out to another host name",
    TlsFailure.CLIENT_CERT_REFUSED: "the broker refused this console's client certificate",
    TlsFailure.OTHER: "TLS handshake failed",
}
DETAIL_PREFIX = "TLS check failed: "


def classify(verify_code: int | None, message: str) -> TlsFailure:
    """The failure behind an OpenSSL error: its verification code when the console's own check of
    the broker's certificate failed, else its text (an alert from the broker)."""
    text = message.lower()
    if "alert" in text and ("certificate" in text or "unknown ca" in text or "unknown_ca" in text or "handshake failure" in text):
        return TlsFailure.CLIENT_CERT_REFUSED  # the broker's alert: it did not accept what we sent
    if verify_code in _EXPIRED_CODES or "certificate has expired" in text:
        return TlsFailure.EXPIRED
    if verify_code in _NOT_YET_VALID_CODES or "not yet valid" in text:
        return TlsFailure.NOT_YET_VALID
    if verify_code in _HOSTNAME_CODES or "hostname mismatch" in text or "ip address mismatch" in text:
        return TlsFailure.HOSTNAME_MISMATCH
    if verify_code in _UNKNOWN_CA_CODES or "unable to get local issuer" in text or "self-signed certificate" in text \
            or "self signed certificate" in text:
        return TlsFailure.UNKNOWN_CA
    return TlsFailure.OTHER


def detail(failure: TlsFailure, words: str) -> str:
    """The link's detail for a TLS failure (English; the log and the tooltip show it as it is)."""
    return f"{DETAIL_PREFIX}{failure.value} ({ENGLISH[failure]}: {words})"


def failure_of(text: str) -> TlsFailure | None:
    """The failure named in a link detail made by ``detail``; None for any other detail."""
    if not text.startswith(DETAIL_PREFIX):
        return None
    code = text[len(DETAIL_PREFIX):].split(" ", 1)[0]
    try:
        return TlsFailure(code)
    except ValueError:
        return None
