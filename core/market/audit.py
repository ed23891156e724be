"""Invoice audit: what we paid per unit, month by month, against our rates.

Per contracted (vendor, model, meter) and calendar month (UTC) inside the
contract's term:

- effective price = billed ÷ quantity × basis (per MTok for tokens);
- contracted price = the listed rate, or the list price in force on each
  day × (1 − discount off list), weighted by each day's quantity;
- a finding when |effective − contracted| ÷ contracted exceeds the
  tolerance; the money at stake = billed − quantity × contracted ÷ basis.

Amount and quantity are summed over the whole group before dividing, since
some exports carry money and tokens on different rows (Anthropic's cost
and usage reports). Groups with no quantity or nothing billed cannot be
audited and are counted by reason. The usage table is grouped once per
(vendor, model, meter, currency, day); the rest works on those sums.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from core.market.prices import Pricing
from core.market.results import AuditFinding, AuditResult, AuditSkip, SourceRow
from core.market.specs import LineSpec

if TYPE_CHECKING:
    import pandas as pd

HUNDRED = Decimal(100)
MAX_SOURCE_ROWS = 20
FORMULA = (
    "For each contracted model and meter, per calendar month (UTC) inside "
    "the contract's term: effective price = billed ÷ quantity × basis; "
    "contracted price = the listed rate, or the list price in force each day "
    "× (1 − discount off list), weighted by quantity. A month is a finding "
    "when |effective − contracted| ÷ contracted exceeds the tolerance; the "
    "money at stake is billed − quantity × contracted ÷ basis. Billed and "
    "quantity are summed over the month before dividing."
)
NO_QUANTITY = "no quantity: money-only rows (e.g. a cost report without its usage)"
NOTHING_BILLED = "nothing billed: usage-only rows (e.g. a usage report alone)"
NO_LIST_PRICE = "no list price on some days to derive the discounted rate"
NO_FX = "no exchange rate from the billed currency to the contract currency"
FREE = "the contracted price is zero"
OUTSIDE_TERM = "outside the contract's term"


@dataclass
class _Month:
    """One (line, month)'s sums in the contract currency."""

    quantity: Decimal = Decimal(0)
    billed: Decimal = Decimal(0)
    expected: Decimal = Decimal(0)
    rows: int = 0
    problems: set[str] = field(default_factory=set)


def audit_usage(
    keyed: pd.DataFrame,
    specs: list[LineSpec],
    pricing: Pricing,
    tolerance_pct: Decimal,
) -> AuditResult:
    """Audit billed usage against ``specs``' contracted prices.

    Args:
        keyed: usage rows with ``model_key`` and ``day`` (see
            :func:`core.market.specs.keyed_usage`).
        specs: the contracted lines; the first spec of a (vendor, model,
            meter) whose term covers a day prices that day.
        pricing: catalog, overrides and FX for discount-off-list rates.
        tolerance_pct: percent deviation allowed before a finding.
    """
    months, outside = _month_sums(keyed, specs, pricing)
    findings: list[AuditFinding] = []
    skipped: dict[tuple[str, str], int] = defaultdict(int)
    checked: dict[str, int] = defaultdict(int)
    for vendor, count in outside.items():
        skipped[(vendor, OUTSIDE_TERM)] = count
    for (index, month), sums in sorted(months.items()):
        reason = _skip_reason(sums)
        vendor = specs[index].vendor.value
        if reason:
            skipped[(vendor, reason)] += 1
            continue
        checked[vendor] += 1
        finding = _finding(specs[index], month, sums, tolerance_pct, pricing)
        if finding is not None:
            findings.append(finding)

    findings = _with_source_rows(keyed, specs, findings)
    total = sum((f.at_stake_reporting or Decimal(0) for f in findings), Decimal(0))
    return AuditResult(
        tolerance_pct=tolerance_pct,
        checked_groups=sum(checked.values()),
        checked_by_vendor=dict(sorted(checked.items())),
        findings=findings,
        skipped=[
            AuditSkip(vendor=vendor, reason=reason, groups=groups)
            for (vendor, reason), groups in sorted(skipped.items())
        ],
        total_at_stake_reporting=total,
        formula=FORMULA,
    )


def _month_sums(
    keyed: pd.DataFrame, specs: list[LineSpec], pricing: Pricing
) -> tuple[dict[tuple[int, str], _Month], dict[str, int]]:
    """Sums per (spec index, YYYY-MM), from one grouping of the usage, and
    the number of contracted (line, month) groups outside every term, by
    vendor."""
    if keyed.empty or not specs:
        return {}, {}
    keys = ["vendor", "model_key", "meter", "currency", "day"]
    grouped = keyed.groupby(keys, observed=True, sort=False)
    daily = grouped[["quantity", "billed_amount"]].sum()
    daily = daily.assign(rows=grouped.size()).reset_index()
    by_line: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for index, spec in enumerate(specs):
        by_line[(spec.vendor.value, spec.key, spec.meter.value)].append(index)

    months: dict[tuple[int, str], _Month] = defaultdict(_Month)
    outside: set[tuple[str, str, str, str]] = set()
    prices = _DailyPrices(pricing)
    for vendor, key, meter, currency, day, quantity, billed, rows in daily[
        [*keys, "quantity", "billed_amount", "rows"]
    ].itertuples(index=False):
        candidates = by_line.get((vendor, key, meter))
        if not candidates:
            continue
        month = day.strftime("%Y-%m")
        chosen = _spec_on(specs, candidates, day)
        if chosen is None:
            outside.add((vendor, key, meter, month))
            continue
        day_sums = _Day(day, str(currency), quantity, billed, int(rows))
        _add_day(months[(chosen, month)], specs[chosen], day_sums, prices)
    counts: dict[str, int] = defaultdict(int)
    for vendor, *_ in outside:
        counts[vendor] += 1
    return months, dict(counts)


@dataclass(frozen=True)
class _Day:
    """One (line, currency, day)'s sums as grouped, in the billed currency."""

    day: date
    currency: str
    quantity: Decimal | None
    billed: Decimal | None
    rows: int


def _spec_on(specs: list[LineSpec], candidates: list[int], day: date) -> int | None:
    for index in candidates:
        contract = specs[index].contract
        if contract.term_start <= day <= contract.term_end:
            return index
    return None


def _add_day(sums: _Month, spec: LineSpec, day: _Day, prices: _DailyPrices) -> None:
    quantity = Decimal(day.quantity or 0)
    billed = prices.pricing.convert(
        Decimal(day.billed or 0), day.currency, spec.contract.currency
    )
    price = prices.contracted(spec, day.day)
    sums.rows += day.rows
    sums.quantity += quantity
    if billed is None:
        sums.problems.add(NO_FX)
        return
    sums.billed += billed
    if price is None:
        if quantity:
            sums.problems.add(NO_LIST_PRICE)
        return
    sums.expected += quantity * price / spec.meter.price_basis


class _DailyPrices:
    """Contracted prices per (spec, day), each looked up once."""

    def __init__(self, pricing: Pricing) -> None:
        self.pricing = pricing
        self._cache: dict[tuple[int, date], Decimal | None] = {}

    def contracted(self, spec: LineSpec, day: date) -> Decimal | None:
        """Our price per basis on ``day``, contract currency."""
        if spec.rate is not None:
            return spec.rate.price
        cache_key = (id(spec), day)
        if cache_key not in self._cache:
            self._cache[cache_key] = self._discounted(spec, day)
        return self._cache[cache_key]

    def _discounted(self, spec: LineSpec, day: date) -> Decimal | None:
        if spec.catalog is None:
            return None
        quote = self.pricing.quote(spec.catalog, spec.meter, day)
        if quote is None:
            return None
        listed = self.pricing.convert(
            quote.price_per_mtok, quote.currency, spec.contract.currency
        )
        if listed is None:
            return None
        return listed * (1 - spec.contract.discount_off_list_pct / HUNDRED)


def _skip_reason(sums: _Month) -> str | None:
    if sums.quantity == 0:
        return NO_QUANTITY
    if sums.billed == 0 and not sums.problems:
        return NOTHING_BILLED
    if sums.problems:
        return sorted(sums.problems)[0]
    if sums.expected == 0:
        return FREE
    return None


def _finding(
    spec: LineSpec,
    month: str,
    sums: _Month,
    tolerance_pct: Decimal,
    pricing: Pricing,
) -> AuditFinding | None:
    basis = spec.meter.price_basis
    effective = sums.billed / sums.quantity * basis
    contracted = sums.expected / sums.quantity * basis
    deviation = (effective - contracted) / contracted * HUNDRED
    if abs(deviation) <= tolerance_pct:
        return None
    at_stake = sums.billed - sums.expected
    fx_rate = pricing.convert(
        Decimal(1), spec.contract.currency, pricing.assumptions.reporting_currency
    )
    return AuditFinding(
        vendor=spec.vendor.value,
        model=spec.model,
        meter=spec.meter.value,
        month=month,
        contract=spec.contract.name,
        currency=spec.contract.currency,
        quantity=sums.quantity,
        billed=sums.billed,
        expected=sums.expected,
        effective_price_per_mtok=effective,
        contracted_price_per_mtok=contracted,
        deviation_pct=deviation,
        at_stake=at_stake,
        at_stake_reporting=at_stake * fx_rate if fx_rate is not None else None,
        rows=sums.rows,
        source_rows=[],
    )


def _with_source_rows(
    keyed: pd.DataFrame, specs: list[LineSpec], findings: list[AuditFinding]
) -> list[AuditFinding]:
    """Each finding with its first source rows (file order)."""
    if not findings:
        return findings
    by_key = {(s.vendor.value, s.model, s.meter.value): s.key for s in specs}
    months = keyed["period_start"].dt.strftime("%Y-%m")
    result = []
    for finding in findings:
        key = by_key[(finding.vendor, finding.model, finding.meter)]
        mask = (
            (keyed["vendor"] == finding.vendor)
            & (keyed["model_key"] == key)
            & (keyed["meter"] == finding.meter)
            & (months == finding.month)
        )
        rows = keyed.loc[mask, ["source_file", "source_row"]].sort_values(
            ["source_file", "source_row"]
        )
        shown = [
            SourceRow(file=str(name), row=int(number))
            for name, number in rows.head(MAX_SOURCE_ROWS).itertuples(index=False)
        ]
        result.append(finding.model_copy(update={"source_rows": shown}))
    return result
