"""The built-in plant simulator: demo plant, value/alarm engine and MQTT publisher."""

from __future__ import annotations

import json
import re
import threading
import time
from collections import defaultdict

import numpy as np
import pytest

from console.domain import protocol
from console.domain.plant import KINDS, PlantRegistry
from console.simulator.engine import PlantSimulator, plan_gateways
from console.domain.credit_code import is_valid as is_valid_credit_code
from console.simulator.plantgen import build_demo_plant
from console.domain.broker_url import BrokerAddress, parse_broker_url
from console.simulator.publisher import main, run_simulator

T0 = 1_767_225_600.0  # 2026-01-01T00:00:00Z

# An independent GB 32100-2015 check, so the product's own is not graded by itself.
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def check_char(first17: str) -> str:
    return ALPHABET[(31 - sum(ALPHABET.index(c) * w for c, w in zip(first17, WEIGHTS, strict=True)) % 31) % 31]


@pytest.fixture(scope="module")
def plant() -> PlantRegistry:
    return build_demo_plant()


def points(plant: PlantRegistry):
    return [p for e in plant.enterprises() for p in e.points.values()]


def wait_until(predicate, timeout: float) -> bool:
    """Bounded polling, for what happens in other threads and processes."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            return False
        threading.Event().wait(0.01)
    return True


# -- the demo plant -------------------------------------------------------------
def test_demo_plant_has_the_scale_of_the_programme(plant):
    assert plant.counts() == (20, 648, 127)
    sizes = sorted(len(e.points) for e in plant.enterprises())
    assert sizes[-1] == 120 and len(set(sizes)) > 10
    assert len({len(e.cameras) for e in plant.enterprises()}) > 5


def test_credit_codes_have_valid_check_characters_and_are_unique(plant):
    codes = [e.code for e in plant.enterprises()]
    assert len(set(codes)) == 20
    for code in codes:
        assert len(code) == 18 and code.startswith("91") and code[2:6] == "3502"
        assert not set(code) & set("IOZSV")
        assert code[17] == check_char(code[:17])
        assert is_valid_credit_code(code)
        wrong = code[:17] + ALPHABET[(ALPHABET.index(code[17]) + 1) % 31]
        assert not is_valid_credit_code(wrong)
    # Published examples of valid codes.
    assert is_valid_credit_code("91110000600037341L") and is_valid_credit_code("91110000802100433B")


def test_names_are_chinese_and_unique(plant):
    names = [e.name for e in plant.enterprises()]
    assert len(set(names)) == 20
    assert all(n.startswith("厦门") and n.endswith("有限公司") for n in names)
    assert all(re.search(r"[\u4e00-\u9fff]", p.name) for p in points(plant))


def test_points_have_codes_kinds_and_ordered_thresholds(plant):
    all_points = points(plant)
    for p in all_points:
        assert protocol.CODE_RE.match(p.code) and re.match(r"^(GT|AT|TT|PT|LT|FT)-\d{4,}$", p.code)
        assert p.kind in KINDS and p.unit and p.area and p.in_use
        assert p.range_low < p.range_high
        present = [t for t in (p.ll, p.l, p.h, p.hh) if t is not None]
        assert present == sorted(present), p
        assert all(p.range_low <= t <= p.range_high for t in present), p
        if p.kind.startswith("gas"):
            assert p.ll is None and p.l is None and p.h is not None and p.hh is not None
        if p.kind == "gas_combustible":
            assert (p.unit, p.range_low, p.range_high) == ("%LEL", 0.0, 100.0)
            assert (p.h, p.hh) in ((20.0, 40.0), (25.0, 50.0))
        if p.kind == "gas_toxic":
            assert p.unit == "ppm" and p.hh == 2 * p.h
        if p.kind == "level":
            assert None not in (p.ll, p.l, p.h, p.hh) and p.unit == "m"
    kinds = {p.kind for p in all_points}
    assert kinds == set(KINDS)
    gas_share = sum(p.kind.startswith("gas") for p in all_points) / len(all_points)
    assert 0.55 <= gas_share <= 0.65


def test_cameras_belong_to_their_enterprise(plant):
    all_codes = [c.code for e in plant.enterprises() for c in e.cameras.values()]
    assert len(set(all_codes)) == 127
    for e in plant.enterprises():
        for c in e.cameras.values():
            assert c.url == f"rtsp://127.0.0.1:8554/{c.code}" and re.search(r"[\u4e00-\u9fff]", c.name)
        for p in e.points.values():
            assert len(p.cameras) <= 2 and set(p.cameras) <= set(e.cameras)
    assert sum(bool(p.cameras) for p in points(plant)) > 300


def test_demo_plant_is_deterministic_and_survives_json(plant):
    assert build_demo_plant(2023).to_dict() == plant.to_dict()
    assert build_demo_plant(7).to_dict() != plant.to_dict()
    assert build_demo_plant(7).counts() == (20, 648, 127)
    again = PlantRegistry.from_dict(json.loads(json.dumps(plant.to_dict(), ensure_ascii=False)))
    assert again.to_dict() == plant.to_dict()


def test_write_plant_command(tmp_path):
    path = tmp_path / "plant.json"
    assert main(["--write-plant", str(path)]) == 0
    assert PlantRegistry.load(path).counts() == (20, 648, 127)


# -- the engine -----------------------------------------------------------------
def test_gateways_hold_8_to_40_points_each(plant):
    gateways = plan_gateways(plant)
    seen = [(g.enterprise, code) for g in gateways for code in g.points]
    assert len(seen) == len(set(seen)) == 648
    assert all(8 <= len(g.points) <= 40 for g in gateways)
    assert all(re.match(r"^GW\d\d$", g.code) for g in gateways)


def run(sim: PlantSimulator, seconds: int, dt: float = 1.0):
    return [sim.step(T0 + k * dt, dt if k else 0.0) for k in range(int(seconds / dt))]


def test_engine_is_deterministic_for_a_seed(plant):
    a, b, c = (run(PlantSimulator(plant, seed=s), 120) for s in (5, 5, 6))
    assert [(s.batches, s.alarms) for s in a] == [(s.batches, s.alarms) for s in b]
    assert [s.batches for s in a] != [s.batches for s in c]


def test_engine_raises_and_clears_alarms_and_stays_in_range(plant):
    sim = PlantSimulator(plant, seed=11)
    order = {(p.enterprise, p.code): i for i, p in enumerate(sim.points)}
    lo = np.array([p.range_low for p in sim.points])
    hi = np.array([p.range_high for p in sim.points])
    raised: dict[str, list[float]] = defaultdict(list)
    active: set[str] = set()
    clears = 0
    for step in run(sim, 3600):
        values = np.empty(len(order))
        for ent, _gw, readings in step.batches:
            for code, value in readings:
                values[order[(ent, code)]] = value
        assert step.readings == 648 and np.all((lo <= values) & (values <= hi))
        for event, is_active in step.alarms:
            assert event.condition in ("H", "HH", "L", "LL") and event.text.endswith("报")
            assert event.priority == protocol.DEFAULT_PRIORITY[event.condition] and event.at == step.at
            if is_active:
                assert event.key not in active
                upper = event.condition in ("H", "HH")
                assert event.value >= event.threshold if upper else event.value <= event.threshold
                active.add(event.key)
                raised[event.key].append(event.at)
            else:
                assert event.key in active
                active.remove(event.key)
                clears += 1
    total = sum(len(v) for v in raised.values())
    assert 40 <= total <= 180  # a new alarm every ~20-90 s across the plant
    assert clears >= total - 5  # excursions recover
    assert {k.rsplit("/", 1)[1] for k in raised} >= {"H", "HH", "L"}
    for times in raised.values():  # the deadband prevents chattering (3 in 60 s)
        assert all(t2 - t0 > 60 for t0, t2 in zip(times, times[2:], strict=False))


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 2023])
def test_first_alarm_comes_within_seconds(plant, seed):
    sim = PlantSimulator(plant, seed=seed)
    first = next(k for k, step in enumerate(run(sim, 120)) if step.alarms)
    assert first <= 25


# -- the demo's rate, and a flood on purpose ------------------------------------------
def _raises(steps) -> list:
    return [event for step in steps for event, active in step.alarms if active]


def _flood_started_at(raises) -> float | None:
    """When the console's own flood rule (more than 10 new alarms in 10 minutes) would start a flood."""
    from console.domain.clock import ManualClock
    from console.domain.flood import FloodDetector

    clock = ManualClock(T0)
    detector = FloodDetector(clock)
    for event in raises:
        clock.set(event.at)
        if detector.record_new_alarm():
            return event.at - T0
    return None


@pytest.mark.parametrize("seed", [2, 2023])  # 2023: the demo's own
def test_demo_plant_is_calm(plant, seed):
    """A few alarms in the first minutes and none of the flood a duty room should not meet first."""
    from console.shell.demo import DEMO_EXCURSIONS_PER_HOUR

    raises = _raises(run(PlantSimulator(plant, seed=seed, excursions_per_hour=DEMO_EXCURSIONS_PER_HOUR), 1800))
    assert raises[0].at - T0 <= 25  # something to see at once
    assert 1 <= sum(e.at - T0 < 600 for e in raises) <= 6  # the first ten minutes
    assert len(raises) <= 12  # about two in ten minutes over half an hour
    assert _flood_started_at(raises) is None


@pytest.mark.parametrize("seed", [1, 2023])
def test_a_plant_upset_floods_on_purpose(plant, seed):
    from console.shell.demo import DEMO_EXCURSIONS_PER_HOUR
    from console.simulator.engine import FLOOD_SPREAD_S

    raises = _raises(run(PlantSimulator(plant, seed=seed, excursions_per_hour=DEMO_EXCURSIONS_PER_HOUR, flood_after=120.0), 400))
    started = _flood_started_at(raises)
    assert started is not None and 120.0 < started < 120.0 + FLOOD_SPREAD_S
    burst = [e for e in raises if 120.0 <= e.at - T0 <= 120.0 + FLOOD_SPREAD_S + 30]
    assert len(burst) > 30
    assert len({e.enterprise for e in burst}) == len(plant.enterprises())  # across every enterprise
    assert sum(e.at - T0 < 120.0 for e in raises) <= 4  # calm before it


def test_cli_flood_options_reach_the_simulator(monkeypatch):
    from console.shell import demo
    from console.shell.cli import parser

    args = parser().parse_args(["demo", "--flood"])
    assert args.flood and args.flood_after is None
    assert parser().parse_args(["demo", "--flood-after", "5"]).flood_after == 5.0
    started: list[list[str]] = []
    monkeypatch.setattr(demo.subprocess, "Popen", lambda cmd: started.append(cmd))
    settings = demo.Settings()
    settings.set("broker.host", "127.0.0.1")
    settings.set("broker.port", 1883)
    settings.set("plant.file", "plant.json")
    demo.start_simulator(settings, flood_after=demo.DEMO_FLOOD_AFTER_S)
    demo.start_simulator(settings)
    with_flood, calm = started
    assert with_flood[with_flood.index("--flood-after") + 1] == str(demo.DEMO_FLOOD_AFTER_S)
    assert "--flood-after" not in calm
    assert calm[calm.index("--excursions-per-hour") + 1] == str(demo.DEMO_EXCURSIONS_PER_HOUR)


def test_alarm_events_round_trip_through_the_protocol(plant):
    topics = protocol.Topics()
    events = [e for step in run(PlantSimulator(plant, seed=3), 600) for e in step.alarms]
    assert events
    for event, active in events:
        msg = protocol.parse(topics, topics.alarm(event.enterprise, event.point), protocol.encode_alarm(event, active), T0 + 600)
        assert isinstance(msg, protocol.AlarmEvent) and msg.active == active
        assert msg.raised == event


# -- the publisher --------------------------------------------------------------
def test_broker_urls():
    assert parse_broker_url("mqtt://127.0.0.1:1884") == BrokerAddress("127.0.0.1", 1884, False)
    assert parse_broker_url("mqtts://sim:p%40ss@broker.example") == BrokerAddress("broker.example", 8883, True, "sim", "p@ss")
    with pytest.raises(ValueError):
        parse_broker_url("http://127.0.0.1")


def test_publishes_the_plant_end_to_end(broker, publisher, plant):
    publisher.subscribe("dc/v1/#", qos=1)
    rate, stop, result = 6480.0, threading.Event(), {}
    gateways = len(plan_gateways(plant))

    def target():
        result.update(run_simulator(broker.url, rate=rate, plant=plant, stop=stop))

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    # 10 steps a second: 20 steps is ~2 s of publishing.
    assert wait_until(lambda: len(publisher.messages("dc/v1/")) >= 20 * gateways, 15)
    stop.set()
    thread.join(10)
    assert not thread.is_alive() and result
    assert 1.5 < result["seconds"] < 10
    assert abs(result["readings"] / result["seconds"] - rate) <= 0.2 * rate
    assert result["messages"] == result["readings"] / 648 * gateways + result["alarms"]

    topics = protocol.Topics()
    received = lambda: sum(n for t, p in publisher.messages("dc/v1/") if "/readings/" in t for n in [p.count(b'"point"')])  # noqa: E731
    assert wait_until(lambda: received() >= result["readings"], 5)
    batches = 0
    for topic, payload in publisher.messages("dc/v1/"):
        msg = protocol.parse(topics, topic, payload, time.time())
        if isinstance(msg, protocol.ReadingBatch):
            batches += 1
            assert re.match(r"^GW\d\d$", msg.gateway) and 8 <= len(msg.readings) <= 40
            for reading in msg.readings:
                assert plant.check(reading.enterprise, reading.point) is None
                point = plant.point(reading.enterprise, reading.point)
                assert point.range_low <= reading.value <= point.range_high
                assert abs(reading.at - time.time()) < 30
    assert batches == result["messages"] - result["alarms"]


def test_simulate_command_floods_on_purpose(broker, publisher):
    """``duty-console simulate --flood-after``: with no ordinary excursions, the alarms that come are
    the upset's, from several enterprises within seconds."""
    publisher.subscribe("dc/v1/+/alarms/#", qos=1)
    assert main(["--broker", broker.url, "--duration", "11", "--excursions-per-hour", "0", "--flood-after", "0"]) == 0
    topics = protocol.Topics()

    def raised() -> list:
        return [msg for topic, payload in publisher.messages("dc/v1/") for msg in [protocol.parse(topics, topic, payload, time.time())]
                if isinstance(msg, protocol.AlarmEvent) and msg.active]

    assert wait_until(lambda: len(raised()) >= 3, 5), raised()
    assert len({m.raised.enterprise for m in raised()}) >= 2
