"""The MQTT protocol of Duty Console, version 1 (see docs/protocol.md), with its revision 2
(gateway birth and death, sequence numbers, replay): optional fields and new topics only, so a
gateway or console of the first revision keeps working.

Parsing is strict about what the console uses and tolerant of extra fields. Anything
invalid raises ``Rejected`` with a reason meant for the log and the operator's counter.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from typing import Any, NamedTuple

from console.domain.notes import TEXT_LIMIT as NOTE_TEXT_LIMIT, AlarmNote, check_note_text

from console.domain.alarms import (Acknowledgment, Alarm, AlarmRaise, Clearance, Handling, HandlingCategory, OutOfService, Overdue,
                                   Priority, Shelf)

VERSION = 1
DEFAULT_ROOT = "dc/v1"
MAX_PAYLOAD_BYTES = 256 * 1024
MAX_BATCH = 10_000
MAX_FUTURE_SKEW_S = 300.0
OLDEST_TS_S = 946_684_800.0  # 2000-01-01: anything older is a broken clock

CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$")
CONDITIONS = ("HH", "H", "L", "LL", "FAULT", "COMM", "SUSPECT", "DEVICE")
DEFAULT_PRIORITY = {
    "HH": Priority.CRITICAL,
    "LL": Priority.HIGH,
    "H": Priority.HIGH,
    "L": Priority.MEDIUM,
    "FAULT": Priority.MEDIUM,
    "COMM": Priority.MEDIUM,
    "SUSPECT": Priority.LOW,
    "DEVICE": Priority.MEDIUM,
}
DEVICE_STATES = ("online", "offline", "fault", "maintenance")
SEQ_MODULUS = 2**32  # a gateway's sequence numbers run 0 … 2**32 - 1, then start again at 0
REVISION = 2  # of protocol v1: what a console of this version understands (docs/protocol.md)
QUALITIES = ("good", "uncertain", "bad")


class Rejected(ValueError):
    """A message that cannot be used; ``reason`` says why in one line."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Reading(NamedTuple):
    """One value of one point. A named tuple, not a frozen dataclass: the intake builds one per
    reading (tens of thousands a second), and a tuple is built several times faster and is
    smaller while it waits in the reading history's queue."""

    enterprise: str
    point: str
    value: float
    at: float
    quality: str = "good"


@dataclass(frozen=True)
class ReadingBatch:
    enterprise: str
    gateway: str
    readings: tuple[Reading, ...]


@dataclass(frozen=True)
class AlarmEvent:
    raised: AlarmRaise
    active: bool  # False: the condition returned to normal
    seq: int | None = None  # the gateway's sequence number of this event (revision 2), None: not numbered
    gateway: str = ""  # the gateway that numbered it ("": the enterprise's only source)
    replay: bool = False  # sent again from the gateway's buffer, not when it happened


@dataclass(frozen=True)
class GatewayState:
    """A gateway's birth (``online``, retained, with the sequence number its next alarm event
    carries) or death (``offline``: its last will, published by the broker when it vanishes)."""

    enterprise: str
    gateway: str
    online: bool
    seq: int | None = None
    at: float | None = None


@dataclass(frozen=True)
class ReplayDone:
    """A gateway's answer to a replay request, once it has sent what its buffer held."""

    enterprise: str
    gateway: str
    request: str
    sent: int  # alarm events sent again from its buffer
    active: int  # active alarms it reported
    complete: bool  # False: its buffer no longer reached back as far as asked
    seq: int | None = None


@dataclass(frozen=True)
class ReplayRequest:
    """A console's request to an enterprise's gateways (docs/protocol.md, "Closing a gap")."""

    request: str
    station: str
    since: float | None = None  # send the alarm events of this time or later (seconds)
    from_seq: int | None = None  # … or those numbered from this one on
    gateway: str = ""  # only this gateway answers ("" every gateway of the enterprise)
    active: bool = True  # and report the alarms active now


@dataclass(frozen=True)
class DeviceStatus:
    enterprise: str
    device: str
    status: str
    at: float
    text: str = ""


@dataclass(frozen=True)
class AckEvent:
    """An acknowledgment made at some workstation (ours included: it comes back to us)."""

    ack: Acknowledgment
    enterprise: str
    point: str
    condition: str


@dataclass(frozen=True)
class HandlingEvent:
    """A handling record (处置) made at some workstation."""

    handling: Handling


@dataclass(frozen=True)
class ClearanceEvent:
    """An alarm cleared (消警) at some workstation."""

    clearance: Clearance


@dataclass(frozen=True)
class SilenceEvent:
    """A workstation's horn silenced by its operator: which alarm occurrences were sounding."""

    station: str
    operator: str
    at: float
    keys: tuple[str, ...]
    occurrence_ids: tuple[str, ...]
    priority: Priority


@dataclass(frozen=True)
class ConsoleState:
    """A workstation's retained state (``consoles/{station}/state``): online or not (the last
    will says offline), who is signed in there (``operator`` "": nobody) with which role, and
    the areas it covers by its own reckoning (console/domain/areas.py). ``at`` None: an older
    console's state, which says online or offline only."""

    station: str
    online: bool
    operator: str = ""
    role: str = ""
    areas: tuple[str, ...] = ()
    at: float | None = None


@dataclass(frozen=True)
class AreasChanged:
    """An administrator changed the areas of responsibility at ``station`` (``consoles/{station}/areas``):
    every workstation reads the assignments from the shared duty log again."""

    station: str
    operator: str
    at: float


@dataclass(frozen=True)
class ShelfEvent:
    """An alarm occurrence shelved (``shelf``) or unshelved (``shelf`` None) by an operator at
    some workstation (``station``; ours come back to us)."""

    occurrence_id: str
    key: str
    station: str
    operator: str
    at: float
    shelf: Shelf | None


@dataclass(frozen=True)
class ServiceEvent:
    """A point taken out of service (``out``) or returned to it at some workstation; ``record``
    names who, why and when."""

    record: OutOfService
    out: bool
    station: str


@dataclass(frozen=True)
class NoteEvent:
    """A note written on an alarm occurrence at some workstation (recorded there; ours come back to us)."""

    note: AlarmNote


Message = (ReadingBatch | AlarmEvent | DeviceStatus | AckEvent | HandlingEvent | ClearanceEvent | SilenceEvent | ShelfEvent
           | ServiceEvent | GatewayState | ReplayDone | ConsoleState | AreasChanged | NoteEvent)


class Topics:
    """Topic names under one root (default ``dc/v1``)."""

    SPLIT_CACHE = 20_000  # topics remembered (gateways and points repeat); bounded

    def __init__(self, root: str = DEFAULT_ROOT) -> None:
        self.root = root.strip("/")
        self._depth = len(self.root.split("/"))
        self._split_cache: dict[str, tuple[str, str, str]] = {}

    def readings(self, enterprise: str, gateway: str) -> str:
        return f"{self.root}/{enterprise}/readings/{gateway}"

    def is_readings(self, topic: str) -> bool:
        """A readings topic (``root/enterprise/readings/gateway``); cheap, for the network thread."""
        parts = topic.split("/")
        return len(parts) == self._depth + 3 and parts[self._depth + 1] == "readings" and topic.startswith(self.root + "/")

    def alarm(self, enterprise: str, point: str) -> str:
        return f"{self.root}/{enterprise}/alarms/{point}"

    def status(self, enterprise: str, device: str) -> str:
        return f"{self.root}/{enterprise}/status/{device}"

    def ack(self, enterprise: str, point: str) -> str:
        return f"{self.root}/{enterprise}/acks/{point}"

    def handling(self, enterprise: str, point: str) -> str:
        return f"{self.root}/{enterprise}/handlings/{point}"

    def clearance(self, enterprise: str, point: str) -> str:
        return f"{self.root}/{enterprise}/clearances/{point}"

    def escalation(self, enterprise: str, point: str) -> str:
        return f"{self.root}/{enterprise}/escalations/{point}"

    def shelf(self, enterprise: str, point: str) -> str:
        return f"{self.root}/{enterprise}/shelves/{point}"

    def service(self, enterprise: str, point: str) -> str:
        return f"{self.root}/{enterprise}/service/{point}"

    def note(self, enterprise: str, point: str) -> str:
        """A note written on one of the point's alarms (docs/protocol.md, "Notes")."""
        return f"{self.root}/{enterprise}/notes/{point}"

    def silence(self, station: str) -> str:
        return f"{self.root}/consoles/{station}/silence"

    def console_state(self, station: str) -> str:
        return f"{self.root}/consoles/{station}/state"

    def areas_changed(self, station: str) -> str:
        """An administrator at ``station`` changed the areas of responsibility (docs/areas.md)."""
        return f"{self.root}/consoles/{station}/areas"

    def anchor(self, station: str) -> str:
        """The workstation's latest audit anchor, retained (docs/audit.md)."""
        return f"{self.root}/consoles/{station}/anchor"

    def anchors(self) -> str:
        """Every workstation's anchor (read by ``duty-console audit verify --broker``)."""
        return f"{self.root}/consoles/+/anchor"

    def console_heartbeat(self, station: str) -> str:
        """The console's own liveness echo (console/infrastructure/broker_link.py); nobody else reads it."""
        return f"{self.root}/consoles/{station}/heartbeat"

    def gateway_state(self, enterprise: str, gateway: str) -> str:
        """A gateway's birth and death (retained)."""
        return f"{self.root}/{enterprise}/gateway/{gateway}"

    def replay_request(self, enterprise: str) -> str:
        """A console's request to the enterprise's gateways to send what it may have missed."""
        return f"{self.root}/{enterprise}/cmd/replay"

    def replay_done(self, enterprise: str, gateway: str) -> str:
        return f"{self.root}/{enterprise}/replay/{gateway}"

    def gateway_subscriptions(self, enterprise: str) -> list[tuple[str, int]]:
        """What a gateway of revision 2 subscribes to: its enterprise's requests and the consoles' state."""
        return [(self.replay_request(enterprise), 1), (f"{self.root}/consoles/+/state", 1)]

    def subscriptions(self) -> list[tuple[str, int]]:
        """What a console subscribes to, with QoS: readings at 0, events at 1."""
        return [
            (f"{self.root}/+/readings/+", 0),
            (f"{self.root}/+/alarms/+", 1),
            (f"{self.root}/+/status/+", 1),
            (f"{self.root}/+/acks/+", 1),  # other workstations' acknowledgments
            (f"{self.root}/+/handlings/+", 1),  # … handling records
            (f"{self.root}/+/clearances/+", 1),  # … clearances
            (f"{self.root}/+/shelves/+", 1),  # … shelvings
            (f"{self.root}/+/service/+", 1),  # … points out of / back in service
            (f"{self.root}/+/notes/+", 1),  # … notes on alarms
            (f"{self.root}/consoles/+/silence", 1),  # … and silences
            (f"{self.root}/consoles/+/state", 1),  # … and their state: online, who is signed in, areas
            (f"{self.root}/consoles/+/areas", 1),  # … and changes of the areas of responsibility
            (f"{self.root}/+/gateway/+", 1),  # gateways' birth and death (revision 2)
            (f"{self.root}/+/replay/+", 1),  # … and their answers to replay requests
        ]

    def readings_source(self, topic: str) -> str | None:
        """The enterprise of a topic that ``parse`` reads as readings (``root/enterprise/readings/gateway``),
        or None (another kind, or a bad topic: ``parse`` says why). For the intake's fast path."""
        found = self._split_cache.get(topic)
        if found is None:
            try:
                found = self.split(topic)
            except Rejected:
                return None
        enterprise, kind, leaf = found
        if kind != "readings" or (enterprise == "consoles" and leaf in _CONSOLE_LEAVES):
            return None
        return enterprise

    def split(self, topic: str) -> tuple[str, str, str]:
        """(enterprise, kind, leaf) of a data topic, or Rejected."""
        found = self._split_cache.get(topic)
        if found is not None:
            return found
        found = self._split(topic)
        if len(self._split_cache) >= self.SPLIT_CACHE:
            self._split_cache.clear()
        self._split_cache[topic] = found
        return found

    def _split(self, topic: str) -> tuple[str, str, str]:
        parts = topic.split("/")
        if len(parts) != self._depth + 3 or "/".join(parts[: self._depth]) != self.root:
            raise Rejected(f"topic not in protocol v{VERSION}: {topic[:120]}")
        enterprise, kind, leaf = parts[self._depth :]
        for label, code in (("enterprise code", enterprise), ("topic leaf", leaf)):
            if not CODE_RE.match(code):
                raise Rejected(f"bad {label} in topic: {code[:80]!r}")
        return enterprise, kind, leaf


def _reject_constant(name: str) -> Any:
    raise Rejected(f"non-finite number {name} in JSON")


_DECODER = json.JSONDecoder(parse_constant=_reject_constant)  # one for all messages: cheaper


def decode_json(payload: bytes) -> dict[str, Any]:
    if len(payload) > MAX_PAYLOAD_BYTES:
        raise Rejected(f"payload too large: {len(payload)} bytes (limit {MAX_PAYLOAD_BYTES})")
    try:
        text = payload.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Rejected(f"payload is not UTF-8 ({exc.reason} at byte {exc.start})") from None
    try:
        data = _DECODER.decode(text)
    except RecursionError:
        raise Rejected("JSON nested too deeply") from None
    except json.JSONDecodeError as exc:
        raise Rejected(f"not JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    if not isinstance(data, dict):
        raise Rejected(f"payload must be a JSON object, not {type(data).__name__}")
    version = data.get("v")
    if version != VERSION:
        raise Rejected(f"unsupported protocol version {version!r} (expected {VERSION})")
    return data


def _number(data: dict[str, Any], name: str, *, required: bool = True) -> float | None:
    value = data.get(name)
    if value is None:
        if required:
            raise Rejected(f"missing field {name!r}")
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise Rejected(f"field {name!r} must be a number, not {type(value).__name__}")
    value = float(value)
    if not math.isfinite(value):
        raise Rejected(f"field {name!r} is not a finite number")
    return value


def _text(data: dict[str, Any], name: str, *, required: bool = False, limit: int = 500) -> str:
    value = data.get(name)
    if value is None:
        if required:
            raise Rejected(f"missing field {name!r}")
        return ""
    if not isinstance(value, str):
        raise Rejected(f"field {name!r} must be a string, not {type(value).__name__}")
    return value[:limit]


def _code(data: dict[str, Any], name: str, default: str | None = None) -> str:
    value = data.get(name, default)
    if value is None:
        raise Rejected(f"missing field {name!r}")
    if not isinstance(value, str) or not CODE_RE.match(value):
        raise Rejected(f"field {name!r} is not a valid code: {str(value)[:80]!r}")
    return value


def _timestamp(data: dict[str, Any], horizon: float, *, default: float | None = None) -> float:
    """``ts`` is milliseconds since the Unix epoch (UTC), no later than ``horizon``."""
    if data.get("ts") is None and default is not None:
        return default
    ms = _number(data, "ts")
    assert ms is not None
    at = ms / 1000.0
    if at > horizon:
        raise Rejected(f"timestamp {at - horizon:.0f} s beyond the allowed clock skew (in the future)")
    if at < OLDEST_TS_S:
        raise Rejected(f"timestamp before the year 2000: {ms!r}")
    return at


_CONSOLE_LEAVES = ("silence", "state", "areas")  # consoles/{station}/{leaf}: read as such before the kind


def parse(topics: Topics, topic: str, payload: bytes, now: float, max_skew_s: float = MAX_FUTURE_SKEW_S) -> Message:
    """Parse one MQTT message; ``now`` is the receive time (seconds, UTC)."""
    enterprise, kind, leaf = topics.split(topic)
    data = decode_json(payload)
    horizon = now + max_skew_s  # a later timestamp is a clock fault, not a message
    # consoles/{station}/{leaf} for every leaf in _CONSOLE_LEAVES (Topics.readings_source follows these)
    if enterprise == "consoles" and leaf == "silence":  # consoles/{station}/silence
        return _parse_silence(kind, data, horizon)
    if enterprise == "consoles" and leaf == "state":  # consoles/{station}/state
        return _parse_console_state(kind, data, horizon)
    if enterprise == "consoles" and leaf == "areas":  # consoles/{station}/areas
        return AreasChanged(kind, _text(data, "operator", limit=64), _timestamp(data, horizon))
    if kind == "readings":
        return _parse_readings(enterprise, leaf, data, horizon)
    if kind == "alarms":
        return _parse_alarm(enterprise, leaf, data, horizon)
    if kind == "status":
        return _parse_status(enterprise, leaf, data, horizon)
    if kind == "acks":
        return _parse_ack(enterprise, leaf, data, horizon)
    if kind == "handlings":
        return _parse_handling(enterprise, leaf, data, horizon)
    if kind == "clearances":
        return _parse_clearance(enterprise, leaf, data, horizon)
    if kind == "shelves":
        return _parse_shelf(enterprise, leaf, data, horizon)
    if kind == "service":
        return _parse_service(enterprise, leaf, data, horizon)
    if kind == "notes":
        return _parse_note(enterprise, leaf, data, horizon)

    if kind == "gateway":
        return _parse_gateway_state(enterprise, leaf, data, horizon)
    if kind == "replay":
        return _parse_replay_done(enterprise, leaf, data)
    raise Rejected(f"unknown message kind {kind!r}")


GOOD_CODES = 50_000  # point codes already found well-formed (a plant's points repeat); bounded
_good_codes: set[str] = set()


def _point_code(item: dict[str, Any]) -> str:
    """A reading's point code: checked once per code, then remembered (the hot path of the intake)."""
    value = item.get("point")
    if value.__class__ is str and value in _good_codes:
        return value
    code = _code(item, "point")
    if len(_good_codes) >= GOOD_CODES:
        _good_codes.clear()
    _good_codes.add(code)
    return code


def _reading(enterprise: str, item: Any, horizon: float, batch_ts: float | None) -> Reading:
    if not isinstance(item, dict):
        raise Rejected(f"a reading must be an object, not {type(item).__name__}")
    quality = item.get("q", "good")
    if quality not in QUALITIES:
        raise Rejected(f"unknown quality {str(quality)[:20]!r}")
    value = item.get("value")
    if value.__class__ is float and math.isfinite(value):  # the usual case, at once; anything else checked in full
        pass
    else:
        value = _number(item, "value")
        assert value is not None
    at = batch_ts if batch_ts is not None and item.get("ts") is None else _timestamp(item, horizon, default=batch_ts)
    return Reading(enterprise, _point_code(item), value, at, quality)


def _parse_readings(enterprise: str, gateway: str, data: dict[str, Any], horizon: float) -> ReadingBatch:
    batch_ts = _timestamp(data, horizon) if data.get("ts") is not None else None
    items = data.get("readings")
    if items is None:  # a single reading
        return ReadingBatch(enterprise, gateway, (_reading(enterprise, data, horizon, batch_ts),))
    if not isinstance(items, list):
        raise Rejected(f"field 'readings' must be a list, not {type(items).__name__}")
    if len(items) > MAX_BATCH:
        raise Rejected(f"batch of {len(items)} readings exceeds {MAX_BATCH}")
    if len(items) == 1 and batch_ts is not None:  # one reading in a batch (the commonest message): no generators
        return ReadingBatch(enterprise, gateway, (_reading(enterprise, items[0], horizon, batch_ts),))
    if batch_ts is None and any(isinstance(i, dict) and i.get("ts") is None for i in items):
        raise Rejected("missing field 'ts' (neither on the batch nor on every reading)")
    return ReadingBatch(enterprise, gateway, tuple(_reading(enterprise, i, horizon, batch_ts) for i in items))


_scan_json = _DECODER.scan_once  # type: ignore[attr-defined]  # the C scanner behind _DECODER.decode, without its Python wrapper
_isfinite = math.isfinite


def quick_readings(enterprise: str, payload: bytes, horizon: float) -> list[Reading] | None:
    """The readings of a plain readings message, at the least cost (the intake's fast path: most
    messages are these, many of one reading each); None when the message is anything but plain.

    Plain: a batch ``{"v":1,"ts":<integer ms>,"readings":[{"point":…,"value":…(,"q":…)}, …]}`` without
    whitespace around it or per-reading times, its time and every part valid. ``parse`` (through
    ``_parse_readings``) gives the same readings for it; anything else, valid or not, is left to
    ``parse``, which reads it or says why not. ``enterprise`` is the topic's
    (``Topics.readings_source``), ``horizon`` the receive time plus the allowed clock skew.
    Never raises."""
    try:
        if len(payload) > MAX_PAYLOAD_BYTES:
            return None
        text = payload.decode("utf-8")
        data, end = _scan_json(text, 0)
        if end != len(text) or data.__class__ is not dict or data.get("v") != VERSION:
            return None
        ms = data.get("ts")
        items = data.get("readings")
        if ms.__class__ is not int or items.__class__ is not list or len(items) > MAX_BATCH:
            return None
        at = ms / 1000.0
        if not OLDEST_TS_S <= at <= horizon:
            return None
        out: list[Reading] = []
        for item in items:
            if item.__class__ is not dict or item.get("ts") is not None:
                return None
            quality = item.get("q", "good")
            if quality not in QUALITIES:
                return None
            value = item.get("value")
            if value.__class__ is int:
                value = float(value)
            elif value.__class__ is not float:
                return None
            if not _isfinite(value):
                return None
            point = item.get("point")
            if point.__class__ is not str or point not in _good_codes:
                point = _point_code(item)  # checked once per code (Rejected: left to parse)
            out.append(Reading(enterprise, point, value, at, quality))
        return out
    except Exception:  # anything unusual: parse says what it is
        return None


def _parse_alarm(enterprise: str, point: str, data: dict[str, Any], horizon: float) -> AlarmEvent:
    if _code(data, "point", default=point) != point:
        raise Rejected("field 'point' differs from the topic's point")
    condition = data.get("condition")
    if condition not in CONDITIONS:
        raise Rejected(f"unknown alarm condition {str(condition)[:20]!r} (expected one of {', '.join(CONDITIONS)})")
    state = data.get("state")
    if state not in ("raised", "cleared"):
        raise Rejected(f"field 'state' must be 'raised' or 'cleared', not {str(state)[:20]!r}")
    raw_priority = data.get("priority")
    if raw_priority is None:
        priority = DEFAULT_PRIORITY[condition]
    elif isinstance(raw_priority, int) and not isinstance(raw_priority, bool) and 1 <= raw_priority <= 4:
        priority = Priority(raw_priority)
    else:
        raise Rejected(f"field 'priority' must be 1, 2, 3 or 4, not {str(raw_priority)[:20]!r}")
    raised = AlarmRaise(
        enterprise=enterprise,
        point=point,
        condition=condition,
        priority=priority,
        at=_timestamp(data, horizon),
        value=_number(data, "value", required=False),
        threshold=_number(data, "threshold", required=False),
        text=_text(data, "text"),
        source_id=_text(data, "id", limit=64),
    )
    seq = _seq(data, "seq")
    gateway = _code(data, "gw") if data.get("gw") is not None else ""
    return AlarmEvent(raised, active=state == "raised", seq=seq, gateway=gateway, replay=data.get("replay") is True)


def _seq(data: dict[str, Any], name: str) -> int | None:
    value = data.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < SEQ_MODULUS:
        raise Rejected(f"field {name!r} must be an integer from 0 to 2**32 - 1, not {str(value)[:20]!r}")
    return value


def _parse_gateway_state(enterprise: str, gateway: str, data: dict[str, Any], horizon: float) -> GatewayState:
    state = data.get("state")
    if state not in ("online", "offline"):
        raise Rejected(f"field 'state' must be 'online' or 'offline', not {str(state)[:20]!r}")
    at = _timestamp(data, horizon) if data.get("ts") is not None else None  # a last will has no useful time
    return GatewayState(enterprise, gateway, state == "online", _seq(data, "seq"), at)


def _parse_replay_done(enterprise: str, gateway: str, data: dict[str, Any]) -> ReplayDone:
    counts = []
    for name in ("sent", "active"):
        value = data.get(name, 0)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise Rejected(f"field {name!r} must be a count, not {str(value)[:20]!r}")
        counts.append(value)
    return ReplayDone(enterprise, gateway, _text(data, "id", required=True, limit=64), counts[0], counts[1],
                      data.get("complete", True) is not False, _seq(data, "seq"))


def parse_replay_request(payload: bytes) -> ReplayRequest:
    """A replay request as a gateway reads it (``Topics.replay_request``)."""
    data = decode_json(payload)
    since = _number(data, "since", required=False)
    gateway = _code(data, "gateway") if data.get("gateway") is not None else ""
    return ReplayRequest(_text(data, "id", required=True, limit=64), _text(data, "station", limit=64),
                         None if since is None else since / 1000.0, _seq(data, "from_seq"), gateway,
                         data.get("active", True) is not False)


def parse_console_state(payload: bytes) -> bool:
    """True when a console's state message says it is online (``Topics.console_state``)."""
    return decode_json(payload).get("state") == "online"


MAX_AREAS = 10_000  # areas named in one console state


def _parse_console_state(station: str, data: dict[str, Any], horizon: float) -> ConsoleState:
    state = data.get("state")
    if state not in ("online", "offline"):
        raise Rejected(f"field 'state' must be 'online' or 'offline', not {str(state)[:20]!r}")
    areas = data.get("areas", [])
    if not isinstance(areas, list) or len(areas) > MAX_AREAS or not all(isinstance(a, str) for a in areas):
        raise Rejected("field 'areas' must be a list of enterprise codes")
    at = _timestamp(data, horizon) if data.get("ts") is not None else None
    return ConsoleState(station, state == "online", _text(data, "operator", limit=64), _text(data, "role", limit=32),
                        tuple(a[:64] for a in areas), at)


def encode_console_state(online: bool, at: float | None = None, operator: str = "", role: str = "",
                         areas: tuple[str, ...] = ()) -> bytes:
    """A console's state; ``at`` None: the bare form of the last will (``{"v":1,"state":"offline"}``)."""
    body: dict[str, Any] = {"v": VERSION, "state": "online" if online else "offline"}
    if at is not None:
        body.update({"ts": _ms(at), "operator": operator, "role": role, "areas": list(areas)})
    return _dump(body)


def encode_areas_changed(operator: str, at: float) -> bytes:
    return _dump({"v": VERSION, "ts": _ms(at), "operator": operator})


def _parse_status(enterprise: str, device: str, data: dict[str, Any], horizon: float) -> DeviceStatus:
    status = data.get("status")
    if status not in DEVICE_STATES:
        raise Rejected(f"unknown device status {str(status)[:20]!r}")
    return DeviceStatus(enterprise, device, status, _timestamp(data, horizon), _text(data, "text"))


def _parse_ack(enterprise: str, point: str, data: dict[str, Any], horizon: float) -> AckEvent:
    condition = data.get("condition")
    if condition not in CONDITIONS:
        raise Rejected(f"unknown alarm condition {str(condition)[:20]!r}")
    occurrence = _text(data, "alarm_id", required=True, limit=32)
    if not occurrence:
        raise Rejected("empty field 'alarm_id'")
    ack = Acknowledgment(
        occurrence_id=occurrence,
        key=f"{enterprise}/{point}/{condition}",
        operator=_text(data, "operator", required=True, limit=64),
        station=_text(data, "station", required=True, limit=64),
        raised_at=_timestamp({"ts": data.get("raised_at")}, horizon),
        acked_at=_timestamp({"ts": data.get("acked_at")}, horizon),
        shift=_text(data, "shift", limit=32),
    )
    return AckEvent(ack, enterprise, point, condition)


def _occurrence_and_key(enterprise: str, point: str, data: dict[str, Any]) -> tuple[str, str]:
    condition = data.get("condition")
    if condition not in CONDITIONS:
        raise Rejected(f"unknown alarm condition {str(condition)[:20]!r}")
    occurrence = _text(data, "alarm_id", required=True, limit=32)
    if not occurrence:
        raise Rejected("empty field 'alarm_id'")
    return occurrence, f"{enterprise}/{point}/{condition}"


def _parse_handling(enterprise: str, point: str, data: dict[str, Any], horizon: float) -> HandlingEvent:
    occurrence, key = _occurrence_and_key(enterprise, point, data)
    try:
        category = HandlingCategory(data.get("category"))
    except ValueError:
        raise Rejected(f"unknown handling category {str(data.get('category'))[:30]!r}") from None
    handling = Handling(
        occurrence_id=occurrence,
        key=key,
        category=category,
        description=_text(data, "result", required=True, limit=2000),
        operator=_text(data, "handler", required=True, limit=64),
        station=_text(data, "station", required=True, limit=64),
        handled_at=_timestamp({"ts": data.get("handled_at")}, horizon),
        shift=_text(data, "shift", limit=32),
    )
    return HandlingEvent(handling)


def _parse_clearance(enterprise: str, point: str, data: dict[str, Any], horizon: float) -> ClearanceEvent:
    occurrence, key = _occurrence_and_key(enterprise, point, data)
    clearance = Clearance(
        occurrence_id=occurrence,
        key=key,
        operator=_text(data, "operator", required=True, limit=64),
        station=_text(data, "station", required=True, limit=64),
        cleared_at=_timestamp({"ts": data.get("cleared_at")}, horizon),
        shift=_text(data, "shift", limit=32),
    )
    return ClearanceEvent(clearance)


def _parse_shelf(enterprise: str, point: str, data: dict[str, Any], horizon: float) -> ShelfEvent:
    occurrence, key = _occurrence_and_key(enterprise, point, data)
    state = data.get("state")
    operator = _text(data, "operator", required=True, limit=64)
    station = _text(data, "station", required=True, limit=64)
    if state == "unshelved":
        return ShelfEvent(occurrence, key, station, operator, _timestamp({"ts": data.get("unshelved_at")}, horizon), None)
    if state != "shelved":
        raise Rejected(f"field 'state' must be 'shelved' or 'unshelved', not {str(state)[:20]!r}")
    since = _timestamp({"ts": data.get("shelved_at")}, horizon)
    until = _number(data, "until")
    assert until is not None
    if until / 1000.0 <= since:
        raise Rejected("field 'until' must be later than 'shelved_at'")
    shelf = Shelf(operator, _text(data, "reason", required=True, limit=500), since, until / 1000.0, station)
    return ShelfEvent(occurrence, key, station, operator, since, shelf)


def _parse_service(enterprise: str, point: str, data: dict[str, Any], horizon: float) -> ServiceEvent:
    if _code(data, "point", default=point) != point:
        raise Rejected("field 'point' differs from the topic's point")
    state = data.get("state")
    if state not in ("out_of_service", "in_service"):
        raise Rejected(f"field 'state' must be 'out_of_service' or 'in_service', not {str(state)[:20]!r}")
    record = OutOfService(enterprise, point, _text(data, "person", required=True, limit=64), _text(data, "reason", limit=2000),
                          _timestamp(data, horizon))
    return ServiceEvent(record, state == "out_of_service", _text(data, "station", required=True, limit=64))


def _parse_note(enterprise: str, point: str, data: dict[str, Any], horizon: float) -> NoteEvent:
    occurrence, key = _occurrence_and_key(enterprise, point, data)
    note_id = _text(data, "note_id", required=True, limit=32)
    if not note_id:
        raise Rejected("empty field 'note_id'")
    text = data.get("text")
    if not isinstance(text, str) or check_note_text(text) is not None:
        raise Rejected(f"field 'text' must be a non-empty string of at most {NOTE_TEXT_LIMIT} characters")
    return NoteEvent(AlarmNote(note_id, occurrence, key, _text(data, "author", required=True, limit=64),
                               _text(data, "station", required=True, limit=64), _timestamp({"ts": data.get("written_at")}, horizon),
                               text, _text(data, "shift", limit=32)))


MAX_SILENCED = 10_000


def _parse_silence(station: str, data: dict[str, Any], horizon: float) -> SilenceEvent:
    alarms = data.get("alarms")
    if not isinstance(alarms, list) or len(alarms) > MAX_SILENCED:
        raise Rejected("field 'alarms' must be a list of at most 10000 {key, alarm_id}")
    keys, ids = [], []
    for item in alarms:
        if not isinstance(item, dict):
            raise Rejected("each silenced alarm must be an object")
        keys.append(_text(item, "key", required=True, limit=200))
        ids.append(_text(item, "alarm_id", required=True, limit=32))
    raw = data.get("priority")
    if not (isinstance(raw, int) and not isinstance(raw, bool) and 1 <= raw <= 4):
        raise Rejected("field 'priority' must be 1, 2, 3 or 4")
    return SilenceEvent(station, _text(data, "operator", required=True, limit=64), _timestamp(data, horizon),
                        tuple(keys), tuple(ids), Priority(raw))


# -- outgoing -----------------------------------------------------------------
def _ms(seconds: float) -> int:
    return int(round(seconds * 1000))


def encode_ack(ack: Acknowledgment, enterprise: str, point: str, condition: str) -> bytes:
    body = {
        "v": VERSION,
        "ts": _ms(ack.acked_at),
        "alarm_id": ack.occurrence_id,
        "key": ack.key,
        "enterprise": enterprise,
        "point": point,
        "condition": condition,
        "operator": ack.operator,
        "station": ack.station,
        "raised_at": _ms(ack.raised_at),
        "acked_at": _ms(ack.acked_at),
        "response_ms": _ms(ack.response_s),
        "shift": ack.shift,
    }
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def encode_alarm(event: AlarmRaise, active: bool, seq: int | None = None, gateway: str = "", replay: bool = False) -> bytes:
    body: dict[str, Any] = {
        "v": VERSION,
        "ts": _ms(event.at),
        "point": event.point,
        "condition": event.condition,
        "state": "raised" if active else "cleared",
        "priority": int(event.priority),
    }
    for name, value in (("value", event.value), ("threshold", event.threshold)):
        if value is not None:
            body[name] = value
    if event.text:
        body["text"] = event.text
    if event.source_id:
        body["id"] = event.source_id
    if seq is not None:
        body["seq"] = seq
    if gateway:
        body["gw"] = gateway
    if replay:
        body["replay"] = True
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def encode_gateway_state(online: bool, at: float | None = None, seq: int | None = None) -> bytes:
    """A gateway's birth (``online``, with the number of its next alarm event) or death (its last will)."""
    body: dict[str, Any] = {"v": VERSION, "state": "online" if online else "offline"}
    if at is not None:
        body["ts"] = _ms(at)
    if seq is not None:
        body["seq"] = seq
    return _dump(body)


def encode_replay_request(request: ReplayRequest, at: float) -> bytes:
    body: dict[str, Any] = {"v": VERSION, "ts": _ms(at), "id": request.request, "station": request.station,
                            "active": request.active}
    if request.since is not None:
        body["since"] = _ms(request.since)
    if request.from_seq is not None:
        body["from_seq"] = request.from_seq
    if request.gateway:
        body["gateway"] = request.gateway
    return _dump(body)


def encode_replay_done(request: str, at: float, sent: int, active: int, complete: bool, seq: int | None = None) -> bytes:
    body: dict[str, Any] = {"v": VERSION, "ts": _ms(at), "id": request, "sent": sent, "active": active, "complete": complete}
    if seq is not None:
        body["seq"] = seq
    return _dump(body)


def encode_readings(readings: list[tuple[str, float]], at: float) -> bytes:
    body = {"v": VERSION, "ts": _ms(at), "readings": [{"point": p, "value": v} for p, v in readings]}
    return json.dumps(body, separators=(",", ":")).encode("utf-8")


def encode_status(status: str, at: float, text: str = "") -> bytes:
    body: dict[str, Any] = {"v": VERSION, "ts": _ms(at), "status": status}
    if text:
        body["text"] = text
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _dump(body: dict[str, Any]) -> bytes:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _alarm_facts(alarm: Alarm) -> dict[str, Any]:
    """What every lifecycle message says about its alarm (the provincial record's alarm part:
    alarm id, enterprise credit code, alarm time and type)."""
    return {
        "alarm_id": alarm.occurrence_id,
        "key": alarm.key,
        "credit_code": alarm.enterprise,  # enterprises are named by their 统一社会信用代码
        "point": alarm.point,
        "condition": alarm.condition,  # the alarm type
        "priority": int(alarm.priority),
        "alarm_time": _ms(alarm.raised_at),
    }


def encode_handling(handling: Handling, alarm: Alarm) -> bytes:
    """The handling record (处置记录): who handled the alarm, when, and with what result."""
    body = {"v": VERSION, "ts": _ms(handling.handled_at), **_alarm_facts(alarm),
            "handled_at": _ms(handling.handled_at), "handler": handling.operator, "category": handling.category.value,
            "result": handling.description, "drill": handling.drill, "station": handling.station, "shift": handling.shift}
    if alarm.ack is not None:
        body["acked_by"] = alarm.ack.operator
        body["acked_at"] = _ms(alarm.ack.acked_at)
    return _dump(body)


def encode_clearance(clearance: Clearance, alarm: Alarm) -> bytes:
    return _dump({"v": VERSION, "ts": _ms(clearance.cleared_at), **_alarm_facts(alarm), "cleared_at": _ms(clearance.cleared_at),
                  "operator": clearance.operator, "station": clearance.station, "shift": clearance.shift})


def encode_escalation(alarm: Alarm, kind: Overdue | str, due_at: float | None, at: float, station: str,
                      on_duty: str) -> bytes:
    """An alarm past its deadline (or a missed presence check), for an upstream platform or an
    SMS gateway: ``kind`` is ack_overdue, handling_overdue or presence_missed."""
    name = f"{kind.value}_overdue" if isinstance(kind, Overdue) else kind
    body = {"v": VERSION, "ts": _ms(at), "kind": name, **_alarm_facts(alarm), "text": alarm.text,
            "station": station, "on_duty": on_duty}
    if due_at is not None:
        body["due_at"] = _ms(due_at)
    return _dump(body)


def encode_shelf(alarm: Alarm, shelf: Shelf) -> bytes:
    """An alarm occurrence shelved: by whom, where, why and until when."""
    return _dump({"v": VERSION, "ts": _ms(shelf.since), **_alarm_facts(alarm), "state": "shelved", "operator": shelf.operator,
                  "station": shelf.station, "reason": shelf.reason, "shelved_at": _ms(shelf.since), "until": _ms(shelf.until)})


def encode_unshelve(alarm: Alarm, operator: str, station: str, at: float) -> bytes:
    """An alarm occurrence unshelved by an operator (a shelving whose time ran out is not published:
    every workstation sees its ``until``)."""
    return _dump({"v": VERSION, "ts": _ms(at), **_alarm_facts(alarm), "state": "unshelved", "operator": operator,
                  "station": station, "unshelved_at": _ms(at)})


def encode_service(record: OutOfService, out: bool, station: str) -> bytes:
    """A point taken out of service or returned to it (``record``: who, why, when)."""
    body = {"v": VERSION, "ts": _ms(record.since), "point": record.point, "state": "out_of_service" if out else "in_service",
            "person": record.person, "station": station}
    if record.reason:
        body["reason"] = record.reason
    return _dump(body)


def encode_note(note: AlarmNote) -> bytes:
    """A note written on an alarm occurrence (open or closed): by whom, where, when, and what."""
    enterprise, point, condition = note.key.split("/")
    return _dump({"v": VERSION, "ts": _ms(note.at), "alarm_id": note.occurrence_id, "key": note.key, "credit_code": enterprise,
                  "point": point, "condition": condition, "note_id": note.note_id, "author": note.author,
                  "station": note.station, "written_at": _ms(note.at), "shift": note.shift, "text": note.text})


def encode_silence(operator: str, at: float, keys: tuple[str, ...], occurrence_ids: tuple[str, ...], priority: Priority) -> bytes:
    return _dump({"v": VERSION, "ts": _ms(at), "operator": operator, "priority": int(priority),
                  "alarms": [{"key": k, "alarm_id": i} for k, i in zip(keys, occurrence_ids, strict=True)]})
