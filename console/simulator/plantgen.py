"""A fictional demo plant at the scale of the Xiamen programme: 20 enterprises, 648 points, 127 cameras.

Every name and code is invented. Gas alarm settings follow GB/T 50493-2019 §5.5
(combustible: first level ≤25 %LEL, second level ≤50 %LEL; toxic: ≤100 % / ≤200 % OEL).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from itertools import count
from typing import Iterator

from console.domain.credit_code import ALPHABET, check_char
from console.domain.plant import Camera, Enterprise, Point, PlantRegistry

# Points and cameras per enterprise; the totals are those of the programme (648 / 127).
POINTS_PER_ENTERPRISE = (120, 62, 50, 44, 38, 35, 33, 31, 29, 27, 25, 23, 21, 20, 18, 16, 16, 14, 13, 13)
CAMERAS_PER_ENTERPRISE = (16, 11, 9, 8, 8, 7, 7, 7, 6, 6, 5, 5, 5, 5, 4, 4, 4, 4, 3, 3)

# Example response cards (处置卡) by kind, so the demo shows what a filled-in card looks like.
RESPONSE_CARDS = {
    "gas_combustible": ("法兰、阀门或储罐呼吸阀泄漏；检测器漂移", "可燃气体积聚，遇点火源可能燃烧爆炸",
                        "调看现场视频；通知巡检携便携式检测仪确认；确认泄漏则切断泄漏源、禁止动火、启动喷淋并疏散人员"),
    "gas_toxic": ("管线、阀门或装卸作业泄漏", "人员中毒窒息",
                  "调看现场视频；佩戴正压式空气呼吸器前往确认；确认泄漏则切断泄漏源、开启排风、划定警戒区并疏散下风向人员"),
    "temperature": ("冷却水中断、反应失控或加热失控", "超温超压，物料分解或容器损坏",
                    "核对相邻温度、压力读数；加大冷却，停止加热或进料；超过高高报立即按紧急停车程序处置"),
    "pressure": ("出口受阻、超量进料或安全阀失效", "容器或管线超压破裂",
                 "核对相邻压力、液位读数；减少进料，打开泄压流程；超过高高报按紧急停车程序处置"),
    "level": ("进出料失衡、液位计故障", "储罐冒顶溢流或泵抽空",
              "核对另一液位计；停止进料或出料，切换储罐；冒顶风险时关闭进料阀并通知罐区人员"),
    "flow": ("阀门误动作、管线堵塞或泄漏", "进料失衡，工艺参数波动",
             "核对阀位和上下游压力；现场确认后调整流量或切换备用管线"),
}


# -- 统一社会信用代码 (GB 32100-2015) ----------------------------------------------
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)  # organisation code, GB 11714-1997


def _org_check_char(body8: str) -> str:
    total = sum(int(ch, 36) * w for ch, w in zip(body8, ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def make_credit_code(division: str, rng: random.Random) -> str:
    """'9' (market regulator) '1' (enterprise) + division + organisation code + check."""
    if rng.random() < 0.5:  # issued since 2015: MA + 6 characters
        body = "MA" + "".join(rng.choice(ALPHABET) for _ in range(6))
    else:  # older numeric organisation code
        body = "".join(rng.choice("0123456789") for _ in range(8))
    first17 = "91" + division + body + _org_check_char(body)
    return first17 + check_char(first17)


# -- names ----------------------------------------------------------------------
DISTRICTS = (("海沧", "350205"), ("海沧", "350205"), ("翔安", "350213"), ("同安", "350212"), ("集美", "350211"), ("湖里", "350206"))
BRANDS = (
    "鑫沧", "恒澜", "泓晟", "鹭嘉", "瀚禾", "昱泰", "榕辉", "润弘", "铭鹭", "鼎澄", "煜丰", "晖远",
    "澄源", "祥沣", "嘉屿", "沧宸", "泰澜", "弘屿", "璟达", "骏沧", "淳泓", "禾晟", "屿峰", "湛恒",
)


@dataclass(frozen=True)
class Profile:
    trade: str  # goes into the company name
    materials: tuple[str, ...]  # stored liquids
    pressurised: tuple[str, ...]  # liquefied gases kept in pressure tanks
    toxic: tuple[str, ...]  # toxic gases detected on site


PROFILES = (
    Profile("化工", ("甲醇", "甲苯", "丙酮", "乙醇"), ("液氨",), ("氨气", "硫化氢")),
    Profile("精细化工", ("甲苯", "乙酸乙酯", "二氯甲烷", "异丙醇"), (), ("硫化氢", "氯气")),
    Profile("涂料", ("二甲苯", "乙酸丁酯", "丁酮", "甲苯"), (), ("一氧化碳",)),
    Profile("新材料", ("苯乙烯", "丙烯酸甲酯", "甲醇"), (), ("一氧化碳",)),
    Profile("化学品", ("甲醇", "乙醇", "丙酮", "正己烷"), ("液化石油气",), ("一氧化碳", "硫化氢")),
    Profile("气体", ("甲醇", "乙醇"), ("液氨", "丙烷", "液化石油气"), ("氨气", "氯气")),
    Profile("石化仓储", ("汽油", "柴油", "石脑油"), (), ("硫化氢",)),
)

# Toxic gases: unit, range high, first and second level settings (≤100 % / ≤200 % OEL).
TOXIC = {
    "硫化氢": (100.0, 5.0, 10.0),
    "氨气": (100.0, 25.0, 50.0),
    "氯气": (10.0, 0.3, 0.6),
    "一氧化碳": (1000.0, 15.0, 30.0),
}

GAS_CONTROLLERS = ("门卫室气体报警控制器", "储存区值班室气体报警控制器")
SITES = ("罐区", "装卸区", "甲类仓库", "生产车间", "泵房")
GAS_WEIGHTS = {"罐区": 3, "装卸区": 2, "甲类仓库": 2, "生产车间": 3, "泵房": 1}
PROCESS_WEIGHTS = {"罐区": 4, "装卸区": 1, "甲类仓库": 1, "生产车间": 3, "泵房": 1}
CAMERA_VIEWS = {
    "罐区": ("罐区东北角球机", "罐区西南角球机", "罐区防火堤枪机", "罐顶全景"),
    "装卸区": ("装卸区鹤位枪机", "装卸区全景球机", "装车台枪机"),
    "甲类仓库": ("甲类仓库门口", "甲类仓库库内", "仓库通道"),
    "生产车间": ("生产车间一层", "生产车间二层", "反应釜区", "车间出入口"),
    "泵房": ("泵房内", "泵房外"),
}
GENERAL_VIEWS = ("厂区大门", "围墙周界东", "围墙周界西", "储存区值班室", "消防泵房", "厂区道路")
SIDES = ("东侧", "西侧", "南侧", "北侧")


# -- point specifications -----------------------------------------------------------
@dataclass(frozen=True)
class Spec:
    prefix: str
    kind: str
    name: str
    unit: str
    lo: float
    hi: float
    ll: float | None = None
    l: float | None = None  # noqa: E741
    h: float | None = None
    hh: float | None = None


def _combustible(where: str, rng: random.Random) -> Spec:
    h, hh = rng.choice(((20.0, 40.0), (25.0, 50.0)))
    return Spec("GT", "gas_combustible", f"{where} 可燃气体", "%LEL", 0.0, 100.0, h=h, hh=hh)


def _toxic(where: str, gas: str) -> Spec:
    top, h, hh = TOXIC[gas]
    return Spec("AT", "gas_toxic", f"{where} {gas}", "ppm", 0.0, top, h=h, hh=hh)


def _tank_points(k: int, p: Profile, rng: random.Random) -> list[Spec]:
    pressurised = bool(p.pressurised) and k % 3 == 2
    stuff = p.pressurised[k % len(p.pressurised)] if pressurised else p.materials[k % len(p.materials)]
    tank = f"{k + 1}#{stuff}储罐"
    height = rng.choice((8.0, 10.0, 12.0)) if not pressurised else 3.2
    lv = Spec("LT", "level", f"{tank} 液位", "m", 0.0, height, ll=round(height * 0.08, 2), l=round(height * 0.15, 2),
              h=round(height * 0.85, 2), hh=round(height * 0.9, 2))
    tt = Spec("TT", "temperature", f"{tank} 温度", "°C", -20.0, 80.0, h=40.0, hh=45.0)
    if pressurised:
        pt = Spec("PT", "pressure", f"{tank} 压力", "MPa", 0.0, 2.5, h=1.5, hh=1.7)
        return [lv, pt, tt]
    return [lv, tt]


def _loading_points(k: int, p: Profile, rng: random.Random) -> list[Spec]:
    if k % 3 == 2:
        return [Spec("PT", "pressure", f"装卸总管{k // 3 + 1} 压力", "MPa", 0.0, 1.6, l=0.2, h=1.0, hh=1.2)]
    return [Spec("FT", "flow", f"{k + 1}#装车鹤位 流量", "m³/h", 0.0, 100.0, h=80.0, hh=90.0)]


def _warehouse_points(k: int, p: Profile, rng: random.Random) -> list[Spec]:
    return [Spec("TT", "temperature", f"甲类仓库{k + 1}#库 温度", "°C", -20.0, 60.0, h=30.0, hh=35.0)]


def _workshop_points(k: int, p: Profile, rng: random.Random) -> list[Spec]:
    reactor = f"R{101 + k}反应釜"
    normal = rng.choice((60.0, 70.0, 80.0))
    return [
        Spec("TT", "temperature", f"{reactor} 温度", "°C", 0.0, 200.0, h=normal + 15.0, hh=normal + 25.0),
        Spec("PT", "pressure", f"{reactor} 压力", "MPa", 0.0, 1.0, h=0.45, hh=0.55),
        Spec("FT", "flow", f"{reactor}冷却水 流量", "m³/h", 0.0, 200.0, ll=40.0, l=60.0),
    ]


def _pump_points(k: int, p: Profile, rng: random.Random) -> list[Spec]:
    stuff = p.materials[k % len(p.materials)]
    if k % 2:
        return [Spec("PT", "pressure", f"{k + 1}#{stuff}输送泵出口 压力", "MPa", 0.0, 1.6, ll=0.2, l=0.3, h=1.1, hh=1.3)]
    return [Spec("PT", "pressure", f"氮气总管{k // 2 + 1} 压力", "MPa", 0.0, 1.0, ll=0.3, l=0.4)]


PROCESS = {"罐区": _tank_points, "装卸区": _loading_points, "甲类仓库": _warehouse_points,
           "生产车间": _workshop_points, "泵房": _pump_points}


def _gas_place(site: str, k: int, p: Profile) -> str:
    if site == "罐区":
        return f"{k // 4 + 1}#{p.materials[k // 4 % len(p.materials)]}储罐{SIDES[k % 4]}"
    if site == "装卸区":
        return f"{k + 1}#装车鹤位"
    if site == "甲类仓库":
        return f"甲类仓库{k // 2 + 1}#库{'东西'[k % 2]}"
    if site == "生产车间":
        spots = ("反应釜旁", "投料口", "离心机旁", "真空泵旁", "计量槽旁")
        return f"{k // 5 + 1}#车间{spots[k % 5]}"
    return f"{p.materials[k % len(p.materials)]}泵房{k // len(p.materials) + 1}#"


def _spread(weights: dict[str, int], sites: list[str], rng: random.Random) -> Iterator[str]:
    """An endless, shuffled weighted round robin over the sites."""
    wheel = [s for s in sites for _ in range(weights[s])]
    rng.shuffle(wheel)
    while True:
        yield from wheel


def _sites(n_points: int, rng: random.Random) -> list[str]:
    if n_points >= 40:
        return list(SITES)
    n = 3 if n_points < 20 else 4
    core = ["生产车间" if rng.random() < 0.6 else "罐区", "甲类仓库"]
    rest = [s for s in SITES if s not in core]
    return core + rng.sample(rest, n - 2)


# -- enterprise -----------------------------------------------------------------
def _enterprise(no: int, n_points: int, n_cameras: int, brand: str, rng: random.Random) -> Enterprise:
    profile = rng.choice(PROFILES)
    district, division = rng.choice(DISTRICTS)
    code = make_credit_code(division, rng)
    name = f"厦门{district}{brand}{profile.trade}有限公司"
    sites = _sites(n_points, rng)
    controllers = {s: GAS_CONTROLLERS[0] for s in ("罐区", "装卸区", "泵房")} if n_points >= 40 else {}
    if n_points >= 100:
        controllers.update({"甲类仓库": GAS_CONTROLLERS[1], "生产车间": GAS_CONTROLLERS[1]})

    cameras = _cameras(no, n_cameras, sites, rng)
    by_site: dict[str, list[str]] = {}
    for cam_code, _, site in cameras:
        by_site.setdefault(site, []).append(cam_code)

    n_gas = round(n_points * rng.uniform(0.56, 0.64))
    toxic_share = rng.uniform(0.15, 0.3)
    placed: list[tuple[str, Spec]] = []  # (site, spec)
    gas_counters = {s: count() for s in sites}
    gas_sites = _spread(GAS_WEIGHTS, sites, rng)
    for _ in range(n_gas):
        site = next(gas_sites)
        where = _gas_place(site, next(gas_counters[site]), profile)
        toxic = rng.random() < toxic_share
        placed.append((site, _toxic(where, rng.choice(profile.toxic)) if toxic else _combustible(where, rng)))
    queues: dict[str, list[Spec]] = {s: [] for s in sites}
    equipment = {s: count() for s in sites}
    proc_sites = _spread(PROCESS_WEIGHTS, sites, rng)
    while len(placed) < n_points:
        site = next(proc_sites)
        if not queues[site]:
            queues[site] = PROCESS[site](next(equipment[site]), profile, rng)
        placed.append((site, queues[site].pop(0)))

    points: dict[str, Point] = {}
    area_numbers: dict[str, int] = {}
    serials: dict[tuple[str, str], count] = {}
    for site, spec in placed:
        area = controllers.get(site, site) if spec.kind.startswith("gas") else site
        area_no = area_numbers.setdefault(area, len(area_numbers) + 1)
        serial = next(serials.setdefault((spec.prefix, area), count(101)))
        point_code = f"{spec.prefix}-{area_no}{serial}"
        linked = _link_cameras(spec.kind, by_site.get(site) or [c for c, _, _ in cameras], rng)
        cause, consequence, action = RESPONSE_CARDS[spec.kind]
        points[point_code] = Point(
            code=point_code, enterprise=code, name=spec.name, kind=spec.kind, unit=spec.unit,
            range_low=spec.lo, range_high=spec.hi, ll=spec.ll, l=spec.l, h=spec.h, hh=spec.hh,
            area=area, cameras=linked, cause=cause, consequence=consequence, action=action,
        )
    points = dict(sorted(points.items(), key=lambda item: (area_numbers[item[1].area], item[0])))
    cams = {c: Camera(c, code, view, f"rtsp://127.0.0.1:8554/{c}") for c, view, _ in cameras}
    return Enterprise(code, name, points, cams)


def _cameras(no: int, n: int, sites: list[str], rng: random.Random) -> list[tuple[str, str, str]]:
    """(code, name, site) of each camera; codes are unique across the plant (they name RTSP paths)."""
    views = [(v, s) for s in sites for v in CAMERA_VIEWS[s]]
    rng.shuffle(views)
    chosen = ([(GENERAL_VIEWS[0], "")] + views + [(v, "") for v in GENERAL_VIEWS[1:]])[:n]
    while len(chosen) < n:  # very large enterprises: extra numbered cameras
        chosen.append((f"厂区{len(chosen) + 1}#摄像机", ""))
    return [(f"CAM-{no:02d}{j:02d}", view, site) for j, (view, site) in enumerate(chosen, start=1)]


def _link_cameras(kind: str, candidates: list[str], rng: random.Random) -> tuple[str, ...]:
    weights = (0.2, 0.55, 0.25) if kind.startswith("gas") else (0.5, 0.4, 0.1)
    n = rng.choices((0, 1, 2), weights)[0]
    return tuple(sorted(rng.sample(candidates, min(n, len(candidates)))))


def build_demo_plant(seed: int = 2023) -> PlantRegistry:
    """The demo plant; the same seed always gives the same plant."""
    rng = random.Random(seed)
    sizes = list(zip(POINTS_PER_ENTERPRISE, CAMERAS_PER_ENTERPRISE, strict=True))
    rng.shuffle(sizes)
    brands = rng.sample(BRANDS, len(sizes))
    enterprises: dict[str, Enterprise] = {}
    for no, ((n_points, n_cameras), brand) in enumerate(zip(sizes, brands, strict=True), start=1):
        ent = _enterprise(no, n_points, n_cameras, brand, rng)
        while ent.code in enterprises:  # practically never; keeps codes unique
            ent = _enterprise(no, n_points, n_cameras, brand, rng)
        enterprises[ent.code] = ent
    return PlantRegistry(enterprises)
