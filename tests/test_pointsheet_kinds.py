"""Sheets without a kind: the 类型 column absent or a cell blank, the kind inferred from the unit
and the tag letters, and the report saying so row by row."""

from __future__ import annotations

from console.services.pointsheet import import_sheet, inferred_kind_lines, main_import
from console.simulator.plantgen import build_demo_plant
from tests.helpers.sheets import ENT, HEAD, csv_file, problems, row, where, xlsx

# The Jiangsu provincial layout of an enterprise's own sensor sheet: code, name, unit, range,
# thresholds and in-use, but no kind.
JIANGSU = ["ENTERPRISE_CODE", "企业名称", "TARGET_CODE", "TARGET_NAME", "UNIT", "LOW_VALUE_02", "LOW_VALUE_01", "TOP_VALUE_01",
           "TOP_VALUE_02", "LOW_VALUE", "TOP_VALUE", "IS_USE"]
NAME = "厦门测试化工有限公司"


def jiangsu(code: str, name: str, unit: str, *values: object) -> list:
    low_low, low, high, high_high, range_low, range_high = values
    return [ENT, NAME, code, name, unit, low_low, low, high, high_high, range_low, range_high, 1]


def test_a_jiangsu_sheet_without_a_kind_column_imports_with_the_kinds_inferred(tmp_path):
    lines = [JIANGSU,
             jiangsu("GT-101", "罐区 可燃气体", "%LEL", "", "", 25, 50, 0, 100),
             jiangsu("AT-201", "泵房 硫化氢", "ppm", "", "", 10, 20, 0, 100),
             jiangsu("TT-301", "反应釜 温度", "℃", "", "", 80, 90, 0, 150),
             jiangsu("PIA-401", "反应釜 压力", "MPa", "", "", 1.5, 1.7, 0, 2.5),
             jiangsu("LIA-501", "储罐 液位", "m", 0.8, 1.5, 8.5, 9, 0, 10),
             jiangsu("FIQ-601", "进料 流量", "m³/h", 40, 60, "", "", 0, 200),
             jiangsu("320500000701", "循环水 温度", "°C", "", "", 40, 45, 0, 100),  # a numeric code: the unit alone
             jiangsu("TE-801", "出口 温度", "", "", "", 40, 45, 0, 100)]  # no unit: the tag letters alone
    result = import_sheet(csv_file(tmp_path / "jiangsu.csv", lines), None)

    kinds = {p.code: p.kind for p in result.registry.enterprise(ENT).points.values()}
    assert kinds == {"GT-101": "gas_combustible", "AT-201": "gas_toxic", "TT-301": "temperature", "PIA-401": "pressure",
                     "LIA-501": "level", "FIQ-601": "flow", "320500000701": "temperature", "TE-801": "temperature"}
    assert result.registry.point(ENT, "FIQ-601").unit == "m³/h"
    assert inferred_kind_lines(result.inferred) == [
        "row 2, GT-101: kind inferred as 可燃气体 from the unit %LEL and the tag letters GT",
        "row 3, AT-201: kind inferred as 有毒气体 from the unit ppm and the tag letters AT",
        "row 4, TT-301: kind inferred as 温度 from the unit ℃ and the tag letters TT",
        "row 5, PIA-401: kind inferred as 压力 from the unit MPa and the tag letters PIA",
        "row 6, LIA-501: kind inferred as 液位 from the unit m and the tag letters LIA",
        "row 7, FIQ-601: kind inferred as 流量 from the unit m³/h and the tag letters FIQ",
        "row 8, 320500000701: kind inferred as 温度 from the unit °C",
        "row 9, TE-801: kind inferred as 温度 from the tag letters TE",
    ]
    assert not any("类型" in str(w) for w in result.warnings)  # the absent column is not a problem, nor worth a warning


def test_a_row_whose_kind_cannot_be_inferred_is_named_and_the_sheet_refused(tmp_path):
    lines = [JIANGSU,
             jiangsu("GT-101", "罐区 可燃气体", "%LEL", "", "", 25, 50, 0, 100),
             jiangsu("X-9", "振动", "mm/s", "", "", 7, 11, 0, 20),  # unknown unit, no tag letters
             jiangsu("GT-103", "罐区 气体", "", "", "", 25, 50, 0, 100)]  # a gas, but which?
    found = problems(csv_file(tmp_path / "jiangsu.csv", lines))
    assert [str(p) for p in found] == [
        "row 3, column 类型: no 类型 column and the kind cannot be inferred: neither the unit 'mm/s' nor the TARGET_CODE X-9 "
        "names a kind; fill in 类型 (可燃气体, 有毒气体, 温度, 压力, 液位, 流量)",
        "row 4, column 类型: no 类型 column and the kind cannot be inferred: the tag letters GT of GT-103 say 可燃气体 or 有毒气体 "
        "and there is no unit to tell which; fill in 类型 (可燃气体, 有毒气体, 温度, 压力, 液位, 流量)",
    ]


def test_a_blank_kind_cell_is_inferred_and_a_written_one_is_kept(tmp_path):
    lines = [HEAD, row(), row(位号="AT-1201", 类型=None, 单位="ppm", 高报=5, 高高报=10), row(位号="TT-1301", 类型="", 单位="°C")]
    result = import_sheet(xlsx(tmp_path / "p.xlsx", lines), None)
    points = result.registry.enterprise(ENT).points
    assert [p.kind for p in points.values()] == ["gas_combustible", "gas_toxic", "temperature"]
    assert [(i.row, i.code, i.kind) for i in result.inferred] == [(3, "AT-1201", "gas_toxic"), (4, "TT-1301", "temperature")]


def test_a_unit_and_tag_that_disagree_name_the_row(tmp_path):
    lines = [HEAD, row(), row(位号="TT-1302", 类型=None, 单位="%LEL")]
    found = problems(xlsx(tmp_path / "p.xlsx", lines))
    assert where(found) == [(3, "类型")]
    assert found[0].message == ("类型 is empty and the kind cannot be inferred: the unit '%LEL' says 可燃气体 but the tag letters TT "
                                "of TT-1302 say 温度; fill in 类型 (可燃气体, 有毒气体, 温度, 压力, 液位, 流量)")


def test_the_command_reports_each_inference(tmp_path, capsys):
    plant_file = tmp_path / "plant.json"
    build_demo_plant().save(plant_file)
    sheet = csv_file(tmp_path / "jiangsu.csv", [JIANGSU, jiangsu("GT-101", "罐区 可燃气体", "%LEL", "", "", 25, 50, 0, 100)])
    assert main_import([str(sheet), "--plant", str(plant_file), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "row 2, GT-101: kind inferred as 可燃气体 from the unit %LEL and the tag letters GT" in out
