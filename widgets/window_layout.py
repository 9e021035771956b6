"""Where the window and its panels are: fitted to the screen at start, saved per workstation.

The window opens on the available geometry of its screen (maximised), or where the operator
left it on this workstation: the window's geometry, which panels are docked, floating (on a
second screen) or closed, and the alarm list's columns. A saved place that no longer fits any
screen (a monitor removed, a smaller one) is not used: the window fits the screen it is on.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QByteArray, QRect, QSettings
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QMainWindow

log = logging.getLogger("widgets.window_layout")

VERSION = 1  # bump when the panels change so that an old saved state is not applied


class HasColumns(Protocol):
    def save_columns(self) -> bytes: ...
    def restore_columns(self, state: bytes) -> bool: ...


def screen_of(window: QMainWindow) -> QScreen:
    screen = window.screen() or QGuiApplication.primaryScreen()
    assert screen is not None, "Qt has no screen"
    return screen


def fit_to_screen(window: QMainWindow, screen: QScreen | None = None) -> QRect:
    """The window takes the available geometry of its screen (the task bar stays visible)."""
    area = (screen or screen_of(window)).availableGeometry()
    window.setGeometry(area)
    return area


def fits_a_screen(rect: QRect) -> bool:
    """Most of the rectangle is on one screen, and it is no larger than that screen."""
    for screen in QGuiApplication.screens():
        area = screen.availableGeometry()
        if rect.width() <= area.width() and rect.height() <= area.height() and area.intersects(rect):
            overlap = area.intersected(rect)
            if overlap.width() * overlap.height() >= 0.5 * rect.width() * rect.height():
                return True
    return False


class LayoutStore:
    """The window's place, its panels and the list's columns, in one file per workstation."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _settings(self) -> QSettings:
        return QSettings(str(self.path), QSettings.Format.IniFormat)

    def save(self, window: QMainWindow, columns: HasColumns | None = None) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            log.warning("window layout not saved (%s): %s", self.path, exc)
            return
        store = self._settings()
        store.setValue("version", VERSION)
        place = window.geometry()
        store.setValue("place", f"{place.x()},{place.y()},{place.width()},{place.height()}")
        store.setValue("state", window.saveState(VERSION))
        store.setValue("maximized", window.isMaximized())
        if columns is not None:
            store.setValue("columns", QByteArray(columns.save_columns()))
        store.sync()

    def restore(self, window: QMainWindow, columns: HasColumns | None = None) -> bool:
        """True when the saved layout was applied; otherwise the window is fitted to its screen."""
        store = self._settings()
        if not self.path.exists() or str(store.value("version", 0)) != str(VERSION):
            fit_to_screen(window)
            return False
        place = _rect(store.value("place"))
        if place is not None and fits_a_screen(place):
            window.setGeometry(place)
        else:
            fit_to_screen(window)
        state = store.value("state")
        if isinstance(state, QByteArray) and window.restoreState(state, VERSION):
            keep = getattr(window, "keep_panel_sizes", None)
            if keep is not None:
                keep()
        else:
            log.warning("saved panel layout in %s not applied", self.path)
        saved_columns = store.value("columns")
        if columns is not None and isinstance(saved_columns, QByteArray):
            columns.restore_columns(bytes(saved_columns.data()))
        return True


def _rect(text: object) -> QRect | None:
    try:
        x, y, w, h = (int(part) for part in str(text).split(","))
    except ValueError:
        return None
    return QRect(x, y, w, h) if w > 0 and h > 0 else None
