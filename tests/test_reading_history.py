"""The reading history: packed blocks, exact read-back after a restart, sealing, per-minute
aggregates and retention driven by the injected clock."""

from __future__ import annotations

import logging

import numpy as np
import pytest

from console.domain.clock import ManualClock
from console.services.history import codec
from console.services.history.schema import blocks, create, make_history_engine
from console.services.history.service import HistoryService
from console.services.history.store import ReadingStore
from console.domain.protocol import Reading

T0 = 1_767_225_600.0  # 2026-01-01T00:00:00Z, on an hour and a day boundary
DAY = 86_400.0


def open_store(path, clock) -> ReadingStore:
    engine = make_history_engine(f"sqlite:///{path}")
    create(engine)
    return ReadingStore(engine, clock.now)


def readings(point: str, start: float, seconds: int, values=None, step: float = 1.0, enterprise: str = "E1") -> list[Reading]:
    values = values if values is not None else [round(20 + (i % 37) * 0.25 - (i % 5) * 0.1, 3) for i in range(seconds)]
    return [Reading(enterprise, point, float(values[i]), start + i * step) for i in range(seconds)]


@pytest.mark.parametrize("values", [
    np.round(np.cumsum(np.random.default_rng(1).normal(0, 0.2, 3600)) + 50, 2),  # instrument resolution
    np.random.default_rng(2).normal(0, 1e6, 500),  # arbitrary doubles: stored as bits
    np.array([0.1, -0.0, 1e-7, 123456.789012, -5.5]),
    np.array([np.nan, 1.5, np.inf, 2.0]),  # stored exactly as well (bits)
])
def test_codec_gives_back_exactly_what_it_packed(values):
    rng = np.random.default_rng(3)
    times = (T0 * 1000 + np.cumsum(rng.integers(1, 5000, len(values)))).astype(np.int64)
    t, v = codec.decode(codec.encode(times, values))
    assert np.array_equal(t, times)
    assert np.array_equal(v.view(np.int64), values.astype(np.float64).view(np.int64))  # bit for bit (NaN, -0.0)


def test_a_steady_1_hz_hour_packs_into_a_fraction_of_a_byte_per_reading():
    values = np.round(np.cumsum(np.random.default_rng(4).normal(0, 0.3, 3600)) + 40, 2)
    times = (T0 * 1000 + np.arange(3600) * 1000).astype(np.int64)
    assert len(codec.encode(times, values)) < 3600 * 1.5  # 8 bytes time + 8 bytes value raw


def test_damaged_block_is_refused_with_a_clear_error():
    payload = bytearray(codec.encode(np.array([1, 2], dtype=np.int64), np.array([1.0, 2.0])))
    payload[-3] ^= 0xFF
    with pytest.raises(codec.CodecError):
        codec.decode(bytes(payload))


def test_write_restart_and_read_back_exactly(tmp_path):
    clock = ManualClock(T0 + 2 * 3600 + 30)
    store = open_store(tmp_path / "h.sqlite", clock)
    rng = np.random.default_rng(5)
    a = readings("PT-1", T0 + 0.25, 7200, values=np.round(rng.normal(3, 1, 7200), 3))
    b = readings("TT-2", T0 + 1800.5, 100, values=rng.normal(0, 1, 100))  # full-precision doubles
    store.add(a[:5000])
    store.add(b)
    store.flush()
    store.add(a[5000:])
    store.flush()
    while store.maintain():
        pass
    store.close()

    again = open_store(tmp_path / "h.sqlite", clock)  # a new program: nothing in memory
    got = again.read("E1", "PT-1", T0, T0 + 3 * 3600)
    assert np.array_equal(got.times, [r.at for r in a])
    assert np.array_equal(got.values, [r.value for r in a])
    got_b = again.read("E1", "TT-2", T0, T0 + 3 * 3600)
    assert got_b.values.tolist() == [r.value for r in b]
    part = again.read("E1", "PT-1", T0 + 100, T0 + 199.25)
    assert part.times.tolist() == [r.at for r in a[100:200]]
    assert again.read("E1", "nope", T0, T0 + DAY).times.size == 0
    again.close()


def test_unflushed_readings_are_answered_from_memory(tmp_path):
    clock = ManualClock(T0 + 60)
    store = open_store(tmp_path / "h.sqlite", clock)
    store.add(readings("P", T0, 30))
    store.flush()
    store.add(readings("P", T0 + 30, 30))
    got = store.read("E1", "P", T0, T0 + 60)
    assert len(got.times) == 60 and store.pending_count() == 30
    store.close()


def test_sealing_merges_an_hour_into_one_block_with_minute_aggregates(tmp_path):
    clock = ManualClock(T0)
    path = tmp_path / "h.sqlite"
    store = open_store(path, clock)
    rs = readings("P", T0, 3600)
    for k in range(0, 3600, 60):  # one flush a minute, as the service does
        store.add(rs[k:k + 60])
        store.flush()
    clock.set(T0 + 3599)
    assert store.maintain() == 0  # the hour is not over yet
    clock.set(T0 + 3600)
    assert store.maintain() == 1
    with store._engine.connect() as conn:
        levels = sorted((r.level, r.sealed) for r in conn.execute(blocks.select()))
    assert levels == [(0, 1), (1, 0)]  # one sealed raw block, one open minute block (day not over)
    got = store.read("E1", "P", T0, T0 + 3600)
    assert np.array_equal(got.values, [r.value for r in rs])

    # A late reading for the sealed hour, and one that overwrites a reading: both kept, the last wins.
    store.add([Reading("E1", "P", 99.5, T0 + 10), Reading("E1", "P", 7.25, T0 + 10.5)])
    store.flush()
    assert store.maintain() == 1
    got = store.read("E1", "P", T0 + 9, T0 + 11)
    assert got.values.tolist() == [rs[9].value, 99.5, 7.25, rs[11].value]
    store.close()


def test_downsampled_after_the_full_resolution_days_then_dropped(tmp_path):
    clock = ManualClock(T0)
    store = open_store(tmp_path / "h.sqlite", clock)
    store.full_days, store.minute_days = 30, 90
    values = [10.0 + (i % 60) * 0.5 for i in range(7200)]  # each minute: 10.0 … 39.5
    store.add(readings("P", T0, 7200, values=values))
    store.flush()
    clock.set(T0 + DAY)
    while store.maintain():
        pass
    with store._engine.connect() as conn:
        levels = sorted((r.level, r.sealed) for r in conn.execute(blocks.select()))
    assert levels == [(0, 1), (0, 1), (1, 1)]  # two hours raw; their minutes merged into one day block

    clock.set(T0 + 30 * DAY + 3599)  # the first hour is 30 days old only at T0 + 30 days + 1 h
    store.maintain()
    assert len(store.read("E1", "P", T0, T0 + 7200).times) == 7200
    clock.set(T0 + 30 * DAY + 3600)
    store.maintain()
    got = store.read("E1", "P", T0, T0 + 7200)
    assert got.times[0] == T0 + 3600 and len(got.times) == 3600  # second hour still at full resolution
    assert got.minute_times.tolist() == [T0 + 60 * m for m in range(60)]  # the first hour as minutes
    assert set(got.minute_min) == {10.0} and set(got.minute_max) == {39.5}
    assert np.allclose(got.minute_mean, 24.75)

    clock.set(T0 + 90 * DAY + DAY)
    store.maintain()
    got = store.read("E1", "P", T0, T0 + 7200)
    assert got.times.size == 0 and got.minute_times.size == 0
    with store._engine.connect() as conn:
        assert conn.execute(blocks.select()).first() is None
    store.close()


def test_damaged_block_is_logged_and_skipped(tmp_path, caplog):
    clock = ManualClock(T0 + 100)
    store = open_store(tmp_path / "h.sqlite", clock)
    store.add(readings("P", T0, 10))
    store.flush()
    store.add(readings("P", T0 + 50, 10))
    store.flush()
    with store._engine.begin() as conn:
        first = conn.execute(blocks.select().order_by(blocks.c.id)).first()
        conn.execute(blocks.update().where(blocks.c.id == first.id).values(payload=first.payload[:-4]))
    with caplog.at_level(logging.ERROR, logger="console.services.history"):
        got = store.read("E1", "P", T0, T0 + 100)
    assert got.times.tolist() == [T0 + 50 + i for i in range(10)]
    assert store.damaged == 1 and "damaged block" in caplog.text
    store.close()


def test_service_takes_readings_off_the_gui_thread_and_answers_queries(qtbot, tmp_path):
    from console.infrastructure.mailbox import Dispatcher

    clock = ManualClock(T0 + 100)
    dispatcher = Dispatcher()
    service = HistoryService(lambda: open_store(tmp_path / "h.sqlite", clock), dispatcher.run_on_main, flush_s=3600)
    try:
        service.put(readings("P", T0, 50))
        service.put(readings("P", T0 + 50, 50))
        answers = []
        service.submit(lambda store: store.read("E1", "P", T0, T0 + 100), answers.append)
        qtbot.waitUntil(lambda: bool(answers), timeout=5000)
        assert len(answers[0].times) == 100
        flushed = []
        service.flush_now(flushed.append)
        qtbot.waitUntil(lambda: bool(flushed), timeout=5000)
        assert flushed == [100]
        errors = []
        service.submit(lambda store: 1 / 0, None, errors.append)
        qtbot.waitUntil(lambda: bool(errors), timeout=5000)
        assert isinstance(errors[0], ZeroDivisionError) and service.failures == 1
    finally:
        service.close()
    store = open_store(tmp_path / "h.sqlite", clock)
    assert len(store.read("E1", "P", T0, T0 + 100).times) == 100
    store.close()


def test_flush_writes_in_chunks_and_takes_new_readings_in_between(tmp_path):
    from console.services.history.store import FLUSH_CHUNK

    clock = ManualClock(T0 + 100)
    store = open_store(tmp_path / "h.sqlite", clock)
    points = [f"P{i}" for i in range(2 * FLUSH_CHUNK + 1)]  # three chunks
    for point in points:
        store.add(readings(point, T0, 2))
    calls = []

    def meanwhile() -> None:
        calls.append(store.pending_count())
        store.add(readings("NEW", T0 + 10 + len(calls), 1))  # arrived while the minute was written

    assert store.flush(meanwhile) == 2 * len(points)
    assert calls == [0, 1, 2] and store.pending_count() == 3  # the new readings are the next minute's
    assert store.read("E1", points[-1], T0, T0 + 100).times.tolist() == [T0, T0 + 1]
    assert store.read("E1", "NEW", T0, T0 + 100).times.tolist() == [T0 + 11, T0 + 12, T0 + 13]
    store.close()


def test_service_takes_in_readings_queued_during_a_flush_without_waiting_for_it_to_end(qtbot, tmp_path):
    """Readings that arrive while a minute is written wait as Python objects in the queue (about
    200 bytes each; a park's 20,000 readings/s over a flush of many seconds) unless they are taken in
    between the flush's chunks. A job queued meanwhile waits for the flush, and sees them."""
    from console.infrastructure.mailbox import Dispatcher

    clock = ManualClock(T0 + 100)
    dispatcher = Dispatcher()
    service = HistoryService(lambda: open_store(tmp_path / "h.sqlite", clock), dispatcher.run_on_main, flush_s=3600)
    seen: list[int] = []
    try:
        service.put(readings("P", T0, 30))

        def queue_behind_the_flush(store) -> None:
            service.put(readings("Q", T0, 5))
            service.submit(lambda store: store.pending_count(), seen.append)
            service.put(readings("R", T0, 7))

        service.submit(queue_behind_the_flush)  # runs before the flush below: what it queues comes after it
        flushed = []
        service.flush_now(flushed.append)
        qtbot.waitUntil(lambda: bool(flushed) and bool(seen), timeout=5000)
        assert flushed == [30]
        assert seen == [12]  # both batches taken in during the flush, the job run after it
    finally:
        service.close()


def test_the_program_keeps_readings_across_a_restart_and_shows_an_alarms_trend(qtbot, make_settings, publisher, db_path):
    """Through the real console: readings from the broker are stored off the GUI thread, written
    at shutdown, read back exactly by the next run; selecting an alarm shows its point's trend
    in the Trends tab and in the alarm detail, with the alarm marked."""
    import json
    import time

    from tests.helpers.console import RunningConsole
    from tests.test_alarm_engine_e2e import ENT, REGISTRY

    start_ms = int(time.time() * 1000) - 120_000
    sent = [(start_ms + 1000 * i, round(3.0 + 0.137 * i, 3)) for i in range(100)]
    running = RunningConsole(qtbot, make_settings(), registry=REGISTRY)
    try:
        for ts, value in sent:
            body = {"v": 1, "ts": ts, "readings": [{"point": "GT-1101", "value": value}]}
            publisher.publish(f"dc/v1/{ENT}/readings/GW01", json.dumps(body), qos=1)
        qtbot.waitUntil(lambda: running.core.intake.readings >= len(sent), timeout=10_000)
        body = {"v": 1, "ts": int(time.time() * 1000), "readings": [{"point": "GT-1101", "value": 60.0}]}
        publisher.publish(f"dc/v1/{ENT}/readings/GW01", json.dumps(body), qos=1)
        window = running.window
        qtbot.waitUntil(lambda: window.model.row_of(f"{ENT}/GT-1101/HH") >= 0, timeout=10_000)
        alarm = running.core.book.get(f"{ENT}/GT-1101/HH")
        window.view.selectRow(window.model.row_of(alarm.key))
        for view in (window.trend, window.detail_trend):
            qtbot.waitUntil(lambda v=view: len(v.traces.get((ENT, "GT-1101"), None).data) >= len(sent)
                            and any(m.mark.condition == "HH" for m in v.plot.marks), timeout=10_000)
            assert not view.live and view.view_range() == (alarm.raised_at - 600, alarm.raised_at + 600)
            mark = next(m for m in view.plot.marks if m.mark.condition == "HH")
            assert mark.item.value() == alarm.raised_at
            assert {t.condition: t.value for t in view.plot.thresholds} == {"H": 25, "HH": 50}
        assert window.view.isVisible()  # the alarm list stays in view
        assert window.detail_trend.isVisible()
    finally:
        running.close()

    store = open_store(db_path.parent / "readings.sqlite", ManualClock(time.time()))
    got = store.read(ENT, "GT-1101", start_ms / 1000, start_ms / 1000 + 99)
    assert got.times.tolist() == [ts / 1000 for ts, _v in sent]
    assert got.values.tolist() == [v for _ts, v in sent]
    store.close()
