"""The reading history packs and unpacks many blocks at once (console/services/history/codec_many.py):
the bytes must be exactly those the one-block codec gives, for every kind of block, and a park's
flush and sealing through the store must store exactly what the point-by-point path stored."""

from __future__ import annotations

import numpy as np
import pytest

from console.domain.clock import ManualClock
from console.domain.protocol import Reading
from console.services.history import codec, codec_many
from console.services.history.schema import DAY_MS, HOUR_MS, MINUTES, RAW, blocks, create, make_history_engine
from console.services.history.store import ReadingStore, _last_of_each

T0_MS = 1_767_225_600_000  # 2026-01-01T00:00:00Z


def segment(rng: np.random.Generator, kind: int) -> tuple[np.ndarray, np.ndarray]:
    """One block's readings of one kind: every path of codec.encode (decimal places 0–6, float bits,
    NaN and infinities, values too large to scale, time steps of every integer width)."""
    n = int(rng.integers(1, 90))
    steps = [rng.integers(1, 3, n), rng.integers(900, 1100, n), rng.integers(0, 40_000, n), rng.integers(0, 2**40, n)][kind % 4]
    times = T0_MS + np.cumsum(steps)
    values = [
        np.round(rng.uniform(-100, 100, n), int(rng.integers(0, 7))),
        rng.normal(0, 1e6, n),
        np.where(rng.random(n) < 0.2, np.nan, np.round(rng.uniform(0, 10, n), 1)),
        np.where(rng.random(n) < 0.2, -np.inf, 2.5),
        np.full(n, 1e300),
        np.round(rng.uniform(0, 2**60, n)),
        np.full(n, 7.0),
        np.round(rng.uniform(-1, 1, n), 6) * 1e9,
    ][kind % 8]
    return times.astype(np.int64), values.astype(np.float64)


def joined(segments: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    starts = np.cumsum([0] + [len(t) for t, _v in segments[:-1]])
    return np.concatenate([t for t, _v in segments]), np.concatenate([v for _t, v in segments]), starts


def same_bits(a: np.ndarray, b: np.ndarray) -> bool:
    return a.dtype == b.dtype and np.array_equal(a.view(np.int64) if a.dtype == np.float64 else a, b.view(np.int64) if b.dtype == np.float64 else b)


@pytest.mark.parametrize("seed", range(4))
def test_many_blocks_packed_at_once_are_the_bytes_of_each_packed_alone(seed):
    rng = np.random.default_rng(seed)
    segments = [segment(rng, kind) for kind in range(400)]
    times, values, starts = joined(segments)
    many = codec_many.encode_many(times, values, starts)
    assert many == [codec.encode(t, v) for t, v in segments]
    back_t, back_v, lengths = codec_many.decode_many(many)
    one = [codec.decode(p) for p in many]  # (exactly the readings, but for -0.0 packed as decimals: 0.0)
    assert lengths.tolist() == [len(t) for t, _v in segments]
    assert same_bits(back_t, times)
    assert same_bits(back_v, np.concatenate([v for _t, v in one]))


@pytest.mark.parametrize("seed", range(3))
def test_many_minute_blocks_packed_at_once_are_the_bytes_of_each_packed_alone(seed):
    rng = np.random.default_rng(10 + seed)
    aggregates = [codec.minute_aggregates(*segment(rng, kind)) for kind in range(200)]
    columns = [np.concatenate([a[i] for a in aggregates]) for i in range(5)]
    starts = np.cumsum([0] + [len(a[0]) for a in aggregates[:-1]])
    many = codec_many.encode_minutes_many(*columns, starts)
    assert many == [codec.encode_minutes(*a) for a in aggregates]
    *back, lengths = codec_many.decode_minutes_many(many)
    one = [codec.decode_minutes(p) for p in many]
    assert lengths.tolist() == [len(a[0]) for a in aggregates]
    assert all(same_bits(back[i], np.concatenate([o[i] for o in one])) for i in range(5))


def test_a_damaged_block_among_many_is_refused():
    rng = np.random.default_rng(5)
    payloads = [codec.encode(*segment(rng, kind)) for kind in range(20)]
    damaged = bytearray(payloads[7])
    damaged[-3] ^= 0xFF
    with pytest.raises(codec.CodecError):
        codec_many.decode_many(payloads[:7] + [bytes(damaged)] + payloads[8:])
    with pytest.raises(codec.CodecError):
        codec_many.decode_many([payloads[0][:10]])


def stored(engine, level: int) -> dict[tuple[int, int], list[tuple[bytes, int, int, int, int]]]:
    """(series, bucket) -> its blocks (payload, start, end, count, sealed) in time order."""
    with engine.connect() as conn:
        rows = conn.execute(blocks.select().where(blocks.c.level == level).order_by(blocks.c.start_ms)).all()
    out: dict[tuple[int, int], list[tuple[bytes, int, int, int, int]]] = {}
    for r in rows:
        out.setdefault((r.series_id, r.bucket_ms), []).append((r.payload, r.start_ms, r.end_ms, r.count, r.sealed))
    return out


def test_a_park_flushed_and_sealed_stores_exactly_what_the_one_block_codec_gives(tmp_path):
    """300 points over two hours: three flushes an hour, late and repeated readings (the last written
    wins), values of every kind; after the hours and then the day are sealed, every stored block is
    exactly what codec.encode / encode_minutes make of that point's readings, and one damaged block
    costs only its own readings."""
    rng = np.random.default_rng(7)
    clock = ManualClock(T0_MS / 1000)
    engine = make_history_engine(f"sqlite:///{tmp_path / 'readings.sqlite'}")
    create(engine)
    store = ReadingStore(engine, clock.now)
    points = [f"P{i:03d}" for i in range(300)]
    expected: dict[str, dict[int, float]] = {p: {} for p in points}  # point -> time ms -> last value written
    before: dict[str, np.ndarray] = {}  # point -> the times of its previous flush
    for flush in range(6):  # 20 minutes each
        batch = []
        for k, point in enumerate(points):
            times, values = segment(rng, k)
            times = T0_MS + flush * 1_200_000 + (times - T0_MS) % 1_200_000
            if flush and k % 7 == 0:  # late readings for the minutes already flushed: new times, and times again (new values)
                again = rng.choice(before[point], min(5, len(before[point])), replace=False)
                times = np.concatenate((times, T0_MS + (flush - 1) * 1_200_000 + rng.integers(0, 1_200_000, 5), again))
                values = np.append(values, rng.normal(size=5 + len(again)))
            if k % 11 == 0:  # a time written twice in the same flush: the second value stays
                times, values = np.append(times, times[0]), np.append(values, values[0] + 1.0)
            before[point] = times
            for t, v in zip(times.tolist(), values.tolist(), strict=True):
                batch.append(Reading("E1", point, v, t / 1000))
                expected[point][t] = v
        store.add(batch)
        store.flush()
    clock.set(T0_MS / 1000 + 2 * 3600 + 1)
    while store.maintain():
        pass
    ids = {p: store._ids[("E1", p)] for p in points}
    raw = stored(engine, RAW)
    minutes = stored(engine, MINUTES)
    for point in points:
        times = np.array(sorted(expected[point]), dtype=np.int64)
        values = np.array([expected[point][t] for t in times.tolist()], dtype=np.float64)
        hourly = []
        for hour in (T0_MS, T0_MS + HOUR_MS):
            inside = (times >= hour) & (times < hour + HOUR_MS)
            t, v = times[inside], values[inside]
            assert raw[(ids[point], hour)] == [(codec.encode(t, v), t[0], t[-1], len(t), 1)], point
            aggregates = codec.minute_aggregates(t, v)
            hourly.append((codec.encode_minutes(*aggregates), aggregates[0][0], aggregates[0][-1], len(aggregates[0]), 0))
        assert minutes[(ids[point], T0_MS // DAY_MS * DAY_MS)] == hourly, point  # each hour's minutes, the day still open
    # the day sealed: its hourly minute blocks merged into one, exactly as encode_minutes packs the merge
    clock.set(T0_MS / 1000 + 86_400 + 1)
    while store.maintain():
        pass
    days = stored(engine, MINUTES)
    for point in points:
        parts = [codec.decode_minutes(block[0]) for block in minutes[(ids[point], T0_MS)]]
        merged = _last_of_each(*(np.concatenate([p[i] for p in parts]) for i in range(5)))
        assert days[(ids[point], T0_MS)] == [(codec.encode_minutes(*merged), merged[0][0], merged[0][-1], len(merged[0]), 1)], point


def test_one_damaged_block_costs_only_its_own_readings_when_sealing(tmp_path):
    clock = ManualClock(T0_MS / 1000)
    engine = make_history_engine(f"sqlite:///{tmp_path / 'readings.sqlite'}")
    create(engine)
    store = ReadingStore(engine, clock.now)
    for minute in range(3):
        store.add([Reading("E1", p, float(s), T0_MS / 1000 + minute * 60 + s) for p in ("A", "B", "C") for s in range(60)])
        store.flush()
    with engine.begin() as conn:
        victim = conn.execute(blocks.select().where(blocks.c.series_id == store._ids[("E1", "B")]).order_by(blocks.c.id)).first()
        assert victim is not None
        conn.execute(blocks.update().where(blocks.c.id == victim.id).values(payload=victim.payload[:-4] + b"\xff\xff\xff\xff"))
    clock.set(T0_MS / 1000 + 3600 + 1)
    while store.maintain():
        pass
    assert store.damaged == 1
    counts = {p: store.read("E1", p, T0_MS / 1000, T0_MS / 1000 + 3600).times.size for p in ("A", "B", "C")}
    assert counts == {"A": 180, "B": 120, "C": 180}
