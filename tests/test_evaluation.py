"""Readings evaluated against each point's settings (console.domain.evaluation), on a manual clock."""

from __future__ import annotations

import math

import pytest

from console.domain.alarms import AlarmBook, AlarmState, Priority
from console.domain.clock import ManualClock
from console.domain.evaluation import (
    DEFAULTS,
    ENTERPRISE_POINT,
    EvaluationDefaults,
    Evaluator,
    duration_text,
    limit_text,
)
from console.domain.plant import Enterprise, PlantRegistry, Point
from console.domain.protocol import CODE_RE, Reading

E = "91350200MA2XYZ0001"
T0 = 1_767_225_600.0


def pt(code="TT-1", kind="temperature", lo=0.0, hi=100.0, enterprise=E, **kw) -> Point:
    return Point(code=code, enterprise=enterprise, name=code, kind=kind, unit="", range_low=lo, range_high=hi, **kw)


def registry(*points: Point) -> PlantRegistry:
    ents: dict[str, dict[str, Point]] = {}
    for p in points:
        ents.setdefault(p.enterprise, {})[p.code] = p
    return PlantRegistry({code: Enterprise(code, code, pts) for code, pts in ents.items()})


class Rig:
    """An evaluator on a manual clock; readings are stamped with the clock unless told otherwise."""

    def __init__(self, *points: Point, defaults=DEFAULTS) -> None:
        self.clock = ManualClock(T0)
        self.ev = Evaluator(registry(*points), self.clock, defaults)

    def read(self, code, value, dt=0.0, quality="good", at=None, enterprise=E):
        self.clock.advance(dt)
        return self.ev.feed([Reading(enterprise, code, value, self.clock.now() if at is None else at, quality)])

    def tick(self, dt=0.0):
        self.clock.advance(dt)
        return self.ev.tick(self.clock.now())

    def every_second(self, code, value, seconds):
        """One reading and one tick a second, like a gateway and the application's timer."""
        out = []
        for _ in range(seconds):
            out += self.read(code, value, dt=1.0)
            out += self.tick()
        return out


def brief(transitions):
    """(point, condition, active) of each transition, in order."""
    return [(ev.point, ev.condition, active) for ev, active in transitions]


def at(transitions):
    return [ev.at - T0 for ev, _ in transitions]


# Zero delays and an explicit deadband: the threshold logic alone.
IMMEDIATE = dict(on_delay_s=0.0, off_delay_s=0.0, deadband=2.0)
FOUR = dict(ll=10.0, l=20.0, h=80.0, hh=90.0)


# -- thresholds and directions ----------------------------------------------------------------
@pytest.mark.parametrize(
    "value, raised",
    [
        (50.0, []),
        (79.99, []),
        (80.0, ["H"]),  # exactly at the setting raises
        (85.0, ["H"]),
        (90.0, ["H", "HH"]),  # above HH both are active: two alarms
        (100.0, ["H", "HH"]),
        (20.01, []),
        (20.0, ["L"]),
        (15.0, ["L"]),
        (10.0, ["L", "LL"]),
        (0.0, ["L", "LL"]),
    ],
)
def test_each_setting_and_direction(value, raised):
    rig = Rig(pt(**FOUR, **IMMEDIATE))
    out = rig.read("TT-1", value)
    assert brief(out) == [("TT-1", c, True) for c in raised]
    for ev, _ in out:
        assert ev.value == value and ev.threshold == FOUR[ev.condition.lower()]


@pytest.mark.parametrize("condition", ["H", "HH", "L", "LL"])
def test_only_configured_settings_are_evaluated(condition):
    setting = {"H": 80.0, "HH": 90.0, "L": 20.0, "LL": 10.0}[condition]
    rig = Rig(pt(**{condition.lower(): setting}, **IMMEDIATE))
    assert brief(rig.read("TT-1", 100.0 if condition in ("H", "HH") else 0.0)) == [("TT-1", condition, True)]


@pytest.mark.parametrize(
    "setting, trip, stays, clears",
    [
        ("h", 80.0, 78.0 + 1e-9, 78.0),  # upper: back at setting − deadband
        ("hh", 90.0, 88.0 + 1e-9, 88.0),
        ("l", 20.0, 22.0 - 1e-9, 22.0),  # lower: back at setting + deadband
        ("ll", 10.0, 12.0 - 1e-9, 12.0),
    ],
)
def test_deadband_edges(setting, trip, stays, clears):
    rig = Rig(pt(**{setting: trip}, **IMMEDIATE))  # deadband 2.0
    cond = setting.upper()
    assert brief(rig.read("TT-1", trip, dt=1)) == [("TT-1", cond, True)]
    assert rig.read("TT-1", stays, dt=1) == []
    assert rig.read("TT-1", trip, dt=1) == []  # still the same alarm
    assert brief(rig.read("TT-1", clears, dt=1)) == [("TT-1", cond, False)]


def test_without_deadband_the_alarm_returns_just_inside_the_setting():
    rig = Rig(pt(h=80.0, on_delay_s=0.0, off_delay_s=0.0, deadband=0.0))
    assert brief(rig.read("TT-1", 80.0)) == [("TT-1", "H", True)]
    assert rig.read("TT-1", 80.0, dt=1) == []
    assert brief(rig.read("TT-1", 79.999, dt=1)) == [("TT-1", "H", False)]


def test_kind_deadband_is_a_share_of_the_span():
    # temperature: 1 % of a 200 °C span = 2 °C
    rig = Rig(pt(lo=0.0, hi=200.0, h=100.0, on_delay_s=0.0, off_delay_s=0.0))
    rig.read("TT-1", 100.0)
    assert rig.read("TT-1", 98.5, dt=1) == []
    assert brief(rig.read("TT-1", 98.0, dt=1)) == [("TT-1", "H", False)]


def test_kind_deadband_is_capped_so_that_a_low_setting_can_return():
    # CO on 0–1000 ppm, first level 15 ppm: 1 % of span (10 ppm) would do, half the room is 7.5
    rig = Rig(pt("AT-1", "gas_toxic", 0.0, 1000.0, h=15.0, hh=30.0, on_delay_s=0.0, off_delay_s=0.0))
    rig.read("AT-1", 40.0)
    assert brief(rig.read("AT-1", 20.0, dt=1)) == [("AT-1", "HH", False)]  # 30 − 10
    assert rig.read("AT-1", 7.6, dt=1) == []
    assert brief(rig.read("AT-1", 7.5, dt=1)) == [("AT-1", "H", False)]  # 15 − 7.5


# -- on-delay and off-delay ---------------------------------------------------------------------
def test_a_blip_shorter_than_the_on_delay_raises_nothing():
    rig = Rig(pt(h=80.0))  # temperature: on-delay 5 s
    out = rig.read("TT-1", 85.0)
    out += rig.every_second("TT-1", 85.0, 3)  # in alarm for 3 s
    out += rig.every_second("TT-1", 50.0, 60)
    assert out == []


def test_a_condition_held_for_the_on_delay_is_raised_at_confirmation():
    rig = Rig(pt(h=80.0))
    assert rig.read("TT-1", 85.0) == []
    out = rig.every_second("TT-1", 85.0, 4)
    assert out == []
    out = rig.read("TT-1", 86.0, dt=1)
    assert brief(out) == [("TT-1", "H", True)]
    assert at(out) == [5.0]  # confirmation time: the condition began at 0 and held 5 s
    assert out[0][0].value == 85.0  # the value held over the delay


def test_tick_confirms_a_delay_when_no_reading_follows():
    """A gateway that reports by exception sends one value; the delay still completes."""
    rig = Rig(pt(h=80.0))
    rig.read("TT-1", 85.0)
    assert rig.tick(4.9) == []
    out = rig.tick(0.6)
    assert brief(out) == [("TT-1", "H", True)] and at(out) == [5.0]


def test_confirmation_time_does_not_depend_on_when_it_is_noticed():
    """Readings every 2 s: the delay ends at 5 s, between two readings (sample-and-hold)."""
    rig = Rig(pt(h=80.0))
    rig.read("TT-1", 85.0)
    rig.read("TT-1", 85.0, dt=2)
    rig.read("TT-1", 85.0, dt=2)
    out = rig.read("TT-1", 85.0, dt=2)  # at 6 s
    assert brief(out) == [("TT-1", "H", True)] and at(out) == [5.0]


def test_a_delay_that_ran_out_before_a_normal_reading_still_counts():
    """Held in alarm from 0 to 6 s (one reading at 0, the next at 6): raised at 5, then returning."""
    rig = Rig(pt(h=80.0, off_delay_s=0.0))
    rig.read("TT-1", 85.0)
    out = rig.read("TT-1", 50.0, dt=6)
    assert brief(out) == [("TT-1", "H", True), ("TT-1", "H", False)]
    assert at(out) == [5.0, 6.0]


def test_a_dip_resets_the_on_delay():
    rig = Rig(pt(h=80.0))
    rig.read("TT-1", 85.0)
    rig.read("TT-1", 85.0, dt=3)
    assert rig.read("TT-1", 79.0, dt=1) == []  # at 4 s, below the setting: the timer stops
    out = rig.read("TT-1", 85.0, dt=1)  # starts again at 5 s
    out += rig.every_second("TT-1", 85.0, 4)
    assert out == []
    out = rig.every_second("TT-1", 85.0, 1)
    assert at(out) == [10.0]


def test_off_delay_clears_only_after_the_value_stays_back():
    rig = Rig(pt(h=80.0, on_delay_s=0.0))  # temperature: off-delay 5 s, deadband 1
    rig.read("TT-1", 85.0)
    out = rig.read("TT-1", 50.0, dt=10)  # back at 10 s
    out += rig.every_second("TT-1", 50.0, 4)
    assert out == []
    out = rig.every_second("TT-1", 50.0, 1)
    assert brief(out) == [("TT-1", "H", False)] and at(out) == [15.0]


def test_returning_into_alarm_cancels_the_off_delay():
    rig = Rig(pt(h=80.0, on_delay_s=0.0))
    rig.read("TT-1", 85.0)
    rig.read("TT-1", 50.0, dt=10)
    rig.every_second("TT-1", 50.0, 3)
    assert rig.read("TT-1", 79.5, dt=1) == []  # inside the deadband: the off-delay stops
    out = rig.every_second("TT-1", 79.5, 30)
    assert out == []  # still active, nothing to report
    out = rig.read("TT-1", 60.0, dt=1)
    out += rig.every_second("TT-1", 60.0, 5)
    assert brief(out) == [("TT-1", "H", False)]


# -- kind defaults and point overrides ------------------------------------------------------------
@pytest.mark.parametrize(
    "kind, overrides, raised_after",
    [
        ("gas_combustible", {}, 1),  # gas: 1 s on-delay
        ("gas_toxic", {}, 1),
        ("temperature", {}, 5),
        ("pressure", {}, 5),
        ("level", {}, 5),
        ("flow", {}, 5),
        ("temperature", {"on_delay_s": 0.0}, 0),  # the point's own setting wins
        ("gas_combustible", {"on_delay_s": 3.0}, 3),
        ("temperature", {"on_delay_s": 12.0}, 12),
    ],
)
def test_on_delay_kind_default_and_point_override(kind, overrides, raised_after):
    rig = Rig(pt("X-1", kind, h=80.0, **overrides))
    out = rig.read("X-1", 85.0)
    seconds = 0
    while not out:
        seconds += 1
        out = rig.read("X-1", 85.0, dt=1)
    assert brief(out) == [("X-1", "H", True)] and seconds == raised_after


@pytest.mark.parametrize(
    "kind, overrides, cleared_after",
    [
        ("gas_combustible", {}, 10),
        ("temperature", {}, 5),
        ("level", {}, 10),
        ("temperature", {"off_delay_s": 0.0}, 0),
        ("gas_combustible", {"off_delay_s": 2.0}, 2),
    ],
)
def test_off_delay_kind_default_and_point_override(kind, overrides, cleared_after):
    rig = Rig(pt("X-1", kind, h=50.0, on_delay_s=0.0, **overrides))
    rig.read("X-1", 60.0)
    out = rig.read("X-1", 10.0, dt=1)
    seconds = 0
    while not out:
        seconds += 1
        out = rig.read("X-1", 10.0, dt=1)
    assert brief(out) == [("X-1", "H", False)] and seconds == cleared_after


def test_point_deadband_overrides_the_kind_share():
    rig = Rig(pt(h=80.0, on_delay_s=0.0, off_delay_s=0.0, deadband=5.0))
    rig.read("TT-1", 85.0)
    assert rig.read("TT-1", 75.5, dt=1) == []  # the kind's 1 % would have returned here
    assert brief(rig.read("TT-1", 75.0, dt=1)) == [("TT-1", "H", False)]


def test_custom_defaults_table():
    table = {"temperature": EvaluationDefaults(deadband=0.0, on_delay_s=0.0, off_delay_s=0.0, comm_loss_s=5.0)}
    rig = Rig(pt(h=80.0), defaults=table)
    assert brief(rig.read("TT-1", 80.0)) == [("TT-1", "H", True)]
    assert brief(rig.read("TT-1", 79.99, dt=1)) == [("TT-1", "H", False)]
    assert rig.tick(4.9) == []
    assert brief(rig.tick(0.1)) == [(ENTERPRISE_POINT, "COMM", True)]  # comm_loss_s 5 s


@pytest.mark.parametrize("field", ["deadband", "on_delay_s", "off_delay_s", "range_margin"])
def test_defaults_reject_negative_values(field):
    values = dict(deadband=0.01, on_delay_s=1.0, off_delay_s=1.0)
    values[field] = -1.0
    with pytest.raises(ValueError):
        EvaluationDefaults(**values)


@pytest.mark.parametrize("field", ["comm_loss_s", "frozen_s"])
def test_defaults_reject_zero_timeouts(field):
    with pytest.raises(ValueError):
        EvaluationDefaults(deadband=0.01, on_delay_s=1.0, off_delay_s=1.0, **{field: 0.0})


# -- gas: GB/T 50493 levels -----------------------------------------------------------------------
@pytest.mark.parametrize(
    "kind, code, hi, h, hh, value, expected",
    [
        ("gas_combustible", "GT-1", 100.0, 25.0, 50.0, 30.0,
         [("H", Priority.HIGH, "可燃气体浓度高报（一级）")]),
        ("gas_combustible", "GT-1", 100.0, 25.0, 50.0, 55.0,
         [("H", Priority.HIGH, "可燃气体浓度高报（一级）"), ("HH", Priority.CRITICAL, "可燃气体浓度高高报（二级）")]),
        ("gas_toxic", "AT-1", 100.0, 5.0, 10.0, 12.0,
         [("H", Priority.HIGH, "有毒气体浓度高报（一级）"), ("HH", Priority.CRITICAL, "有毒气体浓度高高报（二级）")]),
    ],
)
def test_gas_levels_and_priorities(kind, code, hi, h, hh, value, expected):
    rig = Rig(pt(code, kind, 0.0, hi, h=h, hh=hh))
    rig.read(code, value)
    out = rig.read(code, value, dt=1)  # gas: confirmed after 1 s
    assert [(ev.condition, ev.priority, ev.text) for ev, _ in out] == expected
    assert all(active for _, active in out)


@pytest.mark.parametrize(
    "kind, condition, text, priority",
    [
        ("temperature", "H", "温度高报", Priority.HIGH),
        ("temperature", "HH", "温度高高报", Priority.CRITICAL),
        ("pressure", "L", "压力低报", Priority.MEDIUM),
        ("flow", "LL", "流量低低报", Priority.HIGH),
        ("level", "HH", "液位高高报", Priority.CRITICAL),
    ],
)
def test_process_texts_and_priorities(kind, condition, text, priority):
    rig = Rig(pt("X-1", kind, **{condition.lower(): 50.0}, on_delay_s=0.0))
    out = rig.read("X-1", 100.0 if condition in ("H", "HH") else 0.0)
    assert [(ev.condition, ev.text, ev.priority) for ev, _ in out] == [(condition, text, priority)]
    assert limit_text(kind, condition) == text


# -- instrument fault -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "value, fault",
    [
        (80.0, False),  # range −20…80, margin 1 % of 100 = 1
        (81.0, False),  # at the margin's edge: still a measurement
        (81.01, True),
        (-21.0, False),
        (-21.01, True),
        (math.nan, True),
    ],
)
def test_out_of_range_is_a_fault_and_nothing_else(value, fault):
    rig = Rig(pt(lo=-20.0, hi=80.0, h=40.0, hh=45.0, l=-10.0, **IMMEDIATE))
    out = rig.read("TT-1", value)
    if fault:
        assert brief(out) == [("TT-1", "FAULT", True)]
        assert out[0][0].text == "仪表故障：读数超出量程" and out[0][0].priority is Priority.MEDIUM
        out = rig.read("TT-1", 20.0, dt=1)
        assert brief(out) == [("TT-1", "FAULT", False)] and at(out) == [1.0]
    else:
        assert ("TT-1", "FAULT", True) not in brief(out)


def test_gas_detector_above_its_range_raises_its_alarms_beside_the_fault():
    """A detector driven over range sees much gas: H and HH at once (no on-delay), and FAULT."""
    rig = Rig(pt("GT-1", "gas_combustible", h=25.0, hh=50.0, on_delay_s=5.0, off_delay_s=0.0))
    rig.read("GT-1", 2.0)
    out = rig.read("GT-1", 130.0, dt=1)
    assert sorted(brief(out)) == [("GT-1", "FAULT", True), ("GT-1", "H", True), ("GT-1", "HH", True)]
    assert all(ev.at - T0 == 1.0 for ev, _ in out)
    out = rig.read("GT-1", 60.0, dt=1)  # back in range, still above HH: only the fault clears
    assert brief(out) == [("GT-1", "FAULT", False)]
    out = rig.read("GT-1", 10.0, dt=1)
    assert sorted(brief(out)) == [("GT-1", "H", False), ("GT-1", "HH", False)]


def test_gas_detector_below_its_range_is_only_a_fault():
    rig = Rig(pt("GT-1", "gas_combustible", h=25.0, hh=50.0, **IMMEDIATE))
    assert brief(rig.read("GT-1", -10.0)) == [("GT-1", "FAULT", True)]


def test_bad_quality_is_a_fault_even_in_range():
    rig = Rig(pt(h=80.0, **IMMEDIATE))
    out = rig.read("TT-1", 85.0, quality="bad")
    assert brief(out) == [("TT-1", "FAULT", True)] and out[0][0].text == "仪表故障：数据质量为坏值"
    assert rig.read("TT-1", 85.0, dt=1, quality="bad") == []  # one fault, one alarm
    out = rig.read("TT-1", 85.0, dt=1)
    assert brief(out) == [("TT-1", "FAULT", False), ("TT-1", "H", True)]


def test_uncertain_quality_is_evaluated():
    rig = Rig(pt(h=80.0, **IMMEDIATE))
    assert brief(rig.read("TT-1", 85.0, quality="uncertain")) == [("TT-1", "H", True)]


def test_a_fault_keeps_active_alarms_and_cancels_pending_delays():
    rig = Rig(pt(h=80.0, hh=90.0, on_delay_s=0.0, off_delay_s=5.0, deadband=1.0))
    rig.read("TT-1", 85.0)  # H active
    rig.read("TT-1", 50.0, dt=1)  # off-delay of H pending
    out = rig.read("TT-1", 200.0, dt=1)  # fault
    assert brief(out) == [("TT-1", "FAULT", True)]
    assert rig.every_second("TT-1", 200.0, 60) == []  # bad data neither clears H nor raises HH
    out = rig.read("TT-1", 50.0, dt=1)  # good again: evaluated afresh
    assert brief(out) == [("TT-1", "FAULT", False)]
    out = rig.every_second("TT-1", 50.0, 5)
    assert brief(out) == [("TT-1", "H", False)] and at(out) == [68.0]  # good again at 63, + 5 s off-delay


def test_a_fault_stops_an_on_delay():
    rig = Rig(pt(h=80.0))
    rig.read("TT-1", 85.0)
    rig.read("TT-1", 85.0, dt=2)
    assert brief(rig.read("TT-1", 85.0, dt=1, quality="bad")) == [("TT-1", "FAULT", True)]
    assert rig.tick(30) == []


# -- communication loss ---------------------------------------------------------------------------
def two_points():
    return Rig(pt("TT-1", h=80.0), pt("TT-2", h=80.0))


def test_a_silent_point_raises_comm_and_the_next_reading_clears_it():
    rig = two_points()
    out = rig.every_second("TT-1", 50.0, 59)
    assert out == []
    out = rig.every_second("TT-1", 50.0, 1)  # TT-2 never heard from: 60 s since start
    assert brief(out) == [("TT-2", "COMM", True)]
    ev = out[0][0]
    assert ev.text == "通信中断：60 秒无数据" and ev.priority is Priority.MEDIUM and at(out) == [60.0]
    assert rig.every_second("TT-1", 50.0, 30) == []  # raised once
    out = rig.read("TT-2", 50.0, dt=0.5)
    assert brief(out) == [("TT-2", "COMM", False)] and at(out) == [90.5]


def test_comm_timers_start_when_the_evaluator_is_created():
    rig = two_points()
    assert rig.tick(59.9) == []
    out = rig.tick(0.1)
    assert brief(out) == [(ENTERPRISE_POINT, "COMM", True)]  # a plant that never sends anything


def test_an_enterprise_wholly_silent_is_one_alarm():
    rig = two_points()
    rig.read("TT-1", 50.0)
    rig.read("TT-2", 50.0)
    out = rig.every_second("TT-1", 50.0, 60)
    assert brief(out) == [("TT-2", "COMM", True)]
    out = []
    for _ in range(60):
        out += rig.tick(1)
    assert brief(out) == [(ENTERPRISE_POINT, "COMM", True), ("TT-2", "COMM", False)]
    ev = out[0][0]
    assert ev.enterprise == E and ev.text == "企业通信中断：全部测点 60 秒无数据"
    assert CODE_RE.match(ENTERPRISE_POINT)
    assert rig.tick(600) == []  # no per-point alarms while the enterprise alarm stands


def test_the_enterprise_alarm_clears_on_any_reading_and_the_still_silent_points_follow():
    rig = two_points()
    rig.tick(60)
    out = rig.read("TT-1", 50.0, dt=10)
    assert brief(out) == [(ENTERPRISE_POINT, "COMM", False)]
    assert brief(rig.tick(1)) == [("TT-2", "COMM", True)]
    assert brief(rig.read("TT-2", 50.0, dt=1)) == [("TT-2", "COMM", False)]


def test_a_bad_reading_is_still_a_sign_of_life():
    rig = two_points()
    rig.tick(60)
    out = rig.read("TT-1", 50.0, dt=1, quality="bad")
    assert brief(out) == [(ENTERPRISE_POINT, "COMM", False), ("TT-1", "FAULT", True)]


def test_enterprises_are_independent_and_points_out_of_use_are_not_expected():
    other = "91350200MA2XYZ0002"
    rig = Rig(pt("TT-1"), pt("TT-9", in_use=False), pt("TT-1", enterprise=other))
    out = []
    for _ in range(60):
        out += rig.read("TT-1", 50.0, dt=1)
        out += rig.tick()
    assert brief(out) == [(ENTERPRISE_POINT, "COMM", True)]
    assert out[0][0].enterprise == other


def test_silence_cancels_a_pending_delay():
    rig = Rig(pt(h=80.0, on_delay_s=120.0))
    rig.read("TT-1", 85.0)
    out = []
    for _ in range(200):
        out += rig.tick(1)
    assert brief(out) == [(ENTERPRISE_POINT, "COMM", True)]  # no H from a value nobody sees
    out = rig.read("TT-1", 85.0, dt=1)
    assert brief(out) == [(ENTERPRISE_POINT, "COMM", False)]  # the delay starts again


# -- frozen values --------------------------------------------------------------------------------
def test_a_frozen_value_is_suspect_until_it_changes():
    rig = Rig(pt("GT-1", "gas_combustible", h=25.0, hh=50.0))
    out = []
    for _ in range(181):  # a reading every 10 s for 30 minutes, always 3.0 %LEL
        out += rig.read("GT-1", 3.0, dt=10)
        out += rig.tick()
    assert brief(out) == [("GT-1", "SUSPECT", True)]
    ev = out[0][0]
    assert ev.text == "数值冻结：30 分钟未变化" and ev.priority is Priority.LOW
    assert at(out) == [10.0 + 1800.0] and ev.value == 3.0
    assert rig.every_second("GT-1", 3.0, 30) == []
    out = rig.read("GT-1", 3.1, dt=1)
    assert brief(out) == [("GT-1", "SUSPECT", False)]


@pytest.mark.parametrize("value", [0.0, -0.5])
def test_a_value_resting_at_the_bottom_of_the_range_is_never_frozen(value):
    rig = Rig(pt("GT-1", "gas_combustible", h=25.0, hh=50.0))
    out = []
    for _ in range(720):  # 2 hours at 0 %LEL, a reading every 10 s
        out += rig.read("GT-1", value, dt=10)
        out += rig.tick()
    assert out == []


def test_frozen_timeout_per_kind():
    assert DEFAULTS["level"].frozen_s == 7200.0
    rig = Rig(pt("LT-1", "level", 0.0, 10.0, h=9.0))
    out = []
    for _ in range(6):  # one hour at 5.432 m: a tank at rest
        out += rig.read("LT-1", 5.432, dt=600)
        out += rig.tick()
    assert out == []


def test_the_frozen_timer_restarts_after_a_fault_and_after_silence():
    table = {"temperature": EvaluationDefaults(deadband=0.01, on_delay_s=0.0, off_delay_s=0.0, frozen_s=100.0)}
    rig = Rig(pt(), defaults=table)
    rig.read("TT-1", 50.0)
    rig.read("TT-1", 50.0, dt=60)
    rig.read("TT-1", 0.0, dt=1, quality="bad")
    out = rig.read("TT-1", 50.0, dt=1)
    out += rig.read("TT-1", 50.0, dt=60)
    assert brief(out) == [("TT-1", "FAULT", False)]  # 122 s on 50.0, but not 100 s of good readings
    out = rig.tick()
    out += rig.tick(60)  # silent: COMM
    out += rig.read("TT-1", 50.0, dt=1)
    out += rig.read("TT-1", 50.0, dt=60)
    out += rig.tick()
    assert brief(out) == [(ENTERPRISE_POINT, "COMM", True), (ENTERPRISE_POINT, "COMM", False)]
    out = rig.read("TT-1", 50.0, dt=40)
    out += rig.tick()
    assert brief(out) == [("TT-1", "SUSPECT", True)]


# -- what is ignored ------------------------------------------------------------------------------
def test_late_readings_are_ignored():
    rig = Rig(pt(h=80.0, **IMMEDIATE))
    assert brief(rig.read("TT-1", 85.0, dt=10)) == [("TT-1", "H", True)]
    assert rig.read("TT-1", 50.0, at=T0 + 5) == []  # older than the last one seen
    assert rig.read("TT-1", 500.0, at=T0 + 9.9, quality="bad") == []
    assert brief(rig.read("TT-1", 50.0, dt=1)) == [("TT-1", "H", False)]


def test_points_out_of_use_and_unknown_points_are_ignored():
    rig = Rig(pt(h=80.0, **IMMEDIATE), pt("TT-2", h=80.0, in_use=False, **IMMEDIATE))
    assert rig.read("TT-2", 95.0) == []
    assert rig.read("TT-3", 95.0) == []
    assert rig.read("TT-1", 95.0, enterprise="91350200MA2XYZ0009") == []
    out = rig.ev.feed([])
    assert out == []


def test_an_open_registry_evaluates_nothing():
    clock = ManualClock(T0)
    ev = Evaluator(PlantRegistry(), clock)
    assert ev.feed([Reading(E, "TT-1", 1e9, T0)]) == []
    assert ev.tick(T0 + 3600) == []


# -- with the alarm book ----------------------------------------------------------------------------
def test_transitions_drive_the_alarm_book():
    rig = Rig(pt(h=80.0, hh=90.0, **IMMEDIATE))
    book = AlarmBook(rig.clock)

    def apply(transitions):
        for ev, active in transitions:
            if active:
                book.raise_alarm(ev)
            else:
                book.clear_alarm(ev.key, ev.at)

    apply(rig.read("TT-1", 95.0))
    assert sorted(a.condition for a in book.alarms()) == ["H", "HH"]
    apply(rig.read("TT-1", 50.0, dt=1))
    assert {a.state for a in book.alarms()} == {AlarmState.RTN_UNACK}
    assert book.get(f"{E}/TT-1/HH").returned_at == T0 + 1


def test_duration_text():
    assert [duration_text(s) for s in (60, 90, 120, 1800, 3600, 7200)] == [
        "60 秒", "90 秒", "2 分钟", "30 分钟", "60 分钟", "2 小时",
    ]  # fmt: skip
