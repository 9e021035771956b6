"""Writing the plant registry JSON so that a console reading it never sees half a file."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from console.domain.plant import PlantRegistry


def write_plant_atomically(registry: PlantRegistry, path: str | Path) -> None:
    """Write the plant JSON to a temporary file beside ``path``, then os.replace it over ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(registry.to_dict(), ensure_ascii=False, indent=1)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, (path.stat().st_mode & 0o7777) if path.exists() else 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
