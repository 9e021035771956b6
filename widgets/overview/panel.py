"""The enterprise overview: a search box, a warning while the alarm server is unreachable, and
the tiles, flowing into as many columns as the width allows and scrolling vertically.

Clicking a tile (or Enter/Space on it) asks to show only that enterprise's alarms; clicking it
again, or the "all enterprises" tile, asks to show them all again (``filter_requested("")``).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QModelIndex, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QLabel, QLineEdit, QListView, QVBoxLayout, QWidget

from console.services.enterprise_overview import EnterpriseOverview
from widgets.overview.model import CODE_ROLE, EnterpriseSearch, EnterpriseTileModel
from widgets.overview.tile import TileDelegate

SPACING = 6



class TileView(QListView):
    """The tiles; Enter or Space chooses the current tile as a click does."""

    chosen = Signal(QModelIndex)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("enterpriseTiles")
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setUniformItemSizes(True)
        self.setSpacing(SPACING // 2)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        # Always there, so that fitting the tiles to the width never makes it come and go.
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.tiles = TileDelegate(self)
        self.setItemDelegate(self.tiles)
        self.clicked.connect(self.chosen)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_to_width()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_to_width()

    def _fit_to_width(self) -> None:
        """As many columns as fit; the tiles widen to share the rest of the row between them."""
        gap = self.spacing()
        room = self.viewport().width() - gap - 1
        natural = TileDelegate.natural_size(self.font()).width()
        columns = max(1, room // (natural + gap))
        width = max(natural, room // columns - gap)
        if width != self.tiles.width:
            self.tiles.width = width
            self.doItemsLayout()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and self.currentIndex().isValid():
            self.chosen.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


class EnterpriseOverviewPanel(QWidget):
    filter_requested = Signal(str)  # an enterprise code: show only its alarms; "": show all

    def __init__(self, overview: EnterpriseOverview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("enterpriseOverview")
        self.model = EnterpriseTileModel(overview, self)
        self.search_model = EnterpriseSearch(self)
        self.search_model.setSourceModel(self.model)

        self.search = QLineEdit(self)
        self.search.setObjectName("enterpriseSearch")
        self.search.setPlaceholderText(QCoreApplication.translate("EnterpriseOverview", "Find an enterprise by name or code"))
        self.search.setAccessibleName(QCoreApplication.translate("EnterpriseOverview", "Find an enterprise"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._on_search)
        self.search.returnPressed.connect(self._to_first_match)

        self.stale = QLabel(QCoreApplication.translate("EnterpriseOverview", "Alarm server unreachable: these figures may be out of date"), self)
        self.stale.setObjectName("overviewStale")
        self.stale.setProperty("flag", True)
        self.stale.setWordWrap(True)
        self.stale.setVisible(overview.server_link_lost)
        overview.server_link_changed.connect(self.stale.setVisible)

        self.no_match = QLabel(self)
        self.no_match.setProperty("empty", True)
        self.no_match.setWordWrap(True)
        self.no_match.hide()

        self.view = TileView(self)
        self.view.setModel(self.search_model)
        self.view.setAccessibleName(QCoreApplication.translate("EnterpriseOverview", "Enterprise overview"))
        self.view.chosen.connect(self._on_chosen)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACING)
        layout.addWidget(self.search)
        layout.addWidget(self.stale)
        layout.addWidget(self.no_match)
        layout.addWidget(self.view, 1)
        self.setTabOrder(self.search, self.view)

    def sizeHint(self) -> QSize:
        return QSize(400, 700)

    # -- the alarm list's filter ----------------------------------------------------------
    def set_filter(self, code: str) -> None:
        """Show which enterprise the alarm list is filtered to ("" none), when it changes elsewhere."""
        self.model.set_chosen(code)

    def chosen(self) -> str:
        return self.model.chosen()

    def _on_chosen(self, index: QModelIndex | QPersistentModelIndex) -> None:
        code = str(index.data(CODE_ROLE) or "")
        if code == self.model.chosen():
            code = ""  # the same tile again: back to every enterprise
        self.model.set_chosen(code)
        self.filter_requested.emit(code)

    # -- search -------------------------------------------------------------------------
    def visible_enterprises(self) -> int:
        """Tiles shown for enterprises (the "all enterprises" tile not counted)."""
        return self.search_model.rowCount() - 1

    def _on_search(self, text: str) -> None:
        self.search_model.set_search(text)
        empty = bool(text.strip()) and self.visible_enterprises() == 0
        self.no_match.setText(QCoreApplication.translate("EnterpriseOverview", "No enterprise matches “%1”").replace("%1", text.strip()) if empty else "")
        self.no_match.setVisible(empty)

    def _to_first_match(self) -> None:
        """Enter in the search box: on to the first tile found, ready for Enter or Space."""
        if self.visible_enterprises() > 0:
            self.view.setCurrentIndex(self.search_model.index(1, 0))
            self.view.setFocus(Qt.FocusReason.TabFocusReason)
