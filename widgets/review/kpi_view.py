"""The review's KPI tables: by operator, shift or enterprise (sortable), the alarm-system health
figures with their targets, and the top 10 points."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console.services.review import export as X
from console.services.review import labels as L
from console.services.review.kpi import GROUPINGS, Kpis

SORT_ROLE = Qt.ItemDataRole.UserRole + 2


class _Item(QTableWidgetItem):
    """Sorts by the number behind the text."""

    def __lt__(self, other: QTableWidgetItem) -> bool:
        mine, theirs = self.data(SORT_ROLE), other.data(SORT_ROLE)
        if isinstance(mine, (int, float)) and isinstance(theirs, (int, float)):
            return mine < theirs
        return super().__lt__(other)


def _table(name: str) -> QTableWidget:
    table = QTableWidget(0, 0)
    table.setObjectName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return table


class ReviewKpiView(QWidget):
    grouping_changed = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewKpis")
        self.grouping = QComboBox()
        self.grouping.setObjectName("reviewGrouping")
        for g in GROUPINGS:
            self.grouping.addItem(self.tr("By %1").replace("%1", L.grouping(g)), g)
        self.note = QLabel(self.tr("Drills are left out. The KPIs follow every filter but the free text."))
        self.note.setObjectName("reviewKpiNote")
        self.table = _table("reviewKpiTable")
        self.table.setSortingEnabled(True)
        self.health = _table("reviewHealth")
        self.health.horizontalHeader().setStretchLastSection(True)
        self.top = _table("reviewTopPoints")
        top_row = QHBoxLayout()
        top_row.addWidget(self.grouping)
        top_row.addWidget(self.note, 1)
        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(self.health)
        lower.addWidget(self.top)
        lower.setStretchFactor(0, 3)
        lower.setStretchFactor(1, 2)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(lower)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top_row)
        layout.addWidget(split, 1)
        self.kpis: Kpis | None = None
        self.names: X.Names | None = None
        self.grouping.currentIndexChanged.connect(lambda _i: self._changed())

    def current_grouping(self) -> str:
        return self.grouping.currentData()

    def _changed(self) -> None:
        self.grouping_changed.emit(self.current_grouping())
        if self.kpis is not None and self.names is not None:
            self.show_kpis(self.kpis, self.names)

    def show_kpis(self, kpis: Kpis, names: X.Names) -> None:
        self.kpis, self.names = kpis, names
        grouping = self.current_grouping()
        columns = X.kpi_columns(grouping)
        rows = [X.kpi_values(r, grouping, names) for r in kpis.groups.get(grouping, ())]
        rows.append(X.kpi_values(kpis.total, grouping, names, self.tr("All")))
        self.table.setSortingEnabled(False)
        self.table.clear()
        self.table.setColumnCount(len(columns))
        self.table.setHorizontalHeaderLabels([c[0] for c in columns])
        self.table.setRowCount(len(rows))
        for i, values in enumerate(rows):
            for j, ((_h, kind, _w), value) in enumerate(zip(columns, values, strict=True)):
                if value is None:
                    text = "—"
                elif kind == "d":
                    text = f"{value:.1f}"
                else:
                    text = str(value)
                item = _Item(text)
                item.setData(SORT_ROLE, value if value is not None else -1.0)
                if kind != "s":
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(i, j, item)
        self.table.setSortingEnabled(True)
        health = X.health_rows(kpis.health)
        self.health.clear()
        self.health.setColumnCount(2)
        self.health.setHorizontalHeaderLabels([self.tr("Alarm system health"), self.tr("Value")])
        self.health.setRowCount(len(health))
        for i, (figure, value) in enumerate(health):
            self.health.setItem(i, 0, QTableWidgetItem(figure))
            self.health.setItem(i, 1, QTableWidgetItem(value))
        points = kpis.health.top_points
        self.top.clear()
        self.top.setColumnCount(4)
        self.top.setHorizontalHeaderLabels([self.tr("Top 10 points"), self.tr("Enterprise"), self.tr("Alarms"), self.tr("Share")])
        self.top.setRowCount(len(points))
        for i, p in enumerate(points):
            cells = (f"{p.point} {names.point(p.enterprise, p.point)}".strip(), names.enterprise(p.enterprise), str(p.count),
                     L.share(p.share))
            for j, text in enumerate(cells):
                self.top.setItem(i, j, QTableWidgetItem(text))

    def cell(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text() if item is not None else ""
