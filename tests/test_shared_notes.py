"""A note written on an alarm at one of two workstations (one PostgreSQL duty log, one Mosquitto)
shows in the other's alarm detail within a second; it is recorded once — the note row, its
history row and its ``alarm.note`` audit entry, by the workstation where it was written — and it
is in the handover report and the review's drill-down of the alarm.

The bound "within a second" is the requirement itself (issue 17); the path is one duty-log commit
and one broker round trip, milliseconds each, so it holds with a wide margin on a loaded machine."""

from __future__ import annotations

import csv
import json
import time
from typing import Any

import pytest
from sqlalchemy import func, select

from console.infrastructure.store.audit import audit_table, verify
from console.infrastructure.store.engine import make_engine
from console.services.review import export, log_query
from console.services.review.filters import ReviewFilter
from widgets.handover.html import render
from console.infrastructure.store.schema import HistoryRecord, NoteRecord
from tests.helpers.console import RunningConsole

ENT = "91350200MA2XYZ0001"
USERS = (("zhangwei", "pw-zhang", "张伟"), ("lina", "pw-li", "李娜"), ("zhao", "pw-zhao-1", "赵强", "reporter"))
WITHIN_S = 1.0


def publish_alarm(publisher: Any, point: str) -> str:
    body = {"v": 1, "ts": int(time.time() * 1000), "condition": "HH", "state": "raised", "priority": 1}
    publisher.publish(f"dc/v1/{ENT}/alarms/{point}", json.dumps(body))
    return f"{ENT}/{point}/HH"


def note_counts(console: RunningConsole, occurrence: str) -> dict[str, int]:
    def query(log: Any) -> dict[str, int]:
        return {
            "rows": log.s.scalar(select(func.count()).select_from(NoteRecord).where(NoteRecord.alarm_id == occurrence)),
            "history": log.s.scalar(select(func.count()).select_from(HistoryRecord)
                                    .where(HistoryRecord.alarm_id == occurrence, HistoryRecord.event == "note")),
            "audit": log.s.scalar(select(func.count()).select_from(audit_table)
                                  .where(audit_table.c.subject == occurrence, audit_table.c.action == "alarm.note")),
        }
    return console.run_db(query)


@pytest.fixture
def two_workstations(qtbot, make_settings, pg_url):
    a = RunningConsole(qtbot, make_settings(**{"database.url": pg_url, "station.name": "duty-room-1"}), users=USERS)
    b = RunningConsole(qtbot, make_settings(**{"database.url": pg_url, "station.name": "duty-room-2"}), users=())
    yield a, b
    a.close()
    b.close()


def select_alarm(console: RunningConsole, key: str, qtbot) -> None:
    view = console.window.view
    row = console.window.model.row_of(key)
    view.selectRow(row)
    qtbot.waitUntil(lambda: console.window.notes_tab.alarm is not None and console.window.notes_tab.alarm.key == key,
                    timeout=5_000)


def test_a_note_written_on_b_shows_on_a_within_a_second_and_is_recorded_once(two_workstations, publisher, qtbot, pg_url,
                                                                               tmp_path):
    a, b = two_workstations
    b.sign_in("lina", "pw-li")
    key = publish_alarm(publisher, "GT-1")
    qtbot.waitUntil(lambda: all(c.core.book.get(key) is not None and c.window.model.row_of(key) >= 0 for c in (a, b)),
                    timeout=10_000)
    occurrence = a.core.book.get(key).occurrence_id
    select_alarm(a, key, qtbot)
    select_alarm(b, key, qtbot)
    assert a.window.notes_tab.table.rowCount() == 0

    tab = b.window.notes_tab
    tab.input.setText("  现场已派人查看，阀门关闭  ")
    started = time.monotonic()
    tab.add_button.click()
    qtbot.waitUntil(lambda: a.window.notes_tab.table.rowCount() == 1, timeout=int(WITHIN_S * 1000))
    assert time.monotonic() - started < WITHIN_S
    cells = [a.window.notes_tab.table.item(0, c).text() for c in (1, 2, 3)]
    assert cells == ["lina", "duty-room-2", "现场已派人查看，阀门关闭"]
    assert tab.input.text() == "" and tab.table.rowCount() == 1

    # Recorded once, by duty-room-2: its row, history row and audit entry; the chain verifies.
    a.run_db(lambda log: None)
    assert note_counts(b, occurrence) == {"rows": 1, "history": 1, "audit": 1}
    entry = b.run_db(lambda log: log.s.execute(select(audit_table.c.actor, audit_table.c.station, audit_table.c.detail)
                                               .where(audit_table.c.action == "alarm.note")).one())
    assert (entry.actor, entry.station) == ("lina", "duty-room-2")
    assert json.loads(entry.detail)["text"] == "现场已派人查看，阀门关闭"
    assert b.run_db(lambda log: verify(log.s)).ok

    # In B's handover report (and its HTML, which the paper copy prints) …
    with qtbot.waitSignal(b.core.handover.report_ready, timeout=10_000) as ready:
        assert b.core.handover.start()
    rows = [(r.point, r.condition, r.author, r.station, r.text) for r in ready.args[0].notes]
    assert rows == [("GT-1", "HH", "lina", "duty-room-2", "现场已派人查看，阀门关闭")]
    assert "现场已派人查看，阀门关闭" in render(ready.args[0])
    b.core.handover.cancel()
    # … and in the review: the alarm's drill-down and the log export.
    engine = make_engine(pg_url)
    try:
        with engine.connect() as conn:
            drill = log_query.detail(conn, occurrence)
            flt = ReviewFilter(time.time() - 3600, time.time() + 60)
            out = tmp_path / "log.csv"
            names = export.Names(a.core.registry, {})
            assert export.write_log(out, log_query.stream(conn, flt, flt.start, flt.end), 1, names, "csv", "UTC") == 1
    finally:
        engine.dispose()
    assert [(n.author, n.station, n.text) for n in drill.notes] == [("lina", "duty-room-2", "现场已派人查看，阀门关闭")]
    assert ("note", "lina") in {(h.event, h.operator) for h in drill.history}
    with open(out, encoding="utf-8-sig", newline="") as f:
        header, row = list(csv.reader(f))
    cells = dict(zip(header, row, strict=True))
    assert cells["Occurrence id"] == occurrence and cells["Notes"].endswith(" lina@duty-room-2: 现场已派人查看，阀门关闭")

    # A workstation that did not receive it (here: one that forgot it) reads it from the duty log.
    a.window.notes_tab.show_alarm(None)
    a.core.notes._known.clear()
    a.window.notes_tab.show_alarm(a.core.book.get(key))
    assert a.window.notes_tab.table.rowCount() == 0
    qtbot.waitUntil(lambda: a.window.notes_tab.table.rowCount() == 1, timeout=5_000)


def test_a_note_needs_someone_signed_in_and_a_text(two_workstations, publisher, qtbot):
    a, _b = two_workstations
    key = publish_alarm(publisher, "GT-2")
    qtbot.waitUntil(lambda: a.window.model.row_of(key) >= 0, timeout=10_000)
    select_alarm(a, key, qtbot)
    tab = a.window.notes_tab
    tab.input.setText("无人登录时的备注")
    tab.add_button.click()
    assert tab.feedback.text() == "Sign in to write a note."
    a.sign_in()
    tab.input.setText("   ")
    tab.add_button.click()
    assert tab.feedback.text() == "Write the note first."
    assert note_counts(a, a.core.book.get(key).occurrence_id) == {"rows": 0, "history": 0, "audit": 0}
