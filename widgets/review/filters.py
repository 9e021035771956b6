"""The review's filters: a time range (with quick choices), enterprise, unit, point, priority,
operator, shift, lifecycle stage, overdue only, drills, free text. ``filter()`` gives the
ReviewFilter; ``apply_requested`` when the reviewer asks for it (button or Enter)."""

from __future__ import annotations

import datetime as dt
from typing import Callable

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from console.domain.plant import PlantRegistry
from console.services.review import labels as L
from console.services.review.filters import STAGES, ReviewFilter
from console.domain.shifts import ShiftPattern

PRESETS = ("last_24h", "this_shift", "today", "yesterday", "last_7d", "last_30d", "this_month", "last_month", "last_365d", "custom")
DAY = 86400.0


def preset_range(preset: str, now: float, pattern: ShiftPattern) -> tuple[float, float] | None:
    local = dt.datetime.fromtimestamp(now).astimezone()
    midnight = dt.datetime.combine(local.date(), dt.time()).astimezone()
    if preset == "last_24h":
        return now - DAY, now
    if preset == "this_shift":
        shift = pattern.shift_at(now)
        return shift.start, shift.end
    if preset == "today":
        return midnight.timestamp(), (midnight + dt.timedelta(days=1)).timestamp()
    if preset == "yesterday":
        return (midnight - dt.timedelta(days=1)).timestamp(), midnight.timestamp()
    if preset in ("last_7d", "last_30d", "last_365d"):
        days = {"last_7d": 7, "last_30d": 30, "last_365d": 365}[preset]
        return now - days * DAY, now
    if preset in ("this_month", "last_month"):
        first = dt.datetime(local.year, local.month, 1)
        if preset == "last_month":
            end = first
            first = dt.datetime(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1)
            return first.astimezone().timestamp(), end.astimezone().timestamp()
        nxt = dt.datetime(local.year + (local.month == 12), local.month % 12 + 1, 1)
        return first.astimezone().timestamp(), nxt.astimezone().timestamp()
    return None


class ReviewFilterBar(QWidget):
    apply_requested = Signal()

    def __init__(self, registry: PlantRegistry, clock: Callable[[], float], pattern: ShiftPattern, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewFilters")
        self._registry = registry
        self._clock = clock
        self._pattern = pattern
        self.preset = QComboBox()
        self.preset.setObjectName("reviewPreset")
        for key, text in zip(PRESETS, (self.tr("Last 24 hours"), self.tr("This shift"), self.tr("Today"), self.tr("Yesterday"),
                                        self.tr("Last 7 days"), self.tr("Last 30 days"), self.tr("This month"),
                                        self.tr("Last month"), self.tr("Last 365 days"), self.tr("Custom")), strict=True):
            self.preset.addItem(text, key)
        self.start = QDateTimeEdit()
        self.end = QDateTimeEdit()
        for edit in (self.start, self.end):
            edit.setDisplayFormat("yyyy-MM-dd HH:mm")
            edit.setCalendarPopup(True)
        self.enterprise = QComboBox()
        self.enterprise.setObjectName("reviewEnterprise")
        self.unit = QComboBox()
        self.unit.setObjectName("reviewUnit")
        self.point = QLineEdit()
        self.point.setObjectName("reviewPoint")
        self.point.setPlaceholderText(self.tr("point code"))
        self.priority = QComboBox()
        self.priority.setObjectName("reviewPriority")
        self.priority.addItem(self.tr("All priorities"), 0)
        for p in (1, 2, 3, 4):
            self.priority.addItem(L.priority(p), p)
        self.operator = QComboBox()
        self.operator.setObjectName("reviewOperator")
        self.operator.addItem(self.tr("All operators"), "")
        self.shift = QLineEdit()
        self.shift.setObjectName("reviewShift")
        self.shift.setPlaceholderText(self.tr("shift, e.g. 2026-03-02 08:00"))
        self.stage = QComboBox()
        self.stage.setObjectName("reviewStage")
        for stage in STAGES:
            self.stage.addItem(L.stage(stage), stage)
        self.overdue = QCheckBox(self.tr("Overdue only"))
        self.overdue.setObjectName("reviewOverdue")
        self.drills = QCheckBox(self.tr("Show drills"))
        self.drills.setObjectName("reviewDrills")
        self.drills.setChecked(True)
        self.text = QLineEdit()
        self.text.setObjectName("reviewText")
        self.text.setPlaceholderText(self.tr("search alarm text and handling notes"))
        self.apply_button = QPushButton(self.tr("Show"))
        self.apply_button.setObjectName("reviewApply")
        self.problem = QLabel()
        self.problem.setObjectName("reviewFilterProblem")

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        rows = (
            (QLabel(self.tr("Time")), self.preset, self.start, QLabel("–"), self.end, self.apply_button),
            (QLabel(self.tr("Where")), self.enterprise, self.unit, None, self.point, self.priority),
            (QLabel(self.tr("Who")), self.operator, self.shift, None, self.stage, self.text),
        )
        for r, widgets in enumerate(rows):
            for column, w in enumerate(widgets):
                if w is not None:
                    grid.addWidget(w, r, column)
        checks = QHBoxLayout()
        checks.addWidget(self.overdue)
        checks.addWidget(self.drills)
        checks.addWidget(self.problem, 1)
        grid.addLayout(checks, 3, 1, 1, 5)
        for column in (1, 2, 4, 5):
            grid.setColumnStretch(column, 1)
        for w in (self.enterprise, self.unit, self.operator, self.stage, self.priority, self.preset):
            w.setMinimumContentsLength(8)
            w.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.fill_enterprises()
        self.preset.currentIndexChanged.connect(self._preset_chosen)
        self.start.dateTimeChanged.connect(self._edited_range)
        self.end.dateTimeChanged.connect(self._edited_range)
        self.enterprise.currentIndexChanged.connect(self._fill_units)
        self.apply_button.clicked.connect(self.apply_requested)
        for line in (self.point, self.shift, self.text):
            line.returnPressed.connect(self.apply_requested)
        self._setting = False
        self.set_preset("last_24h")

    # -- choices --------------------------------------------------------------------------------
    def fill_enterprises(self) -> None:
        self.enterprise.blockSignals(True)
        self.enterprise.clear()
        self.enterprise.addItem(self.tr("All enterprises"), "")
        for e in sorted(self._registry.enterprises(), key=lambda e: e.code):
            self.enterprise.addItem(e.name or e.code, e.code)
        self.enterprise.blockSignals(False)
        self._fill_units()

    def _fill_units(self) -> None:
        self.unit.clear()
        self.unit.addItem(self.tr("All units"), "")
        code = self.enterprise.currentData()
        enterprise = self._registry.enterprise(code) if code else None
        if enterprise is not None:
            for area in sorted({p.area for p in enterprise.points.values() if p.area}):
                self.unit.addItem(area, area)
        self.unit.setEnabled(self.unit.count() > 1)

    def set_people(self, people: list[tuple[str, str, str]]) -> None:
        current = self.operator.currentData()
        self.operator.clear()
        self.operator.addItem(self.tr("All operators"), "")
        for name, shown, _role in people:
            self.operator.addItem(f"{shown} ({name})" if shown and shown != name else name, name)
        index = self.operator.findData(current)
        self.operator.setCurrentIndex(max(0, index))

    def set_preset(self, preset: str) -> None:
        self.preset.setCurrentIndex(PRESETS.index(preset))
        self._preset_chosen()

    def _preset_chosen(self) -> None:
        span = preset_range(self.preset.currentData(), self._clock(), self._pattern)
        if span is None:
            return
        self._setting = True
        self.start.setDateTime(QDateTime.fromSecsSinceEpoch(int(span[0])))
        self.end.setDateTime(QDateTime.fromSecsSinceEpoch(int(span[1] + 59) // 60 * 60))
        self._setting = False
        self._span = span

    def _edited_range(self) -> None:
        if not self._setting:
            self.preset.blockSignals(True)
            self.preset.setCurrentIndex(PRESETS.index("custom"))
            self.preset.blockSignals(False)

    def set_range(self, start: float, end: float) -> None:
        self._setting = True
        self.start.setDateTime(QDateTime.fromSecsSinceEpoch(int(start)))
        self.end.setDateTime(QDateTime.fromSecsSinceEpoch(int(end)))
        self._setting = False
        self.preset.setCurrentIndex(PRESETS.index("custom"))

    # -- the filter -----------------------------------------------------------------------------
    def range(self) -> tuple[float, float]:
        preset = self.preset.currentData()
        if preset != "custom":
            span = preset_range(preset, self._clock(), self._pattern)  # "last 24 hours" moves on with the clock
            if span is not None:
                return span
        return float(self.start.dateTime().toSecsSinceEpoch()), float(self.end.dateTime().toSecsSinceEpoch())

    def filter(self) -> ReviewFilter | None:
        """The filter, or None (with the reason shown) when it cannot be used."""
        start, end = self.range()
        if not end > start:
            self.problem.setText(self.tr("The end of the range must come after its start."))
            return None
        enterprise = self.enterprise.currentData() or ""
        points: tuple[tuple[str, str], ...] = ()
        unit = self.unit.currentData() if self.unit.isEnabled() else ""
        if enterprise and unit:
            e = self._registry.enterprise(enterprise)
            points = tuple((enterprise, p.code) for p in e.points.values() if p.area == unit) if e else ()
        code = self.point.text().strip()
        if code:  # without an enterprise: that point code at any enterprise
            points = ((enterprise, code),)
        shift = self.shift.text().strip()
        if shift:
            from console.services.review.filters import shift_window

            try:
                shift_window(shift, self._pattern)
            except ValueError:
                self.problem.setText(self.tr("Not a shift of the pattern: %1").replace("%1", shift))
                return None
        self.problem.setText("")
        priority = self.priority.currentData()
        return ReviewFilter(
            start, end,
            enterprises=(enterprise,) if enterprise else (),
            points=points,
            priorities=(priority,) if priority else (),
            operator=self.operator.currentData() or "",
            shift=shift,
            stage=self.stage.currentData() or "",
            overdue_only=self.overdue.isChecked(),
            drills=self.drills.isChecked(),
            text=self.text.text(),
        )

    def focus_text(self) -> None:
        self.text.setFocus(Qt.FocusReason.OtherFocusReason)
