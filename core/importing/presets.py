"""Column mappings for generic files: checked, read from JSON, kept as presets.

A preset is recalled by the file's header: the same column names, compared
by :func:`~core.importing.cells.header_key` (case, spacing and punctuation
do not matter) and in any order. The JSON mapping file that ``--mapping``
takes is described in ``docs/mapping.md``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from core.errors import DataError, Problem
from core.importing.base import RawTable, RowIssues
from core.importing.cells import decimals, header_key, timestamps
from core.mapping import MAPPABLE_FIELDS, REQUIRED_FIELDS, ColumnMapping, MappingPreset
from core.validation import validate_as
from core.workspace import WorkspaceSettings

# A mapping names a dozen columns; anything much larger is not one.
MAX_MAPPING_BYTES = 1_000_000
_MAX_MULTIPLIER = 10**12
_DOCS = "see docs/mapping.md for the format"
_FIELD_FIXES = {
    "date_order": "write dmy (day first) or mdy (month first), or leave it out",
    "quantity_multiplier": (
        "write a whole number of 1 or more, such as 1000 when the file counts "
        "thousands of tokens"
    ),
}


def header_keys(header: Sequence[str]) -> list[str]:
    """The header's non-empty keys, in file order, each once."""
    keys = (header_key(name) for name in header)
    return list(dict.fromkeys(key for key in keys if key))


def find_preset(
    header: Sequence[str], presets: Sequence[MappingPreset]
) -> MappingPreset | None:
    """The preset saved for this header, the latest if several; else None."""
    wanted = set(header_keys(header))
    if not wanted:
        return None
    for preset in reversed(presets):
        if set(header_keys(preset.header)) == wanted:
            return preset
    return None


def save_preset(
    settings: WorkspaceSettings,
    name: str,
    header: Sequence[str],
    mapping: ColumnMapping,
) -> WorkspaceSettings:
    """Settings with ``mapping`` saved as preset ``name`` for ``header``.

    A preset of the same name (ignoring case and surrounding spaces) is
    replaced; ``settings`` itself is not changed.

    Raises:
        DataError: the name is empty, or the mapping does not fit the header.
    """
    label = name.strip()
    problems = mapping_problems(mapping, header)
    if not label:
        problems.insert(0, Problem("the preset has no name", "give it a name"))
    if problems:
        raise DataError(problems)

    preset = MappingPreset(name=label, header=header_keys(header), mapping=mapping)
    kept = [
        other
        for other in settings.mapping_presets
        if other.name.strip().casefold() != label.casefold()
    ]
    return settings.model_copy(update={"mapping_presets": [*kept, preset]})


def mapping_from_file(path: str | os.PathLike[str]) -> ColumnMapping:
    """Read a JSON mapping file (``--mapping FILE``).

    Raises:
        DataError: the file cannot be read or is not a valid mapping; every
            problem names the field and the fix.
    """
    source = Path(path)
    data = _json_object(source)
    try:
        mapping = validate_as(ColumnMapping, data, file=source.name)
    except DataError as exc:
        raise DataError([_with_field_fix(p) for p in exc.problems]) from exc
    problems = mapping_problems(mapping, file=source.name)
    if problems:
        raise DataError(problems)
    return mapping


def _json_object(source: Path) -> object:
    """The file's JSON value, which must be an object."""
    name = source.name
    try:
        if source.stat().st_size > MAX_MAPPING_BYTES:
            raise DataError.single("too large to be a mapping file", _DOCS, file=name)
        content = source.read_bytes().decode("utf-8-sig")
        data = json.loads(content)
    except OSError as exc:
        reason = exc.strerror or "cannot be read"
        raise DataError.single(reason, "check the path", file=name) from exc
    except UnicodeDecodeError as exc:
        raise DataError.single(
            "is not UTF-8 text", f"save it as UTF-8; {_DOCS}", file=name
        ) from exc
    except json.JSONDecodeError as exc:
        raise DataError.single(
            f"is not valid JSON: {exc.msg} at column {exc.colno}",
            f"correct that line; {_DOCS}",
            file=name,
            row=exc.lineno,
        ) from exc
    if not isinstance(data, dict):
        raise DataError.single(
            "must be a JSON object with columns, fixed, quantity_multiplier "
            "and date_order",
            _DOCS,
            file=name,
        )
    return data


def _with_field_fix(problem: Problem) -> Problem:
    column = problem.column or ""
    fix = _FIELD_FIXES.get(column, problem.fix)
    if column.startswith(("columns.", "fixed.")) and "string" in problem.reason:
        fix = 'write the value in quotes, such as "USD"'
    return replace(problem, fix=fix or _DOCS)


def mapping_problems(
    mapping: ColumnMapping,
    header: Sequence[str] | None = None,
    *,
    file: str | None = None,
    sheet: str | None = None,
) -> list[Problem]:
    """Everything wrong with a mapping, each with its fix.

    Checks field names, required fields, fixed values and, given the file's
    ``header``, that every mapped column exists in it.
    """
    problems = _field_problems(mapping) + _fixed_problems(mapping)
    if header is not None:
        problems += _column_problems(mapping, header)
    return [
        Problem(p.reason, p.fix, file=file, sheet=sheet, column=p.column)
        for p in problems
    ]


def _field_problems(mapping: ColumnMapping) -> list[Problem]:
    problems = []
    for field in [*mapping.columns, *mapping.fixed]:
        if field not in MAPPABLE_FIELDS:
            problems.append(
                Problem(
                    f"{field!r} is not a field a mapping can fill",
                    f"use one of {', '.join(MAPPABLE_FIELDS)}",
                    column=field,
                )
            )
    for field in sorted(set(mapping.columns) & set(mapping.fixed)):
        problems.append(
            Problem(
                f"{field} is both mapped to a column and given a fixed value",
                "keep one of the two",
                column=field,
            )
        )
    if mapping.quantity_multiplier > _MAX_MULTIPLIER:
        problems.append(
            Problem(
                f"the quantity multiplier {mapping.quantity_multiplier} is too large",
                "use the size of the file's unit, such as 1000 for thousands",
                column="quantity_multiplier",
            )
        )
    given = set(mapping.columns) | set(mapping.fixed)
    priced = {"unit_price", "quantity"} <= given
    for field in REQUIRED_FIELDS:
        if field in given or (field == "billed_amount" and priced):
            continue
        fix = "map it to a column of the file, or give it a fixed value"
        if field == "billed_amount":
            fix += ", or map both unit_price and quantity"
        problems.append(
            Problem(f"{field} is neither mapped nor fixed", fix, column=field)
        )
    return problems


def _column_problems(mapping: ColumnMapping, header: Sequence[str]) -> list[Problem]:
    shown = ", ".join(repr(name) for name in list(header)[:30])
    problems = []
    for field, column in mapping.columns.items():
        if find_column(column, header) is None:
            problems.append(
                Problem(
                    f"the column {column!r} mapped to {field} is not in the file",
                    f"choose one of the file's columns: {shown}",
                    column=field,
                )
            )
    return problems


def _fixed_problems(mapping: ColumnMapping) -> list[Problem]:
    problems = []
    for field, value in mapping.fixed.items():
        reason, fix = _fixed_value_problem(field, value, mapping.date_order)
        if reason:
            problems.append(
                Problem(f"the fixed {field} {value!r} {reason}", fix, column=field)
            )
    return problems


def _fixed_value_problem(
    field: str, value: str, date_order: str | None
) -> tuple[str, str]:
    """Why a fixed value cannot be used, and the fix; empty if it can."""
    # Imported here: the generic format imports this module.
    from core.importing.formats.generic import (
        METER_FIX,
        VENDOR_FIX,
        currency_code,
        meter_from_text,
        vendor_from_text,
    )

    if not value.strip():
        return "is empty", "give a value or remove it"
    if field == "vendor" and vendor_from_text(value) is None:
        return "is not a vendor we know", VENDOR_FIX
    if field == "meter" and meter_from_text(value) is None:
        return "is not a meter we know", METER_FIX
    if field == "currency" and currency_code(value) is None:
        return "is not a currency code", "write a three-letter code such as USD"
    if field in ("period_start", "period_end"):
        return _trial_parse(value, date_order, dates=True)
    if field in ("quantity", "unit_price", "billed_amount", "list_amount"):
        return _trial_parse(value, date_order, dates=False)
    return "", ""


def _trial_parse(value: str, date_order: str | None, *, dates: bool) -> tuple[str, str]:
    """Parse one value as the column parsers would; the first complaint."""
    import pyarrow as pa

    raw = RawTable("mapping", pa.table({"value": [value]}), pa.array([1]))
    issues = RowIssues(raw)
    try:
        if dates:
            timestamps(raw, issues, "value", date_order=date_order)
        else:
            decimals(raw, issues, "value")
    except DataError as exc:
        first = exc.problems[0]
        return f"cannot be read: {first.reason}", first.fix
    if issues.problems:
        return f"is {issues.problems[0].reason}", issues.problems[0].fix
    return "", ""


def find_column(name: str, header: Sequence[str]) -> str | None:
    """The file's column for a mapped name: exact, else by header key."""
    if name in header:
        return name
    matches = [column for column in header if header_key(column) == header_key(name)]
    return matches[0] if len(matches) == 1 else None
