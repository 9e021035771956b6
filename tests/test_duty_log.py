"""The duty log on disk: migrations, durability of confirmed acknowledgments, users."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from console.infrastructure.store import migrations
from console.infrastructure.store.dutylog import DutyLog
from console.infrastructure.store.engine import make_engine
from console.infrastructure.store.schema import Base


def test_migrated_schema_matches_the_models(db_path):
    engine = make_engine(f"sqlite:///{db_path}")
    assert migrations.upgrade(engine) == [v for v, _d, _s in migrations.MIGRATIONS] == list(range(1, migrations.LATEST + 1))
    assert migrations.upgrade(engine) == []  # idempotent
    insp = inspect(engine)
    for table in Base.metadata.sorted_tables:
        if table.name == "schema_version":
            continue
        migrated = {c["name"]: c["nullable"] for c in insp.get_columns(table.name)}
        modelled = {c.name: c.nullable for c in table.columns if not c.primary_key}
        modelled.update({c.name: migrated[c.name] for c in table.columns if c.primary_key})
        assert migrated == modelled, table.name
        assert {i["name"] for i in insp.get_indexes(table.name)} >= {i.name for i in table.indexes}
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    engine.dispose()


def test_refuses_a_newer_schema(db_path):
    engine = make_engine(f"sqlite:///{db_path}")
    migrations.upgrade(engine)
    with engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO schema_version VALUES (99, 'future', '2030-01-01')")
    try:
        migrations.upgrade(engine)
    except RuntimeError as exc:
        assert "newer than this program" in str(exc)
    else:
        raise AssertionError("a newer schema was accepted")
    engine.dispose()


def test_passwords_are_hashed_and_verified(db_path):
    engine = make_engine(f"sqlite:///{db_path}")
    migrations.upgrade(engine)
    with Session(engine) as s, s.begin():
        DutyLog(s).add_user("lina", "s3cret-密码", "李娜")
    with engine.connect() as conn:
        stored = conn.exec_driver_sql("SELECT password_hash FROM users").scalar()
    assert stored.startswith("scrypt$") and "s3cret" not in stored
    with Session(engine) as s, s.begin():
        log = DutyLog(s)
        assert log.verify_user("lina", "s3cret-密码").display_name == "李娜"
        assert log.verify_user("lina", "wrong") is None
        assert log.verify_user("nobody", "s3cret-密码") is None
    engine.dispose()


KILL_SCRIPT = textwrap.dedent(
    """
    import sys, threading
    from console.domain.alarms import AlarmBook, AlarmRaise, Priority
    from console.domain.clock import ManualClock
    from console.infrastructure.store.engine import make_engine
    from console.infrastructure.store.migrations import upgrade
    from console.infrastructure.store.writer import DutyLogWriter

    engine = make_engine(sys.argv[1]); upgrade(engine)
    writer = DutyLogWriter(engine, lambda fn, *a: fn(*a))
    clock = ManualClock(); book = AlarmBook(clock, "st")
    for i in range(50):
        alarm = book.raise_alarm(AlarmRaise("E", f"P{i}", "H", Priority.HIGH, clock.now())).alarm
        writer.submit(lambda log, a=alarm: log.record_alarm(a, "st", clock.now()))
        clock.advance(1)
        ack = book.begin_ack(alarm.key, "op")
        # What the operator sees as confirmed is what this line says: printed only after commit.
        writer.submit(lambda log, a=ack: log.record_ack(a), lambda _r, k=alarm.key: print("CONFIRMED", k, flush=True))
    threading.Event().wait()
    """
)


def test_confirmed_acknowledgments_survive_a_kill(db_path):
    url = f"sqlite:///{db_path}"
    proc = subprocess.Popen([sys.executable, "-c", KILL_SCRIPT, url], stdout=subprocess.PIPE, text=True)
    confirmed = []
    for line in proc.stdout:
        confirmed.append(line.split()[1])
        if len(confirmed) == 20:
            os.kill(proc.pid, signal.SIGKILL)  # no clean shutdown, no flush
            break
    proc.wait(10)
    proc.stdout.close()
    engine = make_engine(url)
    with Session(engine) as s:
        stored = {a.alarm_key for a in DutyLog(s).acknowledgments()}
    engine.dispose()
    assert set(confirmed) <= stored


def test_a_second_acknowledgment_returns_the_first(db_path):
    from console.domain.alarms import AlarmBook, AlarmRaise, Priority
    from console.domain.clock import ManualClock

    engine = make_engine(f"sqlite:///{db_path}")
    migrations.upgrade(engine)
    clock = ManualClock()
    first_book, second_book = AlarmBook(clock, "st-1"), AlarmBook(clock, "st-2")
    alarm = first_book.raise_alarm(AlarmRaise("E", "P", "H", Priority.HIGH, clock.now())).alarm
    second_book.restore([alarm])
    with Session(engine) as s, s.begin():
        DutyLog(s).record_alarm(alarm, "st-1", clock.now())
    clock.advance(5)
    ours = first_book.begin_ack(alarm.key, "zhang")
    clock.advance(1)
    theirs = second_book.begin_ack(alarm.key, "li")
    with Session(engine) as s, s.begin():
        assert DutyLog(s).record_ack(ours) == ours
    with Session(engine) as s, s.begin():
        assert DutyLog(s).record_ack(theirs) == ours  # exactly one acknowledgment on record
        assert [a.operator for a in DutyLog(s).acknowledgments()] == ["zhang"]
    engine.dispose()


def test_an_existing_v1_file_is_upgraded_keeping_its_records(db_path, monkeypatch):
    engine = make_engine(f"sqlite:///{db_path}")
    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:1])
    assert migrations.upgrade(engine) == [1]
    from console.domain.passwords import hash_password

    with engine.begin() as conn:  # as the version-1 program wrote it
        conn.exec_driver_sql(
            "INSERT INTO users (name, display_name, password_hash, role, active, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            ("old", "老用户", hash_password("pw"), "operator", 1, "2026-01-01 00:00:00"),
        )
    monkeypatch.undo()
    assert migrations.upgrade(engine) == list(range(2, migrations.LATEST + 1))
    with Session(engine) as s, s.begin():
        log = DutyLog(s)
        assert log.verify_user("old", "pw").display_name == "老用户"
        log.record_silence("st", "old", 1_790_000_000.0, ["E/P/H"])
        assert [r.alarm_keys for r in log.silences()] == ["E/P/H"]
    engine.dispose()


def test_repeated_wrong_passwords_lock_the_account(db_path):
    from console.infrastructure.store.dutylog import LOCK_S, MAX_FAILED_SIGN_INS

    engine = make_engine(f"sqlite:///{db_path}")
    migrations.upgrade(engine)
    t = 1_790_000_000.0
    with Session(engine) as s, s.begin():
        DutyLog(s).add_user("lina", "right", "李娜")
    for i in range(MAX_FAILED_SIGN_INS):
        with Session(engine) as s, s.begin():
            assert DutyLog(s).verify_user("lina", "wrong", now=t + i) is None
    with Session(engine) as s, s.begin():
        assert DutyLog(s).verify_user("lina", "right", now=t + 10) is None  # locked: even the right one fails
    with Session(engine) as s, s.begin():
        assert DutyLog(s).verify_user("lina", "right", now=t + MAX_FAILED_SIGN_INS + LOCK_S).display_name == "李娜"
    with Session(engine) as s, s.begin():  # a success resets the count
        log = DutyLog(s)
        assert all(log.verify_user("lina", "wrong", now=t + 1000 + i) is None for i in range(MAX_FAILED_SIGN_INS - 1))
        assert log.verify_user("lina", "right", now=t + 1010) is not None
    engine.dispose()
