"""``duty-console import-points FILE [--plant PLANT_JSON] [--cameras FILE] [--dry-run] --user NAME``.

``--dry-run`` checks the sheet and prints the report, changing nothing, for anyone
(console/services/pointsheet/command.py). Writing the plant file is an administrator's or a
manager's request (console/shell/cli_session.py for the credential), made through the same
PlantEditor as the window's import: the same role check, the same audit entry
(``config.points_imported``, with ``via``), a refusal on record (``access.refused``).

Exit status: 0 imported; 1 problems in the sheet or files (the plant file untouched); 2 refused
or bad usage.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from console.infrastructure.settings import Settings
from console.infrastructure.store.dutylog import Operator
from console.services.pointsheet.command import main_import, parser, print_problems, print_result
from console.shell.cli_session import EXIT_REFUSED, CliDesk, CliError, Passwords, add_credential_arguments, not_permitted, read_credential


def main_import_points(argv: list[str], settings_path: Path | None) -> int:
    p = parser()
    p.add_argument("--database-url", help="SQLAlchemy URL of the duty log (default: from the settings)")
    add_credential_arguments(p, "an administrator's or a manager's")
    try:
        args = p.parse_args(argv)
    except SystemExit as exc:  # --help, or a usage error argparse has explained
        return exc.code if isinstance(exc.code, int) else EXIT_REFUSED
    try:
        settings = Settings.load(settings_path)
    except (OSError, ValueError) as exc:
        raise CliError(f"cannot read the settings: {exc}", EXIT_REFUSED) from None
    if args.dry_run:
        return main_import(_sheet_arguments(args), default_plant=settings["plant.file"] or None)
    for sheet in (args.file, args.cameras):
        if sheet and not Path(sheet).is_file():  # said before anyone types a password
            raise CliError(f"no such file: {sheet}")
    plant_file = args.plant or settings["plant.file"]
    if not plant_file:
        raise CliError("no plant file: give --plant PLANT_JSON (or set plant.file)", EXIT_REFUSED)
    if args.database_url:
        settings.set("database.url", args.database_url)
    credential = read_credential(args, Passwords(bool(args.password_stdin)))
    desk = CliDesk(settings, "import-points")
    try:
        operator = desk.sign_in(credential)
        return _import(desk, operator, args.file, args.cameras, Path(plant_file))
    finally:
        desk.close()


def _sheet_arguments(args: argparse.Namespace) -> list[str]:
    out = [args.file, "--dry-run"]
    if args.plant:
        out += ["--plant", args.plant]
    if args.cameras:
        out += ["--cameras", args.cameras]
    return out


def _import(desk: CliDesk, operator: Operator | None, sheet: str, cameras: str | None, plant_path: Path) -> int:
    from console.domain.plant import PlantError, PlantRegistry
    from console.infrastructure.background import Background
    from console.services.plant_editor import PlantEditor

    try:
        base = PlantRegistry.load(plant_path) if plant_path.exists() else PlantRegistry()
    except (PlantError, OSError, KeyError, TypeError, ValueError) as exc:
        raise CliError(f"{plant_path}: not a valid plant file: {exc}") from None
    new_file = not plant_path.exists()
    background = Background(desk.dispatcher.run_on_main)
    editor = PlantEditor(base, plant_path, background, lambda: None, desk.audit, operator=lambda: operator, via=desk.via)
    imported: list[tuple[str, list[str]]] = []
    failed: list[list[str]] = []
    editor.imported.connect(lambda summary, lines: imported.append((summary, lines)))
    editor.import_failed.connect(failed.append)
    try:
        started = editor.import_file(str(Path(sheet).resolve()), str(Path(cameras).resolve()) if cameras else None)
        desk.wait(lambda: bool(imported or failed), 3600.0)
    finally:
        background.close()
    if not started:
        raise not_permitted(operator)
    if failed:
        print_problems(sheet, [str(p) for p in failed[0]], plant_path)
        return 1
    summary, lines = imported[0]
    result = editor.last
    print_result(sheet, plant_path, result.warnings if result is not None else [], lines, summary)
    print(f"wrote {plant_path}" + (" (new file)" if new_file else ""), file=sys.stdout)
    return 0
