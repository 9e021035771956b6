"""The alarm's video evidence (snapshots, clips) as a tab of the alarm detail.

Shows console.services.video.evidence.EvidenceItem rows handed over as plain data; double-click opens the
file with the system's viewer; a selected snapshot is previewed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Sequence

from PySide6.QtCore import QUrl, Qt
from PySide6.QtGui import QDesktopServices, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget

TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
PREVIEW_HEIGHT = 180


class EvidenceList(QWidget):
    """Adds itself as a tab of ``tabs`` (the alarm detail's)."""

    def __init__(self, tabs: QTabWidget | None = None) -> None:
        super().__init__()
        self.setObjectName("detailEvidence")
        self.occurrence_id = ""
        self.items: list[Any] = []
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("evidenceTable")
        self.table.setHorizontalHeaderLabels([self.tr("Time"), self.tr("Kind"), self.tr("Camera"), self.tr("Operator"), self.tr("Length")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.cellDoubleClicked.connect(self._open)
        self.table.currentCellChanged.connect(lambda row, *_: self._preview(row))
        self.empty = QLabel(self.tr("No snapshot or clip of this alarm yet."))
        self.empty.setObjectName("evidenceEmpty")
        self.preview = QLabel()
        self.preview.setObjectName("evidencePreview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setFixedHeight(PREVIEW_HEIGHT)
        self.preview.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.preview)
        if tabs is not None:
            tabs.addTab(self, self.tr("Video evidence"))
        self.clear()

    def expect(self, occurrence_id: str) -> None:
        """The evidence of this occurrence is asked for; answers for others are ignored."""
        if occurrence_id != self.occurrence_id:
            self.clear()
        self.occurrence_id = occurrence_id

    def clear(self) -> None:
        self.occurrence_id = ""
        self.show_items("", ())

    def show_items(self, occurrence_id: str, items: Sequence[Any]) -> None:
        if occurrence_id != self.occurrence_id:
            return
        self.items = list(items)
        self.table.setRowCount(len(self.items))
        for row, item in enumerate(self.items):
            length = f"{item.duration_s:.0f} s" if item.duration_s else ""
            cells = (dt.datetime.fromtimestamp(item.taken_at).strftime(TIME_FORMAT),
                     self.tr("Snapshot") if item.kind == "snapshot" else self.tr("Clip"),
                     item.camera, item.operator, length)
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(item.path)
                self.table.setItem(row, column, cell)
        self.empty.setVisible(not self.items)
        self.table.setVisible(bool(self.items))
        self._preview(self.table.currentRow())

    def _open(self, row: int, _column: int) -> None:
        if 0 <= row < len(self.items):
            QDesktopServices.openUrl(QUrl.fromLocalFile(self.items[row].path))

    def _preview(self, row: int) -> None:
        item = self.items[row] if 0 <= row < len(self.items) else None
        if item is None or item.kind != "snapshot":
            self.preview.hide()
            return
        pixmap = QPixmap(item.path)
        if pixmap.isNull():
            self.preview.setText(self.tr("File not found: %1").replace("%1", item.path))
        else:
            self.preview.setPixmap(pixmap.scaledToHeight(PREVIEW_HEIGHT, Qt.TransformationMode.SmoothTransformation))
        self.preview.show()
