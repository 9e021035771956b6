"""Protocol v1 parsing: what is accepted, what is rejected and why."""

from __future__ import annotations

import json

import pytest

from console.domain import protocol
from console.domain.alarms import Acknowledgment, Priority
from console.domain.protocol import AlarmEvent, DeviceStatus, ReadingBatch, Rejected, Topics

NOW = 1_790_000_000.0
T = Topics()
ENT = "91350200MA2XYZ0001"


def parse(topic, body, now=NOW):
    payload = body if isinstance(body, bytes) else json.dumps(body).encode()
    return protocol.parse(T, topic, payload, now)


def test_single_reading():
    msg = parse(f"dc/v1/{ENT}/readings/GW01", {"v": 1, "ts": NOW * 1000, "point": "TT-1", "value": 21.5})
    assert isinstance(msg, ReadingBatch)
    assert msg.readings[0].point == "TT-1" and msg.readings[0].value == 21.5 and msg.readings[0].at == NOW


def test_batch_with_extra_fields_and_per_reading_ts():
    body = {
        "v": 1,
        "ts": NOW * 1000,
        "gateway_model": "X-200",
        "readings": [{"point": "TT-1", "value": 1}, {"point": "PT-2", "value": 0.25, "ts": (NOW - 1) * 1000, "q": "uncertain", "extra": [1]}],
    }
    msg = parse(f"dc/v1/{ENT}/readings/GW01", body)
    assert [r.point for r in msg.readings] == ["TT-1", "PT-2"]
    assert msg.readings[1].at == NOW - 1 and msg.readings[1].quality == "uncertain"


def test_alarm_event_defaults_priority_from_condition():
    msg = parse(f"dc/v1/{ENT}/alarms/GT-1", {"v": 1, "ts": NOW * 1000, "condition": "H", "state": "raised"})
    assert isinstance(msg, AlarmEvent) and msg.active
    assert msg.raised.priority is Priority.HIGH and msg.raised.key == f"{ENT}/GT-1/H"


def test_alarm_roundtrip_through_encoder():
    original = parse(f"dc/v1/{ENT}/alarms/GT-1", {"v": 1, "ts": NOW * 1000, "condition": "HH", "state": "cleared", "priority": 1, "value": 3.5})
    again = protocol.parse(T, f"dc/v1/{ENT}/alarms/GT-1", protocol.encode_alarm(original.raised, original.active), NOW)
    assert again == original


def test_status():
    msg = parse(f"dc/v1/{ENT}/status/GT-1", {"v": 1, "ts": NOW * 1000, "status": "fault", "text": "探头故障"})
    assert isinstance(msg, DeviceStatus) and msg.status == "fault"


def test_ack_encoding():
    ack = Acknowledgment("abc", f"{ENT}/GT-1/HH", "张伟", "st-1", NOW - 12.345, NOW)
    body = json.loads(protocol.encode_ack(ack, ENT, "GT-1", "HH"))
    assert body == {
        "v": 1, "ts": int(NOW * 1000), "alarm_id": "abc", "key": f"{ENT}/GT-1/HH", "enterprise": ENT, "point": "GT-1",
        "condition": "HH", "operator": "张伟", "station": "st-1", "raised_at": round((NOW - 12.345) * 1000),
        "acked_at": int(NOW * 1000), "response_ms": 12345, "shift": "",
    }


GOOD_TS = NOW * 1000
BAD = [
    (f"dc/v1/{ENT}/readings/GW01", b"not json", "not JSON"),
    (f"dc/v1/{ENT}/readings/GW01", b"\xff\xfe", "not UTF-8"),
    (f"dc/v1/{ENT}/readings/GW01", b"[1,2]", "must be a JSON object"),
    (f"dc/v1/{ENT}/readings/GW01", {"ts": GOOD_TS, "point": "A", "value": 1}, "unsupported protocol version"),
    (f"dc/v1/{ENT}/readings/GW01", {"v": 1, "ts": GOOD_TS, "point": "A", "value": "12"}, "must be a number"),
    (f"dc/v1/{ENT}/readings/GW01", {"v": 1, "ts": GOOD_TS, "point": "A", "value": True}, "must be a number"),
    (f"dc/v1/{ENT}/readings/GW01", b'{"v":1,"ts":1790000000000,"point":"A","value":NaN}', "non-finite"),
    (f"dc/v1/{ENT}/readings/GW01", b'{"v":1,"ts":1790000000000,"point":"A","value":Infinity}', "non-finite"),
    (f"dc/v1/{ENT}/readings/GW01", {"v": 1, "ts": GOOD_TS, "point": "A", "value": 1e400}, "non-finite"),
    (f"dc/v1/{ENT}/readings/GW01", {"v": 1, "ts": (NOW + 365 * 86400) * 1000, "point": "A", "value": 1}, "in the future"),
    (f"dc/v1/{ENT}/readings/GW01", {"v": 1, "ts": 1000, "point": "A", "value": 1}, "before the year 2000"),
    (f"dc/v1/{ENT}/readings/GW01", {"v": 1, "readings": [{"point": "A", "value": 1}]}, "missing field 'ts'"),
    (f"dc/v1/{ENT}/readings/GW01", {"v": 1, "ts": GOOD_TS, "readings": "A"}, "must be a list"),
    (f"dc/v1/{ENT}/readings/GW01", {"v": 1, "ts": GOOD_TS, "readings": [{"point": "A/B", "value": 1}]}, "not a valid code"),
    (f"dc/v1/{ENT}/readings/GW01", b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    (f"dc/v1/{ENT}/readings/GW01", b'{"v":1,"x":"' + b"a" * 1_048_576 + b'"}', "payload too large"),
    (f"dc/v1/{ENT}/alarms/GT-1", {"v": 1, "ts": GOOD_TS, "condition": "XX", "state": "raised"}, "unknown alarm condition"),
    (f"dc/v1/{ENT}/alarms/GT-1", {"v": 1, "ts": GOOD_TS, "condition": "H", "state": "on"}, "'state' must be"),
    (f"dc/v1/{ENT}/alarms/GT-1", {"v": 1, "ts": GOOD_TS, "condition": "H", "state": "raised", "priority": 9}, "'priority' must be"),
    (f"dc/v1/{ENT}/alarms/GT-1", {"v": 1, "ts": GOOD_TS, "condition": "H", "state": "raised", "point": "GT-2"}, "differs from the topic"),
    (f"dc/v1/{ENT}/status/GT-1", {"v": 1, "ts": GOOD_TS, "status": "sleepy"}, "unknown device status"),
    (f"dc/v1/{ENT}/what/GT-1", {"v": 1, "ts": GOOD_TS}, "unknown message kind"),
    ("other/topic", {"v": 1}, "topic not in protocol"),
    ("dc/v1/bad code/readings/GW01", {"v": 1}, "bad enterprise code"),
]


@pytest.mark.parametrize(("topic", "body", "reason"), BAD, ids=[b[2] + str(i) for i, b in enumerate(BAD)])
def test_rejections_name_the_reason(topic, body, reason):
    with pytest.raises(Rejected) as info:
        parse(topic, body)
    assert reason in info.value.reason


def test_skew_limit_is_configurable():
    body = json.dumps({"v": 1, "ts": (NOW + 60) * 1000, "point": "A", "value": 1}).encode()
    protocol.parse(T, f"dc/v1/{ENT}/readings/GW01", body, NOW, max_skew_s=120)
    with pytest.raises(Rejected):
        protocol.parse(T, f"dc/v1/{ENT}/readings/GW01", body, NOW, max_skew_s=30)


def test_custom_topic_root():
    topics = Topics("plant/a/dc")
    assert topics.alarm(ENT, "GT-1") == f"plant/a/dc/{ENT}/alarms/GT-1"
    assert topics.split(f"plant/a/dc/{ENT}/alarms/GT-1") == (ENT, "alarms", "GT-1")
    assert ("plant/a/dc/+/alarms/+", 1) in topics.subscriptions()


def test_shelvings_and_service_changes_round_trip():
    from console.domain.alarms import Alarm, AlarmState, OutOfService, Shelf

    alarm = Alarm(f"{ENT}/GT-1/HH", "5144efe16b5849da90482beb12a35466", ENT, "GT-1", "HH", Priority.CRITICAL, AlarmState.UNACK,
                  NOW - 60, NOW - 60)
    shelf = Shelf("zhangwei", "探头标定", NOW - 1, NOW + 3599, "duty-room-1")
    shelved = protocol.parse(T, T.shelf(ENT, "GT-1"), protocol.encode_shelf(alarm, shelf), NOW)
    assert shelved == protocol.ShelfEvent(alarm.occurrence_id, alarm.key, "duty-room-1", "zhangwei", NOW - 1, shelf)
    unshelved = protocol.parse(T, T.shelf(ENT, "GT-1"), protocol.encode_unshelve(alarm, "lina", "duty-room-2", NOW), NOW)
    assert unshelved == protocol.ShelfEvent(alarm.occurrence_id, alarm.key, "duty-room-2", "lina", NOW, None)
    record = OutOfService(ENT, "GT-1", "zhangwei", "更换探头", NOW)
    for out in (True, False):
        event = protocol.parse(T, T.service(ENT, "GT-1"), protocol.encode_service(record, out, "duty-room-1"), NOW)
        assert event == protocol.ServiceEvent(record, out, "duty-room-1")
    assert ("dc/v1/+/shelves/+", 1) in T.subscriptions() and ("dc/v1/+/service/+", 1) in T.subscriptions()


@pytest.mark.parametrize("kind, body, reason", [
    ("shelves", {"condition": "HH", "alarm_id": "x", "state": "hidden", "operator": "a", "station": "s"}, "'state' must be"),
    ("shelves", {"condition": "HH", "alarm_id": "x", "state": "shelved", "operator": "a", "station": "s", "reason": "r",
                 "shelved_at": NOW * 1000, "until": NOW * 1000}, "'until' must be later"),
    ("shelves", {"condition": "HH", "alarm_id": "x", "state": "shelved", "station": "s"}, "missing field 'operator'"),
    ("service", {"ts": NOW * 1000, "state": "gone", "person": "a", "station": "s"}, "'state' must be"),
    ("service", {"ts": NOW * 1000, "point": "GT-2", "state": "in_service", "person": "a", "station": "s"}, "differs"),
])
def test_bad_shelvings_and_service_changes_are_rejected(kind, body, reason):
    with pytest.raises(Rejected, match=reason):
        parse(f"dc/v1/{ENT}/{kind}/GT-1", {"v": 1, **body})
