"""The alarm lifecycle through the real window, broker and duty log: acknowledge (Space), handle
(F9 form), clear (F10); the handling record on the broker in the provincial record's shape; the
deadlines escalating (banner, faster sound, MQTT escalation, configured command) on the injected
clock; a handling on one workstation showing on the other."""

from __future__ import annotations

import json
import sys
import time

import pytest
from PySide6.QtCore import Qt

from console.domain.alarms import AlarmRaise, AlarmState, Priority
from console.domain.clock import ManualClock
from console.infrastructure.store.audit import audit_table, verify
from tests.helpers.console import RunningConsole
from tests.helpers.mqtt import TestPublisher

ENT = "91350200MA2XYZ0001"
KEY = f"{ENT}/GT-1101/HH"


def publish(publisher, state: str, at: float | None = None, priority: int = 1) -> None:
    body = {"v": 1, "ts": int((at or time.time()) * 1000), "condition": "HH", "state": state, "priority": priority,
            "value": 55.0, "threshold": 50.0, "text": "可燃气体浓度高高报"}
    publisher.publish(f"dc/v1/{ENT}/alarms/GT-1101", json.dumps(body, ensure_ascii=False))


@pytest.fixture
def listener(broker):
    client = TestPublisher(broker.host, broker.port, "lifecycle-listener")
    for topic in ("dc/v1/+/handlings/+", "dc/v1/+/clearances/+", "dc/v1/+/escalations/+"):
        client.subscribe(topic)
    yield client
    client.close()


def test_acknowledge_handle_and_clear_through_the_window(console, publisher, listener, qtbot, db_path):
    window, core = console.window, console.core
    publish(publisher, "raised")
    qtbot.waitUntil(lambda: window.model.row_of(KEY) >= 0, timeout=10_000)
    console.sign_in()
    window.view.setFocus()
    with qtbot.waitSignal(core.desk.ack_confirmed, timeout=10_000):
        qtbot.keyClick(window.view, Qt.Key.Key_Space)
    publish(publisher, "cleared")
    qtbot.waitUntil(lambda: core.book.get(KEY).state is AlarmState.AWAIT_CLEAR, timeout=10_000)
    returned = window.returned  # back to normal, waiting to be cleared: apart from the live list
    returned.model.flush()
    assert window.model.row_of(KEY) < 0 and returned.isVisible()
    state_text = returned.model.index(returned.model.row_of(KEY), 1).data()
    assert "to be cleared" in state_text and "to be handled" in state_text

    returned.set_expanded(True)
    returned.view.selectRow(returned.model.row_of(KEY))
    qtbot.keyClick(window, Qt.Key.Key_F10)  # clearing before handling is refused, with the reason
    assert "Record its handling first" in window.feedback.text()
    assert core.book.get(KEY) is not None

    qtbot.keyClick(window, Qt.Key.Key_F9)
    bar = window.handling
    assert bar.isVisible() and bar.key == KEY
    bar.description.setText("现场检查：法兰泄漏，已关闭阀门 V-3")
    bar.ok.click()  # no category chosen yet
    assert bar.isVisible() and "category" in bar.message.text()
    bar.category.setCurrentIndex(bar.category.findData("real_event"))
    with qtbot.waitSignal(core.desk.handled, timeout=10_000):
        qtbot.keyClick(bar.description, Qt.Key.Key_Return)
    assert not bar.isVisible()
    handling = core.book.get(KEY).handling
    assert (handling.operator, handling.category.value) == ("zhangwei", "real_event")
    qtbot.waitUntil(lambda: "法兰泄漏" in window.detail.handling.text(), timeout=5_000)  # the detail follows
    assert "Real event" in window.detail.handling.text() and "zhangwei" in window.detail.handling.text()

    with qtbot.waitSignal(core.desk.cleared, timeout=10_000):
        qtbot.keyClick(window, Qt.Key.Key_F10)
    assert returned.model.row_of(KEY) < 0 and core.book.get(KEY) is None

    # The handling record on the broker: what a provincial alarm-handling record holds.
    qtbot.waitUntil(lambda: bool(listener.messages("dc/v1/" + ENT + "/clearances/")), timeout=5_000)
    (topic, payload), = listener.messages(f"dc/v1/{ENT}/handlings/")
    record = json.loads(payload)
    assert topic == f"dc/v1/{ENT}/handlings/GT-1101"
    assert record["credit_code"] == ENT and record["alarm_id"] == handling.occurrence_id
    assert record["condition"] == "HH" and record["alarm_time"] > 0
    assert (record["handler"], record["category"], record["result"]) == ("zhangwei", "real_event", "现场检查：法兰泄漏，已关闭阀门 V-3")
    assert record["handled_at"] >= record["alarm_time"] and record["acked_by"] == "zhangwei" and record["drill"] is False

    # The duty log and the audit chain.
    core.recorder.flush()
    rows = console.run_db(lambda log: [(r.closed_at, r.handling_required) for r in log.alarm_records()])
    assert rows[0][0] is not None and rows[0][1] == 1
    actions = console.run_db(lambda log: [r.action for r in log.s.execute(audit_table.select().order_by(audit_table.c.seq))])
    assert actions.index("alarm.acked") < actions.index("alarm.handled") < actions.index("alarm.cleared")
    assert console.run_db(lambda log: verify(log.s)).ok
    history = console.run_db(lambda log: [(h.event, h.operator, h.shift) for h in log.history(handling.occurrence_id)])
    assert ("handled", "zhangwei") == history[-2][:2] and ("cleared", "zhangwei") == history[-1][:2]
    assert all(shift for _e, _o, shift in history)  # every history row carries its shift



def test_a_flood_of_escalations_runs_two_commands_at_a_time(qtbot, make_settings, tmp_path):
    """Each overdue alarm starts the configured command; they take their turn, two at once."""
    runs, script = tmp_path / "runs.txt", tmp_path / "escalate.py"
    script.write_text("import sys, time\n"
                      "with open(sys.argv[1], 'a') as f: f.write(f'start {time.monotonic()}\\n')\n"
                      "time.sleep(0.3)\n"
                      "with open(sys.argv[1], 'a') as f: f.write(f'end {time.monotonic()}\\n')\n")
    clock = ManualClock(time.time())
    console = RunningConsole(qtbot, make_settings(**{"deadlines.ack_s": "60,60,60,60",
                                                     "escalation.command": f"{sys.executable} {script} {runs}"}), clock=clock)
    try:
        core = console.core
        for n in range(6):
            core.book.raise_alarm(AlarmRaise(ENT, f"GT-14{n:02d}", "HH", Priority.HIGH, clock.now(), value=55.0, threshold=50.0))
        finished: list[int] = []
        core.escalator.command_finished.connect(lambda _key, status: finished.append(status))
        clock.advance(61)
        core.escalator.check()
        qtbot.waitUntil(lambda: len(finished) == 6, timeout=20_000)
        assert finished == [0] * 6
        events = sorted((float(at), kind) for kind, at in (line.split() for line in runs.read_text().splitlines()))
        running = peak = 0
        for _at, kind in events:
            running += 1 if kind == "start" else -1
            peak = max(peak, running)
        assert peak == 2 and running == 0
    finally:
        console.close()

def test_deadlines_escalate_on_the_injected_clock(qtbot, make_settings, publisher, listener, tmp_path):
    out = tmp_path / "escalation.txt"
    command = f"{sys.executable} -c \"import os,sys; open({str(out)!r},'w').write(os.environ['DC_KIND']+' '+os.environ['DC_ALARM_ID']+' '+sys.stdin.read())\""
    clock = ManualClock(time.time())
    console = RunningConsole(qtbot, make_settings(**{"deadlines.ack_s": "60,120,300,600", "deadlines.handling_s": "900,0,0,0",
                                                     "escalation.command": command}), clock=clock)
    try:
        window, core = console.window, console.core
        publish(publisher, "raised", at=clock.now())
        qtbot.waitUntil(lambda: core.book.get(KEY) is not None, timeout=10_000)
        qtbot.waitUntil(lambda: core.annunciator.sounding is not None, timeout=5_000)
        core.escalator.check()
        assert not window.escalation.isVisible() and not core.book.get(KEY).overdue
        clock.advance(60)
        with qtbot.waitSignal(core.escalator.changed, timeout=5_000) as changed:
            core.escalator.check()
        assert changed.args == [1, 0]
        assert core.book.get(KEY).ack_overdue
        assert window.escalation.isVisible() and "not acknowledged in time" in window.escalation.text.text()
        assert KEY in core.annunciator.escalated_keys
        assert "OVERDUE" in window.model.index(window.model.row_of(KEY), 1).data()
        qtbot.waitUntil(lambda: bool(listener.messages(f"dc/v1/{ENT}/escalations/")), timeout=5_000)
        (topic, payload), = listener.messages(f"dc/v1/{ENT}/escalations/")
        message = json.loads(payload)
        assert message["kind"] == "ack_overdue" and message["credit_code"] == ENT and message["due_at"] == message["alarm_time"] + 60_000
        # The command opens its file before it writes: wait for what it wrote, not for the file.
        qtbot.waitUntil(lambda: out.exists() and len(out.read_text().split(" ", 2)) == 3, timeout=10_000)
        kind, alarm_id, stdin = out.read_text().split(" ", 2)
        assert (kind, alarm_id) == ("ack_overdue", core.book.get(KEY).occurrence_id)
        assert json.loads(stdin)["kind"] == "ack_overdue"
        core.escalator.check()  # escalated once, not every second
        assert len(listener.messages(f"dc/v1/{ENT}/escalations/")) == 1

        console.sign_in()
        with qtbot.waitSignal(core.escalator.changed, timeout=10_000) as changed:
            with qtbot.waitSignal(core.desk.ack_confirmed, timeout=10_000):
                window.acknowledge_current()
        assert changed.args == [0, 0] and not window.escalation.isVisible()
        clock.advance(900 - 60)
        core.escalator.check()
        assert core.book.get(KEY).handling_overdue
        qtbot.waitUntil(lambda: window.escalation.isVisible(), timeout=5_000)
        assert "not handled in time" in window.escalation.text.text()
        core.recorder.flush()
        marks = console.run_db(lambda log: [(r.ack_overdue_at, r.handling_overdue_at) for r in log.alarm_records()])
        assert all(m is not None for m in marks[0])
    finally:
        console.close()
