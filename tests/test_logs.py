"""Bad messages are logged once per source and reason; repeats are summed up, not repeated."""

from __future__ import annotations

import logging

from console.infrastructure.logs import RejectLog, setup


def test_reject_log_writes_each_kind_of_reason_once_then_sums_up_exactly(caplog):
    caplog.set_level(logging.WARNING)
    rejects = RejectLog(logging.getLogger("test.intake"))
    assert rejects.reject("dc/v1/E1/readings/G1", "not JSON", enterprise="E1") is True
    for _ in range(99):
        assert rejects.reject("dc/v1/E1/readings/G1", "not JSON", enterprise="E1") is False
    # Another topic, the same kind of reason: counted, not written again.
    for point in range(50):
        first = rejects.reject(f"dc/v1/E2/alarms/P{point}", f"unknown point 'P{point}' of enterprise 'E2'", enterprise="E2")
        assert first is (point == 0)
    assert rejects.total == 150
    assert len(caplog.records) == 2
    assert rejects.summary() == [("E1", "not JSON", 100), ("E2", "unknown point '…' of enterprise '…'", 50)]
    line = caplog.records[-1].getMessage()
    assert "rejected messages: 150 in the last" in line and "E1 «not JSON» 100" in line
    assert rejects.summary() == []  # the interval starts again; nothing new, no line
    assert len(caplog.records) == 3
    assert rejects.tally.since_start[("E2", "unknown point '…' of enterprise '…'")] == 50  # kept since the start


def test_reject_log_counts_are_never_dropped_however_many_pairs(caplog):
    """The old log kept 1,000 (topic, reason) pairs and dropped its counts when full."""
    caplog.set_level(logging.WARNING)
    rejects = RejectLog(logging.getLogger("test.intake"), max_pairs=100)
    for i in range(5000):
        rejects.reject(f"dc/v1/E{i}/readings/G", "not JSON", enterprise=f"E{i}")
    assert rejects.total == 5000 and sum(rejects.tally.since_start.values()) == 5000
    assert len(rejects.tally.since_start) == 101  # 100 enterprises, then the rest together
    pairs = rejects.summary()
    assert sum(n for _, _, n in pairs) == 5000
    line = caplog.records[-1].getMessage()
    # 20 pairs shown: the 4,900 of the enterprises beyond the first 100 together, 19 of those; 81 more of 1.
    assert "rejected messages: 5000" in line and "(other enterprises) «not JSON» 4900" in line and "81 more pairs 81" in line
    assert len(line) < 3000


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
