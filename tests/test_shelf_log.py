"""Shelvings in the duty log (SQLite file): the row, its history row and its audit entry go in
together; the first end of a shelving stands and the others write nothing; the open shelvings of
open alarms are what a restart reloads; a shelving waits in the local journal like any record."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from console.domain.alarms import Shelf
from console.infrastructure.store import journal
from console.infrastructure.store.audit import audit_table, verify
from console.infrastructure.store.dutylog import DutyLog
from console.infrastructure.store.engine import make_engine
from console.infrastructure.store.migrations import upgrade
from console.infrastructure.store.schema import AlarmRecord, ShelfRecord, utc
from console.infrastructure.store.shelf_log import EXPIRED, ShelfEnd, ShelfStart, end_shelf, open_shelves, record_shelf

T0 = 1_767_225_600.0
KEY = "91350200MA2XYZ0001/GT-1/HH"


@pytest.fixture
def session(db_path):
    engine = make_engine(f"sqlite:///{db_path}")
    upgrade(engine)
    with Session(engine) as s:
        yield s
    engine.dispose()


def alarm_row(occurrence: str, closed: bool = False) -> AlarmRecord:
    return AlarmRecord(id=occurrence, alarm_key=KEY, enterprise="91350200MA2XYZ0001", point="GT-1", condition="HH", priority=1,
                       raised_at=utc(T0), received_at=utc(T0), text="", source_id="", station="duty-room-1",
                       closed_at=utc(T0 + 50) if closed else None)


def shelve(log: DutyLog, occurrence: str, since: float = T0 + 10, station: str = "duty-room-1") -> Shelf:
    shelf = Shelf("zhangwei", "探头标定", since, since + 600, station)
    record_shelf(log, ShelfStart(occurrence, KEY, 1, shelf, "2026-01-01 08:00"))
    return shelf


def test_a_shelving_is_one_row_one_history_row_one_audit_entry(session):
    log = DutyLog(session)
    session.add(alarm_row("a" * 32))
    shelf = shelve(log, "a" * 32)
    session.commit()
    assert [(h.event, h.operator, h.station, h.shift) for h in log.history("a" * 32)] == [
        ("shelved", "zhangwei", "duty-room-1", "2026-01-01 08:00")]
    entries = session.execute(select(audit_table.c.action, audit_table.c.subject, audit_table.c.actor)).all()
    assert [tuple(e) for e in entries] == [("alarm.shelved", "a" * 32, "zhangwei")]
    assert open_shelves(log) == {"a" * 32: shelf}
    assert verify(session).ok


def test_the_first_end_stands_and_the_others_write_nothing(session):
    log = DutyLog(session)
    session.add(alarm_row("b" * 32))
    shelve(log, "b" * 32)
    # The time ran out on two workstations at once; an operator's unshelving comes late.
    assert end_shelf(log, ShelfEnd("b" * 32, KEY, 1, "", "duty-room-2", T0 + 610, expired=True))
    assert not end_shelf(log, ShelfEnd("b" * 32, KEY, 1, "", "duty-room-1", T0 + 610.2, expired=True))
    assert not end_shelf(log, ShelfEnd("b" * 32, KEY, 1, "lina", "duty-room-1", T0 + 611, expired=False))
    session.commit()
    assert [(h.event, h.operator, h.station, h.detail) for h in log.history("b" * 32)] == [
        ("shelved", "zhangwei", "duty-room-1", "探头标定 (until 2026-01-01 00:10:10 UTC)"),
        ("unshelved", "", "duty-room-2", EXPIRED)]
    assert [r[0] for r in session.execute(select(audit_table.c.action).order_by(audit_table.c.seq))] == [
        "alarm.shelved", "alarm.unshelved"]
    row = session.scalars(select(ShelfRecord)).one()
    assert (row.ended_at, row.ended_by, row.ended_station) == (dt.datetime.fromtimestamp(T0 + 610, dt.timezone.utc), "", "duty-room-2")
    assert open_shelves(log) == {}


def test_a_new_shelving_replaces_the_open_one_and_only_open_alarms_are_reloaded(session):
    log = DutyLog(session)
    session.add_all([alarm_row("c" * 32), alarm_row("d" * 32, closed=True)])
    shelve(log, "c" * 32, since=T0 + 10)
    again = shelve(log, "c" * 32, since=T0 + 20, station="duty-room-2")
    shelve(log, "d" * 32)  # its alarm left the list: nothing to reload
    session.commit()
    assert open_shelves(log) == {"c" * 32: again}
    assert [r.ended_at is None for r in session.scalars(select(ShelfRecord).where(ShelfRecord.alarm_id == "c" * 32)
                                                        .order_by(ShelfRecord.id))] == [False, True]


def test_shelf_records_survive_the_local_journal():
    start = ShelfStart("e" * 32, KEY, 2, Shelf("zhangwei", "检修", T0, T0 + 60, "duty-room-1"), "2026-01-01 08:00")
    end = ShelfEnd("e" * 32, KEY, 2, "zhangwei", "duty-room-1", T0 + 30, expired=False, shift="2026-01-01 08:00")
    for record in (journal.shelf(start), journal.shelf_end(end)):
        again = journal.Record.decode(record.kind, record.encode())
        assert again.args == record.args
