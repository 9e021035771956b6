"""The command ``duty-console import-points``: check a sheet, print the report, write the plant file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Sequence

from console.domain.plant import PlantError, PlantRegistry
from console.services.pointsheet.importer import import_sheet
from console.services.pointsheet.plant_file import write_plant_atomically
from console.services.pointsheet.problems import SheetError
from console.services.pointsheet.report import inferred_kind_lines


def main_import(argv: Sequence[str] | None = None, *, default_plant: str | Path | None = None) -> int:
    """``duty-console import-points FILE [--plant PLANT_JSON] [--cameras FILE] [--dry-run]``.

    Without --plant: ``default_plant`` (the caller passes the setting plant.file), else the
    plant.file of the user's settings. 0: imported; 1: problems (the plant file is untouched).
    """
    args = _parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    plant_file = args.plant or (str(default_plant) if default_plant else "") or _plant_file_setting()
    if not plant_file:
        print("import-points: no plant file: give --plant PLANT_JSON (or set plant.file)", file=sys.stderr)
        return 2
    plant_path = Path(plant_file)
    try:
        base = PlantRegistry.load(plant_path) if plant_path.exists() else PlantRegistry()
    except (PlantError, KeyError, TypeError, ValueError) as exc:
        print(f"import-points: {plant_path}: not a valid plant file: {exc}", file=sys.stderr)
        return 1
    try:
        result = import_sheet(args.file, base, cameras=args.cameras)
    except SheetError as exc:
        for problem in exc.problems:
            print(f"{args.file}: {problem}", file=sys.stderr)
        print(f"import-points: {len(exc.problems)} problem(s); {plant_path} not changed", file=sys.stderr)
        return 1
    for warning in result.warnings:
        print(f"{args.file}: warning: {warning}", file=sys.stderr)
    print(f"{args.file} -> {plant_path}" + ("" if plant_path.exists() else " (new file)"))
    for line in inferred_kind_lines(result.inferred):
        print(line)
    print(result.summary())
    if args.dry_run:
        print(f"dry run: {plant_path} not written")
        return 0
    try:
        write_plant_atomically(result.registry, plant_path)
    except OSError as exc:
        print(f"import-points: cannot write {plant_path}: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {plant_path}")
    return 0


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="duty-console import-points",
                                description="Import a sensor data sheet (传感数据填报, XLSX or CSV) into the plant registry JSON.")
    p.add_argument("file", metavar="FILE", help="the points sheet: .xlsx (sheets 测点 and, optionally, 摄像头) or .csv")
    p.add_argument("--plant", metavar="PLANT_JSON", help="plant registry JSON to update (created if missing; default: the setting plant.file)")
    p.add_argument("--cameras", metavar="FILE", help="cameras sheet (.csv or .xlsx) to go with a CSV points file")
    p.add_argument("--dry-run", action="store_true", help="check and report, but do not write the plant file")
    return p


def _plant_file_setting() -> str:
    """The plant.file of the user's settings ('' when not set)."""
    from console.infrastructure.settings import Settings

    return str(Settings.load(None)["plant.file"] or "")
