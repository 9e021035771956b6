"""Reading the cells of a sheet's rows by column key, collecting the problems found."""

from __future__ import annotations

import unicodedata
from typing import Any, Mapping, Sequence

from console.services.pointsheet.cells import CODE_RE, cell_text, fmt, is_blank, parse_number
from console.services.pointsheet.columns import CAMERA_LOOKUP, POINT_COLUMNS, POINT_LOOKUP, Column, match_header, norm
from console.services.pointsheet.grid import Rows
from console.services.pointsheet.problems import SheetProblem

YES_WORDS = frozenset(("是", "y", "yes", "true", "t", "1", "√"))
NO_WORDS = frozenset(("否", "n", "no", "false", "f", "0", "×"))
STOPPED_WORDS = ("停用",)
IN_USE_WORDS = ("启用", "在用", "投用", "正常")


class RowReader:
    """Reads the cells of one sheet's rows by column key, collecting problems."""

    def __init__(self, rows: Rows, columns: Sequence[Column], sheet: str,
                 problems: list[SheetProblem], notes: list[SheetProblem]) -> None:
        self.columns = {c.key: c for c in columns}
        self.sheet = sheet
        self.problems = problems
        self.header_row = getattr(rows, "header_row", 1)
        headers = list(dict.fromkeys([*getattr(rows, "headers", []), *(h for r in rows for h in r)]))  # plain dicts: all keys
        lookup = POINT_LOOKUP if columns is POINT_COLUMNS else CAMERA_LOOKUP
        found: dict[str, list[tuple[int, str]]] = {}
        for h in headers:
            match = match_header(str(h), lookup)
            if match is None:
                notes.append(SheetProblem(self.header_row, str(h), f"unknown column {h} is ignored", sheet))
            else:
                found.setdefault(match[0], []).append((match[1], str(h)))
        self.header: dict[str, str] = {}
        for key, names in found.items():
            best = min(rank for rank, _ in names)
            chosen = [h for rank, h in names if rank == best]
            if len(chosen) > 1:
                problems.append(SheetProblem(self.header_row, chosen[1], f"{chosen[1]} repeats the column {chosen[0]}", sheet))
            self.header[key] = chosen[0]
            for rank, h in names:
                if rank != best:
                    notes.append(SheetProblem(self.header_row, h, f"column {h} is ignored: {chosen[0]} is used instead", sheet))
        for col in columns:
            if col.required and col.key not in self.header:
                others = ", ".join(n for n in (col.en, col.jiangsu, *col.fallback) if n)
                problems.append(SheetProblem(self.header_row, col.zh, f"missing column {col.zh} ({others} also accepted)", sheet))
        self.row: Mapping[str, Any] = {}
        self.number = 0

    def at(self, row: Mapping[str, Any], number: int) -> None:
        self.row, self.number = row, number

    def has(self, key: str) -> bool:
        return key in self.header

    def col(self, key: str) -> str:
        return self.header.get(key) or self.columns[key].zh

    def raw(self, key: str) -> Any:
        return self.row.get(self.header[key]) if key in self.header else None

    def blank(self, key: str) -> bool:
        return is_blank(self.raw(key))

    def problem(self, key: str, message: str) -> None:
        self.problems.append(SheetProblem(self.number, self.col(key), message, self.sheet))

    def text(self, key: str) -> str:
        return cell_text(self.raw(key))

    def required_text(self, key: str) -> str | None:
        if not self.has(key):
            return None  # reported once, as a missing column
        text = self.text(key)
        if not text:
            self.problem(key, f"{self.col(key)} is empty")
            return None
        return text

    def code(self, key: str) -> str | None:
        """A code (enterprise, point, camera): required, ASCII after NFKC, CODE_RE."""
        value = self.raw(key)
        if isinstance(value, float) and abs(value) >= 1e15:
            self.problem(key, f"{self.col(key)} was stored as a number ({value:.6g}) and lost digits; format the column as text")
            return None
        text = self.required_text(key)
        if text is None:
            return None
        code = unicodedata.normalize("NFKC", text).strip()
        if not CODE_RE.fullmatch(code):
            self.problem(key, f"{self.col(key)} {text!r} is not a valid code (letters, digits, _ . - ; up to 64, starting with a letter or digit)")
            return None
        return code

    def num(self, key: str, *, required: bool = False, non_negative: bool = False) -> tuple[bool, float | None]:
        """(ok, value); value None for a blank cell."""
        if not self.has(key):
            return (not required), None
        value = self.raw(key)
        if is_blank(value):
            if required:
                self.problem(key, f"{self.col(key)} is empty")
                return False, None
            return True, None
        x = parse_number(value)
        if x is None:
            self.problem(key, f"{self.col(key)} {cell_text(value)!r} is not a number")
            return False, None
        if non_negative and x < 0:
            self.problem(key, f"{self.col(key)} ({fmt(x)}) must not be negative")
            return False, None
        return True, x

    def flag(self, key: str) -> tuple[bool, bool | None]:
        """(ok, yes/no); None for a blank cell. Returns the in-use state for the words 停用/启用."""
        value = self.raw(key)
        if is_blank(value):
            return True, None
        word = norm(cell_text(value))
        if word in YES_WORDS:
            return True, True
        if word in NO_WORDS:
            return True, False
        inverse = key == "stopped"
        if word in STOPPED_WORDS:
            return True, inverse
        if word in IN_USE_WORDS:
            return True, not inverse
        self.problem(key, f"{self.col(key)} {cell_text(value)!r} is not 是/否 (Y/N, 1/0, true/false)")
        return False, None
