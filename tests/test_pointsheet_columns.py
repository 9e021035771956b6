"""The columns and their header aliases: Chinese, English, the Jiangsu platform's field names."""

from __future__ import annotations

from console.services import pointsheet
from console.services.pointsheet import import_points, import_sheet
from tests.helpers.sheets import ENT, HEAD, csv_file, problems, row, where, xlsx


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


def test_missing_required_columns_are_named(tmp_path):
    head = [h for h in HEAD if h not in ("量程上限", "位号")]
    lines = [head, [v for h, v in zip(HEAD, row(), strict=True) if h in head]]
    found = problems(xlsx(tmp_path / "p.xlsx", lines))
    assert where(found) == [(1, "位号"), (1, "量程上限")]
    assert "missing column 位号" in found[0].message and "BIT_NO" in found[0].message
    assert str(found[1]).startswith("row 1, column 量程上限: missing column 量程上限")


def test_header_aliases_are_unambiguous():
    for columns in (pointsheet.POINT_COLUMNS, pointsheet.CAMERA_COLUMNS):
        assert pointsheet.columns.build_lookup(columns)  # raises on an ambiguous alias
