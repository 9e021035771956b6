"""Access to the files under resources/, also from an installed package."""

from __future__ import annotations

import contextlib
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

PACKAGE = "duty_console_resources"


def root() -> Traversable:
    return resources.files(PACKAGE)


def read_text(*parts: str) -> str:
    return root().joinpath(*parts).read_text(encoding="utf-8")


def read_bytes(*parts: str) -> bytes:
    return root().joinpath(*parts).read_bytes()


def path(*parts: str) -> Path:
    """A real file path (resources are plain files in every way we install)."""
    target = root().joinpath(*parts)
    with contextlib.ExitStack() as stack:
        return Path(stack.enter_context(resources.as_file(target)))


def listing(*parts: str) -> list[str]:
    folder = root().joinpath(*parts)
    return sorted(entry.name for entry in folder.iterdir()) if folder.is_dir() else []
