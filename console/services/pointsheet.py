"""Import of the sensor data sheets enterprises fill in (传感数据填报), XLSX or CSV.

A sheet lists an enterprise's sensor points, one a row: code (位号), name, kind, unit, instrument
range, the four thresholds and, optionally, cameras, nuisance controls and the alarm response
card. Headers may be Chinese, English or the Jiangsu platform's field names. ``import_points``
merges a sheet into a plant registry, all or nothing: any problem raises ``SheetError`` with every
problem found, located by row and column as the user sees them in Excel. The format and the
rules are described in docs/points-sheet.md.

Plain Python (openpyxl and csv); no Qt.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import os
import re
import sys
import tempfile
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, Iterable, Mapping, NamedTuple, Sequence

from console.domain.plant import Camera, Enterprise, PlantError, PlantRegistry, Point
from console.domain.redact import redact_url
from console.domain.credit_code import ALPHABET as CREDIT_ALPHABET, check_char as credit_check_char

CODE_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
NUMBER_RE = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
CAMERA_SPLIT_RE = re.compile(r"[,，;；、\s]+")
POINTS_SHEET = "测点"
CAMERAS_SHEET = "摄像头"
HELP_SHEET = "说明"
TEMPLATE = ("templates", "points-template.xlsx")  # under resources/ (console.infrastructure.resource_files)
HEADER_SEARCH_ROWS = 10  # the header is the row among the first ten naming most known columns


# -- problems ---------------------------------------------------------------------
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


# -- columns ------------------------------------------------------------------------
@dataclass(frozen=True)
class Column:
    key: str
    zh: str  # the header in the template
    en: str  # the English header
    jiangsu: str  # the Jiangsu platform's field name ('' if none)
    required: bool
    aliases: tuple[str, ...] = ()  # further accepted headers
    fallback: tuple[str, ...] = ()  # accepted, but only used when no header above is present
    help: str = ""  # Chinese description, for the template's 说明 sheet

    def names(self) -> tuple[str, ...]:
        return tuple(n for n in (self.zh, self.en, self.jiangsu, *self.aliases) if n)


ENTERPRISE = Column(
    "enterprise", "企业编码", "enterprise_code", "", True,
    ("统一社会信用代码", "社会信用代码", "信用代码", "企业代码", "enterprise", "credit_code"),
    help="统一社会信用代码（与报警报文中的企业编码一致）",
)
POINT_COLUMNS: tuple[Column, ...] = (
    ENTERPRISE,
    Column("enterprise_name", "企业名称", "enterprise_name", "", False, ("企业", "单位名称", "company_name"),
           help="新企业必填；已有企业填写则更新名称"),
    Column("area", "区域", "area", "", False, ("装置", "危险源", "所属区域", "装置名称", "危险源名称", "所属装置", "所属危险源", "安装位置"),
           help="区域、装置或危险源名称"),
    Column("code", "位号", "point_code", "BIT_NO", True, ("测点位号", "tag", "code"), ("TARGET_CODE", "测点编码", "指标编码"),
           help="字母或数字开头，仅含字母、数字、_ . -，最长64位；同一企业内不重复"),
    Column("name", "指标名称", "name", "TARGET_NAME", True, ("测点名称", "名称", "点位名称", "传感器名称", "point_name"),
           help="测点的名称，报警时显示"),
    Column("kind", "类型", "kind", "", True, ("监测类型", "测点类型", "指标类型", "传感器类型", "type"),
           help="可燃气体、有毒气体、温度、压力、液位、流量"),
    Column("unit", "单位", "unit", "UNIT", True, ("计量单位", "测量单位"), help="如 %LEL、ppm、°C、MPa、m、m³/h；可留空"),
    Column("ll", "低低报", "ll", "LOW_VALUE_02", False, ("低低报警值", "低低报警", "低低限", "lolo", "low_low"),
           help="低低报警值；不用则留空"),
    Column("l", "低报", "l", "LOW_VALUE_01", False, ("低报警值", "低报警", "低限", "lo", "low"), help="低报警值；不用则留空"),
    Column("h", "高报", "h", "TOP_VALUE_01", False, ("高报警值", "高报警", "高限", "一级报警", "一级报警值", "hi", "high"),
           help="高报警值（气体：一级报警）；不用则留空"),
    Column("hh", "高高报", "hh", "TOP_VALUE_02", False, ("高高报警值", "高高报警", "高高限", "二级报警", "二级报警值", "hihi", "high_high"),
           help="高高报警值（气体：二级报警）；不用则留空"),
    Column("range_low", "量程下限", "range_low", "LOW_VALUE", True, ("测量下限", "量程低限", "量程最小值"), help="仪表量程下限"),
    Column("range_high", "量程上限", "range_high", "TOP_VALUE", True, ("测量上限", "量程高限", "量程最大值"), help="仪表量程上限，须大于下限"),
    Column("stopped", "是否停用", "stopped", "", False, ("停用", "out_of_service"), help="是/否；留空为在用"),
    Column("in_use", "是否启用", "in_use", "IS_USE", False, ("是否在用", "启用", "enabled"),
           help="1/0（是/否）；与“是否停用”二选一"),
    Column("cameras", "关联摄像头", "cameras", "", False, ("摄像头", "关联视频", "关联摄像机", "camera", "camera_codes"),
           help="摄像头编码，多个用逗号、分号或顿号分隔；须在“摄像头”表或现有台账中"),
    Column("deadband", "死区", "deadband", "", False, ("回差", "报警死区"), help="报警死区（工程单位）；留空用默认值"),
    Column("on_delay_s", "报警延时(秒)", "on_delay_s", "", False, ("报警延时", "延时", "延时(秒)", "报警延迟", "on_delay", "alarm_delay"),
           help="超限持续多少秒才报警；留空用默认值"),
    Column("off_delay_s", "恢复延时(秒)", "off_delay_s", "", False, ("恢复延时", "消警延时", "恢复延迟", "off_delay", "return_delay"),
           help="恢复正常持续多少秒才消警；留空用默认值"),
    Column("cause", "报警原因", "cause", "", False, ("原因", "可能原因"), help="处置卡：可能的报警原因"),
    Column("consequence", "可能后果", "consequence", "", False, ("后果",), help="处置卡：不处置的后果"),
    Column("action", "处置措施", "action", "", False, ("处置方法", "应急处置措施", "措施", "corrective_action"), help="处置卡：处置措施"),
)
CAMERA_COLUMNS: tuple[Column, ...] = (
    ENTERPRISE,
    Column("code", "摄像头编码", "camera_code", "", True, ("摄像头编号", "摄像机编码", "摄像机编号", "视频编码", "通道编码", "camera", "code"),
           help="同一企业内不重复；测点表“关联摄像头”引用此编码"),
    Column("name", "摄像头名称", "camera_name", "", False, ("摄像机名称", "名称", "安装位置", "name"), help="留空则用编码"),
    Column("url", "视频地址", "url", "", False, ("RTSP", "RTSP地址", "视频流地址", "取流地址", "stream_url", "video_url"),
           help="如 rtsp://192.0.2.10:554/stream1；可留空"),
)
THRESHOLDS = ("ll", "l", "h", "hh")
# Columns kept from the existing point when the sheet has no such column at all.
KEPT_WHEN_ABSENT = ("area", "in_use", "cameras", "deadband", "on_delay_s", "off_delay_s", "cause", "consequence", "action")

KIND_NAMES = {"gas_combustible": "可燃气体", "gas_toxic": "有毒气体", "temperature": "温度", "pressure": "压力", "level": "液位", "flow": "流量"}
_KIND_ALIASES = {
    "gas_combustible": ("可燃气体", "可燃气", "可燃气体浓度", "combustible_gas", "combustible"),
    "gas_toxic": ("有毒气体", "有毒气", "有毒有害气体", "有毒气体浓度", "toxic_gas", "toxic"),
    "temperature": ("温度", "temp"),
    "pressure": ("压力", "press"),
    "level": ("液位", "物位"),
    "flow": ("流量",),
}
_YES = frozenset(("是", "y", "yes", "true", "t", "1", "√"))
_NO = frozenset(("否", "n", "no", "false", "f", "0", "×"))
_STOPPED_WORDS = ("停用",)
_IN_USE_WORDS = ("启用", "在用", "投用", "正常")
COMBUSTIBLE_LIMITS = {"h": 25.0, "hh": 50.0}  # GB/T 50493-2019 §5.5, %LEL


def _norm(text: str) -> str:
    """Header/keyword form: NFKC (full-width → half-width), case-folded, without spaces, _ and -."""
    return re.sub(r"[\s_\-]+", "", unicodedata.normalize("NFKC", text).casefold()).strip("*:：")


_BRACKET_TAIL_RE = re.compile(r"[(\[【][^()\[\]【】]*[)\]】]$")


def _build_lookup(columns: Sequence[Column]) -> dict[str, tuple[str, int]]:
    lookup: dict[str, tuple[str, int]] = {}
    for col in columns:
        for rank, names in ((0, col.names()), (1, col.fallback)):
            for name in names:
                key = _norm(name)
                if key in lookup and lookup[key][0] != col.key:
                    raise AssertionError(f"header alias {name!r} is ambiguous")
                lookup[key] = (col.key, rank)
    return lookup


_POINT_LOOKUP = _build_lookup(POINT_COLUMNS)
_CAMERA_LOOKUP = _build_lookup(CAMERA_COLUMNS)
_KINDS = {_norm(alias): kind for kind, aliases in _KIND_ALIASES.items() for alias in (kind, *aliases)}
_POINTS_SHEET_NAMES = {_norm(n) for n in (POINTS_SHEET, "points", "传感数据", "传感器", "测点信息")}
_CAMERAS_SHEET_NAMES = {_norm(n) for n in (CAMERAS_SHEET, "cameras", "摄像机", "视频")}
_NOT_POINTS = _CAMERAS_SHEET_NAMES | {_norm(n) for n in (HELP_SHEET, "填写说明", "help")}


def _match_header(text: str, lookup: Mapping[str, tuple[str, int]]) -> tuple[str, int] | None:
    """The column a header names: exactly, or after dropping a trailing bracket such as (%LEL)."""
    key = _norm(text)
    if key in lookup:
        return lookup[key]
    stripped = _BRACKET_TAIL_RE.sub("", unicodedata.normalize("NFKC", text).strip())
    return lookup.get(_norm(stripped)) if stripped else None


# -- reading ------------------------------------------------------------------------
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
    if _is_xlsx(path):
        grids = _read_workbook(path)
        if sheet is None:
            rows = _pick(grids, _POINTS_SHEET_NAMES, exclude=_NOT_POINTS)
            return rows if rows is not None else SheetRows(sheet=path.name)
        for name, grid in grids.items():
            if name == sheet or _norm(name) == _norm(sheet):
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
    chosen = next((n for n in grids if _norm(n) in names), None)
    if chosen is None and exclude is not None:
        chosen = next((n for n in grids if _norm(n) not in exclude), None)
    return None if chosen is None else _rows_from_grid(grids[chosen], chosen)


def _read_workbook(path: Path) -> dict[str, list[list[Any]]]:
    """The cell values of every worksheet of an XLSX file, by title (formulas give their cached
    values; a merged cell's value fills every cell it spans)."""
    try:
        import openpyxl
        from openpyxl.utils.exceptions import InvalidFileException
    except ImportError as exc:  # pragma: no cover - openpyxl is a dependency
        raise SheetError([SheetProblem(0, "", f"reading {path.name} needs openpyxl: {exc}")]) from exc
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
            grid = [list(r) for r in ws.iter_rows(values_only=True)]
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


def _read_csv(path: Path) -> SheetRows:
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
        grid = [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as exc:
        raise SheetError([SheetProblem(0, "", f"{path.name} is not a valid CSV file: {exc}")]) from exc
    return _rows_from_grid(grid, path.name)


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _header_text(value: Any) -> str:
    return re.sub(r"\s+", " ", _cell_text(value))


def _rows_from_grid(grid: list[list[Any]], sheet: str) -> SheetRows:
    """Find the header row (the one of the first rows naming most known columns) and build rows."""
    lookup = {**_CAMERA_LOOKUP, **_POINT_LOOKUP}
    best, best_known = None, 0
    for index, line in enumerate(grid[:HEADER_SEARCH_ROWS]):
        if all(_is_blank(v) for v in line):
            continue
        if best is None:
            best = index  # the first non-blank row, unless another names more columns
        known = len({m[0] for v in line if not _is_blank(v) and (m := _match_header(_header_text(v), lookup))})
        if known > best_known:
            best, best_known = index, known
    if best is None:
        return SheetRows(sheet=sheet)
    headers: list[tuple[int, str]] = []
    seen: dict[str, int] = {}
    problems = []
    for c, v in enumerate(grid[best]):
        text = _header_text(v)
        if not text:
            continue
        if text in seen:
            if _match_header(text, lookup):
                problems.append(SheetProblem(best + 1, text, f"the column {text} appears twice", sheet))
            continue  # an unknown column written twice: the first one stands (it is ignored anyway)
        seen[text] = c
        headers.append((c, text))
    if problems:
        raise SheetError(problems)
    rows = SheetRows(headers=[h for _, h in headers], header_row=best + 1, sheet=sheet)
    for index in range(best + 1, len(grid)):
        line = grid[index]
        values = {h: (line[c] if c < len(line) else None) for c, h in headers}
        if all(_is_blank(v) for v in values.values()):
            continue
        rows.append(SheetRow(values, index + 1))
    return rows


# -- cell values ----------------------------------------------------------------------
def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    return str(value).strip()


def _fmt(x: float) -> str:
    return str(int(x)) if x.is_integer() and abs(x) < 1e15 else repr(x)


def _parse_number(value: Any) -> float | None:
    """The number in a cell; None when it is not a finite number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        x = float(value)
    else:
        text = unicodedata.normalize("NFKC", str(value)).strip().replace("\u2212", "-")
        if not NUMBER_RE.fullmatch(text):
            return None
        x = float(text)
    return x if math.isfinite(x) else None


class _Reader:
    """Reads the cells of one sheet's rows by column key, collecting problems."""

    def __init__(self, rows: SheetRows | Sequence[Mapping[str, Any]], columns: Sequence[Column], sheet: str,
                 problems: list[SheetProblem], notes: list[SheetProblem]) -> None:
        self.columns = {c.key: c for c in columns}
        self.sheet = sheet
        self.problems = problems
        self.header_row = getattr(rows, "header_row", 1)
        headers = list(dict.fromkeys([*getattr(rows, "headers", []), *(h for r in rows for h in r)]))  # plain dicts: all keys
        lookup = _POINT_LOOKUP if columns is POINT_COLUMNS else _CAMERA_LOOKUP
        found: dict[str, list[tuple[int, str]]] = {}
        for h in headers:
            match = _match_header(str(h), lookup)
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
        return _is_blank(self.raw(key))

    def problem(self, key: str, message: str) -> None:
        self.problems.append(SheetProblem(self.number, self.col(key), message, self.sheet))

    def text(self, key: str) -> str:
        return _cell_text(self.raw(key))

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
        if _is_blank(value):
            if required:
                self.problem(key, f"{self.col(key)} is empty")
                return False, None
            return True, None
        x = _parse_number(value)
        if x is None:
            self.problem(key, f"{self.col(key)} {_cell_text(value)!r} is not a number")
            return False, None
        if non_negative and x < 0:
            self.problem(key, f"{self.col(key)} ({_fmt(x)}) must not be negative")
            return False, None
        return True, x

    def flag(self, key: str) -> tuple[bool, bool | None]:
        """(ok, yes/no); None for a blank cell. Returns the in-use state for the words 停用/启用."""
        value = self.raw(key)
        if _is_blank(value):
            return True, None
        word = _norm(_cell_text(value))
        if word in _YES:
            return True, True
        if word in _NO:
            return True, False
        inverse = key == "stopped"
        if word in _STOPPED_WORDS:
            return True, inverse
        if word in _IN_USE_WORDS:
            return True, not inverse
        self.problem(key, f"{self.col(key)} {_cell_text(value)!r} is not 是/否 (Y/N, 1/0, true/false)")
        return False, None


# -- import ---------------------------------------------------------------------------
@dataclass
class Tally:
    added: int = 0
    changed: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"{self.added} added, {self.changed} changed, {self.unchanged} unchanged"

    def count(self, previous: object | None, new: object) -> None:
        """Count one item of the import against what the plant had before."""
        if previous is None:
            self.added += 1
        elif previous != new:
            self.changed += 1
        else:
            self.unchanged += 1


@dataclass
class ImportResult:
    registry: PlantRegistry  # the new registry (the base is left as it was)
    warnings: list[SheetProblem] = field(default_factory=list)
    enterprises: Tally = field(default_factory=Tally)
    points: Tally = field(default_factory=Tally)
    cameras: Tally = field(default_factory=Tally)

    def summary(self) -> str:
        e, p, c = self.registry.counts()
        return (
            f"enterprises: {self.enterprises} ({e} in the plant)\n"
            f"points: {self.points} ({p} in the plant)\n"
            f"cameras: {self.cameras} ({c} in the plant)"
        )


@dataclass
class _PointRow:
    row: int
    enterprise: str
    values: dict[str, Any]  # Point fields read from the sheet (absent columns left out)
    camera_col: str = ""


Rows = SheetRows | Sequence[Mapping[str, Any]]


def import_points(rows_or_path: str | Path | Rows, base: PlantRegistry | None = None, *,
                  cameras: str | Path | Rows | None = None) -> PlantRegistry:
    """A new registry: ``base`` merged with the sheet. Raises SheetError (and changes nothing)
    on any problem. ``cameras``: a cameras sheet/CSV, for a CSV points file (an XLSX workbook may
    carry its own 摄像头 sheet)."""
    return import_sheet(rows_or_path, base, cameras=cameras).registry


def import_sheet(rows_or_path: str | Path | Rows, base: PlantRegistry | None = None, *,
                 cameras: str | Path | Rows | None = None) -> ImportResult:
    """As import_points, with the warnings and the counts of what was added and changed."""
    base = base or PlantRegistry()
    point_rows, camera_rows = _load(rows_or_path)
    if cameras is not None:
        if camera_rows is not None:
            raise SheetError([SheetProblem(0, "", f"cameras are given twice: in the sheet {camera_rows.sheet} and separately")])
        camera_rows = _load_cameras(cameras)

    problems: list[SheetProblem] = []
    notes: list[SheetProblem] = []
    read = _read_cameras(camera_rows, problems, notes) if camera_rows is not None else {}
    sheet_cameras = read or {}
    names, parsed = _read_points(point_rows, base, problems, notes)
    if not parsed and not sheet_cameras and not problems:
        problems.append(SheetProblem(getattr(point_rows, "header_row", 1), "", "the sheet has no data rows"))

    # Cameras: their enterprise must be known; points may only name cameras of their enterprise.
    for ent_code, (_cams, where) in sheet_cameras.items():
        if base.enterprise(ent_code) is None and ent_code not in names:
            problems.append(where._replace(message=f"unknown enterprise {ent_code} (neither in the plant nor in the points sheet)"))
    for p in parsed if read is not None else ():  # unreadable cameras sheet: its problems say enough
        old = base.enterprise(p.enterprise)
        known = set(old.cameras if old else ()) | set(sheet_cameras.get(p.enterprise, ({}, None))[0])
        for cam in p.values.get("cameras", ()):
            if cam not in known:
                problems.append(SheetProblem(p.row, p.camera_col, f"unknown camera {cam} of enterprise {p.enterprise}"))

    if problems:
        problems.sort(key=lambda pr: (pr.sheet != "", pr.sheet, pr.row))  # stable: column order kept
        raise SheetError(problems)
    result = _merge(base, names, parsed, {e: cams for e, (cams, _) in sheet_cameras.items()})
    result.warnings[:0] = sorted(notes, key=lambda pr: (pr.sheet != "", pr.sheet, pr.row))
    return result


def _load(source: str | Path | Rows) -> tuple[Rows, SheetRows | None]:
    if isinstance(source, (str, Path)):
        path = Path(source)
        if not path.is_file():
            raise SheetError([SheetProblem(0, "", f"{path}: no such file")])
        if _is_xlsx(path):
            grids = _read_workbook(path)
            points = _pick(grids, _POINTS_SHEET_NAMES, exclude=_NOT_POINTS)
            return (points if points is not None else SheetRows(sheet=path.name)), _pick(grids, _CAMERAS_SHEET_NAMES)
        return _read_csv(path), None
    return source, None


def _load_cameras(source: str | Path | Rows) -> SheetRows:
    if isinstance(source, (str, Path)):
        path = Path(source)
        if not path.is_file():
            raise SheetError([SheetProblem(0, "", f"{path}: no such file")])
        if _is_xlsx(path):
            grids = _read_workbook(path)
            rows = _pick(grids, _CAMERAS_SHEET_NAMES, exclude=_NOT_POINTS - _CAMERAS_SHEET_NAMES)
            return rows if rows is not None else SheetRows(sheet=path.name)
        return _read_csv(path)
    if isinstance(source, SheetRows):
        return source
    return SheetRows(source, sheet="cameras")


def _row_number(row: Mapping[str, Any], index: int) -> int:
    return getattr(row, "row", index + 2)


def _read_cameras(rows: SheetRows, problems: list[SheetProblem],
                  notes: list[SheetProblem]) -> dict[str, tuple[dict[str, Camera], SheetProblem]] | None:
    """Cameras by enterprise, each enterprise with the place it is first named (for messages);
    None when the sheet's columns are wrong."""
    sheet = rows.sheet or "cameras"
    start = len(problems)
    rd = _Reader(rows, CAMERA_COLUMNS, sheet, problems, notes)
    if len(problems) > start:
        return None
    out: dict[str, tuple[dict[str, Camera], SheetProblem]] = {}
    first_row: dict[tuple[str, str], int] = {}
    for index, row in enumerate(rows):
        rd.at(row, _row_number(row, index))
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


def _read_points(rows: Rows, base: PlantRegistry, problems: list[SheetProblem], notes: list[SheetProblem]) -> tuple[dict[str, str], list[_PointRow]]:
    """(names of the enterprises in the sheet, the parsed points)."""
    start = len(problems)
    rd = _Reader(rows, POINT_COLUMNS, "", problems, notes)
    if rd.has("stopped") and rd.has("in_use"):
        problems.append(SheetProblem(rd.header_row, rd.col("in_use"), f"give either {rd.col('stopped')} or {rd.col('in_use')}, not both"))
    if not any(rd.has(k) for k in THRESHOLDS) and len(problems) == start:
        notes.append(SheetProblem(rd.header_row, "", "the sheet has no threshold columns (低低报, 低报, 高报, 高高报): its points raise no alarms"))
    if len(problems) > start:
        return {}, []  # the columns are wrong: row-by-row messages would only repeat it

    names: dict[str, tuple[str, int]] = {}  # enterprise → (name, row it was given on)
    first_row: dict[str, int] = {}  # enterprise → first row
    seen: dict[tuple[str, str], int] = {}
    credit_checked: set[str] = set()
    parsed: list[_PointRow] = []
    for index, row in enumerate(rows):
        rd.at(row, _row_number(row, index))
        if all(rd.blank(c.key) for c in POINT_COLUMNS):
            continue
        before = len(problems)
        ent = rd.code("enterprise")
        if ent is not None:
            first_row.setdefault(ent, rd.number)
            if ent not in credit_checked:
                credit_checked.add(ent)
                if (why := _credit_code_problem(ent)) is not None:
                    notes.append(SheetProblem(rd.number, rd.col("enterprise"), f"{ent} {why}"))
            ent_name = rd.text("enterprise_name") if rd.has("enterprise_name") else ""
            if ent_name:
                if ent not in names:
                    names[ent] = (ent_name, rd.number)
                elif names[ent][0] != ent_name:
                    rd.problem("enterprise_name", f"{rd.col('enterprise_name')} {ent_name!r} differs from {names[ent][0]!r} "
                                                  f"(row {names[ent][1]}) for enterprise {ent}")
        code = rd.code("code")
        if ent is not None and code is not None:
            if (ent, code) in seen:
                rd.problem("code", f"duplicate {rd.col('code')} {code} of enterprise {ent} (rows {seen[ent, code]} and {rd.number})")
            else:
                seen[ent, code] = rd.number
        values: dict[str, Any] = {"name": rd.required_text("name")}
        kind_text = rd.required_text("kind")
        if kind_text is not None:
            kind = _KINDS.get(_norm(kind_text))
            if kind is None:
                rd.problem("kind", f"unknown {rd.col('kind')} {kind_text!r} (use {', '.join(KIND_NAMES.values())} "
                                   f"or {', '.join(KIND_NAMES)})")
            values["kind"] = kind
        values["unit"] = rd.text("unit")
        if rd.has("area"):
            values["area"] = rd.text("area")

        ok_lo, lo = rd.num("range_low", required=True)
        ok_hi, hi = rd.num("range_high", required=True)
        values["range_low"], values["range_high"] = lo, hi
        bounds = (lo, hi) if ok_lo and ok_hi and lo is not None and hi is not None else None
        if bounds is not None and bounds[0] >= bounds[1]:
            rd.problem("range_high", f"{rd.col('range_high')} ({_fmt(bounds[1])}) must be above {rd.col('range_low')} ({_fmt(bounds[0])})")
            bounds = None
        present: list[tuple[str, float]] = []
        for key in THRESHOLDS:
            ok, x = rd.num(key)
            values[key] = x
            if ok and x is not None:
                present.append((key, x))
                if bounds is not None and not bounds[0] <= x <= bounds[1]:
                    rd.problem(key, f"{rd.col(key)} ({_fmt(x)}) is outside the range {_fmt(bounds[0])} to {_fmt(bounds[1])}")
        for (ka, a), (kb, b) in zip(present, present[1:], strict=False):
            if a > b:
                rd.problem(ka, f"{rd.col(ka)} ({_fmt(a)}) is above {rd.col(kb)} ({_fmt(b)})")

        for key in ("stopped", "in_use"):
            if rd.has(key):
                ok, yes = rd.flag(key)
                values["in_use"] = True if yes is None else (not yes if key == "stopped" else yes)
        if rd.has("cameras"):
            cams: list[str] = []
            for part in CAMERA_SPLIT_RE.split(rd.text("cameras")):
                cam = unicodedata.normalize("NFKC", part)
                if not cam:
                    continue
                if not CODE_RE.fullmatch(cam):
                    rd.problem("cameras", f"{rd.col('cameras')}: {part!r} is not a valid camera code")
                elif cam not in cams:
                    cams.append(cam)
            values["cameras"] = tuple(cams)
        for key in ("deadband", "on_delay_s", "off_delay_s"):
            if rd.has(key):
                values[key] = rd.num(key, non_negative=True)[1]
        for key in ("cause", "consequence", "action"):
            if rd.has(key):
                values[key] = rd.text(key)

        if len(problems) > before or ent is None or code is None:
            continue
        if values.get("kind") == "gas_combustible" and _norm(values["unit"]) in ("%lel", "lel"):
            for key, limit in COMBUSTIBLE_LIMITS.items():
                if values[key] is not None and values[key] > limit:
                    notes.append(SheetProblem(rd.number, rd.col(key), f"{rd.col(key)} ({_fmt(values[key])} %LEL) is above the "
                                                                      f"GB/T 50493 setting of {_fmt(limit)} %LEL"))
        values["code"] = code
        parsed.append(_PointRow(rd.number, ent, values, rd.col("cameras")))

    for ent, row in first_row.items():
        if base.enterprise(ent) is None and ent not in names:
            col = "enterprise_name" if rd.has("enterprise_name") else "enterprise"
            problems.append(SheetProblem(row, rd.col(col), f"new enterprise {ent} needs a {rd.col('enterprise_name')} to be created"))
    return {e: n for e, (n, _) in names.items()}, parsed


def _credit_code_problem(code: str) -> str | None:
    """Why ``code`` is not a well-formed unified social credit code (GB 32100), or None."""
    if len(code) != 18:
        return "is not an 18-character unified social credit code"
    if any(ch not in CREDIT_ALPHABET for ch in code):
        return "is not a unified social credit code (characters I, O, S, V, Z and lower case are not used)"
    expected = credit_check_char(code[:17])
    if code[17] != expected:
        return f"is not a valid unified social credit code (the check character should be {expected})"
    return None


def _merge(base: PlantRegistry, names: Mapping[str, str], parsed: Sequence[_PointRow],
           sheet_cameras: Mapping[str, Mapping[str, Camera]]) -> ImportResult:
    ents: dict[str, Enterprise] = {e.code: e for e in base.enterprises()}
    result = ImportResult(PlantRegistry())
    by_ent: dict[str, list[_PointRow]] = {}
    for p in parsed:
        by_ent.setdefault(p.enterprise, []).append(p)
    touched = list(dict.fromkeys([*by_ent, *sheet_cameras]))
    for code in touched:
        old = ents.get(code)
        name = names.get(code) or (old.name if old else code)
        points = dict(old.points) if old else {}
        cameras = dict(old.cameras) if old else {}
        for cam in sheet_cameras.get(code, {}).values():
            result.cameras.count(cameras.get(cam.code), cam)
            cameras[cam.code] = cam
        for p in by_ent.get(code, []):
            previous = points.get(p.values["code"])
            point = _point(code, p.values, previous)
            result.points.count(previous, point)
            points[point.code] = point
        new = Enterprise(code, name, points, cameras)
        result.enterprises.count(None if old is None else (old.name, old.points, old.cameras), (new.name, new.points, new.cameras))
        if old is not None and old.name != new.name:
            result.warnings.append(SheetProblem(0, "", f"enterprise {code} is renamed from {old.name!r} to {new.name!r}"))
        ents[code] = new
    result.registry = PlantRegistry(ents)
    return result


def _point(enterprise: str, values: Mapping[str, Any], previous: Point | None) -> Point:
    def kept(key: str, default: Any) -> Any:
        if key in values:
            return values[key]
        return getattr(previous, key) if previous is not None else default

    return Point(
        code=values["code"], enterprise=enterprise, name=values["name"], kind=values["kind"], unit=values["unit"],
        range_low=values["range_low"], range_high=values["range_high"],
        ll=values["ll"], l=values["l"], h=values["h"], hh=values["hh"],
        in_use=kept("in_use", True), area=kept("area", ""), cameras=kept("cameras", ()),
        deadband=kept("deadband", None), on_delay_s=kept("on_delay_s", None), off_delay_s=kept("off_delay_s", None),
        cause=kept("cause", ""), consequence=kept("consequence", ""), action=kept("action", ""),
    )


# -- template -----------------------------------------------------------------------
TEMPLATE_ENTERPRISE = ("91350205MA2Y8K3P35", "厦门示例化工有限公司")  # fictional; a well-formed credit code
TEMPLATE_POINTS: tuple[dict[str, Any], ...] = (
    {"area": "1#罐区", "code": "GT-1101", "name": "1#甲醇储罐东侧 可燃气体", "kind": "可燃气体", "unit": "%LEL",
     "h": 25, "hh": 50, "range_low": 0, "range_high": 100, "stopped": "否", "cameras": "CAM-0101",
     "cause": "储罐、法兰或阀门泄漏", "consequence": "遇点火源可能引发火灾、爆炸",
     "action": "现场确认泄漏点，关闭相关阀门，加强通风，禁止动火，必要时疏散人员"},
    {"area": "1#罐区", "code": "LT-1101", "name": "1#甲醇储罐 液位", "kind": "液位", "unit": "m",
     "ll": 0.8, "l": 1.5, "h": 8.5, "hh": 9.0, "range_low": 0, "range_high": 10, "stopped": "否",
     "cameras": "CAM-0101、CAM-0102", "deadband": 0.05, "on_delay_s": 5, "off_delay_s": 10,
     "cause": "进出料阀门误操作或液位计故障", "consequence": "高位冒罐泄漏，低位抽空损坏输送泵",
     "action": "核对液位，停止进料或出料，检查阀门与液位计"},
)
TEMPLATE_CAMERAS = (
    ("CAM-0101", "1#罐区东侧", "rtsp://192.0.2.10:554/stream1"),
    ("CAM-0102", "1#罐区西侧", "rtsp://192.0.2.11:554/stream1"),
)
TEMPLATE_POINT_KEYS = ("enterprise", "enterprise_name", "area", "code", "name", "kind", "unit", "ll", "l", "h", "hh",
                       "range_low", "range_high", "stopped", "cameras", "deadband", "on_delay_s", "off_delay_s",
                       "cause", "consequence", "action")
_WIDTHS = {"enterprise": 22, "enterprise_name": 26, "area": 14, "code": 12, "name": 28, "kind": 11, "unit": 8,
           "stopped": 10, "cameras": 22, "on_delay_s": 13, "off_delay_s": 13, "cause": 30, "consequence": 30, "action": 40}


def write_template(path: str | Path) -> None:
    """Write the blank points sheet (with two example rows) that enterprises fill in."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    bold = Font(bold=True)
    required_fill = PatternFill("solid", fgColor="FCE4D6")
    optional_fill = PatternFill("solid", fgColor="EDEDED")
    wb = Workbook()
    wb.properties.creator = "duty-console"
    wb.properties.created = wb.properties.modified = datetime(2024, 1, 1)
    by_key = {c.key: c for c in POINT_COLUMNS}

    def sheet(ws, columns: Sequence[Column], widths: Mapping[str, int], text_keys: Sequence[str]) -> None:
        for i, col in enumerate(columns, start=1):
            cell = ws.cell(row=1, column=i, value=col.zh)
            cell.font = bold
            cell.fill = required_fill if col.required else optional_fill
            cell.alignment = Alignment(horizontal="center", vertical="center")
            letter = get_column_letter(i)
            ws.column_dimensions[letter].width = widths.get(col.key, 10)
            if col.key in text_keys:  # codes stay text: 18-digit credit codes must not become numbers
                ws.column_dimensions[letter].number_format = "@"
        ws.freeze_panes = "A2"

    ws = wb.worksheets[0]  # the new workbook's only sheet
    ws.title = POINTS_SHEET
    columns = [by_key[k] for k in TEMPLATE_POINT_KEYS]
    sheet(ws, columns, _WIDTHS, ("enterprise", "code", "cameras"))
    for r, example in enumerate(TEMPLATE_POINTS, start=2):
        values = {"enterprise": TEMPLATE_ENTERPRISE[0], "enterprise_name": TEMPLATE_ENTERPRISE[1], **example}
        for i, key in enumerate(TEMPLATE_POINT_KEYS, start=1):
            cell = ws.cell(row=r, column=i, value=values.get(key))
            if key in ("enterprise", "code", "cameras"):
                cell.number_format = "@"
    last = 1000
    for key, choices in (("kind", KIND_NAMES.values()), ("stopped", ("是", "否"))):
        letter = get_column_letter(TEMPLATE_POINT_KEYS.index(key) + 1)
        dv = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True)
        dv.error, dv.errorTitle, dv.showErrorMessage = "请从列表中选择", by_key[key].zh, True
        dv.add(f"{letter}2:{letter}{last}")
        ws.add_data_validation(dv)

    cams = wb.create_sheet(CAMERAS_SHEET)
    sheet(cams, CAMERA_COLUMNS, {"enterprise": 22, "code": 14, "name": 24, "url": 36}, ("enterprise", "code"))
    for r, (code, name, url) in enumerate(TEMPLATE_CAMERAS, start=2):
        for i, value in enumerate((TEMPLATE_ENTERPRISE[0], code, name, url), start=1):
            cams.cell(row=r, column=i, value=value).number_format = "@" if i <= 2 else "General"

    info = wb.create_sheet(HELP_SHEET)
    info.append(["表", "列名", "必填", "说明", "也可写作"])
    for c in info[1]:
        c.font = bold
    for title, cols in ((POINTS_SHEET, columns), (CAMERAS_SHEET, CAMERA_COLUMNS)):
        for col in cols:
            others = [n for n in (col.en, col.jiangsu, *col.aliases, *col.fallback) if n]
            info.append([title, col.zh, "是" if col.required else "", col.help, "、".join(others)])
    info.append([])
    info.append(["", "示例行可删除或改写；表头必须保留在第1行。阈值须满足 低低报 ≤ 低报 ≤ 高报 ≤ 高高报，且在量程之内。"])
    for letter, width in zip("ABCDE", (8, 14, 6, 60, 60), strict=True):
        info.column_dimensions[letter].width = width
    info.freeze_panes = "A2"

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    wb.close()


def template_path() -> Path:
    """The template as installed with the package."""
    from console.infrastructure import resource_files

    return resource_files.path(*TEMPLATE)


# -- command ------------------------------------------------------------------------
def write_plant_atomically(registry: PlantRegistry, path: str | Path) -> None:
    """Write the plant JSON to a temporary file beside ``path``, then os.replace it over ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(registry.to_dict(), ensure_ascii=False, indent=1)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, (path.stat().st_mode & 0o7777) if path.exists() else 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def main_import(argv: Sequence[str] | None = None, *, default_plant: str | Path | None = None) -> int:
    """``duty-console import-points FILE [--plant PLANT_JSON] [--cameras FILE] [--dry-run]``.

    Without --plant: ``default_plant`` (the caller passes the setting plant.file), else the
    plant.file of the user's settings. 0: imported; 1: problems (the plant file is untouched).
    """
    p = argparse.ArgumentParser(prog="duty-console import-points",
                                description="Import a sensor data sheet (传感数据填报, XLSX or CSV) into the plant registry JSON.")
    p.add_argument("file", metavar="FILE", help="the points sheet: .xlsx (sheets 测点 and, optionally, 摄像头) or .csv")
    p.add_argument("--plant", metavar="PLANT_JSON", help="plant registry JSON to update (created if missing; default: the setting plant.file)")
    p.add_argument("--cameras", metavar="FILE", help="cameras sheet (.csv or .xlsx) to go with a CSV points file")
    p.add_argument("--dry-run", action="store_true", help="check and report, but do not write the plant file")
    args = p.parse_args(list(sys.argv[1:] if argv is None else argv))

    plant_file = args.plant or (str(default_plant) if default_plant else "")
    if not plant_file:
        from console.infrastructure.settings import Settings

        plant_file = Settings.load(None)["plant.file"]
    if not plant_file:
        print("import-points: no plant file: give --plant PLANT_JSON (or set plant.file)", file=sys.stderr)
        return 2
    plant_path = Path(plant_file)
    try:
        base = PlantRegistry.load(plant_path) if plant_path.exists() else PlantRegistry()
    except (PlantError, KeyError, TypeError, ValueError) as exc:
        print(f"import-points: {plant_path}: not a valid plant file: {exc}", file=sys.stderr)
        return 1
    try:
        result = import_sheet(args.file, base, cameras=args.cameras)
    except SheetError as exc:
        for problem in exc.problems:
            print(f"{args.file}: {problem}", file=sys.stderr)
        print(f"import-points: {len(exc.problems)} problem(s); {plant_path} not changed", file=sys.stderr)
        return 1
    for warning in result.warnings:
        print(f"{args.file}: warning: {warning}", file=sys.stderr)
    print(f"{args.file} -> {plant_path}" + ("" if plant_path.exists() else " (new file)"))
    print(result.summary())
    if args.dry_run:
        print(f"dry run: {plant_path} not written")
        return 0
    try:
        write_plant_atomically(result.registry, plant_path)
    except OSError as exc:
        print(f"import-points: cannot write {plant_path}: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {plant_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main_import())
