"""Malformed messages through the real broker: counted, logged once, never a crash; valid ones go on."""

from __future__ import annotations

import json
import logging
import time

import pytest

from console.domain.plant import PlantRegistry
from tests.helpers.console import RunningConsole

ENT = "91350200MA2XYZ0001"
REGISTRY = PlantRegistry.from_dict(
    {
        "enterprises": [
            {
                "code": ENT,
                "name": "厦门示例化工有限公司",
                "points": [
                    {"code": "GT-1101", "name": "1#罐区 可燃气体", "kind": "gas_combustible", "unit": "%LEL", "h": 25, "hh": 50},
                    {"code": "TT-2101", "name": "反应釜 温度", "kind": "temperature", "unit": "°C"},
                ],
            }
        ]
    }
)


def alarm(point="GT-1101", condition="HH", state="raised", ts=None):
    return json.dumps({"v": 1, "ts": int((ts or time.time()) * 1000), "condition": condition, "state": state, "value": 60, "threshold": 50})


@pytest.fixture
def checked_console(qtbot, make_settings):
    running = RunningConsole(qtbot, make_settings(), registry=REGISTRY)
    yield running
    running.close()


def test_bad_messages_are_counted_and_valid_ones_still_processed(checked_console, publisher, qtbot, caplog):
    caplog.set_level(logging.WARNING, logger="console.services.intake")
    now = time.time()
    base = f"dc/v1/{ENT}"
    bad = [
        (f"{base}/readings/GW01", b"this is not json"),
        (f"{base}/readings/GW01", b'{"v":1,"ts":1,"point":"TT-2101","value":"hot"}'),
        (f"{base}/readings/GW01", b'{"v":1,"ts":%d,"point":"TT-2101","value":NaN}' % int(now * 1000)),
        (f"{base}/readings/GW01", b'{"v":1,"ts":%d,"point":"TT-2101","value":Infinity}' % int(now * 1000)),
        (f"{base}/readings/GW01", b'{"v":1,"pad":"' + b"x" * 1_048_576 + b'"}'),
        (f"{base}/readings/GW01", b"[" * 50_000 + b"]" * 50_000),
        ("dc/v1/91350200MA2UNKNOWN/alarms/GT-1101", alarm().encode()),
        (f"{base}/alarms/GT-9999", alarm().encode()),
        (f"{base}/alarms/GT-1101", alarm(ts=now + 365 * 86400).encode()),
        (f"{base}/alarms/GT-1101", b'{"v":1,"ts":"yesterday","condition":"HH","state":"raised"}'),
    ]
    good = [
        (f"{base}/alarms/GT-1101", alarm("GT-1101", "HH").encode()),
        (f"{base}/readings/GW01", json.dumps({"v": 1, "ts": int(now * 1000), "readings": [{"point": "TT-2101", "value": 80.5}]}).encode()),
        (f"{base}/alarms/TT-2101", alarm("TT-2101", "H").encode()),
    ]
    # Interleave: good, bad, bad, good, bad, ...
    sequence = [good[0], *bad[:5], good[1], *bad[5:], good[2]]
    for topic, payload in sequence:
        publisher.publish(topic, payload)

    core, window = checked_console.core, checked_console.window
    qtbot.waitUntil(lambda: core.intake.rejected == len(bad) and window.model.rowCount() == 2, timeout=15_000)
    assert {a.point for a in window.model.alarms()} == {"GT-1101", "TT-2101"}
    assert core.intake.latest[(ENT, "TT-2101")].value == 80.5
    assert window.status.rejected.text() == f"Bad messages: {len(bad)}"

    reasons = " | ".join(r.getMessage() for r in caplog.records)
    for expected in ("not JSON", "must be a number", "non-finite", "payload too large", "nested too deeply",
                     "unknown enterprise", "unknown point", "in the future"):
        assert expected in reasons

    # The same bad message again is counted, but not logged again.
    def intake_lines():
        return [r for r in caplog.records if r.name == "console.services.intake"]

    logged = len(intake_lines())
    for _ in range(20):
        publisher.publish(f"{base}/readings/GW01", b"this is not json")
    qtbot.waitUntil(lambda: core.intake.rejected == len(bad) + 20, timeout=10_000)
    assert len(intake_lines()) == logged

    # Nothing recorded before is lost: both alarms are in the duty log.
    qtbot.waitUntil(lambda: core.recorder.recorded == 2, timeout=10_000)
    records = checked_console.run_db(lambda log: [r.point for r in log.alarm_records()])
    assert sorted(records) == ["GT-1101", "TT-2101"]


def test_a_message_whose_handling_raises_costs_none_of_the_others(checked_console, qtbot, caplog, monkeypatch):
    """An unexpected error while handling one message of a batch: that one is counted as bad
    (its traceback logged once, not once per message), the rest of the batch is delivered."""
    from console.domain import protocol

    caplog.set_level(logging.WARNING)
    core, window = checked_console.core, checked_console.window
    base = f"dc/v1/{ENT}"
    cursed = f"{base}/alarms/TT-2101"
    real_parse = protocol.parse

    def parse(topics, topic, payload, received, skew):
        if topic == cursed:
            raise RuntimeError("a bug in the parser")
        return real_parse(topics, topic, payload, received, skew)

    monkeypatch.setattr(protocol, "parse", parse)
    now = time.time()
    reading = json.dumps({"v": 1, "ts": int(now * 1000), "readings": [{"point": "TT-2101", "value": 42.0}]}).encode()
    batch = [(cursed, alarm("TT-2101", "H").encode(), now), (f"{base}/alarms/GT-1101", alarm("GT-1101", "HH").encode(), now),
             (cursed, alarm("TT-2101", "H").encode(), now), (f"{base}/readings/GW01", reading, now)]
    core.intake.on_messages(batch)
    core.intake.on_messages(batch[:1] * 30)  # a flood of the same failure: counted, not one traceback each
    assert core.intake.rejected == 32
    assert {a.point for a in window.model.alarms()} == {"GT-1101"}
    assert core.intake.latest[(ENT, "TT-2101")].value == 42.0
    tracebacks = [r for r in caplog.records if r.exc_info]
    assert len(tracebacks) == 1 and tracebacks[0].exc_info[0] is RuntimeError
    assert cursed in tracebacks[0].getMessage() and "a bug in the parser" in tracebacks[0].getMessage()
    qtbot.waitUntil(lambda: window.status.rejected.text() == "Bad messages: 32", timeout=5000)


FLOOD_ENTERPRISES = [f"9135020000000000{i:02d}" for i in range(5)]
FLOOD_REGISTRY = PlantRegistry.from_dict({"enterprises": [
    {"code": code, "name": f"企业{i}", "points": [{"code": "TT-1", "name": "温度", "kind": "temperature", "unit": "°C"}]}
    for i, code in enumerate(FLOOD_ENTERPRISES)
]})
FLOOD_LOG_LIMIT = 256 * 1024  # bytes; one line per bad message would be about 15 MB


def test_a_flood_of_100_000_bad_messages_over_5_000_topics_is_counted_exactly_and_logged_in_bounded_lines(
        qtbot, make_settings, broker, tmp_path):
    """100,000 rejected messages through the real broker, on 5,000 topics (1,000 per enterprise:
    500 gateways sending what is not JSON, 500 unknown points): the status bar and the log's
    summary lines account for every one, per enterprise and reason, and the log stays small."""
    import re

    import paho.mqtt.client as mqtt

    log_file = tmp_path / "console.log"
    handler = logging.FileHandler(log_file, encoding="utf-8")
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s"))
    logging.getLogger().addHandler(handler)
    running = RunningConsole(qtbot, make_settings(**{"intake.reject_summary_s": 1.0}), registry=FLOOD_REGISTRY)
    sent: dict[tuple[str, str], int] = {}
    plant = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2)
    plant.max_inflight_messages_set(1000)
    plant.connect(broker.host, broker.port)
    plant.loop_start()
    try:
        topics = []
        for ent in FLOOD_ENTERPRISES:
            topics += [(ent, f"dc/v1/{ent}/readings/GW{i:03d}", b"not json at all", "not JSON") for i in range(500)]
            topics += [(ent, f"dc/v1/{ent}/alarms/XX-{i:03d}", alarm("XX").encode(), "unknown point") for i in range(500)]
        assert len({t for _, t, _, _ in topics}) == 5000
        total = 0
        for _round in range(20):  # each topic 20 times; the console catches up after each round
            info = None
            for ent, topic, payload, kind in topics:
                info = plant.publish(topic, payload, qos=1)
                sent[(ent, kind)] = sent.get((ent, kind), 0) + 1
            info.wait_for_publish(60)
            total += len(topics)
            qtbot.waitUntil(lambda expected=total: running.core.intake.rejected == expected, timeout=60_000)
        assert total == 100_000
        qtbot.waitUntil(lambda: running.window.status.rejected.text() == "Bad messages: 100000", timeout=10_000)
        tooltip = running.window.status.rejected.toolTip()
        assert all(f"{ent}: 20000" in tooltip for ent in FLOOD_ENTERPRISES), tooltip
        counted = running.core.intake.rejects.tally.since_start
        for (ent, kind), n in sent.items():
            assert sum(c for (e, k), c in counted.items() if e == ent and k.startswith(kind)) == n
    finally:
        plant.disconnect()
        plant.loop_stop()
        running.close()  # the last summary line
        logging.getLogger().removeHandler(handler)
        handler.close()

    text = log_file.read_text(encoding="utf-8")
    size = log_file.stat().st_size
    summaries = re.findall(r"rejected messages: (\d+) in the last .*?; by enterprise and reason: (.*)", text)
    assert sum(int(count) for count, _ in summaries) == 100_000
    logged: dict[tuple[str, str], int] = {}
    for _count, pairs in summaries:
        assert "more pairs" not in pairs  # 10 pairs: each is named in every line
        for enterprise, kind, n in re.findall(r"(\S+) «([^»]*)» (\d+)", pairs):
            key = (enterprise, "not JSON" if kind.startswith("not JSON") else "unknown point")
            logged[key] = logged.get(key, 0) + int(n)
    assert logged == sent
    firsts = [line for line in text.splitlines() if "the first of this kind" in line]
    assert len(firsts) == 2  # one per kind of reason
    print(f"100,000 bad messages: {len(summaries)} summary lines, log {size} bytes")
    assert size < FLOOD_LOG_LIMIT, size
