"""Importing a sheet, all or nothing: read it, check every row, and only then merge it into a plant."""

from __future__ import annotations

from pathlib import Path
from typing import Mapping, Sequence

from console.domain.plant import Camera, PlantRegistry
from console.services.pointsheet.camera_rows import read_cameras
from console.services.pointsheet.grid import Rows, load, load_cameras
from console.services.pointsheet.merge import ImportResult, merge
from console.services.pointsheet.point_rows import PointRow, read_points
from console.services.pointsheet.problems import SheetError, SheetProblem, in_sheet_order

CamerasRead = Mapping[str, tuple[dict[str, Camera], SheetProblem]]  # enterprise → (cameras, where first named)


def import_points(rows_or_path: str | Path | Rows, base: PlantRegistry | None = None, *,
                  cameras: str | Path | Rows | None = None) -> PlantRegistry:
    """A new registry: ``base`` merged with the sheet. Raises SheetError (and changes nothing)
    on any problem. ``cameras``: a cameras sheet/CSV, for a CSV points file (an XLSX workbook may
    carry its own 摄像头 sheet)."""
    return import_sheet(rows_or_path, base, cameras=cameras).registry


def import_sheet(rows_or_path: str | Path | Rows, base: PlantRegistry | None = None, *,
                 cameras: str | Path | Rows | None = None) -> ImportResult:
    """As import_points, with the warnings, the counts of what was added and changed, and the
    rows whose kind was inferred."""
    base = base or PlantRegistry()
    point_rows, camera_rows = load(rows_or_path)
    if cameras is not None:
        if camera_rows is not None:
            raise SheetError([SheetProblem(0, "", f"cameras are given twice: in the sheet {camera_rows.sheet} and separately")])
        camera_rows = load_cameras(cameras)

    problems: list[SheetProblem] = []
    notes: list[SheetProblem] = []
    read = read_cameras(camera_rows, problems, notes) if camera_rows is not None else {}
    sheet_cameras = read or {}
    points = read_points(point_rows, base, problems, notes)
    if not points.parsed and not sheet_cameras and not problems:
        problems.append(SheetProblem(getattr(point_rows, "header_row", 1), "", "the sheet has no data rows"))
    problems += _unknown_camera_enterprises(base, sheet_cameras, points.names)
    if read is not None:  # unreadable cameras sheet: its problems say enough
        problems += _unknown_cameras(base, sheet_cameras, points.parsed)

    if problems:
        raise SheetError(in_sheet_order(problems))
    result = merge(base, points.names, points.parsed, {e: cams for e, (cams, _) in sheet_cameras.items()})
    result.warnings[:0] = in_sheet_order(notes)
    result.inferred = list(points.inferred)
    return result


def _unknown_camera_enterprises(base: PlantRegistry, sheet_cameras: CamerasRead, names: Mapping[str, str]) -> list[SheetProblem]:
    """A camera's enterprise must be in the plant or in the points sheet."""
    return [where._replace(message=f"unknown enterprise {ent_code} (neither in the plant nor in the points sheet)")
            for ent_code, (_cams, where) in sheet_cameras.items()
            if base.enterprise(ent_code) is None and ent_code not in names]


def _unknown_cameras(base: PlantRegistry, sheet_cameras: CamerasRead, parsed: Sequence[PointRow]) -> list[SheetProblem]:
    """Points may only name cameras of their enterprise (in the plant or in the cameras sheet)."""
    problems: list[SheetProblem] = []
    for p in parsed:
        old = base.enterprise(p.enterprise)
        known = set(old.cameras if old else ()) | set(sheet_cameras[p.enterprise][0] if p.enterprise in sheet_cameras else ())
        problems += [SheetProblem(p.row, p.camera_col, f"unknown camera {cam} of enterprise {p.enterprise}")
                     for cam in p.values.get("cameras", ()) if cam not in known]
    return problems
