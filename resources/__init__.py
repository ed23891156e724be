"""Files shipped with the app: fonts, icons, demo inputs."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent


def resource_path(*parts: str) -> Path:
    """Absolute path of a bundled resource, e.g. ``resource_path("fonts")``."""
    return ROOT.joinpath(*parts)
