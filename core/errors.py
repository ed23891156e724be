"""The project's exceptions: one root, a few specific kinds.

Every error a person may see carries enough context to act on: the file, the
sheet, the row, the column and what to do about it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class CounterofferError(Exception):
    """Root of every error the project raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located as precisely as known.

    Rows are 1-based as a spreadsheet shows them. ``cell`` is the
    spreadsheet reference ("D7") when a single cell is at fault; the
    location then reads ``Rates!D7``.
    """

    reason: str
    fix: str = ""
    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None
    cell: str | None = None

    def location(self) -> str:
        parts = []
        if self.file:
            parts.append(self.file)
        if self.sheet and self.cell:
            return ", ".join([*parts, f"{self.sheet}!{self.cell}"])
        if self.sheet:
            parts.append(f"sheet {self.sheet}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column}")
        return ", ".join(parts)

    def __str__(self) -> str:
        text = self.reason
        if self.value is not None:
            text += f" (value {self.value!r})"
        where = self.location()
        if where:
            text = f"{where}: {text}"
        if self.fix:
            text += f". {self.fix[:1].upper()}{self.fix[1:]}"
        return text


@dataclass
class DataError(CounterofferError):
    """The user's data cannot be used as it is; ``problems`` says why."""

    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        if not self.problems:
            return "the data is not valid"
        first = str(self.problems[0])
        more = len(self.problems) - 1
        return first if more == 0 else f"{first} (and {more} more problems)"

    @classmethod
    def single(
        cls,
        reason: str,
        fix: str = "",
        *,
        file: str | None = None,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
        value: str | None = None,
    ) -> DataError:
        """An error about one problem."""
        return cls([Problem(reason, fix, file, sheet, row, column, value)])


class WorkspaceError(CounterofferError):
    """A workspace file cannot be opened or saved; the file is left intact."""


class ExportError(CounterofferError):
    """A report or workbook could not be written where the user asked."""


class NotAvailableError(CounterofferError):
    """A capability that has not been built yet was asked for."""
