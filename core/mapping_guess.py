"""A first guess at a generic file's column mapping, for the user to correct.

The guess only pre-fills the mapping editor: each usage field takes the
first column whose header, reduced by
:func:`~core.importing.cells.header_key`, is the field's own name or one of
a few common words for it. Nothing is imported on a guess alone.
"""

from __future__ import annotations

from collections.abc import Sequence

from core.importing.cells import header_key
from core.mapping import MAPPABLE_FIELDS, ColumnMapping

# Header keys that commonly name each field, best first.
_WORDS: dict[str, tuple[str, ...]] = {
    "period_start": ("date", "day", "start", "start_date", "usage_date", "from"),
    "period_end": ("end", "end_date", "to"),
    "vendor": ("provider", "supplier", "vendor_name"),
    "model": ("model_name", "model_id", "engine"),
    "meter": ("token_type", "usage_type", "type"),
    "quantity": ("tokens", "qty", "units", "usage"),
    "unit": ("uom", "unit_of_measure"),
    "unit_price": ("price", "rate"),
    "billed_amount": ("amount", "cost", "total", "billed_cost", "charge"),
    "list_amount": ("list_cost", "list_price_amount"),
    "currency": ("ccy", "currency_code"),
    "account": ("project", "project_id", "workspace", "api_key", "team"),
    "workload": ("feature", "application", "use_case"),
}


def guess_mapping(header: Sequence[str]) -> ColumnMapping:
    """Columns of ``header`` that plainly name a usage field.

    Each column is used for one field at most, fields taken in the order of
    :data:`~core.mapping.MAPPABLE_FIELDS`; fields nothing matches are left
    out. The result may lack required fields.
    """
    by_key: dict[str, str] = {}
    for name in header:
        by_key.setdefault(header_key(name), name)
    taken: set[str] = set()
    columns: dict[str, str] = {}
    for field in MAPPABLE_FIELDS:
        for key in (field, *_WORDS.get(field, ())):
            column = by_key.get(key)
            if column is not None and column not in taken:
                columns[field] = column
                taken.add(column)
                break
    return ColumnMapping(columns=columns)
