"""Import a sensor data sheet (传感数据填报) into the points, inline in the Points tab.
Only administrators and managers may; problems are listed by row and column, and so, after an
import, are the rows whose kind was inferred."""

from __future__ import annotations

from typing import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QVBoxLayout


class PointsImportBar(QFrame):
    import_requested = Signal(str)  # file path

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("pointsImportBar")
        self.path = QLineEdit()
        self.path.setObjectName("pointsImportPath")
        self.path.setPlaceholderText(self.tr("Sheet file (.xlsx or .csv)"))
        self.button = QPushButton(self.tr("Import sheet"))
        self.button.setObjectName("pointsImportButton")
        self.message = QLabel()
        self.message.setObjectName("pointsImportMessage")
        self.problems = QPlainTextEdit()
        self.problems.setObjectName("pointsImportProblems")
        self.problems.setReadOnly(True)
        self.problems.setMaximumHeight(140)
        self.problems.hide()
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Points sheet:")))
        row.addWidget(self.path, 1)
        row.addWidget(self.button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(self.problems)
        self.button.clicked.connect(self._submit)
        self.path.returnPressed.connect(self._submit)
        self.set_allowed(False)

    def set_allowed(self, allowed: bool) -> None:
        self.button.setEnabled(allowed)
        self.path.setEnabled(allowed)
        self.message.setText("" if allowed else self.tr("Only an administrator or a manager may change the points."))

    def _submit(self) -> None:
        path = self.path.text().strip()
        if path:
            self.button.setEnabled(False)
            self.message.setText(self.tr("Checking the sheet…"))
            self.problems.hide()
            self.import_requested.emit(path)

    def show_imported(self, summary: str, report: Sequence[str] = ()) -> None:
        """The import's summary; ``report``: lines about single rows (the kinds inferred), listed below."""
        self.button.setEnabled(True)
        self.message.setText(self.tr("Imported. %1").replace("%1", summary.replace("\n", "; ")))
        self.problems.setPlainText("\n".join(report))
        self.problems.setVisible(bool(report))

    def show_problems(self, problems: list[str]) -> None:
        self.button.setEnabled(True)
        self.message.setText(self.tr("Not imported, nothing changed: %n problem(s).", "", len(problems)))
        self.problems.setPlainText("\n".join(problems))
        self.problems.show()
