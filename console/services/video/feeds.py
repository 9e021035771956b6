"""Each camera received once: one RTSP session and one thread per camera, whatever uses it.

A ``CameraFeed`` reads its camera's RTSP session with PyAV (FFmpeg) on a thread of its own, copies
each compressed video packet once (console.services.video.packets) and hands it to every sink of
the camera: a tile's relay to libvlc (console.services.video.relay), clip files
(console.services.video.clips). Nothing is decoded. The feed keeps the newest packets in its
pre-alarm buffer (console.services.video.prealarm): ``prealarm_s`` seconds for a camera held for
pre-alarm footage, else only the current group of pictures, so that a tile that joins starts at
once and a clip starts before its alarm.

The ``FeedHub`` owns the feeds, one per camera (enterprise/code). A feed runs while it has a sink
or is held for pre-alarm; then its thread ends and its buffer is freed. At most
``prealarm_max_cameras`` cameras are held, the ones whose points alarmed most recently first
(at start: the plant's order). A held camera that loses its session reconnects by itself, after
``retry_min_s`` doubling up to ``retry_max_s``; the sinks of a lost session are ended with the
reason (a tile reconnects through the wall).
"""

from __future__ import annotations

import importlib.util
import logging
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Callable

from console.domain.redact import redact_url
from console.services.video.health import Backoff
from console.services.video.packets import PacketRecord, Sink
from console.services.video.prealarm import PreAlarmBuffer

log = logging.getLogger("console.services.video.feeds")

THREAD_NAME = "video-feed"


def rtsp_options(tcp: bool, read_timeout_s: float) -> dict[str, str]:
    """FFmpeg input options for a low start-up delay (no long stream probing, no input buffer), and
    FFmpeg's own timeout of each socket read or write (microseconds)."""
    return {
        "rtsp_transport": "tcp" if tcp else "udp",
        "probesize": "32",
        "analyzeduration": "0",
        "fflags": "nobuffer",
        "timeout": str(max(1, int(read_timeout_s * 1_000_000))),
    }


def open_rtsp(url: str, tcp: bool, open_timeout_s: float, read_timeout_s: float) -> Any:
    """The camera's RTSP session: opened within ``open_timeout_s``, and ending with a timeout error
    when a socket read waits more than ``read_timeout_s``.

    PyAV's read timeout is not used: it is an interrupt callback that FFmpeg calls at every socket
    wait and read, and that takes the GIL each time (about a hundred times a second per camera at
    600 kbit/s); with ten cameras the GUI thread had to hand the GIL over thousands of times a second.
    FFmpeg's own ``timeout`` option bounds each socket operation without Python. PyAV's open
    timeout (the whole handshake) stays: it runs once a session."""
    import av  # PyAV: imported here so that the console starts without it (then: no video from RTSP)

    return av.open(url, options=rtsp_options(tcp, read_timeout_s), timeout=(open_timeout_s, None))


@dataclass(frozen=True)
class FeedOptions:
    prealarm_s: float = 10.0
    prealarm_max_bytes: int = 8 * 1024 * 1024
    prealarm_max_cameras: int = 8
    open_timeout_s: float = 5.0
    read_timeout_s: float = 3.0
    retry_min_s: float = 1.0
    retry_max_s: float = 30.0


class CameraFeed:
    """One camera's session and thread. Sinks are attached through the hub (under its lock)."""

    def __init__(self, key: str, url: str, tcp: bool, options: FeedOptions, lock: threading.Lock) -> None:
        self.key = key
        self.url = url
        self.tcp = tcp
        self._options = options
        self._lock = lock  # the hub's: attaching and the decision to end are one step
        self._pending: list[Sink] = []  # attached, not yet begun (lock)
        self._sinks: list[Sink] = []  # the feed thread's own
        self._held = False
        self._stop = threading.Event()
        self._wake = threading.Event()
        self.buffer = PreAlarmBuffer(0.0, options.prealarm_max_bytes)
        self.closed = False  # the thread has decided to end (lock): attach to a new feed
        self.sessions = 0  # RTSP sessions opened
        self.packets = 0
        self.connected = False
        self._thread = threading.Thread(target=self._run, name=THREAD_NAME, daemon=True)

    # -- any thread (the hub holds the lock) ---------------------------------------------------
    def start(self) -> None:
        self._thread.start()

    def add(self, sink: Sink) -> None:
        self._pending.append(sink)
        self._wake.set()

    @property
    def held(self) -> bool:
        return self._held

    def set_held(self, held: bool) -> None:
        self._held = held
        self.buffer.seconds = self._options.prealarm_s if held else 0.0
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()

    def join(self, timeout: float) -> None:
        self._thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def _wanted(self) -> bool:
        return bool(self._sinks or self._pending or self._held) and not self._stop.is_set()

    # -- the feed thread -------------------------------------------------------------------------
    def _run(self) -> None:
        backoff = Backoff(max(0.1, self._options.retry_min_s), max(0.1, self._options.retry_min_s, self._options.retry_max_s))
        try:
            while True:
                with self._lock:
                    if not self._wanted():
                        self.closed = True
                        return
                packets_before = self.packets
                why = self._session()
                if self._stop.is_set():
                    return
                if why:
                    self._end_all(why)
                    if self.packets > packets_before:
                        backoff.reset()
                    if self._held:  # nobody waits: retry later (a sink attached meanwhile wakes it)
                        self._wake.clear()
                        self._wake.wait(backoff.next_delay())
        finally:
            with self._lock:
                self.closed = True
                pending, self._pending = self._pending, []
            self._end_all("", pending)
            self.buffer.clear()

    def _session(self) -> str:
        """One RTSP session, for as long as it is wanted: "" when it is no longer wanted, else why it ended."""
        try:
            import av
        except ImportError as exc:  # found at start (FeedHub) but its FFmpeg libraries would not load
            return f"PyAV not usable ({exc})"
        source = None
        try:
            source = open_rtsp(self.url, self.tcp, self._options.open_timeout_s, self._options.read_timeout_s)
            self.sessions += 1
            if not source.streams.video:
                raise ValueError("the stream has no video")
            video = source.streams.video[0]
            base = video.time_base
            self.buffer.clear()
            self.connected = True
            last_dts = None
            for packet in source.demux(video):
                if self._stop.is_set():
                    return ""
                if packet.dts is None or packet.pts is None or packet.size == 0:
                    continue
                if last_dts is not None and packet.dts <= last_dts:
                    continue  # a muxer refuses a DTS that does not increase
                last_dts = packet.dts
                record = PacketRecord(bytes(packet), packet.pts, packet.dts, bool(packet.is_keyframe), base, time.time())
                self.packets += 1
                self.buffer.append(record)
                self._serve(video, record)
                if not self._wanted():
                    return ""
            return "the camera ended the stream"
        except (OSError, ValueError, av.FFmpegError) as exc:
            return redact_url(f"{type(exc).__name__}: {exc}")
        except Exception as exc:  # a PyAV surprise must end this session only, loudly
            log.exception("video feed of %s failed unexpectedly", redact_url(self.url))
            return redact_url(f"{type(exc).__name__}: {exc}")
        finally:
            self.connected = False
            self.buffer.clear()
            if source is not None:
                try:
                    source.close()
                except Exception:
                    pass

    def _serve(self, video: Any, record: PacketRecord) -> None:
        for sink in list(self._sinks):
            if sink.cancelled:
                self._remove(sink, "")
                continue
            try:
                alive = sink.put(record)
            except Exception as exc:
                self._remove(sink, redact_url(f"{type(exc).__name__}: {exc}"))
                continue
            if not alive:
                self._remove(sink, "")
        if not self._pending:
            return
        with self._lock:
            new, self._pending = self._pending, []
        for sink in new:
            if sink.cancelled:
                self._finish(sink, "")
                continue
            history = self.buffer.all() if sink.history_wanted == "prealarm" else self.buffer.latest_group()
            try:
                sink.begin(video, history)
                alive = sink.put(record) if not history or history[-1] is not record else True
            except Exception as exc:
                self._finish(sink, redact_url(f"{type(exc).__name__}: {exc}"))
                continue
            if alive:
                self._sinks.append(sink)
            else:
                self._finish(sink, "")

    def _remove(self, sink: Sink, why: str) -> None:
        self._sinks.remove(sink)
        self._finish(sink, why)

    def _end_all(self, why: str, extra: list[Sink] | None = None) -> None:
        sinks, self._sinks = self._sinks, []
        if why:
            with self._lock:
                pending, self._pending = self._pending, []
            sinks += pending
        for sink in sinks + (extra or []):
            self._finish(sink, why)

    @staticmethod
    def _finish(sink: Sink, why: str) -> None:
        try:
            sink.end(why)
        except Exception:
            log.exception("video: a sink failed to end")
        finally:
            sink.finished.set()


class HeldCameras:
    """Which cameras keep a pre-alarm buffer: at most ``limit``, the most recently alarmed first.

    A camera taken in for an alarm stays at least ``min_hold_s``: in a flood, alarms on more
    cameras than the limit do not make the held cameras change at every alarm (each change is a
    session closed and another opened, whose buffer needs ``prealarm_s`` to fill anyway)."""

    def __init__(self, limit: int, min_hold_s: float = 60.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = max(0, limit)
        self.min_hold_s = min_hold_s
        self._clock = clock
        self._order: OrderedDict[str, float] = OrderedDict()  # key → when taken in for an alarm (0: at start)
        self.refused = 0  # alarmed cameras not taken in: all held ones were taken in too recently

    def __contains__(self, key: str) -> bool:
        return key in self._order

    def keys(self) -> list[str]:
        return list(self._order)

    def add(self, key: str, recent: bool) -> list[str]:
        """Hold this camera (``recent``: it alarmed just now, so it goes first); returns the keys let go."""
        if self.limit == 0:
            return []
        now = self._clock() if recent else 0.0
        if key in self._order:
            if recent:
                self._order[key] = now
                self._order.move_to_end(key)
            return []
        if len(self._order) >= self.limit:
            oldest, since = next(iter(self._order.items()))
            if not recent or (since and now - since < self.min_hold_s):
                self.refused += recent
                return []
            del self._order[oldest]
            self._order[key] = now
            return [oldest]
        self._order[key] = now
        return []


class FeedHub:
    def __init__(self, options: FeedOptions) -> None:
        self.options = options
        self._lock = threading.Lock()
        self._feeds: dict[str, CameraFeed] = {}
        self._held = HeldCameras(options.prealarm_max_cameras if options.prealarm_s > 0 else 0)
        self._closed = False
        # PyAV reads the RTSP sessions; it is found here and imported by the first session's
        # thread, not at start-up (its FFmpeg libraries are the costliest import of the video).
        self.unavailable = "" if importlib.util.find_spec("av") is not None else "PyAV not usable (no module named 'av')"

    def attach(self, key: str, url: str, tcp: bool, sink: Sink) -> None:
        """Hand the camera's packets to ``sink`` (its session starts if it is not running)."""
        with self._lock:
            feed = None if self._closed or self.unavailable else self._feed_locked(key, url, tcp)
            if feed is not None:
                feed.add(sink)
        if feed is None:
            CameraFeed._finish(sink, self.unavailable or "the video is closing")

    def _feed_locked(self, key: str, url: str, tcp: bool) -> CameraFeed:
        feed = self._feeds.get(key)
        if feed is not None and (feed.url != url or feed.tcp != tcp) and not feed.closed:
            feed.stop()  # the plant changed the camera's address
            feed = None
        if feed is None or feed.closed:
            feed = CameraFeed(key, url, tcp, self.options, self._lock)
            feed.set_held(key in self._held)
            self._feeds[key] = feed
            feed.start()
        return feed

    def hold(self, key: str, url: str, tcp: bool, recent: bool = False) -> None:
        """Keep this camera's pre-alarm buffer (``recent``: one of its points alarmed now)."""
        if self._held.limit == 0 or self.unavailable:
            return
        with self._lock:
            if self._closed:
                return
            for dropped in self._held.add(key, recent):
                feed = self._feeds.get(dropped)
                if feed is not None and not feed.closed:
                    feed.set_held(False)  # ends when nobody else uses it
            if key in self._held:
                feed = self._feed_locked(key, url, tcp)
                if not feed.held:
                    feed.set_held(True)

    def running(self, key: str) -> bool:
        with self._lock:
            feed = self._feeds.get(key)
            return feed is not None and not feed.closed

    def feed(self, key: str) -> CameraFeed | None:
        with self._lock:
            return self._feeds.get(key)

    def held(self) -> list[str]:
        return self._held.keys()

    def stats(self) -> tuple[int, int, int]:
        """(threads running, sessions connected, bytes buffered)."""
        with self._lock:
            feeds = list(self._feeds.values())
        return (sum(f.running for f in feeds), sum(f.connected for f in feeds), sum(f.buffer.bytes for f in feeds))

    def close(self, timeout: float) -> None:
        """Stop every feed (their sinks end: clips keep what they recorded); wait up to ``timeout``."""
        with self._lock:
            self._closed = True
            feeds = list(self._feeds.values())
            self._feeds.clear()
        for feed in feeds:
            feed.stop()
        deadline = time.monotonic() + timeout
        for feed in feeds:
            feed.join(max(0.0, deadline - time.monotonic()))
        running = sum(f.running for f in feeds)
        if running:
            log.warning("video: %d camera feed thread(s) still finishing after %.1f s", running, timeout)
