"""Points sheets (测点表) written as the enterprises fill them in, for the import tests."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import openpyxl
import pytest
from openpyxl import Workbook

from console.services.pointsheet import SheetError, SheetProblem, import_points
from console.simulator.plantgen import make_credit_code

ROOT = Path(__file__).resolve().parents[2]
HEADERS = ["企业编码", "企业名称", "位号", "指标名称", "类型", "单位", "量程下限", "量程上限", "高报", "高高报"]


def sheet(path, rows):
    wb = Workbook()
    ws = wb.active
    ws.title = "测点"
    ws.append(HEADERS)
    for row in rows:
        ws.append(row)
    wb.save(path)
    wb.close()
    return str(path)


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
