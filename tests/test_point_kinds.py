"""A point's kind inferred from its unit and the ISA letters of its tag (console.domain.point_kinds)."""

from __future__ import annotations

import pytest

from console.domain.plant import KINDS
from console.domain.point_kinds import GASES, TAG_KINDS, UNIT_KINDS, NotInferred, infer_kind, tag_letters, unit_kind


@pytest.mark.parametrize(("unit", "kind"), [
    ("%LEL", "gas_combustible"), ("％ＬＥＬ", "gas_combustible"), ("LEL", "gas_combustible"), ("% lel", "gas_combustible"),
    ("ppm", "gas_toxic"), ("PPM", "gas_toxic"), ("mg/m³", "gas_toxic"), ("mg/m3", "gas_toxic"),
    ("℃", "temperature"), ("°C", "temperature"), ("° C", "temperature"),
    ("MPa", "pressure"), ("kPa", "pressure"), ("Pa", "pressure"), ("bar", "pressure"),
    ("m", "level"), ("mm", "level"), ("%", "level"),
    ("m³/h", "flow"), ("m3/h", "flow"), ("Nm³/h", "flow"), ("t/h", "flow"), ("kg/h", "flow"),
])
def test_units_name_kinds(unit, kind):
    assert unit_kind(unit) == kind


@pytest.mark.parametrize("unit", ["", "  ", "mA", "V", "%VOL", "Hz", "度数", "m/s"])
def test_other_units_say_nothing(unit):
    assert unit_kind(unit) is None


@pytest.mark.parametrize(("code", "letters"), [
    ("GT-1101", "GT"), ("GIA101", "GIA"), ("GIAS-3", "GIAS"), ("AT_201", "AT"), ("TT-1", "TT"), ("TI1", "TI"), ("TE-2", "TE"),
    ("PT-1", "PT"), ("PI-1", "PI"), ("PIA-1", "PIA"), ("PDT-7", "PDT"), ("LT-1", "LT"), ("LI-1", "LI"), ("LIA-101", "LIA"),
    ("LICA-2", "LICA"), ("FT-1", "FT"), ("FI-1", "FI"), ("FIQ-601", "FIQ"), ("FQ-3", "FQ"), ("ｇｔ－１", "GT"), ("gt-1", "GT"),
])
def test_isa_tag_letters(code, letters):
    assert tag_letters(code) == letters


@pytest.mark.parametrize("code", ["320500001001", "T-1", "TEST-1", "AREA-1", "V101-LT-01", "XT-1", "CAM-01", ""])
def test_codes_without_tag_letters(code):
    assert tag_letters(code) == ""


def test_every_kind_is_one_the_plant_knows():
    assert set(UNIT_KINDS.values()) == set(KINDS)
    assert set().union(*TAG_KINDS.values()) == set(KINDS)


def test_unit_alone_tag_alone_and_both_agreeing():
    gas = infer_kind("%LEL", "GT-101")
    assert (gas.kind, gas.from_unit, gas.from_tag, gas.unit, gas.tag) == ("gas_combustible", True, True, "%LEL", "GT")
    toxic = infer_kind("ppm", "AT-201")
    assert (toxic.kind, toxic.from_unit, toxic.from_tag) == ("gas_toxic", True, True)
    by_unit = infer_kind(" MPa ", "320500001001")
    assert (by_unit.kind, by_unit.from_unit, by_unit.from_tag, by_unit.unit) == ("pressure", True, False, "MPa")
    by_tag = infer_kind("", "TT-301")
    assert (by_tag.kind, by_tag.from_unit, by_tag.from_tag, by_tag.not_inferred) == ("temperature", False, True, None)


def test_not_inferred_when_silent_disagreeing_or_ambiguous():
    silent = infer_kind("xyz", "ABC-1")
    assert (silent.kind, silent.not_inferred, silent.from_unit, silent.from_tag) == (None, NotInferred.SILENT, False, False)
    assert infer_kind("", "320500001001").not_inferred is NotInferred.SILENT
    disagree = infer_kind("%LEL", "TT-1")
    assert (disagree.kind, disagree.not_inferred, disagree.unit_kind, disagree.tag_kinds) == (
        None, NotInferred.DISAGREE, "gas_combustible", frozenset({"temperature"}))
    assert infer_kind("%", "GT-1").not_inferred is NotInferred.DISAGREE  # % is a level, GT a gas
    ambiguous = infer_kind("", "GT-1")  # a gas, but combustible or toxic?
    assert (ambiguous.kind, ambiguous.not_inferred, ambiguous.tag_kinds) == (None, NotInferred.AMBIGUOUS, GASES)
