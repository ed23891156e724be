"""Amounts: exact decimals from typed numbers or text as people write it."""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyarrow as pa

    from core.importing.base import RawTable, RowIssues


from core.importing.cells._shared import (
    PRECISION,
    _blank,
    _column,
    _missing,
    _Reason,
    _report,
    _spread,
    _trimmed,
    _try_cast,
)


def decimals(
    raw: RawTable,
    issues: RowIssues,
    column: str,
    *,
    required: bool = True,
    scale: int = 10,
    divide_by: Decimal | int | None = None,
) -> pa.Array:
    """The column as exact numbers, ``decimal128(38, scale)``.

    ``divide_by`` converts units on the way in (``100`` for amounts in
    cents, ``1_000_000`` for a price per million); the result is rounded
    half away from zero to ``scale`` decimals. Empty cells are null, and
    flagged when ``required``. Unreadable cells are null and flagged.

    Raises:
        DataError: ``column`` is not in the table and ``required`` is true.
    """
    import pyarrow as pa

    target = pa.decimal128(PRECISION, scale)
    values = _column(raw, column)
    if values is None:
        if required:
            raise _missing(raw, column)
        return pa.nulls(raw.table.num_rows, target)

    parsed = _parse_decimals(raw, issues, column, values, scale, required)
    if divide_by is not None:
        parsed = _divide(parsed, Decimal(divide_by), scale)
    return parsed


# Scale of the second fast attempt: 20 decimals leave 18 digits before the
# decimal point, more than any invoice line needs.
WIDE_SCALE = 20

_NOT_NUMBER = _Reason("not a number", "write digits such as 12.50")
_PERCENT = _Reason(
    "a percentage, not an amount", "write the amount itself, such as 12.50"
)
_TOO_LARGE = _Reason(
    "too large to be read as a number",
    "check the cell: at most 28 digits before the decimal separator",
)
_EMPTY_NUMBER = _Reason("a number is required", "fill in a number such as 12.50")
_CONTRADICTS = _Reason(
    "uses the decimal separator the other way round from the rest of the column",
    "write every number in the column the same way, such as 1234.50",
)
_NUMBER_REASONS = [_NOT_NUMBER, _PERCENT, _TOO_LARGE, _CONTRADICTS]

_SPACE_TABLE = str.maketrans(
    {"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " ", "\u2212": "-"}
)
_CODE_FRONT = re.compile(r"^([A-Z]{3})(?=[\s\d.,(+\-]|$)\s*")
_CODE_BACK = re.compile(r"(?<=[\s\d.,)\-])\s*([A-Z]{3})$")
_SYMBOL_EXTRA = ("US$", "A$", "C$", "NZ$", "HK$", "S$", "R$", "CHF", "kr")
_PLAIN = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_EXPONENT = re.compile(r"\d+(?:\.\d+)?[eE][+-]?\d+|\d*\.\d+[eE][+-]?\d+")
_CORE = re.compile(r"[\d.,' ’]*\d[\d.,' ’]*")
_GROUP_SPLIT = re.compile(r"[ '’]")


def _parse_decimals(
    raw: RawTable,
    issues: RowIssues,
    column: str,
    values: pa.Array,
    scale: int,
    required: bool,
) -> pa.Array:
    import pyarrow as pa
    import pyarrow.compute as pc

    target = pa.decimal128(PRECISION, scale)
    if pa.types.is_decimal(values.type) and values.type.scale > scale:
        # Read wider than kept (the CSV reader's exact columns): round half
        # away from zero, as the text path does.
        values = pc.round(values, scale, round_mode="half_towards_infinity")
    if pa.types.is_integer(values.type) or pa.types.is_decimal(values.type):
        try:
            parsed = values.cast(target)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            parsed = None
        if parsed is not None:
            if required and parsed.null_count:
                empty = pc.is_null(parsed)
                issues.add(empty, column, _EMPTY_NUMBER.reason, _EMPTY_NUMBER.fix)
            return parsed
    if pa.types.is_string(values.type):
        parsed = _try_cast(values, target)
        if parsed is None:
            parsed = _cast_rounded(values, scale)
        if parsed is not None:
            # The happy path: clean text, empty cells already null.
            if required and parsed.null_count:
                empty = pc.is_null(parsed)
                issues.add(empty, column, _EMPTY_NUMBER.reason, _EMPTY_NUMBER.fix)
            return parsed
    strings = _trimmed(values)
    blank = _blank(strings)
    cells = pc.if_else(blank, pa.scalar(None, pa.string()), strings)
    if required and pc.any(blank).as_py():
        issues.add(blank, column, _EMPTY_NUMBER.reason, _EMPTY_NUMBER.fix)
    parsed = _try_cast(cells, target)
    if parsed is not None:
        return parsed

    style = _vector_style(cells)
    written, plain = _normalised(cells, style)
    fast = _try_cast(written, target, sample=False)
    if fast is None:
        plain = pa.array([False] * len(cells))
        fast = pa.nulls(len(cells), target)
    rest = pc.if_else(plain, pa.scalar(None, pa.string()), cells)
    if rest.null_count == len(rest):
        return fast
    slow, codes = _spread(
        rest, lambda distinct: _decimal_dictionary(distinct, scale, style)
    )
    _report(issues, column, codes, _NUMBER_REASONS)
    return pc.if_else(plain, fast, slow)


def _cast_rounded(values: pa.Array, scale: int) -> pa.Array | None:
    """Clean text with more decimals than ``scale`` (Azure writes up to 16),
    read at a wider scale and rounded half away from zero, or None.

    Without this, every such cell would take the slow per-value parser.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    wide = _try_cast(values, pa.decimal128(PRECISION, WIDE_SCALE))
    if wide is None:
        return None
    rounded = pc.round(wide, scale, round_mode="half_towards_infinity")
    return rounded.cast(pa.decimal128(PRECISION, scale))


# Column-wide evidence of the decimal separator, as regular expressions over
# the cells (RE2 syntax): the same rules as :func:`_evidence`, vectorised.
_SPACES = " '\u2019\u00a0\u202f\u2009"
_SPACES_RE = f"[{_SPACES}]"
_AFFIX = r"[^\d,.]*"
_HEAD = rf"[\d{_SPACES}]*"
_DOT_EVIDENCE = (
    r",\d+\.\d|,\d+,|"
    rf"^{_AFFIX}{_HEAD}\.(\d{{1,2}}|\d{{4,}}){_AFFIX}$|^{_AFFIX}0\.\d+{_AFFIX}$"
)
_COMMA_EVIDENCE = (
    r"\.\d+,\d|\.\d+\.|"
    rf"^{_AFFIX}{_HEAD},(\d{{1,2}}|\d{{4,}}){_AFFIX}$|^{_AFFIX}0,\d+{_AFFIX}$"
)
_MONEY = "(?:[A-Z]{3}|[$€£¥₹])"
_SIGN = "[-+\u2212]"


def _strict_number(style: str) -> str:
    """A well-formed amount in ``style``, with sign, brackets and currency."""
    mark, group = (r"\.", ",") if style == "dot" else (",", r"\.")
    number = (
        rf"(?:\d{{1,3}}(?:[{group}]\d{{3}})+|\d{{1,3}}(?:{_SPACES_RE}\d{{3}})+|\d+)"
    )
    number += rf"(?:{mark}\d+)?"
    inner = (
        rf"\s*{_SIGN}?\s*(?:{_MONEY}\s*)?{_SIGN}?\s*{number}"
        rf"\s*(?:{_MONEY})?\s*{_SIGN}?\s*"
    )
    return rf"^(?:\({inner}\)|{inner})$"


def _vector_style(cells: pa.Array) -> str:
    import pyarrow.compute as pc

    dots = pc.sum(pc.match_substring_regex(cells, _DOT_EVIDENCE)).as_py() or 0
    commas = pc.sum(pc.match_substring_regex(cells, _COMMA_EVIDENCE)).as_py() or 0
    return "comma" if commas > dots else "dot"


def _normalised(cells: pa.Array, style: str) -> tuple[pa.Array, pa.Array]:
    """Well-formed cells rewritten as plain numbers (``-1234.50``), and the
    mask of those cells; the rest is left to the robust parser."""
    import pyarrow as pa
    import pyarrow.compute as pc

    strict = pc.match_substring_regex(cells, _strict_number(style))
    bracket = pc.starts_with(cells, "(")
    minus = pc.match_substring_regex(cells, "[-\u2212]")
    signs = pc.count_substring_regex(cells, f"{_SIGN}|\\(")
    plain = pc.and_(strict, pc.less_equal(signs, 1)).fill_null(False)
    keep = "[^0-9.]" if style == "dot" else "[^0-9,]"
    digits = pc.replace_substring_regex(cells, keep, "")
    if style == "comma":
        digits = pc.replace_substring(digits, ",", ".")
    negative = pc.or_(bracket, minus).fill_null(False)
    signed = pc.binary_join_element_wise(pa.scalar("-"), digits, "")
    written = pc.if_else(pc.and_(plain, negative), signed, digits)
    return pc.if_else(plain, written, pa.scalar(None, pa.string())), plain


def _decimal_dictionary(
    distinct: list[str | None], scale: int, style: str
) -> tuple[pa.Array, list[int]]:
    """Parse every distinct cell with the column's decimal style."""
    import pyarrow as pa

    cores: list[tuple[bool, str] | int] = [_number_core(v or "") for v in distinct]
    quantum = Decimal(1).scaleb(-scale)
    limit = Decimal(10) ** (PRECISION - scale)
    out: list[Decimal | None] = []
    codes: list[int] = []
    for core in cores:
        if isinstance(core, int):
            out.append(None)
            codes.append(core)
            continue
        negative, digits = core
        number = _read_core(digits, style)
        if isinstance(number, int):
            out.append(None)
            codes.append(number)
            continue
        # Check the size before rounding: quantizing 1e999 to ten places
        # overflows even a wide decimal context.
        if not number.is_finite() or abs(number) >= limit:
            out.append(None)
            codes.append(_code(_TOO_LARGE))
            continue
        with localcontext() as wide:
            wide.prec = 2 * PRECISION
            rounded = number.quantize(quantum, rounding=ROUND_HALF_UP)
        if abs(rounded) >= limit:
            out.append(None)
            codes.append(_code(_TOO_LARGE))
            continue
        out.append(-rounded if negative else rounded)
        codes.append(0)
    return pa.array(out, pa.decimal128(PRECISION, scale)), codes


def _code(reason: _Reason) -> int:
    return _NUMBER_REASONS.index(reason) + 1


def _number_core(cell: str) -> tuple[bool, str] | int:
    """Strip currency, signs and brackets: ``(negative, digits and
    separators)``, or a reason code."""
    text_ = cell.translate(_SPACE_TABLE).strip()
    if "%" in text_ or "‰" in text_:
        return _code(_PERCENT)
    negative = False
    for _ in range(6):
        before = text_
        if text_.startswith("(") and text_.endswith(")"):
            negative = not negative
            text_ = text_[1:-1].strip()
        if text_.startswith(("-", "+")) or text_.endswith(("-", "+")):
            sign = text_[0] if text_[0] in "+-" else text_[-1]
            text_ = text_[1:] if text_[0] in "+-" else text_[:-1]
            negative = negative != (sign == "-")
            text_ = text_.strip()
        text_ = _strip_currency(text_)
        if text_ == before:
            break
    if not text_:
        return _code(_NOT_NUMBER)
    if _EXPONENT.fullmatch(text_):
        return negative, text_
    if not _CORE.fullmatch(text_):
        return _code(_NOT_NUMBER)
    return negative, text_


def _strip_currency(text_: str) -> str:
    for extra in _SYMBOL_EXTRA:
        if text_.startswith(extra):
            text_ = text_[len(extra) :]
        elif text_.endswith(extra):
            text_ = text_[: -len(extra)]
    text_ = _CODE_FRONT.sub("", text_)
    text_ = _CODE_BACK.sub("", text_)
    while text_ and unicodedata.category(text_[0]) == "Sc":
        text_ = text_[1:]
    while text_ and unicodedata.category(text_[-1]) == "Sc":
        text_ = text_[:-1]
    return text_.strip()


def _evidence(core: str) -> str | None:
    """``"dot"`` or ``"comma"`` when the cell can only be read one way."""
    if _EXPONENT.fullmatch(core):
        return "dot"
    dots, commas = core.count("."), core.count(",")
    if dots and commas:
        return "dot" if core.rfind(".") > core.rfind(",") else "comma"
    if not dots and not commas:
        return None
    mark, count = (".", dots) if dots else (",", commas)
    own, other = ("dot", "comma") if mark == "." else ("comma", "dot")
    if count > 1:
        return other
    head, tail = core.split(mark)
    head = _GROUP_SPLIT.sub("", head)
    if len(tail) == 3 and head and head != "0" and len(head) <= 3:
        return None if not _GROUP_SPLIT.search(core) else own
    return own


def _read_core(core: str, style: str) -> Decimal | int:
    if _EXPONENT.fullmatch(core):
        return Decimal(core)
    evidence = _evidence(core)
    if evidence is not None and evidence != style:
        return _code(_CONTRADICTS)
    decimal_mark, group_mark = (".", ",") if style == "dot" else (",", ".")
    if core.count(decimal_mark) > 1:
        return _code(_NOT_NUMBER)
    head, _, tail = core.partition(decimal_mark)
    if not _digits_only(tail):
        return _code(_NOT_NUMBER)
    groups = re.split(rf"[{re.escape(group_mark)} '’]", head)
    if len(groups) > 1 and not _valid_groups(groups):
        return _code(_NOT_NUMBER)
    whole = "".join(groups)
    if not _digits_only(whole) or not (whole or tail):
        return _code(_NOT_NUMBER)
    try:
        return Decimal(f"{whole or '0'}.{tail or '0'}")
    except InvalidOperation:
        return _code(_NOT_NUMBER)


def _digits_only(part: str) -> bool:
    return part == "" or (part.isascii() and part.isdigit())


def _valid_groups(groups: list[str]) -> bool:
    """Thousands groups: 1–3 digits first, then threes (Indian 2-digit
    groups allowed in the middle)."""
    first, *middle, last = groups
    return (
        1 <= len(first) <= 3
        and all(len(g) in (2, 3) for g in middle)
        and len(last) == 3
    )


def _divide(parsed: pa.Array, divisor: Decimal, scale: int) -> pa.Array:
    """``parsed / divisor``, exact to ``scale`` decimals (half away from 0)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    target = pa.decimal128(PRECISION, scale)
    if divisor == 0:
        raise ValueError("divide_by must not be zero")
    _sign, digits, exponent = divisor.normalize().as_tuple()
    assert isinstance(exponent, int)
    places = max(-exponent, 0)
    width = max(len(digits) + max(exponent, 0), places + 1)
    scalar = pa.scalar(divisor, pa.decimal256(width, places))
    try:
        wide = parsed.cast(pa.decimal256(PRECISION + 6, scale + 6))
        quotient = pc.divide(wide, scalar)
        rounded = pc.round(quotient, scale, round_mode="half_towards_infinity")
        return rounded.cast(target)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        quantum = Decimal(1).scaleb(-scale)
        limit = Decimal(10) ** (PRECISION - scale)
        out: list[Decimal | None] = []
        for value in parsed.to_pylist():
            if value is None:
                out.append(None)
                continue
            result = (value / divisor).quantize(quantum, rounding=ROUND_HALF_UP)
            out.append(result if abs(result) < limit else None)
        return pa.array(out, target)
