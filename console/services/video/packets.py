"""Packets of a camera's stream as plain data, and what a receiver of them (a sink) does.

A camera is received once (console.services.video.feeds): its thread copies each compressed
video packet into a ``PacketRecord`` and hands the same records to every sink of the camera (a
tile's relay to libvlc, a clip file) and to the pre-alarm buffer. Nothing is decoded.
A PyAV packet can be written only once (the muxer takes its data), so each sink makes its own
``av.Packet`` from the record.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from fractions import Fraction
from typing import Any


@dataclass(frozen=True, slots=True)
class PacketRecord:
    data: bytes
    pts: int
    dts: int
    key: bool  # a keyframe: decoding can start here
    time_base: Fraction
    arrived: float  # wall-clock time (time.time()) it was received

    @property
    def size(self) -> int:
        return len(self.data)


def av_packet(record: PacketRecord, pts: int | None = None, dts: int | None = None) -> Any:
    """A fresh PyAV packet of the record (timestamps may be given anew)."""
    import av

    packet = av.Packet(record.data)
    packet.pts = record.pts if pts is None else pts
    packet.dts = record.dts if dts is None else dts
    packet.time_base = record.time_base
    packet.is_keyframe = record.key
    return packet


class Sink:
    """Receives a camera's packets on the camera's thread. ``begin`` opens the output (the camera's
    video stream as the template), ``history`` are the packets received before it was attached,
    ``put`` each new packet (False: finished), ``end`` closes it (``why`` empty when it finished
    or was cancelled; else the session was lost). ``cancel`` may be called from any thread; the
    camera's thread ends the sink at its next packet."""

    # "gop": only from the newest keyframe (a live picture at once); "prealarm": everything buffered
    history_wanted = "gop"

    def __init__(self) -> None:
        self._cancelled = threading.Event()
        self.finished = threading.Event()  # set by the camera's thread once ``end`` has run

    def cancel(self) -> None:
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def begin(self, stream: Any, history: list[PacketRecord]) -> None:
        raise NotImplementedError

    def put(self, record: PacketRecord) -> bool:
        raise NotImplementedError

    def end(self, why: str) -> None:
        raise NotImplementedError
