"""The RTSP relay: PyAV (FFmpeg) reads the camera's RTSP session and writes MPEG-TS into a pipe
whose read end libvlc plays as ``fd://N``. For libvlc builds without RTSP (Debian, Ubuntu).

Nothing is decoded here: packets are remuxed as they are (a fraction of a percent of a core).
The first packet handed on is a keyframe, so libvlc never shows a half-decoded picture.
One thread per session; it ends when the session fails (the failure, credentials removed, is
handed to the GUI thread through ``deliver``), when libvlc closes the read end (broken pipe), or
within ``read_timeout_s`` of ``stop()``.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from typing import Any, Callable

from console.domain.redact import redact_url

log = logging.getLogger("console.services.video.relay")

Deliver = Callable[..., None]  # deliver(fn, *args): fn(*args) on the GUI thread


def rtsp_options(tcp: bool) -> dict[str, str]:
    """FFmpeg input options for a low start-up delay: no long stream probing, no input buffer."""
    return {
        "rtsp_transport": "tcp" if tcp else "udp",
        "probesize": "32",
        "analyzeduration": "0",
        "fflags": "nobuffer",
    }


def open_rtsp(url: str, tcp: bool, open_timeout_s: float, read_timeout_s: float) -> Any:
    import av  # PyAV: imported here so that the console starts without it (then: no relay)

    return av.open(url, options=rtsp_options(tcp), timeout=(open_timeout_s, read_timeout_s))


class Relay:
    def __init__(self, url: str, tcp: bool, deliver: Deliver, on_failed: Callable[[str], None],
                 open_timeout_s: float = 5.0, read_timeout_s: float = 3.0) -> None:
        self.url = url
        self.tcp = tcp
        self._deliver = deliver
        self._on_failed = on_failed
        self._open_timeout_s = open_timeout_s
        self._read_timeout_s = read_timeout_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.packets = 0
        self.first_key_at: float | None = None  # time.monotonic() of the first keyframe handed on

    def start(self) -> int:
        """Start the session; returns the pipe's read end for libvlc (the caller closes it)."""
        read_fd, write_fd = os.pipe()
        # A thread of its own, not a background operation (console.infrastructure.background): it
        # streams for as long as the session is shown and is stopped, not cancelled for an answer.
        self._thread = threading.Thread(target=self._run, args=(write_fd,), name="video-relay", daemon=True)
        self._thread.start()
        return read_fd

    def stop(self) -> None:
        self._stop.set()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def join(self, timeout: float) -> None:
        if self._thread is not None:
            self._thread.join(timeout)

    # -- relay thread ----------------------------------------------------------------
    def _run(self, write_fd: int) -> None:
        import av

        sink = os.fdopen(write_fd, "wb", buffering=0)
        source = output = None
        why = ""
        try:
            source = open_rtsp(self.url, self.tcp, self._open_timeout_s, self._read_timeout_s)
            if not source.streams.video:
                raise ValueError("the stream has no video")
            video = source.streams.video[0]
            # Each packet written at once; video PES with their length, so libvlc need not wait
            # for the next packet to know a picture is complete (40 ms at 25 fps).
            output = av.open(sink, "w", format="mpegts",
                             options={"flush_packets": "1", "max_delay": "0", "omit_video_pes_length": "0"})
            out = output.add_stream_from_template(video)
            started = False
            last_dts = None
            for packet in source.demux(video):
                if self._stop.is_set():
                    break
                if packet.dts is None or packet.size == 0:
                    continue
                if not started:
                    if not packet.is_keyframe:
                        continue
                    started = True
                    self.first_key_at = time.monotonic()
                if last_dts is not None and packet.dts <= last_dts:
                    continue  # the muxer refuses a DTS that does not increase
                last_dts = packet.dts
                packet.stream = out
                output.mux(packet)
                self.packets += 1
            else:
                why = "the camera ended the stream"
        except (BrokenPipeError, ValueError, OSError, av.FFmpegError) as exc:
            if not self._stop.is_set() and not isinstance(exc, BrokenPipeError):
                why = redact_url(f"{type(exc).__name__}: {exc}")
        except Exception as exc:  # a PyAV surprise must end this session only, loudly
            if not self._stop.is_set():
                why = redact_url(f"{type(exc).__name__}: {exc}")
                log.exception("video relay of %s failed unexpectedly", redact_url(self.url))
        finally:
            for closable in (output, source):
                try:
                    if closable is not None:
                        closable.close()
                except Exception:
                    pass
            try:
                sink.close()
            except OSError:
                pass
        if why and not self._stop.is_set():
            self._deliver(self._on_failed, why)
