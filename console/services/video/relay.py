"""The relay to libvlc: a tile's share of its camera's packets (console.services.video.feeds),
remuxed without decoding to MPEG-TS and written into a pipe whose read end libvlc plays as
``fd://N``. For libvlc builds without RTSP (Debian, Ubuntu), and for every camera whose feed is
running anyway (pre-alarm, clip), so that a camera is received once.

It starts with the camera's newest keyframe and the packets after it (from the feed's buffer),
their timestamps drawn together just before the newest one: libvlc decodes them at once and
shows the live picture without waiting for the next keyframe, and without a delay behind live.
Each packet is written at once, video PES with their length, so libvlc need not wait for the
next picture to know one is complete. The pipe is written without blocking: what libvlc has not
read yet waits in a buffer of at most ``max_pending`` bytes; beyond that the tile's session fails
(and reconnects), never the camera's thread, which other tiles and clips share.
"""

from __future__ import annotations

import fcntl
import io
import logging
import os
import time
from typing import Any, Callable

from console.services.video.packets import PacketRecord, Sink, av_packet

log = logging.getLogger("console.services.video.relay")

Deliver = Callable[..., None]  # deliver(fn, *args): fn(*args) on the GUI thread
PIPE_BYTES = 1024 * 1024
MAX_PENDING = 4 * 1024 * 1024


class PipeWriter(io.RawIOBase):
    """Non-blocking writes into the pipe to libvlc, with a bounded remainder."""

    def __init__(self, fd: int, max_pending: int) -> None:
        super().__init__()
        self._fd = fd
        self._pending = bytearray()
        self.max_pending = max_pending
        os.set_blocking(fd, False)
        try:
            fcntl.fcntl(fd, getattr(fcntl, "F_SETPIPE_SZ", 1031), PIPE_BYTES)
        except OSError:
            pass  # the system's limit: the default pipe size will do

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self._pending += data
        while self._pending:
            try:
                written = os.write(self._fd, self._pending)
            except BlockingIOError:
                break
            del self._pending[:written]
        if len(self._pending) > self.max_pending:
            raise OSError(f"libvlc does not keep up ({len(self._pending) // 1024} KiB waiting)")
        return len(data)

    def close(self) -> None:
        if not self.closed:
            try:
                os.close(self._fd)
            except OSError:
                pass
            self._pending = bytearray()
        super().close()


class TsSink(Sink):
    history_wanted = "gop"

    def __init__(self, deliver: Deliver, on_failed: Callable[[str], None], max_pending: int = MAX_PENDING) -> None:
        super().__init__()
        self._deliver = deliver
        self._on_failed = on_failed
        self.read_fd, self._write_fd = os.pipe()
        self._max_pending = max_pending
        self._writer: PipeWriter | None = None
        self._output: Any = None
        self._out: Any = None
        self._last_dts: int | None = None
        self.packets = 0
        self.first_key_at: float | None = None  # time.monotonic() of the first keyframe handed on

    def begin(self, stream: Any, history: list[PacketRecord]) -> None:
        import av

        self._writer = PipeWriter(self._write_fd, self._max_pending)
        self._output = av.open(self._writer, "w", format="mpegts",
                               options={"flush_packets": "1", "max_delay": "0", "omit_video_pes_length": "0"})
        self._out = self._output.add_stream_from_template(stream)
        if history:
            newest = history[-1].dts
            count = len(history)
            for i, record in enumerate(history):
                dts = newest - (count - 1 - i)
                self._mux(record, dts + (record.pts - record.dts), dts)

    def put(self, record: PacketRecord) -> bool:
        self._mux(record, record.pts, record.dts)
        return True

    def _mux(self, record: PacketRecord, pts: int, dts: int) -> None:
        if self.first_key_at is None:
            if not record.key:
                return
            self.first_key_at = time.monotonic()
        if self._last_dts is not None and dts <= self._last_dts:
            return
        self._last_dts = dts
        packet = av_packet(record, pts, dts)
        packet.stream = self._out
        self._output.mux(packet)
        self.packets += 1

    def end(self, why: str) -> None:
        for closable in (self._output, self._writer):
            try:
                if closable is not None:
                    closable.close()
            except Exception:
                pass  # libvlc has gone (broken pipe): nothing to flush to
        if self._writer is None:
            try:
                os.close(self._write_fd)
            except OSError:
                pass
        self._output = self._writer = None
        if why and not self.cancelled:
            self._deliver(self._on_failed, why)
