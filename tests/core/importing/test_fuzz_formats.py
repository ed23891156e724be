"""Every importer, fed mutated copies of a file it reads, fails only politely.

A mutated file either imports or raises one of the project's own errors
with a message; never a crash from deeper down (pyarrow, pandas, decimal).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.errors import CounterofferError
from core.importing.base import ImportOptions
from core.importing.formats import all_formats
from core.importing.pipeline import read_import
from tests.core.importing.formats.test_azure import write_azure
from tests.core.importing.formats.test_deepseek import _file as write_deepseek
from tests.core.importing.formats.test_focus import write_focus

DEMO = Path(__file__).resolve().parents[3] / "resources" / "demo"


def _demo_head(prefix: str, lines: int = 12) -> Callable[[Path], Path]:
    def write(folder: Path) -> Path:
        source = next(DEMO.glob(f"{prefix}*.csv"))
        head = source.read_text(encoding="utf-8").splitlines()[:lines]
        target = folder / source.name
        target.write_text("\n".join(head) + "\n", encoding="utf-8")
        return target

    return write


SAMPLES: dict[str, Callable[[Path], Path]] = {
    "openai-costs": _demo_head("openai_costs"),
    "openai-usage": _demo_head("completions_usage"),
    "anthropic-cost-report": _demo_head("anthropic_cost_report"),
    "anthropic-usage-report": _demo_head("anthropic_usage_report"),
    "aws-cur2": _demo_head("aws_cur2_bedrock"),
    "deepseek": write_deepseek,
    "focus": lambda folder: write_focus(folder / "focus.csv"),
    "azure-cost-details": lambda folder: write_azure(folder / "azure.csv"),
}


def test_every_recognised_format_has_a_sample():
    recognised = {fmt.name for fmt in all_formats()} - {"generic"}

    assert set(SAMPLES) == recognised


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_each_sample_imports_as_its_own_format(name, tmp_path):
    result = read_import(SAMPLES[name](tmp_path))

    assert result.format == name
    assert result.rows_read > 0


def _mutate(data: bytes, seed: int, kind: str) -> bytes:
    rng = random.Random(seed)
    if kind == "flip" and data:
        mutable = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            mutable[rng.randrange(len(mutable))] = rng.randrange(256)
        return bytes(mutable)
    if kind == "truncate":
        return data[: rng.randrange(len(data) + 1)]
    if kind == "insert":
        at = rng.randrange(len(data) + 1)
        return data[:at] + rng.randbytes(rng.randint(1, 40)) + data[at:]
    lines = data.split(b"\n")
    index = rng.randrange(len(lines))
    if kind == "drop-line":
        del lines[index]
    elif kind == "repeat-line":
        lines.insert(index, lines[index])
    elif kind == "cell":
        cells = lines[index].split(b",")
        junk = rng.choice([b"", b"abc", b"-1", b"1e999", b"(12", b'"', b"NaN"])
        cells[rng.randrange(len(cells))] = junk
        lines[index] = b",".join(cells)
    return b"\n".join(lines)


KINDS = ["flip", "truncate", "insert", "drop-line", "repeat-line", "cell"]


@pytest.mark.parametrize("name", sorted(SAMPLES))
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    seed=st.integers(0, 2**32),
    kind=st.sampled_from(KINDS),
    forced=st.booleans(),
    skip=st.booleans(),
)
def test_mutated_files_fail_only_with_our_errors(
    name, tmp_path, seed, kind, forced, skip
):
    original = SAMPLES[name](tmp_path)
    mutated = tmp_path / f"mutated{original.suffix}"
    mutated.write_bytes(_mutate(original.read_bytes(), seed, kind))
    options = ImportOptions(format=name if forced else None, skip_bad_rows=skip)

    try:
        read_import(mutated, options)
    except CounterofferError as exc:
        assert str(exc).strip()
