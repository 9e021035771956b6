"""Importing a sensor data sheet from the Points tab: managers only, all or nothing, live."""

from __future__ import annotations

import json
import time

from PySide6.QtCore import Qt

from console.domain.plant import PlantRegistry
from tests.helpers.console import RunningConsole
from tests.helpers.sheets import sheet, xlsx

ENT = "91350200MA2XYZ0001"
USERS = (("zhangwei", "pw-zhang", "张伟"), ("wangmgr", "pw-wang", "王经理", "manager"))


def test_manager_imports_a_sheet_and_the_new_point_alarms(qtbot, make_settings, tmp_path, publisher):
    plant_file = tmp_path / "plant.json"
    PlantRegistry.from_dict({"enterprises": [{"code": ENT, "name": "厦门示例化工有限公司", "points": [
        {"code": "TT-1", "name": "温度", "kind": "temperature", "unit": "°C", "range_low": 0, "range_high": 200}]}]}).save(plant_file)
    running = RunningConsole(qtbot, make_settings(**{"plant.file": str(plant_file)}), users=USERS)
    try:
        window = running.window
        bar = window.points_import
        running.sign_in()
        assert not bar.button.isEnabled()  # an operator may not change the points
        running.core.desk.sign_out()
        running.sign_in("wangmgr", "pw-wang")
        assert bar.button.isEnabled()

        bad = sheet(tmp_path / "bad.xlsx", [[ENT, "厦门示例化工有限公司", "GT-9", "新罐区 可燃气体", "可燃气体", "%LEL", 0, 100, 60, 50]])
        bar.path.setText(bad)
        with qtbot.waitSignal(running.core.editor.import_failed, timeout=10_000):
            qtbot.mouseClick(bar.button, Qt.MouseButton.LeftButton)
        assert "row 2, column 高报" in bar.problems.toPlainText()
        assert PlantRegistry.load(plant_file).counts() == (1, 1, 0)  # nothing changed

        good = sheet(tmp_path / "good.xlsx", [[ENT, "厦门示例化工有限公司", "GT-9", "新罐区 可燃气体", "可燃气体", "%LEL", 0, 100, 25, 50]])
        bar.path.setText(good)
        with qtbot.waitSignal(running.core.editor.imported, timeout=10_000):
            qtbot.mouseClick(bar.button, Qt.MouseButton.LeftButton)
        assert PlantRegistry.load(plant_file).point(ENT, "GT-9").hh == 50
        assert "GT-9" in [p.code for p in window.points.shown_points()]
        from console.infrastructure.store.audit import audit_table, verify

        entries = running.run_db(lambda log: [(r.action, r.actor) for r in log.s.execute(audit_table.select())])
        assert entries == [("user.sign_in", "zhangwei"), ("user.sign_out", "zhangwei"), ("user.sign_in", "wangmgr"),
                           ("config.points_imported", "wangmgr")]
        assert running.run_db(lambda log: verify(log.s).ok)

        # The new point is evaluated at once, without a restart.
        body = {"v": 1, "ts": int(time.time() * 1000), "readings": [{"point": "GT-9", "value": 70}]}
        publisher.publish(f"dc/v1/{ENT}/readings/GW01", json.dumps(body), qos=0)
        qtbot.waitUntil(lambda: running.core.book.get(f"{ENT}/GT-9/HH") is not None, timeout=10_000)
    finally:
        running.close()


def test_the_bar_names_the_rows_whose_kind_was_inferred(qtbot, make_settings, tmp_path):
    plant_file = tmp_path / "plant.json"
    PlantRegistry.from_dict({"enterprises": [{"code": ENT, "name": "厦门示例化工有限公司", "points": []}]}).save(plant_file)
    running = RunningConsole(qtbot, make_settings(**{"plant.file": str(plant_file)}), users=USERS)
    try:
        bar = running.window.points_import
        running.sign_in("wangmgr", "pw-wang")
        head = ["企业编码", "位号", "指标名称", "单位", "量程下限", "量程上限", "高报", "高高报"]  # no 类型
        no_kind = xlsx(tmp_path / "no-kind.xlsx", [head, [ENT, "GT-9", "新罐区 可燃气体", "%LEL", 0, 100, 25, 50],
                                                   [ENT, "TT-9", "新罐区 温度", "", 0, 200, 80, 90]])
        bar.path.setText(str(no_kind))
        with qtbot.waitSignal(running.core.editor.imported, timeout=10_000):
            qtbot.mouseClick(bar.button, Qt.MouseButton.LeftButton)
        assert bar.message.text().startswith("Imported.")
        assert bar.problems.isVisibleTo(bar)
        assert bar.problems.toPlainText().splitlines() == [
            "row 2, GT-9: kind inferred as 可燃气体 from the unit %LEL and the tag letters GT",
            "row 3, TT-9: kind inferred as 温度 from the tag letters TT"]
        plant = PlantRegistry.load(plant_file)
        assert (plant.point(ENT, "GT-9").kind, plant.point(ENT, "TT-9").kind) == ("gas_combustible", "temperature")
    finally:
        running.close()
