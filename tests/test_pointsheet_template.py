"""The template enterprises fill in (resources/templates/points-template.xlsx)."""

from __future__ import annotations

import openpyxl

from console.services import pointsheet
from console.services.pointsheet import import_sheet, read_sheet, write_template
from console.simulator.plantgen import build_demo_plant
from tests.helpers.sheets import HEAD, ROOT


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
