"""The operator's screen on the screens a duty room has (1280×720 to 2560×1440), in
Chinese and English: the window fits its screen; with every banner and form open, and after
opening each other panel, every action button, the status bar and the alarm list stay visible.
Panels detach to a second screen and the layout comes back per workstation."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDockWidget, QWidget

from tests.helpers.console import RunningConsole
from widgets.window_layout import LayoutStore, fit_to_screen

ENT = "91350200MA00000001"
ADMIN = ("admin", "pw-admin-1", "管理员", "admin")
SIZES = ((1280, 720), (1366, 768), (1920, 1080), (2560, 1440))


def _screen(width: int, height: int):
    for screen in QGuiApplication.screens():
        if screen.geometry().width() == width and screen.geometry().height() == height:
            return screen
    pytest.fail(f"no {width}x{height} screen: tests/helpers/screens.json is not in use ({QGuiApplication.screens()})")


def _global(widget: QWidget) -> QRect:
    return QRect(widget.mapToGlobal(widget.rect().topLeft()), widget.size())


def _open_everything(running: RunningConsole) -> None:
    window = running.window
    window.escalation.show_overdue(3, 2)
    window.flood.show_flood(True, 42)
    window.presence.show_check(time.time())
    window.confirm.ask(window.tr("Acknowledge all %n visible alarm(s) as %1?", "", 12).replace("%1", "管理员"))
    window.handling.ask(f"{ENT}/GT-1/H", "GT-1 一号罐区 可燃气体")
    window.shelve.ask_shelve(f"{ENT}/GT-1/H", ENT, "GT-1", "GT-1 一号罐区 可燃气体")


def _check_fits(running: RunningConsole, area: QRect, what: str) -> None:
    window = running.window
    QApplication.processEvents()
    shown = window.frameGeometry()
    assert area.contains(shown), f"{what}: the window {shown} leaves the screen {area}"
    hint = window.minimumSizeHint()
    assert hint.width() <= area.width() and hint.height() <= area.height(), f"{what}: needs at least {hint}"
    inside = _global(window)
    buttons = [b for b in window.action_bar.findChildren(QWidget) if b.objectName().endswith("Button") and not b.isHidden()]
    assert len(buttons) >= 9, f"{what}: {[b.objectName() for b in buttons]}"
    for button in buttons:
        assert button.isVisible(), f"{what}: {button.objectName()} hidden"
        assert inside.contains(_global(button)), f"{what}: {button.objectName()} cut off at {_global(button)}"
    for part in (window.statusBar(), window.view, window.feedback, window.handling, window.confirm):
        assert part.isVisible() and inside.contains(_global(part)), f"{what}: {part.objectName()} not in view"
    assert window.view.viewport().height() >= 2 * window.view.verticalHeader().defaultSectionSize(), f"{what}: list squeezed"
    for banner in (window.escalation, window.flood, window.presence, window.shelve):
        assert banner.isVisible(), f"{what}: {banner.objectName()} not shown"


@pytest.mark.parametrize("language", ["zh_CN", "en"])
@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_the_window_fits_with_everything_open(qtbot, make_settings, language, size):
    running = RunningConsole(qtbot, make_settings(**{"ui.language": language}), users=(ADMIN,))
    try:
        window = running.window
        area = fit_to_screen(window, _screen(*size))
        running.sign_in("admin", "pw-admin-1")
        _open_everything(running)
        _check_fits(running, area, f"{size} {language}, all bars and forms open")
        names = ["video", "detail", "overview", "trends", "points", "hidden", "review", "users", "roster", "areas", "handover"]
        for name in names:
            assert window.show_panel(name), name
            qtbot.waitUntil(lambda n=name: window.panel(n).isVisible())
            _check_fits(running, area, f"{size} {language}, panel {name} open")
        window.start_handover()
        _check_fits(running, area, f"{size} {language}, handover running")
        assert window.width() <= area.width() and window.height() <= area.height()
    finally:
        running.close()


def test_the_list_gets_most_of_a_wide_window(qtbot, make_settings):
    running = RunningConsole(qtbot, make_settings())
    try:
        window = running.window
        window.setGeometry(QRect(0, 0, 1600, 900))
        window.default_layout()
        qtbot.waitUntil(lambda: window.centralWidget().width() >= 0.6 * 1600)
    finally:
        running.close()


def test_no_panel_ever_takes_the_place_of_the_list(qtbot, make_settings):
    running = RunningConsole(qtbot, make_settings(), users=(ADMIN,))
    try:
        running.sign_in("admin", "pw-admin-1")
        window = running.window
        for name in ("trends", "points", "review", "users", "hidden", "overview", "roster", "areas"):
            window.show_panel(name)
            QApplication.processEvents()
            assert window.view.isVisible() and window.centralWidget().isVisible(), name
    finally:
        running.close()


def test_a_panel_detached_to_a_second_screen_comes_back_there(qtbot, make_settings, tmp_path):
    settings = make_settings()
    store = LayoutStore(tmp_path / "layout" / "test-station.ini")
    running = RunningConsole(qtbot, settings)
    try:
        window = running.window
        fit_to_screen(window, _screen(1366, 768))
        video = window.panel("video")
        assert isinstance(video, QDockWidget)
        second = _screen(1920, 1080).availableGeometry()
        video.setFloating(True)
        video.setGeometry(QRect(second.left() + 100, second.top() + 100, 800, 600))
        qtbot.waitUntil(lambda: second.contains(video.geometry().center()))
        window.view.setColumnHidden(8, True)  # the operator's columns come back too
        store.save(window, window.view)
    finally:
        running.close()
    assert store.path.stat().st_size > 0

    again = RunningConsole(qtbot, settings, users=())  # the same duty log: its users are there
    try:
        window = again.window
        assert store.restore(window, window.view)
        video = window.panel("video")
        assert video.isFloating()
        qtbot.waitUntil(lambda: second.contains(video.geometry().center()))
        assert _screen(1366, 768).availableGeometry().contains(window.geometry().center())
        assert window.view.isColumnHidden(8)
    finally:
        again.close()


def test_a_layout_that_fits_no_screen_is_not_used(qtbot, make_settings, tmp_path):
    store = LayoutStore(tmp_path / "layout.ini")
    running = RunningConsole(qtbot, make_settings())
    try:
        window = running.window
        window.setGeometry(QRect(9000, 9000, 1600, 900))  # a monitor that is gone
        store.save(window)
        assert store.restore(window)
        screen = window.screen().availableGeometry()
        assert screen.contains(window.geometry())
    finally:
        running.close()


def test_f2_returns_to_the_list(qtbot, make_settings):
    running = RunningConsole(qtbot, make_settings())
    try:
        window = running.window
        window.show_panel("points")
        window.points.setFocus()
        window.focus_list()
        assert window.view.hasFocus() or QApplication.focusWidget() is window.view
    finally:
        running.close()
