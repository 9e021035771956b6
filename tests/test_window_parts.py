"""The main window's parts: the action bar (its buttons, keys and what applies to whom, wrapping
on a narrow screen) and the optional parts, which take the same places in whatever order the
composition root adds them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QPushButton, QVBoxLayout, QWidget

from tests.helpers.console import RunningConsole
from widgets.action_bar import ActionBar
from widgets.main_window import MainWindow

ADMIN = (("itadmin", "pw-admin-1", "信息中心", "admin"),)


class Host(QWidget):
    """A window holding an action bar (and keeping it alive)."""

    bar: ActionBar


def shown_bar(qtbot, width: int = 1200) -> Host:
    host = Host()
    QVBoxLayout(host).addWidget(bar := ActionBar())
    qtbot.addWidget(host)
    host.resize(width, 200)
    host.show()
    qtbot.waitExposed(host)
    host.activateWindow()
    qtbot.waitUntil(host.isActiveWindow, timeout=5_000)
    host.bar = bar
    return host


def test_each_button_and_key_says_what_was_asked(qtbot):
    host = shown_bar(qtbot)
    bar = host.bar
    bar.offer_handover()
    bar.offer_settings()
    bar.show_role("admin")
    clicks = [(bar.ack_button, bar.acknowledge_requested), (bar.ack_all_button, bar.acknowledge_all_requested),
              (bar.silence_button, bar.silence_requested), (bar.handle_button, bar.handle_requested),
              (bar.clear_button, bar.clear_requested), (bar.shelve_button, bar.shelve_requested),
              (bar.oos_button, bar.out_of_service_requested), (bar.handover_button, bar.handover_requested),
              (bar.settings_button, bar.settings_requested)]
    for button, signal in clicks:
        with qtbot.waitSignal(signal, timeout=1_000):
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    keys = [(Qt.Key.Key_Space, bar.acknowledge_requested), (Qt.Key.Key_Escape, bar.silence_requested),
            (Qt.Key.Key_F9, bar.handle_requested), (Qt.Key.Key_F10, bar.clear_requested),
            (Qt.Key.Key_F12, bar.presence_answer_requested)]
    for key, signal in keys:
        with qtbot.waitSignal(signal, timeout=1_000):
            qtbot.keyClick(bar, key)


def test_the_buttons_show_what_applies_to_the_one_signed_in(qtbot):
    host = shown_bar(qtbot)
    bar = host.bar
    operating = bar.operating
    assert not any(b.isEnabled() for b in operating)
    assert not bar.handover_button.isVisible() and not bar.settings_button.isVisible()  # not offered yet
    bar.offer_handover()
    bar.offer_settings()
    assert bar.handover_button.isVisible() and not bar.handover_button.isEnabled()  # nobody on duty
    assert not bar.settings_button.isVisible()
    bar.show_role("operator")
    assert all(b.isEnabled() for b in operating) and bar.handover_button.isEnabled()
    assert not bar.settings_button.isVisible()
    bar.show_role("admin")
    assert bar.settings_button.isVisible()
    bar.show_role(None)
    assert not any(b.isEnabled() for b in operating) and not bar.settings_button.isVisible()


def test_the_buttons_wrap_on_a_narrow_screen(qtbot):
    host = shown_bar(qtbot, width=480)
    bar = host.bar
    bar.offer_handover()
    bar.show_role("operator")
    buttons = [b for b in bar.findChildren(QPushButton) if b.isVisible()]
    qtbot.waitUntil(lambda: bar.width() <= 480 and max(b.geometry().right() for b in buttons) < bar.width(), timeout=5_000)
    rows = {b.geometry().top() for b in buttons}
    assert len(rows) >= 3  # nine buttons in 480 px
    assert bar.height() >= bar.heightForWidth(bar.width()) > bar.sizeHint().height()
    rects = [b.geometry() for b in buttons]
    assert not any(a.intersects(b) for i, a in enumerate(rects) for b in rects[i + 1:])


def test_the_action_row_never_needs_more_than_1280_pixels(qtbot, make_settings):
    running = RunningConsole(qtbot, make_settings(**{"video.enabled": False}), users=ADMIN)
    try:
        running.sign_in("itadmin", "pw-admin-1")
        window = running.window
        assert window.settings_button.isVisible() and window.handover_button.isVisible()
        # One button wide (the rest wraps) beside the status line's 220 px.
        assert window.action_row.minimumSize().width() < 500
        assert window.action_bar.sizeHint().width() > 1000  # what one line of them takes
    finally:
        running.close()


def assemble(qtbot, core, order: list[str]) -> MainWindow:
    """The window as console/shell/app.py build_window makes it, with the optional parts in ``order``."""
    window = MainWindow(core.feed, core.desk, core.link, core.intake, core.registry, core.engine, core.details,
                        core.player, core.clock.now, core.editor, presence=core.presence, users=core.users)
    qtbot.addWidget(window)
    parts = {
        "trends": lambda: window.add_trends(core.trends),
        "handover": lambda: window.add_handover(core.handover, core.background, ""),
        "overview": lambda: window.add_overview(core.overview),
        "video": lambda: window.add_video(core.video),
        "review": lambda: window.add_review(core.review, core.trends),
        "areas": lambda: window.add_areas(core.areas),
        "settings": lambda: window.add_settings(lambda: None),
        "notes": lambda: window.add_notes(core.notes),
        "roster": lambda: window.add_rosters(core.rosters, core.settings.station),
    }
    for name in order:
        parts[name]()
    window.resize(1400, 800)
    window.show()
    qtbot.waitExposed(window)
    return window


def layout_of(window: MainWindow) -> tuple:
    """The panels (where each is docked and what it is stacked with, in tab order) and the buttons."""
    docks = sorted(window.findChildren(QDockWidget), key=lambda d: d.objectName())
    bar = window.action_bar.layout()
    return (tuple((d.objectName(), window.dockWidgetArea(d).name, d.isFloating(),
                   tuple(x.objectName() for x in window.tabifiedDockWidgets(d))) for d in docks),
            tuple(bar.itemAt(i).widget().objectName() for i in range(bar.count())))


def test_the_parts_take_the_same_places_in_any_order(qtbot, make_settings):
    running = RunningConsole(qtbot, make_settings(**{"video.enabled": False}), users=ADMIN)
    try:
        as_built = assemble(qtbot, running.core, ["notes", "roster", "trends", "handover", "video", "review", "overview", "areas", "settings"])
        reversed_ = assemble(qtbot, running.core, ["settings", "areas", "overview", "review", "video", "handover", "trends", "roster", "notes"])
        assert layout_of(as_built) == layout_of(reversed_) == layout_of(running.window)
        panels, buttons = layout_of(reversed_)
        assert buttons[-2:] == ("handoverButton", "settingsButton")
        stack = dict((name, (area, floating, stacked)) for name, area, floating, stacked in panels)
        assert stack["videoPanel"] == ("RightDockWidgetArea", False, ())  # above the stack, not in it
        # Stacked behind the detail, in PANEL_ORDER (handover, review, users and areas are closed until needed).
        assert stack["detailPanel"][2] == ("overviewPanel", "trendsPanel", "pointsPanel", "hiddenPanel")
    finally:
        running.close()
