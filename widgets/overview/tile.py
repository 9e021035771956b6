"""How one enterprise tile is painted: a calm grey tile, colour only where something is abnormal.

Five lines: the short name; the worst active alarm's priority by shape, colour and words (grey
"no alarm" when none); the unacknowledged count; the gateways or devices out of communication;
the cameras without signal. The last three lines stay empty while all is well. The worst
priority's colour also marks the tile's left edge; the tile itself is never filled with it.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QPointF, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from console.domain.alarms import Priority
from console.domain.enterprise_tally import EnterpriseStatus
from widgets import priority as look
from widgets.overview.model import CHOSEN_ROLE, STATUS_ROLE, all_name, cameras_line, links_line, priority_line, unacknowledged_line

TILE = QColor("#E3E4E6")
TILE_HOVER = QColor("#EEEFF0")
EDGE = QColor("#9A9C9E")
INK = QColor("#1B1B1B")
QUIET = QColor("#5A5D61")  # "no alarm": readable, not calling for attention
LINES = 5
PAD = 5
BAND = 6  # the priority edge, px
NAME_CHARS = 8  # a Chinese short name of this many characters fits without eliding
# The widest figures a tile is made room for (a priority line is shorter than these).
SAMPLE = EnterpriseStatus("-", "", "", (0, 0, 0, 0), 99, 9, 9, 99)


class TileDelegate(QStyledItemDelegate):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.width = 0  # wider than its natural width to fill the row (set by the view); 0: natural

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        natural = self.natural_size(option.font)
        return QSize(max(natural.width(), self.width), natural.height())

    @staticmethod
    def natural_size(font: QFont) -> QSize:
        """The smallest tile that shows a short name and the figures without cutting them."""
        bold = QFont(font)
        bold.setBold(True)  # every line but "no alarm" is bold
        metrics = QFontMetrics(bold)
        indent = _indent(metrics.lineSpacing())
        marked = (cameras_line(SAMPLE), links_line(SAMPLE), *(look.label(p) for p in Priority))  # after a mark
        plain = ("中" * NAME_CHARS, unacknowledged_line(SAMPLE))
        widest = max(*(metrics.horizontalAdvance(t) for t in plain), *(indent + metrics.horizontalAdvance(t) for t in marked))
        width = BAND + 2 * PAD + widest
        return QSize(width, 2 * PAD + LINES * metrics.lineSpacing())

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        status = index.data(STATUS_ROLE)
        if not isinstance(status, EnterpriseStatus):
            return
        rect = QRect(option.rect).adjusted(1, 1, -1, -1)
        state = option.state
        font = QFont(option.font)
        chosen = bool(index.data(CHOSEN_ROLE))
        worst = status.worst
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(rect, TILE_HOVER if state & QStyle.StateFlag.State_MouseOver else TILE)
        if worst is not None:
            painter.fillRect(QRect(rect.left(), rect.top(), BAND, rect.height()), look.COLOURS[worst])
        painter.setPen(QPen(INK if chosen else EDGE, 3 if chosen else 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect.adjusted(1, 1, -1, -1) if chosen else rect)
        if state & QStyle.StateFlag.State_HasFocus:
            painter.setPen(QPen(INK, 1, Qt.PenStyle.DashLine))
            painter.drawRect(rect.adjusted(2 + BAND, 2, -3, -3))

        metrics = QFontMetrics(font)
        line = metrics.lineSpacing()
        left = rect.left() + BAND + PAD
        width = rect.right() - PAD - left
        top = rect.top() + PAD

        def text_line(n: int, text: str, colour: QColor, bold: bool, indent: int = 0) -> None:
            f = QFont(font)
            f.setBold(bold)
            painter.setFont(f)
            painter.setPen(colour)
            box = QRect(left + indent, top + n * line, width - indent, line)
            painter.drawText(box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             QFontMetrics(f).elidedText(text, Qt.TextElideMode.ElideRight, box.width()))

        text_line(0, status.short_name or all_name(), INK, True)
        mark = int(line * 0.75)
        indent = _indent(line)
        centre = QPointF(left + mark / 2, top + line + line / 2)
        if worst is not None:
            painter.setPen(QPen(INK, 1.2))
            painter.setBrush(look.COLOURS[worst])
            painter.drawPolygon(look.shape(worst, centre.x(), centre.y(), mark * 0.45))
            text_line(1, priority_line(status), INK, True, indent)
        else:
            painter.setPen(QPen(QUIET, 2))
            painter.drawLine(QPointF(left + 2, centre.y()), QPointF(left + mark - 2, centre.y()))
            text_line(1, priority_line(status), QUIET, False, indent)
        text_line(2, unacknowledged_line(status), INK, True)
        for n, text in ((3, links_line(status)), (4, cameras_line(status))):
            if text:
                self._lost_mark(painter, QPointF(left + mark / 2, top + n * line + line / 2), mark * 0.32)
                text_line(n, text, INK, True, indent)
        painter.restore()

    @staticmethod
    def _lost_mark(painter: QPainter, centre: QPointF, r: float) -> None:
        """A cross: something that should talk does not (no colour: the alarm list has the priority)."""
        painter.setPen(QPen(INK, 2.2))
        painter.drawLine(QPointF(centre.x() - r, centre.y() - r), QPointF(centre.x() + r, centre.y() + r))
        painter.drawLine(QPointF(centre.x() - r, centre.y() + r), QPointF(centre.x() + r, centre.y() - r))


def _indent(line: int) -> int:
    """Where a line's words start when a mark (priority shape, lost cross) stands before them."""
    return int(line * 0.75) + 5
