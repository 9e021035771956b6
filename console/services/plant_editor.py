"""Changing the plant registry from the application: importing a sensor data sheet.

Only an administrator or a manager signed in at this desk may do it (``user_rules.may_edit_points``,
checked here whoever asks); the sheet is read and checked off the GUI thread, and only a sheet
without problems changes anything (the plant file is replaced atomically, the registry in memory
updated in place, the evaluation rebuilt). Every import is logged and audited
(``config.points_imported``) with who did it; every refused one too (``access.refused``,
console/services/access.py). The command line (``duty-console import-points``) makes the same
request, as the person whose password it checked, with ``via`` naming it in the entries.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QCoreApplication, QObject, Signal

from console.domain.plant import PlantRegistry
from console.domain.user_rules import may_edit_points
from console.infrastructure.background import Background
from console.infrastructure.store.dutylog import Operator
from console.services.access import REFUSED, refusal
from console.services.pointsheet import ImportResult, SheetError, import_sheet, inferred_kind_lines, write_plant_atomically

log = logging.getLogger("console.services.plant_editor")


class PlantEditor(QObject):
    imported = Signal(str, list)  # summary; the report's lines (kinds inferred, row by row)
    import_failed = Signal(list)  # problems, one line each

    def __init__(self, registry: PlantRegistry, plant_file: Path, background: Background, on_changed: Callable[[], None],
                 record: Callable[[str, str, dict], None] = lambda _action, _actor, _detail: None,
                 parent: QObject | None = None, *, operator: Callable[[], Operator | None], via: str = "") -> None:
        """``operator()``: who is signed in at this desk now (``DutyDesk.operator``); ``record(action,
        actor, detail)``: into the audit chain; ``via``: where the requests come from when not this
        workstation's window (the command line), in every entry's detail."""
        super().__init__(parent)
        self._via = via
        self._operator = operator
        self._registry = registry
        self._file = plant_file
        self._background = background
        self._on_changed = on_changed
        self._record = record  # into the duty log's audit chain
        self.last: ImportResult | None = None  # the latest import that was applied (its warnings, for the command line)

    def import_file(self, path: str, cameras: str | None = None) -> bool:
        """Start an import as the one signed in; the answer comes as ``imported`` or ``import_failed``
        (at once when they may not change the points). ``cameras``: a cameras sheet to go with a
        CSV points file."""
        signed_in = self._operator()
        if signed_in is None or not may_edit_points(signed_in.role):
            actor, detail = refusal(signed_in, "points.import", self._via)
            self._record(REFUSED, actor, {**detail, "sheet": path, "plant_file": str(self._file)})
            self.import_failed.emit([QCoreApplication.translate(
                "PlantEditor", "Only an administrator or a manager signed in here may change the points.")])
            return False
        operator = signed_in.name
        base = PlantRegistry()
        base.replace_contents(self._registry)
        self._background.run(lambda _op: self._work(path, base, cameras), lambda answer: self._answered(answer, path, operator),
                             lambda exc: self.import_failed.emit([str(exc)]), name="points-import")
        return True

    def _work(self, path: str, base: PlantRegistry, cameras: str | None = None) -> tuple[ImportResult | None, list[str]]:
        """(background) Read and check the sheet, write the plant file: (result, problems)."""
        try:
            result = import_sheet(path, base, cameras=cameras)
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
        self.last = result
        self._registry.replace_contents(result.registry)
        self._on_changed()
        log.info("points imported from %s by %s into %s: %s (kind inferred for %d row(s))", path, operator, self._file,
                 summary.replace("\n", "; "), len(result.inferred))
        detail = {"sheet": path, "plant_file": str(self._file), "summary": summary}
        self._record("config.points_imported", operator, {**detail, "via": self._via} if self._via else detail)
        self.imported.emit(summary, inferred_kind_lines(result.inferred))
