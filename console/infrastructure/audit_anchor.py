"""Anchors: the audit chain's last entry (seq and hash) at a moment, signed, kept outside the duty log.

The console publishes one to the broker as a retained message (docs/protocol.md, "Audit
anchors"); the handover report prints the same ``SEQ:HASH``. ``duty-console audit verify`` checks
the chain against anchors given on the command line, read from a file, or read from the broker.

The signature proves the anchor came from a workstation holding the audit key, so that someone
who can publish on the broker cannot put a fake anchor there (e.g. one matching a chain whose
tail was cut). It is Ed25519 when the ``cryptography`` package is present, with a signing key
derived from the audit key (``anchor_public_key`` can be handed to an auditor who should check
anchors without being able to sign or to compute entry hashes), else HMAC-SHA-256 with a key
derived from the audit key. Without an audit key anchors are published unsigned.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from console.infrastructure.store.audit_keying import key_id

VERSION = 1
SIGNED_LABEL = "duty-console-anchor-v1"
_ED25519_SEED = b"duty-console-anchor-ed25519-v1"
_HMAC_KEY = b"duty-console-anchor-hmac-v1"
ED25519 = "ed25519"
HMAC_SHA256 = "hmac-sha256"
UNSIGNED = ""
_HEX64 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class Anchor:
    seq: int
    hash: str
    station: str = ""
    at_ms: int = 0  # when it was taken, ms since the epoch
    key_id: str = ""
    alg: str = UNSIGNED
    sig: str = ""  # hex
    source: str = ""  # where it was found (given, a file, a broker topic); not signed
    message: bool = False  # an anchor message as published (its signature, or its lack of one, counts)

    @property
    def text(self) -> str:
        """``SEQ:HASH``, as printed on the handover report and given to ``--anchor``."""
        return f"{self.seq}:{self.hash}"


def parse_text(text: str) -> tuple[int, str]:
    """"SEQ:HASH" -> (seq, hash); ValueError when malformed."""
    seq_text, sep, digest = text.strip().partition(":")
    digest = digest.lower()
    if not sep or not seq_text.isdigit() or not _HEX64.fullmatch(digest):
        raise ValueError(f"an anchor is SEQ:HASH (a number, a colon, 64 hex digits), not {text!r}")
    return int(seq_text), digest


def signed_bytes(anchor: Anchor) -> bytes:
    """What is signed: each field as a netstring (as the chain's entries are hashed)."""
    fields = (SIGNED_LABEL, anchor.station, str(anchor.seq), anchor.hash, str(anchor.at_ms), anchor.key_id, anchor.alg)
    out = bytearray()
    for f in fields:
        data = f.encode("utf-8")
        out += b"%d:" % len(data) + data + b","
    return bytes(out)


def _ed25519_private(key: bytes) -> Any:
    """The Ed25519 signing key derived from the audit key, or None without ``cryptography``."""
    try:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    except ImportError:
        return None
    return Ed25519PrivateKey.from_private_bytes(hmac.new(key, _ED25519_SEED, hashlib.sha256).digest())


def anchor_public_key(key: bytes) -> str:
    """The Ed25519 public key (hex) anchors signed with this audit key verify with ("" without cryptography)."""
    private = _ed25519_private(key)
    if private is None:
        return ""
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    return private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()


def _hmac_sig(key: bytes, message: bytes) -> str:
    return hmac.new(hmac.new(key, _HMAC_KEY, hashlib.sha256).digest(), message, hashlib.sha256).hexdigest()


def make(seq: int, digest: str, station: str, at: float, key: bytes | None) -> Anchor:
    """The anchor (seq, hash) of ``station`` at ``at`` (seconds), signed when there is a key."""
    anchor = Anchor(int(seq), digest.lower(), station, int(round(at * 1000)))
    if not key:
        return anchor
    private = _ed25519_private(key)
    anchor = replace(anchor, key_id=key_id(key), alg=ED25519 if private is not None else HMAC_SHA256)
    message = signed_bytes(anchor)
    sig = private.sign(message).hex() if private is not None else _hmac_sig(key, message)
    return replace(anchor, sig=sig)


def encode(anchor: Anchor) -> bytes:
    body = {"v": VERSION, "anchor": anchor.text, "seq": anchor.seq, "hash": anchor.hash, "station": anchor.station,
            "at": anchor.at_ms, "key_id": anchor.key_id, "alg": anchor.alg, "sig": anchor.sig}
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


def decode(payload: bytes | str, source: str = "") -> Anchor:
    """An anchor message (as published); ValueError when it is not one."""
    try:
        data = json.loads(payload)
    except (TypeError, ValueError, UnicodeError) as exc:
        raise ValueError(f"not an anchor message ({exc})") from None
    if not isinstance(data, dict) or data.get("v") != VERSION:
        raise ValueError("not an anchor message of version 1")
    seq, digest = parse_text(f"{data.get('seq')}:{data.get('hash')}")
    fields = {name: data.get(name, "") for name in ("station", "key_id", "alg", "sig")}
    if not all(isinstance(v, str) for v in fields.values()) or not isinstance(data.get("at", 0), int):
        raise ValueError("an anchor message with malformed fields")
    return Anchor(seq, digest, fields["station"], int(data.get("at", 0)), fields["key_id"], fields["alg"], fields["sig"], source, True)


def check_signature(anchor: Anchor, key: bytes | None, public_key: str = "") -> str:
    """"good", "bad", "unsigned", or "unchecked" (no key, or Ed25519 without ``cryptography``)."""
    if anchor.alg == UNSIGNED:
        return "unsigned"
    message = signed_bytes(anchor)
    if anchor.alg == HMAC_SHA256:
        if not key:
            return "unchecked"
        return "good" if hmac.compare_digest(_hmac_sig(key, message), anchor.sig) else "bad"
    if anchor.alg != ED25519:
        return "bad"
    try:
        from cryptography.exceptions import InvalidSignature
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    except ImportError:
        return "unchecked"
    if not public_key:
        if not key:
            return "unchecked"
        public_key = anchor_public_key(key)
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key)).verify(bytes.fromhex(anchor.sig), message)
    except (InvalidSignature, ValueError):
        return "bad"
    return "good"


def read_file(path: Path) -> list[Anchor]:
    """Anchors kept in a file, one a line: ``SEQ:HASH`` (e.g. copied from handover reports) or an
    anchor message as published (``mosquitto_sub -v`` lines too: the JSON from the first ``{``).
    Empty lines and lines starting with ``#`` are skipped; ValueError names a bad line."""
    anchors = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        where = f"{path}:{number}"
        try:
            if "{" in text:
                anchors.append(decode(text[text.index("{"):], where))
            else:
                seq, digest = parse_text(text)
                anchors.append(Anchor(seq, digest, source=where))
        except ValueError as exc:
            raise ValueError(f"{where}: {exc}") from None
    return anchors
