"""Native (C) memory of the process: glibc's malloc arenas.

glibc gives threads that allocate at the same time arenas of their own, up to eight per core, and
keeps what each arena once held. The console has many native threads (FFmpeg in the camera
feeds, libvlc's decoders and outputs, Qt, paho, SQLite): without a limit its resident memory
grows by whole arenas that are each only partly used. ``limit_arenas`` caps their number for
arenas made from now on (a thread that already has one keeps it: call it before threads start); ``MALLOC_ARENA_MAX`` in the environment, when set, wins. Elsewhere than
glibc (Windows, macOS, musl) it does nothing.

glibc serves a block of ``M_MMAP_THRESHOLD`` bytes or more with an mmap of its own, given back at
once when freed; but by default it raises that threshold to the size of every such block freed
(up to 32 MiB), so that after the first few, the megabyte-sized buffers of a flush of the reading
history, a clip's muxer or a flood's queries come from the arenas and stay there, between smaller
blocks still in use. ``fix_mmap_threshold`` sets it once (which also stops its moving);
``MALLOC_MMAP_THRESHOLD_`` in the environment, when set, wins.

What is freed inside an arena stays with the process until the top of the arena is free:
after a tile's libvlc session, a clip or a flood, freed memory sits between blocks still in use.
``HeapTrimmer`` hands it back to the system (``malloc_trim``) every few minutes, on a thread of
its own (a trim walks the arenas for some milliseconds: never on the GUI thread). Measured in
``benchmarks/soak.py --trim`` (issue 16).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import sys
import threading
import time

log = logging.getLogger("console.infrastructure.native_memory")

M_MMAP_THRESHOLD = -3  # glibc's malloc.h
M_ARENA_MAX = -8
# Set by console.shell.app.build_core before it starts any thread. Issue 16's soak (benchmarks/soak.py,
# four tiles, a flood every 2 minutes, 9 minutes, peak RSS): 353 MB with glibc's defaults but 4
# arenas, 335 MB with 2, 309 MB with 2 and the mmap threshold fixed at 128 KiB, at the same CPU.
CONSOLE_ARENAS = 2
CONSOLE_MMAP_THRESHOLD = 128 * 1024


def _mallopt(option: int, value: int, environment: str) -> bool:
    """glibc's mallopt; False elsewhere (Windows, macOS, musl) or when ``environment`` is set."""
    if not sys.platform.startswith("linux") or os.environ.get(environment) or value <= 0:
        return False
    try:
        mallopt = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    return mallopt(option, value) == 1


def limit_arenas(count: int) -> bool:
    """True when glibc took the limit."""
    ok = _mallopt(M_ARENA_MAX, count, "MALLOC_ARENA_MAX")
    if ok:
        log.info("malloc arenas limited to %d", count)
    return ok


def fix_mmap_threshold(size: int) -> bool:
    """Blocks of ``size`` bytes or more get an mmap of their own, freed back to the system at once,
    from now on; True when glibc took it."""
    ok = _mallopt(M_MMAP_THRESHOLD, size, "MALLOC_MMAP_THRESHOLD_")
    if ok:
        log.info("malloc: blocks of %d KiB or more mapped on their own", size // 1024)
    return ok


TRIM_INTERVAL_S = 120.0


def _libc_trim() -> ctypes._CFuncPtr | None:  # type: ignore[name-defined]
    if not sys.platform.startswith("linux"):
        return None
    try:
        trim = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None  # not glibc
    trim.argtypes = (ctypes.c_size_t,)
    trim.restype = ctypes.c_int
    return trim


class HeapTrimmer:
    """Gives freed native memory back to the system every ``interval_s``; ``close()`` ends it."""

    def __init__(self, interval_s: float = TRIM_INTERVAL_S) -> None:
        self.interval_s = interval_s
        self.trims = 0
        self.last_s = 0.0  # how long the last trim took
        self._trim = _libc_trim()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def available(self) -> bool:
        return self._trim is not None

    def start(self) -> None:
        if self._trim is None or self.interval_s <= 0 or self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="heap-trim", daemon=True)
        self._thread.start()

    def trim_now(self) -> bool:
        """True when glibc gave memory back."""
        if self._trim is None:
            return False
        started = time.monotonic()
        released = self._trim(0) == 1
        self.last_s = time.monotonic() - started
        self.trims += 1
        return released

    def _run(self) -> None:
        while not self._stop.wait(self.interval_s):
            try:
                self.trim_now()
            except Exception:  # never let a trim end the console's memory care silently
                log.exception("malloc_trim failed")

    def close(self, timeout: float = 2.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
