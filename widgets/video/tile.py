"""One video tile: a caption (camera, enterprise, state) over the picture.

The picture is either a native child window that libvlc draws into (X11, Windows: its window id
goes to the core), or frames drawn here from the core's plain frame data (offscreen, Wayland).
Without a picture the tile says why: no camera, connecting, or "no signal since" the time it
was lost. No libvlc here (widgets never import vlc).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QStackedWidget, QVBoxLayout, QWidget

from console.services.video.health import TileState

SURFACE = "#101214"  # the picture's background: dark, neutral
TIME_FORMAT = "%H:%M:%S"


class ImageSurface(QWidget):
    """Draws the newest frame, scaled to fit with the picture's aspect kept."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self._image: QImage | None = None
        self._data: bytes = b""  # the QImage does not copy: keep its bytes alive
        self.aspect = 0.0
        self.painted = 0

    def show_frame(self, frame: Any, aspect: float) -> None:
        """``frame``: console.services.video.frames.Frame (BGRX bytes, width, height)."""
        self._data = frame.data
        self._image = QImage(self._data, frame.width, frame.height, frame.width * 4, QImage.Format.Format_RGB32)
        self.aspect = aspect or frame.width / max(1, frame.height)
        self.update()

    def clear(self) -> None:
        self._image = None
        self._data = b""
        self.update()

    def image(self) -> QImage | None:
        return self._image

    def picture_rect(self) -> QRectF:
        w, h = self.width(), self.height()
        if not self.aspect or not w or not h:
            return QRectF(0, 0, w, h)
        pw: float
        ph: float
        if w / h > self.aspect:
            pw, ph = h * self.aspect, h
        else:
            pw, ph = w, w / self.aspect
        return QRectF((w - pw) / 2, (h - ph) / 2, pw, ph)

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt)
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(SURFACE))
        if self._image is not None:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
            painter.drawImage(self.picture_rect(), self._image)
            self.painted += 1
        painter.end()


class WindowSurface(QWidget):
    """A native window of its own, for libvlc to draw into."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_NativeWindow)
        self.setAttribute(Qt.WidgetAttribute.WA_DontCreateNativeAncestors)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setAutoFillBackground(False)
        self.setStyleSheet(f"background: {SURFACE};")

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt): libvlc draws; only the empty window is filled
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(SURFACE))
        painter.end()


class VideoTile(QFrame):
    clicked = Signal(int)
    double_clicked = Signal(int)
    pin_toggled = Signal(int, bool)
    resized = Signal(int, int, int)  # index, width, height of the picture area

    def __init__(self, index: int, native: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.index = index
        self.setObjectName("videoTile")
        self.setFrameShape(QFrame.Shape.Box)
        self.setLineWidth(2)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(QSize(120, 90))
        self.info: Any = None

        self.caption = QLabel()
        self.caption.setObjectName("videoCaption")
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        self.caption.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # cut, never overlapping
        self.state = QLabel()
        self.state.setObjectName("videoState")
        self.pin = QPushButton(self.tr("Pin"))
        self.pin.setObjectName("videoPin")
        self.pin.setCheckable(True)
        self.pin.setToolTip(self.tr("Keep this camera here: new alarms do not switch this tile"))
        self.pin.toggled.connect(lambda on: self.pin_toggled.emit(self.index, on))
        header = QHBoxLayout()
        header.setContentsMargins(4, 2, 4, 2)
        header.addWidget(self.caption, 1)
        header.addSpacing(8)
        header.addWidget(self.state)
        header.addWidget(self.pin)

        self.surface: QWidget = WindowSurface() if native else ImageSurface()
        self.surface.setObjectName("videoSurface")
        self.message = QLabel()
        self.message.setObjectName("videoMessage")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"background: {SURFACE}; color: #E8E8E8; font-size: 16px; font-weight: bold;")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.surface)
        self.stack.addWidget(self.message)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(0)
        layout.addLayout(header)
        layout.addWidget(self.stack, 1)
        self.set_current(False)
        self.show_info(None)

    @property
    def native(self) -> bool:
        return isinstance(self.surface, WindowSurface)

    def window_id(self) -> int:
        return int(self.surface.winId())

    def set_current(self, current: bool) -> None:
        self.setStyleSheet("QFrame#videoTile { border: 2px solid %s; }" % ("#1B1B1B" if current else "#9A9C9E"))

    def show_info(self, info: Any, unavailable: str = "") -> None:
        """``info``: console.services.video.wall.TileInfo (None: empty tile)."""
        self.info = info
        camera = info.camera if info is not None else None
        state = info.state if info is not None else TileState.IDLE
        if camera is None:
            self.caption.setText(self.tr("Tile %1").replace("%1", str(self.index + 1)))
        else:
            self.caption.setText(f"{camera.code}  {camera.name} · {info.enterprise_name}")
            self.caption.setToolTip(f"{camera.code}  {camera.name}\n{info.enterprise_name}")
        self.pin.blockSignals(True)
        self.pin.setChecked(bool(info and info.pinned))
        self.pin.blockSignals(False)
        if unavailable:
            self._say(self.tr("Video unavailable: %1").replace("%1", unavailable), "")
        elif state is TileState.PLAYING:
            self.state.setText(self.tr("● Live"))
            self.stack.setCurrentIndex(0)
        elif state is TileState.CONNECTING:
            self._say(self.tr("Connecting…"), self.tr("Connecting…"))
        elif state is TileState.WITHHELD:
            self._say(self.tr("Live picture after sign-in"), self.tr("Not signed in"))
        elif state is TileState.NO_SIGNAL:
            since = dt.datetime.fromtimestamp(info.lost_at).strftime(TIME_FORMAT) if info.lost_at else ""
            self._say(self.tr("⊘ NO SIGNAL since %1\nreconnecting by itself").replace("%1", since),
                      self.tr("⊘ No signal"))
        else:
            self._say(self.tr("No camera. Select an alarm, or double-click a camera in the list."), "")
        if state is not TileState.PLAYING and isinstance(self.surface, ImageSurface):
            self.surface.clear()

    def _say(self, message: str, state: str) -> None:
        self.message.setText(message)
        self.state.setText(state)
        self.stack.setCurrentIndex(1)

    def show_frame(self, frame: Any, aspect: float) -> None:
        if isinstance(self.surface, ImageSurface) and frame is not None:
            self.surface.show_frame(frame, aspect)

    def mousePressEvent(self, event) -> None:  # noqa: N802 (Qt)
        self.clicked.emit(self.index)
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802 (Qt)
        self.double_clicked.emit(self.index)
        super().mouseDoubleClickEvent(event)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt)
        super().resizeEvent(event)
        size = self.stack.size()
        self.resized.emit(self.index, size.width(), size.height())
