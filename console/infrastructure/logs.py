"""Logging set-up (rotating file + stderr) and a log for bad messages that does not flood."""

from __future__ import annotations

import logging
import logging.handlers
import sys
import threading
import time
from pathlib import Path

from console.domain.reject_tally import MAX_PAIRS, RejectTally

FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"


def setup(directory: Path | None, level: int = logging.INFO) -> Path | None:
    """Log to stderr and, when a directory is given, to a rotating file in it."""
    root = logging.getLogger()
    root.setLevel(level)
    for handler in list(root.handlers):
        if getattr(handler, "_duty_console", False):
            root.removeHandler(handler)
            handler.close()
    handlers: list[logging.Handler] = [_StandardError()]
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


class _StandardError(logging.StreamHandler):
    """To whatever ``sys.stderr`` is when a line is written, not the stream it was when set up (a
    caller that swaps and closes its stream, as a test run does, leaves no dead handler behind)."""

    @property
    def stream(self):  # noqa: ANN201
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:  # noqa: ANN001
        pass


class RejectLog:
    """Bad messages: every one counted per enterprise and reason (console/domain/reject_tally.py),
    the log's lines bounded.

    Written to the log: the first message of each kind of reason, with its topic and the full
    reason; then ``summary()`` (the intake calls it once a minute, and at shutdown) writes one
    line with the count since the last summary and its largest (enterprise, reason) pairs — at
    most ``SUMMARY_PAIRS``, the rest summed up in the same line, so that each line's figures add
    up to its count and all lines together to every bad message received. A line is at most
    about 3 KB: a flood of bad input writes at most one a minute (4 MB a day), and cannot rotate
    the log's history away (10 files of 5 MB).
    """

    SUMMARY_PAIRS = 20

    def __init__(self, logger: logging.Logger, max_pairs: int = MAX_PAIRS) -> None:
        self._log = logger
        self.tally = RejectTally(max_pairs)
        self._interval_started = time.monotonic()

    @property
    def total(self) -> int:
        return self.tally.total

    def reject(self, source: str, reason: str, say: bool = True, enterprise: str = "") -> bool:
        """Count one bad message on topic ``source``; True when it was written to the log (the
        first of its kind of reason; ``say=False``: only counted, as one whose error was logged
        elsewhere)."""
        first = self.tally.add(enterprise, reason)
        if first and say:
            self._log.warning("rejected message on %s: %s (the first of this kind; the next ones are counted and "
                              "summed up in the log once a minute)", source[:200], reason)
            return True
        return False

    def summary(self) -> list[tuple[str, str, int]]:
        """One line for the bad messages since the last summary (none: no line); their pairs."""
        now = time.monotonic()
        seconds, self._interval_started = now - self._interval_started, now
        count, pairs = self.tally.take_interval()
        if not count:
            return []
        shown = pairs[: self.SUMMARY_PAIRS]
        parts = [f"{enterprise or '-'} «{kind}» {n}" for enterprise, kind, n in shown]
        rest = pairs[self.SUMMARY_PAIRS:]
        if rest:
            parts.append(f"{len(rest)} more pairs {sum(n for _, _, n in rest)}")
        self._log.warning("rejected messages: %d in the last %.0f s (%d since start); by enterprise and reason: %s",
                          count, seconds, self.tally.total, "; ".join(parts))
        return pairs


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
