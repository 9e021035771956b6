"""Ingest benchmark: the real console pipeline against a bare paho subscriber, same broker, same run.

    .venv/bin/python benchmarks/ingest.py [--quick] [--no-window] [--no-pin] [--tcp-nodelay]
                                           [--publishers N] [--profile]

Set-up (all real, nothing mocked)
  * Mosquitto started here (console.infrastructure.embedded_broker.EmbeddedBroker: loopback, free port, the
    product's config; --tcp-nodelay adds ``set_tcp_nodelay true`` for diagnosis);
  * the console built by console.shell.app.build_core with Settings pointing at that broker and at a
    temporary SQLite duty log, validating against the demo plant (build_demo_plant: 20
    enterprises, 648 points), its alarm engine evaluating every reading. By default the main
    window is built and shown too (offscreen), as in production; --no-window runs the core
    alone. This process runs the Qt event loop during every measurement and never blocks it;
  * a bare paho 2.x subscriber (loop_start; on_message counts, and notes time.time() for QoS 1
    messages) in this same process, next to the idle console;
  * publishers in separate processes (multiprocessing, spawn), so their GIL never competes with
    the consumer's. They drive paho without a network thread: publish() writes straight to the
    socket and, when the socket is full, the publisher waits for it;
  * on 2+ CPUs, broker and publishers are pinned to the first CPU and this process to the
    others (--no-pin: no pinning), so both consumers get the same CPU whatever the scheduler does.

Each workload runs twice, back to back: on topic root ``bl/v1``, where only the bare subscriber
listens, then on ``dc/v1``, where only the console listens. Same root length, so the packets are
byte for byte the same size. Before and after each run the consumer's backlog drains (its counter
stops moving) and the duty-log writer goes idle. Readings carry values of the plant in normal
operation (PlantSimulator without excursions): the console's own evaluation raises no alarm.

1-2. Sustained intake: one reading per message (protocol.encode_readings, real points, on their
     simulator gateway's topic), QoS 0, flooded for a fixed time. Rate = messages the consumer
     handled (bare: on_message calls; console: core.intake.messages) from the end of a warm-up
     to the end of the flood, divided by that time. CPU = this process's CPU time over the same
     window (100 % = one core); CPU us/msg = CPU time per handled message.
3.   Batched intake: the same with 100 readings per message (points of one enterprise, cycled
     when it has fewer). Console: core.intake.readings per second; bare: messages/s x 100.
     A flooding publisher holds back while the consumer is far behind it ("held s", LEAD_*),
     so the backlog to drain stays bounded; the consumer is never short of work meanwhile.
4.   Alarm latency: QoS 1 alarm events (protocol.encode_alarm, a new enterprise/point/condition
     each, ts = publish time) at a fixed rate, while a second process publishes background
     readings at a fixed rate, as simulator gateway batches of 8-40 readings ("batched") or one
     reading per message ("single"). Latency = time.time() in the alarm publisher just before
     publish() to time.time() here when the alarm is in the model (AlarmFeed.changed,
     ADDED/RAISED, on the GUI thread) or, for the bare subscriber, in its on_message. Same
     machine, same clock. The latency publishers set TCP_NODELAY on their own sockets.

Exit status: 0 whether or not the targets are met; 1 on errors (including any benchmark message
the console rejects).
"""

from __future__ import annotations

import argparse
import json
import logging
import multiprocessing as mp
import os
import platform
import queue
import socket
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import paho.mqtt.client as mqtt  # noqa: E402
from paho.mqtt.enums import CallbackAPIVersion  # noqa: E402

from console.domain import protocol  # noqa: E402
from console.domain.alarms import AlarmRaise, alarm_key  # noqa: E402

CONSOLE_ROOT = "dc/v1"
BARE_ROOT = "bl/v1"  # same length as the console's root: identical packet sizes
assert len(CONSOLE_ROOT) == len(BARE_ROOT)

TARGET_RATIO = 0.8
TARGET_BATCHED_READINGS_S = 50_000
TARGET_P99_MS = 50.0
TARGET_BACKGROUND = 2_000  # readings/s of the target latency case
# A flooding publisher holds back while the consumer is this far behind it (messages or readings,
# whichever is reached first), so that the backlog stays bounded: seconds of console work, and
# well below the broker's queue limit (EmbeddedBroker: max_queued_messages 100000), beyond which
# Mosquitto drops QoS 0 messages.
LEAD_MESSAGES = 50_000
LEAD_READINGS = 250_000
PRODUCER_CPUS: tuple[int, ...] = ()  # CPUs for publisher processes (set by bench() when pinning)


@dataclass(frozen=True)
class Plan:
    flood_s: float  # length of each flood
    warmup_s: float  # start of the flood not counted
    alarm_s: float  # length of each latency run
    alarms_per_s: float
    backgrounds: tuple[tuple[int, str], ...]  # (readings/s, "gateway" | "single")
    batch: int = 100


FULL = Plan(flood_s=5.0, warmup_s=1.0, alarm_s=6.0, alarms_per_s=20.0,
            backgrounds=((0, "gateway"), (2_000, "gateway"), (10_000, "gateway"), (2_000, "single")))
QUICK = Plan(flood_s=2.0, warmup_s=0.5, alarm_s=2.5, alarms_per_s=20.0,
             backgrounds=((0, "gateway"), (2_000, "gateway")))


# ---------------------------------------------------------------------------------------
# Publisher processes (no Qt in here: spawned children import only paho and the protocol)
# ---------------------------------------------------------------------------------------
@dataclass
class Job:
    name: str
    kind: str  # "flood" | "paced" | "alarms"
    host: str
    port: int
    duration: float = 0.0
    messages: list[tuple[str, bytes]] = field(default_factory=list)
    weights: list[int] = field(default_factory=list)  # readings per message (paced)
    rate: float = 0.0  # readings/s (paced) or alarms/s (alarms)
    lead_s: float = 0.0  # alarms: wait this long after "go" (background settles)
    root: str = CONSOLE_ROOT
    alarms: list[tuple[str, str, str]] = field(default_factory=list)  # (enterprise, point, condition)
    cpus: tuple[int, ...] = ()  # pin the publisher process to these CPUs
    lead: int = 0  # flood: most messages (of all flooding publishers) ahead of the consumer
    parts: int = 1  # flood: number of flooding publishers
    fresh_ts: bool = False  # paced: each message stamped with the time it is sent (not the time it was built)


def connect_unthreaded(host: str, port: int, name: str, nodelay: bool = False) -> mqtt.Client:
    client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=f"bench-{name}-{os.getpid()}", protocol=mqtt.MQTTv311)
    answers: list[Any] = []
    client.on_connect = lambda c, u, flags, reason, props: answers.append(reason)
    client.connect(host, port, keepalive=60)
    deadline = time.monotonic() + 10
    while not answers:
        if time.monotonic() > deadline:
            raise ConnectionError(f"{name}: no CONNACK from {host}:{port}")
        client.loop(0.05)
    if answers[0].is_failure:
        raise ConnectionError(f"{name}: connection refused: {answers[0]}")
    if nodelay:  # the latency publishers add no Nagle delay of their own
        client.socket().setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return client


def flush(client: mqtt.Client, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while client.want_write() and time.monotonic() < deadline:
        client.loop(0.01)


def run_flood(client: mqtt.Client, job: Job, handled: Any) -> dict:
    """Publish job.messages round-robin at QoS 0 as fast as the socket takes them, but never
    more than job.lead messages ahead of what the consumer has handled (``handled``)."""
    msgs, n, i, sent, held = job.messages, len(job.messages), 0, 0, 0.0
    cpu0 = time.process_time()
    start = time.monotonic()
    end = start + job.duration
    while (now := time.monotonic()) < end:
        if sent * job.parts - handled.value > job.lead:  # the consumer is far enough behind: hold on
            client.loop(0.001)
            held += time.monotonic() - now
            continue
        for _ in range(50):
            topic, payload = msgs[i]
            client.publish(topic, payload, qos=0)
            i = (i + 1) % n
        sent += 50
        if client.want_write():  # socket full: wait until it takes more
            client.loop(0.005)
    seconds = time.monotonic() - start
    cpu = time.process_time() - cpu0
    flush(client)
    return {"messages": sent, "seconds": seconds, "held_s": held, "cpu_s": cpu}


def run_paced(client: mqtt.Client, job: Job, handled: Any = None) -> dict:
    """Publish at job.rate readings/s (QoS 0) in ticks of about 2 ms."""
    msgs, weights, n = job.messages, job.weights, len(job.messages)
    stamp = [p.index(b'"ts":') + 5 for _t, p in msgs] if job.fresh_ts else []  # 13 digits of milliseconds follow
    i = sent_messages = sent_readings = 0
    start = time.monotonic()
    end = start + job.duration
    while (now := time.monotonic()) < end:
        due = (now - start) * job.rate
        while sent_readings < due:
            topic, payload = msgs[i]
            if stamp:
                at = stamp[i]
                payload = b"%s%d%s" % (payload[:at], int(time.time() * 1000), payload[at + 13:])
            client.publish(topic, payload, qos=0)
            sent_readings += weights[i]
            sent_messages += 1
            i = (i + 1) % n
        client.loop(0.002)
    seconds = time.monotonic() - start
    flush(client)
    return {"messages": sent_messages, "readings": sent_readings, "seconds": seconds}


def run_alarms(client: mqtt.Client, job: Job, handled: Any = None) -> dict:
    """One new alarm every 1/rate s at QoS 1; returns {alarm key: time.time() just before publish}."""
    topics = protocol.Topics(job.root)
    sent: dict[str, float] = {}
    infos = []
    start = time.monotonic() + job.lead_s
    for k, (enterprise, point, condition) in enumerate(job.alarms):
        due = start + k / job.rate
        while (left := due - time.monotonic()) > 0:
            client.loop(min(left, 0.005))  # reads PUBACKs while waiting
        at = time.time()
        event = AlarmRaise(enterprise, point, condition, protocol.DEFAULT_PRIORITY[condition], at,
                           value=51.0, threshold=50.0, text="ingest benchmark", source_id=f"bench-{k}")
        infos.append(client.publish(topics.alarm(enterprise, point), protocol.encode_alarm(event, True), qos=1))
        sent[alarm_key(enterprise, point, condition)] = at
    deadline = time.monotonic() + 10
    while not all(info.is_published() for info in infos) and time.monotonic() < deadline:
        client.loop(0.01)
    return {"sent": sent, "acked": sum(info.is_published() for info in infos)}


RUNNERS: dict[str, Callable[[mqtt.Client, Job, Any], dict]] = {"flood": run_flood, "paced": run_paced, "alarms": run_alarms}


def publisher_main(job: Job, ready: Any, go: Any, results: Any, handled: Any) -> None:
    """Entry point of a publisher process: connect, say ready, wait for go, run, report."""
    try:
        if job.cpus:
            os.sched_setaffinity(0, job.cpus)
        client = connect_unthreaded(job.host, job.port, job.name, nodelay=job.kind != "flood")
        ready.put(job.name)
        if not go.wait(60):
            raise TimeoutError("never told to go")
        result = RUNNERS[job.kind](client, job, handled)
        client.disconnect()
        results.put((job.name, result))
    except BaseException as exc:  # reported to the parent, which fails the run
        ready.put(job.name)
        results.put((job.name, {"error": f"{type(exc).__name__}: {exc}"}))


# ---------------------------------------------------------------------------------------
# Message streams (built in the parent from the demo plant)
# ---------------------------------------------------------------------------------------
def normal_values(registry, steps: int = 4) -> list[list[tuple[str, str, list[tuple[str, float]]]]]:
    """``steps`` seconds of the demo plant in normal operation (PlantSimulator without excursions):
    per step, (enterprise, gateway, [(point, value)]) as the simulator's gateways send them. The
    console evaluates every reading against the point's settings; these values raise nothing."""
    from console.simulator import PlantSimulator

    sim = PlantSimulator(registry, seed=7, excursions_per_hour=0.0)
    now = time.time()
    return [sim.step(now + k, 1.0 if k else 0.0).batches for k in range(steps)]


def single_reading_messages(registry, root: str) -> list[tuple[str, bytes]]:
    """One reading per message, on its gateway's topic: every point in use, four values each."""
    topics, at = protocol.Topics(root), time.time()
    return [(topics.readings(ent, gw), protocol.encode_readings([reading], at))
            for step in normal_values(registry) for ent, gw, readings in step for reading in readings]


def gateway_batches(registry, root: str) -> tuple[list[tuple[str, bytes]], list[int]]:
    """One message per simulator gateway (8-40 readings each), and its reading count."""
    topics, at = protocol.Topics(root), time.time()
    batches = [(topics.readings(ent, gw), protocol.encode_readings(readings, at), len(readings))
               for step in normal_values(registry) for ent, gw, readings in step]
    return [(t, p) for t, p, _ in batches], [n for _, _, n in batches]


def big_batches(registry, root: str, size: int) -> list[tuple[str, bytes]]:
    """Batches of ``size`` readings of one enterprise (its points cycled when it has fewer)."""
    topics, at, out = protocol.Topics(root), time.time(), []
    for k, step in enumerate(normal_values(registry)):
        by_enterprise: dict[str, list[tuple[str, float]]] = {}
        for ent, _gw, readings in step:
            by_enterprise.setdefault(ent, []).extend(readings)
        for ent, readings in by_enterprise.items():
            batch = [readings[j % len(readings)] for j in range(size)]
            out.append((topics.readings(ent, f"GWB{k + 1}"), protocol.encode_readings(batch, at)))
    return out


def rotated(messages: list, k: int, parts: int) -> list:
    """The k-th of ``parts`` publishers starts at a different place in the stream."""
    offset = k * len(messages) // parts
    return messages[offset:] + messages[:offset]


def alarm_pool(registry) -> list[tuple[str, str, str]]:
    """Every (enterprise, point, condition) of the plant, points varying fastest: 648 x 8 new alarms."""
    points = [(e.code, p) for e in registry.enterprises() for p in e.points]
    return [(ent, point, cond) for cond in protocol.CONDITIONS for ent, point in points]


# ---------------------------------------------------------------------------------------
# Qt event loop helpers (parent process)
# ---------------------------------------------------------------------------------------
def quiet_qt_warnings() -> None:
    """The offscreen platform warns on every window layout change; that line is noise here."""
    from PySide6.QtCore import qInstallMessageHandler

    def handler(mode, context, message: str) -> None:
        if "propagateSizeHints" not in message:
            sys.stderr.write(message + "\n")

    qInstallMessageHandler(handler)


def pump(seconds: float) -> None:
    """Run the Qt event loop for ``seconds``."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(max(0, int(seconds * 1000)), loop.quit)
    loop.exec()


def pump_until(predicate: Callable[[], bool], timeout: float, step: float = 0.01) -> bool:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            return False
        pump(step)
    return True


def wait_quiet(counter: Callable[[], int], quiet_s: float = 0.3, timeout: float = 120.0) -> float:
    """Run the event loop until ``counter()`` has not moved for ``quiet_s``; returns the seconds it took to settle."""
    start = last_change = time.monotonic()
    last = counter()
    while time.monotonic() - last_change < quiet_s:
        if time.monotonic() - start > timeout:
            raise TimeoutError("the consumer's backlog did not drain")
        pump(0.05)
        now_value = counter()
        if now_value != last:
            last, last_change = now_value, time.monotonic()
    return last_change - start


# ---------------------------------------------------------------------------------------
# Consumers (parent process)
# ---------------------------------------------------------------------------------------
class BareSubscriber:
    """The baseline: paho with loop_start; on_message counts, and timestamps QoS 1 (alarm) messages."""

    name = "bare paho"
    root = BARE_ROOT

    def __init__(self, host: str, port: int) -> None:
        self.messages = 0
        self.alarm_messages: list[tuple[str, bytes, float]] = []
        subscribed = threading.Event()
        client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id="bench-bare", protocol=mqtt.MQTTv311)
        client.on_message = self._on_message
        client.on_connect = lambda c, u, f, rc, p: c.subscribe(
            [(f"{BARE_ROOT}/+/readings/+", 0), (f"{BARE_ROOT}/+/alarms/+", 1)])
        client.on_subscribe = lambda *args: subscribed.set()
        client.connect(host, port, keepalive=60)
        client.loop_start()
        self._client = client
        if not subscribed.wait(10):
            raise ConnectionError("bare subscriber: no SUBACK")

    def _on_message(self, client, userdata, message) -> None:
        self.messages += 1
        if message.qos:  # alarms arrive at QoS 1, readings at QoS 0
            self.alarm_messages.append((message.topic, message.payload, time.time()))

    def count(self) -> int:
        return self.messages

    def readings(self, batch: int) -> int:
        return self.messages * batch

    def arrivals(self) -> dict[str, float]:
        out = {}
        for topic, payload, at in self.alarm_messages:
            parts = topic.split("/")
            out[alarm_key(parts[2], parts[4], json.loads(payload)["condition"])] = at
        return out

    def idle(self) -> bool:
        return True

    def close(self) -> None:
        self._client.disconnect()  # before loop_stop: the other order costs a second
        self._client.loop_stop()


class ConsoleUnderTest:
    """The real console: build_core (+ the main window), started and connected."""

    name = "console"
    root = CONSOLE_ROOT

    def __init__(self, host: str, port: int, workdir: Path, registry, window: bool) -> None:
        from console.domain.alarms import ChangeKind, Event
        from console.shell.app import build_core, build_window, prepare_qt
        from console.domain.link_state import LinkState
        from console.infrastructure.settings import Settings
        from PySide6.QtWidgets import QApplication

        settings = Settings({
            "broker.host": host,
            "broker.port": port,
            "broker.topic_root": CONSOLE_ROOT,
            "database.url": f"sqlite:///{workdir / 'duty-log.sqlite'}",
            "station.name": "bench-station",
            "ui.language": "en",
        })
        self._added, self._raised = ChangeKind.ADDED, Event.RAISED
        self.core = build_core(settings, registry=registry)
        self.window = None
        if window:
            prepare_qt(QApplication.instance(), settings)
            self.window = build_window(self.core)
            self.window.resize(1600, 900)
            self.window.show()
        self._arrivals: dict[str, float] = {}
        self.core.feed.changed.connect(self._on_change)
        self.core.start()
        if not pump_until(lambda: self.core.link.state is LinkState.CONNECTED, 15):
            raise ConnectionError(f"console did not connect: {self.core.link.state} {self.core.link.state_detail}")
        pump(0.3)  # SUBACK

    def _on_change(self, change) -> None:
        if change.kind is self._added and change.event is self._raised:
            self._arrivals.setdefault(change.alarm.key, time.time())

    def count(self) -> int:
        return self.core.intake.messages

    def readings(self, batch: int) -> int:
        return self.core.intake.readings

    def arrivals(self) -> dict[str, float]:
        return dict(self._arrivals)

    def idle(self) -> bool:
        return self.core.writer.backlog() == 0

    def close(self) -> None:
        if self.window is not None:
            self.window.close()
        self.core.shutdown()


# ---------------------------------------------------------------------------------------
# Running publishers from the parent
# ---------------------------------------------------------------------------------------
def poll(q) -> Any:
    """The next item of a multiprocessing queue, or None; never blocks (the GUI thread must not wait here)."""
    try:
        return q.get_nowait()
    except queue.Empty:
        return None


class Publishers:
    """Start publisher processes, wait until connected, 'go', then collect their results.

    While they run, ``handled`` (shared memory) follows ``counter()`` of the consumer, counted
    from "go", so that a flooding publisher can stay a bounded distance ahead of it.
    """

    def __init__(self, ctx, jobs: list[Job], counter: Callable[[], int] | None = None) -> None:
        from PySide6.QtCore import QTimer

        self._ready, self._results, self._go = ctx.Queue(), ctx.Queue(), ctx.Event()
        self._handled = ctx.RawValue("q", 0)
        self._counter = counter
        self._timer = QTimer()
        self._timer.setInterval(5)
        self._timer.timeout.connect(self._follow)
        for j in jobs:
            j.cpus = PRODUCER_CPUS
        self._procs = [ctx.Process(target=publisher_main, args=(j, self._ready, self._go, self._results, self._handled),
                                   daemon=True) for j in jobs]
        try:
            for p in self._procs:
                p.start()
            self._wait_ready()
        except BaseException:
            self.stop()
            raise

    def _wait_ready(self) -> None:
        waiting = len(self._procs)
        deadline = time.monotonic() + 30
        while waiting:
            if poll(self._ready) is not None:
                waiting -= 1
            elif time.monotonic() > deadline or any(p.exitcode not in (None, 0) for p in self._procs):
                raise RuntimeError("publisher processes did not connect")
            else:
                pump(0.01)

    def _follow(self) -> None:
        self._handled.value = self._counter() - self._base

    def go(self) -> float:
        if self._counter is not None:
            self._base = self._counter()
            self._timer.start()
        self._go.set()
        return time.monotonic()

    def results(self, timeout: float = 60.0) -> dict[str, dict]:
        out: dict[str, dict] = {}
        deadline = time.monotonic() + timeout
        while len(out) < len(self._procs):
            item = poll(self._results)
            if item is None:
                if time.monotonic() > deadline:
                    raise TimeoutError("publishers did not finish") from None
                pump(0.01)  # the consumer's event loop keeps turning meanwhile
                continue
            name, result = item
            if "error" in result:
                raise RuntimeError(f"publisher {name} failed: {result['error']}")
            out[name] = result
        return out

    def stop(self) -> None:
        """Wait for the publishers to exit (they do once they have reported); end stragglers."""
        self._timer.stop()
        for p in self._procs:
            if p.pid is None:  # never started
                continue
            p.join(5)
            if p.is_alive():
                p.terminate()
                p.join(5)


# ---------------------------------------------------------------------------------------
# Measurements
# ---------------------------------------------------------------------------------------
@dataclass
class FloodResult:
    consumer: str
    published: int
    publish_rate: float  # messages/s the publishers achieved (held back included)
    held_s: float  # time the publishers waited because the consumer was LEAD behind
    rate: float  # messages/s handled by the consumer in the steady window
    reading_rate: float  # readings/s handled by the consumer in the steady window
    cpu: float  # CPU of this process in the steady window, 1.0 = one core
    received: int  # handled in total once drained
    drain_s: float


@dataclass
class LatencyResult:
    consumer: str
    background: str
    background_rate: float  # readings/s actually published
    sent: int
    received: int
    latencies_ms: list[float]
    keys: set[str] = field(default_factory=set)  # alarm keys published


def settle(consumer) -> None:
    wait_quiet(consumer.count)
    pump_until(consumer.idle, 30)


def measure_flood(ctx, consumer, host: str, port: int, messages: list[tuple[str, bytes]], batch: int,
                  plan: Plan, publishers: int) -> FloodResult:
    settle(consumer)
    lead = min(LEAD_MESSAGES, LEAD_READINGS // batch)
    jobs = [Job(f"flood{k}", "flood", host, port, duration=plan.flood_s, messages=rotated(messages, k, publishers),
                lead=lead, parts=publishers) for k in range(publishers)]
    pubs = Publishers(ctx, jobs, consumer.count)
    try:
        m_before = consumer.count()
        t_go = pubs.go()
        pump_until(lambda: time.monotonic() >= t_go + plan.warmup_s, plan.flood_s + 5)
        m0, r0, t0, c0 = consumer.count(), consumer.readings(batch), time.monotonic(), time.process_time()
        pump_until(lambda: time.monotonic() >= t_go + plan.flood_s, plan.flood_s + 5)
        m1, r1, t1, c1 = consumer.count(), consumer.readings(batch), time.monotonic(), time.process_time()
        results = pubs.results()
    finally:
        pubs.stop()
    published = sum(r["messages"] for r in results.values())
    publish_rate = sum(r["messages"] / r["seconds"] for r in results.values())
    held = max(r["held_s"] for r in results.values())
    drain_s = wait_quiet(consumer.count)
    span = t1 - t0
    return FloodResult(consumer.name, published, publish_rate, held, (m1 - m0) / span, (r1 - r0) / span,
                       (c1 - c0) / span, consumer.count() - m_before, drain_s)


def measure_latency(ctx, consumer, host: str, port: int, registry, background: tuple[int, str],
                    alarms: list[tuple[str, str, str]], plan: Plan) -> LatencyResult:
    settle(consumer)
    rate, kind = background
    lead = 0.5 if rate else 0.0
    jobs = [Job("alarms", "alarms", host, port, rate=plan.alarms_per_s, lead_s=lead, root=consumer.root, alarms=alarms)]
    if rate:
        if kind == "single":
            msgs = single_reading_messages(registry, consumer.root)
            weights = [1] * len(msgs)
        else:
            msgs, weights = gateway_batches(registry, consumer.root)
        jobs.append(Job("background", "paced", host, port, duration=lead + plan.alarm_s + 0.3,
                        messages=msgs, weights=weights, rate=rate))
    pubs = Publishers(ctx, jobs)
    try:
        pubs.go()
        results = pubs.results(timeout=plan.alarm_s + 30)
    finally:
        pubs.stop()
    wait_quiet(consumer.count)
    sent = results["alarms"]["sent"]
    arrived = consumer.arrivals()
    latencies = [(arrived[k] - t) * 1000.0 for k, t in sent.items() if k in arrived]
    bg = results.get("background")
    bg_rate = bg["readings"] / bg["seconds"] if bg else 0.0
    label = f"{rate:,} r/s" + ("" if not rate else " single" if kind == "single" else " batched")
    return LatencyResult(consumer.name, label, bg_rate, len(sent), len(latencies), latencies, set(sent))


# ---------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------
def percentile(values: list[float], q: float) -> float:
    import numpy as np

    return float(np.percentile(values, q)) if values else float("nan")


def print_flood(title: str, rows: list[FloodResult]) -> None:
    print(f"\n{title}")
    head = (f"  {'consumer':<10} {'published/s':>12} {'held s':>7} {'handled msg/s':>14} {'readings/s':>12} "
            f"{'CPU':>5} {'CPU us/msg':>11} {'handled/published':>18} {'drain s':>8}")
    print(head)
    print("  " + "-" * (len(head) - 2))
    for r in rows:
        per_msg = r.cpu / r.rate * 1e6 if r.rate else float("nan")
        print(f"  {r.consumer:<10} {r.publish_rate:>12,.0f} {r.held_s:>7.1f} {r.rate:>14,.0f} {r.reading_rate:>12,.0f} "
              f"{r.cpu:>5.0%} {per_msg:>11.1f} {r.received:>9,}/{r.published:<8,} {r.drain_s:>8.1f}")


def print_latency(rows: list[LatencyResult], plan: Plan) -> None:
    print(f"\n4. Alarm latency: new alarm events, QoS 1, {plan.alarms_per_s:g}/s for {plan.alarm_s:g} s; "
          "publish -> in the model (console) / in on_message (bare)")
    print("   background readings QoS 0: 'batched' = simulator gateway batches of 8-40 readings, 'single' = 1 per message")
    head = f"  {'background':<20} {'achieved r/s':>12} {'consumer':<10} {'recv/sent':>10} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}"
    print(head)
    print("  " + "-" * (len(head) - 2))
    for r in rows:
        print(f"  {r.background:<20} {r.background_rate:>12,.0f} {r.consumer:<10} {r.received:>4}/{r.sent:<5} "
              f"{percentile(r.latencies_ms, 50):>8.1f} {percentile(r.latencies_ms, 99):>8.1f} "
              f"{max(r.latencies_ms, default=float('nan')):>8.1f}")


def print_targets(single: list[FloodResult], batched: list[FloodResult], latency: list[LatencyResult]) -> None:
    bare, con = single
    ratio = con.rate / bare.rate if bare.rate else float("nan")
    note = f"CPU per message: console {con.cpu / con.rate * 1e6:.1f} us, bare {bare.cpu / bare.rate * 1e6:.1f} us"
    if bare.drain_s < 0.2 and bare.held_s == 0:
        note += "; the bare subscriber kept up with the publisher (its capacity is higher: the ratio is an upper bound)"
    con_batched = batched[1].reading_rate
    checks = [(f"single-reading intake: console {con.rate:,.0f} msg/s = {ratio:.2f} x bare {bare.rate:,.0f} msg/s "
               f"(target >= {TARGET_RATIO})", ratio >= TARGET_RATIO, note),
              (f"batched intake: console {con_batched:,.0f} readings/s (target >= {TARGET_BATCHED_READINGS_S:,})",
               con_batched >= TARGET_BATCHED_READINGS_S, "")]
    for r in latency:
        if r.consumer == "console" and r.background.startswith(f"{TARGET_BACKGROUND:,} r/s"):
            p99 = percentile(r.latencies_ms, 99)
            ok = r.received == r.sent and p99 <= TARGET_P99_MS
            checks.append((f"alarm latency, {r.background} background: console p99 {p99:.1f} ms, "
                           f"{r.received}/{r.sent} received (target p99 <= {TARGET_P99_MS:g} ms, none lost)", ok, ""))
    print("\nTargets")
    for text, ok, note in checks:
        print(f"  [{'MET' if ok else 'NOT MET'}] {text}")
        if note:
            print(f"            {note}")


# ---------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------
@dataclass
class Options:
    plan: Plan
    mode: str
    window: bool
    publishers: int
    pin: bool
    nodelay: bool


@dataclass
class Bench:
    ctx: Any
    registry: Any
    broker: Any
    workdir: Path
    cpus: tuple[tuple[int, ...], tuple[int, ...]] | None  # (producer CPUs, consumer CPUs)


def placement(pin: bool) -> tuple[tuple[int, ...], tuple[int, ...]] | None:
    """(producer CPUs, consumer CPUs): broker and publishers on CPU 0, this process on the rest."""
    cpus = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    if not pin or len(cpus) < 2:
        return None
    return (cpus[0],), tuple(cpus[1:])


def make_broker(workdir: Path, nodelay: bool):
    from console.infrastructure.embedded_broker import EmbeddedBroker

    class NoDelayBroker(EmbeddedBroker):
        """Diagnosis only (--tcp-nodelay): the product's broker config plus set_tcp_nodelay."""

        def _write_config(self) -> Path:
            conf = super()._write_config()
            conf.write_text(conf.read_text(encoding="utf-8") + "set_tcp_nodelay true\n", encoding="utf-8")
            return conf

    return (NoDelayBroker if nodelay else EmbeddedBroker)(workdir)


@contextmanager
def bench(opts: Options):
    """Broker (on the producer CPU), Qt application, demo plant; torn down on the way out."""
    from console.simulator import build_demo_plant
    from PySide6.QtWidgets import QApplication

    global PRODUCER_CPUS
    cpus = placement(opts.pin)
    with tempfile.TemporaryDirectory(prefix="dc-bench-") as tmp:
        if cpus:
            os.sched_setaffinity(0, cpus[0])  # mosquitto inherits this
        broker = make_broker(Path(tmp) / "mosquitto", opts.nodelay)
        broker.start()
        try:
            if cpus:
                os.sched_setaffinity(0, cpus[1])  # this process and the threads it starts from now on
                PRODUCER_CPUS = cpus[0]
            app = QApplication.instance() or QApplication([sys.argv[0]])  # noqa: F841 - owns the event loop
            quiet_qt_warnings()
            # spawn, not fork: this process has Qt and paho threads
            yield Bench(mp.get_context("spawn"), build_demo_plant(), broker, Path(tmp), cpus)
        finally:
            broker.stop()


def describe(opts: Options, cpus) -> str:
    import paho.mqtt
    import PySide6

    try:
        from console.infrastructure.embedded_broker import find_mosquitto

        mosq = subprocess.run([find_mosquitto(), "-h"], capture_output=True, text=True, timeout=5).stdout.splitlines()[0]
    except Exception:  # only for the header
        mosq = "mosquitto"
    where = (f"broker + publishers pinned to CPU {','.join(map(str, cpus[0]))}, console + bare subscriber to CPU {','.join(map(str, cpus[1]))}" if cpus
             else "no CPU pinning")
    return (f"Duty Console ingest benchmark ({opts.mode}): {os.cpu_count()} CPUs, Python {platform.python_version()}, "
            f"PySide6 {PySide6.__version__}, paho-mqtt {paho.mqtt.__version__}, {mosq}"
            f"{' with set_tcp_nodelay true' if opts.nodelay else ' (EmbeddedBroker config)'}\n"
            f"console: build_core + demo plant registry + SQLite duty log, "
            f"{'main window built and shown (offscreen)' if opts.window else 'no window (core only)'}; "
            f"bare subscriber in the same process; {opts.publishers} flooding publisher process(es); {where}\n"
            f"load average before the measurements: {os.getloadavg()[0]:.2f} (other work on this machine skews the figures)")


def run(opts: Options) -> None:
    plan, started = opts.plan, time.monotonic()
    with bench(opts) as b:
        host, port = b.broker.host, b.broker.port
        pool = iter(alarm_pool(b.registry))
        consumers: list = []
        try:
            consumers.append(BareSubscriber(host, port))
            consumers.append(ConsoleUnderTest(host, port, b.workdir, b.registry, opts.window))
            print(describe(opts, b.cpus), flush=True)

            single = [measure_flood(b.ctx, c, host, port, single_reading_messages(b.registry, c.root), 1, plan, opts.publishers)
                      for c in consumers]
            print_flood(f"1-2. Sustained intake: single-reading messages, QoS 0, flooded {plan.flood_s:g} s "
                        f"(rates over the last {plan.flood_s - plan.warmup_s:g} s)", single)
            batched = [measure_flood(b.ctx, c, host, port, big_batches(b.registry, c.root, plan.batch), plan.batch, plan,
                                     opts.publishers) for c in consumers]
            print_flood(f"3. Batched intake: {plan.batch} readings per message, QoS 0, flooded {plan.flood_s:g} s "
                        f"(bare readings/s = msg/s x {plan.batch})", batched)
            latency = []
            for background in plan.backgrounds:
                n = int(plan.alarms_per_s * plan.alarm_s)
                for c in consumers:
                    latency.append(measure_latency(b.ctx, c, host, port, b.registry, background,
                                                   [next(pool) for _ in range(n)], plan))
            print_latency(latency, plan)
            check_clean(consumers[1], latency)
            print_targets(single, batched, latency)
        finally:
            for c in reversed(consumers):
                c.close()
    print(f"\n(run took {time.monotonic() - started:.0f} s; 1-minute load average at the end {os.getloadavg()[0]:.2f})")


def check_clean(console: ConsoleUnderTest, latency: list[LatencyResult]) -> None:
    """Every benchmark message is valid, and the readings are normal values: anything else
    means the benchmark itself is wrong (a rejection is an error, an alarm of its own a warning)."""
    if console.core.intake.rejected:
        raise RuntimeError(f"the console rejected {console.core.intake.rejected} benchmark messages (see the log)")
    published = set().union(*(r.keys for r in latency if r.consumer == console.name))
    own = sorted(set(console.arrivals()) - published)
    if own:
        print(f"\nwarning: the console raised {len(own)} alarms of its own during the run, e.g. {own[:3]}")


def profile_console(opts: Options) -> None:
    """cProfile of the console's GUI thread and paho thread during one single-reading flood."""
    import cProfile
    import pstats

    thread_profiles: list[cProfile.Profile] = []

    def profile_new_thread(frame, event, arg) -> None:  # first call in a new thread: hand it to cProfile
        prof = cProfile.Profile()
        thread_profiles.append(prof)
        prof.enable()

    with bench(opts) as b:
        threading.setprofile(profile_new_thread)  # catches paho's network thread, started by core.start()
        console = ConsoleUnderTest(b.broker.host, b.broker.port, b.workdir, b.registry, opts.window)
        threading.setprofile(None)  # type: ignore[arg-type]
        try:
            gui = cProfile.Profile()
            gui.enable()
            r = measure_flood(b.ctx, console, b.broker.host, b.broker.port,
                              single_reading_messages(b.registry, CONSOLE_ROOT), 1, opts.plan, opts.publishers)
            gui.disable()
            print(describe(opts, b.cpus))
            print(f"console under cProfile: {r.rate:,.0f} msg/s handled (publisher {r.publish_rate:,.0f} msg/s)")
            print("\n=== GUI thread (tottime) ===")
            pstats.Stats(gui).sort_stats("tottime").print_stats(25)
            for prof in thread_profiles:
                prof.disable()
                print("\n=== thread started by core.start() (tottime) ===")
                pstats.Stats(prof).sort_stats("tottime").print_stats(20)
        finally:
            console.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="shorter runs, fewer latency cases (about 30 s)")
    parser.add_argument("--no-window", dest="window", action="store_false", help="core only, without the main window")
    parser.add_argument("--publishers", type=int, default=1, help="flooding publisher processes (default 1)")
    parser.add_argument("--no-pin", dest="pin", action="store_false",
                        help="do not pin broker + publishers and the consumers to separate CPUs")
    parser.add_argument("--tcp-nodelay", dest="nodelay", action="store_true",
                        help="diagnosis: add set_tcp_nodelay true to the broker's config")
    parser.add_argument("--profile", action="store_true", help="cProfile the console during one single-reading flood, then stop")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    opts = Options(QUICK if args.quick else FULL, "quick" if args.quick else "full", args.window, args.publishers,
                   args.pin, args.nodelay)
    try:
        if args.profile:
            profile_console(opts)
        else:
            run(opts)
    except Exception as exc:
        logging.getLogger("benchmark").exception("benchmark failed: %s", exc)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
