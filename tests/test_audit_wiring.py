"""Every state change on the duty desk goes into the audit hash chain: alarms raised, acknowledged,
shelved and unshelved, sign-in (also a failed one), silence and sign-out, in the order they
happened, with the right people; the chain verifies, and a changed entry is found by
`duty-console audit verify`. The recorder's duty-log rows and their audit entries commit together,
and a flood-sized append stays one cheap bulk insert."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from console.domain.alarms import AlarmBook, AlarmRaise, AlarmState, Priority
from console.domain.clock import ManualClock
from console.services.recorder import AlarmRecorder
from console.infrastructure.store.audit import AuditEntry, AuditLog, audit_table, entry_hash, iso_utc, verify
from console.infrastructure.store.dutylog import DutyLog
from console.infrastructure.store.engine import make_engine
from console.infrastructure.store.migrations import upgrade
from console.infrastructure.store.schema import AlarmRecord, HistoryRecord, utc
from console.infrastructure.store.writer import DutyLogWriter

ROOT = Path(__file__).resolve().parents[1]
ENT = "91350200MA2XYZ0001"
T0 = 1_717_200_000.123456
WRONG_PASSWORD = "not-the-password-42"


def publish_alarm(publisher, point: str, priority: int = 1) -> None:
    body = {"v": 1, "ts": int(time.time() * 1000), "condition": "HH", "state": "raised", "priority": priority,
            "value": 55.0, "threshold": 50.0, "text": "可燃气体浓度高高报"}
    publisher.publish(f"dc/v1/{ENT}/alarms/{point}", json.dumps(body, ensure_ascii=False))


def audit_rows(console) -> list[dict]:
    t = audit_table
    return console.run_db(lambda log: [dict(r._mapping) for r in log.s.execute(select(t).order_by(t.c.seq))])


def test_the_desk_and_the_alarms_are_in_the_chain_in_order(console, publisher, qtbot, db_path):
    window, core = console.window, console.core
    first_key, second_key = f"{ENT}/GT-1101/HH", f"{ENT}/GT-1102/HH"
    publish_alarm(publisher, "GT-1101")
    qtbot.waitUntil(lambda: window.model.row_of(first_key) >= 0, timeout=10_000)
    first = core.book.get(first_key).occurrence_id

    # A failed sign-in, then the right one.
    window.sign_in.user.setText("zhangwei")
    window.sign_in.password.setText(WRONG_PASSWORD)
    with qtbot.waitSignal(core.desk.sign_in_failed, timeout=10_000):
        window.sign_in.sign_in_button.click()
    console.sign_in()

    # Acknowledge, shelve with a reason, unshelve.
    window.view.selectRow(window.model.row_of(first_key))
    with qtbot.waitSignal(core.desk.ack_confirmed, timeout=10_000):
        window.acknowledge_current()
    assert core.book.get(first_key).state is AlarmState.ACKED
    window.view.selectRow(window.model.row_of(first_key))
    qtbot.mouseClick(window.shelve_button, Qt.MouseButton.LeftButton)
    window.shelve.reason.setText("探头校验")
    qtbot.mouseClick(window.shelve.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.hidden_model.row_of(first_key) >= 0, timeout=5_000)
    window.hidden_view.selectRow(window.hidden_model.row_of(first_key))
    qtbot.mouseClick(window.unshelve_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.model.row_of(first_key) >= 0, timeout=5_000)

    # A second alarm sounds; silence it; sign out.
    publish_alarm(publisher, "GT-1102", priority=2)
    qtbot.waitUntil(lambda: core.book.get(second_key) is not None and core.annunciator.sounding is not None, timeout=10_000)
    second = core.book.get(second_key).occurrence_id
    assert core.desk.silence()
    with qtbot.waitSignal(core.desk.operator_changed, timeout=10_000):
        window.sign_in.sign_out_button.click()

    qtbot.waitUntil(lambda: any(r["action"] == "user.sign_out" for r in audit_rows(console)), timeout=10_000)
    rows = audit_rows(console)
    assert [(r["action"], r["subject"], r["actor"]) for r in rows] == [
        ("alarm.raised", first, ""),
        ("user.sign_in_failed", "zhangwei", "zhangwei"),
        ("user.sign_in", "zhangwei", "zhangwei"),
        ("alarm.acked", first, "zhangwei"),
        ("alarm.shelved", first, "zhangwei"),
        ("alarm.unshelved", first, "zhangwei"),
        ("alarm.raised", second, ""),
        ("horn.silenced", "", "zhangwei"),
        ("user.sign_out", "zhangwei", "zhangwei"),
    ]
    assert [r["seq"] for r in rows] == list(range(1, len(rows) + 1))
    assert {r["station"] for r in rows} == {"test-station"}
    assert all(a["at"] <= b["at"] for a, b in zip(rows, rows[1:], strict=False))  # chain order is the order of events
    details = {r["action"]: json.loads(r["detail"]) for r in rows}
    assert details["alarm.raised"] == {"key": second_key, "priority": 2, "value": 55.0, "threshold": 50.0}
    assert details["alarm.acked"]["key"] == first_key and details["alarm.acked"]["response_s"] >= 0
    assert details["alarm.shelved"]["reason"] == "探头校验" and details["alarm.shelved"]["until"].endswith("Z")
    assert details["user.sign_in"]["role"] == "operator"
    assert details["horn.silenced"]["keys"] == [second_key]
    assert all(WRONG_PASSWORD not in json.dumps(r, default=str) for r in rows)  # never a password
    result = console.run_db(lambda log: verify(log.s))
    assert result.ok and result.entries == len(rows)
    acked_seq = next(r["seq"] for r in rows if r["action"] == "alarm.acked")
    console.close()

    # Someone with the file makes it look as if another operator acknowledged.
    conn = sqlite3.connect(db_path)
    try:
        with conn:
            conn.execute("UPDATE audit_log SET actor = 'lisi' WHERE action = 'alarm.acked'")
    finally:
        conn.close()
    # Verified by a manager (reading the audit log needs a credential).
    engine = make_engine(f"sqlite:///{db_path}")
    with Session(engine) as s, s.begin():
        DutyLog(s).add_user("wangmgr", "manager-pass-1", "王经理", "manager")
    engine.dispose()
    proc = subprocess.run([sys.executable, "-m", "console", "audit", "verify", "--database-url", f"sqlite:///{db_path}",
                           "--user", "wangmgr", "--password-stdin"], input="manager-pass-1\n",
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert f"entry {acked_seq} was altered: its content does not match its hash" in proc.stdout


def test_points_out_of_service_are_audited_with_the_person(console, publisher, qtbot):
    window, core = console.window, console.core
    key = f"{ENT}/GT-1201/HH"
    publish_alarm(publisher, "GT-1201")
    qtbot.waitUntil(lambda: window.model.row_of(key) >= 0, timeout=10_000)
    occurrence = core.book.get(key).occurrence_id
    console.sign_in()
    assert core.desk.take_out_of_service(ENT, "GT-1201", "更换探头")
    assert core.desk.return_to_service(ENT, "GT-1201")
    core.desk.sign_out()
    qtbot.waitUntil(lambda: any(r["action"] == "user.sign_out" for r in audit_rows(console)), timeout=10_000)
    got = [(r["action"], r["subject"], r["actor"]) for r in audit_rows(console) if r["action"].startswith("point.")]
    assert got == [
        ("point.out_of_service", occurrence, "zhangwei"),
        ("point.taken_out_of_service", f"{ENT}/GT-1201", "zhangwei"),
        ("point.in_service", occurrence, "zhangwei"),
        ("point.returned_to_service", f"{ENT}/GT-1201", "zhangwei"),
    ]
    assert console.run_db(lambda log: verify(log.s)).ok


def test_the_writer_keeps_event_order_without_anyone_flushing(console, qtbot):
    """Alarm changes the recorder is still gathering (its 100 ms batch), then an operator's
    acknowledgment and sign-out, all in one go: the duty log has them in the order they happened."""
    core = console.core
    console.sign_in()
    now = core.clock.now
    first = core.book.raise_alarm(AlarmRaise(ENT, "GT-1301", "HH", Priority.HIGH, now(), value=55.0, threshold=50.0))
    second = core.book.raise_alarm(AlarmRaise(ENT, "GT-1302", "HH", Priority.HIGH, now(), value=56.0, threshold=50.0))
    assert core.desk.acknowledge([first.alarm.key]) == 1  # refers to an alarm row not handed over yet
    third = core.book.raise_alarm(AlarmRaise(ENT, "GT-1303", "HH", Priority.HIGH, now(), value=57.0, threshold=50.0))
    core.desk.sign_out()
    ids = [c.alarm.occurrence_id for c in (first, second, third)]

    qtbot.waitUntil(lambda: any(r["action"] == "alarm.acked" for r in audit_rows(console)), timeout=10_000)
    rows = audit_rows(console)
    assert [(r["action"], r["subject"]) for r in rows if r["action"] != "user.sign_in"] == [
        ("alarm.raised", ids[0]),
        ("alarm.raised", ids[1]),
        ("alarm.acked", ids[0]),  # written with the acknowledgment, in its transaction
        ("alarm.raised", ids[2]),
        ("user.sign_out", "zhangwei"),
    ]
    assert [r["seq"] for r in rows] == list(range(1, len(rows) + 1))
    history = console.run_db(lambda log: [(h.alarm_id, h.event) for h in log.s.scalars(
        select(HistoryRecord).where(HistoryRecord.alarm_id.in_(ids)).order_by(HistoryRecord.id))])
    assert history == [(ids[0], "raised"), (ids[1], "raised"), (ids[0], "acked"), (ids[2], "raised")]
    assert console.acknowledgments()[0][:2] == (first.alarm.key, "zhangwei")
    assert console.run_db(lambda log: verify(log.s)).ok


# -- the recorder's bulk job ------------------------------------------------------------------
@pytest.fixture
def engine(db_path):
    engine = make_engine(f"sqlite:///{db_path}")
    upgrade(engine)
    yield engine
    engine.dispose()


def test_recorder_writes_rows_and_audit_entries_in_one_job(qtbot, engine):
    writer = DutyLogWriter(engine, lambda fn, *a: fn(*a))
    clock = ManualClock()
    book = AlarmBook(clock, "值班室-1")
    recorder = AlarmRecorder(book, writer, "值班室-1", clock.now)
    n = 2000
    for i in range(n):
        book.raise_alarm(AlarmRaise(ENT, f"P-{i:05d}", "H", Priority.HIGH, clock.now(), value=30.0 + i, threshold=25.0))
    before = writer.committed_batches
    recorder.flush()
    qtbot.waitUntil(lambda: recorder.recorded == n, timeout=30_000)
    writer.close()
    assert writer.committed_batches == before + 1  # one job, one transaction
    with Session(engine) as s:
        assert s.scalar(select(func.count()).select_from(AlarmRecord)) == n
        assert s.scalar(select(func.count()).select_from(HistoryRecord)) == n
        actions = s.execute(select(audit_table.c.action, audit_table.c.actor).distinct()).all()
    assert actions == [("alarm.raised", "")]
    result = verify(engine)
    assert result.ok and result.entries == n


def test_the_writer_hands_over_what_was_gathered_before_each_job_and_at_close(engine):
    done: list[str] = []
    writer = DutyLogWriter(engine, lambda fn, *a: fn(*a))
    gathered: list[str] = []
    hand_overs: list[int] = []

    def hand_over() -> None:
        hand_overs.append(threading.get_ident())
        while gathered:  # submitting from inside the hand-over does not call it again
            what = gathered.pop(0)
            writer.submit(lambda _log, what=what: what, done.append)

    writer.before_submit(hand_over)
    gathered.append("alarm rows")
    writer.submit(lambda _log: "audit entry", done.append)
    other = threading.Thread(target=lambda: writer.submit(lambda _log: "from another thread", done.append))
    other.start()
    other.join()
    gathered.append("last alarm rows")
    writer.close()
    me = threading.get_ident()
    assert hand_overs == [me, me]  # not on the other thread's submit
    assert done.index("alarm rows") < done.index("audit entry")
    assert done[-1] == "last alarm rows" and len(done) == 4


def test_without_its_audit_entries_the_duty_log_rows_are_not_written(qtbot, engine, monkeypatch):
    def broken(self, entries):
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr(AuditLog, "append_many", broken)
    errors: list[BaseException] = []
    writer = DutyLogWriter(engine, lambda fn, *a: fn(*a))
    real_submit = writer.submit
    monkeypatch.setattr(writer, "submit", lambda job, done=None, failed=None: real_submit(job, done, errors.append))
    clock = ManualClock()
    book = AlarmBook(clock, "值班室-1")
    recorder = AlarmRecorder(book, writer, "值班室-1", clock.now)
    book.raise_alarm(AlarmRaise(ENT, "P-1", "H", Priority.HIGH, clock.now()))
    recorder.flush()
    qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
    writer.close()
    assert recorder.recorded == 0
    with Session(engine) as s:
        assert s.scalar(select(func.count()).select_from(AlarmRecord)) == 0
        assert s.scalar(select(func.count()).select_from(HistoryRecord)) == 0


# -- append_many, without Qt -----------------------------------------------------------------
def entries(n: int, start: int = 0) -> list[AuditEntry]:
    return [AuditEntry("alarm.raised", f"occ-{i:06d}", "" if i % 7 else "李娜", "值班室-1",
                       {"key": f"{ENT}/P-{i:05d}/H", "priority": 2 + i % 3, "value": 12.5 + i}, T0 + i * 0.001)
            for i in range(start, start + n)]


def test_ten_thousand_entries_in_one_append_verify(engine):
    with Session(engine) as s, s.begin():
        assert AuditLog(s).append("user.sign_in", "李娜", "李娜", "值班室-1", {}, T0 - 1) == 1
    statements = []

    def note(conn, cursor, statement, parameters, context, executemany):
        statements.append((statement, executemany))

    event.listen(engine, "before_cursor_execute", note)
    try:
        with Session(engine) as s, s.begin():
            seqs = AuditLog(s).append_many(entries(10_000))
    finally:
        event.remove(engine, "before_cursor_execute", note)
    assert seqs == list(range(2, 10_002))
    inserts = [many for sql, many in statements if sql.startswith("INSERT INTO audit_log")]
    assert inserts == [True]  # one executemany for all of them
    with Session(engine) as s, s.begin():
        assert AuditLog(s).append("user.sign_out", "李娜", "李娜", "值班室-1", {}, T0 + 20) == 10_002
    result = verify(engine)
    assert result.ok and result.entries == 10_002
    with engine.connect() as conn:
        row = conn.execute(select(audit_table).where(audit_table.c.seq == 5000)).one()
    e = entries(10_000)[4998]  # seq 5000: the first entry of the run is seq 2
    assert row.hash == entry_hash(row.prev_hash, 5000, iso_utc(utc(e.at)), e.station, e.actor, e.action, e.subject,
                                  json.dumps(e.detail, sort_keys=True, ensure_ascii=False, separators=(",", ":")))


def test_append_many_of_nothing_writes_nothing(engine):
    with Session(engine) as s, s.begin():
        assert AuditLog(s).append_many([]) == []
    assert verify(engine).entries == 0


def test_one_bad_entry_refuses_the_whole_run(engine):
    run = entries(5)
    run[3] = AuditEntry("alarm.raised", "occ", "x" * 65, "值班室-1", {}, T0)
    with Session(engine) as s, s.begin():
        with pytest.raises(ValueError, match="actor longer than 64"):
            AuditLog(s).append_many(run)
        run[3] = AuditEntry("alarm.raised", "occ", "", "值班室-1", {"value": float("nan")}, T0)
        with pytest.raises(ValueError):
            AuditLog(s).append_many(run)
    assert verify(engine).entries == 0


def test_a_run_whose_seqs_were_taken_is_chained_again_onto_the_new_tail(engine):
    """Another workstation slips an entry in after this appender read the tail (as on PostgreSQL):
    the whole run is rolled back to its savepoint and chained again after that entry."""
    with Session(engine) as s, s.begin():
        AuditLog(s).append_many(entries(3))
    slipped = []

    def slip_in(conn, cursor, statement, parameters, context, executemany):
        if not slipped and statement.startswith("SELECT audit_log.seq, audit_log.hash"):
            raw = cursor.connection
            tail_seq, tail_hash = raw.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
            when = utc(T0 + 100)
            digest = entry_hash(tail_hash, tail_seq + 1, iso_utc(when), "值班室-2", "王伟", "alarm.acked", "occ-x", "{}")
            raw.execute(
                "INSERT INTO audit_log (seq, at, station, actor, action, subject, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (tail_seq + 1, when.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds"), "值班室-2", "王伟",
                 "alarm.acked", "occ-x", "{}", tail_hash, digest),
            )
            slipped.append(tail_seq + 1)

    event.listen(engine, "after_cursor_execute", slip_in)
    try:
        with Session(engine) as s, s.begin():
            seqs = AuditLog(s).append_many(entries(50, start=3))
    finally:
        event.remove(engine, "after_cursor_execute", slip_in)
    assert slipped == [4] and seqs == list(range(5, 55))
    result = verify(engine)
    assert result.ok and result.entries == 54
