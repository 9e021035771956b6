"""Regression guard: Qt objects in reference cycles are freed on the GUI thread, never on a worker.

Python collects cycles on whichever thread allocates when a threshold is passed. A QObject freed
on a worker cannot stop its running timer: the timer's next tick reaches freed memory and the
program dies with a segmentation fault inside Qt's event processing (seen once in eight runs of
the suite, after the video and trend tests). console/infrastructure/gui_thread_gc.py moves all
collection to the GUI thread. A crash of this kind kills the interpreter, so the scenario runs in
a subprocess and is judged by its exit status.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import sys
    import threading
    import weakref

    from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, QTimer

    from console.infrastructure import gui_thread_gc

    app = QCoreApplication([])
    collector = gui_thread_gc.install(app)
    assert gui_thread_gc.install(app) is collector

    class Ticking(QObject):
        # Owned by Python (no parent), a running timer, and a cycle: only the collector frees it.
        def __init__(self):
            super().__init__()
            self.timer = QTimer(self)
            self.timer.timeout.connect(self.tick)
            self.timer.start(5)
            self.me = self

        def tick(self):
            pass

    freed_on = []
    for _ in range(50):
        weakref.finalize(Ticking(), lambda: freed_on.append(threading.current_thread().name))

    def allocate():
        for _ in range(300_000):  # far past every threshold: Python would collect here
            cycle = []
            cycle.append(cycle)

    worker = threading.Thread(target=allocate, name="worker")
    worker.start()
    worker.join()

    def spin(ms):
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    for _ in range(40):  # the collector's tick frees them; a dangling timer would tick meanwhile
        spin(100)
        if len(freed_on) == 50:
            break
    spin(100)
    print("FREED", len(freed_on), sorted(set(freed_on)))
    sys.exit(0 if freed_on == ["MainThread"] * 50 else 1)
    """
)


def test_cycles_holding_qt_objects_are_freed_on_the_gui_thread():
    proc = subprocess.run([sys.executable, "-X", "faulthandler", "-c", SCRIPT], capture_output=True, text=True,
                          timeout=120, env=_env())
    assert proc.returncode == 0, f"exit status {proc.returncode}\n{proc.stdout}\n{proc.stderr[-3000:]}"
    assert "FREED 50 ['MainThread']" in proc.stdout


def _env() -> dict[str, str]:
    import os
    from pathlib import Path

    env = dict(os.environ)
    root = str(Path(__file__).resolve().parents[1])
    env["PYTHONPATH"] = root + os.pathsep + env.get("PYTHONPATH", "") if env.get("PYTHONPATH") else root
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return env


def test_a_full_collection_waits_until_the_oldest_generation_grew_by_a_quarter(qtbot):
    """As Python itself: a flood's young objects are collected often and small, and the whole heap
    only once enough has reached the oldest generation (issue 16: the GUI thread's longest pauses)."""
    import gc

    from console.infrastructure.gui_thread_gc import INTERVAL_MS, GuiThreadCollector

    assert INTERVAL_MS <= 100
    collector = GuiThreadCollector(interval_ms=3_600_000)  # checked by hand here
    try:
        collector.thresholds = (1, 0, 0)  # every check is due as far as the counts go

        def due_for_a_full_one() -> None:
            gc.collect(1)  # one middle collection since the last full one …
            gc.collect(0)  # … one young one since the last middle one …
            young = [[] for _ in range(10)]  # … and young objects
            assert gc.get_count()[0] > 1 and young

        gc.collect()
        collector._long_lived = len(gc.get_objects(2))  # as right after a full collection
        due_for_a_full_one()
        collector.check()
        assert collector.full_collections == 0  # the oldest generation has not grown: the middle one instead

        kept = [[] for _ in range(collector._long_lived // 2 + 1000)]
        gc.collect(1)  # they survive into the oldest generation
        due_for_a_full_one()
        collector.check()
        assert collector.full_collections == 1 and kept
    finally:
        collector.close()


def test_after_the_freeze_at_start_up_cycles_that_grew_old_are_still_collected(qtbot):
    """Issue 16 (the soak's growth): the console freezes what start-up built (gc.freeze) after a
    full collection had counted it as long-lived. Counted against that, the oldest generation
    never grew by a quarter again, no full collection ever ran, and every cycle that reached the
    oldest generation stayed for good (libvlc media wrappers, relays, a flood's records)."""
    import gc
    import weakref

    from console.infrastructure.gui_thread_gc import GuiThreadCollector

    class Node:
        me: object = None

    collector = GuiThreadCollector(interval_ms=3_600_000)  # checked by hand here
    start_up = [[] for _ in range(50_000)]  # what start-up builds, long-lived
    try:
        collector.thresholds = (1, 0, 0)
        gc.collect()
        collector._long_lived = len(gc.get_objects(2))  # as after the collector's full collection at start-up
        gc.freeze()  # as console.shell.app.run once the window is up
        node = Node()
        node.me = node  # a cycle …
        alive = weakref.ref(node)
        gc.collect(1)  # … that reaches the oldest generation while in use …
        del node  # … and is dropped later
        for _ in range(3):
            gc.collect(1)
            gc.collect(0)
            young = [[] for _ in range(10)]
            assert young
            collector.check()
        assert alive() is None and collector.full_collections >= 1
    finally:
        gc.unfreeze()
        collector.close()
        del start_up
