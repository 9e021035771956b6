"""Changing the plant registry from the application: importing a sensor data sheet.

Only an administrator or a manager may do it; the sheet is read and checked off the GUI
thread, and only a sheet without problems changes anything (the plant file is replaced
atomically, the registry in memory updated in place, the evaluation rebuilt). Every import
is logged with who did it.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, Signal

from console.domain.plant import PlantRegistry
from console.infrastructure.background import Background
from console.services.pointsheet import ImportResult, SheetError, import_sheet, inferred_kind_lines, write_plant_atomically

log = logging.getLogger("console.services.plant_editor")

EDITOR_ROLES = ("admin", "manager")


class PlantEditor(QObject):
    imported = Signal(str, list)  # summary; the report's lines (kinds inferred, row by row)
    import_failed = Signal(list)  # problems, one line each

    def __init__(self, registry: PlantRegistry, plant_file: Path, background: Background, on_changed: Callable[[], None],
                 record: Callable[[str, str, dict], None] = lambda _action, _actor, _detail: None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._registry = registry
        self._file = plant_file
        self._background = background
        self._on_changed = on_changed
        self._record = record  # into the duty log's audit chain

    @staticmethod
    def may_edit(role: str | None) -> bool:
        return role in EDITOR_ROLES

    def import_file(self, path: str, operator: str, role: str) -> bool:
        """Start an import; the answer comes as ``imported`` or ``import_failed``."""
        if not self.may_edit(role):
            self.import_failed.emit([f"only an administrator or a manager may change the points ({operator} is {role})"])
            return False
        base = PlantRegistry()
        base.replace_contents(self._registry)
        self._background.run(lambda _op: self._work(path, base), lambda answer: self._answered(answer, path, operator),
                             lambda exc: self.import_failed.emit([str(exc)]), name="points-import")
        return True

    def _work(self, path: str, base: PlantRegistry) -> tuple[ImportResult | None, list[str]]:
        """(background) Read and check the sheet, write the plant file: (result, problems)."""
        try:
            result = import_sheet(path, base)
            write_plant_atomically(result.registry, self._file)
        except SheetError as exc:
            return None, [str(p) for p in exc.problems]
        except (OSError, ValueError) as exc:
            return None, [str(exc)]
        return result, []

    def _answered(self, answer: tuple[ImportResult | None, list[str]], path: str, operator: str) -> None:
        result, problems = answer
        if result is None:
            self.import_failed.emit(problems)
        else:
            self._apply(result, path, operator)

    def _apply(self, result: ImportResult, path: str, operator: str) -> None:
        summary = result.summary()
        self._registry.replace_contents(result.registry)
        self._on_changed()
        log.info("points imported from %s by %s into %s: %s (kind inferred for %d row(s))", path, operator, self._file,
                 summary.replace("\n", "; "), len(result.inferred))
        self._record("config.points_imported", operator, {"sheet": path, "plant_file": str(self._file), "summary": summary})
        self.imported.emit(summary, inferred_kind_lines(result.inferred))
