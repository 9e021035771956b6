"""The review's files opened and checked: CSV and XLSX (read back with openpyxl: headers in the
language, frozen header row, widths, local times with the zone), PDF reports in Chinese and in
English (text extracted with pdftotext, a page rendered with pdftoppm), and `duty-console
report` with its errors (bad date range, unwritable path: a clear message, non-zero exit)."""

from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QLocale
from PySide6.QtGui import QImage

from console.infrastructure import i18n
from console.domain.plant import Enterprise, PlantRegistry, Point
from console.services.review import export, log_query
from console.services.review.filters import ReviewFilter
from console.infrastructure.store.engine import make_engine
from tests.helpers import review_data as D

ROOT = Path(__file__).resolve().parents[1]
POPPLER = shutil.which("pdftotext") and shutil.which("pdftoppm")


@pytest.fixture
def chinese(qapp):
    before = QLocale()
    translators = i18n.install(qapp, "zh_CN")
    yield
    for t in translators:
        qapp.removeTranslator(t)
    QLocale.setDefault(before)


def registry() -> PlantRegistry:
    a = Enterprise("ENT-A", "厦门化工一厂")
    a.points["PT-1"] = Point("PT-1", "ENT-A", "反应釜压力", "pressure", "MPa", 0, 10, area="反应车间")
    b = Enterprise("ENT-B", "海沧储运")
    return PlantRegistry({"ENT-A": a, "ENT-B": b})


def export_log(url: str, path: Path, fmt: str) -> int:
    flt = ReviewFilter(D.range_start(), D.range_end())
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            names = export.Names(registry(), {n: d for n, d, _r in log_query.operators(conn)})
            total = log_query.count(conn, flt, flt.start, flt.end)
            return export.write_log(path, log_query.stream(conn, flt, flt.start, flt.end, "raised", False, chunk=4), total,
                                    names, fmt, "UTC+08:00", about=[("From", "2026-03-02 00:00")])
    finally:
        engine.dispose()


def test_xlsx_log_in_chinese(log_url, tmp_path, chinese):
    path = tmp_path / "log.xlsx"
    assert export_log(log_url, path, "xlsx") == 9
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    headers = [c.value for c in sheet[1]]
    assert headers[0] == "报警时间 (UTC+08:00)" and "企业" in headers and "确认人" in headers
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width == pytest.approx(20) and sheet.column_dimensions["H"].width == pytest.approx(36)
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 9
    first = dict(zip(headers, rows[0], strict=True))
    assert first["报警时间 (UTC+08:00)"] == dt.datetime(2026, 3, 2, 9, 0, 0)  # local time, a real date-time
    assert first["企业"] == "厦门化工一厂" and first["车间/区域"] == "反应车间" and first["测点名称"] == "反应釜压力"
    assert first["确认人"] == "张伟 (zhang)" and first["确认用时（秒）"] == pytest.approx(30.0)
    assert first["处置类别"] == "真实事件" and first["处置说明"] == "现场泄压，已恢复"
    drill = dict(zip(headers, rows[3], strict=True))
    assert drill["处置类别"] == "演练"
    a5 = dict(zip(headers, rows[4], strict=True))
    assert a5["确认人"] is None and a5["超时"] == "确认, 处置" and a5["环节"] == "未确认"
    assert book.sheetnames == ["报警记录", "说明"]


def test_csv_log_in_english(log_url, tmp_path):
    path = tmp_path / "log.csv"
    assert export_log(log_url, path, "csv") == 9
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: spreadsheets read it as UTF-8
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0][:2] == ["Raised (UTC+08:00)", "Enterprise"]
    assert rows[1][0] == "2026-03-02 09:00:00" and rows[1][9] == "张伟 (zhang)" and rows[1][11] == "30.0"
    assert len(rows) == 10
    assert export._csv_cell("s", "=HYPERLINK(1)") == "'=HYPERLINK(1)"  # never a formula in a spreadsheet
    assert export._csv_cell("d", 12.345) == "12.3"


def test_an_export_that_cannot_be_written_says_why(log_url, tmp_path):
    with pytest.raises(OSError, match="folder"):
        export_log(log_url, tmp_path, "xlsx")


def run_cli(*args: str, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    """The report as a manager (``boss`` of tests/helpers/review_data.py) asks for it."""
    env = dict(os.environ, TZ=D.TZ, **(env_extra or {}))
    return subprocess.run([sys.executable, "-m", "console", "report", *args, "--user", "boss", "--password-stdin"], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120, input="pw-boss-2024\n")


def test_cli_xlsx_and_csv_kpis(log_url, tmp_path):
    out = tmp_path / "kpis.xlsx"
    done = run_cli("--from", "2026-03-02", "--to", "2026-03-02", "--by", "shift", "--out", str(out), "--database-url", log_url,
                   "--language", "en")
    assert done.returncode == 0, done.stderr
    assert "wrote" in done.stdout
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["KPIs by Shift", "Alarm system health", "Top 10 points", "Alarm log", "About"]
    kpis = book["KPIs by Shift"]
    assert kpis.freeze_panes == "A2"
    table = {r[0]: r for r in kpis.iter_rows(min_row=2, values_only=True)}
    header = [c.value for c in kpis[1]]
    day = dict(zip(header, table[D.S08], strict=True))
    assert (day["Alarms"], day["Acknowledged alarms"], day["Not acknowledged"], day["Overdue"]) == (5, 3, 1, 2)
    assert day["Acknowledge median (s)"] == pytest.approx(60.0) and day["Acknowledged in time (%)"] == pytest.approx(50.0)
    evening = dict(zip(header, table[D.S16], strict=True))
    assert evening["Acknowledge mean (s)"] == pytest.approx(78.75) and evening["Presence missed"] == 1
    everything = dict(zip(header, table["All"], strict=True))
    assert everything["Alarms"] == 8 and everything["Acknowledge p90 (s)"] == pytest.approx(300.0)
    health = dict(book["Alarm system health"].iter_rows(min_row=2, values_only=True))
    assert health["Alarms (drills left out)"] == "8" and health["Drills"] == "1"
    assert health["Stale alarms (active 24 h or more)"] == "1"
    assert book["Alarm log"].max_row == 10  # header and all 9 (drill too)
    csv_out = tmp_path / "kpis.csv"
    done = run_cli("--from", "2026-03-02", "--to", "2026-03-02", "--by", "operator", "--out", str(csv_out), "--database-url",
                   log_url, "--language", "zh_CN")
    assert done.returncode == 0, done.stderr
    rows = list(csv.reader(csv_out.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0][0] == "值班员" and [r[0] for r in rows[1:]] == ["李娜 (li)", "张伟 (zhang)", "（无人）", "合计"]


@pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdftotext, pdftoppm) missing: packaging/system-deps.sh --test")
@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_cli_pdf_report(log_url, tmp_path, language):
    out = tmp_path / f"daily-{language}.pdf"
    done = run_cli("--from", "2026-03-02", "--to", "2026-03-02", "--by", "operator", "--out", str(out), "--database-url", log_url,
                   "--language", language)
    assert done.returncode == 0, done.stderr
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True).stdout
    if language == "zh_CN":
        for words in ("值班回顾：日报", "报警系统健康指标", "按值班员", "按班次", "按企业", "张伟 (zhang)", "李娜 (li)",
                      "超时和未处置的报警（2）", "编制人", "审核人"):
            assert words in text, words
    else:
        for words in ("Duty review: daily report", "Alarm system health", "By Operator", "By Shift", "By Enterprise",
                      "Overdue and unhandled alarms (2)", "Prepared by", "Reviewed by", "2026-03-02 00:00"):
            assert words in text, words
        assert "not acknowledged in time" in text and "handled late" in text
    images = subprocess.run(["pdfimages", "-list", str(out)], capture_output=True, text=True).stdout if shutil.which("pdfimages") else ""
    if images:
        assert len(images.strip().splitlines()) - 2 >= 3  # the three charts
    png = tmp_path / "page"
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(out), str(png)], check=True)
    page = QImage(str(next(tmp_path.glob("page*.png"))))
    assert not page.isNull() and page.width() > page.height()  # A4 landscape
    dark = sum(1 for x in range(0, page.width(), 3) for y in range(0, page.height(), 3) if page.pixelColor(x, y).lightness() < 100)
    assert dark > 200  # text was drawn


def test_cli_errors_are_clear_and_non_zero(log_url, tmp_path):
    bad_range = run_cli("--from", "2026-03-05", "--to", "2026-03-02", "--out", str(tmp_path / "x.csv"), "--database-url", log_url)
    assert bad_range.returncode == 2 and "bad date range" in bad_range.stderr
    not_a_date = run_cli("--from", "yesterday", "--to", "2026-03-02", "--out", str(tmp_path / "x.csv"), "--database-url", log_url)
    assert not_a_date.returncode == 2 and "not a date" in not_a_date.stderr
    nowhere = run_cli("--from", "2026-03-01", "--to", "2026-03-02", "--out", str(tmp_path / "missing" / "x.pdf"),
                      "--database-url", log_url)
    assert nowhere.returncode == 2 and "cannot write" in nowhere.stderr and "does not exist" in nowhere.stderr
    folder = run_cli("--from", "2026-03-01", "--to", "2026-03-02", "--out", str(tmp_path), "--format", "csv",
                     "--database-url", log_url)
    assert folder.returncode == 2 and "is a folder" in folder.stderr
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.geteuid() == 0:  # root writes anywhere: a file system that is read-only for everyone
            denied = run_cli("--from", "2026-03-01", "--to", "2026-03-02", "--out", "/proc/duty-report.csv", "--database-url", log_url)
        else:
            denied = run_cli("--from", "2026-03-01", "--to", "2026-03-02", "--out", str(locked / "x.csv"), "--database-url", log_url)
        assert denied.returncode == 2 and "cannot write" in denied.stderr
    finally:
        locked.chmod(0o700)
    unknown = run_cli("--from", "2026-03-01", "--to", "2026-03-02", "--out", str(tmp_path / "x.doc"), "--database-url", log_url)
    assert unknown.returncode == 2 and "--format" in unknown.stderr
    no_log = run_cli("--from", "2026-03-01", "--to", "2026-03-02", "--out", str(tmp_path / "x.csv"),
                     "--database-url", f"sqlite:///{tmp_path / 'nope.sqlite'}")
    assert no_log.returncode == 1 and "no such duty log" in no_log.stderr
    assert not list(tmp_path.glob("x.*"))


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "pdf"])
def test_cli_report_filtered_by_enterprise_priority_and_stage(log_url, tmp_path, fmt):
    """A filtered report names its filters (in the XLSX About sheet and the PDF's heading)."""
    if fmt == "pdf" and not POPPLER:
        pytest.skip("poppler-utils (pdftotext) missing: packaging/system-deps.sh --test")
    out = tmp_path / f"filtered.{fmt}"
    done = run_cli("--from", "2026-03-02", "--to", "2026-03-02", "--by", "operator", "--out", str(out), "--database-url", log_url,
                   "--language", "en", "--enterprise", "ENT-A", "--priority", "1", "--priority", "2", "--stage", "cleared")
    assert done.returncode == 0, done.stderr
    assert "NameError" not in done.stderr
    wanted = ("enterprise: ENT-A", "priority: ◆ Red · Urgent, ▲ Orange · High", "stage: Cleared")
    if fmt == "csv":
        rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
        everything = dict(zip(rows[0], rows[-1], strict=True))
        assert rows[-1][0] == "All" and everything["Alarms"] == "2"  # A1 and A2: ENT-A, red, cleared
    elif fmt == "xlsx":
        book = openpyxl.load_workbook(out)
        about = dict(book["About"].iter_rows(min_row=2, values_only=True))
        for words in wanted:
            assert words in about["Filters"], (words, about["Filters"])
        assert sorted(r[-1] for r in book["Alarm log"].iter_rows(min_row=2, values_only=True)) == ["A1", "A2"]
    else:
        text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
        flat = " ".join(text.split())
        for words in wanted:
            assert words in flat, (words, flat[:600])
