"""Reading the grid: XLSX and CSV files into rows of cells, header row, merged cells, file problems."""

from __future__ import annotations

import zipfile

import openpyxl
import pytest

from console.services.pointsheet import import_points, read_sheet
from tests.helpers.sheets import ENT, HEAD, csv_file, level_row, problems, row, where, xlsx


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gbk", "gb18030"])
def test_csv_in_utf8_with_or_without_bom_and_in_gbk(tmp_path, encoding):
    lines = [HEAD, row(), level_row(**{"是否停用": "是"})]
    from_csv = import_points(csv_file(tmp_path / "points.csv", lines, encoding), None)
    from_xlsx = import_points(xlsx(tmp_path / "points.xlsx", lines), None)
    assert from_csv.to_dict() == from_xlsx.to_dict()
    assert from_csv.enterprise(ENT).name == "厦门测试化工有限公司"
    assert from_csv.point(ENT, "LT-1101").in_use is False


def test_title_rows_blank_rows_and_merged_cells_keep_excel_row_numbers(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "传感数据"
    ws.append(["厦门测试化工有限公司 传感数据填报表"])
    ws.merge_cells("A1:F1")
    ws.append(HEAD)  # row 2
    ws.append(row(位号="GT-1"))  # row 3
    ws.append(row(位号="GT-2", 区域=None, 企业编码=None, 企业名称=None))  # row 4: merged with row 3 below
    ws.append([])  # row 5: blank
    ws.append(row(位号="GT-3", 高报=70))  # row 6
    for col in "ABC":
        ws.merge_cells(f"{col}3:{col}4")
    wb.save(tmp_path / "titled.xlsx")
    wb.close()

    rows = read_sheet(tmp_path / "titled.xlsx")
    assert rows.header_row == 2 and [r.row for r in rows] == [3, 4, 6]
    assert rows[1]["区域"] == "1#罐区" and rows[1]["企业编码"] == ENT
    assert where(problems(tmp_path / "titled.xlsx")) == [(6, "高报")]


def test_an_openpyxl_extension_warning_is_not_an_error(tmp_path):
    """Excel writes list validations as x14 extensions; openpyxl warns that it drops them."""
    path = xlsx(tmp_path / "excel.xlsx", [HEAD, row()])
    ext = ('<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" xmlns:x14="http://schemas.microsoft.com/office/'
           'spreadsheetml/2009/9/main"><x14:dataValidations count="0" xmlns:xm="http://schemas.microsoft.com/office/excel/'
           '2006/main"/></ext></extLst></worksheet>')
    patched = tmp_path / "patched.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(patched, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</worksheet>", ext.encode())
            dst.writestr(item, data)
    with pytest.warns(UserWarning, match="extension is not supported"):
        openpyxl.load_workbook(patched).close()  # the warning exists …
    assert import_points(patched, None).counts() == (1, 1, 0)  # … and is not raised by the import


def test_header_problems(tmp_path):
    assert where(problems(xlsx(tmp_path / "a.xlsx", [[*HEAD, "高报"], [*row(), 1]]))) == [(1, "高报")]
    found = problems(xlsx(tmp_path / "b.xlsx", [[*HEAD, "TOP_VALUE_01"], [*row(), 1]]))
    assert [str(p) for p in found] == ["row 1, column TOP_VALUE_01: TOP_VALUE_01 repeats the column 高报"]
    found = problems(xlsx(tmp_path / "c.xlsx", [[*HEAD, "IS_USE"], [*row(), 1]]))
    assert [str(p) for p in found] == ["row 1, column IS_USE: give either 是否停用 or IS_USE, not both"]
    assert [str(p) for p in problems(xlsx(tmp_path / "d.xlsx", [HEAD]))] == ["row 1: the sheet has no data rows"]
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    assert "old .xls format" in problems(tmp_path / "old.xls")[0].message
    assert "no such file" in problems(tmp_path / "missing.csv")[0].message
    (tmp_path / "broken.xlsx").write_bytes(b"not a zip")
    assert "cannot read broken.xlsx" in problems(tmp_path / "broken.xlsx")[0].message
