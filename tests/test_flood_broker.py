"""A flood through the real broker: 10,000 alarms within 10 s are all recorded, the banner
shows, the list is grouped with first-out marks, and the operator can still work."""

from __future__ import annotations

import json
import time

import pytest
from sqlalchemy import func, select

from console.domain.alarms import AlarmState
from console.infrastructure.store.schema import AlarmRecord
from widgets.alarm_model import FIRST_OUT_ROLE

ENT_A, ENT_B = "91350200MA2FLOOD01", "91350200MA2FLOOD02"
N = 10_000


@pytest.mark.slow
def test_ten_thousand_alarms_in_ten_seconds(console, publisher, qtbot):
    window, core = console.window, console.core
    console.sign_in()
    started = time.monotonic()
    ts = int(time.time() * 1000)
    for i in range(N):
        enterprise = ENT_A if i % 2 else ENT_B
        body = {"v": 1, "ts": ts + i, "condition": "H", "state": "raised", "priority": 2 + i % 3}
        publisher.client.publish(f"dc/v1/{enterprise}/alarms/P-{i:05d}", json.dumps(body), qos=1)
    publish_s = time.monotonic() - started
    assert publish_s < 10, f"publishing took {publish_s:.1f} s"

    qtbot.waitUntil(lambda: window.flood.isVisible(), timeout=20_000)
    assert window.model.grouped
    qtbot.waitUntil(lambda: core.recorder.recorded == N, timeout=90_000)
    qtbot.waitUntil(lambda: window.model.rowCount() == N, timeout=10_000)

    records = console.run_db(lambda log: log.s.scalar(select(func.count()).select_from(AlarmRecord)))
    assert records == N
    assert core.book.counts() == (N, N)
    # First out: the earliest alarm of each enterprise group is marked.
    firsts = [window.model.alarm_at(r) for r in range(N) if window.model.index(r, 0).data(FIRST_OUT_ROLE)]
    assert sorted(a.point for a in firsts) == ["P-00000", "P-00001"]

    # The operator can still select and acknowledge during the flood.
    window.view.selectRow(5)
    chosen = window.view.selected_alarm()
    with qtbot.waitSignal(core.desk.ack_confirmed, timeout=10_000):
        window.acknowledge_current()
    assert core.book.get(chosen.key).state is AlarmState.ACKED
    assert core.book.counts() == (N, N - 1)
