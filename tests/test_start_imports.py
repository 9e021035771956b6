"""What the first window does not need is not imported before it (issue 16), and libvlc's start
for the video wall runs on its own thread, overlapping the duty log's opening."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from console.infrastructure.settings import Settings
from console.services.video.build import start_engine
from console.services.video.engine import EngineStart, make_engine

REPO = Path(__file__).resolve().parents[1]
# Modules of panels, exports and back ends that are built or opened later, on demand or on a thread.
DEFERRED = ("psycopg", "av", "pyqtgraph", "openpyxl", "reportlab", "widgets.trends.view", "widgets.review.view",
            "widgets.review.pdf", "console.services.history.historian_reader")


def test_the_window_modules_and_the_video_feeds_do_not_import_what_the_first_window_does_not_need():
    code = ("import json, sys; import console.shell.app, console.shell.cli, widgets.main_window; "
            "from console.services.video.feeds import FeedHub, FeedOptions; FeedHub(FeedOptions()); "
            f"print(json.dumps([m for m in {list(DEFERRED)!r} if m in sys.modules]))")
    env = dict(os.environ, PYTHONPATH=str(REPO), QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []


def test_the_engine_started_on_a_thread_is_what_make_engine_gives():
    started = EngineStart()
    engine, why = started.result()
    direct, direct_why = make_engine()
    try:
        assert (engine is None) == (direct is None)
        assert why == direct_why
        if engine is not None and direct is not None:
            assert engine.version == direct.version
    finally:
        for made in (engine, direct):
            if made is not None:
                made.close()


def test_no_engine_is_started_with_video_turned_off(tmp_path):
    settings = Settings.load(tmp_path / "settings.toml")
    settings.set("video.enabled", False)
    assert start_engine(settings) is None
