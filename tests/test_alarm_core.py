"""ISA-18.2 states of the alarm book, without Qt, on an injected clock."""

from __future__ import annotations

import pytest

from console.domain.alarms import AlarmBook, AlarmRaise, AlarmState, ChangeKind, Event, Priority
from console.domain.clock import ManualClock


@pytest.fixture
def clock():
    return ManualClock()


@pytest.fixture
def book(clock):
    return AlarmBook(clock, station="st")


def raise_(book, clock, condition="HH", priority=Priority.CRITICAL, point="GT-1", value=60.0):
    return book.raise_alarm(AlarmRaise("E1", point, condition, priority, clock.now(), value, 50.0, "text"))


def ack(book, key, operator="op"):
    a = book.begin_ack(key, operator)
    assert a is not None
    return book.complete_ack(a)


def test_raise_ack_clear_leaves_the_list(book, clock):
    change = raise_(book, clock)
    assert (change.kind, change.event, change.alarm.state) == (ChangeKind.ADDED, Event.RAISED, AlarmState.UNACK)
    clock.advance(7)
    change = ack(book, change.alarm.key)
    assert change.alarm.state is AlarmState.ACKED
    assert change.alarm.ack.response_s == 7
    change = book.clear_alarm(change.alarm.key)
    assert (change.kind, change.event) == (ChangeKind.REMOVED, Event.RETURNED)
    assert len(book) == 0


def test_clear_before_ack_waits_for_ack(book, clock):
    key = raise_(book, clock).alarm.key
    clock.advance(2)
    change = book.clear_alarm(key)
    assert change.alarm.state is AlarmState.RTN_UNACK
    assert change.alarm.returned_at == clock.now()
    assert book.counts() == (0, 1)
    change = ack(book, key)
    assert change.kind is ChangeKind.REMOVED and change.event is Event.ACKED
    assert book.counts() == (0, 0)


def test_duplicate_raise_is_one_alarm(book, clock):
    first = raise_(book, clock).alarm
    clock.advance(1)
    change = raise_(book, clock, value=70.0)
    assert change.kind is ChangeKind.UPDATED and change.event is Event.REPEATED
    assert change.alarm.occurrence_id == first.occurrence_id
    assert change.alarm.repeats == 2 and change.alarm.value == 70.0
    assert change.alarm.raised_at == first.raised_at
    assert len(book) == 1


def test_acknowledged_alarm_raised_again_stays_acknowledged(book, clock):
    key = raise_(book, clock).alarm.key
    ack(book, key)
    change = raise_(book, clock)
    assert change.alarm.state is AlarmState.ACKED  # no flicker back to unacknowledged


def test_realarm_after_return_needs_ack_again(book, clock):
    key = raise_(book, clock).alarm.key
    raise_(book, clock)  # the same activation reported again (e.g. by the plant and locally)
    book.clear_alarm(key)
    change = raise_(book, clock)
    assert change.alarm.state is AlarmState.UNACK and change.event is Event.RAISED
    assert (change.alarm.repeats, change.alarm.activations) == (3, 2)
    assert change.alarm.returned_at is None


def test_new_occurrence_after_normal(book, clock):
    first = raise_(book, clock).alarm
    ack(book, first.key)
    book.clear_alarm(first.key)
    clock.advance(5)
    second = raise_(book, clock).alarm
    assert second.occurrence_id != first.occurrence_id


def test_occurrence_ids_agree_across_workstations(clock):
    """Two workstations seeing the same source event name the occurrence alike (shared log)."""
    a, b = AlarmBook(clock, "st-a"), AlarmBook(ManualClock(clock.now() + 3), "st-b")
    event = AlarmRaise("E1", "GT-1", "HH", Priority.CRITICAL, clock.now() - 1.2345, 60.0)
    assert a.raise_alarm(event).alarm.occurrence_id == b.raise_alarm(event).alarm.occurrence_id


def test_remote_acknowledgment_applies_to_the_same_occurrence_only(book, clock):
    other = AlarmBook(clock, "st-b")
    alarm = raise_(book, clock).alarm
    other.raise_alarm(AlarmRaise("E1", "GT-1", "HH", Priority.CRITICAL, alarm.raised_at, 60.0))
    theirs = other.begin_ack(alarm.key, "li")
    change = book.apply_remote_ack(theirs)
    assert change.alarm.state is AlarmState.ACKED and change.alarm.ack.operator == "li"
    ours = book.begin_ack  # nothing left to acknowledge here
    assert ours(alarm.key, "zhang") is None
    stale = other.begin_ack(alarm.key, "li") or theirs
    assert book.apply_remote_ack(replace_station(stale, "st")) is None  # our own echo is ignored


def replace_station(ack, station):
    from dataclasses import replace

    return replace(ack, station=station)


def test_ack_is_pending_until_stored_and_can_be_abandoned(book, clock):
    key = raise_(book, clock).alarm.key
    pending = book.begin_ack(key, "op")
    assert book.get(key).ack_pending and book.get(key).state is AlarmState.UNACK
    assert book.begin_ack(key, "op") is None  # no second acknowledgment while one is being stored
    change = book.abandon_ack(pending)
    assert change.event is Event.ACK_ABANDONED
    assert book.get(key).state is AlarmState.UNACK and not book.get(key).ack_pending


def test_ack_needs_an_operator(book, clock):
    key = raise_(book, clock).alarm.key
    with pytest.raises(ValueError):
        book.begin_ack(key, "")


def test_clear_of_unknown_or_unacked_returned_is_ignored(book, clock):
    assert book.clear_alarm("E1/none/HH") is None
    key = raise_(book, clock).alarm.key
    book.clear_alarm(key)
    assert book.clear_alarm(key) is None


def test_order_state_then_priority_then_newest(book, clock):
    low = raise_(book, clock, "L", Priority.LOW, point="A").alarm
    clock.advance(1)
    high_old = raise_(book, clock, "H", Priority.HIGH, point="B").alarm
    clock.advance(1)
    high_new = raise_(book, clock, "H", Priority.HIGH, point="C").alarm
    crit = raise_(book, clock, "HH", Priority.CRITICAL, point="D").alarm
    ack(book, crit.key)
    assert [a.point for a in book.alarms()] == ["C", "B", "A", "D"]
    assert [a.key for a in book.alarms()][:2] == [high_new.key, high_old.key]
    assert low.key == book.alarms()[2].key


def test_priority_escalates_but_never_drops_on_repeat(book, clock):
    key = raise_(book, clock, priority=Priority.MEDIUM).alarm.key
    raise_(book, clock, priority=Priority.CRITICAL)
    assert book.get(key).priority is Priority.CRITICAL
    raise_(book, clock, priority=Priority.LOW)
    assert book.get(key).priority is Priority.CRITICAL


def test_listeners_see_every_change(book, clock):
    seen = []
    book.subscribe(lambda c: seen.append(c.event))
    key = raise_(book, clock).alarm.key
    ack(book, key)
    book.clear_alarm(key)
    assert seen == [Event.RAISED, Event.ACK_PENDING, Event.ACKED, Event.RETURNED]


def test_restore_puts_back_open_alarms_once(book, clock):
    other = AlarmBook(clock)
    alarm = other.raise_alarm(AlarmRaise("E1", "P", "H", Priority.HIGH, clock.now())).alarm
    book.restore([alarm])
    book.restore([alarm])
    assert len(book) == 1 and book.get(alarm.key).occurrence_id == alarm.occurrence_id


def test_manual_clock_never_runs_backwards(clock):
    with pytest.raises(ValueError):
        clock.advance(-1)


# -- shelving, out of service, chattering ---------------------------------------------
def test_shelving_needs_reason_and_a_limited_time(book, clock):
    key = raise_(book, clock).alarm.key
    with pytest.raises(ValueError):
        book.shelve(key, "op", "  ", 600)
    with pytest.raises(ValueError):
        book.shelve(key, "op", "检修", book.MAX_SHELVE_S + 1)
    with pytest.raises(ValueError):
        book.shelve(key, "", "检修", 600)
    change = book.shelve(key, "op", "探头检修", 600)
    assert change.event is Event.SHELVED
    assert change.alarm.shelf.reason == "探头检修" and change.alarm.shelf.until == clock.now() + 600
    assert not change.alarm.in_main_list
    assert book.counts() == (0, 0) and book.hidden_counts() == (1, 0)


def test_shelved_alarm_comes_back_when_time_is_up(book, clock):
    key = raise_(book, clock).alarm.key
    book.shelve(key, "op", "检修", 600)
    clock.advance(599)
    assert book.expire_shelves() == []
    clock.advance(1)
    (change,) = book.expire_shelves()
    assert change.event is Event.UNSHELVED and change.alarm.in_main_list
    assert change.alarm.state is AlarmState.UNACK  # still waits for the operator
    assert book.counts() == (1, 1)


def test_shelved_alarm_keeps_its_state_changes(book, clock):
    key = raise_(book, clock).alarm.key
    book.shelve(key, "op", "检修", 600)
    book.clear_alarm(key)
    assert book.get(key).state is AlarmState.RTN_UNACK and book.get(key).shelf is not None
    book.unshelve(key)
    assert book.get(key).state is AlarmState.RTN_UNACK and book.counts() == (0, 1)


def test_out_of_service_point_keeps_its_alarms_apart(book, clock):
    key = raise_(book, clock, point="GT-1").alarm.key
    with pytest.raises(ValueError):
        book.take_out_of_service("E1", "GT-1", "li", "")
    record = book.take_out_of_service("E1", "GT-1", "li", "探头更换")
    assert (record.person, record.reason, record.since) == ("li", "探头更换", clock.now())
    assert book.get(key).out_of_service and book.counts() == (0, 0) and book.hidden_counts() == (0, 1)
    other = raise_(book, clock, "L", Priority.MEDIUM, point="GT-1").alarm  # new alarms of the point too
    assert other.out_of_service
    book.return_to_service("E1", "GT-1")
    assert not book.get(key).out_of_service and book.counts() == (2, 2)


def test_chattering_is_marked(book, clock):
    key = None
    for _ in range(3):
        key = raise_(book, clock).alarm.key
        ack(book, key)
        book.clear_alarm(key)
        clock.advance(10)
    assert book.get(key) is None
    change = raise_(book, clock)  # fourth within 60 s
    assert change.alarm.chattering


def test_slow_repeats_are_not_chattering(book, clock):
    for _ in range(4):
        key = raise_(book, clock).alarm.key
        assert not book.get(key).chattering
        ack(book, key)
        book.clear_alarm(key)
        clock.advance(40)


def test_counts_follow_every_transition(book, clock):
    """The counts are kept incrementally; compare them with a full recount after each step."""

    def recount():
        alarms = book.alarms()
        main = [a for a in alarms if a.in_main_list]
        return (sum(a.state.active for a in main), sum(a.state.needs_ack for a in main)), (
            sum(a.shelf is not None for a in alarms), sum(a.out_of_service for a in alarms))

    steps = [
        lambda: raise_(book, clock, point="A"),
        lambda: raise_(book, clock, point="B"),
        lambda: ack(book, "E1/A/HH"),
        lambda: book.clear_alarm("E1/B/HH"),
        lambda: book.shelve("E1/A/HH", "op", "r", 60),
        lambda: book.take_out_of_service("E1", "B", "op", "r"),
        lambda: raise_(book, clock, point="B"),
        lambda: book.unshelve("E1/A/HH"),
        lambda: book.clear_alarm("E1/A/HH"),
        lambda: book.return_to_service("E1", "B"),
        lambda: ack(book, "E1/B/HH"),
    ]
    for step in steps:
        step()
        assert (book.counts(), book.hidden_counts()) == recount()


def test_instrument_alarms_sort_after_process_alarms_of_the_same_priority(book, clock):
    fault = raise_(book, clock, "FAULT", Priority.MEDIUM, point="A").alarm
    clock.advance(1)
    process = raise_(book, clock, "L", Priority.MEDIUM, point="B").alarm
    clock.advance(1)
    newer_fault = raise_(book, clock, "COMM", Priority.MEDIUM, point="C").alarm
    assert fault.is_instrument and not process.is_instrument
    assert [a.key for a in book.alarms()] == [process.key, newer_fault.key, fault.key]


def test_another_workstations_shelving_is_shown_as_remote_and_ends_by_its_until(book, clock):
    from console.domain.alarms import Shelf

    alarm = raise_(book, clock).alarm
    seen = []
    book.subscribe(seen.append)
    theirs = Shelf("lina", "检修", clock.now(), clock.now() + 600, "other")
    assert book.apply_remote_shelf("not-this-occurrence", alarm.key, theirs) is None
    assert book.apply_remote_shelf(alarm.occurrence_id, alarm.key, Shelf("op", "检修", 0, clock.now() + 600, "st")) is None  # ours
    change = book.apply_remote_shelf(alarm.occurrence_id, alarm.key, theirs)
    assert (change.event, change.remote, change.alarm.shelf) == (Event.SHELVED, True, theirs)
    assert book.apply_remote_shelf(alarm.occurrence_id, alarm.key, theirs) is None  # the same message twice
    assert book.hidden_counts() == (1, 0) and book.counts() == (0, 0)
    clock.advance(600)
    (ended,) = book.expire_shelves()  # its time runs out here too, not remote: each workstation tries to record the end
    assert (ended.event, ended.remote, ended.alarm.shelf) == (Event.UNSHELVED, False, None)
    book.apply_remote_shelf(alarm.occurrence_id, alarm.key, theirs)  # a late message of an ended shelving
    assert book.get(alarm.key).shelf is None
    assert [c.remote for c in seen] == [True, False]


def test_another_workstations_unshelving_and_service_changes_are_remote(book, clock):
    from console.domain.alarms import OutOfService

    alarm = raise_(book, clock).alarm
    book.shelve(alarm.key, "op", "检修", 600)
    assert book.apply_remote_unshelve(alarm.occurrence_id, alarm.key, "st") is None  # our own, back from the broker
    change = book.apply_remote_unshelve(alarm.occurrence_id, alarm.key, "other")
    assert (change.event, change.remote) == (Event.UNSHELVED, True)

    record = OutOfService("E1", "GT-1", "lina", "更换探头", clock.now())
    assert not book.apply_remote_service(record, True, "st")
    assert book.apply_remote_service(record, True, "other")
    assert book.get(alarm.key).out_of_service and book.out_of_service[("E1", "GT-1")] == record
    assert not book.apply_remote_service(record, True, "other")  # already out
    assert raise_(book, clock, condition="LL").alarm.out_of_service  # new alarms of the point too
    seen = []
    book.subscribe(seen.append)
    assert book.apply_remote_service(OutOfService("E1", "GT-1", "lina", "", clock.now()), False, "other")
    assert ("E1", "GT-1") not in book.out_of_service
    assert [(c.event, c.remote) for c in seen] == [(Event.IN_SERVICE, True)] * 2
