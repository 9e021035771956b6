"""Nothing missed without the operator knowing (protocol revision 2, docs/protocol.md): a real
Mosquitto killed while the simulator's gateways publish alarms at QoS 1, gateways killed, gaps
in the sequence numbers."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import threading
import time

import paho.mqtt.client as mqtt
import pytest

from console.domain import protocol
from console.domain.alarms import AlarmRaise, Priority, occurrence_id
from console.domain.broker_url import parse_broker_url
from console.domain.link_state import LinkState
from console.domain.system_alarms import GAP_KEY, parse_gap_text
from console.infrastructure.embedded_broker import EmbeddedBroker
from console.infrastructure.settings import Settings
from console.simulator.gateway import EdgeGateway
from console.simulator.plantgen import build_demo_plant
from tests.helpers.console import RunningConsole
from tests.helpers.mqtt import TestPublisher

ENTERPRISES = ("91350200MA2XYZ0001", "91350200MA2XYZ0002")
PACKAGED = 1800  # Debian's mosquitto.conf: persistence on, saved every 30 minutes


def settings_for(broker: EmbeddedBroker, db_path, **overrides) -> Settings:
    values = {
        "broker.host": broker.host, "broker.port": broker.port, "database.url": f"sqlite:///{db_path}",
        "station.name": "test-station", "ui.language": "en", "broker.reconnect_min_s": 1, "broker.reconnect_max_s": 2,
        "broker.keepalive_s": 5,
    }
    values.update(overrides)
    return Settings(values)


@pytest.fixture
def consoles(qtbot):
    """Start consoles with ``consoles(settings, **kw)``; each is closed after the test."""
    started: list[RunningConsole] = []

    def start(settings: Settings, **kw) -> RunningConsole:
        started.append(RunningConsole(qtbot, settings, **kw))
        return started[-1]

    yield start
    for c in started:
        c.close()


def links_lost(console: RunningConsole, enterprise: str) -> int:
    status = console.core.overview.status(enterprise)
    return 0 if status is None else status.links_lost


@pytest.fixture(params=[PACKAGED, None], ids=["packaged-persistence", "no-persistence"])
def site_broker(request, tmp_path):
    """Mosquitto as a site runs it: the packaged persistence setting, or none; killed and
    restarted on the same port by the test."""
    b = EmbeddedBroker(tmp_path / "mosquitto", autosave_interval=request.param)
    b.start()
    yield b
    b.kill()


class Plant(threading.Thread):
    """Two gateways publishing alarm events at a steady pace: a new alarm every 30 ms at each,
    each point raised once (so every occurrence is its own row), cleared five raises later; and
    readings in the background (QoS 0, a batch of 20 with every alarm)."""

    def __init__(self, gateways: list[EdgeGateway]) -> None:
        super().__init__(daemon=True)
        self.gateways = gateways
        self.raised: list[AlarmRaise] = []
        self._lock = threading.Lock()
        self.halt = threading.Event()

    def count(self) -> int:
        with self._lock:
            return len(self.raised)

    def run(self) -> None:
        n = 0
        while not self.halt.is_set():
            for gateway in self.gateways:
                at = round(time.time(), 3)
                event = AlarmRaise(gateway.enterprise, f"GT-{n:04d}", "H", Priority.HIGH, at, value=1.0, threshold=0.5)
                gateway.alarm(event, True)
                with self._lock:
                    self.raised.append(event)
                if n >= 5:
                    gateway.alarm(AlarmRaise(gateway.enterprise, f"GT-{n - 5:04d}", "H", Priority.HIGH, at), False)
                gateway.readings("GW01", [(f"TT-{k:02d}", 20.0 + (n + k) % 7) for k in range(20)], at)
            n += 1
            self.halt.wait(0.03)  # the plant's pace, not a wait for a result


def rows(console: RunningConsole) -> dict[str, tuple]:
    from sqlalchemy import select

    from console.infrastructure.store.schema import AlarmRecord

    return console.run_db(lambda log: {r.id: (r.alarm_key, r.raised_at.timestamp(), r.late, r.text)
                                       for r in log.s.scalars(select(AlarmRecord))})


def audit_actions(console: RunningConsole, action: str) -> list[dict]:
    from sqlalchemy import text

    return console.run_db(lambda log: [json.loads(d) for (d,) in log.s.execute(
        text("SELECT detail FROM audit_log WHERE action = :a ORDER BY seq"), {"a": action})])


def test_no_alarm_lost_when_the_broker_is_killed(qtbot, consoles, site_broker, db_path):
    """Three kills at random moments while the gateways publish: once the gap is closed every
    alarm is in the duty log with its original time, every one raised while the console had no
    link is marked late, none is recorded twice, and each gap raised "alarms may have been missed"
    with its start and end, in the duty log and the audit chain."""
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    console = consoles(settings_for(site_broker, db_path))
    address = parse_broker_url(site_broker.url)
    topics = protocol.Topics()
    gateways = [EdgeGateway(address, e, topics) for e in ENTERPRISES]
    plant = Plant(gateways)
    outages: list[tuple[float, float]] = []  # the broker dead: from its kill to its restart
    links: list[list[float]] = []  # the console's link down, as it saw it

    def on_state(state, _detail) -> None:
        if state is LinkState.DISCONNECTED and (not links or len(links[-1]) == 2):
            links.append([time.time()])
        elif state is LinkState.CONNECTED and links and len(links[-1]) == 1:
            links[-1].append(time.time())

    console.core.link.state_changed.connect(on_state)
    try:
        for g in gateways:
            g.start()
        qtbot.waitUntil(lambda: len(console.core.gaps.gateways()) == 2, timeout=10_000)  # their births seen
        plant.start()
        qtbot.waitUntil(lambda: plant.count() >= 100, timeout=20_000)  # a second and a half of alarms delivered live
        for _kill in range(3):
            target = plant.count() + rng.randrange(10, 60)
            qtbot.waitUntil(lambda t=target: plant.count() >= t, timeout=20_000)
            site_broker.kill()
            dead = time.time()
            qtbot.waitUntil(lambda: console.core.link.state is LinkState.DISCONNECTED, timeout=10_000)
            target = plant.count() + rng.randrange(10, 200)  # the broker stays down (0.2 to 3 s) while the plant goes on
            qtbot.waitUntil(lambda t=target: plant.count() >= t, timeout=20_000)
            outages.append((dead, time.time()))
            site_broker.start()
            console.wait_connected(timeout=15_000)
        target = plant.count() + rng.randrange(10, 40)
        qtbot.waitUntil(lambda t=target: plant.count() >= t, timeout=20_000)
        plant.halt.set()
        plant.join(5)
        expected = {occurrence_id(e.key, e.at): e for e in plant.raised}

        def closed() -> bool:
            gap = console.core.book.get(GAP_KEY)
            return not console.core.gaps.gap_open and (gap is None or not gap.state.active) and expected.keys() <= rows(console).keys()

        try:
            qtbot.waitUntil(closed, timeout=30_000)
        except Exception:
            missing = sorted(expected.keys() - rows(console).keys())
            raise AssertionError(f"seed {seed}: gap open {console.core.gaps.gap_open}, owing {console.core.gaps.owing()}, "
                                 f"{len(missing)} missing: {[(expected[m].key, expected[m].at) for m in missing[:5]]}, "
                                 f"outages {outages}, gateways {console.core.gaps.gateways()}") from None
    finally:
        plant.halt.set()
        for g in gateways:
            g.stop()
    assert console.core.intake.readings > 0 and console.core.intake.rejected == 0
    recorded = rows(console)
    plant_rows = {k: v for k, v in recorded.items() if v[0].split("/")[0] in ENTERPRISES and v[0].endswith("/H")}
    assert plant_rows.keys() == expected.keys(), f"seed {seed}"  # none missing, none twice
    windows = outages  # raised while the broker was dead: none of these can have arrived in time
    assert len(links) == 3 and all(len(w) == 2 for w in links), links
    late = 0
    for oid, event in expected.items():
        key, raised_at, is_late, _text = plant_rows[oid]
        assert key == event.key and abs(raised_at - event.at) < 1e-6  # the original time
        if any(start <= event.at <= end for start, end in windows):
            assert is_late == 1, (f"{key} raised at {event.at} during an outage is not marked late (seed {seed}); "
                                  f"outages {windows}, console's {list(console.core.intake.late._outages)}")
        late += is_late
    before = [oid for oid, e in expected.items() if e.at < outages[0][0] - 0.5]
    assert before and not any(plant_rows[oid][2] for oid in before)  # delivered live: not late
    assert late >= sum(1 for e in expected.values() if any(s <= e.at <= t for s, t in windows)) > 0
    gaps = audit_actions(console, "link.gap")
    assert len(gaps) == 3
    for gap, (lost, back) in zip(gaps, links, strict=True):
        start, end = parse_gap_text(gap["text"])
        assert abs(start - lost) < 0.5 and abs(end - back) < 0.5 and start < end
    print(f"seed {seed}: {len(expected)} alarms, {late} late, outages {[round(t - s, 1) for s, t in windows]} s, "
          f"{console.core.gaps.requests} replay requests, {console.core.intake.late.ignored} late duplicates ignored")
    assert not [v for v in recorded.values() if v[0].endswith("/SUSPECT")]  # no sequence gap claimed falsely
    gap_rows = [v for v in recorded.values() if v[0] == GAP_KEY]
    assert gap_rows and parse_gap_text(gap_rows[0][3]) is not None


def test_a_killed_gateway_process_shows_lost_communication_within_2_s(qtbot, consoles, broker, db_path, tmp_path):
    """SIGKILL of the simulator (one gateway per enterprise): the broker publishes every
    gateway's last will, and every enterprise shows lost communication within 2 s (the bound of
    the issue; on loopback it takes milliseconds, so the bound holds on a loaded machine)."""
    plant = build_demo_plant()
    plant_file = tmp_path / "plant.json"
    plant.save(plant_file)
    console = consoles(settings_for(broker, db_path), registry=plant)
    overview = console.core.overview
    codes = [e.code for e in plant.enterprises()]
    sim = subprocess.Popen([sys.executable, "-m", "console", "simulate", "--broker", broker.url, "--plant", str(plant_file),
                            "--excursions-per-hour", "0"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        qtbot.waitUntil(lambda: len(console.core.gaps.gateways()) == len(codes), timeout=30_000)
        assert all(overview.status(c).links_lost == 0 for c in codes)
        sim.send_signal(signal.SIGKILL)
        killed = time.monotonic()
        qtbot.waitUntil(lambda: all(overview.status(c).links_lost >= 1 for c in codes), timeout=2_000)
        assert time.monotonic() - killed <= 2.0
    finally:
        sim.kill()
        sim.wait(10)
    alarm = console.core.book.get(f"{codes[0]}/SIM/COMM")
    assert alarm is not None and alarm.state.active


def test_a_gateway_dropped_without_disconnect_shows_lost_communication_within_2_s(qtbot, consoles, broker, db_path):
    """A plain paho gateway with a last will whose connection drops without DISCONNECT."""
    console = consoles(settings_for(broker, db_path))
    topics = protocol.Topics()
    ent = ENTERPRISES[0]
    connected = threading.Event()
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id="gw-will-test")
    client.will_set(topics.gateway_state(ent, "G7"), protocol.encode_gateway_state(False), qos=1, retain=True)
    client.on_connect = lambda *_a: connected.set()
    client.connect(broker.host, broker.port, keepalive=30)
    client.loop_start()
    try:
        assert connected.wait(10)
        client.publish(topics.gateway_state(ent, "G7"), protocol.encode_gateway_state(True, time.time(), 0), qos=1,
                       retain=True).wait_for_publish(10)
        qtbot.waitUntil(lambda: (ent, "G7") in console.core.gaps.gateways(), timeout=5_000)
        assert links_lost(console, ent) == 0
        client.loop_stop()
        client.socket().close()  # the connection drops: no DISCONNECT packet, so the broker sends the will
        dropped = time.monotonic()
        qtbot.waitUntil(lambda: links_lost(console, ent) == 1, timeout=2_000)
        assert time.monotonic() - dropped <= 2.0
    finally:
        client.loop_stop()
    assert console.core.book.get(f"{ent}/G7/COMM").state.active
    # Its rebirth: communication back at once.
    with TestPublisher(broker.host, broker.port) as gw:
        gw.publish(topics.gateway_state(ent, "G7"), protocol.encode_gateway_state(True, time.time(), 0), retain=True)
        qtbot.waitUntil(lambda: links_lost(console, ent) == 0, timeout=5_000)


def test_a_sequence_gap_raises_a_quality_alarm_with_the_missing_count(qtbot, consoles, broker, db_path):
    console = consoles(settings_for(broker, db_path))
    topics = protocol.Topics()
    ent = ENTERPRISES[1]
    with TestPublisher(broker.host, broker.port) as gw:
        gw.subscribe(topics.replay_request(ent))
        now = time.time()
        gw.publish(topics.gateway_state(ent, "G1"), protocol.encode_gateway_state(True, now, 41), retain=True)
        for k, seq in enumerate((41, 42, 43, 50)):  # 44 … 49 never arrive: 6 missing
            event = AlarmRaise(ent, f"PT-{k}", "H", Priority.HIGH, now + k * 0.001)
            gw.publish(topics.alarm(ent, event.point), protocol.encode_alarm(event, True, seq=seq, gateway="G1"))
        qtbot.waitUntil(lambda: console.core.book.get(f"{ent}/G1/SUSPECT") is not None, timeout=5_000)
        alarm = console.core.book.get(f"{ent}/G1/SUSPECT")
        assert alarm.text.startswith("6 alarm messages missing from gateway G1 of " + ent)
        assert all(console.core.book.get(f"{ent}/PT-{k}/H") is not None for k in range(4))

        def asked() -> list[dict]:
            return [json.loads(p) for _t, p in gw.messages(topics.replay_request(ent))]

        qtbot.waitUntil(lambda: any(r.get("from_seq") == 44 for r in asked()), timeout=5_000)
        request = next(r for r in asked() if r.get("from_seq") == 44)
        assert request["gateway"] == "G1" and request["station"] == "test-station"
        # The gateway answers from its buffer: the missing ones, late, with their own times and numbers.
        for seq in range(44, 50):
            event = AlarmRaise(ent, f"LT-{seq}", "HH", Priority.CRITICAL, now - 5 + seq * 0.01)
            gw.publish(topics.alarm(ent, event.point), protocol.encode_alarm(event, True, seq=seq, gateway="G1", replay=True))
        gw.publish(topics.replay_done(ent, "G1"), protocol.encode_replay_done(request["id"], time.time(), 6, 0, True, 51))
        qtbot.waitUntil(lambda: not console.core.book.get(f"{ent}/G1/SUSPECT").state.active, timeout=5_000)
        for seq in range(44, 50):
            late = console.core.book.get(f"{ent}/LT-{seq}/HH")
            assert late is not None and late.late and abs(late.raised_at - (now - 5 + seq * 0.01)) < 1e-3
        assert console.core.book.get(f"{ent}/PT-0/H").late is False


def test_the_simulator_gateway_holds_while_no_console_is_online_and_answers_replays(qtbot, broker):
    topics = protocol.Topics()
    ent = ENTERPRISES[0]
    with TestPublisher(broker.host, broker.port) as room:
        room.subscribe("dc/v1/#")
        room.publish(topics.console_state("room-1"), b'{"v":1,"state":"offline"}', retain=True)  # a console known, not online
        gateway = EdgeGateway(parse_broker_url(broker.url), ent, topics)
        gateway.start()
        try:
            qtbot.waitUntil(lambda: bool(room.messages(topics.gateway_state(ent, "SIM"))), timeout=10_000)
            birth = json.loads(room.messages(topics.gateway_state(ent, "SIM"))[0][1])
            assert birth["state"] == "online" and birth["seq"] == 0
            qtbot.waitUntil(lambda: gateway.holding, timeout=5_000)
            at = round(time.time(), 3)
            gateway.alarm(AlarmRaise(ent, "P1", "HH", Priority.CRITICAL, at), True)  # held
            room.publish(topics.console_state("room-1"), b'{"v":1,"state":"online"}', retain=True)
            qtbot.waitUntil(lambda: bool(room.messages(topics.alarm(ent, "P1"))), timeout=5_000)
            order = [t for t, _p in room.messages()]
            assert order.index(topics.alarm(ent, "P1")) > order.index(topics.console_state("room-1"))  # only once a console was there
            held = json.loads(room.messages(topics.alarm(ent, "P1"))[0][1])
            assert held["replay"] is True and held["seq"] == 0 and held["gw"] == "SIM" and held["ts"] == round(at * 1000)
            gateway.alarm(AlarmRaise(ent, "P2", "H", Priority.HIGH, at + 0.5), True)  # live
            qtbot.waitUntil(lambda: bool(room.messages(topics.alarm(ent, "P2"))), timeout=5_000)
            live = json.loads(room.messages(topics.alarm(ent, "P2"))[0][1])
            assert "replay" not in live and live["seq"] == 1
            request = protocol.ReplayRequest("req-1", "room-1", at - 1, None, "", True)
            room.publish(topics.replay_request(ent), protocol.encode_replay_request(request, time.time()))
            qtbot.waitUntil(lambda: bool(room.messages(topics.replay_done(ent, "SIM"))), timeout=5_000)
            done = json.loads(room.messages(topics.replay_done(ent, "SIM"))[0][1])
            assert (done["id"], done["sent"], done["active"], done["complete"], done["seq"]) == ("req-1", 2, 2, True, 2)
            again = [json.loads(p) for t, p in room.messages(f"dc/v1/{ent}/alarms/")]
            assert len(again) == 2 + 2 + 2 and all(m["replay"] for m in again[2:])
            assert sorted(m.get("seq", -1) for m in again[2:]) == [-1, -1, 0, 1]  # the active alarms are not numbered again
        finally:
            gateway.stop()
        qtbot.waitUntil(lambda: json.loads(room.messages(topics.gateway_state(ent, "SIM"))[-1][1])["state"] == "offline", timeout=5_000)


def test_a_broker_that_keeps_the_session_delivers_late_without_a_gap_alarm(qtbot, consoles, broker, db_path):
    """Mosquitto stopped in order (it saves the sessions) and restarted: the console's session is
    there, what was held or queued arrives with its own time, marked late; no gap alarm."""
    console = consoles(settings_for(broker, db_path))
    topics = protocol.Topics()
    gateway = EdgeGateway(parse_broker_url(broker.url), ENTERPRISES[0], topics)
    gateway.start()
    try:
        qtbot.waitUntil(lambda: len(console.core.gaps.gateways()) == 1, timeout=10_000)
        broker.stop()
        qtbot.waitUntil(lambda: console.core.link.state is LinkState.DISCONNECTED, timeout=10_000)
        down = [AlarmRaise(ENTERPRISES[0], f"PT-{n}", "HH", Priority.CRITICAL, round(time.time(), 3) + n * 0.001) for n in range(5)]
        for event in down:
            gateway.alarm(event, True)
        broker.start()
        console.wait_connected(timeout=15_000)
        assert console.core.link.state_detail == "session present"
        qtbot.waitUntil(lambda: all(console.core.book.get(e.key) is not None for e in down), timeout=10_000)
    finally:
        gateway.stop()
    for event in down:
        alarm = console.core.book.get(event.key)
        assert alarm.late and alarm.raised_at == pytest.approx(event.at, abs=1e-6)
    assert console.core.book.get(GAP_KEY) is None and not console.core.gaps.gap_open


def test_first_revision_gateways_keep_working_and_the_gap_alarm_says_so(qtbot, consoles, tmp_path, db_path):
    """No gateway of revision 2 on the broker: nobody can be asked, so after a lost session the gap
    alarm is raised and returns to normal at once, still to be acknowledged; plain alarm events
    (no number, no birth) are taken as ever."""
    b = EmbeddedBroker(tmp_path / "mosquitto", autosave_interval=None)
    b.start()
    try:
        console = consoles(settings_for(b, db_path))
        topics = protocol.Topics()
        ent = ENTERPRISES[0]
        with TestPublisher(b.host, b.port) as old:
            old.publish(topics.alarm(ent, "GT-1"), json.dumps({"v": 1, "ts": int(time.time() * 1000), "condition": "H",
                                                               "state": "raised"}))
            qtbot.waitUntil(lambda: console.core.book.get(f"{ent}/GT-1/H") is not None, timeout=5_000)
        assert not console.core.book.get(f"{ent}/GT-1/H").late
        b.kill()
        qtbot.waitUntil(lambda: console.core.link.state is LinkState.DISCONNECTED, timeout=10_000)
        b.start()
        console.wait_connected(timeout=15_000)
        gap = console.core.book.get(GAP_KEY)
        assert gap is not None and gap.priority == Priority.CRITICAL and gap.state.needs_ack and not gap.state.active
        start, end = parse_gap_text(gap.text)
        assert start < end
        with TestPublisher(b.host, b.port) as old:
            old.publish(topics.alarm(ent, "GT-2"), json.dumps({"v": 1, "ts": int(time.time() * 1000), "condition": "H",
                                                               "state": "raised"}))
            qtbot.waitUntil(lambda: console.core.book.get(f"{ent}/GT-2/H") is not None, timeout=5_000)
        assert not console.core.book.get(f"{ent}/GT-2/H").late
        assert console.core.intake.rejected == 0
    finally:
        b.kill()


def test_an_old_retained_birth_does_not_count_what_was_sent_before_the_console_listened(qtbot, consoles, broker, db_path):
    """A gateway born an hour ago has numbered 500 alarm events since; a console starting now
    reads its retained birth: no gap of 500 is claimed, numbering is checked from the next event on."""
    topics = protocol.Topics()
    ent = ENTERPRISES[1]
    with TestPublisher(broker.host, broker.port) as gw:
        gw.publish(topics.gateway_state(ent, "G1"), protocol.encode_gateway_state(True, time.time() - 3600, 0), retain=True)
        console = consoles(settings_for(broker, db_path))
        qtbot.waitUntil(lambda: (ent, "G1") in console.core.gaps.gateways(), timeout=5_000)
        now = time.time()
        for k, seq in enumerate((500, 501, 503)):  # 502 missing
            event = AlarmRaise(ent, f"PT-{k}", "H", Priority.HIGH, now + k * 0.001)
            gw.publish(topics.alarm(ent, event.point), protocol.encode_alarm(event, True, seq=seq, gateway="G1"))
        qtbot.waitUntil(lambda: console.core.book.get(f"{ent}/PT-2/H") is not None, timeout=5_000)
        gap = console.core.book.get(f"{ent}/G1/SUSPECT")
        assert gap is not None and gap.repeats == 1 and gap.text.startswith("1 alarm messages missing")
