"""Space with no row selected: the duty desk takes the unacknowledged alarm of highest priority,
and of those the one raised first, whatever order the list shows (a flood groups it by
enterprise, first-out first); shelved alarms are never taken. A selected row is still taken."""

from __future__ import annotations

import json
import time

import pytest
from PySide6.QtCore import Qt

from console.domain.alarms import AlarmState
from widgets.alarm_model import FIRST_OUT_ROLE

ENT_A, ENT_B = "91350200MA2FLOOD01", "91350200MA2FLOOD02"
# (enterprise, point, priority, seconds after the first): raised in this order.
ALARMS = [(ENT_A, "GT-0", 1, 0), (ENT_A, "GT-1", 2, 10), (ENT_B, "GT-2", 1, 20), (ENT_A, "GT-3", 1, 30)]
ALARMS += [(ENT_B, f"LT-{i}", 3, 40 + i) for i in range(8)]  # twelve new alarms: a flood


def key(enterprise: str, point: str) -> str:
    return f"{enterprise}/{point}/H"


SHELVED, ORANGE, FIRST_RED, LATER_RED = (key(e, p) for e, p, *_ in ALARMS[:4])


@pytest.fixture
def flood(console, publisher, qtbot):
    """The twelve alarms raised, the list grouped, the oldest red one (GT-0) shelved."""
    start = int(time.time() * 1000) - 120_000
    for enterprise, point, priority, after_s in ALARMS:
        body = {"v": 1, "ts": start + after_s * 1000, "condition": "H", "state": "raised", "priority": priority}
        publisher.publish(f"dc/v1/{enterprise}/alarms/{point}", json.dumps(body))
    window = console.window
    qtbot.waitUntil(lambda: len(console.core.book) == len(ALARMS) and window.model.grouped, timeout=10_000)
    console.sign_in()
    assert console.core.desk.shelve(SHELVED, "sensor being replaced", 3600)
    qtbot.waitUntil(lambda: window.model.rowCount() == len(ALARMS) - 1, timeout=10_000)
    return console


def test_the_desk_takes_the_highest_priority_then_the_oldest(flood, qtbot):
    desk, book = flood.core.desk, flood.core.book
    # The keys as a grouped list shows them (the orange one first) and the shelved one: the order is no criterion.
    seen = [ORANGE, LATER_RED, FIRST_RED] + [key(ENT_B, f"LT-{i}") for i in range(8)] + [SHELVED]
    with qtbot.waitSignal(desk.ack_confirmed, timeout=10_000) as confirmed:
        taken = desk.acknowledge_next(seen)
    assert taken is not None and taken.key == FIRST_RED and confirmed.args == [FIRST_RED]
    assert desk.acknowledge_next(seen).key == LATER_RED
    assert desk.acknowledge_next(seen).key == ORANGE
    assert book.get(SHELVED).state is AlarmState.UNACK  # shelved: never taken
    # A selected alarm that waits is taken, whatever its priority.
    assert desk.acknowledge_next(seen, selected=key(ENT_B, "LT-5")).key == key(ENT_B, "LT-5")
    taken_keys = (FIRST_RED, LATER_RED, ORANGE, key(ENT_B, "LT-5"))
    qtbot.waitUntil(lambda: all(book.get(k).state is AlarmState.ACKED for k in taken_keys), timeout=10_000)
    assert [k for k in seen if book.get(k).state is AlarmState.UNACK] == [k for k in seen if k not in taken_keys]
    # Nobody signed in: nothing is taken, and the desk says why.
    desk.sign_out()
    with qtbot.waitSignal(desk.refused, timeout=1_000) as refused:
        assert desk.acknowledge_next(seen) is None
    assert refused.args == ["sign-in"]


def test_space_in_a_flood_acknowledges_the_red_alarm_listed_below_an_orange_one(flood, qtbot):
    window, desk = flood.window, flood.core.desk
    # The orange one is the first out of its enterprise (a marker), but the list stays in priority
    # order: the reds first, the one raised first on top.
    assert window.model.index(window.model.row_of(ORANGE), 0).data(FIRST_OUT_ROLE)
    assert [window.model.alarm_at(r).key for r in range(3)] == [FIRST_RED, LATER_RED, ORANGE]
    assert window.view.selected_alarm() is None
    with qtbot.waitSignal(desk.ack_confirmed, timeout=10_000) as confirmed:
        qtbot.keyClick(window.view, Qt.Key.Key_Space)
    assert confirmed.args == [FIRST_RED]
    assert window.feedback.text().startswith("Acknowledged GT-2 ")  # point and name, then the condition
    assert flood.core.book.get(ORANGE).state is AlarmState.UNACK

    # A selected row is taken first (README: "the selected alarm, or the top unacknowledged one").
    window.view.selectRow(window.model.row_of(key(ENT_B, "LT-3")))
    with qtbot.waitSignal(desk.ack_confirmed, timeout=10_000) as confirmed:
        qtbot.keyClick(window.view, Qt.Key.Key_Space)
    assert confirmed.args == [key(ENT_B, "LT-3")]
