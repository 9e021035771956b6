"""An inline yes/no question above the alarm list: it never hides an incoming alarm."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton


class ConfirmBar(QFrame):
    accepted = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("confirmBar")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        self.question = QLabel()
        self.question.setWordWrap(True)  # a long message takes two lines, not the window's width
        self.question.setObjectName("confirmQuestion")
        self.yes = QPushButton(self.tr("Yes, acknowledge"))
        self.yes.setObjectName("confirmYes")
        self.no = QPushButton(self.tr("Cancel"))
        self.no.setObjectName("confirmNo")
        layout.addWidget(self.question, 1)
        layout.addWidget(self.yes)
        layout.addWidget(self.no)
        self.yes.clicked.connect(self._accept)
        self.no.clicked.connect(self.hide)
        self.hide()

    def ask(self, question: str) -> None:
        self.question.setText(question)
        self.show()
        self.no.setFocus()

    def _accept(self) -> None:
        self.hide()
        self.accepted.emit()
