"""The plant registry: enterprises, sensor points and cameras the console knows.

Loaded from a JSON file (format in docs/plant.md). Without a registry the console
accepts every well-formed code; with one, unknown enterprises and points are rejected.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

KINDS = ("gas_combustible", "gas_toxic", "temperature", "pressure", "level", "flow")


@dataclass(frozen=True)
class Point:
    code: str  # 位号
    enterprise: str
    name: str
    kind: str
    unit: str
    range_low: float
    range_high: float
    ll: float | None = None  # 低低报
    l: float | None = None  # 低报  # noqa: E741
    h: float | None = None  # 高报
    hh: float | None = None  # 高高报
    in_use: bool = True
    area: str = ""
    cameras: tuple[str, ...] = ()
    # Nuisance controls; None: the default for the point's kind (console.domain.evaluation).
    deadband: float | None = None  # engineering units
    on_delay_s: float | None = None
    off_delay_s: float | None = None
    # The alarm response card (处置卡) shown in the alarm's detail.
    cause: str = ""
    consequence: str = ""
    action: str = ""

    def thresholds(self) -> dict[str, float]:
        """The configured thresholds by condition (HH, H, L, LL)."""
        pairs = (("HH", self.hh), ("H", self.h), ("L", self.l), ("LL", self.ll))
        return {name: value for name, value in pairs if value is not None}


@dataclass(frozen=True)
class Camera:
    code: str
    enterprise: str
    name: str
    url: str = ""
    rtsp_tcp: bool | None = None  # RTSP over TCP (True), over UDP (False); None: the setting video.rtsp_tcp


@dataclass(frozen=True)
class Enterprise:
    code: str  # 统一社会信用代码
    name: str
    points: dict[str, Point] = field(default_factory=dict)
    cameras: dict[str, Camera] = field(default_factory=dict)


class PlantError(ValueError):
    pass


class PlantRegistry:
    def __init__(self, enterprises: dict[str, Enterprise] | None = None) -> None:
        self._enterprises = enterprises or {}

    def replace_contents(self, other: "PlantRegistry") -> None:
        """Take over another registry's contents in place: everyone holding this one sees them."""
        self._enterprises = dict(other._enterprises)

    @property
    def open(self) -> bool:
        """True when no plant is configured: every well-formed code is accepted."""
        return not self._enterprises

    def enterprises(self) -> list[Enterprise]:
        return list(self._enterprises.values())

    def enterprise(self, code: str) -> Enterprise | None:
        return self._enterprises.get(code)

    def point(self, enterprise: str, code: str) -> Point | None:
        ent = self._enterprises.get(enterprise)
        return ent.points.get(code) if ent else None

    def check(self, enterprise: str, point: str) -> str | None:
        """None when the point is known (or the registry is open); otherwise the reason."""
        if self.open:
            return None
        ent = self._enterprises.get(enterprise)
        if ent is None:
            return f"unknown enterprise {enterprise!r}"
        if point not in ent.points and point not in ent.cameras:
            return f"unknown point {point!r} of enterprise {enterprise!r}"
        return None

    def enterprise_name(self, code: str) -> str:
        ent = self._enterprises.get(code)
        return ent.name if ent else code

    def point_name(self, enterprise: str, code: str) -> str:
        """The point's name; for a camera's own alarm (point = camera code) the camera's name."""
        point = self.point(enterprise, code)
        if point:
            return point.name
        camera = self.camera(enterprise, code)
        return camera.name if camera else ""

    def camera(self, enterprise: str, code: str) -> Camera | None:
        ent = self._enterprises.get(enterprise)
        return ent.cameras.get(code) if ent else None

    def cameras_of(self, enterprise: str, point: str) -> list[Camera]:
        """The cameras that watch a point (unknown codes left out)."""
        p = self.point(enterprise, point)
        if p is None:
            return []
        return [c for c in (self.camera(enterprise, code) for code in p.cameras) if c is not None]

    def counts(self) -> tuple[int, int, int]:
        ents = self._enterprises.values()
        return len(ents), sum(len(e.points) for e in ents), sum(len(e.cameras) for e in ents)

    # -- files ---------------------------------------------------------------
    @classmethod
    def load(cls, path: str | Path) -> "PlantRegistry":
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise PlantError(f"cannot read plant file {path}: {exc}") from exc
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "PlantRegistry":
        enterprises: dict[str, Enterprise] = {}
        for e in data.get("enterprises", []):
            code = e["code"]
            cameras = {c["code"]: Camera(c["code"], code, c.get("name", c["code"]), c.get("url", ""), _opt_bool(c.get("rtsp_tcp")))
                       for c in e.get("cameras", [])}
            points = {}
            for p in e.get("points", []):
                point = Point(
                    code=p["code"],
                    enterprise=code,
                    name=p.get("name", p["code"]),
                    kind=p.get("kind", "temperature"),
                    unit=p.get("unit", ""),
                    range_low=float(p.get("range_low", 0.0)),
                    range_high=float(p.get("range_high", 100.0)),
                    ll=_opt(p.get("ll")),
                    l=_opt(p.get("l")),
                    h=_opt(p.get("h")),
                    hh=_opt(p.get("hh")),
                    in_use=bool(p.get("in_use", True)),
                    area=p.get("area", ""),
                    cameras=tuple(p.get("cameras", ())),
                    deadband=_opt(p.get("deadband")),
                    on_delay_s=_opt(p.get("on_delay_s")),
                    off_delay_s=_opt(p.get("off_delay_s")),
                    cause=p.get("cause", ""),
                    consequence=p.get("consequence", ""),
                    action=p.get("action", ""),
                )
                points[point.code] = point
            enterprises[code] = Enterprise(code, e.get("name", code), points, cameras)
        return cls(enterprises)

    def to_dict(self) -> dict[str, Any]:
        out = []
        for e in self._enterprises.values():
            out.append(
                {
                    "code": e.code,
                    "name": e.name,
                    "cameras": [_camera_dict(c) for c in e.cameras.values()],
                    "points": [
                        {
                            "code": p.code,
                            "name": p.name,
                            "kind": p.kind,
                            "unit": p.unit,
                            "range_low": p.range_low,
                            "range_high": p.range_high,
                            "ll": p.ll,
                            "l": p.l,
                            "h": p.h,
                            "hh": p.hh,
                            "in_use": p.in_use,
                            "area": p.area,
                            "cameras": list(p.cameras),
                            "deadband": p.deadband,
                            "on_delay_s": p.on_delay_s,
                            "off_delay_s": p.off_delay_s,
                            "cause": p.cause,
                            "consequence": p.consequence,
                            "action": p.action,
                        }
                        for p in e.points.values()
                    ],
                }
            )
        return {"version": 1, "enterprises": out}

    def save(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.to_dict(), ensure_ascii=False, indent=1), encoding="utf-8")


def _camera_dict(c: Camera) -> dict[str, Any]:
    out: dict[str, Any] = {"code": c.code, "name": c.name, "url": c.url}
    if c.rtsp_tcp is not None:
        out["rtsp_tcp"] = c.rtsp_tcp
    return out


def _opt_bool(value: Any) -> bool | None:
    if value is None:
        return None
    if not isinstance(value, bool):
        raise PlantError("rtsp_tcp must be true, false or null")
    return value


def _opt(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    if not math.isfinite(number):
        raise PlantError("thresholds must be finite numbers")
    return number
