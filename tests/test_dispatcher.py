"""The one hand-over to the GUI thread: a callback that raises is logged once, with its
traceback and its name, and the callbacks queued behind it still run."""

from __future__ import annotations

import logging
import threading
import time

from console.infrastructure.mailbox import CHUNK, Dispatcher, Mailbox, next_chunk


def test_a_failing_callback_costs_no_other_callback(qtbot, caplog):
    caplog.set_level(logging.ERROR, logger="console.infrastructure.mailbox")
    dispatcher = Dispatcher()
    ran: list[str] = []

    def first() -> None:
        ran.append("first")

    def broken_refresh() -> None:
        raise ValueError("boom in the middle")

    def third() -> None:
        ran.append("third")

    def produce() -> None:  # from a foreign thread, as the workers do: one chunk of three
        for fn in (first, broken_refresh, third):
            dispatcher.run_on_main(fn)

    worker = threading.Thread(target=produce)
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: len(ran) == 2, timeout=5000)
    assert ran == ["first", "third"]
    records = [r for r in caplog.records if r.name == "console.infrastructure.mailbox"]
    assert len(records) == 1, [r.getMessage() for r in records]
    assert records[0].exc_info is not None and records[0].exc_info[0] is ValueError
    assert "broken_refresh" in records[0].getMessage()


def test_the_same_failure_again_is_counted_not_logged_again(qtbot, caplog):
    caplog.set_level(logging.ERROR, logger="console.infrastructure.mailbox")
    dispatcher = Dispatcher()
    ran: list[int] = []

    def broken() -> None:
        raise KeyError("gone")

    for i in range(50):
        dispatcher.run_on_main(broken)
        dispatcher.run_on_main(ran.append, i)
    qtbot.waitUntil(lambda: len(ran) == 50, timeout=5000)
    records = [r for r in caplog.records if r.name == "console.infrastructure.mailbox"]
    with_traceback = [r for r in records if r.exc_info]
    assert len(with_traceback) == 1
    assert len(records) <= 3  # the first with its traceback, then a count at 10 and at 50 at most
    assert dispatcher.failures.total == 50


def test_costly_items_are_handed_over_in_small_chunks():
    """The mailbox sizes each handler call from the last one: cheap readings in large chunks,
    costly alarms (a flood on a busy machine) few at a time, so the window is never held long."""
    assert next_chunk(128, 0.0005) == CHUNK  # 4 us an item: the largest chunk
    assert next_chunk(128, 0.128) == 5  # 1 ms an item: about CHUNK_SHARE_S worth
    assert next_chunk(1, 0.3) == 1  # one item took 300 ms: one at a time, never none
    assert next_chunk(64, 0.0) == CHUNK


def test_a_slow_handler_gets_one_item_at_a_time(qtbot):
    calls: list[int] = []

    def slow(items: list) -> None:
        calls.append(len(items))
        deadline = time.monotonic() + 0.02  # 20 ms an item: well above CHUNK_SHARE_S on any machine
        while time.monotonic() < deadline:
            pass

    box = Mailbox(slow)
    for i in range(10):
        box.put(i)
    qtbot.waitUntil(lambda: sum(calls) == 10, timeout=10_000)
    assert calls == [1] * 10  # the first call (at once, on this thread) set the pace: then one by one, not nine at once
    box.deleteLater()
