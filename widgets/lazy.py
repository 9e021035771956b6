"""A panel's content built when it is first needed, not at start-up.

The trend plots and the review's charts need pyqtgraph (with numpy), the costliest import of the
window; the first window does not show them. ``LazyWidget`` holds their place: it builds its
content the first time it is shown (just after the window has been drawn), or when its content is
asked for (an alarm selected, a query answered)."""

from __future__ import annotations

from typing import Callable, Generic, TypeVar

from PySide6.QtCore import QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

W = TypeVar("W", bound=QWidget)


class LazyWidget(QWidget, Generic[W]):
    def __init__(self, factory: Callable[[], W], on_built: Callable[[W], None] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._factory = factory
        self._on_built = on_built
        self._content: W | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    @property
    def built(self) -> bool:
        return self._content is not None

    @property
    def content(self) -> W:
        """The content, built now if it was not yet."""
        if self._content is None:
            content = self._factory()
            self._content = content
            self._layout.addWidget(content)
            if self._on_built is not None:
                self._on_built(content)
            return content
        return self._content

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._content is None:
            QTimer.singleShot(0, self, self._build_if_shown)  # after the window has been drawn

    def _build_if_shown(self) -> None:
        if self._content is None and self.isVisible():
            self.content  # noqa: B018  # built for its effect
