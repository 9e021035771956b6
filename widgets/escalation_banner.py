"""The escalation banner: alarms past their acknowledgment or handling deadline."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel


class EscalationBanner(QFrame):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("escalationBanner")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        self.text = QLabel()
        self.text.setWordWrap(True)  # a long message takes two lines, not the window's width
        self.text.setObjectName("escalationText")
        layout.addWidget(self.text, 1)
        self.hide()

    def show_overdue(self, ack_overdue: int, handling_overdue: int) -> None:
        if not (ack_overdue or handling_overdue):
            self.hide()
            return
        parts = []
        if ack_overdue:
            parts.append(self.tr("%n alarm(s) not acknowledged in time", "", ack_overdue))
        if handling_overdue:
            parts.append(self.tr("%n alarm(s) not handled in time", "", handling_overdue))
        self.text.setText(self.tr("‼ OVERDUE: %1. Escalation sent.").replace("%1", "; ".join(parts)))
        self.show()
