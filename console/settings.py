"""Settings, each declared once with its type, default and description.

Stored as a small TOML file in the user's config directory. Unknown keys in the file are
kept out with a warning; a value of the wrong type falls back to the default, loudly.
"""

from __future__ import annotations

import logging
import os
import socket
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

from console.broker_url import parse_broker_url

log = logging.getLogger("console.settings")

APP_NAME = "duty-console"
SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Option:
    key: str
    type: type
    default: Any
    description: str


OPTIONS: tuple[Option, ...] = (
    Option("station.name", str, "", "Name of this duty workstation (default: the host name)."),
    Option("ui.language", str, "auto", "auto, zh_CN or en. auto: Chinese unless the system locale names another language."),
    Option("broker.host", str, "127.0.0.1", "MQTT broker host name or address."),
    Option("broker.port", int, 1883, "MQTT broker port (8883 is usual with TLS)."),
    Option("broker.username", str, "", "MQTT user name (empty: anonymous)."),
    Option("broker.password", str, "", "MQTT password."),
    Option("broker.tls_ca", str, "", "CA certificate file; setting it turns TLS on."),
    Option("broker.tls_cert", str, "", "Client certificate file for mutual TLS."),
    Option("broker.tls_key", str, "", "Client key file for mutual TLS."),
    Option("broker.topic_root", str, "dc/v1", "Topic root of the Duty Console protocol."),
    Option("broker.keepalive_s", int, 15, "MQTT keep-alive; a dead link is noticed after about 1.5 times this."),
    Option("broker.reconnect_min_s", int, 1, "First reconnect delay; it doubles up to the maximum."),
    Option("broker.reconnect_max_s", int, 30, "Longest reconnect delay."),
    Option("database.url", str, "", "SQLAlchemy URL of the duty log (empty: SQLite file in the data directory)."),
    Option("plant.file", str, "", "Plant registry JSON (enterprises, points, cameras); empty: accept any code."),
    Option("duty.shift_pattern", str, "08:00,16:00,00:00", "Shift start times (local), e.g. 08:00,16:00,00:00 or 08:00,20:00."),
    Option("intake.max_future_skew_s", float, 300.0, "Messages stamped further in the future than this are rejected."),
    Option("duty.presence_interval_min", int, 60, "Presence checks: on average one every this many minutes, at a random moment (0: off)."),
    Option("duty.presence_answer_s", int, 120, "Seconds to confirm a presence check (late after this; missed, with an alarm, after twice this)."),
)
_BY_KEY = {o.key: o for o in OPTIONS}


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


class Settings:
    def __init__(self, values: dict[str, Any] | None = None, path: Path | None = None) -> None:
        self._values = {o.key: o.default for o in OPTIONS}
        self.path = path
        for key, value in (values or {}).items():
            self.set(key, value)

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def set(self, key: str, value: Any) -> None:
        option = _BY_KEY.get(key)
        if option is None:
            raise KeyError(f"unknown setting {key!r}")
        if option.type is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, option.type) or (option.type is int and isinstance(value, bool)):
            raise TypeError(f"setting {key} must be {option.type.__name__}, not {type(value).__name__}")
        self._values[key] = value

    def apply_broker_url(self, url: str) -> None:
        """mqtt://[user[:password]@]host[:port] or mqtts://… (TLS with the system's CAs)."""
        address = parse_broker_url(url)
        self.set("broker.host", address.host)
        self.set("broker.port", address.port)
        if address.username:
            self.set("broker.username", address.username)
            self.set("broker.password", address.password)
        if address.tls and not self["broker.tls_ca"]:
            self.set("broker.tls_ca", _system_ca_file())

    @property
    def station(self) -> str:
        return self["station.name"] or socket.gethostname()

    @property
    def database_url(self) -> str:
        return self["database.url"] or f"sqlite:///{data_dir() / 'duty-log.sqlite'}"

    # -- file ------------------------------------------------------------------
    @classmethod
    def load(cls, path: Path | None = None) -> "Settings":
        path = path or config_dir() / "settings.toml"
        settings = cls(path=path)
        if not path.exists():
            return settings
        with open(path, "rb") as f:
            data = tomllib.load(f)
        for section, entries in data.items():
            if not isinstance(entries, dict):
                continue
            for name, value in entries.items():
                key = f"{section}.{name}"
                try:
                    settings.set(key, value)
                except (KeyError, TypeError) as exc:
                    log.warning("settings file %s: %s; using the default", path, exc)
        return settings

    def save(self, path: Path | None = None) -> Path:
        path = path or self.path or config_dir() / "settings.toml"
        path.parent.mkdir(parents=True, exist_ok=True)
        lines = [f"# Duty Console settings (schema {SCHEMA_VERSION})"]
        sections: dict[str, list[Option]] = {}
        for option in OPTIONS:  # one table per section, whatever the order options are declared in
            sections.setdefault(option.key.split(".", 1)[0], []).append(option)
        for section, options in sections.items():
            lines += ["", f"[{section}]"]
            for option in options:
                lines.append(f"# {option.description}")
                lines.append(f"{option.key.split('.', 1)[1]} = {_toml_value(self._values[option.key])}")
        tmp = path.with_suffix(".tmp")
        tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
        os.replace(tmp, path)
        self.path = path
        return path


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    escaped = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def _system_ca_file() -> str:
    import ssl

    paths = ssl.get_default_verify_paths()
    return paths.cafile or paths.openssl_cafile or ""
