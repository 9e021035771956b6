"""The main window: lays out the parts and connects them. No business logic here.

The alarm list is the centre and is never hidden: everything else — video, the alarm detail,
the enterprise overview, trends, points, shelved alarms, review, users, handover — is a panel
(a dock) beside it, which the operator may close, stack, or detach to a second screen. Bars
and forms above the list take their room from the list, never from the window; the row of
buttons wraps on a narrow screen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QRect, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDockWidget,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QPushButton,
    QScrollArea,
    QTabBar,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from console.domain.alarm_filter import AlarmFilter
from console.domain.alarms import Alarm, AlarmChange, Event
from console.domain.plant import PlantRegistry
from console.domain.areas import Coverage
from console.domain.roster import may_edit_roster
from console.domain.user_rules import may_assign_areas, may_configure, may_edit_points, may_manage_users, may_review
from widgets import priority as look
from widgets.action_bar import ActionBar
from widgets.alarm_detail import AlarmDetailPanel
from widgets.alarm_notes import AlarmNotesTab
from widgets.alarm_filter_bar import AlarmFilterBar
from widgets.alarm_model import AlarmTableModel
from widgets.alarm_view import AlarmView
from widgets.confirm_bar import ConfirmBar
from widgets.escalation_banner import EscalationBanner
from widgets.flood_banner import FloodBanner
from widgets.areas_banner import AreasBanner
from widgets.handling_bar import HandlingBar
from widgets.handover.view import HandoverPanel
from widgets.notifier import Notifier
from widgets.points_import_bar import PointsImportBar
from widgets.points_view import PointsView
from widgets.presence_bar import PresenceBar
from widgets.returned_section import ReturnedSection
from widgets.shelve_bar import ShelveBar
from widgets.sign_in_bar import SignInBar
from widgets.lazy import LazyWidget
from widgets.status_bar import DutyStatusBar
from widgets.users_view import UsersView

if TYPE_CHECKING:  # the core objects the shell hands in (types only: widgets never build them)
    from console.infrastructure.background import Background
    from console.infrastructure.broker_link import BrokerLink
    from console.infrastructure.sound_player import NullSink, VlcSink
    from console.services.alarm_engine import AlarmEngine
    from console.services.alarm_feed import AlarmFeed
    from console.services.areas import AreaDesk
    from console.services.details import AlarmDetails
    from console.services.duty import DutyDesk
    from console.services.enterprise_overview import EnterpriseOverview
    from console.services.handover_desk import HandoverDesk
    from console.services.history.trend_source import TrendSource
    from console.services.intake import Intake
    from console.services.notes import SharedNotes
    from console.services.rosters import RosterDesk
    from widgets.roster_panel import RosterPanel
    from console.services.plant_editor import PlantEditor
    from console.services.presence_driver import PresenceDriver
    from console.services.review.service import ReviewService
    from console.services.user_admin import UserAdmin
    from console.services.video.wall import VideoWall
    from widgets.areas_view import AreasView
    from widgets.overview.panel import EnterpriseOverviewPanel
    from widgets.trends.view import TrendView

# The panels beside the list, stacked in this order whichever of the optional ones are added and
# in whatever order; the video (when there is one) sits above the stack.
PANEL_ORDER = ("detail", "handover", "overview", "trends", "points", "hidden", "review", "users", "roster", "areas")
LIST_KEY = Qt.Key.Key_F2  # back to the alarm list from anywhere
LIST_SHARE = 0.62  # of the window's width, for the list when the panels are docked beside it
ROW_HEIGHT = 36
COUNTS_MS = 100  # the status bar's counts and the window title, at most this often under a burst


def _button(text: str, name: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    return button


def _scrolling(widget: QWidget, name: str) -> QScrollArea:
    """A panel's content in a scroll area: a wide or tall panel scrolls, it never widens the window."""
    scroll = QScrollArea()
    scroll.setObjectName(name)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidget(widget)
    return scroll


class MainWindow(QMainWindow):
    """The core's Qt objects come in: ``feed`` (AlarmFeed), ``desk`` (DutyDesk), ``link``
    (BrokerLink), ``intake`` (Intake), ``engine`` (AlarmEngine), ``details`` (AlarmDetails),
    ``player`` (the sound sink), ``presence`` (PresenceDriver, optional); widgets only call their
    slots and listen to their signals.

    What the one signed in may do is the services' decision (console/domain/user_rules.py); the
    window asks the same rules only to hide what would be refused. The optional parts
    (``add_trends``, ``add_handover``, ``add_video``, ``add_review``, ``add_overview``,
    ``add_settings``) each take their own fixed place, in whatever order they are added."""

    def __init__(self, feed: AlarmFeed, desk: DutyDesk, link: BrokerLink, intake: Intake, registry: PlantRegistry,
                 engine: AlarmEngine, details: AlarmDetails, player: VlcSink | NullSink, clock: Callable[[], float],
                 editor: PlantEditor, row_height: int = ROW_HEIGHT,
                 presence: PresenceDriver | None = None, users: UserAdmin | None = None) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setDockOptions(QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowTabbedDocks
                            | QMainWindow.DockOption.AllowNestedDocks)
        self.setTabPosition(Qt.DockWidgetArea.RightDockWidgetArea, QTabWidget.TabPosition.North)
        self._desk, self._details, self._clock, self._editor = desk, details, clock, editor
        self._registry = registry
        self._feed = feed
        self.model = AlarmTableModel(feed, registry, self, include=lambda a: a.in_main_list and not a.waits_for_clearing)
        self.view = AlarmView(self.model)
        self.hidden_model = AlarmTableModel(feed, registry, self, include=lambda a: not a.in_main_list)
        self.hidden_view = AlarmView(self.hidden_model)
        self.returned = ReturnedSection(feed, registry)
        for view in (self.view, self.hidden_view, self.returned.view):
            view.set_row_height(row_height)
        self.filter_bar = AlarmFilterBar(registry)
        self.sign_in = SignInBar()
        self.presence = PresenceBar(clock)
        self.confirm = ConfirmBar()
        self.shelve = ShelveBar()
        self.flood = FloodBanner()
        self.areas_banner = AreasBanner(registry.enterprise_name)
        self.escalation = EscalationBanner()
        self.handling = HandlingBar()
        self.detail = AlarmDetailPanel()
        self.points = PointsView()
        self.points.set_registry(registry)
        self.points_import = PointsImportBar()
        points_page = QWidget()
        points_layout = QVBoxLayout(points_page)
        points_layout.setContentsMargins(0, 0, 0, 0)
        points_layout.addWidget(self.points_import)
        points_layout.addWidget(self.points, 1)
        self.status = DutyStatusBar(player=player)
        self.setStatusBar(self.status)

        self.action_bar = bar = ActionBar()
        self.ack_button, self.ack_all_button, self.silence_button = bar.ack_button, bar.ack_all_button, bar.silence_button
        self.handle_button, self.clear_button = bar.handle_button, bar.clear_button
        self.shelve_button, self.oos_button = bar.shelve_button, bar.oos_button
        self.handover_button, self.settings_button = bar.handover_button, bar.settings_button
        self.unshelve_button = _button(self.tr("Unshelve"), "unshelveButton")
        self.in_service_button = _button(self.tr("Return point to service"), "inServiceButton")
        self.feedback = QLabel()
        self.feedback.setObjectName("feedback")
        self.feedback.setWordWrap(True)  # a long message takes two lines, never the window's width
        self.feedback.setMinimumWidth(220)  # room to say which alarm Space took
        self.action_row = actions = QHBoxLayout()  # not "actions": that is QWidget.actions()
        actions.addWidget(bar, 0)  # as wide as one line of buttons needs, wrapping when the room is less
        actions.addWidget(self.feedback, 1)

        hidden_page = QWidget()
        hidden_layout = QVBoxLayout(hidden_page)
        hidden_layout.setContentsMargins(0, 0, 0, 0)
        hidden_buttons = QHBoxLayout()
        hidden_buttons.addWidget(self.unshelve_button)
        hidden_buttons.addWidget(self.in_service_button)
        hidden_buttons.addStretch(1)
        hidden_layout.addLayout(hidden_buttons)
        hidden_layout.addWidget(self.hidden_view, 1)
        self.hidden_page = hidden_page

        self.panels_button = QToolButton()
        self.panels_button.setObjectName("panelsButton")
        self.panels_button.setText(self.tr("Panels"))
        self.panels_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.panels_menu = QMenu(self)
        self.panels_button.setMenu(self.panels_menu)
        filter_row = QHBoxLayout()
        filter_row.setContentsMargins(0, 0, 0, 0)
        filter_row.addWidget(self.filter_bar, 1)
        filter_row.addWidget(self.panels_button)

        central = QWidget()
        central.setObjectName("alarmArea")
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 4, 6, 0)
        layout.setSpacing(4)
        for part in (self.presence, self.sign_in):
            layout.addWidget(part)
        layout.addLayout(actions)
        for banner in (self.escalation, self.areas_banner, self.confirm, self.handling, self.shelve, self.flood):
            layout.addWidget(banner)
        layout.addLayout(filter_row)
        layout.addWidget(self.view, 3)
        layout.addWidget(self.returned, 1)
        self.view.setMinimumHeight(row_height * 3)
        self.setCentralWidget(central)
        self.notifier = Notifier(self, feed)

        self._docks: dict[str, QDockWidget] = {}
        self._video_dock: QDockWidget | None = None
        self._add_panel("detail", self.tr("Alarm detail"), _scrolling(self.detail, "detailScroll"))
        self._add_panel("points", self.tr("Points"), _scrolling(points_page, "pointsScroll"))
        self._add_panel("hidden", "", _scrolling(hidden_page, "hiddenScroll"))
        self.list_shortcut = QShortcut(QKeySequence(LIST_KEY), self)
        self.list_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.list_shortcut.activated.connect(self.focus_list)
        self._share_timer = QTimer(self)
        self._share_timer.setSingleShot(True)
        self._share_timer.setInterval(60)
        self._share_timer.timeout.connect(self._share_width)

        self._counts_timer = QTimer(self)  # under a burst the counts and the title change at most this often
        self._counts_timer.setSingleShot(True)
        self._counts_timer.setInterval(COUNTS_MS)
        self._counts_timer.timeout.connect(self._show_latest_counts)
        self._counts: tuple[int, int] | None = None  # the latest counts, while the timer holds them back

        # Wiring: widgets ← core signals, core ← widget requests.
        feed.counts_changed.connect(self._counts_arrived)
        feed.hidden_counts_changed.connect(self._show_hidden_counts)
        feed.listen(self._tell_remote_change)
        link.state_changed.connect(lambda state, detail: self.status.show_link(state, detail, link.config.describe()))
        intake.rejected_changed.connect(lambda count: self.status.show_rejected(count, intake.rejects.tally.top_enterprises(8)))
        engine.flood_changed.connect(self._show_flood)
        details.ready.connect(self._show_detail)
        desk.operator_changed.connect(self._show_operator)
        desk.sign_in_failed.connect(self.sign_in.show_failure)
        desk.sign_in_locked.connect(self.sign_in.show_locked)
        desk.sign_in_unavailable.connect(self.sign_in.show_unavailable)
        desk.sign_in_not_for_duty.connect(self.sign_in.show_not_for_duty)
        desk.sign_in_off_roster.connect(self.sign_in.show_off_roster)
        self.sign_in.approved_sign_in_requested.connect(desk.sign_in)
        desk.ack_failed.connect(self._show_ack_failure)
        desk.refused.connect(self._show_refusal)
        self.sign_in.sign_in_requested.connect(desk.sign_in)
        self.sign_in.sign_out_requested.connect(desk.sign_out)
        bar.acknowledge_requested.connect(self.acknowledge_current)
        bar.acknowledge_all_requested.connect(self._ask_ack_all)
        bar.silence_requested.connect(self.silence)
        bar.shelve_requested.connect(self._ask_shelve)
        bar.out_of_service_requested.connect(self._ask_out_of_service)
        bar.handle_requested.connect(self._ask_handling)
        bar.clear_requested.connect(self.clear_current)
        self.unshelve_button.clicked.connect(self._unshelve)
        self.in_service_button.clicked.connect(self._return_to_service)
        self.confirm.accepted.connect(self._ack_all_visible)
        self.shelve.shelve_requested.connect(desk.shelve)
        self.handling.handle_requested.connect(desk.handle)
        desk.handled.connect(lambda key: self._say(self.tr("Handling recorded.")))
        desk.handled.connect(self._refresh_detail)
        desk.ack_confirmed.connect(self._refresh_detail)
        desk.cleared.connect(lambda key: self._say(self.tr("Alarm cleared.")))
        desk.lifecycle_failed.connect(self._show_lifecycle_failure)
        desk.remote_silenced.connect(
            lambda station, operator, n: self._say(self.tr("Sound silenced at workstation %1 by %2.").replace("%1", station).replace("%2", operator)))
        self.shelve.out_of_service_requested.connect(desk.take_out_of_service)
        self.points_import.import_requested.connect(self._import_points)
        editor.imported.connect(self._points_imported)
        editor.import_failed.connect(self.points_import.show_problems)
        for alarms in (self.view, self.hidden_view, self.returned.view):
            alarms.current_alarm_changed.connect(self._alarm_selected)
            alarms.action_requested.connect(self._row_action)
        self.returned.clear_requested.connect(self._clear_returned)
        self.filter_bar.filter_changed.connect(self._filter)
        for signal in (self.model.rowsInserted, self.model.rowsRemoved, self.model.modelReset):
            signal.connect(self._show_filtered_counts)
        if presence is not None:
            presence.check_started.connect(self.presence.show_check)
            presence.check_finished.connect(self.presence.finish)
            presence.refused.connect(self._show_refusal)
            self.presence.confirm_requested.connect(presence.answer)
            bar.presence_answer_requested.connect(presence.answer)
            if presence.pending_since is not None:
                self.presence.show_check(presence.pending_since)
        self.users: UsersView | None = None  # the Users panel, shown only while an administrator is signed in
        if users is not None:
            self.users = UsersView(users)
            self._add_panel("users", self.tr("Users"), _scrolling(self.users, "usersScroll"))
            desk.operator_changed.connect(self._show_users_panel)
            self._show_users_panel()

        self.status.show_link(link.state, link.state_detail, link.config.describe())
        self._show_counts(*feed.counts())
        self._show_hidden_counts(*feed.hidden_counts())
        self._show_operator("")

    def show_escalation(self, ack_overdue: int, handling_overdue: int) -> None:
        self.escalation.show_overdue(ack_overdue, handling_overdue)

    # -- panels --------------------------------------------------------------------------------
    def _add_panel(self, name: str, title: str, content: QWidget) -> QDockWidget:
        """A dock beside the list, stacked at its place in PANEL_ORDER; it may be detached."""
        dock = QDockWidget(title, self)
        dock.setObjectName(f"{name}Panel")
        dock.setWidget(content)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetClosable | QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        dock.setAllowedAreas(Qt.DockWidgetArea.LeftDockWidgetArea | Qt.DockWidgetArea.RightDockWidgetArea
                             | Qt.DockWidgetArea.BottomDockWidgetArea)
        self._docks[name] = dock
        dock.topLevelChanged.connect(self._panel_moved)
        self._stack_panels()
        self._fill_panels_menu()
        return dock

    def _stack_panels(self) -> None:
        present = [self._docks[name] for name in PANEL_ORDER if name in self._docks]
        first = present[0]
        if self._video_dock is not None:
            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self._video_dock)
            self.splitDockWidget(self._video_dock, first, Qt.Orientation.Vertical)  # the video above the stack
        else:
            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, first)
        for dock in present[1:]:
            self.tabifyDockWidget(first, dock)
        first.raise_()
        self._tidy_tab_bars()

    def _tidy_tab_bars(self) -> None:
        """The stacks' tab bars scroll (whole titles, never cut to a letter) rather than widening the panels."""
        for bar in self.findChildren(QTabBar):
            if bar.parent() is self:
                bar.setUsesScrollButtons(True)
                bar.setElideMode(Qt.TextElideMode.ElideNone)  # whole titles; the bar scrolls
                bar.setExpanding(False)

    def _fill_panels_menu(self) -> None:
        menu = self.panels_menu
        menu.clear()
        names = (["video"] if self._video_dock is not None else []) + [n for n in PANEL_ORDER if n in self._docks]
        for name in names:
            menu.addAction(self.panel(name).toggleViewAction())  # type: ignore[union-attr]
        menu.addSeparator()
        back = menu.addAction(self.tr("Alarm list (F2)"))
        back.triggered.connect(self.focus_list)
        default = menu.addAction(self.tr("Default layout"))
        default.triggered.connect(self.default_layout)

    def panel(self, name: str) -> QDockWidget | None:
        return self._video_dock if name == "video" else self._docks.get(name)

    def show_panel(self, name: str) -> bool:
        """Show a panel and bring it to the front of its stack (False: no such panel, or not
        for the one signed in)."""
        dock = self.panel(name)
        if dock is None or not dock.toggleViewAction().isEnabled():
            return False
        dock.show()
        dock.raise_()
        return True

    def panel_offered(self, name: str) -> bool:
        """The panel is there for the one signed in (shown or in its stack)."""
        dock = self.panel(name)
        return dock is not None and not dock.isHidden()

    def _offer_panel(self, name: str, allowed: bool) -> None:
        dock = self.panel(name)
        if dock is None:
            return
        dock.toggleViewAction().setEnabled(allowed)
        if not allowed:
            dock.hide()
        elif dock.isHidden() and not dock.isFloating():
            dock.show()
            self._docks["detail"].raise_()

    def focus_list(self) -> None:
        self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if self.view.selected_alarm() is None and self.model.rowCount():
            self.view.selectRow(0)

    def default_layout(self) -> None:
        for dock in [*self._docks.values(), *([self._video_dock] if self._video_dock else [])]:
            dock.setFloating(False)
            dock.show()
        self._stack_panels()
        self._offer_role_panels()
        self._keep_sizes = False
        self._share_width()

    def _share_width(self) -> None:
        """The list gets LIST_SHARE of the width; the panels the rest."""
        self._tidy_tab_bars()
        layout = self.layout()
        if layout is not None:
            layout.activate()  # the docks' present sizes, so the new ones are taken as asked
        docks = [d for d in (self._video_dock, self._docks.get("detail")) if d is not None and not d.isFloating()]
        if docks:
            self.resizeDocks(docks[:1], [int(self.width() * (1 - LIST_SHARE))], Qt.Orientation.Horizontal)
        if self._video_dock is not None and not self._video_dock.isFloating():
            self.resizeDocks([self._video_dock, self._docks["detail"]], [int(self.height() * 0.45), int(self.height() * 0.45)],
                             Qt.Orientation.Vertical)

    def _panel_moved(self, _floating: bool) -> None:
        """A panel was detached or docked again: the list keeps its share of what is left."""
        if not self._keep_sizes:
            self._share_timer.start()

    def keep_panel_sizes(self) -> None:
        """The panels' sizes came from the operator's saved layout: the window no longer shares
        its width out by itself."""
        self._keep_sizes = True

    _keep_sizes = False

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if not self._keep_sizes:
            self._share_timer.start()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        """While the operator has not arranged the panels, a new window size is shared out again
        (the list LIST_SHARE of it), once the resizing settles."""
        super().resizeEvent(event)
        if not self._keep_sizes and self.isVisible():
            self._share_timer.start()


    # -- requests ------------------------------------------------------------------
    def acknowledge_current(self) -> None:
        """The selected alarm, or with none selected the one the duty desk takes of those in the
        list (highest priority, raised first); the status line names it."""
        if not self._signed_in():
            return
        self.model.let_go()  # alarms waiting behind a held list are part of the operator's view
        selected = self._selected_alarm()
        alarm = self._desk.acknowledge_next([a.key for a in self.model.alarms()], selected.key if selected else None)
        if alarm is None:
            self._say(self.tr("No alarm waits for acknowledgment."))
            return
        said = self.tr("Acknowledged %1").replace("%1", f"{self._label(alarm)} {look.alarm_condition_label(alarm)}")
        if alarm.chattering:
            said += " " + self.tr("Chattering alarm: consider shelving it with a reason.")
        self._say(said)

    def silence(self) -> None:
        if self._signed_in() and not self._desk.silence():
            self._say(self.tr("Nothing is sounding."))

    def _ask_ack_all(self) -> None:
        operator = self._desk.operator
        if not self._signed_in() or operator is None:
            return
        keys = self._visible_unacked()
        if not keys:
            self._say(self.tr("No alarm waits for acknowledgment."))
            return
        self.confirm.ask(self.tr("Acknowledge all %n visible alarm(s) as %1?", "", len(keys)).replace("%1", operator.display_name))

    def _ack_all_visible(self) -> None:
        self._desk.acknowledge(self._visible_unacked())

    def _visible_unacked(self) -> list[str]:
        self.model.let_go()
        return [a.key for a in self.model.alarms() if a.state.needs_ack and not a.ack_pending]

    def _ask_handling(self) -> None:
        alarm = self._selected_for("handle")
        if alarm is not None:
            self.handling.ask(alarm.key, self._label(alarm))

    def clear_current(self) -> None:
        """Clear (消警) the selected alarm; the desk says why not when it may not be cleared yet."""
        alarm = self._selected_for("clear")
        if alarm is not None:
            self._desk.clear(alarm.key)

    def _ask_shelve(self) -> None:
        alarm = self._selected_for("shelve")
        if alarm is not None:
            self.shelve.ask_shelve(alarm.key, alarm.enterprise, alarm.point, self._label(alarm))

    def _ask_out_of_service(self) -> None:
        alarm = self._selected_for("oos")
        if alarm is not None:
            self.shelve.ask_out_of_service(alarm.key, alarm.enterprise, alarm.point, alarm.point)

    def _unshelve(self) -> None:
        alarm = self.hidden_view.selected_alarm()
        if alarm is not None and self._signed_in():
            self._desk.unshelve(alarm.key)

    def _return_to_service(self) -> None:
        alarm = self.hidden_view.selected_alarm()
        if alarm is not None and self._signed_in():
            self._desk.return_to_service(alarm.enterprise, alarm.point)

    def _selected_for(self, _purpose: str) -> Alarm | None:
        if not self._signed_in():
            return None
        alarm = self._selected_alarm()
        if alarm is None or alarm.is_system:
            self._say(self.tr("Select a plant alarm in the list first."))
            return None
        return alarm

    def _signed_in(self) -> bool:
        if self._desk.operator is None:
            self._say(self.tr("Sign in first: what you do is recorded with your name."))
            self.sign_in.user.setFocus()
            return False
        return True

    def _import_points(self, path: str) -> None:
        if self._signed_in():
            self._editor.import_file(path)

    def _points_imported(self, summary: str, report: list[str]) -> None:
        self.points.set_registry(self._registry)
        self.points_import.show_imported(summary, report)

    def _refresh_detail(self, key: str) -> None:
        """The selected alarm changed stage: show its detail again."""
        current = self._selected_alarm()
        if current is not None and current.key == key:
            self._details.request(current, self._clock())

    _current_key: str | None = None

    def _alarm_selected(self, alarm: Alarm | None) -> None:
        if alarm is None:
            if self._selected_alarm() is None:
                self.detail.clear()
                if self.notes_tab is not None:
                    self.notes_tab.show_alarm(None)
            return
        self._current_key = alarm.key
        self._details.request(alarm, self._clock())

    def _selected_alarm(self) -> Alarm | None:
        """The alarm the operator selected last, in the list, the returned or the shelved ones."""
        for view in (self.view, self.returned.view, self.hidden_view):
            alarm = view.selected_alarm()
            if alarm is not None and alarm.key == self._current_key:
                return self._feed_alarm(alarm)
        alarm = self.view.selected_alarm() or self.returned.view.selected_alarm()
        return self._feed_alarm(alarm) if alarm is not None else None

    def _feed_alarm(self, alarm: Alarm) -> Alarm:
        """The alarm as it stands now (a held list may show an older copy)."""
        return self._feed.get(alarm.key) or alarm

    # -- display -------------------------------------------------------------------
    def _show_detail(self, detail) -> None:
        current = self._selected_alarm() or self.hidden_view.selected_alarm()
        if current is not None and current.key == detail.alarm.key:
            self.detail.show_detail(detail)
            if self.notes_tab is not None:
                self.notes_tab.show_alarm(detail.alarm)

    notes_tab: AlarmNotesTab | None = None
    roster_panel: RosterPanel | None = None

    def add_rosters(self, rosters: RosterDesk, station: str) -> None:
        """The duty roster panel (widgets/roster_panel.py), offered to shift leaders and administrators."""
        from widgets.roster_panel import RosterPanel

        self.roster_panel = RosterPanel(rosters, station)
        self._add_panel("roster", self.tr("Roster"), _scrolling(self.roster_panel, "rosterScroll"))
        self._desk.operator_changed.connect(self._offer_roster_panel)
        self._offer_roster_panel()

    def _offer_roster_panel(self, *_args: object) -> None:
        allowed = may_edit_roster(self._role())
        self._offer_panel("roster", allowed)
        if self.roster_panel is not None and allowed:
            self.roster_panel.refresh()

    def add_notes(self, notes: SharedNotes) -> None:
        """The Notes tab of the alarm detail (widgets/alarm_notes.py)."""
        self.notes_tab = AlarmNotesTab(notes, self.detail.tabs)

    def _counts_arrived(self, active: int, unacked: int) -> None:
        """Shown at once, then at most every COUNTS_MS: a flood of alarms does not retitle the
        window and relay the status bar ten thousand times."""
        if self._counts_timer.isActive():
            self._counts = (active, unacked)
            return
        self._show_counts(active, unacked)
        self._counts_timer.start()

    def _show_latest_counts(self) -> None:
        if self._counts is not None:
            counts, self._counts = self._counts, None
            self._show_counts(*counts)
            self._counts_timer.start()

    def _show_counts(self, active: int, unacked: int) -> None:
        self.status.show_counts(active, unacked)
        title = self.tr("Duty Console")
        if unacked:
            title = self.tr("Duty Console — %n unacknowledged", "", unacked)
        self.setWindowTitle(title)

    def _show_hidden_counts(self, shelved: int, out_of_service: int) -> None:
        self._docks["hidden"].setWindowTitle(
            self.tr("Shelved %1 · Out of service %2").replace("%1", str(shelved)).replace("%2", str(out_of_service)))

    def _show_flood(self, in_flood: bool, rate: int) -> None:
        self.flood.show_flood(in_flood, rate)
        self.model.set_grouped(in_flood)

    def _show_operator(self, name: str) -> None:
        self.sign_in.show_operator(name, on_duty=self._desk.on_duty)
        shift = self._desk.shift
        self.status.show_operator(f"{name} · {shift.label}" if name and shift is not None else name)
        role = self._role()
        self.action_bar.show_role(role)
        self.points_import.set_allowed(may_edit_points(role))

    def _role(self) -> str | None:
        """The role of the one signed in (None: nobody), for the rules in console/domain/user_rules.py."""
        operator = self._desk.operator
        return operator.role if operator is not None else None

    def _show_ack_failure(self, key: str, reason: str) -> None:
        self._say(self.tr("Acknowledgment NOT recorded (%1); the alarm stays unacknowledged.").replace("%1", reason[:120]))

    def _show_lifecycle_failure(self, key: str, reason: str) -> None:
        self._say(self.tr("NOT recorded (%1); try again.").replace("%1", reason[:120]))

    def _show_refusal(self, reason: str) -> None:
        lifecycle = {
            "not-found": self.tr("That alarm is no longer in the list."),
            "not-acknowledged": self.tr("Acknowledge the alarm first."),
            "already-handled": self.tr("Its handling is already on record."),
            "needs-description": self.tr("Describe what was done."),
            "still-active": self.tr("The condition is still active: it can be cleared once it is back to normal."),
            "needs-handling": self.tr("Record its handling first (F9): this priority needs it before clearing."),
        }
        if reason == "sign-in":
            self._say(self.tr("Sign in first: what you do is recorded with your name."))
        elif reason in lifecycle:
            self._say(lifecycle[reason])
        else:
            self._say(self.tr("Not done: %1").replace("%1", reason[:160]))

    def _label(self, alarm: Alarm) -> str:
        name = self._registry.point_name(alarm.enterprise, alarm.point)
        return f"{alarm.point} {name}".strip()

    def _say(self, text: str) -> None:
        self.feedback.setText(text)

    def _tell_remote_change(self, change: AlarmChange) -> None:
        """Another workstation shelved or unshelved an alarm: say why it left or came back."""
        if not change.remote:
            return
        alarm = change.alarm
        if change.event is Event.SHELVED and alarm.shelf is not None:
            self._say(self.tr("%1 shelved at workstation %2 by %3.").replace("%1", self._label(alarm))
                      .replace("%2", alarm.shelf.station).replace("%3", alarm.shelf.operator))
        elif change.event is Event.UNSHELVED:
            self._say(self.tr("%1 unshelved at another workstation.").replace("%1", self._label(alarm)))

    # -- the list: filters, row menu, returned alarms ---------------------------------------------
    def _filter(self, flt: AlarmFilter) -> None:
        self.model.set_filter(flt)
        self.returned.model.set_filter(flt)
        if self._overview_panel is not None:
            code = next(iter(flt.enterprises)) if len(flt.enterprises) == 1 else ""
            self._overview_panel.set_filter(code)
        self._show_filtered_counts()

    def _show_filtered_counts(self, *_args: object) -> None:
        active, _unacked = self._feed.counts()
        self.filter_bar.show_counts(self.model.rowCount(), active)

    def _row_action(self, action: str, alarm: Alarm) -> None:
        """What the operator chose in a row's menu."""
        self._current_key = alarm.key
        if action == "acknowledge":
            if self._signed_in() and not self._desk.acknowledge([alarm.key]):
                self._say(self.tr("No alarm waits for acknowledgment."))
        elif action == "handle":
            self._ask_handling()
        elif action == "shelve":
            self._ask_shelve()
        elif action == "trend":
            if self.show_panel("trends"):
                self.trend.show_alarm(alarm)
        elif action == "video":
            if self.show_panel("video"):
                self.video.alarm_selected(alarm)
        elif action == "detail":
            self.show_panel("detail")
            self._details.request(alarm, self._clock())

    def _clear_returned(self, keys: list[str]) -> None:
        if not self._signed_in():
            return
        cleared, left = self._desk.clear_many(keys)
        said = QCoreApplication.translate("MainWindow", "%1 alarm(s) cleared.").replace("%1", str(cleared))
        if left:
            said += " " + QCoreApplication.translate("MainWindow", "%1 could not be cleared yet.").replace("%1", str(left))
        self._say(said)

    def _offer_role_panels(self, *_args: object) -> None:
        role = self._role()
        self._offer_panel("review", may_review(role))
        self._offer_panel("users", may_manage_users(role))
        self._offer_roster_panel()

    def _show_users_panel(self, *_args: object) -> None:
        if self.users is None:
            return
        allowed = may_manage_users(self._role())
        self._offer_panel("users", allowed)
        self.users.set_active(allowed)

    # -- areas of responsibility (console.services.areas.AreaDesk) --------------------------------
    areas: AreasView | None = None

    def add_areas(self, areas: AreaDesk) -> None:
        """What this workstation answers: its alarms first, the others' marked and silent here, a
        banner for areas fallen to it; the Areas panel, for an administrator, to assign them."""
        from widgets.areas_view import AreasView

        self.areas = AreasView(areas, self._registry)
        self._add_panel("areas", self.tr("Areas"), _scrolling(self.areas, "areasScroll"))
        areas.coverage_changed.connect(self.show_coverage)
        self._desk.operator_changed.connect(self._offer_areas_panel)
        self._offer_areas_panel()
        self.show_coverage(areas.coverage)

    def _offer_areas_panel(self, *_args: object) -> None:
        self._offer_panel("areas", may_assign_areas(self._role()))

    def show_coverage(self, coverage: Coverage) -> None:
        self.model.set_scope(coverage.answers, coverage.taken_over)
        self.areas_banner.show_taken_over(coverage.taken_over)

    # -- enterprise overview (console.services.enterprise_overview.EnterpriseOverview) --------------
    _overview_panel: EnterpriseOverviewPanel | None = None

    def add_overview(self, overview: EnterpriseOverview) -> None:
        """The enterprises as tiles (worst priority, unacknowledged, communication and cameras);
        a click narrows the list to one enterprise."""
        from widgets.overview.panel import EnterpriseOverviewPanel

        self._overview_panel = EnterpriseOverviewPanel(overview)
        self._add_panel("overview", self.tr("Enterprises"), self._overview_panel)
        self._overview_panel.filter_requested.connect(lambda code: self.filter_bar.show_enterprise(code or None))

    # -- managers' review (console.services.review.service.ReviewService) -------------------------------
    def add_review(self, service: ReviewService, trends: TrendSource | None = None) -> None:
        """The Review panel (widgets/review/view.py), there while a shift leader, manager or
        administrator is signed in; it loads when first shown. Detach it to a second screen to
        read it beside the alarms."""
        from widgets.review.view import ReviewView

        self.review = ReviewView(service, self._registry, self._clock, self._desk.shifts, trends, service.export_dir)
        dock = self._add_panel("review", self.tr("Review"), _scrolling(self.review, "reviewScroll"))
        dock.visibilityChanged.connect(self._review_shown)
        self._desk.operator_changed.connect(self._offer_role_panels)
        self._offer_role_panels()

    def _review_shown(self, visible: bool) -> None:
        if visible and may_review(self._role()):
            self.review.set_active(True)

    # -- video (console.services.video.wall.VideoWall) ---------------------------------------------
    def add_video(self, wall: VideoWall) -> None:
        """The video panel (widgets/video/panel.py) above the other panels: selecting an alarm
        shows its cameras; its snapshots and clips are listed in the detail."""
        from widgets.video.panel import VideoPanel

        self.video = VideoPanel(wall, getattr(self.detail, "evidence", None))
        dock = QDockWidget(self.tr("Video"), self)
        dock.setObjectName("videoPanel")
        dock.setWidget(self.video)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetClosable | QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self._video_dock = dock
        dock.topLevelChanged.connect(self._panel_moved)
        self._stack_panels()
        self._fill_panels_menu()
        self.video.attach_windows()
        for alarms in (self.view, self.hidden_view, self.returned.view):
            alarms.current_alarm_changed.connect(self.video.alarm_selected)

    # -- trends (console.services.history.trend_source.TrendSource) ------------------------------
    def add_trends(self, source: TrendSource) -> None:
        """The Trends panel, and the same trend in the alarm detail; selecting an alarm shows
        its point around the alarm in both (the alarm list stays in front)."""
        def trend_view(compact: bool) -> TrendView:
            from widgets.trends.view import TrendView  # pyqtgraph: built when first needed (widgets/lazy.py)

            return TrendView(source, compact=compact)

        self._trend_holder = LazyWidget(lambda: trend_view(False))
        self._add_panel("trends", self.tr("Trends"), _scrolling(self._trend_holder, "trendsScroll"))
        self._detail_trend_holder = LazyWidget(lambda: trend_view(True))
        self.detail.set_trend_widget(self._detail_trend_holder)
        self._trend_shown: tuple | None = None
        for alarms in (self.view, self.hidden_view, self.returned.view):
            alarms.current_alarm_changed.connect(self._show_alarm_trend)
        self._editor.imported.connect(lambda *_: self.trend.refresh_points())

    @property
    def trend(self) -> TrendView:
        """The Trends panel's view (built now if it was not yet)."""
        return self._trend_holder.content

    @property
    def detail_trend(self) -> TrendView:
        """The trend in the alarm detail (built now if it was not yet)."""
        return self._detail_trend_holder.content

    def _show_alarm_trend(self, alarm: Alarm | None) -> None:
        if alarm is None or (alarm.key, alarm.raised_at) == self._trend_shown:
            return  # the list re-selected the same alarm: keep what the operator zoomed to
        self._trend_shown = (alarm.key, alarm.raised_at)
        self.trend.show_alarm(alarm)
        self.detail_trend.show_alarm(alarm)

    # -- shift handover (console.services.handover_desk.HandoverDesk) -----------------------------
    def add_handover(self, handover: HandoverDesk, background: Background, pdf_dir: str = "") -> None:
        """The "Handover…" button and the handover panel, stacked with the alarm detail and
        brought to the front while a handover runs: the alarm list stays in view."""
        self._handover = handover
        self.handover_panel = HandoverPanel(handover, background, pdf_dir)
        dock = self._add_panel("handover", self.tr("Handover"), _scrolling(self.handover_panel, "handoverScroll"))
        dock.hide()
        self.action_bar.handover_requested.connect(self.start_handover)
        self.action_bar.offer_handover()
        self.handover_panel.close_requested.connect(self._close_handover)

    def start_handover(self) -> None:
        if not self._signed_in():
            return
        self._show_handover_panel()
        self._handover.start()

    def _show_handover_panel(self) -> None:
        """In front of the alarm detail (in its stack, unless the operator detached it)."""
        dock, detail = self._docks["handover"], self._docks["detail"]
        dock.show()
        if not dock.isFloating() and not detail.isFloating() and dock not in self.tabifiedDockWidgets(detail):
            self.tabifyDockWidget(detail, dock)
        dock.raise_()

    def _close_handover(self) -> None:
        self._docks["handover"].hide()
        self._docks["detail"].raise_()

    # -- settings (widgets/setup/settings_window.py, opened by the composition root) ---------------------
    def add_settings(self, open_settings: Callable[[], object]) -> None:
        """A "Settings…" button in the action row, shown while an administrator is signed in;
        ``open_settings()`` opens the non-modal settings window beside the alarm list."""
        self.action_bar.settings_requested.connect(lambda: self._open_settings_if_allowed(open_settings))
        self.action_bar.offer_settings()

    def _open_settings_if_allowed(self, open_settings: Callable[[], object]) -> None:
        if may_configure(self._role()):
            open_settings()

    def list_rect(self) -> QRect:
        """Where the alarm list is on the screen (dialogs are placed beside it, never over it)."""
        area = self.centralWidget()
        if area is None:
            return QRect()
        return QRect(area.mapToGlobal(area.rect().topLeft()), area.size())
