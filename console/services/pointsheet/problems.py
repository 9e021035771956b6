"""The problems (and warnings) found in a sheet, located as the user sees them in Excel."""

from __future__ import annotations

from typing import NamedTuple, Sequence


class SheetProblem(NamedTuple):
    """One problem (or warning) found in a sheet.

    ``row`` is the row number shown by Excel (the header is normally row 1; 0: the whole file),
    ``column`` the header text as written in the file ('' when not about one column), ``sheet``
    the worksheet or file the problem is in when it is not the points sheet.
    """

    row: int
    column: str
    message: str
    sheet: str = ""

    def __str__(self) -> str:
        where = [f"sheet {self.sheet}"] if self.sheet else []
        if self.row:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class SheetError(ValueError):
    """The sheet cannot be imported; ``problems`` lists every problem found."""

    def __init__(self, problems: Sequence[SheetProblem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def in_sheet_order(problems: Sequence[SheetProblem]) -> list[SheetProblem]:
    """The points sheet's first, then by sheet and row (stable: column order kept)."""
    return sorted(problems, key=lambda pr: (pr.sheet != "", pr.sheet, pr.row))
