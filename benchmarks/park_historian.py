"""The historian's part of the park benchmark (benchmarks/park.py): a PostgreSQL, ``duty-console
historian`` processes on the park's broker, their lag and rows/s, and the 24 h trend load from
PostgreSQL through the workstation's HistorianReader.

Everything here is the product's own code or process: the database server is
tests/helpers/postgres.py's (as benchmarks/historian.py; default settings, fsync on), the historians
are ``python -m console --settings historian.toml historian`` as the systemd unit runs them, the
24 h laid down for the trend load go through the historian's ReadingWriter (its partitions) and
HistorianUpkeep (its per-minute rollups), and the load is HistorianReader.read, what a workstation
with ``history.source = "historian"`` runs on its history thread.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[1]
DAY = 86_400
LAG_PROBES = 50  # points whose newest row is looked up at each lag sample


class Database:
    """A throw-away PostgreSQL (unless a URL is given) with an empty database for the historians."""

    def __init__(self, url: str = "") -> None:
        self.url = url
        self._server: Any = None

    def start(self) -> str:
        if not self.url:
            from tests.helpers.postgres import PostgresServer, make_workdir

            self._server = PostgresServer(make_workdir("park-bench-pg-"))
            self._server.start()
            self.url = self._server.create_database("park_history")
        return self.url

    def conninfo(self) -> str:
        from console.services.history import historian_tables as tables

        return tables.conninfo(self.url)

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()


class Historians:
    """``n`` historian processes, started as the package's systemd unit starts one."""

    def __init__(self, n: int, host: str, port: int, url: str, workdir: Path) -> None:
        self.n, self.workdir = n, workdir
        self.settings = workdir / "historian.toml"
        self.settings.write_text(f'[broker]\nhost = "{host}"\nport = {port}\n[history]\nurl = "{url}"\n', encoding="utf-8")
        self.procs: list[subprocess.Popen[bytes]] = []
        self.logs = [workdir / f"historian-{i}.log" for i in range(n)]

    def start(self, timeout: float = 60.0) -> None:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
        for i, log in enumerate(self.logs):
            with open(log, "wb") as out:
                self.procs.append(subprocess.Popen([sys.executable, "-m", "console", "--settings", str(self.settings), "historian",
                                                    "--client-id", f"park-historian-{i}"], stdout=out, stderr=subprocess.STDOUT,
                                                   env=env, cwd=REPO))
        deadline = time.monotonic() + timeout
        for proc, log in zip(self.procs, self.logs, strict=True):
            while b"subscribing to $share/" not in log.read_bytes():
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"a historian did not subscribe: {log.read_text(encoding='utf-8')[-2000:]}")
                time.sleep(0.1)
        time.sleep(1.0)  # the SUBACK follows the log line

    def stop(self, timeout: float = 120.0) -> list[int | None]:
        """SIGTERM (each writes what it holds), then their exit status."""
        for proc in self.procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        status: list[int | None] = []
        for proc in self.procs:
            try:
                status.append(proc.wait(timeout))
            except subprocess.TimeoutExpired:
                proc.kill()
                status.append(None)
        return status

    def last_report(self) -> list[str]:
        """Each historian's last minute line (rows/s, lag) from its log, as the journal shows it."""
        out = []
        for log in self.logs:
            found = re.findall(r"[\d.]+ rows/s, lag max [\d.]+ s", log.read_text(encoding="utf-8", errors="replace"))
            out.append(found[-1] if found else "no minute line yet")
        return out


class LagSampler:
    """Once a second, off the GUI thread: now minus the newest reading time in PostgreSQL among
    ``LAG_PROBES`` park points (each has a reading every second, their phases spread over it)."""

    def __init__(self, conninfo: str, keys: list[tuple[str, str]]) -> None:
        self._conninfo, self._keys = conninfo, keys
        self.samples: list[tuple[float, float]] = []  # (wall time, lag s)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="park-lag-sampler", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(30)

    def lags(self, start: float, end: float) -> list[float]:
        return [lag for at, lag in self.samples if start <= at <= end]

    def _run(self) -> None:
        import psycopg

        with psycopg.connect(self._conninfo, autocommit=True) as conn:
            ids: list[int] = []
            while not self._stop.wait(1.0):
                if len(ids) < len(self._keys):
                    rows = conn.execute("SELECT id FROM historian_points WHERE (enterprise, point) IN "
                                        "(SELECT * FROM unnest(%s::text[], %s::text[]))",
                                        ([e for e, _p in self._keys], [p for _e, p in self._keys])).fetchall()
                    ids = [int(r[0]) for r in rows]
                    if not ids:
                        continue
                row = conn.execute("SELECT max(newest) FROM unnest(%s::int4[]) AS probe(id), LATERAL "
                                   "(SELECT max(ts) AS newest FROM historian_readings r WHERE r.point_id = probe.id) AS n",
                                   (ids,)).fetchone()
                now = time.time()
                if row is not None and row[0] is not None:
                    self.samples.append((now, now - row[0].timestamp()))


def rows_between(conninfo: str, start: float, end: float) -> int:
    """Rows in historian_readings whose reading time is in [start, end)."""
    import psycopg

    from console.services.history import historian_tables as tables

    with psycopg.connect(conninfo, autocommit=True) as conn:
        row = conn.execute("SELECT count(*) FROM historian_readings WHERE ts >= %s AND ts < %s",
                           (dt.datetime.fromtimestamp(start, tables.UTC), dt.datetime.fromtimestamp(end, tables.UTC))).fetchone()
    return int(row[0]) if row is not None else 0


def lay_down_day(conninfo: str, keys: list[tuple[str, str]], t0: float) -> float:
    """24 sealed hours at 1 Hz from ``t0`` for each of ``keys``, written as the historian writes them
    (ReadingWriter: its points, day partitions and batches), rolled up by its upkeep (per-minute
    rollups up to two minutes ago) and vacuumed as autovacuum would; returns the seconds it took."""
    import psycopg

    from console.domain.protocol import Reading
    from console.services.history.historian_upkeep import HistorianUpkeep
    from console.services.history.historian_writer import ReadingWriter

    started = time.monotonic()
    writer = ReadingWriter(psycopg.connect(conninfo, autocommit=True), time.time, 30)
    rng = np.random.default_rng(5)
    seconds = np.arange(3600, dtype=np.float64)
    for hour in range(24):
        base = t0 + hour * 3600
        for k in range(0, len(keys), 20):  # 20 points x an hour = 72,000 readings a batch
            batch = []
            for ent, point in keys[k:k + 20]:
                walk = np.round(50 + np.cumsum(rng.normal(0, 0.05, 3600)), 1).tolist()
                batch += [Reading(ent, point, v, base + s) for s, v in zip(seconds.tolist(), walk, strict=True)]
            writer.write(batch)
    writer.close()
    upkeep = HistorianUpkeep(psycopg.connect(conninfo, autocommit=True), time.time, 30, 365)
    upkeep.run_once()
    upkeep.close()
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute("VACUUM (ANALYZE) historian_readings")
        conn.execute("ANALYZE historian_minutes")
    return time.monotonic() - started


def trend_loads(url: str, keys: list[tuple[str, str]], t0: float, between: Any = None) -> list[float]:
    """Load 24 h of 20 of ``keys`` anew through the workstation's HistorianReader (ms each);
    ``between()`` runs between two loads (the console's event loop)."""
    from console.services.history.historian_reader import HistorianReader

    out = []
    for key in keys[:: max(1, len(keys) // 20)][:20]:
        reader = HistorianReader(url)  # anew: no point id cached, a fresh connection as a workstation's first load
        reader.read("", "", 0.0, 0.0)  # the connection opened (not timed: a workstation keeps it)
        started = time.perf_counter()
        series = reader.read(key[0], key[1], t0, t0 + DAY - 0.5)
        out.append((time.perf_counter() - started) * 1000)
        reader.close()
        if len(series.times) != DAY:
            raise AssertionError(f"{key}: {len(series.times)} readings, not {DAY}")
        if between is not None:
            between()
    return out
