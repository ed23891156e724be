"""Chart definitions shared by the window and the PDF brief.

Each function returns a matplotlib ``Figure`` built without pyplot, so the
window can show it on a Qt canvas and the brief can embed it as vector
graphics. Amounts are converted to float here only for plotting.

Text is set in DejaVu Sans, falling back to the bundled WenQuanYi Micro Hei
for Chinese, Japanese and Korean labels (the same pair the brief embeds).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING

from core.market.results import LineProjection, MarketGapLine, ModelPricePath
from core.reference import Vendor
from core.results import SpendSection
from resources import resource_path

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

# A palette that stays distinguishable in greyscale print and for the
# common forms of colour blindness (Okabe–Ito).
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00")
FONT_FAMILY = "DejaVu Sans"
FALLBACK_FONT_FAMILY = "WenQuanYi Micro Hei"
_FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "wqy-microhei.ttc")
_MONTH_NAMES = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun",
    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)  # fmt: skip
_SCALES = ((1_000_000, "M"), (1_000, "k"))
# Beyond this many months, label every third one so labels never collide.
_MAX_LABELLED_MONTHS = 18
_PROJECTION_STEPS = 24


def spend_by_month_figure(
    spend: SpendSection, *, width_in: float = 7.0, height_in: float = 3.0
) -> Figure:
    """Stacked monthly billed spend per vendor, in the reporting currency.

    The largest vendor sits at the bottom of each bar; the legend runs
    above the plot, in stacking order, so it never hides a bar.
    """
    from matplotlib import rc_context
    from matplotlib.figure import Figure

    _register_fonts()
    style = {"font.family": [FONT_FAMILY, FALLBACK_FONT_FAMILY], "font.size": 8}
    with rc_context(style):
        figure = Figure(figsize=(width_in, height_in), layout="constrained")
        _draw_spend_by_month(figure.add_subplot(), spend)
    return figure


@cache
def _register_fonts() -> None:
    """Make the bundled fonts known to matplotlib, whatever the system has."""
    from matplotlib import font_manager

    for name in _FONT_FILES:
        font_manager.fontManager.addfont(str(resource_path("fonts", name)))


def _draw_spend_by_month(axes: Axes, spend: SpendSection) -> None:
    from matplotlib.ticker import FuncFormatter

    positions = list(range(len(spend.by_month)))
    bottoms = [0.0] * len(positions)
    for index, vendor in enumerate(_vendors_by_size(spend)):
        heights = [float(m.by_vendor.get(vendor, 0)) for m in spend.by_month]
        axes.bar(
            positions,
            heights,
            bottom=bottoms,
            label=_vendor_label(vendor),
            color=PALETTE[index % len(PALETTE)],
            width=0.75,
        )
        bottoms = [b + h for b, h in zip(bottoms, heights, strict=True)]

    axes.set_xticks(positions, _month_labels([m.month for m in spend.by_month]))
    axes.tick_params(axis="x", length=0)
    axes.yaxis.set_major_formatter(FuncFormatter(_compact_money(spend.currency)))
    axes.set_ylabel(f"Billed spend ({spend.currency})")
    axes.spines[["top", "right"]].set_visible(False)
    axes.grid(axis="y", linewidth=0.4, alpha=0.5)
    axes.set_axisbelow(True)
    if positions:
        axes.legend(
            frameon=False,
            loc="lower left",
            bbox_to_anchor=(0.0, 1.0),
            ncols=min(len(PALETTE), max(1, len(axes.containers))),
            borderaxespad=0.2,
            handlelength=1.0,
        )
    else:
        axes.text(
            0.5,
            0.5,
            "No usage imported yet",
            ha="center",
            va="center",
            transform=axes.transAxes,
        )


def _vendors_by_size(spend: SpendSection) -> list[str]:
    """Vendor ids, largest total over the months first (ties by id)."""
    totals: dict[str, Decimal] = {}
    for month in spend.by_month:
        for vendor, amount in month.by_vendor.items():
            totals[vendor] = totals.get(vendor, Decimal(0)) + amount
    return sorted(totals, key=lambda vendor: (-totals[vendor], vendor))


def _month_labels(months: list[str]) -> list[str]:
    """Tick labels for "YYYY-MM" months: "Jan" with the year under the
    first month and every January; thinned when there are many months."""
    step = 3 if len(months) > _MAX_LABELLED_MONTHS else 1
    labels = []
    for index, month in enumerate(months):
        year, number = month.split("-")
        if index % step:
            labels.append("")
            continue
        name = _MONTH_NAMES[int(number) - 1]
        first_shown = index < step
        labels.append(f"{name}\n{year}" if number == "01" or first_shown else name)
    return labels


def _compact_money(currency: str) -> Callable[[float, int], str]:
    symbol = {"USD": "$", "EUR": "€", "GBP": "£"}.get(currency, "")

    def render(value: float, _position: int) -> str:
        size, suffix = next(
            ((size, suffix) for size, suffix in _SCALES if abs(value) >= size),
            (1, ""),
        )
        # One decimal only where needed, so $1.5k and $2k stay distinct.
        scaled = f"{value / size:.1f}".removesuffix(".0")
        return f"{symbol}{scaled}{suffix}"

    return render


def _vendor_label(key: str) -> str:
    return Vendor(key).label if key in Vendor._value2member_map_ else key


def market_prices_figure(
    lines: Sequence[MarketGapLine], *, width_in: float = 7.0, height_in: float = 3.0
) -> Figure:
    """Our contracted price against the market price, one row per line.

    Each row joins our price (filled dot) and today's list price (open
    diamond) with a segment, on a logarithmic axis of price per MTok in
    the contract currency, so cheap cached meters and expensive output
    meters share one chart. Lines without a market price are left out.
    """
    from matplotlib import rc_context
    from matplotlib.figure import Figure

    _register_fonts()
    style = {"font.family": [FONT_FAMILY, FALLBACK_FONT_FAMILY], "font.size": 8}
    with rc_context(style):
        figure = Figure(figsize=(width_in, height_in), layout="constrained")
        _draw_market_prices(figure.add_subplot(), lines)
    return figure


def market_chart_height_in(rows: int) -> float:
    """A height that gives each line of the market chart a readable row."""
    return 0.9 + 0.22 * max(rows, 1)


def _draw_market_prices(axes: Axes, lines: Sequence[MarketGapLine]) -> None:
    from matplotlib.ticker import FuncFormatter, LogLocator

    shown = [
        line
        for line in lines
        if line.contracted_price_per_mtok and line.market_price_per_mtok
    ]
    if not shown:
        axes.text(0.5, 0.5, "No line has both prices", ha="center", va="center")
        axes.set_axis_off()
        return
    rows = list(range(len(shown)))[::-1]
    ours = [float(line.contracted_price_per_mtok or 0) for line in shown]
    market = [float(line.market_price_per_mtok or 0) for line in shown]
    axes.hlines(rows, market, ours, color="#9AA5B1", linewidth=1.2, zorder=1)
    axes.scatter(ours, rows, color=PALETTE[5], s=22, zorder=3, label="Our price")
    axes.scatter(
        market,
        rows,
        facecolor="white",
        edgecolor=PALETTE[0],
        marker="D",
        s=20,
        linewidth=1.2,
        zorder=3,
        label="List price today",
    )
    axes.set_xscale("log")
    axes.xaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    axes.xaxis.set_major_formatter(FuncFormatter(_unit_price_tick(shown)))
    axes.xaxis.set_minor_formatter(FuncFormatter(lambda _v, _p: ""))
    labels = [f"{line.model} · {line.meter.replace('_', ' ')}" for line in shown]
    axes.set_yticks(rows, labels)
    axes.tick_params(axis="y", length=0)
    axes.set_ylim(-0.7, len(shown) - 0.3)
    axes.set_xlabel(f"Price per MTok ({shown[0].currency}, log scale)")
    axes.spines[["top", "right", "left"]].set_visible(False)
    axes.grid(axis="x", linewidth=0.4, alpha=0.5)
    axes.set_axisbelow(True)
    axes.legend(
        frameon=False,
        loc="lower left",
        bbox_to_anchor=(0.0, 1.0),
        ncols=2,
        borderaxespad=0.2,
        handletextpad=0.3,
    )


def _unit_price_tick(lines: Sequence[MarketGapLine]) -> Callable[[float, int], str]:
    symbol = {"USD": "$", "EUR": "€", "GBP": "£"}.get(lines[0].currency, "")

    def render(value: float, _position: int) -> str:
        return f"{symbol}{value:g}"

    return render


def price_history_figure(
    path: ModelPricePath | None,
    projection: LineProjection | None,
    *,
    width_in: float = 7.0,
    height_in: float = 3.0,
) -> Figure:
    """A model's list-price path and its low, base and high projection.

    ``path`` is the sampled history (USD per MTok as the catalog states
    it); ``projection`` continues today's market price to the end of a new
    term as price × (1 − rate)^years under each scenario, with the band
    between low and high shaded and our contracted price as a dashed line.
    Either may be None; with neither, the figure says there is nothing to
    draw. Amounts become floats here only for plotting.
    """
    from matplotlib import rc_context
    from matplotlib.figure import Figure

    _register_fonts()
    style = {"font.family": [FONT_FAMILY, FALLBACK_FONT_FAMILY], "font.size": 8}
    with rc_context(style):
        figure = Figure(figsize=(width_in, height_in), layout="constrained")
        _draw_price_history(figure.add_subplot(), path, projection)
    return figure


def _draw_price_history(
    axes: Axes, path: ModelPricePath | None, projection: LineProjection | None
) -> None:
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num

    if path is None and projection is None:
        axes.text(0.5, 0.5, "No price history for this line", ha="center")
        axes.set_axis_off()
        return
    if path is not None and path.points:
        days = [float(date2num(point.day)) for point in path.points]
        prices = [float(point.price_per_mtok) for point in path.points]
        axes.step(days, prices, where="post", color=PALETTE[0], label="List price")
    if projection is not None:
        _draw_projection(axes, projection)
    locator = AutoDateLocator(minticks=3, maxticks=8)
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    currency = projection.currency if projection else "USD"
    axes.set_ylabel(f"Price per MTok ({currency})")
    axes.set_ylim(bottom=0)
    axes.spines[["top", "right"]].set_visible(False)
    axes.grid(axis="y", linewidth=0.4, alpha=0.5)
    axes.legend(
        frameon=False,
        loc="lower left",
        bbox_to_anchor=(0.0, 1.0),
        ncols=5,
        borderaxespad=0.2,
        handlelength=1.4,
    )


def _draw_projection(axes: Axes, projection: LineProjection) -> None:
    from matplotlib.dates import date2num

    start_day = float(date2num(projection.as_of))
    span = float(date2num(projection.new_term_end)) - start_day
    days = [
        start_day + span * step / _PROJECTION_STEPS
        for step in range(_PROJECTION_STEPS + 1)
    ]
    years = [(day - start_day) / 365.25 for day in days]
    start = float(projection.market_price_per_mtok)
    curves = {
        scenario.scenario: [
            start * (1 - float(scenario.decline_pct) / 100) ** t for t in years
        ]
        for scenario in projection.scenarios
    }
    if "low" in curves and "high" in curves:
        axes.fill_between(
            days,
            curves["high"],
            curves["low"],
            color=PALETTE[4],
            alpha=0.25,
            linewidth=0,
            label="Low–high decline",
        )
    if "base" in curves:
        axes.plot(days, curves["base"], color=PALETTE[0], linestyle="--", label="Base")
    if projection.contracted_price_per_mtok is not None:
        axes.axhline(
            float(projection.contracted_price_per_mtok),
            color=PALETTE[5],
            linewidth=1.0,
            linestyle=":",
            label="Our price",
        )
    term_end = float(date2num(projection.term_end))
    axes.axvline(term_end, color="#9AA5B1", linewidth=0.8)
    axes.annotate(
        "term ends",
        (term_end, 1.0),
        xycoords=("data", "axes fraction"),
        xytext=(3, -10),
        textcoords="offset points",
        color="#52606D",
    )
