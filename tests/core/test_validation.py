from datetime import date

import pytest

from core.contract import Contract
from core.errors import DataError
from core.validation import field_path, validate_as


def test_field_paths_count_from_one():
    assert field_path(("rates", 0, "price")) == "rates[1].price"
    assert field_path(("name",)) == "name"


def test_every_contract_problem_is_reported_with_field_and_fix():
    data = {
        "name": "Enterprise",
        "vendor": "openai",
        "currency": "usd",
        "term_start": "2026-01-01",
        "term_end": "soon",
        "rates": [
            {"model": "gpt-5.5", "meter": "input", "price": "4.5"},
            {"model": "gpt-5.5", "meter": "outputs", "price": "-1"},
        ],
    }

    with pytest.raises(DataError) as caught:
        validate_as(Contract, data, file="contract.xlsx")

    found = {p.column: p for p in caught.value.problems}
    assert set(found) == {"currency", "term_end", "rates[2].meter", "rates[2].price"}
    assert found["term_end"].fix == "write the date as YYYY-MM-DD"
    assert found["currency"].fix == "use a three-letter currency code such as USD"
    assert found["rates[2].price"].value == "-1"
    assert str(found["rates[2].meter"]).startswith(
        "contract.xlsx, column rates[2].meter: input should be 'input'"
    )


def test_term_order_message_names_both_dates():
    data = {
        "name": "Short",
        "vendor": "anthropic",
        "term_start": date(2026, 6, 1),
        "term_end": date(2026, 1, 1),
    }

    with pytest.raises(DataError, match="term_end 2026-01-01 is not after"):
        validate_as(Contract, data)
