"""The historian (console/services/history/historian*.py) against a real PostgreSQL and a real
Mosquitto: readings written once by two historians sharing an MQTT 5 subscription, retention and
rollups on the injected clock, and the trend of a workstation that started after the readings.
"""

from __future__ import annotations

import json
import time

import psycopg
import pytest

from console.domain.clock import ManualClock
from console.domain.protocol import Reading
from console.services.history import historian_tables as tables
from console.services.history.historian import Historian, HistorianConfig
from console.services.history.historian_reader import HistorianReader
from console.services.history.historian_upkeep import HistorianUpkeep
from console.services.history.historian_writer import ReadingWriter
from tests.helpers.waiting import wait_for

ENT = "E1"
T0 = 1_767_225_600.0  # 2026-01-01T00:00:00Z
DAY = 86_400.0


def rows(url: str, table: str = "historian_readings") -> int:
    with psycopg.connect(tables.conninfo(url), autocommit=True) as conn:
        try:
            return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # type: ignore[index]
        except psycopg.errors.UndefinedTable:
            return 0


def batch_payload(at_ms: int, points: list[str], value: float) -> bytes:
    return json.dumps({"v": 1, "ts": at_ms, "readings": [{"point": p, "value": value + i} for i, p in enumerate(points)]}).encode()


@pytest.fixture
def historians(broker, pg_url):
    """make(name) -> a started Historian on the test broker and database; all stopped after the test."""
    made: list[Historian] = []

    def make(name: str, **overrides) -> Historian:
        config = HistorianConfig(database_url=pg_url, broker_host=broker.host, broker_port=broker.port, client_id=name,
                                 batch_s=0.05, upkeep_s=overrides.pop("upkeep_s", 3600.0), report_s=3600.0, **overrides)
        h = Historian(config)
        made.append(h)
        h.start()
        wait_for(h.subscribed.is_set, 10, f"historian {name} subscribed")
        return h

    yield make
    for h in made:
        h.stop()


def test_two_historians_share_the_readings_and_write_each_once(historians, publisher, pg_url):
    a, b = historians("historian-a"), historians("historian-b")
    points = [f"PT-{i:03d}" for i in range(10)]
    start_ms = int(time.time() * 1000) - 600_000
    messages = [(f"dc/v1/{ENT}/readings/gw{m % 3}", batch_payload(start_ms + m * 1000, points, float(m))) for m in range(200)]
    for topic, payload in messages:
        publisher.publish(topic, payload, qos=1)
    sent = len(messages) * len(points)
    wait_for(lambda: a.counters.readings + b.counters.readings == sent, 30, "every reading taken by one historian")
    # Delivered again (a gateway's replay, a redelivery): not written twice.
    for topic, payload in messages[:50]:
        publisher.publish(topic, payload, qos=1)
    wait_for(lambda: a.counters.readings + b.counters.readings == sent + 50 * len(points), 30, "the repeated readings taken")
    assert rows(pg_url) == sent
    assert a.counters.written + b.counters.written == sent
    assert a.counters.duplicates + b.counters.duplicates == 50 * len(points)
    assert a.counters.messages > 0 and b.counters.messages > 0, (a.counters.messages, b.counters.messages)
    assert a.counters.messages + b.counters.messages == 250
    assert a.last_lag_s < 10 and b.last_lag_s < 10  # arrival to commit (a loaded 2-core machine: generous)


def test_a_bad_message_is_counted_and_the_rest_written(historians, publisher, pg_url):
    h = historians("historian-a")
    now_ms = int(time.time() * 1000)
    publisher.publish(f"dc/v1/{ENT}/readings/gw1", b"not json", qos=1)
    publisher.publish(f"dc/v1/{ENT}/readings/gw1", batch_payload(now_ms, ["PT-1", "PT-2"], 1.5), qos=1)
    wait_for(lambda: h.counters.readings == 2, 20, "the good message written")
    assert h.counters.rejected == 1
    assert rows(pg_url) == 2


@pytest.fixture
def on_clock(pg_url):
    """(clock, writer, upkeep, reader) on one database, the clock at 2026-01-04 02:00 UTC."""
    clock = ManualClock(T0 + 3 * DAY + 7200)
    info = tables.conninfo(pg_url)
    writer = ReadingWriter(psycopg.connect(info, autocommit=True), clock.now, full_days=30)
    upkeep = HistorianUpkeep(psycopg.connect(info, autocommit=True), clock.now, full_days=30, minute_days=365, delay_s=120)
    reader = HistorianReader(pg_url)
    yield clock, writer, upkeep, reader
    writer.close()
    upkeep.close()
    reader.close()


def hour_of_readings(day: int, point: str, base: float) -> list[Reading]:
    """One hour (00:00–01:00 UTC of day ``day`` after T0), a reading every 10 s, values base + i."""
    return [Reading(ENT, point, base + i, T0 + day * DAY + i * 10) for i in range(360)]


def test_retention_on_the_injected_clock_drops_days_and_keeps_rollups_as_the_rules_say(on_clock, pg_url):
    clock, writer, upkeep, reader = on_clock
    for day in range(4):
        result = writer.write(hour_of_readings(day, "TT-1", 100.0 * day))
        assert (result.written, result.duplicates) == (360, 0)
    assert writer.write(hour_of_readings(1, "TT-1", 100.0)).duplicates == 360  # written again: kept once

    first = upkeep.run_once()
    assert first.ran
    assert rows(pg_url, "historian_minutes") == 4 * 60  # every closed minute rolled up
    minute0 = reader.read(ENT, "TT-1", T0, T0 + 3600).times
    assert len(minute0) == 360  # raw readings where they are kept

    # A late reading in a minute already rolled up: that minute is done again at the next round.
    writer.write([Reading(ENT, "TT-1", 1000.0, T0 + DAY + 5)])
    upkeep.run_once()
    with psycopg.connect(tables.conninfo(pg_url), autocommit=True) as conn:
        low, high, count = conn.execute("SELECT low, high, count FROM historian_minutes WHERE minute = to_timestamp(%s)",
                                        (T0 + DAY,)).fetchone()  # type: ignore[misc]
    assert (low, high, count) == (100.0, 1000.0, 7)

    # 30 days later (full resolution kept 30 days): the first day's readings go, its minutes stay.
    clock.set(T0 + 31 * DAY + 3600)
    result = upkeep.run_once()
    assert "historian_readings_p20260101" in result.dropped
    assert not any(name.startswith("historian_readings_p2026010") and name > "historian_readings_p20260101" for name in result.dropped)
    series = reader.read(ENT, "TT-1", T0, T0 + 2 * DAY - 1)
    assert len(series.minute_times) == 60 and series.minute_min[0] == 0.0 and series.minute_max[-1] == 359.0
    assert series.times[0] == T0 + DAY and len(series.times) == 361  # the second day raw, the late reading with it
    assert writer.write(hour_of_readings(0, "TT-1", 0.0)).expired == 360  # past retention: not written back

    # A year on (per-minute kept 365 days): January's rollups go too.
    clock.set(T0 + 400 * DAY)
    result = upkeep.run_once()
    assert "historian_minutes_p202601" in result.dropped
    assert rows(pg_url, "historian_minutes") == 0
    assert len(reader.read(ENT, "TT-1", T0, T0 + 4 * DAY).minute_times) == 0


def test_partitions_are_made_ahead_and_a_second_upkeep_waits_its_turn(on_clock, pg_url):
    clock, _writer, upkeep, _reader = on_clock
    other = HistorianUpkeep(psycopg.connect(tables.conninfo(pg_url), autocommit=True), clock.now, 30, 365)
    try:
        with psycopg.connect(tables.conninfo(pg_url), autocommit=True) as holder:
            holder.execute("SELECT pg_advisory_lock(%s)", (tables.UPKEEP_LOCK,))
            assert not other.run_once().ran  # another historian holds the upkeep: this one only makes partitions
        assert upkeep.run_once().ran
        with psycopg.connect(tables.conninfo(pg_url), autocommit=True) as conn:
            days = set(tables.partitions(conn, tables.READINGS))
        assert {"historian_readings_p20260103", "historian_readings_p20260104", "historian_readings_p20260106"} <= days
    finally:
        other.close()


def test_a_workstation_started_after_the_readings_draws_the_historians_trend(qtbot, historians, publisher, pg_url, make_settings, db_path):
    from tests.helpers.console import RunningConsole

    h = historians("historian-a")
    start_ms = int(time.time() * 1000) - 300_000
    for m in range(60):  # five minutes of two points, a batch every 5 s
        publisher.publish(f"dc/v1/{ENT}/readings/gw1", batch_payload(start_ms + m * 5000, ["TT-1", "TT-2"], float(m)), qos=1)
    wait_for(lambda: h.counters.written == 120, 20, "the readings written by the historian")

    running = RunningConsole(qtbot, make_settings(**{"history.source": "historian", "history.url": pg_url}))
    try:
        trends = running.core.trends
        assert trends is not None
        with qtbot.waitSignal(trends.loaded, timeout=10_000) as answer:
            trends.load("late", ENT, "TT-1", start_ms / 1000 - 1, time.time() + 1)
        series = answer.args[0].series
        assert list(series.times) == [(start_ms + m * 5000) / 1000 for m in range(60)]
        assert list(series.values) == [float(m) for m in range(60)]
        publisher.publish(f"dc/v1/{ENT}/readings/gw1", batch_payload(int(time.time() * 1000), ["TT-1"], 99.0), qos=1)
        wait_for(lambda: h.counters.written == 121, 20, "a reading while the workstation runs")
    finally:
        running.close()
    assert not (db_path.parent / "readings.sqlite").exists()  # the workstation stored no readings of its own


def test_the_historian_command_runs_as_the_service_does_and_stops_on_sigterm(broker, publisher, pg_url, tmp_path):
    """``duty-console historian`` as the systemd unit starts it: a settings file, stderr for the log."""
    import os
    import signal
    import subprocess
    import sys

    settings = tmp_path / "historian.toml"
    settings.write_text(f'[broker]\nhost = "{broker.host}"\nport = {broker.port}\n[history]\nurl = "{pg_url}"\n', encoding="utf-8")
    log = tmp_path / "historian.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "console", "--settings", str(settings), "historian", "--client-id", "h-cli"],
                                stdout=out, stderr=subprocess.STDOUT, env=os.environ.copy())
    try:
        wait_for(lambda: b"subscribing to $share/historians/dc/v1/+/readings/+" in log.read_bytes() or proc.poll() is not None, 60,
                 "the historian subscribed")
        assert proc.poll() is None, log.read_text(encoding="utf-8")
        publisher.publish(f"dc/v1/{ENT}/readings/gw1", batch_payload(int(time.time() * 1000), ["TT-1", "TT-2", "TT-3"], 1.0), qos=1)
        wait_for(lambda: rows(pg_url) == 3, 30, "the readings in PostgreSQL")
    finally:
        proc.send_signal(signal.SIGTERM)
        status = proc.wait(60)
    text = log.read_text(encoding="utf-8")
    assert status == 0, text
    assert "historian stopped: 3 readings written" in text


def test_the_historian_command_refuses_a_database_that_is_not_postgresql(tmp_path):
    import subprocess
    import sys

    settings = tmp_path / "historian.toml"
    settings.write_text(f'[history]\nurl = "sqlite:///{tmp_path / "r.sqlite"}"\n', encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "console", "--settings", str(settings), "historian"], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 2 and "PostgreSQL" in proc.stderr and "Traceback" not in proc.stderr


def test_the_packaged_settings_example_and_unit_name_the_historian_command(caplog):
    """The example the package installs for the service (packaging/linux/historian.toml) is read
    without a warning, and the unit starts the command with that file."""
    from pathlib import Path

    from console.infrastructure.settings import Settings
    from console.shell.historian_cli import historian_config

    linux = Path(__file__).resolve().parent.parent / "packaging" / "linux"
    with caplog.at_level("WARNING"):
        config = historian_config(Settings.load(linux / "historian.toml"), client_id="h1")
    assert not [r for r in caplog.records if r.levelname == "WARNING"]
    assert (config.broker_port, config.group, config.full_days) == (8883, "historians", 30)
    assert config.subscription == "$share/historians/dc/v1/+/readings/+"
    unit = (linux / "duty-console-historian.service").read_text(encoding="utf-8")
    assert "ExecStart=/usr/bin/duty-console --settings /etc/duty-console/historian.toml historian\n" in unit
    assert "WantedBy=multi-user.target" in unit


def test_readings_that_arrive_while_the_database_is_away_are_written_when_it_is_back(broker, publisher, tmp_path):
    """A batch that cannot be written is kept and tried again (the writes are idempotent): nothing
    is lost while the database server is stopped, the historian keeps running, and what waits for
    it stays within the queue's byte budget (the rest waits at the broker)."""
    import shutil

    from tests.helpers.postgres import PostgresServer, make_workdir

    workdir = make_workdir()
    server = PostgresServer(workdir)
    server.start()
    url = server.create_database("historian_away")
    h = Historian(HistorianConfig(database_url=url, broker_host=broker.host, broker_port=broker.port, client_id="h-away",
                                  batch_s=0.05, upkeep_s=3600.0, report_s=3600.0, retry_s=0.5, queue_bytes=1000))
    try:
        h.start()
        wait_for(h.subscribed.is_set, 10, "the historian subscribed")
        now_ms = int(time.time() * 1000)
        publisher.publish(f"dc/v1/{ENT}/readings/gw1", batch_payload(now_ms, ["TT-1"], 1.0), qos=1)
        wait_for(lambda: h.counters.written == 1, 20, "the first reading written")
        server.stop()
        publisher.publish(f"dc/v1/{ENT}/readings/gw1", batch_payload(now_ms + 1000, ["TT-1"], 2.0), qos=1)
        wait_for(lambda: h.counters.failures >= 1, 20, "a failed write while the database is away")
        for m in range(2, 42):  # about 75 bytes each: three times the 1,000-byte budget, while the writer waits
            publisher.publish(f"dc/v1/{ENT}/readings/gw1", batch_payload(now_ms + m * 1000, ["TT-1"], 1.0 + m), qos=1)
        server.start()
        wait_for(lambda: h.counters.written == 42, 60, "the held readings written once the database is back")
        assert rows(url) == 42
        assert 0 < h.queued_bytes_peak <= 1000
    finally:
        h.stop()
        server.kill()
        shutil.rmtree(workdir, ignore_errors=True)
