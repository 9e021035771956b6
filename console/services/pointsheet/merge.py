"""The merge into the plant registry: the sheet's points and cameras replace or add to the plant's.

Points of the sheet replace the points with the same code of the same enterprise (in place, so
the order is kept); new points are added at the end; nothing is deleted. Fields of columns the
sheet does not have at all are kept from the existing point (KEPT_WHEN_ABSENT).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

from console.domain.plant import Camera, Enterprise, PlantRegistry, Point
from console.services.pointsheet.point_rows import InferredKind, PointRow
from console.services.pointsheet.problems import SheetProblem


@dataclass
class Tally:
    added: int = 0
    changed: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"{self.added} added, {self.changed} changed, {self.unchanged} unchanged"

    def count(self, previous: object | None, new: object) -> None:
        """Count one item of the import against what the plant had before."""
        if previous is None:
            self.added += 1
        elif previous != new:
            self.changed += 1
        else:
            self.unchanged += 1


@dataclass
class ImportResult:
    registry: PlantRegistry  # the new registry (the base is left as it was)
    warnings: list[SheetProblem] = field(default_factory=list)
    enterprises: Tally = field(default_factory=Tally)
    points: Tally = field(default_factory=Tally)
    cameras: Tally = field(default_factory=Tally)
    inferred: list[InferredKind] = field(default_factory=list)  # rows whose kind was inferred

    def summary(self) -> str:
        e, p, c = self.registry.counts()
        return (
            f"enterprises: {self.enterprises} ({e} in the plant)\n"
            f"points: {self.points} ({p} in the plant)\n"
            f"cameras: {self.cameras} ({c} in the plant)"
        )


def merge(base: PlantRegistry, names: Mapping[str, str], parsed: Sequence[PointRow],
          sheet_cameras: Mapping[str, Mapping[str, Camera]]) -> ImportResult:
    """``base`` with the sheet merged in (as ``result.registry``; the base is not changed), and the counts."""
    ents: dict[str, Enterprise] = {e.code: e for e in base.enterprises()}
    result = ImportResult(PlantRegistry())
    by_ent: dict[str, list[PointRow]] = {}
    for p in parsed:
        by_ent.setdefault(p.enterprise, []).append(p)
    touched = list(dict.fromkeys([*by_ent, *sheet_cameras]))
    for code in touched:
        old = ents.get(code)
        name = names.get(code) or (old.name if old else code)
        points = dict(old.points) if old else {}
        cameras = dict(old.cameras) if old else {}
        for cam in sheet_cameras.get(code, {}).values():
            result.cameras.count(cameras.get(cam.code), cam)
            cameras[cam.code] = cam
        for p in by_ent.get(code, []):
            previous = points.get(p.values["code"])
            point = merged_point(code, p.values, previous)
            result.points.count(previous, point)
            points[point.code] = point
        new = Enterprise(code, name, points, cameras)
        result.enterprises.count(None if old is None else (old.name, old.points, old.cameras), (new.name, new.points, new.cameras))
        if old is not None and old.name != new.name:
            result.warnings.append(SheetProblem(0, "", f"enterprise {code} is renamed from {old.name!r} to {new.name!r}"))
        ents[code] = new
    result.registry = PlantRegistry(ents)
    return result


def merged_point(enterprise: str, values: Mapping[str, Any], previous: Point | None) -> Point:
    """The point a row gives; the fields of columns the sheet does not have come from ``previous``."""
    def kept(key: str, default: Any) -> Any:
        if key in values:
            return values[key]
        return getattr(previous, key) if previous is not None else default

    return Point(
        code=values["code"], enterprise=enterprise, name=values["name"], kind=values["kind"], unit=values["unit"],
        range_low=values["range_low"], range_high=values["range_high"],
        ll=values["ll"], l=values["l"], h=values["h"], hh=values["hh"],
        in_use=kept("in_use", True), area=kept("area", ""), cameras=kept("cameras", ()),
        deadband=kept("deadband", None), on_delay_s=kept("on_delay_s", None), off_delay_s=kept("off_delay_s", None),
        cause=kept("cause", ""), consequence=kept("consequence", ""), action=kept("action", ""),
    )
