"""The duty roster (排班) as shift leaders and administrators keep it: entered one line at a time
in the application, or imported from a sheet (XLSX or CSV, Chinese headers 日期, 班次, 值班台,
值班人员; console/domain/roster.py reads the rows).

Who may: ``roster.may_edit_roster`` (shift leader, administrator), checked here whoever calls;
a refusal is an audit entry. The accounts are read from the duty log (a person may be named by
account name or display name), the file on a background thread (never the GUI thread), and the
entries are stored with one audit entry (``roster.imported`` / ``roster.entered``) in one
transaction (console/infrastructure/store/roster_log.py). Results come back as signals.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, Signal

from console.domain.roster import MAX_FILE_BYTES, RosterEntry, RosterSheet, RowProblem, may_edit_roster, read_rows, shift_id, shift_start
from console.domain.shifts import ShiftPattern
from console.infrastructure.background import Background
from console.infrastructure.store.dutylog import DutyLog, Operator
from console.infrastructure.store.roster_log import add_entries, roster_between
from console.infrastructure.store.writer import DutyLogWriter
from console.services.access import REFUSED, refusal
from console.services.duty import AuditSink
from console.services.pointsheet.problems import SheetError

log = logging.getLogger("console.services.rosters")


@dataclass(frozen=True)
class RosterImport:
    """What an import did: data rows read, rows that gave entries, rows refused (``problems``,
    by row), entries added, entries already on the roster."""

    path: str
    rows: int
    good_rows: int
    problems: tuple[RowProblem, ...]
    added: int
    already: int

    @property
    def bad_rows(self) -> int:
        return self.rows - self.good_rows


class RosterDesk(QObject):
    imported = Signal(object)  # RosterImport
    entered = Signal(int)  # entries added from the form
    refused = Signal(str)  # reason: sign-in, not-permitted, or a problem with the file or the entry
    loaded = Signal(object)  # list[RosterEntry] asked for with ``load``

    def __init__(self, writer: DutyLogWriter, background: Background, pattern: ShiftPattern, station: str,
                 clock: Callable[[], float], signed_in: Callable[[], Operator | None], audit: AuditSink,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._writer = writer
        self._background = background
        self.pattern = pattern
        self._station = station
        self._clock = clock
        self._signed_in = signed_in
        self._audit = audit

    def _allowed(self, request: str) -> Operator | None:
        user = self._signed_in()
        if user is None:
            self.refused.emit("sign-in")
            return None
        if not may_edit_roster(user.role):
            actor, detail = refusal(user, request)
            self._audit(REFUSED, actor, detail, "roster")
            self.refused.emit("not-permitted")
            return None
        return user

    # -- a sheet -------------------------------------------------------------------------------
    def import_file(self, path: str | Path) -> bool:
        user = self._allowed("roster.import")
        if user is None:
            return False
        self._writer.submit(_accounts, partial(self._read_file, str(path), user), partial(self._failed, str(path)))
        return True

    def _read_file(self, path: str, user: Operator, accounts: dict[str, str]) -> None:
        self._background.run(lambda _op: read_roster_file(path, self.pattern, accounts), partial(self._store_sheet, path, user),
                             partial(self._failed, path), name="roster-import")

    def _store_sheet(self, path: str, user: Operator, sheet: RosterSheet) -> None:
        if not sheet.entries and sheet.problems and sheet.problems[0].row == 0:  # the file as a whole: nothing to store
            self.imported.emit(RosterImport(path, sheet.rows, 0, sheet.problems, 0, 0))
            return
        facts = {"file": Path(path).name, "rows": sheet.rows, "good_rows": sheet.good_rows, "bad_rows": sheet.rows - sheet.good_rows}
        self._writer.submit(lambda log_: add_entries(log_, sheet.entries, user.name, self._station, self._clock(), "sheet", facts),
                            lambda counts: self.imported.emit(RosterImport(path, sheet.rows, sheet.good_rows, sheet.problems, *counts)),
                            partial(self._failed, path))

    def _failed(self, what: str, error: BaseException) -> None:
        log.error("roster %s: %s", what, error)
        self.refused.emit(str(error))

    # -- one line from the form ------------------------------------------------------------------
    def enter(self, day: dt.date, start: str, station: str, users: list[str]) -> bool:
        """Put these people (account names) on the roster for the shift starting ``start`` on ``day`` at ``station``."""
        user = self._allowed("roster.enter")
        if user is None:
            return False
        try:
            shift = shift_id(day, shift_start(start, self.pattern))
        except ValueError as exc:
            self.refused.emit(str(exc))
            return False
        station = station.strip()
        names = [u.strip() for u in users if u.strip()]
        if not station or not names:
            self.refused.emit("station and people are needed")
            return False
        entries = [RosterEntry(shift, station, n) for n in names]

        def job(log_: DutyLog) -> int:
            accounts = _accounts(log_)
            unknown = [n for n in names if n not in accounts]
            if unknown:
                raise ValueError(f"no such account: {', '.join(unknown)}")
            return add_entries(log_, [RosterEntry(e.shift, e.station, accounts[e.user]) for e in entries], user.name, self._station,
                               self._clock(), "form")[0]

        self._writer.submit(job, self.entered.emit, partial(self._failed, "entry"))
        return True

    def load(self, first_shift: str, last_shift: str) -> None:
        self._writer.submit(lambda log_: roster_between(log_, first_shift, last_shift), self.loaded.emit, partial(self._failed, "load"))


def _accounts(log_: DutyLog) -> dict[str, str]:
    """Account name and display name → account name, of every enabled account."""
    found: dict[str, str] = {}
    for user in log_.user_records():
        if user.active:
            found[user.name] = user.name
            found.setdefault(user.display_name, user.name)
    return found


def read_roster_file(path: str | Path, pattern: ShiftPattern, accounts: dict[str, str]) -> RosterSheet:
    """A roster sheet (the first sheet of a workbook naming the columns, or a CSV file), read."""
    from console.services.pointsheet.grid import read_grids

    try:
        grids = read_grids(path, MAX_FILE_BYTES)
    except SheetError as exc:
        return RosterSheet((), tuple(RowProblem(p.row, p.message) for p in exc.problems), 0, 0)
    first: RosterSheet | None = None
    for grid in grids.values():
        sheet = read_rows(grid, pattern, accounts)
        if sheet.rows or not (sheet.problems and sheet.problems[0].row == 0):
            return sheet
        first = first or sheet
    return first or RosterSheet((), (RowProblem(0, "the file holds no sheet"),), 0, 0)



