"""The command duty-console import-points."""

from __future__ import annotations

import json

from console.domain.plant import PlantRegistry
from console.services.pointsheet import main_import
from console.simulator.plantgen import build_demo_plant
from tests.helpers.sheets import CAM_HEAD, CAMS, ENT, HEAD, csv_file, level_row, row, xlsx


def test_command_imports_and_writes_the_plant_file(tmp_path, capsys):
    tmp_path = tmp_path / "work"
    tmp_path.mkdir()
    plant_file = tmp_path / "plant.json"
    build_demo_plant().save(plant_file)
    sheet = xlsx(tmp_path / "points.xlsx", [HEAD, row(关联摄像头="CAM-01"), level_row()], [CAM_HEAD, *CAMS])

    before = plant_file.read_bytes()
    assert main_import([str(sheet), "--plant", str(plant_file), "--dry-run"]) == 0
    assert plant_file.read_bytes() == before
    assert "dry run" in capsys.readouterr().out

    assert main_import([str(sheet), "--plant", str(plant_file)]) == 0
    out = capsys.readouterr().out
    assert "enterprises: 1 added, 0 changed, 0 unchanged (21 in the plant)" in out
    assert "points: 2 added, 0 changed, 0 unchanged (650 in the plant)" in out
    assert "cameras: 2 added" in out and f"wrote {plant_file}" in out
    plant = PlantRegistry.load(plant_file)
    assert plant.counts() == (21, 650, 129) and plant.point(ENT, "GT-1101").cameras == ("CAM-01",)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plant.json", "points.xlsx"]  # no temporary file left

    # Again: nothing new.
    assert main_import([str(sheet), "--plant", str(plant_file)]) == 0
    assert "points: 0 added, 0 changed, 2 unchanged" in capsys.readouterr().out


def test_command_changes_nothing_when_the_sheet_has_problems(tmp_path, capsys):
    tmp_path = tmp_path / "work"
    tmp_path.mkdir()
    plant_file = tmp_path / "plant.json"
    build_demo_plant().save(plant_file)
    before = plant_file.read_bytes()
    sheet = csv_file(tmp_path / "points.csv", [HEAD, row(), row(位号="GT-2", 高报=30, 高高报=25), row(位号="GT-3", 类型="dust")], "gbk")

    assert main_import([str(sheet), "--plant", str(plant_file)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [f"{sheet}: row 3, column 高报: 高报 (30) is above 高高报 (25)",
                   f"{sheet}: row 4, column 类型: unknown 类型 'dust' (use 可燃气体, 有毒气体, 温度, 压力, 液位, 流量 or "
                   "gas_combustible, gas_toxic, temperature, pressure, level, flow)",
                   f"import-points: 2 problem(s); {plant_file} not changed"]
    assert plant_file.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plant.json", "points.csv"]


def test_command_creates_a_new_plant_file_and_needs_to_know_where(tmp_path, capsys):
    sheet = csv_file(tmp_path / "points.csv", [HEAD, row()])
    assert main_import([str(sheet)]) == 2  # no --plant, no default, no setting
    assert "give --plant" in capsys.readouterr().err
    target = tmp_path / "new" / "plant.json"
    assert main_import([str(sheet)], default_plant=target) == 0
    assert "(new file)" in capsys.readouterr().out
    assert json.loads(target.read_text(encoding="utf-8"))["enterprises"][0]["code"] == ENT

    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    assert main_import([str(sheet), "--plant", str(tmp_path / "bad.json")]) == 1
    assert "not a valid plant file" in capsys.readouterr().err
