"""A real RTSP server on loopback (gst-rtsp-server, run by console/services/video/test_streams.py) serving
known test patterns; tests stop and restart it to lose and regain a camera.

It fails, never skips, when the tools are missing: CI installs them (packaging/system-deps.sh --test).
"""

from __future__ import annotations

import pytest

from console.services.video.test_streams import StreamSpec, TestStreams, TestStreamsUnavailable

ESTABLISHED = "01"

# smpte100: seven full-height bars, left to right (RGB).
BARS = ((255, 255, 255), (255, 255, 0), (0, 255, 255), (0, 255, 0), (255, 0, 255), (255, 0, 0), (0, 0, 255))
TOLERANCE = 48  # H.264 at 1 Mbit/s and two colour conversions


def start_streams(*specs: StreamSpec) -> TestStreams:
    streams = TestStreams(list(specs) or [StreamSpec("bars")])
    try:
        streams.start()
    except TestStreamsUnavailable as exc:
        pytest.fail(f"cannot start the RTSP test server: {exc}", pytrace=False)
    return streams


def bar_errors(pixel_at, width: int, height: int) -> list[str]:
    """Compare the centre of each bar with the pattern; ``pixel_at(x, y)`` gives (r, g, b)."""
    errors = []
    for i, expected in enumerate(BARS):
        x = int((i + 0.5) * width / len(BARS))
        for y in (height // 4, height // 2, 3 * height // 4):
            got = tuple(int(v) for v in pixel_at(x, y))
            if max(abs(a - b) for a, b in zip(got, expected, strict=True)) > TOLERANCE:
                errors.append(f"bar {i} at ({x},{y}): {got} instead of {expected}")
    return errors


def rtsp_connections(port: int) -> int:
    """RTSP sessions open to the test server: established TCP connections whose far end is its
    port, counted by the kernel (/proc/net/tcp; the server's own ends have the port as their near end)."""
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table, encoding="ascii") as lines:
                next(lines)
                for line in lines:
                    fields = line.split()
                    if fields[3] == ESTABLISHED and int(fields[2].rsplit(":", 1)[1], 16) == port:
                        count += 1
        except FileNotFoundError:
            continue
    return count


@pytest.fixture(scope="module")
def rtsp_streams():
    """Colour bars at /bars and a second camera's bars at /bars2, 640×360, 25 fps, keyframe each second."""
    streams = start_streams(StreamSpec("bars"), StreamSpec("bars2"))
    yield streams
    streams.stop()


@pytest.fixture
def rtsp_server():
    """A server of the test's own (it may be stopped and restarted on the same port)."""
    streams = start_streams(StreamSpec("bars"))
    yield streams
    streams.kill()
