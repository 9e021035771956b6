"""Command line: ``duty-console [run|demo|simulate|add-user|set-role|…|import-points|migrate|audit|report|historian]``.

The administrative commands (the user commands, ``import-points``, ``report``, ``audit``) need a
credential and go through the services, as the window's requests do: console/shell/cli_session.py.
Expected failures are one line and an exit status (1 failed, 2 refused or bad usage), never a
traceback."""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import sys
from pathlib import Path

from console import __version__

from console.infrastructure import logs
from console.infrastructure.settings import Settings, log_dir
from console.shell.cli_users import USER_COMMANDS, add_user_arguments

log = logging.getLogger("console.shell.cli")

BROKER_PASSWORD_ENV = "DUTY_CONSOLE_BROKER_PASSWORD"
EXIT_USAGE = 2
PASSWORD_IN_URL = (
    "duty-console: a password in --broker would be readable by every user of this machine while the console runs; "
    "leave it out of the URL and keep it in the settings (the system keyring: duty-console setup), "
    f"in the environment variable {BROKER_PASSWORD_ENV}, or type it at a prompt with --ask-broker-password"
)


def _settings(args: argparse.Namespace) -> Settings:
    settings = Settings.load(Path(args.settings) if args.settings else None)
    _overrides(args)(settings)
    return settings


def _overrides(args: argparse.Namespace):
    """The command line's settings, applied over the file's (not saved)."""
    def apply(settings: Settings) -> None:
        if getattr(args, "broker", None):
            settings.apply_broker_url(args.broker)
        password = getattr(args, "broker_password", None) or os.environ.get(BROKER_PASSWORD_ENV, "")
        if password:
            settings.set("broker.password", password)
        if getattr(args, "database_url", None):
            settings.set("database.url", args.database_url)
        if getattr(args, "plant", None):
            settings.set("plant.file", str(Path(args.plant).resolve()))
        if getattr(args, "language", None):
            settings.set("ui.language", args.language)
        if getattr(args, "station", None):
            settings.set("station.name", args.station)

    return apply


def cmd_run(args: argparse.Namespace) -> int:
    """The console. Without a settings file (and without --broker) the first-run wizard comes first."""
    from console.shell.app import run_installed

    path = Path(args.settings) if args.settings else None
    given = any(getattr(args, name, None) for name in ("broker", "database_url", "plant"))
    if given and not (path or _default_settings_path()).exists():
        from console.shell.app import run

        return run(_settings(args))  # everything on the command line: no wizard
    return run_installed(path, _overrides(args), setup=args.command == "setup")


def _default_settings_path() -> Path:
    from console.infrastructure.settings import config_dir

    return config_dir() / "settings.toml"


def cmd_autostart(args: argparse.Namespace) -> int:
    from console.setup import autostart

    if args.state != "status":
        autostart.set_enabled(args.state == "on", Path(args.settings).resolve() if args.settings else None)
    print(f"start at log-in: {'on' if autostart.is_enabled() else 'off'}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from console.shell.demo import DEMO_FLOOD_AFTER_S, run_demo

    flood_after = args.flood_after if args.flood_after is not None else DEMO_FLOOD_AFTER_S if args.flood else None
    return run_demo(_settings(args), broker_given=bool(args.broker), screenshot=args.screenshot, quit_after=args.quit_after,
                    flood_after=flood_after, park=args.park)


def cmd_simulate(args: argparse.Namespace, rest: list[str]) -> int:
    from console.simulator.publisher import main as simulate

    return simulate(rest) or 0


def cmd_import_points(args: argparse.Namespace, rest: list[str]) -> int:
    from console.shell.points_cli import main_import_points

    return main_import_points(rest, Path(args.settings) if args.settings else None)


def cmd_users(args: argparse.Namespace) -> int:
    from console.shell.cli_users import main_users

    return main_users(args, _settings(args))


def cmd_migrate(args: argparse.Namespace) -> int:
    from console.infrastructure.store.engine import describe, make_engine
    from console.infrastructure.store.migrations import upgrade

    settings = _settings(args)
    if args.backup:
        from console.setup.upgrade_backup import backup_before_upgrade

        copy = backup_before_upgrade(settings.database_url)
        if copy is not None:
            print(f"copied to {copy}")
    engine = make_engine(settings.database_url)
    applied = upgrade(engine)
    engine.dispose()
    print(f"{describe(settings.database_url)}: applied {applied or 'nothing (up to date)'}")
    return 0


def _password_in_url(url: str | None) -> bool:
    """A --broker URL with a password in it (refused: every local user can read a command line)."""
    from console.domain.broker_url import parse_broker_url

    if not url:
        return False
    try:
        return bool(parse_broker_url(url).password)
    except ValueError:
        return False  # reported where the URL is used


def cmd_historian(args: argparse.Namespace) -> int:
    from console.shell.historian_cli import main_historian

    settings = _settings(args)
    if args.history_url:
        settings.set("history.url", args.history_url)
    return main_historian(settings, args.client_id or "", args.group or "")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="duty-console", description="Duty Console (值班报警台)")
    p.add_argument("--version", action="version", version=f"duty-console {__version__}")
    p.add_argument("--settings", help="settings file (default: the user's config directory)")
    p.add_argument("--log-level", default="INFO", choices=["DEBUG", "INFO", "WARNING", "ERROR"])
    sub = p.add_subparsers(dest="command")

    def common(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--broker", help="broker URL mqtt://[user@]host:port or mqtts://… (never a password: see --ask-broker-password)")
        sp.add_argument("--ask-broker-password", action="store_true",
                        help=f"ask for the broker password at start (or set {BROKER_PASSWORD_ENV}, or keep it in the settings)")
        sp.add_argument("--database-url", help="SQLAlchemy URL of the duty log")
        sp.add_argument("--plant", help="plant registry JSON file")
        sp.add_argument("--language", choices=["auto", "zh_CN", "en"])
        sp.add_argument("--station", help="workstation name")

    common(sub.add_parser("run", help="start the console (the default)"))
    common(sub.add_parser("setup", help="the first-run wizard again, then the console"))
    auto = sub.add_parser("autostart", help="start the console when this user logs in: on, off or status")
    auto.add_argument("state", choices=["on", "off", "status"])
    demo = sub.add_parser("demo", help="embedded broker + simulated plant + console")
    common(demo)
    demo.add_argument("--screenshot", help="save a PNG of the window after a few seconds")
    demo.add_argument("--quit-after", type=float, default=0.0, help="quit after this many seconds (0: run until closed)")
    demo.add_argument("--flood", action="store_true", help="an alarm flood on purpose: a plant upset half a minute after the start")
    demo.add_argument("--flood-after", type=float, default=None, metavar="SECONDS", help="like --flood, after this many seconds")
    demo.add_argument("--park", type=int, default=None, metavar="ENTERPRISES",
                      help="a generated chemical park of this many enterprises (40 points and 10 cameras each: "
                           "--park 500 is 20,000 points at 1 Hz and 5,000 cameras)")
    sub.add_parser("simulate", help="run the plant simulator alone (see simulate --help)", add_help=False)
    sub.add_parser("audit", help="check the audit chain against its key and anchors (audit verify --help), or show or create its key (audit key --help)", add_help=False)
    sub.add_parser("report", help="duty KPIs and reports as CSV, XLSX or PDF (see report --help)", add_help=False)
    sub.add_parser("import-points", help="import a sensor data sheet (XLSX/CSV) into the plant file (see import-points --help)", add_help=False)
    add_user_arguments(sub, common)
    historian = sub.add_parser("historian", help="the headless historian service: readings from the broker into PostgreSQL (docs/trends.md)")
    historian.add_argument("--broker", help="broker URL mqtt://[user@]host:port or mqtts://… (never a password)")
    historian.add_argument("--ask-broker-password", action="store_true", help=f"ask for the broker password at start (or set {BROKER_PASSWORD_ENV})")
    historian.add_argument("--history-url", help="SQLAlchemy URL of the historian's PostgreSQL database (else history.url of the settings)")
    historian.add_argument("--group", help="shared-subscription group (else history.historian_group, default historians)")
    historian.add_argument("--client-id", help="MQTT client id (default: historian-HOST-PID)")
    migrate = sub.add_parser("migrate", help="upgrade the duty log's schema")
    common(migrate)
    migrate.add_argument("--backup", action="store_true", help="copy a SQLite duty log first when its schema is older")
    return p


COMMANDS = ("run", "setup", "autostart", "demo", "simulate", "audit", "report", "import-points", *USER_COMMANDS, "migrate", "historian")
_GLOBAL_WITH_VALUE = ("--settings", "--log-level")


def _with_command(argv: list[str]) -> list[str]:
    """``duty-console [--settings F] [--broker URL …]`` means ``run``: the word is put in after the
    global options, so run's own options (--broker, --database-url, …) are understood."""
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg in _GLOBAL_WITH_VALUE:
            i += 2
        elif arg.split("=", 1)[0] in _GLOBAL_WITH_VALUE or arg in ("--version", "-h", "--help"):
            i += 1
        else:
            break
    if i < len(argv) and argv[i] in COMMANDS:
        return argv
    return argv[:i] + ["run"] + argv[i:] if not any(a in ("--version", "-h", "--help") for a in argv[:i]) else argv


def main(argv: list[str] | None = None) -> int:
    """The command; an expected failure (CliError) is one line on stderr and its exit status."""
    import tomllib

    from sqlalchemy.exc import SQLAlchemyError

    from console.domain.plant import PlantError
    from console.infrastructure.secrets import SecretStoreError
    from console.shell.cli_session import EXIT_FAILED, CliError, one_line

    words = list(sys.argv[1:] if argv is None else argv)
    try:
        return _main(argv)
    except CliError as exc:
        return _say(words, str(exc), exc.status)
    except tomllib.TOMLDecodeError as exc:  # a settings file written by hand
        return _say(words, f"the settings file is not valid TOML: {exc}", EXIT_FAILED)
    except SQLAlchemyError as exc:  # a database URL that is wrong, or a duty log that does not answer
        return _say(words, f"the duty log cannot be used: {one_line(exc)}", EXIT_FAILED)
    except (PlantError, SecretStoreError, OSError) as exc:  # a missing or unreadable file, a keyring that refuses
        return _say(words, one_line(exc), EXIT_FAILED)


def _say(argv: list[str], message: str, status: int) -> int:
    """An expected failure: one line on stderr (and in the log), no traceback; the exit status."""
    command = _command_word(argv)
    log.error("%s", message)
    print(f"{command}: {message}" if command else message, file=sys.stderr)
    return status


def _command_word(argv: list[str]) -> str:
    words = _with_command(argv)
    return next((w for w in words if w in COMMANDS), "")


def _main(argv: list[str] | None = None) -> int:
    argv = _with_command(list(sys.argv[1:] if argv is None else argv))
    args, rest = parser().parse_known_args(argv)
    command = args.command or "run"
    if _password_in_url(getattr(args, "broker", None)):
        print(PASSWORD_IN_URL, file=sys.stderr)
        return EXIT_USAGE
    # The simulator is another process: it logs to stderr only, not into the console's file; so does the
    # historian (a service: its stderr is the journal).
    logs.setup(None if command in ("simulate", "historian") else log_dir(), getattr(logging, args.log_level))
    if command == "simulate":
        return cmd_simulate(args, rest)
    if command == "import-points":
        return cmd_import_points(args, rest)
    if command == "audit":
        from console.shell.audit_cli import main_key, main_verify

        if rest[:1] not in (["verify"], ["key"]):
            parser().error("usage: duty-console audit verify --user NAME [--key-file FILE] [--anchor SEQ:HASH] [--broker [URL]] … | audit key [--create]")
        settings_file = Path(args.settings) if args.settings else None
        if rest[0] == "key":  # the key's id and public half only; --create never overwrites (the package runs it per user)
            return main_key(rest[1:], settings_path=settings_file)
        from console.shell.cli_audit import signed_in_for_audit

        return main_verify(signed_in_for_audit(rest[1:], settings_file), settings_path=settings_file)
    if command == "report":
        from console.shell.report_cli import main_report

        return main_report(rest, settings_path=Path(args.settings) if args.settings else None)
    if rest:
        parser().error(f"unrecognised arguments: {' '.join(rest)}")
    handler = {"run": cmd_run, "setup": cmd_run, "demo": cmd_demo, "migrate": cmd_migrate, "autostart": cmd_autostart,
               "historian": cmd_historian,
               **{name: cmd_users for name in USER_COMMANDS}}[command]
    if command == "run" and args.command is None:
        args = parser().parse_args(["run", *argv])
    if getattr(args, "ask_broker_password", False):
        args.broker_password = getpass.getpass("Broker password: ")
    return handler(args)


if __name__ == "__main__":
    sys.exit(main())
