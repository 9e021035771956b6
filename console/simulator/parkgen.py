"""A fictional chemical park at the scale issue 17 asks for: 500 enterprises, 20,000 points, 5,000
cameras (``build_park_plant``), made of enterprises like the demo plant's (console/simulator/plantgen.py).

Sizes are skewed as in a real park (a few large sites, many small ones) and apportioned so that the
totals are exact. Every name and code is invented; the same seed always gives the same park.
"""

from __future__ import annotations

import random

from console.domain.plant import Enterprise, PlantRegistry
from console.simulator.plantgen import _enterprise

PARK_ENTERPRISES = 500
PARK_POINTS = 20_000
PARK_CAMERAS = 5_000
MIN_POINTS = 8  # one gateway's worth (console/simulator/engine.py GATEWAY_POINTS)
MAX_POINTS = 400
MIN_CAMERAS = 2
MAX_CAMERAS = 99  # camera codes carry the camera's number in two digits (plantgen._cameras)

# Two characters from each list make a brand: 32 x 32 = 1,024 different brands.
BRAND_FIRST = tuple("鑫恒泓鹭瀚昱榕润铭鼎煜晖澄祥嘉沧泰弘璟骏淳禾屿湛宏华港海兴盛远通")
BRAND_SECOND = tuple("沧澜晟嘉禾泰辉弘鹭澄丰远源沣屿宸达泓峰恒安川和信隆德利邦诚瑞祺美")


def apportion(total: int, n: int, low: int, high: int, rng: random.Random) -> list[int]:
    """``n`` sizes between low and high that add up to ``total``, skewed (log-normal weights)."""
    if not n * low <= total <= n * high:
        raise ValueError(f"cannot split {total} into {n} parts of {low}..{high}")
    weights = [rng.lognormvariate(0.0, 0.8) for _ in range(n)]
    scale = (total - n * low) / sum(weights)
    sizes = [min(high, low + int(w * scale)) for w in weights]
    k = 0
    while (missing := total - sum(sizes)) != 0:  # hand out (or take back) the remainder one at a time
        step = 1 if missing > 0 else -1
        if low <= sizes[k % n] + step <= high:
            sizes[k % n] += step
        k += 1
    return sizes


def park_brands(n: int, rng: random.Random) -> list[str]:
    combos = [a + b for a in BRAND_FIRST for b in BRAND_SECOND if a != b]
    if n > len(combos):
        raise ValueError(f"at most {len(combos)} enterprises")
    return rng.sample(combos, n)


def build_park_plant(enterprises: int = PARK_ENTERPRISES, points: int | None = None, cameras: int | None = None,
                     seed: int = 2017) -> PlantRegistry:
    """A park of ``enterprises`` enterprises with exactly ``points`` points and ``cameras`` cameras
    (default: the proportions of 500 / 20,000 / 5,000, that is 40 points and 10 cameras each)."""
    rng = random.Random(seed)
    points = enterprises * PARK_POINTS // PARK_ENTERPRISES if points is None else points
    cameras = enterprises * PARK_CAMERAS // PARK_ENTERPRISES if cameras is None else cameras
    point_sizes = apportion(points, enterprises, MIN_POINTS, MAX_POINTS, rng)
    camera_sizes = apportion(cameras, enterprises, MIN_CAMERAS, MAX_CAMERAS, rng)
    brands = park_brands(enterprises, rng)
    out: dict[str, Enterprise] = {}
    names: set[str] = set()
    for no, (n_points, n_cameras, brand) in enumerate(zip(point_sizes, camera_sizes, brands, strict=True), start=1):
        ent = _enterprise(no, n_points, n_cameras, brand, rng)
        while ent.code in out or ent.name in names:  # rare: a repeated credit code, or brand, district and trade alike
            ent = _enterprise(no, n_points, n_cameras, brand, rng)
        out[ent.code] = ent
        names.add(ent.name)
    return PlantRegistry(out)
