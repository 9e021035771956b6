"""Presence checks (在岗确认): random schedule within its bounds, answered / late / missed, nobody
signed in, disabled; the presence_checks table (migration 5); and through the real console: the
bar appears, F12 answers it, the duty log and the audit chain have it, a missed check raises the
presence system alarm and the next answered one clears it."""

from __future__ import annotations

import random

from PySide6.QtCore import Qt
from sqlalchemy import select
from sqlalchemy.orm import Session

from console.domain.alarms import AlarmState, Priority
from console.domain.clock import ManualClock
from console.domain.presence import CheckStarted, PresenceChecks, PresenceResult, PresenceStatus
from console.infrastructure.store import migrations
from console.infrastructure.store.audit import audit_table
from console.infrastructure.store.dutylog import DutyLog
from console.infrastructure.store.engine import make_engine
from console.domain.system_alarms import PRESENCE_KEY
from tests.helpers.console import RunningConsole

INTERVAL_S = 600.0
ANSWER_S = 60.0


def checks(clock: ManualClock, interval_s: float = INTERVAL_S, seed: int = 7) -> PresenceChecks:
    return PresenceChecks(interval_s, ANSWER_S, random.Random(seed), clock.now())


def ask(c: PresenceChecks, clock: ManualClock, on_duty: str = "zhangwei") -> float:
    clock.set(c.next_at)
    events = c.tick(clock.now(), on_duty)
    assert events == [CheckStarted(clock.now())]
    return clock.now()


# -- domain ----------------------------------------------------------------------------
def test_checks_come_at_random_within_half_to_one_and_a_half_intervals():
    clock = ManualClock()
    c = checks(clock)
    delays = []
    for _ in range(200):
        start = clock.now()
        delay = c.next_at - start
        assert INTERVAL_S / 2 <= delay <= INTERVAL_S * 1.5
        assert c.tick(c.next_at - 0.001, "zhangwei") == []  # not before it is due
        delays.append(delay)
        ask(c, clock)
        assert c.pending is not None and c.next_at is None  # never two at once
        clock.advance(5)
        assert c.answer("zhangwei", clock.now()).status is PresenceStatus.ANSWERED
    assert len({round(d) for d in delays}) > 100  # not a fixed rhythm
    assert abs(sum(delays) / len(delays) - INTERVAL_S) < INTERVAL_S * 0.1


def test_answered_in_the_window_late_after_it_missed_at_twice_it():
    clock = ManualClock()
    c = checks(clock)
    asked = ask(c, clock)
    clock.advance(ANSWER_S)
    assert c.answer("zhangwei", clock.now()) == PresenceResult(asked, asked + ANSWER_S, "zhangwei", PresenceStatus.ANSWERED)
    assert c.pending is None

    asked = ask(c, clock)
    clock.advance(ANSWER_S + 1)
    late = c.answer("lina", clock.now())
    assert (late.status, late.operator, late.response_s) == (PresenceStatus.LATE, "lina", ANSWER_S + 1)

    asked = ask(c, clock)
    clock.advance(2 * ANSWER_S - 0.5)
    assert c.tick(clock.now(), "zhangwei") == []
    clock.advance(0.5)
    (missed,) = c.tick(clock.now(), "lina")
    assert missed == PresenceResult(asked, None, "zhangwei", PresenceStatus.MISSED)  # who was on duty when asked
    assert missed.response_s is None
    assert c.answer("zhangwei", clock.now()) is None  # nothing pending any more
    assert INTERVAL_S / 2 <= c.next_at - clock.now() <= INTERVAL_S * 1.5


def test_an_answer_at_the_hard_limit_is_a_missed_check():
    clock = ManualClock()
    c = checks(clock)
    asked = ask(c, clock)
    clock.advance(2 * ANSWER_S)
    assert c.answer("zhangwei", clock.now()) == PresenceResult(asked, None, "zhangwei", PresenceStatus.MISSED)


def test_with_nobody_signed_in_checks_still_run_and_are_missed_with_no_operator():
    clock = ManualClock()
    c = checks(clock)
    asked = ask(c, clock, on_duty="")
    assert c.answer("", clock.now() + 1) is None  # nobody to name
    assert c.pending is not None
    clock.advance(2 * ANSWER_S)
    assert c.tick(clock.now(), "") == [PresenceResult(asked, None, "", PresenceStatus.MISSED)]


def test_someone_signing_in_during_a_check_answers_it():
    clock = ManualClock()
    c = checks(clock)
    asked = ask(c, clock, on_duty="")
    clock.advance(10)
    assert c.answer("lina", clock.now()) == PresenceResult(asked, asked + 10, "lina", PresenceStatus.ANSWERED)


def test_no_checks_when_disabled():
    clock = ManualClock()
    c = checks(clock, interval_s=0)
    assert not c.enabled and c.next_at is None
    for _ in range(100):
        clock.advance(3600)
        assert c.tick(clock.now(), "zhangwei") == []
    assert c.answer("zhangwei", clock.now()) is None


# -- storage -----------------------------------------------------------------------------
def test_migration_5_applies_on_a_v4_file_and_checks_round_trip(db_path, monkeypatch):
    engine = make_engine(f"sqlite:///{db_path}")
    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:4])
    assert migrations.upgrade(engine) == [1, 2, 3, 4]
    monkeypatch.undo()
    assert migrations.upgrade(engine) == list(range(5, migrations.LATEST + 1))
    t = 1_790_000_000.25
    answered = PresenceResult(t, t + 12.345, "zhangwei", PresenceStatus.ANSWERED)
    missed = PresenceResult(t + 3600, None, "", PresenceStatus.MISSED)
    with Session(engine) as s, s.begin():
        DutyLog(s).record_presence(answered, "st-1")
        DutyLog(s).record_presence(missed, "st-1")
    with Session(engine) as s:
        rows = DutyLog(s).presence_checks()
        assert [(r.station, r.operator, r.status, r.response_ms) for r in rows] == [
            ("st-1", "zhangwei", "answered", 12345), ("st-1", "", "missed", None)]
        assert rows[0].asked_at.timestamp() == t and rows[0].answered_at.timestamp() == t + 12.345
        assert rows[1].answered_at is None
        assert [r.status for r in DutyLog(s).presence_checks(since=t + 1)] == ["missed"]
    engine.dispose()


# -- through the real console -------------------------------------------------------------
def presence_rows(running: RunningConsole):
    return running.run_db(lambda log: [(r.operator, r.status, r.response_ms, r.station) for r in log.presence_checks()])


def audit_actions(running: RunningConsole, prefix: str):
    t = audit_table
    return running.run_db(lambda log: [(r.action, r.actor, r.subject) for r in log.s.execute(
        select(t.c.action, t.c.actor, t.c.subject).where(t.c.action.like(f"{prefix}%")).order_by(t.c.seq))])


def test_the_bar_asks_and_f12_answers_on_record(console, qtbot):
    window, driver = console.window, console.core.presence
    console.sign_in()
    assert not window.presence.isVisible()
    driver.start_check_now()
    assert window.presence.isVisible()
    assert "F12" in window.presence.text.text()
    assert window.presence.elapsed.text() == "Waiting 0 s"
    window.activateWindow()
    with qtbot.waitSignal(driver.check_finished, timeout=5_000) as finished:
        qtbot.keyClick(window.view, Qt.Key.Key_F12)
    result = finished.args[0]
    assert (result.status, result.operator) == (PresenceStatus.ANSWERED, "zhangwei")
    assert not window.presence.isVisible()
    qtbot.waitUntil(lambda: len(presence_rows(console)) == 1, timeout=5_000)
    ((operator, status, response_ms, station),) = presence_rows(console)
    assert (operator, status, station) == ("zhangwei", "answered", "test-station")
    assert 0 <= response_ms < 5_000 and response_ms == round(result.response_s * 1000)
    qtbot.waitUntil(lambda: audit_actions(console, "presence.") == [("presence.answered", "zhangwei", "test-station")], timeout=5_000)
    assert console.core.book.get(PRESENCE_KEY) is None


def test_nobody_signed_in_cannot_answer(console, qtbot):
    window, driver = console.window, console.core.presence
    driver.start_check_now()
    qtbot.mouseClick(window.presence.confirm, Qt.MouseButton.LeftButton)
    assert window.presence.isVisible()
    assert "Sign in first" in window.feedback.text()


def test_a_missed_check_raises_the_presence_alarm_and_an_answer_clears_it(qtbot, make_settings):
    running = RunningConsole(qtbot, make_settings(**{"duty.presence_answer_s": 1}))
    try:
        window, core = running.window, running.core
        core.presence.timer.setInterval(50)
        running.sign_in()
        core.presence.start_check_now()
        qtbot.waitUntil(lambda: core.book.get(PRESENCE_KEY) is not None, timeout=10_000)
        alarm = core.book.get(PRESENCE_KEY)
        assert (alarm.priority, alarm.state) == (Priority.HIGH, AlarmState.UNACK)
        assert not window.presence.isVisible()
        row = window.model.row_of(PRESENCE_KEY)
        assert row >= 0
        texts = [window.model.index(row, c).data() for c in range(window.model.columnCount())]
        assert "Presence check" in texts
        assert "Presence check not answered: the duty room may be unstaffed" in texts
        qtbot.waitUntil(lambda: [r[:3] for r in presence_rows(running)] == [("zhangwei", "missed", None)], timeout=5_000)
        qtbot.waitUntil(lambda: ("presence.missed", "zhangwei", "test-station") in audit_actions(running, "presence."), timeout=5_000)

        core.presence.start_check_now()
        assert window.presence.isVisible()
        qtbot.mouseClick(window.presence.confirm, Qt.MouseButton.LeftButton)
        assert core.book.get(PRESENCE_KEY).state is AlarmState.RTN_UNACK  # back to normal, still to acknowledge
        qtbot.waitUntil(lambda: [r[1] for r in presence_rows(running)] == ["missed", "answered"], timeout=5_000)
    finally:
        running.close()


def test_a_check_left_unanswered_at_shutdown_is_recorded_missed(qtbot, make_settings, db_path):
    running = RunningConsole(qtbot, make_settings())
    running.sign_in()
    running.core.presence.start_check_now()
    running.close()  # the console closes while the check waits
    engine = make_engine(f"sqlite:///{db_path}")
    with Session(engine) as s:
        rows = [(r.operator, r.status, r.answered_at) for r in DutyLog(s).presence_checks()]
        actions = [row.action for row in s.execute(select(audit_table.c.action))]
    engine.dispose()
    assert rows == [("zhangwei", "missed", None)]
    assert "presence.missed" in actions


def test_abandon_without_a_pending_check_records_nothing():
    clock = ManualClock()
    assert checks(clock).abandon(clock.now(), "zhangwei") is None
