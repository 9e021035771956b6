"""console/infrastructure/background.py: answers on the GUI thread, errors once, cancel, progress."""

from __future__ import annotations

import logging
import threading

import pytest
from PySide6.QtCore import QThread

from console.infrastructure.background import Background, Operation
from console.infrastructure.mailbox import Dispatcher


@pytest.fixture
def background(qtbot):
    dispatcher = Dispatcher()
    runner = Background(dispatcher.run_on_main, progress_every_s=0.0)
    yield runner
    runner.close()


def test_the_result_is_delivered_on_the_gui_thread(background, qtbot):
    gui = QThread.currentThread()
    seen: dict = {}

    def work(op: Operation) -> int:
        seen["worker"] = QThread.currentThread()
        return 42

    def done(result: int) -> None:
        seen["thread"] = QThread.currentThread()
        seen["result"] = result

    background.run(work, done, name="answer")
    qtbot.waitUntil(lambda: "result" in seen, timeout=5000)
    assert seen["result"] == 42
    assert seen["thread"] is gui and seen["worker"] is not gui


def test_an_error_is_delivered_on_the_gui_thread_and_logged_once(background, qtbot, caplog):
    gui = QThread.currentThread()
    errors: list = []

    def work(op: Operation) -> None:
        raise ValueError("the sheet is broken")

    with caplog.at_level(logging.ERROR, logger="console.infrastructure.background"):
        background.run(work, lambda _r: errors.append("done"),
                       lambda exc: errors.append((exc, QThread.currentThread())), name="broken")
        qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    (exc, thread), = errors
    assert isinstance(exc, ValueError) and str(exc) == "the sheet is broken" and thread is gui
    logged = [r for r in caplog.records if r.name == "console.infrastructure.background"]
    assert len(logged) == 1 and "broken" in logged[0].getMessage()
    assert logged[0].exc_info is not None and logged[0].exc_info[1] is exc


def test_a_cancelled_operation_delivers_nothing(background, qtbot):
    started, release = threading.Event(), threading.Event()
    delivered: list = []

    def work(op: Operation) -> str:
        started.set()
        release.wait(5)
        return "late"

    def stops(op: Operation) -> str:
        while True:
            op.check()  # raises Cancelled once cancelled
            release.wait(0.01)

    op = background.run(work, delivered.append, delivered.append, delivered.append, name="finishes")
    polling = background.run(stops, delivered.append, delivered.append, name="polls")
    assert started.wait(5)
    op.cancel()
    polling.cancel()
    release.set()
    assert op.wait(5) and polling.wait(5)
    # A marker sent after them through the same dispatcher arrives after anything they sent.
    marker = background.run(lambda _op: "marker", delivered.append, name="marker")
    qtbot.waitUntil(lambda: "marker" in delivered, timeout=5000)
    assert marker.finished and delivered == ["marker"]
    assert background.running() == 0


def test_progress_is_delivered_on_the_gui_thread_before_the_result(background, qtbot):
    gui = QThread.currentThread()
    seen: list = []

    def work(op: Operation) -> str:
        for n in range(1, 5):
            op.progress(n / 4, f"step {n}")
        return "done"

    background.run(work, lambda r: seen.append(("done", r, QThread.currentThread() is gui)),
                   on_progress=lambda f, what: seen.append((f, what, QThread.currentThread() is gui)), name="steps")
    qtbot.waitUntil(lambda: bool(seen) and seen[-1][0] == "done", timeout=5000)
    assert seen == [(0.25, "step 1", True), (0.5, "step 2", True), (0.75, "step 3", True), (1.0, "step 4", True),
                    ("done", "done", True)]


def test_progress_is_rate_limited_but_the_end_is_always_reported(qtbot):
    dispatcher = Dispatcher()
    runner = Background(dispatcher.run_on_main, progress_every_s=3600)
    seen: list = []

    def work(op: Operation) -> None:
        for n in range(1, 1001):
            op.progress(n / 1000)

    runner.run(work, lambda _r: seen.append("done"), on_progress=lambda f, _w: seen.append(f), name="many")
    qtbot.waitUntil(lambda: "done" in seen, timeout=5000)
    assert seen == [0.001, 1.0, "done"]
    runner.close()


def test_many_operations_at_once_keep_their_own_results(background, qtbot):
    gate = threading.Barrier(20, timeout=5)
    results: dict[int, object] = {}

    def work(n: int):
        def body(op: Operation) -> int:
            gate.wait()  # all twenty run at the same time
            if n % 5 == 0:
                raise RuntimeError(f"failure {n}")
            return n * n
        return body

    for n in range(20):
        background.run(work(n), lambda r, n=n: results.__setitem__(n, r), lambda e, n=n: results.__setitem__(n, str(e)),
                       name=f"op-{n}")
    qtbot.waitUntil(lambda: len(results) == 20, timeout=10_000)
    assert results == {n: (f"failure {n}" if n % 5 == 0 else n * n) for n in range(20)}


def test_close_cancels_what_runs_and_refuses_new_work(qtbot):
    dispatcher = Dispatcher()
    runner = Background(dispatcher.run_on_main)
    started = threading.Event()
    delivered: list = []

    def work(op: Operation) -> str:
        started.set()
        while not op.cancelled:
            started.wait(0.01)
        return "after close"

    op = runner.run(work, delivered.append, name="long")
    assert started.wait(5)
    runner.close(timeout=5)
    assert op.finished and runner.running() == 0
    with pytest.raises(RuntimeError):
        runner.run(lambda _op: None)
