"""Duty KPIs and alarm-system health figures from the facts of a range (numpy; plain Python).

Who and when each figure belongs to (docs/review.md): an event belongs to the person who did it
and to the shift in which it happened. Raising (and an alarm left unacknowledged) belongs to the
shift in which the alarm was raised; an acknowledgment, with its response time, to the operator
who made it and the shift stamped on it; a handling likewise; a missed deadline to the shift on
duty when the deadline passed; for operators, an alarm nobody acknowledged belongs to "nobody".
Drills are left out of every figure (counted apart). Percentiles are exact: the median is the
middle value (the mean of the two middle ones), p90 the nearest-rank value (the smallest response
time that 90 % of the responses do not exceed).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Callable, Sequence

import numpy as np

from console.services.review import facts as F
from console.domain.shifts import ShiftPattern

GROUPINGS = ("operator", "shift", "enterprise")
TEN_MIN = 600.0
FLOOD_ENTER = 10  # more than this many in 10 minutes starts a flood …
FLOOD_LEAVE = 5  # … which ends when fewer than this arrive in 10 minutes
CHATTER_COUNT = 3  # the same alarm this many times …
CHATTER_S = 60.0  # … within this is chattering
STALE_S = 24 * 3600.0
TOP_POINTS = 10
ACK_HISTOGRAM_EDGES = (0.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0, 3600.0, math.inf)
STATUSES = ("answered", "late", "missed")


@dataclass(frozen=True)
class Stats:
    count: int
    mean: float | None = None
    median: float | None = None
    p90: float | None = None
    max: float | None = None


@dataclass(frozen=True)
class Presence:
    answered: int = 0
    late: int = 0
    missed: int = 0
    response: Stats = Stats(0)

    @property
    def asked(self) -> int:
        return self.answered + self.late + self.missed


@dataclass(frozen=True)
class GroupRow:
    key: str  # user name, shift id or enterprise code; "" = nobody (operators) / all (totals)
    alarms: int  # raised (shift, enterprise); acknowledged by them (operator; "nobody": never)
    acknowledged: int
    unacknowledged: int
    ack: Stats
    ack_within: int  # acknowledged within the deadline of the alarm's priority
    ack_late: int  # acknowledged after it
    ack_missed: int  # not acknowledged although the deadline has passed
    handled: int
    handling: Stats
    handling_within: int
    handling_late: int
    handling_missed: int
    overdue: int  # alarms the console escalated (ack or handling deadline missed), as recorded
    presence: Presence | None = None

    @property
    def ack_share(self) -> float | None:
        total = self.ack_within + self.ack_late + self.ack_missed
        return self.ack_within / total if total else None

    @property
    def handling_share(self) -> float | None:
        total = self.handling_within + self.handling_late + self.handling_missed
        return self.handling_within / total if total else None


@dataclass(frozen=True)
class TopPoint:
    enterprise: str
    point: str
    count: int
    share: float


@dataclass(frozen=True)
class Health:
    alarms: int
    drills: int
    span_s: float  # the part of the range that has passed
    per_10min: float | None
    per_operator_10min: float | None
    per_hour: float | None
    per_day: float | None
    peak_10min: int
    peak_at: float | None  # start of the busiest clock 10 minutes
    flood_s: float
    flood_share: float | None
    priorities: tuple[int, int, int, int]  # counts of priorities 1..4
    top_points: tuple[TopPoint, ...]
    top_share: float | None  # the top points' share of all alarms
    chattering_alarms: int  # distinct alarms (point and condition) that chattered
    chattering_occurrences: int
    stale: int  # occurrences active for 24 h or more
    on_duty: int = 1


@dataclass(frozen=True)
class Kpis:
    start: float
    end: float
    groups: dict[str, tuple[GroupRow, ...]]
    total: GroupRow
    health: Health
    hourly_starts: np.ndarray = field(repr=False)  # epoch seconds of each local clock hour
    hourly_counts: np.ndarray = field(repr=False)
    ack_histogram: tuple[int, ...] = ()  # counts per ACK_HISTOGRAM_EDGES interval


@dataclass(frozen=True)
class PresenceRows:
    """Presence checks of the range (from the duty log's presence_checks)."""

    asked_at: np.ndarray
    status: np.ndarray  # index into STATUSES
    response_s: np.ndarray  # NaN when not answered
    operator: list[str]
    shift: list[str]

    @classmethod
    def from_rows(cls, rows: Sequence[tuple]) -> "PresenceRows":
        """rows: (asked_at epoch, status, operator, response_ms or None, shift)."""
        return cls(
            np.array([r[0] for r in rows], dtype=np.float64),
            np.array([STATUSES.index(r[1]) if r[1] in STATUSES else 2 for r in rows], dtype=np.int8),
            np.array([np.nan if r[3] is None else r[3] / 1000.0 for r in rows], dtype=np.float64),
            [r[2] or "" for r in rows],
            [r[4] or "" for r in rows],
        )


# -- shifts as group labels --------------------------------------------------------------------
class ShiftIndex:
    """The shifts worked between two times, to label times with their shift id (vectorised)."""

    def __init__(self, pattern: ShiftPattern, start: float, end: float) -> None:
        first = dt.datetime.fromtimestamp(start).astimezone().date() - dt.timedelta(days=2)
        last = dt.datetime.fromtimestamp(max(start, end)).astimezone().date() + dt.timedelta(days=2)
        bounds: list[float] = []
        ids: list[str] = []
        day = first
        while day <= last:
            for hour, minute in pattern.starts:
                local = dt.datetime.combine(day, dt.time(hour, minute)).astimezone()
                bounds.append(local.timestamp())
                ids.append(f"{day:%Y-%m-%d} {hour:02d}:{minute:02d}")
            day += dt.timedelta(days=1)
        order = np.argsort(bounds, kind="stable")
        self.bounds = np.array(bounds)[order]
        self.ids = [ids[i] for i in order]

    def of(self, times: np.ndarray) -> np.ndarray:
        """Index into ``ids`` of each time's shift (times must be finite)."""
        return np.clip(np.searchsorted(self.bounds, times, side="right") - 1, 0, len(self.ids) - 1)


class _Labels:
    def __init__(self) -> None:
        self.index: dict[str, int] = {}

    def lut(self, names: Sequence[str]) -> np.ndarray:
        """Label index of each name, with a trailing entry for code -1 (nobody)."""
        return np.array([self.index.setdefault(n, len(self.index)) for n in names] + [self.index.setdefault("", len(self.index))],
                        dtype=np.int64)

    def __len__(self) -> int:
        return len(self.index)

    def names(self) -> list[str]:
        out = [""] * len(self.index)
        for name, i in self.index.items():
            out[i] = name
        return out


# -- exact group statistics ----------------------------------------------------------------------
def group_stats(codes: np.ndarray, values: np.ndarray, n: int) -> tuple[np.ndarray, ...]:
    """Per group 0..n-1: count, mean, median, p90 (nearest rank), max."""
    order = np.argsort(values)
    return sorted_group_stats(codes[order], values[order], n)


def sorted_group_stats(codes: np.ndarray, values: np.ndarray, n: int) -> tuple[np.ndarray, ...]:
    """As ``group_stats``, for values already in ascending order (sorted once per measure: each
    grouping then needs only a stable sort of its small integer codes, a radix sort)."""
    count = np.bincount(codes, minlength=n)[:n] if len(codes) else np.zeros(n, dtype=np.int64)
    nan = np.full(n, np.nan)
    if not len(values):
        return count, nan, nan, nan, nan
    small = codes.astype(np.int16 if n < 32_000 else np.int32)
    v = values[np.argsort(small, kind="stable")].astype(np.float64)
    start = np.cumsum(count) - count
    has = count > 0
    top = len(v) - 1
    sums = np.bincount(codes, weights=values.astype(np.float64), minlength=n)[:n]
    mean = np.where(has, sums / np.maximum(count, 1), np.nan)
    mx = np.where(has, v[np.clip(start + count - 1, 0, top)], np.nan)
    lo, hi = np.clip(start + (count - 1) // 2, 0, top), np.clip(start + count // 2, 0, top)
    median = np.where(has, (v[lo] + v[hi]) / 2.0, np.nan)
    rank = np.maximum(np.ceil(0.9 * count).astype(np.int64) - 1, 0)
    p90 = np.where(has, v[np.clip(start + rank, 0, top)], np.nan)
    return count, mean, median, p90, mx


def _stats(parts: tuple[np.ndarray, ...], i: int) -> Stats:
    count = int(parts[0][i])
    if not count:
        return Stats(0)
    return Stats(count, *(float(p[i]) for p in parts[1:]))


def _count(codes: np.ndarray, n: int) -> np.ndarray:
    return np.bincount(codes, minlength=n)[:n] if len(codes) else np.zeros(n, dtype=np.int64)


# -- the figures -----------------------------------------------------------------------------------
@dataclass
class _Measures:
    """Per occurrence (drills left out): what happened and when, for the attribution."""

    f: F.Facts
    now: float
    ack_limits: np.ndarray
    handling_limits: np.ndarray

    def __post_init__(self) -> None:
        f = self.f
        prio = np.clip(f["priority"].astype(np.int64), 1, 4) - 1
        self.raised = f["raised"]
        self.ack = f["ack"].astype(np.float64)
        self.acked = ~np.isnan(self.ack)
        limit = self.ack_limits[prio]
        has = limit > 0
        self.ack_limit = limit
        self.ack_within = self.acked & has & (self.ack <= limit)
        self.ack_late = self.acked & has & (self.ack > limit)
        self.ack_missed = ~self.acked & has & (self.raised + limit <= self.now)
        self.handled_s = f["handled"].astype(np.float64)
        self.handled = f["category"] >= 0
        hlimit = self.handling_limits[prio]
        hhas = (f["handling_required"] > 0) & (hlimit > 0)
        self.handling_limit = hlimit
        self.handling_within = self.handled & hhas & (self.handled_s <= hlimit)
        self.handling_late = self.handled & hhas & (self.handled_s > hlimit)
        self.handling_missed = ~self.handled & hhas & (self.raised + hlimit <= self.now)
        ack_over = f["ack_overdue"].astype(np.float64)
        handling_over = f["handling_overdue"].astype(np.float64)
        self.overdue = ~np.isnan(ack_over) | ~np.isnan(handling_over)
        self.overdue_at = self.raised + np.where(np.isnan(ack_over), handling_over, ack_over)
        # each measure sorted once: rows in ascending order of their value
        acked_rows = np.flatnonzero(self.acked)
        self.ack_rows = acked_rows[np.argsort(f["ack"][acked_rows])]  # float32 sorts faster
        self.ack_sorted = self.ack[self.ack_rows]
        handled_rows = np.flatnonzero(self.handled)
        self.handled_rows = handled_rows[np.argsort(f["handled"][handled_rows])]
        self.handled_sorted = self.handled_s[self.handled_rows]


def compute(facts: F.Facts, presence: PresenceRows | None, start: float, end: float, now: float, pattern: ShiftPattern,
            ack_limits: Sequence[float], handling_limits: Sequence[float], groupings: Sequence[str] = GROUPINGS,
            on_duty: int = 1, check: Callable[[], None] = lambda: None) -> Kpis:
    """The KPIs of ``facts`` (already filtered) over [start, end) as seen at ``now``.
    ``check()`` is called between the steps (it raises to cancel)."""
    drill = facts["category"] == F.DRILL
    drills = int(drill.sum())
    f = facts.take(~drill) if drills else facts
    m = _Measures(f, now, np.asarray(ack_limits, dtype=np.float64), np.asarray(handling_limits, dtype=np.float64))
    presence = presence or PresenceRows.from_rows([])
    groups = {}
    for grouping in groupings:
        check()
        groups[grouping] = _grouped(m, presence, grouping, pattern, start, end)
    check()
    total = _grouped(m, presence, "total", pattern, start, end)[0]
    health = _health(f, drills, start, end, now, on_duty)
    check()
    starts, counts = _hourly(f["raised"], start, min(end, max(now, start)))
    # counts per interval [edge, next edge), from the sorted acknowledgment times
    cuts = np.searchsorted(m.ack_sorted, np.array(ACK_HISTOGRAM_EDGES[1:-1]), side="left")
    histogram = tuple(int(c) for c in np.diff(np.concatenate(([0], cuts, [len(m.ack_sorted)]))))
    return Kpis(start, end, groups, total, health, starts, counts, histogram)


def _grouped(m: _Measures, presence: PresenceRows, grouping: str, pattern: ShiftPattern, start: float, end: float) -> tuple[GroupRow, ...]:
    f = m.f
    labels = _Labels()
    n_rows = len(f)
    if grouping == "total":
        zero = np.zeros(n_rows, dtype=np.int64)
        g_raise = g_ack = g_missed = g_handling = g_hmissed = g_over = zero
        p_group = np.zeros(len(presence.asked_at), dtype=np.int64)
        labels.index[""] = 0
    elif grouping == "enterprise":
        g_raise = labels.lut(f.names["enterprise"])[f["enterprise"]] if n_rows else np.zeros(0, dtype=np.int64)
        g_ack = g_missed = g_handling = g_hmissed = g_over = g_raise
        p_group = None
    elif grouping == "operator":
        lut = labels.lut(f.names["operator"])
        g_ack = lut[f["ack_operator"]]
        g_raise = g_missed = g_ack
        g_handling = lut[f["handling_operator"]]
        g_hmissed = np.full(n_rows, labels.index[""], dtype=np.int64)
        g_over = np.where(~np.isnan(f["ack_overdue"]), g_ack, g_handling)
        p_group = labels.lut(presence.operator)[:-1]
    elif grouping == "shift":
        # times that may fall outside the range: the deadlines, and later acknowledgments
        latest = [end, float(m.raised.max()) if n_rows else end]
        for values in (m.ack_limit, m.handling_limit, np.nan_to_num(m.ack), np.nan_to_num(m.handled_s)):
            if n_rows:
                latest.append(float(m.raised.max() + values.max()))
        if len(presence.asked_at):
            latest.append(float(presence.asked_at.max()))
        index = ShiftIndex(pattern, min(start, float(m.raised.min()) if n_rows else start), max(latest))
        by_time = labels.lut(index.ids)
        stamps = labels.lut(f.names["shift"])
        unstamped = labels.index[""]

        def at(times: np.ndarray, rows: np.ndarray) -> np.ndarray:
            """Shift label of ``times`` for the chosen ``rows`` (a mask); the others unused."""
            out = np.full(n_rows, unstamped, dtype=np.int64)
            out[rows] = by_time[index.of(times[rows])]
            return out

        g_raise = by_time[index.of(m.raised)]
        # the stamp the operator's duty carried; the clock's shift when none was recorded
        ack_stamp, handling_stamp = stamps[f["ack_shift"]], stamps[f["handling_shift"]]
        g_ack = np.where(ack_stamp == unstamped, at(m.raised + np.nan_to_num(m.ack), m.acked & (ack_stamp == unstamped)), ack_stamp)
        g_missed = at(m.raised + m.ack_limit, m.ack_missed)
        g_handling = np.where(handling_stamp == unstamped,
                              at(m.raised + np.nan_to_num(m.handled_s), m.handled & (handling_stamp == unstamped)), handling_stamp)
        g_hmissed = at(m.raised + m.handling_limit, m.handling_missed)
        g_over = at(np.nan_to_num(m.overdue_at), m.overdue)
        p_by_time = by_time[index.of(presence.asked_at)] if len(presence.asked_at) else np.zeros(0, dtype=np.int64)
        p_stamp = labels.lut(presence.shift)[:-1]
        p_group = np.where(p_stamp == unstamped, p_by_time, p_stamp)
    else:
        raise ValueError(f"unknown grouping {grouping!r}")
    n = len(labels)
    alarms = _count(g_raise, n) if grouping != "operator" else _count(g_ack, n)
    acked = _count(g_ack[m.acked], n)
    unacked = _count((g_raise if grouping != "operator" else g_ack)[~m.acked], n)
    ack_stats = sorted_group_stats(g_ack[m.ack_rows], m.ack_sorted, n)
    within, late, missed = _count(g_ack[m.ack_within], n), _count(g_ack[m.ack_late], n), _count(g_missed[m.ack_missed], n)
    handled = _count(g_handling[m.handled], n)
    h_stats = sorted_group_stats(g_handling[m.handled_rows], m.handled_sorted, n)
    h_within, h_late = _count(g_handling[m.handling_within], n), _count(g_handling[m.handling_late], n)
    h_missed = _count(g_hmissed[m.handling_missed], n)
    overdue = _count(g_over[m.overdue], n)
    presence_parts = None
    if p_group is not None:
        presence_parts = (
            [_count(p_group[presence.status == s], n) for s in range(3)],
            group_stats(p_group[~np.isnan(presence.response_s)], presence.response_s[~np.isnan(presence.response_s)], n),
        )
    names = labels.names()
    rows = []
    for i in range(n):
        busy = alarms[i] or acked[i] or handled[i] or missed[i] or h_missed[i] or overdue[i]
        p = None
        if presence_parts is not None:
            counts, stats = presence_parts
            p = Presence(int(counts[0][i]), int(counts[1][i]), int(counts[2][i]), _stats(stats, i))
            busy = busy or p.asked
        if not busy and grouping != "total":
            continue
        rows.append(GroupRow(names[i], int(alarms[i]), int(acked[i]), int(unacked[i]), _stats(ack_stats, i), int(within[i]),
                             int(late[i]), int(missed[i]), int(handled[i]), _stats(h_stats, i), int(h_within[i]),
                             int(h_late[i]), int(h_missed[i]), int(overdue[i]), p))
    rows.sort(key=lambda r: (r.key == "", r.key))  # "nobody" last
    return tuple(rows)


def _health(f: F.Facts, drills: int, start: float, end: float, now: float, on_duty: int) -> Health:
    n = len(f)
    span = max(0.0, min(end, now) - start)
    per_10 = n / (span / TEN_MIN) if span > 0 else None
    raised = f["raised"]
    peak, peak_at, flood_s = 0, None, 0.0
    if n:
        first_bin = math.floor(start / TEN_MIN)
        bins = np.bincount((np.floor(raised / TEN_MIN) - first_bin).astype(np.int64))
        peak_index = int(np.argmax(bins))
        peak, peak_at = int(bins[peak_index]), (first_bin + peak_index) * TEN_MIN
        flood_s = _flood_bins(bins) * TEN_MIN
    priorities = np.bincount(np.clip(f["priority"].astype(np.int64), 0, 4), minlength=5)
    top: list[TopPoint] = []
    top_share = None
    if n:
        counts = np.bincount(f["point"], minlength=len(f.names["point"]))
        order = np.argsort(-counts, kind="stable")[:TOP_POINTS]
        for code in order:
            if counts[code]:
                enterprise, point = f.point_label(int(code))
                top.append(TopPoint(enterprise, point, int(counts[code]), float(counts[code] / n)))
        top_share = sum(t.count for t in top) / n
    chattering_keys, chattering_n = _chattering(f["key"], raised)
    active_end = np.where(~np.isnan(f["returned"]), f.absolute("returned"),
                          np.where(~np.isnan(f["closed"]), f.absolute("closed"), max(now, start)))
    stale = int(np.count_nonzero(active_end - raised >= STALE_S))
    on_duty = max(1, int(on_duty))
    return Health(
        alarms=n, drills=drills, span_s=span, per_10min=per_10,
        per_operator_10min=None if per_10 is None else per_10 / on_duty,
        per_hour=None if per_10 is None else per_10 * 6, per_day=None if per_10 is None else per_10 * 144,
        peak_10min=peak, peak_at=peak_at, flood_s=flood_s, flood_share=flood_s / span if span > 0 else None,
        priorities=(int(priorities[1]), int(priorities[2]), int(priorities[3]), int(priorities[4])), top_points=tuple(top), top_share=top_share,
        chattering_alarms=chattering_keys, chattering_occurrences=chattering_n, stale=stale, on_duty=on_duty,
    )


def _flood_bins(bins: np.ndarray) -> int:
    """Clock 10-minute intervals in flood: one with more than FLOOD_ENTER alarms starts it, it
    lasts until an interval with fewer than FLOOD_LEAVE."""
    busy = np.flatnonzero(bins > FLOOD_ENTER)
    if not len(busy):
        return 0
    total, i, n = 0, int(busy[0]), len(bins)
    quiet = bins < FLOOD_LEAVE
    while i < n:
        if bins[i] > FLOOD_ENTER:
            # in flood from here to the next quiet interval (exclusive)
            rest = np.flatnonzero(quiet[i + 1:])
            stop = i + 1 + int(rest[0]) if len(rest) else n
            total += stop - i
            later = busy[busy >= stop]
            if not len(later):
                break
            i = int(later[0])
        else:
            i += 1
    return total


def _chattering(keys: np.ndarray, raised: np.ndarray) -> tuple[int, int]:
    """(alarms that chattered, their occurrences within the bursts): CHATTER_COUNT raises of one
    alarm within CHATTER_S."""
    k = CHATTER_COUNT - 1
    if len(keys) <= k:
        return 0, 0
    if len(raised) < 2 or bool(np.all(raised[1:] >= raised[:-1])):
        order = np.argsort(keys, kind="stable")  # already in time order (the blocks are)
    else:
        order = np.lexsort((raised, keys))
    ks, rs = keys[order], raised[order]
    burst = (ks[k:] == ks[:-k]) & (rs[k:] - rs[:-k] <= CHATTER_S)
    if not burst.any():
        return 0, 0
    marked = np.zeros(len(ks), dtype=bool)
    for j in range(CHATTER_COUNT):
        marked[j:len(ks) - k + j] |= burst
    return int(len(np.unique(ks[marked]))), int(marked.sum())


def _hourly(raised: np.ndarray, start: float, end: float) -> tuple[np.ndarray, np.ndarray]:
    """Alarms per local clock hour over [start, end)."""
    offset = (dt.datetime.fromtimestamp(start).astimezone().utcoffset() or dt.timedelta()).total_seconds()
    first = math.floor((start + offset) / 3600.0)
    last = max(first, math.ceil((end + offset) / 3600.0) - 1)
    hours = (np.floor((raised + offset) / 3600.0) - first).astype(np.int64)
    counts = np.bincount(hours[(hours >= 0) & (hours <= last - first)], minlength=last - first + 1)
    starts = (np.arange(first, last + 1) * 3600.0) - offset
    return starts, counts
