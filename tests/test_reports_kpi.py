"""Duty KPIs and alarm-system health (console/review) against figures worked out by hand on the
small known duty log of tests/helpers/review_data.py: read straight from the tables, through the
day blocks, and on PostgreSQL; with the edge cases (no alarms, an alarm never acknowledged, a
drill, an alarm spanning two shifts); the filters agree with the alarm log's SQL."""

from __future__ import annotations

import numpy as np
import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from console.services.review import blocks, kpi, log_query, report
from console.services.review import facts as F
from console.services.review.filters import ReviewFilter, select
from console.services.review.report_data import Limits
from console.domain.shifts import ShiftPattern
from console.infrastructure.store.audit import AuditLog
from console.infrastructure.store.engine import make_engine
from console.infrastructure.store.schema import AckRecord, utc
from tests.helpers import review_data as D

LIMITS = Limits((60.0, 120.0, 300.0, 600.0), (900.0, 1800.0, 3600.0, 7200.0))
PATTERN = ShiftPattern.parse("08:00,16:00,00:00")


def kpis_of(url: str, flt: ReviewFilter | None = None, build: bool = True, now: float | None = None) -> kpi.Kpis:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return report.load_kpis(conn, flt or ReviewFilter(D.range_start(), D.range_end()), now or D.now(), PATTERN, LIMITS,
                                    build=build)
    finally:
        engine.dispose()


def by_key(rows) -> dict[str, kpi.GroupRow]:
    return {r.key: r for r in rows}


def stats(s: kpi.Stats) -> tuple:
    return (s.count, s.mean, s.median, s.p90, s.max)


def check_hand_computed(k: kpi.Kpis) -> None:
    t = k.total
    # 8 alarms (A4, the drill, left out); acknowledgments 5,5,5,30,60,120,300 s
    assert (t.alarms, t.acknowledged, t.unacknowledged) == (8, 7, 1)
    assert stats(t.ack) == (7, 75.0, 30.0, 300.0, 300.0)  # p90: nearest rank ceil(6.3) = 7th
    assert (t.ack_within, t.ack_late, t.ack_missed) == (6, 1, 1)
    assert t.ack_share == pytest.approx(0.75)
    assert stats(t.handling) == (2, 1050.0, 1050.0, 1500.0, 1500.0)
    assert (t.handling_within, t.handling_late, t.handling_missed) == (1, 1, 1)
    assert t.handling_share == pytest.approx(1 / 3)
    assert t.overdue == 2
    assert (t.presence.answered, t.presence.late, t.presence.missed) == (1, 1, 1)
    assert stats(t.presence.response) == (2, 100.0, 100.0, 180.0, 180.0)

    ops = by_key(k.groups["operator"])
    assert set(ops) == {"zhang", "li", ""}
    zhang, li, nobody = ops["zhang"], ops["li"], ops[""]
    assert (zhang.alarms, zhang.acknowledged) == (2, 2)
    assert stats(zhang.ack) == (2, 45.0, 45.0, 60.0, 60.0)
    assert zhang.ack_share == 1.0 and zhang.handled == 1 and zhang.handling_share == 1.0 and zhang.overdue == 0
    assert (zhang.presence.answered, zhang.presence.late, zhang.presence.missed) == (1, 1, 0)
    assert (li.alarms, li.acknowledged) == (5, 5)
    assert stats(li.ack) == (5, 87.0, 5.0, 300.0, 300.0)
    assert (li.ack_within, li.ack_late, li.ack_share) == (4, 1, 0.8)
    assert (li.handled, li.handling_share, li.overdue) == (1, 0.0, 1)
    assert li.presence.missed == 1
    # the alarm nobody acknowledged (A5) belongs to "nobody"
    assert (nobody.alarms, nobody.acknowledged, nobody.unacknowledged, nobody.ack.count) == (1, 0, 1, 0)
    assert (nobody.ack_missed, nobody.handling_missed, nobody.overdue) == (1, 1, 1)
    assert nobody.ack.mean is None and nobody.ack_share == 0.0

    shifts = by_key(k.groups["shift"])
    assert set(shifts) == {D.S08, D.S16}
    day, evening = shifts[D.S08], shifts[D.S16]
    # A6, raised 15:58 in the day shift and acknowledged 16:03 by the evening shift: raised in
    # the day shift, its acknowledgment (300 s) the evening shift's
    assert (day.alarms, day.acknowledged, day.unacknowledged) == (5, 3, 1)
    assert stats(day.ack) == (3, 70.0, 60.0, 120.0, 120.0)
    assert (day.ack_within, day.ack_late, day.ack_missed, day.overdue) == (2, 1, 1, 2)
    assert (day.handled, day.handling_within, day.handling_late, day.handling_missed) == (2, 1, 1, 1)
    assert (evening.alarms, evening.acknowledged, evening.unacknowledged) == (3, 4, 0)
    assert stats(evening.ack) == (4, 78.75, 5.0, 300.0, 300.0)
    assert (evening.ack_share, evening.overdue) == (1.0, 0)
    assert (day.presence.answered, day.presence.late, evening.presence.missed) == (1, 1, 1)

    ents = by_key(k.groups["enterprise"])
    a, b = ents["ENT-A"], ents["ENT-B"]
    assert (a.alarms, a.acknowledged, a.unacknowledged, a.overdue) == (3, 2, 1, 2)
    assert stats(a.ack) == (2, 75.0, 75.0, 120.0, 120.0)
    assert a.ack_share == pytest.approx(1 / 3)
    assert (b.alarms, b.acknowledged) == (5, 5)
    assert stats(b.ack) == (5, 75.0, 5.0, 300.0, 300.0)
    assert b.presence is None

    h = k.health
    assert (h.alarms, h.drills) == (8, 1)
    assert h.per_10min == pytest.approx(8 / 144) and h.per_day == pytest.approx(8.0)
    assert h.per_operator_10min == pytest.approx(8 / 144)
    assert (h.peak_10min, h.peak_at) == (3, D.at("20:00:00"))
    assert (h.flood_s, h.flood_share) == (0.0, 0.0)
    assert h.priorities == (2, 1, 1, 4)
    assert [(p.enterprise, p.point, p.count) for p in h.top_points[:2]] == [("ENT-B", "PT-11", 3), ("ENT-A", "PT-1", 2)]
    assert h.top_points[0].share == pytest.approx(3 / 8) and h.top_share == pytest.approx(1.0)
    assert (h.chattering_alarms, h.chattering_occurrences) == (1, 3)
    assert h.stale == 1  # A5, open since 12:00 two days ago
    assert k.ack_histogram == (3, 0, 1, 1, 1, 1, 0, 0, 0)
    assert len(k.hourly_counts) == 24 and int(k.hourly_counts.sum()) == 8
    assert int(k.hourly_counts[20]) == 3 and int(k.hourly_counts[9]) == 2


@pytest.mark.parametrize("build", [False, True], ids=["tables", "blocks"])
def test_kpis_match_the_hand_computed_figures(log_url, build):
    check_hand_computed(kpis_of(log_url, build=build))


def test_blocks_are_built_once_and_read_back_with_the_open_alarms_live(log_url):
    first = kpis_of(log_url)
    engine = make_engine(log_url)
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT day, row_count FROM review_blocks ORDER BY day")).all()
    # the range spans two UTC days; everything closed is in the blocks, A5 (open) is not
    assert sum(n for _d, n in stored) == 8
    second = kpis_of(log_url)
    assert second.total == first.total and second.groups == first.groups
    # A5 is acknowledged after the blocks were built: the live part of its day shows it
    with Session(engine) as s, s.begin():
        raised = D.at("12:00:00")
        s.add(AckRecord(alarm_id="A5", alarm_key="A5", operator="zhang", station="ws-1", raised_at=utc(raised),
                        acked_at=utc(raised + 900), response_ms=900_000, shift=D.S08))
    engine.dispose()
    later = kpis_of(log_url)
    assert (later.total.acknowledged, later.total.unacknowledged, later.total.ack.max) == (8, 0, 900.0)
    assert by_key(later.groups["operator"])["zhang"].acknowledged == 3


def test_a_range_without_alarms(log_url):
    k = kpis_of(log_url, ReviewFilter(D.at("00:00:00", "2026-03-03"), D.at("00:00:00", "2026-03-04")))
    t = k.total
    assert (t.alarms, t.acknowledged, t.handled, t.overdue) == (0, 0, 0, 0)
    assert t.ack == kpi.Stats(0) and t.ack_share is None and t.handling_share is None
    assert all(not rows for rows in k.groups.values())
    h = k.health
    assert (h.alarms, h.peak_10min, h.peak_at, h.stale, h.top_share, h.top_points) == (0, 0, None, 0, None, ())
    assert h.per_10min == 0.0 and h.priorities == (0, 0, 0, 0)
    assert int(k.hourly_counts.sum()) == 0 and k.ack_histogram == (0,) * 9


def test_a_range_in_the_future_is_empty_not_an_error(log_url):
    k = kpis_of(log_url, ReviewFilter(D.now() + 86400, D.now() + 2 * 86400))
    assert k.total.alarms == 0 and k.health.per_10min is None


@pytest.mark.parametrize(("flt", "alarms"), [
    (dict(enterprises=("ENT-A",)), 3),
    (dict(priorities=(4,)), 4),
    (dict(operator="li"), 5),
    (dict(points=(("ENT-B", "PT-11"),)), 3),
    (dict(points=(("", "PT-9"),)), 1),
    (dict(stage="unacknowledged"), 1),
    (dict(stage="cleared"), 2),
    (dict(stage="open"), 1),
    (dict(overdue_only=True), 2),
    (dict(shift=D.S16), 3),
])
def test_filters_agree_between_kpis_and_the_log(log_url, flt, alarms):
    f = ReviewFilter(D.range_start(), D.range_end(), **flt)
    k = kpis_of(log_url, f)
    assert k.total.alarms == alarms
    engine = make_engine(log_url)
    with engine.connect() as conn:
        start, end = f.window(PATTERN)
        # the log lists drills too (the KPIs leave them out): without drills both agree
        listed = log_query.count(conn, ReviewFilter(**{**f.__dict__, "drills": False}), start, end)
    engine.dispose()
    assert listed == alarms


def test_kpis_on_postgresql(zone, pg_url):
    D.make_log(pg_url)
    for build in (False, True, True):
        check_hand_computed(kpis_of(pg_url, build=build))


def test_flood_time_by_ten_minute_intervals():
    # 11 in one interval starts a flood, 6 (not below 5) keep it, 4 end it
    assert kpi._flood_bins(np.array([0, 11, 6, 4, 0, 12, 0])) == 2 + 1
    assert kpi._flood_bins(np.array([10, 10, 10])) == 0  # more than 10 are needed
    assert kpi._flood_bins(np.array([11, 5, 5])) == 3  # still in flood at the range's end


def test_chattering_needs_three_raises_within_sixty_seconds():
    keys = np.array([1, 1, 1, 2, 2, 2, 3, 3])
    raised = np.array([0.0, 30.0, 60.0, 0.0, 30.0, 61.0, 0.0, 1.0])
    assert kpi._chattering(keys, raised) == (1, 3)


def test_percentiles_per_group_are_exact():
    codes = np.array([0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1])
    values = np.array([4.0, 1.0, 3.0, 2.0] + [float(v) for v in range(10, 0, -1)])
    count, mean, median, p90, mx = kpi.group_stats(codes, values, 3)
    assert list(count) == [4, 10, 0]
    assert (mean[0], median[0], p90[0], mx[0]) == (2.5, 2.5, 4.0, 4.0)
    assert (mean[1], median[1], p90[1], mx[1]) == (5.5, 5.5, 9.0, 10.0)
    assert np.isnan(median[2])


def test_block_payload_round_trip(log_url):
    engine = make_engine(log_url)
    with engine.connect() as conn:
        facts = blocks.query_facts(conn, D.range_start(), D.range_end())
        evening = blocks.query_facts(conn, D.at("16:00:00"), D.range_end())
    engine.dispose()
    back = F.decode(F.encode(facts), facts.names)
    assert len(back) == len(facts) == 9
    for name in F.COLUMNS:
        assert np.array_equal(back[name], facts[name], equal_nan=True), name
    assert back.names is facts.names
    # parts with dictionaries of their own are mapped onto one set of codes
    merged = F.concat([evening, facts.take(facts["raised"] < D.at("16:00:00"))])
    assert sorted(merged.names["operator"][c] for c in merged["ack_operator"] if c >= 0) == \
        sorted(facts.names["operator"][c] for c in facts["ack_operator"] if c >= 0)
    assert len(select(merged, ReviewFilter(D.range_start(), D.range_end(), operator="zhang"), PATTERN)) == 3


def test_log_pages_sorting_text_and_detail_with_audit_status(log_url):
    engine = make_engine(log_url)
    with Session(engine) as s, s.begin():
        audit = AuditLog(s)
        audit.append("alarm.raised", "A1", "", "ws-1", {"key": "ENT-A/PT-1/H"}, D.at("09:00:00"))
        audit.append("alarm.acked", "A1", "zhang", "ws-1", {"response_s": 30}, D.at("09:00:30"))
        audit.append("alarm.raised", "A2", "", "ws-1", {"key": "ENT-A/PT-1/H"}, D.at("09:20:00"))
    flt = ReviewFilter(D.range_start(), D.range_end())
    start, end = flt.window(PATTERN)
    with engine.connect() as conn:
        rows, cursor = log_query.fetch_page(conn, flt, start, end, limit=4)
        assert [r[0] for r in rows] == ["C3", "C2", "C1", "A6"] and cursor is not None
        more, cursor2 = log_query.fetch_page(conn, flt, start, end, after=cursor, limit=4)
        assert [r[0] for r in more] == ["A5", "A4", "A3", "A2"]
        last, end_cursor = log_query.fetch_page(conn, flt, start, end, after=cursor2, limit=4)
        assert [r[0] for r in last] == ["A1"] and end_cursor is None
        by_response, c = log_query.fetch_page(conn, flt, start, end, sort="response", descending=False, limit=3)
        # not acknowledged (no response time) counts as the smallest, on SQLite and PostgreSQL alike
        assert [r[0] for r in by_response] == ["A5", "C1", "C2"]
        following, _ = log_query.fetch_page(conn, flt, start, end, sort="response", descending=False, after=c, limit=3)
        assert [r[0] for r in following] == ["C3", "A4", "A1"]
        found, _ = log_query.fetch_page(conn, ReviewFilter(**{**flt.__dict__, "text": "误报"}), start, end)
        assert [r[0] for r in found] == ["A2"]  # in the handling notes
        found, _ = log_query.fetch_page(conn, ReviewFilter(**{**flt.__dict__, "text": "PHONE"}), start, end)
        assert [r[0] for r in found] == ["A2"]  # case does not matter
        assert log_query.count(conn, ReviewFilter(**{**flt.__dict__, "drills": False}), start, end) == 8
        detail = log_query.detail(conn, "A1")
        assert detail.row[log_query.F["ack_operator"]] == "zhang" and detail.row[log_query.F["response_ms"]] == 30_000
        assert (detail.audit.entries, detail.audit.intact, detail.audit.ok, detail.audit.seqs) == (2, 2, True, (1, 2))
        assert log_query.detail(conn, "nope") is None
    with engine.begin() as conn:  # someone edits the acknowledgment's audit entry afterwards
        conn.execute(text("UPDATE audit_log SET actor = 'li' WHERE seq = 2"))
    with engine.connect() as conn:
        broken = log_query.detail(conn, "A1").audit
        assert not broken.ok and broken.intact == 1
        assert any("entry 2" in p and "altered" in p for p in broken.problems)
    engine.dispose()
