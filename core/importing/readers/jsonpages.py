"""JSON exports: vendor API pages flattened to rows.

Usage and cost APIs answer in pages: an object whose ``data`` is a list of
time buckets, each with scalar fields (``start_time``, ``end_time``) and a
list ``results`` (or ``result``) of records. A file may hold one page, a
list of pages, or one page per line (JSON Lines). Each result becomes a row;
the bucket's scalar fields are copied onto it. Nested objects are flattened
with dotted names (``amount.value``); a bucket field whose name a result
also uses is kept as ``bucket.<name>``. Lists inside a record are kept as
JSON text. A plain list of records, or ``data`` holding records without
``results``, is read the same way, one row per record.

Numbers stay typed: whole numbers as ``int64``, others as exact decimals
(read without passing through binary floats). A column mixing kinds becomes
text. ``source_rows`` is the 1-based ordinal of the row in the file.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.importing.base import RawTable
from core.importing.readers.safety import refuse

if TYPE_CHECKING:
    import pyarrow as pa

RESULT_KEYS = ("results", "result")


def looks_like_json(head: bytes) -> bool:
    text = head.lstrip(codecs.BOM_UTF8).lstrip()
    return text[:1] in (b"{", b"[")


def read_json(path: Path, file_name: str) -> RawTable:
    """Flatten a JSON export into a raw table of typed cells."""
    documents = _load(path.read_bytes(), file_name)
    records = list(_records(documents))
    if not records:
        raise refuse(
            file_name,
            "the JSON file holds no records",
            "export a period that has data",
        )
    return _table(records, file_name)


def _load(data: bytes, file_name: str) -> list[Any]:
    text = _decode(data, file_name)
    try:
        return [json.loads(text, parse_float=Decimal)]
    except json.JSONDecodeError as exc:
        if exc.msg != "Extra data":
            raise refuse(
                file_name,
                f"the JSON is not valid ({exc.msg} at line {exc.lineno})",
                "export it again; the file may be cut short",
            ) from None
    except RecursionError:
        raise refuse(file_name, "the JSON is nested too deeply") from None
    try:
        return [
            json.loads(line, parse_float=Decimal)
            for line in text.splitlines()
            if line.strip()
        ]
    except (json.JSONDecodeError, RecursionError) as exc:
        detail = exc.msg if isinstance(exc, json.JSONDecodeError) else "too deep"
        raise refuse(file_name, f"the JSON is not valid ({detail})") from None


def _decode(data: bytes, file_name: str) -> str:
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return _strict(data, codec, file_name)
    return _strict(data, "utf-8", file_name)


def _strict(data: bytes, codec: str, file_name: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        raise refuse(file_name, "the JSON is not valid text (UTF-8)") from None


def _records(documents: list[Any]) -> Iterator[dict[str, Any]]:
    for document in documents:
        pages = document if isinstance(document, list) else [document]
        for page in pages:
            yield from _page_records(page)


def _page_records(page: Any) -> Iterator[dict[str, Any]]:
    if not isinstance(page, dict):
        return
    items = page.get("data")
    if not isinstance(items, list):
        found = _results(page)
        if found is None:
            yield flatten(page)
            return
        items = [page]
    for item in items:
        if not isinstance(item, dict):
            continue
        results = _results(item)
        if results is None:
            yield flatten(item)
            continue
        bucket = flatten({k: v for k, v in item.items() if k not in RESULT_KEYS})
        for result in results:
            if not isinstance(result, dict):
                continue
            row = flatten(result)
            merged = {
                (f"bucket.{key}" if key in row else key): value
                for key, value in bucket.items()
            }
            merged.update(row)
            yield merged


def _results(item: dict[str, Any]) -> list[Any] | None:
    for key in RESULT_KEYS:
        if isinstance(item.get(key), list):
            return list(item[key])
    return None


def flatten(record: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """``{"amount": {"value": 1}}`` → ``{"amount.value": 1}``."""
    flat: dict[str, Any] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            flat.update(flatten(value, f"{name}."))
        elif isinstance(value, list | dict):
            flat[name] = json.dumps(value, default=str)
        else:
            flat[name] = value
    return flat


def _table(records: list[dict[str, Any]], file_name: str) -> RawTable:
    import numpy as np
    import pyarrow as pa

    names: dict[str, None] = {}
    for record in records:
        for key in record:
            names.setdefault(key, None)
    arrays = [_column([r.get(name) for r in records]) for name in names]
    table = pa.Table.from_arrays(arrays, names=list(names))
    rows = pa.array(np.arange(1, len(records) + 1), pa.int64())
    return RawTable(file_name, table, rows)


def _column(values: list[Any]) -> pa.Array:
    import pyarrow as pa

    present = [v for v in values if v is not None]
    if not present:
        return pa.nulls(len(values), pa.string())
    if all(isinstance(v, bool) for v in present):
        return pa.array(values, pa.bool_())
    numbers = all(
        isinstance(v, int | Decimal) and not isinstance(v, bool) for v in present
    )
    if numbers and all(isinstance(v, int) for v in present):
        try:
            return pa.array(values, pa.int64())
        except (pa.ArrowInvalid, OverflowError):
            pass
    if numbers:
        try:
            exact = [None if v is None else Decimal(v) for v in values]
            array = pa.array(exact)
            if pa.types.is_decimal128(array.type):
                return array
        except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
            pass
    if all(isinstance(v, str) for v in present):
        return pa.array(values, pa.string())
    return pa.array([None if v is None else _text(v) for v in values], pa.string())


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)
