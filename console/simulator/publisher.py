"""Publish the simulated plant to an MQTT broker in protocol v1, revision 2 (``duty-console simulate``).

Each enterprise is one gateway with its own MQTT session (console/simulator/gateway.py): birth
and death with a last will, numbered alarm events, a buffer it answers replay requests from, and
alarms held while no console is online. Each step sends one readings message per reading group
(QoS 0) and each alarm event on its own topic (QoS 1). Steps follow a monotonic schedule, so the
rate does not drift.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
import time
from typing import Callable


from console.domain import protocol
from console.domain.alarms import AlarmRaise
from console.domain.broker_url import parse_broker_url
from console.domain.plant import PlantRegistry
from console.simulator.engine import PlantSimulator, SimStep
from console.simulator.gateway import EdgeGateway
from console.simulator.parkgen import build_park_plant
from console.simulator.plantgen import build_demo_plant

log = logging.getLogger("console.simulator")

STATS_EVERY_S = 10.0
MAX_BEHIND_S = 1.0  # further behind schedule than this: skip steps rather than burst
MAX_BACKLOG = 20_000  # packets waiting in paho: the broker is not keeping up
CONNECT_TIMEOUT_S = 10.0
CONNECT_TIMEOUT_PER_GATEWAY_S = 0.1  # a park's 500 sessions take a while on a busy machine


def _connect(url: str, enterprises: list[str], topics: protocol.Topics) -> dict[str, EdgeGateway]:
    """One gateway per enterprise, each connected (or ConnectionError)."""
    cfg = parse_broker_url(url)
    gateways = {e: EdgeGateway(cfg, e, topics) for e in enterprises}
    for gateway in gateways.values():
        gateway.start()
    deadline = time.monotonic() + CONNECT_TIMEOUT_S + CONNECT_TIMEOUT_PER_GATEWAY_S * len(gateways)
    for gateway in gateways.values():
        if not gateway.connected.wait(max(0.0, deadline - time.monotonic())):
            log.error("%d of %d gateway sessions connected", sum(g.connected.is_set() for g in gateways.values()), len(gateways))
            for g in gateways.values():
                g.client.disconnect()
                g.client.loop_stop()
            raise ConnectionError(f"no MQTT session with {cfg.host}:{cfg.port}: timed out")
    log.info("connected to %s:%d: %d gateways", cfg.host, cfg.port, len(gateways))
    return gateways


def _backlog(gateways: dict[str, EdgeGateway]) -> int:
    return max((g.backlog() for g in gateways.values()), default=0)


def run_simulator(
    broker_url: str,
    rate: float | None = None,
    duration: float | None = None,
    plant: PlantRegistry | None = None,
    root: str = protocol.DEFAULT_ROOT,
    seed: int = 2023,
    stop: threading.Event | None = None,
    on_stats: Callable[[dict], None] | None = None,
    excursions_per_hour: float | None = None,
    flood_after: float | None = None,
    on_alarm: Callable[[AlarmRaise, bool], None] | None = None,
) -> dict:
    """Publish until ``stop`` is set or ``duration`` s have passed; stats {readings, messages, alarms, seconds}.

    ``rate`` is readings per second across the plant (default: every point once a second);
    ``flood_after``: seconds after the start at which a plant upset floods the console with alarms;
    ``on_alarm(event, active)``: told of each alarm event as its gateway takes it.
    """
    plant = plant or build_demo_plant(seed)
    if excursions_per_hour is None:
        sim = PlantSimulator(plant, seed=seed, flood_after=flood_after)
    else:
        sim = PlantSimulator(plant, seed, excursions_per_hour, flood_after=flood_after)
    if sim.n_points == 0:
        raise ValueError("the plant has no points in use")
    if rate is not None and rate <= 0:
        raise ValueError("rate must be positive")
    interval = sim.n_points / rate if rate else 1.0
    stop = stop or threading.Event()
    topics = protocol.Topics(root)
    gateways = _connect(broker_url, list(dict.fromkeys(gw.enterprise for gw in sim.gateways)), topics)
    stats = {"readings": 0, "messages": 0, "alarms": 0, "seconds": 0.0}
    log.info("simulating %d points in %d gateways, %.0f readings/s", sim.n_points, len(sim.gateways), sim.n_points / interval)
    start = time.monotonic()
    end = start + duration if duration is not None else None
    next_report = start + STATS_EVERY_S
    step_no, last_sim_t, behind_warned = 0, None, False
    try:
        while not stop.is_set():
            now = time.monotonic()
            due = start + step_no * interval
            if end is not None and now >= end:
                break
            if now < due:
                stop.wait(min(due, end) - now if end is not None else due - now)
                continue
            if now - due > MAX_BEHIND_S or _backlog(gateways) > MAX_BACKLOG:
                if not behind_warned:
                    log.warning("cannot keep up with %.0f readings/s; skipping steps", sim.n_points / interval)
                    behind_warned = True
                step_no = max(step_no + 1, int((now - start) / interval))
                if _backlog(gateways) > MAX_BACKLOG:
                    stop.wait(0.05)
                continue
            if on_stats is not None and now >= next_report:
                next_report += STATS_EVERY_S
                on_stats(dict(stats, seconds=now - start))
            sim_t = step_no * interval
            step = sim.step(time.time(), sim_t - last_sim_t if last_sim_t is not None else 0.0)
            last_sim_t = sim_t
            step_no += 1
            _publish(gateways, step, stats, on_alarm)
    finally:
        stats["seconds"] = time.monotonic() - start
        for gateway in gateways.values():
            gateway.stop()  # its death message, then disconnect (before loop_stop: the other order costs a second)
    log.info("simulator stopped: %(readings)d readings in %(messages)d messages, %(alarms)d alarm events, %(seconds).1f s", stats)
    return stats


def _publish(gateways: dict[str, EdgeGateway], step: SimStep, stats: dict,
             on_alarm: Callable[[AlarmRaise, bool], None] | None = None) -> None:
    for ent, gw, readings in step.batches:
        if gateways[ent].readings(gw, readings, step.at):
            stats["readings"] += len(readings)
            stats["messages"] += 1
    for event, active in step.alarms:
        gateways[event.enterprise].alarm(event, active)  # numbered and kept; sent now or once a console is there
        stats["alarms"] += 1
        stats["messages"] += 1
        if on_alarm is not None:
            on_alarm(event, active)
        log.info("alarm %s: %s/%s %s value %s", "raised" if active else "cleared", event.enterprise, event.point, event.condition, event.value)


# -- command line -------------------------------------------------------------------
def shard_of(plant: PlantRegistry, k: int, n: int) -> PlantRegistry:
    """The enterprises k, k+n, k+2n … of the plant."""
    return PlantRegistry({e.code: e for i, e in enumerate(plant.enterprises()) if i % n == k})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="duty-console simulate",
                                     description="Publish a simulated plant over MQTT (protocol v1, revision 2: one gateway per enterprise).")
    parser.add_argument("--broker", default="mqtt://127.0.0.1:1883", help="mqtt://[user:pass@]host:port or mqtts://…")
    parser.add_argument("--rate", type=float, default=None, help="readings per second across the plant (default: each point once a second)")
    parser.add_argument("--duration", type=float, default=None, help="stop after this many seconds (default: run until interrupted)")
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("--excursions-per-hour", type=float, default=None, help="how often a value leaves its normal band (default: about one alarm a minute)")
    parser.add_argument("--flood-after", type=float, default=None, metavar="SECONDS",
                        help="a plant upset this many seconds after the start: dozens of alarms across the enterprises "
                             "within a minute or two (an alarm flood on purpose)")
    parser.add_argument("--root", default=protocol.DEFAULT_ROOT, help="topic root")
    parser.add_argument("--plant", default=None, help="plant JSON file (default: the built-in demo plant)")
    parser.add_argument("--park", type=int, default=None, metavar="ENTERPRISES",
                        help="instead of the demo plant, a generated chemical park of this many enterprises "
                             "(40 points and 10 cameras each on average: --park 500 is 20,000 points and 5,000 cameras)")
    parser.add_argument("--shard", default=None, metavar="K/N",
                        help="simulate only the enterprises K, K+N, K+2N … of the plant (0 <= K < N): a park's 500 "
                             "gateway sessions spread over N processes")
    parser.add_argument("--write-plant", metavar="FILE", default=None, help="write the demo (or --park) plant as JSON and exit")
    args = parser.parse_args(argv)
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)-7s %(name)s: %(message)s")

    if args.write_plant:
        demo = build_park_plant(args.park) if args.park else build_demo_plant(args.seed)
        demo.save(args.write_plant)
        print("wrote %s: %d enterprises, %d points, %d cameras" % (args.write_plant, *demo.counts()))
        return 0
    plant = PlantRegistry.load(args.plant) if args.plant else build_park_plant(args.park) if args.park else None
    if args.shard:
        try:
            k, n = (int(x) for x in args.shard.split("/"))
            if not 0 <= k < n:
                raise ValueError
        except ValueError:
            parser.error(f"--shard: K/N with 0 <= K < N, not {args.shard!r}")
        plant = shard_of(plant or build_demo_plant(args.seed), k, n)
        args.seed += k  # each shard its own excursions
    stop = threading.Event()
    previous = {}
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGINT, signal.SIGTERM):
            previous[sig] = signal.signal(sig, lambda *_: stop.set())
    last = {"readings": 0, "seconds": 0.0}

    def report(stats: dict) -> None:
        span = stats["seconds"] - last["seconds"]
        per_s = (stats["readings"] - last["readings"]) / span if span > 0 else 0.0
        print(f"{stats['seconds']:7.0f} s  {stats['readings']:>10d} readings ({per_s:,.0f}/s)  "
              f"{stats['messages']:>8d} messages  {stats['alarms']:>5d} alarm events", flush=True)
        last.update(readings=stats["readings"], seconds=stats["seconds"])

    try:
        stats = run_simulator(args.broker, args.rate, args.duration, plant, args.root, args.seed, stop, report,
                              args.excursions_per_hour, args.flood_after)
    except (ConnectionError, ValueError) as exc:
        print(f"simulate: {exc}", file=sys.stderr)
        return 1
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    print(f"done: {stats['readings']} readings in {stats['messages']} messages, {stats['alarms']} alarm events, "
          f"{stats['seconds']:.1f} s ({stats['readings'] / max(stats['seconds'], 1e-9):,.0f} readings/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
