"""Spend totals: what was billed, by vendor, model, meter, workload, month.

Sums are taken exactly on Arrow decimals per currency, then converted to the
reporting currency with the user's FX rates in Python Decimal. Nothing is
rounded here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING

from core.assumptions import Assumptions
from core.reference import Meter, Vendor
from core.results import MonthSpend, SpendLine, SpendSection, VendorSpend

if TYPE_CHECKING:
    import pandas as pd

FORMULA = (
    "Spend = sum of billed_amount over every imported row, each converted to "
    "the reporting currency at the FX rate entered under Assumptions. "
    "Shares divide by the total. Months are calendar months (UTC) of the "
    "row's period start."
)

_UNATTRIBUTED = "(unattributed)"


def compute_spend(usage: pd.DataFrame, assumptions: Assumptions) -> SpendSection:
    """Billed spend with its breakdowns, in the reporting currency.

    Args:
        usage: the usage table (see :mod:`core.usage`); amounts in each row's
            currency.
        assumptions: supplies the reporting currency and FX rates.

    Raises:
        DataError: a currency in the data has no FX rate.
    """
    total = _sum_converted(usage, [], assumptions).get((), Decimal(0))
    list_total = _list_total(usage, assumptions)
    by_vendor = _breakdown(usage, "vendor", total, assumptions, _vendor_label)
    return SpendSection(
        currency=assumptions.reporting_currency,
        total=total,
        list_total=list_total,
        discount_vs_list=(list_total - total) / list_total if list_total else None,
        by_vendor=by_vendor,
        by_month=_by_month(usage, assumptions),
        vendors=[
            _vendor_spend(usage[usage["vendor"] == line.key], line, assumptions)
            for line in by_vendor
        ],
        formula=FORMULA,
        **_details(usage, total, assumptions),
    )


def _details(
    usage: pd.DataFrame, total: Decimal, assumptions: Assumptions
) -> dict[str, list[SpendLine]]:
    """Breakdowns by model, meter and workload; shares of ``total``."""
    return {
        "by_model": _breakdown(usage, "model", total, assumptions, str),
        "by_meter": _breakdown(
            usage, "meter", total, assumptions, _meter_label, with_quantity=True
        ),
        "by_workload": _breakdown(usage, "workload", total, assumptions, str),
    }


def _vendor_spend(
    usage: pd.DataFrame, line: SpendLine, assumptions: Assumptions
) -> VendorSpend:
    return VendorSpend(
        key=line.key,
        label=line.label,
        amount=line.amount,
        list_total=_list_total(usage, assumptions),
        **_details(usage, line.amount, assumptions),
    )


def _sum_converted(
    usage: pd.DataFrame,
    keys: list[str],
    assumptions: Assumptions,
    column: str = "billed_amount",
) -> dict[tuple[str, ...], Decimal]:
    """Sum ``column`` per key tuple, converting each currency exactly."""
    if usage.empty:
        return {}
    grouped = usage.groupby([*keys, "currency"], observed=True, sort=False)[
        column
    ].sum()
    totals: dict[tuple[str, ...], Decimal] = defaultdict(Decimal)
    for index, amount in grouped.items():
        parts = index if isinstance(index, tuple) else (index,)
        *key, row_currency = parts
        if amount is None or amount != amount:  # all-null group
            continue
        totals[tuple(key)] += Decimal(amount) * assumptions.fx_rate(row_currency)
    return dict(totals)


def _breakdown(
    usage: pd.DataFrame,
    column: str,
    total: Decimal,
    assumptions: Assumptions,
    label: Callable[[str], str],
    *,
    with_quantity: bool = False,
) -> list[SpendLine]:
    if usage.empty:
        return []
    keyed = usage.assign(**{column: usage[column].replace("", _UNATTRIBUTED)})
    amounts = _sum_converted(keyed, [column], assumptions)
    counts = keyed.groupby(column, observed=True).size()
    quantities = (
        keyed.groupby(column, observed=True)["quantity"].sum()
        if with_quantity
        else None
    )
    lines = [
        SpendLine(
            key=key,
            label=label(key),
            amount=amount,
            share=amount / total if total else Decimal(0),
            quantity=Decimal(quantities[key]) if quantities is not None else None,
            rows=int(counts[key]),
        )
        for (key,), amount in amounts.items()
    ]
    return sorted(lines, key=lambda line: (-line.amount, line.key))


def _by_month(usage: pd.DataFrame, assumptions: Assumptions) -> list[MonthSpend]:
    if usage.empty:
        return []
    months = usage["period_start"].dt.strftime("%Y-%m").astype("string[pyarrow]")
    amounts = _sum_converted(
        usage.assign(month=months), ["month", "vendor"], assumptions
    )
    by_month: dict[str, dict[str, Decimal]] = defaultdict(dict)
    for (month, vendor), amount in amounts.items():
        by_month[month][vendor] = amount
    return [
        MonthSpend(
            month=month,
            amount=sum(vendors.values(), Decimal(0)),
            by_vendor=dict(sorted(vendors.items())),
        )
        for month, vendors in sorted(by_month.items())
    ]


def _list_total(usage: pd.DataFrame, assumptions: Assumptions) -> Decimal | None:
    if usage.empty or usage["list_amount"].isna().any():
        return None
    return _sum_converted(usage, [], assumptions, "list_amount").get((), Decimal(0))


def _vendor_label(key: str) -> str:
    return Vendor(key).label if key in Vendor._value2member_map_ else key


def _meter_label(key: str) -> str:
    return Meter(key).label if key in Meter._value2member_map_ else key
