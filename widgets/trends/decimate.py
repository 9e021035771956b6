"""One curve's data and what of it is drawn: our own min/max decimation.

The samples of a curve are kept in growable arrays. What is drawn for a view of ``span``
seconds on ``pixels`` columns is one min/max pair per time bucket, where the bucket width
is a power of two seconds (at least span/pixels). Buckets are aligned to absolute time, so a
live window that scrolls does not move them: a new reading only touches the last bucket,
and the bucket arrays are kept per width and updated at the tail instead of being rebuilt.
When the view holds few enough samples, the samples themselves are drawn.

Gaps: two neighbouring readings further apart than ``gap_s`` are not joined; a NaN is put
between them (the curve is drawn with connect='finite'). Older history that is kept only
as per-minute min/max joins in as buckets of its own.
"""

from __future__ import annotations

import math

import numpy as np

MIN_LEVEL = -6  # 1/64 s: finest bucket width
RAW_FACTOR = 2.0  # draw the samples themselves while they are at most this many per pixel column


class _Grow:
    """A float64 array that grows at the end in amortised O(1)."""

    __slots__ = ("data", "n")

    def __init__(self, capacity: int = 1024) -> None:
        self.data = np.empty(capacity)
        self.n = 0

    def view(self) -> np.ndarray:
        return self.data[: self.n]

    def append(self, value: float) -> None:
        if self.n == len(self.data):
            bigger = np.empty(max(1024, 2 * len(self.data)))
            bigger[: self.n] = self.data[: self.n]
            self.data = bigger
        self.data[self.n] = value
        self.n += 1

    def replace(self, values: np.ndarray) -> None:
        self.data = np.array(values, dtype=np.float64, copy=True)
        if len(self.data) == 0:
            self.data = np.empty(1024)
        self.n = len(values)


class _Buckets:
    """min/max per bucket of one width, with a flag for a gap before the bucket."""

    __slots__ = ("width", "ids", "low", "high", "first", "last", "gap", "last_t")

    def __init__(self, width: float) -> None:
        self.width = width
        self.ids = np.zeros(0, dtype=np.int64)
        self.low = np.zeros(0)
        self.high = np.zeros(0)
        self.first = np.zeros(0)  # first and last value: min before max when the bucket rises
        self.last = np.zeros(0)
        self.gap = np.zeros(0, dtype=bool)
        self.last_t = -math.inf


def _bucketise(times: np.ndarray, low: np.ndarray, high: np.ndarray, breaks: np.ndarray, width: float):
    """Per bucket: id, min, max, first and last value, gap before or inside."""
    ids = np.floor(times / width).astype(np.int64)
    if len(ids) == 0:
        return ids, np.zeros(0), np.zeros(0), np.zeros(0), np.zeros(0), np.zeros(0, dtype=bool)
    starts = np.flatnonzero(np.diff(ids, prepend=ids[0] - 1))
    ends = np.append(starts[1:], len(ids)) - 1
    return (ids[starts], np.minimum.reduceat(low, starts), np.maximum.reduceat(high, starts), low[starts], high[ends],
            np.logical_or.reduceat(breaks, starts))


def _with_gaps(x: np.ndarray, y: np.ndarray, gap_before: np.ndarray, per: int) -> tuple[np.ndarray, np.ndarray]:
    """Insert a NaN point before every entry flagged ``gap_before`` (entries are ``per`` points)."""
    where = np.flatnonzero(gap_before[1:]) + 1 if len(gap_before) > 1 else np.zeros(0, dtype=np.int64)
    if len(where) == 0:
        return x, y
    at = where * per
    return np.insert(x, at, x[at]), np.insert(y, at, np.nan)


class TraceData:
    def __init__(self, gap_s: float = 10.0) -> None:
        self.gap_s = gap_s
        self._t = _Grow()
        self._v = _Grow()
        # Per-minute history older than the raw readings: minute start, min, mean, max.
        self.minute_t = np.zeros(0)
        self.minute_low = np.zeros(0)
        self.minute_mean = np.zeros(0)
        self.minute_high = np.zeros(0)
        self._levels: dict[float, _Buckets] = {}
        self.version = 0  # changes whenever the data does

    # -- data -------------------------------------------------------------------------
    @property
    def times(self) -> np.ndarray:
        return self._t.view()

    @property
    def values(self) -> np.ndarray:
        return self._v.view()

    def __len__(self) -> int:
        return self._t.n

    def append(self, at: float, value: float) -> None:
        """A live reading; readings out of time order are merged in."""
        n = self._t.n
        if n and at <= self._t.data[n - 1]:
            self.merge(np.array([at]), np.array([value]))
            return
        self._t.append(at)
        self._v.append(value)
        self.version += 1
        for level in self._levels.values():
            self._extend(level, n)

    def merge(self, times: np.ndarray, values: np.ndarray, minute=None) -> None:
        """History loaded from disk (and its per-minute part); a reading already here for the
        same time is kept (live readings are the newer word)."""
        t = np.concatenate((np.asarray(times, dtype=np.float64), self.times))
        v = np.concatenate((np.asarray(values, dtype=np.float64), self.values))
        order = np.argsort(t, kind="stable")
        t, v = t[order], v[order]
        keep = np.append(t[1:] != t[:-1], True) if len(t) else np.zeros(0, dtype=bool)
        self._t.replace(t[keep])
        self._v.replace(v[keep])
        if minute is not None and len(minute[0]):
            first = self.times[0] if len(self) else math.inf
            mt, lo, mean, hi = (np.asarray(a, dtype=np.float64) for a in minute)
            old = mt + 60.0 <= first
            self.minute_t, self.minute_low, self.minute_mean, self.minute_high = mt[old], lo[old], mean[old], hi[old]
        self._levels.clear()
        self.version += 1

    def trim_before(self, start: float) -> None:
        """Forget readings older than ``start`` (a live view that has moved on)."""
        cut = int(np.searchsorted(self.times, start))
        if cut > 0:
            self._t.replace(self.times[cut:])
            self._v.replace(self.values[cut:])
            self._levels.clear()
            self.version += 1

    def value_at(self, at: float) -> float | None:
        """The reading in force at ``at``: the last one at or before it, unless a gap follows it."""
        i = int(np.searchsorted(self.times, at, side="right")) - 1
        if i < 0 or at - self.times[i] > self.gap_s:
            return None
        return float(self.values[i])

    def visible(self, start: float, end: float) -> tuple[np.ndarray, np.ndarray]:
        a = int(np.searchsorted(self.times, start))
        b = int(np.searchsorted(self.times, end, side="right"))
        return self.times[a:b], self.values[a:b]

    def bounds(self, start: float, end: float) -> tuple[float, float] | None:
        """min and max of what is drawn between start and end (both parts)."""
        lows, highs = [], []
        _t, v = self.visible(start, end)
        if len(v):
            lows.append(np.nanmin(v))
            highs.append(np.nanmax(v))
        m = (self.minute_t + 60 >= start) & (self.minute_t <= end)
        if m.any():
            lows.append(np.nanmin(self.minute_low[m]))
            highs.append(np.nanmax(self.minute_high[m]))
        if not lows:
            return None
        return float(min(lows)), float(max(highs))

    # -- drawing ----------------------------------------------------------------------
    @staticmethod
    def width_for(span: float, pixels: int) -> float:
        """The bucket width for a view: the smallest power of two seconds >= span / pixels."""
        exact = max(span, 1e-6) / max(pixels, 1)
        return 2.0 ** max(MIN_LEVEL, math.ceil(math.log2(exact)))

    def drawn(self, start: float, end: float, pixels: int) -> tuple[np.ndarray, np.ndarray]:
        """(x, y) to draw for the view [start, end] on ``pixels`` columns, NaN at gaps.
        Covers one bucket more on each side, so that lines run to the edges."""
        width = self.width_for(end - start, pixels)
        a = max(0, int(np.searchsorted(self.times, start)) - 1)
        b = min(len(self), int(np.searchsorted(self.times, end, side="right")) + 1)
        parts = []
        if len(self.minute_t) and self.minute_t[0] <= end:
            parts.append(self._minutes_drawn(start, end, max(width, 60.0)))
        if b - a <= RAW_FACTOR * pixels:
            t, v = self.times[a:b], self.values[a:b]
            breaks = np.diff(t, prepend=-math.inf) > self.gap_s if len(t) else np.zeros(0, dtype=bool)
            if a > 0 and len(t):
                breaks[0] = t[0] - self.times[a - 1] > self.gap_s
            parts.append(_with_gaps(t, v, breaks, 1))
        else:
            parts.append(self._buckets_drawn(self._level(width), start, end))
        if len(parts) == 1:
            return parts[0]
        # minutes then raw: a gap between them only if they are apart
        (x1, y1), (x2, y2) = parts
        if len(x1) and len(x2) and x2[0] - x1[-1] > self.gap_s + 60.0:
            return np.concatenate((x1, [x1[-1]], x2)), np.concatenate((y1, [np.nan], y2))
        return np.concatenate((x1, x2)), np.concatenate((y1, y2))

    def _level(self, width: float) -> _Buckets:
        level = self._levels.get(width)
        if level is None:
            level = self._levels[width] = _Buckets(width)
            self._extend(level, 0)
        return level

    def _extend(self, level: _Buckets, first: int) -> None:
        """Bring a level up to date with the samples from index ``first`` on (the tail only)."""
        t, v = self.times[first:], self.values[first:]
        if len(t) == 0:
            return
        breaks = np.diff(t, prepend=level.last_t) > self.gap_s
        if first == 0:
            breaks[0] = False
        ids, low, high, firsts, last, gap = _bucketise(t, v, v, breaks, level.width)
        if len(level.ids) and ids[0] == level.ids[-1]:  # the last bucket goes on
            level.low[-1] = min(level.low[-1], low[0])
            level.high[-1] = max(level.high[-1], high[0])
            level.last[-1] = last[0]
            level.gap[-1] |= gap[0]
            ids, low, high, firsts, last, gap = ids[1:], low[1:], high[1:], firsts[1:], last[1:], gap[1:]
        if len(ids):
            level.ids = np.concatenate((level.ids, ids))
            level.low = np.concatenate((level.low, low))
            level.high = np.concatenate((level.high, high))
            level.first = np.concatenate((level.first, firsts))
            level.last = np.concatenate((level.last, last))
            level.gap = np.concatenate((level.gap, gap))
        level.last_t = t[-1]

    @staticmethod
    def _buckets_drawn(level: _Buckets, start: float, end: float) -> tuple[np.ndarray, np.ndarray]:
        w = level.width
        a = max(0, int(np.searchsorted(level.ids, math.floor(start / w))) - 1)
        b = min(len(level.ids), int(np.searchsorted(level.ids, math.floor(end / w), side="right")) + 1)
        falling = level.last[a:b] < level.first[a:b]
        return TraceData._pairs(level.ids[a:b], level.low[a:b], level.high[a:b], level.gap[a:b], w, falling)

    @staticmethod
    def _pairs(ids, low, high, gap, w, falling=None) -> tuple[np.ndarray, np.ndarray]:
        """Two points per bucket at its middle: min then max, or max then min where it falls."""
        x = np.repeat((ids + 0.5) * w, 2)
        y = np.empty(2 * len(ids))
        if falling is None:
            y[0::2], y[1::2] = low, high
        else:
            y[0::2] = np.where(falling, high, low)
            y[1::2] = np.where(falling, low, high)
        return _with_gaps(x, y, gap, 2)

    def _minutes_drawn(self, start: float, end: float, width: float) -> tuple[np.ndarray, np.ndarray]:
        m = (self.minute_t + 60 >= start - width) & (self.minute_t <= end + width)
        t = self.minute_t[m]
        breaks = np.diff(t, prepend=-math.inf) > 60.0 + self.gap_s
        ids, low, high, _first, _last, gap = _bucketise(t, self.minute_low[m], self.minute_high[m], breaks, width)
        return self._pairs(ids, low, high, gap, width)
