"""Gathering a report (shift, daily, monthly) and the KPIs on the review worker (SQL); what it
holds is report_data.py, drawn by widgets/review/pdf.py."""

from __future__ import annotations

from typing import Callable, Sequence

from sqlalchemy import Connection

from console.domain.plant import PlantRegistry
from console.services.review import blocks, filters, kpi, log_query
from console.services.review.export import Names
from console.services.review.filters import ReviewFilter
from console.services.review.report_data import EXCEPTIONS_LIMIT, Limits, ReportData
from console.domain.shifts import ShiftPattern

def exceptions(conn: Connection, flt: ReviewFilter, start: float, end: float,
               limit: int = EXCEPTIONS_LIMIT) -> tuple[list[tuple], int]:
    """Alarms that missed a deadline, or needed handling and have none (drills left out), oldest
    first; and how many there are in all."""
    dialect = conn.dialect.name
    w = log_query.where(flt, start, end, dialect)
    clause = (f"{w.sql} AND (a.ack_overdue_at IS NOT NULL OR a.handling_overdue_at IS NOT NULL "
              "OR (a.handling_required <> 0 AND h.id IS NULL)) AND (h.category IS NULL OR h.category <> 'drill')")
    sql = log_query._select(dialect) + f" WHERE {clause} ORDER BY a.raised_at, a.id LIMIT {int(limit)}"
    rows = [tuple(r[:-1]) for r in conn.execute(log_query._statement(sql, w), w.params)]
    joins = (" LEFT JOIN acknowledgments k ON k.alarm_id = a.id LEFT JOIN handlings h ON h.alarm_id = a.id"
             " LEFT JOIN clearances c ON c.alarm_id = a.id")
    total = conn.execute(log_query._statement(f"SELECT COUNT(*) FROM alarms a{joins} WHERE {clause}", w), w.params).scalar()
    return rows, int(total or 0)


def load_kpis(conn: Connection, flt: ReviewFilter, now: float, pattern: ShiftPattern, limits: Limits, on_duty: int = 1,
              groupings: Sequence[str] = kpi.GROUPINGS, progress: Callable[[float, str], None] | None = None,
              build: bool = True) -> kpi.Kpis:
    """The KPIs the filter asks for (the blocks for the range, the presence checks, the figures)."""
    progress = progress or (lambda _f, _w: None)
    start, end = flt.window(pattern)
    if end <= start:
        facts = blocks.F.Facts.empty()
    elif build:
        facts = blocks.load_facts(conn, start, end, now, lambda f, w: progress(0.7 * f, w))
    else:  # straight from the tables (an older duty log without blocks; a check of the blocks)
        facts = blocks.query_facts(conn, start, min(end, now + blocks.DAY))
    chosen = filters.select(facts, flt, pattern)
    presence = kpi.PresenceRows.from_rows(log_query.presence_rows(conn, start, end, flt.operator) if end > start else [])
    progress(0.75, "figures")
    return kpi.compute(chosen, presence, start, end, now, pattern, limits.ack_s, limits.handling_s, groupings, on_duty,
                       check=lambda: progress(0.8, "figures"))


def gather(conn: Connection, flt: ReviewFilter, kind: str, grouping: str, now: float, pattern: ShiftPattern, limits: Limits,
           registry: PlantRegistry, station: str, zone: str, on_duty: int = 1,
           progress: Callable[[float, str], None] | None = None, build: bool = True) -> ReportData:
    progress = progress or (lambda _f, _w: None)
    kpis = load_kpis(conn, flt, now, pattern, limits, on_duty, kpi.GROUPINGS, lambda f, w: progress(0.8 * f, w), build)
    start, end = flt.window(pattern)
    rows, total = exceptions(conn, flt, start, end)
    people = {name: shown for name, shown, _role in log_query.operators(conn)}
    progress(0.85, "exceptions")
    return ReportData(kind, flt, start, end, grouping, kpis, tuple(rows), total, Names(registry, people), now,
                      station, zone, limits)
