"""Search and filters above the alarm list: point code, name or enterprise; enterprise, area,
priority, state, overdue. One row that wraps its fields rather than widening the window."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QTimer, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QFrame, QLabel, QLineEdit, QPushButton, QWidget

from console.domain.alarm_filter import AlarmFilter, StateFilter
from console.domain.alarms import Priority
from console.domain.plant import PlantRegistry
from widgets import priority as look
from widgets.flow_layout import FlowLayout, flowing

TYPING_MS = 250  # the list filters once the operator pauses typing


def _tr(text: str) -> str:
    return QCoreApplication.translate("AlarmFilterBar", text)


class AlarmFilterBar(QFrame):
    filter_changed = Signal(object)  # AlarmFilter

    def __init__(self, registry: PlantRegistry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("alarmFilterBar")
        self._registry = registry
        self.search = QLineEdit()
        self.search.setObjectName("alarmSearch")
        self.search.setPlaceholderText(QCoreApplication.translate("AlarmFilterBar", "Search tag, point or enterprise"))
        self.search.setClearButtonEnabled(True)
        self.enterprise = QComboBox()
        self.enterprise.setObjectName("enterpriseFilter")
        self.area = QComboBox()
        self.area.setObjectName("areaFilter")
        self.priority = QComboBox()
        self.priority.setObjectName("priorityFilter")
        self.priority.addItem(QCoreApplication.translate("AlarmFilterBar", "All priorities"), None)
        for p in Priority:
            self.priority.addItem(f"{look.SYMBOLS[p]} {look.label(p)}", p)
        self.state = QComboBox()
        self.state.setObjectName("stateFilter")
        for state, text in ((StateFilter.ALL, QT_TRANSLATE_NOOP("AlarmFilterBar", "All states")),
                            (StateFilter.UNACKNOWLEDGED, QT_TRANSLATE_NOOP("AlarmFilterBar", "Unacknowledged")),
                            (StateFilter.ACKNOWLEDGED, QT_TRANSLATE_NOOP("AlarmFilterBar", "Acknowledged")),
                            (StateFilter.RETURNED, QT_TRANSLATE_NOOP("AlarmFilterBar", "Returned to normal"))):
            self.state.addItem(_tr(str(text)), state)
        self.overdue = QCheckBox(QCoreApplication.translate("AlarmFilterBar", "Overdue only"))
        self.overdue.setObjectName("overdueFilter")
        self.clear_button = QPushButton(QCoreApplication.translate("AlarmFilterBar", "Show all"))
        self.clear_button.setObjectName("clearFilter")
        self.summary = QLabel()
        self.summary.setObjectName("filterSummary")
        layout = FlowLayout(self)  # wraps to a second line rather than widening the window
        layout.setContentsMargins(0, 2, 0, 2)
        self.search.setMinimumWidth(180)
        layout.addWidget(self.search)
        for combo in (self.enterprise, self.area, self.priority, self.state):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(9)
            layout.addWidget(combo)
        layout.addWidget(self.overdue)
        layout.addWidget(self.clear_button)
        layout.addWidget(self.summary)
        flowing(self)
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(TYPING_MS)
        self._typing.timeout.connect(self._emit)
        self.search.textChanged.connect(lambda _text: self._typing.start())
        self.enterprise.currentIndexChanged.connect(self._enterprise_changed)
        for combo in (self.area, self.priority, self.state):
            combo.currentIndexChanged.connect(self._emit)
        self.overdue.toggled.connect(self._emit)
        self.clear_button.clicked.connect(self.reset)
        self._loading = False
        self.set_registry(registry)

    def set_registry(self, registry: PlantRegistry) -> None:
        self._registry = registry
        self._loading = True
        current = self.enterprise.currentData()
        self.enterprise.clear()
        self.enterprise.addItem(QCoreApplication.translate("AlarmFilterBar", "All enterprises"), None)
        for enterprise in registry.enterprises():
            self.enterprise.addItem(enterprise.name, enterprise.code)
        index = self.enterprise.findData(current)
        self.enterprise.setCurrentIndex(max(0, index))
        self._fill_areas()
        self._loading = False

    def _fill_areas(self) -> None:
        code = self.enterprise.currentData()
        current = self.area.currentData()
        self.area.clear()
        self.area.addItem(QCoreApplication.translate("AlarmFilterBar", "All areas"), "")
        enterprise = self._registry.enterprise(code) if code else None
        areas = sorted({p.area for p in enterprise.points.values() if p.area}) if enterprise else []
        for area in areas:
            self.area.addItem(area, area)
        self.area.setEnabled(bool(areas))
        self.area.setCurrentIndex(max(0, self.area.findData(current)))

    def _enterprise_changed(self) -> None:
        blocked = self.area.blockSignals(True)
        self._fill_areas()
        self.area.blockSignals(blocked)
        self._emit()

    def show_enterprise(self, code: str | None) -> None:
        """Filter to one enterprise (from the overview), or to all with None."""
        self.enterprise.setCurrentIndex(max(0, self.enterprise.findData(code)) if code else 0)

    def current(self) -> AlarmFilter:
        code = self.enterprise.currentData()
        priority = self.priority.currentData()
        return AlarmFilter(
            text=self.search.text().strip(),
            enterprises=frozenset({code}) if code else frozenset(),
            area=self.area.currentData() or "",
            priorities=frozenset({priority}) if priority is not None else frozenset(),
            state=self.state.currentData() or StateFilter.ALL,
            overdue_only=self.overdue.isChecked(),
        )

    def reset(self) -> None:
        self._loading = True
        self.search.clear()
        for combo in (self.enterprise, self.area, self.priority, self.state):
            combo.setCurrentIndex(0)
        self.overdue.setChecked(False)
        self._loading = False
        self._typing.stop()
        self._emit()

    def show_counts(self, shown: int, total: int) -> None:
        """"12 of 80" while a filter hides alarms; nothing otherwise."""
        filtered = self.current().active
        self.summary.setText(QCoreApplication.translate("AlarmFilterBar", "%1 of %2 shown").replace("%1", str(shown)).replace("%2", str(total)) if filtered else "")
        self.summary.setProperty("flag", filtered)
        self.summary.style().unpolish(self.summary)
        self.summary.style().polish(self.summary)

    def _emit(self) -> None:
        if not self._loading:
            self.filter_changed.emit(self.current())
