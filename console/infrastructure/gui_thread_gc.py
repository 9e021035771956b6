"""Python's cycle collector runs on the GUI thread only.

Left to itself, Python collects reference cycles on whichever thread happens to allocate when a
generation's threshold is passed: the paho network thread, the duty-log writer, the reading
history, a video relay. A cycle that holds a Qt object owned by Python (a widget or a QObject
without a parent) then has its C++ destructor run on that thread. Qt cannot stop a timer from a
thread other than its own ("Timers cannot be stopped from another thread"): the timer stays
registered with the GUI thread's event dispatcher, and its next tick is delivered to freed
memory, a segmentation fault inside Qt's event processing. Deleting a widget off the GUI thread
races its painting the same way.

So automatic collection is turned off and a timer on the GUI thread collects instead, generation
by generation, with Python's own thresholds (as pyqtgraph's ``GarbageCollector`` does). Worker
threads only ever drop plain references; the cycles they leave wait for the next tick.

The timer looks ten times a second, so that a young generation is collected small: checked once a
second, a flood of alarms (some 20,000 new objects a second) made each young collection a pause of
tens of milliseconds, hundreds on a loaded machine (issue 16). And as Python itself does, a full
collection (every object not frozen at start-up) runs only once the objects that reached the oldest
generation since the last one are a quarter of those that survived it; otherwise the middle
generation is collected. What ``gc.freeze()`` moved out of the collector's reach (the console
freezes what start-up built) no longer counts as surviving: after a freeze the count starts again
from the objects left. Counted against start-up's objects, the oldest generation never grew by
a quarter again, no full collection ran, and every cycle that had reached it stayed for good: the
soak's memory growth (issue 16).
"""

from __future__ import annotations

import gc
import logging

from PySide6.QtCore import QCoreApplication, QObject, QTimer

log = logging.getLogger("console.infrastructure.gui_thread_gc")

INTERVAL_MS = 100


class GuiThreadCollector(QObject):
    """Collects on the thread it lives on (the GUI thread) every ``interval_ms``; ``close()``
    gives collection back to Python."""

    def __init__(self, interval_ms: int = INTERVAL_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        self.collections = 0  # collections run by this object (any generation)
        self.full_collections = 0
        self._long_lived = 0  # objects in the oldest generation after the last full collection
        self._frozen = gc.get_freeze_count()  # objects frozen when _long_lived was counted
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check)
        self._timer.start()

    def check(self) -> int:
        """Collect the generations whose thresholds are passed, as Python would; objects freed."""
        first, second, third = self.thresholds
        young, middle, old = gc.get_count()
        if first <= 0 or young <= first:
            return 0
        generation = 0
        if middle > second:
            generation = 2 if old > third and self._full_due() else 1
        self.collections += 1
        freed = gc.collect(generation)
        if generation == 2:
            self.full_collections += 1
            self._long_lived = len(gc.get_objects(2))
            self._frozen = gc.get_freeze_count()
        return freed

    def _full_due(self) -> bool:
        """Python's rule (gcmodule.c): a full collection once the objects pending in the oldest
        generation are more than 25 % of those that survived the last full collection."""
        if gc.get_freeze_count() != self._frozen:  # frozen since: what survived is out of the count
            self._frozen = gc.get_freeze_count()
            self._long_lived = 0
        return len(gc.get_objects(2)) - self._long_lived > self._long_lived // 4

    def close(self) -> None:
        self._timer.stop()
        gc.enable()


def install(app: QCoreApplication) -> GuiThreadCollector:
    """Once per application (call on the GUI thread); again: the same collector."""
    existing = getattr(app, "_gui_thread_gc", None)
    if isinstance(existing, GuiThreadCollector):
        return existing
    collector = GuiThreadCollector(parent=app)
    app._gui_thread_gc = collector  # type: ignore[attr-defined]
    log.debug("garbage collection on the GUI thread every %d ms", INTERVAL_MS)
    return collector
