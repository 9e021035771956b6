"""All or nothing: an operator action is written with its history rows and audit entries in one
transaction. When the duty log refuses any part of it (here: a trigger in the real SQLite file
refuses the audit entry, as a full disk or a broken constraint would), nothing of the action is
on disk: no acknowledgment without its `alarm.acked`, no handling, clearance, silence, point
service change or presence check without its entry, and no history row either. The desk says
that storing failed; done again once the log takes it, the action is complete in all three places.

(The kill test, tests/test_kill_actions.py, kills the console around these actions.)"""

from __future__ import annotations

from sqlalchemy import select, text

from console.domain.alarms import AlarmRaise, AlarmState, Priority
from console.infrastructure.store.audit import audit_table, verify
from console.infrastructure.store.schema import (
    AckRecord,
    ClearanceRecord,
    HandlingRecord,
    HistoryRecord,
    PointServiceRecord,
    PresenceCheckRecord,
    SilenceRecord,
)

ENT = "91350200MA2XYZ0001"
REFUSE = "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'audit entry refused'); END"
MODELS = {"ack": AckRecord, "handling": HandlingRecord, "clearance": ClearanceRecord, "silence": SilenceRecord,
          "point_service": PointServiceRecord, "presence": PresenceCheckRecord}


def refuse_audit(console, refuse: bool) -> None:
    console.run_db(lambda log: log.s.execute(text(REFUSE if refuse else "DROP TRIGGER refuse_audit")))


def on_disk(console) -> dict:
    """Rows of each kind of action, history events and audit actions (in order)."""
    def read(log):
        rows = {name: len(log.s.scalars(select(model)).all()) for name, model in MODELS.items()}
        rows["history"] = [(h.alarm_id, h.event) for h in log.s.scalars(select(HistoryRecord).order_by(HistoryRecord.id))]
        rows["audit"] = [(r.action, r.subject) for r in log.s.execute(select(audit_table.c.action, audit_table.c.subject)
                                                                      .order_by(audit_table.c.seq))]
        return rows
    return console.run_db(read)


def test_an_action_the_log_refuses_in_part_leaves_nothing_and_then_goes_in_whole(console, qtbot):
    core, desk, book = console.core, console.core.desk, console.core.book
    console.sign_in()
    now = core.clock.now
    key = book.raise_alarm(AlarmRaise(ENT, "GT-1", "HH", Priority.HIGH, now(), 55.0, 50.0)).alarm.key
    other = book.raise_alarm(AlarmRaise(ENT, "GT-2", "HH", Priority.HIGH, now(), 56.0, 50.0)).alarm
    occ = book.get(key).occurrence_id
    qtbot.waitUntil(lambda: core.annunciator.sounding_keys >= {key}, timeout=5_000)
    qtbot.waitUntil(lambda: ("alarm.raised", other.occurrence_id) in on_disk(console)["audit"], timeout=10_000)
    before = on_disk(console)

    refuse_audit(console, True)
    with qtbot.waitSignal(desk.ack_failed, timeout=10_000):
        assert desk.acknowledge([key]) == 1
    assert book.get(key).state is AlarmState.UNACK  # the operator sees it was not stored
    assert desk.silence()
    assert desk.take_out_of_service(ENT, "GT-2", "更换探头")
    core.presence.start_check_now()
    core.presence.answer()
    assert on_disk(console) == before  # nothing of any of them: no row, no history row, no entry

    refuse_audit(console, False)
    assert desk.return_to_service(ENT, "GT-2")  # back in service (its change was refused, the book went on)
    with qtbot.waitSignal(desk.ack_confirmed, timeout=10_000):
        desk.acknowledge([key])
    refuse_audit(console, True)
    with qtbot.waitSignal(desk.lifecycle_failed, timeout=10_000):
        assert desk.handle(key, "real_event", "现场确认，已处理")
    assert book.get(key).handling is None
    refuse_audit(console, False)
    with qtbot.waitSignal(desk.handled, timeout=10_000):
        assert desk.handle(key, "real_event", "现场确认，已处理")
    book.clear_alarm(key)
    qtbot.waitUntil(lambda: (occ, "returned") in on_disk(console)["history"], timeout=10_000)
    refuse_audit(console, True)
    with qtbot.waitSignal(desk.lifecycle_failed, timeout=10_000):
        assert desk.clear(key)
    refuse_audit(console, False)
    with qtbot.waitSignal(desk.cleared, timeout=10_000):
        assert desk.clear(key)

    after = on_disk(console)
    assert (after["ack"], after["handling"], after["clearance"]) == (1, 1, 1)
    assert (after["silence"], after["presence"]) == (0, 0)  # refused, not written later
    assert after["point_service"] == 1  # the return to service, alone
    assert [e for e in after["history"] if e[0] == occ][-4:] == [(occ, "acked"), (occ, "handled"), (occ, "returned"),
                                                                  (occ, "cleared")]
    actions = [a for a, _s in after["audit"][len(before["audit"]):]]
    assert actions == ["point.in_service", "point.returned_to_service", "alarm.acked", "alarm.handled",
                       "alarm.returned", "alarm.cleared"]
    assert console.run_db(lambda log: verify(log.s)).ok


def test_a_silence_a_point_service_change_and_a_presence_check_go_in_with_their_entries(console, qtbot):
    core, desk, book = console.core, console.core.desk, console.core.book
    console.sign_in()
    alarm = book.raise_alarm(AlarmRaise(ENT, "GT-3", "HH", Priority.HIGH, core.clock.now(), 55.0, 50.0)).alarm
    qtbot.waitUntil(lambda: core.annunciator.sounding_keys >= {alarm.key}, timeout=5_000)
    before = on_disk(console)
    assert desk.silence()
    assert desk.take_out_of_service(ENT, "GT-3", "更换探头")
    core.presence.start_check_now()
    core.presence.answer()
    after = on_disk(console)
    assert (after["silence"], after["point_service"], after["presence"]) == (1, 1, 1)
    assert after["audit"][len(before["audit"]):] == [
        ("horn.silenced", ""), ("point.out_of_service", alarm.occurrence_id),
        ("point.taken_out_of_service", f"{ENT}/GT-3"), ("presence.answered", "test-station")]
    assert after["history"][len(before["history"]):] == [(alarm.occurrence_id, "out_of_service")]
    assert console.run_db(lambda log: verify(log.s)).ok
