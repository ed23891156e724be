from core.mapping_guess import guess_mapping


def test_guess_takes_field_names_and_common_words():
    header = ["Date", "Provider", "Model", "Tokens", "Cost (USD)", "Currency", "Team"]

    mapping = guess_mapping(header)

    assert mapping.columns == {
        "period_start": "Date",
        "vendor": "Provider",
        "model": "Model",
        "quantity": "Tokens",
        "currency": "Currency",
        "account": "Team",
    }
    assert mapping.fixed == {}


def test_guess_prefers_the_field_name_and_uses_a_column_once():
    mapping = guess_mapping(["amount", "Billed Amount", "model", "model_name"])

    assert mapping.columns == {"model": "model", "billed_amount": "Billed Amount"}


def test_guess_of_unrelated_columns_is_empty():
    assert guess_mapping(["alpha", "beta", ""]).columns == {}
