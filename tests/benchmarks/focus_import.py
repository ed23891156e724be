"""FOCUS import benchmark: a million-line FOCUS 1.2 CSV, ours against bare Arrow.

Run from the repository root::

    .venv/bin/python tests/benchmarks/focus_import.py [--rows 1000000] [--profile]

The file is generated once and cached under ``/tmp/counteroffer-bench``:
realistic AI-vendor lines (Azure OpenAI, Amazon Bedrock, Vertex AI, OpenAI,
Anthropic; input, output and cached meters; a few purchases, credits and
taxes), every FOCUS 1.2 column, amounts with up to 10 decimals.

It prints the median of three alternating runs of a bare
``pyarrow.csv.read_csv(path)`` and of the full
``core.importing.pipeline.read_import(path)``, their ratio
(target at most 1.5), and the import's peak memory over the file's size
(target at most 3). Peak memory is measured in a child process
(``ru_maxrss`` of the children) less a baseline child that only imports the
libraries. ``--profile`` adds a cProfile of one import, by cumulative time.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CACHE = Path("/tmp/counteroffer-bench")

HEADER = [
    "AvailabilityZone",
    "BilledCost",
    "BillingAccountId",
    "BillingAccountName",
    "BillingAccountType",
    "BillingCurrency",
    "BillingPeriodEnd",
    "BillingPeriodStart",
    "CapacityReservationId",
    "CapacityReservationStatus",
    "ChargeCategory",
    "ChargeClass",
    "ChargeDescription",
    "ChargeFrequency",
    "ChargePeriodEnd",
    "ChargePeriodStart",
    "CommitmentDiscountCategory",
    "CommitmentDiscountId",
    "CommitmentDiscountName",
    "CommitmentDiscountQuantity",
    "CommitmentDiscountStatus",
    "CommitmentDiscountType",
    "CommitmentDiscountUnit",
    "ConsumedQuantity",
    "ConsumedUnit",
    "ContractedCost",
    "ContractedUnitPrice",
    "EffectiveCost",
    "InvoiceId",
    "InvoiceIssuerName",
    "ListCost",
    "ListUnitPrice",
    "PricingCategory",
    "PricingCurrency",
    "PricingCurrencyContractedUnitPrice",
    "PricingCurrencyEffectiveCost",
    "PricingCurrencyListUnitPrice",
    "PricingQuantity",
    "PricingUnit",
    "ProviderName",
    "PublisherName",
    "RegionId",
    "RegionName",
    "ResourceId",
    "ResourceName",
    "ResourceType",
    "ServiceCategory",
    "ServiceName",
    "ServiceSubcategory",
    "SkuId",
    "SkuMeter",
    "SkuPriceDetails",
    "SkuPriceId",
    "SubAccountId",
    "SubAccountName",
    "SubAccountType",
    "Tags",
]

# provider, publisher, service, sku meter, pricing unit, tokens per pricing
# unit, list USD per pricing unit, contracted USD per pricing unit.
PRODUCTS = [
    ("Microsoft", "Microsoft", "Azure OpenAI Service", "gpt-4o-0806-Inp-glbl",
     "1K Tokens", 1_000, "0.0025", "0.00225"),
    ("Microsoft", "Microsoft", "Azure OpenAI Service", "gpt-4o-0806-Outp-glbl",
     "1K Tokens", 1_000, "0.01", "0.009"),
    ("Microsoft", "Microsoft", "Azure OpenAI Service",
     "gpt-4o-0806-cached-Inp-glbl", "1K Tokens", 1_000, "0.00125", "0.001125"),
    ("Microsoft", "Microsoft", "Azure OpenAI Service", "gpt-4.1-mini-Inp-glbl",
     "1M Tokens", 1_000_000, "0.4", "0.36"),
    ("AWS", "Anthropic", "Amazon Bedrock", "Claude Sonnet 4.6 Input Tokens",
     "1K tokens", 1_000, "0.003", "0.003"),
    ("AWS", "Anthropic", "Amazon Bedrock", "Claude Sonnet 4.6 Output Tokens",
     "1K tokens", 1_000, "0.015", "0.015"),
    ("AWS", "Meta", "Amazon Bedrock", "Llama 3.1 70B Input Tokens",
     "1K tokens", 1_000, "0.00072", "0.00072"),
    ("Google Cloud", "Google", "Vertex AI", "Gemini 2.5 Pro Input Tokens",
     "1M Tokens", 1_000_000, "1.25", "1.125"),
    ("Google Cloud", "Google", "Vertex AI", "Gemini 2.5 Pro Output Tokens",
     "1M Tokens", 1_000_000, "10", "9"),
    ("OpenAI", "OpenAI", "OpenAI API", "gpt-5.5 input tokens",
     "1M Tokens", 1_000_000, "1.25", "1.1"),
    ("OpenAI", "OpenAI", "OpenAI API", "gpt-5.5 output tokens",
     "1M Tokens", 1_000_000, "10", "8.8"),
    ("OpenAI", "OpenAI", "OpenAI API", "gpt-5.5 batch input tokens",
     "1M Tokens", 1_000_000, "0.625", "0.55"),
    ("Anthropic", "Anthropic", "Claude API", "claude-haiku-4-5 input tokens",
     "1M Tokens", 1_000_000, "1", "0.9"),
    ("Anthropic", "Anthropic", "Claude API",
     "claude-haiku-4-5 cache read input tokens", "1M Tokens", 1_000_000, "0.1",
     "0.09"),
]  # fmt: skip
WORKLOADS = ["support-chatbot", "doc-extraction", "code-assistant", "rag-search",
             "translation", "summaries", "classification", "sales-email"]  # fmt: skip
TINY = 10**10  # amounts are generated in 10⁻¹⁰ USD, the usage table's scale


def generate(path: Path, rows: int, seed: int = 7) -> None:
    """Write a FOCUS 1.2 CSV of ``rows`` lines to ``path`` (vectorised)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.csv as pacsv

    rng = np.random.default_rng(seed)
    product = rng.integers(0, len(PRODUCTS), rows)
    category = rng.choice(
        ["Usage", "Purchase", "Credit", "Tax"], rows, p=[0.997, 0.001, 0.001, 0.001]
    )
    columns = {name: pa.nulls(rows, pa.string()) for name in HEADER}
    columns.update(_amounts(rng, product, category))
    columns.update(_labels(rng, product, category))
    columns.update(_periods(rng, rows))

    path.parent.mkdir(parents=True, exist_ok=True)
    table = pa.table({name: columns[name] for name in HEADER})
    pacsv.write_csv(table, path, pacsv.WriteOptions(quoting_style="needed"))


def _amounts(rng, product, category) -> dict:
    """Quantities and amounts, exact; usage lines priced at their product's rates."""
    import numpy as np
    import pyarrow as pa

    per_unit = np.array([p[5] for p in PRODUCTS], dtype=np.int64)[product]
    list_tiny, contracted_tiny = _prices(product, 6), _prices(product, 7)
    usage = category == "Usage"
    tokens = np.where(usage, rng.integers(1_000, 50_000_000, len(product)), 0)
    listed = tokens * (list_tiny // per_unit)
    contracted = tokens * (contracted_tiny // per_unit)
    billed = np.where(usage, contracted, rng.integers(1, 10**16, len(product)))
    billed = np.where(category == "Credit", -billed, billed)
    return {
        "BilledCost": _money(billed),
        "EffectiveCost": _money(np.where(category == "Purchase", 0, billed)),
        "ListCost": _money(np.where(usage, listed, billed)),
        "ContractedCost": _money(np.where(usage, contracted, billed)),
        "ListUnitPrice": _money(list_tiny),
        "ContractedUnitPrice": _money(contracted_tiny),
        "ConsumedQuantity": pa.array(tokens).cast(pa.string()),
        "PricingQuantity": _quantity(tokens, per_unit),
    }


def _labels(rng, product, category) -> dict:
    """Vendor, SKU, account and tag columns."""
    import pyarrow as pa
    import pyarrow.compute as pc

    rows = len(product)
    names = ("ProviderName", "PublisherName", "ServiceName", "SkuMeter", "PricingUnit")
    labels = {name: _pick(product, i) for i, name in enumerate(names)}
    account = pa.array(rng.integers(0, 24, rows)).cast(pa.string())
    tags = pa.array([f'{{"workload":"{w}","env":"prod"}}' for w in WORKLOADS])
    constant = {
        "BillingCurrency": "USD", "PricingCurrency": "USD", "ChargeClass": "",
        "ChargeFrequency": "Usage-Based", "ConsumedUnit": "Tokens",
        "BillingAccountId": "000-000-000", "ChargeDescription": "AI inference",
    }  # fmt: skip
    return {
        **labels,
        **{name: pa.repeat(pa.scalar(value), rows) for name, value in constant.items()},
        "ChargeCategory": pa.array(category),
        "SkuId": pc.binary_join_element_wise(
            "SKU-", pa.array(product).cast("string"), ""
        ),
        "SubAccountId": pc.binary_join_element_wise("1000", account, ""),
        "SubAccountName": pc.binary_join_element_wise("team-", account, ""),
        "Tags": tags.take(pa.array(rng.integers(0, len(WORKLOADS), rows))),
    }


def _periods(rng, rows: int) -> dict:
    """Daily charge periods in 2026, ISO text in UTC."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    day_us = 86_400_000_000
    first = np.datetime64("2026-01-01T00:00:00", "us").astype(np.int64)
    start = rng.integers(0, 365, rows) * day_us + first
    stamps = pa.array(start // 10**6).cast(pa.timestamp("s", tz="UTC"))
    following = pa.array((start + day_us) // 10**6).cast(pa.timestamp("s", tz="UTC"))
    iso = "%Y-%m-%dT%H:%M:%SZ"
    return {
        "ChargePeriodStart": pc.strftime(stamps, format=iso),
        "ChargePeriodEnd": pc.strftime(following, format=iso),
        "BillingPeriodStart": pa.repeat(pa.scalar("2026-01-01T00:00:00Z"), rows),
        "BillingPeriodEnd": pa.repeat(pa.scalar("2027-01-01T00:00:00Z"), rows),
    }


def _pick(product, field: int):
    import pyarrow as pa

    return pa.array([p[field] for p in PRODUCTS]).take(pa.array(product))


def _prices(product, field: int):
    from decimal import Decimal

    import numpy as np

    values = [int(Decimal(p[field]) * TINY) for p in PRODUCTS]
    return np.array(values, dtype=np.int64)[product]


def _money(tiny):
    """Exact decimal text of amounts given in 10⁻¹⁰ USD."""
    import pyarrow as pa

    whole = pa.array(tiny).cast(pa.decimal128(38, 0))
    scaled = pa.Array.from_buffers(pa.decimal128(38, 10), len(whole), whole.buffers())
    return scaled.cast(pa.string())


def _quantity(tokens, per_unit):
    """PricingQuantity: tokens in thousands or millions, exact decimal text."""
    whole, part = tokens // per_unit, tokens % per_unit
    return _money(whole * TINY + part * (TINY // per_unit))


def bare_read(path: Path) -> float:
    import pyarrow.csv as pacsv

    began = time.perf_counter()
    pacsv.read_csv(path)
    return time.perf_counter() - began


def full_import(path: Path) -> float:
    from core.importing.pipeline import read_import

    began = time.perf_counter()
    read_import(path)
    return time.perf_counter() - began


_BASELINE = "import pandas, pyarrow, pyarrow.csv, core.importing.pipeline"
_IMPORT = (
    _BASELINE
    + "\nfrom pathlib import Path\n"
    + ("core.importing.pipeline.read_import(Path({path!r}))")
)


def peak_memory(path: Path) -> tuple[int, int]:
    """Peak resident bytes of a child that imports ``path``, and of a child
    that only imports the libraries (run first: ``ru_maxrss`` of children is
    the largest child so far)."""
    sizes = []
    for code in (_BASELINE, _IMPORT.format(path=str(path))):
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
        sizes.append(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024)
    return sizes[1], sizes[0]


def profile(path: Path) -> str:
    from core.importing.pipeline import read_import

    profiler = cProfile.Profile()
    profiler.enable()
    read_import(path)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(40)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))

    path = CACHE / f"focus12_{args.rows}_v2.csv"
    if not path.exists():
        began = time.perf_counter()
        generate(path, args.rows)
        print(f"generated {path} in {time.perf_counter() - began:.1f} s")
    size = path.stat().st_size
    print(f"file: {path} ({args.rows:,} rows, {size / 1e6:.0f} MB)")

    # Memory first: a child forked from a parent that has already imported
    # a file would start with the parent's pages counted in its peak.
    peak, baseline = peak_memory(path)
    # Alternate the two so drift in the machine's load affects both alike.
    bare_times, our_times = [], []
    for _ in range(3):
        bare_times.append(bare_read(path))
        our_times.append(full_import(path))
    bare, ours = statistics.median(bare_times), statistics.median(our_times)
    print(f"pyarrow.csv.read_csv: {bare:.2f} s (median of 3)")
    print(f"read_import:          {ours:.2f} s (median of 3)")
    print(f"ratio:                {ours / bare:.2f} (target <= 1.5)")
    print(
        f"peak memory:          {(peak - baseline) / 1e6:.0f} MB above a "
        f"{baseline / 1e6:.0f} MB baseline = {(peak - baseline) / size:.2f} x "
        "the file (target <= 3)"
    )
    if args.profile:
        print(profile(path))


if __name__ == "__main__":
    main()
