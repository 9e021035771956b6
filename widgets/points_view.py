"""The plant registry as a read-only table: every point of every enterprise, filtered and sorted.

Built for a park (20,000 points and more): a real table model, sort keys ranked once per column
(only distinct values compared) so that sorting is on plain integers, and a filter over a prepared
text, both done in Python over lists rather than row by row from a QSortFilterProxyModel.
"""

from __future__ import annotations

from functools import cmp_to_key
from typing import Any, Callable

from PySide6.QtCore import (
    QAbstractTableModel,
    QCollator,
    QCoreApplication,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QTableView, QVBoxLayout, QWidget

from console.domain.plant import PlantRegistry, Point
from widgets import priority as look

POINT_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

COLUMNS = ("enterprise", "area", "code", "name", "kind", "unit", "range", "ll", "l", "h", "hh", "in_use", "cameras")
NUMERIC = {"range", "ll", "l", "h", "hh"}
WIDTHS = {
    "enterprise": 260, "area": 200, "code": 110, "name": 260, "kind": 160, "unit": 70, "range": 110,
    "ll": 95, "l": 95, "h": 95, "hh": 95, "in_use": 80, "cameras": 260,
}
OUT_OF_USE = QColor("#6E7175")  # grey text: configured but not in use


def kind_label(kind: str) -> str:
    """The point's kind in the operator's words (console.domain.plant.KINDS)."""
    labels = {
        "gas_combustible": QCoreApplication.translate("PointKind", "Combustible gas"),
        "gas_toxic": QCoreApplication.translate("PointKind", "Toxic gas"),
        "temperature": QCoreApplication.translate("PointKind", "Temperature"),
        "pressure": QCoreApplication.translate("PointKind", "Pressure"),
        "level": QCoreApplication.translate("PointKind", "Level"),
        "flow": QCoreApplication.translate("PointKind", "Flow"),
    }
    return labels.get(kind, kind)


def number(value: float | None) -> str:
    """A configured value as written: 0.3, 25, 1000 (no float noise, no exponent for plant values)."""
    return "" if value is None else f"{value:.6g}"


class _Row:
    __slots__ = ("point", "enterprise", "cameras", "camera_tip", "haystack")

    def __init__(self, point: Point, enterprise: str, cameras: list[tuple[str, str]]) -> None:
        self.point = point
        self.enterprise = enterprise
        self.cameras = ", ".join(name for _, name in cameras)
        self.camera_tip = "\n".join(f"{code}  {name}" for code, name in cameras)
        self.haystack = "\t".join((point.code, point.name, enterprise, point.area)).casefold()


class PointsTableModel(QAbstractTableModel):
    """One row per point; read-only."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[_Row] = []
        self._haystacks: list[str] = []
        self._ranks: dict[int, list[int]] = {}
        self._headers = {
            "enterprise": self.tr("Enterprise"),
            "area": self.tr("Area"),
            "code": self.tr("Tag"),
            "name": self.tr("Point"),
            "kind": self.tr("Kind"),
            "unit": self.tr("Unit"),
            "range": self.tr("Range"),
            "ll": look.condition_label("LL"),
            "l": look.condition_label("L"),
            "h": look.condition_label("H"),
            "hh": look.condition_label("HH"),
            "in_use": self.tr("In use"),
            "cameras": self.tr("Cameras"),
        }
        self._yes, self._no = self.tr("Yes"), self.tr("No")

    def set_registry(self, registry: PlantRegistry) -> None:
        self.beginResetModel()
        rows = []
        for ent in registry.enterprises():
            for point in ent.points.values():
                cams = [(c, ent.cameras[c].name if c in ent.cameras else c) for c in point.cameras]
                rows.append(_Row(point, ent.name, cams))
        self._rows = rows
        self._haystacks = [r.haystack for r in rows]
        self._ranks = {}
        self.endResetModel()

    # -- Qt model interface ------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[COLUMNS[section]]
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == SORT_ROLE:
            return self.ranks(index.column())[index.row()]
        if role == POINT_ROLE:
            return row.point
        if role == Qt.ItemDataRole.TextAlignmentRole and column in NUMERIC:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.ForegroundRole and not row.point.in_use:
            return OUT_OF_USE
        if role == Qt.ItemDataRole.ToolTipRole and column == "cameras":
            return row.camera_tip or None
        return None

    def _display(self, row: _Row, column: str) -> str:
        p = row.point
        if column == "enterprise":
            return row.enterprise
        if column == "area":
            return p.area
        if column == "code":
            return p.code
        if column == "name":
            return p.name
        if column == "kind":
            return kind_label(p.kind)
        if column == "unit":
            return p.unit
        if column == "range":
            return f"{number(p.range_low)} – {number(p.range_high)}"
        if column in ("ll", "l", "h", "hh"):
            return number(getattr(p, column))
        if column == "in_use":
            return self._yes if p.in_use else self._no
        if column == "cameras":
            return row.cameras
        return ""

    # -- helpers for the view and the proxy ----------------------------------------
    def point_at(self, row: int) -> Point | None:
        return self._rows[row].point if 0 <= row < len(self._rows) else None

    def haystacks(self) -> list[str]:
        """Each row's code, name, enterprise and area in one lower-case text, for the filter."""
        return self._haystacks

    def ranks(self, column: int) -> list[int]:
        """Each row's place in the column's order (equal values, equal places), computed once per
        column: sorting is then on plain integers. Only the distinct values are compared (a park
        has 20,000 points but about a thousand distinct point names)."""
        ranks = self._ranks.get(column)
        if ranks is None:
            values = [self._sort_value(r, COLUMNS[column]) for r in self._rows]
            distinct = sorted(set(values), key=self._sort_key(COLUMNS[column]))
            place = {value: n for n, value in enumerate(distinct)}
            ranks = [place[v] for v in values]
            self._ranks[column] = ranks
        return ranks

    def _sort_value(self, row: _Row, column: str) -> Any:
        if column in ("ll", "l", "h", "hh"):
            value = getattr(row.point, column)
            return (value is None, value or 0.0)
        if column == "range":
            return (row.point.range_low, row.point.range_high)
        if column == "in_use":
            return not row.point.in_use
        return self._display(row, column)

    def _sort_key(self, column: str) -> Callable[[Any], Any] | None:
        if column in NUMERIC or column == "in_use":
            return None
        collator = QCollator(QLocale())
        collator.setNumericMode(True)  # GT-2101 before GT-10101
        collator.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        return cmp_to_key(collator.compare)


class PointsFilterModel(QAbstractTableModel):
    """The rows the table shows: the source's rows, kept if they contain every word typed, in the
    order of the column chosen.

    Not a QSortFilterProxyModel: over a park's 20,000 points its sort asks the source for a sort
    key twice per comparison and its filter calls back into Python once per row, which held the GUI
    thread for seconds. Here sorting is one ``list.sort`` over the ranks the source computes once
    per column, and filtering one pass over prepared texts; the view then asks only for the rows
    it shows.
    """

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._source: PointsTableModel | None = None
        self._terms: list[str] = []
        self._sort_column = -1
        self._descending = False
        self._sorted: list[int] = []  # every source row, in the chosen order
        self._shown: list[int] = []  # the rows kept by the filter, in that order

    def setSourceModel(self, model: "PointsTableModel") -> None:
        self._source = model
        model.modelReset.connect(self._reload)
        self._reload()

    def sourceModel(self) -> "PointsTableModel":
        assert self._source is not None  # set by PointsView
        return self._source

    # -- Qt model interface ------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        return self.sourceModel().headerData(section, orientation, role)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        return self.sourceModel().flags(self.mapToSource(index))

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        return self.sourceModel().data(self.mapToSource(index), role)

    def mapToSource(self, index: QModelIndex | QPersistentModelIndex) -> QModelIndex:
        if not index.isValid() or not 0 <= index.row() < len(self._shown):
            return QModelIndex()
        return self.sourceModel().index(self._shown[index.row()], index.column())

    # -- filtering and sorting ---------------------------------------------------------
    def set_text(self, text: str) -> None:
        terms = text.casefold().split()
        if terms == self._terms:
            return
        self._terms = terms
        self.beginResetModel()
        self._shown = self._kept()
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """What clicking a header does (-1: the registry's order)."""
        self._sort_column, self._descending = column, order == Qt.SortOrder.DescendingOrder
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        source_rows = [self._shown[i.row()] if 0 <= i.row() < len(self._shown) else -1 for i in before]
        self._sorted = self._in_order()
        self._shown = self._kept()
        where = {row: n for n, row in enumerate(self._shown)}
        after = [self.index(where[r], i.column()) if r in where else QModelIndex() for i, r in zip(before, source_rows, strict=True)]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    def _reload(self) -> None:
        self.beginResetModel()
        self._sorted = self._in_order()
        self._shown = self._kept()
        self.endResetModel()

    def _in_order(self) -> list[int]:
        rows = list(range(self.sourceModel().rowCount()))
        if 0 <= self._sort_column < len(COLUMNS):
            rows.sort(key=self.sourceModel().ranks(self._sort_column).__getitem__, reverse=self._descending)
        return rows

    def _kept(self) -> list[int]:
        if not self._terms:
            return list(self._sorted)
        haystacks, terms = self.sourceModel().haystacks(), self._terms
        return [row for row in self._sorted if all(term in haystacks[row] for term in terms)]


class PointsView(QWidget):
    """The plant's points: a filter line, a count and the table."""

    point_activated = Signal(object)  # Point (double-click or Enter)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("pointsView")
        self.model = PointsTableModel(self)
        self.proxy = PointsFilterModel(self)
        self.proxy.setSourceModel(self.model)

        self.filter = QLineEdit()
        self.filter.setObjectName("pointsFilter")
        self.filter.setClearButtonEnabled(True)
        self.filter.setPlaceholderText(self.tr("Filter by tag, name, enterprise or area"))
        self.count = QLabel()
        self.count.setObjectName("pointsCount")

        self.table = QTableView()
        self.table.setObjectName("pointsTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # registry order until a header is clicked
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSortIndicatorShown(True)
        header.setSectionsMovable(True)
        for i, name in enumerate(COLUMNS):
            self.table.setColumnWidth(i, WIDTHS[name])
        header.setStretchLastSection(True)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Filter:")))
        top.addWidget(self.filter, 1)
        top.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)

        self.filter.textChanged.connect(self.set_filter)
        self.table.activated.connect(self._on_activated)
        self.proxy.rowsInserted.connect(self._show_count)
        self.proxy.rowsRemoved.connect(self._show_count)
        self.proxy.modelReset.connect(self._show_count)
        self.proxy.layoutChanged.connect(self._show_count)
        self._show_count()

    def set_registry(self, registry: PlantRegistry) -> None:
        self.model.set_registry(registry)

    def set_filter(self, text: str) -> None:
        """Also what typing in the filter line does; every word must match."""
        if self.filter.text() != text:
            self.filter.setText(text)  # comes back here through textChanged
            return
        self.proxy.set_text(text)
        self._show_count()

    def shown_points(self) -> list[Point]:
        """The points in the order the table shows them."""
        return [self.proxy.index(r, 0).data(POINT_ROLE) for r in range(self.proxy.rowCount())]

    def _on_activated(self, index: QModelIndex) -> None:
        point = index.data(POINT_ROLE)
        if point is not None:
            self.point_activated.emit(point)

    def _show_count(self, *_args) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        if shown == total:
            self.count.setText(self.tr("%1 points").replace("%1", str(total)))
        else:
            self.count.setText(self.tr("%1 of %2 points").replace("%1", str(shown)).replace("%2", str(total)))
