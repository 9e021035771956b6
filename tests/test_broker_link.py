"""Broker faults: the link state is shown, losing the broker is a top-priority alarm, and alarms
published while the console was away arrive through its persistent session."""

from __future__ import annotations

import json
import time

from console.domain.alarms import AlarmState, Priority
from console.domain.link_state import LinkState
from console.domain.system_alarms import BROKER_KEY

ENT = "91350200MA2XYZ0001"


def alarm_json(point):
    return json.dumps({"v": 1, "ts": int(time.time() * 1000), "condition": "H", "state": "raised"})


def test_restart_shows_outage_and_delivers_what_was_published_meanwhile(broker, qtbot, make_settings):
    from tests.helpers.console import RunningConsole

    # A 3 s reconnect delay leaves the test time to publish before the console is back.
    console = RunningConsole(qtbot, make_settings(**{"broker.reconnect_min_s": 3, "broker.reconnect_max_s": 3}))
    try:
        _restart_scenario(console, broker, qtbot)
    finally:
        console.close()


def _restart_scenario(console, broker, qtbot):
    core, window = console.core, console.window
    assert "connected" in window.status.link.text().lower()

    broker.stop()
    qtbot.waitUntil(lambda: core.link.state is LinkState.DISCONNECTED, timeout=15_000)
    assert "DISCONNECTED" in window.status.link.text()
    outage = core.book.get(BROKER_KEY)
    assert outage is not None and outage.priority is Priority.CRITICAL and outage.state is AlarmState.UNACK
    assert window.model.alarm_at(0).key == BROKER_KEY  # on top of the list

    broker.start()
    # Published by the plant right after the broker came back, before the console reconnected.
    from tests.helpers.mqtt import TestPublisher

    plant = TestPublisher(broker.host, broker.port)
    try:
        plant.publish(f"dc/v1/{ENT}/alarms/GT-7001", alarm_json("GT-7001"), qos=1)
        assert core.link.state is LinkState.DISCONNECTED, "the console reconnected before the test published"
    finally:
        plant.close()

    qtbot.waitUntil(lambda: core.link.state is LinkState.CONNECTED, timeout=20_000)
    qtbot.waitUntil(lambda: window.model.row_of(f"{ENT}/GT-7001/H") >= 0, timeout=10_000)
    assert "connected" in window.status.link.text().lower()
    # The outage alarm returned to normal but still waits for acknowledgment.
    assert core.book.get(BROKER_KEY).state is AlarmState.RTN_UNACK


def test_broker_down_at_start_raises_the_system_alarm(qtbot, make_settings, broker):
    from tests.helpers.console import RunningConsole

    broker.kill()
    running = RunningConsole(qtbot, make_settings(), connect=False)
    try:
        qtbot.waitUntil(lambda: running.core.book.get(BROKER_KEY) is not None, timeout=20_000)
        broker.start()
        running.wait_connected(timeout=20_000)
    finally:
        running.close()


def test_stop_closes_the_session_and_says_so(console, qtbot):
    states = []
    console.core.link.state_changed.connect(lambda s, d: states.append(s))
    console.core.link.stop()
    assert states == [LinkState.STOPPED]
    assert console.core.book.get(BROKER_KEY) is None  # an orderly stop is not an outage


def test_killed_broker_is_noticed_and_the_link_comes_back(console, broker, qtbot):
    core = console.core
    broker.kill()
    qtbot.waitUntil(lambda: core.link.state is LinkState.DISCONNECTED, timeout=15_000)
    assert core.book.get(BROKER_KEY).state is AlarmState.UNACK
    broker.start()
    qtbot.waitUntil(lambda: core.link.state is LinkState.CONNECTED, timeout=20_000)
    assert core.book.get(BROKER_KEY).state is AlarmState.RTN_UNACK


def test_a_message_paho_cannot_decode_is_a_bad_message_not_the_end_of_the_network_thread(console, publisher, qtbot):
    """A topic that is not UTF-8 (a broker may pass one on) made paho's ``message.topic`` raise
    in the network thread, which ends that thread. It is now counted as a bad message, and the
    messages around it arrive."""
    import paho.mqtt.client as mqtt

    core = console.core
    client = core.link._client
    raw = mqtt.MQTTMessage(topic=f"dc/v1/{ENT}/alarms/\xff".encode("utf-8")[:-2] + b"\xff\xfe")
    raw.payload = alarm_json("PT-1").encode()
    client.on_message(client, None, raw)  # as paho's network thread calls it
    publisher.publish(f"dc/v1/{ENT}/alarms/PT-1", alarm_json("PT-1"))
    qtbot.waitUntil(lambda: core.intake.rejected == 1 and core.book.get(f"{ENT}/PT-1/H") is not None, timeout=10_000)
    assert core.link.state is LinkState.CONNECTED
