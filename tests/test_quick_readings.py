"""The intake's fast path for readings (protocol.quick_readings, Intake._keep_known) cannot diverge
from the full path (protocol.parse, Intake._take): the same messages through both give the same
readings, in the same order, and the same rejections."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest

from console.domain import protocol
from console.domain.alarms import AlarmBook
from console.domain.clock import ManualClock
from console.domain.plant import PlantRegistry
from console.domain.protocol import Reading, ReadingBatch, Rejected, Topics
from console.services.intake import Intake
from console.simulator import PlantSimulator, build_demo_plant

CLOCK = ManualClock()
NOW = CLOCK.now()
TS = int(NOW * 1000)
TOPICS = Topics("dc/v1")
ENT = "91350200MA2XYZ0001"
REGISTRY = PlantRegistry.from_dict({"enterprises": [{"code": ENT, "name": "示例化工", "points": [
    {"code": "GT-1101", "name": "1#罐区 可燃气体", "kind": "gas_combustible", "unit": "%LEL", "h": 25, "hh": 50},
    {"code": "TT-2101", "name": "反应釜 温度", "kind": "temperature", "unit": "°C"},
]}]})
TOPIC = TOPICS.readings(ENT, "GW01")


def body(*items: dict[str, Any], **fields: Any) -> bytes:
    return json.dumps({"v": 1, "ts": TS, "readings": list(items), **fields}, separators=(",", ":")).encode()


def one(**item: Any) -> bytes:
    return body({"point": "TT-2101", "value": 80.5, **item})


# (topic, payload): plain messages the fast path takes, and every kind of departure from them
PLAIN = [
    (TOPIC, one()),
    (TOPIC, one(value=80)),  # an integer value
    (TOPIC, one(value=-0.0)),
    (TOPIC, one(q="uncertain")),
    (TOPIC, one(q="bad")),
    (TOPIC, one(unit="°C")),  # extra fields are ignored
    (TOPIC, body({"point": "TT-2101", "value": 1.5}, {"point": "GT-1101", "value": 3.0, "q": "good"}, {"point": "TT-2101", "value": 2})),
    (TOPIC, body()),  # an empty batch: nothing, and nothing wrong
    (TOPIC, body({"point": "TT-2101", "value": 1.0}, gw="GW01", seq=3)),
    (TOPICS.readings(ENT, "GW.2_a-b"), one()),
]
DEPARTURES = [
    (TOPIC, b" " + one()),  # whitespace around the JSON: valid, the full path reads it
    (TOPIC, one() + b"\n"),
    (TOPIC, json.dumps({"v": 1, "ts": TS, "readings": [{"point": "TT-2101", "value": 80.5}]}).encode()),  # with spaces inside
    (TOPIC, json.dumps({"v": 1, "ts": TS, "point": "TT-2101", "value": 80.5}).encode()),  # the single-reading form
    (TOPIC, one(ts=TS - 500)),  # a reading's own time
    (TOPIC, json.dumps({"v": 1, "readings": [{"point": "TT-2101", "value": 1.0, "ts": TS}]}).encode()),  # no batch time
    (TOPIC, body({"point": "TT-2101", "value": 1.0}, ts=TS + 0.5)),  # a time in fractions of a millisecond
    (TOPIC, body({"point": "TT-2101", "value": 1.0}, ts=float(TS))),
    (TOPIC, body({"point": "TT-2101", "value": 1.0}, v=1.0)),  # equal to 1: accepted by both
    (TOPIC, body({"point": "TT-2101", "value": 1.0}, v=True)),
    # bad: each rejected by the full path, with its reason
    (TOPIC, body({"point": "TT-2101", "value": 1.0}, v=2)),
    (TOPIC, json.dumps({"ts": TS, "readings": []}).encode()),
    (TOPIC, body({"point": "TT-2101", "value": 1.0}, ts=TS + 3_600_000)),  # beyond the allowed skew
    (TOPIC, body({"point": "TT-2101", "value": 1.0}, ts=1)),  # before 2000
    (TOPIC, body({"point": "TT-2101", "value": 1.0}, ts=10**400)),  # too large for a float
    (TOPIC, body({"point": "TT-2101", "value": 1.0}, ts="now")),
    (TOPIC, body({"point": "TT-2101", "value": 1.0}, ts=True)),
    (TOPIC, body(readings={"point": "TT-2101"})),
    (TOPIC, body(readings=[{"point": "TT-2101", "value": 1.0}] * (protocol.MAX_BATCH + 1))),
    (TOPIC, json.dumps({"v": 1, "readings": [{"point": "TT-2101", "value": 1.0}]}).encode()),  # no time anywhere
    (TOPIC, one(value="hot")),
    (TOPIC, one(value=True)),
    (TOPIC, one(value=None)),
    (TOPIC, one(value=10**400)),
    (TOPIC, one(value=[1.0])),
    (TOPIC, b'{"v":1,"ts":%d,"readings":[{"point":"TT-2101","value":1e999}]}' % TS),  # infinite
    (TOPIC, b'{"v":1,"ts":%d,"readings":[{"point":"TT-2101","value":NaN}]}' % TS),
    (TOPIC, one(q="excellent")),
    (TOPIC, one(q=None)),
    (TOPIC, one(q=["good"])),
    (TOPIC, one(point="TT 2101")),  # not a code
    (TOPIC, one(point=2101)),
    (TOPIC, one(point="X" * 65)),
    (TOPIC, body({"value": 1.0})),  # no point
    (TOPIC, body({"point": "TT-2101", "value": 1.0}, {"point": "TT-9999", "value": 1.0})),  # one unknown point
    (TOPIC, body({"point": "TT-2101", "value": 1.0}, "not an object")),
    (TOPIC, body({"point": "TT-2101", "value": 1.0}, [1])),
    (TOPICS.readings("91350200MA2UNKNOWN", "GW01"), one()),  # unknown enterprise
    (TOPICS.readings("consoles", "GW01"), one()),
    ("dc/v1/consoles/readings/silence", one()),  # a workstation's silence, not readings
    ("dc/v1/consoles/readings/state", one()),
    ("dc/v1/consoles/readings/areas", one()),
    ("dc/v1/bad code/readings/GW01", one()),
    ("dc/v2/" + ENT + "/readings/GW01", one()),
    (TOPIC + "/extra", one()),
    (TOPICS.alarm(ENT, "TT-2101"), one()),  # not a readings topic: an alarm, and a bad one
    (TOPIC, b"not json"),
    (TOPIC, b"\xff\xfe"),
    (TOPIC, b"[1,2]"),
    (TOPIC, b"[" * 5_000 + b"]" * 5_000),
    (TOPIC, b'{"v":1,"ts":%d,"readings":[]}{}' % TS),  # extra data
    (TOPIC, b'{"v":1,"ts":%d,"pad":"%s","readings":[]}' % (TS, b"x" * protocol.MAX_PAYLOAD_BYTES)),
    (TOPIC, b""),
]
MESSAGES = PLAIN + DEPARTURES


def full_path(topic: str, payload: bytes) -> tuple[Reading, ...] | str:
    """protocol.parse's readings, or its reason (or the error) when it does not give any."""
    try:
        message = protocol.parse(TOPICS, topic, payload, NOW)
    except Rejected as exc:
        return exc.reason
    except Exception as exc:  # the intake counts these too ("could not be handled")
        return type(exc).__name__
    return message.readings if isinstance(message, ReadingBatch) else type(message).__name__


def quick_path(topic: str, payload: bytes) -> list[Reading] | None:
    enterprise = TOPICS.readings_source(topic)
    return None if enterprise is None else protocol.quick_readings(enterprise, payload, NOW + protocol.MAX_FUTURE_SKEW_S)


@pytest.mark.parametrize("topic, payload", MESSAGES, ids=range(len(MESSAGES)))
def test_the_fast_path_reads_a_message_as_the_full_path_does_or_leaves_it(topic: str, payload: bytes) -> None:
    quick = quick_path(topic, payload)
    if quick is None:
        return  # the full path reads it (the intake tests below)
    full = full_path(topic, payload)
    assert isinstance(full, tuple), full
    assert quick == list(full)
    for q, f in zip(quick, full, strict=True):
        assert type(q) is Reading and type(q.value) is float and type(q.at) is float
        assert (q.value, q.at) == (f.value, f.at) and math.copysign(1, q.value) == math.copysign(1, f.value)


@pytest.mark.parametrize("topic, payload", PLAIN, ids=range(len(PLAIN)))
def test_plain_readings_take_the_fast_path(topic: str, payload: bytes) -> None:
    assert quick_path(topic, payload) is not None


def test_only_readings_topics_are_readings_sources() -> None:
    assert TOPICS.readings_source(TOPIC) == ENT
    assert TOPICS.readings_source(TOPICS.readings("consoles", "GW01")) == "consoles"  # parse reads it as readings too
    for topic in ("dc/v1/consoles/readings/silence", "dc/v1/consoles/readings/state", "dc/v1/consoles/readings/areas",
                  TOPICS.alarm(ENT, "TT-2101"), TOPICS.status(ENT, "GW01"), "dc/v1/bad code/readings/GW01", "x/y"):
        assert TOPICS.readings_source(topic) is None, topic


class Outcome:
    """What an Intake made of messages: the readings it handed on and what it rejected."""

    def __init__(self, registry: PlantRegistry, messages: list[tuple[str, bytes]], chunk: int) -> None:
        intake = Intake(AlarmBook(CLOCK), registry, TOPICS, CLOCK.now, reject_summary_s=3600)
        self.readings: list[Reading] = []
        intake.readings_arrived.connect(self.readings.extend)
        items = [(topic, payload, NOW) for topic, payload in messages]
        for k in range(0, len(items), chunk):
            intake.on_messages(items[k:k + chunk])
        intake.stop()
        self.messages, self.counted, self.latest = intake.messages, intake.readings, dict(intake.latest)
        self.rejected = dict(intake.rejects.tally.since_start)
        self.total_rejected = intake.rejected


@pytest.mark.parametrize("registry", [REGISTRY, PlantRegistry()], ids=["checked", "open"])
def test_the_intake_gives_the_same_readings_and_rejections_with_and_without_the_fast_path(
        qapp: Any, monkeypatch: pytest.MonkeyPatch, registry: PlantRegistry) -> None:
    messages = MESSAGES + PLAIN[::-1] + DEPARTURES[::3]  # mixed in one call, and in several
    fast = Outcome(registry, messages, chunk=7)
    monkeypatch.setattr(protocol, "quick_readings", lambda enterprise, payload, horizon: None)
    full = Outcome(registry, messages, chunk=7)
    assert fast.readings == full.readings and fast.readings
    assert fast.latest == full.latest
    assert (fast.messages, fast.counted) == (full.messages, full.counted) == (len(messages), len(full.readings))
    assert fast.rejected == full.rejected
    assert fast.total_rejected == full.total_rejected > len(DEPARTURES) // 2


def test_the_simulated_plants_messages_all_take_the_fast_path_and_read_as_parse_reads_them() -> None:
    registry = build_demo_plant()
    sim = PlantSimulator(registry, seed=3, excursions_per_hour=0.0)
    batches = sim.step(NOW, 0.0).batches + sim.step(NOW + 1, 1.0).batches
    messages = [(TOPICS.readings(ent, gw), protocol.encode_readings(r, NOW)) for ent, gw, r in batches]
    messages += [(TOPICS.readings(ent, gw), protocol.encode_readings([one], NOW)) for ent, gw, r in batches for one in r]
    for topic, payload in messages:
        quick = quick_path(topic, payload)
        assert quick is not None and quick == list(full_path(topic, payload))
