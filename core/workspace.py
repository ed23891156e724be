"""A negotiation workspace in memory: inputs, assumptions and settings.

The usage table is kept per import batch (one per imported file) so an
import can be listed, audited and removed as a unit; :attr:`Workspace.usage`
is their concatenation.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

from core.assumptions import Assumptions
from core.catalog import CatalogInfo, CatalogSnapshot
from core.contract import Contract
from core.errors import Problem
from core.mapping import MappingPreset
from core.market.settings import Comparable, ModelClass
from core.pricing import PriceOverride
from core.selfhosting import SelfHostingScenario
from core.usage import empty_usage, validate_usage

if TYPE_CHECKING:
    import pandas as pd


class ImportBatch(BaseModel):
    """One imported file: where it came from and how many rows it gave."""

    model_config = ConfigDict(extra="forbid")

    id: int
    file_name: str
    format: str
    imported_at: datetime
    row_count: int
    fingerprint: str = Field(description="SHA-256 of the file's bytes")
    sheet: str | None = None
    duplicates: int = Field(0, description="Rows skipped as already imported")
    rejected: list[Problem] = Field(
        default_factory=list, description="Rows left out, with the reason"
    )
    notes: list[str] = Field(default_factory=list)


class WorkspaceSettings(BaseModel):
    """Mappings the user maintains: model aliases, workload names, price
    overrides, comparable models and model size classes."""

    model_config = ConfigDict(extra="forbid")

    model_aliases: dict[str, str] = Field(default_factory=dict)
    workload_map: dict[str, str] = Field(
        default_factory=dict, description="account/project/key → workload"
    )
    mapping_presets: list[MappingPreset] = Field(default_factory=list)
    price_overrides: list[PriceOverride] = Field(
        default_factory=list, description="List prices the user states, with a note"
    )
    comparables: list[Comparable] = Field(
        default_factory=list,
        description="Comparable models the user confirmed, added or excluded",
    )
    model_classes: dict[str, ModelClass] = Field(
        default_factory=dict, description="model → small, mid or frontier"
    )


def _bundled_catalog() -> CatalogSnapshot:
    from core.catalog_sources import bundled_snapshot

    return bundled_snapshot()


@dataclass
class Workspace:
    """Everything one negotiation needs, as plain data."""

    name: str
    contracts: list[Contract] = field(default_factory=list)
    assumptions: Assumptions = field(default_factory=Assumptions)
    scenarios: list[SelfHostingScenario] = field(default_factory=list)
    settings: WorkspaceSettings = field(default_factory=WorkspaceSettings)
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    batches: list[ImportBatch] = field(default_factory=list)
    # The prices the analysis uses, stored whole so a brief made later shows
    # the same numbers; ``catalog`` always describes it.
    catalog_snapshot: CatalogSnapshot = field(
        default_factory=_bundled_catalog, repr=False
    )
    _frames: dict[int, pd.DataFrame] = field(default_factory=dict, repr=False)
    _usage: pd.DataFrame | None = field(default=None, repr=False)

    @property
    def catalog(self) -> CatalogInfo:
        """What the stored catalog is: source, version and date."""
        return self.catalog_snapshot.info()

    def use_catalog(self, snapshot: CatalogSnapshot) -> None:
        """Price the analysis with ``snapshot`` from now on."""
        self.catalog_snapshot = snapshot

    @property
    def usage(self) -> pd.DataFrame:
        """All imported usage rows, in import order."""
        if self._usage is None:
            import pandas as pd

            frames = [self._frames[batch.id] for batch in self.batches]
            self._usage = (
                pd.concat(frames, ignore_index=True) if frames else empty_usage()
            )
        return self._usage

    def frame_of(self, batch_id: int) -> pd.DataFrame:
        """The rows one import brought."""
        return self._frames[batch_id]

    def add_batch(
        self,
        frame: pd.DataFrame,
        *,
        file_name: str,
        source_format: str,
        fingerprint: str,
        imported_at: datetime | None = None,
        **details: Any,
    ) -> ImportBatch:
        """Add one file's validated rows as a new import batch.

        ``details`` fills the batch's optional fields (sheet, duplicates,
        rejected, notes).
        """
        validate_usage(frame)
        batch = ImportBatch(
            id=max((b.id for b in self.batches), default=0) + 1,
            file_name=file_name,
            format=source_format,
            imported_at=imported_at or datetime.now(UTC),
            row_count=len(frame),
            fingerprint=fingerprint,
            **details,
        )
        self.restore_batch(batch, frame.reset_index(drop=True))
        return batch

    def restore_batch(self, batch: ImportBatch, frame: pd.DataFrame) -> None:
        """Put back a batch read from a saved workspace."""
        self.batches.append(batch)
        self._frames[batch.id] = frame
        self._usage = None

    def remove_batch(self, batch_id: int) -> None:
        """Remove one import and its rows."""
        self.batches = [b for b in self.batches if b.id != batch_id]
        del self._frames[batch_id]
        self._usage = None


def fingerprint_bytes(data: bytes) -> str:
    """SHA-256 hex digest identifying a file's content."""
    return hashlib.sha256(data).hexdigest()
