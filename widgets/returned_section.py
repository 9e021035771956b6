"""Alarms back to normal that wait to be cleared (已恢复·待消警), apart from the live list:
collapsed by default with their count; those that may be cleared are cleared together after one
confirmation."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QVBoxLayout, QWidget

from console.domain.alarms import Alarm
from console.domain.plant import PlantRegistry
from console.services.alarm_feed import AlarmFeed
from widgets.alarm_model import AlarmTableModel
from widgets.alarm_view import AlarmView
from widgets.confirm_bar import ConfirmBar



def returned(alarm: Alarm) -> bool:
    return alarm.in_main_list and alarm.waits_for_clearing


class ReturnedSection(QFrame):
    clear_requested = Signal(list)  # the keys of the alarms to clear

    def __init__(self, feed: AlarmFeed, registry: PlantRegistry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("returnedSection")
        self.model = AlarmTableModel(feed, registry, self, include=returned)
        self.view = AlarmView(self.model)
        self.toggle = QToolButton()
        self.toggle.setObjectName("returnedToggle")
        self.toggle.setCheckable(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.clear_all = QPushButton(QCoreApplication.translate("ReturnedSection", "Clear all that may be cleared…"))
        self.clear_all.setObjectName("clearAllReturned")
        self.note = QLabel()
        self.note.setObjectName("returnedNote")
        self.confirm = ConfirmBar()
        self.confirm.yes.setText(QCoreApplication.translate("ReturnedSection", "Yes, clear them"))
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.toggle)
        top.addWidget(self.note, 1)
        top.addWidget(self.clear_all)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.confirm)
        layout.addWidget(self.view, 1)
        self.view.hide()
        self.toggle.toggled.connect(self.set_expanded)
        self.clear_all.clicked.connect(self.ask_clear_all)
        self.confirm.accepted.connect(self._clear_confirmed)
        for signal in (self.model.rowsInserted, self.model.rowsRemoved, self.model.modelReset, self.model.dataChanged):
            signal.connect(self._update)
        self._update()

    def set_expanded(self, expanded: bool) -> None:
        self.view.setVisible(expanded)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow)
        if self.toggle.isChecked() != expanded:
            self.toggle.setChecked(expanded)

    def clearable(self) -> list[str]:
        return [a.key for a in self.model.alarms() if a.clearable]

    def ask_clear_all(self) -> None:
        keys = self.clearable()
        if not keys:
            return
        waiting = self.model.rowCount() - len(keys)
        question = QCoreApplication.translate("ReturnedSection", "Clear %1 alarm(s) back to normal?").replace("%1", str(len(keys)))
        if waiting:
            question += " " + QCoreApplication.translate("ReturnedSection", "%1 still need their handling recorded (F9) and stay.").replace("%1", str(waiting))
        self.confirm.ask(question)

    def _clear_confirmed(self) -> None:
        keys = self.clearable()
        if keys:
            self.clear_requested.emit(keys)

    def _update(self, *_args: object) -> None:
        total = self.model.rowCount()
        ready = len(self.clearable())
        self.toggle.setText(QCoreApplication.translate("ReturnedSection", "Back to normal, to be cleared: %1").replace("%1", str(total)))
        self.note.setText(QCoreApplication.translate("ReturnedSection", "%1 may be cleared now").replace("%1", str(ready)) if total else "")
        self.clear_all.setEnabled(ready > 0)
        self.setVisible(total > 0)
