"""One compact row per alarm occurrence, held column by column (numpy), for the KPIs.

The duty log's tables (alarms, acknowledgments, handlings, clearances) are joined once per
occurrence into these columns; text (enterprise, point, operator, shift …) is stored as codes
into small dictionaries. Times are seconds: ``raised`` since the epoch (UTC), every other time
as an offset from ``raised`` (NaN: did not happen). Such columns are what ``blocks.py`` keeps,
a day at a time, in the duty log itself, so that a year's KPIs need not join a million rows.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass, field
from typing import Iterable, Sequence

import numpy as np

# name -> numpy dtype; offsets are float32 seconds (about 0.01 s resolution over a day)
COLUMNS: dict[str, str] = {
    "raised": "<f8",  # epoch seconds
    "priority": "<i1",
    "handling_required": "<i1",
    "enterprise": "<i2",  # code into names["enterprise"]
    "point": "<i4",  # code into names["point"]: "enterprise/point"
    "key": "<i4",  # code into names["key"]: the alarm key (enterprise/point/condition)
    "returned": "<f4",  # offsets from raised
    "closed": "<f4",
    "ack_overdue": "<f4",
    "handling_overdue": "<f4",
    "ack": "<f4",  # response time as recorded (response_ms / 1000)
    "ack_operator": "<i2",  # code into names["operator"]; -1: none
    "ack_shift": "<i4",  # code into names["shift"]; -1: none
    "handled": "<f4",
    "handling_operator": "<i2",
    "handling_shift": "<i4",
    "category": "<i1",  # index into CATEGORIES; -1: not handled
    "cleared": "<f4",
    "clearing_operator": "<i2",
}
# Which dictionary each code column points into.
CODES: dict[str, str] = {
    "enterprise": "enterprise", "point": "point", "key": "key", "ack_operator": "operator", "ack_shift": "shift",
    "handling_operator": "operator", "handling_shift": "shift", "clearing_operator": "operator",
}
DICTIONARIES = ("enterprise", "point", "key", "operator", "shift")
CATEGORIES = ("real_event", "false_alarm", "maintenance", "instrument_fault", "drill")
DRILL = CATEGORIES.index("drill")
FORMAT = 3  # bump when COLUMNS or their meaning change: stored blocks of another format are rebuilt


@dataclass
class Facts:
    columns: dict[str, np.ndarray]
    names: dict[str, list[str]] = field(default_factory=lambda: {d: [] for d in DICTIONARIES})

    def __len__(self) -> int:
        return len(self.columns["raised"])

    @classmethod
    def empty(cls) -> "Facts":
        return cls({name: np.empty(0, dtype=dtype) for name, dtype in COLUMNS.items()})

    def take(self, mask_or_index: np.ndarray) -> "Facts":
        return Facts({k: v[mask_or_index] for k, v in self.columns.items()}, self.names)

    def __getitem__(self, name: str) -> np.ndarray:
        return self.columns[name]

    def code_of(self, dictionary: str, value: str) -> int:
        try:
            return self.names[dictionary].index(value)
        except ValueError:
            return -2  # matches no row (-1 is "none")

    def absolute(self, name: str) -> np.ndarray:
        """An offset column as epoch seconds (float64; NaN where it did not happen)."""
        return self.columns["raised"] + self.columns[name].astype(np.float64)

    def point_label(self, code: int) -> tuple[str, str]:
        enterprise, _, point = self.names["point"][code].partition("/")
        return enterprise, point


# -- building from database rows -----------------------------------------------------------
ROW_FIELDS = (
    "raised", "enterprise", "point", "key", "priority", "handling_required", "returned", "closed", "ack_overdue",
    "handling_overdue", "ack_operator", "ack_ms", "ack_shift", "handling_operator", "handled", "category",
    "handling_shift", "clearing_operator", "cleared",
)


class _Encoder:
    def __init__(self) -> None:
        self.index: dict[str, dict[str, int]] = {d: {} for d in DICTIONARIES}

    def codes(self, dictionary: str, values: Sequence[str | None]) -> np.ndarray:
        table = self.index[dictionary]
        out = np.empty(len(values), dtype=np.int32)
        for i, value in enumerate(values):
            if value is None:
                out[i] = -1
            else:
                code = table.get(value)
                if code is None:
                    code = table[value] = len(table)
                out[i] = code
        return out

    def names(self) -> dict[str, list[str]]:
        return {d: list(t) for d, t in self.index.items()}


def _times(values: Sequence) -> np.ndarray:
    return np.array(values, dtype=np.float64) if len(values) else np.empty(0, dtype=np.float64)


def from_rows(rows: Sequence[Sequence]) -> Facts:
    """Facts from query rows in ROW_FIELDS order (times as epoch seconds or None)."""
    if not rows:
        return Facts.empty()
    cols = dict(zip(ROW_FIELDS, zip(*rows, strict=True), strict=True))
    enc = _Encoder()
    raised = _times(cols["raised"])

    def offset(name: str) -> np.ndarray:
        return (_times(cols[name]) - raised).astype(np.float32)

    points = [f"{e}/{p}" for e, p in zip(cols["enterprise"], cols["point"], strict=True)]
    category_index = {c: i for i, c in enumerate(CATEGORIES)}
    ack_ms = np.array([np.nan if v is None else v for v in cols["ack_ms"]], dtype=np.float64)
    out = {
        "raised": raised,
        "priority": np.array(cols["priority"], dtype=np.int8),
        "handling_required": np.array([1 if v else 0 for v in cols["handling_required"]], dtype=np.int8),
        "enterprise": enc.codes("enterprise", cols["enterprise"]),
        "point": enc.codes("point", points),
        "key": enc.codes("key", cols["key"]),
        "returned": offset("returned"),
        "closed": offset("closed"),
        "ack_overdue": offset("ack_overdue"),
        "handling_overdue": offset("handling_overdue"),
        "ack": (ack_ms / 1000.0).astype(np.float32),
        "ack_operator": enc.codes("operator", cols["ack_operator"]),
        "ack_shift": enc.codes("shift", [None if o is None else (s or "") for o, s in zip(cols["ack_operator"], cols["ack_shift"], strict=True)]),
        "handled": offset("handled"),
        "handling_operator": enc.codes("operator", cols["handling_operator"]),
        "handling_shift": enc.codes("shift", [None if o is None else (s or "") for o, s in zip(cols["handling_operator"], cols["handling_shift"], strict=True)]),
        "category": np.array([-1 if c is None else category_index.get(c, 0) for c in cols["category"]], dtype=np.int8),
        "cleared": offset("cleared"),
        "clearing_operator": enc.codes("operator", cols["clearing_operator"]),
    }
    return Facts({name: out[name].astype(dtype, copy=False) for name, dtype in COLUMNS.items()}, enc.names())


# -- merging -------------------------------------------------------------------------------
def concat(parts: Iterable[Facts], base: dict[str, list[str]] | None = None) -> Facts:
    """One Facts from several. Parts whose ``names`` is ``base`` (the stored blocks, coded with
    the duty log's shared dictionaries) are taken as they are; the others (read live, with
    dictionaries of their own) are mapped onto ``base`` extended with their new names."""
    parts = [p for p in parts if len(p)]
    if base is None:
        base = parts[0].names if parts else {d: [] for d in DICTIONARIES}
    if not parts:
        return Facts(Facts.empty().columns, base)
    if all(p.names is base for p in parts):
        if len(parts) == 1:
            return parts[0]
        return Facts({name: np.concatenate([p.columns[name] for p in parts]) for name in COLUMNS}, base)
    merged: dict[str, dict[str, int]] = {d: {name: i for i, name in enumerate(base[d])} for d in DICTIONARIES}
    luts: list[dict[str, np.ndarray] | None] = []
    for part in parts:
        if part.names is base:
            luts.append(None)
            continue
        lut: dict[str, np.ndarray] = {}
        for d in DICTIONARIES:
            table = merged[d]
            lut[d] = np.array([table.setdefault(name, len(table)) for name in part.names[d]] + [-1], dtype=np.int32)
        luts.append(lut)
    columns = {}
    for name in COLUMNS:
        pieces = []
        for part, part_lut in zip(parts, luts, strict=True):
            column = part.columns[name]
            # code -1 ("none") indexes the trailing -1 of each lookup table
            pieces.append(column if part_lut is None or name not in CODES else part_lut[CODES[name]][column].astype(column.dtype))
        columns[name] = np.concatenate(pieces)
    return Facts(columns, {d: list(t) for d, t in merged.items()})


def recode(facts: Facts, base: dict[str, list[str]], index: dict[str, dict[str, int]]) -> tuple[Facts, dict[str, list[str]]]:
    """``facts`` coded with the shared dictionaries (``base`` lists, ``index`` name -> code);
    returns it and the names the shared dictionaries lack (to be added, in code order)."""
    new: dict[str, list[str]] = {d: [] for d in DICTIONARIES}
    luts = {}
    for d in DICTIONARIES:
        table = index[d]
        codes = []
        for name in facts.names[d]:
            code = table.get(name)
            if code is None:
                code = table[name] = len(base[d]) + len(new[d])
                new[d].append(name)
            codes.append(code)
        luts[d] = np.array(codes + [-1], dtype=np.int32)
    columns = {name: (luts[CODES[name]][col].astype(col.dtype) if name in CODES else col) for name, col in facts.columns.items()}
    return Facts(columns, base), new


# -- stored form (a block in the duty log) ----------------------------------------------------
_HEADER = struct.Struct("<cxxxIQ")  # b"R" raw or b"Z" zlib, format, rows: 16 bytes, so columns stay aligned
_ORDER = sorted(COLUMNS, key=lambda name: -np.dtype(COLUMNS[name]).itemsize)  # widest first: each column aligned
COMPRESS = False  # zlib level 1 keeps a third of the bytes, but inflating a year took longer than reading it


def encode(facts: Facts) -> bytes:
    """The columns alone (codes into the shared dictionaries)."""
    body = b"".join(np.ascontiguousarray(facts.columns[name], dtype=COLUMNS[name]).tobytes() for name in _ORDER)
    if COMPRESS:
        return _HEADER.pack(b"Z", FORMAT, len(facts)) + zlib.compress(body, 1)
    return _HEADER.pack(b"R", FORMAT, len(facts)) + body


def decode(payload: bytes, names: dict[str, list[str]]) -> Facts:
    kind, version, n = _HEADER.unpack_from(payload)
    if version != FORMAT:
        raise ValueError(f"review block of format {version}, this program reads {FORMAT}")
    body = zlib.decompress(payload[_HEADER.size:]) if kind == b"Z" else memoryview(payload)[_HEADER.size:]
    offset = 0
    columns = {}
    for name in _ORDER:
        dtype = COLUMNS[name]
        columns[name] = np.frombuffer(body, dtype=dtype, count=n, offset=offset)
        offset += np.dtype(dtype).itemsize * n
    return Facts({name: columns[name] for name in COLUMNS}, names)
