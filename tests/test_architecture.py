"""Layer boundaries, checked by import-linter (contracts in pyproject.toml)."""

from __future__ import annotations

import ast
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


def _type_checking_imports(tree: ast.Module) -> list[str]:
    """The modules imported under ``if TYPE_CHECKING:`` at the top of a module."""
    names: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.If) and ast.unparse(node.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING"):
            for inner in ast.walk(node):
                if isinstance(inner, ast.ImportFrom) and inner.module and inner.level == 0:
                    names.append(inner.module)
                elif isinstance(inner, ast.Import):
                    names += [a.name for a in inner.names]
    return names


def test_type_only_imports_follow_the_layers():
    """import-linter leaves out imports under ``if TYPE_CHECKING:`` (they never run; widgets name
    the core classes they are handed). They must still point down the layers, never up."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    layers = next(c["layers"] for c in config["contracts"] if c["type"] == "layers")
    rank = {name.strip(): i for i, layer in enumerate(layers) for name in layer.split("|")}

    def layer_of(module: str) -> int | None:
        found = [rank[name] for name in rank if module == name or module.startswith(name + ".")]
        return found[0] if found else None

    offenders = []
    for top in ("console", "widgets"):
        for path in sorted((ROOT / top).rglob("*.py")):
            module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            own = layer_of(module)
            for imported in _type_checking_imports(ast.parse(path.read_text(encoding="utf-8"))):
                theirs = layer_of(imported)
                if own is not None and theirs is not None and theirs < own:
                    offenders.append(f"{module} -> {imported}")
    assert offenders == []
