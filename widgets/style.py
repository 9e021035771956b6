"""The control-room style sheet (ISA-101: grey surfaces, colour only for abnormal states)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from console.infrastructure import resource_files


def apply(app: QApplication) -> None:
    app.setStyle("Fusion")
    app.setStyleSheet(resource_files.read_text("styles", "console.qss"))
