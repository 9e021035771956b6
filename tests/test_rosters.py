"""Rosters (排班): a sheet with Chinese headers imported (exact counts of good and bad rows, CSV
and XLSX), sign-in as the operator on duty checked against it (refused off the roster, accepted
with a shift leader's approval on record, a manager off the roster signed in without the duty),
and the roster against actual presence, hand-computed. Real console, real SQLite duty log, real
Mosquitto."""

from __future__ import annotations

import csv
import datetime as dt
import json
from typing import Any

import openpyxl
import pytest
from sqlalchemy import select

from console.domain.roster import RosterEntry, SignIn, compare
from console.infrastructure.store.audit import audit_table, verify
from console.infrastructure.store.roster_log import roster_of, sign_ins_between
from console.services.review.filters import ReviewFilter
from tests.helpers.console import RunningConsole

STATION = "duty-room-1"
USERS = (("zhangwei", "pw-zhang", "张伟"), ("lina", "pw-li", "李娜"), ("chen", "pw-chen-1", "陈班长", "shift_leader"),
         ("wangfang", "pw-wang-1", "王芳", "manager"))


@pytest.fixture
def desk_console(qtbot, make_settings):
    console = RunningConsole(qtbot, make_settings(**{"station.name": STATION}), users=USERS)
    yield console
    console.close()


def sheet_rows(shift_day: str, start: str) -> list[list[Any]]:
    """Header and 8 data rows (one blank row, not counted): 3 good rows, 5 bad."""
    return [
        ["2026年12月排班表", "", "", ""],  # a title above the header
        ["日期", "班次", "值班台", "值班人员"],
        [shift_day, start, STATION, "张伟"],  # good: by display name
        [shift_day, f"{start}-{start}", "duty-room-2", "李娜、zhangwei"],  # good: two people, the range form of the shift
        ["2026-12-31", "16:00", STATION, "lina"],  # good
        ["", "", "", ""],  # blank: skipped
        ["2026-13-01", "08:00", STATION, "lina"],  # bad date
        [shift_day, "09:30", STATION, "lina"],  # no shift starts at 09:30
        [shift_day, start, "", "lina"],  # no desk
        [shift_day, start, STATION, "赵六"],  # no such account
        [shift_day, start, STATION, ""],  # nobody
    ]


def import_sheet(console: RunningConsole, qtbot, path) -> Any:
    with qtbot.waitSignal(console.core.rosters.imported, timeout=10_000) as done:
        assert console.core.rosters.import_file(path)
    return done.args[0]


def audit_actions(console: RunningConsole) -> list[tuple[str, str, dict]]:
    return console.run_db(lambda log: [(r.action, r.actor, json.loads(r.detail)) for r in
                                       log.s.execute(select(audit_table).order_by(audit_table.c.seq))])


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_roster_sheet_with_chinese_headers_is_imported_with_exact_counts(desk_console, qtbot, tmp_path, fmt):
    c = desk_console
    shift = c.core.desk.shifts.shift_at(c.core.clock.now())
    day, start = shift.id.split(" ")
    rows = sheet_rows(day, start)
    path = tmp_path / f"排班.{fmt}"
    if fmt == "csv":
        path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="gb18030")  # as Excel in China saves it
    else:
        book = openpyxl.Workbook()
        for r in rows:
            book.active.append(r)
        book.save(path)
    assert not c.core.rosters.import_file(path)  # nobody signed in: refused
    c.sign_in("chen", "pw-chen-1")  # a shift leader (no roster yet for this shift: signs in as before)

    result = import_sheet(c, qtbot, path)
    assert (result.rows, result.good_rows, result.bad_rows, result.added, result.already) == (8, 3, 5, 4, 0)
    assert [p.row for p in result.problems] == [7, 8, 9, 10, 11]  # row 1 the title, row 2 the header, row 6 blank
    assert "赵六" in result.problems[3].message and "09:30" in result.problems[1].message
    entries = c.run_db(lambda log: roster_of(log, [shift.id, "2026-12-31 16:00"]))
    assert entries == [RosterEntry(shift.id, STATION, "zhangwei"), RosterEntry(shift.id, "duty-room-2", "lina"),
                       RosterEntry(shift.id, "duty-room-2", "zhangwei"), RosterEntry("2026-12-31 16:00", STATION, "lina")]
    # The same sheet again adds nothing; one audit entry per import, with the counts.
    again = import_sheet(c, qtbot, path)
    assert (again.added, again.already) == (0, 4)
    imports = [(actor, d["added"], d["already"], d["rows"], d["bad_rows"]) for action, actor, d in audit_actions(c)
               if action == "roster.imported"]
    assert imports == [("chen", 4, 0, 8, 5), ("chen", 0, 4, 8, 5)]


def test_an_operator_only_may_not_import(desk_console, qtbot, tmp_path):
    c = desk_console
    c.sign_in()
    path = tmp_path / "roster.csv"
    path.write_text("日期,班次,值班台,值班人员\n2026-12-31,16:00,duty-room-1,lina\n", encoding="utf-8")
    with qtbot.waitSignal(c.core.rosters.refused, timeout=5_000) as refused:
        assert not c.core.rosters.import_file(path)
    assert refused.args == ["not-permitted"]
    assert [(a, actor, d["request"]) for a, actor, d in audit_actions(c) if a == "access.refused"] == \
        [("access.refused", "zhangwei", "roster.import")]


def sign_in_attempt(c: RunningConsole, qtbot, name: str, password: str, leader: str = "", leader_password: str = "",
                    signal: str = "operator_changed") -> list:
    with qtbot.waitSignal(getattr(c.core.desk, signal), timeout=10_000) as blocker:
        c.core.desk.sign_in(name, password, leader, leader_password)
    return blocker.args


def test_sign_in_is_checked_against_the_roster_with_a_recorded_override(desk_console, qtbot, tmp_path):
    c = desk_console
    desk = c.core.desk
    shift = desk.shifts.shift_at(c.core.clock.now())
    day, start = shift.id.split(" ")
    path = tmp_path / "roster.csv"
    path.write_text(f"日期,班次,值班台,值班人员\n{day},{start},{STATION},张伟\n{day},{start},duty-room-2,李娜\n", encoding="utf-8")
    c.sign_in("chen", "pw-chen-1")
    assert import_sheet(c, qtbot, path).added == 2
    c.window.sign_in.sign_out_requested.emit()

    # 李娜 is rostered at another desk: refused here, with a clear message, on record.
    name, why = sign_in_attempt(c, qtbot, "lina", "pw-li", signal="sign_in_off_roster")
    assert name == "lina" and why.startswith("李娜 is not on the roster for shift ") and "shift leader" in why
    assert desk.operator is None
    # The window offers the shift leader's approval; a wrong password is refused too.
    c.window.sign_in.show_off_roster("lina", why)
    assert c.window.sign_in.approval.isVisibleTo(c.window.sign_in)
    sign_in_attempt(c, qtbot, "lina", "pw-li", "chen", "wrong", signal="sign_in_off_roster")
    sign_in_attempt(c, qtbot, "lina", "pw-li", "zhangwei", "pw-zhang", signal="sign_in_off_roster")  # not a shift leader
    assert desk.operator is None
    # Approved by the shift leader: on duty, the override in the audit chain.
    sign_in_attempt(c, qtbot, "lina", "pw-li", "chen", "pw-chen-1")
    assert desk.operator.name == "lina" and desk.on_duty
    c.core.desk.sign_out()
    # 张伟 is on the roster here: signs in as always.
    sign_in_attempt(c, qtbot, "zhangwei", "pw-zhang")
    assert desk.on_duty
    c.core.desk.sign_out()
    # A manager off the roster signs in to look, without the duty: acknowledging is refused.
    sign_in_attempt(c, qtbot, "wangfang", "pw-wang-1")
    assert desk.operator.name == "wangfang" and not desk.on_duty
    assert c.window.sign_in.on_duty.text() == "Signed in without the duty (not on the roster): 王芳"
    assert desk.acknowledge(["any/key/HH"]) == 0 and not desk.silence()

    entries = [(a, actor, d) for a, actor, d in audit_actions(c) if a in ("access.refused", "duty.roster_override", "user.sign_in")]
    assert [(a, actor, d.get("reason"), d.get("roster"), d.get("override_by"), d.get("on_duty")) for a, actor, d in entries] == [
        ("user.sign_in", "chen", None, "none", None, None),
        ("access.refused", "lina", "off_roster", None, None, None),
        ("access.refused", "lina", "override_refused", None, None, None),
        ("access.refused", "lina", "override_refused", None, None, None),
        ("duty.roster_override", "chen", None, None, None, None),
        ("user.sign_in", "lina", None, "override", "chen", None),
        ("user.sign_in", "zhangwei", None, "on", None, None),
        ("user.sign_in", "wangfang", None, "off", None, False),
    ]
    assert c.run_db(lambda log: verify(log.s)).ok
    # Presence read back from the audit chain: the manager who only looked is not counted.
    since = shift.start - 1
    sign_ins = c.run_db(lambda log: sign_ins_between(log, since, c.core.clock.now() + 1))
    assert [(s.user, s.station, s.shift) for s in sign_ins] == [("chen", STATION, shift.id), ("lina", STATION, shift.id),
                                                               ("zhangwei", STATION, shift.id)]

    # The review (the manager signed in to look may review): roster against presence for this
    # shift. Rostered: 张伟 here, 李娜 at duty-room-2. Signed in: chen and lina here (neither
    # rostered here), zhangwei here (rostered). So 2 rostered, 1 present, 1 absent, 2 unrostered,
    # duty-room-2 uncovered; late only if 张伟 came more than 5 minutes after the shift began.
    flt = ReviewFilter(shift.start, c.core.clock.now() + 1)
    with qtbot.waitCallback(timeout=10_000) as answered:
        c.core.review.roster_presence(flt, answered)
    result = answered.args[0]
    zhang = next(ln for ln in result.lines if ln.user == "zhangwei")
    late = 1 if zhang.signed_in_at - shift.start > 300 else 0
    assert (result.rostered, result.present, result.absent, result.late, result.unrostered) == (2, 1, 1, late, 2)
    assert result.uncovered == ((shift.id, "duty-room-2"),)
    out = tmp_path / "roster-presence.csv"
    with qtbot.waitCallback(timeout=10_000) as exported:
        c.core.review.export_roster_presence(flt, out, "csv", exported)
    assert exported.args[0] == (str(out), 5)  # four people lines and the uncovered desk
    with open(out, encoding="utf-8-sig", newline="") as f:
        table = list(csv.reader(f))
    assert table[0] == ["Shift", "Workstation", "Person", "Rostered", "Signed in", "Late (min)", "Note"]
    assert [r[2:4] + r[6:] for r in table[1:6]] == [["陈班长 (chen)", "no", "signed in, not rostered"],
                                                   ["李娜 (lina)", "no", "signed in, not rostered"],
                                                   ["张伟 (zhangwei)", "yes", "late" if late else ""],
                                                   ["李娜 (lina)", "yes", "absent"],
                                                   ["", "", "nobody rostered came"]]
    # The same from the Review panel's button, as XLSX.
    window = c.window
    assert window.show_panel("review")
    review = window.review
    qtbot.waitUntil(lambda: review.flt is not None and not review.model.loading and not review.busy(), timeout=15_000)
    review.filters.set_range(shift.start, c.core.clock.now() + 60)
    review.filters.apply_button.click()
    qtbot.waitUntil(lambda: not review.model.loading and not review.busy(), timeout=15_000)
    review.folder.setText(str(tmp_path))
    review.roster_button.click()
    qtbot.waitUntil(lambda: bool(review.exported), timeout=15_000)
    book = openpyxl.load_workbook(review.exported[-1])
    assert book.worksheets[0].max_row == 1 + 5 and [c_.value for c_ in book.worksheets[0][1]][:3] == ["Shift", "Workstation", "Person"]
    assert [tuple(r) for r in book.worksheets[1].iter_rows(min_row=2, values_only=True)][:3] == [("Rostered", "2"), ("Present", "1"),
                                                                                                ("Absent", "1")]
    assert table[6:] == [["Rostered", "2", "", "", "", "", ""], ["Present", "1", "", "", "", "", ""],
                         ["Absent", "1", "", "", "", "", ""], ["Late", str(late), "", "", "", "", ""],
                         ["Signed in, not rostered", "2", "", "", "", "", ""], ["Desks nobody rostered came to", "1", "", "", "", "", ""]]


def test_roster_against_presence_hand_computed():
    """Two shifts, two desks. Hand count: rostered 5; present 3 (zhang 08:05, li 08:00, wu 16:20 at
    desk B); late 2 of them beyond a 5-minute grace? zhang 300 s (not beyond), wu 1200 s (beyond): 1;
    absent 2 (chen at A 08:00, zhao at A 16:00); unrostered 1 (li at B 16:00); desk A 16:00 has
    nobody rostered present: uncovered [(16:00, A)]."""
    s1, s2 = "2026-12-04 08:00", "2026-12-04 16:00"
    t1 = dt.datetime(2026, 12, 4, 8, tzinfo=dt.timezone.utc).timestamp()
    t2 = t1 + 8 * 3600
    roster = [RosterEntry(s1, "A", "zhang"), RosterEntry(s1, "A", "chen"), RosterEntry(s1, "B", "li"),
              RosterEntry(s2, "A", "zhao"), RosterEntry(s2, "B", "wu")]
    sign_ins = [SignIn("zhang", "A", s1, t1 + 300), SignIn("zhang", "A", s1, t1 + 4000), SignIn("li", "B", s1, t1),
                SignIn("wu", "B", s2, t2 + 1200), SignIn("li", "B", s2, t2 + 10)]
    result = compare(roster, sign_ins, {s1: t1, s2: t2}, grace_s=300)
    assert (result.rostered, result.present, result.absent, result.late, result.unrostered) == (5, 3, 2, 1, 1)
    assert result.uncovered == ((s2, "A"),)
    line = {(ln.shift, ln.station, ln.user): ln for ln in result.lines}
    assert line[(s1, "A", "zhang")].signed_in_at == t1 + 300 and line[(s1, "A", "zhang")].late_s == 300
    assert line[(s1, "A", "chen")].signed_in_at is None and line[(s2, "B", "li")].rostered is False


def test_the_roster_panel_enters_a_line_and_imports_a_sheet(desk_console, qtbot, tmp_path):
    c = desk_console
    window = c.window
    c.sign_in()  # an operator: the panel is not offered
    assert not window.panel_offered("roster")
    c.core.desk.sign_out()
    c.sign_in("chen", "pw-chen-1")
    assert window.show_panel("roster")
    panel = window.roster_panel
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    panel.day.setDate(tomorrow)
    panel.shift.setCurrentText("16:00")
    panel.people.setText("lina、张伟")
    with qtbot.waitSignal(c.core.rosters.entered, timeout=10_000):
        panel.add_button.click()
    assert panel.message.text() == "2 added to the roster."
    qtbot.waitUntil(lambda: panel.table.rowCount() == 2, timeout=5_000)
    assert [panel.table.item(r, 2).text() for r in range(2)] == ["lina", "zhangwei"]
    entered = [d for a, _actor, d in audit_actions(c) if a == "roster.entered"]
    assert entered == [{"added": 2, "already": 0, "entries": [[f"{tomorrow:%Y-%m-%d} 16:00", STATION, "lina"],
                                                             [f"{tomorrow:%Y-%m-%d} 16:00", STATION, "zhangwei"]]}]

    path = tmp_path / "roster.csv"
    path.write_text(f"日期,班次,值班台,值班人员\n{tomorrow:%Y-%m-%d},16:00,{STATION},lina\n{tomorrow:%Y-%m-%d},07:00,{STATION},lina\n",
                    encoding="utf-8")
    panel.path.setText(str(path))
    with qtbot.waitSignal(c.core.rosters.imported, timeout=10_000):
        panel.import_button.click()
    assert panel.message.text() == "2 rows read: 1 good, 1 refused; 0 entries added, 1 already on the roster."
    assert panel.problems.toPlainText().startswith("row 3: ")
