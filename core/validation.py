"""Turn pydantic's validation errors into problems a person can act on."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from core.errors import DataError, Problem

ModelT = TypeVar("ModelT", bound=BaseModel)

_FIXES = {
    "missing": "fill it in",
    "enum": "choose one of the listed values",
    "literal_error": "choose one of the listed values",
    "decimal_parsing": "enter a number such as 1250.50",
    "decimal_type": "enter a number such as 1250.50",
    "int_parsing": "enter a whole number",
    "date_parsing": "write the date as YYYY-MM-DD",
    "date_from_datetime_parsing": "write the date as YYYY-MM-DD",
    "date_type": "write the date as YYYY-MM-DD",
    "string_pattern_mismatch": "write it in the form the field expects",
    "string_too_short": "fill it in",
    "greater_than": "enter a larger value",
    "greater_than_equal": "enter a larger value",
    "less_than": "enter a smaller value",
    "less_than_equal": "enter a smaller value",
    "extra_forbidden": "remove it; it is not a known field",
}


def field_path(location: tuple[int | str, ...]) -> str:
    """``("rates", 0, "price")`` → ``rates[1].price`` (1-based, as people count)."""
    text = ""
    for part in location:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += f".{part}" if text else part
    return text


def _fix_for(detail: Any) -> str:
    if detail["type"] == "string_pattern_mismatch" and "A-Z" in str(
        detail.get("ctx", {}).get("pattern", "")
    ):
        return "use a three-letter currency code such as USD"
    return _FIXES.get(str(detail["type"]), "")


def problems_from_validation(
    error: ValidationError, *, file: str | None = None, sheet: str | None = None
) -> list[Problem]:
    """One :class:`Problem` per pydantic error, naming the field and the fix."""
    problems = []
    for detail in error.errors(include_url=False):
        reason = str(detail["msg"])
        if reason.startswith("Value error, "):
            reason = reason.removeprefix("Value error, ")
        problems.append(
            Problem(
                reason=reason[:1].lower() + reason[1:],
                fix=_fix_for(detail),
                file=file,
                sheet=sheet,
                column=field_path(tuple(detail["loc"])) or None,
                value=_shown(detail.get("input")),
            )
        )
    return problems


def validate_as(
    model: type[ModelT],
    data: Any,
    *,
    file: str | None = None,
    sheet: str | None = None,
) -> ModelT:
    """Validate ``data`` as ``model``.

    Raises:
        DataError: listing every problem at once.
    """
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise DataError(problems_from_validation(exc, file=file, sheet=sheet)) from exc


def _shown(value: object) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    return str(value)
