"""Open alarms survive a restart of the console: nothing waiting for the operator is forgotten."""

from __future__ import annotations

import json
import time

from console.domain.alarms import AlarmState
from tests.helpers.console import RunningConsole

ENT = "91350200MA2XYZ0001"


def test_open_alarms_are_back_after_a_restart(qtbot, make_settings, publisher):
    first = RunningConsole(qtbot, make_settings())
    try:
        for point in ("GT-1", "GT-2"):
            body = {"v": 1, "ts": int(time.time() * 1000), "condition": "HH", "state": "raised"}
            publisher.publish(f"dc/v1/{ENT}/alarms/{point}", json.dumps(body))
        qtbot.waitUntil(lambda: first.window.model.rowCount() == 2, timeout=10_000)
        first.sign_in()
        first.window.view.selectRow(first.window.model.row_of(f"{ENT}/GT-2/HH"))
        with qtbot.waitSignal(first.core.desk.ack_confirmed, timeout=10_000):
            first.window.acknowledge_current()
        occurrence = first.core.book.get(f"{ENT}/GT-1/HH").occurrence_id
    finally:
        first.close()

    second = RunningConsole(qtbot, make_settings(), users=())
    try:
        qtbot.waitUntil(lambda: second.window.model.rowCount() == 2, timeout=10_000)
        book = second.core.book
        assert book.get(f"{ENT}/GT-1/HH").state is AlarmState.UNACK
        assert book.get(f"{ENT}/GT-1/HH").occurrence_id == occurrence
        assert book.get(f"{ENT}/GT-2/HH").state is AlarmState.ACKED
        assert book.get(f"{ENT}/GT-2/HH").ack.operator == "zhangwei"
        # The plant repeating the same alarm after the restart does not make a second row.
        body = {"v": 1, "ts": int(time.time() * 1000), "condition": "HH", "state": "raised"}
        publisher.publish(f"dc/v1/{ENT}/alarms/GT-1", json.dumps(body))
        qtbot.waitUntil(lambda: book.get(f"{ENT}/GT-1/HH").repeats == 2, timeout=10_000)
        assert second.window.model.rowCount() == 2
        assert len(second.run_db(lambda log: log.alarm_records())) == 2
    finally:
        second.close()
