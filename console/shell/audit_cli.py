"""``duty-console audit verify`` and ``duty-console audit key`` (docs/audit.md).

verify: 0 intact (as far as it could check; the report says how far), 1 tampering found, 2 usage
error, or the database, the key or the broker could not be read.
key: shows the key this workstation uses (by its id, never the key), creates one, or moves it into
the keyring.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect
from sqlalchemy.exc import SQLAlchemyError

from console.infrastructure import audit_anchor, audit_key
from console.infrastructure.settings import Settings

if TYPE_CHECKING:
    from console.infrastructure.anchor_reader import BrokerAccess


def main_verify(argv: list[str] | None = None, settings_path: Path | None = None) -> int:
    """``duty-console audit verify [options]`` (``verify`` itself may lead ``argv``)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["verify"]:
        argv = argv[1:]
    p = argparse.ArgumentParser(prog="duty-console audit verify",
                                description="Check the duty log's audit chain against its key and against anchors.")
    p.add_argument("--database-url", help="SQLAlchemy URL of the duty log (default: from the settings)")
    p.add_argument("--key-file", help="file holding the audit key (default: the key this workstation is configured with)")
    p.add_argument("--no-key", action="store_true", help="check without a key even where one is configured")
    p.add_argument("--anchor", action="append", default=[], metavar="SEQ:HASH",
                   help="an anchor published earlier (e.g. from a handover report); repeatable")
    p.add_argument("--anchor-file", action="append", default=[], metavar="FILE",
                   help="anchors kept in a file: SEQ:HASH or anchor messages, one a line; repeatable")
    p.add_argument("--broker", nargs="?", const="", default=None, metavar="URL",
                   help="read the anchors retained on the broker (mqtt://[user@]host:port or mqtts://…; "
                        "without URL: the broker in the settings)")
    p.add_argument("--anchor-public-key", default="", metavar="HEX",
                   help="Ed25519 public key to check anchor signatures with, without the audit key (`audit key` prints it)")
    try:
        args = p.parse_args(argv)
    except SystemExit as exc:  # --help, or a usage error argparse has already explained
        return exc.code if isinstance(exc.code, int) else 2
    try:
        anchors = [audit_anchor.Anchor(*audit_anchor.parse_text(text), source="given") for text in args.anchor]
        for name in args.anchor_file:
            anchors += audit_anchor.read_file(Path(name))
    except (ValueError, OSError) as exc:
        return _fail(str(exc))
    try:
        settings = Settings.load(settings_path)
    except (OSError, ValueError) as exc:
        return _fail(f"cannot read the settings: {exc}")
    try:
        key = _key(args, settings)
    except audit_key.AuditKeyError as exc:
        return _fail(str(exc))
    if args.broker is not None:
        from console.infrastructure.anchor_reader import AnchorReadError, read_anchors

        if args.broker:
            from console.domain.broker_url import parse_broker_url

            try:
                if parse_broker_url(args.broker).password:  # every local user can read a command line
                    return _fail("leave the password out of the --broker URL: it is taken from the settings (the "
                                 "system keyring) or from the environment variable DUTY_CONSOLE_BROKER_PASSWORD")
                settings.apply_broker_url(args.broker)
            except ValueError as exc:
                return _fail(str(exc))
            if os.environ.get("DUTY_CONSOLE_BROKER_PASSWORD"):
                settings.set("broker.password", os.environ["DUTY_CONSOLE_BROKER_PASSWORD"])
        try:
            found = read_anchors(_access(settings), f"{settings['broker.topic_root'].strip('/')}/consoles/+/anchor")
        except AnchorReadError as exc:
            return _fail(f"cannot read the anchors from the broker: {exc}")
        anchors += found.anchors
        for problem in found.malformed:
            print(f"ignored a retained message that is not an anchor: {problem}")
    return _verify(args.database_url or settings.database_url, key, anchors, args.anchor_public_key, args.broker is not None)


def _verify(url: str, key: audit_key.AuditKey | None, anchors: list[audit_anchor.Anchor], public_key: str, broker_asked: bool) -> int:
    from console.infrastructure.store.audit import _must_exist
    from console.infrastructure.store.engine import describe, make_engine
    from console.services.audit_check import check

    try:
        _must_exist(url)
        engine = make_engine(url)
    except (SQLAlchemyError, ValueError, OSError) as exc:
        return _fail(str(exc))
    try:
        with engine.connect() as conn:
            if not inspect(conn).has_table("audit_log"):
                return _fail(f"{describe(url)} has no audit log (run `duty-console migrate`)")
            report = check(conn, describe(url), key, anchors, public_key, broker_asked)
    except SQLAlchemyError as exc:
        return _fail(f"{describe(url)}: {exc}")
    finally:
        engine.dispose()
    print("\n".join(report.lines))
    return report.exit_code


def _key(args: argparse.Namespace, settings: Settings) -> audit_key.AuditKey | None:
    if args.no_key:
        return None
    if args.key_file:
        path = Path(args.key_file)
        return audit_key.AuditKey(audit_key.read_key_file(path), f"file {path}")
    return audit_key.load_key(settings)


def _access(settings: Settings) -> BrokerAccess:
    from console.infrastructure.anchor_reader import BrokerAccess

    return BrokerAccess(settings["broker.host"], settings["broker.port"], settings["broker.username"], settings["broker.password"],
                        settings["broker.tls_ca"], settings["broker.tls_cert"], settings["broker.tls_key"])


def main_key(argv: list[str], settings_path: Path | None = None) -> int:
    """``duty-console audit key [--create | --to-keyring]``: never prints the key itself."""
    p = argparse.ArgumentParser(prog="duty-console audit key", description="The audit chain's key on this workstation.")
    p.add_argument("--create", action="store_true",
                   help="make a new key file (mode 0600) unless there is one, or the duty log is keyed already with another")
    p.add_argument("--to-keyring", action="store_true", help="move the key file's key into the system keyring")
    try:
        args = p.parse_args(argv)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 2
    try:
        settings = Settings.load(settings_path)
    except (OSError, ValueError) as exc:
        return _fail(f"cannot read the settings: {exc}", "audit key")
    path = audit_key.key_file_for(settings)
    try:
        if args.create:
            from console.infrastructure.audit_key_setup import KeySetupError, create_unless_keyed

            try:
                made = create_unless_keyed(path, settings.database_url)
            except KeySetupError as exc:
                return _fail(str(exc), "audit key")
            print(f"created {path}" if made else f"kept the key file there already: {path}")
        elif args.to_keyring:
            from console.infrastructure import secrets

            moved = audit_key.move_to_keyring(path, secrets.default_store(path.parent))
            print(f"moved into {moved.source}; {path} removed")
        key = audit_key.load_key(settings)
    except (audit_key.AuditKeyError, OSError) as exc:
        return _fail(str(exc), "audit key")
    if key is None:
        print(f"no audit key: neither {path} nor the keyring's {audit_key.SECRET_NAME} (the chain is written unkeyed)")
        return 1
    public = audit_anchor.anchor_public_key(key.secret)
    print(f"key id {key.id}, from {key.source}")
    if public:
        print(f"anchor public key (Ed25519) {public}")
    return 0


def _fail(message: str, prog: str = "audit verify") -> int:
    print(f"{prog}: {message}", file=sys.stderr)
    return 2

