"""Builds the video wall from the settings (called by the composition root, console/shell/app.py)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Callable

from console.domain.alarms import AlarmBook
from console.domain.plant import PlantRegistry
from console.infrastructure.background import Background
from console.infrastructure.settings import Settings, data_dir
from console.infrastructure.store.writer import DutyLogWriter
from console.services.video.camera_alarms import CameraAlarms
from console.services.video.engine import EngineStart, make_engine
from console.services.video.evidence import EvidenceStore
from console.services.video.feeds import FeedHub, FeedOptions
from console.services.video.player import PathChoice, PlayerOptions
from console.services.video.route import RtspPath, choose
from console.services.video.wall import LAYOUTS, VideoWall, WallOptions

log = logging.getLogger("console.services.video")

def wall_options(settings: Settings) -> WallOptions:
    layout = settings["video.layout"]
    if layout not in LAYOUTS:
        log.error("setting video.layout: %r is not 1, 4 or 9; using 4", layout)
        layout = 4
    player = PlayerOptions(
        network_caching_ms=settings["video.network_caching_ms"],
        connect_timeout_s=settings["video.connect_timeout_s"],
        stall_s=settings["video.stall_s"],
        rtsp_tcp_default=settings["video.rtsp_tcp"],
    )
    options = WallOptions(
        layout=layout,
        follow_alarms=settings["video.follow_alarms"],
        follow_hold_s=max(0.0, settings["video.follow_hold_s"]),
        rtsp_tcp=settings["video.rtsp_tcp"],
        reconnect_min_s=max(0.1, settings["video.reconnect_min_s"]),
        reconnect_max_s=max(settings["video.reconnect_min_s"], settings["video.reconnect_max_s"], 0.1),
        comm_alarm_s=settings["video.comm_alarm_s"],
        snapshot_on_ack=settings["video.snapshot_on_ack"],
        live_without_sign_in=settings["video.live_without_sign_in"],
        render=settings["video.render"],
        player=player,
    )
    return options


def feed_options(settings: Settings) -> FeedOptions:
    return FeedOptions(prealarm_s=max(0.0, settings["video.prealarm_s"]),
                       prealarm_max_bytes=max(0, int(settings["video.prealarm_max_mb"] * 1024 * 1024)),
                       # without video shown, no camera is held connected for pre-alarm footage
                       prealarm_max_cameras=max(0, settings["video.prealarm_max_cameras"]) if settings["video.enabled"] else 0,
                       retry_min_s=max(0.1, settings["video.reconnect_min_s"]),
                       retry_max_s=max(settings["video.reconnect_min_s"], settings["video.reconnect_max_s"], 0.1))


def evidence_folder(settings: Settings) -> Path:
    return Path(settings["video.evidence_dir"]) if settings["video.evidence_dir"] else data_dir() / "evidence"


def start_engine(settings: Settings) -> EngineStart | None:
    """libvlc's instance for the wall, begun now on its own thread (None: video is turned off)."""
    return EngineStart() if settings["video.enabled"] else None


def build_wall(settings: Settings, registry: PlantRegistry, book: AlarmBook, deliver: Callable[..., None],
               background: Background, clock: Callable[[], float], writer: DutyLogWriter, station: str,
               role: Callable[[], str | None], operator: Callable[[], str] = lambda: "",
               started: EngineStart | None = None) -> VideoWall:
    """``role``: the signed-in account's role (None: nobody), which decides whether live pictures are
    shown (user_rules.may_watch_video); call the wall's ``viewer_changed`` when it changes.
    ``started``: libvlc's instance begun earlier (start_engine), else it is made here."""
    if not settings["video.enabled"]:
        engine, why = None, "turned off (video.enabled)"
    else:
        engine, why = started.result() if started is not None else make_engine()
    choice = None
    if engine is None:
        log.error("no video: %s", why)
    else:
        path, reason = choose(settings["video.rtsp_path"], engine.vlc)
        choice = PathChoice(path, settings["video.rtsp_path"] != "auto" or path is RtspPath.RELAY, reason)
        log.info("video: libvlc %s; RTSP path %s (%s)", engine.version, path.value, reason)
    feeds = FeedHub(feed_options(settings))
    if feeds.unavailable:
        log.error("no video from RTSP cameras: %s", feeds.unavailable)
    # Video switched off: no clips either (they would open an RTSP session for every alarm); the
    # evidence recorded earlier is still listed with its alarms.
    clip_s = settings["video.clip_s"] if settings["video.enabled"] else 0.0
    if not settings["video.enabled"]:
        log.info("video turned off (video.enabled): no clips of alarms are recorded")
    evidence = EvidenceStore(writer, station, evidence_folder(settings), deliver, background, clock, feeds,
                             clip_s, settings["video.max_clips"])
    return VideoWall(engine, registry, book, deliver, clock, wall_options(settings), choice,
                     CameraAlarms(book, clock), evidence, station, feeds, role, operator, unavailable=why)
