"""The Review tab in the real console (real broker, real SQLite duty log, offscreen window):
shown to a manager and not to an operator; filters, lazy loading and sorting of the log;
drill-down to one alarm with its history and audit status; the KPI tables and charts; CSV
export, and an XLSX export cancelled from its progress bar."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt

from console.infrastructure.store.audit import AuditLog
from tests.helpers import review_data as D
from tests.helpers.console import RunningConsole


@pytest.fixture
def review_console(qtbot, make_settings, db_path, tmp_path, monkeypatch):
    D.use_zone(monkeypatch)
    url = f"sqlite:///{db_path}"
    D.make_log(url)
    running = RunningConsole(qtbot, make_settings(**{"review.export_dir": str(tmp_path / "out"), "review.catch_up_min": 0}),
                             users=())
    yield running
    running.close()
    monkeypatch.undo()
    D.restore_zone()


def review_offered(console) -> bool:
    return console.window.panel_offered("review")


def show(console, flt_setup=None) -> None:
    """Open the Review tab on the test day, with ``flt_setup(filters)`` applied, and wait for it."""
    window, qtbot = console.window, console.qtbot
    assert window.show_panel("review")
    review = window.review
    qtbot.waitUntil(lambda: not review.model.loading and not review.busy(), timeout=10_000)
    review.filters.set_range(D.range_start(), D.range_end())
    if flt_setup is not None:
        flt_setup(review.filters)
    review.filters.apply_button.click()
    qtbot.waitUntil(lambda: not review.model.loading and not review.busy() and review.kpis is not None
                    and review.kpis.start == review.flt.window(review._pattern)[0], timeout=10_000)


def test_the_review_tab_is_for_managers_not_operators(review_console):
    c = review_console
    assert not review_offered(c)  # nobody signed in
    assert not c.window.show_panel("review")
    c.sign_in("zhang", "pw-zhang-2024")
    assert not review_offered(c)
    c.sign_in("boss", "pw-boss-2024")
    assert review_offered(c)
    c.window.sign_in.sign_out_button.click()
    c.qtbot.waitUntil(lambda: not review_offered(c), timeout=5000)


def test_filter_sort_drill_down_kpis_and_charts(review_console):
    c = review_console
    _audit(c)
    c.sign_in("boss", "pw-boss-2024")
    show(c)
    review = c.window.review
    model = review.model
    assert [r[0] for r in model.rows] == ["C3", "C2", "C1", "A6", "A5", "A4", "A3", "A2", "A1"]
    assert review.count_label.text() == "Matching alarms: 9"
    assert model.text(model.rows[4], "overdue") == "‼ ack, handling"
    # sort by the time to acknowledge, longest first (the header click)
    review.table.sortByColumn(7, Qt.SortOrder.DescendingOrder)
    c.qtbot.waitUntil(lambda: not model.loading and len(model.rows) == 9, timeout=10_000)
    assert [r[0] for r in model.rows[:3]] == ["A6", "A2", "A3"]
    # filters: overdue only, of enterprise ENT-A
    show(c, lambda f: (f.overdue.setChecked(True), f.text.setText("")))
    assert sorted(r[0] for r in model.rows) == ["A2", "A5"]
    assert review.kpis.total.alarms == 2
    show(c, lambda f: (f.overdue.setChecked(False), f.text.setText("误报")))
    assert [r[0] for r in model.rows] == ["A2"]
    show(c, lambda f: (f.text.setText(""), f.drills.setChecked(False)))
    assert len(model.rows) == 8 and "A4" not in [r[0] for r in model.rows]
    # drill down: A1's history with who and when, and its audit-chain status
    row = [r[0] for r in model.rows].index("A1")
    review.table.selectRow(row)
    c.qtbot.waitUntil(lambda: "entries about this alarm" in review.detail.audit.text(), timeout=10_000)
    assert "2 entries about this alarm, each intact" in review.detail.audit.text()
    assert "张伟 (zhang)" in review.detail.summary.text() and "现场泄压" in review.detail.summary.text()
    history = review.detail.history
    assert history.rowCount() == 5
    assert [history.item(i, 1).text() for i in range(5)] == ["Raised", "Acknowledged", "Returned to normal", "Handled", "Cleared"]
    assert history.item(0, 2).text() == "—" and history.item(1, 2).text() == "张伟 (zhang)"
    assert history.item(1, 0).text() == "2026-03-02 09:00:30" and history.item(1, 3).text() == D.S08
    # the KPIs by operator, and the charts
    kpis = review.kpi_view
    table = {kpis.cell(r, 0): r for r in range(kpis.table.rowCount())}
    assert set(table) == {"李娜 (li)", "张伟 (zhang)", "(nobody)", "All"}
    assert kpis.cell(table["All"], 1) == "8" and kpis.cell(table["李娜 (li)"], 5) == "5.0"  # li's median 5 s
    kpis.grouping.setCurrentIndex(kpis.grouping.findData("enterprise"))
    assert {kpis.cell(r, 0) for r in range(kpis.table.rowCount())} == {"ENT-A", "ENT-B", "All"}
    assert int(review.charts.series["hourly"].sum()) == 8
    assert list(review.charts.series["p90s"]) == [300.0, 60.0]


def _audit(c):
    """Audit entries of A1, as the recorder writes them."""
    c.run_db(lambda log: AuditLog(log.s).append("alarm.raised", "A1", "", "ws-1", {"key": "ENT-A/PT-1/H"}, D.at("09:00:00")))
    c.run_db(lambda log: AuditLog(log.s).append("alarm.acked", "A1", "zhang", "ws-1", {"response_s": 30}, D.at("09:00:30")))


def test_export_csv_and_cancel_an_xlsx_export(review_console, tmp_path):
    c = review_console
    D.add_bulk(c.core.settings.database_url, 20_000, D.at("00:00:00"), D.at("23:59:00"))
    c.sign_in("boss", "pw-boss-2024")
    show(c, lambda f: f.enterprise.setCurrentIndex(0))
    review = c.window.review
    # CSV of the filtered log
    show(c, lambda f: f.operator.setCurrentIndex(f.operator.findData("zhang")))
    review.csv_button.click()
    c.qtbot.waitUntil(lambda: bool(review.exported), timeout=10_000)
    path = review.exported[-1]
    assert path.endswith(".csv") and "Saved 3 alarms" in review.status.text()
    lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 4
    # a daily PDF report of the day the range starts on, drawn on the review's worker thread
    review.report_kind.setCurrentIndex(review.report_kind.findData("daily"))
    review.pdf_button.click()
    c.qtbot.waitUntil(lambda: review.exported[-1].endswith(".pdf"), timeout=30_000)
    assert "Report saved to" in review.status.text()
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", review.exported[-1], "-"], capture_output=True, text=True, check=True).stdout
        assert "Duty review: daily report" in text and "operator: zhang" in text
    # an XLSX of 20,009 rows, cancelled while it runs: no file is left behind
    show(c, lambda f: f.operator.setCurrentIndex(0))
    review.xlsx_button.click()
    assert review.progress.isVisible() and review.cancel_button.isVisible()
    c.qtbot.waitUntil(lambda: review.progress.value() > 0, timeout=10_000)
    review.cancel_button.click()
    c.qtbot.waitUntil(lambda: review.status.text() == "Cancelled.", timeout=10_000)
    assert not review.progress.isVisible()
    out = tmp_path / "out"
    assert not list(out.glob("*.xlsx"))
    # the window stayed responsive throughout; a full export then completes
    review.xlsx_button.click()
    c.qtbot.waitUntil(lambda: review.exported[-1].endswith(".xlsx"), timeout=60_000)
    book = openpyxl.load_workbook(review.exported[-1], read_only=True)
    first = next(book.worksheets[0].iter_rows(min_row=2, max_row=2, values_only=True))
    book.close()
    assert first[0] is not None


def test_the_managers_view_verifies_the_whole_audit_chain(review_console, db_path):
    """The review shows what `duty-console audit verify` says: intact, then the altered entry."""
    import sqlite3

    c = review_console
    c.sign_in("boss", "pw-boss-2024")
    show(c)
    review = c.window.review
    review.verify_button.click()
    c.qtbot.waitUntil(lambda: "intact" in review.verify_result.text(), timeout=10_000)
    entries = int(review.verify_result.text().split(": ")[1].split()[0])
    assert entries > 0 and review.verify_result.property("flag") is False
    c.core.recorder.flush()
    with sqlite3.connect(db_path) as conn:  # someone edits the duty log file behind the console's back
        conn.execute("UPDATE audit_log SET actor = 'mallory' WHERE seq = 1")
    review.verify_button.click()
    c.qtbot.waitUntil(lambda: review.verify_button.isEnabled(), timeout=10_000)
    assert "BROKEN" in review.verify_result.text(), review.verify_result.text()
    assert "entry 1" in review.verify_result.text() and review.verify_result.property("flag") is True


def test_exports_with_enterprise_priority_and_stage_filters_name_them(qtbot, make_settings, db_path, tmp_path, monkeypatch):
    """XLSX and PDF exported with the enterprise, priority and stage filters set: written, with
    the filters in words (the About sheet; the report's heading)."""
    from console.domain.plant import Enterprise, PlantRegistry, Point

    D.use_zone(monkeypatch)
    D.make_log(f"sqlite:///{db_path}")
    plant = PlantRegistry({"ENT-A": Enterprise("ENT-A", "厦门化工一厂"), "ENT-B": Enterprise("ENT-B", "海沧储运")})
    plant.enterprise("ENT-A").points["PT-1"] = Point("PT-1", "ENT-A", "反应釜压力", "pressure", "MPa", 0, 10)
    plant.save(tmp_path / "plant.json")
    c = RunningConsole(qtbot, make_settings(**{"review.export_dir": str(tmp_path / "out"), "review.catch_up_min": 0,
                                               "plant.file": str(tmp_path / "plant.json")}), users=())
    try:
        c.sign_in("boss", "pw-boss-2024")
        show(c, lambda f: (f.enterprise.setCurrentIndex(f.enterprise.findData("ENT-A")),
                           f.priority.setCurrentIndex(f.priority.findData(1)),
                           f.stage.setCurrentIndex(f.stage.findData("cleared"))))
        review = c.window.review
        assert sorted(r[0] for r in review.model.rows) == ["A1", "A2"]
        wanted = ("enterprise: 厦门化工一厂", "priority: ◆ Red · Urgent", "stage: Cleared")
        review.xlsx_button.click()
        c.qtbot.waitUntil(lambda: not review.busy(), timeout=10_000)
        assert review.exported and review.exported[-1].endswith(".xlsx"), review.status.text()
        book = openpyxl.load_workbook(review.exported[-1])
        about = dict(book["About"].iter_rows(min_row=2, values_only=True))
        for words in wanted:
            assert words in about["Filters"], (words, about["Filters"])
        review.report_kind.setCurrentIndex(review.report_kind.findData("daily"))
        review.pdf_button.click()
        c.qtbot.waitUntil(lambda: not review.busy(), timeout=30_000)
        assert review.exported[-1].endswith(".pdf") and "Report saved to" in review.status.text(), review.status.text()
        if shutil.which("pdftotext"):
            text = " ".join(subprocess.run(["pdftotext", review.exported[-1], "-"], capture_output=True, text=True,
                                           check=True).stdout.split())
            for words in wanted:
                assert words in text, (words, text[:600])
    finally:
        c.close()
        monkeypatch.undo()
        D.restore_zone()
