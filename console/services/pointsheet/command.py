"""Checking a points sheet from the command line: ``duty-console import-points FILE --dry-run``
(and ``python -m console.services.pointsheet``) print the report and change nothing. Writing the
plant file is a request of an administrator or a manager, through the PlantEditor, like the
window's import: ``duty-console import-points`` with a credential (console/shell/points_cli.py)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Sequence

from console.domain.plant import PlantError, PlantRegistry
from console.services.pointsheet.importer import import_sheet
from console.services.pointsheet.problems import SheetError
from console.services.pointsheet.report import inferred_kind_lines


def main_import(argv: Sequence[str] | None = None, *, default_plant: str | Path | None = None) -> int:
    """``duty-console import-points FILE [--plant PLANT_JSON] [--cameras FILE] --dry-run``.

    Without --plant: ``default_plant`` (the caller passes the setting plant.file), else the
    plant.file of the user's settings. 0: no problems; 1: problems; 2: bad usage (also without
    --dry-run: writing needs a credential, see the module's description)."""
    args = _parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    if not args.dry_run:
        print("import-points: only --dry-run here; writing the plant file needs an administrator's or a manager's "
              "credential: duty-console import-points FILE --user NAME", file=sys.stderr)
        return 2
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
        print_problems(args.file, [str(p) for p in exc.problems], plant_path)
        return 1
    except OSError as exc:
        print(f"import-points: cannot read {args.file}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print_result(args.file, plant_path, result.warnings, inferred_kind_lines(result.inferred), result.summary())
    print(f"dry run: {plant_path} not written")
    return 0


def print_problems(sheet: str, problems: Sequence[str], plant_path: Path) -> None:
    for problem in problems:
        print(f"{sheet}: {problem}", file=sys.stderr)
    print(f"import-points: {len(problems)} problem(s); {plant_path} not changed", file=sys.stderr)


def print_result(sheet: str, plant_path: Path, warnings: Sequence[object], lines: Sequence[str], summary: str) -> None:
    for warning in warnings:
        print(f"{sheet}: warning: {warning}", file=sys.stderr)
    print(f"{sheet} -> {plant_path}" + ("" if plant_path.exists() else " (new file)"))
    for line in lines:
        print(line)
    print(summary)


def _parser(add_help: bool = True) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="duty-console import-points", add_help=add_help,
                                description="Import a sensor data sheet (传感数据填报, XLSX or CSV) into the plant registry JSON.")
    p.add_argument("file", metavar="FILE", help="the points sheet: .xlsx (sheets 测点 and, optionally, 摄像头) or .csv")
    p.add_argument("--plant", metavar="PLANT_JSON", help="plant registry JSON to update (created if missing; default: the setting plant.file)")
    p.add_argument("--cameras", metavar="FILE", help="cameras sheet (.csv or .xlsx) to go with a CSV points file")
    p.add_argument("--dry-run", action="store_true", help="check and report, but do not write the plant file (needs no credential)")
    return p


def parser(add_help: bool = True) -> argparse.ArgumentParser:
    """The command's arguments (the shell adds the credential's)."""
    return _parser(add_help)


def _plant_file_setting() -> str:
    """The plant.file of the user's settings ('' when not set)."""
    from console.infrastructure.settings import Settings

    return str(Settings.load(None)["plant.file"] or "")
