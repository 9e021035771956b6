"""The console's shutdown as steps in order, each within a time limit.

SIGTERM (log-out, systemd, ``kill``) must end the console promptly and in order. Most steps bound
themselves (the duty-log writer, the reading history and the review lanes join their threads with
a timeout), but a libvlc call (stopping the horn's clip, releasing a video player) or paho's
``loop_stop`` has no bound of its own. A thread watches the step under way: one that runs past its
limit is logged with its name and ``on_stuck`` is called (the program ends the process with
``EXIT_STUCK`` rather than hang until the session manager kills it). A step that raises is logged
and the next one runs all the same: the duty log is closed whatever failed before it.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Callable

log = logging.getLogger("console.shell.shutdown")

QUICK_S = 5.0  # a step that only stops timers and flags
SLOW_STEP_S = 1.0  # a step taking longer than this is logged with its time
EXIT_STUCK = 4  # exit status when a step never finished
POLL_S = 0.2


class ShutdownWatch:
    def __init__(self, on_stuck: Callable[[str], None] | None = None) -> None:
        self._on_stuck = on_stuck
        self._lock = threading.Lock()
        self._step = ""
        self._limit = 0.0
        self._deadline: float | None = None
        self._done = threading.Event()
        self.stuck = ""  # the step that ran past its limit ("" none)
        self.took: dict[str, float] = {}  # seconds per finished step
        self._thread = threading.Thread(target=self._watch, name="shutdown-watch", daemon=True)
        self._thread.start()

    def run(self, name: str, step: Callable[[], object], limit_s: float = QUICK_S) -> None:
        started = time.monotonic()
        with self._lock:
            self._step, self._limit, self._deadline = name, limit_s, started + limit_s
        try:
            step()
        except Exception:
            log.exception("shutdown: %s failed; going on with the next step", name)
        finally:
            took = time.monotonic() - started
            with self._lock:
                self._deadline = None
            self.took[name] = took
            if took > SLOW_STEP_S:
                log.warning("shutdown: %s took %.1f s", name, took)

    def finish(self) -> None:
        self._done.set()
        self._thread.join(1.0)

    # -- the watching thread -----------------------------------------------------------
    def _watch(self) -> None:
        while not self._done.wait(POLL_S):
            with self._lock:
                step, limit, deadline = self._step, self._limit, self._deadline
            if deadline is None or time.monotonic() <= deadline or self.stuck:
                continue
            self.stuck = step
            log.error("shutdown: %s did not finish within %.0f s", step, limit)
            if self._on_stuck is not None:
                self._on_stuck(step)
