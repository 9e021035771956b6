"""The generated chemical park (issue 17): 500 enterprises, 20,000 points, 5,000 cameras."""

from __future__ import annotations

import json
import re

import pytest

from console.domain import protocol
from console.domain.credit_code import is_valid as is_valid_credit_code
from console.domain.plant import KINDS, PlantRegistry
from console.simulator.engine import GATEWAY_POINTS, plan_gateways
from console.simulator.parkgen import build_park_plant
from console.simulator.publisher import main as simulate

# An independent GB 32100-2015 check (as in test_simulator.py), so the product's own is not graded by itself.
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def check_char(first17: str) -> str:
    return ALPHABET[(31 - sum(ALPHABET.index(c) * w for c, w in zip(first17, WEIGHTS, strict=True)) % 31) % 31]


@pytest.fixture(scope="module")
def park() -> PlantRegistry:
    return build_park_plant()


def test_the_park_has_exactly_the_counts_of_the_issue(park):
    assert park.counts() == (500, 20_000, 5_000)
    sizes = sorted(len(e.points) for e in park.enterprises())
    assert sizes[0] >= GATEWAY_POINTS[0] and sizes[-1] >= 100  # a few large sites, many small ones
    assert sizes[len(sizes) // 2] < 40 < sizes[-len(sizes) // 10]


def test_enterprise_codes_are_unique_valid_credit_codes_and_names_unique(park):
    codes = [e.code for e in park.enterprises()]
    assert len(set(codes)) == 500
    for code in codes:
        assert len(code) == 18 and code.startswith("91") and code[17] == check_char(code[:17])
        assert is_valid_credit_code(code)
    names = [e.name for e in park.enterprises()]
    assert len(set(names)) == 500 and all(n.endswith("有限公司") for n in names)


def test_point_and_camera_codes_are_unique_and_valid(park):
    for e in park.enterprises():
        assert len(e.points) == len({p.code for p in e.points.values()})
        for p in e.points.values():
            assert protocol.CODE_RE.match(p.code) and p.kind in KINDS and p.enterprise == e.code
            assert set(p.cameras) <= set(e.cameras)  # linked cameras are the enterprise's own
    cameras = [c.code for e in park.enterprises() for c in e.cameras.values()]
    assert len(set(cameras)) == 5_000 and all(re.fullmatch(r"CAM-\d{4,5}", c) for c in cameras)


def test_the_park_is_the_same_for_a_seed_and_smaller_parks_keep_the_proportions():
    assert build_park_plant(20).to_dict() == build_park_plant(20).to_dict()
    assert build_park_plant(20).counts() == (20, 800, 200)
    assert build_park_plant(20, seed=1).to_dict() != build_park_plant(20).to_dict()


def test_every_point_is_on_a_gateway_of_the_simulator(park):
    gateways = plan_gateways(park)
    assert sum(len(g.points) for g in gateways) == 20_000
    assert all(len(g.points) <= GATEWAY_POINTS[1] for g in gateways)


def test_simulate_writes_the_park_plant_file(tmp_path, capsys):
    out = tmp_path / "park.json"
    assert simulate(["--park", "500", "--write-plant", str(out)]) == 0
    assert "500 enterprises, 20000 points, 5000 cameras" in capsys.readouterr().out
    loaded = PlantRegistry.load(out)
    assert loaded.counts() == (500, 20_000, 5_000)
    assert json.loads(out.read_text(encoding="utf-8")) == build_park_plant().to_dict()


def test_shards_split_the_park_between_simulator_processes(park):
    from console.simulator.publisher import shard_of

    shards = [shard_of(park, k, 10) for k in range(10)]
    assert [s.counts()[0] for s in shards] == [50] * 10
    codes = [e.code for s in shards for e in s.enterprises()]
    assert sorted(codes) == sorted(e.code for e in park.enterprises())
    assert sum(s.counts()[1] for s in shards) == 20_000
