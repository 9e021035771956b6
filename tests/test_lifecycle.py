"""The alarm lifecycle raised → acknowledged → handled (处置) → cleared (消警), deadlines and
their escalation markers, in plain Python with the injected clock, and its duty-log records."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from console.domain.alarms import (
    SYSTEM_ENTERPRISE,
    AlarmBook,
    AlarmRaise,
    AlarmState,
    Event,
    HandlingCategory,
    LifecycleRefused,
    Overdue,
    Priority,
)
from console.domain.clock import ManualClock
from console.domain.deadlines import DeadlinePolicy, newly_overdue, parse_per_priority
from console.infrastructure.store import migrations
from console.infrastructure.store.dutylog import DutyLog
from console.infrastructure.store.engine import make_engine

ENT = "91350200MA2XYZ0001"


@pytest.fixture
def clock():
    return ManualClock()


@pytest.fixture
def book(clock):
    return AlarmBook(clock, "st-1", handling_required_up_to=2)


def raise_(book, clock, point="GT-1", condition="HH", priority=Priority.CRITICAL):
    return book.raise_alarm(AlarmRaise(ENT, point, condition, priority, clock.now())).alarm


def ack(book, key, operator="zhang"):
    book.complete_ack(book.begin_ack(key, operator))


def events(book):
    seen = []
    book.subscribe(lambda change: seen.append(change.event))
    return seen


def test_high_priority_alarm_stays_until_handled_and_cleared(book, clock):
    alarm = raise_(book, clock)
    assert alarm.handling_required
    seen = events(book)
    with pytest.raises(LifecycleRefused, match="not-acknowledged"):
        book.prepare_handling(alarm.key, HandlingCategory.REAL_EVENT, "closed valve", "zhang")
    ack(book, alarm.key)
    clock.advance(30)
    book.clear_alarm(alarm.key)
    assert book.get(alarm.key).state is AlarmState.AWAIT_CLEAR  # back to normal, not gone
    assert book.counts() == (0, 0)  # neither active nor waiting for acknowledgment
    with pytest.raises(LifecycleRefused, match="needs-handling"):
        book.prepare_clearance(alarm.key, "zhang")
    with pytest.raises(LifecycleRefused, match="needs-description"):
        book.prepare_handling(alarm.key, HandlingCategory.REAL_EVENT, "  ", "zhang")
    handling = book.prepare_handling(alarm.key, HandlingCategory.REAL_EVENT, "closed valve V-3", "zhang", "2026-01-01T08:00")
    assert book.get(alarm.key).handling is None  # applied only once it is stored
    book.apply_handling(handling)
    assert book.get(alarm.key).handling.description == "closed valve V-3"
    with pytest.raises(LifecycleRefused, match="already-handled"):
        book.prepare_handling(alarm.key, HandlingCategory.FALSE_ALARM, "again", "li")
    clock.advance(5)
    clearance = book.prepare_clearance(alarm.key, "zhang")
    change = book.apply_clearance(clearance)
    assert change.event is Event.CLEARED and change.alarm.clearance.operator == "zhang"
    assert book.get(alarm.key) is None
    assert seen == [Event.ACK_PENDING, Event.ACKED, Event.RETURNED, Event.HANDLED, Event.CLEARED]


def test_an_active_alarm_is_not_cleared(book, clock):
    alarm = raise_(book, clock)
    ack(book, alarm.key)
    book.apply_handling(book.prepare_handling(alarm.key, HandlingCategory.MAINTENANCE, "calibration", "zhang"))
    with pytest.raises(LifecycleRefused, match="still-active"):
        book.prepare_clearance(alarm.key, "zhang")


def test_low_priority_alarm_leaves_when_back_to_normal_and_acknowledged(book, clock):
    alarm = raise_(book, clock, condition="H", priority=Priority.MEDIUM)
    assert not alarm.handling_required
    ack(book, alarm.key)
    book.clear_alarm(alarm.key)
    assert book.get(alarm.key) is None


def test_returned_unacknowledged_high_alarm_waits_for_clearance_after_ack(book, clock):
    alarm = raise_(book, clock)
    book.clear_alarm(alarm.key)
    assert book.get(alarm.key).state is AlarmState.RTN_UNACK
    ack(book, alarm.key)
    assert book.get(alarm.key).state is AlarmState.AWAIT_CLEAR


def test_active_again_before_clearance_is_a_new_occurrence(book, clock):
    first = raise_(book, clock)
    ack(book, first.key)
    book.clear_alarm(first.key)
    seen = []
    book.subscribe(lambda change: seen.append((change.event, change.alarm.occurrence_id)))
    clock.advance(60)
    second = raise_(book, clock)
    assert second.occurrence_id != first.occurrence_id and second.state is AlarmState.UNACK
    assert seen == [(Event.SUPERSEDED, first.occurrence_id), (Event.RAISED, second.occurrence_id)]


def test_console_alarms_need_no_handling(book, clock):
    alarm = book.raise_alarm(AlarmRaise(SYSTEM_ENTERPRISE, "broker", "COMM", Priority.CRITICAL, clock.now())).alarm
    assert not alarm.handling_required


def test_drill_is_marked(book, clock):
    alarm = raise_(book, clock)
    ack(book, alarm.key)
    book.apply_handling(book.prepare_handling(alarm.key, HandlingCategory.DRILL, "quarterly drill", "zhang"))
    assert book.get(alarm.key).drill


def test_remote_handling_and_clearance_apply_once(clock):
    a, b = AlarmBook(clock, "st-a", 2), AlarmBook(clock, "st-b", 2)
    for book in (a, b):
        raise_(book, clock)
        key = book.alarms()[0].key
        ack(book, key)
        book.clear_alarm(key)
    handling = a.prepare_handling(key, HandlingCategory.FALSE_ALARM, "detector drift", "zhang")
    a.apply_handling(handling)
    assert a.apply_remote_handling(handling) is None  # our own message coming back
    assert b.apply_remote_handling(handling).event is Event.HANDLED
    clearance = a.prepare_clearance(key, "zhang")
    a.apply_clearance(clearance)
    assert b.apply_remote_clearance(clearance).event is Event.CLEARED
    assert b.get(key) is None


# -- deadlines -------------------------------------------------------------------------
def test_deadline_settings_are_checked():
    assert parse_per_priority("60, 120,300,0") == (60.0, 120.0, 300.0, 0.0)
    for bad in ("60,120", "a,b,c,d", "-1,2,3,4", "nan,1,2,3"):
        with pytest.raises(ValueError):
            parse_per_priority(bad)


def test_acknowledgment_and_handling_deadlines(book, clock):
    policy = DeadlinePolicy.parse("60,120,300,600", "900,1800,0,0")
    critical = raise_(book, clock)
    low = raise_(book, clock, point="GT-2", condition="H", priority=Priority.LOW)
    clock.advance(59.9)
    assert newly_overdue(book.unordered(), policy, clock.now()) == []
    clock.advance(0.1)
    due = newly_overdue(book.unordered(), policy, clock.now())
    assert [(a.key, kind) for a, kind in due] == [(critical.key, Overdue.ACK)]
    book.mark_overdue(critical.key, Overdue.ACK)
    assert newly_overdue(book.unordered(), policy, clock.now()) == []  # marked once
    assert book.get(critical.key).ack_overdue
    ack(book, critical.key)
    assert not book.get(critical.key).ack_overdue  # acknowledged now; the miss stays on record
    clock.advance(600)
    assert [(a.key, kind) for a, kind in newly_overdue(book.unordered(), policy, clock.now())] == [(low.key, Overdue.ACK)]
    book.mark_overdue(low.key, Overdue.ACK)
    clock.advance(900 - 660)
    assert [(a.key, k) for a, k in newly_overdue(book.unordered(), policy, clock.now())] == [(critical.key, Overdue.HANDLING)]


def test_shelved_alarms_are_not_chased(book, clock):
    policy = DeadlinePolicy.parse("60,60,60,60", "0,0,0,0")
    alarm = raise_(book, clock)
    book.shelve(alarm.key, "zhang", "sensor replaced today", 3600)
    clock.advance(120)
    assert newly_overdue(book.unordered(), policy, clock.now()) == []


# -- duty log --------------------------------------------------------------------------
@pytest.fixture
def engine(db_path):
    engine = make_engine(f"sqlite:///{db_path}")
    migrations.upgrade(engine)
    yield engine
    engine.dispose()


def store(engine, job):
    with Session(engine, expire_on_commit=False) as s, s.begin():
        return job(DutyLog(s))


def _row(alarm):
    from console.services.recorder import _alarm_row

    return _alarm_row(alarm, "st-1", alarm.raised_at)


def test_lifecycle_records_and_reload(engine, book, clock):
    alarm = raise_(book, clock)
    store(engine, lambda log: log.record_batch([_row(alarm)], [], []))
    ack_ = book.begin_ack(alarm.key, "zhang")
    store(engine, lambda log: log.record_ack(ack_))
    book.complete_ack(ack_)
    book.clear_alarm(alarm.key)
    store(engine, lambda log: log.record_batch([], [(alarm.occurrence_id, clock.now())], [],
                                               overdue=[(alarm.occurrence_id, "handling", clock.now())]))
    ours = book.prepare_handling(alarm.key, HandlingCategory.REAL_EVENT, "leak at flange, repaired", "zhang", "s1")
    theirs = AlarmBook(clock, "st-2", 2)
    assert store(engine, lambda log: log.record_handling(ours)) == ours
    other = ours.__class__(**{**ours.__dict__, "operator": "li", "station": "st-2", "description": "other"})
    assert store(engine, lambda log: log.record_handling(other)) == ours  # the first stands
    # Reloaded after a restart: still waiting for 消警, with its handling and overdue mark.
    (reloaded,) = store(engine, lambda log: log.open_alarms())
    assert reloaded.state is AlarmState.AWAIT_CLEAR and reloaded.handling == ours and reloaded.handling_required
    assert reloaded.handling_overdue is False  # handled since
    theirs.restore([reloaded])
    clearance = theirs.prepare_clearance(alarm.key, "li")
    assert store(engine, lambda log: log.record_clearance(clearance)) == clearance
    assert store(engine, lambda log: log.open_alarms()) == []
    records = store(engine, lambda log: log.alarm_records())
    assert records[0].closed_at is not None and records[0].handling_overdue_at is not None


def test_migration_7_closes_finished_occurrences(db_path, monkeypatch):
    engine = make_engine(f"sqlite:///{db_path}")
    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:6])
    migrations.upgrade(engine)
    with engine.begin() as conn:  # as version 6 wrote them: one finished, one still open
        for aid, returned in (("a" * 32, "2026-01-01 00:05:00"), ("b" * 32, None)):
            conn.exec_driver_sql(
                "INSERT INTO alarms (id, alarm_key, enterprise, point, condition, priority, raised_at, received_at, text,"
                " source_id, station, returned_at) VALUES (?, ?, 'E', 'P', 'HH', 1, '2026-01-01 00:00:00',"
                " '2026-01-01 00:00:00', '', '', 'st', ?)", (aid, f"E/P{aid[0]}/HH", returned))
            conn.exec_driver_sql(
                "INSERT INTO acknowledgments (alarm_id, alarm_key, operator, station, raised_at, acked_at, response_ms, shift)"
                " VALUES (?, ?, 'zhang', 'st', '2026-01-01 00:00:00', '2026-01-01 00:01:00', 60000, '')", (aid, f"E/P{aid[0]}/HH"))
    monkeypatch.undo()
    migrations.upgrade(engine)
    closed = {r.id[0]: r.closed_at for r in store(engine, lambda log: log.alarm_records())}
    assert closed["a"] is not None and closed["a"].minute == 5  # the later of return and acknowledgment
    assert closed["b"] is None
    assert [a.occurrence_id[0] for a in store(engine, lambda log: log.open_alarms())] == ["b"]
    engine.dispose()


def test_top_priority_follows_the_operators_list(book, clock):
    assert book.top_priority() is None
    medium = raise_(book, clock, point="GT-1", condition="H", priority=Priority.MEDIUM)
    high = raise_(book, clock, point="GT-2", condition="H", priority=Priority.HIGH)
    book.raise_alarm(AlarmRaise(SYSTEM_ENTERPRISE, "broker", "COMM", Priority.CRITICAL, clock.now()))
    assert book.top_priority() is Priority.HIGH  # the console's own alarms do not count
    book.shelve(high.key, "zhang", "detector being replaced", 600)
    assert book.top_priority() is Priority.MEDIUM  # shelved: not in the operator's list
    ack(book, medium.key)
    book.clear_alarm(medium.key)
    assert book.top_priority() is None  # back to normal


def test_history_details_are_shown_in_the_readers_language(qapp):
    from console.infrastructure import i18n
    from console.services.review.labels import history_detail

    translators = i18n.install(qapp, "zh_CN")
    try:
        assert history_detail("response 9.0 s") == "响应 9.0 秒"
        assert history_detail("value 47 threshold 30") == "数值 47，限值 30"
        assert history_detail("value 12.5") == "数值 12.5"
        assert history_detail("false_alarm: 探头漂移") == "误报: 探头漂移"
        assert history_detail("换探头 (until 2026-01-01 08:00:00 UTC)") == "换探头 (until 2026-01-01 08:00:00 UTC)"
    finally:
        for t in translators:
            qapp.removeTranslator(t)
