"""Billing vocabulary shared by the cloud exports (FOCUS, Azure, AWS CUR).

Cloud bills name what was used in labels rather than columns: a meter name
``gpt-4o-0806-Inp-glbl``, a usage type ``USE1-Claude4.6Sonnet-input-tokens``,
a unit ``1K tokens``. The rules here read such labels once per *distinct*
combination (:func:`distinct_rows`), and spread the answers back to every
row with Arrow, so a million-line bill costs a few thousand rule calls.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from core.importing.base import RawTable, RowIssues
from core.importing.cells import text
from core.reference import ChargeCategory, Meter, Vendor
from core.usage import QUANTITY_SCALE

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa

QUANTITY = QUANTITY_SCALE  # decimal places of quantities in the usage table

# ------------------------------------------------------------- labels

_WORDS = re.compile(r"[a-z0-9]+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_CACHE = {"cache", "cached", "cchd", "cachd"}
_CACHE_WRITE = {"write", "writes", "written", "creation", "create"}
_OUTPUT = {"output", "outp", "completion", "completions"}
_INPUT = {"input", "inp", "prompt", "prompts", "miss"}
_HOURS = {"provisioned", "ptu", "ptus", "hour", "hours", "hr", "hrs"}
_REQUESTS = {"request", "requests", "call", "calls", "invocation", "invocations"}


def meter_from_words(label: str) -> str:
    """The meter a billing label names (``"cache-read-input-token-count"``
    → ``cached_input``), by its words in this order: provisioned hours,
    batch, cache write, cache read, output, input, requests, images, audio;
    ``other`` when none is there."""
    words = set(_WORDS.findall(_CAMEL.sub(" ", label).lower()))
    if words & _HOURS:
        return Meter.PROVISIONED.value
    if "batch" in words:
        batch = Meter.BATCH_OUTPUT if words & _OUTPUT else Meter.BATCH_INPUT
        return batch.value
    if words & _CACHE and words & _CACHE_WRITE:
        return Meter.CACHE_WRITE.value
    if words & _CACHE or "hit" in words:
        return Meter.CACHED_INPUT.value
    for vocabulary, meter in (
        (_OUTPUT, Meter.OUTPUT),
        (_INPUT, Meter.INPUT),
        (_REQUESTS, Meter.REQUEST),
        ({"image", "images"}, Meter.IMAGE),
        ({"audio", "minute", "minutes"}, Meter.AUDIO),
    ):
        if words & vocabulary:
            return meter.value
    return Meter.OTHER.value


_UNIT = re.compile(
    r"(?:per\s+)?(?P<number>\d[\d,]*(?:\.\d+)?)?\s*"
    r"(?P<scale>thousand|million|billion|mtoks?|ktoks?|k|m|b)?(?![a-z])"
)
_SCALES = {"k": 10**3, "thousand": 10**3, "ktok": 10**3, "ktoks": 10**3,
           "m": 10**6, "million": 10**6, "mtok": 10**6, "mtoks": 10**6,
           "b": 10**9, "billion": 10**9}  # fmt: skip


def unit_multiplier(unit: str) -> Decimal:
    """How many base units (tokens, hours, requests) one unit of ``unit`` is:
    ``"1M Tokens"`` → 1,000,000, ``"1K"`` → 1,000, ``"10 Hours"`` → 10,
    ``"Tokens"`` → 1."""
    found = _UNIT.match(unit.strip().lower())
    if found is None or not (found["number"] or found["scale"]):
        return Decimal(1)
    number = Decimal(found["number"].replace(",", "")) if found["number"] else 1
    return Decimal(number) * _SCALES.get(found["scale"] or "", 1)


def is_token_unit(unit: str) -> bool:
    """Whether a unit counts tokens: ``Tokens``, ``1K tokens``, ``1M``."""
    lowered = unit.strip().lower()
    return "token" in lowered or re.fullmatch(r"1?\s*[km]", lowered) is not None


_FAMILIES = re.compile(
    r"(?<![a-z])(gpt|o[1-9]|chatgpt|dall|whisper|tts|claude|sonnet|haiku|opus|"
    r"gemini|gemma|palm|bison|imagen|veo|llama|mistral|mixtral|codestral|"
    r"pixtral|ministral|magistral|devstral|deepseek|command|cohere|titan|nova|"
    r"jamba|phi|grok|qwen|kimi|glm|embed|text-embedding)"
)
_NOISE = frozenset(
    {"input", "inp", "output", "outp", "tokens", "token", "tok", "toks",
     "count", "cached", "cache", "cchd", "read", "write", "hit", "miss",
     "creation", "batch", "prompt", "completion", "glbl", "global", "gl",
     "regnl", "regional", "rgnl", "dz", "dzone", "datazone", "data", "zone",
     "1k", "1m", "units", "unit", "per"}
)  # fmt: skip
_REGION_CODE = re.compile(r"[A-Z]{2,4}\d")


def model_from_label(label: str) -> str:
    """A meter or usage-type name without its meter, unit and region words:
    ``"gpt-4o-0806-Inp-glbl"`` → ``"gpt-4o-0806"``,
    ``"USE1-Llama3.1-70B-input-tokens"`` → ``"Llama3.1-70B"``."""
    kept = []
    for position, word in enumerate(label.split()):
        parts = [part for part in word.split("-") if part]
        if position == 0 and len(parts) > 1 and _REGION_CODE.fullmatch(parts[0]):
            parts = parts[1:]
        parts = [part for part in parts if part.lower() not in _NOISE]
        if parts:
            kept.append("-".join(parts))
    return " ".join(kept)


def model_of(candidates: Sequence[str], fallback: str) -> str:
    """The first candidate naming a known model family, meter words removed;
    else ``fallback`` (the service name), else the first non-empty one."""
    for candidate in candidates:
        name = model_from_label(candidate)
        if name and _FAMILIES.search(name.lower()):
            return name
    return fallback or next((c for c in candidates if c), "unknown")


def vendor_of(provider: str, publisher: str, service: str, model: str = "") -> str:
    """The vendor id of who bills a line (see the module docstring); an
    OpenAI model name (gpt-…, o3…) billed by Azure counts as Azure OpenAI."""
    provider, publisher = provider.lower(), publisher.lower()
    service = f"{service} {model}".lower()
    if _OPENAI_MODEL.search(service):
        service += " openai"
    cloud = _cloud_vendor(provider, publisher, service)
    if cloud is not None:
        return cloud
    for name in (provider, publisher):
        for word, vendor in _AI_VENDORS:
            if word in name:
                return vendor.value
    return Vendor.OTHER.value


_OPENAI_MODEL = re.compile(r"(?<![a-z])(gpt|o[1-9]|dall|whisper|sora|text-embedding)")
_AI_VENDORS = (
    ("openai", Vendor.OPENAI), ("anthropic", Vendor.ANTHROPIC),
    ("mistral", Vendor.MISTRAL), ("deepseek", Vendor.DEEPSEEK),
    ("google", Vendor.GOOGLE),
)  # fmt: skip


def _cloud_vendor(provider: str, publisher: str, service: str) -> str | None:
    """The vendor when a cloud bills the line; None when no cloud does."""
    if "microsoft" in provider or "azure" in provider:
        openai = "openai" in publisher or "openai" in service
        return (Vendor.AZURE_OPENAI if openai else Vendor.OTHER).value
    if "aws" in provider or "amazon" in provider:
        bedrock = "bedrock" in service
        return (Vendor.AWS_BEDROCK if bedrock else Vendor.OTHER).value
    if "google" in provider:
        ai = re.search(r"vertex|gemini|generative|\bai\b", service) is not None
        return (Vendor.GOOGLE if ai else Vendor.OTHER).value
    return None


# ------------------------------------------------------------- vectorised


def raw_column(
    raw: RawTable, columns: dict[str, str], key: str
) -> pa.ChunkedArray | None:
    """The file's column with header key ``key`` as read, or None."""
    name = columns.get(key)
    return None if name is None else raw.table.column(name)


def distinct_rows(
    arrays: Sequence[pa.Array | pa.ChunkedArray | None], count: int
) -> tuple[np.ndarray, list[tuple[str, ...]]]:
    """Group ``count`` rows by their values across ``arrays``.

    Returns each row's group number and each group's values as trimmed
    text (an absent array, a null or a blank cell is empty text), so rules
    written for one label run once per distinct combination, not once per
    row. Only the distinct values are trimmed and written as text.
    """
    import numpy as np

    codes = np.zeros(count, dtype=np.int64)
    if not count:
        return codes, []
    keys: list[tuple[str, ...]] = [()]
    pending: list[list[str]] = []
    space = 1
    for index, values in _encoded_all(arrays, count):
        if space * len(values) >= 2**62:
            codes, keys = _densify(codes, keys, pending)
            pending, space = [], len(keys)
        if len(values) > 1:
            codes = codes * len(values) + index
        pending.append(values)
        space *= len(values)
    return _densify(codes, keys, pending)


# Above this many rows, columns are encoded on several threads at once
# (Arrow's hashing releases the GIL; it halves the time on two cores).
_PARALLEL_ROWS = 100_000


def _encoded_all(
    arrays: Sequence[pa.Array | pa.ChunkedArray | None], count: int
) -> list[tuple[np.ndarray, list[str]]]:
    """:func:`_encoded` for every array, in order."""
    import os
    from concurrent.futures import ThreadPoolExecutor

    workers = min(len(arrays), os.cpu_count() or 1, 4)
    if count < _PARALLEL_ROWS or workers < 2:
        return [_encoded(array, count) for array in arrays]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(lambda array: _encoded(array, count), arrays))


def _encoded(
    array: pa.Array | pa.ChunkedArray | None, count: int
) -> tuple[np.ndarray, list[str]]:
    """Each row's index into the column's distinct values, and those values."""
    import numpy as np

    if array is None:
        return np.zeros(count, dtype=np.int64), [""]
    index, dictionary = dictionary_of(array)
    values = ["" if v is None else str(v).strip() for v in dictionary.to_pylist()]
    return index, values or [""]


def dictionary_of(array: pa.Array | pa.ChunkedArray) -> tuple[np.ndarray, pa.Array]:
    """The column's distinct values (null among them), and each row's index
    into them (int64)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    if pa.types.is_dictionary(array.type):
        array = array.cast(array.type.value_type)
    encoded = pc.dictionary_encode(array, null_encoding="encode")
    if not isinstance(encoded, pa.ChunkedArray):
        return encoded.indices.to_numpy(zero_copy_only=False), encoded.dictionary
    # Arrow gives every chunk of a chunked column one unified dictionary.
    chunks = encoded.chunks
    if not chunks:
        return np.zeros(0, dtype=np.int64), pa.nulls(0, array.type)
    parts = [chunk.indices.to_numpy(zero_copy_only=False) for chunk in chunks]
    return np.concatenate(parts).astype(np.int64), chunks[-1].dictionary


def _densify(
    codes: np.ndarray, keys: list[tuple[str, ...]], pending: list[list[str]]
) -> tuple[np.ndarray, list[tuple[str, ...]]]:
    """Renumber mixed-radix codes 0..n-1 and spell out each group's values."""
    import numpy as np
    import pandas as pd

    dense, uniques = pd.factorize(codes)
    found = []
    for code in uniques.tolist():
        digits = []
        for values in reversed(pending):
            code, digit = divmod(code, len(values))
            digits.append(values[digit])
        found.append(keys[code] + tuple(reversed(digits)))
    return np.asarray(dense, dtype=np.int64), found


def spread(values: Sequence[object], codes: np.ndarray, kind: pa.DataType) -> pa.Array:
    """``values[code]`` for each row's group code, as an Arrow array of ``kind``."""
    import pyarrow as pa

    return pa.array(values, kind).take(pa.array(codes))


def take_text(values: Sequence[str], codes: np.ndarray) -> pa.Array:
    """``values[code]`` for each row's group code, as text."""
    import pyarrow as pa

    return spread(values, codes, pa.string())


def scale_by(
    values: pa.Array,
    multipliers: list[Decimal],
    codes: np.ndarray,
    issues: RowIssues,
    column: str,
) -> pa.Array:
    """Each row's ``values`` × ``multipliers[code]``, ``decimal128(38, 6)``.

    Quantities in thousands or millions become base units. Products beyond
    what the table holds are flagged and left empty; a fractional
    multiplier's product is rounded half to even to 6 decimals.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if all(m == 1 for m in multipliers):
        return values
    width = max(_digits(m) for m in multipliers)
    places = max(max(-int(m.as_tuple().exponent), 0) for m in multipliers)
    limit = Decimal(10) ** (31 - width - places)
    limit_scalar = pa.scalar(limit, pa.decimal128(38, QUANTITY))
    huge = pc.greater_equal(pc.abs(values), limit_scalar)
    if pc.any(huge).as_py():
        issues.add(huge, column, "the quantity is too large", "check the cell")
        values = pc.if_else(huge, pa.scalar(None, values.type), values)
    factor = pa.array(multipliers, pa.decimal128(width + places, places))
    product = pc.multiply(
        values.cast(pa.decimal128(37 - width - places, QUANTITY)),
        factor.take(pa.array(codes)),
    )
    if places:
        product = pc.round(product, QUANTITY)
    return product.cast(pa.decimal128(38, QUANTITY))


def _digits(number: Decimal) -> int:
    """Digits before the decimal point."""
    return max(len(str(int(abs(number)))), 1)


_TAG = r'"(?i:{key})"\s*:\s*"(?P<value>(?:[^"\\]|\\.)*)"'


def tag_values(raw: RawTable, column: str | None, keys: Sequence[str]) -> pa.Array:
    """Per row, the value of the first of ``keys`` (any case) in its tags.

    Tags are a JSON object (``{"workload":"chatbot"}``), the same without
    braces (Azure), or a map column (Parquet). Empty text when none is set.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    count = raw.table.num_rows
    if column is None:
        return pa.repeat(pa.scalar("", pa.string()), count)
    values = raw.table.column(column)
    if pa.types.is_map(values.type):
        return _map_tags(values.combine_chunks(), keys)
    if not (pa.types.is_string(values.type) or pa.types.is_dictionary(values.type)):
        values = text(raw, column)
    index, distinct = dictionary_of(values)
    distinct = distinct.cast(pa.string())
    found = pa.nulls(len(distinct), pa.string())
    for key in keys:
        pattern = _TAG.format(key=re.escape(key))
        value = pc.struct_field(pc.extract_regex(distinct, pattern), [0])
        found = pc.coalesce(found, _blank_as_null(value))
    return _unescaped(found).take(pa.array(index)).fill_null("")


def _map_tags(values: pa.Array, keys: Sequence[str]) -> pa.Array:
    """Tags held as an Arrow map (Parquet), keys compared in lower case."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    kind = values.type
    pair = pa.struct([kind.key_field, kind.item_field])
    lists = values.cast(pa.list_(pair))
    pairs = pc.list_flatten(lists)
    names = pc.utf8_lower(pairs.field(0).cast(pa.string()))
    items = pairs.field(1).cast(pa.string())
    owners = pc.list_parent_indices(lists).to_numpy(zero_copy_only=False)
    found = pa.nulls(len(values), pa.string())
    for key in keys:
        hits = pc.equal(names, key.lower()).fill_null(False)
        rows = owners[hits.to_numpy(zero_copy_only=False)]
        pick = np.full(len(values), -1, dtype=np.int64)
        # Reversed so the first pair of a row wins when a key repeats.
        pick[rows[::-1]] = np.flatnonzero(hits.to_numpy(zero_copy_only=False))[::-1]
        chosen = items.take(pa.array(pick, mask=pick < 0))
        found = pc.coalesce(found, _blank_as_null(chosen))
    return found.fill_null("")


def _blank_as_null(values: pa.Array) -> pa.Array:
    import pyarrow as pa
    import pyarrow.compute as pc

    return pc.if_else(pc.equal(values, ""), pa.scalar(None, pa.string()), values)


def _unescaped(values: pa.Array) -> pa.Array:
    """JSON string escapes (``\\"``, ``\\u00e9``) decoded, distinct values only."""
    import pyarrow as pa
    import pyarrow.compute as pc

    escaped = pc.match_substring(values, "\\").fill_null(False)
    if not pc.any(escaped).as_py():
        return values
    decoded = [_json_text(v) for v in values.filter(escaped).to_pylist()]
    return pc.replace_with_mask(values, escaped, pa.array(decoded, pa.string()))


def _json_text(value: str) -> str:
    try:
        decoded = json.loads(f'"{value}"')
    except json.JSONDecodeError:
        return value
    return decoded if isinstance(decoded, str) else value


def keep_rows(raw: RawTable, keep: pa.Array) -> RawTable:
    """The raw table with only the rows ``keep`` marks (nulls drop)."""
    import pyarrow.compute as pc

    keep = keep.fill_null(False)
    return RawTable(
        file_name=raw.file_name,
        table=raw.table.filter(keep),
        source_rows=pc.filter(raw.source_rows, keep),
        sheet=raw.sheet,
        notes=raw.notes,
    )


def first_text(
    raw: RawTable, columns: dict[str, str], keys: Sequence[str], *, null: bool = False
) -> pa.Array:
    """Per row, the first non-empty trimmed text among the columns with header
    keys ``keys``; empty text (or null when ``null``) when none has any."""
    import pyarrow as pa

    arrays = [raw_column(raw, columns, key) for key in keys]
    codes, found = distinct_rows(arrays, raw.table.num_rows)
    values = [next((v for v in key if v), None if null else "") for key in found]
    return spread(values, codes, pa.string())


def flag_groups(
    issues: RowIssues,
    bad: Sequence[bool],
    codes: np.ndarray,
    column: str,
    reason: str,
    fix: str,
) -> None:
    """Flag the rows of every group marked in ``bad``."""
    import numpy as np

    if any(bad):
        issues.add(np.asarray(bad, dtype=bool)[codes], column, reason, fix)


def group_sizes(codes: np.ndarray, groups: int) -> list[int]:
    """How many rows each group has."""
    import numpy as np

    return [int(n) for n in np.bincount(codes, minlength=groups)]


_CURRENCY_CODE = re.compile(r"[A-Z]{3}")


def flag_currencies(
    issues: RowIssues, currencies: Sequence[str], codes: np.ndarray, column: str
) -> None:
    """Flag rows whose group's currency is not a three-letter code."""
    flag_groups(
        issues,
        [_CURRENCY_CODE.fullmatch(code) is None for code in currencies],
        codes,
        column,
        "not a currency code",
        "write a three-letter ISO code such as USD",
    )


def unknown_types_note(
    types: list[tuple[str, bool]], codes: np.ndarray, column: str
) -> list[str]:
    """A note on the lines whose charge type we read as Adjustment.

    ``types`` holds, per distinct label, the type as written and whether we
    know it; ``codes`` maps each line to its label.
    """
    sizes = group_sizes(codes, len(types))
    unknown = [
        (size, name)
        for size, (name, known) in zip(sizes, types, strict=True)
        if not known
    ]
    count = sum(size for size, _ in unknown)
    if not count:
        return []
    shown = ", ".join(sorted({name for _, name in unknown})[:5])
    return [
        f"{count} lines have a {column} we do not know ({shown}); they are "
        "imported as Adjustment"
    ]


def usage_quantity(
    counted: pa.Array,
    category: pa.Array,
    multipliers: list[Decimal],
    codes: np.ndarray,
    issues: RowIssues,
    column: str,
    *,
    refund_hint: str,
) -> pa.Array:
    """``counted`` × each line's unit multiplier (tokens or hours).

    Required and not negative on usage lines, where ``refund_hint`` says how
    the format books refunds instead; 0 when empty on other lines.
    """
    import pyarrow.compute as pc

    usage = pc.equal(category, ChargeCategory.USAGE.value)
    issues.add(
        pc.and_(usage, pc.is_null(counted)),
        column,
        "a usage line needs a quantity",
        f"fill in {column}",
    )
    issues.add(
        pc.and_(usage, pc.less(counted, 0)),
        column,
        "a usage quantity cannot be negative",
        refund_hint,
    )
    return scale_by(counted, multipliers, codes, issues, column).fill_null(0)
