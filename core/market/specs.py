"""Which (vendor, model, meter) lines a contract prices, and the usage keyed
to match them.

A contract's listed rates each give a line. A contract with a flat discount
off list (or with no rates at all) also prices every (model, meter) its
vendor billed during the term, so those give lines too. Contract and usage
names meet through the catalog: both resolve to a catalog model where they
can, so ``gpt-4o-2024-08-06`` on a bill meets ``gpt-4o`` in a contract.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from core.catalog import CatalogModel
from core.contract import Contract, ContractRate
from core.market.prices import Pricing
from core.reference import BillingUnit, ChargeCategory, Meter, Vendor

if TYPE_CHECKING:
    import pandas as pd

_UNRESOLVED = "?"


@dataclass(frozen=True)
class LineSpec:
    """One contracted (vendor, model, meter), before any figure is computed.

    ``key`` is the model's catalog identity (``provider/model_id``), or the
    name itself when the catalog does not know it; usage rows carry the
    same key in their ``model_key`` column.
    """

    contract: Contract
    model: str
    meter: Meter
    key: str
    catalog: CatalogModel | None
    rate: ContractRate | None

    @property
    def vendor(self) -> Vendor:
        return self.contract.vendor


def model_key(model: CatalogModel | None, name: str) -> str:
    """The identity a contract name and a billed name share."""
    if model is None:
        return f"{_UNRESOLVED}/{name}"
    return f"{model.provider}/{model.model_id}"


def contracts_in_scope(
    contracts: list[Contract], as_of: date
) -> tuple[list[Contract], list[str]]:
    """The contracts to compare, one set per vendor, and cautions.

    A vendor's contracts in force on ``as_of`` are compared; when none is,
    the one that ended last stands for the vendor (a renewal under
    negotiation), with a caution. Contracts that start after ``as_of`` are
    left out, with a caution.
    """
    chosen: list[Contract] = []
    cautions: list[str] = []
    for vendor in dict.fromkeys(contract.vendor for contract in contracts):
        own = [c for c in contracts if c.vendor is vendor]
        in_force = [c for c in own if c.term_start <= as_of <= c.term_end]
        ended = [c for c in own if c.term_end < as_of]
        for later in (c for c in own if c.term_start > as_of):
            cautions.append(
                f"{later.name} starts on {later.term_start}, after the as-of "
                "date; it is not compared."
            )
        if in_force:
            chosen += in_force
        elif ended:
            latest = max(ended, key=lambda c: c.term_end)
            chosen.append(latest)
            cautions.append(
                f"{latest.name} ended on {latest.term_end}; it is compared as "
                f"{vendor.label}'s latest contract."
            )
    return chosen, cautions


def keyed_usage(usage: pd.DataFrame, pricing: Pricing) -> pd.DataFrame:
    """Usage-category rows with ``model_key`` and ``day`` (UTC date) added.

    Names are resolved once per distinct (vendor, model), then joined back.
    """
    import pandas as pd

    rows = usage[usage["charge_category"] == ChargeCategory.USAGE.value]
    pairs = rows[["vendor", "model"]].drop_duplicates()
    keys = [
        model_key(_resolve(pricing, str(vendor), str(model)), str(model))
        for vendor, model in pairs.itertuples(index=False)
    ]
    mapping = pairs.assign(model_key=pd.Series(keys, index=pairs.index, dtype="str"))
    keyed = rows.merge(mapping, on=["vendor", "model"], how="left")
    return keyed.assign(day=keyed["period_start"].dt.date)


def line_specs(
    contract: Contract, keyed: pd.DataFrame, pricing: Pricing
) -> list[LineSpec]:
    """Every line ``contract`` prices: its rates, then billed combinations
    its flat discount covers (only when it has a discount or no rates)."""
    specs = []
    for rate in contract.rates:
        catalog = pricing.model_for(contract.vendor, rate.model)
        key = model_key(catalog, rate.model)
        specs.append(LineSpec(contract, rate.model, rate.meter, key, catalog, rate))
    if contract.rates and contract.discount_off_list_pct == 0:
        return specs

    listed = {(spec.key, spec.meter) for spec in specs}
    for name, key, meter in _billed_combinations(contract, keyed):
        if (key, meter) in listed or meter.unit is BillingUnit.CURRENCY:
            continue
        catalog = pricing.model_for(contract.vendor, name)
        specs.append(LineSpec(contract, name, meter, key, catalog, None))
    return specs


def _billed_combinations(
    contract: Contract, keyed: pd.DataFrame
) -> list[tuple[str, str, Meter]]:
    """(model as billed, model key, meter) the vendor billed in the term."""
    in_term = (
        (keyed["vendor"] == contract.vendor.value)
        & (keyed["day"] >= contract.term_start)
        & (keyed["day"] <= contract.term_end)
    )
    combos = (
        keyed.loc[in_term, ["model_key", "meter", "model"]]
        .drop_duplicates()
        .sort_values(["model_key", "meter", "model"])
        .drop_duplicates(["model_key", "meter"])
    )
    return [
        (str(model), str(key), Meter(str(meter)))
        for key, meter, model in combos.itertuples(index=False)
        if str(meter) in Meter._value2member_map_
    ]


def _resolve(pricing: Pricing, vendor: str, name: str) -> CatalogModel | None:
    try:
        known = Vendor(vendor)
    except ValueError:
        return None
    return pricing.model_for(known, name)
