"""The drawing surface of a trend: curves, threshold lines, alarm marks and the cursor.

A pyqtgraph plot set up for speed: no automatic ranging, downsampling or clipping of its
own (widgets.trends.decimate hands each curve only what fits the view), no antialiasing,
curves drawn with connect='finite' so a NaN leaves a gap. Local time on the time axis, in the interface language.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPen

from console.domain.alarms import Priority
from console.domain.protocol import DEFAULT_PRIORITY
from widgets import priority as look
from widgets.trends.time_axis import LocalDateAxis

BACKGROUND = "#E6E7E8"
AXIS = "#3A3D40"
GRID_COLOUR = "#D3D5D7"
# Neutral, told apart by lightness and line style rather than by hue; never an alarm colour.
CURVE_COLOURS = ("#1B1B1B", "#4C5A68", "#6E6256", "#3F6B63", "#5E5670", "#7A7F84", "#2F4F6F", "#6B6B3F")
CURVE_STYLES = (Qt.PenStyle.SolidLine, Qt.PenStyle.SolidLine, Qt.PenStyle.SolidLine, Qt.PenStyle.SolidLine,
                Qt.PenStyle.DashLine, Qt.PenStyle.DashLine, Qt.PenStyle.DotLine, Qt.PenStyle.DotLine)
CURSOR_COLOUR = "#5A6068"


def curve_pen(index: int, width: float = 1.0) -> QPen:
    pen = QPen(QColor(CURVE_COLOURS[index % len(CURVE_COLOURS)]))
    pen.setWidthF(width)
    pen.setCosmetic(True)
    pen.setStyle(CURVE_STYLES[(index // len(CURVE_COLOURS)) % len(CURVE_STYLES)] if index >= len(CURVE_COLOURS) else Qt.PenStyle.SolidLine)
    return pen


def threshold_colour(condition: str) -> QColor:
    return QColor(look.COLOURS[DEFAULT_PRIORITY.get(condition, Priority.MEDIUM)])


@dataclass
class ThresholdLine:
    key: tuple[str, str]
    condition: str
    value: float  # engineering units
    item: pg.InfiniteLine


@dataclass
class AlarmMarkLine:
    mark: object  # console.services.history.trend_source.AlarmMark
    item: pg.InfiniteLine


class TrendPlot(pg.PlotWidget):
    cursor_moved = Signal(float)  # time under the mouse
    range_changed_by_user = Signal()

    def __init__(self, parent=None) -> None:
        self._axis = LocalDateAxis(orientation="bottom")
        super().__init__(parent, background=BACKGROUND, axisItems={"bottom": self._axis})
        self.setObjectName("trendPlot")
        self.setAntialiasing(False)
        item = self.getPlotItem()
        item.hideButtons()
        item.setMenuEnabled(False)
        item.setDownsampling(auto=False)
        item.setClipToView(False)
        for name in ("left", "bottom"):
            axis = item.getAxis(name)
            axis.setPen(pg.mkPen(AXIS))
            axis.setTextPen(pg.mkPen(AXIS))
        self.view = item.getViewBox()
        self.view.disableAutoRange()
        self.view.setMouseEnabled(x=True, y=True)
        self.view.sigRangeChangedManually.connect(lambda *_: self.range_changed_by_user.emit())
        # The grid at the axes' ticks as one curve of line pairs, opaque: pyqtgraph's own grid
        # (alpha lines in the axis picture) cost ~17 ms per repaint of a 1600x900 plot.
        self.grid = pg.PlotCurveItem(connect="pairs", pen=pg.mkPen(GRID_COLOUR, width=1), antialias=False)
        self.grid.setZValue(-10)
        self.addItem(self.grid, ignoreBounds=True)
        self._grid_key: tuple = ()
        self._axis.fontMetrics = QFontMetrics(self.font())  # DateAxisItem sets it at its first paint; the grid asks sooner
        self.curves: dict[tuple[str, str], pg.PlotCurveItem] = {}
        self.thresholds: list[ThresholdLine] = []
        self.marks: list[AlarmMarkLine] = []
        self.cursor = pg.InfiniteLine(angle=90, movable=False, pen=pg.mkPen(CURSOR_COLOUR, width=1, style=Qt.PenStyle.DashLine))
        self.cursor.setZValue(50)
        self.cursor.hide()
        self.addItem(self.cursor, ignoreBounds=True)
        self.scene().sigMouseMoved.connect(self._mouse_moved)

    def set_label_font(self, font: QFont) -> None:
        for name in ("left", "bottom"):
            self.getPlotItem().getAxis(name).setStyle(tickFont=font)

    def set_y_label(self, text: str) -> None:
        self.getPlotItem().setLabel("left", text, color=AXIS)

    # -- curves ---------------------------------------------------------------------
    def set_curve(self, key: tuple[str, str], index: int) -> pg.PlotCurveItem:
        curve = self.curves.get(key)
        if curve is None:
            curve = pg.PlotCurveItem(connect="finite", antialias=False)
            curve.setZValue(10)
            self.addItem(curve, ignoreBounds=True)
            self.curves[key] = curve
        curve.setPen(curve_pen(index))
        return curve

    def remove_curve(self, key: tuple[str, str]) -> None:
        curve = self.curves.pop(key, None)
        if curve is not None:
            self.removeItem(curve)

    def show_data(self, key: tuple[str, str], x: np.ndarray, y: np.ndarray) -> None:
        self.curves[key].setData(x, y, connect="finite", skipFiniteCheck=True)

    # -- thresholds and alarms ------------------------------------------------------------
    def set_thresholds(self, lines: list[tuple[tuple[str, str], str, float, float, str]]) -> None:
        """(point key, condition, value in units, position on the y axis, label) each."""
        for old in self.thresholds:
            self.removeItem(old.item)
        self.thresholds = []
        for key, condition, value, position, text in lines:
            colour = threshold_colour(condition)
            item = pg.InfiniteLine(pos=position, angle=0, movable=False, pen=pg.mkPen(colour, width=1.5, style=Qt.PenStyle.DashLine),
                                   label=text, labelOpts={"position": 0.02, "color": AXIS, "anchors": [(0, 1), (0, 1)]})
            item.setZValue(5)
            self.addItem(item, ignoreBounds=True)
            self.thresholds.append(ThresholdLine(key, condition, value, item))

    def set_marks(self, marks: list) -> None:
        for old in self.marks:
            self.removeItem(old.item)
        self.marks = []
        for mark in marks:
            priority = Priority(mark.priority)
            colour = look.COLOURS[priority]
            text = f"{look.SYMBOLS[priority]} {mark.condition}"
            item = pg.InfiniteLine(pos=mark.raised_at, angle=90, movable=False, pen=pg.mkPen(colour, width=2),
                                   label=text, labelOpts={"position": 0.96, "color": look.TEXT_ON[priority], "fill": colour,
                                                                  "anchors": [(0, 0), (0, 0)]})
            item.setZValue(20)
            self.addItem(item, ignoreBounds=True)
            self.marks.append(AlarmMarkLine(mark, item))

    # -- cursor -----------------------------------------------------------------------
    def _mouse_moved(self, pos: QPointF) -> None:
        if not self.view.sceneBoundingRect().contains(pos):
            self.cursor.hide()
            return
        at = self.view.mapSceneToView(pos).x()
        self.cursor.setPos(at)
        self.cursor.show()
        self.cursor_moved.emit(at)

    def update_grid(self) -> None:
        """Grid lines at the current ticks; redrawn only when the ticks change."""
        (x0, x1), (y0, y1) = self.view.viewRange()
        xs = [v for _s, values in self._axis.tickValues(x0, x1, max(1.0, self.view.width()))[:2] for v in values]
        ys = [v for _s, values in self.getPlotItem().getAxis("left").tickValues(y0, y1, max(1.0, self.view.height()))[:2] for v in values]
        top, bottom = y1 + (y1 - y0), y0 - (y1 - y0)
        left, right = x0 - (x1 - x0), x1 + (x1 - x0)
        key = (tuple(xs), tuple(ys), round(top, 9), round(left, 3))
        if key == self._grid_key:
            return
        self._grid_key = key
        x = np.array([v for v in xs for _ in (0, 1)] + [c for _ in ys for c in (left, right)], dtype=float)
        y = np.array([c for _ in xs for c in (bottom, top)] + [v for v in ys for _ in (0, 1)], dtype=float)
        self.grid.setData(x, y, connect="pairs")

    def pixel_width(self) -> int:
        return max(1, int(self.view.width()))
