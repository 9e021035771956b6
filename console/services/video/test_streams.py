"""Local RTSP test streams (gst-rtsp-server) for the demo, the tests and the benchmarks.

``TestStreams`` runs this file as a child process under the system Python, which has GStreamer's
introspection bindings (Debian: python3-gi, gir1.2-gst-rtsp-server-1.0, gstreamer1.0-plugins-ugly
for x264enc, gstreamer1.0-plugins-good for the RTP payloader; gstreamer1.0-x for the caption).
Each stream is a ``videotestsrc`` pattern encoded as H.264 on loopback, shared by all clients of
its path (one encoder per path however many tiles show it). ``available()`` says whether the
tools are installed; without them the demo simply has no video.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass

SYSTEM_PYTHONS = ("/usr/bin/python3", "/usr/local/bin/python3")
PROBE = ("import gi; gi.require_version('Gst', '1.0'); gi.require_version('GstRtspServer', '1.0'); "
         "from gi.repository import Gst, GstRtspServer; Gst.init(None); "
         "assert Gst.ElementFactory.find('x264enc') and Gst.ElementFactory.find('rtph264pay')")


@dataclass(frozen=True)
class StreamSpec:
    path: str  # mount path without the leading slash
    pattern: str = "smpte100"  # videotestsrc pattern; smpte100: seven full-height 100 % colour bars
    width: int = 640
    height: int = 360
    fps: int = 25
    key_s: float = 1.0  # keyframe interval
    bitrate_kbps: int = 1000
    caption: str = ""  # drawn at the bottom with the time at the top right (when gstreamer1.0-x is there)
    # Encoded all the time on the stream's own keyframe schedule, as a real camera does, and
    # relayed to RTSP clients (over a loopback UDP port). Otherwise the encoder starts with the
    # first client, and each new client's request for a keyframe restarts the keyframe interval,
    # so every new session waits a whole interval for its first keyframe.
    always_on: bool = False
    motion: int = 0  # pixels per frame the pattern scrolls (0: a still picture, which costs almost nothing to decode)


class TestStreamsUnavailable(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


_python: str | None = None


def server_python() -> str:
    """A Python that can run the server (has gi and gst-rtsp-server); raises TestStreamsUnavailable."""
    global _python
    if _python is not None:
        return _python
    for candidate in (*SYSTEM_PYTHONS, sys.executable):
        if not os.access(candidate, os.X_OK):
            continue
        try:
            ok = subprocess.run([candidate, "-c", PROBE], capture_output=True, timeout=30).returncode == 0
        except (OSError, subprocess.SubprocessError):
            ok = False
        if ok:
            _python = candidate
            return candidate
    raise TestStreamsUnavailable(
        "no Python with GStreamer's RTSP server found (install python3-gi gir1.2-gst-rtsp-server-1.0 "
        "gstreamer1.0-plugins-ugly gstreamer1.0-plugins-good: packaging/system-deps.sh)")


def available() -> bool:
    try:
        server_python()
        return True
    except TestStreamsUnavailable:
        return False


class TestStreams:
    """The server process; ``stop()`` and ``start()`` again on the same port (tests of a lost camera)."""

    def __init__(self, streams: list[StreamSpec], port: int | None = None, host: str = "127.0.0.1") -> None:
        self.streams = list(streams)
        self.host = host
        self.port = port or free_port()
        self._proc: subprocess.Popen | None = None

    def url(self, path: str) -> str:
        return f"rtsp://{self.host}:{self.port}/{path}"

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def start(self, timeout: float = 20.0) -> None:
        python = server_python()
        specs = [dict(asdict(s), feed_port=free_udp_port() if s.always_on else 0) for s in self.streams]
        config = json.dumps({"host": self.host, "port": self.port, "streams": specs})
        # Its stdin is a pipe from us: when this process ends, however it ends, the server sees the
        # pipe close and quits (no orphaned encoders).
        self._proc = subprocess.Popen([python, os.path.abspath(__file__), config], stdin=subprocess.PIPE,
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        ready: list[str] = []
        # Waits for the server's first line with a time limit (not the GUI thread: a demo and test helper).
        out = self._proc.stdout
        assert out is not None  # a pipe, asked for above
        reader = threading.Thread(target=lambda: ready.append(out.readline()), daemon=True)
        reader.start()
        reader.join(timeout)
        if not ready or not ready[0].startswith("ready"):
            self.kill()
            raise TestStreamsUnavailable(f"the RTSP test server did not start on port {self.port}")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:  # listening (the "ready" line comes just before)
            try:
                with socket.create_connection((self.host, self.port), timeout=0.5):
                    return
            except OSError:
                threading.Event().wait(0.02)
        self.kill()
        raise TestStreamsUnavailable(f"the RTSP test server does not accept connections on port {self.port}")

    def stop(self) -> None:
        if self._proc is None:
            return
        if self._proc.poll() is None:
            self._proc.send_signal(signal.SIGTERM)
            try:
                self._proc.wait(5)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait(5)
        for stream in (self._proc.stdin, self._proc.stdout, self._proc.stderr):
            if stream is not None:
                stream.close()
        self._proc = None

    def kill(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            self._proc.kill()
            self._proc.wait(5)
        self.stop()


# -- the server (runs under the system Python) --------------------------------------------------
RTP_CAPS = "application/x-rtp,media=video,encoding-name=H264,payload=96,clock-rate=90000"


def _launch_line(spec: dict, overlays: bool) -> str:
    if spec.get("feed_port"):
        return (f'( udpsrc address=127.0.0.1 port={spec["feed_port"]} caps="{RTP_CAPS}" ! rtph264depay'
                f" ! rtph264pay name=pay0 pt=96 config-interval=-1 )")
    chain, sources = _encoder(spec, overlays)
    return f"( {chain} ! rtph264pay name=pay0 pt=96 config-interval=-1 {sources} )"


def _feed_line(spec: dict, overlays: bool) -> str:
    """The always-on encoder of a stream, sending RTP to its loopback feed port."""
    chain, sources = _encoder(spec, overlays)
    return (f"{chain} ! rtph264pay pt=96 config-interval=-1"
            f" ! udpsink host=127.0.0.1 port={spec['feed_port']} sync=false async=false {sources}")


def _encoder(spec: dict, overlays: bool) -> tuple[str, str]:
    """The chain up to the H.264 encoder's output, and further sources linked into it by name (none yet)."""
    key_frames = max(1, round(spec["key_s"] * spec["fps"]))
    caps = f"video/x-raw,width={spec['width']},height={spec['height']},framerate={spec['fps']}/1"
    text = ""
    if overlays and spec.get("caption"):
        caption = spec["caption"].replace('"', "'")
        text = (f' ! textoverlay text="{caption}" valignment=bottom halignment=left font-desc="Sans 18"'
                f' ! clockoverlay halignment=right valignment=top time-format="%H:%M:%S" font-desc="Sans 18"')
    motion = f" horizontal-speed={spec['motion']}" if spec.get("motion") else ""
    source = f"videotestsrc pattern={spec['pattern']}{motion} is-live=true ! {caps}"
    sources = ""
    chain = (f"{source}{text} ! x264enc tune=zerolatency speed-preset=ultrafast threads=1 key-int-max={key_frames}"
             f" bitrate={spec['bitrate_kbps']} ! video/x-h264,profile=baseline")
    return chain, sources


def serve(config: dict) -> None:
    import gi

    gi.require_version("Gst", "1.0")
    gi.require_version("GstRtspServer", "1.0")
    from gi.repository import GLib, Gst, GstRtspServer

    Gst.init(None)
    overlays = Gst.ElementFactory.find("textoverlay") is not None and Gst.ElementFactory.find("clockoverlay") is not None
    server = GstRtspServer.RTSPServer()
    server.set_address(config["host"])
    server.set_service(str(config["port"]))
    mounts = server.get_mount_points()
    feeds = []
    for spec in config["streams"]:
        if spec.get("feed_port"):
            feed = Gst.parse_launch(_feed_line(spec, overlays))
            feed.set_state(Gst.State.PLAYING)
            feeds.append(feed)
        factory = GstRtspServer.RTSPMediaFactory()
        factory.set_launch(_launch_line(spec, overlays))
        factory.set_shared(True)
        mounts.add_factory("/" + spec["path"].lstrip("/"), factory)
    if server.attach(None) == 0:
        sys.exit(f"cannot listen on {config['host']}:{config['port']}")
    loop = GLib.MainLoop()
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGTERM, loop.quit)

    def parent_gone(*_args) -> bool:
        loop.quit()
        return False

    GLib.io_add_watch(sys.stdin.fileno(), GLib.PRIORITY_DEFAULT,
                      GLib.IOCondition.IN | GLib.IOCondition.HUP | GLib.IOCondition.ERR, parent_gone)
    print("ready", server.get_bound_port(), flush=True)
    loop.run()


if __name__ == "__main__":
    serve(json.loads(sys.argv[1]))
