"""Panels whose content the first window does not show are built when first needed (start-up)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from widgets.lazy import LazyWidget


def test_built_when_first_shown_not_before(qtbot):
    made: list[QLabel] = []
    seen: list[QLabel] = []

    def make() -> QLabel:
        made.append(QLabel("trend"))
        return made[-1]

    holder: LazyWidget[QLabel] = LazyWidget(make, seen.append)
    qtbot.addWidget(holder)
    assert not holder.built and made == []  # built with the window: nothing made yet
    holder.show()
    qtbot.waitUntil(lambda: holder.built, timeout=5_000)  # just after it is drawn
    assert made == seen and made[0].parent() is holder
    assert holder.content is made[0] and len(made) == 1  # once


def test_built_at_once_when_its_content_is_asked_for(qtbot):
    holder: LazyWidget[QLabel] = LazyWidget(lambda: QLabel("charts"))
    qtbot.addWidget(holder)
    assert holder.content.text() == "charts" and holder.built  # hidden, but a query's answer needs it now
