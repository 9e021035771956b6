"""Layer boundaries, checked by import-linter (contracts in pyproject.toml)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_hold():
    lint = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))
    proc = subprocess.run([lint, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Contracts: 3 kept, 0 broken." in proc.stdout


def test_core_uses_only_qtcore():
    """import-linter cannot forbid sub-modules of PySide6, so this checks them: the core
    (all of console/ but the shell, which assembles widgets and core) uses QtCore only, never
    QtGui or QtWidgets."""
    import ast

    offenders = []
    for path in sorted((ROOT / "console").rglob("*.py")):
        if "shell" in path.relative_to(ROOT / "console").parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            offenders += [f"{path.relative_to(ROOT)}: {n}" for n in names if n.startswith("PySide6.") and n != "PySide6.QtCore"]
    assert offenders == []


def test_layers_are_folders():
    """The top of console/ holds the layer folders, not modules."""
    modules = sorted(p.name for p in (ROOT / "console").glob("*.py"))
    assert modules == ["__init__.py", "__main__.py"]
    layers = sorted(p.name for p in (ROOT / "console").iterdir() if (p / "__init__.py").exists())
    assert layers == ["domain", "infrastructure", "services", "setup", "shell", "simulator"]


def test_every_package_is_installed():
    """pyproject.toml lists the packages by name: a new sub-package must be added there."""
    import tomllib

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for top in ("console", "widgets") for p in (ROOT / top).rglob("__init__.py")}
    assert found - listed == set()
