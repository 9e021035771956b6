"""The main window: lays out the parts and connects them. No business logic here."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from console.domain.alarms import Alarm
from console.domain.plant import PlantRegistry
from console.domain.user_rules import may_configure, may_edit_points, may_manage_users, may_review
from widgets.action_bar import ActionBar
from widgets.alarm_detail import AlarmDetailPanel
from widgets.alarm_model import AlarmTableModel
from widgets.alarm_view import AlarmView
from widgets.confirm_bar import ConfirmBar
from widgets.escalation_banner import EscalationBanner
from widgets.flood_banner import FloodBanner
from widgets.handling_bar import HandlingBar
from widgets.handover.view import HandoverPanel
from widgets.notifier import Notifier
from widgets.points_import_bar import PointsImportBar
from widgets.points_view import PointsView
from widgets.presence_bar import PresenceBar
from widgets.shelve_bar import ShelveBar
from widgets.sign_in_bar import SignInBar
from widgets.status_bar import DutyStatusBar
from widgets.trends.view import TrendView
from widgets.users_view import UsersView

if TYPE_CHECKING:  # the core objects the shell hands in (types only: widgets never build them)
    from console.infrastructure.background import Background
    from console.infrastructure.broker_link import BrokerLink
    from console.infrastructure.sound_player import NullSink, VlcSink
    from console.services.alarm_engine import AlarmEngine
    from console.services.alarm_feed import AlarmFeed
    from console.services.details import AlarmDetails
    from console.services.duty import DutyDesk
    from console.services.handover_desk import HandoverDesk
    from console.services.history.trend_source import TrendSource
    from console.services.intake import Intake
    from console.services.plant_editor import PlantEditor
    from console.services.presence_driver import PresenceDriver
    from console.services.review.service import ReviewService
    from console.services.user_admin import UserAdmin
    from console.services.video.wall import VideoWall

# The tabs in their places, whichever of the optional ones (users, trends, review) are added and
# in whatever order.
TAB_ORDER = ("alarms", "hidden", "points", "users", "trends", "review")


def _button(text: str, name: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    return button


class MainWindow(QMainWindow):
    """The core's Qt objects come in: ``feed`` (AlarmFeed), ``desk`` (DutyDesk), ``link``
    (BrokerLink), ``intake`` (Intake), ``engine`` (AlarmEngine), ``details`` (AlarmDetails),
    ``player`` (the sound sink), ``presence`` (PresenceDriver, optional); widgets only call their slots and listen to their signals.

    What the one signed in may do is the services' decision (console/domain/user_rules.py); the
    window asks the same rules only to hide what would be refused. The optional parts
    (``add_trends``, ``add_handover``, ``add_video``, ``add_review``, ``add_settings``) each take
    their own fixed place, in whatever order they are added."""

    def __init__(self, feed: AlarmFeed, desk: DutyDesk, link: BrokerLink, intake: Intake, registry: PlantRegistry,
                 engine: AlarmEngine, details: AlarmDetails, player: VlcSink | NullSink, clock: Callable[[], float],
                 editor: PlantEditor, row_height: int = 40,
                 presence: PresenceDriver | None = None, users: UserAdmin | None = None) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self._desk, self._details, self._clock, self._editor = desk, details, clock, editor
        self._registry = registry
        self.model = AlarmTableModel(feed, registry, self)
        self.view = AlarmView(self.model)
        self.hidden_model = AlarmTableModel(feed, registry, self, include=lambda a: not a.in_main_list)
        self.hidden_view = AlarmView(self.hidden_model)
        for view in (self.view, self.hidden_view):
            view.set_row_height(row_height)
        self.sign_in = SignInBar()
        self.presence = PresenceBar(clock)
        self.confirm = ConfirmBar()
        self.shelve = ShelveBar()
        self.flood = FloodBanner()
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
        self.action_row = actions = QHBoxLayout()  # not "actions": that is QWidget.actions()
        actions.addWidget(bar)
        actions.addWidget(self.feedback, 1)

        hidden_page = QWidget()
        hidden_layout = QVBoxLayout(hidden_page)
        hidden_buttons = QHBoxLayout()
        hidden_buttons.addWidget(self.unshelve_button)
        hidden_buttons.addWidget(self.in_service_button)
        hidden_buttons.addStretch(1)
        hidden_layout.addLayout(hidden_buttons)
        hidden_layout.addWidget(self.hidden_view, 1)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("mainTabs")
        self._tab_parts: dict[str, QWidget] = {}
        self._place_tab("alarms", self.view, self.tr("Alarms"))
        self.hidden_page = hidden_page
        self._place_tab("hidden", hidden_page, "")
        self._place_tab("points", points_page, self.tr("Points"))
        # Right of the list: the alarm detail, or the handover report in its place (add_handover);
        # add_video puts the cameras above this column.
        self.right = QWidget()
        self.right.setObjectName("detailOrHandover")
        self.detail_column = QVBoxLayout(self.right)
        self.detail_column.setContentsMargins(0, 0, 0, 0)
        self.detail_column.addWidget(self.detail)
        self.splitter = splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.tabs)
        splitter.addWidget(self.right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 0)
        for part in (self.presence, self.sign_in):
            layout.addWidget(part)
        layout.addLayout(actions)
        for banner in (self.escalation, self.confirm, self.handling, self.shelve, self.flood):
            layout.addWidget(banner)
        layout.addWidget(splitter, 1)
        self.setCentralWidget(central)
        self.notifier = Notifier(self, feed)

        # Wiring: widgets ← core signals, core ← widget requests.
        feed.counts_changed.connect(self._show_counts)
        feed.hidden_counts_changed.connect(self._show_hidden_counts)
        link.state_changed.connect(lambda state, detail: self.status.show_link(state, detail, link.config.describe()))
        intake.rejected_changed.connect(self.status.show_rejected)
        engine.flood_changed.connect(self._show_flood)
        details.ready.connect(self._show_detail)
        desk.operator_changed.connect(self._show_operator)
        desk.sign_in_failed.connect(self.sign_in.show_failure)
        desk.sign_in_locked.connect(self.sign_in.show_locked)
        desk.sign_in_unavailable.connect(self.sign_in.show_unavailable)
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
        self.view.current_alarm_changed.connect(self._alarm_selected)
        self.hidden_view.current_alarm_changed.connect(self._alarm_selected)
        if presence is not None:
            presence.check_started.connect(self.presence.show_check)
            presence.check_finished.connect(self.presence.finish)
            presence.refused.connect(self._show_refusal)
            self.presence.confirm_requested.connect(presence.answer)
            bar.presence_answer_requested.connect(presence.answer)
            if presence.pending_since is not None:
                self.presence.show_check(presence.pending_since)
        self._sizes_before_review: list[int] | None = None  # the splitter's sizes while the review is open
        self.users: UsersView | None = None  # the Users tab, shown only while an administrator is signed in
        if users is not None:
            self.users = UsersView(users)
            self._place_tab("users", self.users, self.tr("Users"))
            desk.operator_changed.connect(self._show_users_tab)
            self._show_users_tab()

        self.status.show_link(link.state, link.state_detail, link.config.describe())
        self._show_counts(*feed.counts())
        self._show_hidden_counts(*feed.hidden_counts())
        self._show_operator("")

    def show_escalation(self, ack_overdue: int, handling_overdue: int) -> None:
        self.escalation.show_overdue(ack_overdue, handling_overdue)

    def _place_tab(self, part: str, page: QWidget, text: str) -> int:
        """Insert ``part``'s tab at its place in TAB_ORDER among the tabs present; its index."""
        rank = TAB_ORDER.index(part)
        index = sum(1 for other in self._tab_parts if TAB_ORDER.index(other) < rank)
        self._tab_parts[part] = page
        return self.tabs.insertTab(index, page, text)

    # -- requests ------------------------------------------------------------------
    def acknowledge_current(self) -> None:
        """The selected alarm, or with none selected the one the duty desk takes of those in the
        list (highest priority, raised first); the status line names it."""
        if not self._signed_in():
            return
        selected = self.view.selected_alarm()
        alarm = self._desk.acknowledge_next([a.key for a in self.model.alarms()], selected.key if selected else None)
        if alarm is None:
            self._say(self.tr("No alarm waits for acknowledgment."))
            return
        said = self.tr("Acknowledged %1").replace("%1", self._label(alarm))
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
        alarm = self.view.selected_alarm()
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
        current = self.view.selected_alarm()
        if current is not None and current.key == key:
            self._details.request(current, self._clock())

    def _alarm_selected(self, alarm: Alarm | None) -> None:
        if alarm is None:
            self.detail.clear()
        else:
            self._details.request(alarm, self._clock())

    # -- display -------------------------------------------------------------------
    def _show_detail(self, detail) -> None:
        current = self.view.selected_alarm() or self.hidden_view.selected_alarm()
        if current is not None and current.key == detail.alarm.key:
            self.detail.show_detail(detail)

    def _show_counts(self, active: int, unacked: int) -> None:
        self.status.show_counts(active, unacked)
        title = self.tr("Duty Console")
        if unacked:
            title = self.tr("Duty Console — %n unacknowledged", "", unacked)
        self.setWindowTitle(title)

    def _show_hidden_counts(self, shelved: int, out_of_service: int) -> None:
        self.tabs.setTabText(self.tabs.indexOf(self.hidden_page), self.tr("Shelved %1 · Out of service %2").replace("%1", str(shelved)).replace("%2", str(out_of_service)))

    def _show_flood(self, in_flood: bool, rate: int) -> None:
        self.flood.show_flood(in_flood, rate)
        self.model.set_grouped(in_flood)

    def _show_operator(self, name: str) -> None:
        self.sign_in.show_operator(name)
        shift = self._desk.shift
        self.status.show_operator(f"{name} · {shift.label}" if name and shift is not None else name)
        role = self._role()
        self.action_bar.show_role(role)
        self.points_import.set_allowed(may_edit_points(role))

    def _role(self) -> str | None:
        """The role of the one signed in (None: nobody), for the rules in console/domain/user_rules.py."""
        operator = self._desk.operator
        return operator.role if operator is not None else None

    def _show_users_tab(self, *_args: object) -> None:
        if self.users is None:
            return
        allowed = may_manage_users(self._role())
        index = self.tabs.indexOf(self.users)
        if not allowed and self.tabs.currentIndex() == index:
            self.tabs.setCurrentIndex(0)
        self.tabs.setTabVisible(index, allowed)
        self.users.set_active(allowed)

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

    # -- managers' review (console.services.review.service.ReviewService) -------------------------------
    def add_review(self, service: ReviewService, trends: TrendSource | None = None) -> None:
        """The Review tab (widgets/review/view.py), shown while a shift leader, manager or
        administrator is signed in; it loads when first opened."""
        from widgets.review.view import ReviewView

        self.review = ReviewView(service, self._registry, self._clock, self._desk.shifts, trends, service.export_dir)
        self._place_tab("review", self.review, self.tr("Review"))
        self._desk.operator_changed.connect(self._show_review_tab)
        self.tabs.currentChanged.connect(lambda _index: self._show_review_tab())
        self._show_review_tab()

    def _show_review_tab(self, *_args) -> None:
        allowed = may_review(self._role())
        index = self.tabs.indexOf(self.review)
        if not allowed and self.tabs.currentIndex() == index:
            self.tabs.setCurrentIndex(0)
        self.tabs.setTabVisible(index, allowed)
        showing = allowed and self.tabs.currentIndex() == index
        if showing:
            self.review.set_active(True)
        self._widen_for_review(showing)

    def _widen_for_review(self, showing: bool) -> None:
        """The review has the window's width while it is open (the alarm detail and video beside
        it are about the alarm list); leaving it gives them back their room."""
        sizes = self.splitter.sizes()
        before = self._sizes_before_review
        if showing and before is None:
            self._sizes_before_review = sizes
            self.splitter.setSizes([sum(sizes)] + [0] * (len(sizes) - 1))
        elif not showing and before is not None:
            self.splitter.setSizes(before)
            self._sizes_before_review = None

    # -- trends (console.services.history.trend_source.TrendSource) ------------------------------
    def add_video(self, wall: VideoWall) -> None:
        """The video area (widgets/video/panel.py) above the alarm detail: selecting an alarm shows
        its cameras; its snapshots and clips are listed in the detail."""
        from PySide6.QtWidgets import QScrollArea

        from widgets.video.panel import VideoPanel

        side = self.right  # the alarm detail (or the handover report in its place)
        self.video_splitter = right = QSplitter(Qt.Orientation.Vertical)
        self.splitter.replaceWidget(1, right)
        self.video = VideoPanel(wall, getattr(self.detail, "evidence", None))
        right.addWidget(self.video)
        scroll = QScrollArea()  # the detail (with its trend) is taller than what is left: it scrolls
        scroll.setObjectName("detailScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(side)
        right.addWidget(scroll)
        side.show()
        right.setStretchFactor(0, 1)
        right.setStretchFactor(1, 1)
        # The picture first (55 %); the detail below keeps its header and tabs. Set once laid out.
        def share() -> None:
            width = sum(self.splitter.sizes())
            self.splitter.setSizes([int(width * 0.6), width - int(width * 0.6)])
            right.setSizes([int(right.height() * 0.55), int(right.height() * 0.45)])

        QTimer.singleShot(0, share)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.video.attach_windows()
        self.view.current_alarm_changed.connect(self.video.alarm_selected)
        self.hidden_view.current_alarm_changed.connect(self.video.alarm_selected)

    def add_trends(self, source: TrendSource) -> None:
        """The Trends tab, and the same trend in the alarm detail; selecting an alarm shows
        its point around the alarm in both (the alarm list stays in front)."""
        self.trend = TrendView(source)
        self._place_tab("trends", self.trend, self.tr("Trends"))
        self.detail_trend = TrendView(source, compact=True)
        self.detail.set_trend_widget(self.detail_trend)
        self._trend_shown: tuple | None = None
        self.view.current_alarm_changed.connect(self._show_alarm_trend)
        self.hidden_view.current_alarm_changed.connect(self._show_alarm_trend)
        self._editor.imported.connect(lambda *_: self.trend.refresh_points())

    def _show_alarm_trend(self, alarm: Alarm | None) -> None:
        if alarm is None or (alarm.key, alarm.raised_at) == self._trend_shown:
            return  # the list re-selected the same alarm: keep what the operator zoomed to
        self._trend_shown = (alarm.key, alarm.raised_at)
        self.trend.show_alarm(alarm)
        self.detail_trend.show_alarm(alarm)

    # -- shift handover (console.services.handover_desk.HandoverDesk) -----------------------------
    def add_handover(self, handover: HandoverDesk, background: Background, pdf_dir: str = "") -> None:
        """The "Handover…" button and the handover panel, which takes the place of the alarm
        detail on the right while a handover runs: the alarm list stays in front."""
        self._handover = handover
        self.handover_panel = HandoverPanel(handover, background, pdf_dir)
        self.detail_column.addWidget(self.handover_panel)  # hidden widgets take no room: one of the two shows
        self.handover_panel.hide()
        self._detail_sizes: list[int] = []
        self.action_bar.handover_requested.connect(self.start_handover)
        self.action_bar.offer_handover()
        self.handover_panel.close_requested.connect(self._close_handover)

    def start_handover(self) -> None:
        if not self._signed_in():
            return
        self._show_handover_panel()
        self._handover.start()

    def _show_handover_panel(self) -> None:
        if self.handover_panel.isHidden():
            self._detail_sizes = self.splitter.sizes()
            total = sum(self._detail_sizes)
            self.detail.hide()
            self.handover_panel.show()
            self.splitter.setSizes([total // 2, total - total // 2])  # room for the report; the list stays

    def _close_handover(self) -> None:
        self.handover_panel.hide()
        self.detail.show()
        if self._detail_sizes:
            self.splitter.setSizes(self._detail_sizes)

    # -- settings (widgets/setup/settings_window.py, opened by the composition root) ---------------------
    def add_settings(self, open_settings) -> None:
        """A "Settings…" button at the end of the action row, shown while an administrator is
        signed in; ``open_settings()`` opens the non-modal settings window (the alarms stay in view)."""
        self.action_bar.settings_requested.connect(lambda: self._open_settings_if_allowed(open_settings))
        self.action_bar.offer_settings()

    def _open_settings_if_allowed(self, open_settings) -> None:
        if may_configure(self._role()):
            open_settings()
