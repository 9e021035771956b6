"""The flood banner: shown while more alarms arrive than one operator can handle."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel


class FloodBanner(QFrame):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("floodBanner")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        self.text = QLabel()
        self.text.setWordWrap(True)  # a long message takes two lines, not the window's width
        self.text.setObjectName("floodText")
        layout.addWidget(self.text, 1)
        self.hide()

    def show_flood(self, in_flood: bool, rate: int) -> None:
        if not in_flood:
            self.hide()
            return
        self.text.setText(
            self.tr("ALARM FLOOD: %1 new alarms in 10 minutes. The first alarm of each enterprise and area is "
                    "marked first out; the list stays in priority order.").replace("%1", str(rate))
        )
        self.show()
