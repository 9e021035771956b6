"""A small streaming XLSX writer: sheets of rows written straight into the zip, so that 100,000
alarms export in seconds (openpyxl's write-only mode takes about ten times as long here).

Each sheet has a bold, frozen header row and set column widths; times are real Excel date-times
in local time (their column headers name the zone); strings are inline. Read back with openpyxl.
"""

from __future__ import annotations

import re
import time
import zipfile
from pathlib import Path
from typing import Any, Sequence
from xml.sax.saxutils import escape

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
EXCEL_EPOCH_DAYS = 25569.0  # 1970-01-01 as an Excel serial day
MAX_ROWS = 1_048_576
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' \
     'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
# Column kinds: "s" text, "n" number, "d" number with one decimal, "t" time (epoch seconds)
STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm:ss"/><numFmt numFmtId="165" formatCode="0.0"/></numFmts>
<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>
<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>
<fill><patternFill patternType="solid"><fgColor rgb="FFE0E0E0"/><bgColor indexed="64"/></patternFill></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/>
<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""


def _text(value: str) -> str:
    value = _ILLEGAL.sub("", value)
    space = ' xml:space="preserve"' if value[:1].isspace() or value[-1:].isspace() else ""
    return f'<c t="inlineStr"><is><t{space}>{escape(value)}</t></is></c>'


def _serial(seconds: float) -> float:
    """Epoch seconds as an Excel serial date-time in local time."""
    return EXCEL_EPOCH_DAYS + (seconds + time.localtime(seconds).tm_gmtoff) / 86400.0


class Sheet:
    def __init__(self, book: "Workbook", name: str, headers: Sequence[str], kinds: str, widths: Sequence[float]) -> None:
        if len(kinds) != len(headers):
            raise ValueError("one kind per column")
        self.name = name[:31]
        self._kinds = kinds
        self._rows = 1
        self._file = book._zip.open(f"xl/worksheets/sheet{len(book._sheets) + 1}.xml", "w", force_zip64=True)
        cols = "".join(f'<col min="{i}" max="{i}" width="{w:.1f}" customWidth="1"/>' for i, w in enumerate(widths, 1))
        head = "".join(f'<c t="inlineStr" s="2"><is><t>{escape(h)}</t></is></c>' for h in headers)
        self._file.write((
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet {NS}>'
            '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
            '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
            f'<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols><sheetData><row r="1">{head}</row>'
        ).encode("utf-8"))
        self._buffer: list[str] = []

    @property
    def rows(self) -> int:
        """Data rows written (the header not counted)."""
        return self._rows - 1

    def full(self) -> bool:
        return self._rows >= MAX_ROWS

    def append(self, values: Sequence[Any]) -> None:
        if self._rows >= MAX_ROWS:
            raise ValueError("an XLSX sheet holds at most 1,048,576 rows")
        self._rows += 1
        cells = []
        for kind, value in zip(self._kinds, values, strict=True):
            if value is None or value == "":
                cells.append("<c/>")
            elif kind == "s":
                cells.append(_text(str(value)))
            elif kind == "t":
                cells.append(f'<c s="1"><v>{_serial(value)!r}</v></c>')
            elif kind == "d":
                cells.append(f'<c s="3"><v>{float(value)!r}</v></c>')
            else:
                cells.append(f"<c><v>{value!r}</v></c>")
        self._buffer.append(f'<row r="{self._rows}">{"".join(cells)}</row>')
        if len(self._buffer) >= 2000:
            self._flush()

    def _flush(self) -> None:
        self._file.write("".join(self._buffer).encode("utf-8"))
        self._buffer = []

    def close(self) -> None:
        self._flush()
        self._file.write(b"</sheetData></worksheet>")
        self._file.close()


class Workbook:
    """``with Workbook(path) as book: sheet = book.add_sheet(...); sheet.append(...)`` — one
    sheet at a time; a sheet is finished when the next is added or the book is closed."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._zip = zipfile.ZipFile(self.path, "w", zipfile.ZIP_DEFLATED, compresslevel=1)
        self._sheets: list[Sheet] = []

    def add_sheet(self, name: str, headers: Sequence[str], kinds: str, widths: Sequence[float]) -> Sheet:
        if self._sheets:
            self._sheets[-1].close()
        sheet = Sheet(self, name, headers, kinds, widths)
        self._sheets.append(sheet)
        return sheet

    def close(self) -> None:
        if not self._sheets:
            self.add_sheet("Sheet1", [""], "s", [10])
        self._sheets[-1].close()
        names = [s.name for s in self._sheets]
        z = self._zip
        z.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            + "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
                      'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                      for i in range(1, len(names) + 1))
            + "</Types>"))
        z.writestr("_rels/.rels", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'))
        z.writestr("xl/workbook.xml", (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook {NS}><sheets>'
            + "".join(f'<sheet name="{escape(n)}" sheetId="{i}" r:id="rId{i}"/>' for i, n in enumerate(names, 1))
            + "</sheets></workbook>"))
        z.writestr("xl/_rels/workbook.xml.rels", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
                      f'Target="worksheets/sheet{i}.xml"/>' for i in range(1, len(names) + 1))
            + f'<Relationship Id="rId{len(names) + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
            'Target="styles.xml"/></Relationships>'))
        z.writestr("xl/styles.xml", STYLES)
        z.close()

    def abort(self) -> None:
        """Stop writing and remove the partial file (a cancelled export)."""
        try:
            if self._sheets:
                self._sheets[-1]._file.close()
            self._zip.close()
        except (OSError, ValueError):
            pass
        self.path.unlink(missing_ok=True)

    def __enter__(self) -> "Workbook":
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *_rest: object) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()
