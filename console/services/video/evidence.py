"""Video evidence of an alarm: snapshots and clips, kept as files and linked to the alarm's
occurrence id in the duty log (table ``evidence``, migration 10).

Files go to ``video.evidence_dir`` (default: ``evidence/`` in the data directory), one folder per
day. PNG encoding runs in the background; a clip is written by its camera's thread
(console.services.video.feeds: the camera is received once, whoever watches or records it) and
starts with the camera's pre-alarm footage. The duty-log rows are written by the writer thread
once the file is complete. Everything the GUI learns comes back through
``deliver`` (the GUI thread's dispatcher).

A clip already being recorded from a camera is linked to every alarm raised on it meanwhile
(one file, one row per alarm); at most ``max_clips`` run at once, further ones are skipped with a
log line and counted (an alarm flood must not hold hundreds of clip files open).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, Signal

from console.domain.plant import Camera
from console.infrastructure.background import Background, Operation
from console.infrastructure.store.dutylog import DutyLog
from console.infrastructure.store.schema import EvidenceRecord, utc
from console.infrastructure.store.writer import DutyLogWriter
from console.services.video.clips import ClipSink
from console.services.video.feeds import FeedHub
from console.services.video.frames import Frame
from console.services.video.snapshots import write_png

log = logging.getLogger("console.services.video.evidence")

SNAPSHOT = "snapshot"
CLIP = "clip"


@dataclass(frozen=True)
class EvidenceItem:
    occurrence_id: str
    kind: str  # snapshot | clip
    path: str
    taken_at: float
    camera: str
    enterprise: str
    operator: str
    station: str
    duration_s: float | None = None


def _safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text)[:48] or "x"


class EvidenceStore(QObject):
    stored = Signal(object)  # EvidenceItem, once its row is in the duty log
    listed = Signal(str, object)  # occurrence id, tuple[EvidenceItem, ...] (answer to request)
    problem = Signal(str)  # a snapshot or clip could not be made (reason, no credentials)

    def __init__(self, writer: DutyLogWriter, station: str, folder: Path, deliver: Callable[..., None],
                 background: Background, clock: Callable[[], float], feeds: FeedHub, clip_s: float = 30.0,
                 max_clips: int = 4, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._writer = writer
        self._station = station
        self.folder = folder
        self._deliver = deliver
        self._background = background
        self._clock = clock
        self.clip_s = clip_s
        self.max_clips = max_clips
        self._feeds = feeds
        self._clips: dict[str, tuple[ClipSink, list[str], float]] = {}  # camera key → recorder, occurrences, start
        self._snapshots: list[Operation] = []  # PNGs being written
        self.clips_skipped = 0
        self.failures = 0
        self._closed = False

    # -- files -------------------------------------------------------------------------
    def _path(self, camera: Camera, kind: str, at: float, occurrence_id: str, suffix: str) -> Path:
        stamp = dt.datetime.fromtimestamp(at)
        name = f"{stamp:%H%M%S}-{int(at * 1000) % 1000:03d}_{_safe(camera.code)}_{kind}_{_safe(occurrence_id)[:8]}{suffix}"
        return self.folder / f"{stamp:%Y-%m-%d}" / name

    # -- snapshots -------------------------------------------------------------------------
    def save_frame(self, frame: Frame, aspect: float, camera: Camera, occurrence_id: str, operator: str) -> None:
        """Write the frame (from libvlc's video callbacks) as PNG in the background, then record it."""
        at = self._clock()
        path = self._path(camera, SNAPSHOT, at, occurrence_id, ".png")

        item = EvidenceItem(occurrence_id, SNAPSHOT, str(path), at, camera.code, camera.enterprise, operator, self._station)
        op = self._background.run(lambda _op: write_png(path, frame.data, frame.width, frame.height, aspect),
                                  lambda _r: self._record(item), self._snapshot_failed,
                                  name="video-snapshot")
        self._snapshots = [s for s in self._snapshots if not s.finished] + [op]

    def save_written(self, path: Path, camera: Camera, occurrence_id: str, operator: str, at: float) -> None:
        """A snapshot libvlc wrote itself (window rendering): record it."""
        self._record(EvidenceItem(occurrence_id, SNAPSHOT, str(path), at, camera.code, camera.enterprise, operator, self._station))

    def snapshot_path(self, camera: Camera, occurrence_id: str) -> tuple[Path, float]:
        at = self._clock()
        path = self._path(camera, SNAPSHOT, at, occurrence_id, ".png")
        path.parent.mkdir(parents=True, exist_ok=True)
        return path, at

    # -- clips ---------------------------------------------------------------------------------
    def record_clip(self, camera: Camera, occurrence_id: str, tcp: bool) -> bool:
        """Record ``clip_s`` seconds of the camera for this alarm; False when skipped."""
        if self.clip_s <= 0 or not camera.url:
            return False
        key = f"{camera.enterprise}/{camera.code}"
        running = self._clips.get(key)
        if running is not None:
            if occurrence_id not in running[1]:
                running[1].append(occurrence_id)
            return True
        if len(self._clips) >= self.max_clips:
            self.clips_skipped += 1
            log.warning("no clip of camera %s for alarm %s: %d clips are being recorded already (video.max_clips)",
                        camera.code, occurrence_id, len(self._clips))
            return False
        at = self._clock()
        path = self._path(camera, CLIP, at, occurrence_id, ".mkv")
        occurrences = [occurrence_id]
        sink = ClipSink(path, self.clip_s, self._deliver,
                        lambda p, seconds, before: self._clip_done(key, camera, p, seconds, before),
                        lambda why: self._clip_failed(key, why), camera.code)
        self._clips[key] = (sink, occurrences, at)
        self._feeds.attach(key, camera.url, tcp, sink)
        return True

    def recording(self) -> int:
        return len(self._clips)

    def _clip_done(self, key: str, camera: Camera, path: Path, seconds: float, before_alarm: float) -> None:
        _sink, occurrences, at = self._clips.pop(key, (None, [], self._clock()))
        log.info("clip of %s: %.1f s, %.1f s of it from before the alarm", camera.code, seconds, before_alarm)
        for occurrence_id in occurrences:
            self._record(EvidenceItem(occurrence_id, CLIP, str(path), at, camera.code, camera.enterprise, "",
                                      self._station, round(seconds, 3)))

    def _clip_failed(self, key: str, why: str) -> None:
        self._clips.pop(key, None)
        self._failed(why)

    # -- the duty log ----------------------------------------------------------------------------
    def _record(self, item: EvidenceItem) -> None:
        if self._closed:
            log.warning("video evidence %s not linked to alarm %s: the console was closing", item.path, item.occurrence_id)
            return

        def job(log_: DutyLog) -> EvidenceItem:
            log_.s.add(EvidenceRecord(occurrence_id=item.occurrence_id, kind=item.kind, path=item.path,
                                      taken_at=utc(item.taken_at), camera=item.camera, enterprise=item.enterprise,
                                      operator=item.operator, station=item.station, duration_s=item.duration_s))
            return item

        self._writer.submit(job, self.stored.emit, lambda exc: self._failed(f"duty log: {exc}"))

    def request(self, occurrence_id: str) -> None:
        """The evidence of one occurrence; the answer comes as ``listed``."""

        def fetch(log_: DutyLog) -> tuple[EvidenceItem, ...]:
            from sqlalchemy import select

            rows = log_.s.scalars(select(EvidenceRecord).where(EvidenceRecord.occurrence_id == occurrence_id)
                                  .order_by(EvidenceRecord.taken_at, EvidenceRecord.id)).all()
            return tuple(EvidenceItem(r.occurrence_id, r.kind, r.path, r.taken_at.timestamp(), r.camera, r.enterprise,
                                      r.operator, r.station, r.duration_s) for r in rows)

        self._writer.submit(fetch, lambda items: self.listed.emit(occurrence_id, items))

    def _failed(self, why: str) -> None:
        log.error("video evidence not saved: %s", why)
        self._count_failure(why)

    def _snapshot_failed(self, exc: BaseException) -> None:
        self._count_failure(f"{type(exc).__name__}: {exc}")  # logged by the background helper

    def _count_failure(self, why: str) -> None:
        self.failures += 1
        self.problem.emit(why)

    def close(self, timeout: float = 3.0) -> None:
        """Shutdown: clips end where they are (what was recorded is kept, but not linked). One
        bound of ``timeout`` seconds for all the clips and snapshots together."""
        self._closed = True
        for sink, _occ, _at in list(self._clips.values()):
            sink.cancel()
        deadline = time.monotonic() + timeout
        for sink, _occ, _at in list(self._clips.values()):
            sink.finished.wait(max(0.0, deadline - time.monotonic()))
        for snapshot in self._snapshots:
            snapshot.wait(max(0.0, deadline - time.monotonic()))
        running = sum(not s.finished.is_set() for s, _occ, _at in self._clips.values())
        if running:
            log.warning("video evidence: %d clip(s) still finishing after %.0f s", running, timeout)


def evidence_between(log_: DutyLog, since: float, until: float) -> list[EvidenceItem]:
    """For the managers' review: every snapshot and clip taken in [since, until) (a writer job)."""
    from sqlalchemy import select

    rows = log_.s.scalars(select(EvidenceRecord).where(EvidenceRecord.taken_at >= utc(since), EvidenceRecord.taken_at < utc(until))
                          .order_by(EvidenceRecord.taken_at, EvidenceRecord.id)).all()
    return [EvidenceItem(r.occurrence_id, r.kind, r.path, r.taken_at.timestamp(), r.camera, r.enterprise, r.operator,
                         r.station, r.duration_s) for r in rows]
