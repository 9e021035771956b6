"""Text cells of the CSV files the product writes: never a formula when a spreadsheet opens them.

A cell whose text begins with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return, which
some spreadsheets skip before looking) is taken for a formula by Excel and LibreOffice: a point
name ``=HYPERLINK("http://…","点击")`` from a points sheet would become a live link, and worse.
Such text is written with a leading apostrophe, which keeps it text. Numbers are not text cells
and are written as numbers (a negative reading stays a number).

The XLSX files (console/services/review/xlsx.py) hold text as inline strings, which are never
formulas; they need no such mark.
"""

from __future__ import annotations

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


def csv_text(text: str) -> str:
    """``text`` as a CSV text cell that no spreadsheet takes for a formula."""
    return "'" + text if text[:1] in FORMULA_LEADS else text
