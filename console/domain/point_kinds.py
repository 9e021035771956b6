"""A sensor point's kind told by its engineering unit and by the letters of its tag (位号).

Enterprises' own sensor sheets often list code, name, unit, range and thresholds but no kind.
The unit usually says it (%LEL: combustible gas, ppm: toxic gas, °C: temperature …) and so do the
ISA-style letters a tag starts with (GT/GIA: gas, TT/TI/TE: temperature, PT/PIA: pressure,
LT/LIA: level, FT/FIQ: flow). ``infer_kind`` asks both: when both speak they must agree; when
they disagree, or neither names one kind, the kind is not inferred. The kinds are those of
console.domain.plant.KINDS.

Plain Python; no Qt, no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import Enum

from console.domain.plant import KINDS

GASES = frozenset(("gas_combustible", "gas_toxic"))

# Units, written as normalised by ``unit_key`` (NFKC, case-folded, no spaces): ℃ → °c, m³/h → m3/h.
_UNITS: dict[str, tuple[str, ...]] = {
    "gas_combustible": ("%lel", "lel", "lel%", "%爆炸下限"),
    "gas_toxic": ("ppm", "ppb", "mg/m3", "mg/nm3", "μmol/mol", "µmol/mol"),
    "temperature": ("°c", "摄氏度", "°f"),
    "pressure": ("mpa", "kpa", "pa", "bar", "mbar", "kgf/cm2", "mpa(g)", "kpa(g)", "mpag", "kpag", "mmh2o", "mmhg"),
    "level": ("m", "mm", "cm", "%"),
    "flow": ("m3/h", "nm3/h", "t/h", "kg/h", "l/h", "l/min", "m3/min", "nm3/min", "kg/min", "kg/s", "m3/s", "t/d", "m3/d"),
}
UNIT_KINDS: dict[str, str] = {unit: kind for kind, units in _UNITS.items() for unit in units}

# The first letter of an ISA tag (the measured variable) and the kinds it may be.
# G (gas detector, as Chinese plants write it) and A (analyser) say "gas" without saying which.
TAG_KINDS: dict[str, frozenset[str]] = {
    "G": GASES,
    "A": GASES,
    "T": frozenset(("temperature",)),
    "P": frozenset(("pressure",)),
    "L": frozenset(("level",)),
    "F": frozenset(("flow",)),
}
# The measured variable, an optional modifier (D differential, Q totalised), then the readout and
# function letters in their usual order: GT, GIA, GIAS, AT, TE, TIC, PDT, LICA, FQ, FIQ …
TAG_RE = re.compile(r"([GATPLF])(D|Q)?(T|E|G|IQ|I|R)?(C)?(A)?(S)?")
_LEADING_LETTERS_RE = re.compile(r"[A-Za-z]+")

assert set(_UNITS) <= set(KINDS) and all(kinds <= set(KINDS) for kinds in TAG_KINDS.values())


class NotInferred(Enum):
    """Why a kind could not be inferred."""

    SILENT = "silent"  # neither the unit nor the tag names a kind
    AMBIGUOUS = "ambiguous"  # the tag says gas, but not which, and the unit does not tell
    DISAGREE = "disagree"  # the unit names one kind, the tag another


@dataclass(frozen=True)
class KindInference:
    """What the unit and the tag say about a point's kind, and the kind inferred (or None)."""

    unit: str  # the unit as written (stripped)
    unit_kind: str | None  # the kind the unit names; None: the unit says nothing
    tag: str  # the ISA letters the code starts with; '': none
    tag_kinds: frozenset[str]  # the kinds the tag letters allow; empty: the tag says nothing

    @property
    def kind(self) -> str | None:
        if self.unit_kind is not None:
            return self.unit_kind if not self.tag_kinds or self.unit_kind in self.tag_kinds else None
        return next(iter(self.tag_kinds)) if len(self.tag_kinds) == 1 else None

    @property
    def from_unit(self) -> bool:
        """The unit speaks (and the kind is inferred)."""
        return self.kind is not None and self.unit_kind is not None

    @property
    def from_tag(self) -> bool:
        """The tag letters speak (and the kind is inferred)."""
        return self.kind is not None and bool(self.tag_kinds)

    @property
    def not_inferred(self) -> NotInferred | None:
        """Why no kind is inferred; None when one is."""
        if self.kind is not None:
            return None
        if self.unit_kind is not None:
            return NotInferred.DISAGREE
        return NotInferred.AMBIGUOUS if self.tag_kinds else NotInferred.SILENT


def unit_key(unit: str) -> str:
    """A unit as looked up: full-width and super-scripts made plain (NFKC), case-folded, no spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", unit).casefold())


def unit_kind(unit: str) -> str | None:
    """The kind an engineering unit names, or None (blank or not known)."""
    return UNIT_KINDS.get(unit_key(unit))


def tag_letters(code: str) -> str:
    """The ISA letters a point code starts with ('GT' of GT-1101, 'FIQ' of FIQ201), or ''."""
    match = _LEADING_LETTERS_RE.match(unicodedata.normalize("NFKC", code).strip())
    letters = match.group(0).upper() if match else ""
    return letters if len(letters) >= 2 and TAG_RE.fullmatch(letters) else ""


def infer_kind(unit: str, code: str) -> KindInference:
    """What ``unit`` and the tag letters of ``code`` say about the point's kind."""
    letters = tag_letters(code)
    return KindInference(unit.strip(), unit_kind(unit), letters, TAG_KINDS[letters[0]] if letters else frozenset())
