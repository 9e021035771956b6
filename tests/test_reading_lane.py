"""Alarms never queue behind readings: with a backlog of readings waiting for the GUI thread (a
park sends 20,000 a second; a busy machine falls behind), an alarm that arrives after them is
handed over first (console/infrastructure/broker_link.py: readings have a mailbox of their own)."""

from __future__ import annotations

import json
import time

from console.domain import protocol
from tests.helpers.mqtt import TestPublisher
from tests.helpers.waiting import wait_for

ENT = "91350200MA2XYZ0001"
# readings messages; handing them over takes far longer than one 20 ms drain slice (a slice takes in up to
# some 6,000 single readings since the intake's fast path: 10,000 was no longer "far longer")
BACKLOG = 40_000


def test_an_alarm_overtakes_a_backlog_of_readings(console, broker, qtbot):
    core = console.core
    enterprise, point = ENT, "GT-7001"  # no plant configured: any enterprise and point are taken
    topics = protocol.Topics()
    now = time.time()
    reading = (topics.readings(enterprise, "GW01"), protocol.encode_readings([(point, 1.0)], now))
    alarm_key = f"{enterprise}/{point}/HH"
    seen: dict[str, int] = {}
    core.feed.changed.connect(lambda change: seen.setdefault(change.alarm.key, core.intake.readings))

    # The GUI thread does not run while the backlog and then the alarm reach the console's mailboxes.
    with TestPublisher(broker.host, broker.port) as plant:
        for _ in range(BACKLOG):
            plant.client.publish(*reading, qos=0)
        plant.publish(topics.alarm(enterprise, point),
                      json.dumps({"v": 1, "ts": int(now * 1000), "condition": "HH", "state": "raised", "value": 99.0}), qos=1)
        wait_for(lambda: core.link.waiting()[0] >= 1 and sum(core.link.waiting()) >= BACKLOG + 1 - core.intake.messages, 30,
                 "the readings and the alarm waiting for the GUI thread")

    qtbot.waitUntil(lambda: alarm_key in seen, timeout=10_000)
    assert seen[alarm_key] < BACKLOG // 2, f"the alarm was handed over after {seen[alarm_key]} of {BACKLOG} readings"
    qtbot.waitUntil(lambda: core.intake.readings >= BACKLOG, timeout=30_000)  # and the readings all follow
