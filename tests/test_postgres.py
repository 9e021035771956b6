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

from console.domain.alarms import Acknowledgment, AlarmState, Priority
from console.infrastructure.store import migrations
from console.infrastructure.store.dutylog import DutyLog, Operator
from console.infrastructure.store.engine import make_engine
from console.infrastructure.store.schema import AckRecord, Base, utc
from console.infrastructure.store.writer import DutyLogWriter
from tests.helpers.postgres import PostgresServer, make_workdir
from tests.helpers.waiting import wait_for

T0 = 1_767_225_600.0  # 2026-01-01T00:00:00Z
BEIJING = dt.timezone(dt.timedelta(hours=8))


def wait_until(condition, timeout: float = 10.0, what: str = "condition") -> None:
    wait_for(condition, timeout, what, interval=0.005)


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


class Outcome:
    """What the writer reported for one job: on_done and on_error calls (on the writer thread)."""

    def __init__(self) -> None:
        self.done: list = []
        self.errors: list[BaseException] = []
        self.reported = threading.Event()

    def on_done(self, result) -> None:
        self.done.append(result)
        self.reported.set()

    def on_error(self, error: BaseException) -> None:
        self.errors.append(error)
        self.reported.set()

    def wait(self, timeout: float = 10.0) -> "Outcome":
        assert self.reported.wait(timeout), f"the duty-log job was not reported within {timeout} s"
        return self

    @property
    def result(self):
        self.wait()
        assert not self.errors, self.errors
        return self.done[0]


def submit(writer: DutyLogWriter, job) -> Outcome:
    outcome = Outcome()
    writer.submit(job, outcome.on_done, outcome.on_error)
    return outcome


@pytest.fixture
def writers():
    """make(engine) -> a DutyLogWriter delivering on its own thread; closed after the test."""
    made = []

    def make(engine):
        writer = DutyLogWriter(engine, lambda fn, *args: fn(*args))
        made.append(writer)
        return writer

    yield make
    for writer in made:
        writer.close(10)


@pytest.fixture
def own_postgres():
    """A PostgreSQL of this test's own, which it may stop, kill and restart."""
    workdir = make_workdir()
    server = PostgresServer(workdir)
    try:
        server.start()
        yield server
    finally:
        server.kill()
        shutil.rmtree(workdir, ignore_errors=True)


def alarm_row(n: int, raised_at: dt.datetime, station: str = "st-1") -> dict:
    """A row as console.services.recorder gathers it for record_batch."""
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
    assert migrations.upgrade(engine) == [version for version, _, _ in migrations.MIGRATIONS]
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
        log.record_close(rows[2]["id"], T0 + 155)  # as the recorder notes it leaving the list
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
    writer_a, writer_b = writers(engines(pg_url)), writers(engines(pg_url))
    ours, theirs = ack_of(1, "zhang", "st-1", T0 + 6), ack_of(1, "li", "st-2", T0 + 6)
    inserted, release = threading.Event(), threading.Event()

    def ack_and_hold(log):
        standing = log.record_ack(ours)  # flushed in its savepoint: the row is in, uncommitted
        inserted.set()
        assert release.wait(10)
        return standing

    a = submit(writer_a, ack_and_hold)
    assert inserted.wait(10)
    b = submit(writer_b, lambda log: log.record_ack(theirs))
    database = make_url(pg_url).database
    with postgres_server.connect(database) as admin:
        wait_until(
            lambda: admin.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND wait_event_type = 'Lock'", (database,)
            ).fetchone()[0] == 1,
            what="workstation B to wait on A's acknowledgment",
        )
    assert not b.reported.is_set()
    release.set()
    assert a.result == b.result == ours
    with Session(engines(pg_url)) as s:
        assert [(a.operator, a.station) for a in DutyLog(s).acknowledgments()] == [("zhang", "st-1")]


def test_two_workstations_acknowledging_at_the_same_time_leave_one_acknowledgment(pg_url, engines, writers):
    rounds = 5
    add_alarms(engines(pg_url), *range(rounds))
    writer_a, writer_b = writers(engines(pg_url)), writers(engines(pg_url))
    standing = []
    for n in range(rounds):
        start = threading.Barrier(2, timeout=10)  # both inserts at once
        ours, theirs = ack_of(n, "zhang", "st-1", T0 + 100 + n), ack_of(n, "li", "st-2", T0 + 100 + n)
        a = submit(writer_a, lambda log, ack=ours, b=start: (b.wait(), log.record_ack(ack))[1])
        b = submit(writer_b, lambda log, ack=theirs, b=start: (b.wait(), log.record_ack(ack))[1])
        assert a.result == b.result and a.result in (ours, theirs)
        standing.append(a.result)
    with Session(engines(pg_url)) as s:
        stored = {a.alarm_id: a.operator for a in DutyLog(s).acknowledgments()}
    assert stored == {a.occurrence_id: a.operator for a in standing}


def test_acknowledgments_in_opposite_order_on_two_workstations_all_stand(pg_url, engines, writers):
    add_alarms(engines(pg_url), 1, 2)
    writer_a, writer_b = writers(engines(pg_url)), writers(engines(pg_url))
    gate, a_first, b_first = threading.Event(), threading.Event(), threading.Event()

    def first(log, ack, mine, theirs):
        standing = log.record_ack(ack)  # row locked until this workstation's batch commits
        mine.set()
        theirs.wait(10)
        return standing

    outcomes = []
    for writer, order, mine, theirs, who in ((writer_a, (1, 2), a_first, b_first, ("zhang", "st-1")),
                                            (writer_b, (2, 1), b_first, a_first, ("li", "st-2"))):
        submit(writer, lambda log: gate.wait(10))  # the two acknowledgments of each go in one transaction
        ack_1, ack_2 = ack_of(order[0], *who, T0 + 9), ack_of(order[1], *who, T0 + 9)
        outcomes.append(submit(writer, lambda log, a=ack_1, m=mine, t=theirs: first(log, a, m, t)))
        outcomes.append(submit(writer, lambda log, a=ack_2: log.record_ack(a)))
    gate.set()
    for outcome in outcomes:
        outcome.wait(15)
    assert [o.errors for o in outcomes] == [[], [], [], []]
    standing = {o.result.occurrence_id: o.result for o in outcomes}
    assert len(standing) == 2  # both workstations agree on who acknowledged each alarm


def test_two_workstations_creating_a_new_shared_log_at_once(pg_url, monkeypatch):
    """Both read schema version 0 before either migrates (the first start of two workstations)."""
    both_read = threading.Barrier(2, timeout=1)
    original = migrations.current_version
    waited = threading.local()

    def current_version(conn):
        version = original(conn)
        if not getattr(waited, "done", False):
            waited.done = True
            try:
                both_read.wait()
            except threading.BrokenBarrierError:  # the other is held back by a lock: fine
                pass
        return version

    monkeypatch.setattr(migrations, "current_version", current_version)
    applied: list = []

    def start_workstation():
        engine = make_engine(pg_url)
        try:
            applied.append(migrations.upgrade(engine))
        except Exception as exc:  # noqa: BLE001 - reported below
            applied.append(exc)
        finally:
            engine.dispose()

    threads = [threading.Thread(target=start_workstation) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)
    assert sorted(map(str, applied)) == sorted([str([v for v, _, _ in migrations.MIGRATIONS]), "[]"])


# -- the writer --------------------------------------------------------------------------


def test_the_writer_commits_a_batch_and_reports_each_job(pg_url, engines, writers):
    engine = engines(pg_url)
    add_alarms(engine, 1)
    writer = writers(engine)
    gate = threading.Event()
    submit(writer, lambda log: gate.wait(10))  # holds the writer so that the next jobs queue up as one batch
    batches_before = writer.committed_batches
    jobs = [
        submit(writer, lambda log: log.record_batch([alarm_row(2, utc(T0 + 2))], [], [])),
        submit(writer, lambda log: log.record_ack(ack_of(2, "zhang", "st-1", T0 + 9))),
        submit(writer, lambda log: log.record_ack(ack_of(99, "zhang", "st-1", T0 + 9))),  # no such alarm
        submit(writer, lambda log: log.record_silence("st-1", "zhang", T0 + 10, ["E/P1/H", "E/P2/H"])),
        submit(writer, lambda log: sorted((a.point, a.state) for a in log.open_alarms())),
    ]
    gate.set()
    for job in jobs:
        job.wait()
    assert isinstance(jobs[2].wait().errors[0], IntegrityError) and jobs[2].done == []  # only the bad job failed
    assert [jobs[n].result for n in (0, 1, 3, 4)] == [
        None, ack_of(2, "zhang", "st-1", T0 + 9), None, [("P1", AlarmState.UNACK), ("P2", AlarmState.ACKED)]
    ]
    assert writer.committed_batches == batches_before + 1  # one transaction for the five jobs
    with Session(engine) as s:
        assert [r.alarm_keys for r in DutyLog(s).silences()] == ["E/P1/H\nE/P2/H"]
        assert s.scalar(select(AckRecord.response_ms)) == 7000


def test_a_job_failing_at_its_flush_is_reported_failed_only(pg_url, engines, writers):
    from console.domain.alarms import Alarm

    engine = engines(pg_url)
    add_alarms(engine, 1)
    writer = writers(engine)
    duplicate = Alarm("E/P1/H", f"{1:032x}", "E", "P1", "H", Priority.HIGH, AlarmState.UNACK, T0 + 1, T0 + 1)
    outcome = submit(writer, lambda log: log.record_alarm(duplicate, "st-2", T0 + 2))  # session.add: fails at flush
    writer.close(10)  # every report delivered
    assert [type(e) for e in outcome.errors] == [IntegrityError]
    assert outcome.done == []


def test_the_writer_survives_the_server_going_away(own_postgres, engines, writers):
    url = own_postgres.create_database("duty")
    engine = engines(url)
    writer = writers(engine)
    assert submit(writer, lambda log: log.record_batch([alarm_row(1, utc(T0 + 1))], [], [])).wait().errors == []
    assert submit(writer, lambda log: log.record_ack(ack_of(1, "zhang", "st-1", T0 + 5))).result.operator == "zhang"

    for outage in (own_postgres.stop, own_postgres.kill):
        outage()
        began = time.monotonic()
        failed = submit(writer, lambda log: log.record_silence("st-1", "zhang", T0 + 20, ["lost"]))
        wait_until(lambda failed=failed: failed.errors, timeout=15, what="the job to be reported failed")  # reported, not hung
        assert time.monotonic() - began < 10
        assert isinstance(failed.errors[0], OperationalError)
        own_postgres.start()
        assert submit(writer, lambda log, name=outage.__name__: log.record_silence("st-1", "zhang", T0 + 30, [name])).wait().errors == []

    with Session(engine) as s:
        log = DutyLog(s)
        assert [r.alarm_keys for r in log.silences()] == ["stop", "kill"]  # the failed jobs left nothing
        assert [a.operator for a in log.acknowledgments()] == ["zhang"]  # committed before the crash, kept
