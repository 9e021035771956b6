"""libvlc's video callbacks into plain frames (BGRA bytes, width, height) for a Qt image.

Used where libvlc cannot draw into the tile's native window (offscreen, Wayland). The callbacks
run on libvlc's video output thread: they only copy the picture and wake the GUI thread through
``notify`` (a queued signal); the GUI thread takes the newest frame with ``take()``. Frames that
arrive faster than the GUI takes them replace each other (counted as ``replaced``).

Two Python callbacks a picture (lock, display; libvlc's unlock is not needed and not set). The
video output thread is libvlc's, not Python's: ctypes gives each callback on such a thread a new
Python thread state and deletes it afterwards (a 16 KiB mmap and munmap, and the interpreter's
thread bookkeeping, three times a picture). ``ThreadStateKeeper`` keeps one for the output thread
from the format setup to the cleanup, which libvlc calls on that same thread.
"""

from __future__ import annotations

import ctypes
import threading
from dataclasses import dataclass
from typing import Any, Callable

CHROMA = b"RV32"  # 32-bit BGRX in memory, the layout of QImage.Format_RGB32 on little-endian
ALIGN = 32


class ThreadStateKeeper:
    """Keeps the Python thread state of a foreign (non-Python) thread between ctypes callbacks.

    ``hold()`` in a callback on that thread takes one more reference to the thread state ctypes
    made for the callback (``PyGILState_Ensure``), so that it outlives the callback; ``release()``,
    in a later callback on the same thread, gives it back: the thread state is then deleted with
    the end of that callback, as before. A release from another thread does nothing (a thread's
    GIL state can only be released by that thread): what it kept is then kept until the process
    ends (one thread state, about 20 KB), which libvlc's order of calls does not lead to."""

    def __init__(self) -> None:
        self._tid: int | None = None
        self._state = 0
        self.kept = 0  # thread states kept so far
        self.stranded = 0  # releases asked on another thread than the hold's

    @property
    def holding(self) -> bool:
        return self._tid is not None

    def hold(self) -> None:
        tid = threading.get_ident()
        if self._tid == tid:
            return
        if self._tid is not None:
            self.stranded += 1  # a setup on a new thread before the cleanup on the old one
        self._state = ctypes.pythonapi.PyGILState_Ensure()
        self._tid = tid
        self.kept += 1

    def release(self) -> None:
        if self._tid is None:
            return
        if self._tid != threading.get_ident():
            self.stranded += 1
            self._tid = None
            return
        ctypes.pythonapi.PyGILState_Release(self._state)
        self._tid = None


@dataclass(frozen=True)
class Frame:
    data: bytes  # BGRX, rows of ``width * 4`` bytes
    width: int
    height: int
    seq: int  # frames delivered by libvlc so far in this tap


def fit(width: int, height: int, box: tuple[int, int]) -> tuple[int, int]:
    """The source size scaled down (never up) to fit ``box`` with its aspect kept; even sizes."""
    bw, bh = box
    if bw <= 0 or bh <= 0 or (width <= bw and height <= bh):
        w, h = width, height
    else:
        scale = min(bw / width, bh / height)
        w, h = max(2, int(width * scale)), max(2, int(height * scale))
    return w - w % 2, h - h % 2


class FrameTap:
    """Installs the callbacks on one libvlc media player; all of it outlives the player's use."""

    def __init__(self, vlc: Any, player: Any, notify: Callable[[], None]) -> None:
        self._notify = notify
        self._lock = threading.Lock()
        self._latest: Frame | None = None
        self._pending = False
        self._buffer: Any = None
        self._address = 0
        self._size = (0, 0)
        self.box = (0, 0)  # largest picture wanted (the tile's size); set by the GUI thread
        self.delivered = 0  # frames libvlc displayed through us (all sessions)
        self.taken = 0  # frames the GUI took
        self.replaced = 0  # frames overwritten before the GUI took them
        cb = vlc.CallbackDecorators
        # The ctypes callbacks must live as long as the player: kept on self.
        # python-vlc declares the chroma as c_char_p, which ctypes hands over as a copy: our own
        # prototype takes the pointer, so the chroma can be written back.
        setup_type = ctypes.CFUNCTYPE(ctypes.c_uint, ctypes.POINTER(ctypes.c_void_p), ctypes.c_void_p,
                                      *(ctypes.POINTER(ctypes.c_uint),) * 4)
        self._setup_raw = setup_type(self._setup)
        self._setup_cb = ctypes.cast(self._setup_raw, cb.VideoFormatCb)
        self._cleanup_cb = cb.VideoCleanupCb(self._cleanup)
        self._lock_cb = cb.VideoLockCb(self._lock_picture)
        self._display_cb = cb.VideoDisplayCb(self._display)
        self._thread_state = ThreadStateKeeper()
        player.video_set_format_callbacks(self._setup_cb, self._cleanup_cb)
        player.video_set_callbacks(self._lock_cb, None, self._display_cb, None)

    # -- libvlc's thread ------------------------------------------------------------
    def _setup(self, opaque, chroma, width, height, pitches, lines) -> int:
        self._thread_state.hold()
        w, h = fit(width[0], height[0], self.box)
        ctypes.memmove(chroma, CHROMA, 4)
        width[0], height[0] = w, h
        pitch = w * 4
        pitches[0] = pitch
        lines[0] = h
        buffer = ctypes.create_string_buffer(pitch * h + ALIGN)
        address = ctypes.addressof(buffer)
        with self._lock:
            self._buffer = buffer
            self._address = address + (-address % ALIGN)
            self._size = (w, h)
        return 1

    def _cleanup(self, opaque) -> None:
        # The buffer is replaced at the next setup; freeing it here could race a late read.
        self._thread_state.release()

    def _lock_picture(self, opaque, planes):
        planes[0] = self._address
        return None

    def _display(self, opaque, picture) -> None:
        w, h = self._size
        data = ctypes.string_at(self._address, w * h * 4)
        with self._lock:
            self.delivered += 1
            if self._pending:
                self.replaced += 1
            self._latest = Frame(data, w, h, self.delivered)
            wake = not self._pending
            self._pending = True
        if wake:
            self._notify()

    # -- GUI thread ----------------------------------------------------------------------
    def take(self) -> Frame | None:
        with self._lock:
            frame = self._latest if self._pending else None
            self._pending = False
        if frame is not None:
            self.taken += 1
        return frame

    def last(self) -> Frame | None:
        """The newest frame, taken or not (snapshots)."""
        with self._lock:
            return self._latest

    def forget(self) -> None:
        with self._lock:
            self._latest = None
            self._pending = False
