"""Duty rosters (排班): who is on which shift at which desk, and how that compares with who signed in.

A roster entry names a shift by its id (console/domain/shifts.py: the local start,
"2026-12-04 08:00"), a workstation and a user (the account's name). Sheets are read with Chinese
(or English) headers: 日期 (date), 班次 (the shift: its start "08:00", or "08:00-16:00"), 值班台
(the workstation) and 值班人员 (one or more people, by account name or display name, separated by
、 , ， ; or spaces). Plain Python; the service (console/services/rosters.py) reads the file and
stores the entries.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

from console.domain.shifts import ShiftPattern

COLUMNS: dict[str, tuple[str, ...]] = {
    "date": ("日期", "值班日期", "date"),
    "shift": ("班次", "班别", "shift"),
    "station": ("值班台", "工作站", "席位", "station", "desk", "workstation"),
    "people": ("值班人员", "人员", "姓名", "值班员", "people", "user", "operator"),
}
MAX_ROWS = 5_000  # data rows of one roster sheet (a year of three shifts at a dozen desks is about 13,000 entries: import by month)
MAX_FILE_BYTES = 2 * 1024 * 1024
_SHIFT = re.compile(r"^\s*(\d{1,2})[:：](\d{2})\s*(?:[-–—~至到]\s*\d{1,2}[:：]\d{2}\s*)?$")
_PEOPLE_SPLIT = re.compile(r"[、,，;；/\s]+")
ROSTER_ROLES = ("shift_leader", "admin")  # enter or import a roster; override a sign-in off the roster


@dataclass(frozen=True)
class RosterEntry:
    shift: str  # shift id: "2026-12-04 08:00"
    station: str
    user: str  # account name


@dataclass(frozen=True)
class RowProblem:
    row: int  # as numbered in the sheet (the header is normally row 1)
    message: str


@dataclass(frozen=True)
class RosterSheet:
    entries: tuple[RosterEntry, ...]
    problems: tuple[RowProblem, ...]
    rows: int  # data rows read (blank rows not counted)
    good_rows: int  # rows that gave entries


def may_edit_roster(role: str | None) -> bool:
    """Enter or import a roster, and let someone off the roster take the duty (an override)."""
    return role in ROSTER_ROLES


def header_columns(header: Sequence[Any]) -> dict[str, int]:
    """Which column holds what (``COLUMNS``' keys), from a header row."""
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        text = re.sub(r"\s+", "", str(cell or "")).casefold()
        for key, names in COLUMNS.items():
            if key not in found and text in {n.casefold() for n in names}:
                found[key] = index
    return found


def shift_start(text: str, pattern: ShiftPattern) -> tuple[int, int]:
    """The shift's start (hour, minute) from a 班次 cell; ValueError when it is not one of the pattern's."""
    match = _SHIFT.match(text)
    if not match:
        raise ValueError(f"班次 {text!r} is not a shift start such as 08:00 (or 08:00-16:00)")
    start = (int(match.group(1)), int(match.group(2)))
    if start not in pattern.starts:
        starts = ", ".join(f"{h:02d}:{m:02d}" for h, m in pattern.starts)
        raise ValueError(f"班次 {text!r}: no shift starts at {start[0]:02d}:{start[1]:02d} (shifts start at {starts})")
    return start


def day_of(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip().replace("/", "-").replace(".", "-")
    match = re.match(r"^(\d{4})[-年](\d{1,2})[-月](\d{1,2})日?$", text)
    if not match:
        raise ValueError(f"日期 {text!r} is not a date such as 2026-12-04")
    return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))


def shift_id(day: dt.date, start: tuple[int, int]) -> str:
    return f"{day:%Y-%m-%d} {start[0]:02d}:{start[1]:02d}"


def people(text: str) -> list[str]:
    return [p for p in _PEOPLE_SPLIT.split(text.strip()) if p]


def read_rows(grid: Sequence[Sequence[Any]], pattern: ShiftPattern, accounts: Mapping[str, str],
              stations: Iterable[str] | None = None) -> RosterSheet:
    """The entries of a roster grid (its first row naming the columns is the header; at most
    ten rows are searched). ``accounts``: account name or display name → account name;
    ``stations``: the known workstations (None: any name). A bad row gives a problem and no entry."""
    header_at, columns = -1, {}
    for index, line in enumerate(grid[:10]):
        columns = header_columns(line)
        if len(columns) == len(COLUMNS):
            header_at = index
            break
    if header_at < 0:
        wanted = " / ".join(names[0] for names in COLUMNS.values())
        return RosterSheet((), (RowProblem(0, f"no header row with the columns {wanted}"),), 0, 0)
    known_stations = set(stations) if stations is not None else None
    entries: dict[RosterEntry, None] = {}
    problems: list[RowProblem] = []
    rows = good = 0
    for offset, line in enumerate(grid[header_at + 1:]):
        number = header_at + offset + 2
        cells = {key: (line[i] if i < len(line) else None) for key, i in columns.items()}
        if all(v is None or not str(v).strip() for v in cells.values()):
            continue
        rows += 1
        if rows > MAX_ROWS:
            return RosterSheet((), (RowProblem(0, f"more than {MAX_ROWS} rows: a roster sheet may have at most {MAX_ROWS}; "
                                                  "import it month by month"),), rows, 0)
        try:
            day = day_of(cells["date"])
            start = shift_start(str(cells["shift"] or ""), pattern)
            station = str(cells["station"] or "").strip()
            if not station:
                raise ValueError("值班台 is empty")
            if known_stations is not None and station not in known_stations:
                raise ValueError(f"值班台 {station!r} is no known workstation")
            names = people(str(cells["people"] or ""))
            if not names:
                raise ValueError("值班人员 is empty")
            unknown = [n for n in names if n not in accounts]
            if unknown:
                raise ValueError(f"值班人员 {', '.join(unknown)}: no such account")
        except ValueError as exc:
            problems.append(RowProblem(number, str(exc)))
            continue
        good += 1
        for name in names:
            entries.setdefault(RosterEntry(shift_id(day, start), station, accounts[name]), None)
    return RosterSheet(tuple(entries), tuple(problems), rows, good)


# -- roster against presence ------------------------------------------------------------------
@dataclass(frozen=True)
class SignIn:
    """Someone took the duty at a desk (an audit entry ``user.sign_in``, or a handover's incoming signature)."""

    user: str
    station: str
    shift: str
    at: float


@dataclass(frozen=True)
class PresenceLine:
    shift: str
    station: str
    user: str
    rostered: bool
    signed_in_at: float | None  # first sign-in at that desk in that shift; None: never
    late_s: float | None  # after the shift's start (0: on time or early); None: never signed in


@dataclass(frozen=True)
class RosterPresence:
    lines: tuple[PresenceLine, ...]  # by shift, station, user
    rostered: int  # entries on the roster
    present: int  # of them, signed in at their desk in their shift
    absent: int  # of them, never signed in there
    late: int  # of the present, signed in more than ``grace_s`` after the shift began
    unrostered: int  # (shift, station, user) who signed in without being on the roster
    uncovered: tuple[tuple[str, str], ...]  # (shift, station) on the roster where nobody rostered signed in


def compare(roster: Iterable[RosterEntry], sign_ins: Iterable[SignIn], shift_starts: Mapping[str, float],
            grace_s: float = 0.0) -> RosterPresence:
    """The roster against who signed in: ``shift_starts`` gives each shift id's start (epoch s)."""
    first: dict[tuple[str, str, str], float] = {}
    for s in sign_ins:
        key = (s.shift, s.station, s.user)
        first[key] = min(first.get(key, s.at), s.at)
    rostered = set((e.shift, e.station, e.user) for e in roster)
    lines = []
    for key in sorted(rostered | set(first)):
        at = first.get(key)
        start = shift_starts.get(key[0])
        late = None if at is None else max(0.0, at - start) if start is not None else 0.0
        lines.append(PresenceLine(*key, key in rostered, at, late))
    desks = sorted({(s, st) for s, st, _u in rostered})
    covered = {(s, st) for (s, st, u) in rostered if (s, st, u) in first}
    present = [ln for ln in lines if ln.rostered and ln.signed_in_at is not None]
    return RosterPresence(
        lines=tuple(lines),
        rostered=len(rostered),
        present=len(present),
        absent=len(rostered) - len(present),
        late=sum(1 for ln in present if (ln.late_s or 0.0) > grace_s),
        unrostered=sum(1 for ln in lines if not ln.rostered),
        uncovered=tuple(d for d in desks if d not in covered),
    )
