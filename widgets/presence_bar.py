"""The presence check (在岗确认) bar at the top of the window: conspicuous, inline (it never
covers the alarm list), answered with its button or F12; it shows how long the check has waited."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton


class PresenceBar(QFrame):
    confirm_requested = Signal()

    def __init__(self, clock: Callable[[], float], parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("presenceBar")
        self._clock = clock
        self._asked_at: float | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        self.text = QLabel(self.tr("Presence check: click Confirm or press F12"))
        self.text.setObjectName("presenceText")
        self.elapsed = QLabel()
        self.elapsed.setObjectName("presenceElapsed")
        self.confirm = QPushButton(self.tr("Confirm presence (F12)"))
        self.confirm.setObjectName("presenceConfirm")
        layout.addWidget(self.text, 1)
        layout.addWidget(self.elapsed)
        layout.addWidget(self.confirm)
        self.confirm.clicked.connect(self.confirm_requested)
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._show_elapsed)
        self.hide()

    def show_check(self, asked_at: float) -> None:
        self._asked_at = asked_at
        self._show_elapsed()
        self._timer.start()
        self.show()

    def finish(self, _result: object = None) -> None:
        self._asked_at = None
        self._timer.stop()
        self.hide()

    def _show_elapsed(self) -> None:
        if self._asked_at is None:
            return
        seconds = max(0, int(self._clock() - self._asked_at))
        self.elapsed.setText(self.tr("Waiting %1 s").replace("%1", str(seconds)))
