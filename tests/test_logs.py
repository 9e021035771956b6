"""Bad messages are logged once per source and reason; repeats are summed up, not repeated."""

from __future__ import annotations

import logging

from console.infrastructure.logs import RejectLog, setup


def test_reject_log_writes_each_reason_once_then_sums_up(caplog):
    caplog.set_level(logging.WARNING)
    rejects = RejectLog(logging.getLogger("test.intake"))
    assert rejects.reject("t/1", "not JSON") is True
    for _ in range(99):
        assert rejects.reject("t/1", "not JSON") is False
    assert rejects.reject("t/2", "not JSON") is True
    assert rejects.total == 101
    assert len(caplog.records) == 2
    assert rejects.summary() == [("t/1", "not JSON", 99)]
    assert "99 more rejected messages on t/1: not JSON" in caplog.records[-1].getMessage()
    assert rejects.summary() == []  # counts start again


def test_log_file_and_stderr(tmp_path, capsys):
    path = setup(tmp_path / "logs")
    logging.getLogger("console.test").warning("hello 值班")
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert "hello 值班" in path.read_text(encoding="utf-8")
    assert "console.test: hello 值班" in capsys.readouterr().err
    for handler in [h for h in logging.getLogger().handlers if getattr(h, "_duty_console", False)]:
        logging.getLogger().removeHandler(handler)
        handler.close()
