"""Native (C) memory of the process: glibc's malloc arenas.

glibc gives threads that allocate at the same time arenas of their own, up to eight per core, and
keeps what each arena once held. The console has many native threads (FFmpeg in the camera
feeds, libvlc's decoders and outputs, Qt, paho, SQLite): without a limit its resident memory
grows by whole arenas that are each only partly used. ``limit_arenas`` caps their number for
arenas made from now on (a thread that already has one keeps it: call it before threads start); ``MALLOC_ARENA_MAX`` in the environment, when set, wins. Elsewhere than
glibc (Windows, macOS, musl) it does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import sys

log = logging.getLogger("console.infrastructure.native_memory")

M_ARENA_MAX = -8  # glibc's malloc.h
CONSOLE_ARENAS = 4  # set by console.shell.app.build_core before it starts any thread


def limit_arenas(count: int) -> bool:
    """True when glibc took the limit."""
    if not sys.platform.startswith("linux") or os.environ.get("MALLOC_ARENA_MAX") or count <= 0:
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    ok = mallopt(M_ARENA_MAX, count) == 1
    if ok:
        log.info("malloc arenas limited to %d", count)
    return ok
