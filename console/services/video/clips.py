"""A clip of a camera: its share of the camera's packets (console.services.video.feeds), written
without re-encoding to a Matroska file (readable even when cut short).

The clip starts with the camera's pre-alarm buffer (from its oldest keyframe: up to
``video.prealarm_s`` before the alarm, when the camera is held for it; else the current group of
pictures) and goes on for ``seconds`` of stream time after the alarm. It runs on the camera's
thread, no thread of its own; the outcome is handed to the GUI thread through ``deliver``. A
session lost midway keeps what was recorded.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from pathlib import Path
from typing import Any, Callable

from console.services.video.packets import PacketRecord, Sink, av_packet

log = logging.getLogger("console.services.video.clips")

SLACK_S = 15.0  # the clip may take this much longer than its length (start, keyframe wait)


class ClipSink(Sink):
    history_wanted = "prealarm"

    def __init__(self, path: Path, seconds: float, deliver: Callable[..., None],
                 on_done: Callable[[Path, float, float], None], on_failed: Callable[[str], None],
                 camera: str = "") -> None:
        super().__init__()
        self.path = path
        self.seconds = seconds
        self.camera = camera
        self._deliver = deliver
        self._on_done = on_done
        self._on_failed = on_failed
        self._output: Any = None
        self._out: Any = None
        self._tmp = path.with_suffix(".part")
        self._base: Any = None
        self._alarm_pts: int | None = None
        self._first: PacketRecord | None = None
        self._last_dts: int | None = None
        self._deadline = time.monotonic() + seconds + SLACK_S
        self.recorded = 0.0  # seconds from the first packet to the newest written
        self.before_alarm = 0.0  # seconds of it from before the alarm

    def begin(self, stream: Any, history: list[PacketRecord]) -> None:
        import av

        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._output = av.open(str(self._tmp), "w", format="matroska")
        self._out = self._output.add_stream_from_template(stream)
        self._base = stream.time_base
        if history:
            self._alarm_pts = history[-1].pts
        for record in history:
            self._write(record)

    def put(self, record: PacketRecord) -> bool:
        if self._alarm_pts is None:
            self._alarm_pts = record.pts
        # ``seconds`` after the alarm, or after the first keyframe when it came after the alarm
        start = self._alarm_pts if self._first is None else max(self._alarm_pts, self._first.pts)
        if float((record.pts - start) * self._base) >= self.seconds or time.monotonic() > self._deadline:
            return False
        self._write(record)
        return True

    def _write(self, record: PacketRecord) -> None:
        if self._first is None:
            if not record.key:
                return
            self._first = record
            alarm_pts = record.pts if self._alarm_pts is None else self._alarm_pts
            self.before_alarm = max(0.0, float((alarm_pts - record.pts) * self._base))
            when = dt.datetime.fromtimestamp(record.arrived, dt.timezone.utc)
            # The wall-clock time of the first picture and the pre-alarm part (ffprobe shows them).
            self._output.metadata["creation_time"] = when.isoformat(timespec="milliseconds").replace("+00:00", "Z")
            self._output.metadata["PRE_ALARM_S"] = f"{self.before_alarm:.3f}"
        if self._last_dts is not None and record.dts <= self._last_dts:
            return
        self._last_dts = record.dts
        packet = av_packet(record, record.pts - self._first.pts, record.dts - self._first.dts)
        packet.stream = self._out
        self._output.mux(packet)
        self.recorded = max(self.recorded, float((record.pts - self._first.pts) * self._base))

    def end(self, why: str) -> None:
        closed = False
        try:
            if self._output is not None:
                self._output.close()
                closed = True
        except Exception as exc:
            why = why or f"{type(exc).__name__}: {exc}"
        self._output = None
        if closed and self._first is not None:
            if why:
                log.warning("clip of %s cut short after %.1f s: %s", self.camera, self.recorded, why)
            self._tmp.replace(self.path)
            self._deliver(self._on_done, self.path, self.recorded, self.before_alarm)
            return
        if closed:
            self._tmp.unlink(missing_ok=True)
        reason = why or "no keyframe arrived"
        log.error("clip of %s not recorded: %s", self.camera, reason)
        self._deliver(self._on_failed, reason)
