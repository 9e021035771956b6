"""What a flood costs the GUI thread (issue 16): new alarms go into the list as a few blocks of
rows, not one insert (or a re-sort of the whole list) per alarm; the first-out marks follow a
batch without a walk over the list; the GUI's receivers of alarm changes are called plainly;
escalation deadlines come out of a heap instead of a walk over the book every second.
These are counts, not timings: they hold on a loaded machine."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QObject

from console.domain.alarm_order import list_key
from console.domain.alarms import AlarmBook, AlarmChange, AlarmRaise, Priority
from console.domain.clock import ManualClock
from console.domain.plant import PlantRegistry
from console.services.alarm_feed import AlarmFeed
from tests.helpers.escalation import escalator_rig
from widgets.alarm_model import FIRST_OUT_ROLE, MAX_INSERT_BLOCKS, AlarmTableModel

ENTERPRISES = [f"91350200MA2FLOOD{i:02d}" for i in range(4)]


def _registry() -> PlantRegistry:
    return PlantRegistry.from_dict({"enterprises": [
        {"code": code, "name": f"企业 {n}", "points": [{"code": f"P-{i:05d}", "name": f"点 {i}", "area": f"区 {i % 2}", "h": 1.0}
                                                     for i in range(3000)]}
        for n, code in enumerate(ENTERPRISES)]})


@pytest.fixture
def flood(qtbot):
    clock = ManualClock(1_750_000_000.0)
    book = AlarmBook(clock, "st")
    feed = AlarmFeed(book)
    model = AlarmTableModel(feed, _registry())
    signals = {"inserted": 0, "reset": 0}
    model.rowsInserted.connect(lambda *_: signals.__setitem__("inserted", signals["inserted"] + 1))
    model.modelReset.connect(lambda: signals.__setitem__("reset", signals["reset"] + 1))
    yield clock, book, model, signals
    model.deleteLater()


def _raise(clock: ManualClock, book: AlarmBook, i: int, at: float | None = None) -> None:
    clock.advance(0.001)
    book.raise_alarm(AlarmRaise(ENTERPRISES[i % 4], f"P-{i:05d}", "H", Priority(2 + i % 3), at if at is not None else clock.now()))


def _in_order(model: AlarmTableModel) -> bool:
    keys = [list_key(a) for a in model.alarms()]
    return keys == sorted(keys)


def test_a_batch_of_new_alarms_is_inserted_as_one_block_per_priority_without_a_reset(flood):
    clock, book, model, signals = flood
    for i in range(1500):
        _raise(clock, book, i)
    model.flush()
    assert model.rowCount() == 1500 and _in_order(model)
    signals.update(inserted=0, reset=0)

    for i in range(1500, 2100):  # the next batch of a flood: 600 alarms, three priorities
        _raise(clock, book, i)
    model.flush()
    assert model.rowCount() == 2100 and _in_order(model)
    assert signals == {"inserted": 3, "reset": 0}  # one beginInsertRows per place they land, no re-sort
    assert [model.row_of(a.key) for a in model.alarms()] == list(range(2100))


def test_new_alarms_scattered_over_many_places_resort_the_list_once(flood):
    clock, book, model, signals = flood
    base = clock.now() - 1000
    for i in range(0, 400, 2):
        _raise(clock, book, i, at=base + i)
    model.flush()
    signals.update(inserted=0, reset=0)
    for i in range(1, 400, 2):  # each lands between two shown ones: hundreds of places
        _raise(clock, book, i, at=base + i)
    model.flush()
    assert signals == {"inserted": 0, "reset": 1}
    assert model.rowCount() == 400 and _in_order(model)
    assert MAX_INSERT_BLOCKS < 200


def test_first_out_follows_each_batch_also_an_earlier_alarm_delivered_late(flood):
    clock, book, model, _signals = flood
    for i in range(200):
        _raise(clock, book, i)
    model.flush()
    model.set_grouped(True)

    def marked() -> set[str]:
        return {model.alarm_at(r).point for r in range(model.rowCount()) if model.index(r, 0).data(FIRST_OUT_ROLE)}

    first = {"P-00000", "P-00001", "P-00002", "P-00003"}  # one group (enterprise and area) each
    assert marked() == first
    for i in range(200, 400):
        _raise(clock, book, i)
    model.flush()
    assert marked() == first
    _raise(clock, book, 1000, at=1_700_000_000.0)  # enterprise 0, area 0, far earlier than the rest
    model.flush()
    assert marked() == (first - {"P-00000"}) | {"P-01000"}
    ack = book.begin_ack(f"{ENTERPRISES[0]}/P-01000/H", "zhangwei")  # a change to the marked one: all looked at again
    assert ack is not None
    book.complete_ack(ack)
    model.flush()
    assert "P-01000" in marked()


class Listener(QObject):
    def __init__(self, feed: AlarmFeed, fail: bool = False) -> None:
        super().__init__()
        self.heard: list[AlarmChange] = []
        self.fail = fail
        feed.listen(self.hear)

    def hear(self, change: AlarmChange) -> None:
        if self.fail:
            raise RuntimeError("a listener's bug")
        self.heard.append(change)


def test_feed_listeners_are_called_in_turn_a_failing_one_costs_the_others_nothing_a_deleted_one_is_dropped(qtbot):
    clock = ManualClock(1_750_000_000.0)
    book = AlarmBook(clock, "st")
    feed = AlarmFeed(book)
    failing, kept, gone = Listener(feed, fail=True), Listener(feed), Listener(feed)
    emitted: list[AlarmChange] = []
    feed.changed.connect(emitted.append)
    _raise(clock, book, 1)
    assert len(kept.heard) == len(gone.heard) == len(emitted) == 1 and feed.failures.total == 1
    with qtbot.waitSignal(gone.destroyed):
        gone.deleteLater()
    _raise(clock, book, 2)
    assert len(kept.heard) == 2 and len(emitted) == 2
    assert len(feed._listeners) == 2  # the deleted one is no longer called
    failing.deleteLater()
    kept.deleteLater()


def test_escalation_finds_the_alarms_due_without_a_walk_over_the_book(qtbot):
    clock = ManualClock(1_750_000_000.0)
    book = AlarmBook(clock, "st")
    rig = escalator_rig(book, clock, "st", "60,120,300,600")
    escalator, published = rig.escalator, rig.published
    try:
        for i in range(2000):
            _raise(clock, book, i)  # priorities 2-4: due after 120, 300 and 600 s
        assert escalator.pending_deadlines() == 2000

        def walked() -> list:
            raise AssertionError("the check walked every alarm in the book")

        book.unordered = walked  # type: ignore[method-assign]
        clock.advance(100)
        escalator.check()
        assert published == []
        clock.advance(30)  # the priority-2 alarms (every third) are past 120 s
        escalator.check()
        assert len(published) == 667
        assert escalator.pending_deadlines() == 2000 - 667
        escalator.check()
        assert len(published) == 667  # escalated once
        book.unordered = AlarmBook.unordered.__get__(book)  # type: ignore[method-assign]
    finally:
        rig.close()
