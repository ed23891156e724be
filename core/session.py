"""Workspace life cycle shared by the command line and the window."""

from __future__ import annotations

import logging
import os
from datetime import UTC, datetime
from pathlib import Path

from core.errors import WorkspaceError
from core.selfhosting import SelfHostingScenario
from core.storage import load_workspace, resolve_path, save_workspace
from core.workspace import Workspace

log = logging.getLogger(__name__)

DEMO_IMPORTED_AT = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
_DEMO_LEFT_OUT = "completions_usage"


def new_workspace(name: str) -> Workspace:
    """An empty workspace priced with the bundled catalog."""
    return Workspace(name=name, scenarios=[SelfHostingScenario()])


def demo_workspace(name: str = "Demo") -> Workspace:
    """The bundled demo: a mid-size company's 15 months with three vendors.

    Built the way a user would build it: the generated vendor exports and
    contract workbooks are written to a scratch folder and imported. The
    OpenAI usage export is left out because the OpenAI cost export already
    carries its token counts; the Anthropic usage report goes in, since its
    cost report has none. As a user would in the workload table, the
    Anthropic workspaces are mapped to their workloads.
    """
    import tempfile

    from core.demo import write_demo_files
    from core.demo.scenario import WORKLOADS
    from core.importing.service import import_files
    from core.reference import Vendor

    workspace = new_workspace(name)
    workspace.settings.workload_map = {
        w.account_id: w.name for w in WORKLOADS if w.vendor is Vendor.ANTHROPIC
    }
    with tempfile.TemporaryDirectory(prefix="counteroffer-demo-") as scratch:
        paths = [
            path
            for path in write_demo_files(Path(scratch))
            if not path.name.startswith(_DEMO_LEFT_OUT)
        ]
        import_files(workspace, paths)
    for batch in workspace.batches:
        batch.imported_at = DEMO_IMPORTED_AT
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
