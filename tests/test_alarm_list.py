"""The operator's alarm list: priority first (also in a flood), only the indicator flashes, the
rows hold still under the pointer, filters, frozen columns, the row and column menus."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QEnterEvent, QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from console.domain.alarm_filter import AlarmFilter, StateFilter
from console.domain.alarm_order import next_to_acknowledge
from console.domain.alarms import AlarmBook, AlarmRaise, AlarmState, Priority
from console.domain.clock import ManualClock
from console.domain.plant import PlantRegistry
from console.services.alarm_feed import AlarmFeed
from widgets.alarm_model import COLUMNS, FIRST_OUT_ROLE, AlarmTableModel
from widgets.alarm_view import AlarmView

ENT_A, ENT_B = "91350200MA00000001", "91350200MA00000002"


def _registry() -> PlantRegistry:
    def points(prefix: str, area: str) -> list[dict]:
        return [{"code": f"{prefix}-{i}", "name": f"{prefix} 点 {i}", "unit": "%LEL", "area": area, "h": 25.0} for i in range(1, 30)]

    return PlantRegistry.from_dict({"enterprises": [
        {"code": ENT_A, "name": "甲化工有限公司", "points": points("GT", "罐区")},
        {"code": ENT_B, "name": "乙石化股份有限公司", "points": points("TT", "反应区")},
    ]})


@pytest.fixture
def book():
    clock = ManualClock(1_750_000_000.0)
    book = AlarmBook(clock, "st")
    book.test_clock = clock  # type: ignore[attr-defined]
    return book


@pytest.fixture
def listing(qtbot, book):
    registry = _registry()
    feed = AlarmFeed(book)
    model = AlarmTableModel(feed, registry)
    view = AlarmView(model)
    model.setParent(view)  # goes with the view (its flash timer too)
    view.set_row_height(32)
    view.resize(900, 500)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    return book, model, view


def raise_(book, enterprise: str, point: str, priority: int, at: float | None = None) -> None:
    clock = book.test_clock
    clock.advance(1.0)
    book.raise_alarm(AlarmRaise(enterprise, point, "H", Priority(priority), at if at is not None else clock.now(), 30.0, 25.0))


def flush(model: AlarmTableModel) -> None:
    model.flush()


def test_priority_first_even_with_first_out_in_a_flood(listing):
    """An orange alarm is the first out of its group; a red one arrives later: red stays on top."""
    book, model, view = listing
    raise_(book, ENT_A, "GT-1", 2)  # first out of 甲 / 罐区
    for i in range(2, 6):
        raise_(book, ENT_A, f"GT-{i}", 3)
    raise_(book, ENT_B, "TT-1", 1)  # later, red
    flush(model)
    model.set_grouped(True)
    assert model.alarm_at(0).point == "TT-1"
    assert model.alarm_at(1).point == "GT-1"
    assert model.index(1, 0).data(FIRST_OUT_ROLE)
    assert "First out" in model.index(1, COLUMNS.index("state")).data()
    assert next_to_acknowledge(book.alarms()).point == "TT-1"


def test_unacknowledged_oldest_first_within_a_priority(listing):
    book, model, _view = listing
    raise_(book, ENT_A, "GT-1", 2)
    raise_(book, ENT_A, "GT-2", 2)
    raise_(book, ENT_A, "GT-3", 3)
    flush(model)
    assert [model.alarm_at(r).point for r in range(3)] == ["GT-1", "GT-2", "GT-3"]
    ack = book.begin_ack(model.alarm_at(0).key, "op")
    book.complete_ack(ack)
    flush(model)
    assert [model.alarm_at(r).point for r in range(3)] == ["GT-2", "GT-3", "GT-1"]  # acknowledged last


def test_only_the_indicator_flashes(listing, qtbot):
    book, model, _view = listing
    raise_(book, ENT_A, "GT-1", 1)
    flush(model)
    seen = set()

    def both_phases() -> bool:
        colour = model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole)
        seen.add(None if colour is None else colour.name())
        for column in range(1, len(COLUMNS)):
            assert model.index(0, column).data(Qt.ItemDataRole.BackgroundRole) is None
        return len(seen) == 2

    qtbot.waitUntil(both_phases, timeout=5_000)


def _enter(widget) -> None:
    QApplication.sendEvent(widget, QEnterEvent(QPointF(20, 20), QPointF(20, 20), QPointF(20, 20)))


def _leave(widget) -> None:
    QApplication.sendEvent(widget, QEvent(QEvent.Type.Leave))


def test_rows_hold_still_under_the_pointer(listing, qtbot):
    book, model, view = listing
    for i in range(1, 4):
        raise_(book, ENT_A, f"GT-{i}", 3)
    flush(model)
    under_pointer = model.alarm_at(1).key
    _enter(view.viewport())
    assert model.held
    with qtbot.waitSignal(model.held_changed) as arrived:
        raise_(book, ENT_B, "TT-1", 1)  # a red alarm would take the top row
    raise_(book, ENT_B, "TT-2", 1)
    assert arrived.args == [1]
    assert model.alarm_at(1).key == under_pointer and model.rowCount() == 3
    assert view.notice.isVisible() and "2" in view.notice.text()
    # An alarm already shown changes state in place.
    ack = book.begin_ack(under_pointer, "op")
    book.complete_ack(ack)
    assert model.alarm_at(1).key == under_pointer
    assert model.alarm_at(1).state is AlarmState.ACKED
    _leave(view.viewport())
    assert not model.held and not view.notice.isVisible()
    assert [model.alarm_at(r).point for r in range(2)] == ["TT-1", "TT-2"]
    assert model.rowCount() == 5
    assert model.alarm_at(4).key == under_pointer  # acknowledged: last


def test_removed_while_held_goes_when_let_go(listing):
    book, model, view = listing
    raise_(book, ENT_A, "GT-1", 3)
    flush(model)
    key = model.alarm_at(0).key
    _enter(view.viewport())
    book.clear_alarm(key)
    ack = book.begin_ack(key, "op")
    book.complete_ack(ack)  # returned and acknowledged: leaves the list
    assert model.rowCount() == 1
    _leave(view.viewport())
    assert model.rowCount() == 0


def test_filters(listing):
    book, model, _view = listing
    raise_(book, ENT_A, "GT-1", 2)
    raise_(book, ENT_A, "GT-2", 4)
    raise_(book, ENT_B, "TT-1", 1)
    flush(model)
    model.set_filter(AlarmFilter(text="乙石化"))
    assert [model.alarm_at(r).point for r in range(model.rowCount())] == ["TT-1"]
    model.set_filter(AlarmFilter(text="gt-2"))
    assert [model.alarm_at(r).point for r in range(model.rowCount())] == ["GT-2"]
    model.set_filter(AlarmFilter(enterprises=frozenset({ENT_A}), priorities=frozenset({Priority.HIGH})))
    assert [model.alarm_at(r).point for r in range(model.rowCount())] == ["GT-1"]
    model.set_filter(AlarmFilter(area="反应区"))
    assert [model.alarm_at(r).point for r in range(model.rowCount())] == ["TT-1"]
    model.set_filter(AlarmFilter(state=StateFilter.ACKNOWLEDGED))
    assert model.rowCount() == 0
    raise_(book, ENT_B, "TT-2", 3)  # arrives while filtered: only shown if it matches
    flush(model)
    assert model.rowCount() == 0
    model.set_filter(AlarmFilter())
    assert model.rowCount() == 4


def test_priority_state_and_time_stay_in_view(listing, qtbot):
    book, model, view = listing
    raise_(book, ENT_A, "GT-1", 1)
    flush(model)
    view.resize(520, 300)
    bar = view.horizontalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum())
    frozen = view.frozen
    assert frozen.isVisible()
    shown = [COLUMNS[c] for c in range(len(COLUMNS)) if not frozen.isColumnHidden(c)]
    assert shown == ["priority", "state", "time"]
    assert frozen.geometry().x() == view.frameWidth()
    assert frozen.width() == sum(view.columnWidth(COLUMNS.index(c)) for c in shown)
    assert frozen.model() is model and frozen.selectionModel() is view.selectionModel()


def test_long_names_have_their_whole_text_in_the_tooltip(listing):
    book, model, _view = listing
    raise_(book, ENT_B, "TT-1", 2)
    flush(model)
    tip = model.index(0, COLUMNS.index("enterprise")).data(Qt.ItemDataRole.ToolTipRole)
    assert "乙石化股份有限公司" in tip


def test_row_menu_and_copy(listing, qtbot):
    book, model, view = listing
    raise_(book, ENT_A, "GT-1", 2)
    flush(model)
    alarm = model.alarm_at(0)
    menu = view.row_menu(alarm)
    names = [a.objectName() for a in menu.actions() if a.objectName()]
    assert names == ["rowAction_acknowledge", "rowAction_handle", "rowAction_shelve", "rowAction_trend",
                     "rowAction_video", "rowAction_detail", "rowAction_copy"]
    with qtbot.waitSignal(view.action_requested) as asked:
        next(a for a in menu.actions() if a.objectName() == "rowAction_trend").trigger()
    assert asked.args[0] == "trend" and asked.args[1].key == alarm.key
    next(a for a in menu.actions() if a.objectName() == "rowAction_copy").trigger()
    text = QGuiApplication.clipboard().text()
    assert "GT-1" in text and "甲化工有限公司" in text


def test_operator_chooses_columns_and_they_come_back(listing):
    _book, _model, view = listing
    menu = view.column_menu()
    titles = [a.text() for a in menu.actions() if a.isCheckable()]
    assert "Priority" not in titles and "Description" in titles
    next(a for a in menu.actions() if a.text() == "Description").setChecked(False)
    assert view.isColumnHidden(COLUMNS.index("text"))
    header = view.horizontalHeader()
    header.moveSection(header.visualIndex(COLUMNS.index("ack")), 3)
    state = view.save_columns()
    view.reset_columns()
    assert not view.isColumnHidden(COLUMNS.index("text"))
    assert view.restore_columns(state)
    assert view.isColumnHidden(COLUMNS.index("text"))
    assert header.visualIndex(COLUMNS.index("ack")) == 3
    # The frozen columns cannot be moved away from the left edge.
    header.moveSection(header.visualIndex(COLUMNS.index("priority")), 6)
    assert [header.logicalIndex(v) for v in range(3)] == [COLUMNS.index(c) for c in ("priority", "state", "time")]


# -- returned alarms apart, and the filter bar ------------------------------------------
@pytest.fixture
def returned_section(qtbot):
    from widgets.returned_section import ReturnedSection

    clock = ManualClock(1_750_000_000.0)
    book = AlarmBook(clock, "st", handling_required_up_to=2)
    book.test_clock = clock  # type: ignore[attr-defined]
    holder = QWidget()
    section = ReturnedSection(AlarmFeed(book), _registry(), holder)
    qtbot.addWidget(holder)
    holder.show()
    yield book, section
    holder.close()


def _to_await_clear(book, point: str, priority: int, handled: bool) -> str:
    from console.domain.alarms import HandlingCategory

    raise_(book, ENT_A, point, priority)
    key = next(a.key for a in book.alarms() if a.point == point)
    book.complete_ack(book.begin_ack(key, "op"))
    if handled:
        book.apply_handling(book.prepare_handling(key, HandlingCategory.FALSE_ALARM, "误报，已核实", "op"))
    book.clear_alarm(key)
    return key


def test_returned_alarms_are_apart_and_cleared_together(returned_section, qtbot):
    book, section = returned_section
    assert section.isHidden()  # nothing waits: no section
    handled = [_to_await_clear(book, f"GT-{i}", 1, handled=True) for i in (1, 2)]
    _to_await_clear(book, "GT-3", 2, handled=False)
    section.model.flush()
    assert section.isVisible() and section.view.isHidden()  # collapsed by default, with its count
    assert "3" in section.toggle.text()
    section.toggle.click()
    assert section.view.isVisible()
    section.clear_all.click()
    assert section.confirm.isVisible() and "2" in section.confirm.question.text()
    with qtbot.waitSignal(section.clear_requested) as asked:
        section.confirm.yes.click()
    assert sorted(asked.args[0]) == sorted(handled)


def test_filter_bar_builds_the_filter(qtbot):
    from widgets.alarm_filter_bar import AlarmFilterBar

    bar = AlarmFilterBar(_registry())
    qtbot.addWidget(bar)
    with qtbot.waitSignal(bar.filter_changed) as changed:
        bar.show_enterprise(ENT_B)
    assert changed.args[0].enterprises == frozenset({ENT_B})
    assert bar.area.isEnabled() and bar.area.findData("反应区") > 0
    with qtbot.waitSignal(bar.filter_changed, timeout=2_000) as typed:
        bar.search.setText("TT-1")
    assert typed.args[0].text == "TT-1"
    bar.priority.setCurrentIndex(bar.priority.findData(Priority.CRITICAL))
    bar.overdue.setChecked(True)
    flt = bar.current()
    assert flt.priorities == frozenset({Priority.CRITICAL}) and flt.overdue_only
    bar.show_counts(3, 10)
    assert "3" in bar.summary.text() and "10" in bar.summary.text()
    with qtbot.waitSignal(bar.filter_changed) as reset:
        bar.clear_button.click()
    assert reset.args[0] == AlarmFilter()


def test_a_pointer_left_lying_on_the_list_does_not_keep_alarms_out(listing, qtbot):
    book, model, view = listing
    raise_(book, ENT_A, "GT-1", 3)
    flush(model)
    view._idle.setInterval(50)  # the operator's pointer rests (HOLD_IDLE_MS in the program)
    _enter(view.viewport())
    raise_(book, ENT_B, "TT-1", 1)
    assert model.held and model.alarm_at(0).point == "GT-1"
    qtbot.waitUntil(lambda: not model.held, timeout=2_000)
    assert model.alarm_at(0).point == "TT-1" and not view.notice.isVisible()


def test_space_lets_go_of_a_held_list(qtbot, make_settings, publisher):
    """Alarms that arrived while the pointer held the list are in the operator's view for Space."""
    import json
    import time as wall

    from tests.helpers.console import RunningConsole

    running = RunningConsole(qtbot, make_settings())
    try:
        window = running.window
        running.sign_in()
        _enter(window.view.viewport())
        publisher.publish(f"dc/v1/{ENT_A}/alarms/GT-1", json.dumps({"v": 1, "ts": int(wall.time() * 1000), "condition": "H",
                                                                    "state": "raised", "priority": 1}))
        qtbot.waitUntil(lambda: len(running.core.book) == 1, timeout=10_000)
        assert window.model.rowCount() == 0 and window.model.held
        with qtbot.waitSignal(running.core.desk.ack_confirmed, timeout=10_000):
            window.acknowledge_current()
        assert window.feedback.text().startswith("Acknowledged GT-1") and not window.model.held
    finally:
        running.close()


def test_header_sorting_and_back_to_priority_order(listing):
    book, model, view = listing
    raise_(book, ENT_B, "TT-1", 1)
    raise_(book, ENT_A, "GT-2", 3)
    raise_(book, ENT_A, "GT-1", 2)
    flush(model)
    assert [model.alarm_at(r).point for r in range(3)] == ["TT-1", "GT-1", "GT-2"]
    view.sort_by_section(COLUMNS.index("point"))
    assert [model.alarm_at(r).point for r in range(3)] == ["GT-1", "GT-2", "TT-1"]
    assert view.horizontalHeader().isSortIndicatorShown()
    view.sort_by_section(COLUMNS.index("point"))  # again: the other way round
    assert [model.alarm_at(r).point for r in range(3)] == ["TT-1", "GT-2", "GT-1"]
    raise_(book, ENT_A, "GT-3", 4)  # a new one slots in by the chosen column
    flush(model)
    assert [model.alarm_at(r).point for r in range(4)] == ["TT-1", "GT-3", "GT-2", "GT-1"]
    assert next_to_acknowledge(book.alarms()).point == "TT-1"  # Space still takes the standard first
    view.sort_by_section(COLUMNS.index("priority"))
    assert [model.alarm_at(r).point for r in range(4)] == ["TT-1", "GT-1", "GT-2", "GT-3"]
    assert not view.horizontalHeader().isSortIndicatorShown()


def test_an_alarm_delivered_late_is_marked_in_the_list(listing):
    book, model, _view = listing
    raise_(book, ENT_A, "GT-1", 2)
    late = book.test_clock.now() - 600
    book.raise_alarm(AlarmRaise(ENT_A, "GT-2", "H", Priority.HIGH, late, late=True))
    flush(model)
    states = {model.alarm_at(r).point: model.index(r, COLUMNS.index("state")).data() for r in range(model.rowCount())}
    assert states["GT-2"].endswith(" · delivered late") and "late" not in states["GT-1"]
    assert model.alarm_at(next(r for r in range(2) if model.alarm_at(r).point == "GT-2")).raised_at == late


def test_the_gap_alarm_names_the_gap_in_local_time(listing):
    from PySide6.QtCore import QDateTime

    from console.domain.system_alarms import SystemAlarms

    book, model, _view = listing
    now = book.test_clock.now()
    SystemAlarms(book, book.test_clock.now).alarms_may_be_missed(now - 12.5, now)
    flush(model)
    row = next(r for r in range(model.rowCount()) if model.alarm_at(r).is_system)
    assert model.index(row, COLUMNS.index("name")).data() == "Alarms may have been missed"
    local = [QDateTime.fromMSecsSinceEpoch(int(round(t, 3) * 1000)).toString("yyyy-MM-dd HH:mm:ss") for t in (now - 12.5, now)]
    assert model.index(row, COLUMNS.index("text")).data().startswith(f"Alarms may have been missed from {local[0]} to {local[1]}")


def test_an_idle_list_with_nothing_to_flash_runs_no_flash_timer(listing, qtbot):
    """The flash timer wakes the console twice a second only while an indicator can flash."""
    book, model, _view = listing
    assert model.rowCount() == 0 and not model.flashing  # nothing shown: nothing wakes up
    raise_(book, ENT_A, "GT-1", 1)
    flush(model)
    assert model.flashing  # an unacknowledged alarm flashes
    key = model.alarm_at(0).key
    book.complete_ack(book.begin_ack(key, "op"))
    flush(model)
    assert model.rowCount() == 1 and not model.flashing  # acknowledged, still shown: steady
    assert model.flash_on  # … and its indicator lit, not stopped half-way in its dark phase
