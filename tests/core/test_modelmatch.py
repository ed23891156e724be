from datetime import date

import pytest

from core.modelmatch import resolve_model, resolve_usage_models
from core.usage import usage_frame

from .factories import row


@pytest.mark.parametrize(
    ("vendor", "reported", "model_id", "via"),
    [
        ("openai", "gpt-5.6-luna", "gpt-5.6-luna", "catalog"),
        ("openai", "gpt-4o-2024-08-06", "gpt-4o", "catalog"),
        ("anthropic", "claude-sonnet-4-6", "claude-sonnet-4-6", "catalog"),
        (
            "aws-bedrock",
            "anthropic.claude-sonnet-4-5-20250929-v1:0",
            "regional.anthropic.claude-sonnet-4-5-20250929-v1:0",
            "catalog",
        ),
        (
            "aws-bedrock",
            "Claude4.5Sonnet",
            "regional.anthropic.claude-sonnet-4-5-20250929-v1:0",
            "spelling",
        ),
        (
            "aws-bedrock",
            "Llama3.1-70B",
            "meta.llama3-1-70b-instruct-v1:0",
            "spelling",
        ),
        ("azure-openai", "gpt-4o-0806", "gpt-4o", "spelling"),
    ],
)
def test_vendor_spellings_resolve(vendor, reported, model_id, via):
    match = resolve_model(vendor, reported)

    assert (match.model_id, match.via) == (model_id, via)


def test_alias_wins_and_unknown_names_stay_listed():
    aliases = {"our-fine-tune": "gpt-5.5"}

    assert resolve_model("openai", "our-fine-tune", aliases).model_id == "gpt-5.5"
    unknown = resolve_model("openai", "our-fine-tune")
    assert not unknown.resolved and unknown.reported == "our-fine-tune"


def test_every_distinct_model_is_listed_once():
    usage = usage_frame(
        [
            row(date(2026, 1, 1), model="gpt-5.5"),
            row(date(2026, 1, 2), model="gpt-5.5"),
            row(date(2026, 1, 2), model="mystery-model"),
        ]
    )

    matches = resolve_usage_models(usage)

    assert [(m.reported, m.resolved) for m in matches] == [
        ("gpt-5.5", True),
        ("mystery-model", False),
    ]
