"""Chart definitions shared by the window and the PDF brief.

Each function returns a matplotlib ``Figure`` built without pyplot, so the
window can show it on a Qt canvas and the brief can embed it as vector
graphics. Amounts are converted to float here only for plotting.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.reference import Vendor
from core.results import SpendSection

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# A palette that stays distinguishable in greyscale print and for the
# common forms of colour blindness (Okabe–Ito).
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00")
FONT_FAMILY = "DejaVu Sans"


def spend_by_month_figure(
    spend: SpendSection, *, width_in: float = 7.0, height_in: float = 3.0
) -> Figure:
    """Stacked monthly billed spend per vendor, in the reporting currency."""
    from matplotlib import rc_context
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    with rc_context({"font.family": FONT_FAMILY, "font.size": 8}):
        figure = Figure(figsize=(width_in, height_in), layout="constrained")
        _draw_spend_by_month(figure, spend, FuncFormatter)
    return figure


def _draw_spend_by_month(figure: Figure, spend: SpendSection, formatter: type) -> None:
    axes = figure.add_subplot()
    months = [month.month for month in spend.by_month]
    vendors = sorted({v for month in spend.by_month for v in month.by_vendor})
    bottoms = [0.0] * len(months)
    for index, vendor in enumerate(vendors):
        heights = [float(m.by_vendor.get(vendor, 0)) for m in spend.by_month]
        axes.bar(
            months,
            heights,
            bottom=bottoms,
            label=_vendor_label(vendor),
            color=PALETTE[index % len(PALETTE)],
            width=0.75,
        )
        bottoms = [b + h for b, h in zip(bottoms, heights, strict=True)]
    axes.yaxis.set_major_formatter(formatter(_compact_money(spend.currency)))
    axes.set_ylabel(f"Billed spend ({spend.currency})")
    axes.tick_params(axis="x", labelrotation=90, labelsize=7)
    axes.spines[["top", "right"]].set_visible(False)
    axes.grid(axis="y", linewidth=0.4, alpha=0.5)
    if vendors:
        axes.legend(frameon=False, fontsize=8, loc="upper left")
    else:
        axes.text(
            0.5,
            0.5,
            "No usage imported yet",
            ha="center",
            va="center",
            transform=axes.transAxes,
        )


def _compact_money(currency: str) -> object:
    symbol = {"USD": "$", "EUR": "€", "GBP": "£"}.get(currency, "")

    def render(value: float, _position: int) -> str:
        if abs(value) >= 1_000_000:
            return f"{symbol}{value / 1_000_000:.1f}M"
        if abs(value) >= 1_000:
            return f"{symbol}{value / 1_000:.0f}k"
        return f"{symbol}{value:.0f}"

    return render


def _vendor_label(key: str) -> str:
    return Vendor(key).label if key in Vendor._value2member_map_ else key
