"""Importing the sensor data sheets (传感数据填报): XLSX and CSV, headers, checks, merge, command."""

from __future__ import annotations

import csv
import json
import random
import zipfile
from pathlib import Path

import openpyxl
import pytest

from console.services import pointsheet
from console.domain.plant import Camera, Enterprise, PlantRegistry, Point
from console.services.pointsheet import SheetError, SheetProblem, import_points, import_sheet, main_import, read_sheet, write_template
from console.simulator.plantgen import build_demo_plant, make_credit_code

ROOT = Path(__file__).resolve().parents[1]
ENT = "91350205MA2Y8K3P35"  # a well-formed credit code (check character included)
ENT2 = make_credit_code("350213", random.Random(7))
HEAD = ["企业编码", "企业名称", "区域", "位号", "指标名称", "类型", "单位", "低低报", "低报", "高报", "高高报", "量程下限", "量程上限",
        "是否停用", "关联摄像头", "死区", "报警延时(秒)", "恢复延时(秒)", "报警原因", "可能后果", "处置措施"]
CAM_HEAD = ["企业编码", "摄像头编码", "摄像头名称", "视频地址"]
CAMS = [[ENT, "CAM-01", "罐区东", "rtsp://192.0.2.10:554/s1"], [ENT, "CAM-02", "罐区西", "rtsp://192.0.2.11:554/s1"]]
BASE = {"企业编码": ENT, "企业名称": "厦门测试化工有限公司", "区域": "1#罐区", "位号": "GT-1101", "指标名称": "1#罐区 可燃气体",
        "类型": "可燃气体", "单位": "%LEL", "高报": 25, "高高报": 50, "量程下限": 0, "量程上限": 100, "是否停用": "否"}


def row(**changes) -> list:
    """A points row in HEAD order: the good combustible gas point, with changes by header."""
    values = {**BASE, **changes}
    return [values.get(h) for h in HEAD]


def level_row(**changes) -> list:
    return row(**{"位号": "LT-1101", "指标名称": "1#储罐 液位", "类型": "液位", "单位": "m", "低低报": 0.8, "低报": 1.5, "高报": 8.5,
                  "高高报": 9, "量程下限": 0, "量程上限": 10, **changes})


def xlsx(path: Path, points: list[list], cameras: list[list] | None = None, title: str = "测点") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for line in points:
        ws.append(line)
    if cameras is not None:
        cs = wb.create_sheet("摄像头")
        for line in cameras:
            cs.append(line)
    wb.save(path)
    wb.close()
    return path


def csv_file(path: Path, lines: list[list], encoding: str = "utf-8-sig") -> Path:
    with path.open("w", encoding=encoding, newline="") as f:
        csv.writer(f).writerows([["" if v is None else v for v in line] for line in lines])
    return path


def problems(source, base=None, **kw) -> list[SheetProblem]:
    with pytest.raises(SheetError) as info:
        import_points(source, base, **kw)
    assert str(info.value) == "\n".join(str(p) for p in info.value.problems)
    return info.value.problems


def where(found: list[SheetProblem]) -> list[tuple[int, str]]:
    return [(p.row, p.column) for p in found]


# -- good sheets --------------------------------------------------------------------
def test_xlsx_with_chinese_headers_and_a_cameras_sheet(tmp_path):
    path = xlsx(tmp_path / "points.xlsx", [
        HEAD,
        row(**{"关联摄像头": "CAM-01，CAM-02", "报警原因": "法兰泄漏", "可能后果": "火灾爆炸", "处置措施": "关阀通风"}),
        level_row(**{"高报": "８.５", "高高报": "9.0", "是否停用": "是", "关联摄像头": "CAM-01;CAM-02、CAM-01", "死区": 0.05,
                     "报警延时(秒)": "5", "恢复延时(秒)": 10}),
        row(**{"位号": "AT-1201", "指标名称": "泵房 硫化氢", "类型": "有毒气体", "单位": "ppm", "高报": 5, "高高报": 10, "是否停用": None}),
        row(**{"位号": "TT-1301", "类型": "温度", "单位": "°C", "高报": 40, "高高报": 45, "量程下限": -20, "量程上限": 80, "是否停用": "N"}),
        row(**{"位号": "PT-1401", "类型": "pressure", "单位": "MPa", "高报": 1.5, "高高报": 1.7, "量程上限": 2.5, "是否停用": 0}),
        row(**{"位号": "FT-1501", "类型": "流量", "单位": "m3/h", "低低报": 40, "低报": 60, "高报": None, "高高报": None, "是否停用": "true"}),
    ], [CAM_HEAD, *CAMS])

    plant = import_points(path, None)

    assert plant.counts() == (1, 6, 2)
    ent = plant.enterprise(ENT)
    assert ent.name == "厦门测试化工有限公司"
    assert ent.cameras["CAM-02"] == Camera("CAM-02", ENT, "罐区西", "rtsp://192.0.2.11:554/s1")
    gas = ent.points["GT-1101"]
    assert gas == Point("GT-1101", ENT, "1#罐区 可燃气体", "gas_combustible", "%LEL", 0.0, 100.0, h=25.0, hh=50.0, in_use=True,
                        area="1#罐区", cameras=("CAM-01", "CAM-02"), cause="法兰泄漏", consequence="火灾爆炸", action="关阀通风")
    level = ent.points["LT-1101"]
    assert (level.ll, level.l, level.h, level.hh) == (0.8, 1.5, 8.5, 9.0)
    assert level.in_use is False and level.cameras == ("CAM-01", "CAM-02")
    assert (level.deadband, level.on_delay_s, level.off_delay_s) == (0.05, 5.0, 10.0)
    assert [p.kind for p in ent.points.values()] == ["gas_combustible", "level", "gas_toxic", "temperature", "pressure", "flow"]
    assert [p.in_use for p in ent.points.values()] == [True, False, True, True, True, False]
    assert ent.points["AT-1201"].deadband is None and ent.points["FT-1501"].thresholds() == {"L": 60.0, "LL": 40.0}


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gbk", "gb18030"])
def test_csv_in_utf8_with_or_without_bom_and_in_gbk(tmp_path, encoding):
    lines = [HEAD, row(), level_row(**{"是否停用": "是"})]
    from_csv = import_points(csv_file(tmp_path / "points.csv", lines, encoding), None)
    from_xlsx = import_points(xlsx(tmp_path / "points.xlsx", lines), None)
    assert from_csv.to_dict() == from_xlsx.to_dict()
    assert from_csv.enterprise(ENT).name == "厦门测试化工有限公司"
    assert from_csv.point(ENT, "LT-1101").in_use is False


def test_jiangsu_platform_headers(tmp_path):
    head = ["ENTERPRISE_CODE", "企业名称", "TARGET_CODE", "TARGET_NAME", "UNIT", "LOW_VALUE_02", "LOW_VALUE_01", "TOP_VALUE_01",
            "TOP_VALUE_02", "LOW_VALUE", "TOP_VALUE", "IS_USE", "监测类型", "EQUIP_CODE", "STOP_REMARK"]
    lines = [head,
             [ENT, "厦门测试化工有限公司", "LT-1101", "1#储罐 液位", "m", 0.8, 1.5, 8.5, 9, 0, 10, 1, "液位", "V-101", ""],
             [ENT, "", "PT-1101", "1#储罐 压力", "MPa", "", "", 1.5, 1.7, 0, 2.5, 0, "压力", "V-101", "检修"]]
    result = import_sheet(csv_file(tmp_path / "jiangsu.csv", lines), None)
    plant = result.registry
    assert plant.point(ENT, "LT-1101").thresholds() == {"HH": 9.0, "H": 8.5, "L": 1.5, "LL": 0.8}
    assert plant.point(ENT, "LT-1101").in_use is True and plant.point(ENT, "PT-1101").in_use is False  # IS_USE: 1 in use
    assert {(w.row, w.column) for w in result.warnings if "unknown column" in w.message} == {(1, "EQUIP_CODE"), (1, "STOP_REMARK")}

    # BIT_NO (位号) wins over TARGET_CODE when both are present.
    both = [[*head, "BIT_NO"], [*lines[1], "LIA-101"]]
    result = import_sheet(csv_file(tmp_path / "both.csv", both), None)
    assert list(result.registry.enterprise(ENT).points) == ["LIA-101"]
    assert any(w.column == "TARGET_CODE" and "BIT_NO is used instead" in w.message for w in result.warnings)


def test_english_headers_any_case_spacing_and_brackets(tmp_path):
    head = [" Enterprise Code ", "ENTERPRISE_NAME", "Point Code", "name", "KIND", "Unit", "LL", "l", "H", "hh", "range low",
            "Range_High", "Stopped", "Cameras", "Deadband", "报警延时（秒）", "off_delay_s", "高报备注"]
    lines = [head, [ENT, "Test Chemicals", "LT-1", "Tank 1 level", "level", "m", 0.8, 1.5, 8.5, 9, 0, 10, "no", "", 0, 3, 0, "x"]]
    result = import_sheet(xlsx(tmp_path / "en.xlsx", lines), None)
    p = result.registry.point(ENT, "LT-1")
    assert (p.kind, p.ll, p.hh, p.in_use, p.deadband, p.on_delay_s, p.off_delay_s) == ("level", 0.8, 9.0, True, 0.0, 3.0, 0.0)
    assert [w.column for w in result.warnings] == ["高报备注"]

    # A unit in brackets after a known header is tolerated.
    unit_head = [h.replace("高报", "高报（%LEL）").replace("量程上限", "量程上限[%LEL]") for h in HEAD]
    plant = import_points(xlsx(tmp_path / "unit.xlsx", [unit_head, row()]), None)
    assert plant.point(ENT, "GT-1101").h == 25.0


def test_plain_dict_rows_are_numbered_from_row_2():
    good = dict(zip(HEAD, row(), strict=True))
    bad = dict(zip(HEAD, row(位号="GT-1102", 高报=60), strict=True))
    found = problems([good, bad])
    assert where(found) == [(3, "高报")]
    assert str(found[0]) == "row 3, column 高报: 高报 (60) is above 高高报 (50)"


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


# -- problems -----------------------------------------------------------------------
def test_missing_required_columns_are_named(tmp_path):
    head = [h for h in HEAD if h not in ("量程上限", "位号")]
    lines = [head, [v for h, v in zip(HEAD, row(), strict=True) if h in head]]
    found = problems(xlsx(tmp_path / "p.xlsx", lines))
    assert where(found) == [(1, "位号"), (1, "量程上限")]
    assert "missing column 位号" in found[0].message and "BIT_NO" in found[0].message
    assert str(found[1]).startswith("row 1, column 量程上限: missing column 量程上限")


def test_threshold_order_and_range(tmp_path):
    lines = [
        HEAD,
        row(),  # 2: fine
        row(位号="A1", 高报=30, 高高报=25),  # 3
        level_row(位号="A2", 低低报=2, 低报=1.5),  # 4
        level_row(位号="A3", 低报=9.5),  # 5: L above H
        row(位号="A4", 高高报=120),  # 6: outside the range
        row(位号="A5", 量程下限=100, 量程上限=0),  # 7
        row(位号="A6", 量程下限=50, 量程上限=50),  # 8
        level_row(位号="A7", 低低报=-1),  # 9: below range low
        level_row(位号="A8", 低低报=1.5, 低报=1.5, 高报=9, 高高报=9),  # 10: equal is fine
        row(位号="A9", 高报=None, 高高报=None),  # 11: no thresholds at all is fine
    ]
    found = problems(xlsx(tmp_path / "p.xlsx", lines))
    assert [str(p) for p in found] == [
        "row 3, column 高报: 高报 (30) is above 高高报 (25)",
        "row 4, column 低低报: 低低报 (2) is above 低报 (1.5)",
        "row 5, column 低报: 低报 (9.5) is above 高报 (8.5)",
        "row 6, column 高高报: 高高报 (120) is outside the range 0 to 100",
        "row 7, column 量程上限: 量程上限 (0) must be above 量程下限 (100)",
        "row 8, column 量程上限: 量程上限 (50) must be above 量程下限 (50)",
        "row 9, column 低低报: 低低报 (-1) is outside the range 0 to 10",
    ]


@pytest.mark.parametrize("text", ["abc", "nan", "NaN", "inf", "-inf", "1e999", "25%", "1,5", "0x10", "#N/A"])
def test_numbers_that_are_not_numbers(tmp_path, text):
    found = problems(csv_file(tmp_path / "p.csv", [HEAD, row(), row(位号="GT-2", 高报=text)]))
    assert where(found) == [(3, "高报")]
    assert found[0].message == f"高报 {text!r} is not a number"


@pytest.mark.parametrize(("text", "value"), [("25", 25.0), ("25.0", 25.0), ("２５", 25.0), (" 2.5e1 ", 25.0), ("－5", -5.0), ("−5", -5.0)])
def test_numbers_as_people_write_them(tmp_path, text, value):
    plant = import_points(csv_file(tmp_path / "p.csv", [HEAD, row(量程下限=text, 高报=None, 高高报=None)]), None)
    assert plant.point(ENT, "GT-1101").range_low == value


def test_nan_and_infinity_from_cells_are_refused():
    found = problems([dict(zip(HEAD, row(高报=float("nan"), 高高报=float("inf")), strict=True))])
    assert where(found) == [(2, "高报"), (2, "高高报")]


def test_duplicate_point_codes_name_both_rows(tmp_path):
    lines = [HEAD, row(), level_row(), row(指标名称="again"), row(企业编码=ENT2, 企业名称="另一家公司")]  # other enterprise: fine
    found = problems(xlsx(tmp_path / "p.xlsx", lines))
    assert where(found) == [(4, "位号")]
    assert found[0].message == f"duplicate 位号 GT-1101 of enterprise {ENT} (rows 2 and 4)"


def test_codes_kinds_flags_and_non_negative_settings(tmp_path):
    lines = [
        HEAD,
        row(位号="GT 1101"),  # 2
        row(位号="-GT"),  # 3
        row(位号="G" * 65),  # 4
        row(位号="ＧＴ－１１０５"),  # 5: full-width, accepted as GT-1105
        row(位号="GT-6", 类型="粉尘"),  # 6
        row(位号="GT-7", 是否停用="maybe"),  # 7
        row(位号="GT-8", 死区=-1, **{"报警延时(秒)": -2, "恢复延时(秒)": "-0.5"}),  # 8
        row(位号="GT-9", 企业编码=""),  # 9
        row(位号="GT-10", 企业编码="913502/0001"),  # 10
        row(位号=None, 指标名称=None, 类型=None),  # 11
        row(位号="GT-12", 关联摄像头="CAM 01 CAM#2"),  # 12
    ]
    found = problems(xlsx(tmp_path / "p.xlsx", lines))
    assert where(found) == [
        (2, "位号"), (3, "位号"), (4, "位号"), (6, "类型"), (7, "是否停用"),
        (8, "死区"), (8, "报警延时(秒)"), (8, "恢复延时(秒)"), (9, "企业编码"), (10, "企业编码"),
        (11, "位号"), (11, "指标名称"), (11, "类型"), (12, "关联摄像头"),
    ]
    text = [p.message for p in found]
    assert text[0] == "位号 'GT 1101' is not a valid code (letters, digits, _ . - ; up to 64, starting with a letter or digit)"
    assert text[3].startswith("unknown 类型 '粉尘' (use 可燃气体, 有毒气体, 温度, 压力, 液位, 流量")
    assert text[4] == "是否停用 'maybe' is not 是/否 (Y/N, 1/0, true/false)"
    assert text[5:8] == ["死区 (-1) must not be negative", "报警延时(秒) (-2) must not be negative", "恢复延时(秒) (-0.5) must not be negative"]
    assert text[8] == "企业编码 is empty" and text[10] == "位号 is empty"
    assert text[13] == "关联摄像头: 'CAM#2' is not a valid camera code"


def test_unknown_cameras(tmp_path):
    lines = [HEAD, row(关联摄像头="CAM-01"), level_row(关联摄像头="CAM-02, CAM-09")]
    found = problems(xlsx(tmp_path / "p.xlsx", lines, [CAM_HEAD, CAMS[0]]))
    assert [str(p) for p in found] == [f"row 3, column 关联摄像头: unknown camera CAM-02 of enterprise {ENT}",
                                       f"row 3, column 关联摄像头: unknown camera CAM-09 of enterprise {ENT}"]
    # A camera of another enterprise does not count.
    other = PlantRegistry({ENT2: Enterprise(ENT2, "另一家", {}, {"CAM-01": Camera("CAM-01", ENT2, "x")})})
    assert where(problems(csv_file(tmp_path / "p.csv", lines[:2]), other)) == [(2, "关联摄像头")]
    # Cameras the plant knows already are fine.
    known = PlantRegistry({ENT: Enterprise(ENT, "厦门测试化工有限公司", {}, {"CAM-01": Camera("CAM-01", ENT, "x")})})
    assert import_points(csv_file(tmp_path / "p.csv", lines[:2]), known).point(ENT, "GT-1101").cameras == ("CAM-01",)


def test_a_csv_sheet_takes_its_cameras_from_a_companion_file(tmp_path):
    points = csv_file(tmp_path / "points.csv", [HEAD, row(关联摄像头="CAM-01、CAM-02")], "gbk")
    cameras = csv_file(tmp_path / "cameras.csv", [CAM_HEAD, *CAMS], "gbk")
    assert where(problems(points)) == [(2, "关联摄像头"), (2, "关联摄像头")]
    plant = import_points(points, None, cameras=cameras)
    assert plant.counts() == (1, 1, 2) and plant.enterprise(ENT).cameras["CAM-01"].name == "罐区东"
    # Cameras from both a workbook's sheet and a separate file: refused rather than guessed.
    book = xlsx(tmp_path / "book.xlsx", [HEAD, row()], [CAM_HEAD, *CAMS])
    assert "cameras are given twice" in problems(book, cameras=cameras)[0].message


def test_cameras_sheet_problems_name_the_sheet(tmp_path):
    cams = [CAM_HEAD, CAMS[0], [ENT, "CAM-01", "again", ""], [ENT, "CAM-03", "", "not a url"], [ENT2, "CAM-04", "", ""],
            [ENT, "CAM 5", "", ""]]
    found = problems(xlsx(tmp_path / "p.xlsx", [HEAD, row()], cams))
    assert [str(p) for p in found] == [
        f"sheet 摄像头, row 3, column 摄像头编码: duplicate camera CAM-01 of enterprise {ENT} (rows 2 and 3)",
        "sheet 摄像头, row 4, column 视频地址: 视频地址 'not a url' is not a URL such as rtsp://host:554/path",
        f"sheet 摄像头, row 5, column 企业编码: unknown enterprise {ENT2} (neither in the plant nor in the points sheet)",
        "sheet 摄像头, row 6, column 摄像头编码: 摄像头编码 'CAM 5' is not a valid code (letters, digits, _ . - ; up to 64, "
        "starting with a letter or digit)",
    ]
    assert where(problems(xlsx(tmp_path / "q.xlsx", [HEAD, row()], [["企业编码", "名称"], [ENT, "x"]]))) == [(1, "摄像头编码")]


def test_enterprise_names(tmp_path):
    lines = [HEAD, row(), level_row(企业名称=""), row(位号="GT-2", 企业名称="厦门别名化工有限公司"),
             row(位号="GT-3", 企业编码=ENT2, 企业名称=None)]
    found = problems(xlsx(tmp_path / "p.xlsx", lines))
    assert [str(p) for p in found] == [
        f"row 4, column 企业名称: 企业名称 '厦门别名化工有限公司' differs from '厦门测试化工有限公司' (row 2) for enterprise {ENT}",
        f"row 5, column 企业名称: new enterprise {ENT2} needs a 企业名称 to be created",
    ]
    # An enterprise the plant knows needs no name; a name given renames it (with a warning).
    base = PlantRegistry({ENT2: Enterprise(ENT2, "旧名称", {}, {})})
    result = import_sheet(xlsx(tmp_path / "ok.xlsx", [HEAD, row(企业编码=ENT2, 企业名称=None)]), base)
    assert result.registry.enterprise(ENT2).name == "旧名称"
    result = import_sheet(xlsx(tmp_path / "ok2.xlsx", [HEAD, row(企业编码=ENT2, 企业名称="新名称")]), base)
    assert result.registry.enterprise(ENT2).name == "新名称" and "renamed" in result.warnings[-1].message


def test_credit_codes_are_checked_by_warning_only(tmp_path):
    bad_check = ENT[:17] + ("0" if ENT[17] != "0" else "1")
    lines = [HEAD, row(), row(企业编码=bad_check, 企业名称="甲"), row(企业编码="TEST-01", 企业名称="乙"), row(企业编码="TEST-01", 企业名称=None, 位号="GT-2")]
    result = import_sheet(csv_file(tmp_path / "p.csv", lines), None)
    assert result.registry.counts() == (3, 4, 0)
    notes = {(w.row, w.column): w.message for w in result.warnings}
    assert notes == {(3, "企业编码"): f"{bad_check} is not a valid unified social credit code (the check character should be {ENT[17]})",
                     (4, "企业编码"): "TEST-01 is not an 18-character unified social credit code"}


def test_a_credit_code_typed_as_a_number_lost_its_digits(tmp_path):
    found = problems(xlsx(tmp_path / "p.xlsx", [HEAD, row(企业编码=913502001234567890)]))
    assert where(found) == [(2, "企业编码")] and "format the column as text" in found[0].message


def test_gas_settings_above_gb50493_are_warned(tmp_path):
    result = import_sheet(xlsx(tmp_path / "p.xlsx", [HEAD, row(高报=30, 高高报=60)]), None)
    assert [(w.row, w.column) for w in result.warnings] == [(2, "高报"), (2, "高高报")]
    assert "GB/T 50493 setting of 25 %LEL" in result.warnings[0].message


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


def test_every_problem_of_a_sheet_is_reported_at_once(tmp_path):
    lines = [HEAD, row(高报="abc"), row(位号="GT-2", 类型="x"), row(位号="GT-3", 量程上限=None), row(位号="GT-2")]
    assert where(problems(xlsx(tmp_path / "p.xlsx", lines))) == [(2, "高报"), (3, "类型"), (4, "量程上限"), (5, "位号")]


# -- merge --------------------------------------------------------------------------
def test_merging_into_the_demo_plant_keeps_everything_else(tmp_path):
    demo = build_demo_plant()
    before = demo.to_dict()
    ent = demo.enterprises()[3]
    old = next(iter(ent.points.values()))
    cam = next(iter(ent.cameras))
    replaced = dict(zip(HEAD, row(企业编码=ent.code, 企业名称=None, 位号=old.code, 指标名称="新名称", 关联摄像头=cam), strict=True))
    new_point = dict(zip(HEAD, row(企业编码=ent.code, 企业名称=None, 位号="NEW-1"), strict=True))
    new_ent = dict(zip(HEAD, row(), strict=True))
    result = import_sheet([replaced, new_point, new_ent], demo)

    plant = result.registry
    assert demo.to_dict() == before  # the base is not changed
    assert plant.counts() == (21, 650, 127)
    assert plant.point(ent.code, old.code).name == "新名称" and plant.point(ent.code, old.code).cameras == (cam,)
    assert list(plant.enterprise(ent.code).points)[0] == old.code  # replaced in place, order kept
    after = plant.to_dict()["enterprises"]
    assert [e for e in after if e["code"] not in (ent.code, ENT)] == [e for e in before["enterprises"] if e["code"] != ent.code]
    assert (str(result.enterprises), str(result.points), str(result.cameras)) == (
        "1 added, 1 changed, 0 unchanged", "2 added, 1 changed, 0 unchanged", "0 added, 0 changed, 0 unchanged")


def test_columns_absent_from_the_sheet_keep_the_existing_values(tmp_path):
    old = Point("GT-1101", ENT, "旧", "gas_combustible", "%LEL", 0, 100, l=5, h=20, hh=40, in_use=False, area="罐区",
                cameras=("CAM-01",), deadband=2.0, on_delay_s=3.0, off_delay_s=4.0, cause="c", consequence="q", action="a")
    base = PlantRegistry({ENT: Enterprise(ENT, "厦门测试化工有限公司", {old.code: old}, {"CAM-01": Camera("CAM-01", ENT, "x")})})
    head = ["企业编码", "位号", "指标名称", "类型", "单位", "量程下限", "量程上限", "高报", "高高报"]
    new = import_points(xlsx(tmp_path / "p.xlsx", [head, [ENT, "GT-1101", "新", "可燃气体", "%LEL", 0, 100, 25, 50]]), base)
    point = new.point(ENT, "GT-1101")
    assert (point.name, point.l, point.h, point.hh) == ("新", None, 25.0, 50.0)  # thresholds come from the sheet
    assert (point.in_use, point.area, point.cameras, point.deadband, point.cause) == (False, "罐区", ("CAM-01",), 2.0, "c")
    # A column that is present but blank clears the value.
    cleared = import_points(xlsx(tmp_path / "q.xlsx", [HEAD, row(区域=None, 是否停用=None, 报警原因=None)]), base)
    point = cleared.point(ENT, "GT-1101")
    assert (point.in_use, point.area, point.cameras, point.deadband, point.cause) == (True, "", (), None, "")


# -- the template -------------------------------------------------------------------
def test_the_committed_template_is_what_write_template_writes(tmp_path):
    committed = ROOT / "resources" / "templates" / "points-template.xlsx"
    fresh = tmp_path / "template.xlsx"
    write_template(fresh)
    for sheet in ("测点", "摄像头", "说明"):
        assert read_sheet(committed, sheet) == read_sheet(fresh, sheet)
        assert read_sheet(committed, sheet).headers == read_sheet(fresh, sheet).headers
    assert pointsheet.template_path().read_bytes() == committed.read_bytes()


def test_the_template_imports_cleanly_and_looks_right(tmp_path):
    path = tmp_path / "template.xlsx"
    write_template(path)
    result = import_sheet(path, build_demo_plant())
    assert result.warnings == []
    assert (result.enterprises.added, result.points.added, result.cameras.added) == (1, 2, 2)
    gas = result.registry.point(pointsheet.TEMPLATE_ENTERPRISE[0], "GT-1101")
    assert (gas.kind, gas.unit, gas.h, gas.hh, gas.range_low, gas.range_high) == ("gas_combustible", "%LEL", 25.0, 50.0, 0.0, 100.0)
    level = result.registry.point(pointsheet.TEMPLATE_ENTERPRISE[0], "LT-1101")
    assert None not in (level.ll, level.l, level.h, level.hh)

    wb = openpyxl.load_workbook(path)
    try:
        ws = wb["测点"]
        assert wb.sheetnames == ["测点", "摄像头", "说明"]
        assert [c.value for c in ws[1]] == HEAD == [c.zh for c in pointsheet.POINT_COLUMNS if c.key != "in_use"]
        assert all(c.font.b for c in ws[1]) and ws.freeze_panes == "A2" and wb["摄像头"].freeze_panes == "A2"
        assert ws.column_dimensions["E"].width > 20
        lists = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation}
        assert lists == {"F2:F1000": '"可燃气体,有毒气体,温度,压力,液位,流量"', "N2:N1000": '"是,否"'}
    finally:
        wb.close()


def test_header_aliases_are_unambiguous():
    for columns in (pointsheet.POINT_COLUMNS, pointsheet.CAMERA_COLUMNS):
        assert pointsheet._build_lookup(columns)  # raises on an ambiguous alias


# -- the command --------------------------------------------------------------------
def test_command_imports_and_writes_the_plant_file(tmp_path, capsys):
    tmp_path = tmp_path / "work"
    tmp_path.mkdir()
    plant_file = tmp_path / "plant.json"
    build_demo_plant().save(plant_file)
    sheet = xlsx(tmp_path / "points.xlsx", [HEAD, row(关联摄像头="CAM-01"), level_row()], [CAM_HEAD, *CAMS])

    before = plant_file.read_bytes()
    assert main_import([str(sheet), "--plant", str(plant_file), "--dry-run"]) == 0
    assert plant_file.read_bytes() == before
    assert "dry run" in capsys.readouterr().out

    assert main_import([str(sheet), "--plant", str(plant_file)]) == 0
    out = capsys.readouterr().out
    assert "enterprises: 1 added, 0 changed, 0 unchanged (21 in the plant)" in out
    assert "points: 2 added, 0 changed, 0 unchanged (650 in the plant)" in out
    assert "cameras: 2 added" in out and f"wrote {plant_file}" in out
    plant = PlantRegistry.load(plant_file)
    assert plant.counts() == (21, 650, 129) and plant.point(ENT, "GT-1101").cameras == ("CAM-01",)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plant.json", "points.xlsx"]  # no temporary file left

    # Again: nothing new.
    assert main_import([str(sheet), "--plant", str(plant_file)]) == 0
    assert "points: 0 added, 0 changed, 2 unchanged" in capsys.readouterr().out


def test_command_changes_nothing_when_the_sheet_has_problems(tmp_path, capsys):
    tmp_path = tmp_path / "work"
    tmp_path.mkdir()
    plant_file = tmp_path / "plant.json"
    build_demo_plant().save(plant_file)
    before = plant_file.read_bytes()
    sheet = csv_file(tmp_path / "points.csv", [HEAD, row(), row(位号="GT-2", 高报=30, 高高报=25), row(位号="GT-3", 类型="dust")], "gbk")

    assert main_import([str(sheet), "--plant", str(plant_file)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [f"{sheet}: row 3, column 高报: 高报 (30) is above 高高报 (25)",
                   f"{sheet}: row 4, column 类型: unknown 类型 'dust' (use 可燃气体, 有毒气体, 温度, 压力, 液位, 流量 or "
                   "gas_combustible, gas_toxic, temperature, pressure, level, flow)",
                   f"import-points: 2 problem(s); {plant_file} not changed"]
    assert plant_file.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plant.json", "points.csv"]


def test_command_creates_a_new_plant_file_and_needs_to_know_where(tmp_path, capsys):
    sheet = csv_file(tmp_path / "points.csv", [HEAD, row()])
    assert main_import([str(sheet)]) == 2  # no --plant, no default, no setting
    assert "give --plant" in capsys.readouterr().err
    target = tmp_path / "new" / "plant.json"
    assert main_import([str(sheet)], default_plant=target) == 0
    assert "(new file)" in capsys.readouterr().out
    assert json.loads(target.read_text(encoding="utf-8"))["enterprises"][0]["code"] == ENT

    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    assert main_import([str(sheet), "--plant", str(tmp_path / "bad.json")]) == 1
    assert "not a valid plant file" in capsys.readouterr().err
