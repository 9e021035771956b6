"""Broker URLs: mqtt://[user[:password]@]host[:port] or mqtts://… (TLS)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote, urlsplit


@dataclass(frozen=True)
class BrokerAddress:
    host: str
    port: int
    tls: bool
    username: str = ""
    password: str = ""


def parse_broker_url(url: str) -> BrokerAddress:
    parts = urlsplit(url if "://" in url else f"mqtt://{url}")
    if parts.scheme not in ("mqtt", "mqtts", "tcp", "ssl"):
        raise ValueError(f"unsupported broker URL scheme {parts.scheme!r} (use mqtt:// or mqtts://)")
    if not parts.hostname:
        raise ValueError(f"no host in broker URL {url!r}")
    tls = parts.scheme in ("mqtts", "ssl")
    return BrokerAddress(
        host=parts.hostname,
        port=parts.port or (8883 if tls else 1883),
        tls=tls,
        username=unquote(parts.username) if parts.username else "",
        password=unquote(parts.password) if parts.password else "",
    )
