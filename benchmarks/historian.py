"""The historian's throughput and lag into a real PostgreSQL, and a 24 h trend read back from it.

    .venv/bin/python benchmarks/historian.py [--rate 20000] [--seconds 60] [--historians 2]
                                             [--points 20000] [--database-url postgresql+psycopg://…]

Started here: a Mosquitto (EmbeddedBroker) and, unless --database-url is given, a throw-away
PostgreSQL (tests/helpers/postgres.py; default settings: fsync on). Each historian runs in a
process of its own (this script with --as-historian: console.services.history.historian.Historian,
the class `duty-console historian` runs), sharing the MQTT 5 subscription. This process
publishes --rate readings/s for --seconds: batches of 100 readings (one gateway message each, the
points spread over 200 enterprises), paced every 10 ms, QoS 0 as gateways send readings.

Printed:
* rows/s written: steady (rows counted every second over the last three quarters of the run) and
  overall (all rows over the time from the first publish to the last row), and readings sent vs
  rows (each reading exactly once);
* lag: per batch, from a message's arrival at the historian to the commit of its batch (p50, p99,
  max over all batches of all historians; and over the last three quarters of the run, past the
  registration of the new points), and the drain: from the last publish until the last row
  is in PostgreSQL;
* disk per reading: the reading partitions with their indexes, divided by the rows;
* 24 h trend load for one point from PostgreSQL (86,400 readings at 1 Hz, read by the
  workstation's HistorianReader; median and p95 of 20 reads).
Targets (issue 17): rows/s ≥ the offered rate, lag ≤ 2 s, trend load ≤ 200 ms. Exit status 0
whether or not a target is met, 1 on errors.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

TARGETS = {"lag_s": 2.0, "trend_ms": 200.0}
BATCH = 100
ENTERPRISES = 200


def as_historian(args: argparse.Namespace) -> int:
    """Child: one historian until SIGTERM; then its counters and lags as JSON on stdout."""
    from console.services.history.historian import Historian, HistorianConfig

    h = Historian(HistorianConfig(database_url=args.database_url, broker_host="127.0.0.1", broker_port=args.broker_port,
                                  client_id=args.as_historian, report_s=3600.0))
    signal.signal(signal.SIGTERM, lambda *_a: h.request_stop())
    h.start()
    if not h.subscribed.wait(60):
        print(json.dumps({"error": "not subscribed within 60 s"}), flush=True)
        return 1
    print("subscribed", flush=True)  # the parent publishes only once every historian is
    h.wait()
    h.stop()
    c = h.counters
    print(json.dumps({"messages": c.messages, "readings": c.readings, "written": c.written, "duplicates": c.duplicates,
                      "failures": c.failures, "lags": c.lags}))
    return 0


def rows(conninfo: str) -> int:
    import psycopg

    with psycopg.connect(conninfo, autocommit=True) as conn:
        try:
            return int(conn.execute("SELECT count(*) FROM historian_readings").fetchone()[0])  # type: ignore[index]
        except psycopg.errors.UndefinedTable:
            return 0


def publish(port: int, rate: int, seconds: float, points: int) -> tuple[int, float, float]:
    """Readings sent, time of the first and of the last publish (monotonic)."""
    import paho.mqtt.client as mqtt

    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id="bench-gateways")
    client.max_queued_messages_set(0)
    client.connect("127.0.0.1", port)
    client.loop_start()
    per_point = max(1, points // ENTERPRISES)
    names = [(f"ENT{e:03d}", [f"P{p:04d}" for p in range(per_point)]) for e in range(ENTERPRISES)]
    tick, per_tick = 0.01, max(1, round(rate * 0.01 / BATCH))
    sent, cursor = 0, 0
    info: mqtt.MQTTMessageInfo | None = None
    first = time.monotonic()
    next_tick = first
    while time.monotonic() - first < seconds:
        now_ms = int(time.time() * 1000)
        for _ in range(per_tick):
            ent, pts = names[(cursor // per_point) % ENTERPRISES]
            start = cursor % per_point
            chosen = [pts[(start + i) % per_point] for i in range(min(BATCH, per_point))]
            payload = json.dumps({"v": 1, "ts": now_ms, "readings": [{"point": p, "value": round(20 + (sent + i) % 97 * 0.1, 1)}
                                                                      for i, p in enumerate(chosen)]})
            info = client.publish(f"dc/v1/{ent}/readings/gw1", payload, qos=0)
            sent += len(chosen)
            cursor += len(chosen)
        next_tick += tick
        pause = next_tick - time.monotonic()
        if pause > 0:
            time.sleep(pause)
    if info is not None:
        info.wait_for_publish(30)  # QoS 0 still in paho's queue would be dropped by the disconnect
    last = time.monotonic()
    client.disconnect()
    client.loop_stop()
    return sent, first, last


def trend_load(url: str) -> tuple[float, float]:
    """Median and p95 (ms) of reading 24 h of one point at 1 Hz back through the workstation's reader."""
    import psycopg

    from console.domain.protocol import Reading
    from console.services.history import historian_tables as tables
    from console.services.history.historian_reader import HistorianReader
    from console.services.history.historian_writer import ReadingWriter

    end = float(int(time.time()) - 3600)  # whole seconds: every reading inside [start, end]
    start = end - 86_400
    writer = ReadingWriter(psycopg.connect(tables.conninfo(url), autocommit=True), time.time, 30)
    for hour in range(24):
        writer.write([Reading("TRENDBENCH", "TT-1", 50 + (i % 600) * 0.01, start + hour * 3600 + i) for i in range(3600)])
    writer.close()
    with psycopg.connect(tables.conninfo(url), autocommit=True) as conn:
        conn.execute("VACUUM (ANALYZE) historian_readings")  # as autovacuum does to a day's rows once written
    reader = HistorianReader(url)
    times = []
    for _ in range(20):
        began = time.perf_counter()
        series = reader.read("TRENDBENCH", "TT-1", start, end)
        times.append((time.perf_counter() - began) * 1000)
        assert len(series.times) >= 86_400, len(series.times)
    reader.close()
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rate", type=int, default=20_000, help="readings per second offered")
    p.add_argument("--seconds", type=float, default=60.0)
    p.add_argument("--historians", type=int, default=2)
    p.add_argument("--points", type=int, default=20_000)
    p.add_argument("--database-url", default="")
    p.add_argument("--as-historian", default="", help=argparse.SUPPRESS)
    p.add_argument("--broker-port", type=int, default=0, help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.as_historian:
        return as_historian(args)

    from console.infrastructure.embedded_broker import EmbeddedBroker
    from console.services.history import historian_tables as tables

    work = Path(tempfile.mkdtemp(prefix="historian-bench-"))
    server = None
    url = args.database_url
    if not url:
        from tests.helpers.postgres import PostgresServer, make_workdir

        server = PostgresServer(make_workdir())
        server.start()
        url = server.create_database("historian_bench")
    info = tables.conninfo(url)
    broker = EmbeddedBroker(work / "mosquitto")
    broker.start()
    children = []
    try:
        for i in range(args.historians):
            children.append(subprocess.Popen([sys.executable, __file__, "--as-historian", f"bench-historian-{i}", "--broker-port",
                                              str(broker.port), "--database-url", url], stdout=subprocess.PIPE, text=True))
        for child in children:  # each says when its shared subscription is granted
            assert child.stdout is not None
            line = child.stdout.readline().strip()
            if line != "subscribed":
                raise RuntimeError(f"a historian did not subscribe: {line!r}")
        print(f"publishing {args.rate} readings/s for {args.seconds:.0f} s to {args.historians} historian(s) …", file=sys.stderr)
        samples: list[tuple[float, int]] = []
        sampling = threading.Event()

        def sample() -> None:
            while not sampling.wait(1.0):
                samples.append((time.monotonic(), rows(info)))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        sent, first, last = publish(broker.port, args.rate, args.seconds, args.points)
        sampling.set()
        sampler.join()
        count, last_row = 0, time.monotonic()
        drain_deadline = time.monotonic() + 120
        while time.monotonic() < drain_deadline:
            now_count = rows(info)
            if now_count != count:
                count, last_row = now_count, time.monotonic()
            if count >= sent:
                break
            if time.monotonic() - last_row > 30:
                break  # nothing more arrives (lost at QoS 0: reported below)
            time.sleep(0.1)
        results = []
        for child in children:
            child.send_signal(signal.SIGTERM)
            out, _ = child.communicate(timeout=120)
            results.append(json.loads(out.strip().splitlines()[-1]))
        import psycopg

        with psycopg.connect(info, autocommit=True) as conn:
            disk = conn.execute("SELECT coalesce(sum(pg_total_relation_size(inhrelid)), 0) FROM pg_inherits "
                                "WHERE inhparent = 'historian_readings'::regclass").fetchone()[0]  # type: ignore[index]
        median_ms, p95_ms = trend_load(url)
    finally:
        for child in children:
            if child.poll() is None:
                child.kill()
        broker.kill()
        if server is not None:
            server.stop()
    lags = sorted(lag for r in results for _t, lag in r["lags"])
    steady_lags = sorted(lag for r in results for t, lag in r["lags"] if t >= first + (last - first) / 4)
    drain = max(0.0, last_row - last)
    rate = count / max(last_row - first, 1e-9)
    steady = [(t, n) for t, n in samples if t >= first + (last - first) / 4]  # past the start (new points, first partitions)
    steady_rate = (steady[-1][1] - steady[0][1]) / (steady[-1][0] - steady[0][0]) if len(steady) >= 2 else float("nan")
    print(f"Historian benchmark: {args.historians} historian(s), {args.points} points, offered {args.rate} readings/s for "
          f"{args.seconds:.0f} s; load (1 min, 2 cores) {os.getloadavg()[0]:.1f}")
    print(f"  readings sent / rows in PostgreSQL:   {sent} / {count} (duplicates refused: {sum(r['duplicates'] for r in results)})")
    print(f"  per historian (messages):             {', '.join(str(r['messages']) for r in results)}")
    print(f"  rows/s written, steady (last 3/4 of the run): {steady_rate:,.0f}   [>= {args.rate:,}]")
    print(f"  rows/s, first publish to last row:    {rate:,.0f}")
    if lags:
        print(f"  lag arrival → commit, p50 / p99 / max: {statistics.median(lags):.2f} / {lags[int(len(lags) * 0.99) - 1]:.2f} / "
              f"{lags[-1]:.2f} s over {len(lags)} batches")
    if steady_lags:
        print(f"  … steady (last 3/4 of the run):       {statistics.median(steady_lags):.2f} / "
              f"{steady_lags[int(len(steady_lags) * 0.99) - 1]:.2f} / {steady_lags[-1]:.2f} s   [max <= {TARGETS['lag_s']:.0f} s]")
    print(f"  drain after the last publish:         {drain:.2f} s")
    print(f"  disk per reading (table and index):   {disk / max(count, 1):.0f} bytes")
    print(f"  24 h trend load of one point (86,400 rows), median / p95: {median_ms:.0f} / {p95_ms:.0f} ms   "
          f"[<= {TARGETS['trend_ms']:.0f} ms]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
