"""``duty-console audit verify`` reads the whole record of who did what: only someone the role
rules let review the alarm log (``user_rules.may_review``: a shift leader, a manager, an
administrator — the same people the window's review shows the audit chain's state to), signed in
with ``--user NAME`` and a password as for the other administrative commands
(console/shell/cli_session.py). A refusal is on record (``access.refused``, ``user.sign_in_failed``).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from console.domain.user_rules import may_review
from console.infrastructure.settings import Settings
from console.shell.cli_session import EXIT_REFUSED, CliDesk, CliError, Passwords, add_credential_arguments, read_credential


def signed_in_for_audit(argv: list[str], settings_path: Path | None) -> list[str]:
    """Check the credential among ``argv`` (CliError when refused); the other arguments, for
    ``audit verify`` itself. ``--help`` needs none."""
    if any(a in ("-h", "--help") for a in argv):
        return argv
    parser = argparse.ArgumentParser(prog="duty-console audit verify", add_help=False)
    add_credential_arguments(parser, "a shift leader's, a manager's or an administrator's")
    parser.add_argument("--database-url")
    try:
        args, rest = parser.parse_known_args(argv)
    except SystemExit:
        raise CliError(QCoreApplication.translate("CommandLine", "bad arguments (see audit verify --help)"), EXIT_REFUSED) from None
    settings = _settings(settings_path, args.database_url)
    _must_exist(settings.database_url)
    credential = read_credential(args, Passwords(bool(args.password_stdin)))
    desk = CliDesk(settings, "audit verify", migrate=False)
    try:
        operator = desk.sign_in(credential)
        if operator is None or not may_review(operator.role):
            raise desk.refused(operator, "audit.verify")
    finally:
        desk.close()
    return [*rest, *(["--database-url", args.database_url] if args.database_url else [])]


def _settings(settings_path: Path | None, database_url: str | None) -> Settings:
    try:
        settings = Settings.load(settings_path)
    except (OSError, ValueError) as exc:
        raise CliError(QCoreApplication.translate("CommandLine", "cannot read the settings: %1").replace("%1", str(exc)), EXIT_REFUSED) from None
    if database_url:
        settings.set("database.url", database_url)
    return settings


def _must_exist(url: str) -> None:
    """A command that only reads never creates an empty SQLite file at a mistyped path."""
    from console.infrastructure.store.audit import _must_exist as check

    try:
        check(url)
    except ValueError as exc:
        raise CliError(str(exc), EXIT_REFUSED) from None
