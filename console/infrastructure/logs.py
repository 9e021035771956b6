"""Logging set-up (rotating file + stderr) and a log for bad messages that does not flood."""

from __future__ import annotations

import logging
import logging.handlers
import sys
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

    def reject(self, source: str, reason: str) -> bool:
        """Count one bad message; True when it was written to the log."""
        self.total += 1
        key = (source, reason)
        if key in self._seen:
            self._seen[key] += 1
            return False
        if len(self._seen) >= self._max:
            self._seen.clear()
        self._seen[key] = 0
        self._log.warning("rejected message on %s: %s", source, reason)
        return True

    def summary(self) -> list[tuple[str, str, int]]:
        repeats = [(s, r, n) for (s, r), n in self._seen.items() if n]
        for key in self._seen:
            self._seen[key] = 0
        for source, reason, n in repeats:
            self._log.warning("%d more rejected messages on %s: %s", n, source, reason)
        return repeats
