"""The review as the window uses it: every request runs on a worker lane (worker.py) with its own
database connection, answers come back on the GUI thread through ``deliver``.

Requests return a ``Ticket`` the caller may cancel. Only a shift leader, manager or administrator
signed in at this desk (``operator()``, ``user_rules.may_review``) is answered; anyone else's request
is not run and its ``on_error`` gets a ``ReviewRefused`` with the reason in the user's language. The KPI day blocks (blocks.py) are kept up
by a catch-up task on the background lane, a while after start and then every
``review.catch_up_min`` minutes, within a time limit per run.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Callable, Sequence

from PySide6.QtCore import QCoreApplication, QObject, QTimer

from console.domain.clock import Clock
from console.domain.plant import PlantRegistry
from console.services.review import blocks, export, labels, log_query, report
from console.services.review.report_data import Limits, ReportData
from console.services.review.filters import ReviewFilter
from console.services.review.kpi import GROUPINGS, Kpis
from console.services.review.worker import Context, Lanes, Ticket
from console.domain.shifts import ShiftPattern
from console.domain.user_rules import may_review
from console.infrastructure.store.dutylog import Operator
from console.infrastructure.store.audit_keying import bind_key, bound_key
from console.infrastructure.store.engine import make_engine
from console.services.access import REFUSED, refusal

log = logging.getLogger("console.services.review")

CATCH_UP_FIRST_S = 120.0
CATCH_UP_LIMIT_S = 30.0
CATCH_UP_DAYS = 400


Failed = Callable[[BaseException], None]
Progress = Callable[[float, str], None]
Cancelled = Callable[[], None]


def _ignore(*_args: object) -> None:
    pass


class ReviewRefused(PermissionError):
    """The one signed in may not review; ``str()`` is the reason in the user's language."""


class ReviewService(QObject):
    """``pdf_writer(path, ReportData)`` draws a PDF report; the composition root passes it (Qt GUI
    code lives in widgets/review/pdf.py)."""

    def __init__(self, url: str, registry: PlantRegistry, pattern: ShiftPattern, limits: Limits,
                 deliver: Callable[..., None], clock: Clock, station: str = "", on_duty: int = 1,
                 catch_up_min: int = 60, export_dir: str = "", *,
                 pdf_writer: Callable[[str | Path, ReportData], Any], operator: Callable[[], Operator | None],
                 audit: Callable[..., None] | None = None, via: str = "", audit_key: bytes | None = None,
                 parent: QObject | None = None) -> None:
        """``operator()``: who is signed in at this desk now (``DutyDesk.operator``); ``audit(action,
        actor, detail, subject)``: where a refused request is recorded (``access.refused``); ``via``:
        where the requests come from when not this workstation's window (the command line);
        ``audit_key``: the audit chain's key, to check keyed entries with (console/infrastructure/audit_key.py)."""
        super().__init__(parent)
        self._operator = operator
        self._audit = audit
        self._via = via
        self.registry = registry
        self.pattern = pattern
        self.limits = limits
        self.station = station
        self.on_duty = max(1, on_duty)
        self.export_dir = export_dir
        self._clock = clock
        engine = make_engine(url)
        bind_key(engine, audit_key)
        self._lanes = Lanes(engine, deliver)
        self.pdf_writer = pdf_writer
        self.blocks_built = 0
        self._catch_up = QTimer(self)
        self._catch_up.setSingleShot(True)
        self._catch_up.timeout.connect(self.catch_up)
        self._catch_up_ms = max(0, catch_up_min) * 60_000
        self._closed = False

    def start(self) -> None:
        if self._catch_up_ms:
            self._catch_up.start(int(CATCH_UP_FIRST_S * 1000))

    def close(self) -> None:
        self._closed = True
        self._catch_up.stop()
        self._lanes.close()

    def now(self) -> float:
        return self._clock.now()

    # -- requests (GUI thread) -----------------------------------------------------------------
    def submit(self, lane: str, work: Callable[[Context], Any], on_done: Callable[[Any], None] = _ignore,
               on_error: Callable[[BaseException], None] = _ignore, on_progress: Callable[[float, str], None] | None = None,
               on_cancelled: Callable[[], None] | None = None) -> Ticket:
        """A request on behalf of the one signed in (refused unless they may review)."""
        operator = self._operator()
        if operator is None or not may_review(operator.role):
            actor, detail = refusal(operator, f"review.{lane}", self._via)
            if self._audit is not None:
                self._audit(REFUSED, actor, detail, "review")
            reason = QCoreApplication.translate("ReviewService", "Only a shift leader, a manager or an administrator signed in here may review the alarm log.")
            return self._lanes.refuse(lane, ReviewRefused(reason), on_error)
        return self._lanes.submit(lane, work, on_done, on_error, on_progress, on_cancelled)

    def page(self, flt: ReviewFilter, sort: str, descending: bool, after: log_query.Cursor | None,
             on_done: Callable[[tuple[list[tuple], log_query.Cursor | None]], None], on_error: Failed = _ignore) -> Ticket:
        start, end = flt.window(self.pattern)
        return self.submit("query", lambda ctx: log_query.fetch_page(ctx.conn, flt, start, end, sort, descending, after),
                           on_done, on_error)

    def count(self, flt: ReviewFilter, on_done: Callable[[int], None], on_error: Failed = _ignore) -> Ticket:
        start, end = flt.window(self.pattern)
        return self.submit("query", lambda ctx: log_query.count(ctx.conn, flt, start, end), on_done, on_error)

    def detail(self, occurrence_id: str, on_done: Callable[[log_query.AlarmDetail | None], None], on_error: Failed = _ignore) -> Ticket:
        return self.submit("query", lambda ctx: log_query.detail(ctx.conn, occurrence_id), on_done, on_error)

    def verify_audit(self, on_done: Callable[[Any], None], on_error: Failed = _ignore) -> Ticket:
        """The whole audit chain checked, as ``duty-console audit verify`` does (VerifyResult)."""
        from console.infrastructure.store.audit import verify

        return self.submit("query", lambda ctx: verify(ctx.conn, key=bound_key(ctx.conn)), on_done, on_error)

    def roster_presence(self, flt: ReviewFilter, on_done: Callable[[Any], None], on_error: Failed = _ignore) -> Ticket:
        """The roster against who signed in, over the filter's range (roster_report.RosterPresence)."""
        from console.services.review import roster_report

        start, end = flt.window(self.pattern)
        return self.submit("query", lambda ctx: roster_report.roster_presence(ctx.conn, self.pattern, start, end), on_done, on_error)

    def export_roster_presence(self, flt: ReviewFilter, path: str | Path, fmt: str, on_done: Callable[[tuple[str, int]], None],
                               on_progress: Progress | None = None, on_error: Failed = _ignore,
                               on_cancelled: Cancelled | None = None) -> Ticket:
        """The roster against presence to ``path`` as csv or xlsx; answers (path, rows)."""
        from console.services.review import roster_report

        start, end = flt.window(self.pattern)

        def work(ctx: Context) -> tuple[str, int]:
            result = roster_report.roster_presence(ctx.conn, self.pattern, start, end)
            people = {n: d for n, d, _r in log_query.operators(ctx.conn)}
            return str(path), roster_report.write(path, result, people, fmt)

        return self.submit("export", work, on_done, on_error, on_progress, on_cancelled)

    def people(self, on_done: Callable[[list[tuple[str, str, str]]], None]) -> Ticket:
        return self.submit("query", lambda ctx: log_query.operators(ctx.conn), on_done)

    def kpis(self, flt: ReviewFilter, on_done: Callable[[Kpis], None], on_progress: Progress | None = None, on_error: Failed = _ignore,
             on_cancelled: Cancelled | None = None, groupings: Sequence[str] = GROUPINGS) -> Ticket:
        now = self.now()

        def work(ctx: Context) -> Kpis:
            return report.load_kpis(ctx.conn, flt, now, self.pattern, self.limits, self.on_duty, groupings, ctx.progress)

        return self.submit("query", work, on_done, on_error, on_progress, on_cancelled)

    def export_log(self, flt: ReviewFilter, path: str | Path, fmt: str, sort: str, descending: bool,
                   on_done: Callable[[tuple[str, int]], None], on_progress: Progress | None = None, on_error: Failed = _ignore, on_cancelled: Cancelled | None = None) -> Ticket:
        """The filtered log to ``path`` as csv or xlsx; answers (path, rows)."""
        start, end = flt.window(self.pattern)
        zone = labels.zone_label(start)
        about = self._about(flt, start, end, zone)

        def work(ctx: Context) -> tuple[str, int]:
            names = export.Names(self.registry, {n: d for n, d, _r in log_query.operators(ctx.conn)})
            ctx.progress(0.0, "counting")
            total = log_query.count(ctx.conn, flt, start, end)
            rows = export.write_log(path, log_query.stream(ctx.conn, flt, start, end, sort, descending), total, names, fmt,
                                    zone, lambda f: ctx.progress(f, "rows"), about)
            return str(path), rows

        return self.submit("export", work, on_done, on_error, on_progress, on_cancelled)

    def export_report(self, flt: ReviewFilter, path: str | Path, kind: str, grouping: str,
                      on_done: Callable[[str], None], on_progress: Progress | None = None, on_error: Failed = _ignore, on_cancelled: Cancelled | None = None) -> Ticket:
        """A PDF report (shift, daily, monthly or period) of the filter's range."""
        now = self.now()

        def work(ctx: Context) -> str:
            data = report.gather(ctx.conn, flt, kind, grouping, now, self.pattern, self.limits, self.registry, self.station,
                                 labels.zone_label(flt.start), self.on_duty, ctx.progress)
            ctx.progress(0.9, "drawing")
            self.pdf_writer(path, data)
            return str(path)

        return self.submit("export", work, on_done, on_error, on_progress, on_cancelled)

    def catch_up(self) -> None:
        """Build the day blocks the KPIs lack (background lane), then come again later."""
        if self._closed:
            return
        now = self.now()

        def work(ctx: Context) -> int:
            return blocks.catch_up(ctx.conn, now, now - CATCH_UP_DAYS * blocks.DAY, ctx.progress, CATCH_UP_LIMIT_S)

        # Upkeep of the station, not anyone's request: it runs whoever is signed in.
        self._lanes.submit("background", work, self._caught_up, lambda exc: self._caught_up(0))

    def _caught_up(self, built: int) -> None:
        self.blocks_built += built
        if built:
            log.info("review: %d day blocks built", built)
        if self._catch_up_ms and not self._closed:
            self._catch_up.start(self._catch_up_ms if built == 0 else 1000)  # more to do: go on soon

    def _about(self, flt: ReviewFilter, start: float, end: float, zone: str) -> list[tuple[str, str]]:
        return [
            (QCoreApplication.translate("ReviewExport", "From"), f"{labels.local(start)} ({zone})"),
            (QCoreApplication.translate("ReviewExport", "To"), f"{labels.local(end)} ({zone})"),
            (QCoreApplication.translate("ReviewExport", "Filters"), export.describe(flt, self.registry)),
            (QCoreApplication.translate("ReviewExport", "Exported"), f"{labels.local(self.now())} ({zone})"),
            (QCoreApplication.translate("ReviewExport", "Workstation"), self.station),
        ]

