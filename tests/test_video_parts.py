"""The video's plain parts: RTSP path choice, backoff and no-signal bookkeeping, PNG writing,
the plant's camera fields, the evidence table (migration 10)."""

from __future__ import annotations

import zlib
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QImage

from console.domain.clock import ManualClock
from console.domain.plant import PlantError, PlantRegistry
from console.services.video import route
from console.services.video.frames import fit
from console.services.video.health import Backoff, SignalHealth
from console.services.video.snapshots import write_png


def test_debian_libvlc_has_no_rtsp_so_the_relay_is_chosen():
    import vlc

    vlc.libvlc_get_version()  # loads libvlc, so its folder is known
    path, why = route.choose("auto", vlc)
    assert route.has_live555(route.plugin_dirs(vlc)) is False
    assert path is route.RtspPath.RELAY and "live555" in why


def test_a_libvlc_with_live555_plays_directly(tmp_path):
    (tmp_path / "access").mkdir()
    assert route.has_live555([tmp_path]) is False
    (tmp_path / "access" / "liblive555_plugin.dll").write_bytes(b"")
    assert route.has_live555([tmp_path]) is True
    assert route.has_live555([]) is None  # nothing to look at: try direct, fall back on failure
    assert route.choose("relay", None)[0] is route.RtspPath.RELAY
    assert route.choose("direct", None)[0] is route.RtspPath.DIRECT


def test_backoff_doubles_to_the_maximum_and_resets():
    backoff = Backoff(1.0, 5.0)
    assert [backoff.next_delay() for _ in range(5)] == [1.0, 2.0, 4.0, 5.0, 5.0]
    backoff.reset()
    assert backoff.next_delay() == 1.0
    with pytest.raises(ValueError):
        Backoff(0, 1)


def test_no_signal_time_is_the_first_loss_and_the_alarm_comes_once_after_the_limit():
    clock = ManualClock()
    health = SignalHealth(comm_alarm_s=60.0)
    health.lost(clock.now())
    lost_at = clock.now()
    clock.advance(30)
    health.lost(clock.now())  # a failed retry keeps the first time
    assert health.lost_at == lost_at and not health.alarm_due(clock.now())
    clock.advance(30)
    assert health.alarm_due(clock.now()) and not health.alarm_due(clock.now())
    assert health.picture() is True and health.lost_at is None
    assert health.picture() is False


def test_frames_fit_the_tile_without_upscaling():
    assert fit(1280, 720, (640, 480)) == (640, 360)
    assert fit(640, 360, (1920, 1080)) == (640, 360)
    assert fit(1280, 720, (0, 0)) == (1280, 720)
    assert fit(1281, 721, (0, 0)) == (1280, 720)


def test_png_writer_makes_a_file_qt_decodes(tmp_path):
    bgrx = np.zeros((30, 40, 4), dtype=np.uint8)
    bgrx[:, :20] = (0, 0, 255, 0)  # red on the left (B, G, R, X)
    bgrx[:, 20:] = (255, 0, 0, 0)  # blue on the right
    path = tmp_path / "day" / "snap.png"
    size = write_png(path, bgrx.tobytes(), 40, 30, aspect=2.0)
    image = QImage(str(path))
    assert size == (40, 20) and (image.width(), image.height()) == (40, 20)
    assert image.pixelColor(5, 10).getRgb()[:3] == (255, 0, 0)
    assert image.pixelColor(35, 10).getRgb()[:3] == (0, 0, 255)
    assert zlib.crc32(path.read_bytes()) and not list(path.parent.glob("*.part"))


def test_plant_cameras_carry_rtsp_transport_and_name_their_alarm(tmp_path: Path):
    data = {"enterprises": [{"code": "E", "name": "企业", "cameras": [
        {"code": "C1", "name": "大门", "url": "rtsp://h/1", "rtsp_tcp": False},
        {"code": "C2", "name": "罐区", "url": "rtsp://h/2"}],
        "points": [{"code": "P", "name": "点", "cameras": ["C1", "C2", "C9"]}]}]}
    registry = PlantRegistry.from_dict(data)
    assert registry.camera("E", "C1").rtsp_tcp is False and registry.camera("E", "C2").rtsp_tcp is None
    assert [c.code for c in registry.cameras_of("E", "P")] == ["C1", "C2"]
    assert registry.point_name("E", "C2") == "罐区"
    registry.save(tmp_path / "plant.json")
    again = PlantRegistry.load(tmp_path / "plant.json")
    assert again.camera("E", "C1").rtsp_tcp is False and again.camera("E", "C2").rtsp_tcp is None
    data["enterprises"][0]["cameras"][0]["rtsp_tcp"] = "yes"
    with pytest.raises(PlantError):
        PlantRegistry.from_dict(data)


def test_evidence_table_is_created_by_migration_10(tmp_path):
    from sqlalchemy import inspect

    from console.infrastructure.store.engine import make_engine
    from console.infrastructure.store.migrations import upgrade

    engine = make_engine(f"sqlite:///{tmp_path / 'log.sqlite'}")
    assert 10 in upgrade(engine)
    columns = {c["name"] for c in inspect(engine).get_columns("evidence")}
    assert {"occurrence_id", "kind", "path", "taken_at", "camera", "operator", "station", "duration_s"} <= columns
    engine.dispose()


def _packet(n: int, key: bool, size: int = 100, fps: int = 25):
    from fractions import Fraction

    from console.services.video.packets import PacketRecord

    return PacketRecord(b"x" * size, n * 3600, n * 3600, key, Fraction(1, 90000), 1000.0 + n / fps)


def test_prealarm_buffer_starts_at_a_keyframe_and_covers_the_time_wanted():
    from console.services.video.prealarm import PreAlarmBuffer

    buffer = PreAlarmBuffer(seconds=2.0, max_bytes=10**9)
    for n in range(3):
        buffer.append(_packet(n, key=False))  # joined mid-group: nothing until a keyframe
    assert len(buffer) == 0
    for n in range(3, 3 + 25 * 10):  # ten seconds, a keyframe each second
        buffer.append(_packet(n, key=(n - 3) % 25 == 0))
    kept = buffer.all()
    assert kept[0].key and 2.0 <= buffer.covers() < 3.0
    assert buffer.bytes == 100 * len(kept)
    latest = buffer.latest_group()
    assert latest[0].key and latest[-1] is kept[-1] and len(latest) <= 25
    only_current = PreAlarmBuffer(seconds=0.0, max_bytes=10**9)
    for record in kept:
        only_current.append(record)
    assert only_current.all() == latest


def test_prealarm_buffer_is_bounded_in_bytes():
    from console.services.video.prealarm import PreAlarmBuffer

    buffer = PreAlarmBuffer(seconds=10.0, max_bytes=60 * 100)  # 2.4 s of 100-byte packets
    for n in range(25 * 10):
        buffer.append(_packet(n, key=n % 25 == 0))
        assert buffer.bytes <= 60 * 100
    assert buffer.all()[0].key and buffer.covers() >= 1.0 and buffer.dropped_groups > 0
    tiny = PreAlarmBuffer(seconds=10.0, max_bytes=50)  # not even one group fits: nothing kept
    for n in range(30):
        tiny.append(_packet(n, key=n % 25 == 0))
    assert tiny.bytes <= 50 and (len(tiny) == 0 or tiny.all()[0].key)


def test_held_cameras_follow_the_alarms_without_churning_in_a_flood():
    from console.services.video.feeds import HeldCameras

    clock = ManualClock()
    held = HeldCameras(limit=2, min_hold_s=60.0, clock=clock.now)
    assert held.add("A", recent=False) == [] and held.add("B", recent=False) == []
    assert held.add("C", recent=False) == [] and "C" not in held  # at start: the plant's first ones
    assert held.add("C", recent=True) == ["A"] and held.keys() == ["B", "C"]
    assert held.add("D", recent=True) == ["B"]  # B was held from the start: it goes
    assert held.add("E", recent=True) == [] and "E" not in held and held.refused == 1  # C, D too recent
    clock.advance(61)
    assert held.add("E", recent=True) == ["C"] and held.keys() == ["D", "E"]
    assert HeldCameras(limit=0).add("A", recent=True) == []
