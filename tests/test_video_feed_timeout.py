"""A camera whose RTSP session stays open but sends nothing ends its feed's session after the read
timeout (FFmpeg's own socket timeout, console/services/video/feeds.py), and its sinks learn why."""

from __future__ import annotations

import os
import signal
import threading
import time
from typing import Any

from console.services.video.feeds import FeedHub, FeedOptions
from console.services.video.packets import PacketRecord, Sink
from tests.helpers.rtsp import start_streams

READ_TIMEOUT_S = 1.0
# The session must end well before the tile's stall watch would (5 s by default) and not much after
# the read timeout: the bound leaves 3 s for a loaded 2-core machine to notice and unwind.
ENDS_WITHIN_S = READ_TIMEOUT_S + 3.0


class CountingSink(Sink):
    def __init__(self) -> None:
        super().__init__()
        self.packets = 0
        self.ended_why: str | None = None
        self.got_packets = threading.Event()

    def begin(self, stream: Any, history: list[PacketRecord]) -> None:
        pass

    def put(self, record: PacketRecord) -> bool:
        self.packets += 1
        if self.packets >= 10:
            self.got_packets.set()
        return True

    def end(self, why: str) -> None:
        self.ended_why = why


def test_a_camera_that_goes_silent_ends_the_session_after_the_read_timeout():
    streams = start_streams()
    hub = FeedHub(FeedOptions(prealarm_s=0.0, open_timeout_s=5.0, read_timeout_s=READ_TIMEOUT_S, retry_min_s=30.0))
    sink = CountingSink()
    pid = streams._proc.pid
    try:
        hub.attach("E/CAM-1", streams.url("bars"), True, sink)
        assert sink.got_packets.wait(15), "no packets from the test server"
        os.kill(pid, signal.SIGSTOP)  # the connection stays open; nothing more comes
        stopped = time.monotonic()
        assert sink.finished.wait(ENDS_WITHIN_S + 10), "the feed kept waiting on a silent camera"
        waited = time.monotonic() - stopped
        assert READ_TIMEOUT_S * 0.8 <= waited <= ENDS_WITHIN_S, waited
        assert sink.ended_why and "time" in sink.ended_why.lower(), sink.ended_why
    finally:
        os.kill(pid, signal.SIGCONT)
        hub.close(5.0)
        streams.kill()
