"""``duty-console report``: the review's KPIs and reports from the command line, for scheduled
reports. Exit status 0 when the file was written; 2 for a bad date range, an unwritable path or
other bad input, and when refused (no, a wrong or a too-low credential); 1 when the duty log
cannot be read.

Whose request it is: ``--user NAME`` and a password (console/shell/cli_session.py; for a
scheduled report ``--password-file`` or ``DUTY_CONSOLE_PASSWORD``, of a ``reporter`` account).
The report is made through the window's ReviewService, which refuses anyone the role rules do not
let review the alarm log and records the refusal."""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import sys
import time
from pathlib import Path

from console.services.review import kpi
from console.services.review.filters import STAGES

log = logging.getLogger("console.shell.report_cli")

FORMATS = ("csv", "xlsx", "pdf")
REPORT_WAIT_S = 6 * 3600.0  # a year of a large park's log still fits


class UsageError(ValueError):
    """Bad input: one line for the user."""


def parse_when(text: str, end: bool = False) -> float:
    """"YYYY-MM-DD" (the day's start; as --to: the next day's start, so the day is included) or
    "YYYY-MM-DD HH:MM", local time."""
    value = text.strip()
    for fmt, whole_day in (("%Y-%m-%d", True), ("%Y-%m-%d %H:%M", False), ("%Y-%m-%dT%H:%M", False),
                           ("%Y-%m-%d %H:%M:%S", False)):
        try:
            parsed = dt.datetime.strptime(value, fmt)
        except ValueError:
            continue
        if whole_day and end:
            parsed += dt.timedelta(days=1)
        return parsed.astimezone().timestamp()
    raise UsageError(f"not a date: {text!r} (use YYYY-MM-DD or 'YYYY-MM-DD HH:MM', local time)")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="duty-console report", description="Duty KPIs and reports (值班回顾报表) from the duty log.")
    p.add_argument("--from", dest="start", required=True, help="first day (YYYY-MM-DD) or moment ('YYYY-MM-DD HH:MM'), local")
    p.add_argument("--to", dest="end", required=True, help="last day, included (YYYY-MM-DD), or the moment the range ends")
    p.add_argument("--by", choices=kpi.GROUPINGS, default="operator", help="the KPI table's rows")
    p.add_argument("--format", choices=FORMATS, help="csv: the KPI table; xlsx: KPIs, health, top points and the alarm log; "
                                                     "pdf: the report (default: from the file name)")
    p.add_argument("--out", required=True, help="the file to write")
    p.add_argument("--kind", choices=("auto", "shift", "daily", "monthly", "period"), default="auto",
                   help="the report's title (auto: from the range)")
    p.add_argument("--enterprise", action="append", default=[], help="only this enterprise (code; may be repeated)")
    p.add_argument("--priority", action="append", type=int, choices=(1, 2, 3, 4), default=[],
                   help="only this priority (1 red/urgent … 4 blue/low; may be repeated)")
    p.add_argument("--stage", choices=STAGES[1:], default="", help="only alarms at this stage of their lifecycle")
    p.add_argument("--log", action="store_true", help="csv: the alarm log instead of the KPI table")
    p.add_argument("--database-url", help="SQLAlchemy URL of the duty log (default: from the settings)")
    p.add_argument("--plant", help="plant registry JSON, for enterprise and point names (default: from the settings)")
    p.add_argument("--language", choices=("zh_CN", "en"), help="language of the headers and the report (default: the settings)")
    from console.shell.cli_session import add_credential_arguments

    add_credential_arguments(p, "a shift leader's, a manager's, an administrator's or a reporter's")
    return p


def main_report(argv: list[str] | None = None, settings_path: Path | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = parser().parse_args(argv)
    except SystemExit as exc:  # --help, or a usage error argparse has explained
        return exc.code if isinstance(exc.code, int) else 2
    from console.shell.cli_session import CliError

    try:
        return _run(args, settings_path)
    except UsageError as exc:
        print(f"report: {exc}", file=sys.stderr)
        return 2
    except CliError as exc:
        print(f"report: {exc}", file=sys.stderr)
        return exc.status


def _check_output(path: Path) -> None:
    if path.is_dir():
        raise UsageError(f"cannot write {path}: it is a folder")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"cannot write {path}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise UsageError(f"cannot write {path}: permission denied")


def _run(args: argparse.Namespace, settings_path: Path | None) -> int:
    from sqlalchemy import inspect
    from sqlalchemy.exc import SQLAlchemyError

    from PySide6.QtCore import QCoreApplication

    from console.infrastructure import i18n
    from console.domain.deadlines import DeadlinePolicy
    from console.domain.plant import PlantRegistry
    from console.services.review import export, labels, log_query, report
    from console.services.review.filters import ReviewFilter
    from console.services.review.report_data import Limits, kind_of
    from console.infrastructure.settings import Settings
    from console.domain.shifts import ShiftPattern
    from console.infrastructure.store.audit import _must_exist
    from console.infrastructure.store.engine import describe
    from console.domain.clock import SystemClock
    from console.services.review.service import ReviewRefused, ReviewService
    from console.services.review.worker import Context
    from console.shell.cli_session import CliDesk, Passwords, not_permitted, one_line, read_credential

    start, end = parse_when(args.start), parse_when(args.end, end=True)
    if not end > start:
        raise UsageError(f"bad date range: --to ({args.end}) must come after --from ({args.start})")
    out = Path(args.out).expanduser()
    fmt = args.format or out.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise UsageError(f"say --format csv, xlsx or pdf (the file name {out.name!r} does not tell)")
    _check_output(out)
    try:
        settings = Settings.load(settings_path)
    except (OSError, ValueError) as exc:
        raise UsageError(f"cannot read the settings: {exc}") from None
    url = args.database_url or settings.database_url
    try:
        registry = PlantRegistry.load(args.plant or settings["plant.file"]) if (args.plant or settings["plant.file"]) else PlantRegistry()
    except (OSError, ValueError) as exc:
        raise UsageError(f"cannot read the plant registry: {exc}") from None
    try:
        pattern = ShiftPattern.parse(settings["duty.shift_pattern"])
    except ValueError:
        pattern = ShiftPattern.parse("08:00,16:00,00:00")
    try:
        policy = DeadlinePolicy.parse(settings["deadlines.ack_s"], settings["deadlines.handling_s"])
    except ValueError:
        policy = DeadlinePolicy.parse()
    limits = Limits(policy.ack_s, policy.handling_s)
    flt = ReviewFilter(start, end, enterprises=tuple(args.enterprise), priorities=tuple(sorted(set(args.priority))),
                       stage=args.stage)
    language = i18n.choose(args.language or settings["ui.language"])

    if fmt == "pdf":
        from console.shell.app import review_pdf

        pdf = review_pdf()
        app = pdf.ensure_application()
    else:
        app = QCoreApplication.instance() or QCoreApplication(["duty-console"])
    translators = i18n.install(app, language)  # noqa: F841 (kept alive while writing)

    try:
        _must_exist(url)
    except ValueError as exc:
        print(f"report: {exc}", file=sys.stderr)
        return 1
    settings.set("database.url", url)
    credential = read_credential(args, Passwords(bool(args.password_stdin)))
    now = time.time()
    zone = labels.zone_label(start)
    started = time.monotonic()

    def work(ctx: Context) -> None:
        conn = ctx.conn
        if not inspect(conn).has_table("alarms"):
            raise UsageError(f"{describe(url)} is not a duty log (no alarms table)")
        has_blocks = inspect(conn).has_table("review_blocks")
        if not has_blocks:
            log.warning("the duty log has no review blocks table (run `duty-console migrate`): reading every row")
        people = {name: shown for name, shown, _role in log_query.operators(conn)}
        names = export.Names(registry, people)
        if fmt == "pdf":
            kind = kind_of(start, end, pattern) if args.kind == "auto" else args.kind
            data = report.gather(conn, flt, kind, args.by, now, pattern, limits, registry, settings.station, zone,
                                 settings["review.operators_on_duty"], build=has_blocks)
            pdf.write_pdf(out, data)
        elif fmt == "csv" and args.log:
            total = log_query.count(conn, flt, start, end)
            export.write_log(out, log_query.stream(conn, flt, start, end, "raised", False), total, names, "csv", zone)
        else:
            kpis = report.load_kpis(conn, flt, now, pattern, limits, settings["review.operators_on_duty"], build=has_blocks)
            about = [(QCoreApplication.translate("ReviewExport", "From"), f"{labels.local(start)} ({zone})"), (QCoreApplication.translate("ReviewExport", "To"), f"{labels.local(end)} ({zone})"),
                     (QCoreApplication.translate("ReviewExport", "Filters"), export.describe(flt, registry)),
                     (QCoreApplication.translate("ReviewExport", "Exported"), f"{labels.local(now)} ({zone})")]
            chunks = total = None
            if fmt == "xlsx":
                total = log_query.count(conn, flt, start, end)
                chunks = log_query.stream(conn, flt, start, end, "raised", False)
            export.write_kpis(out, kpis, args.by, names, fmt, zone, about, chunks, total or 0)

    desk = CliDesk(settings, "report", migrate=False, language=language)
    try:
        operator = desk.sign_in(credential)
        service = ReviewService(url, registry, pattern, limits, desk.dispatcher.run_on_main, SystemClock(), settings.station,
                                settings["review.operators_on_duty"], 0, pdf_writer=lambda _path, _data: None,
                                operator=lambda: operator, audit=desk.audit, via=desk.via, audit_key=desk.audit_key)
        answers: list[BaseException | None] = []
        try:
            service.submit("export", work, lambda _none: answers.append(None), answers.append)
            desk.wait(lambda: bool(answers), REPORT_WAIT_S)
        finally:
            service.close()
    finally:
        desk.close()
    error = answers[0]
    if isinstance(error, ReviewRefused):
        raise not_permitted(operator)
    if isinstance(error, UsageError):
        print(f"report: {error}", file=sys.stderr)
        return 1
    if isinstance(error, SQLAlchemyError):
        print(f"report: {describe(url)}: {one_line(error)}", file=sys.stderr)
        return 1
    if isinstance(error, OSError):
        print(f"report: cannot write {out}: {error}", file=sys.stderr)
        return 2
    if error is not None:
        raise error
    print(f"report: wrote {out} ({fmt}, {labels.local(start)} – {labels.local(end)}, {time.monotonic() - started:.1f} s)")
    return 0

