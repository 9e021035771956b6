"""One libvlc media player per tile: plays a camera, says when the first picture is shown and
when the picture is lost.

Every libvlc call happens on the GUI thread (the thread that made the player). libvlc's event
callbacks and the camera's feed thread only hand their news to the GUI thread through ``deliver``
(console.infrastructure.mailbox.Dispatcher.run_on_main, a queued signal); each session has its own number, so
news of an earlier session is ignored.

Rendering: into the tile's native window (``set_window``: X11 ``set_xwindow``, Windows
``set_hwnd``), or, without a window id (offscreen, Wayland), through libvlc's video callbacks
into frames the widget draws (console.services.video.frames).

A session fails, and ``failed(reason)`` is emitted once, when libvlc reports an error or the end
of the stream, when the relay loses the RTSP session, when no picture came within
``connect_timeout_s``, or when the picture stopped for ``stall_s`` (frames counted from the
video callbacks, or from libvlc's statistics when it draws into the window). Reconnecting is the
caller's business (console.services.video.wall).
"""

from __future__ import annotations

import functools
import logging
import os
import sys
import time
from dataclasses import dataclass
from typing import Any, Callable

from PySide6.QtCore import QObject, QTimer, Signal

from console.domain.plant import Camera
from console.domain.redact import redact_url
from console.services.video.frames import Frame, FrameTap
from console.services.video.feeds import FeedHub
from console.services.video.relay import TsSink
from console.services.video.route import RtspPath

log = logging.getLogger("console.services.video.player")

CONNECT_POLL_MS = 40  # while waiting for the first picture
PLAY_POLL_MS = 500  # while playing (stall watch)
DIRECT_FAILURE_WINDOW_S = 3.0  # a direct rtsp:// that errors this fast: libvlc cannot open RTSP
CLOSE_JOIN_S = 1.0  # at close, how long the camera feeds may take to finish


@dataclass(frozen=True)
class PlayerOptions:
    network_caching_ms: int = 200
    connect_timeout_s: float = 8.0
    stall_s: float = 5.0
    rtsp_tcp_default: bool = True


class PathChoice:
    """The RTSP path in use (shared by all players): direct, or relay; ``decided`` once known."""

    def __init__(self, path: RtspPath, decided: bool, why: str) -> None:
        self.path = path
        self.decided = decided
        self.why = why

    def fall_back(self, reason: str) -> None:
        self.path = RtspPath.RELAY
        self.decided = True
        self.why = f"libvlc could not open rtsp:// ({reason}): relay"
        log.warning("video: %s", self.why)


class TilePlayer(QObject):
    started = Signal()  # the first picture of the session is shown
    failed = Signal(str)  # the session is over (reason, without credentials)
    frame_ready = Signal()  # image rendering: a new frame waits in take_frame()

    def __init__(self, vlc: Any, instance: Any, deliver: Callable[..., None], choice: PathChoice,
                 options: PlayerOptions, feeds: FeedHub, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._feeds = feeds
        self._vlc = vlc
        self._instance = instance
        self._deliver = deliver
        self._choice = choice
        self._options = options
        self._player = instance.media_player_new()
        if self._player is None:
            raise RuntimeError("libvlc could not create a media player")
        self._player.video_set_mouse_input(False)  # clicks go to Qt (double-click enlarges)
        self._player.video_set_key_input(False)
        self._window: int | None = None
        self._tap: FrameTap | None = None
        self._session = 0
        self._camera: Camera | None = None
        self._media: Any = None
        self._media_events: Any = None
        self._relay: TsSink | None = None
        self._read_fd: int | None = None
        self._started_at = 0.0
        self._first_frame_at: float | None = None
        self._frames_seen = 0
        self._last_progress = 0.0
        self._path: RtspPath | None = None
        self._closed = False
        self._poll = QTimer(self)
        self._poll.timeout.connect(self._watch)
        # The video output appears with the first decoded picture: the first-frame signal when
        # libvlc draws into the window (its statistics are only updated about once a second).
        self._player_events = self._player.event_manager()
        self._player_events.event_attach(vlc.EventType.MediaPlayerVout, self._on_vout)
        self.sessions = 0
        self.aspect = 0.0  # the picture's width / height as libvlc displays it (0: not known)

    # -- rendering target -------------------------------------------------------------
    def set_window(self, window_id: int | None) -> None:
        """Draw into this native window; None: deliver frames (video callbacks) instead."""
        if window_id:
            self._window = int(window_id)
            if sys.platform.startswith("win"):
                self._player.set_hwnd(self._window)
            elif sys.platform == "darwin":
                self._player.set_nsobject(self._window)
            else:
                self._player.set_xwindow(self._window)
        elif self._tap is None:
            self._window = None
            self._tap = FrameTap(self._vlc, self._player, lambda: self._deliver(self._frame_arrived, self._session))

    @property
    def renders_images(self) -> bool:
        return self._tap is not None

    def set_box(self, width: int, height: int) -> None:
        """Largest picture wanted from libvlc (image rendering): the tile's size."""
        if self._tap is not None:
            self._tap.box = (width, height)

    # -- sessions ------------------------------------------------------------------------
    @property
    def camera(self) -> Camera | None:
        return self._camera

    @property
    def path(self) -> RtspPath | None:
        return self._path

    @property
    def playing(self) -> bool:
        return self._camera is not None and self._first_frame_at is not None

    def play(self, camera: Camera) -> None:
        """Start a session for ``camera`` (stopping any current one)."""
        self._end_session()
        if self._closed:
            return
        if self._window is None and self._tap is None:
            self.set_window(None)
        self._session += 1
        self.sessions += 1
        self._camera = camera
        self._started_at = time.monotonic()
        self._first_frame_at = None
        self._frames_seen = self._frames_now()
        self._last_progress = self._started_at
        url = camera.url
        tcp = camera.rtsp_tcp if camera.rtsp_tcp is not None else self._options.rtsp_tcp_default
        is_rtsp = url.lower().startswith(("rtsp://", "rtsps://"))
        key = f"{camera.enterprise}/{camera.code}"
        # A camera whose feed runs already (pre-alarm, clip) is relayed from it: received once.
        self._path = RtspPath.RELAY if is_rtsp and self._feeds.running(key) else self._choice.path if is_rtsp else RtspPath.DIRECT
        caching = max(0, int(self._options.network_caching_ms))
        try:
            if self._path is RtspPath.RELAY:
                self._relay = TsSink(self._deliver, functools.partial(self._relay_failed, self._session))
                self._read_fd = self._relay.read_fd
                self._feeds.attach(key, url, tcp, self._relay)
                media = self._instance.media_new(f"fd://{self._read_fd}")
                media.add_option(":demux=ts")
                media.add_option(f":file-caching={caching}")
            else:
                media = self._instance.media_new(url)
                media.add_option(f":network-caching={caching}")
                if is_rtsp and tcp:
                    media.add_option(":rtsp-tcp")
            session = self._session
            events = media.event_manager()
            events.event_attach(self._vlc.EventType.MediaStateChanged, self._on_media_state, session)
            self._media, self._media_events = media, events
            self._player.set_media(media)
            if self._player.play() != 0:
                raise RuntimeError("libvlc refused to play")
        except Exception as exc:
            reason = redact_url(f"{type(exc).__name__}: {exc}")
            log.error("video: cannot start %s (%s): %s", camera.code, redact_url(url), reason)
            QTimer.singleShot(0, lambda s=self._session: self._fail(s, reason))
            return
        log.info("video: %s (%s) via %s", camera.code, redact_url(url), self._path.value)
        self._poll.start(CONNECT_POLL_MS)

    def stop(self) -> None:
        self._end_session()
        self._camera = None

    def close(self) -> None:
        """Stop and release the libvlc player (the camera feeds are closed by the wall)."""
        if self._closed:
            return
        self.stop()
        self._closed = True
        try:
            self._player_events.event_detach(self._vlc.EventType.MediaPlayerVout)
            self._player.release()
        except Exception:
            log.debug("releasing a video player failed", exc_info=True)

    # -- what is shown ------------------------------------------------------------------------
    def take_frame(self) -> Frame | None:
        return self._tap.take() if self._tap is not None else None

    def last_frame(self) -> Frame | None:
        return self._tap.last() if self._tap is not None and self.playing else None

    def frames_lost(self) -> int:
        """Pictures libvlc dropped as too late in this session (its statistics, about once a second)."""
        if self._media is None:
            return 0
        try:
            stats = self._vlc.MediaStats()
            self._media.get_stats(stats)
            return int(stats.lost_pictures)
        except Exception:
            return 0

    def frames_shown(self) -> int:
        """Frames libvlc has shown in this session."""
        return self._frames_now() - self._frames_seen if self._camera is not None else 0

    def first_frame_delay(self) -> float | None:
        if self._first_frame_at is None:
            return None
        return self._first_frame_at - self._started_at

    def tap_counts(self) -> tuple[int, int, int]:
        """(delivered by libvlc, taken by the GUI, replaced before taken), all sessions."""
        t = self._tap
        return (t.delivered, t.taken, t.replaced) if t is not None else (0, 0, 0)

    def take_snapshot(self, path: str) -> bool:
        """libvlc writes the picture it shows as PNG (window rendering; blocks for one frame)."""
        if not self.playing:
            return False
        try:
            return self._player.video_take_snapshot(0, path, 0, 0) == 0
        except Exception as exc:
            log.error("video: snapshot failed: %s", exc)
            return False

    # -- internals ------------------------------------------------------------------------------
    def _frames_now(self) -> int:
        if self._tap is not None:
            return self._tap.delivered
        if self._media is None:
            return 0
        try:
            stats = self._vlc.MediaStats()
            self._media.get_stats(stats)
            return int(stats.displayed_pictures)
        except Exception:
            return 0

    def _on_media_state(self, event: Any, session: int) -> None:
        """libvlc's thread: forward only."""
        state = event.u.new_state
        if state in (self._vlc.State.Error, self._vlc.State.Ended):
            self._deliver(self._media_ended, session, state == self._vlc.State.Error)

    def _on_vout(self, event: Any) -> None:
        """libvlc's thread: forward only (the session is read now; after a stop it has moved on)."""
        if event.u.new_count > 0:
            self._deliver(self._vout_created, self._session)

    def _vout_created(self, session: int) -> None:
        if session == self._session and self._media is not None and self._first_frame_at is None and self._tap is None:
            self._picture_started()

    def _media_ended(self, session: int, error: bool) -> None:
        if session != self._session or self._camera is None:
            return
        if error and self._path is RtspPath.DIRECT and not self._choice.decided \
                and self._first_frame_at is None and time.monotonic() - self._started_at < DIRECT_FAILURE_WINDOW_S:
            self._choice.fall_back("libvlc reported an error at once")
            self.play(self._camera)
            return
        self._fail(session, "libvlc could not open the stream" if error else "the stream ended")

    def _relay_failed(self, session: int, why: str) -> None:
        self._fail(session, why)

    def _frame_arrived(self, session: int) -> None:
        if session == self._session and self._tap is not None and self._media is not None:
            self.frame_ready.emit()
            if self._first_frame_at is None and self._camera is not None:
                self._picture_started()

    def _picture_started(self) -> None:
        self._first_frame_at = time.monotonic()
        try:
            width, height = self._player.video_get_size(0)
            self.aspect = width / height if width and height else 0.0
        except Exception:
            self.aspect = 0.0
        self._last_progress = self._first_frame_at
        if self._path is RtspPath.DIRECT and not self._choice.decided:
            self._choice.decided = True
        self._poll.start(PLAY_POLL_MS)
        self.started.emit()

    def _watch(self) -> None:
        if self._camera is None:
            self._poll.stop()
            return
        now = time.monotonic()
        frames = self._frames_now()
        if frames != getattr(self, "_last_frames", -1):
            self._last_frames = frames
            self._last_progress = now
            if self._first_frame_at is None and frames > self._frames_seen:
                self._picture_started()
                return
        if self._first_frame_at is None:
            if now - self._started_at > self._options.connect_timeout_s:
                self._fail(self._session, f"no picture within {self._options.connect_timeout_s:g} s")
        elif now - self._last_progress > self._options.stall_s:
            self._fail(self._session, f"no picture for {self._options.stall_s:g} s")

    def _fail(self, session: int, reason: str) -> None:
        if session != self._session or self._camera is None:
            return
        camera = self._camera
        log.warning("video: %s lost: %s", camera.code, reason)
        self._end_session()
        self._camera = camera  # still the tile's camera: the wall reconnects it
        self.failed.emit(reason)

    def _end_session(self) -> None:
        """Stop libvlc first (it closes the pipe's read end's user), then the relay (the camera's
        feed drops it at its next packet, and ends when nobody else uses it). The session number
        moves on after libvlc has stopped: news it sent until then is known as stale."""
        self._poll.stop()
        relay, self._relay = self._relay, None
        if relay is not None:
            relay.cancel()
        if self._media is not None:
            try:
                self._media_events.event_detach(self._vlc.EventType.MediaStateChanged)
            except Exception:
                pass
            try:
                self._player.stop()
            except Exception:
                log.debug("stopping a video player failed", exc_info=True)
            self._media.release()
            self._media = self._media_events = None
        if self._read_fd is not None:
            try:
                os.close(self._read_fd)  # the relay's next write fails: it ends
            except OSError:
                pass
            self._read_fd = None
        if self._tap is not None:
            self._tap.forget()
        self._session += 1
        self._first_frame_at = None
        self._last_frames = -1
