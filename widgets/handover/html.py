"""The handover report (console/domain/handover.py) as HTML, for the panel, the printer and the PDF.

One rendering for all three, so that what is printed is what was shown and signed. Black on
white, no colour (priority by symbol and words), itemised sections with their counts, both
signatures with names and times, the report's SHA-256 at the foot.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from html import escape

from PySide6.QtCore import QCoreApplication, QObject

from console.domain.alarms import AlarmState, Priority
from console.domain.handover import AlarmRow, HandoverReport, Signatory
from console.domain.system_alarms import PRESENCE_POINT
from widgets import priority as look
from widgets.handling_bar import category_label

TIME = "%Y-%m-%d %H:%M:%S"
STYLE = """
body { color: #000000; background: #FFFFFF; }
h1 { font-size: 16pt; margin: 0 0 4px 0; }
h2 { font-size: 12pt; margin: 12px 0 4px 0; }
table.grid { border-collapse: collapse; margin: 2px 0 6px 0; }
table.grid th { background: #E0E0E0; border: 1px solid #606060; padding: 2px 5px; text-align: left; }
table.grid td { border: 1px solid #606060; padding: 2px 5px; }
table.facts td { padding: 1px 8px 1px 0; }
td.num { text-align: right; }
p.draft { font-weight: bold; border: 2px solid #000000; padding: 4px; }
p.none { font-style: italic; }
"""


def when(seconds: float | None) -> str:
    return "" if seconds is None else dt.datetime.fromtimestamp(seconds).strftime(TIME)


def _priority(value: int) -> str:
    try:
        p = Priority(value)
    except ValueError:
        return str(value)
    return f"{look.SYMBOLS[p]} {look.label(p)}"


def _state(value: str) -> str:
    try:
        return look.state_label(AlarmState(value))
    except ValueError:
        return value


def _condition(row) -> str:
    if getattr(row, "system", False) and row.point == PRESENCE_POINT:
        return QCoreApplication.translate("Condition", "Presence not confirmed")
    return look.condition_label(row.condition)


def _heading(tag: str, text: str) -> str:
    return f"<{tag}>{escape(text)}</{tag}>"


def _facts(pairs: Sequence[tuple[str, str]]) -> str:
    rows = "".join(f"<tr><td><b>{escape(k)}</b></td><td>{escape(v)}</td></tr>" for k, v in pairs)
    return f'<table class="facts" cellspacing="0">{rows}</table>'


def fill(template: str, *args: object) -> str:
    """Qt-style %1 … %9 (an argument containing "%2" stays as it is)."""
    out, i = [], 0
    while i < len(template):
        if template[i] == "%" and i + 1 < len(template) and template[i + 1].isdigit() and 0 < int(template[i + 1]) <= len(args):
            out.append(str(args[int(template[i + 1]) - 1]))
            i += 2
        else:
            out.append(template[i])
            i += 1
    return "".join(out)


class HandoverReportHtml(QObject):
    """Words of the report (translation context ``HandoverReportHtml``)."""

    def seconds(self, value: float | None) -> str:
        return "—" if value is None else fill(self.tr("%1 s"), f"{value:.1f}")

    def presence(self, status: str) -> str:
        return {"answered": self.tr("Answered"), "late": self.tr("Late"), "missed": self.tr("Missed")}.get(status, status)

    def point(self, row) -> str:
        if getattr(row, "system", False):
            return self.tr("Presence check") if row.point == PRESENCE_POINT else self.tr("Alarm server link")
        name = f"{row.point} {row.point_name}".strip()
        return f"{row.enterprise_name or row.enterprise} · {name}"

    def table(self, headers: Sequence[str], rows: Iterable[Sequence[str]], numeric: Sequence[int] = ()) -> str:
        rows = list(rows)
        if not rows:
            none = self.tr("None.")
            return f'<p class="none">{escape(none)}</p>'
        head = "".join(f"<th>{escape(h)}</th>" for h in headers)
        body = []
        for row in rows:
            cells = "".join(f'<td class="num">{escape(c)}</td>' if i in numeric else f"<td>{escape(c)}</td>"
                            for i, c in enumerate(row))
            body.append(f"<tr>{cells}</tr>")
        width = ' width="100%"' if len(headers) > 2 else ""
        return f'<table class="grid"{width} cellspacing="0"><tr>{head}</tr>{"".join(body)}</table>'

    def section(self, title: str, rows: Sequence, headers: Sequence[str], cells, numeric: Sequence[int] = ()) -> str:
        return f"<h2>{escape(title)} ({len(rows)})</h2>" + self.table(headers, [cells(r) for r in rows], numeric)

    def overdue(self, row: AlarmRow) -> str:
        parts = ([self.tr("acknowledgment")] if row.ack_overdue else []) + ([self.tr("handling")] if row.handling_overdue else [])
        return self.tr(", ").join(parts)

    def handling(self, row: AlarmRow) -> str:
        if row.handling:
            return category_label(row.handling)
        return self.tr("required, not recorded") if row.handling_required else ""

    def signature(self, role: str, who: Signatory | None) -> tuple[str, str]:
        if who is None:
            return role, self.tr("not signed yet")
        return role, fill(self.tr("%1 (%2), signed %3"), who.display_name, who.name, when(who.signed_at))

    def render(self, report: HandoverReport, outgoing: Signatory | None, incoming: Signatory | None,
               shift_to_label: str, digest: str) -> str:
        c = report.counts
        parts = [f"<html><head><style>{STYLE}</style></head><body>", _heading("h1", self.tr("Shift handover report"))]
        if outgoing is None or incoming is None:
            draft = self.tr("Draft: not yet signed by both operators.")
            parts.append(f'<p class="draft">{escape(draft)}</p>')
        parts.append(_facts([
            (self.tr("Station"), report.station),
            (self.tr("Shift"), f"{report.shift_label} ({report.shift_id})"),
            (self.tr("Period"), f"{when(report.period_start)} – {when(report.period_end)}"),
            (self.tr("Outgoing operator"), f"{report.outgoing_display} ({report.outgoing})"),
            (self.tr("Report made at"), when(report.generated_at)),
        ]))
        item_count = [self.tr("Item"), self.tr("Count")]
        parts.append(_heading("h2", self.tr("Figures of the period")))
        parts.append(self.table(item_count, [
            (self.tr("Alarms raised"), str(c.raised)),
            (self.tr("Acknowledged"), fill(self.tr("%1 (average %2, longest %3)"), c.acknowledged,
                                           self.seconds(c.ack_response_avg_s), self.seconds(c.ack_response_max_s))),
            (self.tr("Handled"), str(c.handled)),
            (self.tr("Cleared"), str(c.cleared)),
            (self.tr("Acknowledgment deadlines missed"), str(c.ack_overdue)),
            (self.tr("Handling deadlines missed"), str(c.handling_overdue)),
            (self.tr("Drills (not counted above)"), str(c.drills)),
            (self.tr("Presence checks"), fill(self.tr("%1 asked: %2 answered, %3 late, %4 missed (average response %5, longest %6)"),
                                              c.presence_asked, c.presence_answered, c.presence_late, c.presence_missed,
                                              self.seconds(c.presence_response_avg_s), self.seconds(c.presence_response_max_s))),
        ]))
        parts.append(_heading("h2", self.tr("At the handover")))
        parts.append(self.table(item_count, [
            (self.tr("Open alarms"), str(c.open_now)),
            (self.tr("Unacknowledged"), str(c.unacknowledged_now)),
            (self.tr("Instrument and communication faults"), str(c.faults_now)),
            (self.tr("Shelved alarms"), str(c.shelved_now)),
            (self.tr("Points out of service"), str(c.out_of_service_now)),
            (self.tr("Overdue alarms"), str(c.overdue_now)),
        ]))

        alarm_headers = [self.tr("Priority"), self.tr("Raised"), self.tr("Point"), self.tr("Condition"), self.tr("State"),
                         self.tr("Acknowledged by"), self.tr("Handling")]

        def alarm_cells(r: AlarmRow):
            return (_priority(r.priority), when(r.raised_at), self.point(r), _condition(r), _state(r.state), r.acked_by,
                    self.handling(r))

        parts.append(self.section(
            self.tr("Overdue alarms"), report.overdue,
            [self.tr("Priority"), self.tr("Raised"), self.tr("Point"), self.tr("Condition"), self.tr("State"), self.tr("Deadline missed")],
            lambda r: (_priority(r.priority), when(r.raised_at), self.point(r), _condition(r), _state(r.state), self.overdue(r))))
        parts.append(self.section(self.tr("Open alarms"), report.open_alarms, alarm_headers, alarm_cells))
        parts.append(self.section(self.tr("Instrument and communication faults"), report.faults, alarm_headers, alarm_cells))
        parts.append(self.section(
            self.tr("Shelved alarms"), report.shelved,
            [self.tr("Priority"), self.tr("Point"), self.tr("Condition"), self.tr("Shelved by"), self.tr("Reason"), self.tr("Since"),
             self.tr("Until")],
            lambda r: (_priority(r.priority), self.point(r), _condition(r), r.operator, r.reason, when(r.since), when(r.until))))
        parts.append(self.section(
            self.tr("Points out of service"), report.out_of_service,
            [self.tr("Point"), self.tr("Taken out by"), self.tr("Reason"), self.tr("Since"), self.tr("Open alarms")],
            lambda r: (self.point(r), r.person, r.reason, when(r.since), str(r.open_alarms)), numeric=[4]))
        parts.append(self.section(
            self.tr("Presence checks"), report.presence,
            [self.tr("Asked"), self.tr("Result"), self.tr("Operator"), self.tr("Response time")],
            lambda r: (when(r.asked_at), self.presence(r.status), r.operator or self.tr("nobody on duty"), self.seconds(r.response_s)),
            numeric=[3]))
        parts.append(self.section(
            self.tr("Notes on alarms"), report.notes,
            [self.tr("Written"), self.tr("Point"), self.tr("Condition"), self.tr("Written by"), self.tr("Station"), self.tr("Note")],
            lambda r: (when(r.written_at), self.point(r), _condition(r), r.author, r.station, r.text)))

        parts.append(_heading("h2", self.tr("Signatures")))
        signatures = [self.signature(self.tr("Outgoing operator"), outgoing), self.signature(self.tr("Incoming operator"), incoming)]
        if shift_to_label:
            signatures.append((self.tr("Shift taken over"), shift_to_label))
        signatures.append((self.tr("Report SHA-256"), digest or report.sha256()))
        if report.audit_seq:
            signatures.append((self.tr("Audit chain when made"), f"{report.audit_seq}:{report.audit_hash}"))
        parts.append(_facts(signatures))
        parts.append("</body></html>")
        return "".join(parts)


def render(report: HandoverReport, outgoing: Signatory | None = None, incoming: Signatory | None = None,
           shift_to_label: str = "", digest: str = "") -> str:
    return HandoverReportHtml().render(report, outgoing, incoming, shift_to_label, digest)
