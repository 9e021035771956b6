"""``duty-console add-user | set-role | set-password | disable-user | enable-user | unlock-user |
list-users``: the Users panel's requests from the command line, as the administrator whose
credential is given (console/shell/cli_session.py), through the same UserAdmin as the window —
the same checks, the same audit entries (with ``via`` saying they came from the command line).

Without a credential only one thing is possible: ``add-user NAME --role admin`` into a duty log
that has no account yet (the very first administrator, as the first-run wizard adds it).

Exit status: 0 done; 1 not done (the duty log unreachable, the name taken, nothing to change …);
2 refused (no, a wrong or a too-low credential) or bad usage.
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Callable

from PySide6.QtCore import QCoreApplication

from console.domain import user_rules as rules
from console.domain.user_rules import ROLES, UserInfo
from console.infrastructure.settings import Settings
from console.infrastructure.store.dutylog import Operator
from console.shell.cli_session import EXIT_FAILED, EXIT_REFUSED, CliDesk, CliError, Passwords, not_permitted, read_credential

USER_COMMANDS = ("add-user", "set-role", "set-password", "disable-user", "enable-user", "unlock-user", "list-users")


def messages() -> dict[str, str]:
    """A refusal code of console/domain/user_rules.py as one line."""
    return {
        rules.NAME_EMPTY: QCoreApplication.translate("CommandLine", "a user name is needed"),
        rules.NAME_INVALID: QCoreApplication.translate("CommandLine", "the user name may not contain spaces and must be at most 64 characters"),
        rules.NAME_TAKEN: QCoreApplication.translate("CommandLine", "a user named %1 exists already"),
        rules.NO_SUCH_USER: QCoreApplication.translate("CommandLine", "there is no user named %1"),
        rules.BAD_ROLE: QCoreApplication.translate("CommandLine", "not a role"),
        rules.DISPLAY_NAME_TOO_LONG: QCoreApplication.translate("CommandLine", "the display name must be at most 128 characters"),
        rules.PASSWORD_TOO_SHORT: QCoreApplication.translate("CommandLine", "the password needs at least 8 characters"),
        rules.PASSWORD_TOO_LONG: QCoreApplication.translate("CommandLine", "the password may have at most 256 characters"),
        rules.PASSWORD_IS_NAME: QCoreApplication.translate("CommandLine", "the password may not be the user name"),
        rules.LAST_ADMIN: QCoreApplication.translate("CommandLine", "%1 is the last enabled administrator"),
        rules.SELF_DISABLE: QCoreApplication.translate("CommandLine", "nobody disables their own account"),
        rules.SELF_ROLE: QCoreApplication.translate("CommandLine", "nobody changes their own role"),
        rules.NOT_LOCKED: QCoreApplication.translate("CommandLine", "%1 is not locked"),
        rules.UNCHANGED: QCoreApplication.translate("CommandLine", "nothing to change for %1"),
        rules.FAILED: QCoreApplication.translate("CommandLine", "the duty log could not be written (see the log file)"),
    }


def add_user_arguments(sub: argparse._SubParsersAction, common: Callable[[argparse.ArgumentParser], None]) -> None:
    from console.shell.cli_session import add_credential_arguments

    needed = "an administrator's"

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        parser = sub.add_parser(name, help=help_text)
        common(parser)
        add_credential_arguments(parser, needed)
        return parser

    add = command("add-user", "add an account to the duty log (an administrator's credential; the first administrator: none)")
    add.add_argument("name")
    add.add_argument("--display-name", default="")
    add.add_argument("--role", default="operator", choices=list(ROLES))
    role = command("set-role", "change an account's role")
    role.add_argument("name")
    role.add_argument("role", choices=list(ROLES))
    password = command("set-password", "set a new password for an account (also unlocks it)")
    password.add_argument("name")
    for name, text in (("disable-user", "disable an account (it cannot sign in)"), ("enable-user", "enable a disabled account"),
                       ("unlock-user", "unlock an account locked after wrong passwords")):
        command(name, text).add_argument("name")
    command("list-users", "list the accounts")


def main_users(args: argparse.Namespace, settings: Settings) -> int:
    from console.services.user_admin import UserAdmin

    passwords = Passwords(bool(args.password_stdin))
    credential = read_credential(args, passwords)
    desk = CliDesk(settings, args.command)
    try:
        operator = desk.sign_in(credential)
        admin = UserAdmin(desk.writer, lambda: operator, desk.station, _now, via=desk.via)
        answers: list[tuple[str, ...]] = []
        listed: list[list[UserInfo]] = []
        admin.changed.connect(lambda name, actions: answers.append(("changed", name, ", ".join(actions))))
        admin.refused.connect(lambda code, name: answers.append(("refused", code, name)))
        admin.users_listed.connect(listed.append)
        name = getattr(args, "name", "")
        if args.command == "list-users":
            if admin.refresh():
                desk.wait(lambda: bool(listed or answers))
        elif args.command == "add-user":
            if credential is None and args.role != rules.ADMIN:
                admin.add_user(name, args.display_name, args.role, "")  # refused (and on record): nobody asks
            else:
                new_password = _new_password(passwords, name)
                if credential is None:
                    admin.add_first_admin(name, args.display_name, new_password)
                else:
                    admin.add_user(name, args.display_name, args.role, new_password)
        elif args.command == "set-role":
            admin.change_role(name, args.role)
        elif args.command == "set-password":
            if operator is None:
                admin.reset_password(name, "")  # refused and on record before any password is asked for
            else:
                admin.reset_password(name, _new_password(passwords, name))
        else:
            {"disable-user": admin.disable, "enable-user": admin.enable, "unlock-user": admin.unlock}[args.command](name)
        if args.command != "list-users":
            desk.wait(lambda: bool(answers))
        return _answer(args, operator, answers, listed)
    finally:
        desk.close()


def _new_password(passwords: Passwords, name: str) -> str:
    password = passwords.read(QCoreApplication.translate("CommandLine", "New password of %1: ").replace("%1", name))
    if not password:
        raise CliError(QCoreApplication.translate("CommandLine", "an empty password is not allowed"), EXIT_REFUSED)
    return password


def _answer(args: argparse.Namespace, operator: Operator | None, answers: list[tuple[str, ...]], listed: list[list[UserInfo]]) -> int:
    refused = next((a for a in answers if a[0] == "refused"), None)
    if refused is not None:
        _, code, name = refused
        if code == rules.NOT_ADMIN:
            if args.command == "add-user" and operator is None and args.role == rules.ADMIN:
                raise CliError(QCoreApplication.translate("CommandLine", "refused: the duty log has accounts already, so only an administrator adds one (--user NAME and your password)"),
                               EXIT_REFUSED)
            raise not_permitted(operator)
        status = EXIT_REFUSED if code in (rules.NAME_EMPTY, rules.NAME_INVALID, rules.BAD_ROLE, rules.DISPLAY_NAME_TOO_LONG,
                                          rules.PASSWORD_TOO_SHORT, rules.PASSWORD_TOO_LONG, rules.PASSWORD_IS_NAME) else EXIT_FAILED
        raise CliError(messages().get(code, code).replace("%1", name), status)
    if args.command == "list-users":
        for info in listed[-1] if listed else []:
            state = "disabled" if info.disabled else "locked" if info.locked_until else "enabled"
            last = dt.datetime.fromtimestamp(info.last_sign_in).strftime("%Y-%m-%d %H:%M") if info.last_sign_in else "-"
            print(f"{info.name}\t{info.display_name}\t{info.role}\t{state}\t{last}")
        return 0
    _, name, actions = answers[0]
    print(f"{args.command}: {name}: {actions}")
    return 0


def _now() -> float:
    import time

    return time.time()

