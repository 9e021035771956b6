"""Inline form to record how an alarm was handled (处置): a category and what was done."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton

from console.domain.alarms import HandlingCategory
from console.services.review import labels


def category_label(category: HandlingCategory | str) -> str:
    return labels.handling_category(category.value if isinstance(category, HandlingCategory) else category)


class HandlingBar(QFrame):
    handle_requested = Signal(str, str, str)  # alarm key, category value, description

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("handlingBar")
        self._key: str | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        self.title = QLabel()
        self.title.setObjectName("handlingTitle")
        self.category = QComboBox()
        self.category.setObjectName("handlingCategory")
        self.category.addItem(self.tr("— category —"), "")
        for category in HandlingCategory:
            self.category.addItem(category_label(category), category.value)
        self.description = QLineEdit()
        self.description.setObjectName("handlingDescription")
        self.description.setPlaceholderText(self.tr("What was found and done (required)"))
        self.description.setMaxLength(2000)
        self.ok = QPushButton(self.tr("Record handling"))
        self.ok.setObjectName("handlingOk")
        self.cancel = QPushButton(self.tr("Cancel"))
        self.cancel.setObjectName("handlingCancel")
        self.message = QLabel()
        self.message.setObjectName("handlingMessage")
        for w in (self.title, self.category, self.description, self.ok, self.cancel, self.message):
            layout.addWidget(w)
        layout.setStretch(2, 1)
        self.ok.clicked.connect(self._submit)
        self.description.returnPressed.connect(self._submit)
        self.cancel.clicked.connect(self.hide)
        self.hide()

    @property
    def key(self) -> str | None:
        return self._key if self.isVisible() else None

    def ask(self, key: str, label: str) -> None:
        self._key = key
        self.title.setText(self.tr("Handling of %1:").replace("%1", label))
        self.category.setCurrentIndex(0)
        self.description.clear()
        self.message.clear()
        self.show()
        self.category.setFocus()

    def _submit(self) -> None:
        category = self.category.currentData()
        description = self.description.text().strip()
        if not category:
            self.message.setText(self.tr("Choose a category."))
            self.category.setFocus()
            return
        if not description or self._key is None:
            self.message.setText(self.tr("Describe what was done."))
            self.description.setFocus()
            return
        key = self._key
        self.hide()
        self.handle_requested.emit(key, category, description)
