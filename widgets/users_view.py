"""The users of the console, for an administrator: a table of accounts and an inline form to add
one, change its name or role, set a new password, disable or enable it, or unlock it.

No dialog: everything happens in the tab, and every answer is a line under the form. The work is
done by ``console.services.user_admin.UserAdmin``; this widget only calls its slots and shows its signals.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import datetime as dt

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console.domain import user_rules as ua
from console.domain.user_rules import UserInfo

if TYPE_CHECKING:  # the core objects the shell hands in (types only: widgets never build them)
    from console.services.user_admin import UserAdmin

NAME_ROLE = Qt.ItemDataRole.UserRole + 1
DISABLED_TEXT = QColor("#6E7175")  # grey: an account that cannot sign in
COLUMNS = ("name", "display_name", "role", "status", "last_sign_in")


def role_label(role: str) -> str:
    labels = {
        "operator": QCoreApplication.translate("Role", "Operator"),
        "shift_leader": QCoreApplication.translate("Role", "Shift leader"),
        "manager": QCoreApplication.translate("Role", "Manager"),
        "admin": QCoreApplication.translate("Role", "Administrator"),
        "reporter": QCoreApplication.translate("Role", "Reports only"),
    }
    return labels.get(role, role)


def _local(seconds: float) -> str:
    return dt.datetime.fromtimestamp(seconds).strftime("%Y-%m-%d %H:%M")


class UsersView(QWidget):
    """``admin``: the core's UserAdmin (slots add_user, update_user, reset_password,
    set_disabled, unlock, refresh; signals users_listed, changed, refused)."""

    def __init__(self, admin: UserAdmin, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("usersView")
        self._admin = admin
        self._users: dict[str, UserInfo] = {}
        self._editing: str | None = None  # the selected user's name; None: a new user

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("usersTable")
        self.table.setHorizontalHeaderLabels(
            [self.tr("User name"), self.tr("Name"), self.tr("Role"), self.tr("Status"), self.tr("Last sign-in")]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)

        self.form = QFrame()
        self.form.setObjectName("usersForm")
        self.title = QLabel()
        self.title.setObjectName("usersFormTitle")
        bold = QFont(self.title.font())
        bold.setBold(True)
        self.title.setFont(bold)
        self.name = QLineEdit()
        self.name.setObjectName("usersName")
        self.name.setPlaceholderText(self.tr("User name (for signing in)"))
        self.name.setMaxLength(ua.NAME_LIMIT)
        self.display_name = QLineEdit()
        self.display_name.setObjectName("usersDisplayName")
        self.display_name.setPlaceholderText(self.tr("Name as shown on the desk"))
        self.display_name.setMaxLength(ua.DISPLAY_NAME_LIMIT)
        self.role = QComboBox()
        self.role.setObjectName("usersRole")
        for role in ua.ROLES:
            self.role.addItem(role_label(role), role)
        self.password = QLineEdit()
        self.password.setObjectName("usersPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("Password (at least %1 characters)").replace("%1", str(ua.MIN_PASSWORD_LENGTH)))
        self.password_again = QLineEdit()
        self.password_again.setObjectName("usersPasswordAgain")
        self.password_again.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_again.setPlaceholderText(self.tr("Repeat the password"))

        self.new_button = self._button(self.tr("New user"), "usersNewButton")
        self.add_button = self._button(self.tr("Add user"), "usersAddButton")
        self.save_button = self._button(self.tr("Save name and role"), "usersSaveButton")
        self.password_button = self._button(self.tr("Set new password"), "usersPasswordButton")
        self.disable_button = self._button(self.tr("Disable"), "usersDisableButton")
        self.unlock_button = self._button(self.tr("Unlock"), "usersUnlockButton")
        self.message = QLabel()
        self.message.setObjectName("usersMessage")
        self.message.setWordWrap(True)
        self.message.setFont(bold)

        grid = QGridLayout()
        grid.addWidget(QLabel(self.tr("User name:")), 0, 0)
        grid.addWidget(self.name, 0, 1)
        grid.addWidget(QLabel(self.tr("Name:")), 0, 2)
        grid.addWidget(self.display_name, 0, 3)
        grid.addWidget(QLabel(self.tr("Role:")), 0, 4)
        grid.addWidget(self.role, 0, 5)
        grid.addWidget(QLabel(self.tr("Password:")), 1, 0)
        grid.addWidget(self.password, 1, 1)
        grid.addWidget(QLabel(self.tr("Again:")), 1, 2)
        grid.addWidget(self.password_again, 1, 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.add_button, self.save_button, self.password_button, self.disable_button,
                       self.unlock_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        form_layout = QVBoxLayout(self.form)
        form_layout.setContentsMargins(8, 6, 8, 6)
        form_layout.addWidget(self.title)
        form_layout.addLayout(grid)
        form_layout.addLayout(buttons)
        form_layout.addWidget(self.message)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.form)

        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.new_button.clicked.connect(self.start_new)
        self.add_button.clicked.connect(self._add)
        self.save_button.clicked.connect(self._save)
        self.password_button.clicked.connect(self._set_password)
        self.disable_button.clicked.connect(self._toggle_disabled)
        self.unlock_button.clicked.connect(self._unlock)
        self.password_again.returnPressed.connect(lambda: self._add() if self._editing is None else self._set_password())
        admin.users_listed.connect(self.show_users)
        admin.changed.connect(self.show_changed)
        admin.refused.connect(self.show_refused)
        self._edit(None)

    @staticmethod
    def _button(text: str, name: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        return button

    # -- shown / hidden with the administrator -----------------------------------------------
    def set_active(self, active: bool) -> None:
        """An administrator signed in (load the list) or not any more (forget everything shown)."""
        self.message.clear()
        if active:
            self._admin.refresh()
            return
        self._users = {}
        self.table.setRowCount(0)
        self._edit(None)

    # -- requests ------------------------------------------------------------------------------
    def start_new(self) -> None:
        self.table.clearSelection()
        self._edit(None)
        self.message.clear()
        self.name.setFocus()

    def _add(self) -> None:
        if self._passwords_match():
            self._say(self.tr("Adding %1…").replace("%1", self.name.text().strip()))
            self._admin.add_user(self.name.text(), self.display_name.text(), self.role.currentData(), self.password.text())

    def _save(self) -> None:
        if self._editing is not None:
            self._say(self.tr("Saving…"))
            self._admin.update_user(self._editing, self.display_name.text(), self.role.currentData())

    def _set_password(self) -> None:
        if self._editing is not None and self._passwords_match():
            self._say(self.tr("Saving…"))
            self._admin.reset_password(self._editing, self.password.text())

    def _toggle_disabled(self) -> None:
        user = self._users.get(self._editing or "")
        if user is not None:
            self._say(self.tr("Saving…"))
            self._admin.set_disabled(user.name, not user.disabled)

    def _unlock(self) -> None:
        if self._editing is not None:
            self._say(self.tr("Saving…"))
            self._admin.unlock(self._editing)

    def _passwords_match(self) -> bool:
        if self.password.text() != self.password_again.text():
            self._say(self.tr("The two passwords differ; type the same password twice."))
            self.password_again.clear()
            self.password_again.setFocus()
            return False
        return True

    # -- answers -------------------------------------------------------------------------------
    def show_users(self, users: list) -> None:
        self._users = {u.name: u for u in users}
        selected = self._editing
        self.table.blockSignals(True)
        self.table.setRowCount(len(users))
        for row, user in enumerate(users):
            for column, text in enumerate(self._cells(user)):
                item = QTableWidgetItem(text)
                item.setData(NAME_ROLE, user.name)
                if user.disabled:
                    item.setForeground(DISABLED_TEXT)
                if COLUMNS[column] == "status" and user.locked_until is not None:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(row, column, item)
        self.table.clearSelection()
        self.table.blockSignals(False)
        if selected is not None and selected in self._users:
            self.select(selected)
        elif selected is not None:
            self._edit(None)

    def show_changed(self, name: str, actions: list) -> None:
        words = {
            "user.added": self.tr("User %1 added."),
            "user.role_changed": self.tr("Role of %1 changed."),
            "user.display_name_changed": self.tr("Name of %1 changed."),
            "user.password_reset": self.tr("New password set for %1."),
            "user.disabled": self.tr("%1 disabled: this account can no longer sign in."),
            "user.enabled": self.tr("%1 enabled: this account can sign in again."),
            "user.unlocked": self.tr("%1 unlocked."),
        }
        self._say(" ".join(words.get(a, a).replace("%1", name) for a in actions))
        self.password.clear()
        self.password_again.clear()
        if "user.added" in actions:
            self.select(name)

    def show_refused(self, code: str, name: str) -> None:
        words = {
            ua.NOT_ADMIN: self.tr("Only an administrator signed in at this desk may manage users."),
            ua.NAME_EMPTY: self.tr("Enter a user name."),
            ua.NAME_INVALID: self.tr("A user name has no spaces and at most %1 characters.").replace("%1", str(ua.NAME_LIMIT)),
            ua.NAME_TAKEN: self.tr("A user named %1 exists already."),
            ua.NO_SUCH_USER: self.tr("There is no user named %1."),
            ua.BAD_ROLE: self.tr("Choose a role."),
            ua.DISPLAY_NAME_TOO_LONG: self.tr("The name is too long: at most %1 characters.").replace("%1", str(ua.DISPLAY_NAME_LIMIT)),
            ua.PASSWORD_TOO_SHORT: self.tr("The password is too short: at least %1 characters.").replace("%1", str(ua.MIN_PASSWORD_LENGTH)),
            ua.PASSWORD_TOO_LONG: self.tr("The password is too long: at most %1 characters.").replace("%1", str(ua.MAX_PASSWORD_LENGTH)),
            ua.PASSWORD_IS_NAME: self.tr("The password must not be the user name."),
            ua.LAST_ADMIN: self.tr("%1 is the last enabled administrator: make another user an administrator first."),
            ua.SELF_DISABLE: self.tr("You cannot disable your own account."),
            ua.SELF_ROLE: self.tr("You cannot change your own role: ask another administrator."),
            ua.NOT_LOCKED: self.tr("%1 is not locked."),
            ua.UNCHANGED: self.tr("Nothing to change."),
            ua.FAILED: self.tr("Not saved: the duty log could not be written. Try again; the log file has the details."),
        }
        text = words.get(code, code)
        self._say(self.tr("Not done: %1").replace("%1", text.replace("%1", name)))

    # -- the form ------------------------------------------------------------------------------
    def select(self, name: str) -> None:
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None and item.data(NAME_ROLE) == name:
                self.table.selectRow(row)  # -> _selection_changed -> _edit(name)
                self._edit(name)
                return

    def _selection_changed(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        self._edit(rows[0].data(NAME_ROLE) if rows else None)

    def _edit(self, name: str | None) -> None:
        user = self._users.get(name) if name is not None else None
        self._editing = user.name if user is not None else None
        editing = user is not None
        if user is None:
            self.title.setText(self.tr("New user"))
            self.name.clear()
            self.display_name.clear()
            self.role.setCurrentIndex(self.role.findData("operator"))
        else:
            self.title.setText(self.tr("User %1").replace("%1", user.name))
            self.name.setText(user.name)
            self.display_name.setText(user.display_name)
            self.role.setCurrentIndex(max(0, self.role.findData(user.role)))
            self.disable_button.setText(self.tr("Enable") if user.disabled else self.tr("Disable"))
        self.password.clear()
        self.password_again.clear()
        self.name.setReadOnly(editing)
        self.add_button.setEnabled(not editing)
        for button in (self.save_button, self.password_button, self.disable_button):
            button.setEnabled(editing)
        self.unlock_button.setEnabled(user is not None and (user.locked_until is not None or user.failed_sign_ins > 0))

    def _cells(self, user: UserInfo) -> tuple[str, ...]:
        if user.disabled:
            status = self.tr("Disabled")
        elif user.locked_until is not None:
            status = self.tr("Locked until %1").replace("%1", _local(user.locked_until))
        else:
            status = self.tr("Enabled")
        last = _local(user.last_sign_in) if user.last_sign_in is not None else self.tr("Never")
        return user.name, user.display_name, role_label(user.role), status, last

    def _say(self, text: str) -> None:
        self.message.setText(text)
