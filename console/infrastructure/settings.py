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

from console.domain.broker_url import parse_broker_url

log = logging.getLogger("console.infrastructure.settings")

APP_NAME = "duty-console"
SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Option:
    key: str
    type: type
    default: Any
    description: str
    secret: bool = False  # kept in the OS keyring (console/infrastructure/secrets.py), never in the settings file


OPTIONS: tuple[Option, ...] = (
    Option("station.name", str, "", "Name of this duty workstation (default: the host name)."),
    Option("ui.language", str, "auto", "auto, zh_CN or en. auto: Chinese unless the system locale names another language."),
    Option("broker.host", str, "127.0.0.1", "MQTT broker host name or address."),
    Option("broker.port", int, 1883, "MQTT broker port (8883 is usual with TLS)."),
    Option("broker.username", str, "", "MQTT user name (empty: anonymous)."),
    Option("broker.password", str, "", "MQTT password (kept in the system keyring, not in this file).", secret=True),
    Option("broker.tls_ca", str, "", "CA certificate file; setting it turns TLS on."),
    Option("broker.tls_cert", str, "", "Client certificate file for mutual TLS."),
    Option("broker.tls_key", str, "", "Client key file for mutual TLS."),
    Option("broker.topic_root", str, "dc/v1", "Topic root of the Duty Console protocol."),
    Option("broker.keepalive_s", int, 5, "MQTT keep-alive in seconds; the broker drops a silent console after 1.5 times this."),
    Option("broker.heartbeat_s", float, 1.0, "Seconds between the console's heartbeats to its own topic on the broker (0: off; hangs are then noticed by the keep-alive only)."),
    Option("broker.silence_s", float, 2.0, "A broker that answers nothing (not even the heartbeat) for this many seconds counts as lost: alarm, then reconnect."),
    Option("broker.reconnect_min_s", float, 0.5, "First reconnect delay in seconds; it doubles up to the maximum (each drawn with jitter between half and all of it)."),
    Option("broker.reconnect_max_s", float, 1.5, "Longest reconnect delay: the console is back at most this long after the broker is."),
    Option("database.url", str, "", "SQLAlchemy URL of the duty log (empty: SQLite file in the data directory)."),
    Option("plant.file", str, "", "Plant registry JSON (enterprises, points, cameras); empty: accept any code."),
    Option("duty.shift_pattern", str, "08:00,16:00,00:00", "Shift start times (local), e.g. 08:00,16:00,00:00 or 08:00,20:00."),
    Option("intake.max_future_skew_s", float, 300.0, "Messages stamped further in the future than this are rejected."),
    Option("intake.reject_summary_s", float, 60.0, "Seconds between the log's summary lines of rejected (bad) messages, counted per enterprise and reason."),
    Option("duty.presence_interval_min", int, 60, "Presence checks: on average one every this many minutes, at a random moment (0: off)."),
    Option("lifecycle.handling_required_priority", int, 2, "Alarms of this priority or more urgent (1 critical … 4 low) must be handled (处置) before they can be cleared (消警); 0: none."),
    Option("deadlines.ack_s", str, "60,120,300,600", "Seconds to acknowledge an alarm, for priorities 1,2,3,4 (0: no deadline)."),
    Option("deadlines.handling_s", str, "900,1800,3600,7200", "Seconds to record the handling of an alarm that needs it, for priorities 1,2,3,4 (0: none)."),
    Option("escalation.command", str, "", "Command run when an alarm is escalated (details in DC_* environment variables and JSON on stdin); empty: none."),
    Option("duty.presence_answer_s", int, 120, "Seconds to confirm a presence check (late after this; missed, with an alarm, after twice this)."),
    # Reading history and trends (docs/trends.md).
    Option("history.source", str, "local", "local or historian: this workstation keeps its own reading history (at history.url), or reads the trends from the historian's PostgreSQL tables at history.url and stores no readings itself (docs/trends.md)."),
    Option("history.url", str, "", "SQLAlchemy URL of the reading history (empty: readings.sqlite beside a SQLite duty log, else in the data directory); with history.source = historian, the historian's PostgreSQL database."),
    Option("history.historian_group", str, "historians", "The historians' MQTT 5 shared-subscription group: historians of one group share the readings, each written once."),
    Option("history.full_days", int, 30, "Days every reading is kept at full resolution (major-hazard rules: at least 30)."),
    Option("history.minute_days", int, 365, "Days the per-minute min/mean/max are kept after that."),
    Option("history.flush_s", int, 60, "Seconds between writes of the readings held in memory."),
    Option("trends.window_min", int, 60, "Time shown by the trend panel at start (minutes)."),
    Option("trends.alarm_window_min", int, 10, "Selecting an alarm shows its point's trend this many minutes either side of it."),
    Option("trends.gap_s", float, 10.0, "Readings further apart than this are drawn with a gap (no data) between them."),
    Option("trends.export_dir", str, "", "Folder for trend CSV and PNG exports (empty: Duty Console in the Documents folder)."),
    # Alarm sound (console/infrastructure/audio_output.py).
    Option("sound.output", str, "auto", "auto, alsa, pulse or none: where the alarm sound goes. auto: libvlc's choice when this machine has a sound card or a PulseAudio/PipeWire server, else no sound (libvlc never opens ALSA); alsa or pulse: that output whatever is detected; none: no sound."),
    # Camera video (console/video, docs/video.md).
    Option("video.enabled", bool, True, "Show camera video (libvlc) beside the alarms."),
    Option("video.rtsp_path", str, "auto", "auto, direct or relay: libvlc opens rtsp:// itself, or FFmpeg (PyAV) reads it and hands it to libvlc; auto: relay when libvlc has no RTSP module (Debian, Ubuntu)."),
    Option("video.rtsp_tcp", bool, True, "RTSP over TCP for cameras whose plant entry does not say (rtsp_tcp)."),
    Option("video.network_caching_ms", int, 200, "libvlc input caching in ms: lower starts and follows faster, higher rides out network jitter."),
    Option("video.live_without_sign_in", bool, False, "Show the cameras' live pictures with nobody signed in (a public video wall in the duty room). Off: the tiles say which camera they are for and play once someone signs in; pre-alarm footage and clips are recorded either way."),
    Option("video.layout", int, 4, "Video tiles at start: 1, 4 or 9."),
    Option("video.render", str, "auto", "auto, window or image: libvlc draws into the tile's window (X11, Windows) or hands frames to Qt (image; offscreen, Wayland)."),
    Option("video.follow_alarms", bool, True, "A new alarm of the highest priority present switches the main tile to its camera, unless a camera is pinned there."),
    Option("video.follow_hold_s", float, 10.0, "After following an alarm the main tile keeps its camera at least this many seconds; alarms of the same priority meanwhile switch it once at the end, to the newest (a higher priority switches at once)."),
    Option("video.connect_timeout_s", float, 8.0, "A camera that shows no picture within this time counts as lost."),
    Option("video.stall_s", float, 5.0, "A picture that stops for this long counts as lost (no signal); it is reconnected by itself."),
    Option("video.reconnect_min_s", float, 1.0, "First reconnect delay of a lost camera; it doubles up to the maximum."),
    Option("video.reconnect_max_s", float, 30.0, "Longest reconnect delay of a lost camera."),
    Option("video.comm_alarm_s", float, 60.0, "A camera shown without picture for this long raises a communication alarm for it."),
    Option("video.clip_s", float, 30.0, "Length of the clip recorded from an alarm's camera when the alarm is raised (0: no clips)."),
    Option("video.max_clips", int, 4, "Clips recorded at the same time at most (more alarms at once: no clip, logged)."),
    Option("video.prealarm_s", float, 10.0, "Seconds of video kept before an alarm for its clip, from each camera of a point that can alarm (0: none)."),
    Option("video.prealarm_max_cameras", int, 8, "Cameras kept connected for pre-alarm video at most (the most recently alarmed first)."),
    Option("video.prealarm_max_mb", float, 8.0, "Memory for the pre-alarm video of one camera at most, in MB."),
    Option("video.snapshot_on_ack", bool, True, "Save the alarm camera's current picture when the alarm is acknowledged."),
    Option("video.evidence_dir", str, "", "Folder of snapshots and clips (empty: evidence/ in the data directory)."),
    # Shift handover (交接班; docs/handover.md).
    Option("handover.early_min", int, 60, "A handover at most this many minutes before the next shift starts hands over to that shift (the incoming shift arrives early); 0: always the shift in progress."),
    Option("handover.pdf_dir", str, "", "Folder offered for saving handover reports as PDF (empty: Duty Console in the Documents folder)."),
    # Local journal while the duty log is unreachable (docs/journal.md).
    Option("journal.retry_max_s", float, 15.0, "While the duty log is unreachable it is tried again after 1 s, doubling up to this many seconds."),
    # The audit chain's key and its anchors on the broker (docs/audit.md).
    Option("audit.key_file", str, "", "File holding the audit chain's HMAC key, readable by this account only (empty: audit.key in the config folder, else the keyring's audit.key; none: unkeyed)."),
    Option("audit.anchor_interval_s", int, 300, "Seconds between anchors (the audit chain's last entry, signed) published to the broker as retained messages; also at every handover (0: only at handovers)."),
    # Managers' review: alarm log, KPIs, exports and reports (docs/review.md).
    Option("review.export_dir", str, "", "Folder for the review's CSV, XLSX and PDF files (empty: Duty Console in the Documents folder)."),
    Option("review.operators_on_duty", int, 1, "Operators on duty at a time, for the figure alarms per operator per 10 minutes."),
    Option("review.catch_up_min", int, 60, "Minutes between background runs that prepare the KPI day blocks (0: only when a range is asked for)."),
)
_BY_KEY = {o.key: o for o in OPTIONS}
# Defaults of older versions that a saved settings file still carries (a save writes every
# option): such a value is taken as "the default", and the current default is used instead.
# The broker link's were changed so that a hung broker is noticed within seconds and the console
# reconnects within 2 s of the broker's return (docs/protocol.md, "Liveness and reconnecting").
SUPERSEDED_DEFAULTS: dict[str, Any] = {
    "broker.keepalive_s": 15,
    "broker.reconnect_min_s": 1,
    "broker.reconnect_max_s": 30,
}


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
    def load(cls, path: Path | None = None, secrets: Any = None) -> "Settings":
        """``secrets``: where passwords are kept (console/infrastructure/secrets.py; default: the keyring or
        the user-only file); a password found in the file itself is moved there."""
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
                if key in SUPERSEDED_DEFAULTS and value == SUPERSEDED_DEFAULTS[key]:
                    log.info("settings file %s: %s = %r was an older version's default; using the current default %r",
                             path, key, value, settings[key])
                    continue
                try:
                    settings.set(key, value)
                except (KeyError, TypeError) as exc:
                    log.warning("settings file %s: %s; using the default", path, exc)
        from console.infrastructure import secrets as secret_store

        secret_store.load_into(settings, path, secrets)
        return settings

    def file_values(self) -> tuple[dict[str, Any], dict[str, str]]:
        """What goes into the settings file, and the secrets kept out of it (name → value)."""
        from console.infrastructure import secrets as secret_store

        return secret_store.split_settings(self._values)

    def save(self, path: Path | None = None, secrets: Any = None) -> Path:
        """Secrets into the keyring (or the user-only file) first, then the settings file
        atomically; if the file cannot be written the secrets are put back as they were."""
        from console.infrastructure import secrets as secret_store

        path = path or self.path or config_dir() / "settings.toml"
        path.parent.mkdir(parents=True, exist_ok=True)
        values, hidden = self.file_values()
        with secret_store.stored(hidden, secrets, path.parent):
            self._write(path, values)
        self.path = path
        return path

    def _write(self, path: Path, values: dict[str, Any]) -> None:
        lines = [f"# Duty Console settings (schema {SCHEMA_VERSION})"]
        sections: dict[str, list[Option]] = {}
        for option in OPTIONS:  # one table per section, whatever the order options are declared in
            sections.setdefault(option.key.split(".", 1)[0], []).append(option)
        for section, options in sections.items():
            lines += ["", f"[{section}]"]
            for option in options:
                lines.append(f"# {option.description}")
                lines.append(f"{option.key.split('.', 1)[1]} = {_toml_value(values[option.key])}")
        tmp = path.with_suffix(".tmp")
        tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
        os.replace(tmp, path)


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
