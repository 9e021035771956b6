"""The demo's cameras: local RTSP test streams, one path per camera of the demo plant.

When GStreamer's RTSP server is installed (packaging/system-deps.sh), ``start(registry)`` serves a
test pattern with the camera's code and the time for every camera on a free loopback port (an
encoder runs only while someone watches that camera) and points the plant's camera URLs at it.
Without the tools the demo runs without video and the log says why.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from console.domain.plant import Enterprise, PlantRegistry
from console.services.video.test_streams import StreamSpec, TestStreams, TestStreamsUnavailable

log = logging.getLogger("console.services.video.demo")

PATTERNS = ("smpte100", "ball", "smpte", "pinwheel", "colors", "circular")
_server: TestStreams | None = None


def start(registry: PlantRegistry, shared: int | None = None) -> bool:
    """Serve the plant's cameras and rewrite their URLs; False (logged) when it cannot.

    ``shared``: serve only this many streams and point every camera at one of them in turn (a park
    of thousands of cameras); None: one stream per camera."""
    global _server
    cameras = [c for e in registry.enterprises() for c in e.cameras.values()]
    if not cameras:
        return False
    paths = [f"SHARED-{k + 1}" for k in range(min(shared, len(cameras)))] if shared else [c.code for c in cameras]
    path_of = {c.code: paths[i % len(paths)] for i, c in enumerate(cameras)}
    specs = [StreamSpec(path, pattern=PATTERNS[i % len(PATTERNS)], fps=15, key_s=1.0, bitrate_kbps=600,
                        caption=path, motion=2 if PATTERNS[i % len(PATTERNS)].startswith("smpte") else 0)
             for i, path in enumerate(paths)]
    server = TestStreams(specs)
    try:
        server.start()
    except TestStreamsUnavailable as exc:
        log.warning("demo without video: %s", exc)
        return False
    _server = server
    moved = PlantRegistry({e.code: Enterprise(e.code, e.name, e.points,
                                              {c.code: replace(c, url=server.url(path_of[c.code])) for c in e.cameras.values()})
                           for e in registry.enterprises()})
    registry.replace_contents(moved)
    log.info("demo cameras: %d RTSP test streams for %d cameras on rtsp://%s:%d/", len(specs), len(cameras), server.host, server.port)
    return True


def stop() -> None:
    global _server
    if _server is not None:
        _server.stop()
        _server = None
