"""The report's charts drawn as images for the PDF (QPainter on a QImage, usable off the GUI
thread): black and grey on white, readable when printed; the window's charts are pyqtgraph."""

from __future__ import annotations

from typing import Sequence

import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen

from widgets import fonts
from widgets.trends.time_axis import time_label

INK = QColor("#000000")
GREY = QColor("#7A7A7A")
LIGHT = QColor("#BDBDBD")
GRID = QColor("#D0D0D0")


def _canvas(width: int, height: int, font_px: int = 26) -> tuple[QImage, QPainter, QFont]:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#FFFFFF"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    font = QFont()
    family = fonts.cjk_family()
    if family:
        font.setFamilies([family])
    font.setPixelSize(font_px)
    painter.setFont(font)
    return image, painter, font


def _axes(painter: QPainter, plot: QRectF, top: float, unit: str) -> None:
    painter.setPen(QPen(GRID, 1))
    for i in range(1, 5):
        y = plot.bottom() - plot.height() * i / 4
        painter.drawLine(int(plot.left()), int(y), int(plot.right()), int(y))
    painter.setPen(QPen(INK, 2))
    painter.drawLine(int(plot.left()), int(plot.bottom()), int(plot.right()), int(plot.bottom()))
    painter.drawLine(int(plot.left()), int(plot.top()), int(plot.left()), int(plot.bottom()))
    for i in (0, 2, 4):
        value = top * i / 4
        y = plot.bottom() - plot.height() * i / 4
        text = f"{value:.0f}" if top >= 8 or value == int(value) else f"{value:.1f}"
        painter.drawText(QRectF(0, y - 18, plot.left() - 8, 36), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)
    painter.drawText(QRectF(plot.left() + 6, 2, 600, plot.top() - 4), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, unit)


def _nice(top: float) -> float:
    if top <= 0:
        return 1.0
    magnitude = 10 ** np.floor(np.log10(top))
    for step in (1, 2, 2.5, 5, 10):
        if top <= step * magnitude:
            return float(step * magnitude)
    return float(10 * magnitude)


def hourly_image(starts: np.ndarray, counts: np.ndarray, width: int, unit: str) -> QImage:
    """Alarms per hour: one bar an hour, the dates under the axis."""
    height = width // 4
    image, painter, _font = _canvas(width, height)
    plot = QRectF(100, 44, width - 120, height - 100)
    top = _nice(float(counts.max()) if len(counts) else 1.0)
    _axes(painter, plot, top, unit)
    n = max(1, len(counts))
    step = plot.width() / n
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(GREY)
    for i, c in enumerate(counts):
        if c:
            h = plot.height() * float(c) / top
            painter.drawRect(QRectF(plot.left() + i * step, plot.bottom() - h, max(1.0, step * 0.85), h))
    painter.setPen(QPen(INK, 1))
    hours = len(counts)
    every = 1 if hours <= 24 else 6 if hours <= 72 else 24 if hours <= 24 * 16 else 24 * 7
    kind = "minute" if hours <= 48 else "date"
    last_right = -1e9
    for i in range(0, hours, every):
        x = plot.left() + i * step
        label = time_label(float(starts[i]), kind)
        if x - 40 > last_right:
            painter.drawText(QRectF(x - 60, plot.bottom() + 6, 120, 40), Qt.AlignmentFlag.AlignHCenter, label)
            last_right = x + 60
    painter.end()
    return image


def bars_image(labels: Sequence[str], values: Sequence[float], width: int, unit: str) -> QImage:
    """One labelled bar per value, its number on top."""
    height = width // 4
    image, painter, _font = _canvas(width, height)
    plot = QRectF(100, 44, width - 120, height - 100)
    top = _nice(max(values) if values else 1.0)
    _axes(painter, plot, top, unit)
    n = max(1, len(values))
    step = plot.width() / n
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        h = plot.height() * float(value) / top
        x = plot.left() + i * step + step * 0.15
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(GREY)
        painter.drawRect(QRectF(x, plot.bottom() - h, step * 0.7, h))
        painter.setPen(QPen(INK, 1))
        painter.drawText(QRectF(x - step * 0.15, plot.bottom() - h - 30, step, 28), Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                         f"{value:g}")
        painter.drawText(QRectF(x - step * 0.15, plot.bottom() + 6, step, 40), Qt.AlignmentFlag.AlignHCenter, label)
    painter.end()
    return image


def operators_image(names: Sequence[str], medians: Sequence[float], p90s: Sequence[float], counts: Sequence[int],
                    width: int, median_label: str, p90_label: str) -> QImage:
    """Operators side by side: for each, the median (dark) and p90 (light) time to acknowledge
    in seconds, and how many they acknowledged."""
    rows = max(1, len(names))
    bar = 34
    height = 80 + rows * (2 * bar + 20)
    image, painter, _font = _canvas(width, height, 28)
    painter.setFont(_font)
    left = 360
    plot = QRectF(left, 60, width - left - 160, height - 80)
    top = _nice(max(list(p90s) + list(medians) + [1.0]))
    painter.setPen(QPen(INK, 1))
    painter.setBrush(INK)
    painter.drawRect(QRectF(left, 12, 22, 22))
    painter.drawText(QRectF(left + 30, 8, 200, 30), Qt.AlignmentFlag.AlignVCenter, median_label)
    painter.setBrush(LIGHT)
    painter.drawRect(QRectF(left + 250, 12, 22, 22))
    painter.drawText(QRectF(left + 280, 8, 200, 30), Qt.AlignmentFlag.AlignVCenter, p90_label)
    painter.drawText(QRectF(left + 500, 8, 300, 30), Qt.AlignmentFlag.AlignVCenter, "(s)")
    for i, name in enumerate(names):
        y = plot.top() + i * (2 * bar + 18)
        painter.setPen(QPen(INK, 1))
        painter.drawText(QRectF(0, y, left - 12, 2 * bar), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                         f"{name} ({counts[i]})")
        for j, (value, colour) in enumerate(((medians[i], INK), (p90s[i], LIGHT))):
            w = plot.width() * float(value) / top
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawRect(QRectF(left, y + j * bar, max(1.0, w), bar - 4))
            painter.setPen(QPen(INK, 1))
            painter.drawText(QRectF(left + w + 6, y + j * bar - 2, 150, bar), Qt.AlignmentFlag.AlignVCenter, f"{value:.1f}")
    painter.end()
    return image
