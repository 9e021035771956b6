"""The video wall: tiles of 1, 4 or 9 cameras, which camera plays where, following the alarms,
reconnecting lost cameras, raising their communication alarms, and taking evidence.

* Selecting an alarm shows the camera(s) linked to its point, from the first tile not pinned.
* A new alarm of the highest priority present switches the main tile (0) to its camera
  (``follow_alarms``), unless the operator pinned a camera there. The first switch is immediate;
  then the main tile keeps that camera for ``follow_hold_s`` (10 s): further alarms of the same
  priority are gathered into one switch at the end of the hold, to the newest of them still
  active, and the hold starts again. An alarm of a higher priority than the one shown switches at
  once. In a flood the operator sees each camera long enough to look at it, and the tile is not
  re-opened ten times a second (each switch is a new libvlc session: CPU, and native memory that
  glibc does not give back at once; issue 16).
* A tile that loses its picture shows "no signal" since the time it was lost and reconnects with
  backoff; after ``comm_alarm_s`` without picture the camera gets a communication alarm, which
  returns to normal when the picture is back.
* Live pictures are for someone signed in (``user_rules.may_watch_video``, asked of ``role()``;
  ``viewer_changed()`` after each sign-in, sign-out and handover): with nobody signed in the tiles
  keep their cameras, following the alarms as ever, and say so (``TileState.WITHHELD``) without
  opening a libvlc session; they play at the next sign-in. ``live_without_sign_in`` makes the wall
  public. Pre-alarm footage and clips do not wait for a viewer.
* On acknowledgment (by this workstation) the picture of the alarm's camera is saved as a
  snapshot; ``snapshot(tile)`` does it on demand; a clip of ``clip_s`` seconds is recorded from
  the camera(s) of each new alarm.

QtCore only: the widgets (widgets/video/panel.py) call the slots and draw what the signals say.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from dataclasses import dataclass, field, replace
from typing import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from console.domain.alarms import Alarm, AlarmBook, AlarmChange, Event
from console.domain.plant import Camera, PlantRegistry
from console.domain.user_rules import may_watch_video
from console.services.video.camera_alarms import CONDITION as CAMERA_CONDITION, CameraAlarms
from console.services.video.engine import VideoEngine
from console.services.video.evidence import EvidenceStore
from console.services.video.feeds import FeedHub
from console.services.video.frames import Frame
from console.services.video.health import Backoff, SignalHealth, TileState
from console.services.video.player import CLOSE_JOIN_S, PathChoice, PlayerOptions, TilePlayer

log = logging.getLogger("console.services.video.wall")

LAYOUTS = (1, 4, 9)
MAX_TILES = 9
FOLLOW_MS = 150  # the shortest hold (follow_hold_s 0): alarms raised within this time switch the main tile once
TICK_MS = 1000
SNAPSHOT_TIMES_KEPT = 1000


@dataclass(frozen=True)
class WallOptions:
    layout: int = 4
    follow_alarms: bool = True
    follow_hold_s: float = 10.0
    rtsp_tcp: bool = True
    reconnect_min_s: float = 1.0
    reconnect_max_s: float = 30.0
    comm_alarm_s: float = 60.0
    snapshot_on_ack: bool = True
    live_without_sign_in: bool = False  # a public wall: live pictures with nobody signed in
    render: str = "auto"  # auto, window or image (read by the widget, which knows the platform)
    player: PlayerOptions = field(default_factory=PlayerOptions)


@dataclass(frozen=True)
class TileInfo:
    """What one tile shows, as plain data for the widget."""

    index: int
    camera: Camera | None = None
    enterprise_name: str = ""
    state: TileState = TileState.IDLE
    lost_at: float | None = None  # wall-clock time the picture was lost (no signal since)
    pinned: bool = False
    alarm_key: str = ""  # the alarm the camera is shown for ("" chosen by hand)


class _Tile:
    def __init__(self, index: int, options: WallOptions, owner: QObject) -> None:
        self.index = index
        self.player: TilePlayer | None = None
        self.window: int | None = None  # native window id from the widget (None: image rendering)
        self.box = (0, 0)
        self.camera: Camera | None = None
        self.state = TileState.IDLE
        self.pinned = False
        self.alarm: Alarm | None = None
        self.health = SignalHealth(options.comm_alarm_s)
        self.backoff = Backoff(options.reconnect_min_s, options.reconnect_max_s)
        self.retry = QTimer(owner)  # deleted with the wall, on its thread
        self.retry.setSingleShot(True)


class VideoWall(QObject):
    tile_changed = Signal(object)  # TileInfo
    layout_changed = Signal(int)
    frame_ready = Signal(int)  # tile index: a frame waits in take_frame(index) (image rendering)
    message = Signal(str)  # for the operator: evidence saved or not
    live_changed = Signal(bool)  # live pictures shown (someone signed in) or withheld

    def __init__(self, engine: VideoEngine | None, registry: PlantRegistry, book: AlarmBook, deliver: Callable[..., None],
                 clock: Callable[[], float], options: WallOptions, choice: PathChoice | None,
                 camera_alarms: CameraAlarms, evidence: EvidenceStore | None, station: str, feeds: FeedHub,
                 role: Callable[[], str | None], operator: Callable[[], str] = lambda: "", unavailable: str = "",
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.feeds = feeds
        self._engine = engine
        self._registry = registry
        self._book = book
        self._deliver = deliver
        self._clock = clock
        self.options = options
        self._choice = choice
        self._camera_alarms = camera_alarms
        self.evidence = evidence
        self._station = station
        self._operator = operator
        self._role = role
        self.unavailable = unavailable if engine is None else ""
        self.layout = options.layout if options.layout in LAYOUTS else 4
        self._tiles = [_Tile(i, options, self) for i in range(MAX_TILES)]
        for tile in self._tiles:
            tile.retry.timeout.connect(lambda t=tile: self._reconnect(t))
        self._follow_pending: Alarm | None = None
        self._followed: Alarm | None = None  # the alarm whose camera the main tile switched to last
        self._follow = QTimer(self)  # the hold: runs from each switch
        self._follow.setSingleShot(True)
        self._follow.setInterval(max(FOLLOW_MS, int(options.follow_hold_s * 1000)))
        self._follow.timeout.connect(self._hold_over)
        self._tick = QTimer(self)
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(self._check_alarms)
        self._tick.start()
        self._closed = False
        self._live = self._may_watch()
        self.switches = 0  # automatic switches to a new alarm's camera
        # time libvlc took to write each of the latest snapshots (benchmarks/video.py); bounded: the console runs for months
        self.snapshot_s: deque[float] = deque(maxlen=SNAPSHOT_TIMES_KEPT)
        book.subscribe(self._on_alarm_change)
        for camera in self._alarm_cameras():
            self.feeds.hold(self._key(camera), camera.url, self._tcp(camera))

    # -- state for the widget ----------------------------------------------------------------
    @property
    def available(self) -> bool:
        return self._engine is not None

    @property
    def rtsp_path(self) -> str:
        return self._choice.path.value if self._choice is not None else ""

    @property
    def live(self) -> bool:
        """Live pictures are shown now (someone signed in, or a public wall)."""
        return self._live

    def info(self, index: int) -> TileInfo:
        t = self._tiles[index]
        name = self._registry.enterprise_name(t.camera.enterprise) if t.camera is not None else ""
        return TileInfo(index, t.camera, name, t.state, t.health.lost_at, t.pinned, t.alarm.key if t.alarm else "")

    def player(self, index: int) -> TilePlayer | None:
        return self._tiles[index].player

    def take_frame(self, index: int) -> Frame | None:
        player = self._tiles[index].player
        return player.take_frame() if player is not None else None

    def aspect(self, index: int) -> float:
        player = self._tiles[index].player
        return player.aspect if player is not None else 0.0

    def cameras(self) -> list[tuple[str, list[Camera]]]:
        """(enterprise name, its cameras) for the camera list, in the registry's order."""
        return [(e.name, list(e.cameras.values())) for e in self._registry.enterprises() if e.cameras]

    # -- requests from the widget ---------------------------------------------------------------
    def attach_window(self, index: int, window_id: int | None) -> None:
        """The tile's native window (None: frames are drawn by Qt). Call before anything plays."""
        tile = self._tiles[index]
        tile.window = window_id
        if tile.player is not None:
            tile.player.set_window(window_id)

    def set_tile_box(self, index: int, width: int, height: int) -> None:
        tile = self._tiles[index]
        tile.box = (width, height)
        if tile.player is not None:
            tile.player.set_box(width, height)

    def set_layout(self, count: int) -> None:
        if count not in LAYOUTS or count == self.layout:
            return
        self.layout = count
        for tile in self._tiles[count:]:
            self._clear(tile)
        self.layout_changed.emit(count)

    def show_camera(self, index: int, enterprise: str, code: str) -> None:
        """The operator's choice of a camera for a tile."""
        camera = self._registry.camera(enterprise, code)
        if camera is None or not 0 <= index < self.layout:
            return
        self._show(self._tiles[index], camera, None)

    def set_pinned(self, index: int, pinned: bool) -> None:
        tile = self._tiles[index]
        if tile.pinned != pinned:
            tile.pinned = pinned
            self._changed(tile)

    def show_alarm(self, alarm: Alarm | None) -> None:
        """The operator selected an alarm: its camera(s), from the first tile not pinned."""
        if alarm is None:
            return
        cameras = self._cameras_for(alarm)
        free = [t for t in self._tiles[: self.layout] if not t.pinned]
        for tile, camera in zip(free, cameras, strict=False):
            self._show(tile, camera, alarm)

    def snapshot(self, index: int) -> bool:
        """Save the tile's current picture, linked to the alarm it shows (or the selected one)."""
        tile = self._tiles[index]
        occurrence = tile.alarm.occurrence_id if tile.alarm is not None else ""
        return self._snapshot(tile, occurrence, self._operator())

    def viewer_changed(self) -> None:
        """Someone signed in or out, or the duty was handed over: tiles start or stop their live pictures."""
        live = self._may_watch()
        if live == self._live or self._closed:
            return
        self._live = live
        log.info("video: live pictures %s", "shown" if live else "withheld: nobody signed in")
        for tile in self._tiles[: self.layout]:
            if tile.camera is not None:
                self._start(tile, tile.camera)
        self.live_changed.emit(live)

    def _may_watch(self) -> bool:
        return self.options.live_without_sign_in or may_watch_video(self._role())

    # -- the alarms ---------------------------------------------------------------------------------
    def _alarm_cameras(self) -> list[Camera]:
        """The cameras of points that can alarm, in the plant's order (they keep pre-alarm footage)."""
        seen: dict[tuple[str, str], Camera] = {}
        for enterprise in self._registry.enterprises():
            for point in enterprise.points.values():
                if point.in_use and point.thresholds():
                    for camera in self._registry.cameras_of(enterprise.code, point.code):
                        if camera.url.lower().startswith(("rtsp://", "rtsps://")):
                            seen.setdefault((camera.enterprise, camera.code), camera)
        return list(seen.values())

    @staticmethod
    def _key(camera: Camera) -> str:
        return f"{camera.enterprise}/{camera.code}"

    def _cameras_for(self, alarm: Alarm) -> list[Camera]:
        if alarm.condition == CAMERA_CONDITION:
            own = self._registry.camera(alarm.enterprise, alarm.point)
            if own is not None:
                return [own]
        return self._registry.cameras_of(alarm.enterprise, alarm.point)

    def _on_alarm_change(self, change: AlarmChange) -> None:
        if self._closed or change.alarm.is_system:
            return
        alarm = change.alarm
        if change.event is Event.RAISED:
            cameras = self._cameras_for(alarm)
            if not cameras or alarm.condition == CAMERA_CONDITION:
                return  # a camera's own alarm neither switches to it nor records it
            for camera in cameras:  # alarmed now: these keep their pre-alarm footage first
                if camera.url.lower().startswith(("rtsp://", "rtsps://")):
                    self.feeds.hold(self._key(camera), camera.url, self._tcp(camera), recent=True)
            if self.evidence is not None and alarm.in_main_list:
                for camera in cameras:
                    self.evidence.record_clip(camera, alarm.occurrence_id, self._tcp(camera))
            if self.options.follow_alarms and self._engine is not None and alarm.in_main_list and self._highest(alarm):
                self._follow_pending = alarm
                if not self._follow.isActive() or self._outranks_followed(alarm):
                    self._follow.start()  # the first switches at once and starts the hold; a higher priority too
                    self._apply_follow()
        elif change.event is Event.ACKED and self.options.snapshot_on_ack:
            ack = alarm.ack
            if ack is None or ack.station != self._station:
                return
            wanted = {(c.enterprise, c.code) for c in self._cameras_for(alarm)}
            shown = [(t, t.camera) for t in self._tiles[: self.layout] if t.camera is not None and (t.camera.enterprise, t.camera.code) in wanted]
            taken = {(c.enterprise, c.code) for t, c in shown if self._snapshot(t, alarm.occurrence_id, ack.operator)}
            if wanted and not taken:
                log.info("no snapshot at acknowledgment of %s: none of its cameras is showing a picture", alarm.key)

    def _highest(self, alarm: Alarm) -> bool:
        """Of the highest priority among the active alarms in the operator's list."""
        top = self._book.top_priority()  # kept up to date by the book: no scan per alarm in a flood
        return top is None or int(alarm.priority) <= int(top)

    def _outranks_followed(self, alarm: Alarm) -> bool:
        """Of a higher priority than the alarm the main tile follows, or that one is over."""
        followed = self._book.get(self._followed.key) if self._followed is not None else None
        return followed is None or not followed.state.active or int(alarm.priority) < int(followed.priority)

    def _hold_over(self) -> None:
        """The end of a hold: the newest alarm gathered meanwhile, if any, and a new hold after it."""
        if self._apply_follow():
            self._follow.start()

    def _apply_follow(self) -> bool:
        """Switch the free tiles to the pending alarm's cameras; False when nothing switched."""
        alarm, self._follow_pending = self._follow_pending, None
        if alarm is None or self._closed:
            return False
        main = self._tiles[0]
        if main.pinned:
            return False
        current = self._book.get(alarm.key)
        if current is None or not current.state.active:
            return False
        cameras = self._cameras_for(current)
        if not cameras:
            return False
        self.switches += 1
        self._followed = current
        free = [t for t in self._tiles[: self.layout] if not t.pinned]
        for tile, camera in zip(free, cameras, strict=False):
            self._show(tile, camera, current)
        return True

    # -- playing ---------------------------------------------------------------------------------------
    def _tcp(self, camera: Camera) -> bool:
        return camera.rtsp_tcp if camera.rtsp_tcp is not None else self.options.rtsp_tcp

    def _player(self, tile: _Tile) -> TilePlayer | None:
        if tile.player is None and self._engine is not None and self._choice is not None:
            try:
                player = TilePlayer(self._engine.vlc, self._engine.instance, self._deliver, self._choice,
                                    self.options.player, self.feeds, self)
            except Exception as exc:
                log.error("video: no player for tile %d: %s", tile.index, exc)
                return None
            player.set_window(tile.window)
            player.set_box(*tile.box)
            player.started.connect(lambda t=tile: self._started(t))
            player.failed.connect(lambda reason, t=tile: self._failed(t, reason))
            player.frame_ready.connect(lambda i=tile.index: self.frame_ready.emit(i))
            tile.player = player
        return tile.player

    def _show(self, tile: _Tile, camera: Camera, alarm: Alarm | None) -> None:
        same = tile.camera is not None and (tile.camera.enterprise, tile.camera.code) == (camera.enterprise, camera.code)
        tile.alarm = alarm
        if same and tile.state in (TileState.PLAYING, TileState.CONNECTING, TileState.NO_SIGNAL, TileState.WITHHELD):
            self._changed(tile)
            return
        self._clear(tile, keep_alarm=True)
        self._start(tile, camera)

    def _start(self, tile: _Tile, camera: Camera) -> None:
        """A live session for the tile's camera, or its picture withheld (nobody signed in)."""
        tile.retry.stop()
        tile.camera = camera
        tile.health = SignalHealth(self.options.comm_alarm_s)
        tile.backoff.reset()
        if not self._live:
            if tile.player is not None:
                tile.player.stop()
            tile.state = TileState.WITHHELD
            self._changed(tile)
            return
        tile.state = TileState.CONNECTING
        player = self._player(tile)
        if player is not None:
            player.play(replace(camera, rtsp_tcp=self._tcp(camera)))
        self._changed(tile)

    def _clear(self, tile: _Tile, keep_alarm: bool = False) -> None:
        tile.retry.stop()
        if tile.player is not None:
            tile.player.stop()
        tile.health.forget()
        tile.camera = None
        tile.state = TileState.IDLE
        if not keep_alarm:
            tile.alarm = None
        self._changed(tile)

    def _started(self, tile: _Tile) -> None:
        tile.state = TileState.PLAYING
        tile.backoff.reset()
        if tile.health.picture() and tile.camera is not None:
            self._camera_alarms.back(tile.camera)
        elif tile.camera is not None:
            self._camera_alarms_back_if_standing(tile.camera)
        self._changed(tile)

    def _camera_alarms_back_if_standing(self, camera: Camera) -> None:
        """A camera whose alarm was raised while another tile (or an earlier choice) watched it."""
        from console.services.video.camera_alarms import camera_alarm_key

        current = self._book.get(camera_alarm_key(camera))
        if current is not None and current.state.active:
            self._camera_alarms.back(camera)

    def _failed(self, tile: _Tile, reason: str) -> None:
        if tile.camera is None:
            return
        tile.state = TileState.NO_SIGNAL
        tile.health.lost(self._clock())
        delay = tile.backoff.next_delay()
        log.info("video: tile %d (%s) reconnects in %.0f s", tile.index + 1, tile.camera.code, delay)
        tile.retry.start(int(delay * 1000))
        self._changed(tile)
        self._check_alarms()

    def _reconnect(self, tile: _Tile) -> None:
        if tile.camera is None or tile.player is None or self._closed:
            return
        tile.player.play(replace(tile.camera, rtsp_tcp=self._tcp(tile.camera)))

    def _check_alarms(self) -> None:
        now = self._clock()
        for tile in self._tiles[: self.layout]:
            if tile.camera is not None and tile.health.alarm_due(now):
                log.warning("video: camera %s without picture since %s: communication alarm", tile.camera.code,
                            time.strftime("%H:%M:%S", time.localtime(tile.health.lost_at or now)))
                self._camera_alarms.lost(tile.camera, tile.health.lost_at or now)

    def _snapshot(self, tile: _Tile, occurrence_id: str, operator: str) -> bool:
        player = tile.player
        if self.evidence is None or player is None or tile.camera is None or tile.state is not TileState.PLAYING:
            return False
        # libvlc writes the picture it shows, at the stream's full size (it waits for the next
        # picture: about one frame interval on the GUI thread, plus the PNG encoding).
        path, at = self.evidence.snapshot_path(tile.camera, occurrence_id)
        started = time.monotonic()
        if player.take_snapshot(str(path)) and path.is_file():
            self.snapshot_s.append(time.monotonic() - started)
            self.evidence.save_written(path, tile.camera, occurrence_id, operator, at)
            return True
        frame = player.last_frame() if player.renders_images else None
        if frame is None:
            return False
        self.evidence.save_frame(frame, player.aspect, tile.camera, occurrence_id, operator)  # the tile-sized frame
        return True

    def _changed(self, tile: _Tile) -> None:
        self.tile_changed.emit(self.info(tile.index))

    # -- shutdown ----------------------------------------------------------------------------------------
    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._tick.stop()
        self._follow.stop()
        for tile in self._tiles:
            tile.retry.stop()
            if tile.player is not None:
                tile.player.close()
        if self.evidence is not None:
            self.evidence.close()
        self.feeds.close(CLOSE_JOIN_S)  # one bound for all the camera threads
        if self._engine is not None:
            self._engine.close()
