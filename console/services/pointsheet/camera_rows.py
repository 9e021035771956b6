"""Row checks of the cameras sheet: each row a camera of an enterprise, or its problems."""

from __future__ import annotations

import re

from console.domain.plant import Camera
from console.domain.redact import redact_url
from console.services.pointsheet.cell_reader import RowReader
from console.services.pointsheet.columns import CAMERA_COLUMNS
from console.services.pointsheet.grid import SheetRows, row_number
from console.services.pointsheet.problems import SheetProblem


def read_cameras(rows: SheetRows, problems: list[SheetProblem],
                 notes: list[SheetProblem]) -> dict[str, tuple[dict[str, Camera], SheetProblem]] | None:
    """Cameras by enterprise, each enterprise with the place it is first named (for messages);
    None when the sheet's columns are wrong."""
    sheet = rows.sheet or "cameras"
    start = len(problems)
    rd = RowReader(rows, CAMERA_COLUMNS, sheet, problems, notes)
    if len(problems) > start:
        return None
    out: dict[str, tuple[dict[str, Camera], SheetProblem]] = {}
    first_row: dict[tuple[str, str], int] = {}
    for index, row in enumerate(rows):
        rd.at(row, row_number(row, index))
        if all(rd.blank(c.key) for c in CAMERA_COLUMNS):
            continue
        ent = rd.code("enterprise")
        code = rd.code("code")
        name = rd.text("name") if rd.has("name") else ""
        url = rd.text("url") if rd.has("url") else ""
        if url and not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*://\S+", url):
            rd.problem("url", f"{rd.col('url')} {redact_url(url)!r} is not a URL such as rtsp://host:554/path")
        if ent is None or code is None:
            continue
        if (ent, code) in first_row:
            rd.problem("code", f"duplicate camera {code} of enterprise {ent} (rows {first_row[ent, code]} and {rd.number})")
            continue
        first_row[ent, code] = rd.number
        cams, _ = out.setdefault(ent, ({}, SheetProblem(rd.number, rd.col("enterprise"), "", sheet)))
        cams[code] = Camera(code, ent, name or code, url)
    return out
