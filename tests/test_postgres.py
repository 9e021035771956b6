"""The duty log on a real PostgreSQL, the shared log of several workstations.

Runs what the SQLite tests prove (migrations, users, acknowledgments, the writer) against a
PostgreSQL server started for the session (tests/helpers/postgres.py), plus what only a
server brings: several workstations writing at once, session time zones, a server that
goes away and comes back.
"""

from __future__ import annotations

import datetime as dt
import shutil
import threading
import time

import pytest
from sqlalchemy import inspect, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from console.alarms import Acknowledgment, AlarmState, Priority
from console.store import migrations
from console.store.dutylog import DutyLog, Operator
from console.store.engine import make_engine
from console.store.schema import AckRecord, Base, utc
from console.store.writer import DutyLogWriter
from tests.helpers.postgres import PostgresServer, make_workdir

T0 = 1_767_225_600.0  # 2026-01-01T00:00:00Z
BEIJING = dt.timezone(dt.timedelta(hours=8))


def wait_until(condition, timeout: float = 10.0, what: str = "condition") -> None:
    """Bounded polling of a condition."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.005)


def with_session_time_zone(url: str, zone: str) -> str:
    """The same database, every connection's session in ``zone`` (libpq ``options``)."""
    return make_url(url).update_query_dict({"options": f"-c TimeZone={zone}"}).render_as_string(hide_password=False)


@pytest.fixture
def engines():
    """make(url) -> a migrated engine through the product's make_engine; disposed after the test."""
    made = []

    def make(url: str, upgrade: bool = True):
        engine = make_engine(url)
        made.append(engine)
        if upgrade:
            migrations.upgrade(engine)
        return engine

    yield make
    for engine in made:
        engine.dispose()


class Results:
    """Collects a writer's on_done/on_error calls (delivered on the writer thread)."""

    def __init__(self) -> None:
        self.done: list = []
        self.errors: list[BaseException] = []
        self._changed = threading.Condition()

    def deliver(self, fn, *args) -> None:
        fn(*args)
        with self._changed:
            self._changed.notify_all()

    def wait(self, count: int, timeout: float = 10.0) -> None:
        with self._changed:
            if not self._changed.wait_for(lambda: len(self.done) + len(self.errors) >= count, timeout):
                raise AssertionError(f"only {len(self.done) + len(self.errors)} of {count} duty-log jobs finished within {timeout} s")


@pytest.fixture
def writers():
    """make(engine) -> (DutyLogWriter, Results); closed after the test."""
    made = []

    def make(engine):
        results = Results()
        writer = DutyLogWriter(engine, results.deliver)
        made.append(writer)
        return writer, results

    yield make
    for writer in made:
        writer.close(10)


@pytest.fixture
def own_postgres():
    """A PostgreSQL of this test's own, which it may stop, kill and restart."""
    workdir = make_workdir()
    server = PostgresServer(workdir)
    server.start()
    yield server
    server.kill()
    shutil.rmtree(workdir, ignore_errors=True)


def alarm_row(n: int, raised_at: dt.datetime, station: str = "st-1") -> dict:
    """A row as console.recorder gathers it for record_batch."""
    return {
        "id": f"{n:032x}", "alarm_key": f"E/P{n}/H", "enterprise": "E", "point": f"P{n}", "condition": "H",
        "priority": int(Priority.HIGH), "raised_at": raised_at, "received_at": raised_at + dt.timedelta(seconds=0.25),
        "value": 12.5 + n, "threshold": 10.0, "text": f"点{n} 高报", "source_id": "", "station": station, "returned_at": None,
    }


def ack_of(n: int, operator: str, station: str, acked_at: float) -> Acknowledgment:
    return Acknowledgment(f"{n:032x}", f"E/P{n}/H", operator, station, T0 + n, acked_at)


def add_alarms(engine, *numbers: int) -> None:
    with Session(engine) as s, s.begin():
        DutyLog(s).record_batch([alarm_row(n, utc(T0 + n)) for n in numbers], [], [])


# -- schema ------------------------------------------------------------------------------


def test_migrations_apply_once_and_match_the_models(pg_url, engines):
    engine = engines(pg_url, upgrade=False)
    assert migrations.upgrade(engine) == [1, 2]
    assert migrations.upgrade(engine) == []  # idempotent
    insp = inspect(engine)
    for table in Base.metadata.sorted_tables:
        if table.name == "schema_version":
            continue
        columns = insp.get_columns(table.name)
        migrated = {c["name"]: c["nullable"] for c in columns}
        modelled = {c.name: c.nullable for c in table.columns if not c.primary_key}
        modelled.update({c.name: migrated[c.name] for c in table.columns if c.primary_key})
        assert migrated == modelled, table.name
        assert {i["name"] for i in insp.get_indexes(table.name)} >= {i.name for i in table.indexes}
        # PostgreSQL keeps real types: every column has the type the model declares.
        migrated_types = {c["name"]: _type_name(c["type"], engine) for c in columns}
        modelled_types = {c.name: _type_name(c.type, engine) for c in table.columns}
        assert migrated_types == modelled_types, table.name
    uniques = {tuple(u["column_names"]) for u in insp.get_unique_constraints("acknowledgments")}
    assert ("alarm_id",) in uniques  # what makes a second acknowledgment fail
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT version, description FROM schema_version ORDER BY version").all() == [
            (v, d) for v, d, _ in migrations.MIGRATIONS
        ]


def _type_name(type_, engine) -> str:
    name = type_.compile(dialect=engine.dialect)
    return {"FLOAT": "DOUBLE PRECISION"}.get(name, name)  # Float is created as double precision


def test_users_are_added_and_verified(pg_url, engines):
    engine = engines(pg_url)
    with Session(engine) as s, s.begin():
        log = DutyLog(s)
        assert not log.has_users()
        log.add_user("lina", "s3cret-密码", "李娜", role="supervisor")
    with Session(engine) as s, s.begin():
        log = DutyLog(s)
        assert log.has_users()
        assert log.verify_user("lina", "s3cret-密码") == Operator("lina", "李娜", "supervisor")
        assert log.verify_user(" lina ", "s3cret-密码").display_name == "李娜"
        assert log.verify_user("lina", "wrong") is None
        assert log.verify_user("nobody", "s3cret-密码") is None
    with engine.connect() as conn:
        stored, created = conn.exec_driver_sql("SELECT password_hash, created_at FROM users").one()
    assert stored.startswith("scrypt$") and "s3cret" not in stored
    assert created.utcoffset() is not None
    with pytest.raises(IntegrityError):  # names are unique
        with Session(engine) as s, s.begin():
            DutyLog(s).add_user("lina", "other")


# -- times -------------------------------------------------------------------------------


def test_batch_round_trip_keeps_utc_whatever_the_session_time_zone(pg_url, engines):
    writer_engine = engines(with_session_time_zone(pg_url, "America/New_York"))
    reader_engine = engines(with_session_time_zone(pg_url, "Asia/Shanghai"))
    with writer_engine.connect() as conn:
        assert conn.exec_driver_sql("SHOW TimeZone").scalar() == "America/New_York"  # the setting took
    raised = [utc(T0 + 0.5), utc(T0 + 60).astimezone(BEIJING), utc(T0 + 120), utc(T0 + 180)]  # one given in +08:00
    rows = [alarm_row(n, raised[n]) for n in range(4)]
    with Session(writer_engine) as s, s.begin():
        log = DutyLog(s)
        log.record_batch(
            rows,
            [(rows[1]["id"], T0 + 90.25), (rows[2]["id"], T0 + 150)],
            [{"alarm_id": r["id"], "event": "raised", "at": r["raised_at"], "operator": "", "station": "st-1", "detail": ""} for r in rows],
        )
        log.record_ack(ack_of(2, "zhang", "st-1", T0 + 155))  # returned and acknowledged: off the list
        log.record_ack(ack_of(3, "zhang", "st-1", T0 + 185))  # still active, acknowledged

    with Session(reader_engine) as s, s.begin():
        log = DutyLog(s)
        open_alarms = {a.point: a for a in log.open_alarms()}
        records = {r.point: r.raised_at for r in log.alarm_records()}
        history = [(h.event, h.at) for h in log.history(rows[1]["id"])]
    assert set(open_alarms) == {"P0", "P1", "P3"}
    assert [open_alarms[p].state for p in ("P0", "P1", "P3")] == [AlarmState.UNACK, AlarmState.RTN_UNACK, AlarmState.ACKED]
    assert open_alarms["P0"].raised_at == T0 + 0.5  # microseconds kept
    assert open_alarms["P1"].raised_at == T0 + 60 and open_alarms["P1"].returned_at == T0 + 90.25
    assert open_alarms["P1"].changed_at == T0 + 60.25
    assert open_alarms["P3"].ack.acked_at == T0 + 185 and open_alarms["P3"].ack.operator == "zhang"
    assert open_alarms["P0"].text == "点0 高报" and open_alarms["P0"].value == 12.5
    for n, point in enumerate(("P0", "P1", "P2", "P3")):
        assert records[point] == raised[n]
        assert records[point].utcoffset() == dt.timedelta(0)  # aware UTC out, whatever the session zone
    assert history == [("raised", utc(T0 + 60))]

    # What is stored is the instant: the same epoch seen from any session, and UTC wall time.
    with reader_engine.connect() as conn:
        epochs = dict(conn.exec_driver_sql("SELECT point, extract(epoch FROM raised_at) FROM alarms").all())
        utc_text = conn.exec_driver_sql(
            "SELECT to_char(raised_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') FROM alarms WHERE point = 'P1'"
        ).scalar()
    assert {p: float(e) for p, e in epochs.items()} == {"P0": T0 + 0.5, "P1": T0 + 60, "P2": T0 + 120, "P3": T0 + 180}
    assert utc_text == "2026-01-01 00:01:00"


def test_a_naive_time_is_refused(pg_url, engines):
    engine = engines(pg_url)
    with pytest.raises(Exception, match="naive datetime"):
        with Session(engine) as s, s.begin():
            DutyLog(s).record_batch([alarm_row(1, dt.datetime(2026, 1, 1))], [], [])


# -- acknowledgments from several workstations ----------------------------------------------


def test_a_second_acknowledgment_returns_the_first(pg_url, engines):
    engine = engines(pg_url)
    add_alarms(engine, 1)
    ours, theirs = ack_of(1, "zhang", "st-1", T0 + 6), ack_of(1, "li", "st-2", T0 + 7)
    with Session(engine) as s, s.begin():
        assert DutyLog(s).record_ack(ours) == ours
    with Session(engine) as s, s.begin():
        log = DutyLog(s)
        assert log.record_ack(theirs) == ours
        log.record_history(ours.occurrence_id, "acked", T0 + 7, "st-2", "li")  # the transaction goes on after the savepoint
    with Session(engine) as s:
        assert [a.operator for a in DutyLog(s).acknowledgments()] == ["zhang"]
        assert len(DutyLog(s).history(ours.occurrence_id)) == 1


def test_an_acknowledgment_waiting_on_another_workstations_uncommitted_one_gets_it(pg_url, postgres_server, engines, writers):
    """Workstation B acknowledges while A's acknowledgment is written but not yet committed:
    B's insert waits on A's row lock, then finds A's acknowledgment standing."""
    add_alarms(engines(pg_url), 1)
    writer_a, results_a = writers(engines(pg_url))
    writer_b, results_b = writers(engines(pg_url))
    ours, theirs = ack_of(1, "zhang", "st-1", T0 + 6), ack_of(1, "li", "st-2", T0 + 6)
    inserted, release = threading.Event(), threading.Event()

    def ack_and_hold(log):
        standing = log.record_ack(ours)  # flushed in its savepoint: the row is in, uncommitted
        inserted.set()
        assert release.wait(10)
        return standing

    writer_a.submit(ack_and_hold, results_a.done.append, results_a.errors.append)
    assert inserted.wait(10)
    writer_b.submit(lambda log: log.record_ack(theirs), results_b.done.append, results_b.errors.append)
    database = make_url(pg_url).database
    with postgres_server.connect(database) as admin:
        wait_until(
            lambda: admin.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND wait_event_type = 'Lock'", (database,)
            ).fetchone()[0] == 1,
            what="workstation B to wait on A's acknowledgment",
        )
    release.set()
    results_a.wait(1)
    results_b.wait(1)
    assert (results_a.errors, results_b.errors) == ([], [])
    assert results_a.done == results_b.done == [ours]
    with Session(engines(pg_url)) as s:
        assert [(a.operator, a.station) for a in DutyLog(s).acknowledgments()] == [("zhang", "st-1")]


def test_two_workstations_acknowledging_at_the_same_time_leave_one_acknowledgment(pg_url, engines, writers):
    rounds = 5
    add_alarms(engines(pg_url), *range(rounds))
    writer_a, results_a = writers(engines(pg_url))
    writer_b, results_b = writers(engines(pg_url))
    for n in range(rounds):
        start = threading.Barrier(2, timeout=10)
        ours, theirs = ack_of(n, "zhang", "st-1", T0 + 100 + n), ack_of(n, "li", "st-2", T0 + 100 + n)
        for writer, results, ack in ((writer_a, results_a, ours), (writer_b, results_b, theirs)):
            writer.submit(lambda log, a=ack, b=start: (b.wait(), log.record_ack(a))[1], results.done.append, results.errors.append)
        results_a.wait(n + 1)
        results_b.wait(n + 1)
        assert (results_a.errors, results_b.errors) == ([], [])
        assert results_a.done[n] == results_b.done[n] and results_a.done[n] in (ours, theirs)
    with Session(engines(pg_url)) as s:
        stored = {a.alarm_id: a.operator for a in DutyLog(s).acknowledgments()}
    assert stored == {a.occurrence_id: a.operator for a in results_a.done}


# -- the writer --------------------------------------------------------------------------


def test_the_writer_commits_a_batch_and_reports_each_job(pg_url, engines, writers):
    engine = engines(pg_url)
    add_alarms(engine, 1)
    writer, results = writers(engine)
    gate = threading.Event()
    writer.submit(lambda log: gate.wait(10))  # holds the writer so that the next jobs queue up as one batch
    batches_before = writer.committed_batches
    writer.submit(lambda log: log.record_batch([alarm_row(2, utc(T0 + 2))], [], []), results.done.append, results.errors.append)
    writer.submit(lambda log: log.record_ack(ack_of(2, "zhang", "st-1", T0 + 9)), results.done.append, results.errors.append)
    writer.submit(lambda log: log.record_batch([alarm_row(1, utc(T0 + 1))], [], []), results.done.append, results.errors.append)  # duplicate id
    writer.submit(lambda log: log.record_silence("st-1", "zhang", T0 + 10, ["E/P1/H", "E/P2/H"]), results.done.append, results.errors.append)
    writer.submit(lambda log: sorted((a.point, a.state) for a in log.open_alarms()), results.done.append, results.errors.append)
    gate.set()
    results.wait(5)
    assert len(results.errors) == 1 and isinstance(results.errors[0], IntegrityError)  # only the bad job failed
    assert results.done == [None, ack_of(2, "zhang", "st-1", T0 + 9), None, [("P1", AlarmState.UNACK), ("P2", AlarmState.ACKED)]]
    assert writer.committed_batches == batches_before + 1  # one transaction for the four jobs
    with Session(engine) as s:
        log = DutyLog(s)
        assert [r.alarm_keys for r in log.silences()] == ["E/P1/H\nE/P2/H"]
        assert s.scalar(select(AckRecord.response_ms)) == 7000


def test_the_writer_survives_the_server_going_away(own_postgres, engines, writers):
    url = own_postgres.create_database("duty")
    engine = engines(url)
    writer, results = writers(engine)
    writer.submit(lambda log: log.record_batch([alarm_row(1, utc(T0 + 1))], [], []), results.done.append, results.errors.append)
    writer.submit(lambda log: log.record_ack(ack_of(1, "zhang", "st-1", T0 + 5)), results.done.append, results.errors.append)
    results.wait(2)
    assert results.errors == []

    for outage in (own_postgres.stop, own_postgres.kill):
        done_before = len(results.done)
        outage()
        began = time.monotonic()
        writer.submit(lambda log: log.record_silence("st-1", "zhang", T0 + 20, ["lost"]), results.done.append, results.errors.append)
        results.wait(done_before + len(results.errors) + 1, timeout=15)  # reported, not hung
        assert time.monotonic() - began < 10
        assert len(results.done) == done_before and isinstance(results.errors[-1], OperationalError)
        own_postgres.start()
        writer.submit(lambda log: log.record_silence("st-1", "zhang", T0 + 30, [outage.__name__]), results.done.append, results.errors.append)
        results.wait(done_before + len(results.errors) + 1)
        assert len(results.done) == done_before + 1, results.errors[-1:]

    with Session(engine) as s:
        log = DutyLog(s)
        assert [r.alarm_keys for r in log.silences()] == ["stop", "kill"]  # the failed jobs left nothing
        assert [a.operator for a in log.acknowledgments()] == ["zhang"]  # committed before the crash, kept
