"""The operator's window driven through its widgets: acknowledging, confirming, flashing, signing in."""

from __future__ import annotations

import json
import time

from PySide6.QtCore import Qt

from console.domain.alarms import AlarmState
from widgets import priority as look
from widgets.alarm_model import COLUMNS

ENT = "91350200MA2XYZ0001"


def publish_alarm(publisher, point, condition="H", priority=2):
    body = {"v": 1, "ts": int(time.time() * 1000), "condition": condition, "state": "raised", "priority": priority}
    publisher.publish(f"dc/v1/{ENT}/alarms/{point}", json.dumps(body))


def wait_rows(qtbot, console, n):
    qtbot.waitUntil(lambda: console.window.model.rowCount() == n, timeout=10_000)


def test_acknowledging_needs_a_signed_in_operator(console, publisher, qtbot):
    publish_alarm(publisher, "GT-1")
    wait_rows(qtbot, console, 1)
    assert not console.window.ack_button.isEnabled()
    qtbot.keyClick(console.window.view, Qt.Key.Key_Space)
    assert "Sign in first" in console.window.feedback.text()
    assert console.window.model.alarm_at(0).state is AlarmState.UNACK
    assert console.acknowledgments() == []


def test_wrong_password_is_refused_and_said(console, qtbot):
    bar = console.window.sign_in
    bar.user.setText("zhangwei")
    bar.password.setText("wrong")
    with qtbot.waitSignal(console.core.desk.sign_in_failed, timeout=10_000):
        bar.sign_in_button.click()
    assert bar.message.text() == "Wrong user name or password."
    assert console.core.desk.operator is None
    assert console.window.status.operator.text() == "Nobody signed in"


def test_button_acknowledges_the_selected_alarm(console, publisher, qtbot):
    publish_alarm(publisher, "GT-1", "HH", 1)
    publish_alarm(publisher, "GT-2", "H", 3)
    wait_rows(qtbot, console, 2)
    console.sign_in()
    window = console.window
    row = window.model.row_of(f"{ENT}/GT-2/H")
    window.view.selectRow(row)
    with qtbot.waitSignal(console.core.desk.ack_confirmed, timeout=10_000) as blocker:
        qtbot.mouseClick(window.ack_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [f"{ENT}/GT-2/H"]
    assert console.core.book.get(f"{ENT}/GT-1/HH").state is AlarmState.UNACK
    # The acknowledged alarm moved below the unacknowledged one; the selection followed it.
    assert [a.point for a in window.model.alarms()] == ["GT-1", "GT-2"]
    assert window.view.selected_alarm().point == "GT-2"
    assert window.model.index(1, COLUMNS.index("ack")).data().startswith("zhangwei ")
    assert window.windowTitle() == "Duty Console — 1 unacknowledged"


def test_acknowledge_all_asks_inline_with_the_count(console, publisher, qtbot):
    for i in range(3):
        publish_alarm(publisher, f"GT-{i}")
    wait_rows(qtbot, console, 3)
    console.sign_in()
    window = console.window
    qtbot.mouseClick(window.ack_all_button, Qt.MouseButton.LeftButton)
    assert window.confirm.isVisible()
    assert window.confirm.question.text() == "Acknowledge all 3 visible alarms as 张伟?"
    # An alarm arriving while the question is open stays visible and is not swept up.
    publish_alarm(publisher, "GT-9")
    wait_rows(qtbot, console, 4)
    qtbot.mouseClick(window.confirm.yes, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(console.acknowledgments()) == 4, timeout=10_000)
    assert not window.confirm.isVisible()
    assert console.core.book.counts() == (4, 0)


def test_cancel_acknowledges_nothing(console, publisher, qtbot):
    publish_alarm(publisher, "GT-1")
    wait_rows(qtbot, console, 1)
    console.sign_in()
    qtbot.mouseClick(console.window.ack_all_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(console.window.confirm.no, Qt.MouseButton.LeftButton)
    assert not console.window.confirm.isVisible()
    assert console.core.book.counts() == (1, 1)


def test_unacknowledged_alarms_flash_their_indicator_not_the_row(console, publisher, qtbot):
    publish_alarm(publisher, "GT-1", "HH", 1)
    wait_rows(qtbot, console, 1)
    model = console.window.model
    indicator = model.index(0, COLUMNS.index("priority"))
    seen = set()

    def both_phases():
        colour = indicator.data(Qt.ItemDataRole.BackgroundRole)
        seen.add(None if colour is None else colour.name())
        for column in range(1, len(COLUMNS)):  # the rest of the row stays calm
            assert model.index(0, column).data(Qt.ItemDataRole.BackgroundRole) is None
        return len(seen) == 2

    qtbot.waitUntil(both_phases, timeout=5_000)
    assert seen == {None, look.COLOURS[1].name()}


def test_acknowledged_rows_stop_flashing(console, publisher, qtbot):
    publish_alarm(publisher, "GT-1", "HH", 1)
    wait_rows(qtbot, console, 1)
    console.sign_in()
    with qtbot.waitSignal(console.core.desk.ack_confirmed, timeout=10_000):
        console.window.acknowledge_current()
    model = console.window.model
    for _ in range(2):
        with qtbot.waitSignal(model.dataChanged, timeout=5_000, raising=False):
            pass
        assert model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is None


def test_returned_alarm_waits_for_ack_then_leaves(console, publisher, qtbot):
    """A low-priority alarm needs no handling: back to normal and acknowledged, it leaves."""
    publish_alarm(publisher, "GT-1", "L", 4)
    wait_rows(qtbot, console, 1)
    body = {"v": 1, "ts": int(time.time() * 1000), "condition": "L", "state": "cleared"}
    publisher.publish(f"dc/v1/{ENT}/alarms/GT-1", json.dumps(body))
    qtbot.waitUntil(lambda: console.window.model.alarm_at(0).state is AlarmState.RTN_UNACK, timeout=10_000)
    assert console.window.model.index(0, COLUMNS.index("state")).data() == "Returned, unacknowledged"
    console.sign_in()
    with qtbot.waitSignal(console.core.desk.ack_confirmed, timeout=10_000):
        qtbot.keyClick(console.window.view, Qt.Key.Key_Space)
    assert console.window.model.rowCount() == 0
    console.core.recorder.flush()
    returned = console.run_db(lambda log: [(r.returned_at, r.closed_at) for r in log.alarm_records()])
    assert returned[0][0] is not None and returned[0][1] is not None


def test_five_wrong_passwords_lock_the_account(console, qtbot):
    bar = console.window.sign_in
    for _ in range(5):
        bar.user.setText("zhangwei")
        bar.password.setText("wrong")
        with qtbot.waitSignal(console.core.desk.sign_in_failed, timeout=10_000):
            bar.sign_in_button.click()
    assert "locked until" in bar.message.text()
    bar.user.setText("zhangwei")
    bar.password.setText("pw-zhang")  # the right password does not open a locked account
    with qtbot.waitSignal(console.core.desk.sign_in_locked, timeout=10_000):
        bar.sign_in_button.click()
    assert console.core.desk.operator is None
