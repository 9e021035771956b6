"""The template enterprises fill in (resources/templates/points-template.xlsx): sheets 测点 (two
example rows), 摄像头 and 说明 (the columns, in Chinese)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any, Mapping, Sequence

from console.services.pointsheet.columns import (
    CAMERA_COLUMNS,
    CAMERAS_SHEET,
    HELP_SHEET,
    KIND_NAMES,
    POINT_COLUMNS,
    POINTS_SHEET,
    Column,
)

TEMPLATE = ("templates", "points-template.xlsx")  # under resources/ (console.infrastructure.resource_files)
TEMPLATE_ENTERPRISE = ("91350205MA2Y8K3P35", "厦门示例化工有限公司")  # fictional; a well-formed credit code
TEMPLATE_POINTS: tuple[dict[str, Any], ...] = (
    {"area": "1#罐区", "code": "GT-1101", "name": "1#甲醇储罐东侧 可燃气体", "kind": "可燃气体", "unit": "%LEL",
     "h": 25, "hh": 50, "range_low": 0, "range_high": 100, "stopped": "否", "cameras": "CAM-0101",
     "cause": "储罐、法兰或阀门泄漏", "consequence": "遇点火源可能引发火灾、爆炸",
     "action": "现场确认泄漏点，关闭相关阀门，加强通风，禁止动火，必要时疏散人员"},
    {"area": "1#罐区", "code": "LT-1101", "name": "1#甲醇储罐 液位", "kind": "液位", "unit": "m",
     "ll": 0.8, "l": 1.5, "h": 8.5, "hh": 9.0, "range_low": 0, "range_high": 10, "stopped": "否",
     "cameras": "CAM-0101、CAM-0102", "deadband": 0.05, "on_delay_s": 5, "off_delay_s": 10,
     "cause": "进出料阀门误操作或液位计故障", "consequence": "高位冒罐泄漏，低位抽空损坏输送泵",
     "action": "核对液位，停止进料或出料，检查阀门与液位计"},
)
TEMPLATE_CAMERAS = (
    ("CAM-0101", "1#罐区东侧", "rtsp://192.0.2.10:554/stream1"),
    ("CAM-0102", "1#罐区西侧", "rtsp://192.0.2.11:554/stream1"),
)
TEMPLATE_POINT_KEYS = ("enterprise", "enterprise_name", "area", "code", "name", "kind", "unit", "ll", "l", "h", "hh",
                       "range_low", "range_high", "stopped", "cameras", "deadband", "on_delay_s", "off_delay_s",
                       "cause", "consequence", "action")
_WIDTHS = {"enterprise": 22, "enterprise_name": 26, "area": 14, "code": 12, "name": 28, "kind": 11, "unit": 8,
           "stopped": 10, "cameras": 22, "on_delay_s": 13, "off_delay_s": 13, "cause": 30, "consequence": 30, "action": 40}


def write_template(path: str | Path) -> None:
    """Write the blank points sheet (with two example rows) that enterprises fill in."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.properties.creator = "duty-console"
    wb.properties.created = wb.properties.modified = datetime(2024, 1, 1)
    _points_sheet(wb.active)
    _cameras_sheet(wb.create_sheet(CAMERAS_SHEET))
    _help_sheet(wb.create_sheet(HELP_SHEET))
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    wb.close()


def _template_point_columns() -> list[Column]:
    by_key = {c.key: c for c in POINT_COLUMNS}
    return [by_key[k] for k in TEMPLATE_POINT_KEYS]


def _header(ws: Any, columns: Sequence[Column], widths: Mapping[str, int], text_keys: Sequence[str]) -> None:
    """Row 1: the Chinese headers, required ones shaded; code columns formatted as text; frozen."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    required_fill = PatternFill("solid", fgColor="FCE4D6")
    optional_fill = PatternFill("solid", fgColor="EDEDED")
    for i, col in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=i, value=col.zh)
        cell.font = bold
        cell.fill = required_fill if col.required else optional_fill
        cell.alignment = Alignment(horizontal="center", vertical="center")
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = widths.get(col.key, 10)
        if col.key in text_keys:  # codes stay text: 18-digit credit codes must not become numbers
            ws.column_dimensions[letter].number_format = "@"
    ws.freeze_panes = "A2"


def _points_sheet(ws: Any) -> None:
    """The 测点 sheet: header, the example rows and drop-down lists for 类型 and 是否停用."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    ws.title = POINTS_SHEET
    _header(ws, _template_point_columns(), _WIDTHS, ("enterprise", "code", "cameras"))
    for r, example in enumerate(TEMPLATE_POINTS, start=2):
        values = {"enterprise": TEMPLATE_ENTERPRISE[0], "enterprise_name": TEMPLATE_ENTERPRISE[1], **example}
        for i, key in enumerate(TEMPLATE_POINT_KEYS, start=1):
            cell = ws.cell(row=r, column=i, value=values.get(key))
            if key in ("enterprise", "code", "cameras"):
                cell.number_format = "@"
    last = 1000
    by_key = {c.key: c for c in POINT_COLUMNS}
    for key, choices in (("kind", KIND_NAMES.values()), ("stopped", ("是", "否"))):
        letter = get_column_letter(TEMPLATE_POINT_KEYS.index(key) + 1)
        dv = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True)
        dv.error, dv.errorTitle, dv.showErrorMessage = "请从列表中选择", by_key[key].zh, True
        dv.add(f"{letter}2:{letter}{last}")
        ws.add_data_validation(dv)


def _cameras_sheet(cams: Any) -> None:
    """The 摄像头 sheet: header and the example cameras."""
    _header(cams, CAMERA_COLUMNS, {"enterprise": 22, "code": 14, "name": 24, "url": 36}, ("enterprise", "code"))
    for r, (code, name, url) in enumerate(TEMPLATE_CAMERAS, start=2):
        for i, value in enumerate((TEMPLATE_ENTERPRISE[0], code, name, url), start=1):
            cams.cell(row=r, column=i, value=value).number_format = "@" if i <= 2 else "General"


def _help_sheet(info: Any) -> None:
    """The 说明 sheet: every column of both sheets, whether required, what it means, other names."""
    from openpyxl.styles import Font

    bold = Font(bold=True)
    info.append(["表", "列名", "必填", "说明", "也可写作"])
    for c in info[1]:
        c.font = bold
    for title, cols in ((POINTS_SHEET, _template_point_columns()), (CAMERAS_SHEET, CAMERA_COLUMNS)):
        for col in cols:
            others = [n for n in (col.en, col.jiangsu, *col.aliases, *col.fallback) if n]
            info.append([title, col.zh, "是" if col.required else "", col.help, "、".join(others)])
    info.append([])
    info.append(["", "示例行可删除或改写；表头必须保留在第1行。阈值须满足 低低报 ≤ 低报 ≤ 高报 ≤ 高高报，且在量程之内。"])
    for letter, width in zip("ABCDE", (8, 14, 6, 60, 60), strict=True):
        info.column_dimensions[letter].width = width
    info.freeze_panes = "A2"


def template_path() -> Path:
    """The template as installed with the package."""
    from console.infrastructure import resource_files

    return resource_files.path(*TEMPLATE)
