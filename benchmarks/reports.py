"""Managers' review benchmark (issue 7): KPIs over a year of a large city, and the XLSX export.

    .venv/bin/python benchmarks/reports.py [--alarms 1000000] [--no-postgres] [--pg-url URL]

1. Generates ``--alarms`` alarm occurrences (default 1,000,000: a year of a large city) with
   full lifecycles — acknowledgments (99 %), handlings (all priority 1–2 alarms and 10 % of the
   rest, 1 % drills), clearances, deadlines missed, presence checks every hour — into a new SQLite
   duty log (migrated by the product; bulk inserts) and, unless ``--no-postgres``, into a
   PostgreSQL one (a throw-away server started here, or ``--pg-url``; COPY).
2. Builds the KPI day blocks once (what the console's catch-up does in the background).
3. Times the KPI view — everything the Review tab's KPI page shows: the tables by operator,
   shift and enterprise, the health figures, the charts' data — for the last 30 days and for
   the whole year, three times each (the figure is the median). Baseline in the same run: a
   plain SQL aggregate with window-function percentiles (per-operator mean and p90 of the time
   to acknowledge), for the same ranges, on SQLite.
4. Times the XLSX export of 100,000 alarm-log rows (the Review tab's export, streamed query
   included), and checks the file with openpyxl.

Targets: 30 days <= 300 ms, whole year <= 2 s, XLSX export <= 10 s.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402

DAY = 86_400
TARGET_30D_S, TARGET_YEAR_S, TARGET_XLSX_S = 0.3, 2.0, 10.0
ENTERPRISES = 20
POINTS = 648
OPERATORS = [f"op{i:02d}" for i in range(14)]
CATEGORIES = ("real_event", "false_alarm", "maintenance", "instrument_fault", "drill")
ACK_LIMITS = (60.0, 120.0, 300.0, 600.0)
HANDLING_LIMITS = (900.0, 1800.0, 3600.0, 7200.0)


def timestamps(seconds: np.ndarray) -> np.ndarray:
    """Epoch seconds as the duty log stores them on SQLite: 'YYYY-MM-DD HH:MM:SS.ffffff' (UTC)."""
    us = np.round(seconds * 1e6).astype("datetime64[us]")
    return np.char.replace(np.datetime_as_string(us, unit="us"), "T", " ")


def generate(n: int, end: float, seed: int = 7) -> dict:
    """The data set as columns (numpy), a year ending at ``end``."""
    rng = np.random.default_rng(seed)
    start = end - 365 * DAY
    # busier by day, and some bursts: a mix of a uniform spread and clustered floods
    base = rng.uniform(start, end, int(n * 0.9))
    centres = rng.uniform(start, end, max(1, n // 1000))
    bursts = (centres[rng.integers(0, len(centres), n - len(base))] + rng.exponential(120.0, n - len(base)))
    raised = np.sort(np.clip(np.concatenate([base, bursts]), start, end - 1))
    point = rng.integers(0, POINTS, n)
    enterprise = point % ENTERPRISES
    priority = rng.choice([1, 2, 3, 4], n, p=[0.05, 0.15, 0.30, 0.50]).astype(np.int64)
    condition = rng.choice(np.array(["H", "HH", "L", "LL"]), n)
    acked = rng.random(n) < 0.99
    response = np.round(rng.lognormal(np.log(25.0), 1.1, n), 3)
    ack_limit = np.array(ACK_LIMITS)[priority - 1]
    handled = (priority <= 2) | (rng.random(n) < 0.10)
    handled &= rng.random(n) < 0.97
    handling_s = np.round(response + rng.lognormal(np.log(600.0), 0.8, n), 3)
    category = rng.choice(np.arange(4), n, p=[0.4, 0.3, 0.2, 0.1])
    category[rng.random(n) < 0.01] = 4
    returned = raised + rng.lognormal(np.log(300.0), 1.0, n)
    stale = rng.random(n) < 0.002
    returned[stale] = raised[stale] + 30 * 3600
    handling_required = priority <= 2
    clear_at = np.maximum(returned, raised + np.where(handled, handling_s, 0.0)) + rng.uniform(5, 120, n)
    closed = np.where(acked & (~handling_required | handled), np.maximum(clear_at, raised + response), np.nan)
    cleared = handling_required & handled & acked
    ack_over = np.where((~acked) | (response > ack_limit), raised + ack_limit, np.nan)
    h_limit = np.array(HANDLING_LIMITS)[priority - 1]
    handling_over = np.where(handling_required & ((~handled) | (handling_s > h_limit)), raised + h_limit, np.nan)
    # the shift stamp: pattern 08:00/16:00/00:00 in UTC+8
    local_hours = ((raised + response + 8 * 3600) % DAY) // 3600
    shift_start_hour = np.where(local_hours >= 16, 16, np.where(local_hours >= 8, 8, 0))
    shift_day = (raised + response + 8 * 3600) // DAY * DAY - 8 * 3600 + shift_start_hour * 3600
    return dict(n=n, start=start, end=end, raised=raised, point=point, enterprise=enterprise, priority=priority,
                condition=condition, acked=acked, response=response, handled=handled, handling_s=handling_s,
                category=category, returned=returned, closed=closed, cleared=cleared, clear_at=clear_at,
                ack_over=ack_over, handling_over=handling_over, operator=rng.integers(0, len(OPERATORS), n),
                handler=rng.integers(0, len(OPERATORS), n), shift_start=shift_day, handling_required=handling_required)


def shift_ids(starts: np.ndarray) -> np.ndarray:
    local = np.round((starts + 8 * 3600) * 1e6).astype("datetime64[us]")
    return np.char.replace(np.datetime_as_string(local, unit="m"), "T", " ")


def rows(d: dict, ts) -> dict:
    """Row tuples per table; ``ts`` formats a numpy array of epoch seconds (NaN -> None)."""
    n = d["n"]

    def times(values: np.ndarray) -> list:
        out = ts(np.nan_to_num(values, nan=0.0)).tolist()
        nan = np.isnan(values)
        if nan.any():
            for i in np.flatnonzero(nan):
                out[i] = None
        return out

    ids = [f"{i:024x}" for i in range(n)]
    ents = [f"91350200E{e:04d}" for e in range(ENTERPRISES)]
    points = [f"PT-{p:04d}" for p in range(POINTS)]
    ent = [ents[e] for e in d["enterprise"]]
    pt = [points[p] for p in d["point"]]
    cond = d["condition"].tolist()
    raised = times(d["raised"])
    alarms = list(zip(ids, [f"{e}/{p}/{c}" for e, p, c in zip(ent, pt, cond, strict=True)], ent, pt, cond, d["priority"].tolist(), raised,
                      raised, [None] * n, [None] * n, [f"{p} {c}" for p, c in zip(pt, cond, strict=True)], [""] * n, ["ws-1"] * n,
                      times(d["returned"]), d["handling_required"].astype(int).tolist(), times(d["ack_over"]),
                      times(d["handling_over"]), times(d["closed"]), strict=True))
    shifts = shift_ids(d["shift_start"]).tolist()
    a = np.flatnonzero(d["acked"])
    acked_at = times(d["raised"][a] + d["response"][a])
    acks = [(ids[i], alarms[i][1], OPERATORS[d["operator"][i]], "ws-1", raised[i], acked_at[k], int(d["response"][i] * 1000),
             shifts[i]) for k, i in enumerate(a)]
    h = np.flatnonzero(d["handled"] & d["acked"])
    handled_at = times(d["raised"][h] + d["handling_s"][h])
    handlings = [(ids[i], alarms[i][1], CATEGORIES[d["category"][i]], "处置完成", OPERATORS[d["handler"][i]], "ws-1", shifts[i],
                  handled_at[k]) for k, i in enumerate(h)]
    c = np.flatnonzero(d["cleared"])
    cleared_at = times(d["clear_at"][c])
    clearances = [(ids[i], alarms[i][1], OPERATORS[d["handler"][i]], "ws-1", shifts[i], cleared_at[k]) for k, i in enumerate(c)]
    asked = np.arange(d["start"], d["end"], 3600.0)
    status = np.random.default_rng(3).choice(np.array(["answered", "late", "missed"]), len(asked), p=[0.9, 0.07, 0.03])
    response = np.where(status == "answered", 30.0, np.where(status == "late", 200.0, np.nan))
    asked_s = times(asked)
    answered = times(asked + response)
    presence = [("ws-1", asked_s[i], answered[i], OPERATORS[i % len(OPERATORS)], status[i],
                 None if np.isnan(response[i]) else int(response[i] * 1000), "") for i in range(len(asked))]
    return dict(alarms=alarms, acknowledgments=acks, handlings=handlings, clearances=clearances, presence_checks=presence)


COLUMNS = {
    "alarms": "id, alarm_key, enterprise, point, condition, priority, raised_at, received_at, value, threshold, text, source_id, "
              "station, returned_at, handling_required, ack_overdue_at, handling_overdue_at, closed_at",
    "acknowledgments": "alarm_id, alarm_key, operator, station, raised_at, acked_at, response_ms, shift",
    "handlings": "alarm_id, alarm_key, category, description, operator, station, shift, handled_at",
    "clearances": "alarm_id, alarm_key, operator, station, shift, cleared_at",
    "presence_checks": "station, asked_at, answered_at, operator, status, response_ms, shift",
}


def fill_sqlite(path: Path, data: dict) -> float:
    from console.infrastructure.store.engine import make_engine
    from console.infrastructure.store.migrations import upgrade

    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    started = time.perf_counter()
    table_rows = rows(data, timestamps)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=DELETE")  # a bulk load: no WAL copy, no sync; the console sets WAL again
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=-400000")
    # secondary indexes are dropped for the load and made again after it (the same DDL)
    indexes = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                           f"AND tbl_name IN ({', '.join(repr(t) for t in COLUMNS)})").fetchall()
    with conn:
        for name, _sql in indexes:
            conn.execute(f"DROP INDEX {name}")
        for table, cols in COLUMNS.items():
            marks = ", ".join("?" * len(cols.split(",")))
            conn.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", table_rows[table])
        conn.executemany("INSERT INTO users (name, display_name, password_hash, role, active, created_at) VALUES (?,?,?,?,?,?)",
                         [(o, f"值班员{i}", "x", "operator", 1, "2026-01-01 00:00:00.000000") for i, o in enumerate(OPERATORS)])
        for _name, sql in indexes:
            conn.execute(sql)
    conn.execute("ANALYZE")
    conn.close()
    return time.perf_counter() - started


def fill_postgres(url: str, data: dict) -> float:
    import psycopg

    from console.infrastructure.store.engine import make_engine
    from console.infrastructure.store.migrations import upgrade

    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    started = time.perf_counter()

    def ts(values: np.ndarray) -> np.ndarray:
        return np.char.add(timestamps(values), "+00")

    table_rows = rows(data, ts)
    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn) as conn:
        with conn.cursor() as cur:
            for table, cols in COLUMNS.items():
                with cur.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                    for row in table_rows[table]:
                        copy.write_row(row)
            for i, o in enumerate(OPERATORS):
                cur.execute("INSERT INTO users (name, display_name, password_hash, role, active, created_at, failed_sign_ins) "
                            "VALUES (%s, %s, 'x', 'operator', 1, now(), 0)", (o, f"值班员{i}"))
        conn.commit()
        conn.execute("ANALYZE")
    return time.perf_counter() - started


CPU: dict[str, float] = {}


def timed(fn, repeat: int = 3, name: str = "") -> tuple[float, list[float], object]:
    """Median wall time of ``repeat`` runs (and, under ``name``, the median CPU time of this
    process: on a busy machine the wall time also counts other programs' turns)."""
    times, cpu, result = [], [], None
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        result = fn()
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    if name:
        CPU[name] = statistics.median(cpu)
    return statistics.median(times), times, result


def baseline_sql(conn, start: float, end: float) -> list:
    """The plain way: per-operator mean and p90 of the time to acknowledge, window functions."""
    from sqlalchemy import bindparam, text

    from console.infrastructure.store.schema import UtcDateTime, utc

    sql = text(
        "WITH r AS (SELECT k.operator AS op, k.response_ms AS ms, "
        "ROW_NUMBER() OVER (PARTITION BY k.operator ORDER BY k.response_ms) AS rn, "
        "COUNT(*) OVER (PARTITION BY k.operator) AS n "
        "FROM alarms a JOIN acknowledgments k ON k.alarm_id = a.id "
        "LEFT JOIN handlings h ON h.alarm_id = a.id "
        "WHERE a.raised_at >= :s AND a.raised_at < :e AND (h.category IS NULL OR h.category <> 'drill')) "
        "SELECT op, COUNT(*), AVG(ms), MIN(CASE WHEN rn >= 0.9 * n THEN ms END) FROM r GROUP BY op"
    ).bindparams(bindparam("s", type_=UtcDateTime()), bindparam("e", type_=UtcDateTime()))
    return conn.execute(sql, {"s": utc(start), "e": utc(end)}).all()


def bench(label: str, url: str, data: dict, results: dict, baseline: bool) -> None:
    from console.services.review import blocks, report
    from console.services.review.filters import ReviewFilter
    from console.services.review.report_data import Limits
    from console.domain.shifts import ShiftPattern
    from console.infrastructure.store.engine import make_engine

    pattern = ShiftPattern.parse("08:00,16:00,00:00")
    limits = Limits(ACK_LIMITS, HANDLING_LIMITS)
    now = data["end"] + 3600
    engine = make_engine(url)
    with engine.connect() as conn:
        t = time.perf_counter()
        built = 0
        while True:
            n = blocks.catch_up(conn, now, data["start"] - DAY, limit_s=3600)
            built += n
            if n == 0:
                break
        results[f"{label} blocks"] = (time.perf_counter() - t, built)
        for name, days in (("30 days", 30), ("year", 366)):
            flt = ReviewFilter(now - days * DAY, now)
            median, runs, k = timed(lambda flt=flt: report.load_kpis(conn, flt, now, pattern, limits), name=f"{label} {name}")
            results[f"{label} {name}"] = (median, runs, k.total.alarms)
            median, runs, _ = timed(lambda flt=flt: report.load_kpis(conn, flt, now, pattern, limits, build=False), repeat=1)
            results[f"{label} {name} from the tables"] = (median, runs, None)
            if baseline:
                median, runs, _ = timed(lambda days=days: baseline_sql(conn, now - days * DAY, now), repeat=1)
                results[f"{label} {name} baseline"] = (median, runs, None)
    engine.dispose()


def bench_xlsx(url: str, data: dict, folder: Path) -> tuple[float, int]:
    from console.domain.plant import PlantRegistry
    from console.services.review import export, log_query
    from console.services.review.filters import ReviewFilter
    from console.infrastructure.store.engine import make_engine

    raised = data["raised"]
    end = float(raised[-1]) + 1
    start = float(raised[-100_000])
    flt = ReviewFilter(start, end)
    path = folder / "alarm-log.xlsx"
    engine = make_engine(url)
    t = time.perf_counter()
    with engine.connect() as conn:
        total = log_query.count(conn, flt, start, end)
        names = export.Names(PlantRegistry(), {n: d for n, d, _r in log_query.operators(conn)})
        written = export.write_log(path, log_query.stream(conn, flt, start, end), total, names, "xlsx", "UTC+08:00")
    elapsed = time.perf_counter() - t
    engine.dispose()
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True)
    first = list(book.worksheets[0].iter_rows(min_row=1, max_row=2, values_only=True))
    assert len(first) == 2 and first[1][0] is not None, first
    book.close()
    return elapsed, written


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--alarms", type=int, default=1_000_000)
    p.add_argument("--no-postgres", action="store_true")
    p.add_argument("--pg-url", help="an empty PostgreSQL database to use (default: a throw-away server)")
    p.add_argument("--keep", help="keep the SQLite duty log in this file")
    args = p.parse_args()
    os.environ["TZ"] = "Asia/Shanghai"
    time.tzset()
    from PySide6.QtCore import QCoreApplication

    app = QCoreApplication.instance() or QCoreApplication([])  # noqa: F841 (translations in the export)
    folder = Path(tempfile.mkdtemp(prefix="dc-reports-"))
    results: dict = {}
    server = None
    try:
        t = time.perf_counter()
        data = generate(args.alarms, end=time.time() - DAY)
        gen_s = time.perf_counter() - t
        db = Path(args.keep) if args.keep else folder / "duty-log.sqlite"
        db.unlink(missing_ok=True)
        fill_s = fill_sqlite(db, data)
        print(f"generated {args.alarms:,} alarms in {gen_s:.1f} s; SQLite filled in {fill_s:.1f} s "
              f"({os.path.getsize(db) / 1e6:.0f} MB)", flush=True)
        url = f"sqlite:///{db}"
        bench("SQLite", url, data, results, baseline=True)
        xlsx_s, xlsx_rows = bench_xlsx(url, data, folder)
        if not args.no_postgres:
            pg_url = args.pg_url
            if pg_url is None:
                from tests.helpers.postgres import PostgresServer, make_workdir

                server = PostgresServer(make_workdir(), settings={"fsync": "off"})
                server.start()
                pg_url = server.create_database("reports_bench")
            pg_fill = fill_postgres(pg_url, data)
            print(f"PostgreSQL filled in {pg_fill:.1f} s", flush=True)
            bench("PostgreSQL", pg_url, data, results, baseline=False)
    finally:
        if server is not None:
            server.stop()
            shutil.rmtree(server.workdir, ignore_errors=True)
    ok = lambda value, target: "MET" if value <= target else "NOT MET"  # noqa: E731
    print(f"\nReview KPIs over {args.alarms:,} alarms (a year); median of 3 runs each; machine: {os.cpu_count()} cores, "
          f"load average at the end {os.getloadavg()[0]:.1f}")
    for label in ("SQLite", "PostgreSQL"):
        if f"{label} year" not in results:
            continue
        seconds, days = results[f"{label} blocks"]
        print(f"  {label}: day blocks built once in {seconds:.1f} s ({days} days; in the background in the console)")
        for name, target in (("30 days", TARGET_30D_S), ("year", TARGET_YEAR_S)):
            median, runs, alarms = results[f"{label} {name}"]
            print(f"    KPI view, {name:7s}: {median * 1000:7.0f} ms   (runs {', '.join(f'{r * 1000:.0f}' for r in runs)} ms; "
                  f"CPU {CPU[f'{label} {name}'] * 1000:.0f} ms; {alarms:,} alarms)   target <= {target * 1000:.0f} ms: "
                  f"{ok(median, target)}")
            plain, _r, _ = results[f"{label} {name} from the tables"]
            print(f"      same figures straight from the tables (no blocks): {plain * 1000:7.0f} ms")
            if f"{label} {name} baseline" in results:
                base, _r, _ = results[f"{label} {name} baseline"]
                print(f"      baseline, plain SQL with window-function percentiles (operator mean and p90 only): "
                      f"{base * 1000:7.0f} ms")
    print(f"  XLSX export of {xlsx_rows:,} log rows (SQLite, query included): {xlsx_s:.1f} s   "
          f"target <= {TARGET_XLSX_S:.0f} s: {ok(xlsx_s, TARGET_XLSX_S)}")
    shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
