"""A points sheet (测点表) written as the enterprises fill it in, for the import tests."""

from __future__ import annotations

from openpyxl import Workbook

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
