"""Simulated plant values and the alarms a plant DCS would raise on them.

Every point follows a mean-reverting random walk (Ornstein-Uhlenbeck) around its normal
operating value. Now and then, at a plant-wide rate, one point makes an excursion past its
H/HH (or L/LL) setting and later recovers. Thresholds are evaluated with a deadband. On request, a plant upset: after a given time many
points at every enterprise leave their band within a minute or two (an alarm flood on purpose).
All per-point state lives in numpy arrays, so a step for the whole plant is cheap.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from itertools import count

import numpy as np

from console.domain.alarms import AlarmRaise
from console.domain.plant import PlantRegistry, Point
from console.domain.protocol import DEFAULT_PRIORITY

DEFAULT_EXCURSIONS_PER_HOUR = 66.0  # with the HH crossings: a new alarm every ~40 s
FIRST_EXCURSION_S = (2.0, 8.0)  # so that a demo shows an alarm within seconds
FLOOD_EXCURSIONS = 40  # a plant upset: this many excursions, round the enterprises …
FLOOD_SPREAD_S = 90.0  # … within this many seconds: well over 10 new alarms in 10 minutes
DEADBAND = 0.01  # of the span: an alarm clears only this far back inside its setting
GATEWAY_POINTS = (8, 40)
TAU_S = {"gas_combustible": 20.0, "gas_toxic": 20.0, "temperature": 180.0, "pressure": 40.0, "level": 400.0, "flow": 30.0}
QUANTITY = {"gas_combustible": "可燃气体浓度", "temperature": "温度", "pressure": "压力", "level": "液位", "flow": "流量"}
TOXIC_GASES = ("硫化氢", "氨气", "氯气", "一氧化碳")
CONDITION_TEXT = {"H": "高报", "HH": "高高报", "L": "低报", "LL": "低低报"}
UPPER = ("H", "HH")
LOWER = ("L", "LL")

Batch = tuple[str, str, list[tuple[str, float]]]  # enterprise, gateway, (point, value)


@dataclass(frozen=True)
class Gateway:
    enterprise: str
    code: str
    points: tuple[str, ...]


@dataclass
class SimStep:
    at: float
    batches: list[Batch] = field(default_factory=list)
    alarms: list[tuple[AlarmRaise, bool]] = field(default_factory=list)  # (event, active)

    @property
    def readings(self) -> int:
        return sum(len(b[2]) for b in self.batches)


@dataclass
class _Excursion:
    release_at: float  # the operating value returns to normal
    settle_at: float  # the normal time constant is restored
    recover_tau: float
    released: bool = False


def plan_gateways(registry: PlantRegistry, low: int = GATEWAY_POINTS[0], high: int = GATEWAY_POINTS[1]) -> list[Gateway]:
    """Group the points in use into gateways of low..high points, per enterprise and area."""
    out: list[Gateway] = []
    for ent in registry.enterprises():
        areas: dict[str, list[str]] = {}
        for p in ent.points.values():
            if p.in_use:
                areas.setdefault(p.area, []).append(p.code)
        chunks: list[list[str]] = []
        for codes in areas.values():
            size = math.ceil(len(codes) / math.ceil(len(codes) / high))
            chunks += [codes[k : k + size] for k in range(0, len(codes), size)]
        for j, chunk in enumerate(_merge_small(chunks, low, high), start=1):
            out.append(Gateway(ent.code, f"GW{j:02d}", tuple(chunk)))
    return out


def _merge_small(chunks: list[list[str]], low: int, high: int) -> list[list[str]]:
    """Merge chunks below ``low`` into a neighbour; split again in halves above ``high``."""
    chunks = [list(c) for c in chunks]
    while len(chunks) > 1:
        small = [k for k, c in enumerate(chunks) if len(c) < low]
        if not small:
            break
        k = small[0]
        if k == 0 or (k + 1 < len(chunks) and len(chunks[k + 1]) <= len(chunks[k - 1])):
            a = k
        else:
            a = k - 1
        joined = chunks[a] + chunks[a + 1]
        half = math.ceil(len(joined) / 2)
        chunks[a : a + 2] = [joined] if len(joined) <= high else [joined[:half], joined[half:]]
    return chunks


def _quantity(p: Point) -> str:
    if p.kind == "gas_toxic":
        gas = next((g for g in TOXIC_GASES if g in p.name), "有毒气体")
        return f"{gas}浓度"
    return QUANTITY.get(p.kind, "测量值")


def _nan(value: float | None) -> float:
    return math.nan if value is None else float(value)


class PlantSimulator:
    """Values and alarm events for every point in use of a plant; deterministic for a seed."""

    def __init__(self, registry: PlantRegistry, seed: int = 2023, excursions_per_hour: float = DEFAULT_EXCURSIONS_PER_HOUR,
                 flood_after: float | None = None) -> None:
        """``flood_after``: seconds after the first step at which a plant upset starts (None: never)."""
        self._rng = np.random.default_rng(seed)
        self.excursions_per_hour = float(excursions_per_hour)
        self.flood_after = flood_after
        self.gateways = plan_gateways(registry)
        points = [registry.point(gw.enterprise, code) for gw in self.gateways for code in gw.points]
        self.points: list[Point] = [p for p in points if p is not None]
        self._slices = []
        start = 0
        for gw in self.gateways:
            self._slices.append((gw.enterprise, gw.code, gw.points, start, start + len(gw.points)))
            start += len(gw.points)
        self._setup_arrays()
        enterprises = list(dict.fromkeys(gw.enterprise for gw in self.gateways))
        self._enterprise_of = np.array([enterprises.index(p.enterprise) for p in self.points], dtype=int)
        self._upset: list[tuple[float, int]] = []  # (when, enterprise index) still to come, latest first
        self._excursions: dict[int, _Excursion] = {}
        self._next_excursion: float | None = None
        self._serial = count(1)
        self.excursions_started = 0
        self._run_tag = ""
        self._open_ids: dict[tuple[int, str], str] = {}

    @property
    def n_points(self) -> int:
        return len(self.points)

    def _setup_arrays(self) -> None:
        ps, rng = self.points, self._rng
        n = len(ps)
        self._lo = np.array([p.range_low for p in ps], dtype=float)
        self._hi = np.maximum(np.array([p.range_high for p in ps], dtype=float), self._lo)
        span = np.maximum(self._hi - self._lo, 1e-9)
        self._thr = {
            "LL": np.array([_nan(p.ll) for p in ps]),
            "L": np.array([_nan(p.l) for p in ps]),
            "H": np.array([_nan(p.h) for p in ps]),
            "HH": np.array([_nan(p.hh) for p in ps]),
        }
        self._db = span * DEADBAND
        self._scale = 10.0 ** np.maximum(0, 3 - np.floor(np.log10(span)))  # ~1000 counts over the span
        # Normal band: between the innermost low and high settings (or the range ends).
        low = np.fmax(np.fmax(self._lo, self._thr["LL"]), self._thr["L"])  # fmax/fmin skip NaN
        high = np.fmin(np.fmin(self._hi, self._thr["HH"]), self._thr["H"])
        band = np.maximum(high - low, 0.0)
        gas = np.array([p.kind.startswith("gas") for p in ps])
        u = rng.uniform(size=n)
        self._base = np.where(gas, self._lo + band * (0.01 + 0.07 * u), low + band * (0.35 + 0.3 * u))
        self._sigma = np.where(gas, band * 0.02, band * 0.02)
        self._tau_normal = np.array([TAU_S.get(p.kind, 60.0) for p in ps])
        self._tau = self._tau_normal.copy()
        self._mean = self._base.copy()
        self._x = np.clip(self._base + self._sigma * rng.standard_normal(n), self._lo, self._hi)
        self._active = {c: np.zeros(n, dtype=bool) for c in self._thr}
        self._up = ~(np.isnan(self._thr["H"]) & np.isnan(self._thr["HH"]))
        self._down = ~(np.isnan(self._thr["L"]) & np.isnan(self._thr["LL"]))
        self._texts = [_quantity(p) for p in ps]

    # -- stepping ---------------------------------------------------------------
    def step(self, now: float, dt: float) -> SimStep:
        """Advance by ``dt`` seconds to ``now`` (Unix seconds); values and alarm events."""
        if self._next_excursion is None:
            self._next_excursion = now + self._rng.uniform(*FIRST_EXCURSION_S)
            self._run_tag = f"{int(now):x}"
            if self.flood_after is not None:
                self._upset = self._plan_upset(now + self.flood_after)
        self._run_excursions(now)
        if dt > 0:
            # Exact OU update; the innovations keep their normal size during an excursion.
            a = np.exp(-dt / self._tau)
            gain = self._sigma * np.sqrt(1.0 - np.exp(-2.0 * dt / self._tau_normal))
            self._x = self._mean + (self._x - self._mean) * a + gain * self._rng.standard_normal(len(self._x))
            np.clip(self._x, self._lo, self._hi, out=self._x)
        shown = np.clip(np.round(self._x * self._scale) / self._scale, self._lo, self._hi)
        alarms = self._evaluate(shown, now)
        values = shown.tolist()
        batches = [(ent, gw, list(zip(codes, values[a:b], strict=True))) for ent, gw, codes, a, b in self._slices]
        return SimStep(now, batches, alarms)

    def _evaluate(self, v: np.ndarray, now: float) -> list[tuple[AlarmRaise, bool]]:
        """DCS-style limit check: raise at the setting, clear a deadband back inside."""
        changes: dict[str, np.ndarray] = {}
        for cond, thr in self._thr.items():
            active = self._active[cond]
            if cond in UPPER:
                new = np.where(active, v > thr - self._db, v >= thr)
            else:
                new = np.where(active, v < thr + self._db, v <= thr)
            changes[cond] = np.flatnonzero(new != active)
            self._active[cond] = new
        events = []
        for cond in ("HH", "H", "LL", "L"):  # clears, outermost first
            events += [self._event(i, cond, v, now, False) for i in changes[cond] if not self._active[cond][i]]
        for cond in ("H", "HH", "L", "LL"):  # raises, innermost first
            events += [self._event(i, cond, v, now, True) for i in changes[cond] if self._active[cond][i]]
        return events

    def _event(self, i: int, cond: str, v: np.ndarray, now: float, active: bool) -> tuple[AlarmRaise, bool]:
        p = self.points[i]
        if active:
            source_id = self._open_ids[(i, cond)] = f"sim-{self._run_tag}-{next(self._serial)}"
        else:
            source_id = self._open_ids.pop((i, cond), "")
        raised = AlarmRaise(
            enterprise=p.enterprise,
            point=p.code,
            condition=cond,
            priority=DEFAULT_PRIORITY[cond],
            at=now,
            value=float(v[i]),
            threshold=float(self._thr[cond][i]),
            text=self._texts[i] + CONDITION_TEXT[cond],
            source_id=source_id,
        )
        return raised, active

    # -- excursions -------------------------------------------------------------
    def _run_excursions(self, now: float) -> None:
        for i, exc in list(self._excursions.items()):
            if now >= exc.settle_at:
                self._tau[i] = self._tau_normal[i]
                del self._excursions[i]
            elif now >= exc.release_at and not exc.released:
                self._mean[i] = self._base[i]
                self._tau[i] = exc.recover_tau
                exc.released = True
        assert self._next_excursion is not None
        while self._upset and now >= self._upset[-1][0]:
            at, enterprise = self._upset.pop()
            self._start_excursion(at, among=self._enterprise_of == enterprise)
        if self.excursions_per_hour <= 0:
            return
        while now >= self._next_excursion:
            self._start_excursion(self._next_excursion)
            self._next_excursion += self._rng.exponential(3600.0 / self.excursions_per_hour)

    def _plan_upset(self, start: float) -> list[tuple[float, int]]:
        """FLOOD_EXCURSIONS excursions within FLOOD_SPREAD_S, round the enterprises in a random order."""
        order = self._rng.permutation(int(self._enterprise_of.max()) + 1 if len(self._enterprise_of) else 0)
        if len(order) == 0:
            return []
        step = FLOOD_SPREAD_S / FLOOD_EXCURSIONS
        return [(start + k * step, int(order[k % len(order)])) for k in range(FLOOD_EXCURSIONS)][::-1]

    def _start_excursion(self, at: float, among: np.ndarray | None = None) -> None:
        """One point (of ``among``, if given) leaves its normal band; an upset's points leave it fast."""
        rng = self._rng
        alarmed = np.zeros(len(self._x), dtype=bool)
        for flags in self._active.values():
            alarmed |= flags
        free = (self._up | self._down) & ~alarmed
        if among is not None:
            free &= among
        free[list(self._excursions)] = False
        candidates = np.flatnonzero(free)
        if len(candidates) == 0:
            return
        i = int(rng.choice(candidates))
        upward = bool(self._up[i]) and (not self._down[i] or rng.uniform() < 0.5)
        self._mean[i] = self._target(i, upward, second=rng.uniform() < 0.35)
        self._tau[i] = rng.uniform(3.0, 5.0) if self.excursions_started == 0 or among is not None else rng.uniform(3.0, 12.0)
        self.excursions_started += 1
        release_at = at + rng.uniform(30.0, 120.0)
        recover_tau = rng.uniform(8.0, 20.0)
        self._excursions[i] = _Excursion(release_at, release_at + 6 * recover_tau, recover_tau)

    def _target(self, i: int, upward: bool, second: bool) -> float:
        """An operating value clearly past the first (or second) level setting."""
        first_cond, second_cond, edge = ("H", "HH", self._hi[i]) if upward else ("L", "LL", self._lo[i])
        t1, t2 = self._thr[first_cond][i], self._thr[second_cond][i]
        u = self._rng.uniform(0.35, 0.65)
        if math.isnan(t1) or (second and not math.isnan(t2)):
            base = t2 if not math.isnan(t2) else t1
            return float(base + (edge - base) * u * 0.6)
        return float(t1 + ((t2 if not math.isnan(t2) else edge) - t1) * u)
