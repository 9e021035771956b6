"""Two consoles sharing one broker and one PostgreSQL duty log, as in a duty room with two
workstations: an acknowledgment on one shows on the other within a second, the other's sound
stops, and two operators acknowledging at once leave exactly one acknowledgment on record."""

from __future__ import annotations

import json
import time

import pytest
from sqlalchemy import func, select

from console.domain.alarms import AlarmState
from console.infrastructure.store.schema import AckRecord, AlarmRecord
from tests.helpers.console import RunningConsole

ENT = "91350200MA2XYZ0001"
USERS = (("zhangwei", "pw-zhang", "张伟"), ("lina", "pw-li", "李娜"))


@pytest.fixture
def two_consoles(qtbot, make_settings, pg_url):
    a = RunningConsole(qtbot, make_settings(**{"database.url": pg_url, "station.name": "duty-room-1"}), users=USERS)
    b = RunningConsole(qtbot, make_settings(**{"database.url": pg_url, "station.name": "duty-room-2"}), users=())
    yield a, b
    a.close()
    b.close()


def publish_alarm(publisher, point):
    body = {"v": 1, "ts": int(time.time() * 1000), "condition": "HH", "state": "raised", "priority": 1}
    publisher.publish(f"dc/v1/{ENT}/alarms/{point}", json.dumps(body))


def count(console, model):
    return console.run_db(lambda log: log.s.scalar(select(func.count()).select_from(model)))


def test_acknowledgment_on_one_workstation_shows_on_the_other(two_consoles, publisher, qtbot):
    a, b = two_consoles
    key = f"{ENT}/GT-1"
    publish_alarm(publisher, "GT-1")
    qtbot.waitUntil(lambda: a.core.book.get(f"{key}/HH") is not None and b.core.book.get(f"{key}/HH") is not None, timeout=10_000)
    qtbot.waitUntil(lambda: b.core.annunciator.sounding is not None, timeout=5_000)
    a.sign_in()
    with qtbot.waitSignal(a.core.desk.ack_confirmed, timeout=10_000):
        a.window.acknowledge_current()
    started = time.monotonic()
    qtbot.waitUntil(lambda: b.core.book.get(f"{key}/HH").state is AlarmState.ACKED, timeout=1_000)
    assert time.monotonic() - started < 1.0
    assert b.core.book.get(f"{key}/HH").ack.operator == "zhangwei"
    assert b.core.annunciator.sounding is None  # the other workstation's horn stopped too
    qtbot.waitUntil(lambda: b.window.model.alarm_at(0).state is AlarmState.ACKED, timeout=2_000)
    qtbot.waitUntil(lambda: a.core.recorder.recorded and b.core.recorder.recorded, timeout=5_000)
    assert count(a, AlarmRecord) == 1  # one physical alarm, one row in the shared log
    assert count(a, AckRecord) == 1


def test_simultaneous_acknowledgments_leave_exactly_one_record(two_consoles, publisher, qtbot):
    a, b = two_consoles
    for n in range(5):
        publish_alarm(publisher, f"GT-{n}")
    qtbot.waitUntil(lambda: len(a.core.book) == 5 and len(b.core.book) == 5, timeout=10_000)
    a.sign_in()
    b.sign_in("lina", "pw-li")
    keys = [alarm.key for alarm in a.core.book.alarms()]
    # Both press "acknowledge all" in the same instant.
    a.core.desk.acknowledge(keys)
    b.core.desk.acknowledge(list(reversed(keys)))
    qtbot.waitUntil(lambda: a.core.book.counts() == (5, 0) and b.core.book.counts() == (5, 0), timeout=10_000)
    assert count(a, AckRecord) == 5
    stored = a.run_db(lambda log: {r.alarm_key: r.operator for r in log.acknowledgments()})
    for key in keys:  # both workstations show the acknowledgment that stands
        assert a.core.book.get(key).ack.operator == stored[key] == b.core.book.get(key).ack.operator


def test_handling_and_clearance_on_one_workstation_show_on_the_other(two_consoles, publisher, qtbot):
    from console.domain.alarms import HandlingCategory
    from console.infrastructure.store.schema import ClearanceRecord, HandlingRecord

    a, b = two_consoles
    key = f"{ENT}/GT-7/HH"
    publish_alarm(publisher, "GT-7")
    qtbot.waitUntil(lambda: a.core.book.get(key) is not None and b.core.book.get(key) is not None, timeout=10_000)
    a.sign_in()
    with qtbot.waitSignal(a.core.desk.ack_confirmed, timeout=10_000):
        a.core.desk.acknowledge([key])
    body = {"v": 1, "ts": int(time.time() * 1000), "condition": "HH", "state": "cleared"}
    publisher.publish(f"dc/v1/{ENT}/alarms/GT-7", json.dumps(body))
    qtbot.waitUntil(lambda: all(c.core.book.get(key).state is AlarmState.AWAIT_CLEAR for c in (a, b)), timeout=10_000)
    with qtbot.waitSignal(a.core.desk.handled, timeout=10_000):
        a.core.desk.handle(key, HandlingCategory.FALSE_ALARM.value, "探头漂移，已联系仪表班校准")
    started = time.monotonic()
    qtbot.waitUntil(lambda: b.core.book.get(key).handling is not None, timeout=1_000)
    assert time.monotonic() - started < 1.0
    assert b.core.book.get(key).handling.operator == "zhangwei"
    with qtbot.waitSignal(a.core.desk.cleared, timeout=10_000):
        a.core.desk.clear(key)
    qtbot.waitUntil(lambda: b.core.book.get(key) is None, timeout=1_000)
    qtbot.waitUntil(lambda: b.window.model.row_of(key) < 0, timeout=2_000)
    assert count(a, HandlingRecord) == 1 and count(a, ClearanceRecord) == 1


def test_silence_on_one_workstation_silences_the_other(two_consoles, publisher, qtbot):
    a, b = two_consoles
    publish_alarm(publisher, "GT-9")
    qtbot.waitUntil(lambda: a.core.annunciator.sounding is not None and b.core.annunciator.sounding is not None, timeout=10_000)
    a.sign_in()
    assert a.core.desk.silence()
    started = time.monotonic()
    qtbot.waitUntil(lambda: b.core.annunciator.sounding is None, timeout=1_000)
    assert time.monotonic() - started < 1.0
    assert f"{ENT}/GT-9/HH" in b.core.annunciator.silenced_keys
    assert "duty-room-1" in b.window.feedback.text() and "zhangwei" in b.window.feedback.text()
    # A new alarm still sounds on both: a silence covers only what was sounding.
    publish_alarm(publisher, "GT-10")
    qtbot.waitUntil(lambda: a.core.annunciator.sounding is not None and b.core.annunciator.sounding is not None, timeout=10_000)
