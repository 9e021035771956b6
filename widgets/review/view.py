"""The Review tab (回顾) for shift leaders, managers and administrators: the alarm log with filters
(lazily loaded, sortable, drill-down to one alarm), the KPIs, the charts, and exports (CSV, XLSX)
and PDF reports. Everything is asked of the review service (its own worker thread); long work
shows a progress bar with a Cancel button, and the window never waits."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from console.services.review import export as X
from console.services.review import report_data
from console.services.review.filters import ReviewFilter
from console.domain.shifts import ShiftPattern
from widgets.lazy import LazyWidget
from widgets.review.detail import ReviewDetail
from widgets.review.filters import ReviewFilterBar
from widgets.review.kpi_view import ReviewKpiView
from widgets.review.log_model import ReviewLogModel

if TYPE_CHECKING:  # the core objects the shell hands in (types only: widgets never build them)
    from widgets.review.charts import ReviewCharts
    from console.domain.plant import PlantRegistry
    from console.services.history.trend_source import TrendSource
    from console.services.review.service import ReviewService
    from console.services.review.worker import Ticket


def default_folder(setting: str) -> Path:
    if setting:
        return Path(setting).expanduser()
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
    return Path(documents) / "Duty Console"


def _review_charts() -> ReviewCharts:
    from widgets.review.charts import ReviewCharts  # pyqtgraph: built when the Charts tab is first opened (widgets/lazy.py)

    return ReviewCharts()


class ReviewView(QWidget):
    def __init__(self, service: ReviewService, registry: PlantRegistry, clock: Callable[[], float], pattern: ShiftPattern,
                 trends: TrendSource | None = None, export_dir: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewView")
        self._service = service
        self._clock = clock
        self._pattern = pattern
        self.names = X.Names(registry, {})
        self.filters = ReviewFilterBar(registry, clock, pattern)
        self.model = ReviewLogModel(service, self.names, self)
        self.table = QTableView()
        self.table.setObjectName("reviewLog")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(28)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((165, 170, 190, 90, 120, 130, 110, 90, 110, 90, 130, 90)):
            self.table.setColumnWidth(column, width)
        self.detail = ReviewDetail(self.names, trends)
        self.kpi_view = ReviewKpiView()
        self._charts_holder: LazyWidget[ReviewCharts] = LazyWidget(_review_charts, self._charts_built)
        self._kpis_for_charts: tuple | None = None  # the last KPIs, until the charts exist

        self.csv_button = QPushButton(self.tr("Export CSV"))
        self.csv_button.setObjectName("reviewExportCsv")
        self.xlsx_button = QPushButton(self.tr("Export XLSX"))
        self.xlsx_button.setObjectName("reviewExportXlsx")
        self.report_kind = QComboBox()
        self.report_kind.setObjectName("reviewReportKind")
        for kind, text in (("shift", self.tr("Shift report")), ("daily", self.tr("Daily report")),
                           ("monthly", self.tr("Monthly report")), ("period", self.tr("Report of the range"))):
            self.report_kind.addItem(text, kind)
        self.report_kind.setToolTip(self.tr("Shift, day or month in which the chosen range starts"))
        self.pdf_button = QPushButton(self.tr("PDF report"))
        self.pdf_button.setObjectName("reviewPdf")
        self.folder = QLineEdit(str(default_folder(export_dir)))
        self.folder.setObjectName("reviewFolder")
        self.folder.setToolTip(self.tr("Folder the files are saved in"))
        self.folder.setMinimumWidth(120)
        self.folder.setMaximumWidth(320)
        self.progress = QProgressBar()
        self.progress.setObjectName("reviewProgress")
        self.progress.setRange(0, 1000)
        self.progress.setMaximumWidth(260)
        self.progress.hide()
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("reviewCancel")
        self.cancel_button.hide()
        self.status = QLabel()
        self.status.setObjectName("reviewStatus")
        self.status.setMinimumWidth(80)
        self.status.setWordWrap(True)
        self.count_label = QLabel()
        self.count_label.setObjectName("reviewCount")
        self.roster_button = QPushButton(self.tr("Roster and presence (XLSX)"))
        self.roster_button.setObjectName("reviewRosterPresence")
        self.roster_button.setToolTip(self.tr("Who was rostered on each shift of the range against who took the duty, saved as XLSX"))
        self.verify_button = QPushButton(self.tr("Verify audit chain"))
        self.verify_button.setObjectName("reviewVerify")
        self.verify_result = QLabel()
        self.verify_result.setObjectName("reviewVerifyResult")
        self.verify_result.setWordWrap(True)

        actions = QHBoxLayout()
        for w in (self.csv_button, self.xlsx_button, self.report_kind, self.pdf_button, QLabel(self.tr("to")), self.folder):
            actions.addWidget(w)
        actions.addWidget(self.progress)
        actions.addWidget(self.cancel_button)
        actions.addWidget(self.status, 1)
        actions.addWidget(self.verify_button)
        actions.addWidget(self.verify_result)
        log_page = QWidget()
        log_layout = QVBoxLayout(log_page)
        log_layout.setContentsMargins(0, 0, 0, 0)
        above = QHBoxLayout()
        above.addWidget(self.count_label, 1)
        above.addWidget(self.roster_button)
        log_layout.addLayout(above)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        log_layout.addWidget(split, 1)
        self.pages = QTabWidget()
        self.pages.setObjectName("reviewPages")
        self.pages.addTab(log_page, self.tr("Alarm log"))
        self.pages.addTab(self.kpi_view, self.tr("KPIs"))
        self.pages.addTab(self._charts_holder, self.tr("Charts"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.filters)
        layout.addLayout(actions)
        layout.addWidget(self.pages, 1)

        self.flt: ReviewFilter | None = None
        self.kpis = None
        self._long: dict[str, Ticket] = {}  # what runs with the progress bar: name -> ticket
        self._kpi_ticket: Ticket | None = None
        self._count_ticket: Ticket | None = None
        self._detail_ticket: Ticket | None = None
        self._active = False
        self._loaded_once = False
        self.exported: list[str] = []  # files written, newest last

        self.filters.apply_requested.connect(self.refresh)
        self.table.selectionModel().currentRowChanged.connect(lambda current, _previous: self._row_chosen(current.row()))
        self.model.failed.connect(lambda why: self._say(self.tr("The log could not be read: %1").replace("%1", why)))
        self.csv_button.clicked.connect(lambda: self.export_log("csv"))
        self.verify_button.clicked.connect(self.verify_audit)
        self.xlsx_button.clicked.connect(lambda: self.export_log("xlsx"))
        self.pdf_button.clicked.connect(self.export_report)
        self.roster_button.clicked.connect(self.export_roster_presence)
        self.cancel_button.clicked.connect(self.cancel)
        self.kpi_view.grouping_changed.connect(lambda _g: None)

    # -- shown or not -----------------------------------------------------------------------
    def set_active(self, active: bool) -> None:
        """The tab is shown to someone allowed to review: load on first showing."""
        self._active = active
        if active and not self._loaded_once:
            self._loaded_once = True
            self._service.people(self._people)
            self.refresh()

    def _people(self, people: list[tuple[str, str, str]]) -> None:
        self.names.people.clear()
        self.names.people.update({name: shown for name, shown, _role in people})
        self.filters.set_people(people)
        self.model.layoutChanged.emit()

    # -- the filter ---------------------------------------------------------------------------
    def refresh(self) -> None:
        flt = self.filters.filter()
        if flt is None:
            return
        self.flt = flt
        self.detail.clear()
        self.model.load(flt)
        self.count_label.setText(self.tr("Counting…"))
        for ticket in (self._count_ticket, self._kpi_ticket):
            if ticket is not None:
                ticket.cancel()
        self._count_ticket = self._service.count(flt, self._counted, lambda exc: self.count_label.setText(str(exc)[:120]))
        self._start_kpis(flt)

    def _counted(self, n: int) -> None:
        self.count_label.setText(self.tr("Matching alarms: %1").replace("%1", str(n)))

    def _start_kpis(self, flt: ReviewFilter) -> None:
        self._kpi_ticket = self._run("kpis", lambda *cb: self._service.kpis(flt, *cb), self._kpis_ready,
                                     self.tr("Computing the KPIs…"))

    @property
    def charts(self) -> ReviewCharts:
        """The charts (built now if they were not yet)."""
        return self._charts_holder.content

    def _charts_built(self, charts: ReviewCharts) -> None:
        if self._kpis_for_charts is not None:
            kpis, names = self._kpis_for_charts
            self._kpis_for_charts = None
            charts.show_kpis(kpis, names)

    def _kpis_ready(self, kpis) -> None:
        self.kpis = kpis
        self.kpi_view.show_kpis(kpis, self.names)
        names = [X.group_label(r, "operator", self.names) for r in kpis.groups.get("operator", ()) if r.ack.count]
        if self._charts_holder.built:
            self.charts.show_kpis(kpis, names)
        else:
            self._kpis_for_charts = (kpis, names)  # drawn when the Charts tab is first opened
        self._say(self.tr("KPIs ready."))

    def _row_chosen(self, row: int) -> None:
        data = self.model.row_at(row)
        if data is None:
            return
        occurrence = data[0]
        self.detail.expect(occurrence)
        if self._detail_ticket is not None:
            self._detail_ticket.cancel()
        self._detail_ticket = self._service.detail(occurrence, self.detail.show_detail)

    # -- exports and reports --------------------------------------------------------------------
    def _file(self, flt: ReviewFilter, stem: str, suffix: str) -> Path:
        start, end = flt.window(self._pattern)
        day = lambda t: dt.datetime.fromtimestamp(t).strftime("%Y%m%d-%H%M")  # noqa: E731
        return Path(self.folder.text().strip() or ".").expanduser() / f"{stem}_{day(start)}_{day(end)}.{suffix}"

    def export_log(self, fmt: str) -> None:
        if self.flt is None or "export" in self._long:
            return
        path = self._file(self.flt, self.tr("alarm-log"), fmt)
        flt, sort, descending = self.flt, self.model.sort_key, self.model.descending
        self._run("export", lambda *cb: self._service.export_log(flt, path, fmt, sort, descending, *cb), self._exported,
                  self.tr("Exporting to %1…").replace("%1", str(path)))

    def export_roster_presence(self) -> None:
        if self.flt is None or "export" in self._long:
            return
        path = self._file(self.flt, self.tr("roster-presence"), "xlsx")
        flt = self.flt
        self._run("export", lambda *cb: self._service.export_roster_presence(flt, path, "xlsx", *cb), self._roster_exported,
                  self.tr("Exporting to %1…").replace("%1", str(path)))

    def _roster_exported(self, answer: tuple[str, int]) -> None:
        path, rows = answer
        self.exported.append(path)
        self._say(self.tr("Saved the roster against presence (%1 lines) to %2").replace("%1", str(rows)).replace("%2", path))

    def _exported(self, answer: tuple[str, int]) -> None:
        path, rows = answer
        self.exported.append(path)
        self._say(self.tr("Saved %1 alarms to %2").replace("%1", str(rows)).replace("%2", path))

    def export_report(self) -> None:
        if self.flt is None or "export" in self._long:
            return
        kind = self.report_kind.currentData()
        flt = self.flt
        if kind != "period":
            start, end = report_data.period(kind, flt.window(self._pattern)[0], self._pattern)
            flt = flt.with_range(start, end)
        stem = {"shift": self.tr("shift-report"), "daily": self.tr("daily-report"), "monthly": self.tr("monthly-report")}.get(
            kind, self.tr("report"))
        path = self._file(flt, stem, "pdf")
        grouping = self.kpi_view.current_grouping()
        self._run("export", lambda *cb: self._service.export_report(flt, path, kind, grouping, *cb), self._reported,
                  self.tr("Writing the report %1…").replace("%1", str(path)))

    def _reported(self, path: str) -> None:
        self.exported.append(path)
        self._say(self.tr("Report saved to %1").replace("%1", path))

    # -- progress and cancel ------------------------------------------------------------------
    def _run(self, name: str, submit, on_done, text: str):
        """Start long work with the progress bar; ``submit(on_done, on_progress, on_error,
        on_cancelled)`` returns its ticket. A newer run of the same name replaces (cancels) it."""
        box: list[Ticket] = []

        def done(result) -> None:
            if self._finish(name, box):
                on_done(result)

        def failed(exc: BaseException) -> None:
            if self._finish(name, box):
                self._say(self.tr("Failed: %1").replace("%1", str(exc)[:200]))

        def cancelled() -> None:
            if self._finish(name, box):
                self._say(self.tr("Cancelled."))

        def progress(fraction: float, _what: str) -> None:
            if box and self._long.get(name) is box[0]:
                self.progress.setValue(int(fraction * 1000))

        ticket = submit(done, progress, failed, cancelled)
        box.append(ticket)
        previous = self._long.get(name)
        if previous is not None:
            previous.cancel()
        self._long[name] = ticket
        self.progress.setValue(0)
        self.progress.show()
        self.cancel_button.show()
        self._say(text)
        return ticket

    def _finish(self, name: str, box: list) -> bool:
        """True when this run is still the current one of its name (it is then done)."""
        if not box or self._long.get(name) is not box[0]:
            return False
        del self._long[name]
        if not self._long:
            self.progress.hide()
            self.cancel_button.hide()
        return True

    def cancel(self) -> None:
        for ticket in list(self._long.values()):
            ticket.cancel()

    def busy(self) -> bool:
        return bool(self._long)

    def verify_audit(self) -> None:
        """The whole chain, as `duty-console audit verify` checks it (off the GUI thread)."""
        self.verify_button.setEnabled(False)
        self.verify_result.setText(self.tr("Checking the audit chain…"))
        self._service.verify_audit(self._verified, self._verify_failed)

    def _verified(self, result) -> None:
        self.verify_button.setEnabled(True)
        if result.ok:
            self.verify_result.setText(" ".join([self.tr("Audit chain intact: %1 entries.").replace("%1", str(result.entries)),
                                                 *self._not_checked(result)]))
        else:
            self.verify_result.setText(self.tr("AUDIT CHAIN BROKEN at entry %1: %2").replace("%1", str(result.first_bad_seq))
                                       .replace("%2", result.problem))
        self.verify_result.setProperty("flag", not result.ok)
        self.verify_result.style().unpolish(self.verify_result)
        self.verify_result.style().polish(self.verify_result)

    def _not_checked(self, result) -> list[str]:
        """What an intact result does not vouch for (docs/audit.md): said, not left to be assumed."""
        said = []
        if result.keyed_from is None:
            said.append(self.tr("The chain is unkeyed: a rewrite by someone with database access would not show."))
        elif result.key_checked:
            said.append(self.tr("Checked against the audit key from entry %1 on.").replace("%1", str(result.keyed_from)))
        else:
            said.append(self.tr("Entries from %1 on are keyed, and there is no audit key here: only their links were checked.")
                        .replace("%1", str(result.keyed_from)))
        said.append(self.tr("A cut-off tail shows only against the anchors (duty-console audit verify --broker)."))
        return said

    def _verify_failed(self, error: BaseException) -> None:
        self.verify_button.setEnabled(True)
        self.verify_result.setText(self.tr("Audit chain not checked: %1").replace("%1", str(error)[:160]))

    def _say(self, text: str) -> None:
        self.status.setText(text)
