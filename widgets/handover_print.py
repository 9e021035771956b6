"""Printing the handover report and saving it as PDF (A4, with a font that has the Chinese glyphs)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import (
    QFont,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPdfWriter,
    QTextDocument,
)
from PySide6.QtPrintSupport import QPrinter

from widgets import fonts

PRINT_POINT_SIZE = 10
MARGIN_MM = 15.0
PDF_DPI = 300


def document(html: str) -> QTextDocument:
    """The report laid out for paper: the CJK font at a print size."""
    doc = QTextDocument()
    font = QFont()
    family = fonts.cjk_family()
    if family:
        font.setFamilies([family])
    font.setPointSize(PRINT_POINT_SIZE)
    doc.setDefaultFont(font)
    doc.setHtml(html)
    return doc


def _a4(device: QPagedPaintDevice) -> None:
    device.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM), QPageLayout.Unit.Millimeter))


def save_pdf(html: str, path: str | Path, title: str = "") -> Path:
    """Write the report to ``path`` as an A4 PDF; returns the path. Raises OSError when the
    file cannot be written."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb"):  # a folder or file that cannot be written fails here, with the reason
        pass
    writer = QPdfWriter(str(path))
    writer.setResolution(PDF_DPI)
    writer.setCreator("Duty Console")
    if title:
        writer.setTitle(title)
    _a4(writer)
    document(html).print_(writer)
    del writer  # the file is complete once the writer is gone
    if not path.exists() or path.stat().st_size == 0:
        raise OSError(f"the PDF could not be written: {path}")
    return path


def print_report(html: str, printer: QPrinter) -> None:
    """Print on the printer the operator chose (its own page size unless none is set)."""
    document(html).print_(printer)
