"""The selected alarm in full: what, where, since when, how the point is set up, what to do
(处置卡), what happened to it and the last readings.

It shows a console.services.details.AlarmDetail handed over as plain data (received duck-typed: that
module reaches the duty-log writer, which widgets must not import). No business logic here.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Sequence

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from console.domain.alarms import Alarm
from console.services.review import labels
from widgets import priority as look
from widgets.handling_bar import category_label
from widgets.points_view import kind_label, number

TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
ICON_SIZE = 28


def event_label(event: str) -> str:
    """A duty-log history event (console.domain.alarms.Event values) in the operator's words."""
    labels = {
        "raised": QCoreApplication.translate("AlarmEvent", "Raised"),
        "repeated": QCoreApplication.translate("AlarmEvent", "Raised again"),
        "returned": QCoreApplication.translate("AlarmEvent", "Returned to normal"),
        "acked": QCoreApplication.translate("AlarmEvent", "Acknowledged"),
        "shelved": QCoreApplication.translate("AlarmEvent", "Shelved"),
        "unshelved": QCoreApplication.translate("AlarmEvent", "Unshelved"),
        "out_of_service": QCoreApplication.translate("AlarmEvent", "Point taken out of service"),
        "in_service": QCoreApplication.translate("AlarmEvent", "Point returned to service"),
        "handled": QCoreApplication.translate("AlarmEvent", "Handled"),
        "cleared": QCoreApplication.translate("AlarmEvent", "Cleared"),
        "superseded": QCoreApplication.translate("AlarmEvent", "Active again before clearing (new occurrence)"),
        "overdue": QCoreApplication.translate("AlarmEvent", "Deadline missed"),
        "note": QCoreApplication.translate("AlarmEvent", "Note"),
    }
    return labels.get(event, event)


def local_time(seconds: float) -> str:
    return dt.datetime.fromtimestamp(seconds).strftime(TIME_FORMAT)


def fill(template: str, *args: str) -> str:
    """Qt-style %1, %2 … in one pass (an argument containing "%2" stays as it is)."""
    return re.sub(r"%(\d)", lambda m: args[int(m.group(1)) - 1] if 0 < int(m.group(1)) <= len(args) else m.group(0), template)


def with_unit(value: float | None, unit: str) -> str:
    if value is None:
        return ""
    return f"{number(value)} {unit}".strip()


def alarm_row(readings: Sequence[tuple[float, float]], raised_at: float) -> int:
    """Index (oldest first) of the reading the alarm was raised on: the last one at or
    before the alarm time, else the first after it; -1 without readings."""
    row = -1
    for i, (at, _value) in enumerate(readings):
        if at <= raised_at:
            row = i
        else:
            break
    return row if row >= 0 or not readings else 0


class TextTableModel(QAbstractTableModel):
    """A small read-only table of ready-made texts; one row may be marked (shown bold)."""

    def __init__(self, headers: Sequence[str], right_aligned: Sequence[int] = (), parent=None) -> None:
        super().__init__(parent)
        self._headers = list(headers)
        self._right = set(right_aligned)
        self._rows: list[tuple[str, ...]] = []
        self._values: list[Any] = []
        self.marked = -1
        self._bold = QFont()
        self._bold.setBold(True)

    def set_rows(self, rows: Sequence[tuple[str, ...]], values: Sequence[Any] = (), marked: int = -1) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._values = list(values)
        self.marked = marked
        self.endResetModel()

    def text(self, row: int, column: int) -> str:
        return self._rows[row][column]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.UserRole:
            return self._values[index.row()] if index.row() < len(self._values) else None
        if role == Qt.ItemDataRole.FontRole and index.row() == self.marked:
            return self._bold
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self._right:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None


def _table(name: str, model: TextTableModel) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setStretchLastSection(True)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return view


def _value_label(name: str, wrap: bool = False) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(wrap)
    return label


def _set_flag(widget: QWidget, name: str, on: bool) -> None:
    """A dynamic property for the style sheet, re-polished so the change shows."""
    if widget.property(name) != on:
        widget.setProperty(name, on)
        widget.style().unpolish(widget)
        widget.style().polish(widget)


class AlarmDetailPanel(QWidget):
    """Side or bottom panel: header always visible, the rest in tabs."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("alarmDetail")
        self._detail: Any = None
        self._not_configured = self.tr("not configured")

        self.stack = QStackedWidget(self)
        self.empty = QLabel(self.tr("Select an alarm to see its details."))
        self.empty.setObjectName("detailEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.stack.addWidget(self.empty)
        content = QWidget()
        self._column = column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self._build_header())
        self.tabs = QTabWidget()
        self.tabs.setObjectName("detailTabs")
        self.tabs.setDocumentMode(True)
        # The response card first: it is what the operator on duty needs to act.
        self.tabs.addTab(self._build_card(), self.tr("Response card"))
        self.tabs.addTab(self._build_definition(), self.tr("Point"))
        self.tabs.addTab(self._build_history(), self.tr("History"))
        self.tabs.addTab(self._build_readings(), self.tr("Readings"))
        from widgets.video.evidence import EvidenceList  # video evidence (snapshots, clips): its own tab

        self.evidence = EvidenceList(self.tabs)
        column.addWidget(self.tabs, 1)
        self.stack.addWidget(content)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.clear()

    # -- building ------------------------------------------------------------------
    def _build_header(self) -> QFrame:
        frame = QFrame()
        frame.setObjectName("detailHeader")
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        box = QVBoxLayout(frame)
        box.setContentsMargins(8, 6, 8, 6)
        box.setSpacing(4)

        title = QHBoxLayout()
        self.priority_icon = QLabel()
        self.priority_icon.setObjectName("detailPriorityIcon")
        self.priority_icon.setFixedSize(QSize(ICON_SIZE, ICON_SIZE))
        self.priority = _value_label("detailPriority")
        self.condition = _value_label("detailCondition")
        self.state = _value_label("detailState")
        bold = QFont()  # only the weight is set: family and size still come from the application
        bold.setBold(True)
        for label in (self.priority, self.condition):
            label.setFont(bold)
        title.addWidget(self.priority_icon)
        title.addWidget(self.priority)
        title.addSpacing(12)
        title.addWidget(self.condition)
        title.addSpacing(12)
        title.addWidget(self.state)
        title.addStretch(1)
        box.addLayout(title)

        self.point = _value_label("detailPoint", wrap=True)
        self.point.setFont(bold)
        self.enterprise = _value_label("detailEnterprise", wrap=True)
        box.addWidget(self.point)
        box.addWidget(self.enterprise)

        # One column: it fits a narrow side panel, and nothing is cut off at large font sizes.
        self.facts = QFormLayout()
        self.facts.setHorizontalSpacing(12)
        self.facts.setVerticalSpacing(2)
        self.facts.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.raised = _value_label("detailRaised")
        self.value = _value_label("detailValue")
        self.repeats = _value_label("detailRepeats")
        self.ack = _value_label("detailAck")
        self.returned = _value_label("detailReturned")
        self.handling = _value_label("detailHandling", wrap=True)
        self.description = _value_label("detailText", wrap=True)
        for caption, widget in (
            (self.tr("Raised"), self.raised),
            (self.tr("Value / limit"), self.value),
            (self.tr("Times raised"), self.repeats),
            (self.tr("Acknowledged by"), self.ack),
            (self.tr("Returned to normal"), self.returned),
            (self.tr("Handling"), self.handling),
            (self.tr("Description"), self.description),
        ):
            self.facts.addRow(caption, widget)
        box.addLayout(self.facts)

        self.shelved = _value_label("detailShelved", wrap=True)
        self.out_of_service = _value_label("detailOutOfService", wrap=True)
        self.out_of_service.setText(self.tr("Point out of service: its alarms are not in the alarm list."))
        self.chattering = _value_label("detailChattering", wrap=True)
        self.chattering.setText(self.tr("Chattering: raised again and again within a minute."))
        self.late = _value_label("detailLate", wrap=True)
        self.late.setText(self.tr("Delivered late: it became active while this console could not hear of it; "
                                  "the time raised is the source's own."))
        self.overdue = _value_label("detailOverdue", wrap=True)
        for label in (self.shelved, self.out_of_service, self.chattering, self.late, self.overdue):
            label.setFont(bold)
            label.setProperty("flag", True)
            box.addWidget(label)
        return frame

    def _build_definition(self) -> QWidget:
        page = QWidget()
        page.setObjectName("detailDefinition")
        box = QVBoxLayout(page)
        self.no_point = QLabel(self.tr("This point is not in the plant registry."))
        self.no_point.setObjectName("defMissing")
        self.no_point.setWordWrap(True)
        box.addWidget(self.no_point)
        self.definition = QWidget()
        self.form = QFormLayout(self.definition)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.defs: dict[str, QLabel] = {}
        rows = (
            ("kind", "defKind", self.tr("Kind")),
            ("unit", "defUnit", self.tr("Unit")),
            ("range", "defRange", self.tr("Range")),
            ("LL", "defLL", look.condition_label("LL")),
            ("L", "defL", look.condition_label("L")),
            ("H", "defH", look.condition_label("H")),
            ("HH", "defHH", look.condition_label("HH")),
            ("deadband", "defDeadband", self.tr("Deadband")),
            ("on_delay", "defOnDelay", self.tr("On-delay")),
            ("off_delay", "defOffDelay", self.tr("Off-delay")),
            ("area", "defArea", self.tr("Area")),
        )
        for key, name, caption in rows:
            label = _value_label(name)
            self.form.addRow(caption, label)
            self.defs[key] = label
        box.addWidget(self.definition)
        box.addStretch(1)
        return page

    def _build_card(self) -> QWidget:
        page = QWidget()
        page.setObjectName("detailCard")
        self.card_form = QFormLayout(page)
        self.card_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.cause = _value_label("cardCause", wrap=True)
        self.consequence = _value_label("cardConsequence", wrap=True)
        self.action = _value_label("cardAction", wrap=True)
        self.card_form.addRow(self.tr("Cause"), self.cause)
        self.card_form.addRow(self.tr("Consequence"), self.consequence)
        self.card_form.addRow(self.tr("Corrective action"), self.action)
        return page

    def _build_history(self) -> QWidget:
        self.history_model = TextTableModel(
            [self.tr("Time"), self.tr("Event"), self.tr("Operator"), self.tr("Station"), self.tr("Detail")], parent=self
        )
        self.history = _table("detailHistory", self.history_model)
        for column, width in enumerate((190, 170, 110, 130)):
            self.history.setColumnWidth(column, width)
        return self.history

    def _build_readings(self) -> QWidget:
        self.readings_model = TextTableModel([self.tr("Time"), self.tr("Value"), ""], right_aligned=(1,), parent=self)
        self.readings = _table("detailReadings", self.readings_model)
        for column, width in enumerate((190, 140)):
            self.readings.setColumnWidth(column, width)
        return self.readings

    # -- showing -------------------------------------------------------------------
    def shown_alarm(self) -> Alarm | None:
        """The alarm whose detail is shown (a late answer for another alarm can be told apart)."""
        return self._detail.alarm if self._detail is not None else None

    def set_trend_widget(self, widget: QWidget) -> None:
        """The selected alarm's trend (widgets.trends.view, set by the main window), below the tabs."""
        widget.setMinimumHeight(220)
        self._column.addWidget(widget, 1)

    def clear(self) -> None:
        self._detail = None
        self.stack.setCurrentIndex(0)
        self.history_model.set_rows([])
        self.readings_model.set_rows([])

    def show_detail(self, detail: Any) -> None:
        """``detail``: a console.services.details.AlarmDetail (alarm, point, enterprise_name, history, readings)."""
        self._detail = detail
        alarm: Alarm = detail.alarm
        point = detail.point
        unit = point.unit if point is not None else ""
        self._show_header(alarm, point, detail.enterprise_name, unit)
        self._show_definition(point, alarm.condition)
        self._show_card(point)
        self._show_history(detail.history)
        self._show_readings(detail.readings, alarm.raised_at, unit)
        self.stack.setCurrentIndex(1)

    def _show_header(self, alarm: Alarm, point: Any, enterprise_name: str, unit: str) -> None:
        self.priority_icon.setPixmap(look.icon(alarm.priority).pixmap(ICON_SIZE, ICON_SIZE))
        self.priority.setText(look.label(alarm.priority))
        self.condition.setText(look.alarm_condition_label(alarm))
        self.state.setText(look.state_label(alarm.state, alarm.ack_pending))
        if alarm.is_system:
            self.point.setText(look.system_name(alarm))
            self.enterprise.setText(QCoreApplication.translate("AlarmTable", "Duty Console"))
        else:
            self.point.setText(f"{alarm.point}  {point.name}" if point is not None else alarm.point)
            self.enterprise.setText(enterprise_name)
        self.raised.setText(local_time(alarm.raised_at))
        value = with_unit(alarm.value, unit) or "—"
        if alarm.threshold is not None:
            value += " / " + with_unit(alarm.threshold, unit)
        self.value.setText(value)
        self.repeats.setText(str(alarm.activations))
        if alarm.ack is not None:
            self.ack.setText(f"{alarm.ack.operator}  {local_time(alarm.ack.acked_at)}")
        self.returned.setText(local_time(alarm.returned_at) if alarm.returned_at is not None else "")
        self.description.setText(alarm.text)
        self.facts.setRowVisible(self.ack, alarm.ack is not None)
        self.facts.setRowVisible(self.returned, alarm.returned_at is not None)
        handling = alarm.handling
        if handling is not None:
            self.handling.setText(fill(self.tr("%1 — %2 (%3, %4)"), category_label(handling.category), handling.description,
                                       handling.operator, local_time(handling.handled_at)))
        elif alarm.handling_required:
            self.handling.setText(self.tr("Required before clearing (F9)"))
        self.facts.setRowVisible(self.handling, handling is not None or alarm.handling_required)
        self.facts.setRowVisible(self.description, bool(alarm.text))

        shelf = alarm.shelf
        if shelf is not None:
            self.shelved.setText(fill(self.tr("Shelved by %1 until %2: %3"), shelf.operator, local_time(shelf.until), shelf.reason))
        self.shelved.setVisible(shelf is not None)
        self.out_of_service.setVisible(alarm.out_of_service)
        self.chattering.setVisible(alarm.chattering)
        self.late.setVisible(alarm.late)
        missed = [text for flagged, text in ((alarm.ack_overdue, self.tr("acknowledgment")), (alarm.handling_overdue, self.tr("handling")))
                  if flagged]
        self.overdue.setText(self.tr("‼ Deadline missed: %1").replace("%1", ", ".join(missed)))
        self.overdue.setVisible(bool(missed))

    def _show_definition(self, point: Any, condition: str) -> None:
        self.no_point.setVisible(point is None)
        self.definition.setVisible(point is not None)
        if point is None:
            for label in self.defs.values():
                label.clear()
            return
        d = self.defs
        d["kind"].setText(kind_label(point.kind))
        d["unit"].setText(point.unit)
        d["range"].setText(f"{number(point.range_low)} – {number(point.range_high)} {point.unit}".strip())
        thresholds = point.thresholds()
        for key in ("LL", "L", "H", "HH"):
            d[key].setText(with_unit(thresholds[key], point.unit) if key in thresholds else self.tr("not set"))
            _set_flag(d[key], "active", key == condition)
            font = QFont()
            font.setBold(key == condition)  # the limit this alarm is about
            d[key].setFont(font)
        d["deadband"].setText(with_unit(point.deadband, point.unit))
        d["on_delay"].setText(fill(self.tr("%1 s"), number(point.on_delay_s)) if point.on_delay_s is not None else "")
        d["off_delay"].setText(fill(self.tr("%1 s"), number(point.off_delay_s)) if point.off_delay_s is not None else "")
        d["area"].setText(point.area)
        self.form.setRowVisible(d["deadband"], point.deadband is not None)
        self.form.setRowVisible(d["on_delay"], point.on_delay_s is not None)
        self.form.setRowVisible(d["off_delay"], point.off_delay_s is not None)
        self.form.setRowVisible(d["area"], bool(point.area))

    def _show_card(self, point: Any) -> None:
        for label, text in (
            (self.cause, point.cause if point is not None else ""),
            (self.consequence, point.consequence if point is not None else ""),
            (self.action, point.action if point is not None else ""),
        ):
            text = text.strip()
            label.setText(text or self._not_configured)
            _set_flag(label, "empty", not text)

    def _show_history(self, history: Sequence[Any]) -> None:
        entries = sorted(history, key=lambda h: h.at)  # oldest first: reads as what happened
        rows = [(local_time(h.at), event_label(h.event), h.operator, h.station, labels.history_detail(h.detail)) for h in entries]
        self.history_model.set_rows(rows, entries)

    def _show_readings(self, readings: Sequence[tuple[float, float]], raised_at: float, unit: str) -> None:
        at_alarm = alarm_row(readings, raised_at)
        marker = self.tr("◀ Alarm")
        newest_first = list(reversed(readings))
        rows = [
            (local_time(at), with_unit(value, unit), marker if len(readings) - 1 - i == at_alarm else "")
            for i, (at, value) in enumerate(newest_first)
        ]
        marked = len(readings) - 1 - at_alarm if at_alarm >= 0 else -1
        self.readings_model.set_rows(rows, newest_first, marked)
