"""Where each file of the import wizard stands: plain data, no widgets."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from core.importing.base import ImportOptions
    from desktop.importer.jobs import FileReview, NeedsMapping
    from desktop.jobs import PresetRequest
    from desktop.tasks import Task


class Status(Enum):
    """What the wizard knows about a file."""

    READING = "reading"
    READY = "ready"
    NEEDS_MAPPING = "needs mapping"
    FAILED = "failed"
    STOPPED = "stopped"


@dataclass(eq=False)
class ImportFile:
    """One file in the wizard: how to read it and what reading it gave.

    ``options`` may hold the workbook's password for re-reading while the
    wizard is open; it is never saved. ``generation`` counts reads, so the
    answer of a superseded read is recognised and dropped. Files compare by
    identity.
    """

    path: Path
    options: ImportOptions
    status: Status = Status.READING
    review: FileReview | None = None
    columns: NeedsMapping | None = None
    message: str = ""
    problems: pd.DataFrame | None = None
    preset: PresetRequest | None = None
    task: Task | None = None
    generation: int = 0
    progress: float = 0.0
    step: str = "Waiting"

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def has_problems(self) -> bool:
        """Whether the read file has rows or cells that cannot be imported."""
        if self.status is not Status.READY or self.review is None:
            return False
        result = self.review.result
        return bool(result.problems) or result.rejected_rows > 0

    @property
    def bad_rows(self) -> int:
        """Rows left out for problems, once the file is read."""
        if self.status is not Status.READY or self.review is None:
            return 0
        return self.review.result.rejected_rows

    def list_text(self) -> str:
        """The file's line in the wizard's file list."""
        return f"{self.name}\n{self.state_text()}"

    def state_text(self) -> str:
        """A few words on where the file stands."""
        if self.status is Status.READING:
            return f"{self.step}… {self.progress:.0%}"
        if self.status is Status.READY and self.review is not None:
            return _ready_text(self.review, self.bad_rows)
        if self.status is Status.NEEDS_MAPPING:
            return "columns to map"
        if self.status is Status.STOPPED:
            return "stopped; will not be imported"
        return "cannot be imported"


def _ready_text(review: FileReview, bad_rows: int) -> str:
    result = review.result
    if review.is_contract:
        return "contract, ready"
    text = f"{len(result.usage):,} rows ready"
    if bad_rows:
        text += f", {bad_rows:,} with problems"
    elif result.problems:
        text += f", {len(result.problems):,} problems"
    return text


@dataclass(frozen=True)
class Plan:
    """What the Import button would do now, and the line that says so."""

    can_import: bool
    button_text: str
    summary: str


def import_plan(files: list[ImportFile], skip_bad_rows: bool) -> Plan:
    """Whether the files can be imported now, and what to tell the user.

    Import waits for every read to finish, needs one file ready, and, when
    a ready file has problems, needs the user to accept skipping its bad
    rows. Files that are not ready are left out, and the text says so.
    """
    ready = [f for f in files if f.status is Status.READY]
    reading = sum(f.status is Status.READING for f in files)
    troubled = [f for f in ready if f.has_problems]
    can = bool(ready) and not reading and (skip_bad_rows or not troubled)
    count = len(ready)
    if count and count < len(files):
        button = f"Import {count} of {len(files)} Files"
    else:
        button = "Import"
    return Plan(can, button, _summary(files, ready, reading, troubled, skip_bad_rows))


def _summary(
    files: list[ImportFile],
    ready: list[ImportFile],
    reading: int,
    troubled: list[ImportFile],
    skip_bad_rows: bool,
) -> str:
    if not files:
        return "Add files to import."
    if reading:
        return f"Reading {reading} of {len(files)} files…"
    if not ready:
        return "No file is ready to import."
    reviews = [f.review for f in ready if f.review is not None]
    rows = sum(len(review.result.usage) for review in reviews)
    contracts = sum(len(review.result.contracts) for review in reviews)
    what = f"{rows:,} rows"
    if contracts:
        what += f" and {contracts} contract{'s' if contracts != 1 else ''}"
    text = f"{what} from {len(ready)} of {len(files)} files are ready."
    bad = sum(f.bad_rows for f in troubled)
    if troubled and not skip_bad_rows:
        text += (
            f" {bad:,} rows have problems: fix the file, or tick "
            "“Skip bad rows” to import the rest."
        )
    elif troubled:
        text += f" {bad:,} rows with problems will be left out."
    return text
