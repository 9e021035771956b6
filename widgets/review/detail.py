"""One alarm of the review's log in detail: what it was, each state change with who and when,
its audit-chain status, its video evidence and its point's trend around it (when the console
keeps readings: the Trends part is there)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dataclasses import dataclass
from html import escape

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from console.domain.alarms import SYSTEM_ENTERPRISE
from console.services.review import labels as L
from console.services.review.export import Names
from console.services.review.rows import F
from widgets.lazy import LazyWidget
from widgets.video.evidence import EvidenceList

if TYPE_CHECKING:  # the core objects the shell hands in (types only: widgets never build them)
    from widgets.trends.view import TrendView
    from console.services.history.trend_source import TrendSource

def event_label(event: str) -> str:
    return {
        "raised": QCoreApplication.translate("ReviewDetail", "Raised"), "repeated": QCoreApplication.translate("ReviewDetail", "Reported again"), "returned": QCoreApplication.translate("ReviewDetail", "Returned to normal"),
        "acked": QCoreApplication.translate("ReviewDetail", "Acknowledged"), "shelved": QCoreApplication.translate("ReviewDetail", "Shelved"), "unshelved": QCoreApplication.translate("ReviewDetail", "Unshelved"),
        "out_of_service": QCoreApplication.translate("ReviewDetail", "Point out of service"), "in_service": QCoreApplication.translate("ReviewDetail", "Point in service"), "handled": QCoreApplication.translate("ReviewDetail", "Handled"),
        "cleared": QCoreApplication.translate("ReviewDetail", "Cleared"), "superseded": QCoreApplication.translate("ReviewDetail", "Superseded"), "overdue": QCoreApplication.translate("ReviewDetail", "Deadline missed"),
    }.get(event, event)


@dataclass(frozen=True)
class TrendTarget:
    """What the trend view needs of an alarm (console.domain.alarms.Alarm has the same attributes)."""

    enterprise: str
    point: str
    raised_at: float
    is_system: bool


class ReviewDetail(QWidget):
    def __init__(self, names: Names, trends: TrendSource | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewDetail")
        self.names = names
        self.occurrence_id = ""
        self.summary = QLabel(self.tr("Select an alarm in the log to see its detail."))
        self.summary.setObjectName("reviewDetailSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.audit = QLabel()
        self.audit.setObjectName("reviewAudit")
        self.audit.setWordWrap(True)
        self.history = QTableWidget(0, 5)
        self.history.setObjectName("reviewHistory")
        self.history.setHorizontalHeaderLabels([self.tr("Time"), self.tr("What"), self.tr("Who"), self.tr("Shift"), self.tr("Detail")])
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.verticalHeader().setVisible(False)
        self.history.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.history.horizontalHeader().setStretchLastSection(True)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("reviewDetailTabs")
        self.tabs.addTab(self.history, self.tr("History"))
        self.notes = QTableWidget(0, 4)
        self.notes.setObjectName("reviewNotes")
        self.notes.setHorizontalHeaderLabels([self.tr("Time"), self.tr("Written by"), self.tr("Station"), self.tr("Note")])
        self.notes.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.notes.setWordWrap(True)
        self.notes.verticalHeader().setVisible(False)
        self.notes.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.notes.horizontalHeader().setStretchLastSection(True)
        self.tabs.addTab(self.notes, self.tr("Notes"))
        self.evidence = EvidenceList(self.tabs)
        self._trend: LazyWidget[TrendView] | None = None
        if trends is not None:
            def trend_view() -> TrendView:
                from widgets.trends.view import TrendView  # pyqtgraph: built when first needed (widgets/lazy.py)

                return TrendView(trends, compact=True)

            self._trend = LazyWidget(trend_view)
            self.tabs.addTab(self._trend, self.tr("Trend"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.audit)
        layout.addWidget(self.tabs, 1)

    def expect(self, occurrence_id: str) -> None:
        self.occurrence_id = occurrence_id
        self.evidence.expect(occurrence_id)
        self.summary.setText(self.tr("Loading…"))
        self.audit.setText("")

    def show_detail(self, detail) -> None:
        """``detail``: console.services.review.log_query.AlarmDetail (None: no longer in the duty log)."""
        if detail is None:
            self.summary.setText(self.tr("This alarm is not in the duty log."))
            return
        row = detail.row
        if row[F["id"]] != self.occurrence_id:
            return
        g = lambda field: row[F[field]]  # noqa: E731
        n = self.names
        point = f"{g('point')} {n.point(g('enterprise'), g('point'))}".strip()
        raised, returned, closed = self.tr("Raised"), self.tr("Returned"), self.tr("Closed")
        lines = [
            f"<b>{escape(L.priority(g('priority')))} · {escape(n.enterprise(g('enterprise')))} · {escape(point)} · "
            f"{escape(L.condition(g('condition')))}</b>",
            escape(g("text") or ""),
            f"{escape(raised)}: {L.local(g('raised'))}"
            + (f" · {escape(returned)}: {L.local(g('returned'))}" if g("returned") else "")
            + (f" · {escape(closed)}: {L.local(g('closed'))}" if g("closed") else ""),
        ]
        if g("ack_operator"):
            acknowledged = self.tr("Acknowledged")
            lines.append(f"{escape(acknowledged)}: {escape(n.person(g('ack_operator')))} {L.local(g('acked'))} "
                         f"({escape(L.seconds((g('response_ms') or 0) / 1000.0))}) · {escape(g('ack_shift') or '')}")
        if g("handling_operator"):
            handled = self.tr("Handled")
            lines.append(f"{escape(handled)}: {escape(n.person(g('handling_operator')))} {L.local(g('handled'))} · "
                         f"{escape(L.category(g('category')))}: {escape(g('description') or '')}")
        if g("clearing_operator"):
            cleared = self.tr("Cleared")
            lines.append(f"{escape(cleared)}: {escape(n.person(g('clearing_operator')))} {L.local(g('cleared'))}")
        missed = [self.tr("acknowledgment") if g("ack_overdue") else "", self.tr("handling") if g("handling_overdue") else ""]
        if any(missed):
            deadline = self.tr("Deadline missed")
            lines.append(f"<b>‼ {escape(deadline)}: {escape(', '.join(m for m in missed if m))}</b>")
        occurrence, workstation = self.tr("Occurrence"), self.tr("Workstation")
        lines.append(f"<small>{escape(occurrence)} {escape(g('id'))} · {escape(workstation)} {escape(g('station') or '')}</small>")
        self.summary.setText("<br>".join(lines))
        audit = detail.audit
        if audit.entries == 0:
            self.audit.setText(self.tr("Audit chain: no entries about this alarm."))
        elif audit.ok:
            self.audit.setText(self.tr("Audit chain: %1 entries about this alarm, each intact and linked (entries %2).")
                               .replace("%1", str(audit.entries)).replace("%2", ", ".join(map(str, audit.seqs[:12]))
                                                                         + (" …" if len(audit.seqs) > 12 else "")))
        else:
            self.audit.setText("<b>" + escape(self.tr("Audit chain BROKEN for this alarm:")) + "</b> "
                               + escape("; ".join(audit.problems[:4])))
        self.history.setRowCount(len(detail.history))
        for i, h in enumerate(detail.history):
            what = event_label(h.event)
            cells = (L.local(h.at), what, n.person(h.operator) or "—", h.shift, L.history_detail(h.detail))
            for column, text in enumerate(cells):
                self.history.setItem(i, column, QTableWidgetItem(text))
        self.notes.setRowCount(len(detail.notes))
        for i, note in enumerate(detail.notes):
            for column, text in enumerate((L.local(note.at), n.person(note.author) or note.author, note.station, note.text)):
                self.notes.setItem(i, column, QTableWidgetItem(text))
        self.evidence.show_items(g("id"), list(detail.evidence))
        if self.trend is not None:
            self.trend.show_alarm(TrendTarget(g("enterprise"), g("point"), g("raised"), g("enterprise") == SYSTEM_ENTERPRISE))

    @property
    def trend(self) -> TrendView | None:
        """The alarm's trend (built now if it was not yet); None without a reading history."""
        return self._trend.content if self._trend is not None else None

    def clear(self) -> None:
        self.occurrence_id = ""
        self.summary.setText(self.tr("Select an alarm in the log to see its detail."))
        self.audit.setText("")
        self.history.setRowCount(0)
        self.notes.setRowCount(0)
        self.evidence.clear()
