"""Where a window of its own (a file chooser, the settings window) goes: beside the alarm list,
never over it — over the panels on the right, or on another screen when they are too narrow."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

MIN_WIDTH = 480


def beside_the_list(dialog: QWidget, anchor: QWidget) -> QRect:
    """Place ``dialog`` (a top-level window) beside the alarm list of ``anchor``'s main window."""
    window = anchor.window()
    list_rect = getattr(window, "list_rect", None)
    if list_rect is None:
        return dialog.geometry()
    alarms: QRect = list_rect()
    frame = window.frameGeometry()
    free = QRect(alarms.right() + 1, frame.top(), frame.right() - alarms.right(), frame.height())
    if free.width() < MIN_WIDTH:
        other = next((s.availableGeometry() for s in QGuiApplication.screens()
                      if not s.availableGeometry().intersects(alarms)), None)
        if other is not None:
            free = other
    width = max(min(free.width(), max(dialog.sizeHint().width(), MIN_WIDTH)), min(MIN_WIDTH, free.width()))
    height = min(free.height(), max(dialog.sizeHint().height(), 420))
    target = QRect(free.left() + max(0, (free.width() - width) // 2), free.top() + max(0, (free.height() - height) // 3),
                   width, height)
    dialog.setGeometry(target)
    return target
