"""Protocol revision 2 in plain Python: sequence numbers, late alarm events, the new messages."""

from __future__ import annotations

import json

import pytest

from console.domain import protocol
from console.domain.alarms import AlarmBook, AlarmRaise, AlarmState, Priority, occurrence_id
from console.domain.clock import ManualClock
from console.domain.late_alarms import LateAlarms
from console.domain.protocol import AlarmEvent, GatewayState, ReplayDone, ReplayRequest, Topics
from console.domain.sequence import SequenceTracker
from console.domain.system_alarms import gap_text, parse_gap_text

T0 = 1_767_225_600.0
ENT = "91350200MA2XYZ0001"
TOP = protocol.SEQ_MODULUS - 1


# -- sequence numbers --------------------------------------------------------------------------
def test_consecutive_numbers_are_no_gap_and_the_first_one_sets_the_count():
    seqs = SequenceTracker()
    assert [seqs.check((ENT, "G1"), n) for n in (7, 8, 9)] == [None, None, None]
    assert seqs.expected((ENT, "G1")) == 10


def test_a_gap_says_how_many_are_missing_also_across_the_wrap():
    seqs = SequenceTracker()
    seqs.reset((ENT, "G1"), TOP - 1)
    assert seqs.check((ENT, "G1"), TOP - 1) is None and seqs.check((ENT, "G1"), TOP) is None
    assert seqs.check((ENT, "G1"), 0) is None  # 2**32 - 1 is followed by 0
    gap = seqs.check((ENT, "G1"), 5)
    assert gap is not None and (gap.first_missing, gap.received, gap.missing) == (1, 5, 4)
    gap = seqs.check((ENT, "G1"), 3)  # behind: a repeat or a replayed one
    assert gap is None and seqs.expected((ENT, "G1")) == 6
    wrap = SequenceTracker()
    wrap.reset((ENT, ""), TOP - 2)
    gap = wrap.check((ENT, ""), 2)  # TOP-2, TOP-1, TOP, 0, 1 missing
    assert gap is not None and gap.missing == 5 and gap.first_missing == TOP - 2


def test_sources_are_counted_apart_and_a_birth_restarts_the_count():
    seqs = SequenceTracker()
    seqs.check((ENT, "G1"), 0)
    seqs.check((ENT, "G2"), 100)
    assert seqs.check((ENT, "G1"), 1) is None and seqs.check((ENT, "G2"), 101) is None
    seqs.reset((ENT, "G1"), 0)  # the gateway restarted
    assert seqs.check((ENT, "G1"), 0) is None


# -- late alarm events -----------------------------------------------------------------------------
def event(point: str, at: float, active: bool = True, replay: bool = False) -> AlarmEvent:
    return AlarmEvent(AlarmRaise(ENT, point, "H", Priority.HIGH, at), active, replay=replay)


@pytest.fixture
def book():
    return AlarmBook(ManualClock(T0 + 100), "s1")


def test_a_replayed_raise_is_recorded_with_its_own_time_and_marked_late(book):
    late = LateAlarms(book)
    assert late.take(event("P1", T0 + 10, replay=True))
    alarm = book.get(f"{ENT}/P1/H")
    assert alarm.late and alarm.raised_at == T0 + 10 and alarm.state is AlarmState.UNACK
    assert late.take(event("P1", T0 + 50, active=False, replay=True))  # it ended during the gap too
    alarm = book.get(f"{ENT}/P1/H")
    assert alarm.state is AlarmState.RTN_UNACK and alarm.returned_at == T0 + 50  # still to be acknowledged


def test_known_occurrences_are_ignored_even_after_they_left_the_book(book):
    late = LateAlarms(book)
    book.raise_alarm(event("P1", T0 + 10).raised)  # arrived live
    assert late.take(event("P1", T0 + 10, replay=True)) and late.ignored == 1
    assert book.get(f"{ENT}/P1/H").repeats == 1  # no repeat counted, not late
    book.clear_alarm(f"{ENT}/P1/H", T0 + 20)
    ack = book.begin_ack(f"{ENT}/P1/H", "zhangwei")
    book.complete_ack(ack)
    assert book.get(f"{ENT}/P1/H") is None  # back to normal and acknowledged: gone from the list
    assert late.take(event("P1", T0 + 10, replay=True)) and late.take(event("P1", T0 + 20, active=False, replay=True))
    assert book.get(f"{ENT}/P1/H") is None and late.ignored == 3 and late.late == 0


def test_events_of_an_outage_are_late_and_others_take_the_usual_path(book):
    late = LateAlarms(book)
    assert not late.take(event("P1", T0 + 5))
    late.outage_began(T0 + 10)
    assert late.is_late(event("P2", T0 + 11))  # handed over before the news that the link is back
    late.outage(T0 + 10, T0 + 20)
    assert late.is_late(event("P2", T0 + 15)) and not late.is_late(event("P2", T0 + 21))
    assert late.take(event("P2", T0 + 15)) and book.get(f"{ENT}/P2/H").late


def test_a_late_return_of_an_alarm_not_active_is_ignored(book):
    late = LateAlarms(book)
    assert late.take(event("P9", T0 + 5, active=False, replay=True))
    assert book.get(f"{ENT}/P9/H") is None and late.ignored == 1


# -- the new messages ----------------------------------------------------------------------------------
def parse(topic: str, body: dict) -> protocol.Message:
    return protocol.parse(Topics(), topic, json.dumps(body).encode(), T0)


def test_alarm_events_carry_number_gateway_and_replay_and_old_ones_still_parse():
    msg = parse(f"dc/v1/{ENT}/alarms/GT-1", {"v": 1, "ts": T0 * 1000, "condition": "H", "state": "raised",
                                             "seq": TOP, "gw": "G1", "replay": True})
    assert isinstance(msg, AlarmEvent) and (msg.seq, msg.gateway, msg.replay) == (TOP, "G1", True)
    old = parse(f"dc/v1/{ENT}/alarms/GT-1", {"v": 1, "ts": T0 * 1000, "condition": "H", "state": "raised"})
    assert isinstance(old, AlarmEvent) and (old.seq, old.gateway, old.replay) == (None, "", False)
    encoded = protocol.encode_alarm(msg.raised, True, seq=3, gateway="G1", replay=True)
    again = protocol.parse(Topics(), f"dc/v1/{ENT}/alarms/GT-1", encoded, T0)
    assert isinstance(again, AlarmEvent) and (again.seq, again.gateway, again.replay) == (3, "G1", True)


@pytest.mark.parametrize("seq", [-1, protocol.SEQ_MODULUS, 1.5, "7", True])
def test_bad_sequence_numbers_are_rejected(seq):
    with pytest.raises(protocol.Rejected, match="'seq'"):
        parse(f"dc/v1/{ENT}/alarms/GT-1", {"v": 1, "ts": T0 * 1000, "condition": "H", "state": "raised", "seq": seq})


def test_birth_death_and_replay_messages_round_trip():
    topics = Topics()
    birth = protocol.parse(topics, topics.gateway_state(ENT, "G1"), protocol.encode_gateway_state(True, T0, 42), T0)
    assert birth == GatewayState(ENT, "G1", True, 42, T0)
    death = protocol.parse(topics, topics.gateway_state(ENT, "G1"), protocol.encode_gateway_state(False), T0)
    assert death == GatewayState(ENT, "G1", False, None, None)
    request = ReplayRequest("r1", "duty-room-1", T0 - 60, None, "G1", True)
    assert protocol.parse_replay_request(protocol.encode_replay_request(request, T0)) == request
    done = protocol.parse(topics, topics.replay_done(ENT, "G1"), protocol.encode_replay_done("r1", T0, 5, 2, False, 43), T0)
    assert done == ReplayDone(ENT, "G1", "r1", 5, 2, False, 43)
    assert (topics.gateway_state(ENT, "G1"), 1) not in topics.subscriptions()
    assert ("dc/v1/+/gateway/+", 1) in topics.subscriptions() and ("dc/v1/+/replay/+", 1) in topics.subscriptions()
    assert protocol.parse_console_state(b'{"v":1,"state":"online"}') and not protocol.parse_console_state(b'{"v":1,"state":"offline"}')


def test_the_gap_alarm_text_is_an_iso_interval():
    text = gap_text(T0 + 0.25, T0 + 12.5)
    assert text == "2026-01-01T00:00:00.250Z/2026-01-01T00:00:12.500Z"
    assert parse_gap_text(text) == (T0 + 0.25, T0 + 12.5) and parse_gap_text("broker lost") is None
    assert occurrence_id(f"{ENT}/P1/H", T0) == occurrence_id(f"{ENT}/P1/H", T0 + 0.0001)  # to the millisecond
