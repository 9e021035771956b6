"""Row checks of the points sheet: each row becomes a point's values, or its problems.

A blank or absent 类型 is inferred from the unit and the tag letters of the 位号
(console.domain.point_kinds); each inference is recorded for the import report, and a row whose
kind cannot be inferred is a problem of that row.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from console.domain.credit_code import ALPHABET as CREDIT_ALPHABET
from console.domain.credit_code import check_char as credit_check_char
from console.domain.plant import KINDS, PlantRegistry
from console.domain.point_kinds import KindInference, NotInferred, infer_kind
from console.services.pointsheet.cell_reader import RowReader
from console.services.pointsheet.cells import CODE_RE, fmt
from console.services.pointsheet.columns import KIND_NAMES, KIND_WORDS, POINT_COLUMNS, THRESHOLDS, norm
from console.services.pointsheet.grid import Rows, row_number
from console.services.pointsheet.problems import SheetProblem

CAMERA_SPLIT_RE = re.compile(r"[,，;；、\s]+")
COMBUSTIBLE_LIMITS = {"h": 25.0, "hh": 50.0}  # GB/T 50493-2019 §5.5, %LEL


@dataclass
class PointRow:
    row: int
    enterprise: str
    values: dict[str, Any]  # Point fields read from the sheet (absent columns left out)
    camera_col: str = ""


@dataclass(frozen=True)
class InferredKind:
    """A row whose kind was not given but inferred from its unit and/or tag letters."""

    row: int
    code: str
    inference: KindInference

    @property
    def kind(self) -> str:
        return self.inference.kind or ""


@dataclass
class PointsRead:
    """What the points sheet says: the enterprises' names, the points' values and the kinds inferred."""

    names: dict[str, str] = field(default_factory=dict)
    parsed: list[PointRow] = field(default_factory=list)
    inferred: list[InferredKind] = field(default_factory=list)


@dataclass
class _Sheet:
    """What the rows read so far have told (to check the next ones against)."""

    names: dict[str, tuple[str, int]] = field(default_factory=dict)  # enterprise → (name, row it was given on)
    first_row: dict[str, int] = field(default_factory=dict)  # enterprise → first row
    seen: dict[tuple[str, str], int] = field(default_factory=dict)  # (enterprise, code) → row
    credit_checked: set[str] = field(default_factory=set)
    read: PointsRead = field(default_factory=PointsRead)


def read_points(rows: Rows, base: PlantRegistry, problems: list[SheetProblem], notes: list[SheetProblem]) -> PointsRead:
    """The points of the sheet; problems and notes are added to the lists given."""
    start = len(problems)
    rd = RowReader(rows, POINT_COLUMNS, "", problems, notes)
    if not _columns_usable(rd, start, notes):
        return PointsRead()  # the columns are wrong: row-by-row messages would only repeat it
    sheet = _Sheet()
    for index, row in enumerate(rows):
        rd.at(row, row_number(row, index))
        if all(rd.blank(c.key) for c in POINT_COLUMNS):
            continue
        point = _read_row(rd, sheet, notes)
        if point is not None:
            sheet.read.parsed.append(point)
    _check_new_enterprises(rd, base, sheet)
    sheet.read.names = {e: n for e, (n, _) in sheet.names.items()}
    return sheet.read


def _columns_usable(rd: RowReader, start: int, notes: list[SheetProblem]) -> bool:
    """Whether the header allows reading the rows: no problem since ``start`` (RowReader reports
    missing and repeated columns)."""
    problems = rd.problems
    if rd.has("stopped") and rd.has("in_use"):
        problems.append(SheetProblem(rd.header_row, rd.col("in_use"), f"give either {rd.col('stopped')} or {rd.col('in_use')}, not both"))
    if not any(rd.has(k) for k in THRESHOLDS) and len(problems) == start:
        notes.append(SheetProblem(rd.header_row, "", "the sheet has no threshold columns (低低报, 低报, 高报, 高高报): its points raise no alarms"))
    return len(problems) == start


def _read_row(rd: RowReader, sheet: _Sheet, notes: list[SheetProblem]) -> PointRow | None:
    """One row's point, or None when the row has problems (they are added to rd.problems)."""
    before = len(rd.problems)
    ent = _read_enterprise(rd, sheet, notes)
    code = _read_code(rd, ent, sheet)
    values: dict[str, Any] = {"name": rd.required_text("name")}
    unit = rd.text("unit")
    values["kind"] = _read_kind(rd, code, unit, sheet.read.inferred)
    values["unit"] = unit
    if rd.has("area"):
        values["area"] = rd.text("area")
    _read_thresholds(rd, values, _read_range(rd, values))
    _read_in_use(rd, values)
    _read_cameras(rd, values)
    _read_settings(rd, values)
    _read_card(rd, values)
    if len(rd.problems) > before or ent is None or code is None:
        return None
    notes.extend(_gas_setting_notes(rd, values))
    values["code"] = code
    return PointRow(rd.number, ent, values, rd.col("cameras"))


def _read_enterprise(rd: RowReader, sheet: _Sheet, notes: list[SheetProblem]) -> str | None:
    """The row's enterprise code (its credit code checked once, by warning) and its name."""
    ent = rd.code("enterprise")
    if ent is None:
        return None
    sheet.first_row.setdefault(ent, rd.number)
    if ent not in sheet.credit_checked:
        sheet.credit_checked.add(ent)
        if (why := credit_code_problem(ent)) is not None:
            notes.append(SheetProblem(rd.number, rd.col("enterprise"), f"{ent} {why}"))
    ent_name = rd.text("enterprise_name") if rd.has("enterprise_name") else ""
    if ent_name:
        if ent not in sheet.names:
            sheet.names[ent] = (ent_name, rd.number)
        elif sheet.names[ent][0] != ent_name:
            rd.problem("enterprise_name", f"{rd.col('enterprise_name')} {ent_name!r} differs from {sheet.names[ent][0]!r} "
                                          f"(row {sheet.names[ent][1]}) for enterprise {ent}")
    return ent


def _read_code(rd: RowReader, ent: str | None, sheet: _Sheet) -> str | None:
    """The row's point code, once per enterprise."""
    code = rd.code("code")
    if ent is not None and code is not None:
        if (ent, code) in sheet.seen:
            rd.problem("code", f"duplicate {rd.col('code')} {code} of enterprise {ent} (rows {sheet.seen[ent, code]} and {rd.number})")
        else:
            sheet.seen[ent, code] = rd.number
    return code


def _read_kind(rd: RowReader, code: str | None, unit: str, inferred: list[InferredKind]) -> str | None:
    """The kind written in the row; when it is blank or the column absent, the kind inferred from
    the unit and the tag letters of the code (recorded in ``inferred``)."""
    text = rd.text("kind") if rd.has("kind") else ""
    if text:
        kind = KIND_WORDS.get(norm(text))
        if kind is None:
            rd.problem("kind", f"unknown {rd.col('kind')} {text!r} (use {', '.join(KIND_NAMES.values())} "
                               f"or {', '.join(KIND_NAMES)})")
        return kind
    if code is None:  # without a valid 位号 there is no point to infer a kind for
        if rd.has("kind"):
            rd.problem("kind", f"{rd.col('kind')} is empty")
        return None
    inference = infer_kind(unit, code)
    if inference.kind is None:
        rd.problem("kind", _not_inferred_message(rd, code, inference))
        return None
    inferred.append(InferredKind(rd.number, code, inference))
    return inference.kind


def _kind_words(kinds: frozenset[str]) -> str:
    return " or ".join(KIND_NAMES[k] for k in KINDS if k in kinds)


def _not_inferred_message(rd: RowReader, code: str, inference: KindInference) -> str:
    col = rd.col("kind")
    given = f"{col} is empty" if rd.has("kind") else f"no {col} column"
    return (f"{given} and the kind cannot be inferred: {_why_not_inferred(inference, code, rd.col('code'))}; "
            f"fill in {col} ({', '.join(KIND_NAMES.values())})")


def _why_not_inferred(inference: KindInference, code: str, code_col: str) -> str:
    unit = f"the unit {inference.unit!r}"
    if inference.not_inferred is NotInferred.DISAGREE and inference.unit_kind is not None:
        return (f"{unit} says {KIND_NAMES[inference.unit_kind]} but the tag letters {inference.tag} of {code} say "
                f"{_kind_words(inference.tag_kinds)}")
    if inference.not_inferred is NotInferred.AMBIGUOUS:
        which = f"{unit} does not tell which" if inference.unit else "there is no unit to tell which"
        return f"the tag letters {inference.tag} of {code} say {_kind_words(inference.tag_kinds)} and {which}"
    if inference.unit:
        return f"neither {unit} nor the {code_col} {code} names a kind"
    return f"there is no unit and the {code_col} {code} names no kind"


def _read_range(rd: RowReader, values: dict[str, Any]) -> tuple[float, float] | None:
    """The instrument range (low below high), or None when it is not usable."""
    ok_lo, lo = rd.num("range_low", required=True)
    ok_hi, hi = rd.num("range_high", required=True)
    values["range_low"], values["range_high"] = lo, hi
    if not (ok_lo and ok_hi) or lo is None or hi is None:
        return None
    if lo >= hi:
        rd.problem("range_high", f"{rd.col('range_high')} ({fmt(hi)}) must be above {rd.col('range_low')} ({fmt(lo)})")
        return None
    return lo, hi


def _read_thresholds(rd: RowReader, values: dict[str, Any], span: tuple[float, float] | None) -> None:
    """The four thresholds: LL ≤ L ≤ H ≤ HH among those given, each within the range."""
    present: list[tuple[str, float]] = []
    for key in THRESHOLDS:
        ok, x = rd.num(key)
        values[key] = x
        if ok and x is not None:
            present.append((key, x))
            if span is not None and not span[0] <= x <= span[1]:
                rd.problem(key, f"{rd.col(key)} ({fmt(x)}) is outside the range {fmt(span[0])} to {fmt(span[1])}")
    for (ka, a), (kb, b) in zip(present, present[1:], strict=False):
        if a > b:
            rd.problem(ka, f"{rd.col(ka)} ({fmt(a)}) is above {rd.col(kb)} ({fmt(b)})")


def _read_in_use(rd: RowReader, values: dict[str, Any]) -> None:
    for key in ("stopped", "in_use"):
        if rd.has(key):
            ok, yes = rd.flag(key)
            values["in_use"] = True if yes is None else (not yes if key == "stopped" else yes)


def _read_cameras(rd: RowReader, values: dict[str, Any]) -> None:
    if not rd.has("cameras"):
        return
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


def _read_settings(rd: RowReader, values: dict[str, Any]) -> None:
    for key in ("deadband", "on_delay_s", "off_delay_s"):
        if rd.has(key):
            values[key] = rd.num(key, non_negative=True)[1]


def _read_card(rd: RowReader, values: dict[str, Any]) -> None:
    for key in ("cause", "consequence", "action"):
        if rd.has(key):
            values[key] = rd.text(key)


def _gas_setting_notes(rd: RowReader, values: dict[str, Any]) -> list[SheetProblem]:
    """Warnings for combustible-gas settings above GB/T 50493 (in %LEL)."""
    if values.get("kind") != "gas_combustible" or norm(values["unit"]) not in ("%lel", "lel"):
        return []
    return [SheetProblem(rd.number, rd.col(key), f"{rd.col(key)} ({fmt(values[key])} %LEL) is above the "
                                                  f"GB/T 50493 setting of {fmt(limit)} %LEL")
            for key, limit in COMBUSTIBLE_LIMITS.items() if values[key] is not None and values[key] > limit]


def _check_new_enterprises(rd: RowReader, base: PlantRegistry, sheet: _Sheet) -> None:
    """An enterprise the plant does not have needs a name to be created."""
    for ent, row in sheet.first_row.items():
        if base.enterprise(ent) is None and ent not in sheet.names:
            col = "enterprise_name" if rd.has("enterprise_name") else "enterprise"
            rd.problems.append(SheetProblem(row, rd.col(col), f"new enterprise {ent} needs a {rd.col('enterprise_name')} to be created"))


def credit_code_problem(code: str) -> str | None:
    """Why ``code`` is not a well-formed unified social credit code (GB 32100), or None."""
    if len(code) != 18:
        return "is not an 18-character unified social credit code"
    if any(ch not in CREDIT_ALPHABET for ch in code):
        return "is not a unified social credit code (characters I, O, S, V, Z and lower case are not used)"
    expected = credit_check_char(code[:17])
    if code[17] != expected:
        return f"is not a valid unified social credit code (the check character should be {expected})"
    return None
