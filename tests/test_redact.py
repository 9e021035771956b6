"""Camera and broker credentials are never shown or logged."""

from __future__ import annotations

import pytest

from console.domain.redact import redact_url


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("rtsp://admin:Secr3t!@192.0.2.10:554/Streaming/Channels/101", "rtsp://***@192.0.2.10:554/Streaming/Channels/101"),
        ("rtsp://admin@192.0.2.10/stream", "rtsp://***@192.0.2.10/stream"),
        ("rtsp//admin:pw@192.0.2.10/x", "rtsp//***@192.0.2.10/x"),
        ("mqtts://op:p%40ss@broker.example:8883", "mqtts://***@broker.example:8883"),
        ("rtsp://192.0.2.10:554/stream", "rtsp://192.0.2.10:554/stream"),
        ("camera 3 at rtsp://a:b@h/x failed", "camera 3 at rtsp://***@h/x failed"),
    ],
)
def test_credentials_are_masked(text, expected):
    assert redact_url(text) == expected
    assert "Secr3t" not in redact_url(text) and ":pw@" not in redact_url(text)


def test_sheet_errors_do_not_repeat_a_camera_password(tmp_path):
    from openpyxl import Workbook

    from console.services.pointsheet import SheetError, import_points

    path = tmp_path / "sheet.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.title = "测点"
    ws.append(["企业编码", "企业名称", "位号", "指标名称", "类型", "单位", "量程下限", "量程上限", "关联摄像头"])
    ws.append(["91350200MA2XYZ0001", "示例", "GT-1", "甲烷", "可燃气体", "%LEL", 0, 100, "CAM-1"])
    cams = wb.create_sheet("摄像头")
    cams.append(["企业编码", "摄像头编码", "摄像头名称", "视频地址"])
    cams.append(["91350200MA2XYZ0001", "CAM-1", "罐区", "rtsp//admin:Secr3t@192.0.2.10/x"])
    wb.save(path)
    wb.close()
    with pytest.raises(SheetError) as info:
        import_points(path)
    text = "\n".join(str(p) for p in info.value.problems)
    assert "Secr3t" not in text and "***@" in text
