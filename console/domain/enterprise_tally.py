"""Per-enterprise summaries for the enterprise overview, kept up to date one alarm change at a time.

For each enterprise: its active alarms in the operator's list by priority (hence the worst one),
its alarms waiting for acknowledgment, the gateways and devices it cannot reach and the cameras
that show no picture. Communication loss is what the console already knows: an active ``COMM``
alarm of a point or gateway (a camera's ``COMM`` alarm, raised by the video health check, counts
as a camera without signal), and a device that reported itself ``offline`` on its status topic.
Shelved and out-of-service alarms are not counted as alarms (they live in their own view), but a
lost link is lost whoever shelved its alarm.

Each alarm's last contribution is remembered by its key, so a change costs the same however many
alarms there are; an alarm repeated without changing anything changes no enterprise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable

from console.domain.alarms import SYSTEM_ENTERPRISE, Alarm, AlarmChange, ChangeKind, Priority
from console.domain.plant import PlantRegistry
from console.domain.protocol import DeviceStatus
from console.domain.system_alarms import BROKER_KEY

COMM_CONDITION = "COMM"
OFFLINE = "offline"
# Legal forms at the end of a Chinese company name (longest first).
LEGAL_FORMS = ("股份有限公司", "有限责任公司", "集团有限公司", "有限公司", "集团公司", "分公司", "公司")
ADMIN_PREFIX = re.compile(r"^(?:[\u4e00-\u9fff]{2,7}?(?:省|自治区|市|地区|自治州|县|区))+")


def short_name(name: str, common_prefix: str = "") -> str:
    """The name without its legal form and its place: "厦门湖里泓晟气体有限公司", with the plant's
    common prefix "厦门", gives "湖里泓晟气体". Never empty: a name that would vanish stays whole."""
    short = name.strip()
    for form in LEGAL_FORMS:
        if short.endswith(form):
            if len(short) > len(form) + 1:
                short = short[: -len(form)]
            break
    if common_prefix and short.startswith(common_prefix) and len(short) - len(common_prefix) >= 2:
        short = short[len(common_prefix):]
    place = ADMIN_PREFIX.match(short)
    if place and len(short) - place.end() >= 2:
        short = short[place.end():]
    return short or name


def common_prefix(names: Iterable[str]) -> str:
    """The leading characters all names share (the city of a regional plant), "" for one name."""
    listed = [n for n in names if n]
    if len(listed) < 2:
        return ""
    first, last = min(listed), max(listed)
    n = 0
    while n < min(len(first), len(last)) and first[n] == last[n]:
        n += 1
    return first[:n]


@dataclass(frozen=True)
class EnterpriseStatus:
    """What one tile shows. ``code`` "" is the whole plant."""

    code: str
    name: str
    short_name: str
    by_priority: tuple[int, int, int, int]  # active alarms in the operator's list, priority 1..4
    unacknowledged: int
    links_lost: int  # gateways, points and devices out of communication
    cameras_lost: int
    cameras: int  # cameras configured

    @property
    def worst(self) -> Priority | None:
        for priority in Priority:
            if self.by_priority[int(priority) - 1]:
                return priority
        return None

    @property
    def active(self) -> int:
        return sum(self.by_priority)

    @property
    def abnormal(self) -> bool:
        return bool(self.active or self.unacknowledged or self.links_lost or self.cameras_lost)


@dataclass(frozen=True)
class _Share:
    """One alarm's part in its enterprise's summary."""

    enterprise: str
    priority: int  # 1..4 when active in the operator's list, else 0
    unacknowledged: bool
    lost_link: str  # the point or gateway out of communication, "" none
    lost_camera: str


@dataclass
class _Tally:
    code: str
    name: str
    short_name: str
    cameras: frozenset[str]
    by_priority: list[int] = field(default_factory=lambda: [0, 0, 0, 0])
    unacknowledged: int = 0
    # code -> number of reasons it is lost (its COMM alarm, its offline status)
    links: dict[str, int] = field(default_factory=dict)
    lost_cameras: dict[str, int] = field(default_factory=dict)
    offline: set[str] = field(default_factory=set)

    def status(self) -> EnterpriseStatus:
        p = self.by_priority
        return EnterpriseStatus(self.code, self.name, self.short_name, (p[0], p[1], p[2], p[3]), self.unacknowledged,
                                len(self.links), len(self.lost_cameras), len(self.cameras))


def _bump(counts: dict[str, int], code: str, by: int) -> None:
    n = counts.get(code, 0) + by
    if n > 0:
        counts[code] = n
    else:
        counts.pop(code, None)


class EnterpriseTally:
    """The summaries of every enterprise of the plant, in the plant's order, plus any enterprise
    that raises alarms without being in the plant (an open registry)."""

    def __init__(self, registry: PlantRegistry) -> None:
        self._registry = registry
        self._tallies: dict[str, _Tally] = {}
        self._shares: dict[str, _Share] = {}
        self.server_link_lost = False
        self._load_plant()

    def _load_plant(self) -> None:
        enterprises = self._registry.enterprises()
        prefix = common_prefix(e.name for e in enterprises)
        self._tallies = {e.code: _Tally(e.code, e.name, short_name(e.name, prefix), frozenset(e.cameras)) for e in enterprises}

    def codes(self) -> list[str]:
        return list(self._tallies)

    def status(self, code: str) -> EnterpriseStatus | None:
        tally = self._tallies.get(code)
        return tally.status() if tally else None

    def total(self) -> EnterpriseStatus:
        """The whole plant, for the "all enterprises" tile (a walk over the enterprises, not the alarms)."""
        p = [0, 0, 0, 0]
        unack = links = lost = cameras = 0
        for t in self._tallies.values():
            for i in range(4):
                p[i] += t.by_priority[i]
            unack += t.unacknowledged
            links += len(t.links)
            lost += len(t.lost_cameras)
            cameras += len(t.cameras)
        return EnterpriseStatus("", "", "", (p[0], p[1], p[2], p[3]), unack, links, lost, cameras)

    def rebuild(self, alarms: Iterable[Alarm]) -> None:
        """Start again from the plant and the book's alarms (at start and when the plant changes)."""
        offline = {code: t.offline for code, t in self._tallies.items()}
        self._load_plant()
        self._shares.clear()
        self.server_link_lost = False
        for alarm in alarms:
            self._take(alarm, removed=False)
        for code, devices in offline.items():
            if code not in self._tallies:
                continue  # no longer in the plant
            for device in devices:
                self._set_offline(code, device, True)

    def apply(self, change: AlarmChange) -> str | None:
        """Take one change of the alarm book; the code of the enterprise whose summary changed,
        ``SYSTEM_ENTERPRISE`` when the server link's state changed, None when nothing did."""
        return self._take(change.alarm, removed=change.kind is ChangeKind.REMOVED)

    def device_status(self, status: DeviceStatus) -> str | None:
        """A device's own status report: ``offline`` is lost, any other status is talking."""
        if self._set_offline(status.enterprise, status.device, status.status == OFFLINE):
            return status.enterprise
        return None

    # -- internals -------------------------------------------------------------------
    def _tally(self, code: str) -> _Tally:
        tally = self._tallies.get(code)
        if tally is None:
            tally = self._tallies[code] = _Tally(code, code, code, frozenset())
        return tally

    def _take(self, alarm: Alarm, removed: bool) -> str | None:
        if alarm.is_system:  # the console's own alarms: only the alarm server link matters here
            if alarm.key != BROKER_KEY:
                return None
            lost = not removed and alarm.state.active
            if lost == self.server_link_lost:
                return None
            self.server_link_lost = lost
            return SYSTEM_ENTERPRISE
        return self._apply(alarm.key, None if removed else alarm)

    def _share(self, alarm: Alarm) -> _Share:
        main = alarm.in_main_list
        priority = int(alarm.priority) if main and alarm.state.active else 0
        lost_link = lost_camera = ""
        if alarm.condition == COMM_CONDITION and alarm.state.active:
            if alarm.point in self._tally(alarm.enterprise).cameras:
                lost_camera = alarm.point
            else:
                lost_link = alarm.point
        return _Share(alarm.enterprise, priority, main and alarm.state.needs_ack, lost_link, lost_camera)

    def _apply(self, key: str, alarm: Alarm | None) -> str | None:
        old = self._shares.pop(key, None)
        new = self._share(alarm) if alarm is not None else None
        if new is not None:
            self._shares[key] = new
        if old == new:
            return None
        if old is not None:
            self._add(old, -1)
        if new is not None:
            self._add(new, +1)
        changed = new if new is not None else old
        return changed.enterprise if changed is not None else None

    def _add(self, share: _Share, sign: int) -> None:
        tally = self._tally(share.enterprise)
        if share.priority:
            tally.by_priority[share.priority - 1] += sign
        tally.unacknowledged += sign * share.unacknowledged
        if share.lost_link:
            _bump(tally.links, share.lost_link, sign)
        if share.lost_camera:
            _bump(tally.lost_cameras, share.lost_camera, sign)

    def _set_offline(self, enterprise: str, device: str, offline: bool) -> bool:
        if not offline and enterprise not in self._tallies:
            return False
        tally = self._tally(enterprise)
        if (device in tally.offline) == offline:
            return False
        sign = 1 if offline else -1
        if offline:
            tally.offline.add(device)
        else:
            tally.offline.discard(device)
        _bump(tally.lost_cameras if device in tally.cameras else tally.links, device, sign)
        return True
