"""The walking skeleton end to end: broker → alarm list → acknowledgment → duty log → broker."""

from __future__ import annotations

import json
import time

from PySide6.QtCore import Qt

from console.domain.alarms import AlarmState
from widgets.alarm_model import COLUMNS

ENT = "91350200MA2XYZ0001"


def alarm_payload(condition="HH", state="raised", value=55.0, threshold=50.0, priority=1, ts=None):
    return json.dumps(
        {
            "v": 1,
            "ts": int((ts or time.time()) * 1000),
            "point": "GT-1101",
            "condition": condition,
            "state": state,
            "priority": priority,
            "value": value,
            "threshold": threshold,
            "text": "可燃气体浓度高高报",
        },
        ensure_ascii=False,
    )


def test_alarm_shows_is_acknowledged_recorded_and_published(console, publisher, qtbot):
    publisher.subscribe("dc/v1/+/acks/#")
    raised_at = time.time() - 3.0
    publisher.publish(f"dc/v1/{ENT}/alarms/GT-1101", alarm_payload(ts=raised_at))

    model = console.window.model
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=10_000)
    alarm = model.alarm_at(0)
    assert alarm.state is AlarmState.UNACK
    assert model.index(0, COLUMNS.index("point")).data() == "GT-1101"
    assert console.window.status.unacked.text() == "Unacknowledged: 1"

    console.sign_in()
    console.window.view.setFocus()
    with qtbot.waitSignal(console.core.desk.ack_confirmed, timeout=10_000):
        qtbot.keyClick(console.window.view, Qt.Key.Key_Space)

    assert model.alarm_at(0).state is AlarmState.ACKED
    acks = console.acknowledgments()
    assert len(acks) == 1
    key, operator, station, db_raised, db_acked, response_ms = acks[0]
    assert (key, operator, station) == (f"{ENT}/GT-1101/HH", "zhangwei", "test-station")
    assert abs(db_raised.timestamp() - raised_at) < 0.002
    assert db_acked.timestamp() >= raised_at + 3.0
    assert response_ms == round((db_acked.timestamp() - db_raised.timestamp()) * 1000)

    qtbot.waitUntil(lambda: len(publisher.messages("dc/v1/")) == 1, timeout=10_000)
    topic, payload = publisher.messages("dc/v1/")[0]
    assert topic == f"dc/v1/{ENT}/acks/GT-1101"
    body = json.loads(payload)
    assert body["operator"] == "zhangwei" and body["station"] == "test-station"
    shift = console.core.desk.shift
    assert shift is not None and body["shift"] == shift.id and shift.start <= body["acked_at"] / 1000
    stored_shift = console.run_db(lambda log: [a.shift for a in log.acknowledgments()])
    assert stored_shift == [shift.id]
    assert f"· {shift.label}" in console.window.status.operator.text()
    assert body["response_ms"] == response_ms
