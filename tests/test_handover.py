"""Shift handover (交接班): the report from the alarm book and a real duty log (SQLite, and
PostgreSQL) on the injected clock; and end to end through the real window in Chinese: start, the outgoing
signature, a refused incoming signature (wrong password: still pending, the outgoing operator
still on duty, counted towards the lockout and audited), then the right one: operator and shift
changed, the handover on record with its report hash, the audit chain intact with
``duty.handover``; the report saved as PDF (and printed to a PDF printer) with its Chinese text."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import time
from dataclasses import replace

import pytest
from PySide6.QtPrintSupport import QPrinter
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from console.domain.alarms import (
    AlarmBook,
    AlarmRaise,
    AlarmState,
    Clearance,
    Handling,
    HandlingCategory,
    Overdue,
    Priority,
    occurrence_id,
)
from console.domain.clock import ManualClock
from console.domain.handover import (
    HandoverReport,
    LogFigures,
    build_report,
    next_shift,
    period_start,
)
from console.services.handover_desk import Stage
from console.domain.presence import PresenceResult, PresenceStatus
from console.domain.shifts import ShiftPattern
from console.infrastructure.store import migrations
from console.infrastructure.store.audit import audit_table, verify
from console.infrastructure.store.dutylog import DutyLog
from console.infrastructure.store.engine import make_engine
from console.infrastructure.store.schema import User
from console.domain.system_alarms import SystemAlarms
from tests.helpers.console import RunningConsole

ENT = "91350200MA2XYZ0001"
STATION = "st-1"
PATTERN = ShiftPattern.parse("08:00,16:00,00:00")


class Names:
    def enterprise_name(self, code: str) -> str:
        return "厦门某化工有限公司" if code == ENT else code

    def point_name(self, enterprise: str, code: str) -> str:
        return {"GT-1101": "罐区可燃气体", "PT-2": "反应釜压力"}.get(code, "")


def raise_(book: AlarmBook, point: str, condition: str, priority: Priority, at: float, text: str = ""):
    return book.raise_alarm(AlarmRaise(ENT, point, condition, priority, at, text=text)).alarm


def ack(book: AlarmBook, key: str, operator: str = "zhangwei"):
    book.complete_ack(book.begin_ack(key, operator))
    return book.get(key)


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, db_path):
    """A real duty log: the SQLite file of a single workstation, or a shared PostgreSQL one."""
    url = f"sqlite:///{db_path}" if request.param == "sqlite" else request.getfixturevalue("pg_url")
    engine = make_engine(url)
    migrations.upgrade(engine)
    yield engine
    engine.dispose()


# -- the report -----------------------------------------------------------------------
def test_report_from_the_book_and_the_duty_log(engine):
    clock = ManualClock()
    shift = PATTERN.shift_at(clock.now())
    clock.set(shift.start + 3600)  # an hour into the shift
    t0 = clock.now()
    book = AlarmBook(clock, STATION, handling_required_up_to=2)

    unacked = raise_(book, "GT-1101", "HH", Priority.CRITICAL, t0 - 600, "可燃气体浓度高高报")
    book.mark_overdue(unacked.key, Overdue.ACK)
    awaiting = raise_(book, "PT-2", "H", Priority.HIGH, t0 - 500)
    ack(book, awaiting.key)
    book.clear_alarm(awaiting.key, t0 - 400)
    book.mark_overdue(awaiting.key, Overdue.HANDLING)
    raise_(book, "TT-3", "FAULT", Priority.MEDIUM, t0 - 300)
    shelved = raise_(book, "LT-4", "L", Priority.LOW, t0 - 200)
    book.shelve(shelved.key, "zhangwei", "液位计校验中", 3600)
    book.take_out_of_service(ENT, "AT-5", "zhangwei", "传感器更换")
    raise_(book, "AT-5", "H", Priority.HIGH, t0 - 100)
    SystemAlarms(book, clock.now).presence_missed("zhangwei")
    assert book.get(awaiting.key).state is AlarmState.AWAIT_CLEAR

    # The duty log: this period's rows, one before it, one drill, another station's presence check.
    drill_at, real_at, before_at = t0 - 900, t0 - 800, shift.start - 600
    with Session(engine) as s, s.begin():
        log = DutyLog(s)
        for alarm in book.alarms():
            log.record_alarm(alarm, STATION, alarm.raised_at)
        for key, at in (("X/DRILL-1/HH", drill_at), ("X/REAL-1/HH", real_at), ("X/OLD-1/HH", before_at)):
            ent, point, cond = key.split("/")
            occ = occurrence_id(key, at)
            gone = replace(unacked, key=key, occurrence_id=occ, enterprise=ent, point=point, condition=cond, raised_at=at)
            log.record_alarm(gone, STATION, at)
            log.record_ack(replace(book.get(awaiting.key).ack, occurrence_id=occ, key=key, raised_at=at, acked_at=at + 20))
        drill_occ, real_occ = occurrence_id("X/DRILL-1/HH", drill_at), occurrence_id("X/REAL-1/HH", real_at)
        log.record_handling(Handling(drill_occ, "X/DRILL-1/HH", HandlingCategory.DRILL, "季度演练", "zhangwei", STATION, drill_at + 60))
        log.record_clearance(Clearance(drill_occ, "X/DRILL-1/HH", "zhangwei", STATION, drill_at + 90))
        log.record_handling(Handling(real_occ, "X/REAL-1/HH", HandlingCategory.REAL_EVENT, "关阀", "zhangwei", STATION, real_at + 60))
        log.record_clearance(Clearance(real_occ, "X/REAL-1/HH", "zhangwei", STATION, real_at + 90))
        log.record_ack(book.get(awaiting.key).ack)
        log.record_overdue(unacked.occurrence_id, "ack", t0 - 540)
        log.record_overdue(awaiting.occurrence_id, "handling", t0 - 60)
        for asked, answered, status, station in (
            (t0 - 3000, t0 - 2970, PresenceStatus.ANSWERED, STATION),
            (t0 - 2000, t0 - 1850, PresenceStatus.LATE, STATION),
            (t0 - 1000, None, PresenceStatus.MISSED, STATION),
            (t0 - 1500, t0 - 1490, PresenceStatus.ANSWERED, "other-station"),
            (before_at, before_at + 5, PresenceStatus.ANSWERED, STATION),
        ):
            log.record_presence(PresenceResult(asked, answered, "zhangwei", status), station, shift.id)

    with Session(engine) as s, s.begin():
        log = DutyLog(s)
        began = log.duty_began_by_handover(STATION, "zhangwei", shift.id)
        start = period_start(shift, began)
        figures = log.shift_figures(start, STATION)
    assert began is None and start == shift.start

    report = build_report(station=STATION, outgoing="zhangwei", outgoing_display="张伟", shift=shift, period_from=start,
                          generated_at=clock.now(), alarms=book.alarms(), out_of_service=book.out_of_service,
                          figures=figures, names=Names(), audit_anchor=(7, "ab" * 32))

    assert [(r.point, r.state) for r in report.open_alarms] == [("GT-1101", "active_unacknowledged"),
                                                                  ("PT-2", "returned_awaiting_clearance")]
    first = report.open_alarms[0]
    assert (first.enterprise_name, first.point_name, first.text) == ("厦门某化工有限公司", "罐区可燃气体", "可燃气体浓度高高报")
    assert report.open_alarms[1].acked_by == "zhangwei" and report.open_alarms[1].handling_required
    assert [(r.point, r.system) for r in report.faults] == [("presence", True), ("TT-3", False)]
    assert report.faults[1].instrument
    assert [(r.point, r.operator, r.reason) for r in report.shelved] == [("LT-4", "zhangwei", "液位计校验中")]
    assert [(r.point, r.person, r.reason, r.open_alarms) for r in report.out_of_service] == [("AT-5", "zhangwei", "传感器更换", 1)]
    assert [(r.point, r.ack_overdue, r.handling_overdue) for r in report.overdue] == [("GT-1101", True, False), ("PT-2", False, True)]
    assert [(p.status, p.response_s) for p in report.presence] == [("answered", 30.0), ("late", 150.0), ("missed", None)]

    c = report.counts
    # Raised in the period: the 6 in the book and REAL-1; DRILL-1 is a drill, OLD-1 before the period.
    assert (c.raised, c.acknowledged, c.handled, c.cleared, c.drills) == (7, 2, 1, 1, 1)
    assert (c.ack_overdue, c.handling_overdue) == (1, 1)
    assert c.ack_response_max_s == pytest.approx(500.0) and c.ack_response_avg_s == pytest.approx(260.0)  # REAL-1, PT-2
    assert (c.presence_asked, c.presence_answered, c.presence_late, c.presence_missed) == (3, 1, 1, 1)
    assert c.presence_response_avg_s == pytest.approx(90.0) and c.presence_response_max_s == pytest.approx(150.0)
    assert (c.open_now, c.unacknowledged_now, c.faults_now, c.shelved_now, c.out_of_service_now, c.overdue_now) == (2, 5, 2, 1, 1, 2)
    assert (report.period_start, report.period_end, report.shift_id) == (shift.start, t0, shift.id)

    # The JSON is canonical and reads back to the same report; its hash is what is signed.
    assert HandoverReport.from_json(report.to_json()) == report
    assert report.sha256() == hashlib.sha256(report.to_json().encode()).hexdigest()
    assert json.loads(report.to_json())["open_alarms"][0]["point_name"] == "罐区可燃气体"

    # A handover to this operator on this shift starts their next report's period.
    with Session(engine) as s, s.begin():
        DutyLog(s).record_handover(STATION, "lina", "zhangwei", "prev", shift.id, shift.start - 900, shift.start - 700,
                                   shift.start - 600, report.to_json(), report.sha256())
    with Session(engine) as s:
        assert DutyLog(s).duty_began_by_handover(STATION, "zhangwei", shift.id) == pytest.approx(shift.start - 600)
        assert DutyLog(s).duty_began_by_handover("other-station", "zhangwei", shift.id) is None


def test_an_empty_report_counts_nothing(engine):
    clock = ManualClock()
    shift = PATTERN.shift_at(clock.now())
    report = build_report(station=STATION, outgoing="zhangwei", outgoing_display="张伟", shift=shift,
                          period_from=shift.start, generated_at=clock.now(), alarms=[], out_of_service={},
                          figures=LogFigures())
    assert report.open_alarms == report.faults == report.shelved == report.overdue == report.presence == ()
    assert report.counts.ack_response_avg_s is None and report.counts.presence_asked == 0
    with Session(engine) as s:
        assert DutyLog(s).shift_figures(shift.start, STATION) == LogFigures()


def test_the_incoming_operator_takes_over_the_next_shift_when_early():
    clock = ManualClock()
    morning = PATTERN.shift_at(PATTERN.shift_at(clock.now()).end + 1)  # some shift with a successor
    early = 3600.0
    assert next_shift(PATTERN, morning, morning.end - 30 * 60, early).start == morning.end  # 30 min early: the next one
    assert next_shift(PATTERN, morning, morning.end - 2 * 3600, early) == morning  # mid-shift: the same one
    assert next_shift(PATTERN, morning, morning.end - 30 * 60, 0) == morning  # early handovers off
    late = morning.end + 600  # the outgoing operator stayed on past their shift
    assert next_shift(PATTERN, morning, late, early) == PATTERN.shift_at(late)


# -- end to end, through the window --------------------------------------------------------
USERS = (("zhangwei", "pw-zhang", "张伟"), ("lina", "pw-lina", "李娜"))


def publish_alarm(publisher, point: str = "GT-1101", priority: int = 1) -> None:
    body = {"v": 1, "ts": int(time.time() * 1000), "condition": "HH", "state": "raised", "priority": priority,
            "value": 55.0, "threshold": 50.0, "text": "可燃气体浓度高高报"}
    publisher.publish(f"dc/v1/{ENT}/alarms/{point}", json.dumps(body, ensure_ascii=False))


@pytest.fixture
def zh_console(qtbot, make_settings):
    running = RunningConsole(qtbot, make_settings(**{"ui.language": "zh_CN"}), users=USERS)
    yield running
    running.close()


def pdf_text(path) -> str:
    tool = shutil.which("pdftotext")
    assert tool, "pdftotext (poppler-utils) is needed: packaging/system-deps.sh --test"
    return subprocess.run([tool, "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True, timeout=60).stdout


def test_handover_end_to_end_through_the_window(zh_console, publisher, qtbot, tmp_path):
    console, window, core = zh_console, zh_console.window, zh_console.core
    handover, panel = core.handover, window.handover_panel
    key = f"{ENT}/GT-1101/HH"
    publish_alarm(publisher)
    qtbot.waitUntil(lambda: window.model.row_of(key) >= 0, timeout=10_000)
    assert not window.handover_button.isEnabled()  # nobody on duty: nobody to hand over
    console.sign_in()
    core.presence.start_check_now()
    with qtbot.waitSignal(core.presence.check_finished, timeout=5_000):
        window.presence.confirm.click()
    shift = core.desk.shift

    # Start: the report is built and shown beside the alarm list (which stays in front).
    with qtbot.waitSignal(handover.report_ready, timeout=10_000) as ready:
        window.handover_button.click()
    report = ready.args[0]
    # In front of the alarm detail, in the panels beside the list.
    assert not window.panel("handover").visibleRegion().isEmpty() and window.panel("detail").visibleRegion().isEmpty()
    assert window.view.isVisible()
    assert [r.point for r in report.open_alarms] == ["GT-1101"] and report.counts.presence_answered == 1
    shown = panel.report_view.toPlainText()
    for expected in ("交接班", "张伟", "GT-1101", "未确认", "在岗确认", "草稿"):
        assert expected in shown, expected

    # The outgoing operator signs with their own password (a wrong one first).
    panel.outgoing_password.setText("not-my-password")
    with qtbot.waitSignal(handover.refused, timeout=10_000):
        panel.outgoing_sign.click()
    assert handover.stage is Stage.AWAIT_OUTGOING and "密码错误" in panel.message.text()
    panel.outgoing_password.setText("pw-zhang")
    with qtbot.waitSignal(handover.outgoing_signed, timeout=10_000):
        panel.outgoing_sign.click()
    assert handover.stage is Stage.AWAIT_INCOMING and panel.incoming_sign.isEnabled()
    assert "张伟" in panel.outgoing_state.text()

    # The outgoing operator cannot sign for the incoming one.
    panel.incoming_user.setText("zhangwei")
    panel.incoming_password.setText("pw-zhang")
    panel.incoming_sign.click()
    assert "自己的账户" in panel.message.text() and handover.stage is Stage.AWAIT_INCOMING

    # The incoming operator mistypes: refused, still pending, the outgoing operator still on duty.
    panel.incoming_user.setText("lina")
    panel.incoming_password.setText("wrong-password")
    with qtbot.waitSignal(handover.refused, timeout=10_000) as refused:
        panel.incoming_sign.click()
    assert refused.args[:2] == ["incoming", "wrong-password"]
    assert handover.stage is Stage.AWAIT_INCOMING
    assert core.desk.operator.name == "zhangwei" and "张伟" in window.sign_in.on_duty.text()
    assert "仍由张伟值班" in panel.message.text()
    assert console.run_db(lambda log: (len(log.handovers()),
                                       log.s.scalar(select(User.failed_sign_ins).where(User.name == "lina")))) == (0, 1)

    # A password typed into the name field: refused, and never recorded as typed (a fingerprint).
    panel.incoming_user.setText("pw-typed-as-name")
    panel.incoming_password.setText("x")
    with qtbot.waitSignal(handover.refused, timeout=10_000) as refused:
        panel.incoming_sign.click()
    assert refused.args[:2] == ["incoming", "wrong-password"]

    # The right password: the handover is stored and the desk changes hands.
    panel.incoming_user.setText("lina")
    panel.incoming_password.setText("pw-lina")
    with qtbot.waitSignal(handover.completed, timeout=10_000) as done:
        panel.incoming_sign.click()
    signed = done.args[0]
    assert core.desk.operator.name == "lina" and core.desk.shift == signed.shift_to
    assert "李娜" in window.sign_in.on_duty.text()
    assert f"李娜 · {signed.shift_to.label}" in window.status.operator.text()
    assert handover.stage is Stage.IDLE and panel.close_button.isEnabled()
    assert "草稿" not in panel.report_view.toPlainText() and "李娜" in panel.report_view.toPlainText()

    rows = console.run_db(lambda log: [(h.station, h.outgoing, h.incoming, h.shift_from, h.shift_to, h.report_json,
                                        h.report_sha256, h.outgoing_signed_at <= h.incoming_signed_at) for h in log.handovers()])
    (station, outgoing, incoming, shift_from, shift_to, report_json, digest, ordered), = rows
    assert (station, outgoing, incoming, shift_from, shift_to) == ("test-station", "zhangwei", "lina", shift.id, signed.shift_to.id)
    assert digest == hashlib.sha256(report_json.encode()).hexdigest() == signed.report_sha256 and ordered
    assert HandoverReport.from_json(report_json) == report
    assert console.run_db(lambda log: log.s.scalar(select(User.failed_sign_ins).where(User.name == "lina"))) == 0

    core.recorder.flush()
    assert console.run_db(lambda log: verify(log.s)).ok
    entries = console.run_db(lambda log: [(r.action, r.actor, r.detail) for r in log.s.execute(
        select(audit_table.c.action, audit_table.c.actor, audit_table.c.detail).order_by(audit_table.c.seq))])
    handovers = [(actor, json.loads(detail)) for action, actor, detail in entries if action == "duty.handover"]
    assert handovers == [("lina", {"outgoing": "zhangwei", "incoming": "lina", "shift_from": shift.id,
                                   "shift_to": signed.shift_to.id, "report_sha256": digest})]
    failures = [(actor, json.loads(detail)) for action, actor, detail in entries if action == "duty.handover_signature_failed"]
    assert [(actor, detail["stage"]) for actor, detail in failures] == [("zhangwei", "outgoing"), ("lina", "incoming"), ("", "incoming")]
    assert failures[2][1]["unknown_name"] is True and len(failures[2][1]["name_fingerprint"]) == 16
    assert not any("typed-as-name" in detail for _a, _b, detail in entries)
    assert not any("wrong-password" in detail or "pw-" in detail for _a, _b, detail in entries)

    # Saved as PDF through the panel's file chooser (not modal): the Chinese text is in it.
    target = tmp_path / "交接班.pdf"
    panel.pdf_button.click()
    dialog = panel.file_dialog
    assert dialog is not None and dialog.isVisible() and not dialog.isModal()
    dialog.selectFile(str(target))
    with qtbot.waitSignal(panel.pdf_saved, timeout=10_000):
        dialog.accept()
    text = pdf_text(target)
    for line in ("交接班记录", "工作站", "test-station", "交班人", "张伟 (zhangwei)", "接班人", "李娜 (lina)", "GT-1101",
                 "未确认", "在岗确认", digest[:32]):
        assert line in text, line
    assert "草稿" not in text

    # Printing renders the same document (here on a PDF printer).
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    panel.print_on(printer)
    printed = pdf_text(tmp_path / "printed.pdf")
    assert "交接班记录" in printed and "李娜 (lina)" in printed

    panel.print_button.click()  # the system's print dialog, opened by the operator's explicit request
    assert panel.print_dialog.isVisible()
    panel.print_dialog.reject()

    panel.close_button.click()
    assert not window.panel("detail").visibleRegion().isEmpty() and not panel.isVisible()


def test_cancel_and_signing_out_end_a_pending_handover(qtbot, make_settings):
    console = RunningConsole(qtbot, make_settings(), users=USERS, connect=False)
    try:
        window, handover, panel = console.window, console.core.handover, console.window.handover_panel
        console.sign_in()
        with qtbot.waitSignal(handover.report_ready, timeout=10_000):
            window.handover_button.click()
        with qtbot.waitSignal(handover.cancelled, timeout=1_000):
            panel.cancel_button.click()
        assert handover.stage is Stage.IDLE and console.core.desk.operator.name == "zhangwei"
        assert "stays on duty" in panel.message.text()

        with qtbot.waitSignal(handover.report_ready, timeout=10_000):
            window.handover_button.click()
        panel.outgoing_password.setText("pw-zhang")
        with qtbot.waitSignal(handover.outgoing_signed, timeout=10_000):
            panel.outgoing_sign.click()
        # Wrong incoming passwords lock the account like failed sign-ins; the handover stays pending.
        for attempt in range(5):
            panel.incoming_user.setText("lina")
            panel.incoming_password.setText(f"wrong-{attempt}")
            with qtbot.waitSignal(handover.refused, timeout=10_000) as refused:
                panel.incoming_sign.click()
        assert refused.args[:2] == ["incoming", "locked"] and refused.args[2] > time.time()
        assert "locked until" in panel.message.text() and "张伟 stays on duty" in panel.message.text()
        assert handover.stage is Stage.AWAIT_INCOMING and console.core.desk.operator.name == "zhangwei"
        panel.incoming_password.setText("pw-lina")  # the right password no longer helps: locked
        with qtbot.waitSignal(handover.refused, timeout=10_000) as refused:
            panel.incoming_sign.click()
        assert refused.args[1] == "locked"

        with qtbot.waitSignal(handover.cancelled, timeout=1_000) as cancelled:
            window.sign_in.sign_out_button.click()
        assert cancelled.args == ["operator-changed"] and handover.stage is Stage.IDLE
        assert not panel.incoming_sign.isEnabled()
        assert console.run_db(lambda log: log.handovers()) == []
    finally:
        console.close()


def test_a_handover_that_cannot_be_stored_stays_pending_and_nothing_of_it_is_on_record(qtbot, make_settings):
    console = RunningConsole(qtbot, make_settings(), users=USERS, connect=False)
    try:
        window, handover, panel = console.window, console.core.handover, console.window.handover_panel
        console.sign_in()
        with qtbot.waitSignal(handover.report_ready, timeout=10_000):
            window.handover_button.click()
        panel.outgoing_password.setText("pw-zhang")
        with qtbot.waitSignal(handover.outgoing_signed, timeout=10_000):
            panel.outgoing_sign.click()
        console.run_db(lambda log: log.s.execute(text("ALTER TABLE handovers RENAME TO handovers_away")))
        panel.incoming_user.setText("lina")
        panel.incoming_password.setText("pw-lina")
        with qtbot.waitSignal(handover.failed, timeout=10_000) as failed:
            panel.incoming_sign.click()
        assert failed.args[0] == "incoming" and "NOT be stored" in panel.message.text()
        assert handover.stage is Stage.AWAIT_INCOMING and console.core.desk.operator.name == "zhangwei"
        console.core.recorder.flush()
        actions = console.run_db(lambda log: [a for (a,) in log.s.execute(select(audit_table.c.action))])
        assert "duty.handover" not in actions  # rolled back with the record it describes

        console.run_db(lambda log: log.s.execute(text("ALTER TABLE handovers_away RENAME TO handovers")))
        panel.incoming_password.setText("pw-lina")
        with qtbot.waitSignal(handover.completed, timeout=10_000):
            panel.incoming_sign.click()
        assert console.core.desk.operator.name == "lina" and len(console.run_db(lambda log: log.handovers())) == 1
        assert console.run_db(lambda log: verify(log.s)).ok
    finally:
        console.close()
