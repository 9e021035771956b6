"""The alarm list view: large rows, one selected alarm at a time.

Priority, state and time stay in view when the list is scrolled sideways (a second, narrow
view over the left edge shares the model and the selection). The list holds still while the
pointer is over it or its menu is open, and says how many alarms are waiting to slot in. The
operator chooses and orders the other columns (right-click the header); long texts are cut
with "…" and shown whole in the tooltip. Right-click a row for what can be done with it.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QByteArray, QCoreApplication, QEvent, QModelIndex, QObject, QPersistentModelIndex, QPoint, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QMenu, QTableView, QWidget

from console.domain.alarms import Alarm
from widgets.alarm_model import ALARM_ROLE, COLUMNS, FROZEN, AlarmTableModel

WIDTHS = {"priority": 118, "state": 132, "time": 124, "enterprise": 200, "point": 96, "name": 180, "condition": 96,
          "value": 130, "text": 200, "ack": 150}
MIN_WIDTHS = {"text": 120}
HOLD_IDLE_MS = 4000  # a pointer still for this long lets the list move again
HIDEABLE = tuple(c for c in COLUMNS if c not in FROZEN)

# What the row menu offers (the window carries them out): (action, source text).
ROW_ACTIONS = (
    ("acknowledge", QT_TRANSLATE_NOOP("AlarmView", "Acknowledge")),
    ("handle", QT_TRANSLATE_NOOP("AlarmView", "Handle…")),
    ("shelve", QT_TRANSLATE_NOOP("AlarmView", "Shelve…")),
    ("trend", QT_TRANSLATE_NOOP("AlarmView", "Show trend")),
    ("video", QT_TRANSLATE_NOOP("AlarmView", "Show video")),
    ("detail", QT_TRANSLATE_NOOP("AlarmView", "Show detail")),
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("AlarmView", text)


class AlarmView(QTableView):
    current_alarm_changed = Signal(object)  # Alarm or None
    action_requested = Signal(str, object)  # one of ROW_ACTIONS' names, the Alarm

    def __init__(self, model: AlarmTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("alarmList")
        self.setModel(model)
        self._setup(self)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setSectionsMovable(True)
        header.setTextElideMode(Qt.TextElideMode.ElideRight)
        for i, name in enumerate(COLUMNS):
            self.setColumnWidth(i, WIDTHS[name])
        header.setSectionResizeMode(COLUMNS.index("text"), QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(48)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._column_menu)
        header.sectionMoved.connect(self._keep_frozen_first)
        header.setSectionsClickable(True)
        header.sectionClicked.connect(self.sort_by_section)
        header.setToolTip(QCoreApplication.translate(
            "AlarmView", "Click a column to sort by it (again: the other way round); click Priority for the standard order"))
        header.sectionResized.connect(self._frozen_resized)
        self.selectionModel().currentRowChanged.connect(self._on_current)
        self._kept_key: str | None = None
        model.modelAboutToBeReset.connect(self._remember_selection)
        model.modelReset.connect(self._restore_selection)

        self.frozen = QTableView(self)
        self.frozen.setObjectName("alarmListFrozen")
        self.frozen.setModel(model)
        self.frozen.setSelectionModel(self.selectionModel())
        self._setup(self.frozen)
        self.frozen.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.frozen.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.frozen.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.frozen.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.frozen.setStyleSheet("QTableView#alarmListFrozen { border: none; border-right: 1px solid #8a8d91; }")
        for i, name in enumerate(COLUMNS):
            self.frozen.setColumnHidden(i, name not in FROZEN)
            self.frozen.setColumnWidth(i, WIDTHS[name])
        self.frozen.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
        self.verticalScrollBar().valueChanged.connect(self.frozen.verticalScrollBar().setValue)
        self.frozen.horizontalHeader().setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.frozen.horizontalHeader().customContextMenuRequested.connect(self._column_menu)
        self.viewport().stackUnder(self.frozen)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._row_menu)
        self.frozen.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.frozen.customContextMenuRequested.connect(lambda pos: self._row_menu(pos, self.frozen))

        self.notice = QLabel(self)  # "N new alarms": shown while the list is held
        self.notice.setObjectName("heldNotice")
        self.notice.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.notice.hide()
        model.held_changed.connect(self._show_held)
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(HOLD_IDLE_MS)
        self._idle.timeout.connect(self._pointer_rests)
        for target in (self.viewport(), self.frozen.viewport()):
            target.setMouseTracking(True)
            target.installEventFilter(self)
        self._place_frozen()

    @staticmethod
    def _setup(view: QTableView) -> None:
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setAlternatingRowColors(False)
        view.setWordWrap(False)
        view.setTextElideMode(Qt.TextElideMode.ElideRight)
        view.setShowGrid(True)
        view.verticalHeader().setVisible(False)
        view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)

    def alarm_model(self) -> AlarmTableModel:
        model = self.model()
        assert isinstance(model, AlarmTableModel)
        return model

    # -- selection ---------------------------------------------------------------------
    def _remember_selection(self) -> None:
        alarm = self.selected_alarm()
        self._kept_key = alarm.key if alarm is not None else None

    def _restore_selection(self) -> None:
        """A burst re-sorts the whole list; the operator's selected alarm stays selected."""
        if self._kept_key is not None:
            row = self.alarm_model().row_of(self._kept_key)
            if row >= 0:
                self.selectRow(row)
        self._kept_key = None

    def set_row_height(self, pixels: int) -> None:
        side = int(pixels * 0.6)
        for view in (self, self.frozen):
            view.verticalHeader().setDefaultSectionSize(pixels)
            view.setIconSize(QSize(side, side))

    def selected_alarm(self) -> Alarm | None:
        rows = self.selectionModel().selectedRows()
        if not rows:
            return None
        alarm = rows[0].data(ALARM_ROLE)
        return alarm if isinstance(alarm, Alarm) else None

    def select_key(self, key: str) -> bool:
        row = self.alarm_model().row_of(key)
        if row >= 0:
            self.selectRow(row)
            self.scrollTo(self.model().index(row, 0))
        return row >= 0

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.current_alarm_changed.emit(current.data(ALARM_ROLE) if current.isValid() else None)

    # -- holding still under the pointer -----------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The operator moving the pointer over the list (or pressing on a row) holds it still
        until the pointer leaves, or rests for HOLD_IDLE_MS: a pointer merely left lying over the
        list never keeps new alarms out of it."""
        kind = event.type()
        if kind in (QEvent.Type.Enter, QEvent.Type.MouseMove, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel):
            self.alarm_model().hold("pointer")
            self._idle.start()
        elif kind == QEvent.Type.Leave:
            self._idle.stop()
            self.alarm_model().release("pointer")
        return super().eventFilter(watched, event)

    def _pointer_rests(self) -> None:
        self.alarm_model().release("pointer")

    def _show_held(self, waiting: int) -> None:
        if waiting <= 0:
            self.notice.hide()
            return
        self.notice.setText(QCoreApplication.translate("AlarmView", "%1 new alarms: shown when the pointer leaves the list or rests").replace("%1", str(waiting)))
        self.notice.adjustSize()
        self._place_notice()
        self.notice.show()
        self.notice.raise_()

    def _place_notice(self) -> None:
        width = min(self.viewport().width() - 8, max(self.notice.sizeHint().width() + 24, 240))
        self.notice.resize(width, self.notice.sizeHint().height() + 8)
        top = self.horizontalHeader().height() + self.frameWidth()
        self.notice.move(max(0, (self.width() - width) // 2), top + 2)

    # -- the frozen columns -------------------------------------------------------------
    def _frozen_width(self) -> int:
        header = self.horizontalHeader()
        return sum(header.sectionSize(COLUMNS.index(name)) for name in FROZEN if not self.isColumnHidden(COLUMNS.index(name)))

    def _place_frozen(self) -> None:
        frame = self.frameWidth()
        self.frozen.setGeometry(frame, frame, self._frozen_width(),
                                self.viewport().height() + self.horizontalHeader().height())
        self.frozen.horizontalHeader().setFixedHeight(self.horizontalHeader().height())

    def _frozen_resized(self, index: int, _old: int, size: int) -> None:
        if COLUMNS[index] in FROZEN:
            self.frozen.setColumnWidth(index, size)
            self._place_frozen()

    def _keep_frozen_first(self, _logical: int, _old: int, _new: int) -> None:
        """Priority, state and time stay the first three columns, in that order."""
        header = self.horizontalHeader()
        for visual, name in enumerate(FROZEN):
            logical = COLUMNS.index(name)
            if header.visualIndex(logical) != visual:
                blocked = header.blockSignals(True)
                header.moveSection(header.visualIndex(logical), visual)
                header.blockSignals(blocked)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._place_frozen()
        if self.notice.isVisible():
            self._place_notice()

    def updateGeometries(self) -> None:  # noqa: N802 (Qt's name)
        super().updateGeometries()
        if hasattr(self, "frozen"):
            self._place_frozen()

    def moveCursor(self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier) -> QModelIndex:  # noqa: N802
        """Keyboard moves to a column hidden behind the frozen ones scroll it into view."""
        current = super().moveCursor(action, modifiers)
        if action == QAbstractItemView.CursorAction.MoveLeft and current.column() >= len(FROZEN):
            left = self.visualRect(current).topLeft().x()
            if left < self._frozen_width():
                bar = self.horizontalScrollBar()
                bar.setValue(bar.value() + left - self._frozen_width())
        return current

    def scrollTo(self, index: QModelIndex | QPersistentModelIndex, hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible) -> None:  # noqa: N802
        if COLUMNS[index.column()] not in FROZEN or index.column() == 0:
            super().scrollTo(index, hint)

    # -- sorting by a column (a click on its header) --------------------------------------
    def sort_by_section(self, logical: int) -> None:
        model = self.alarm_model()
        column = COLUMNS[logical]
        header = self.horizontalHeader()
        if column == "priority":
            model.sort_by(None)
            header.setSortIndicatorShown(False)
            return
        descending = model.sort_column == column and not model.sort_descending
        model.sort_by(column, descending)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(logical, Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder)

    # -- columns the operator chooses --------------------------------------------------
    def _column_menu(self, pos: QPoint) -> None:
        menu = self.column_menu()
        self.alarm_model().hold("menu")
        try:
            menu.exec(self.horizontalHeader().mapToGlobal(pos))
        finally:
            self.alarm_model().release("menu")

    def column_menu(self) -> QMenu:
        """Show or hide each column (priority, state and time always show)."""
        menu = QMenu(self)
        titles = self.model().headerData
        for name in HIDEABLE:
            index = COLUMNS.index(name)
            action = menu.addAction(str(titles(index, Qt.Orientation.Horizontal)))
            action.setCheckable(True)
            action.setChecked(not self.isColumnHidden(index))
            action.toggled.connect(lambda shown, i=index: self.setColumnHidden(i, not shown))
        menu.addSeparator()
        menu.addAction(QCoreApplication.translate("AlarmView", "Default columns"), self.reset_columns)
        return menu

    def reset_columns(self) -> None:
        header = self.horizontalHeader()
        for logical, name in enumerate(COLUMNS):
            self.setColumnHidden(logical, False)
            header.moveSection(header.visualIndex(logical), logical)
            if name != "text":
                self.setColumnWidth(logical, WIDTHS[name])

    def save_columns(self) -> bytes:
        return bytes(self.horizontalHeader().saveState().data())

    def restore_columns(self, state: bytes) -> bool:
        if not state or not self.horizontalHeader().restoreState(QByteArray(state)):
            return False
        self._keep_frozen_first(0, 0, 0)
        for name in FROZEN:
            index = COLUMNS.index(name)
            self.setColumnHidden(index, False)
            self.frozen.setColumnWidth(index, self.columnWidth(index))
        self._place_frozen()
        return True

    # -- what can be done with a row ---------------------------------------------------
    def _row_menu(self, pos: QPoint, source: QTableView | None = None) -> None:
        source = source or self
        index = source.indexAt(pos)
        if not index.isValid():
            return
        self.selectRow(index.row())
        alarm = index.data(ALARM_ROLE)
        if not isinstance(alarm, Alarm):
            return
        menu = self.row_menu(alarm)
        self.alarm_model().hold("menu")
        try:
            menu.exec(source.viewport().mapToGlobal(pos))
        finally:
            self.alarm_model().release("menu")

    def row_menu(self, alarm: Alarm) -> QMenu:
        menu = QMenu(self)
        for name, text in ROW_ACTIONS:
            action = menu.addAction(_tr(str(text)))
            action.setObjectName(f"rowAction_{name}")
            action.triggered.connect(lambda _checked=False, n=name, a=alarm: self.action_requested.emit(n, a))
        menu.addSeparator()
        copy = menu.addAction(QCoreApplication.translate("AlarmView", "Copy"))
        copy.setObjectName("rowAction_copy")
        copy.triggered.connect(lambda _checked=False, a=alarm: self.copy_alarm(a))
        return menu

    def copy_alarm(self, alarm: Alarm) -> str:
        """The row's visible cells, tab-separated, on the clipboard."""
        model = self.alarm_model()
        row = model.row_of(alarm.key)
        if row < 0:
            return ""
        header = self.horizontalHeader()
        cells = []
        for visual in range(header.count()):
            logical = header.logicalIndex(visual)
            if not self.isColumnHidden(logical):
                cells.append(str(model.index(row, logical).data() or ""))
        text = "\t".join(cells)
        QGuiApplication.clipboard().setText(text)
        return text
