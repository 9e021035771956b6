"""Native memory: what is freed between blocks still in use goes back to the system (issue 16)."""

from __future__ import annotations

import sys

import pytest

from console.infrastructure.native_memory import HeapTrimmer

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def test_a_trim_gives_back_what_was_freed_between_blocks_still_in_use():
    trimmer = HeapTrimmer()
    assert trimmer.available  # glibc on the machines the console is packaged for
    trimmer.trim_now()
    blocks = [bytearray(4000) for _ in range(25_000)]  # about 100 MB from malloc (not Python's small-object pool)
    for block in blocks:
        block[0] = 1  # touched: resident
    kept = blocks[::50]  # one block in 50 stays: the freed ones between cannot go back by themselves
    del blocks
    before = rss_mb()
    assert trimmer.trim_now()
    after = rss_mb()
    assert before - after > 50, f"RSS {before:.0f} MB before the trim, {after:.0f} MB after"
    assert trimmer.trims == 2 and len(kept) == 500


def test_the_trimmer_runs_on_its_own_thread_until_closed(qtbot):
    trimmer = HeapTrimmer(interval_s=0.05)
    trimmer.start()
    thread = trimmer._thread
    assert thread is not None and thread.name == "heap-trim" and thread.daemon
    try:
        qtbot.waitUntil(lambda: trimmer.trims >= 2, timeout=10_000)
    finally:
        trimmer.close()
    assert not thread.is_alive() and trimmer._thread is None  # ended, not left behind
