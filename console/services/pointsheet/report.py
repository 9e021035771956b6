"""The import report's lines about kinds inferred from the unit and the tag letters, in the
reader's language (Qt translation, context PointsSheet)."""

from __future__ import annotations

import re
from typing import Iterable

from PySide6.QtCore import QCoreApplication

from console.services.pointsheet.columns import KIND_NAMES
from console.services.pointsheet.point_rows import InferredKind


def inferred_kind_line(item: InferredKind) -> str:
    """'row 5, GT-101: kind inferred as 可燃气体 from the unit %LEL' (the kind in the sheet's words)."""
    inference = item.inference
    if inference.from_unit and inference.from_tag:
        text = QCoreApplication.translate("PointsSheet", "row %1, %2: kind inferred as %3 from the unit %4 and the tag letters %5")
    elif inference.from_unit:
        text = QCoreApplication.translate("PointsSheet", "row %1, %2: kind inferred as %3 from the unit %4")
    else:
        text = QCoreApplication.translate("PointsSheet", "row %1, %2: kind inferred as %3 from the tag letters %4")
    evidence = [inference.unit] if inference.from_unit else []
    evidence += [inference.tag] if inference.from_tag else []
    args = [str(item.row), item.code, KIND_NAMES.get(item.kind, item.kind), *evidence]
    return re.sub(r"%(\d)", lambda m: args[int(m.group(1)) - 1], text)  # one pass: a unit may hold a %


def inferred_kind_lines(items: Iterable[InferredKind]) -> list[str]:
    return [inferred_kind_line(item) for item in items]
