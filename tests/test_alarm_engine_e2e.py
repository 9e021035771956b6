"""The alarm engine through the real program: readings cross thresholds, the operator shelves,
takes a point out of service, silences the horn; each is recorded."""

from __future__ import annotations

import json
import time

import pytest
from PySide6.QtCore import Qt

from console.domain.alarms import AlarmState, Priority
from console.domain.plant import PlantRegistry
from tests.helpers.console import RunningConsole

ENT = "91350200MA2XYZ0001"
REGISTRY = PlantRegistry.from_dict({"enterprises": [{
    "code": ENT, "name": "厦门示例化工有限公司",
    "points": [
        {"code": "GT-1101", "name": "1#罐区 可燃气体", "kind": "gas_combustible", "unit": "%LEL", "range_low": 0, "range_high": 100,
         "h": 25, "hh": 50, "on_delay_s": 0, "off_delay_s": 0, "area": "1#罐区",
         "cause": "储罐呼吸阀泄漏", "consequence": "可燃气体积聚，遇火源爆炸", "action": "启动喷淋，疏散人员，关闭进料阀"},
        {"code": "TT-2101", "name": "反应釜 温度", "kind": "temperature", "unit": "°C", "range_low": 0, "range_high": 200,
         "h": 120, "hh": 150, "on_delay_s": 0, "off_delay_s": 0, "area": "生产车间"},
    ]}]})


@pytest.fixture
def plant_console(qtbot, make_settings):
    running = RunningConsole(qtbot, make_settings(), registry=REGISTRY)
    yield running
    running.close()


def reading(publisher, point, value):
    body = {"v": 1, "ts": int(time.time() * 1000), "readings": [{"point": point, "value": value}]}
    publisher.publish(f"dc/v1/{ENT}/readings/GW01", json.dumps(body), qos=0)


def test_readings_crossing_thresholds_raise_and_clear_alarms(plant_console, publisher, qtbot):
    book = plant_console.core.book
    reading(publisher, "GT-1101", 3.0)
    reading(publisher, "GT-1101", 55.0)
    qtbot.waitUntil(lambda: book.get(f"{ENT}/GT-1101/HH") is not None and book.get(f"{ENT}/GT-1101/H") is not None, timeout=10_000)
    hh = book.get(f"{ENT}/GT-1101/HH")
    assert hh.priority is Priority.CRITICAL and hh.value == 55.0 and hh.threshold == 50
    assert "二级" in hh.text
    reading(publisher, "GT-1101", 1.0)  # far below both, beyond the deadband
    qtbot.waitUntil(lambda: book.get(f"{ENT}/GT-1101/HH").state is AlarmState.RTN_UNACK, timeout=10_000)
    assert book.get(f"{ENT}/GT-1101/H").state is AlarmState.RTN_UNACK


def test_detail_shows_the_response_card_and_history(plant_console, publisher, qtbot):
    window = plant_console.window
    reading(publisher, "GT-1101", 60.0)
    qtbot.waitUntil(lambda: window.model.row_of(f"{ENT}/GT-1101/HH") >= 0, timeout=10_000)
    qtbot.waitUntil(lambda: plant_console.core.recorder.recorded >= 2, timeout=10_000)
    with qtbot.waitSignal(plant_console.core.details.ready, timeout=10_000):
        window.view.selectRow(window.model.row_of(f"{ENT}/GT-1101/HH"))
    panel = window.detail
    texts = " ".join(label.text() for label in panel.findChildren(type(window.feedback)))
    assert "储罐呼吸阀泄漏" in texts and "启动喷淋" in texts
    assert panel.history_model.rowCount() >= 1
    shown = [panel.readings_model.index(row, 1).data() for row in range(panel.readings_model.rowCount())]
    assert any(text.startswith("60") for text in shown), shown  # the reading that raised it, from the reading history


def test_shelve_needs_a_reason_hides_and_records(plant_console, publisher, qtbot):
    window, core = plant_console.window, plant_console.core
    reading(publisher, "TT-2101", 130.0)
    key = f"{ENT}/TT-2101/H"
    qtbot.waitUntil(lambda: window.model.row_of(key) >= 0, timeout=10_000)
    plant_console.sign_in()
    window.view.selectRow(window.model.row_of(key))
    qtbot.mouseClick(window.shelve_button, Qt.MouseButton.LeftButton)
    assert window.shelve.isVisible()
    qtbot.mouseClick(window.shelve.ok, Qt.MouseButton.LeftButton)  # no reason given
    assert window.shelve.isVisible() and window.shelve.message.text() == "A reason is required."
    window.shelve.reason.setText("温度计校验")
    qtbot.mouseClick(window.shelve.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.model.row_of(key) < 0 and window.hidden_model.row_of(key) >= 0, timeout=5_000)
    assert core.book.get(key).shelf.reason == "温度计校验"
    assert window.panel("hidden").windowTitle() == "Shelved 1 · Out of service 0"
    window.hidden_view.selectRow(window.hidden_model.row_of(key))
    qtbot.mouseClick(window.unshelve_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.model.row_of(key) >= 0, timeout=5_000)
    occurrence = core.book.get(key).occurrence_id
    qtbot.waitUntil(lambda: len(plant_console.run_db(lambda log: log.history(occurrence))) >= 3, timeout=10_000)
    events = plant_console.run_db(lambda log: [(h.event, h.operator) for h in log.history(occurrence)])
    assert ("shelved", "zhangwei") in events and ("unshelved", "zhangwei") in events  # who unshelved it, too


def test_out_of_service_point_is_recorded_with_reason_and_survives_restart(qtbot, make_settings, publisher):
    first = RunningConsole(qtbot, make_settings(), registry=REGISTRY)
    key = f"{ENT}/TT-2101/H"
    try:
        reading(publisher, "TT-2101", 130.0)
        qtbot.waitUntil(lambda: first.window.model.row_of(key) >= 0, timeout=10_000)
        first.sign_in()
        first.window.view.selectRow(first.window.model.row_of(key))
        qtbot.mouseClick(first.window.oos_button, Qt.MouseButton.LeftButton)
        first.window.shelve.reason.setText("更换热电偶")
        qtbot.mouseClick(first.window.shelve.ok, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: first.core.book.get(key).out_of_service, timeout=5_000)
        records = first.run_db(lambda log: [(r.point, r.person, r.reason) for r in log.points_out_of_service()])
        assert records == [("TT-2101", "zhangwei", "更换热电偶")]
    finally:
        first.close()
    second = RunningConsole(qtbot, make_settings(), registry=REGISTRY, users=())
    try:
        qtbot.waitUntil(lambda: second.window.hidden_model.row_of(key) >= 0, timeout=10_000)
        assert (ENT, "TT-2101") in second.core.book.out_of_service
        assert second.window.model.row_of(key) < 0
    finally:
        second.close()


def test_silence_is_recorded_with_operator(plant_console, publisher, qtbot):
    core, window = plant_console.core, plant_console.window
    reading(publisher, "GT-1101", 60.0)
    qtbot.waitUntil(lambda: core.annunciator.sounding is not None, timeout=10_000)
    plant_console.sign_in()
    window.activateWindow()
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    assert core.annunciator.sounding is None
    qtbot.waitUntil(lambda: len(plant_console.run_db(lambda log: log.silences())) == 1, timeout=10_000)
    (silence,) = plant_console.run_db(lambda log: [(s.operator, s.station, s.alarm_keys) for s in log.silences()])
    assert silence[0] == "zhangwei" and silence[1] == "test-station" and f"{ENT}/GT-1101/HH" in silence[2]
    # A new alarm sounds again.
    reading(publisher, "TT-2101", 160.0)
    qtbot.waitUntil(lambda: core.annunciator.sounding is not None, timeout=10_000)


def test_background_window_gets_a_notice(plant_console, publisher, qtbot):
    window = plant_console.window
    window.showMinimized()
    reading(publisher, "GT-1101", 30.0)
    qtbot.waitUntil(lambda: window.notifier.notified >= 1, timeout=10_000)
