"""How soon the GUI thread gets Python's interpreter lock back from a busy worker thread.

Qt runs its event loop without the interpreter lock and takes it again for every call into Python:
each slot, each timer, each model ``data()`` a view asks for while it paints. While another thread
runs Python (the reading history writing a park's minute: seconds of numpy and SQL each minute),
every such call waits until that thread lets go, which Python asks of it only after the switch
interval, 5 ms by default. A repaint of a few hundred cells then costs whole seconds' worth of
those waits in the worst case; in the park benchmark (issue 17) the GUI thread stalled for up to
269 ms while the history thread wrote, itself using only a third of that time.

The console asks for the lock back after 0.5 ms instead: a call into Python waits at most about
that long for a busy thread; the busy thread hands over more often, which costs it a little
(a few microseconds per hand-over, only while two threads want the lock at once).
"""

from __future__ import annotations

import logging
import sys

log = logging.getLogger("console.infrastructure.gil_handover")

SWITCH_INTERVAL_S = 0.0005


def install() -> None:
    """Once, on the GUI thread, before worker threads start (again: no change)."""
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    log.debug("interpreter lock handed over after %.1f ms", SWITCH_INTERVAL_S * 1000)
