"""The enterprise tiles as a list model: the "all enterprises" tile first, then the plant's
enterprises in the plant's order (tiles never move under the operator's pointer).

A refresh tells the view which rows changed; the view repaints only the tiles it shows, so
refreshing 500 enterprises costs no more than the visible ones.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QCoreApplication, QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, Qt

from console.domain.enterprise_tally import EnterpriseStatus
from console.services.enterprise_overview import EnterpriseOverview
from widgets import priority as look

CODE_ROLE = Qt.ItemDataRole.UserRole + 1  # str: the enterprise code, "" for all enterprises
STATUS_ROLE = Qt.ItemDataRole.UserRole + 2  # EnterpriseStatus
CHOSEN_ROLE = Qt.ItemDataRole.UserRole + 3  # bool: the alarm list shows only this tile's alarms
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 4  # str: what the search box matches, lower case

ONE_BY_ONE = 32  # above this many changed rows, one range covers them all
Index = QModelIndex | QPersistentModelIndex



def _fill(text: str, *values: object) -> str:
    """Put the values in for %1, %2 … of a translated text."""
    for n, value in enumerate(values, start=1):
        text = text.replace(f"%{n}", str(value))
    return text


def all_name() -> str:
    return QCoreApplication.translate("EnterpriseOverview", "All enterprises")


def priority_line(status: EnterpriseStatus) -> str:
    worst = status.worst
    return look.label(worst) if worst is not None else QCoreApplication.translate("EnterpriseOverview", "No alarm")


def unacknowledged_line(status: EnterpriseStatus) -> str:
    if not status.unacknowledged:
        return ""
    return _fill(QCoreApplication.translate("EnterpriseOverview", "%1 unacknowledged"), status.unacknowledged)


def links_line(status: EnterpriseStatus) -> str:
    if not status.links_lost:
        return ""
    return _fill(QCoreApplication.translate("EnterpriseOverview", "Comm. lost: %1"), status.links_lost)


def cameras_line(status: EnterpriseStatus) -> str:
    if not status.cameras_lost:
        return ""
    return _fill(QCoreApplication.translate("EnterpriseOverview", "No video: %1/%2"), status.cameras_lost, status.cameras)


def details(status: EnterpriseStatus, chosen: bool) -> str:
    """The tooltip and the accessible description: everything the tile says, in full."""
    lines = [status.name or all_name()]
    if status.code:
        lines.append(_fill(QCoreApplication.translate("EnterpriseOverview", "Code: %1"), status.code))
    lines += [
        _fill(QCoreApplication.translate("EnterpriseOverview", "Worst active alarm: %1"), priority_line(status)),
        _fill(QCoreApplication.translate("EnterpriseOverview", "Active alarms: %1 (red %2, orange %3, yellow %4, blue %5)"),
              status.active, *status.by_priority),
        _fill(QCoreApplication.translate("EnterpriseOverview", "Unacknowledged: %1"), status.unacknowledged),
        _fill(QCoreApplication.translate("EnterpriseOverview", "Gateways or devices out of communication: %1"), status.links_lost),
        _fill(QCoreApplication.translate("EnterpriseOverview", "Cameras without signal: %1 of %2"), status.cameras_lost, status.cameras),
    ]
    if not status.code:
        lines.append(QCoreApplication.translate("EnterpriseOverview", "Click to show the alarms of every enterprise"))
    elif chosen:
        lines.append(QCoreApplication.translate("EnterpriseOverview", "The alarm list shows only this enterprise: click again to show all"))
    else:
        lines.append(QCoreApplication.translate("EnterpriseOverview", "Click to show only this enterprise's alarms"))
    return "\n".join(lines)


class EnterpriseTileModel(QAbstractListModel):
    def __init__(self, overview: EnterpriseOverview, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._overview = overview
        self._codes: list[str] = []
        self._rows: dict[str, int] = {}
        self._chosen = ""
        self._total = overview.total()
        self._load()
        overview.changed.connect(self._on_changed)
        overview.reset.connect(self._on_reset)

    def _load(self) -> None:
        self._codes = ["", *self._overview.codes()]
        self._rows = {code: row for row, code in enumerate(self._codes)}
        self._total = self._overview.total()

    # -- Qt model -----------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else len(self._codes)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._codes):
            return None
        code = self._codes[index.row()]
        if role == CODE_ROLE:
            return code
        if role == CHOSEN_ROLE:
            return code == self._chosen
        status = self.status(code)
        if status is None:
            return None
        if role == STATUS_ROLE:
            return status
        if role == Qt.ItemDataRole.DisplayRole:
            return status.short_name or all_name()
        if role == SEARCH_ROLE:
            return f"{status.code} {status.name} {status.short_name}".lower() if code else ""
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole):
            return details(status, code == self._chosen)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            parts = [status.short_name or all_name(), priority_line(status), unacknowledged_line(status),
                     links_line(status), cameras_line(status)]
            return ", ".join(p for p in parts if p)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    # -- reading ------------------------------------------------------------------------
    def status(self, code: str) -> EnterpriseStatus | None:
        return self._overview.status(code) if code else self._total

    def code_at(self, row: int) -> str:
        return self._codes[row]

    def row_of(self, code: str) -> int:
        return self._rows.get(code, -1)

    def chosen(self) -> str:
        return self._chosen

    def set_chosen(self, code: str) -> None:
        """Mark the tile whose alarms the list shows ("" all)."""
        if code == self._chosen:
            return
        rows = [self.row_of(self._chosen), self.row_of(code)]
        self._chosen = code
        for row in rows:
            if row >= 0:
                self.dataChanged.emit(self.index(row), self.index(row))

    # -- refresh --------------------------------------------------------------------------
    def _on_changed(self, codes: frozenset[str]) -> None:
        new = [c for c in codes if c not in self._rows]
        if new:
            first = len(self._codes)
            self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
            for code in new:
                self._rows[code] = len(self._codes)
                self._codes.append(code)
            self.endInsertRows()
        self._total = self._overview.total()
        self.dataChanged.emit(self.index(0), self.index(0))
        if len(codes) > ONE_BY_ONE:
            self.dataChanged.emit(self.index(1), self.index(len(self._codes) - 1))
            return
        for code in codes:
            row = self._rows[code]
            self.dataChanged.emit(self.index(row), self.index(row))

    def _on_reset(self) -> None:
        self.beginResetModel()
        self._load()
        if self._chosen not in self._rows:
            self._chosen = ""
        self.endResetModel()


class EnterpriseSearch(QSortFilterProxyModel):
    """Keeps the tiles whose enterprise name or code contains the search text; the "all
    enterprises" tile always stays."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._needle = ""
        self.setDynamicSortFilter(False)  # figures change, names do not: no re-filtering on refresh

    def set_search(self, text: str) -> None:
        needle = text.strip().lower()
        if needle == self._needle:
            return
        self.beginFilterChange()
        self._needle = needle
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self._needle:
            return True
        index = self.sourceModel().index(source_row, 0, source_parent)
        code = index.data(CODE_ROLE)
        return not code or self._needle in str(index.data(SEARCH_ROLE))
