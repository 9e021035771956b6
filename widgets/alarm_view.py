"""The alarm list view: large rows, one selected alarm at a time."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSize, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from console.domain.alarms import Alarm
from widgets.alarm_model import ALARM_ROLE, COLUMNS, AlarmTableModel

WIDTHS = {"priority": 150, "state": 160, "time": 160, "enterprise": 240, "point": 100, "name": 190, "condition": 110, "value": 150, "text": 200, "ack": 170}


class AlarmView(QTableView):
    current_alarm_changed = Signal(object)  # Alarm or None

    def __init__(self, model: AlarmTableModel, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("alarmList")
        self.setModel(model)
        self._alarms = model
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(False)
        self.setWordWrap(False)
        self.setShowGrid(True)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        for i, name in enumerate(COLUMNS):
            self.setColumnWidth(i, WIDTHS[name])
        header.setSectionResizeMode(COLUMNS.index("text"), QHeaderView.ResizeMode.Stretch)
        self.selectionModel().currentRowChanged.connect(self._on_current)
        self._kept_key: str | None = None
        model.modelAboutToBeReset.connect(self._remember_selection)
        model.modelReset.connect(self._restore_selection)

    def _remember_selection(self) -> None:
        alarm = self.selected_alarm()
        self._kept_key = alarm.key if alarm is not None else None

    def _restore_selection(self) -> None:
        """A flood re-sorts the whole list; the operator's selected alarm stays selected."""
        if self._kept_key is not None:
            row = self._alarms.row_of(self._kept_key)
            if row >= 0:
                self.selectRow(row)
        self._kept_key = None

    def set_row_height(self, pixels: int) -> None:
        self.verticalHeader().setDefaultSectionSize(pixels)
        side = int(pixels * 0.6)
        self.setIconSize(QSize(side, side))

    def selected_alarm(self) -> Alarm | None:
        rows = self.selectionModel().selectedRows()
        if not rows:
            return None
        return rows[0].data(ALARM_ROLE)

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.current_alarm_changed.emit(current.data(ALARM_ROLE) if current.isValid() else None)
