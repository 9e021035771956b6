"""Importing a whole sheet and merging it into the plant registry."""

from __future__ import annotations

from console.domain.plant import Camera, Enterprise, PlantRegistry, Point
from console.services.pointsheet import import_points, import_sheet
from console.simulator.plantgen import build_demo_plant
from tests.helpers.sheets import CAM_HEAD, CAMS, ENT, HEAD, csv_file, level_row, problems, row, where, xlsx


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


def test_a_csv_sheet_takes_its_cameras_from_a_companion_file(tmp_path):
    points = csv_file(tmp_path / "points.csv", [HEAD, row(关联摄像头="CAM-01、CAM-02")], "gbk")
    cameras = csv_file(tmp_path / "cameras.csv", [CAM_HEAD, *CAMS], "gbk")
    assert where(problems(points)) == [(2, "关联摄像头"), (2, "关联摄像头")]
    plant = import_points(points, None, cameras=cameras)
    assert plant.counts() == (1, 1, 2) and plant.enterprise(ENT).cameras["CAM-01"].name == "罐区东"
    # Cameras from both a workbook's sheet and a separate file: refused rather than guessed.
    book = xlsx(tmp_path / "book.xlsx", [HEAD, row()], [CAM_HEAD, *CAMS])
    assert "cameras are given twice" in problems(book, cameras=cameras)[0].message


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
