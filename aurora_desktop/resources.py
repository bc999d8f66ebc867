"""Locate bundled data (migrations, fonts, icons) in a source tree, a wheel or a frozen app."""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def _candidates(name: str) -> list[Path]:
    found: list[Path] = []
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        found += [Path(frozen_root) / name, Path(frozen_root) / "aurora_desktop" / name]
    # Installed wheel: data is force-included inside the package.
    found.append(_PACKAGE_DIR / name)
    # Source tree / editable install: data sits beside the package.
    found.append(_PACKAGE_DIR.parent / name)
    return found


def data_dir(name: str) -> Path:
    """Return the first existing bundled directory called *name* ("database" or "resources")."""
    for candidate in _candidates(name):
        if candidate.is_dir():
            return candidate
    searched = ", ".join(str(c) for c in _candidates(name))
    raise FileNotFoundError(f"bundled folder '{name}' not found (looked in {searched})")


def migrations_dir() -> Path:
    """The Alembic script directory (env.py + versions/)."""
    return data_dir("database")


def resource_path(*parts: str) -> Path:
    """A file under resources/, e.g. resource_path("fonts", "DejaVuSans.ttf")."""
    return data_dir("resources").joinpath(*parts)
