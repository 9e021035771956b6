"""The roster against actual presence for the review (回顾): who was rostered on which shift at
which desk, who signed in there, when (late by how much), who was absent, who signed in without
being rostered, and the desks where nobody rostered came (gaps). SQL over the duty log on the
review worker's connection; the comparison is console/domain/roster.py's ``compare``; the table
is exported as CSV or XLSX like the alarm log."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from sqlalchemy import Connection, bindparam, inspect, text

from console.domain.cell_text import csv_text
from console.domain.roster import RosterEntry, RosterPresence, SignIn, compare
from console.domain.shifts import ShiftPattern
from console.infrastructure.store.schema import UtcDateTime, utc
from console.services.review import labels as L
from console.services.review.blocks import epoch
from console.services.review.xlsx import Workbook

LATE_GRACE_S = 300.0  # a sign-in up to five minutes after the shift began is on time
MAX_SHIFTS = 3 * 400  # shifts looked at in one request (a year of three shifts a day)


def shifts_in(pattern: ShiftPattern, start: float, end: float) -> dict[str, float]:
    """Every shift that begins in [start, end) (and the one in progress at ``start``), id → start."""
    out: dict[str, float] = {}
    at = start
    while at < end and len(out) < MAX_SHIFTS:
        shift = pattern.shift_at(at)
        out[shift.id] = shift.start
        at = shift.end
    return out


def roster_presence(conn: Connection, pattern: ShiftPattern, start: float, end: float, grace_s: float = LATE_GRACE_S) -> RosterPresence:
    shifts = shifts_in(pattern, start, end)
    if not shifts or not inspect(conn).has_table("roster"):
        return compare([], [], shifts, grace_s)
    stmt = text("SELECT shift, station, user_name FROM roster WHERE shift IN :ids").bindparams(bindparam("ids", expanding=True))
    roster = [RosterEntry(*r) for r in conn.execute(stmt, {"ids": list(shifts)})]
    since, until = min(shifts.values()), max(end, max(shifts.values()))
    at = epoch(conn.dialect.name, "at")
    rows = conn.execute(text(f"SELECT actor, station, detail, {at} FROM audit_log WHERE action = 'user.sign_in' "
                             "AND at >= :s AND at < :e ORDER BY seq")
                        .bindparams(bindparam("s", type_=UtcDateTime()), bindparam("e", type_=UtcDateTime())),
                        {"s": utc(since), "e": utc(until)})
    sign_ins = []
    for actor, station, detail, when in rows:
        facts = json.loads(detail) if detail else {}
        if facts.get("on_duty", True) is False or facts.get("shift") not in shifts:
            continue
        sign_ins.append(SignIn(actor, station, facts["shift"], float(when)))
    return compare(roster, sign_ins, shifts, grace_s)


def columns() -> list[tuple[str, str, float]]:
    t = lambda text_: QCoreApplication.translate("RosterReport", text_)  # noqa: E731
    return [(t("Shift"), "s", 17), (t("Workstation"), "s", 16), (t("Person"), "s", 18), (t("Rostered"), "s", 10),
            (t("Signed in"), "s", 20), (t("Late (min)"), "d", 10), (t("Note"), "s", 24)]


def values(result: RosterPresence, people: dict[str, str]) -> list[list[Any]]:
    t = lambda text_: QCoreApplication.translate("RosterReport", text_)  # noqa: E731
    out = []
    for ln in result.lines:
        if not ln.rostered:
            note = t("signed in, not rostered")
        elif ln.signed_in_at is None:
            note = t("absent")
        elif (ln.late_s or 0.0) > LATE_GRACE_S:
            note = t("late")
        else:
            note = ""
        who = people.get(ln.user, "")
        out.append([ln.shift, ln.station, f"{who} ({ln.user})" if who and who != ln.user else ln.user,
                    t("yes") if ln.rostered else t("no"), L.local(ln.signed_in_at) if ln.signed_in_at is not None else "",
                    None if ln.late_s is None else round(ln.late_s / 60.0, 1), note])
    for shift, station in result.uncovered:
        out.append([shift, station, "", "", "", None, t("nobody rostered came")])
    return out


def summary(result: RosterPresence) -> list[tuple[str, str]]:
    t = lambda text_: QCoreApplication.translate("RosterReport", text_)  # noqa: E731
    return [(t("Rostered"), str(result.rostered)), (t("Present"), str(result.present)), (t("Absent"), str(result.absent)),
            (t("Late"), str(result.late)), (t("Signed in, not rostered"), str(result.unrostered)),
            (t("Desks nobody rostered came to"), str(len(result.uncovered)))]


def write(path: str | Path, result: RosterPresence, people: dict[str, str], fmt: str) -> int:
    """The table to ``path`` (csv or xlsx), with the figures; returns its rows."""
    path = Path(path)
    cols = columns()
    rows = values(result, people)
    if fmt == "csv":
        with open(path, "w", encoding="utf-8-sig", newline="") as f:
            out = csv.writer(f)
            out.writerow([c[0] for c in cols])
            for row in rows:
                out.writerow(["" if v is None else csv_text(str(v)) if k == "s" else f"{v:.1f}" for k, v in zip("".join(c[1] for c in cols), row,
                                                                                                       strict=True)])
            for item, value in summary(result):
                out.writerow([csv_text(item), value, "", "", "", "", ""])
        return len(rows)
    with Workbook(path) as book:
        sheet = book.add_sheet(QCoreApplication.translate("RosterReport", "Roster and presence"), [c[0] for c in cols],
                               "".join(c[1] for c in cols), [c[2] for c in cols])
        for row in rows:
            sheet.append(row)
        figures = book.add_sheet(QCoreApplication.translate("RosterReport", "Figures"),
                                 [QCoreApplication.translate("RosterReport", "Item"), QCoreApplication.translate("RosterReport", "Count")],
                                 "ss", [32, 12])
        for pair in summary(result):
            figures.append(list(pair))
    return len(rows)
