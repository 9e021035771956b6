"""Expected failures on the real command line are one clear line and an exit status, never a
traceback: a missing plant file at start-up, a missing points sheet (said before a password is asked
for), a settings file that is not TOML, a database URL
that is wrong, a duty log that does not answer, a file that cannot be written."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOWN = "postgresql+psycopg://duty:secret-pw@127.0.0.1:9/duty"  # port 9 (discard): refused at once


def duty(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LANG="C.UTF-8")
    return subprocess.run([sys.executable, "-m", "console", *args], capture_output=True, text=True, timeout=120, cwd=ROOT,
                          env=env, stdin=subprocess.DEVNULL)


@pytest.mark.parametrize("case", ["missing plant file", "missing sheet", "settings not TOML", "database URL wrong", "duty log down",
                                  "unwritable"])
def test_one_line_and_an_exit_status(case, tmp_path):
    broken = tmp_path / "settings.toml"
    broken.write_text("[broker\nhost = ", encoding="utf-8")
    args, command, words = {
        "missing plant file": (["run", "--broker", "mqtt://127.0.0.1:9", "--plant", str(tmp_path / "missing.json"),
                                "--database-url", f"sqlite:///{tmp_path / 'log.sqlite'}"], "run", "missing.json"),
        "missing sheet": (["import-points", str(tmp_path / "测点.xlsx"), "--plant", str(tmp_path / "plant.json"), "--user", "itadmin"],
                          "import-points", "no such file"),
        "settings not TOML": (["--settings", str(broken), "run"], "run", "not valid TOML"),
        "database URL wrong": (["migrate", "--database-url", "not a url"], "migrate", "duty log cannot be used"),
        "duty log down": (["migrate", "--database-url", DOWN], "migrate", "Connection refused"),
        "unwritable": (["simulate", "--write-plant", str(tmp_path / "no" / "such" / "folder" / "plant.json")], "simulate",
                       "No such file or directory"),
    }[case]
    proc = duty(*args)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr and "secret-pw" not in proc.stderr
    own = [line for line in proc.stderr.splitlines() if not line.startswith("20")]  # the log's lines start with the date
    assert len(own) == 1 and own[0].startswith(f"{command}: ") and words in own[0], proc.stderr
