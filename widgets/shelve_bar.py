"""Inline form to shelve an alarm or take its point out of service: a reason is required."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton

DURATIONS_MIN = (15, 60, 240, 480)


class ShelveBar(QFrame):
    shelve_requested = Signal(str, str, float)  # alarm key, reason, seconds
    out_of_service_requested = Signal(str, str, str)  # enterprise, point, reason

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("shelveBar")
        self._target: tuple[str, str, str] | None = None  # key, enterprise, point
        self._mode = "shelve"
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        self.title = QLabel()
        self.title.setObjectName("shelveTitle")
        self.reason = QLineEdit()
        self.reason.setObjectName("shelveReason")
        self.reason.setPlaceholderText(self.tr("Reason (required)"))
        self.duration = QComboBox()
        self.duration.setObjectName("shelveDuration")
        for minutes in DURATIONS_MIN:
            label = self.tr("%n minute(s)", "", minutes) if minutes < 60 else self.tr("%n hour(s)", "", minutes // 60)
            self.duration.addItem(label, minutes * 60.0)
        self.ok = QPushButton(self.tr("Confirm"))
        self.ok.setObjectName("shelveOk")
        self.cancel = QPushButton(self.tr("Cancel"))
        self.cancel.setObjectName("shelveCancel")
        self.message = QLabel()
        self.message.setObjectName("shelveMessage")
        for w in (self.title, self.reason, self.duration, self.ok, self.cancel, self.message):
            layout.addWidget(w)
        layout.setStretch(1, 1)
        self.ok.clicked.connect(self._submit)
        self.reason.returnPressed.connect(self._submit)
        self.cancel.clicked.connect(self.hide)
        self.hide()

    def ask_shelve(self, key: str, enterprise: str, point: str, label: str) -> None:
        self._open("shelve", key, enterprise, point, self.tr("Shelve %1:").replace("%1", label))

    def ask_out_of_service(self, key: str, enterprise: str, point: str, label: str) -> None:
        self._open("oos", key, enterprise, point, self.tr("Take point %1 out of service:").replace("%1", label))

    def _open(self, mode: str, key: str, enterprise: str, point: str, title: str) -> None:
        self._mode, self._target = mode, (key, enterprise, point)
        self.title.setText(title)
        self.duration.setVisible(mode == "shelve")
        self.reason.clear()
        self.message.clear()
        self.show()
        self.reason.setFocus()

    def _submit(self) -> None:
        reason = self.reason.text().strip()
        if not reason or self._target is None:
            self.message.setText(self.tr("A reason is required."))
            self.reason.setFocus()
            return
        key, enterprise, point = self._target
        self.hide()
        if self._mode == "shelve":
            self.shelve_requested.emit(key, reason, float(self.duration.currentData()))
        else:
            self.out_of_service_requested.emit(enterprise, point, reason)
