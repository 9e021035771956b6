"""The main window: lays out the parts and connects them. No business logic here."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QPushButton, QVBoxLayout, QWidget

from console.plant import PlantRegistry
from widgets.alarm_model import AlarmTableModel
from widgets.alarm_view import AlarmView
from widgets.confirm_bar import ConfirmBar
from widgets.sign_in_bar import SignInBar
from widgets.status_bar import DutyStatusBar

ACK_KEY = Qt.Key.Key_Space


class MainWindow(QMainWindow):
    """``feed``: AlarmFeed; ``desk``: DutyDesk; ``link``: BrokerLink; ``intake``: Intake."""

    def __init__(self, feed: QObject, desk: QObject, link: QObject, intake: QObject, registry: PlantRegistry, row_height: int = 40) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self._desk = desk
        self.model = AlarmTableModel(feed, registry, self)
        self.view = AlarmView(self.model)
        self.view.set_row_height(row_height)
        self.sign_in = SignInBar()
        self.confirm = ConfirmBar()
        self.status = DutyStatusBar()
        self.setStatusBar(self.status)

        self.ack_button = QPushButton(self.tr("Acknowledge (Space)"))
        self.ack_button.setObjectName("ackButton")
        self.ack_all_button = QPushButton(self.tr("Acknowledge all visible…"))
        self.ack_all_button.setObjectName("ackAllButton")
        self.feedback = QLabel()
        self.feedback.setObjectName("feedback")
        actions = QHBoxLayout()
        actions.addWidget(self.ack_button)
        actions.addWidget(self.ack_all_button)
        actions.addWidget(self.feedback, 1)

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addWidget(self.sign_in)
        layout.addLayout(actions)
        layout.addWidget(self.confirm)
        layout.addWidget(self.view, 1)
        self.setCentralWidget(central)

        # Wiring: widgets ← core signals, core ← widget requests.
        feed.counts_changed.connect(self._show_counts)
        link.state_changed.connect(lambda state, detail: self.status.show_link(state, detail, link.config.describe()))
        intake.rejected_changed.connect(self.status.show_rejected)
        desk.operator_changed.connect(self._show_operator)
        desk.sign_in_failed.connect(self.sign_in.show_failure)
        desk.ack_failed.connect(self._show_ack_failure)
        self.sign_in.sign_in_requested.connect(desk.sign_in)
        self.sign_in.sign_out_requested.connect(desk.sign_out)
        self.ack_button.clicked.connect(self.acknowledge_current)
        self.ack_all_button.clicked.connect(self._ask_ack_all)
        self.confirm.accepted.connect(self._ack_all_visible)
        self.ack_shortcut = QShortcut(QKeySequence(ACK_KEY), self)
        self.ack_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.ack_shortcut.activated.connect(self.acknowledge_current)

        self.status.show_link(link.state, link.state_detail, link.config.describe())
        self._show_counts(*feed.counts())
        self._show_operator("")

    # -- requests ------------------------------------------------------------------
    def acknowledge_current(self) -> None:
        """The selected alarm, or with none selected the top one that needs acknowledging."""
        if self._desk.operator is None:
            self._say(self.tr("Sign in first: acknowledgments are recorded with the operator's name."))
            self.sign_in.user.setFocus()
            return
        alarm = self.view.selected_alarm()
        if alarm is None or not alarm.state.needs_ack:
            alarm = next((a for a in self.model.alarms() if a.state.needs_ack and not a.ack_pending), None)
        if alarm is None:
            self._say(self.tr("No alarm waits for acknowledgment."))
            return
        self._desk.acknowledge([alarm.key])
        self._say("")

    def _ask_ack_all(self) -> None:
        if self._desk.operator is None:
            self._say(self.tr("Sign in first: acknowledgments are recorded with the operator's name."))
            return
        keys = self._visible_unacked()
        if not keys:
            self._say(self.tr("No alarm waits for acknowledgment."))
            return
        self.confirm.ask(self.tr("Acknowledge all %n visible alarm(s) as %1?", "", len(keys)).replace("%1", self._desk.operator.display_name))

    def _ack_all_visible(self) -> None:
        self._desk.acknowledge(self._visible_unacked())

    def _visible_unacked(self) -> list[str]:
        return [a.key for a in self.model.alarms() if a.state.needs_ack and not a.ack_pending]

    # -- display -------------------------------------------------------------------
    def _show_counts(self, active: int, unacked: int) -> None:
        self.status.show_counts(active, unacked)
        title = self.tr("Duty Console")
        if unacked:
            title = self.tr("Duty Console — %n unacknowledged", "", unacked)
        self.setWindowTitle(title)

    def _show_operator(self, name: str) -> None:
        self.sign_in.show_operator(name)
        self.status.show_operator(name)
        self.ack_button.setEnabled(bool(name))
        self.ack_all_button.setEnabled(bool(name))

    def _show_ack_failure(self, key: str, reason: str) -> None:
        self._say(self.tr("Acknowledgment NOT recorded (%1); the alarm stays unacknowledged.").replace("%1", reason[:120]))

    def _say(self, text: str) -> None:
        self.feedback.setText(text)
