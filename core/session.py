"""Workspace life cycle shared by the command line and the window."""

from __future__ import annotations

import logging
import os
from datetime import UTC, datetime
from pathlib import Path

from core.catalog import bundled_catalog_info
from core.errors import WorkspaceError
from core.selfhosting import SelfHostingScenario
from core.storage import load_workspace, resolve_path, save_workspace
from core.workspace import Workspace, fingerprint_bytes

log = logging.getLogger(__name__)

DEMO_IMPORTED_AT = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def new_workspace(name: str) -> Workspace:
    """An empty workspace priced with the bundled catalog."""
    return Workspace(
        name=name,
        catalog=bundled_catalog_info(),
        scenarios=[SelfHostingScenario()],
    )


def demo_workspace(name: str = "Demo") -> Workspace:
    """The bundled demo: a mid-size company's 15 months with three vendors.

    Each generated vendor file becomes one import batch, as if the user had
    imported the files in ``resources/demo/`` one by one.
    """
    from core.demo import build_demo

    demo = build_demo()
    workspace = new_workspace(name)
    workspace.contracts = list(demo.contracts)
    for file_name, rows in demo.usage.groupby("source_file", sort=False):
        workspace.add_batch(
            rows,
            file_name=str(file_name),
            source_format=_demo_format(str(file_name)),
            fingerprint=fingerprint_bytes(demo.files[str(file_name)]),
            imported_at=DEMO_IMPORTED_AT,
        )
    return workspace


def create_workspace(
    path: str | os.PathLike[str], *, demo: bool = False, overwrite: bool = False
) -> Path:
    """Create a workspace file; returns the path written.

    Raises:
        WorkspaceError: the file exists and ``overwrite`` is false.
    """
    target = resolve_path(path, creating=True)
    if target.exists() and not overwrite:
        raise WorkspaceError(
            f"{target} already exists; choose another name or pass --force to "
            "replace it"
        )
    name = target.stem.replace("_", " ").replace("-", " ").strip() or "Workspace"
    workspace = demo_workspace(name) if demo else new_workspace(name)
    save_workspace(workspace, target)
    log.info("created workspace (demo=%s)", demo)
    return target


def open_workspace(path: str | os.PathLike[str]) -> Workspace:
    """Open the workspace a user names (``demo`` finds ``demo.counteroffer``)."""
    return load_workspace(resolve_path(path))


def save_opened(workspace: Workspace, path: str | os.PathLike[str]) -> Path:
    """Save a workspace back to the file it was opened from."""
    target = resolve_path(path)
    save_workspace(workspace, target)
    return target


def _demo_format(file_name: str) -> str:
    for prefix, fmt in (
        ("openai_costs", "openai-costs"),
        ("anthropic_cost", "anthropic-cost-report"),
        ("aws_cur2", "aws-cur2"),
    ):
        if file_name.startswith(prefix):
            return fmt
    return "generic"
