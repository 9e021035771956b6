"""Row checks: each row a point (or camera), or its problems, located by row and column."""

from __future__ import annotations

import pytest

from console.domain.plant import Camera, Enterprise, PlantRegistry
from console.services.pointsheet import import_points, import_sheet
from tests.helpers.sheets import CAM_HEAD, CAMS, ENT, ENT2, HEAD, csv_file, level_row, problems, row, where, xlsx


def test_plain_dict_rows_are_numbered_from_row_2():
    good = dict(zip(HEAD, row(), strict=True))
    bad = dict(zip(HEAD, row(位号="GT-1102", 高报=60), strict=True))
    found = problems([good, bad])
    assert where(found) == [(3, "高报")]
    assert str(found[0]) == "row 3, column 高报: 高报 (60) is above 高高报 (50)"


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


def test_every_problem_of_a_sheet_is_reported_at_once(tmp_path):
    lines = [HEAD, row(高报="abc"), row(位号="GT-2", 类型="x"), row(位号="GT-3", 量程上限=None), row(位号="GT-2")]
    assert where(problems(xlsx(tmp_path / "p.xlsx", lines))) == [(2, "高报"), (3, "类型"), (4, "量程上限"), (5, "位号")]
