"""What a report holds (shift, daily, monthly): the KPIs, the overdue and unhandled alarms, and
the facts of how it was made; and which period a report covers. Plain Python (no SQL): the
PDF drawing (widgets/review/pdf.py) reads it."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from console.services.review import kpi
from console.services.review.export import Names
from console.services.review.filters import ReviewFilter
from console.domain.shifts import ShiftPattern

KINDS = ("shift", "daily", "monthly", "period")
EXCEPTIONS_LIMIT = 500  # overdue and unhandled alarms listed in a report (the count says how many more)


@dataclass(frozen=True)
class Limits:
    ack_s: tuple[float, float, float, float]
    handling_s: tuple[float, float, float, float]


@dataclass(frozen=True)
class ReportData:
    kind: str
    flt: ReviewFilter
    start: float
    end: float
    grouping: str  # the KPI table shown first
    kpis: kpi.Kpis
    exceptions: tuple[tuple, ...]  # log rows (log_query.FIELDS): overdue, or needing handling and not handled
    exceptions_total: int
    names: Names
    generated_at: float
    station: str
    zone: str
    limits: Limits


def period(kind: str, when: float, pattern: ShiftPattern) -> tuple[float, float]:
    """The shift, local day or local month that ``when`` falls in."""
    if kind == "shift":
        shift = pattern.shift_at(when)
        return shift.start, shift.end
    local = dt.datetime.fromtimestamp(when).astimezone()
    if kind == "daily":
        day = dt.datetime.combine(local.date(), dt.time())
        return day.astimezone().timestamp(), (day + dt.timedelta(days=1)).astimezone().timestamp()
    if kind == "monthly":
        first = dt.datetime(local.year, local.month, 1)
        days = calendar.monthrange(local.year, local.month)[1]
        return first.astimezone().timestamp(), (first + dt.timedelta(days=days)).astimezone().timestamp()
    raise ValueError(f"unknown report kind {kind!r}")


def kind_of(start: float, end: float, pattern: ShiftPattern) -> str:
    """shift, daily or monthly when [start, end) is exactly one; else period."""
    for kind in ("shift", "daily", "monthly"):
        if period(kind, start, pattern) == (start, end):
            return kind
    return "period"


