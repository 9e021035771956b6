"""The enterprise overview: per-enterprise summaries from the real alarm book and feed, and the tile
grid that shows them (offscreen), with the demo plant and a generated plant of 500 enterprises."""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import Qt

from console.domain.alarms import AlarmBook, AlarmRaise, Priority
from console.domain.clock import ManualClock
from console.domain.enterprise_tally import common_prefix, short_name
from console.domain.plant import PlantRegistry
from console.domain.protocol import DeviceStatus
from console.domain.system_alarms import SystemAlarms
from console.services.alarm_feed import AlarmFeed
from console.services.enterprise_overview import EnterpriseOverview
from console.simulator.plantgen import build_demo_plant
from widgets.overview import EnterpriseOverviewPanel
from widgets.overview.model import CODE_ROLE, STATUS_ROLE


class Desk:
    """A real alarm book and feed over a plant, with the overview service on them."""

    def __init__(self, registry: PlantRegistry) -> None:
        self.registry = registry
        self.clock = ManualClock()
        self.book = AlarmBook(self.clock, station="ws-1")
        self.feed = AlarmFeed(self.book)
        self.overview = EnterpriseOverview(self.feed, registry)

    def raise_(self, enterprise: str, point: str, condition: str, priority: Priority) -> str:
        self.clock.advance(1)
        change = self.book.raise_alarm(AlarmRaise(enterprise, point, condition, priority, self.clock.now()))
        assert change is not None
        return change.alarm.key

    def ack(self, key: str) -> None:
        ack = self.book.begin_ack(key, "zhangwei")
        assert ack is not None
        self.book.complete_ack(ack)

    def clear(self, key: str) -> None:
        self.clock.advance(1)
        self.book.clear_alarm(key)


@pytest.fixture(scope="module")
def demo_plant() -> PlantRegistry:
    return build_demo_plant()


@pytest.fixture
def desk(demo_plant: PlantRegistry) -> Desk:
    return Desk(demo_plant)


def points(registry: PlantRegistry, code: str) -> list[str]:
    ent = registry.enterprise(code)
    assert ent is not None
    return list(ent.points)


def wait_refresh(qtbot, desk: Desk) -> frozenset[str]:
    with qtbot.waitSignal(desk.overview.changed, timeout=3000) as blocker:
        pass
    return blocker.args[0]


def show(qtbot, desk: Desk) -> EnterpriseOverviewPanel:
    panel = EnterpriseOverviewPanel(desk.overview)
    qtbot.addWidget(panel)
    panel.resize(400, 700)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def tile(panel: EnterpriseOverviewPanel, code: str):
    for row in range(panel.search_model.rowCount()):
        index = panel.search_model.index(row, 0)
        if index.data(CODE_ROLE) == code:
            return index
    raise AssertionError(f"no tile for {code!r}")


# -- names ------------------------------------------------------------------------------
def test_short_names_drop_the_legal_form_and_the_place():
    assert short_name("厦门湖里泓晟气体有限公司", "厦门") == "湖里泓晟气体"
    assert short_name("福建省厦门市鹭嘉化工股份有限公司") == "鹭嘉化工"
    assert short_name("泉州市泉港区石化有限责任公司") == "石化"
    assert short_name("有限公司") == "有限公司"  # nothing would be left: kept whole
    assert short_name("ACME Chemicals") == "ACME Chemicals"
    assert common_prefix(["厦门湖里泓晟气体有限公司", "厦门海沧恒澜气体有限公司"]) == "厦门"
    assert common_prefix(["厦门湖里泓晟气体有限公司"]) == ""


def test_every_demo_enterprise_has_a_tile_with_a_short_name(qtbot, desk: Desk, demo_plant: PlantRegistry):
    panel = show(qtbot, desk)
    assert panel.visible_enterprises() == 20
    for ent in demo_plant.enterprises():
        index = tile(panel, ent.code)
        assert index.data(Qt.ItemDataRole.DisplayRole) == short_name(ent.name, "厦门")
        assert ent.name in index.data(Qt.ItemDataRole.ToolTipRole)
        assert ent.code in index.data(Qt.ItemDataRole.ToolTipRole)


# -- figures --------------------------------------------------------------------------------
def test_alarms_of_each_priority_set_the_worst_and_the_count_of_their_own_tile(qtbot, desk: Desk, demo_plant: PlantRegistry):
    panel = show(qtbot, desk)
    first, second = (e.code for e in demo_plant.enterprises()[:2])
    p = points(demo_plant, first)
    desk.raise_(first, p[0], "L", Priority.MEDIUM)
    assert wait_refresh(qtbot, desk) == {first}
    status = tile(panel, first).data(STATUS_ROLE)
    assert (status.worst, status.unacknowledged, status.active) == (Priority.MEDIUM, 1, 1)

    desk.raise_(first, p[1], "HH", Priority.CRITICAL)
    desk.raise_(first, p[2], "SUSPECT", Priority.LOW)
    assert wait_refresh(qtbot, desk) == {first}
    status = tile(panel, first).data(STATUS_ROLE)
    assert (status.worst, status.unacknowledged, status.by_priority) == (Priority.CRITICAL, 3, (1, 0, 1, 1))
    other = tile(panel, second).data(STATUS_ROLE)
    assert (other.worst, other.unacknowledged, other.abnormal) == (None, 0, False)
    total = tile(panel, "").data(STATUS_ROLE)
    assert (total.worst, total.unacknowledged) == (Priority.CRITICAL, 3)


def test_acknowledging_lowers_the_unacknowledged_count(qtbot, desk: Desk, demo_plant: PlantRegistry):
    code = demo_plant.enterprises()[3].code
    p = points(demo_plant, code)
    keys = [desk.raise_(code, p[0], "H", Priority.HIGH), desk.raise_(code, p[1], "H", Priority.HIGH)]
    wait_refresh(qtbot, desk)
    desk.ack(keys[0])
    assert wait_refresh(qtbot, desk) == {code}
    status = desk.overview.status(code)
    assert status is not None
    assert (status.worst, status.unacknowledged, status.active) == (Priority.HIGH, 1, 2)


def test_a_cleared_alarm_returns_the_tile_to_grey(qtbot, desk: Desk, demo_plant: PlantRegistry):
    code = demo_plant.enterprises()[5].code
    p = points(demo_plant, code)
    acked = desk.raise_(code, p[0], "HH", Priority.CRITICAL)
    desk.ack(acked)
    unacked = desk.raise_(code, p[1], "H", Priority.HIGH)
    wait_refresh(qtbot, desk)
    desk.clear(acked)  # acknowledged and back to normal: it leaves the list
    wait_refresh(qtbot, desk)
    status = desk.overview.status(code)
    assert status is not None and (status.worst, status.unacknowledged) == (Priority.HIGH, 1)

    desk.clear(unacked)  # back to normal but unacknowledged: no longer active, still to acknowledge
    wait_refresh(qtbot, desk)
    status = desk.overview.status(code)
    assert status is not None and (status.worst, status.unacknowledged) == (None, 1)
    desk.ack(unacked)
    wait_refresh(qtbot, desk)
    status = desk.overview.status(code)
    assert status is not None and not status.abnormal and status.worst is None


def test_repeats_of_an_alarm_change_no_tile(qtbot, desk: Desk, demo_plant: PlantRegistry):
    code = demo_plant.enterprises()[0].code
    point = points(demo_plant, code)[0]
    desk.raise_(code, point, "HH", Priority.CRITICAL)
    wait_refresh(qtbot, desk)
    before = desk.overview.announcements
    for _ in range(50):
        desk.raise_(code, point, "HH", Priority.CRITICAL)  # repeated: de-duplicated by the book
    desk.ack(desk.book.alarms()[0].key)
    assert wait_refresh(qtbot, desk) == {code}
    assert desk.overview.announcements == before + 1


# -- communication ------------------------------------------------------------------------
def test_communication_loss_marks_the_enterprise(qtbot, desk: Desk, demo_plant: PlantRegistry):
    panel = show(qtbot, desk)
    ent = demo_plant.enterprises()[2]
    camera = next(iter(ent.cameras))
    gateway = desk.raise_(ent.code, "GW-01", "COMM", Priority.MEDIUM)
    desk.raise_(ent.code, camera, "COMM", Priority.MEDIUM)  # as the video health check raises it
    desk.overview.on_device_status(DeviceStatus(ent.code, points(demo_plant, ent.code)[0], "offline", desk.clock.now()))
    assert wait_refresh(qtbot, desk) == {ent.code}
    status = tile(panel, ent.code).data(STATUS_ROLE)
    assert (status.links_lost, status.cameras_lost, status.cameras) == (2, 1, len(ent.cameras))
    assert "Comm. lost: 2" in tile(panel, ent.code).data(Qt.ItemDataRole.AccessibleTextRole)

    desk.clear(gateway)
    desk.overview.on_device_status(DeviceStatus(ent.code, points(demo_plant, ent.code)[0], "online", desk.clock.now()))
    wait_refresh(qtbot, desk)
    status = desk.overview.status(ent.code)
    assert status is not None and (status.links_lost, status.cameras_lost) == (0, 1)


def test_losing_the_alarm_server_says_the_figures_may_be_stale(qtbot, desk: Desk):
    panel = show(qtbot, desk)
    assert panel.stale.isHidden()
    system = SystemAlarms(desk.book, desk.clock.now)
    with qtbot.waitSignal(desk.overview.server_link_changed) as lost:
        system.broker_lost("connection refused")
    assert lost.args == [True] and panel.stale.isVisible()
    with qtbot.waitSignal(desk.overview.server_link_changed) as back:
        desk.book.clear_alarm(desk.book.alarms()[0].key)  # back to normal (not acknowledged yet)
    assert back.args == [False] and panel.stale.isHidden()
    assert desk.overview.total().unacknowledged == 0  # the console's own alarms are no enterprise's


def test_an_overview_started_while_the_server_is_lost_says_so(qtbot, demo_plant: PlantRegistry):
    clock = ManualClock()
    book = AlarmBook(clock, station="ws-1")
    SystemAlarms(book, clock.now).broker_lost("connection refused")
    overview = EnterpriseOverview(AlarmFeed(book), demo_plant)
    assert overview.server_link_lost and overview.codes() == [e.code for e in demo_plant.enterprises()]
    assert overview.total().unacknowledged == 0


def test_an_enterprise_outside_the_plant_gets_a_tile(qtbot):
    desk = Desk(PlantRegistry())  # no plant configured: every code is accepted
    panel = show(qtbot, desk)
    assert panel.visible_enterprises() == 0
    desk.raise_("91350200MA2XYZ0001", "GT-101", "HH", Priority.CRITICAL)
    wait_refresh(qtbot, desk)
    assert panel.visible_enterprises() == 1
    assert tile(panel, "91350200MA2XYZ0001").data(STATUS_ROLE).worst is Priority.CRITICAL


def test_a_changed_plant_is_shown_whole_again(qtbot, demo_plant: PlantRegistry):
    registry = PlantRegistry({e.code: e for e in demo_plant.enterprises()})
    desk = Desk(registry)
    panel = show(qtbot, desk)
    registry.replace_contents(PlantRegistry({e.code: e for e in demo_plant.enterprises()[:3]}))  # as the plant editor does
    with qtbot.waitSignal(desk.overview.reset):
        desk.overview.reload_plant()
    assert panel.visible_enterprises() == 3


# -- choosing and finding ---------------------------------------------------------------------
def click(qtbot, panel: EnterpriseOverviewPanel, code: str) -> None:
    index = tile(panel, code)
    panel.view.scrollTo(index)
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=panel.view.visualRect(index).center())


def test_clicking_a_tile_asks_for_its_alarms_and_clicking_again_for_all(qtbot, desk: Desk, demo_plant: PlantRegistry):
    panel = show(qtbot, desk)
    first, other = (e.code for e in demo_plant.enterprises()[4:6])
    with qtbot.waitSignal(panel.filter_requested) as chosen:
        click(qtbot, panel, first)
    assert chosen.args == [first] and panel.chosen() == first
    with qtbot.waitSignal(panel.filter_requested) as again:
        click(qtbot, panel, first)
    assert again.args == [""] and panel.chosen() == ""
    with qtbot.waitSignal(panel.filter_requested) as moved:
        click(qtbot, panel, other)
    assert moved.args == [other]
    with qtbot.waitSignal(panel.filter_requested) as everything:
        click(qtbot, panel, "")  # the "all enterprises" tile
    assert everything.args == [""] and panel.chosen() == ""


def test_the_tiles_answer_the_keyboard(qtbot, desk: Desk, demo_plant: PlantRegistry):
    panel = show(qtbot, desk)
    panel.view.setFocus()
    panel.view.setCurrentIndex(tile(panel, ""))
    qtbot.keyClick(panel.view, Qt.Key.Key_Right)
    with qtbot.waitSignal(panel.filter_requested) as chosen:
        qtbot.keyClick(panel.view, Qt.Key.Key_Space)
    assert chosen.args == [demo_plant.enterprises()[0].code]


def test_the_search_box_finds_an_enterprise_by_name_or_code(qtbot, desk: Desk, demo_plant: PlantRegistry):
    panel = show(qtbot, desk)
    ent = demo_plant.enterprises()[7]
    qtbot.keyClicks(panel.search, ent.code[-6:].lower())
    assert panel.visible_enterprises() == 1 and tile(panel, ent.code).isValid()
    panel.search.clear()
    assert panel.visible_enterprises() == 20
    brand = short_name(ent.name, "厦门")[2:4]
    panel.search.setText(brand)  # typed through an input method: QTest types no Chinese
    assert ent.code in {panel.search_model.index(r, 0).data(CODE_ROLE) for r in range(panel.search_model.rowCount())}
    qtbot.keyClick(panel.search, Qt.Key.Key_Return)  # on to the first tile found, ready for Space
    with qtbot.waitSignal(panel.filter_requested) as chosen:
        qtbot.keyClick(panel.view, Qt.Key.Key_Space)
    assert chosen.args[0] in {e.code for e in demo_plant.enterprises() if brand in e.name}
    panel.search.setText("no such enterprise")
    assert panel.visible_enterprises() == 0 and panel.no_match.isVisible()


# -- 500 enterprises ------------------------------------------------------------------------------
def big_plant(n: int = 500) -> PlantRegistry:
    rng = random.Random(7)
    enterprises = []
    for i in range(n):
        code = f"913502{i:06d}MA{rng.randrange(10**4):04d}"
        enterprises.append({
            "code": code,
            "name": f"厦门第{i + 1}号化工有限公司",
            "cameras": [{"code": f"CAM-{i:03d}-{j}", "name": f"{j}#摄像机"} for j in range(2)],
            "points": [{"code": f"GT-{i:03d}{j:02d}", "name": f"可燃气体{j}"} for j in range(8)],
        })
    return PlantRegistry.from_dict({"version": 1, "enterprises": enterprises})


def recount(desk: Desk) -> dict[str, tuple]:
    """The figures counted the plain way, from every alarm in the book."""
    out: dict[str, list] = {}
    for alarm in desk.book.unordered():
        if alarm.is_system:
            continue
        row = out.setdefault(alarm.enterprise, [[0, 0, 0, 0], 0, set(), set()])
        if alarm.in_main_list and alarm.state.active:
            row[0][int(alarm.priority) - 1] += 1
        if alarm.in_main_list and alarm.state.needs_ack:
            row[1] += 1
        if alarm.condition == "COMM" and alarm.state.active:
            camera = desk.registry.camera(alarm.enterprise, alarm.point)
            (row[3] if camera is not None else row[2]).add(alarm.point)
    return {code: (tuple(p), unack, len(links), len(cams)) for code, (p, unack, links, cams) in out.items()}


def test_a_flood_of_ten_thousand_changes_over_500_enterprises_costs_one_refresh(qtbot):
    desk = Desk(big_plant())
    panel = show(qtbot, desk)
    assert panel.visible_enterprises() == 500
    changes: list[object] = []
    desk.feed.changed.connect(changes.append)
    repaints: list[object] = []
    panel.model.dataChanged.connect(lambda *args: repaints.append(args))
    rng = random.Random(11)
    ents = desk.registry.enterprises()
    keys: list[str] = []
    while len(changes) < 10_000:
        ent = rng.choice(ents)
        roll = rng.random()
        if roll < 0.55 or not keys:
            point = rng.choice([*ent.points, *ent.cameras, "GW-1"])
            condition = "COMM" if point.startswith(("CAM", "GW")) else rng.choice(["HH", "H", "L", "SUSPECT"])
            keys.append(desk.raise_(ent.code, point, condition, rng.choice(list(Priority))))
        elif roll < 0.8:
            key = rng.choice(keys)
            ack = desk.book.begin_ack(key, "zhangwei")
            if ack is not None:
                desk.book.complete_ack(ack)
        else:
            desk.clear(rng.choice(keys))
    assert desk.overview.announcements == 0  # nothing announced while the flood is handled
    codes = wait_refresh(qtbot, desk)
    assert desk.overview.announcements == 1 and desk.overview.rebuilds == 1
    assert len(codes) > 400
    assert len(repaints) == 2  # the "all enterprises" tile, and one range for the rest

    expected = recount(desk)
    for ent in ents:
        status = desk.overview.status(ent.code)
        assert status is not None
        want = expected.get(ent.code, ((0, 0, 0, 0), 0, 0, 0))
        assert (status.by_priority, status.unacknowledged, status.links_lost, status.cameras_lost) == want, ent.code
    total = panel.model.status("")
    assert total is not None and total.unacknowledged == sum(v[1] for v in expected.values())
    assert panel.visible_enterprises() == 500
    assert not panel.grab().isNull()


def test_only_abnormal_tiles_carry_colour(qtbot, desk: Desk, demo_plant: PlantRegistry, tmp_path):
    """Rendered at 400×700: a quiet tile holds no priority colour; an alarmed one shows its
    priority's colour on its edge, not over the whole tile."""
    from widgets import priority as look

    panel = show(qtbot, desk)
    urgent, quiet = (e.code for e in demo_plant.enterprises()[:2])
    desk.raise_(urgent, points(demo_plant, urgent)[0], "HH", Priority.CRITICAL)
    wait_refresh(qtbot, desk)
    picture = panel.view.viewport().grab().toImage()
    picture.save(str(tmp_path / "overview.png"))
    colours = {c.rgb() for c in look.COLOURS.values()}

    def pixels(code: str) -> list[int]:
        rect = panel.view.visualRect(tile(panel, code))
        return [picture.pixel(x, y) for x in range(rect.left(), rect.right(), 2) for y in range(rect.top(), rect.bottom(), 2)]

    assert not colours & set(pixels(quiet))
    red = look.COLOURS[Priority.CRITICAL].rgb()
    alarmed = pixels(urgent)
    assert red in alarmed and alarmed.count(red) < len(alarmed) // 5


@pytest.mark.parametrize("width", [400, 900])
def test_the_tiles_flow_into_columns_that_fill_the_width(qtbot, desk: Desk, width: int):
    panel = show(qtbot, desk)
    panel.resize(width, 700)
    qtbot.waitUntil(lambda: panel.view.viewport().width() > width - 40)
    rects = [panel.view.visualRect(panel.search_model.index(row, 0)) for row in range(panel.search_model.rowCount())]
    columns = sum(1 for r in rects if r.top() == rects[0].top())
    assert columns >= (2 if width == 400 else 4)
    assert rects[columns].top() > rects[0].bottom()  # the next row starts below the first
    assert panel.view.viewport().width() - rects[columns - 1].right() < 12  # no column's worth left empty
    assert {r.size().toTuple() for r in rects} == {rects[0].size().toTuple()}
