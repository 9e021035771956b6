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
from console.services.pointsheet import SheetError, import_sheet, write_plant_atomically

log = logging.getLogger("console.services.plant_editor")

EDITOR_ROLES = ("admin", "manager")


class PlantEditor(QObject):
    imported = Signal(str)  # summary
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

    def _work(self, path: str, base: PlantRegistry) -> tuple[PlantRegistry | None, str, list[str]]:
        """(background) Read and check the sheet, write the plant file: (registry, summary, problems)."""
        try:
            result = import_sheet(path, base)
            write_plant_atomically(result.registry, self._file)
        except SheetError as exc:
            return None, "", [str(p) for p in exc.problems]
        except (OSError, ValueError) as exc:
            return None, "", [str(exc)]
        return result.registry, result.summary(), []

    def _answered(self, answer: tuple[PlantRegistry | None, str, list[str]], path: str, operator: str) -> None:
        registry, summary, problems = answer
        if registry is None:
            self.import_failed.emit(problems)
        else:
            self._apply(registry, summary, path, operator)

    def _apply(self, registry: PlantRegistry, summary: str, path: str, operator: str) -> None:
        self._registry.replace_contents(registry)
        self._on_changed()
        log.info("points imported from %s by %s into %s: %s", path, operator, self._file, summary.replace("\n", "; "))
        self._record("config.points_imported", operator, {"sheet": path, "plant_file": str(self._file), "summary": summary})
        self.imported.emit(summary)
