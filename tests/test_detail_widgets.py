"""The alarm detail panel and the points table, driven with hand-made data and the demo plant."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTableView, QTabWidget, QWidget

from console.domain.alarms import Acknowledgment, Alarm, AlarmState, Priority, Shelf, alarm_key
from console.services.details import AlarmDetail, HistoryEntry
from console.simulator.plantgen import build_demo_plant
from widgets.alarm_detail import AlarmDetailPanel
from widgets.points_view import COLUMNS, PointsView

T = 1_714_000_000.0  # the alarm time


def local(seconds: float) -> str:
    return dt.datetime.fromtimestamp(seconds).strftime("%Y-%m-%d %H:%M:%S")


@pytest.fixture(scope="module")
def plant():
    return build_demo_plant()


def all_points(registry):
    return [p for e in registry.enterprises() for p in e.points.values()]


def make_alarm(p, **changes) -> Alarm:
    values = dict(
        key=alarm_key(p.enterprise, p.code, "HH"),
        occurrence_id="occ-1",
        enterprise=p.enterprise,
        point=p.code,
        condition="HH",
        priority=Priority.CRITICAL,
        state=AlarmState.ACKED,
        raised_at=T,
        changed_at=T + 40,
        value=7.35,
        threshold=p.hh,
        repeats=5,
        activations=3,
        ack=Acknowledgment("occ-1", "k", "张伟", "值班室1", T, T + 12),
        shelf=Shelf("张伟", "检修中，已通知维修", T + 20, T + 3620),
        chattering=True,
    )
    values.update(changes)
    return Alarm(**values)


@pytest.fixture
def level_point(plant):
    """A real tank level point with all four limits, given a response card and nuisance settings."""
    point = next(p for p in all_points(plant) if p.kind == "level" and None not in (p.ll, p.l, p.h, p.hh))
    return dataclasses.replace(
        point,
        deadband=0.05,
        on_delay_s=5.0,
        cause="进料阀未关或液位计故障",
        consequence="储罐溢流，可燃液体泄漏",
        action="关闭进料阀，通知班长，现场确认液位",
    )


@pytest.fixture
def panel(qtbot):
    widget = AlarmDetailPanel()
    qtbot.addWidget(widget)
    widget.resize(900, 700)
    widget.show()
    return widget


def label(panel, name) -> QLabel:
    found = panel.findChild(QLabel, name)
    assert found is not None, name
    return found


def table_texts(view: QTableView) -> list[list[str]]:
    model = view.model()
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def show(panel, plant, point, alarm=None, history=(), readings=()):
    alarm = alarm or make_alarm(point)
    detail = AlarmDetail(alarm, point, plant.enterprise_name(point.enterprise), tuple(history), tuple(readings))
    panel.show_detail(detail)
    return detail


def test_header_shows_the_alarm(panel, plant, level_point):
    show(panel, plant, level_point)
    assert label(panel, "detailPriority").text() == "Red · Urgent"
    assert label(panel, "detailPriorityIcon").pixmap() is not None
    assert label(panel, "detailCondition").text() == "High-high"
    assert label(panel, "detailState").text() == "Acknowledged"
    assert label(panel, "detailPoint").text() == f"{level_point.code}  {level_point.name}"
    assert label(panel, "detailEnterprise").text() == plant.enterprise_name(level_point.enterprise)
    assert label(panel, "detailRaised").text() == local(T)
    assert label(panel, "detailValue").text() == f"7.35 m / {level_point.hh:g} m"
    assert label(panel, "detailRepeats").text() == "3"
    assert label(panel, "detailAck").text() == f"张伟  {local(T + 12)}"
    shelved = label(panel, "detailShelved")
    assert shelved.isVisible()
    assert shelved.text() == f"Shelved by 张伟 until {local(T + 3620)}: 检修中，已通知维修"
    assert label(panel, "detailChattering").isVisible()
    assert not label(panel, "detailOutOfService").isVisible()
    assert not label(panel, "detailReturned").isVisible()


def test_flags_follow_the_alarm(panel, plant, level_point):
    show(panel, plant, level_point, make_alarm(level_point, shelf=None, chattering=False, out_of_service=True, ack=None))
    assert not label(panel, "detailShelved").isVisible()
    assert not label(panel, "detailChattering").isVisible()
    assert label(panel, "detailOutOfService").isVisible()
    assert not label(panel, "detailAck").isVisible()


def test_definition_shows_the_limits_and_nuisance_settings(panel, plant, level_point):
    show(panel, plant, level_point)
    p = level_point
    assert label(panel, "defKind").text() == "Level"
    assert label(panel, "defUnit").text() == "m"
    assert label(panel, "defRange").text() == f"{p.range_low:g} – {p.range_high:g} m"
    assert [label(panel, n).text() for n in ("defLL", "defL", "defH", "defHH")] == [f"{v:g} m" for v in (p.ll, p.l, p.h, p.hh)]
    assert label(panel, "defHH").font().bold() and not label(panel, "defH").font().bold()  # the limit of this alarm
    assert label(panel, "defDeadband").text() == "0.05 m"
    assert label(panel, "defOnDelay").text() == "5 s"
    tabs = panel.findChild(QTabWidget, "detailTabs")
    tabs.setCurrentWidget(panel.findChild(QWidget, "detailDefinition"))
    assert label(panel, "defDeadband").isVisible()
    assert not label(panel, "defOffDelay").isVisible()  # not configured: not shown
    # The captions of the limits are the condition names.
    form = panel.form
    captions = [form.labelForField(label(panel, n)).text() for n in ("defLL", "defL", "defH", "defHH")]
    assert captions == ["Low-low", "Low", "High", "High-high"]


def test_missing_limits_say_so(panel, plant):
    point = next(p for p in all_points(plant) if p.kind == "gas_combustible")  # H and HH only
    show(panel, plant, point)
    assert label(panel, "defLL").text() == "not set"
    assert label(panel, "defH").text() == f"{point.h:g} %LEL"
    assert label(panel, "defKind").text() == "Combustible gas"


def test_response_card(panel, plant, level_point):
    show(panel, plant, level_point)
    tabs = panel.findChild(QTabWidget, "detailTabs")
    assert tabs.tabText(0) == "Response card"
    assert label(panel, "cardCause").text() == "进料阀未关或液位计故障"
    assert label(panel, "cardConsequence").text() == "储罐溢流，可燃液体泄漏"
    assert label(panel, "cardAction").text() == "关闭进料阀，通知班长，现场确认液位"
    assert panel.card_form.labelForField(label(panel, "cardAction")).text() == "Corrective action"


def test_empty_response_card_says_not_configured(panel, plant, level_point):
    bare = dataclasses.replace(level_point, cause="", consequence="  ", action="")
    show(panel, plant, bare)
    texts = [label(panel, n).text() for n in ("cardCause", "cardConsequence", "cardAction")]
    assert texts == ["not configured"] * 3
    assert label(panel, "cardCause").property("empty") is True


def test_unknown_point_still_shows_the_alarm(panel, plant, level_point):
    alarm = make_alarm(level_point, point="XX-9999")
    panel.show_detail(AlarmDetail(alarm, None, "某公司", (), ()))
    assert label(panel, "detailPoint").text() == "XX-9999"
    assert label(panel, "detailValue").text() == f"7.35 / {level_point.hh:g}"
    assert label(panel, "cardCause").text() == "not configured"
    assert label(panel, "defMissing").text() == "This point is not in the plant registry."


def test_history_rows_with_readable_events(panel, plant, level_point):
    history = (
        HistoryEntry("raised", T, "", "值班室1", "value 7.35 threshold 7.2"),
        HistoryEntry("repeated", T + 5, "", "值班室1", ""),
        HistoryEntry("acked", T + 12, "张伟", "值班室1", "response 12.0 s"),
        HistoryEntry("shelved", T + 20, "张伟", "值班室1", "检修中"),
        HistoryEntry("unshelved", T + 30, "", "值班室1", ""),
        HistoryEntry("out_of_service", T + 31, "李娜", "值班室2", ""),
        HistoryEntry("in_service", T + 32, "李娜", "值班室2", ""),
        HistoryEntry("returned", T + 40, "", "值班室1", ""),
    )
    show(panel, plant, level_point, history=reversed(history))  # handed over in any order
    view = panel.findChild(QTableView, "detailHistory")
    model = view.model()
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)] == ["Time", "Event", "Operator", "Station", "Detail"]
    rows = table_texts(view)
    assert [r[1] for r in rows] == [
        "Raised",
        "Raised again",
        "Acknowledged",
        "Shelved",
        "Unshelved",
        "Point taken out of service",
        "Point returned to service",
        "Returned to normal",
    ]
    assert rows[0] == [local(T), "Raised", "", "值班室1", "value 7.35, limit 7.2"]  # shown in the reader's words
    assert rows[2] == [local(T + 12), "Acknowledged", "张伟", "值班室1", "response 12.0 s"]


def test_readings_newest_first_with_the_alarm_marked(panel, plant, level_point):
    readings = [(T + k, 7.0 + 0.1 * k) for k in range(-3, 3)]  # oldest first, as the reading history gives them
    show(panel, plant, level_point, readings=readings)
    view = panel.findChild(QTableView, "detailReadings")
    rows = table_texts(view)
    assert [r[0] for r in rows] == [local(T + k) for k in (2, 1, 0, -1, -2, -3)]
    assert [r[1] for r in rows] == ["7.2 m", "7.1 m", "7 m", "6.9 m", "6.8 m", "6.7 m"]
    marked = [i for i, r in enumerate(rows) if r[2]]
    assert marked == [2] and rows[2][2] == "◀ Alarm"
    model = view.model()
    assert model.index(2, 0).data(Qt.ItemDataRole.FontRole).bold()
    assert model.index(1, 0).data(Qt.ItemDataRole.FontRole) is None


def test_alarm_between_readings_marks_the_one_before(panel, plant, level_point):
    readings = [(T - 2.5, 7.1), (T - 0.5, 7.3), (T + 1.5, 7.4)]
    show(panel, plant, level_point, readings=readings)
    rows = table_texts(panel.findChild(QTableView, "detailReadings"))
    assert [r[2] for r in rows] == ["", "◀ Alarm", ""]


def test_clear_and_show_again(panel, plant, level_point):
    detail = show(panel, plant, level_point, readings=[(T, 7.3)], history=[HistoryEntry("raised", T, "", "s", "")])
    assert panel.shown_alarm() is detail.alarm
    panel.clear()
    assert panel.shown_alarm() is None
    assert label(panel, "detailEmpty").isVisible()
    assert panel.findChild(QTableView, "detailReadings").model().rowCount() == 0
    assert panel.findChild(QTableView, "detailHistory").model().rowCount() == 0
    show(panel, plant, level_point)
    assert not label(panel, "detailEmpty").isVisible()
    assert label(panel, "detailPoint").isVisible()


# -- points view ---------------------------------------------------------------------------
@pytest.fixture
def points(qtbot, plant):
    view = PointsView()
    qtbot.addWidget(view)
    view.resize(1400, 800)
    view.set_registry(plant)
    view.show()
    return view


def test_points_view_lists_the_whole_plant(points, plant):
    assert points.proxy.rowCount() == 648
    assert points.count.text() == "648 points"
    model = points.proxy
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Enterprise", "Area", "Tag", "Point", "Kind", "Unit", "Range", "Low-low", "Low", "High", "High-high", "In use", "Cameras"]
    first = all_points(plant)[0]
    row = [model.index(0, c).data() for c in range(model.columnCount())]
    ent = plant.enterprise(first.enterprise)
    assert row[:7] == [ent.name, first.area, first.code, first.name, row[4], first.unit, f"{first.range_low:g} – {first.range_high:g}"]
    assert row[11] == "Yes"
    assert row[12] == ", ".join(ent.cameras[c].name for c in first.cameras)
    kinds = {model.index(r, COLUMNS.index("kind")).data() for r in range(model.rowCount())}
    assert kinds == {"Combustible gas", "Toxic gas", "Temperature", "Pressure", "Level", "Flow"}
    assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable


def test_filter_by_code(points, plant, qtbot):
    qtbot.keyClicks(points.filter, "lt-4101")  # case does not matter
    shown = points.shown_points()
    expected = [p for p in all_points(plant) if "LT-4101" in p.code]
    assert 0 < len(shown) < 648
    assert {(p.enterprise, p.code) for p in shown} == {(p.enterprise, p.code) for p in expected}
    assert points.count.text() == f"{len(expected)} of 648 points"


def test_filter_by_chinese_name_and_enterprise(points, plant):
    points.set_filter("液位")
    shown = points.shown_points()
    assert len(shown) == sum("液位" in p.name for p in all_points(plant)) > 0
    assert all("液位" in p.name for p in shown)

    ent = plant.enterprises()[0]
    points.set_filter(f"{ent.name} 温度")  # every word must match
    assert points.filter.text() == f"{ent.name} 温度"
    shown = points.shown_points()
    assert {p.code for p in shown} == {p.code for p in ent.points.values() if "温度" in p.name}
    assert all(p.enterprise == ent.code for p in shown)

    points.set_filter("甲类仓库")  # an area
    shown = points.shown_points()
    assert len(shown) == sum("甲类仓库" in p.area or "甲类仓库" in p.name for p in all_points(plant))

    points.filter.clear()
    assert points.proxy.rowCount() == 648
    assert points.count.text() == "648 points"


def test_sorting_by_code_and_by_limit(points, plant):
    code = COLUMNS.index("code")
    points.table.sortByColumn(code, Qt.SortOrder.AscendingOrder)
    codes = [p.code for p in points.shown_points()]
    assert codes == sorted(p.code for p in all_points(plant))
    points.table.sortByColumn(code, Qt.SortOrder.DescendingOrder)
    assert [p.code for p in points.shown_points()] == sorted(codes, reverse=True)

    points.table.sortByColumn(COLUMNS.index("hh"), Qt.SortOrder.AscendingOrder)
    limits = [p.hh for p in points.shown_points()]
    present = [v for v in limits if v is not None]
    assert present == sorted(present) and limits[: len(present)] == present  # points without one last

    # Sorting and filtering together.
    points.set_filter("压力")
    limits = [p.hh for p in points.shown_points() if p.hh is not None]
    assert limits == sorted(limits) and limits


def test_activating_a_row_names_the_point(points, qtbot):
    points.set_filter("LT-4101")
    index = points.proxy.index(0, COLUMNS.index("name"))
    points.table.setCurrentIndex(index)
    with qtbot.waitSignal(points.point_activated, timeout=1000) as blocker:
        qtbot.keyClick(points.table, Qt.Key.Key_Return)
    assert blocker.args[0].code == "LT-4101"


def test_an_alarm_delivered_late_says_so(panel, plant, level_point):
    alarm = make_alarm(level_point)
    panel.show_detail(AlarmDetail(alarm, None, "某公司", (), ()))
    assert label(panel, "detailLate").isHidden()
    panel.show_detail(AlarmDetail(dataclasses.replace(alarm, late=True), None, "某公司", (), ()))
    assert not label(panel, "detailLate").isHidden()
    assert label(panel, "detailLate").text().startswith("Delivered late")


def test_detail_readings_span_ten_minutes_before_the_alarm_and_at_most_the_last_fifteen(level_point):
    from console.services.details import readings_window

    fresh = make_alarm(level_point, raised_at=T)
    assert readings_window(fresh, T + 60) == (T - 600, T + 60)
    standing = make_alarm(level_point, raised_at=T - 3 * 86_400)  # raised three days ago and still there
    assert readings_window(standing, T) == (T - 900, T)
