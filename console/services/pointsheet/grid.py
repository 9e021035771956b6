"""Reading the grid: an XLSX workbook's sheets or a CSV file into rows of cells by header.

The header is the row, among the first ten, that names the most known columns; row numbers are
those Excel shows; merged cells apply to every cell they span. openpyxl and csv; no Qt.

Limits (docs/points-sheet.md), generous for a park of 500 enterprises and 20,000 points (such a
sheet with every column and response card filled in is about 2 MB as XLSX, 24 MB unpacked, 6 MB as
CSV): a file of at most MAX_FILE_BYTES, checked before it is opened; an XLSX whose parts unpack to
at most MAX_XLSX_UNPACKED_BYTES, checked before it is parsed (a small file can unpack to gigabytes);
at most MAX_ROWS data rows a sheet, counted while reading. Beyond them the sheet is refused with
one problem that says the limit.
"""

from __future__ import annotations

import csv
import io
import warnings
import zipfile
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from console.services.pointsheet.cells import header_text, is_blank
from console.services.pointsheet.columns import (
    CAMERA_LOOKUP,
    CAMERAS_SHEET_NAMES,
    NOT_POINTS,
    POINT_LOOKUP,
    POINTS_SHEET_NAMES,
    match_header,
    norm,
)
from console.services.pointsheet.problems import SheetError, SheetProblem

HEADER_SEARCH_ROWS = 10  # the header is the row among the first ten naming most known columns
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_XLSX_UNPACKED_BYTES = 64 * 1024 * 1024
MAX_ROWS = 50_000  # data rows (points, or cameras) in one sheet
_MB = 1024 * 1024


def check_file_size(path: Path) -> None:
    """Refuse a file larger than MAX_FILE_BYTES before anything reads it (SheetError)."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise SheetError([SheetProblem(0, "", f"{path.name} is {size / _MB:.1f} MB: a points sheet may have at most "
                                              f"{MAX_FILE_BYTES // _MB} MB (20,000 points fill about 2 MB as XLSX); "
                                              "split it, e.g. by enterprise")])


def _too_many_rows(name: str) -> SheetError:
    return SheetError([SheetProblem(0, "", f"{name} has more than {MAX_ROWS:,} rows: a sheet may have at most {MAX_ROWS:,} "
                                           "data rows; split it, e.g. by enterprise")])


class SheetRow(dict):
    """One data row: header text (as written) → cell value; ``row`` is its Excel row number."""

    def __init__(self, values: Mapping[str, Any], row: int) -> None:
        super().__init__(values)
        self.row = row


class SheetRows(list):
    """The data rows of a sheet, with its headers (in order), the header's row and the sheet's name."""

    def __init__(self, rows: Iterable[Mapping[str, Any]] = (), headers: Sequence[str] = (), header_row: int = 1, sheet: str = "") -> None:
        super().__init__(rows)
        self.headers = list(headers)
        self.header_row = header_row
        self.sheet = sheet


def read_sheet(path: str | Path, sheet: str | None = None) -> SheetRows:
    """The data rows of a points sheet (.xlsx/.xlsm: the sheet named 测点, else the first one;
    ``sheet`` names another) or of a CSV file (UTF-8 with or without BOM, UTF-16, GB18030/GBK).

    Blank rows are skipped; merged cells apply to every cell they span. Raises SheetError when the
    file cannot be read.
    """
    path = Path(path)
    if not path.is_file():
        raise SheetError([SheetProblem(0, "", f"{path}: no such file")])
    check_file_size(path)
    if _is_xlsx(path):
        grids = _read_workbook(path)
        if sheet is None:
            rows = _pick(grids, POINTS_SHEET_NAMES, exclude=NOT_POINTS)
            return rows if rows is not None else SheetRows(sheet=path.name)
        for name, grid in grids.items():
            if name == sheet or norm(name) == norm(sheet):
                return _rows_from_grid(grid, name)
        raise SheetError([SheetProblem(0, "", f"{path.name} has no sheet named {sheet!r} (it has {', '.join(grids)})")])
    return _read_csv(path)


def _is_xlsx(path: Path) -> bool:
    suffix = path.suffix.casefold()
    if suffix == ".xls":
        raise SheetError([SheetProblem(0, "", f"{path.name}: the old .xls format is not supported; save it as .xlsx or CSV")])
    return suffix in (".xlsx", ".xlsm")


def _pick(grids: Mapping[str, list[list[Any]]], names: set[str], exclude: set[str] | None = None) -> SheetRows | None:
    """The rows of the sheet with one of ``names``; else, given ``exclude``, of the first sheet not named so."""
    chosen = next((n for n in grids if norm(n) in names), None)
    if chosen is None and exclude is not None:
        chosen = next((n for n in grids if norm(n) not in exclude), None)
    return None if chosen is None else _rows_from_grid(grids[chosen], chosen)


def _read_workbook(path: Path) -> dict[str, list[list[Any]]]:
    """The cell values of every worksheet of an XLSX file, by title (formulas give their cached
    values; a merged cell's value fills every cell it spans)."""
    try:
        import openpyxl
        from openpyxl.utils.exceptions import InvalidFileException
    except ImportError as exc:  # pragma: no cover - openpyxl is a dependency
        raise SheetError([SheetProblem(0, "", f"reading {path.name} needs openpyxl: {exc}")]) from exc
    _check_unpacked_size(path)
    with warnings.catch_warnings():
        # Files saved by Excel carry extensions (x14 data validation, conditional formats…) that
        # openpyxl drops with a UserWarning; they do not matter for reading values.
        warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl(\.|$)")
        try:
            wb = openpyxl.load_workbook(path, data_only=True)
        except (OSError, zipfile.BadZipFile, InvalidFileException, KeyError, ValueError) as exc:
            raise SheetError([SheetProblem(0, "", f"cannot read {path.name}: {exc}")]) from exc
    try:
        out = {}
        for ws in wb.worksheets:
            grid = _limited((list(r) for r in ws.iter_rows(values_only=True)), f"{path.name}, sheet {ws.title}")
            for merged in ws.merged_cells.ranges:
                value = grid[merged.min_row - 1][merged.min_col - 1] if merged.min_row <= len(grid) else None
                for r in range(merged.min_row - 1, min(merged.max_row, len(grid))):
                    line = grid[r]
                    line.extend([None] * (merged.max_col - len(line)))
                    for c in range(merged.min_col - 1, merged.max_col):
                        line[c] = value
            out[ws.title] = grid
        return out
    finally:
        wb.close()


def read_grids(path: str | Path, max_bytes: int = MAX_FILE_BYTES) -> dict[str, list[list[Any]]]:
    """The raw cell grids of any sheet file, with no header search (other sheets than the points
    sheet, e.g. a duty roster): an XLSX workbook's sheets by title, or a CSV file as one grid
    named after the file. The same size and row limits; ``max_bytes`` may be smaller."""
    path = Path(path)
    if not path.is_file():
        raise SheetError([SheetProblem(0, "", f"{path}: no such file")])
    size = path.stat().st_size
    if size > max_bytes:
        raise SheetError([SheetProblem(0, "", f"{path.name} is {size / _MB:.1f} MB: at most {max_bytes / _MB:.0f} MB")])
    if _is_xlsx(path):
        return _read_workbook(path)
    return {path.name: _csv_grid(path)}


def _read_csv(path: Path) -> SheetRows:
    return _rows_from_grid(_csv_grid(path), path.name)


def _csv_grid(path: Path) -> list[list[Any]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SheetError([SheetProblem(0, "", f"cannot read {path}: {exc.strerror or exc}")]) from exc
    encodings = ("utf-16",) if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise SheetError([SheetProblem(0, "", f"{path.name} is neither UTF-8 nor GBK/GB18030 text")])
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((",", "\t", ";"), key=first.count) if first else ","
    try:
        grid = _limited((list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)), path.name)
    except csv.Error as exc:
        raise SheetError([SheetProblem(0, "", f"{path.name} is not a valid CSV file: {exc}")]) from exc
    return grid


def _check_unpacked_size(path: Path) -> None:
    """An XLSX is a zip: refuse one whose parts unpack to more than MAX_XLSX_UNPACKED_BYTES."""
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (OSError, zipfile.BadZipFile) as exc:
        raise SheetError([SheetProblem(0, "", f"cannot read {path.name}: {exc}")]) from exc
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise SheetError([SheetProblem(0, "", f"{path.name} unpacks to {unpacked / _MB:.0f} MB: a points workbook may unpack "
                                              f"to at most {MAX_XLSX_UNPACKED_BYTES // _MB} MB (20,000 points: about 24 MB); "
                                              "split it, e.g. by enterprise")])


def _limited(lines: Iterable[list[Any]], name: str) -> list[list[Any]]:
    """The lines, refused (SheetError) as soon as more than MAX_ROWS of them, besides the rows a
    header may be among, hold anything."""
    grid: list[list[Any]] = []
    filled = 0
    for line in lines:
        grid.append(line)
        if not all(is_blank(v) for v in line):
            filled += 1
            if filled > MAX_ROWS + HEADER_SEARCH_ROWS:
                raise _too_many_rows(name)
    return grid


def _rows_from_grid(grid: list[list[Any]], sheet: str) -> SheetRows:
    """Find the header row (the one of the first rows naming most known columns) and build rows."""
    best = _header_row(grid)
    if best is None:
        return SheetRows(sheet=sheet)
    headers = _headers(grid[best], best + 1, sheet)
    rows = SheetRows(headers=[h for _, h in headers], header_row=best + 1, sheet=sheet)
    for index in range(best + 1, len(grid)):
        line = grid[index]
        values = {h: (line[c] if c < len(line) else None) for c, h in headers}
        if all(is_blank(v) for v in values.values()):
            continue
        if len(rows) >= MAX_ROWS:
            raise _too_many_rows(sheet)
        rows.append(SheetRow(values, index + 1))
    return rows


_ANY_LOOKUP = {**CAMERA_LOOKUP, **POINT_LOOKUP}


def _header_row(grid: list[list[Any]]) -> int | None:
    """The index of the row, among the first ten, naming most known columns (the first non-blank
    one when none does); None for a blank sheet."""
    best, best_known = None, 0
    for index, line in enumerate(grid[:HEADER_SEARCH_ROWS]):
        if all(is_blank(v) for v in line):
            continue
        if best is None:
            best = index  # the first non-blank row, unless another names more columns
        known = len({m[0] for v in line if not is_blank(v) and (m := match_header(header_text(v), _ANY_LOOKUP))})
        if known > best_known:
            best, best_known = index, known
    return best


def _headers(line: list[Any], number: int, sheet: str) -> list[tuple[int, str]]:
    """(column index, header text) of the header row; a known column written twice is an error."""
    headers: list[tuple[int, str]] = []
    seen: dict[str, int] = {}
    problems: list[SheetProblem] = []
    for c, v in enumerate(line):
        text = header_text(v)
        if not text:
            continue
        if text in seen:
            if match_header(text, _ANY_LOOKUP):
                problems.append(SheetProblem(number, text, f"the column {text} appears twice", sheet))
            continue  # an unknown column written twice: the first one stands (it is ignored anyway)
        seen[text] = c
        headers.append((c, text))
    if problems:
        raise SheetError(problems)
    return headers


Rows = SheetRows | Sequence[Mapping[str, Any]]


def load(source: str | Path | Rows) -> tuple[Rows, SheetRows | None]:
    """The points rows of a file (and, from a workbook, its cameras sheet), or the rows given."""
    if isinstance(source, (str, Path)):
        path = Path(source)
        if not path.is_file():
            raise SheetError([SheetProblem(0, "", f"{path}: no such file")])
        check_file_size(path)
        if _is_xlsx(path):
            grids = _read_workbook(path)
            points = _pick(grids, POINTS_SHEET_NAMES, exclude=NOT_POINTS)
            return (points if points is not None else SheetRows(sheet=path.name)), _pick(grids, CAMERAS_SHEET_NAMES)
        return _read_csv(path), None
    return source, None


def load_cameras(source: str | Path | Rows) -> SheetRows:
    """The rows of a separate cameras file (a CSV, or a workbook's 摄像头 sheet), or the rows given."""
    if isinstance(source, (str, Path)):
        path = Path(source)
        if not path.is_file():
            raise SheetError([SheetProblem(0, "", f"{path}: no such file")])
        check_file_size(path)
        if _is_xlsx(path):
            grids = _read_workbook(path)
            rows = _pick(grids, CAMERAS_SHEET_NAMES, exclude=NOT_POINTS - CAMERAS_SHEET_NAMES)
            return rows if rows is not None else SheetRows(sheet=path.name)
        return _read_csv(path)
    if isinstance(source, SheetRows):
        return source
    return SheetRows(source, sheet="cameras")


def row_number(row: Mapping[str, Any], index: int) -> int:
    """A row's Excel row number; a plain dict's is counted from row 2 (below a header)."""
    return getattr(row, "row", index + 2)
