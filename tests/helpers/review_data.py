"""A small, known duty log for the review's tests, with its KPIs worked out by hand.

All on 2026-03-02, local time Asia/Shanghai (UTC+8), shift pattern 08:00/16:00/00:00, the
default deadlines (acknowledge 60/120/300/600 s, handle 900/1800/3600/7200 s for priorities
1–4), handling required for priorities 1 and 2. Looked at from NOW, two days later.

| alarm | point | prio | raised | acknowledged | handled | notes |
|---|---|---|---|---|---|---|
| A1 | ENT-A/PT-1 H | 1 | 09:00:00 | zhang +30 s (08:00) | zhang +600 s real event | cleared 09:12 |
| A2 | ENT-A/PT-1 H | 1 | 09:20:00 | li +120 s (late; overdue 09:21) | li +1500 s false alarm (late; overdue 09:35) | cleared 09:50 |
| A3 | ENT-B/PT-9 L | 3 | 10:00:00 | zhang +60 s | — (not required) | closed 10:30 |
| A4 | ENT-B/PT-9 L | 3 | 11:00:00 | zhang +10 s | zhang drill | a drill: left out |
| A5 | ENT-A/PT-2 HH | 2 | 12:00:00 | never (overdue 12:02) | never (overdue 12:30) | still open: stale |
| A6 | ENT-B/PT-10 H | 4 | 15:58:00 | li +300 s at 16:03, stamped 16:00 | — | spans two shifts |
| C1–C3 | ENT-B/PT-11 H | 4 | 20:00:00, :20, :50 | li +5 s each | — | chattering |

Presence checks: 09:30 zhang answered in 20 s; 10:30 zhang late (180 s); 17:00 missed (li on duty).
"""

from __future__ import annotations

import datetime as dt
import os
import time

import pytest
from sqlalchemy.orm import Session

from console.infrastructure.store.dutylog import DutyLog
from console.infrastructure.store.engine import make_engine
from console.infrastructure.store.migrations import upgrade
from console.infrastructure.store.schema import AckRecord, AlarmRecord, ClearanceRecord, HandlingRecord, HistoryRecord, PresenceCheckRecord, utc

TZ = "Asia/Shanghai"
DAY = "2026-03-02"
S08, S16 = f"{DAY} 08:00", f"{DAY} 16:00"


def use_zone(monkeypatch) -> None:
    """The tests' local time: China Standard Time, whatever the machine's zone."""
    monkeypatch.setenv("TZ", TZ)
    time.tzset()


def restore_zone() -> None:
    time.tzset()


def at(hhmmss: str, day: str = DAY) -> float:
    return dt.datetime.strptime(f"{day} {hhmmss}", "%Y-%m-%d %H:%M:%S").astimezone().timestamp()


def range_start() -> float:
    return at("00:00:00")


def range_end() -> float:
    return at("00:00:00", "2026-03-03")


def now() -> float:
    return at("00:00:00", "2026-03-04")


def _alarm(s: Session, occ: str, enterprise: str, point: str, condition: str, priority: int, raised: float, *,
           returned: float | None = None, closed: float | None = None, ack_overdue: float | None = None,
           handling_overdue: float | None = None, text: str = "") -> None:
    s.add(AlarmRecord(id=occ, alarm_key=f"{enterprise}/{point}/{condition}", enterprise=enterprise, point=point,
                      condition=condition, priority=priority, raised_at=utc(raised), received_at=utc(raised), value=None,
                      threshold=None, text=text or f"{point} {condition}", source_id="", station="ws-1",
                      returned_at=None if returned is None else utc(returned), handling_required=int(priority <= 2),
                      ack_overdue_at=None if ack_overdue is None else utc(ack_overdue),
                      handling_overdue_at=None if handling_overdue is None else utc(handling_overdue),
                      closed_at=None if closed is None else utc(closed)))
    s.flush()


def _ack(s: Session, occ: str, operator: str, raised: float, seconds: float, shift: str) -> None:
    s.add(AckRecord(alarm_id=occ, alarm_key=occ, operator=operator, station="ws-1", raised_at=utc(raised),
                    acked_at=utc(raised + seconds), response_ms=int(seconds * 1000), shift=shift))


def _handling(s: Session, occ: str, operator: str, raised: float, seconds: float, category: str, shift: str, note: str) -> None:
    s.add(HandlingRecord(alarm_id=occ, alarm_key=occ, category=category, description=note, operator=operator,
                         station="ws-1", shift=shift, handled_at=utc(raised + seconds)))


def _clear(s: Session, occ: str, operator: str, when: float, shift: str) -> None:
    s.add(ClearanceRecord(alarm_id=occ, alarm_key=occ, operator=operator, station="ws-1", shift=shift, cleared_at=utc(when)))


def fill(s: Session) -> None:
    a1, a2, a3, a4 = at("09:00:00"), at("09:20:00"), at("10:00:00"), at("11:00:00")
    a5, a6 = at("12:00:00"), at("15:58:00")
    _alarm(s, "A1", "ENT-A", "PT-1", "H", 1, a1, returned=at("09:05:00"), closed=at("09:12:00"), text="反应釜压力高")
    _ack(s, "A1", "zhang", a1, 30, S08)
    _handling(s, "A1", "zhang", a1, 600, "real_event", S08, "现场泄压，已恢复")
    _clear(s, "A1", "zhang", at("09:12:00"), S08)
    for event, when, who, detail in (("raised", a1, "", "value 8.6 threshold 8"), ("acked", a1 + 30, "zhang", "response 30.0 s"),
                                     ("returned", at("09:05:00"), "", ""),
                                     ("handled", a1 + 600, "zhang", "real_event: 现场泄压，已恢复"), ("cleared", at("09:12:00"), "zhang", "")):
        s.add(HistoryRecord(alarm_id="A1", event=event, at=utc(when), operator=who, station="ws-1", detail=detail, shift=S08))
    _alarm(s, "A2", "ENT-A", "PT-1", "H", 1, a2, returned=at("09:30:00"), closed=at("09:50:00"),
           ack_overdue=at("09:21:00"), handling_overdue=at("09:35:00"))
    _ack(s, "A2", "li", a2, 120, S08)
    _handling(s, "A2", "li", a2, 1500, "false_alarm", S08, "仪表误报 checked by phone")
    _clear(s, "A2", "li", at("09:50:00"), S08)
    _alarm(s, "A3", "ENT-B", "PT-9", "L", 3, a3, returned=at("10:30:00"), closed=at("10:30:00"))
    _ack(s, "A3", "zhang", a3, 60, S08)
    _alarm(s, "A4", "ENT-B", "PT-9", "L", 3, a4, returned=at("11:06:00"), closed=at("11:06:00"))
    _ack(s, "A4", "zhang", a4, 10, S08)
    _handling(s, "A4", "zhang", a4, 300, "drill", S08, "季度演练")
    _alarm(s, "A5", "ENT-A", "PT-2", "HH", 2, a5, ack_overdue=at("12:02:00"), handling_overdue=at("12:30:00"))
    _alarm(s, "A6", "ENT-B", "PT-10", "H", 4, a6, returned=at("16:10:00"), closed=at("16:10:00"))
    _ack(s, "A6", "li", a6, 300, S16)
    for i, offset in enumerate((0, 20, 50), 1):
        raised = at("20:00:00") + offset
        _alarm(s, f"C{i}", "ENT-B", "PT-11", "H", 4, raised, returned=raised + 8, closed=raised + 8)
        _ack(s, f"C{i}", "li", raised, 5, S16)
    for asked, status, operator, response, shift in (
        ("09:30:00", "answered", "zhang", 20.0, S08), ("10:30:00", "late", "zhang", 180.0, S08),
        ("17:00:00", "missed", "li", None, S16),
    ):
        when = at(asked)
        s.add(PresenceCheckRecord(station="ws-1", asked_at=utc(when), answered_at=None if response is None else utc(when + response),
                                  operator=operator, status=status, response_ms=None if response is None else int(response * 1000),
                                  shift=shift))
    log = DutyLog(s)
    log.add_user("zhang", "pw-zhang-2024", "张伟", "operator")
    log.add_user("li", "pw-li-2024", "李娜", "operator")
    log.add_user("boss", "pw-boss-2024", "王经理", "manager")


def make_log(url: str) -> None:
    """A new duty log at ``url`` (migrated) holding the data set."""
    engine = make_engine(url)
    upgrade(engine)
    with Session(engine) as s, s.begin():
        fill(s)
    engine.dispose()


def zone_is_set() -> bool:
    return os.environ.get("TZ") == TZ


def add_bulk(url: str, n: int, start: float, end: float, seed: int = 5) -> None:
    """``n`` more alarms spread over [start, end), each acknowledged: enough rows for an export
    that takes a moment (bulk inserts, a second or so for 20,000)."""
    import random

    from sqlalchemy import insert

    rng = random.Random(seed)
    engine = make_engine(url)
    alarms, acks = [], []
    for i in range(n):
        raised = start + (end - start) * i / n
        occ = f"B{i:07d}"
        point = f"PT-{rng.randrange(200):03d}"
        alarms.append(dict(id=occ, alarm_key=f"ENT-C/{point}/H", enterprise="ENT-C", point=point, condition="H",
                           priority=rng.choice((2, 3, 4)), raised_at=utc(raised), received_at=utc(raised), value=None,
                           threshold=None, text=f"bulk {i}", source_id="", station="ws-1", returned_at=utc(raised + 60),
                           handling_required=0, ack_overdue_at=None, handling_overdue_at=None, closed_at=utc(raised + 60)))
        acks.append(dict(alarm_id=occ, alarm_key=occ, operator="li", station="ws-1", raised_at=utc(raised),
                         acked_at=utc(raised + 20), response_ms=20_000, shift=""))
    with engine.begin() as conn:
        conn.execute(insert(AlarmRecord), alarms)
        conn.execute(insert(AckRecord), acks)
    engine.dispose()


# Fixtures for the review tests (imported by them): the test day's zone, and a duty log holding it.
@pytest.fixture
def zone(monkeypatch):
    use_zone(monkeypatch)
    yield
    monkeypatch.undo()
    restore_zone()


@pytest.fixture
def log_url(zone, db_path):
    url = f"sqlite:///{db_path}"
    make_log(url)
    return url
