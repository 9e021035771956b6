"""Sign-in of the operator on duty, inline in the window (no dialog covers the alarm list)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSizePolicy, QStackedWidget, QVBoxLayout, QWidget


class SignInBar(QFrame):
    sign_in_requested = Signal(str, str)
    approved_sign_in_requested = Signal(str, str, str, str)  # name, password, shift leader's name and password
    sign_out_requested = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("signInBar")
        self._hint = ""
        self.stack = QStackedWidget(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.stack)

        signed_out = QWidget()
        lines = QVBoxLayout(signed_out)  # the hint below the fields: it never widens the window
        lines.setContentsMargins(0, 0, 0, 0)
        lines.setSpacing(2)
        row = QHBoxLayout()
        lines.addLayout(row)
        row.addWidget(QLabel(self.tr("Operator sign-in:")))
        self.user = QLineEdit()
        self.user.setObjectName("signInUser")
        self.user.setPlaceholderText(self.tr("User name"))
        self.password = QLineEdit()
        self.password.setObjectName("signInPassword")
        self.password.setPlaceholderText(self.tr("Password"))
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.sign_in_button = QPushButton(self.tr("Sign in"))
        self.sign_in_button.setObjectName("signInButton")
        self.message = QLabel(self.tr("Sign in to acknowledge alarms."))
        self.message.setObjectName("signInMessage")
        self.message.setWordWrap(True)  # a long hint takes two lines, never the window's width
        for w in (self.user, self.password, self.sign_in_button):
            row.addWidget(w)
        row.addStretch(1)
        lines.addWidget(self.message)
        # Off the roster: a shift leader approves with their own credential (shown only then).
        self.approval = QWidget()
        self.approval.setObjectName("rosterApproval")
        approval = QHBoxLayout(self.approval)
        approval.setContentsMargins(0, 0, 0, 0)
        approval.addWidget(QLabel(self.tr("Shift leader's approval:")))
        self.leader = QLineEdit()
        self.leader.setObjectName("leaderUser")
        self.leader.setPlaceholderText(self.tr("Shift leader"))
        self.leader_password = QLineEdit()
        self.leader_password.setObjectName("leaderPassword")
        self.leader_password.setPlaceholderText(self.tr("Shift leader's password"))
        self.leader_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.approve_button = QPushButton(self.tr("Sign in with approval"))
        self.approve_button.setObjectName("approveSignIn")
        for w in (self.leader, self.leader_password, self.approve_button):
            approval.addWidget(w)
        approval.addStretch(1)
        lines.addWidget(self.approval)
        self.approval.hide()

        signed_in = QWidget()
        row = QHBoxLayout(signed_in)
        row.setContentsMargins(0, 0, 0, 0)
        self.on_duty = QLabel()
        self.on_duty.setObjectName("onDutyName")
        self.sign_out_button = QPushButton(self.tr("Sign out"))
        self.sign_out_button.setObjectName("signOutButton")
        row.addWidget(self.on_duty)
        row.addWidget(self.sign_out_button)
        row.addStretch(1)

        self.stack.addWidget(signed_out)
        self.stack.addWidget(signed_in)
        self.stack.currentChanged.connect(self._fit_page)
        self._fit_page(0)
        self.sign_in_button.clicked.connect(self._submit)
        self.password.returnPressed.connect(self._submit)
        self.user.returnPressed.connect(self.password.setFocus)
        self.sign_out_button.clicked.connect(self.sign_out_requested)
        self.approve_button.clicked.connect(self._approve)
        self.leader_password.returnPressed.connect(self._approve)

    def _fit_page(self, current: int) -> None:
        """The bar is as tall as the page it shows (signed in: one line), not as its tallest page."""
        for index in range(self.stack.count()):
            page = self.stack.widget(index)
            if page is None:
                continue
            policy = QSizePolicy.Policy.Preferred if index == current else QSizePolicy.Policy.Ignored
            page.setSizePolicy(policy, policy)
            page.adjustSize()
        self.stack.adjustSize()

    def _submit(self) -> None:
        name = self.user.text().strip()
        if not name:
            self.user.setFocus()
            return
        self.sign_in_button.setEnabled(False)
        self.sign_in_requested.emit(name, self.password.text())

    def _approve(self) -> None:
        name = self.user.text().strip()
        if not name or not self.leader.text().strip():
            self.leader.setFocus()
            return
        self.approve_button.setEnabled(False)
        self.approved_sign_in_requested.emit(name, self.password.text(), self.leader.text().strip(), self.leader_password.text())
        self.leader_password.clear()

    def show_off_roster(self, _name: str, why: str) -> None:
        """Not on the roster here: the reason, and the fields for a shift leader's approval (the
        operator's password stays in its field for the approved attempt)."""
        self.sign_in_button.setEnabled(True)
        self.approve_button.setEnabled(True)
        self.message.setText(why)
        self.approval.show()
        self.leader.setFocus()

    def show_operator(self, display_name: str, on_duty: bool = True) -> None:
        self.sign_in_button.setEnabled(True)
        self.approve_button.setEnabled(True)
        self.password.clear()
        if display_name:
            self.approval.hide()
            self.leader.clear()
            self.leader_password.clear()
            text = self.tr("Operator on duty: %1") if on_duty else self.tr("Signed in without the duty (not on the roster): %1")
            self.on_duty.setText(text.replace("%1", display_name))
            self.stack.setCurrentIndex(1)
        else:
            self.message.setText(self._hint or self.tr("Sign in to acknowledge alarms."))
            self.stack.setCurrentIndex(0)

    def set_hint(self, text: str) -> None:
        """An extra line for the signed-out state (the demo names its operators here)."""
        self.message.setText(text)
        self._hint = text

    def show_locked(self, _name: str, until: float) -> None:
        """Shown after show_failure: the account is locked for a while."""
        when = dt.datetime.fromtimestamp(until).strftime("%H:%M")
        self.message.setText(self.tr("Too many wrong passwords: this account is locked until %1.").replace("%1", when))

    def show_unavailable(self, _name: str) -> None:
        """The duty log did not answer: nothing was checked; the operator may simply try again."""
        self.sign_in_button.setEnabled(True)
        self.password.setFocus()
        self.message.setText(self.tr("Not signed in: the duty log cannot be reached. Try again in a moment."))

    def show_not_for_duty(self, _name: str) -> None:
        """A report-only account: right password, but no desk duty."""
        self.sign_in_button.setEnabled(True)
        self.password.clear()
        self.message.setText(self.tr("This account is for scheduled reports only: it cannot sign in at a desk."))

    def show_failure(self, _name: str) -> None:
        self.sign_in_button.setEnabled(True)
        self.password.clear()
        self.password.setFocus()
        self.message.setText(self.tr("Wrong user name or password."))
