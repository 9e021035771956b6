"""A clip of a camera: its own RTSP session read by PyAV and written, without re-encoding, to a
Matroska file (readable even when cut short), from the first keyframe for ``seconds`` of stream
time. Runs on a thread of its own; the outcome is handed to the GUI thread through ``deliver``.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import Callable

from console.domain.redact import redact_url
from console.services.video.relay import open_rtsp

log = logging.getLogger("console.services.video.clips")

SLACK_S = 15.0  # the session may take this much longer than the clip (start, keyframe wait)


class ClipRecorder:
    def __init__(self, url: str, tcp: bool, path: Path, seconds: float, deliver: Callable[..., None],
                 on_done: Callable[[Path, float], None], on_failed: Callable[[str], None],
                 open_timeout_s: float = 5.0, read_timeout_s: float = 3.0) -> None:
        self.url = url
        self.tcp = tcp
        self.path = path
        self.seconds = seconds
        self._deliver = deliver
        self._on_done = on_done
        self._on_failed = on_failed
        self._open_timeout_s = open_timeout_s
        self._read_timeout_s = read_timeout_s
        self._stop = threading.Event()
        # A session thread, not a background operation (console.infrastructure.background): stopping
        # it early keeps what was recorded and still reports it, where a cancelled operation answers nothing.
        self._thread = threading.Thread(target=self._run, name="video-clip", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Finish early (shutdown): what was recorded so far is kept."""
        self._stop.set()

    def join(self, timeout: float) -> None:
        self._thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def _run(self) -> None:
        import av

        source = output = None
        recorded = 0.0
        try:
            source = open_rtsp(self.url, self.tcp, self._open_timeout_s, self._read_timeout_s)
            if not source.streams.video:
                raise ValueError("the stream has no video")
            video = source.streams.video[0]
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".part")
            output = av.open(str(tmp), "w", format="matroska")
            out = output.add_stream_from_template(video)
            base = video.time_base
            first_pts = first_dts = None
            last_dts = None
            deadline = time.monotonic() + self.seconds + SLACK_S
            for packet in source.demux(video):
                if self._stop.is_set() or time.monotonic() > deadline:
                    break
                if packet.dts is None or packet.pts is None or packet.size == 0:
                    continue
                if first_pts is None:
                    if not packet.is_keyframe:
                        continue
                    first_pts, first_dts = packet.pts, packet.dts
                elapsed = float((packet.pts - first_pts) * base)
                if elapsed >= self.seconds:
                    break
                if last_dts is not None and packet.dts <= last_dts:
                    continue
                last_dts = packet.dts
                packet.pts -= first_pts
                packet.dts -= first_dts
                packet.stream = out
                output.mux(packet)
                recorded = max(recorded, elapsed)
            output.close()
            output = None
            if first_pts is None:
                raise ValueError("no keyframe arrived")
            tmp.replace(self.path)
        except Exception as exc:
            reason = redact_url(f"{type(exc).__name__}: {exc}")
            log.error("clip of %s not recorded: %s", redact_url(self.url), reason)
            self._deliver(self._on_failed, reason)
            return
        finally:
            for closable in (output, source):
                try:
                    if closable is not None:
                        closable.close()
                except Exception:
                    pass
        self._deliver(self._on_done, self.path, recorded)
