"""The filtered alarm log and the KPI tables as CSV and XLSX files.

Headers in the interface language (Qt translations), times in local time with the zone in the
header, sensible column widths, the header row frozen. Rows come in chunks from the worker's
query; ``check(fraction)`` is called between chunks and raises to cancel (the partial file is
removed).
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from PySide6.QtCore import QCoreApplication

from console.domain.cell_text import csv_text
from console.domain.plant import PlantRegistry
from console.services.review import labels as L
from console.services.review.filters import ReviewFilter
from console.services.review.kpi import GroupRow, Health, Kpis, Stats
from console.services.review.rows import F, FIELDS
from console.services.review.xlsx import Workbook

Check = Callable[[float], None]



@dataclass(frozen=True)
class Names:
    """What codes are called: the plant's enterprises and points, the users' display names."""

    registry: PlantRegistry
    people: dict[str, str]

    def person(self, name: str | None) -> str:
        if not name:
            return ""
        shown = self.people.get(name, "")
        return f"{shown} ({name})" if shown and shown != name else name

    def enterprise(self, code: str) -> str:
        return L.enterprise_name(code, self.registry.enterprise_name(code) if code else "")

    def point(self, enterprise: str, code: str) -> str:
        return self.registry.point_name(enterprise, code)

    def area(self, enterprise: str, code: str) -> str:
        point = self.registry.point(enterprise, code)
        return point.area if point is not None else ""


# -- the log --------------------------------------------------------------------------------
def log_columns(zone: str) -> list[tuple[str, str, float]]:
    """(header, kind, width) of each log column; kinds as in xlsx.py."""
    at = lambda text: f"{text} ({zone})"  # noqa: E731
    return [
        (at(QCoreApplication.translate("ReviewExport", "Raised")), "t", 20), (QCoreApplication.translate("ReviewExport", "Enterprise"), "s", 24), (QCoreApplication.translate("ReviewExport", "Unit"), "s", 14), (QCoreApplication.translate("ReviewExport", "Point"), "s", 14),
        (QCoreApplication.translate("ReviewExport", "Point name"), "s", 22), (QCoreApplication.translate("ReviewExport", "Condition"), "s", 14), (QCoreApplication.translate("ReviewExport", "Priority"), "s", 14), (QCoreApplication.translate("ReviewExport", "Alarm text"), "s", 36),
        (QCoreApplication.translate("ReviewExport", "Stage"), "s", 16), (QCoreApplication.translate("ReviewExport", "Acknowledged by"), "s", 18), (at(QCoreApplication.translate("ReviewExport", "Acknowledged")), "t", 20),
        (QCoreApplication.translate("ReviewExport", "Time to acknowledge (s)"), "d", 12), (QCoreApplication.translate("ReviewExport", "Shift"), "s", 17), (QCoreApplication.translate("ReviewExport", "Handled by"), "s", 18),
        (at(QCoreApplication.translate("ReviewExport", "Handled")), "t", 20), (QCoreApplication.translate("ReviewExport", "Time to handle (s)"), "d", 12), (QCoreApplication.translate("ReviewExport", "Handling category"), "s", 14),
        (QCoreApplication.translate("ReviewExport", "Handling notes"), "s", 40), (QCoreApplication.translate("ReviewExport", "Cleared by"), "s", 18), (at(QCoreApplication.translate("ReviewExport", "Cleared")), "t", 20),
        (at(QCoreApplication.translate("ReviewExport", "Returned to normal")), "t", 20), (QCoreApplication.translate("ReviewExport", "Overdue"), "s", 16), (QCoreApplication.translate("ReviewExport", "Workstation"), "s", 14),
        (QCoreApplication.translate("ReviewExport", "Notes"), "s", 48), (QCoreApplication.translate("ReviewExport", "Occurrence id"), "s", 34),
    ]


def log_values(row: tuple, names: Names) -> list:
    """One log row as export cells (times as epoch seconds, durations in seconds)."""
    g = lambda field: row[F[field]]  # noqa: E731
    enterprise, point, raised = g("enterprise"), g("point"), g("raised")
    handled = g("handled")
    overdue = []
    if g("ack_overdue") is not None:
        overdue.append(QCoreApplication.translate("ReviewExport", "acknowledgment"))
    if g("handling_overdue") is not None:
        overdue.append(QCoreApplication.translate("ReviewExport", "handling"))
    stage = L.row_stage(g("ack_operator") is not None, g("category") is not None, g("clearing_operator") is not None,
                        g("closed") is not None, g("returned") is not None)
    return [
        raised, names.enterprise(enterprise), names.area(enterprise, point), point, names.point(enterprise, point),
        L.condition(g("condition")), L.priority(g("priority")), g("text"), stage, names.person(g("ack_operator")),
        g("acked"), None if g("response_ms") is None else g("response_ms") / 1000.0, g("ack_shift") or g("handling_shift") or "",
        names.person(g("handling_operator")), handled, None if handled is None else handled - raised, L.category(g("category")),
        g("description") or "", names.person(g("clearing_operator")), g("cleared"), g("returned"), ", ".join(overdue),
        g("station"), notes_cell(row[len(FIELDS)] if len(row) > len(FIELDS) else ()), g("id"),
    ]


def notes_cell(notes: Sequence[Any]) -> str:
    """An alarm's notes in one cell, oldest first: "time author@station: text", one a line."""
    return "\n".join(f"{L.local(n.at)} {n.author}@{n.station}: {n.text}" for n in notes)


def _csv_cell(kind: str, value: Any) -> str:
    if value is None or value == "":
        return ""
    if kind == "t":
        return L.local(value)
    if kind == "d":
        return f"{value:.1f}"
    text = str(value)
    return csv_text(text) if kind == "s" else text  # never a formula in a spreadsheet


def _prepare(path: str | Path) -> Path:
    path = Path(path)
    if path.is_dir():
        raise OSError(f"{path} is a folder, not a file")
    path.parent.mkdir(parents=True, exist_ok=True)
    if not os.access(path.parent, os.W_OK):
        raise OSError(f"cannot write into {path.parent}")
    return path


def write_log(path: str | Path, chunks: Iterable[list[tuple]], total: int, names: Names, fmt: str, zone: str,
              check: Check = lambda _f: None, about: Sequence[tuple[str, str]] = ()) -> int:
    """The log rows to ``path`` as ``fmt`` ("csv" or "xlsx"); returns the rows written."""
    path = _prepare(path)
    columns = log_columns(zone)
    headers = [c[0] for c in columns]
    kinds = "".join(c[1] for c in columns)
    done = 0
    if fmt == "csv":
        try:
            with open(path, "w", encoding="utf-8-sig", newline="") as f:  # the BOM: Excel then reads UTF-8
                out = csv.writer(f)
                out.writerow(headers)
                for chunk in chunks:
                    out.writerows([[_csv_cell(k, v) for k, v in zip(kinds, log_values(r, names), strict=True)] for r in chunk])
                    done += len(chunk)
                    check(done / max(1, total))
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return done
    with Workbook(path) as book:
        part = 1
        sheet = book.add_sheet(QCoreApplication.translate("ReviewExport", "Alarm log"), headers, kinds, [c[2] for c in columns])
        for chunk in chunks:
            for r in chunk:
                if sheet.full():
                    part += 1
                    name = QCoreApplication.translate("ReviewExport", "Alarm log")
                    sheet = book.add_sheet(f"{name} {part}", headers, kinds, [c[2] for c in columns])
                sheet.append(log_values(r, names))
            done += len(chunk)
            check(done / max(1, total))
        if about:
            info = book.add_sheet(QCoreApplication.translate("ReviewExport", "About"), [QCoreApplication.translate("ReviewExport", "Item"), QCoreApplication.translate("ReviewExport", "Value")], "ss", [28, 60])
            for item in about:
                info.append(list(item))
    return done


# -- the KPIs ----------------------------------------------------------------------------------
def kpi_columns(grouping: str) -> list[tuple[str, str, float]]:
    s = lambda text: f"{text} (s)"  # noqa: E731
    columns: list[tuple[str, str, float]] = [
        (L.grouping(grouping), "s", 24), (QCoreApplication.translate("ReviewExport", "Alarms"), "n", 9), (QCoreApplication.translate("ReviewExport", "Acknowledged alarms"), "n", 10),
        (QCoreApplication.translate("ReviewExport", "Not acknowledged"), "n", 10), (s(QCoreApplication.translate("ReviewExport", "Acknowledge mean")), "d", 11), (s(QCoreApplication.translate("ReviewExport", "Acknowledge median")), "d", 11),
        (s(QCoreApplication.translate("ReviewExport", "Acknowledge p90")), "d", 11), (s(QCoreApplication.translate("ReviewExport", "Acknowledge max")), "d", 11), (QCoreApplication.translate("ReviewExport", "Acknowledged in time (%)"), "d", 12),
        (QCoreApplication.translate("ReviewExport", "Handled alarms"), "n", 9), (s(QCoreApplication.translate("ReviewExport", "Handle mean")), "d", 11), (s(QCoreApplication.translate("ReviewExport", "Handle median")), "d", 11), (s(QCoreApplication.translate("ReviewExport", "Handle p90")), "d", 11),
        (s(QCoreApplication.translate("ReviewExport", "Handle max")), "d", 11), (QCoreApplication.translate("ReviewExport", "Handled in time (%)"), "d", 12), (QCoreApplication.translate("ReviewExport", "Overdue"), "n", 9),
    ]
    if grouping != "enterprise":
        columns += [(QCoreApplication.translate("ReviewExport", "Presence answered"), "n", 10), (QCoreApplication.translate("ReviewExport", "Presence late"), "n", 10), (QCoreApplication.translate("ReviewExport", "Presence missed"), "n", 10),
                    (s(QCoreApplication.translate("ReviewExport", "Presence response median")), "d", 12), (s(QCoreApplication.translate("ReviewExport", "Presence response max")), "d", 12)]
    return columns


def _stats(stats: Stats) -> list:
    return [stats.mean, stats.median, stats.p90, stats.max]


def group_label(row: GroupRow, grouping: str, names: Names) -> str:
    if grouping == "operator":
        return names.person(row.key) or L.nobody()
    if grouping == "enterprise":
        return names.enterprise(row.key)
    return row.key


def kpi_values(row: GroupRow, grouping: str, names: Names, label: str | None = None) -> list:
    pct = lambda v: None if v is None else v * 100.0  # noqa: E731
    values = [label if label is not None else group_label(row, grouping, names), row.alarms, row.acknowledged,
              row.unacknowledged, *_stats(row.ack), pct(row.ack_share), row.handled, *_stats(row.handling),
              pct(row.handling_share), row.overdue]
    if grouping != "enterprise":
        p = row.presence
        values += [p.answered, p.late, p.missed, p.response.median, p.response.max] if p else [None] * 5
    return values


def health_rows(h: Health) -> list[tuple[str, str]]:
    """(figure, value) lines of the alarm-system health, with the EEMUA 191 / ISA-18.2 targets."""
    def num(v: float | None, digits: int = 2) -> str:
        return "—" if v is None else f"{v:.{digits}f}"

    total = max(1, h.alarms)
    mix = " / ".join(f"{L.priority(i + 1)} {c} ({c / total * 100:.1f} %)" for i, c in enumerate(h.priorities))
    return [
        (QCoreApplication.translate("ReviewExport", "Alarms (drills left out)"), str(h.alarms)),
        (QCoreApplication.translate("ReviewExport", "Drills"), str(h.drills)),
        (QCoreApplication.translate("ReviewExport", "Alarms per operator per 10 minutes (target about 1, at most 2)"), num(h.per_operator_10min)),
        (QCoreApplication.translate("ReviewExport", "Alarms per hour"), num(h.per_hour, 1)),
        (QCoreApplication.translate("ReviewExport", "Alarms per day (target about 150, at most 300)"), num(h.per_day, 0)),
        (QCoreApplication.translate("ReviewExport", "Peak alarms in 10 minutes"), f"{h.peak_10min}" + (f" ({L.local(h.peak_at, '%Y-%m-%d %H:%M')})" if h.peak_at else "")),
        (QCoreApplication.translate("ReviewExport", "Time in flood (target below 1 %)"), f"{L.seconds(h.flood_s)} ({L.share(h.flood_share)})"),
        (QCoreApplication.translate("ReviewExport", "Priority mix (target about 5 % high, 15 % medium, 80 % low)"), mix),
        (QCoreApplication.translate("ReviewExport", "Top 10 points' share of all alarms"), L.share(h.top_share)),
        (QCoreApplication.translate("ReviewExport", "Chattering alarms (3 or more in 60 s)"), f"{h.chattering_alarms} ({h.chattering_occurrences})"),
        (QCoreApplication.translate("ReviewExport", "Stale alarms (active 24 h or more)"), str(h.stale)),
    ]


def write_kpis(path: str | Path, kpis: Kpis, grouping: str, names: Names, fmt: str, zone: str,
               about: Sequence[tuple[str, str]] = (), log_chunks: Iterable[list[tuple]] | None = None, log_total: int = 0,
               check: Check = lambda _f: None) -> None:
    """The KPI table by ``grouping`` (CSV: that table alone; XLSX: with the health figures, the
    top points and, given ``log_chunks``, the alarm log)."""
    path = _prepare(path)
    columns = kpi_columns(grouping)
    rows = [kpi_values(r, grouping, names) for r in kpis.groups[grouping]]
    rows.append(kpi_values(kpis.total, grouping, names, QCoreApplication.translate("ReviewExport", "All")))
    kinds = "".join(c[1] for c in columns)
    if fmt == "csv":
        with open(path, "w", encoding="utf-8-sig", newline="") as f:
            out = csv.writer(f)
            out.writerow([c[0] for c in columns])
            out.writerows([[_csv_cell(k, v) for k, v in zip(kinds, r, strict=True)] for r in rows])
        return
    with Workbook(path) as book:
        sheet = book.add_sheet(QCoreApplication.translate("ReviewExport", "KPIs by %1").replace("%1", L.grouping(grouping)), [c[0] for c in columns], kinds,
                               [c[2] for c in columns])
        for r in rows:
            sheet.append(r)
        health = book.add_sheet(QCoreApplication.translate("ReviewExport", "Alarm system health"), [QCoreApplication.translate("ReviewExport", "Figure"), QCoreApplication.translate("ReviewExport", "Value")], "ss", [60, 70])
        for line in health_rows(kpis.health):
            health.append(list(line))
        top = book.add_sheet(QCoreApplication.translate("ReviewExport", "Top 10 points"), [QCoreApplication.translate("ReviewExport", "Enterprise"), QCoreApplication.translate("ReviewExport", "Point"), QCoreApplication.translate("ReviewExport", "Point name"), QCoreApplication.translate("ReviewExport", "Alarms"), QCoreApplication.translate("ReviewExport", "Share (%)")],
                             "sssnd", [28, 14, 24, 10, 10])
        for p in kpis.health.top_points:
            top.append([names.enterprise(p.enterprise), p.point, names.point(p.enterprise, p.point), p.count, p.share * 100])
        if log_chunks is not None:
            columns = log_columns(zone)
            log_sheet = book.add_sheet(QCoreApplication.translate("ReviewExport", "Alarm log"), [c[0] for c in columns], "".join(c[1] for c in columns),
                                       [c[2] for c in columns])
            done = 0
            for chunk in log_chunks:
                for log_row in chunk:
                    if log_sheet.full():
                        break
                    log_sheet.append(log_values(log_row, names))
                done += len(chunk)
                check(done / max(1, log_total))
        if about:
            info = book.add_sheet(QCoreApplication.translate("ReviewExport", "About"), [QCoreApplication.translate("ReviewExport", "Item"), QCoreApplication.translate("ReviewExport", "Value")], "ss", [28, 60])
            for item in about:
                info.append(list(item))


def describe(flt: ReviewFilter, registry: PlantRegistry) -> str:
    """The filters in words, for the exported file and the report."""
    parts = []
    if flt.enterprises:
        parts.append(QCoreApplication.translate("ReviewExport", "enterprise") + ": " + ", ".join(L.enterprise_name(e, registry.enterprise_name(e)) for e in flt.enterprises))
    if flt.points:
        shown = [f"{p}" for _e, p in flt.points[:8]]
        parts.append(QCoreApplication.translate("ReviewExport", "points") + ": " + ", ".join(shown) + (" …" if len(flt.points) > 8 else ""))
    if flt.priorities:
        parts.append(QCoreApplication.translate("ReviewExport", "priority") + ": " + ", ".join(L.priority(p) for p in flt.priorities))
    if flt.operator:
        parts.append(QCoreApplication.translate("ReviewExport", "operator") + ": " + flt.operator)
    if flt.shift:
        parts.append(QCoreApplication.translate("ReviewExport", "shift") + ": " + flt.shift)
    if flt.stage:
        parts.append(QCoreApplication.translate("ReviewExport", "stage") + ": " + L.stage(flt.stage))
    if flt.overdue_only:
        parts.append(QCoreApplication.translate("ReviewExport", "overdue only"))
    if not flt.drills:
        parts.append(QCoreApplication.translate("ReviewExport", "drills hidden"))
    if flt.text.strip():
        parts.append(QCoreApplication.translate("ReviewExport", "text") + f": “{flt.text.strip()}”")
    return "; ".join(parts) if parts else QCoreApplication.translate("ReviewExport", "none")
