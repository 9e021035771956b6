"""Tells the operator about new alarms while the window is minimised or in the background:
a tray message where the desktop has a tray, and the task bar's attention flag always."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QMainWindow, QSystemTrayIcon

from console.domain.alarms import AlarmChange, Event
from console.services.alarm_feed import AlarmFeed
from widgets import priority as look


class Notifier(QObject):
    def __init__(self, window: QMainWindow, feed: AlarmFeed) -> None:
        super().__init__(window)
        self._window = window
        self.tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = QSystemTrayIcon(QApplication.windowIcon(), self)
            self.tray.activated.connect(self._bring_forward)
            self.tray.show()
        self.notified = 0
        feed.listen(self.on_change)

    def on_change(self, change: AlarmChange) -> None:
        if change.event is not Event.RAISED or not change.alarm.in_main_list:
            return
        if self._window.isActiveWindow() and not self._window.isMinimized():
            return
        self.notified += 1
        QApplication.alert(self._window)
        if self.tray is not None:
            alarm = change.alarm
            title = f"{look.SYMBOLS[alarm.priority]} {look.label(alarm.priority)} · {look.condition_label(alarm.condition)}"
            self.tray.showMessage(title, f"{alarm.point} {alarm.text}".strip(), QSystemTrayIcon.MessageIcon.Warning, 10_000)

    def _bring_forward(self, *_args) -> None:
        self._window.showNormal()
        self._window.raise_()
        self._window.activateWindow()
