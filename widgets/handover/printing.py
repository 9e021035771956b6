"""Printing the handover report and saving it as PDF (A4, with a font that has the Chinese glyphs)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QTextDocument
from PySide6.QtPrintSupport import QPrinter

from widgets import paper

PRINT_POINT_SIZE = 10
MARGIN_MM = 15.0


def document(html: str) -> QTextDocument:
    """The report laid out for paper: the CJK font at a print size."""
    doc = paper.document(PRINT_POINT_SIZE)
    doc.setHtml(html)
    return doc


def save_pdf(html: str, path: str | Path, title: str = "") -> Path:
    """Write the report to ``path`` as an A4 PDF; returns the path. Raises OSError when the
    file cannot be written."""
    return paper.write_pdf(document(html), path, title, MARGIN_MM)


def print_report(html: str, printer: QPrinter) -> None:
    """Print on the printer the operator chose (its own page size unless none is set)."""
    document(html).print_(printer)
