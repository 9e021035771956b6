"""The coverage banner: areas of responsibility whose desk is unattended, fallen to this workstation."""

from __future__ import annotations

from typing import Callable, Iterable

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel


class AreasBanner(QFrame):
    """``name_of(code)``: an enterprise's name for the text."""

    def __init__(self, name_of: Callable[[str], str], parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("areasBanner")
        self._name_of = name_of
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        self.text = QLabel()
        self.text.setObjectName("areasText")
        self.text.setWordWrap(True)
        layout.addWidget(self.text, 1)
        self.hide()

    def show_taken_over(self, areas: Iterable[str]) -> None:
        names = sorted(self._name_of(code) for code in areas)
        if not names:
            self.hide()
            return
        self.text.setText(self.tr("Area %1 unattended: its alarms have been moved to this workstation.")
                          .replace("%1", "、".join(names)))
        self.show()
