"""The command duty-console import-points: --dry-run checks for anyone; writing the plant file is
a manager's or an administrator's request (here with a password file only its owner may read)."""

from __future__ import annotations

import json
import os

import pytest
from sqlalchemy.orm import Session

from console.domain.plant import PlantRegistry
from console.infrastructure.store.dutylog import DutyLog
from console.infrastructure.store.engine import make_engine
from console.infrastructure.store.migrations import upgrade
from console.services.pointsheet import main_import
from console.shell.cli_session import CliError
from console.shell.points_cli import main_import_points
from console.simulator.plantgen import build_demo_plant
from tests.helpers.sheets import CAM_HEAD, CAMS, ENT, HEAD, csv_file, level_row, row, xlsx


@pytest.fixture
def as_manager(tmp_path):
    """The arguments that make the import a manager's request."""
    url = f"sqlite:///{tmp_path / 'duty-log.sqlite'}"
    engine = make_engine(url)
    upgrade(engine)
    with Session(engine) as s, s.begin():
        DutyLog(s).add_user("wangmgr", "manager-pass-1", "王经理", "manager")
    engine.dispose()
    secret = tmp_path / "password"
    secret.write_text("manager-pass-1\n", encoding="utf-8")
    os.chmod(secret, 0o600)
    return ["--database-url", url, "--user", "wangmgr", "--password-file", str(secret)]


def test_command_imports_and_writes_the_plant_file(tmp_path, capsys, as_manager):
    tmp_path = tmp_path / "work"
    tmp_path.mkdir()
    plant_file = tmp_path / "plant.json"
    build_demo_plant().save(plant_file)
    sheet = xlsx(tmp_path / "points.xlsx", [HEAD, row(关联摄像头="CAM-01"), level_row()], [CAM_HEAD, *CAMS])

    before = plant_file.read_bytes()
    assert main_import([str(sheet), "--plant", str(plant_file), "--dry-run"]) == 0
    assert plant_file.read_bytes() == before
    assert "dry run" in capsys.readouterr().out

    assert main_import([str(sheet), "--plant", str(plant_file)]) == 2  # here: only --dry-run
    assert "credential" in capsys.readouterr().err and plant_file.read_bytes() == before
    assert main_import_points([str(sheet), "--plant", str(plant_file), *as_manager], None) == 0
    out = capsys.readouterr().out
    assert "enterprises: 1 added, 0 changed, 0 unchanged (21 in the plant)" in out
    assert "points: 2 added, 0 changed, 0 unchanged (650 in the plant)" in out
    assert "cameras: 2 added" in out and f"wrote {plant_file}" in out
    plant = PlantRegistry.load(plant_file)
    assert plant.counts() == (21, 650, 129) and plant.point(ENT, "GT-1101").cameras == ("CAM-01",)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plant.json", "points.xlsx"]  # no temporary file left

    # Again: nothing new.
    assert main_import_points([str(sheet), "--plant", str(plant_file), *as_manager], None) == 0
    assert "points: 0 added, 0 changed, 2 unchanged" in capsys.readouterr().out


def test_command_changes_nothing_when_the_sheet_has_problems(tmp_path, capsys, as_manager):
    tmp_path = tmp_path / "work"
    tmp_path.mkdir()
    plant_file = tmp_path / "plant.json"
    build_demo_plant().save(plant_file)
    before = plant_file.read_bytes()
    sheet = csv_file(tmp_path / "points.csv", [HEAD, row(), row(位号="GT-2", 高报=30, 高高报=25), row(位号="GT-3", 类型="dust")], "gbk")

    assert main_import_points([str(sheet), "--plant", str(plant_file), *as_manager], None) == 1
    err = [line for line in capsys.readouterr().err.splitlines() if not line.startswith("20")]  # not the log's lines
    assert err == [f"{sheet}: row 3, column 高报: 高报 (30) is above 高高报 (25)",
                   f"{sheet}: row 4, column 类型: unknown 类型 'dust' (use 可燃气体, 有毒气体, 温度, 压力, 液位, 流量 or "
                   "gas_combustible, gas_toxic, temperature, pressure, level, flow)",
                   f"import-points: 2 problem(s); {plant_file} not changed"]
    assert plant_file.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plant.json", "points.csv"]


def test_command_creates_a_new_plant_file_and_needs_to_know_where(tmp_path, capsys, as_manager):
    sheet = csv_file(tmp_path / "points.csv", [HEAD, row()])
    assert main_import([str(sheet), "--dry-run"]) == 2  # no --plant, no default, no setting
    assert "give --plant" in capsys.readouterr().err
    with pytest.raises(CliError, match="give --plant"):
        main_import_points([str(sheet), *as_manager], None)
    target = tmp_path / "new" / "plant.json"
    settings = tmp_path / "settings.toml"
    settings.write_text(f'[plant]\nfile = "{target}"\n', encoding="utf-8")
    assert main_import_points([str(sheet), *as_manager], settings) == 0
    assert "(new file)" in capsys.readouterr().out
    assert json.loads(target.read_text(encoding="utf-8"))["enterprises"][0]["code"] == ENT

    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    assert main_import([str(sheet), "--plant", str(tmp_path / "bad.json"), "--dry-run"]) == 1
    assert "not a valid plant file" in capsys.readouterr().err
    with pytest.raises(CliError, match="not a valid plant file"):
        main_import_points([str(sheet), "--plant", str(tmp_path / "bad.json"), *as_manager], None)
