"""Alarms the console derives itself from the plant's readings (ISA-18.2 nuisance controls).

Plain Python: no Qt, no I/O, every "now" comes from the injected clock. The application feeds
each batch of readings to ``Evaluator.feed`` and calls ``Evaluator.tick`` about once a second;
both return ``(AlarmRaise, active)`` transitions for the alarm book (active=False: cleared).

Conditions, per point in use
----------------------------
* ``H``/``HH`` (value ≥ setting) and ``L``/``LL`` (value ≤ setting): each an independent alarm,
  as ISA-18.2 has it (above HH, both H and HH are active). For gas points the settings are the
  GB/T 50493-2019 §5.5 levels: ``H`` is the first level (一级, priority 2 橙) and ``HH`` the second
  (二级, priority 1 红). Priorities come from ``protocol.DEFAULT_PRIORITY``.
* Deadband: an active alarm returns only once the value is back at ``setting ∓ deadband`` (at it
  or beyond). Exactly at the setting raises. The kind's deadband is a fraction of the instrument
  span, capped at half the distance between the setting and the range end on the normal side, so
  that a low setting in a wide range (CO at 15 ppm on 0–1000 ppm) can still return. A point's own
  ``deadband`` (engineering units) is used as configured.
* On-delay / off-delay: a condition must hold continuously for the on-delay before it is raised,
  and be gone continuously for the off-delay before it clears. Between readings a value is held
  (sample-and-hold), so a delay completes at ``start + delay`` whether a later reading or a tick
  notices it; that instant, the *confirmation* time, is the event's ``at`` (as in ISA-18.2: an
  alarm exists once confirmed). The result does not depend on how often ``tick`` runs.
* ``FAULT``: a reading of quality ``bad`` or outside ``range ± range_margin × span``. A faulty
  value evaluates nothing else: process alarms keep their state (ISA: bad data neither raises nor
  clears) and their pending delays are cancelled. A good in-range reading clears FAULT and is
  evaluated afresh. Quality ``uncertain`` is evaluated like ``good`` (never miss a gas alarm).
* ``COMM``: no reading received for ``comm_loss_s`` (console clock), checked by ``tick``. Timers of
  points never heard from start when the evaluator is created. When *every* point in use of an
  enterprise is silent, one alarm on the reserved point ``ENTERPRISE_POINT`` replaces the
  per-point ones (one physical event, one alarm; those already raised are cleared). Any reading
  clears the point's COMM and the enterprise's. A silent point's pending delays are cancelled.
* ``SUSPECT``: the value exactly unchanged over readings spanning ``frozen_s`` (reading times),
  checked by ``tick``; cleared by a different value. A value at or below ``range_low`` is never
  frozen: detectors and transmitters rest at their zero (a gas detector in clean air reads 0 for
  weeks, an idle flow meter 0). The frozen timer restarts after a fault or a communication loss.
  Gateways that report by exception cannot be checked (they send no repeated values).
* Readings older than the last one seen for the point, and readings of unknown points or points
  out of use, are ignored (not evaluated, not a sign of life).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from types import MappingProxyType
from typing import Iterable, Mapping

from console.domain.alarms import AlarmRaise
from console.domain.clock import Clock
from console.domain.plant import PlantRegistry, Point
from console.domain.protocol import DEFAULT_PRIORITY, Reading

Transition = tuple[AlarmRaise, bool]  # (event, active): True raised, False cleared

ENTERPRISE_POINT = "ENTERPRISE"
"""Reserved point code of an enterprise-wide alarm (all its points silent); a valid protocol code."""

UPPER = ("H", "HH")
LOWER = ("L", "LL")
LIMITS = ("H", "HH", "L", "LL")  # inner before outer on each side: H raises before HH


@dataclass(frozen=True)
class EvaluationDefaults:
    """Nuisance controls and timeouts for one point kind.

    ``deadband`` and ``range_margin`` are fractions of the instrument span (range_high − range_low).
    A point's own ``deadband``, ``on_delay_s`` and ``off_delay_s`` override these when set.
    """

    deadband: float
    on_delay_s: float
    off_delay_s: float
    comm_loss_s: float = 60.0  # a gateway publishes every second: a minute is 60 missed cycles
    frozen_s: float = 1800.0
    range_margin: float = 0.01  # beyond range ± 1 % of span: instrument fault

    def __post_init__(self) -> None:
        for name in ("deadband", "on_delay_s", "off_delay_s", "range_margin"):
            value = getattr(self, name)
            if not (math.isfinite(value) and value >= 0):
                raise ValueError(f"{name} must be a finite number ≥ 0, not {value!r}")
        for name in ("comm_loss_s", "frozen_s"):
            value = getattr(self, name)
            if not (math.isfinite(value) and value > 0):
                raise ValueError(f"{name} must be a finite number > 0, not {value!r}")


GENERIC_DEFAULTS = EvaluationDefaults(deadband=0.02, on_delay_s=5.0, off_delay_s=5.0)
"""For a point kind missing from the defaults table."""

DEFAULTS: Mapping[str, EvaluationDefaults] = MappingProxyType(
    {
        # Gas: fast (1 s rejects a single-sample spike; the detector's own T90 is tens of seconds),
        # slow to return (plumes fluctuate around a setting). LEL sensors are ±3 %LEL class.
        "gas_combustible": EvaluationDefaults(deadband=0.02, on_delay_s=1.0, off_delay_s=10.0),
        # Toxic settings sit low in wide ranges (H2S 5 of 100 ppm, CO 15 of 1000 ppm): 1 %.
        "gas_toxic": EvaluationDefaults(deadband=0.01, on_delay_s=1.0, off_delay_s=10.0),
        # Process values (ISA-18.2 starting points: temperature 1 %, pressure 2 %, flow 5 %).
        "temperature": EvaluationDefaults(deadband=0.01, on_delay_s=5.0, off_delay_s=5.0),
        "pressure": EvaluationDefaults(deadband=0.02, on_delay_s=5.0, off_delay_s=5.0),
        # Radar/servo gauges are precise (1 %); surface waves while filling need the 10 s off-delay.
        # A tank at rest keeps its level to the millimetre for hours: frozen only after 2 h.
        "level": EvaluationDefaults(deadband=0.01, on_delay_s=5.0, off_delay_s=10.0, frozen_s=7200.0),
        "flow": EvaluationDefaults(deadband=0.05, on_delay_s=5.0, off_delay_s=5.0),
    }
)

QUANTITY = {
    "gas_combustible": "可燃气体浓度",
    "gas_toxic": "有毒气体浓度",
    "temperature": "温度",
    "pressure": "压力",
    "level": "液位",
    "flow": "流量",
}
CONDITION_TEXT = {"HH": "高高报", "H": "高报", "L": "低报", "LL": "低低报"}
GAS_LEVEL_TEXT = {"H": "（一级）", "HH": "（二级）"}  # GB/T 50493-2019 §5.5
FAULT_RANGE_TEXT = "仪表故障：读数超出量程"
FAULT_QUALITY_TEXT = "仪表故障：数据质量为坏值"


def limit_text(kind: str, condition: str) -> str:
    """'温度高报', '可燃气体浓度高高报（二级）'…"""
    text = QUANTITY.get(kind, "测量值") + CONDITION_TEXT[condition]
    if kind.startswith("gas_"):
        text += GAS_LEVEL_TEXT.get(condition, "")
    return text


def duration_text(seconds: float) -> str:
    """'60 秒', '30 分钟', '2 小时'."""
    if seconds >= 7200 and seconds % 3600 == 0:
        return f"{seconds / 3600:g} 小时"
    if seconds >= 120 and seconds % 60 == 0:
        return f"{seconds / 60:g} 分钟"
    return f"{seconds:g} 秒"


class _Limit:
    """One setting of one point (H, HH, L or LL): an alarm with deadband, on- and off-delay.

    ``since`` is when the pending delay started: the on-delay while normal, the off-delay while
    active; None when nothing is pending.
    """

    __slots__ = ("condition", "upper", "threshold", "release", "on_delay", "off_delay", "priority", "text",
                 "active", "since")

    def __init__(self, condition: str, threshold: float, deadband: float, on_delay: float, off_delay: float,
                 text: str) -> None:
        self.condition = condition
        self.upper = condition in UPPER
        self.threshold = threshold
        # Back to normal at `release` or beyond; without a deadband, just inside the setting.
        if self.upper:
            self.release = threshold - deadband if deadband > 0 else math.nextafter(threshold, -math.inf)
        else:
            self.release = threshold + deadband if deadband > 0 else math.nextafter(threshold, math.inf)
        self.on_delay = on_delay
        self.off_delay = off_delay
        self.priority = DEFAULT_PRIORITY[condition]
        self.text = text
        self.active = False
        self.since: float | None = None

    @property
    def busy(self) -> bool:
        return self.active or self.since is not None

    def apply(self, value: float, at: float, point: "_PointState", out: list[Transition]) -> None:
        """A new value at ``at``: start or cancel the pending delay (and complete a zero one)."""
        if self.active:
            changing = value <= self.release if self.upper else value >= self.release
        else:
            changing = value >= self.threshold if self.upper else value <= self.threshold
        if not changing:
            self.since = None
        elif self.since is None:
            self.since = at
            self.advance(at, value, point, out)

    def advance(self, now: float, value: float, point: "_PointState", out: list[Transition]) -> None:
        """Complete the pending delay if ``value`` has been held long enough by ``now``."""
        if self.since is None:
            return
        delay = self.off_delay if self.active else self.on_delay
        if now - self.since >= delay:
            at = self.since + delay
            self.active = not self.active
            self.since = None
            event = AlarmRaise(point.enterprise, point.code, self.condition, self.priority, at, value,
                               self.threshold, self.text)
            out.append((event, self.active))

    def cancel(self) -> None:
        """No trustworthy value: keep the state, forget the pending delay."""
        self.since = None


class _Site:
    """An enterprise: its points in use and its enterprise-wide COMM alarm."""

    __slots__ = ("code", "points", "comm", "comm_s")

    def __init__(self, code: str) -> None:
        self.code = code
        self.points: list[_PointState] = []
        self.comm = False
        self.comm_s = 0.0  # the longest comm-loss timeout of its points (for the text)

    def comm_event(self, at: float) -> AlarmRaise:
        text = f"企业通信中断：全部测点 {duration_text(self.comm_s)}无数据"
        return AlarmRaise(self.code, ENTERPRISE_POINT, "COMM", DEFAULT_PRIORITY["COMM"], at, text=text)


class _PointState:
    """Everything the evaluator keeps for one point in use, precomputed for the common path.

    ``quiet`` means: no alarm active or pending of any kind, so a good reading strictly inside
    ``(low, high)`` changes nothing but the last value and times (the fast path of ``feed``).
    """

    __slots__ = (
        "enterprise", "code", "site", "gas", "limits", "range_low", "fault_low", "fault_high", "low", "high",
        "comm_loss_s", "frozen_s", "comm_text", "frozen_text",
        "last_at", "heard_at", "value", "changed_at", "fault", "fault_text", "silent", "comm", "suspect", "quiet",
    )  # fmt: skip

    def __init__(self, point: Point, settings: EvaluationDefaults, site: _Site, created_at: float) -> None:
        self.enterprise = point.enterprise
        self.code = point.code
        self.site = site
        self.gas = point.kind.startswith("gas_")
        self.limits = tuple(_make_limits(point, settings))
        span = point.range_high - point.range_low
        self.range_low = point.range_low
        if span > 0:
            margin = settings.range_margin * span
            self.fault_low, self.fault_high = point.range_low - margin, point.range_high + margin
        else:  # no usable range: no range check
            self.fault_low, self.fault_high = -math.inf, math.inf
        self.low = max([self.fault_low] + [lim.threshold for lim in self.limits if not lim.upper])
        self.high = min([self.fault_high] + [lim.threshold for lim in self.limits if lim.upper])
        self.comm_loss_s = settings.comm_loss_s
        self.frozen_s = settings.frozen_s
        self.comm_text = f"通信中断：{duration_text(settings.comm_loss_s)}无数据"
        self.frozen_text = f"数值冻结：{duration_text(settings.frozen_s)}未变化"
        self.last_at = -math.inf  # time of the newest reading (reading clock)
        self.heard_at = created_at  # when it was received (console clock)
        self.value = math.nan
        self.changed_at = -math.inf
        self.fault = False
        self.fault_text = ""
        self.silent = False
        self.comm = False
        self.suspect = False
        self.quiet = True

    def _event(self, condition: str, at: float, value: float | None = None, text: str = "") -> AlarmRaise:
        return AlarmRaise(self.enterprise, self.code, condition, DEFAULT_PRIORITY[condition], at, value, text=text)

    def _refresh(self) -> None:
        self.quiet = not (self.fault or self.silent or self.comm or self.suspect or any(lim.busy for lim in self.limits))

    def read(self, value: float, at: float, quality: str, heard: float, out: list[Transition]) -> None:
        """The full evaluation of one (in-order) reading."""
        site = self.site
        if site.comm:
            site.comm = False
            out.append((site.comm_event(heard), False))
        if self.comm:
            self.comm = False
            out.append((self._event("COMM", heard, text=self.comm_text), False))
        restart = self.silent or self.fault  # the frozen timer starts again
        self.silent = False
        self.heard_at = heard
        self.last_at = at
        held = self.value
        for lim in self.limits:  # the previous value, held until now
            lim.advance(at, held, self, out)
        if quality == "bad" or not self.fault_low <= value <= self.fault_high:  # also NaN
            if self.gas and quality != "bad" and value > self.fault_high:
                self._over_range_gas(value, at, out)
            for lim in self.limits:
                lim.cancel()
            if not self.fault:
                self.fault = True
                self.fault_text = FAULT_QUALITY_TEXT if quality == "bad" else FAULT_RANGE_TEXT
                out.append((self._event("FAULT", at, value, self.fault_text), True))
            self._refresh()
            return
        if self.fault:
            self.fault = False
            out.append((self._event("FAULT", at, value, self.fault_text), False))
        if value != held or restart:
            if self.suspect and value != held:
                self.suspect = False
                out.append((self._event("SUSPECT", at, value, self.frozen_text), False))
            self.value = value
            self.changed_at = at
        for lim in self.limits:
            lim.apply(value, at, self, out)
        self._refresh()

    def _over_range_gas(self, value: float, at: float, out: list[Transition]) -> None:
        """A gas detector driven above its range most likely sees a great deal of gas
        (detector standards expect it to hold its alarm): the upper alarms are raised at
        once, beside the instrument fault, never hidden by it."""
        for lim in self.limits:
            if lim.upper and not lim.active:
                lim.active, lim.since = True, None
                out.append((AlarmRaise(self.enterprise, self.code, lim.condition, lim.priority, at, value,
                                       lim.threshold, lim.text), True))

    def go_silent(self) -> None:
        """No reading for comm_loss_s: no decisions on stale data."""
        self.silent = True
        self.quiet = False
        for lim in self.limits:
            lim.cancel()

    def tick(self, now: float, out: list[Transition]) -> None:
        """Complete pending delays and look for a frozen value (the point is not silent)."""
        if self.last_at == -math.inf or self.fault:
            return
        if not self.quiet:
            plant_now = self.last_at + max(0.0, now - self.heard_at)  # the reading clock, extrapolated
            for lim in self.limits:
                lim.advance(plant_now, self.value, self, out)
            self._refresh()
        if not self.suspect and self.value > self.range_low and self.last_at - self.changed_at >= self.frozen_s:
            self.suspect = True
            self.quiet = False
            out.append((self._event("SUSPECT", self.changed_at + self.frozen_s, self.value, self.frozen_text), True))


def _make_limits(point: Point, settings: EvaluationDefaults) -> Iterable[_Limit]:
    span = max(point.range_high - point.range_low, 0.0)
    on_delay = settings.on_delay_s if point.on_delay_s is None else point.on_delay_s
    off_delay = settings.off_delay_s if point.off_delay_s is None else point.off_delay_s
    thresholds = point.thresholds()
    for condition in LIMITS:
        threshold = thresholds.get(condition)
        if threshold is None:
            continue
        if point.deadband is not None:
            deadband = max(point.deadband, 0.0)
        else:  # the kind's share of the span, but the return must stay reachable inside the range
            room = threshold - point.range_low if condition in UPPER else point.range_high - threshold
            deadband = min(settings.deadband * span, max(room, 0.0) / 2)
        yield _Limit(condition, threshold, deadband, on_delay, off_delay, limit_text(point.kind, condition))


class Evaluator:
    """Evaluates readings against each point's settings; see the module docstring for the rules.

    ``defaults`` maps a point kind to its settings; a kind missing there takes ``DEFAULTS``, then
    ``GENERIC_DEFAULTS``. The registry is read once, here: build a new evaluator after a reload.
    """

    def __init__(self, registry: PlantRegistry, clock: Clock,
                 defaults: Mapping[str, EvaluationDefaults] = DEFAULTS) -> None:
        self._clock = clock
        created = clock.now()
        self._sites: list[_Site] = []
        self._points: dict[str, dict[str, _PointState]] = {}  # enterprise → code → state
        for ent in registry.enterprises():
            site = _Site(ent.code)
            for point in ent.points.values():
                if not point.in_use:
                    continue
                settings = defaults.get(point.kind) or DEFAULTS.get(point.kind) or GENERIC_DEFAULTS
                site.points.append(_PointState(point, settings, site, created))
                site.comm_s = max(site.comm_s, settings.comm_loss_s)
            if site.points:
                self._sites.append(site)
                self._points[ent.code] = {st.code: st for st in site.points}

    def feed(self, readings: Iterable[Reading]) -> list[Transition]:
        """Evaluate readings (in the order given); the alarm transitions they cause."""
        out: list[Transition] = []
        heard = self._clock.now()
        points = self._points
        for r in readings:
            by_code = points.get(r.enterprise)
            if by_code is None:
                continue
            st = by_code.get(r.point)
            if st is None:  # unknown or out of use
                continue
            at = r.at
            if at < st.last_at:  # late: a newer reading was already evaluated
                continue
            value = r.value
            if st.quiet and st.low < value < st.high and r.quality == "good":  # the common path
                st.last_at = at
                st.heard_at = heard
                if value != st.value:
                    st.value = value
                    st.changed_at = at
                continue
            st.read(value, at, r.quality, heard, out)
        return out

    def tick(self, now: float | None = None) -> list[Transition]:
        """Time passes: delays complete, silent points raise COMM, frozen values SUSPECT."""
        if now is None:
            now = self._clock.now()
        out: list[Transition] = []
        for site in self._sites:
            everyone_silent = True
            for st in site.points:
                if now - st.heard_at >= st.comm_loss_s:
                    if not st.silent:
                        st.go_silent()
                else:
                    everyone_silent = False
                    st.tick(now, out)
            if everyone_silent:
                if not site.comm:
                    site.comm = True
                    out.append((site.comm_event(now), True))
                    for st in site.points:
                        if st.comm:  # now covered by the enterprise alarm
                            st.comm = False
                            out.append((st._event("COMM", now, text=st.comm_text), False))
            else:
                for st in site.points:
                    if st.silent and not st.comm:
                        st.comm = True
                        out.append((st._event("COMM", now, text=st.comm_text), True))
        return out


__all__ = [
    "DEFAULTS",
    "ENTERPRISE_POINT",
    "EvaluationDefaults",
    "Evaluator",
    "GENERIC_DEFAULTS",
    "Transition",
    "duration_text",
    "limit_text",
]
