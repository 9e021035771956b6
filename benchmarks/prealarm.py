"""What a camera held for pre-alarm video costs: memory and CPU per camera.

    .venv/bin/python benchmarks/prealarm.py [--cameras 8] [--seconds 30] [--kbps 2000]

The local RTSP test server (console/services/video/test_streams.py) serves ``--cameras`` streams
(640x360, 25 fps, a keyframe every second, ``--kbps``; the noise pattern, so that the encoder spends its bitrate). This process holds them all with the
console's feed hub (console/services/video/feeds.py, ``prealarm_s`` 10 s), as the console does for
the cameras of alarm-bearing points nobody is watching: one RTSP session and one thread per
camera, packets copied into the pre-alarm buffer, nothing decoded. Printed: resident memory
before and once the buffers are full, the bytes buffered, and this process's CPU share over
``--seconds``, each per camera. No Qt, no libvlc: the feeds alone.
"""

from __future__ import annotations

import argparse
import resource
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cameras", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--kbps", type=int, default=2000)
    parser.add_argument("--prealarm", type=float, default=10.0)
    parser.add_argument("--pattern", default="snow", help="videotestsrc pattern (snow: noise, so the encoder spends its bitrate)")
    args = parser.parse_args()

    import av  # noqa: F401  (loaded before the first figure: its libraries are not the cameras' cost)

    from console.services.video.feeds import FeedHub, FeedOptions, open_rtsp
    from console.services.video.test_streams import StreamSpec, TestStreams

    streams = TestStreams([StreamSpec(f"c{i}", pattern=args.pattern, bitrate_kbps=args.kbps) for i in range(args.cameras)])
    streams.start()
    try:
        open_rtsp(streams.url("c0"), True, 5, 3).close()  # FFmpeg's network code loaded once
        idle = threading.Event()
        hub = FeedHub(FeedOptions(prealarm_s=args.prealarm, prealarm_max_cameras=args.cameras))
        idle.wait(1.0)
        before = rss_mb()
        for i in range(args.cameras):
            hub.hold(f"E/c{i}", streams.url(f"c{i}"), True)
        idle.wait(args.prealarm + 3.0)  # the buffers fill
        c0, w0 = cpu_s(), time.monotonic()
        idle.wait(args.seconds)
        share = (cpu_s() - c0) / (time.monotonic() - w0)
        after = rss_mb()
        threads, connected, buffered = hub.stats()
        hub.close(5.0)
    finally:
        streams.stop()
    n = args.cameras
    print(f"Pre-alarm cost — {n} cameras held, 640x360 25 fps {args.pattern} at {args.kbps} kbit/s, keyframe each second, "
          f"pre-alarm {args.prealarm:g} s; {threads} threads, {connected} sessions")
    print(f"  resident memory   {before:7.1f} MB -> {after:7.1f} MB: {(after - before) / n:5.2f} MB per camera")
    print(f"  buffered          {buffered / 1e6:7.2f} MB in all: {buffered / 1e6 / n:5.2f} MB per camera")
    print(f"  CPU               {share * 100:7.2f} % of one core: {share * 100 / n:5.2f} % per camera")
    return 0


if __name__ == "__main__":
    sys.exit(main())
