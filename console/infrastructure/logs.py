"""Logging set-up (rotating file + stderr) and a log for bad messages that does not flood."""

from __future__ import annotations

import logging
import logging.handlers
import sys
import threading
from pathlib import Path

FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"


def setup(directory: Path | None, level: int = logging.INFO) -> Path | None:
    """Log to stderr and, when a directory is given, to a rotating file in it."""
    root = logging.getLogger()
    root.setLevel(level)
    for handler in list(root.handlers):
        if getattr(handler, "_duty_console", False):
            root.removeHandler(handler)
            handler.close()
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    path = None
    if directory is not None:
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / "duty-console.log"
        handlers.append(logging.handlers.RotatingFileHandler(path, maxBytes=5_000_000, backupCount=10, encoding="utf-8"))
    for handler in handlers:
        handler.setFormatter(logging.Formatter(FORMAT))
        handler._duty_console = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    return path


class RejectLog:
    """Logs each distinct (source, reason) once; repeats are only counted.

    ``summary()`` returns (and resets) the repeat counts, so that a periodic line can
    say how many more of each arrived without writing one line per message.
    """

    def __init__(self, logger: logging.Logger, max_distinct: int = 1000) -> None:
        self._log = logger
        self._seen: dict[tuple[str, str], int] = {}
        self._max = max_distinct
        self.total = 0

    def reject(self, source: str, reason: str, say: bool = True) -> bool:
        """Count one bad message; True when it was written to the log (``say=False``: only
        counted, as one whose error was logged elsewhere)."""
        self.total += 1
        key = (source, reason)
        if key in self._seen:
            self._seen[key] += 1
            return False
        if len(self._seen) >= self._max:
            self._seen.clear()
        self._seen[key] = 0
        if say:
            self._log.warning("rejected message on %s: %s", source, reason)
        return say

    def summary(self) -> list[tuple[str, str, int]]:
        repeats = [(s, r, n) for (s, r), n in self._seen.items() if n]
        for key in self._seen:
            self._seen[key] = 0
        for source, reason, n in repeats:
            self._log.warning("%d more rejected messages on %s: %s", n, source, reason)
        return repeats


class FailureLog:
    """Unexpected errors (bugs) met while handling one item of many: each distinct error (its
    type and the line that raised it) is logged once with its traceback; repeats are only
    counted, with a line at the 10th, 100th, 1000th … time. Safe to call from any thread."""

    def __init__(self, logger: logging.Logger, max_distinct: int = 200) -> None:
        self._log = logger
        self._seen: dict[tuple[str, str, str], int] = {}
        self._max = max_distinct
        self._lock = threading.Lock()
        self.total = 0

    def failed(self, what: str, exc: BaseException, about: str = "") -> bool:
        """Count one failure of ``what`` (e.g. "callback refresh"; ``about``, e.g. the topic, is
        told but does not make the error distinct); True when it was logged with its traceback."""
        key = (what, type(exc).__qualname__, _raised_at(exc))
        with self._lock:
            self.total += 1
            count = self._seen.get(key, 0) + 1
            if count == 1 and len(self._seen) >= self._max:
                self._seen.clear()
            self._seen[key] = count
        told = f"{what} ({about})" if about else what
        if count == 1:
            self._log.error("%s failed: %s: %s", told, type(exc).__name__, exc, exc_info=exc)
            return True
        if _power_of_ten(count):
            self._log.error("%s failed: %s: %s (%d times so far; the traceback was logged the first time)", told,
                            type(exc).__name__, exc, count)
        return False


def _raised_at(exc: BaseException) -> str:
    tb = exc.__traceback__
    if tb is None:
        return ""
    while tb.tb_next is not None:
        tb = tb.tb_next
    return f"{tb.tb_frame.f_code.co_filename}:{tb.tb_lineno}"


def _power_of_ten(n: int) -> bool:
    while n >= 10 and n % 10 == 0:
        n //= 10
    return n == 1
