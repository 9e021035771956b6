"""How priorities and states look: colour, shape and words together, never colour alone."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QCoreApplication, QDateTime, QPointF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap, QPolygonF

from console.domain.alarms import Alarm, AlarmState, Priority
from console.services.review import labels
from console.domain.system_alarms import DUTY_LOG_POINT, GAP_POINT, PRESENCE_POINT, parse_gap_text

# ISA-101 style: grey surfaces; these colours appear only where something is abnormal.
COLOURS = {
    Priority.CRITICAL: QColor("#D7191C"),
    Priority.HIGH: QColor("#F07F12"),
    Priority.MEDIUM: QColor("#F2D200"),
    Priority.LOW: QColor("#2C7BD6"),
}
TEXT_ON = {
    Priority.CRITICAL: QColor("#FFFFFF"),
    Priority.HIGH: QColor("#000000"),
    Priority.MEDIUM: QColor("#000000"),
    Priority.LOW: QColor("#FFFFFF"),
}
SYMBOLS = {Priority.CRITICAL: "◆", Priority.HIGH: "▲", Priority.MEDIUM: "■", Priority.LOW: "●"}


def label(priority: Priority) -> str:
    return {
        Priority.CRITICAL: QCoreApplication.translate("Priority", "Red · Urgent"),
        Priority.HIGH: QCoreApplication.translate("Priority", "Orange · High"),
        Priority.MEDIUM: QCoreApplication.translate("Priority", "Yellow · Medium"),
        Priority.LOW: QCoreApplication.translate("Priority", "Blue · Low"),
    }[priority]


def state_label(state: AlarmState, pending: bool = False) -> str:
    if pending:
        return QCoreApplication.translate("AlarmState", "Acknowledging…")
    return {
        AlarmState.UNACK: QCoreApplication.translate("AlarmState", "Unacknowledged"),
        AlarmState.ACKED: QCoreApplication.translate("AlarmState", "Acknowledged"),
        AlarmState.RTN_UNACK: QCoreApplication.translate("AlarmState", "Returned, unacknowledged"),
        AlarmState.AWAIT_CLEAR: QCoreApplication.translate("AlarmState", "Returned, to be cleared"),
        AlarmState.NORMAL: QCoreApplication.translate("AlarmState", "Normal"),
    }[state]


def condition_label(condition: str) -> str:
    return labels.condition(condition)  # one wording for the list, the exports and the reports


def shape(priority: Priority, cx: float, cy: float, r: float) -> QPolygonF:
    """Diamond, triangle, square, circle (as an octagon): distinct without colour."""
    if priority is Priority.CRITICAL:
        pts = [(cx, cy - r), (cx + r, cy), (cx, cy + r), (cx - r, cy)]
    elif priority is Priority.HIGH:
        pts = [(cx, cy - r), (cx + r, cy + r * 0.8), (cx - r, cy + r * 0.8)]
    elif priority is Priority.MEDIUM:
        s = r * 0.8
        pts = [(cx - s, cy - s), (cx + s, cy - s), (cx + s, cy + s), (cx - s, cy + s)]
    else:
        k = 0.38 * r
        pts = [(cx - k, cy - r), (cx + k, cy - r), (cx + r, cy - k), (cx + r, cy + k), (cx + k, cy + r), (cx - k, cy + r), (cx - r, cy + k), (cx - r, cy - k)]
    return QPolygonF([QPointF(x, y) for x, y in pts])


@lru_cache(maxsize=None)
def icon(priority: Priority, lit: bool = False, size: int = 64) -> QIcon:
    """The priority's shape in its colour with a dark outline; on a lit (flashing) row,
    whose background already is that colour, the shape takes the row's text colour."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor("#111111"), size / 14))
    painter.setBrush(TEXT_ON[priority] if lit else COLOURS[priority])
    painter.drawPolygon(shape(priority, size / 2, size / 2, size * 0.42))
    painter.end()
    return QIcon(pixmap)


# -- the console's own alarms (enterprise SYSTEM_ENTERPRISE), told apart by their point ------
def system_name(alarm: Alarm) -> str:
    if alarm.point == PRESENCE_POINT:
        return QCoreApplication.translate("AlarmTable", "Presence check")
    if alarm.point == DUTY_LOG_POINT:
        return QCoreApplication.translate("AlarmTable", "Shared duty log")
    if alarm.point == GAP_POINT:
        return QCoreApplication.translate("AlarmTable", "Alarms may have been missed")
    return QCoreApplication.translate("AlarmTable", "Alarm server link")


def system_text(alarm: Alarm) -> str:
    if alarm.point == PRESENCE_POINT:
        return QCoreApplication.translate("AlarmTable", "Presence check not answered: the duty room may be unstaffed")
    if alarm.point == DUTY_LOG_POINT:
        return QCoreApplication.translate("AlarmTable", "Shared duty log unreachable: records are kept on this workstation and written when it answers")
    if alarm.point == GAP_POINT:
        gap = parse_gap_text(alarm.text)
        if gap is None:
            return QCoreApplication.translate("AlarmTable", "Alarms may have been missed: the alarm server lost this console's session")
        start, end = (QDateTime.fromMSecsSinceEpoch(int(t * 1000)).toString("yyyy-MM-dd HH:mm:ss") for t in gap)
        return (QCoreApplication.translate("AlarmTable", "Alarms may have been missed from %1 to %2: the alarm server lost this "
                                           "console's session; the gateways are asked for what they sent meanwhile")
                .replace("%1", start).replace("%2", end))
    return QCoreApplication.translate("AlarmTable", "Connection to the alarm server lost: alarms may not arrive")


def alarm_condition_label(alarm: Alarm) -> str:
    if alarm.is_system and alarm.point == PRESENCE_POINT:
        return QCoreApplication.translate("Condition", "Presence not confirmed")
    return condition_label(alarm.condition)
