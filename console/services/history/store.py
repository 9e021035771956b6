"""Reading and writing the history's blocks. Used from one thread (console.services.history.service).

Readings wait in memory until ``flush`` writes one segment per point; ``maintain`` seals
every closed hour (its segments merged into one block, its per-minute aggregates written),
merges a closed day's aggregates into one block, and drops what is past retention. All
decisions about time come from the injected clock, so they are tested without waiting.
A reading written twice for the same point and millisecond is kept once: the last written.
"""

from __future__ import annotations

import logging
from array import array
from operator import attrgetter
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

import numpy as np
from sqlalchemy import Connection, Engine, delete, func, insert, select

from console.services.history import codec, codec_many
from console.services.history.schema import BUCKET_MS, DAY_MS, HOUR_MS, MINUTES, RAW, blocks, series

log = logging.getLogger("console.services.history")

Key = tuple[str, str]  # (enterprise, point)
# (series, bucket) pairs sealed per transaction: queries are not kept waiting. Each batch's blocks
# are read at once (60 minute blocks a pair): 500 pairs left the process 7 MB larger after the
# first hour it sealed (648 points at 2,000 readings/s), 100 pairs 4 MB; later hours reuse it.
COMPACT_BATCH = 100
DELETE_CHUNK = 5_000  # block ids per DELETE … IN (…)
FLUSH_CHUNK = 500  # points written per transaction by flush, between which new readings are taken in


@dataclass
class Series:
    """One point's history over a time range. Raw readings where they are still kept;
    before them, per-minute min/mean/max (times are each minute's start)."""

    times: np.ndarray = field(default_factory=lambda: np.zeros(0))  # seconds since the epoch
    values: np.ndarray = field(default_factory=lambda: np.zeros(0))
    minute_times: np.ndarray = field(default_factory=lambda: np.zeros(0))
    minute_min: np.ndarray = field(default_factory=lambda: np.zeros(0))
    minute_mean: np.ndarray = field(default_factory=lambda: np.zeros(0))
    minute_max: np.ndarray = field(default_factory=lambda: np.zeros(0))


class _Pending:
    """One point's readings not yet written: machine integers and doubles (16 bytes a reading; a
    park's 20,000 points at 1 Hz gather 1.2 million a minute), not Python objects (about 70)."""

    __slots__ = ("times", "values")

    def __init__(self) -> None:
        self.times = array("q")  # milliseconds since the epoch
        self.values = array("d")


def _last_of_each(times: np.ndarray, *arrays: np.ndarray) -> tuple[np.ndarray, ...]:
    """Sort by time (stable, so later writes stay later) and keep the last of equal times."""
    order = np.argsort(times, kind="stable")
    times = times[order]
    keep = np.append(times[1:] != times[:-1], True) if len(times) else np.zeros(0, dtype=bool)
    return (times[keep],) + tuple(a[order][keep] for a in arrays)


def _last_of_each_per(group: np.ndarray, times: np.ndarray, *arrays: np.ndarray) -> tuple[np.ndarray, ...]:
    """_last_of_each for many series at once: sorted by group, then time (stable, so later writes
    stay later), the last of equal (group, time) kept. Returns (group, times, *arrays)."""
    order = np.lexsort((times, group))
    group, times = group[order], times[order]
    keep = np.ones(len(times), dtype=bool)
    keep[:-1] = (group[1:] != group[:-1]) | (times[1:] != times[:-1])
    return (group[keep], times[keep]) + tuple(a[order][keep] for a in arrays)


class ReadingStore:
    def __init__(self, engine: Engine, now: Callable[[], float], full_days: float = 30.0, minute_days: float = 365.0) -> None:
        self._engine = engine
        self._now = now
        self.full_days = full_days
        self.minute_days = minute_days
        self._ids: dict[Key, int] = {}
        self._pending: dict[Key, _Pending] = {}
        self.written = 0  # readings flushed to disk
        self.damaged = 0  # blocks that could not be decoded (logged, skipped)
        with engine.connect() as conn:
            for row in conn.execute(select(series.c.id, series.c.enterprise, series.c.point)):
                self._ids[(row.enterprise, row.point)] = row.id

    # -- writing -------------------------------------------------------------------
    def add(self, readings: Iterable) -> None:
        """``readings``: objects with enterprise, point, value and at (console.domain.protocol.Reading)."""
        pending = self._pending
        for r in readings:
            key = (r.enterprise, r.point)
            box = pending.get(key)
            if box is None:
                box = pending[key] = _Pending()
            box.times.append(round(r.at * 1000))
            box.values.append(r.value)

    def pending_count(self) -> int:
        return sum(len(b.times) for b in self._pending.values())

    def flush(self, meanwhile: Callable[[], None] | None = None) -> int:
        """Write what is in memory, one segment per point and hour, ``FLUSH_CHUNK`` points a
        transaction. ``meanwhile()`` is called after each chunk: the history's thread takes in the
        readings that arrived in the meantime (they go to a new minute), so that they do not wait
        in its queue as Python objects while a park's minute is written (20,000 points: seconds).
        A chunk is sorted, split and packed in whole-array operations (codec_many), not point by
        point: Python holds the interpreter lock, which the GUI thread needs too, for far less of it.
        Returns readings written."""
        if not self._pending:
            return 0
        pending, self._pending = self._pending, {}
        written = 0
        while pending:
            chunk = [pending.popitem() for _ in range(min(FLUSH_CHUNK, len(pending)))]  # each box freed once written
            with self._engine.begin() as conn:
                sids = [self._series_id(conn, key) for key, _box in chunk]
                rows, in_chunk = self._segments(sids, [box for _key, box in chunk])
                conn.execute(insert(blocks), rows)
            del chunk, rows
            written += in_chunk
            self.written += in_chunk
            if meanwhile is not None:
                meanwhile()
        return written

    @staticmethod
    def _segments(sids: list[int], boxes: list[_Pending]) -> tuple[list[dict], int]:
        """The rows of the points' readings: per point and hour, sorted by time, the last of equal
        times kept (as _last_of_each); and how many readings they hold."""
        lengths = np.array([len(box.times) for box in boxes], dtype=np.int64)
        times = np.concatenate([np.frombuffer(box.times, dtype=np.int64) for box in boxes])
        values = np.concatenate([np.frombuffer(box.values, dtype=np.float64) for box in boxes])
        point = np.repeat(np.arange(len(boxes)), lengths)
        point, times, values = _last_of_each_per(point, times, values)
        hours = times // HOUR_MS
        starts = np.flatnonzero(np.diff(point, prepend=-1) | np.diff(hours, prepend=-1))
        ends = np.append(starts[1:], len(times))
        payloads = codec_many.encode_many(times, values, starts)
        rows = [{"series_id": sids[p], "level": RAW, "bucket_ms": h * HOUR_MS, "start_ms": t0, "end_ms": t1,
                 "count": e - s, "sealed": 0, "payload": payload}
                for p, h, t0, t1, s, e, payload in zip(point[starts].tolist(), hours[starts].tolist(), times[starts].tolist(),
                                                       times[ends - 1].tolist(), starts.tolist(), ends.tolist(), payloads, strict=True)]
        return rows, len(times)

    def write_sealed_hour(self, key: Key, times_ms: np.ndarray, values: np.ndarray) -> None:
        """One whole hour of one point as sealed storage (compaction's result; the benchmark
        uses it to lay down a day quickly). ``times_ms`` sorted, all within one hour."""
        with self._engine.begin() as conn:
            self._seal_raw(conn, self._series_id(conn, key), int(times_ms[0] // HOUR_MS * HOUR_MS), times_ms, values)

    def _series_id(self, conn: Connection, key: Key) -> int:
        sid = self._ids.get(key)
        if sid is None:
            inserted = conn.execute(insert(series).values(enterprise=key[0], point=key[1])).inserted_primary_key
            assert inserted is not None  # a single-row INSERT
            sid = inserted[0]
            self._ids[key] = sid
        return sid

    @staticmethod
    def _row(sid: int, level: int, bucket: int, times: np.ndarray, payload: bytes, sealed: int) -> dict:
        return {"series_id": sid, "level": level, "bucket_ms": bucket, "start_ms": int(times[0]), "end_ms": int(times[-1]),
                "count": len(times), "sealed": sealed, "payload": payload}

    # -- upkeep --------------------------------------------------------------------
    def maintain(self) -> int:
        """Seal closed hours and days, then apply retention. Returns blocks sealed (call
        again while it is not 0: it works in batches)."""
        now_ms = round(self._now() * 1000)
        done = self._compact(RAW, now_ms) or self._compact(MINUTES, now_ms)
        if not done:
            self._expire(now_ms)
        return done

    def _compact(self, level: int, now_ms: int) -> int:
        """Seal up to COMPACT_BATCH (series, bucket) pairs whose bucket is over: their blocks merged
        (the last write of equal times kept) into one sealed block each; for raw hours also the
        hour's per-minute aggregates (a day's open minute block). All pairs of a batch are decoded,
        merged and packed in whole-array operations (codec_many): a park's hour (20,000 points,
        60 flushes each) no longer holds the interpreter lock for half a minute point by point."""
        span = BUCKET_MS[level]
        with self._engine.begin() as conn:
            open_ones = conn.execute(
                select(blocks.c.series_id, blocks.c.bucket_ms)
                .where(blocks.c.level == level, blocks.c.sealed == 0, blocks.c.bucket_ms <= now_ms - span)
                .group_by(blocks.c.series_id, blocks.c.bucket_ms)
                .limit(COMPACT_BATCH)
            ).all()
            if not open_ones:
                return 0
            pair_of = {(sid, bucket): i for i, (sid, bucket) in enumerate(open_ones)}
            rows: list[Any] = []
            by_bucket: dict[int, list[int]] = {}
            for sid, bucket in open_ones:
                by_bucket.setdefault(bucket, []).append(sid)
            for bucket, sids in by_bucket.items():
                rows += conn.execute(
                    select(blocks.c.id, blocks.c.series_id, blocks.c.bucket_ms, blocks.c.payload)
                    .where(blocks.c.level == level, blocks.c.bucket_ms == bucket, blocks.c.series_id.in_(sids))
                    .order_by(blocks.c.id)
                ).all()
            if len(by_bucket) > 1:
                rows.sort(key=attrgetter("id"))  # in the order written (the merge keeps the last write of a time)
            ids = [r.id for r in rows]
            for at in range(0, len(ids), DELETE_CHUNK):
                conn.execute(delete(blocks).where(blocks.c.id.in_(ids[at:at + DELETE_CHUNK])))
            row_pair = np.array([pair_of[(r.series_id, r.bucket_ms)] for r in rows], dtype=np.int64)
            payloads = [r.payload for r in rows]
            sids = [sid for sid, _bucket in open_ones]
            buckets = [bucket for _sid, bucket in open_ones]
            new_rows = (self._sealed_hours(sids, buckets, row_pair, payloads) if level == RAW
                        else self._sealed_days(sids, buckets, row_pair, payloads))
            if new_rows:
                conn.execute(insert(blocks), new_rows)
        return len(open_ones)

    def _sealed_hours(self, sids: list[int], buckets: list[int], row_pair: np.ndarray, payloads: list[bytes]) -> list[dict]:
        times, values, lengths = self._decode_all(payloads)
        pair = np.repeat(row_pair, lengths)
        pair, times, values = _last_of_each_per(pair, times, values)
        if not len(times):
            return []
        starts = np.flatnonzero(np.diff(pair, prepend=-1))
        ends = np.append(starts[1:], len(times))
        raw = codec_many.encode_many(times, values, starts)
        # the per-minute aggregates (codec.minute_aggregates) of each hour
        minute = times // 60_000
        mstarts = np.flatnonzero(np.diff(pair, prepend=-1) | np.diff(minute, prepend=-1))
        count = np.diff(np.append(mstarts, len(values)))
        low, high = np.minimum.reduceat(values, mstarts), np.maximum.reduceat(values, mstarts)
        mean = np.add.reduceat(values, mstarts) / count
        mpair = pair[mstarts]
        mseg = np.flatnonzero(np.diff(mpair, prepend=-1))
        mends = np.append(mseg[1:], len(mstarts))
        minute_ms = minute[mstarts] * 60_000
        minutes = codec_many.encode_minutes_many(minute_ms, low, mean, high, count, mseg)
        out = []
        for p, s, e, ms, me, raw_payload, minute_payload in zip(pair[starts].tolist(), starts.tolist(), ends.tolist(), mseg.tolist(),
                                                               mends.tolist(), raw, minutes, strict=True):
            sid, bucket = sids[p], buckets[p]
            out.append({"series_id": sid, "level": RAW, "bucket_ms": bucket, "start_ms": int(times[s]), "end_ms": int(times[e - 1]),
                        "count": e - s, "sealed": 1, "payload": raw_payload})
            out.append({"series_id": sid, "level": MINUTES, "bucket_ms": bucket // DAY_MS * DAY_MS, "start_ms": int(minute_ms[ms]),
                        "end_ms": int(minute_ms[me - 1]), "count": me - ms, "sealed": 0, "payload": minute_payload})
        return out

    def _sealed_days(self, sids: list[int], buckets: list[int], row_pair: np.ndarray, payloads: list[bytes]) -> list[dict]:
        *columns, lengths = self._decode_all_minutes(payloads)
        pair = np.repeat(row_pair, lengths)
        pair, *columns = _last_of_each_per(pair, *columns)
        if not len(pair):
            return []
        starts = np.flatnonzero(np.diff(pair, prepend=-1))
        ends = np.append(starts[1:], len(pair))
        packed = codec_many.encode_minutes_many(columns[0], columns[1], columns[2], columns[3], columns[4], starts)
        minute_ms = columns[0]
        return [{"series_id": sids[p], "level": MINUTES, "bucket_ms": buckets[p], "start_ms": int(minute_ms[s]),
                 "end_ms": int(minute_ms[e - 1]), "count": e - s, "sealed": 1, "payload": payload}
                for p, s, e, payload in zip(pair[starts].tolist(), starts.tolist(), ends.tolist(), packed, strict=True)]

    def _decode_all(self, payloads: list[bytes]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """codec_many.decode_many; with a damaged block among them, one by one (the damaged ones
        counted, logged and taken as empty)."""
        try:
            return codec_many.decode_many(payloads)
        except codec.CodecError:
            parts = [self._decode(p) for p in payloads]
            return (np.concatenate([p[0] for p in parts]).astype(np.int64), np.concatenate([p[1] for p in parts]).astype(np.float64),
                    np.array([len(p[0]) for p in parts], dtype=np.int64))

    def _decode_all_minutes(self, payloads: list[bytes]) -> tuple[np.ndarray, ...]:
        try:
            return codec_many.decode_minutes_many(payloads)
        except codec.CodecError:
            parts = [self._decode_minutes(p) for p in payloads]
            dtypes = (np.int64, np.float64, np.float64, np.float64, np.int64)
            return tuple(np.concatenate([p[i] for p in parts]).astype(dtypes[i]) for i in range(5)) + (
                np.array([len(p[0]) for p in parts], dtype=np.int64),)

    def _seal_raw(self, conn: Connection, sid: int, bucket: int, times: np.ndarray, values: np.ndarray) -> None:
        aggregates = codec.minute_aggregates(times, values)
        day = bucket // DAY_MS * DAY_MS
        conn.execute(insert(blocks), [
            self._row(sid, RAW, bucket, times, codec.encode(times, values), 1),
            self._row(sid, MINUTES, day, aggregates[0], codec.encode_minutes(*aggregates), 0),
        ])

    def _expire(self, now_ms: int) -> None:
        with self._engine.begin() as conn:
            for level, days in ((RAW, self.full_days), (MINUTES, self.minute_days)):
                cutoff = now_ms - round(days * DAY_MS)
                gone = conn.execute(delete(blocks).where(blocks.c.level == level, blocks.c.bucket_ms + BUCKET_MS[level] <= cutoff))
                if gone.rowcount:
                    log.info("reading history: %d %s blocks past retention removed", gone.rowcount, "raw" if level == RAW else "minute")

    # -- reading -------------------------------------------------------------------
    def read(self, enterprise: str, point: str, start: float, end: float) -> Series:
        """Readings of one point with start <= time <= end (seconds), from disk and memory."""
        key = (enterprise, point)
        start_ms, end_ms = int(np.floor(start * 1000)), int(np.ceil(end * 1000))
        sid = self._ids.get(key)
        parts: list[tuple[np.ndarray, np.ndarray]] = []
        minutes: list[tuple] = []
        if sid is not None:
            with self._engine.connect() as conn:
                for level in (RAW, MINUTES):
                    rows = conn.execute(
                        select(blocks.c.payload)
                        .where(blocks.c.series_id == sid, blocks.c.level == level, blocks.c.end_ms >= start_ms, blocks.c.start_ms <= end_ms)
                        .order_by(blocks.c.id)
                    ).scalars()
                    for payload in rows:
                        (parts if level == RAW else minutes).append(self._decode(payload) if level == RAW else self._decode_minutes(payload))
        box = self._pending.get(key)
        if box is not None and box.times:
            parts.append((np.array(box.times, dtype=np.int64), np.array(box.values, dtype=np.float64)))  # copies: the box grows on
        out = Series()
        first_raw = end_ms + 1
        if parts:
            times, values = _last_of_each(np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts]))
            inside = (times >= start_ms) & (times <= end_ms)
            out.times, out.values = times[inside] / 1000.0, values[inside]
            if len(times):
                first_raw = int(times[0])
        if minutes:
            mt, lo, mean, hi, _count = _last_of_each(*(np.concatenate([m[i] for m in minutes]) for i in range(5)))
            inside = (mt + 60_000 > start_ms) & (mt <= end_ms) & (mt + 60_000 <= first_raw)  # only before the raw data
            out.minute_times, out.minute_min, out.minute_mean, out.minute_max = mt[inside] / 1000.0, lo[inside], mean[inside], hi[inside]
        return out

    def _decode(self, payload: bytes) -> tuple[np.ndarray, np.ndarray]:
        try:
            return codec.decode(payload)
        except codec.CodecError as exc:
            self.damaged += 1
            log.error("reading history: a damaged block was skipped (%s)", exc)
            return np.zeros(0, dtype=np.int64), np.zeros(0)

    def _decode_minutes(self, payload: bytes) -> tuple:
        try:
            return codec.decode_minutes(payload)
        except codec.CodecError as exc:
            self.damaged += 1
            log.error("reading history: a damaged minute block was skipped (%s)", exc)
            return (np.zeros(0, dtype=np.int64),) + (np.zeros(0),) * 3 + (np.zeros(0, dtype=np.int64),)

    def close(self) -> None:
        self._engine.dispose()

    def stats(self) -> dict[str, int]:
        with self._engine.connect() as conn:
            rows = conn.execute(select(blocks.c.level, func.count(), func.sum(func.length(blocks.c.payload))).group_by(blocks.c.level)).all()
        return {f"level{level}_blocks": n for level, n, _b in rows} | {f"level{level}_bytes": int(b or 0) for level, _n, b in rows}


__all__ = ["ReadingStore", "Series"]
