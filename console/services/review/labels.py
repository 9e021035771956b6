"""Words for the review's exports and reports (Qt translations, so Chinese when the language is).

The same contexts and source texts as the alarm list uses, so one translation serves both.
"""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtCore import QCoreApplication

from console.domain.alarms import SYSTEM_ENTERPRISE

TIME = "%Y-%m-%d %H:%M:%S"


def t(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


def priority(value: int) -> str:
    symbols = {1: "◆", 2: "▲", 3: "■", 4: "●"}
    words = {
        1: QCoreApplication.translate("Priority", "Red · Urgent"),
        2: QCoreApplication.translate("Priority", "Orange · High"),
        3: QCoreApplication.translate("Priority", "Yellow · Medium"),
        4: QCoreApplication.translate("Priority", "Blue · Low"),
    }
    return f"{symbols[value]} {words[value]}" if value in words else str(value)


def condition(code: str) -> str:
    labels = {
        "HH": QCoreApplication.translate("Condition", "High-high"),
        "H": QCoreApplication.translate("Condition", "High"),
        "L": QCoreApplication.translate("Condition", "Low"),
        "LL": QCoreApplication.translate("Condition", "Low-low"),
        "FAULT": QCoreApplication.translate("Condition", "Instrument fault"),
        "COMM": QCoreApplication.translate("Condition", "Communication lost"),
        "SUSPECT": QCoreApplication.translate("Condition", "Suspect value"),
        "DEVICE": QCoreApplication.translate("Condition", "Device fault"),
    }
    return labels.get(code, code)


def category(code: str | None) -> str:
    if not code:
        return ""
    labels = {
        "real_event": QCoreApplication.translate("Handling", "Real event"),
        "false_alarm": QCoreApplication.translate("Handling", "False alarm"),
        "maintenance": QCoreApplication.translate("Handling", "Maintenance"),
        "instrument_fault": QCoreApplication.translate("Handling", "Instrument fault"),
        "drill": QCoreApplication.translate("Handling", "Drill"),
    }
    return labels.get(code, code)


def stage(value: str) -> str:
    labels = {
        "": QCoreApplication.translate("ReviewStage", "Any stage"),
        "unacknowledged": QCoreApplication.translate("ReviewStage", "Not acknowledged"),
        "acknowledged": QCoreApplication.translate("ReviewStage", "Acknowledged, not handled"),
        "handled": QCoreApplication.translate("ReviewStage", "Handled, not cleared"),
        "cleared": QCoreApplication.translate("ReviewStage", "Cleared"),
        "open": QCoreApplication.translate("ReviewStage", "Still open"),
        "closed": QCoreApplication.translate("ReviewStage", "Closed"),
    }
    return labels.get(value, value)


def row_stage(acked: bool, handled: bool, cleared: bool, closed: bool, returned: bool) -> str:
    """Where one alarm occurrence stands, in words."""
    if cleared:
        return QCoreApplication.translate("ReviewStage", "Cleared")
    if closed:
        return QCoreApplication.translate("ReviewStage", "Closed")
    if not acked:
        return QCoreApplication.translate("ReviewStage", "Not acknowledged")
    if handled:
        return QCoreApplication.translate("ReviewStage", "Handled, not cleared")
    if returned:
        return QCoreApplication.translate("ReviewStage", "Returned, to be cleared")
    return QCoreApplication.translate("ReviewStage", "Acknowledged, not handled")


def grouping(value: str) -> str:
    return {
        "operator": QCoreApplication.translate("Review", "Operator"),
        "shift": QCoreApplication.translate("Review", "Shift"),
        "enterprise": QCoreApplication.translate("Review", "Enterprise"),
    }.get(value, value)


def nobody() -> str:
    return QCoreApplication.translate("Review", "(nobody)")


def enterprise_name(code: str, name: str) -> str:
    if code == SYSTEM_ENTERPRISE:
        return QCoreApplication.translate("Review", "Console")
    return name or code


def zone_label(when: float | None = None) -> str:
    """The local time zone as the exports state it: "UTC+08:00"."""
    local = dt.datetime.fromtimestamp(when if when is not None else dt.datetime.now().timestamp()).astimezone()
    offset = local.utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def local(seconds: float | None, fmt: str = TIME) -> str:
    return "" if seconds is None else dt.datetime.fromtimestamp(seconds).strftime(fmt)


def seconds(value: float | None) -> str:
    """A duration for a table: "42.0 s", "12.5 min", "3.2 h"; "—" when there is none."""
    if value is None:
        return "—"
    if value < 120:
        return QCoreApplication.translate("Review", "%1 s").replace("%1", f"{value:.1f}")
    if value < 7200:
        return QCoreApplication.translate("Review", "%1 min").replace("%1", f"{value / 60:.1f}")
    return QCoreApplication.translate("Review", "%1 h").replace("%1", f"{value / 3600:.1f}")


def share(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f} %"


def _short(value: float) -> str:
    if value < 60:
        return f"{value:g}s"
    if value < 3600:
        return f"{value / 60:g}m"
    return f"{value / 3600:g}h"


def histogram_labels(edges: tuple[float, ...]) -> list[str]:
    """Compact labels of histogram intervals: "<10s", "10–30s", "30s–1m", …, ">1h"."""
    labels = [f"<{_short(edges[1])}"]
    for lo, hi in zip(edges[1:-2], edges[2:-1], strict=True):
        a, b = _short(lo), _short(hi)
        if a[-1] == b[-1]:
            a = a[:-1]
        labels.append(f"{a}–{b}")
    labels.append(f">{_short(edges[-2])}")
    return labels


_RESPONSE = re.compile(r"^response ([0-9.]+) s$")
_VALUE = re.compile(r"^value (\S+)(?: threshold (\S+))?$")
_HANDLED = re.compile(r"^(real_event|false_alarm|maintenance|instrument_fault|drill): (.*)$", re.S)


def handling_category(value: str) -> str:
    words = {
        "real_event": QCoreApplication.translate("Handling", "Real event"),
        "false_alarm": QCoreApplication.translate("Handling", "False alarm"),
        "maintenance": QCoreApplication.translate("Handling", "Maintenance"),
        "instrument_fault": QCoreApplication.translate("Handling", "Instrument fault"),
        "drill": QCoreApplication.translate("Handling", "Drill"),
    }
    return words.get(value, value)


def history_detail(text: str) -> str:
    """A history row's detail as the recorder stored it (console/services/recorder.py, in a fixed English
    form so that the duty log reads alike everywhere) in the reader's language."""
    if m := _RESPONSE.match(text):
        return QCoreApplication.translate("AlarmEvent", "response %1 s").replace("%1", m.group(1))
    if m := _VALUE.match(text):
        if m.group(2) is None:
            return QCoreApplication.translate("AlarmEvent", "value %1").replace("%1", m.group(1))
        return QCoreApplication.translate("AlarmEvent", "value %1, limit %2").replace("%1", m.group(1)).replace("%2", m.group(2))
    if m := _HANDLED.match(text):
        return f"{handling_category(m.group(1))}: {m.group(2)}"
    return text
