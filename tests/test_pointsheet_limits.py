"""Points sheets have limits, with a clear message: the file's size is checked before it is opened,
an XLSX's unpacked size before it is parsed, and the rows while they are read (docs/points-sheet.md)."""

from __future__ import annotations

import shutil
import time
import zipfile

import pytest

from console.services.pointsheet import SheetError, import_sheet, main_import, template_path
from console.services.pointsheet import grid
from tests.helpers.sheets import HEAD, csv_file, row


def test_a_file_too_large_is_refused_before_it_is_opened(tmp_path):
    big = tmp_path / "huge.csv"
    with open(big, "wb") as f:
        f.truncate(grid.MAX_FILE_BYTES + 1)  # sparse: nothing to read, only its size to see
    started = time.monotonic()
    with pytest.raises(SheetError) as refused:
        import_sheet(big)
    assert time.monotonic() - started < 1.0  # nothing was read (bound: a 20 MB read and decode takes longer even on a slow disk)
    (problem,) = refused.value.problems
    assert "huge.csv is 20.0 MB: a points sheet may have at most 20 MB" in str(problem)


def test_a_workbook_that_unpacks_too_large_is_refused_before_it_is_parsed(tmp_path):
    bomb = tmp_path / "bomb.xlsx"
    shutil.copy(template_path(), bomb)
    with zipfile.ZipFile(bomb, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\0" * (grid.MAX_XLSX_UNPACKED_BYTES + 1))
    assert bomb.stat().st_size < grid.MAX_FILE_BYTES  # small on disk
    with pytest.raises(SheetError) as refused:
        import_sheet(bomb)
    assert "may unpack to at most 64 MB" in str(refused.value.problems[0])


def test_rows_beyond_the_limit_are_refused_while_reading(tmp_path, capsys):
    lines = [HEAD] + [row(位号=f"GT-{i:05d}") for i in range(grid.MAX_ROWS + 1)]
    sheet = csv_file(tmp_path / "many.csv", lines)
    with pytest.raises(SheetError) as refused:
        import_sheet(sheet)
    assert "has more than 50,000 rows: a sheet may have at most 50,000 data rows" in str(refused.value.problems[0])
    assert main_import([str(sheet), "--plant", str(tmp_path / "plant.json"), "--dry-run"]) == 1
    err = capsys.readouterr().err
    assert "at most 50,000 data rows" in err and "Traceback" not in err and not (tmp_path / "plant.json").exists()


def test_a_sheet_at_the_limit_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(grid, "MAX_ROWS", 30)
    sheet = csv_file(tmp_path / "thirty.csv", [HEAD] + [row(位号=f"GT-{i:05d}") for i in range(30)])
    assert len(grid.read_sheet(sheet)) == 30
    more = csv_file(tmp_path / "more.csv", [HEAD] + [row(位号=f"GT-{i:05d}") for i in range(31)])
    with pytest.raises(SheetError, match="more than 30 rows"):
        grid.read_sheet(more)
