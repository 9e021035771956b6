"""The review's PDF reports (shift, daily, monthly): KPI tables, charts, the overdue and
unhandled alarms, and a signature line; A4, black on white, a font with the Chinese glyphs.

``write_pdf(path, data)`` runs on the review worker (QTextDocument, QImage and QPdfWriter work
off the GUI thread) or in ``duty-console report`` after ``ensure_application()``.
"""

from __future__ import annotations

import os
from html import escape
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QGuiApplication, QImage, QPageLayout, QTextDocument

from console.services.review import export as X
from console.services.review import labels as L
from console.services.review.kpi import ACK_HISTOGRAM_EDGES, GroupRow
from console.services.review.report_data import ReportData
from console.services.review.rows import F
from widgets import fonts, paper
from widgets.review.chart_images import bars_image, hourly_image, operators_image

PRINT_POINT_SIZE = 9
MARGIN_MM = 12.0
CHART_WIDTH_PX = 1600
STYLE = """
body { color: #000000; background: #FFFFFF; }
h1 { font-size: 15pt; margin: 0 0 2px 0; }
h2 { font-size: 11.5pt; margin: 10px 0 3px 0; }
p.meta { margin: 0 0 2px 0; }
table.grid { border-collapse: collapse; margin: 2px 0 6px 0; }
table.grid th { background: #E0E0E0; border: 1px solid #606060; padding: 2px 3px; text-align: left; font-weight: bold; }
table.grid td { border: 1px solid #606060; padding: 2px 3px; }
td.num { text-align: right; }
tr.total td { font-weight: bold; }
p.none { font-style: italic; }
table.sign td { padding: 14px 18px 2px 0; }
"""



def ensure_application() -> QCoreApplication:
    """A QGuiApplication for drawing (the command line has none): offscreen without a display."""
    app = QCoreApplication.instance()
    if app is None:
        if not os.environ.get("QT_QPA_PLATFORM") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
        app = QGuiApplication(["duty-console"])
        fonts.register_bundled()
    return app


def title(data: ReportData) -> str:
    kind = {
        "shift": QCoreApplication.translate("ReviewReport", "Duty review: shift report"),
        "daily": QCoreApplication.translate("ReviewReport", "Duty review: daily report"),
        "monthly": QCoreApplication.translate("ReviewReport", "Duty review: monthly report"),
    }.get(data.kind, QCoreApplication.translate("ReviewReport", "Duty review: report"))
    return kind


def _num(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def _kpi_table(rows: tuple[GroupRow, ...], total: GroupRow, grouping: str, data: ReportData) -> str:
    s = L.seconds
    head = [L.grouping(grouping), QCoreApplication.translate("ReviewReport", "Alarms"), QCoreApplication.translate("ReviewReport", "Ack'd"), QCoreApplication.translate("ReviewReport", "Not ack'd"), QCoreApplication.translate("ReviewReport", "Ack mean"), QCoreApplication.translate("ReviewReport", "Ack median"), QCoreApplication.translate("ReviewReport", "Ack p90"),
            QCoreApplication.translate("ReviewReport", "Ack max"), QCoreApplication.translate("ReviewReport", "Ack in time"), QCoreApplication.translate("ReviewReport", "Handled"), QCoreApplication.translate("ReviewReport", "Handle median"), QCoreApplication.translate("ReviewReport", "Handle p90"), QCoreApplication.translate("ReviewReport", "Handle in time"),
            QCoreApplication.translate("ReviewReport", "Overdue")]
    presence = grouping != "enterprise"
    if presence:
        head += [QCoreApplication.translate("ReviewReport", "Presence ✓/late/missed")]
    out = ["<table class='grid' width='100%'><tr>" + "".join(f"<th>{escape(h)}</th>" for h in head) + "</tr>"]
    for row, label, css in [(r, X.group_label(r, grouping, data.names), "") for r in rows] + [(total, QCoreApplication.translate("ReviewReport", "All"), "total")]:
        cells = [escape(label), row.alarms, row.acknowledged, row.unacknowledged, s(row.ack.mean), s(row.ack.median),
                 s(row.ack.p90), s(row.ack.max), L.share(row.ack_share), row.handled, s(row.handling.median),
                 s(row.handling.p90), L.share(row.handling_share), row.overdue]
        if presence:
            p = row.presence
            cells.append(f"{p.answered}/{p.late}/{p.missed}" if p and p.asked else "—")
        out.append(f"<tr class='{css}'>" + "".join(
            f"<td style='white-space: nowrap'>{c}</td>" if i == 0 else f"<td class='num'>{escape(_num(c))}</td>" for i, c in enumerate(cells)) + "</tr>")
    out.append("</table>")
    return "".join(out)


def _t(text: str) -> str:
    """An already translated text, escaped for the HTML."""
    return escape(text)


def _exceptions(data: ReportData) -> str:
    if not data.exceptions:
        none = QCoreApplication.translate("ReviewReport", "None.")
        return f"<p class='none'>{_t(none)}</p>"
    names = data.names
    head = [QCoreApplication.translate("ReviewReport", "Raised"), QCoreApplication.translate("ReviewReport", "Enterprise"),
            QCoreApplication.translate("ReviewReport", "Point"), QCoreApplication.translate("ReviewReport", "Priority"),
            QCoreApplication.translate("ReviewReport", "Acknowledged"), QCoreApplication.translate("ReviewReport", "Handled"),
            QCoreApplication.translate("ReviewReport", "Problem")]
    out = ["<table class='grid' width='100%'><tr>" + "".join(f"<th>{escape(h)}</th>" for h in head) + "</tr>"]
    short = "%m-%d %H:%M"
    for row in data.exceptions:
        g = lambda field, r=row: r[F[field]]  # noqa: E731
        problems = []
        if g("ack_overdue") is not None:
            problems.append(QCoreApplication.translate("ReviewReport", "acknowledged late") if g("ack_operator")
                            else QCoreApplication.translate("ReviewReport", "not acknowledged in time"))
        if g("handling_overdue") is not None:
            problems.append(QCoreApplication.translate("ReviewReport", "handled late") if g("category")
                            else QCoreApplication.translate("ReviewReport", "not handled in time"))
        if g("handling_required") and g("category") is None and g("handling_overdue") is None:
            problems.append(QCoreApplication.translate("ReviewReport", "not handled"))
        acked = f"{names.person(g('ack_operator'))} {L.local(g('acked'), short)}" if g("ack_operator") else "—"
        handled = f"{names.person(g('handling_operator'))} {L.local(g('handled'), short)}" if g("handling_operator") else "—"
        point = f"{g('point')} {names.point(g('enterprise'), g('point'))}".strip()
        cells = [L.local(g("raised"), "%m-%d %H:%M:%S"), names.enterprise(g("enterprise")), point, L.priority(g("priority")),
                 acked, handled, "; ".join(problems)]
        out.append("<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in cells) + "</tr>")
    out.append("</table>")
    if data.exceptions_total > len(data.exceptions):
        more = QCoreApplication.translate("ReviewReport", "… and %1 more (export the log for all of them).")
        out.append(f"<p>{_t(more.replace('%1', str(data.exceptions_total - len(data.exceptions))))}</p>")
    return "".join(out)


def html(data: ReportData) -> str:
    k = data.kpis
    names = data.names
    minute = "%Y-%m-%d %H:%M"
    period = QCoreApplication.translate("ReviewReport", "Period")
    filters = QCoreApplication.translate("ReviewReport", "Filters")
    workstation = QCoreApplication.translate("ReviewReport", "Workstation")
    made = QCoreApplication.translate("ReviewReport", "Made")
    meta = [
        f"{period}: {L.local(data.start, minute)} – {L.local(data.end, minute)} ({data.zone})",
        f"{filters}: {describe(data)}",
        f"{workstation}: {data.station or '—'} · {made}: {L.local(data.generated_at)} ({data.zone})",
        QCoreApplication.translate("ReviewReport", "Drills are left out of every figure. Response times count from the moment the alarm was raised."),
    ]
    none_text = QCoreApplication.translate("ReviewReport", "No alarms.")
    no_alarms = f"<p class='none'>{_t(none_text)}</p>"
    parts = [f"<html><head><style>{STYLE}</style></head><body>", f"<h1>{escape(title(data))}</h1>"]
    parts += [f"<p class='meta'>{escape(m)}</p>" for m in meta]
    health = QCoreApplication.translate("ReviewReport", "Alarm system health")
    parts.append(f"<h2>{_t(health)}</h2><table class='grid'>")
    for figure, value in X.health_rows(k.health):
        parts.append(f"<tr><td>{escape(figure)}</td><td>{escape(value)}</td></tr>")
    parts.append("</table>")
    by = QCoreApplication.translate("ReviewReport", "By %1")
    order = [data.grouping] + [g for g in ("operator", "shift", "enterprise") if g != data.grouping]
    for grouping in order:
        rows = k.groups.get(grouping, ())
        parts.append(f"<h2>{_t(by.replace('%1', L.grouping(grouping)))}</h2>")
        parts.append(_kpi_table(rows, k.total, grouping, data) if rows else no_alarms)
    charts = QCoreApplication.translate("ReviewReport", "Charts")
    hourly = QCoreApplication.translate("ReviewReport", "Alarms per hour")
    spread = QCoreApplication.translate("ReviewReport", "Time to acknowledge: how many acknowledgments took how long")
    side = QCoreApplication.translate("ReviewReport", "Operators side by side: median and p90 time to acknowledge")
    parts.append(f"<h2>{_t(charts)}</h2>")
    parts.append(f"<p>{_t(hourly)}</p><p><img src='chart://hourly' width='760'></p>")
    parts.append(f"<p>{_t(spread)}</p><p><img src='chart://histogram' width='760'></p>")
    if any(r.ack.count for r in k.groups.get("operator", ())):
        parts.append(f"<p>{_t(side)}</p><p><img src='chart://operators' width='760'></p>")
    top = QCoreApplication.translate("ReviewReport", "Top 10 points")
    parts.append(f"<h2>{_t(top)}</h2>")
    if k.health.top_points:
        head = (QCoreApplication.translate("ReviewReport", "Enterprise"), QCoreApplication.translate("ReviewReport", "Point"),
                QCoreApplication.translate("ReviewReport", "Alarms"), QCoreApplication.translate("ReviewReport", "Share"))
        parts.append("<table class='grid'><tr>" + "".join(f"<th>{escape(h)}</th>" for h in head) + "</tr>")
        for p in k.health.top_points:
            point = f"{p.point} {names.point(p.enterprise, p.point)}".strip()
            parts.append(f"<tr><td>{escape(names.enterprise(p.enterprise))}</td><td>{escape(point)}</td>"
                         f"<td class='num'>{p.count}</td><td class='num'>{L.share(p.share)}</td></tr>")
        parts.append("</table>")
    else:
        parts.append(no_alarms)
    overdue = QCoreApplication.translate("ReviewReport", "Overdue and unhandled alarms (%1)")
    parts.append(f"<h2>{_t(overdue.replace('%1', str(data.exceptions_total)))}</h2>")
    parts.append(_exceptions(data))
    signatures = QCoreApplication.translate("ReviewReport", "Signatures")
    prepared = QCoreApplication.translate("ReviewReport", "Prepared by")
    reviewed = QCoreApplication.translate("ReviewReport", "Reviewed by")
    date = QCoreApplication.translate("ReviewReport", "Date")
    line = "____________________"
    parts.append(f"<h2>{_t(signatures)}</h2><table class='sign'>"
                 f"<tr><td>{_t(prepared)}: {line}</td><td>{_t(date)}: {line}</td></tr>"
                 f"<tr><td>{_t(reviewed)}: {line}</td><td>{_t(date)}: {line}</td></tr></table></body></html>")
    return "".join(parts)


def describe(data: ReportData) -> str:
    return X.describe(data.flt, data.names.registry)


def _charts(data: ReportData) -> dict[str, QImage]:
    k = data.kpis
    bin_labels = L.histogram_labels(ACK_HISTOGRAM_EDGES)
    charts = {
        "hourly": hourly_image(k.hourly_starts, k.hourly_counts, CHART_WIDTH_PX, QCoreApplication.translate("ReviewReport", "alarms")),
        "histogram": bars_image(bin_labels, list(k.ack_histogram), CHART_WIDTH_PX, QCoreApplication.translate("ReviewReport", "acknowledgments")),
    }
    rows = [r for r in k.groups.get("operator", ()) if r.ack.count]
    if rows:
        charts["operators"] = operators_image([X.group_label(r, "operator", data.names) for r in rows],
                                              [r.ack.median or 0.0 for r in rows], [r.ack.p90 or 0.0 for r in rows],
                                              [r.acknowledged for r in rows], CHART_WIDTH_PX, QCoreApplication.translate("ReviewReport", "median"), QCoreApplication.translate("ReviewReport", "p90"))
    return charts


def document(data: ReportData) -> QTextDocument:
    doc = paper.document(PRINT_POINT_SIZE)
    for name, image in _charts(data).items():
        doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(f"chart://{name}"), image)
    doc.setHtml(html(data))
    return doc


def write_pdf(path: str | Path, data: ReportData) -> Path:
    """The report as an A4 PDF at ``path``; OSError when it cannot be written."""
    return paper.write_pdf(document(data), path, title(data), MARGIN_MM, QPageLayout.Orientation.Landscape)
