"""Camera video end to end: a real RTSP server on loopback, the real console, libvlc rendering into
Qt images (offscreen), the relay where libvlc has no RTSP, evidence files checked by decoding."""

from __future__ import annotations

import logging
import time

import pytest
from PySide6.QtGui import QImage

from console.domain.alarms import AlarmRaise, AlarmState, Priority
from console.domain.plant import PlantRegistry
from console.services.video.camera_alarms import camera_alarm_key
from console.services.video.health import TileState
from tests.helpers.console import RunningConsole
from tests.helpers.rtsp import bar_errors, rtsp_connections

ENT = "91350200MA2TEST001"


def plant(url1: str, url2: str) -> PlantRegistry:
    return PlantRegistry.from_dict({"enterprises": [{
        "code": ENT, "name": "厦门测试化工有限公司",
        "cameras": [{"code": "CAM-1", "name": "罐区东北角球机", "url": url1},
                    {"code": "CAM-2", "name": "泵房内", "url": url2, "rtsp_tcp": True}],
        "points": [
            {"code": "GT-1101", "name": "1#储罐 可燃气体", "kind": "gas_combustible", "unit": "%LEL", "h": 25, "hh": 50, "cameras": ["CAM-1"]},
            {"code": "GT-1102", "name": "泵房 可燃气体", "kind": "gas_combustible", "unit": "%LEL", "h": 25, "hh": 50, "cameras": ["CAM-2"]},
            {"code": "TT-1101", "name": "1#储罐 温度", "kind": "temperature", "unit": "°C", "h": 40, "hh": 45, "cameras": ["CAM-1"]},
        ]}]})


VIDEO = {"video.clip_s": 0.0, "video.follow_hold_s": 0.0, "video.stall_s": 1.5, "video.reconnect_min_s": 0.3, "video.reconnect_max_s": 1.0,
         "video.connect_timeout_s": 6.0, "video.layout": 4}


@pytest.fixture
def video_console(qtbot, make_settings, rtsp_streams, tmp_path):
    def start(signed_in: bool = True, **overrides):
        """Live pictures are for someone signed in (user_rules.may_watch_video): zhangwei is, unless ``signed_in`` is False."""
        values = {**VIDEO, "video.evidence_dir": str(tmp_path / "evidence"), **overrides}
        running = RunningConsole(qtbot, make_settings(**values),
                                 registry=plant(rtsp_streams.url("bars"), rtsp_streams.url("bars2")), signed_in=signed_in)
        started.append(running)
        return running

    started: list[RunningConsole] = []
    yield start
    for running in started:
        running.close()


def raise_alarm(console, point: str, priority: Priority, condition: str = "H"):
    return console.core.book.raise_alarm(AlarmRaise(ENT, point, condition, priority, time.time(), value=30.0, threshold=25.0))


def wait_playing(qtbot, console, tile: int = 0, camera: str | None = None, timeout: int = 10_000) -> None:
    def playing() -> bool:
        info = console.core.video.info(tile)
        return info.state is TileState.PLAYING and (camera is None or (info.camera and info.camera.code == camera)) \
            and console.window.video.tiles[tile].surface.image() is not None
    qtbot.waitUntil(playing, timeout=timeout)


def select(qtbot, console, key: str) -> None:
    """The operator clicks the alarm in the list."""
    view = console.window.view
    qtbot.waitUntil(lambda: view.model().row_of(key) >= 0, timeout=5_000)
    view.selectRow(view.model().row_of(key))


def image_errors(image: QImage) -> list[str]:
    return bar_errors(lambda x, y: image.pixelColor(x, y).getRgb()[:3], image.width(), image.height())


def evidence_rows(console, kind: str):
    from sqlalchemy import select

    from console.infrastructure.store.schema import EvidenceRecord

    return console.run_db(lambda log: [(r.occurrence_id, r.kind, r.path, r.camera, r.operator, r.duration_s)
                                       for r in log.s.scalars(select(EvidenceRecord).where(EvidenceRecord.kind == kind))])


# -- rendering and switching ---------------------------------------------------------------------------------
def test_selected_alarm_plays_its_camera_and_frames_match_the_pattern(qtbot, video_console):
    console = video_console()
    wall = console.core.video
    assert wall.available and wall.rtsp_path in ("direct", "relay")
    change = raise_alarm(console, "TT-1101", Priority.LOW)
    select(qtbot, console, change.alarm.key)
    wait_playing(qtbot, console, 0, "CAM-1")
    surface = console.window.video.tiles[0].surface
    qtbot.waitUntil(lambda: surface.painted > 5, timeout=5_000)  # frames keep coming
    image = surface.image().scaled(640, 360)  # the picture as displayed (libvlc's buffer may be stretched)
    assert image_errors(image) == []
    tile = console.window.video.tiles[0]
    assert "CAM-1" in tile.caption.text() and "厦门测试化工有限公司" in tile.caption.text()
    assert tile.stack.currentIndex() == 0  # the picture, not a message


def test_new_alarm_of_the_highest_priority_switches_the_main_tile_unless_pinned(qtbot, video_console):
    console = video_console()
    wall = console.core.video
    raise_alarm(console, "TT-1101", Priority.HIGH)
    wait_playing(qtbot, console, 0, "CAM-1")
    assert wall.info(0).alarm_key.endswith("TT-1101/H")

    raise_alarm(console, "GT-1102", Priority.MEDIUM)  # lower than the HIGH present: stays
    qtbot.waitUntil(lambda: not wall._follow.isActive(), timeout=2_000)  # any burst gathering is over
    assert wall.info(0).camera.code == "CAM-1"

    raise_alarm(console, "GT-1102", Priority.CRITICAL, condition="HH")  # the highest now: switches
    wait_playing(qtbot, console, 0, "CAM-2")
    assert wall.switches == 2

    wall.set_pinned(0, True)
    raise_alarm(console, "GT-1101", Priority.CRITICAL, condition="HH")
    qtbot.waitUntil(lambda: not wall._follow.isActive(), timeout=2_000)
    assert wall.info(0).camera.code == "CAM-2" and wall.info(0).pinned
    assert console.window.video.tiles[0].pin.isChecked()


def test_in_a_burst_the_main_tile_holds_each_camera_and_a_higher_priority_takes_it_at_once(qtbot, video_console):
    """Issue 16: in a flood the main tile switches once per hold (each switch is a new libvlc
    session), to the newest alarm of the highest priority; a higher priority does not wait."""
    console = video_console(**{"video.follow_hold_s": 1.0})
    wall = console.core.video
    raise_alarm(console, "GT-1101", Priority.HIGH)  # the first: at once
    assert wall.switches == 1 and wall.info(0).camera.code == "CAM-1"
    started = time.monotonic()
    raise_alarm(console, "TT-1101", Priority.HIGH)  # the same priority within the hold: gathered
    raise_alarm(console, "GT-1102", Priority.HIGH)  # the newest of them
    assert wall.switches == 1 and wall.info(0).camera.code == "CAM-1"
    qtbot.waitUntil(lambda: wall.switches == 2, timeout=10_000)
    assert time.monotonic() - started >= 0.9  # not before the hold is over (Qt's timers may be 5 % early)
    assert wall.info(0).camera.code == "CAM-2" and wall.info(0).alarm_key.endswith("GT-1102/H")
    assert wall._follow.isActive()  # a new hold from that switch

    raise_alarm(console, "GT-1101", Priority.CRITICAL, condition="HH")  # higher than the one shown: at once
    assert wall.switches == 3 and wall.info(0).camera.code == "CAM-1"
    wait_playing(qtbot, console, 0, "CAM-1")


def test_a_tiles_video_output_thread_keeps_one_python_thread_state_per_session(qtbot, video_console):
    """libvlc's video output thread calls Python for every picture; ctypes would make and delete a
    Python thread state at each call. The tap keeps one from the output's setup to its cleanup,
    which libvlc calls on the same thread: one per output, none left behind."""
    console = video_console()
    wall = console.core.video
    raise_alarm(console, "TT-1101", Priority.HIGH)
    wait_playing(qtbot, console, 0, "CAM-1")
    surface = console.window.video.tiles[0].surface
    painted = surface.painted
    qtbot.waitUntil(lambda: surface.painted > painted + 5, timeout=5_000)  # pictures keep coming through it
    keeper = wall.player(0)._tap._thread_state
    kept = keeper.kept  # libvlc may set its output up more than once at the start (size, format)
    assert kept >= 1 and keeper.holding and keeper.stranded == 0
    painted = surface.painted
    qtbot.waitUntil(lambda: surface.painted > painted + 5, timeout=5_000)
    assert keeper.kept == kept  # the same thread state for every picture
    raise_alarm(console, "GT-1102", Priority.CRITICAL, condition="HH")  # another session on the same player
    wait_playing(qtbot, console, 0, "CAM-2")
    assert keeper.kept > kept and keeper.holding
    wall.player(0).stop()  # the output closes: its cleanup gives the thread state back on its own thread
    qtbot.waitUntil(lambda: not keeper.holding, timeout=5_000)
    assert keeper.stranded == 0


def test_layouts_and_camera_list(qtbot, video_console):
    console = video_console(**{"video.layout": 1})
    panel, wall = console.window.video, console.core.video
    assert [t.isVisible() for t in panel.tiles].count(True) == 1
    panel.layout_buttons.button(9).click()
    assert wall.layout == 9 and [t.isVisible() for t in panel.tiles].count(True) == 9
    top = panel.camera_list.topLevelItem(0)
    assert top.childCount() == 2 and "厦门测试化工有限公司" in top.text(0)
    panel._select(4)
    panel._camera_chosen(top.child(1), 0)
    wait_playing(qtbot, console, 4, "CAM-2")
    panel._zoom(4)
    assert [t.isVisible() for t in panel.tiles].count(True) == 1 and panel.tiles[4].isVisible()
    panel._zoom(4)
    assert [t.isVisible() for t in panel.tiles].count(True) == 9
    panel.layout_buttons.button(4).click()
    assert wall.info(4).camera is None  # tiles beyond the layout stop


# -- who sees live pictures ------------------------------------------------------------------------------------
def test_with_nobody_signed_in_a_tile_names_its_camera_and_plays_it_at_the_sign_in(qtbot, video_console):
    """Live pictures are for someone signed in (user_rules.may_watch_video): with nobody at the desk
    the main tile still follows the alarm to its camera and says so, without a libvlc session; the
    camera's pre-alarm footage is kept all the same. The sign-in starts the picture, the sign-out
    stops it."""
    console = video_console(signed_in=False)
    wall = console.core.video
    tile = console.window.video.tiles[0]
    panel = console.window.video
    assert not wall.live and not panel.snapshot_button.isEnabled()
    change = raise_alarm(console, "GT-1101", Priority.HIGH)
    info = wall.info(0)
    assert info.camera.code == "CAM-1" and info.state is TileState.WITHHELD and info.alarm_key == change.alarm.key
    assert tile.stack.currentIndex() == 1 and "sign-in" in tile.message.text() and "CAM-1" in tile.caption.text()
    assert wall.player(0) is None or wall.player(0).sessions == 0  # nothing decoded for nobody
    assert wall.feeds.running(f"{ENT}/CAM-1")  # the pre-alarm buffer keeps receiving
    assert not wall.snapshot(0)

    console.sign_in()
    wait_playing(qtbot, console, 0, "CAM-1")
    assert wall.live and panel.snapshot_button.isEnabled()
    qtbot.waitUntil(lambda: tile.surface.painted > 3, timeout=5_000)
    assert image_errors(tile.surface.image().scaled(640, 360)) == []

    console.core.desk.sign_out()
    assert wall.info(0).state is TileState.WITHHELD and wall.info(0).camera.code == "CAM-1"
    assert not wall.player(0).playing and tile.surface.image() is None and not panel.snapshot_button.isEnabled()
    sessions = wall.player(0).sessions
    raise_alarm(console, "GT-1102", Priority.CRITICAL, condition="HH")  # still followed, still not shown
    assert wall.info(0).camera.code == "CAM-2" and wall.info(0).state is TileState.WITHHELD
    assert wall.player(0).sessions == sessions


def test_a_public_wall_shows_live_pictures_with_nobody_signed_in(qtbot, video_console):
    console = video_console(signed_in=False, **{"video.live_without_sign_in": True})
    raise_alarm(console, "GT-1101", Priority.HIGH)
    wait_playing(qtbot, console, 0, "CAM-1")
    assert console.core.video.live and console.core.desk.operator is None


# -- losing a camera ----------------------------------------------------------------------------------------------
@pytest.mark.slow
def test_lost_camera_shows_no_signal_raises_comm_alarm_and_comes_back(qtbot, make_settings, rtsp_server, tmp_path):
    values = {**VIDEO, "video.comm_alarm_s": 2.0, "video.evidence_dir": str(tmp_path / "ev")}
    console = RunningConsole(qtbot, make_settings(**values), registry=plant(rtsp_server.url("bars"), rtsp_server.url("bars")), signed_in=True)
    try:
        wall = console.core.video
        raise_alarm(console, "GT-1101", Priority.HIGH)
        wait_playing(qtbot, console, 0, "CAM-1")
        rtsp_server.stop()
        qtbot.waitUntil(lambda: wall.info(0).state is TileState.NO_SIGNAL, timeout=8_000)
        tile = console.window.video.tiles[0]
        lost_at = wall.info(0).lost_at
        assert tile.stack.currentIndex() == 1 and time.strftime("%H:%M:%S", time.localtime(lost_at)) in tile.message.text()
        key = camera_alarm_key(wall.info(0).camera)
        qtbot.waitUntil(lambda: console.core.book.get(key) is not None, timeout=8_000)
        alarm = console.core.book.get(key)
        assert alarm.condition == "COMM" and alarm.point == "CAM-1" and "罐区东北角球机" in alarm.text
        assert console.core.registry.point_name(ENT, "CAM-1") == "罐区东北角球机"  # the list names the camera

        rtsp_server.start()  # same port: the tile reconnects by itself
        wait_playing(qtbot, console, 0, "CAM-1", timeout=15_000)
        assert wall.info(0).lost_at is None
        qtbot.waitUntil(lambda: console.core.book.get(key) is None or console.core.book.get(key).state is AlarmState.RTN_UNACK,
                        timeout=5_000)
        qtbot.waitUntil(lambda: console.window.video.tiles[0].surface.image() is not None, timeout=5_000)
        assert image_errors(console.window.video.tiles[0].surface.image().scaled(640, 360)) == []
    finally:
        console.close()


# -- evidence ---------------------------------------------------------------------------------------------------------------
def test_acknowledgment_saves_a_snapshot_linked_to_the_alarm(qtbot, video_console):
    console = video_console()
    change = raise_alarm(console, "GT-1101", Priority.HIGH)
    wait_playing(qtbot, console, 0, "CAM-1")
    select(qtbot, console, change.alarm.key)  # the detail's evidence list follows this alarm
    console.core.desk.acknowledge([change.alarm.key])
    qtbot.waitUntil(lambda: bool(evidence_rows(console, "snapshot")), timeout=10_000)
    occurrence, kind, path, camera, operator, _ = evidence_rows(console, "snapshot")[0]
    assert (occurrence, camera, operator) == (change.alarm.occurrence_id, "CAM-1", "zhangwei")
    image = QImage(path)
    assert not image.isNull() and (image.width(), image.height()) == (640, 360)
    assert image_errors(image) == []
    evidence = console.window.detail.evidence
    qtbot.waitUntil(lambda: evidence.table.rowCount() == 1, timeout=5_000)
    assert evidence.table.item(0, 2).text() == "CAM-1"

    console.window.video.snapshot_button.click()  # on demand: linked to the alarm the tile shows
    qtbot.waitUntil(lambda: len(evidence_rows(console, "snapshot")) == 2, timeout=10_000)
    assert {row[0] for row in evidence_rows(console, "snapshot")} == {change.alarm.occurrence_id}


@pytest.mark.slow
def test_alarm_records_a_clip_of_the_configured_length(qtbot, video_console):
    """``clip_s`` after the alarm, after what the camera's buffer held from before it."""
    import av

    console = video_console(signed_in=False, **{"video.clip_s": 2.0})  # evidence does not wait for a viewer
    change = raise_alarm(console, "GT-1102", Priority.HIGH)
    qtbot.waitUntil(lambda: bool(evidence_rows(console, "clip")), timeout=15_000)
    occurrence, kind, path, camera, operator, duration = evidence_rows(console, "clip")[0]
    assert (occurrence, camera, operator) == (change.alarm.occurrence_id, "CAM-2", "")
    with av.open(path) as clip:
        stream = clip.streams.video[0]
        frames = [f for f in clip.decode(stream)]
        length = float((frames[-1].pts - frames[0].pts) * stream.time_base) + 1 / 25
        rgb = frames[len(frames) // 2].to_ndarray(format="rgb24")
        before = float(clip.metadata["PRE_ALARM_S"])
    assert abs(length - before - 2.0) <= 0.1, (length, before)
    assert len(frames) >= 48
    assert bar_errors(lambda x, y: rgb[y, x], rgb.shape[1], rgb.shape[0]) == []
    assert abs(duration - length) <= 0.1


@pytest.mark.slow
def test_an_alarm_clip_shares_the_tile_connection_and_starts_before_the_alarm(qtbot, make_settings, rtsp_server, tmp_path):
    """A camera shown in a tile and recorded for an alarm is received once (one RTSP session at the
    server), and the clip holds footage from before the alarm.

    Before the alarm: how long ago its first picture was taken is told by physics, not by the
    console: the stream arrives in real time, so a clip of ``length`` seconds of stream whose last
    picture arrived by ``done`` began arriving by ``done - length``; that is checked to be well
    before the alarm. The clip's own note of the first picture's wall-clock time must agree."""
    import datetime as dt

    import av

    values = {**VIDEO, "video.clip_s": 1.0, "video.prealarm_s": 3.0, "video.prealarm_max_cameras": 1,
              "video.follow_alarms": False, "video.evidence_dir": str(tmp_path / "ev")}
    console = RunningConsole(qtbot, make_settings(**values), registry=plant(rtsp_server.url("bars"), rtsp_server.url("bars")), signed_in=True)
    try:
        console.core.video.show_camera(0, ENT, "CAM-1")
        wait_playing(qtbot, console, 0, "CAM-1")
        shown_at = time.time()
        qtbot.waitUntil(lambda: time.time() - shown_at > 3.0, timeout=5_000)  # the camera has 3 s of history
        assert rtsp_connections(rtsp_server.port) == 1
        change = raise_alarm(console, "TT-1101", Priority.HIGH)
        alarm_at = time.time()
        seen = []

        def clip_done() -> bool:
            seen.append(rtsp_connections(rtsp_server.port))
            return bool(evidence_rows(console, "clip"))

        qtbot.waitUntil(clip_done, timeout=15_000)
        done_at = time.time()
        assert max(seen) == 1, seen  # the tile, the pre-alarm buffer and the clip: one session
        assert console.core.video.info(0).state is TileState.PLAYING
        occurrence, _kind, path, camera, _operator, _duration = evidence_rows(console, "clip")[0]
        assert (occurrence, camera) == (change.alarm.occurrence_id, "CAM-1")
        with av.open(path) as clip:
            stream = clip.streams.video[0]
            frames = list(clip.decode(stream))
            length = float((frames[-1].pts - frames[0].pts) * stream.time_base)
            first_at = dt.datetime.fromisoformat(clip.metadata["creation_time"].replace("Z", "+00:00")).timestamp()
            rgb = frames[0].to_ndarray(format="rgb24")
        assert bar_errors(lambda x, y: rgb[y, x], rgb.shape[1], rgb.shape[0]) == []  # the first frame decodes whole
        assert done_at - length < alarm_at - 1.0, (done_at - alarm_at, length)
        assert alarm_at - 4.5 < first_at < alarm_at - 1.0, alarm_at - first_at
    finally:
        console.close()


def resident_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        return next(int(line.split()[1]) / 1024 for line in status if line.startswith("VmRSS:"))


@pytest.mark.slow
def test_a_playing_tile_does_not_keep_what_it_has_played(qtbot, make_settings, tmp_path):
    """libvlc's prefetch buffer kept every byte read, up to 16 MiB a tile. A 4 Mbit/s stream (noise:
    the encoder spends its bitrate) fills 7.5 MB in 15 s; the tile's memory must not grow by half that."""
    from tests.helpers.rtsp import start_streams
    from console.services.video.test_streams import StreamSpec

    streams = start_streams(StreamSpec("noise", pattern="snow", width=320, height=180, bitrate_kbps=4000))
    values = {**VIDEO, "video.prealarm_s": 0.0, "video.evidence_dir": str(tmp_path / "ev")}
    console = RunningConsole(qtbot, make_settings(**values), registry=plant(streams.url("noise"), streams.url("noise")), signed_in=True)
    try:
        console.core.video.show_camera(0, ENT, "CAM-1")
        wait_playing(qtbot, console, 0, "CAM-1")
        player = console.core.video.player(0)
        qtbot.waitUntil(lambda: player.frames_shown() > 50, timeout=10_000)  # settled: decoder and pictures allocated
        before, since = resident_mb(), time.monotonic()
        shown = player.frames_shown()
        qtbot.waitUntil(lambda: time.monotonic() - since > 15.0, timeout=20_000)
        assert player.frames_shown() - shown > 15 * 10  # it kept playing (25 fps sent; a loaded machine drops some)
        assert resident_mb() - before < 3.75, resident_mb() - before
    finally:
        console.close()
        streams.stop()


def feed_threads() -> int:
    import threading

    return sum(t.name == "video-feed" for t in threading.enumerate())


def native_threads() -> int:
    import os

    return len(os.listdir("/proc/self/task"))


@pytest.mark.slow
def test_a_closed_tile_and_a_finished_clip_free_their_threads(qtbot, make_settings, rtsp_server, tmp_path):
    """Without pre-alarm holding, a camera's thread lives as long as a tile shows it or a clip records it."""
    values = {**VIDEO, "video.clip_s": 1.0, "video.prealarm_s": 0.0, "video.follow_alarms": False,
              "video.evidence_dir": str(tmp_path / "ev")}
    console = RunningConsole(qtbot, make_settings(**values), registry=plant(rtsp_server.url("bars"), rtsp_server.url("bars")), signed_in=True)
    try:
        wall = console.core.video
        wall.show_camera(1, ENT, "CAM-2")  # libvlc's player of the tile is made once and kept
        wait_playing(qtbot, console, 1, "CAM-2")
        wall.set_layout(1)
        qtbot.waitUntil(lambda: feed_threads() == 0, timeout=5_000)
        wall.set_layout(4)
        before = native_threads()

        for _ in range(2):
            wall.show_camera(1, ENT, "CAM-2")
            wait_playing(qtbot, console, 1, "CAM-2")
            assert feed_threads() == 1 and rtsp_connections(rtsp_server.port) == 1
            wall.set_layout(1)  # the tile closes
            qtbot.waitUntil(lambda: feed_threads() == 0 and rtsp_connections(rtsp_server.port) == 0, timeout=5_000)
            qtbot.waitUntil(lambda: native_threads() <= before, timeout=5_000)
            wall.set_layout(4)

        for n in (1, 2):
            raise_alarm(console, "GT-1102", Priority.HIGH, condition="H" if n == 1 else "HH")
            qtbot.waitUntil(lambda n=n: len(evidence_rows(console, "clip")) == n, timeout=15_000)
            qtbot.waitUntil(lambda: feed_threads() == 0 and rtsp_connections(rtsp_server.port) == 0, timeout=5_000)
            qtbot.waitUntil(lambda: native_threads() <= before, timeout=5_000)
    finally:
        console.close()


def test_credentials_never_reach_the_log(qtbot, make_settings, caplog, tmp_path):
    from console.infrastructure.embedded_broker import free_port

    dead = f"rtsp://admin:s3cret-pw@127.0.0.1:{free_port()}/stream"
    console = RunningConsole(qtbot, make_settings(**{**VIDEO, "video.evidence_dir": str(tmp_path / "ev")}), registry=plant(dead, dead), signed_in=True)
    try:
        with caplog.at_level(logging.INFO):
            raise_alarm(console, "GT-1101", Priority.HIGH)
            qtbot.waitUntil(lambda: console.core.video.info(0).state is TileState.NO_SIGNAL, timeout=10_000)
        text = "\n".join(r.getMessage() for r in caplog.records)
        assert "127.0.0.1" in text and "s3cret-pw" not in text and "admin" not in text
        assert "s3cret-pw" not in console.window.video.tiles[0].caption.text() + console.window.video.tiles[0].message.text()
    finally:
        console.close()


def test_with_video_switched_off_no_clip_is_attempted(qtbot, make_settings, tmp_path, caplog):
    """video.enabled = false: no picture, and no clip either (before, every alarm on a point with a
    camera still opened an RTSP session to record one)."""
    from console.infrastructure.embedded_broker import free_port

    caplog.set_level(logging.INFO)
    dead = f"rtsp://127.0.0.1:{free_port()}/stream"
    settings = make_settings(**{"video.enabled": False, "video.clip_s": 30.0, "video.evidence_dir": str(tmp_path / "ev")})
    console = RunningConsole(qtbot, settings, registry=plant(dead, dead))
    try:
        evidence = console.core.video.evidence
        with caplog.at_level(logging.INFO):
            raise_alarm(console, "GT-1101", Priority.HIGH)
            raise_alarm(console, "GT-1102", Priority.CRITICAL)
            qtbot.waitUntil(lambda: console.window.model.row_of(f"{ENT}/GT-1102/H") >= 0, timeout=5_000)
        assert evidence.clip_s == 0 and evidence.recording() == 0 and evidence.clips_skipped == 0
        assert "no clips of alarms are recorded" in caplog.text and "clip of" not in caplog.text
    finally:
        console.close()
