"""Reports on paper: a text document in the Chinese font at a print size, written as an A4 PDF.

Shared by the handover report (widgets/handover/printing.py) and the managers' reports
(widgets/review/pdf.py).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QFont, QPagedPaintDevice, QPageLayout, QPageSize, QPdfWriter, QTextDocument

from widgets import fonts

PDF_DPI = 300


def document(point_size: int) -> QTextDocument:
    """An empty document whose default font has the Chinese glyphs, at ``point_size``."""
    doc = QTextDocument()
    font = QFont()
    family = fonts.cjk_family()
    if family:
        font.setFamilies([family])
    font.setPointSize(point_size)
    doc.setDefaultFont(font)
    return doc


def set_a4(device: QPagedPaintDevice, margin_mm: float,
           orientation: QPageLayout.Orientation = QPageLayout.Orientation.Portrait) -> None:
    device.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), orientation,
                                     QMarginsF(margin_mm, margin_mm, margin_mm, margin_mm), QPageLayout.Unit.Millimeter))


def write_pdf(doc: QTextDocument, path: str | Path, title: str, margin_mm: float,
              orientation: QPageLayout.Orientation = QPageLayout.Orientation.Portrait) -> Path:
    """``doc`` as an A4 PDF at ``path``; returns the path. OSError (with the reason) when the
    file cannot be written."""
    path = Path(path)
    if path.is_dir():
        raise OSError(f"{path} is a folder, not a file")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb"):  # a folder or file that cannot be written fails here, with the reason
        pass
    writer = QPdfWriter(str(path))
    writer.setResolution(PDF_DPI)
    writer.setCreator("Duty Console")
    if title:
        writer.setTitle(title)
    set_a4(writer, margin_mm, orientation)
    doc.print_(writer)
    del writer  # the file is complete once the writer is gone
    if not path.exists() or path.stat().st_size == 0:
        raise OSError(f"the PDF could not be written: {path}")
    return path
