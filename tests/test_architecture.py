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
    (all of console/ but the composition root) uses QtCore only, never QtGui or QtWidgets."""
    import ast

    offenders = []
    for path in sorted((ROOT / "console").rglob("*.py")):
        if path.name == "app.py" and path.parent.name == "console":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            offenders += [f"{path.relative_to(ROOT)}: {n}" for n in names if n.startswith("PySide6.") and n != "PySide6.QtCore"]
    assert offenders == []
