"""The review's alarm log as a lazily loaded table: pages of rows are asked of the review
service (its worker) as the view scrolls; sorting by a column asks for the first page again.

Rows are plain tuples (console/services/review/rows.py); the model never waits on the database.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont

from console.domain.alarms import Priority
from console.services.review import labels as L
from console.services.review.export import Names
from console.services.review.filters import ReviewFilter
from console.services.review.rows import F
from widgets import priority as look

if TYPE_CHECKING:  # the core objects the shell hands in (types only: widgets never build them)
    from console.services.review.service import ReviewService
    from console.services.review.worker import Ticket

ROW_ROLE = Qt.ItemDataRole.UserRole + 1
OVERDUE_TEXT = QColor("#B00000")
# (key, sort key or None)
COLUMNS = (
    ("raised", "raised"), ("enterprise", "enterprise"), ("point", "point"), ("condition", "condition"),
    ("priority", "priority"), ("stage", None), ("ack_operator", "ack_operator"), ("response", "response"),
    ("handling_operator", "handling_operator"), ("category", "category"), ("shift", None), ("overdue", None),
    ("text", "text"),
)


def header(key: str) -> str:
    return {
        "raised": QCoreApplication.translate("ReviewLog", "Raised"),
        "enterprise": QCoreApplication.translate("ReviewLog", "Enterprise"),
        "point": QCoreApplication.translate("ReviewLog", "Point"),
        "condition": QCoreApplication.translate("ReviewLog", "Condition"),
        "priority": QCoreApplication.translate("ReviewLog", "Priority"),
        "stage": QCoreApplication.translate("ReviewLog", "Stage"),
        "ack_operator": QCoreApplication.translate("ReviewLog", "Acknowledged by"),
        "response": QCoreApplication.translate("ReviewLog", "Time to acknowledge"),
        "handling_operator": QCoreApplication.translate("ReviewLog", "Handled by"),
        "category": QCoreApplication.translate("ReviewLog", "Handling"),
        "shift": QCoreApplication.translate("ReviewLog", "Shift"),
        "overdue": QCoreApplication.translate("ReviewLog", "Overdue"),
        "text": QCoreApplication.translate("ReviewLog", "Alarm text"),
    }[key]


class ReviewLogModel(QAbstractTableModel):
    loading_changed = Signal(bool)
    failed = Signal(str)

    def __init__(self, service: ReviewService, names: Names, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self.names = names
        self.rows: list[tuple] = []
        self.flt: ReviewFilter | None = None
        self.sort_key = "raised"
        self.descending = True
        self._cursor = None
        self._more = False
        self._loading = False
        self._ticket: Ticket | None = None
        self._generation = 0
        self._bold = QFont()
        self._bold.setBold(True)

    # -- loading --------------------------------------------------------------------------
    def load(self, flt: ReviewFilter) -> None:
        """Start over with this filter: the first page is asked for at once."""
        self.flt = flt
        self._restart()

    def _restart(self) -> None:
        if self._ticket is not None:
            self._ticket.cancel()
        self._generation += 1
        self.beginResetModel()
        self.rows = []
        self._cursor = None
        self._more = False
        self.endResetModel()
        self._request()

    def _request(self) -> None:
        if self.flt is None:
            return
        generation = self._generation
        self._set_loading(True)
        self._ticket = self._service.page(self.flt, self.sort_key, self.descending, self._cursor,
                                          lambda answer: self._page(generation, answer),
                                          lambda exc: self._page_failed(generation, exc))

    def _page(self, generation: int, answer) -> None:
        if generation != self._generation:
            return  # an answer to a filter or order no longer shown
        rows, cursor = answer
        if rows:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(rows) - 1)
            self.rows.extend(rows)
            self.endInsertRows()
        self._cursor = cursor
        self._more = cursor is not None
        self._set_loading(False)

    def _page_failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            self._set_loading(False)
            self.failed.emit(str(exc)[:200])

    def _set_loading(self, loading: bool) -> None:
        self._loading = loading
        self.loading_changed.emit(loading)

    @property
    def loading(self) -> bool:
        return self._loading

    def canFetchMore(self, parent=QModelIndex()) -> bool:  # noqa: N802 (Qt)
        return not parent.isValid() and self._more and not self._loading

    def fetchMore(self, parent=QModelIndex()) -> None:  # noqa: N802 (Qt)
        if self.canFetchMore(parent):
            self._request()

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        key = COLUMNS[column][1]
        if key is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) == (self.sort_key, self.descending):
            return
        self.sort_key, self.descending = key, descending
        if self.flt is not None:
            self._restart()

    # -- Qt model ------------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt)
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802 (Qt)
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return header(COLUMNS[section][0])
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        key = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, key)
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.DecorationRole and key == "priority":
            try:
                return look.icon(Priority(row[F["priority"]]))
            except ValueError:
                return None
        if role == Qt.ItemDataRole.ForegroundRole and key == "overdue" and self.text(row, key):
            return OVERDUE_TEXT
        if role == Qt.ItemDataRole.FontRole and key == "overdue" and self.text(row, key):
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole and key in ("text", "category"):
            return row[F["description"]] or row[F["text"]]
        return None

    def text(self, row: tuple, key: str) -> str:
        g = lambda field: row[F[field]]  # noqa: E731
        n = self.names
        if key == "raised":
            return L.local(g("raised"))
        if key == "enterprise":
            return n.enterprise(g("enterprise"))
        if key == "point":
            return f"{g('point')} {n.point(g('enterprise'), g('point'))}".strip()
        if key == "condition":
            return L.condition(g("condition"))
        if key == "priority":
            return L.priority(g("priority"))
        if key == "stage":
            return L.row_stage(g("ack_operator") is not None, g("category") is not None, g("clearing_operator") is not None,
                               g("closed") is not None, g("returned") is not None)
        if key == "ack_operator":
            return n.person(g("ack_operator"))
        if key == "response":
            return "" if g("response_ms") is None else L.seconds(g("response_ms") / 1000.0)
        if key == "handling_operator":
            return n.person(g("handling_operator"))
        if key == "category":
            return L.category(g("category"))
        if key == "shift":
            return g("ack_shift") or g("handling_shift") or ""
        if key == "overdue":
            missed = []
            if g("ack_overdue") is not None:
                missed.append(self.tr("ack"))
            if g("handling_overdue") is not None:
                missed.append(self.tr("handling"))
            return ("‼ " + ", ".join(missed)) if missed else ""
        if key == "text":
            return g("text") or ""
        return ""

    def row_at(self, index: int) -> tuple | None:
        return self.rows[index] if 0 <= index < len(self.rows) else None
