"""The shared duty log unreachable mid-shift: acknowledgments, handlings and clearances stand
for the operator at once, wait in the local journal (on disk, also across a restart of the
console), and are written once — exactly once — when PostgreSQL is back.

These tests stop, kill and restart a PostgreSQL server of their own (one for the module; each
test has its own database on it), with the real broker and real consoles."""

from __future__ import annotations

import json
import shutil
import threading
import time
from collections import Counter

import psycopg
import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from console.domain.alarms import Acknowledgment, AlarmState, HandlingCategory, Priority
from console.infrastructure.store import journal
from console.infrastructure.store.audit import AuditEntry, audit_table, verify
from console.infrastructure.store.dutylog import DutyLog
from console.infrastructure.store.engine import make_engine
from console.infrastructure.store.journal import Journal
from console.infrastructure.store.migrations import upgrade
from console.infrastructure.store.schema import (
    AckRecord,
    AlarmRecord,
    ClearanceRecord,
    HandlingRecord,
    HistoryRecord,
    JournalApplied,
    SilenceRecord,
    utc,
)
from console.infrastructure.store.writer import DutyLogWriter, unreachable
from console.domain.system_alarms import DUTY_LOG_KEY
from tests.helpers.console import RunningConsole
from tests.helpers.postgres import PostgresServer, free_port, make_workdir
from tests.helpers.waiting import wait_for

ENT = "91350200MA2XYZ0001"
USERS = (("zhangwei", "pw-zhang", "张伟"), ("lina", "pw-li", "李娜"))
T0 = 1_767_225_600.0  # 2026-01-01T00:00:00Z


@pytest.fixture(scope="module")
def server():
    """A PostgreSQL of this module's own, which the tests stop, kill and restart (on a fixed port,
    so that the consoles find it again)."""
    workdir = make_workdir("duty-console-journal-")
    pg = PostgresServer(workdir, port=free_port(), settings={"fsync": "off"})
    try:
        pg.start()
    except Exception as exc:  # noqa: BLE001 - reported as a failure, never a skip
        shutil.rmtree(workdir, ignore_errors=True)
        pytest.fail(f"cannot start PostgreSQL for the journal tests: {exc}", pytrace=False)
    yield pg
    pg.kill()
    shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture
def pg(server, request):
    """The module's server, running, and a fresh database on it: (server, url)."""
    server.start()
    name = "j_" + request.node.name.lower().replace("[", "_").replace("]", "")[:40] + f"_{int(time.time() * 1000) % 10**8}"
    return server, server.create_database(name)


def publish_alarm(publisher, point: str, state: str = "raised") -> None:
    body = {"v": 1, "ts": int(time.time() * 1000), "condition": "HH", "state": state, "priority": 1}
    publisher.publish(f"dc/v1/{ENT}/alarms/{point}", json.dumps(body))


def console_settings(make_settings, url: str, station: str):
    return make_settings(**{"database.url": url, "station.name": station, "journal.retry_max_s": 1.0})


def count(session: Session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def duplicates(rows) -> list:
    return [row for row, n in Counter(rows).items() if n > 1]


def held(console) -> int:
    return console.core.writer.status.held


# -- (1) PostgreSQL stopped mid-shift, two workstations -------------------------------------------
def test_a_shift_goes_on_while_postgres_is_stopped_and_everything_is_written_once(qtbot, make_settings, publisher, pg):
    server, url = pg
    a = RunningConsole(qtbot, console_settings(make_settings, url, "duty-room-1"), users=USERS)
    b = RunningConsole(qtbot, console_settings(make_settings, url, "duty-room-2"), users=())
    try:
        for n in (1, 2, 3):
            publish_alarm(publisher, f"GT-{n}")
        keys = [f"{ENT}/GT-{n}/HH" for n in (1, 2, 3)]
        qtbot.waitUntil(lambda: all(c.core.book.get(k) is not None for c in (a, b) for k in keys), timeout=10_000)
        qtbot.waitUntil(lambda: a.core.recorder.recorded >= 3 and b.core.recorder.recorded >= 3, timeout=10_000)
        a.sign_in()
        b.sign_in("lina", "pw-li")
        publisher.subscribe(f"dc/v1/{ENT}/acks/#")

        server.stop()  # pg_ctl stop -m fast, mid-shift

        # Acknowledged through the window: it stands on screen although nothing can be written.
        with qtbot.waitSignal(a.core.desk.ack_confirmed, timeout=20_000) as confirmed:
            a.window.acknowledge_current()
        gt1 = confirmed.args[0]
        point1 = gt1.split("/")[1]
        assert a.core.book.get(gt1).state is AlarmState.ACKED
        assert a.window.model.alarm_at(a.window.model.row_of(gt1)).state is AlarmState.ACKED
        qtbot.waitUntil(lambda: not a.core.writer.status.reachable, timeout=5_000)
        status = a.window.status.duty_log
        qtbot.waitUntil(lambda: status.isVisible() and f"· {held(a)} records" in status.text(), timeout=5_000)
        assert held(a) >= 1 and "UNREACHABLE" in status.text()
        assert a.core.book.get(DUTY_LOG_KEY) is not None  # on record as a console alarm, medium priority
        assert a.core.book.get(DUTY_LOG_KEY).priority is Priority.MEDIUM
        # Published on the broker as usual: the other workstation shows it, its horn stops for it.
        qtbot.waitUntil(lambda: b.core.book.get(gt1).state is AlarmState.ACKED, timeout=2_000)
        assert b.core.book.get(gt1).ack.operator == "zhangwei"
        assert any(topic.endswith(f"/{point1}") for topic, _ in publisher.received)

        # Back to normal, handled (处置) and cleared (消警), all while the log is down.
        publish_alarm(publisher, point1, "cleared")
        qtbot.waitUntil(lambda: a.core.book.get(gt1).state is AlarmState.AWAIT_CLEAR, timeout=10_000)
        with qtbot.waitSignal(a.core.desk.handled, timeout=10_000):
            assert a.core.desk.handle(gt1, HandlingCategory.FALSE_ALARM.value, "探头漂移，已联系仪表班校准")
        assert a.core.book.get(gt1).handling.operator == "zhangwei"
        qtbot.waitUntil(lambda: b.core.book.get(gt1).handling is not None, timeout=2_000)
        with qtbot.waitSignal(a.core.desk.cleared, timeout=10_000):
            assert a.core.desk.clear(gt1)
        assert a.core.book.get(gt1) is None
        qtbot.waitUntil(lambda: b.core.book.get(gt1) is None, timeout=2_000)

        # Both operators acknowledge one alarm in the same instant, neither can write: each shows its own.
        gt2, gt3 = [k for k in keys if k != gt1]
        a.core.desk.acknowledge([gt3])
        b.core.desk.acknowledge([gt3])
        qtbot.waitUntil(lambda: all(c.core.book.get(gt3).state is AlarmState.ACKED for c in (a, b)), timeout=20_000)
        # And one on B alone, which A takes from the broker.
        b.core.desk.acknowledge([gt2])
        qtbot.waitUntil(lambda: a.core.book.get(gt2).state is AlarmState.ACKED, timeout=20_000)
        qtbot.waitUntil(lambda: not b.core.writer.status.reachable, timeout=5_000)
        waiting = held(a)
        assert waiting >= 4  # alarm changes, the ack, the handling, the clearance at least
        # A query cannot wait for hours: it fails at once, the records stay.
        with pytest.raises(OperationalError):
            a.run_db(lambda log: log.acknowledgments())
        assert held(a) >= waiting

        server.start()
        for c in (a, b):
            qtbot.waitUntil(lambda c=c: c.core.writer.status.reachable and held(c) == 0, timeout=20_000)
        assert not a.window.status.duty_log.isVisible()
        duty_log_alarm = a.core.book.get(DUTY_LOG_KEY)
        assert duty_log_alarm is None or not duty_log_alarm.state.active  # returned

        a.core.recorder.flush()
        b.core.recorder.flush()
        a.run_db(lambda log: None)  # everything queued before is written
        b.run_db(lambda log: None)
        engine = make_engine(url)
        try:
            with Session(engine) as s:
                by_alarm = Counter(s.scalars(select(AckRecord.alarm_key)))
                assert by_alarm[gt1] == by_alarm[gt2] == by_alarm[gt3] == 1
                assert s.scalar(select(AckRecord.operator).where(AckRecord.alarm_key == gt1)) == "zhangwei"
                assert s.scalar(select(AckRecord.operator).where(AckRecord.alarm_key == gt2)) == "lina"
                assert count(s, HandlingRecord) == 1 and count(s, ClearanceRecord) == 1
                assert s.scalar(select(AlarmRecord.closed_at).where(AlarmRecord.alarm_key == gt1)) is not None
                # The workstation whose acknowledgment of GT-3 came second shows its own; the log has one.
                stands = s.scalar(select(AckRecord.operator).where(AckRecord.alarm_key == gt3))
                assert stands in ("zhangwei", "lina")
                # History complete, nothing twice.
                history = s.execute(select(HistoryRecord.alarm_id, HistoryRecord.event, HistoryRecord.station,
                                           HistoryRecord.at, HistoryRecord.operator)).all()
                assert duplicates(history) == []
                occurrence = s.scalar(select(AlarmRecord.id).where(AlarmRecord.alarm_key == gt1))
                events = [row.event for row in s.execute(
                    select(HistoryRecord.event).where(HistoryRecord.alarm_id == occurrence, HistoryRecord.station == "duty-room-1")
                    .order_by(HistoryRecord.id))]
                assert events == ["raised", "acked", "returned", "handled", "cleared"]
                # The outage itself is on record: the console alarm, raised and returned.
                outage = s.execute(select(AlarmRecord.id, AlarmRecord.returned_at)
                                   .where(AlarmRecord.alarm_key == DUTY_LOG_KEY, AlarmRecord.station == "duty-room-1")).all()
                assert len(outage) == 1 and outage[0].returned_at is not None
                audit = s.execute(select(audit_table.c.action, audit_table.c.subject, audit_table.c.station,
                                         audit_table.c.at, audit_table.c.detail)).all()
                assert duplicates(audit) == []
                assert ("alarm.handled", occurrence, "duty-room-1") in {(r.action, r.subject, r.station) for r in audit}
                assert count(s, JournalApplied) > 0
            assert verify(engine).ok
        finally:
            engine.dispose()
        assert not any(p.suffix == ".sqlite" for p in (a.core.writer.journal.path.parent).glob("*"))  # journals emptied
    finally:
        a.close()
        b.close()


# -- (2) the console restarted while PostgreSQL is down ---------------------------------------------
def test_the_journal_survives_a_restart_of_the_console_and_is_written_after(qtbot, make_settings, publisher, pg):
    server, url = pg
    settings = console_settings(make_settings, url, "duty-room-1")
    first = RunningConsole(qtbot, settings)
    try:
        key = f"{ENT}/GT-9/HH"
        publish_alarm(publisher, "GT-9")
        qtbot.waitUntil(lambda: first.core.book.get(key) is not None and first.core.recorder.recorded >= 1, timeout=10_000)
        first.sign_in()
        server.kill()  # the database host dies
        with qtbot.waitSignal(first.core.desk.ack_confirmed, timeout=20_000):
            first.core.desk.acknowledge([key])
        assert first.core.desk.take_out_of_service(ENT, "GT-8", "检修")
        # An audit entry alone (the sign-out) is kept too; the sign-in's may or may not have been
        # written before the kill (a race), so it is not what this test counts on.
        first.core.desk.sign_out()
        path = first.core.writer.journal.path
    finally:
        first.close()
    assert path.exists()
    with Journal(path) as kept:
        records = [e.record for e in kept.load()]
    kinds = [r.kind for r in records]
    assert {"ack", "alarm_changes", "point_service"} <= set(kinds)
    # each action is kept with its own audit entry, in the same record (never as a record of its own)
    ack_trail = next(r.args[1] for r in records if r.kind == "ack")
    assert [e.action for e in ack_trail.audit] == ["alarm.acked"] and ack_trail.history

    # Started again while the log is still down: it runs, and says what it holds.
    second = RunningConsole(qtbot, settings, users=())
    try:
        qtbot.waitUntil(lambda: not second.core.writer.status.reachable and held(second) >= len(kinds), timeout=20_000)
        assert second.window.status.duty_log.isVisible()
        assert second.core.book.get(DUTY_LOG_KEY) is not None
        bar = second.window.sign_in  # the accounts are in the log: signing in is refused, and says why
        bar.user.setText("zhangwei")
        bar.password.setText("pw-zhang")
        with qtbot.waitSignal(second.core.desk.refused, timeout=10_000):
            bar.sign_in_button.click()
        assert "duty log cannot be reached" in second.window.feedback.text()
        assert bar.sign_in_button.isEnabled() and "cannot be reached" in bar.message.text()  # may try again
    finally:
        second.close()

    server.start()
    third = RunningConsole(qtbot, settings, users=())  # the next start, with the log back: written first
    try:
        qtbot.waitUntil(lambda: third.core.writer.status.reachable and held(third) == 0, timeout=20_000)
        acks = third.run_db(lambda log: [(a.alarm_key, a.operator, a.station) for a in log.acknowledgments()])
        assert [a for a in acks if a[0] == key] == [(key, "zhangwei", "duty-room-1")]
        assert third.run_db(lambda log: verify(log.s)).ok
        history = third.run_db(lambda log: [(h.event, h.station) for h in log.history(log.s.scalar(
            select(AlarmRecord.id).where(AlarmRecord.alarm_key == key)))])
        assert history.count(("acked", "duty-room-1")) == 1
        assert [(p.point, p.reason) for p in third.run_db(lambda log: log.points_out_of_service())] == [("GT-8", "检修")]
        assert not path.exists()  # emptied, so removed
    finally:
        third.close()


# -- (2b) shelving and out of service while PostgreSQL is stopped ---------------------------------
def test_a_shelving_and_a_point_out_of_service_while_postgres_is_stopped_are_shared_at_once_and_written_once(
        qtbot, make_settings, publisher, pg):
    server, url = pg
    a = RunningConsole(qtbot, console_settings(make_settings, url, "duty-room-1"), users=USERS)
    b = RunningConsole(qtbot, console_settings(make_settings, url, "duty-room-2"), users=())
    try:
        shelved, out = f"{ENT}/GT-11/HH", f"{ENT}/GT-12/HH"
        publish_alarm(publisher, "GT-11")
        publish_alarm(publisher, "GT-12")
        qtbot.waitUntil(lambda: all(c.core.book.get(k) is not None for c in (a, b) for k in (shelved, out)), timeout=10_000)
        occurrence = a.core.book.get(shelved).occurrence_id
        a.sign_in()
        server.stop()

        assert a.core.desk.shelve(shelved, "仪表检修", 3600)
        assert a.core.desk.take_out_of_service(ENT, "GT-12", "停车检修")
        # Kept in the journal, published at once: the other workstation shows both.
        qtbot.waitUntil(lambda: b.core.book.get(shelved).shelf is not None and b.core.book.get(out).out_of_service, timeout=20_000)
        assert not {shelved, out} & b.core.annunciator.sounding_keys  # (the duty log's own console alarm may sound)
        assert a.core.desk.unshelve(shelved)
        qtbot.waitUntil(lambda: b.core.book.get(shelved).shelf is None, timeout=20_000)
        assert not a.core.writer.status.reachable and held(a) >= 3

        server.start()
        for c in (a, b):
            qtbot.waitUntil(lambda c=c: c.core.writer.status.reachable and held(c) == 0, timeout=20_000)
        b.run_db(lambda log: None)
        engine = make_engine(url)
        try:
            with Session(engine) as s:
                history = [(r.event, r.station) for r in s.execute(
                    select(HistoryRecord.event, HistoryRecord.station).where(HistoryRecord.alarm_id == occurrence,
                                                                            HistoryRecord.event.in_(("shelved", "unshelved"))))]
                assert sorted(history) == [("shelved", "duty-room-1"), ("unshelved", "duty-room-1")]
                actions = Counter(s.scalars(select(audit_table.c.action).where(audit_table.c.action.in_(
                    ("alarm.shelved", "alarm.unshelved", "point.taken_out_of_service", "point.out_of_service")))))
                assert actions == {"alarm.shelved": 1, "alarm.unshelved": 1, "point.taken_out_of_service": 1,
                                   "point.out_of_service": 1}
            assert verify(engine).ok
        finally:
            engine.dispose()
    finally:
        a.close()
        b.close()


# -- (3) the connection dies at commit: the commit went through, its answer is lost ---------------
class Outcome:
    def __init__(self) -> None:
        self.done: list = []
        self.errors: list = []
        self.held = 0

    def submit(self, writer: DutyLogWriter, job) -> "Outcome":
        writer.submit(job, self.done.append, self.errors.append, self._held)
        return self

    def _held(self) -> None:
        self.held += 1


def lose_the_answer_of_the_next_commit(engine, monkeypatch) -> threading.Event:
    """The next COMMIT reaches the server and is carried out; then the connection drops before
    the client hears back — as when the network dies at that moment."""
    armed = threading.Event()
    armed.set()
    real = engine.dialect.do_commit

    def do_commit(dbapi_connection):
        real(dbapi_connection)
        if armed.is_set():
            armed.clear()
            dbapi_connection.dbapi_connection.close()
            raise psycopg.OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(engine.dialect, "do_commit", do_commit)
    return armed


def alarm_row(n: int, station: str = "st-1") -> dict:
    raised = utc(T0 + n)
    return {"id": f"{n:032x}", "alarm_key": f"E/P{n}/H", "enterprise": "E", "point": f"P{n}", "condition": "H",
            "priority": int(Priority.HIGH), "raised_at": raised, "received_at": raised, "value": 12.5, "threshold": 10.0,
            "text": f"点{n} 高报", "source_id": "", "station": station, "returned_at": None, "handling_required": 0}


def changes(n: int) -> journal.Record:
    history = [{"alarm_id": f"{n:032x}", "event": "raised", "at": utc(T0 + n), "operator": "", "station": "st-1",
                "detail": "", "shift": ""}]
    entries = [AuditEntry("alarm.raised", f"{n:032x}", "", "st-1", {"key": f"E/P{n}/H"}, T0 + n)]
    return journal.alarm_changes([alarm_row(n)], [], history, [], [], entries)


def ack_of(n: int, operator: str = "zhang") -> Acknowledgment:
    return Acknowledgment(f"{n:032x}", f"E/P{n}/H", operator, "st-1", T0 + n, T0 + n + 7, "A")


def test_a_commit_whose_answer_was_lost_is_not_written_twice(pg, tmp_path, monkeypatch):
    _server, url = pg
    engine = make_engine(url)
    upgrade(engine)
    # Results are delivered on the writer thread here: no Qt status object (its signal belongs to the GUI thread).
    writer = DutyLogWriter(engine, lambda fn, *a: fn(*a), Journal(tmp_path / "journal.sqlite"), "st-1",
                           retry_min_s=0.2, retry_max_s=0.5)
    try:
        Outcome().submit(writer, lambda log: None)
        wait_for(lambda: writer.committed_batches == 1, 10, "the first transaction")
        gate = threading.Event()
        writer.submit(lambda log: gate.wait(10))  # the next jobs queue up as one batch
        armed = lose_the_answer_of_the_next_commit(engine, monkeypatch)
        raised, acked = Outcome().submit(writer, changes(1)), Outcome().submit(writer, journal.ack(ack_of(1)))
        gate.set()
        wait_for(lambda: not armed.is_set(), 10, "the commit")
        wait_for(lambda: raised.done and acked.done, 15, "the records to be written")
        assert raised.held == acked.held == 1  # kept in the journal once the answer was lost
        assert acked.done == [ack_of(1)] and raised.errors == acked.errors == []
        wait_for(lambda: writer.reachable and writer.held_count == 0, 5, "the writer to find the log reachable")
        assert writer.replayed == 2
        with Session(engine) as s:
            assert count(s, AlarmRecord) == count(s, AckRecord) == count(s, HistoryRecord) == 1
            assert s.scalar(select(func.count()).select_from(audit_table)) == 1
            assert count(s, JournalApplied) == 2
        assert verify(engine).ok
        assert not (tmp_path / "journal.sqlite").exists()
    finally:
        writer.close(10)


# -- the writer, stopped and started server ------------------------------------------------------
def test_records_wait_in_order_and_one_the_log_refuses_is_set_aside(pg, tmp_path):
    server, url = pg
    engine = make_engine(url)
    upgrade(engine)
    path = tmp_path / "journal.sqlite"
    writer = DutyLogWriter(engine, lambda fn, *a: fn(*a), Journal(path), "st-1", retry_min_s=0.2, retry_max_s=0.5)
    try:
        Outcome().submit(writer, changes(1))
        wait_for(lambda: writer.committed_batches == 1, 10, "the first transaction")
        server.stop()
        query = Outcome().submit(writer, lambda log: log.acknowledgments())
        outcomes = [
            Outcome().submit(writer, changes(2)),
            Outcome().submit(writer, journal.ack(ack_of(2))),
            Outcome().submit(writer, journal.ack(ack_of(77))),  # no such alarm: the log will refuse it
            Outcome().submit(writer, journal.silence("st-1", "zhang", T0 + 9, ["E/P2/H"])),
            Outcome().submit(writer, journal.ack(ack_of(1, "li"))),
        ]
        wait_for(lambda: all(o.held for o in outcomes), 20, "the records to be held")
        wait_for(lambda: query.errors, 5, "the query to fail")
        assert unreachable(query.errors[0]) and query.done == []
        assert all(o.done == [] and o.errors == [] for o in outcomes)
        with Journal(path) as kept:  # on disk, in order
            assert [e.record.kind for e in kept.load()] == ["alarm_changes", "ack", "ack", "silence", "ack"]

        server.start()
        wait_for(lambda: all(o.done or o.errors for o in outcomes), 20, "the records to be written")
        assert [o.done for o in outcomes] == [[None], [ack_of(2)], [], [None], [ack_of(1, "li")]]
        assert isinstance(outcomes[2].errors[0], IntegrityError)
        with Session(engine) as s:
            assert [a.operator for a in DutyLog(s).acknowledgments()] == ["li", "zhang"]
            assert count(s, SilenceRecord) == 1
        with Journal(path) as kept:  # the refused record is kept aside, with the reason
            assert kept.load() == []
            rejected = kept.rejected_records()
        assert [kind for kind, _reason in rejected] == ["ack"] and "foreign key" in rejected[0][1]
    finally:
        writer.close(10)


def trail_of(ack: Acknowledgment) -> journal.Trail:
    """The history row and audit entry the desk writes with an acknowledgment (its trail)."""
    row = {"alarm_id": ack.occurrence_id, "event": "acked", "at": utc(ack.acked_at), "operator": ack.operator,
           "station": ack.station, "detail": f"response {ack.response_s:.1f} s", "shift": ack.shift}
    entry = AuditEntry("alarm.acked", ack.occurrence_id, ack.operator, ack.station, {"key": ack.key}, ack.acked_at)
    return journal.Trail((row,), (entry,))


def test_a_held_action_is_written_whole_or_set_aside_whole(pg, tmp_path):
    """An acknowledgment kept in the journal goes into the log with its history row and audit
    entry in one transaction: when the log refuses its entry, the acknowledgment is set aside too."""
    server, url = pg
    engine = make_engine(url)
    upgrade(engine)
    refused_subject = f"{3:032x}"
    with engine.begin() as conn:  # the log refuses one acknowledgment's audit entry, as it would a bad one
        conn.exec_driver_sql(
            "CREATE FUNCTION refuse_entry() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"IF NEW.action = 'alarm.acked' AND NEW.subject = '{refused_subject}' THEN RAISE EXCEPTION 'entry refused'; END IF; "
            "RETURN NEW; END $$")
        conn.exec_driver_sql("CREATE TRIGGER refuse_entry BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION refuse_entry()")
    path = tmp_path / "journal.sqlite"
    writer = DutyLogWriter(engine, lambda fn, *a: fn(*a), Journal(path), "st-1", retry_min_s=0.2, retry_max_s=0.5)
    try:
        first = [Outcome().submit(writer, changes(n)) for n in (2, 3, 4)]
        first.append(Outcome().submit(writer, journal.ack(ack_of(4, "zhang"), trail_of(ack_of(4, "zhang")))))
        wait_for(lambda: all(o.done for o in first), 10, "the alarms and the first acknowledgment")
        server.stop()
        whole = Outcome().submit(writer, journal.ack(ack_of(2), trail_of(ack_of(2))))
        refused = Outcome().submit(writer, journal.ack(ack_of(3), trail_of(ack_of(3))))
        second = Outcome().submit(writer, journal.ack(ack_of(4, "li"), trail_of(ack_of(4, "li"))))  # shown here, comes second
        wait_for(lambda: whole.held and refused.held and second.held, 20, "the acknowledgments to be held")
        with Journal(path) as kept:  # each with its trail, in the file
            assert [e.record.args for e in kept.load()] == [(ack_of(n, who), trail_of(ack_of(n, who))) for n, who in
                                                            ((2, "zhang"), (3, "zhang"), (4, "li"))]
        server.start()
        wait_for(lambda: whole.done and refused.errors and second.done, 20, "the journal to be written")
        assert second.done == [ack_of(4, "zhang")]  # the one that stands
        with Session(engine) as s:
            acks = {(a.alarm_id, a.operator) for a in s.scalars(select(AckRecord))}
            assert acks == {(f"{2:032x}", "zhang"), (f"{4:032x}", "zhang")}  # not 3's: its entry was refused
            history = {(h.alarm_id, h.operator) for h in s.scalars(select(HistoryRecord).where(HistoryRecord.event == "acked"))}
            entries = set(s.execute(select(audit_table.c.subject, audit_table.c.actor).where(audit_table.c.action == "alarm.acked")))
            # 4: the acknowledgment that stands, and the one this workstation showed (and kept) while the log was down.
            expected = {(f"{2:032x}", "zhang"), (f"{4:032x}", "zhang"), (f"{4:032x}", "li")}
            assert history == entries == expected
        assert verify(engine).ok
        with Journal(path) as kept:
            assert [kind for kind, _reason in kept.rejected_records()] == ["ack"]
    finally:
        writer.close(10)


def test_what_counts_as_unreachable(tmp_path, pg):
    _server, url = pg
    closed = f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/nothing"
    refused = make_engine(closed)
    try:
        with pytest.raises(OperationalError) as caught:
            refused.connect()
        assert unreachable(caught.value)
    finally:
        refused.dispose()
    engine = make_engine(url)
    upgrade(engine)
    try:
        with pytest.raises(IntegrityError) as caught, Session(engine) as s, s.begin():
            DutyLog(s).record_ack(ack_of(5))  # a job's own failure: no such alarm
        assert not unreachable(caught.value)
    finally:
        engine.dispose()
    local = make_engine(f"sqlite:///{tmp_path / 'log.sqlite'}")
    try:
        with pytest.raises(OperationalError) as caught, local.connect() as conn:
            conn.exec_driver_sql("SELECT * FROM no_such_table")
        assert not unreachable(caught.value)
    finally:
        local.dispose()


def test_a_record_goes_into_the_journal_file_and_comes_back_the_same():
    from console.domain.alarms import Clearance, Handling
    from console.domain.presence import PresenceResult, PresenceStatus

    records = [
        changes(3),
        journal.ack(ack_of(3)),
        journal.handling(Handling(f"{3:032x}", "E/P3/H", HandlingCategory.DRILL, "演练", "zhang", "st-1", T0 + 9, "A")),
        journal.clearance(Clearance(f"{3:032x}", "E/P3/H", "zhang", "st-1", T0 + 10, "A")),
        journal.audit(AuditEntry("horn.silenced", "", "zhang", "st-1", {"keys": ["E/P3/H"]}, T0 + 11)),
        journal.silence("st-1", "zhang", T0 + 11, ["E/P3/H"]),
        journal.point_service("E", "P3", True, "zhang", "检修", T0 + 12, "st-1"),
        journal.presence(PresenceResult(T0 + 13, None, "", PresenceStatus.MISSED), "st-1", "A"),
    ]
    trail = trail_of(ack_of(3))
    entry = AuditEntry("horn.silenced", "", "zhang", "st-1", {"keys": ["E/P3/H"]}, T0 + 11)
    records += [  # operator actions with their history rows and audit entries (their trail)
        journal.ack(ack_of(3), trail),
        journal.silence("st-1", "zhang", T0 + 11, ["E/P3/H"], journal.Trail(audit=(entry,))),
        journal.point_service("E", "P3", False, "zhang", "", T0 + 12, "st-1", trail),
        journal.presence(PresenceResult(T0 + 13, None, "", PresenceStatus.MISSED), "st-1", "A", journal.Trail(audit=(entry,))),
    ]
    for record in records:
        again = journal.Record.decode(record.kind, record.encode())
        assert again.args == record.args, record.kind
    # A record an earlier version kept (its trail went as records of their own) still reads, without a trail.
    old = journal.Record.decode("ack", json.dumps({k: v for k, v in json.loads(journal.ack(ack_of(3), trail).encode()).items()
                                                   if k != "trail"}))
    assert old.args == (ack_of(3), journal.Trail())
