"""Areas of responsibility, the rules alone (console/domain/areas.py) on an injected clock, and the
parts that apply them: the list order, the annunciator's scope and the console-state messages."""

from __future__ import annotations

import json

import pytest

from console.domain import protocol
from console.domain.alarm_order import list_key, next_to_acknowledge
from console.domain.alarms import AlarmBook, AlarmRaise, Priority
from console.domain.areas import Assignment, CoverageTracker, Workstation, check_area, coverage
from console.domain.clock import ManualClock
from console.services.annunciator import Annunciator
from tests.helpers.escalation import RecordingSink as Sink, escalator_rig

A, B, C = "ENT-A", "ENT-B", "ENT-C"
ASSIGNED = (Assignment(A, station="desk-1"), Assignment(B, station="desk-2"))


def attended(station: str, role: str = "operator") -> Workstation:
    return Workstation(station, True, f"op-{station}", role)


def test_without_assignments_every_workstation_answers_everything():
    cover = coverage("desk-1", (), [attended("desk-1"), attended("desk-2")])
    assert cover.answers(A) and cover.answers("anything") and not cover.restricted


def test_each_workstation_answers_its_own_areas_and_the_unassigned_ones():
    one = coverage("desk-1", ASSIGNED, [attended("desk-1"), attended("desk-2")])
    two = coverage("desk-2", ASSIGNED, [attended("desk-1"), attended("desk-2")])
    assert one.answers(A) and not one.answers(B) and one.answers(C)
    assert two.answers(B) and not two.answers(A) and two.answers(C)
    assert one.own == {A} and not one.taken_over and one.restricted
    assert one.covered_by == {A: ("desk-1",), B: ("desk-2",)}


@pytest.mark.parametrize("desk_2", [
    Workstation("desk-2", True, "", ""),  # signed out
    Workstation("desk-2", False, "op", "operator"),  # console down (its last will)
], ids=["signed-out", "offline"])
def test_an_unattended_desk_s_area_falls_to_the_attended_ones(desk_2):
    one = coverage("desk-1", ASSIGNED, [attended("desk-1"), desk_2])
    assert one.answers(B) and one.taken_over == {B} and one.uncovered == {B}
    assert not coverage("desk-3", ASSIGNED, [attended("desk-1"), desk_2, Workstation("desk-3")]).answers(B)  # not attended: not an heir


def test_when_nobody_is_signed_in_anywhere_every_online_workstation_answers_everything():
    one = coverage("desk-1", ASSIGNED, [Workstation("desk-1"), Workstation("desk-2")])
    assert one.answers(A) and one.answers(B)
    assert one.own == {A} and one.taken_over == {B}  # its own area is not "taken over" from itself


def test_an_area_assigned_to_a_role_is_covered_where_that_role_is_signed_in():
    assignments = (Assignment(A, role="shift_leader"),)
    leader = coverage("desk-2", assignments, [attended("desk-1"), attended("desk-2", "shift_leader")])
    operator = coverage("desk-1", assignments, [attended("desk-1"), attended("desk-2", "shift_leader")])
    assert leader.answers(A) and leader.own == {A}
    assert not operator.answers(A)
    alone = coverage("desk-1", assignments, [attended("desk-1"), Workstation("desk-2", True, "", "")])
    assert alone.taken_over == {A}


def test_the_tracker_says_when_an_area_is_taken_over_and_given_back_on_the_injected_clock():
    clock = ManualClock()
    tracker = CoverageTracker("desk-1", clock)
    tracker.set_workstation(attended("desk-1"))
    tracker.set_workstation(attended("desk-2"))
    assert tracker.set_assignments(ASSIGNED) == []
    clock.advance(10)
    [taken] = tracker.set_workstation(Workstation("desk-2", True, "", ""))
    assert (taken.area, taken.at, taken.given_back) == (B, clock.now(), False)
    assert tracker.since(B) == clock.now()
    clock.advance(30)
    [back] = tracker.set_workstation(attended("desk-2"))
    assert (back.area, back.given_back, back.at - back.since) == (B, True, 30.0)
    assert tracker.since(B) is None and not tracker.current.answers(B)


def test_area_codes_are_enterprise_codes():
    assert check_area("91350200MA2XYZ0001") and not check_area("") and not check_area("a b") and not check_area("a/b")


def raise_alarm(book: AlarmBook, enterprise: str, point: str, priority: Priority = Priority.CRITICAL, at: float = 0.0) -> str:
    book.raise_alarm(AlarmRaise(enterprise, point, "HH", priority, at or book_clock.now()))
    return f"{enterprise}/{point}/HH"


book_clock = ManualClock()


def test_the_list_puts_this_workstation_s_alarms_first_among_the_waiting():
    book = AlarmBook(book_clock, "desk-1")
    other = raise_alarm(book, B, "P1", Priority.CRITICAL)
    book_clock.advance(1)
    mine = raise_alarm(book, A, "P2", Priority.LOW)
    alarms = {a.key: a for a in book.alarms()}
    answers = lambda enterprise: enterprise == A  # noqa: E731
    ordered = sorted(alarms.values(), key=lambda a: list_key(a, answers(a.enterprise)))
    assert [a.key for a in ordered] == [mine, other]  # a blue alarm of mine before another desk's red one
    assert next_to_acknowledge(alarms.values(), answers).key == mine
    assert next_to_acknowledge(alarms.values()).key == other  # without areas: priority first, as always


def test_the_annunciator_sounds_only_this_workstation_s_areas_and_takes_over_at_once():
    clock = ManualClock()
    book = AlarmBook(clock, "desk-1")
    sink = Sink()
    horn = Annunciator(book, clock, "desk-1", sink)
    horn.set_scope(lambda enterprise: enterprise == A)
    theirs = raise_alarm(book, B, "P1", at=clock.now())
    assert horn.sounding is None and sink.played == []  # another desk's: silent here
    mine = raise_alarm(book, A, "P2", Priority.HIGH, at=clock.now())
    assert horn.sounding is Priority.HIGH and horn.sounding_keys == {mine}
    horn.set_scope(lambda enterprise: True)  # desk-2 unattended: its area falls to us
    assert horn.sounding is Priority.CRITICAL and horn.sounding_keys == {mine, theirs}
    horn.set_scope(lambda enterprise: enterprise == A)  # given back
    assert horn.sounding is Priority.HIGH and horn.sounding_keys == {mine}


def test_console_state_carries_who_is_signed_in_and_stays_readable_by_older_readers():
    topics = protocol.Topics()
    body = protocol.encode_console_state(True, 1_767_225_600.0, "zhangwei", "operator", (A,))
    state = protocol.parse(topics, topics.console_state("desk-1"), body, 1_767_225_601.0)
    assert state == protocol.ConsoleState("desk-1", True, "zhangwei", "operator", (A,), 1_767_225_600.0)
    assert protocol.parse_console_state(body) is True  # what a gateway reads is unchanged
    assert json.loads(body)["state"] == "online"
    will = protocol.parse(topics, topics.console_state("desk-1"), b'{"v":1,"state":"offline"}', 1_767_225_601.0)
    assert will == protocol.ConsoleState("desk-1", False)
    assert (topics.console_state("+"), 1) in topics.subscriptions() and (topics.areas_changed("+"), 1) in topics.subscriptions()


def test_the_escalator_chases_only_this_workstation_s_areas_until_another_falls_to_it(qtbot):
    clock = ManualClock()
    book = AlarmBook(clock, "desk-1")
    rig = escalator_rig(book, clock, "desk-1", "4,4,4,4")
    escalator, published = rig.escalator, rig.published
    try:
        escalator.set_scope(lambda enterprise: enterprise == A)
        mine = raise_alarm(book, A, "P1", at=clock.now())
        theirs = raise_alarm(book, B, "P2", at=clock.now())
        clock.advance(5)
        escalator.check()
        assert book.get(mine).ack_overdue and not book.get(theirs).ack_overdue
        assert published == [protocol.Topics().escalation(A, "P1")]
        escalator.set_scope(lambda enterprise: True)  # desk-2's area fell to us
        escalator.check()
        assert book.get(theirs).ack_overdue and published[-1] == protocol.Topics().escalation(B, "P2")
    finally:
        rig.close()
