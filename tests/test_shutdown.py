"""The console's shutdown: steps in order, each within a limit; a failing or hanging step does not
keep the duty log from being closed, and SIGTERM ends the program with status 0."""

from __future__ import annotations

import logging
import threading

from console.shell.shutdown_watch import ShutdownWatch


def test_a_step_past_its_limit_is_reported_by_name_and_the_next_steps_still_run():
    released = threading.Event()
    stuck: list[str] = []

    def on_stuck(step: str) -> None:
        stuck.append(step)
        released.set()  # what the program does instead: end the process

    ran: list[str] = []
    watch = ShutdownWatch(on_stuck)
    watch.run("hangs", lambda: released.wait(30), limit_s=0.3)
    watch.run("raises", lambda: 1 / 0)
    watch.run("last", lambda: ran.append("last"))
    watch.finish()
    assert stuck == ["hangs"] and watch.stuck == "hangs"
    assert ran == ["last"]
    assert watch.took["hangs"] < 10


def test_a_failing_step_does_not_keep_the_duty_log_open(console, caplog):
    stop = console.core.link.stop

    def broken() -> None:
        stop()
        raise RuntimeError("paho said no")  # after the session closed: only the error is new

    console.core.link.stop = broken
    with caplog.at_level(logging.INFO):
        console.close()
    messages = [r.getMessage() for r in caplog.records]
    assert any("broker link failed" in m for m in messages)
    assert "duty log closed" in messages
    assert messages.index("duty log closed") > next(i for i, m in enumerate(messages) if "broker link failed" in m)
