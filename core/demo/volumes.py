"""Daily token volumes per demo workload: growth, weekly rhythm and noise.

Volumes are drawn from ``random.Random(seed)`` in a fixed order (day, then
workload, three draws each), so a seed always gives the same tokens. The
arithmetic uses floats with + − × ÷ and ``round`` only: those are correctly
rounded on every platform, unlike ``pow`` or ``exp`` from the C library, so
the demo files come out byte-identical on every operating system.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from core.demo.scenario import FIRST_DAY, LAST_DAY, WORKLOADS, Workload

# Traffic between Christmas Eve and New Year's Day, as a share of normal;
# batch jobs run regardless.
HOLIDAY_FACTOR = 0.55
_NOISE = 0.08


@dataclass(frozen=True)
class DayVolume:
    """Tokens one workload used on one day (UTC), split by how they are billed.

    The three input counts are disjoint: their sum is all input tokens.
    """

    day: date
    workload: Workload
    uncached_input_tokens: int
    cache_read_tokens: int
    cache_write_tokens: int
    output_tokens: int
    requests: int

    @property
    def input_tokens(self) -> int:
        """All input tokens, cached and cache-write ones included."""
        return (
            self.uncached_input_tokens
            + self.cache_read_tokens
            + self.cache_write_tokens
        )


def demo_days() -> Iterator[date]:
    """Every day of the demo period, first to last inclusive."""
    day = FIRST_DAY
    while day <= LAST_DAY:
        yield day
        day += timedelta(days=1)


def daily_volumes(seed: int) -> list[DayVolume]:
    """One :class:`DayVolume` per day and workload, ordered by day then workload.

    Each workload grows by ``monthly_growth / 30`` a day, compounded.
    """
    rng = random.Random(seed)
    growth = [1.0] * len(WORKLOADS)
    volumes: list[DayVolume] = []
    for day in demo_days():
        for index, workload in enumerate(WORKLOADS):
            volumes.append(_draw_volume(rng, day, workload, growth[index]))
            growth[index] *= 1 + workload.monthly_growth / 30
    return volumes


def _draw_volume(
    rng: random.Random, day: date, workload: Workload, growth: float
) -> DayVolume:
    level = growth * _calendar_factor(day, workload)
    input_tokens = round(
        workload.input_tokens_per_day * level * rng.uniform(1 - _NOISE, 1 + _NOISE)
    )

    cache_jitter = rng.uniform(0.95, 1.05)
    cache_read = round(input_tokens * workload.cached_share * cache_jitter)
    cache_write = round(input_tokens * workload.cache_write_share * cache_jitter)
    output_jitter = rng.uniform(0.9, 1.1)
    output = round(input_tokens * workload.output_per_input * output_jitter)

    return DayVolume(
        day=day,
        workload=workload,
        uncached_input_tokens=input_tokens - cache_read - cache_write,
        cache_read_tokens=cache_read,
        cache_write_tokens=cache_write,
        output_tokens=output,
        requests=max(1, round(input_tokens / workload.input_tokens_per_request)),
    )


def _calendar_factor(day: date, workload: Workload) -> float:
    if workload.batch:
        return 1.0
    factor = workload.weekend_factor if day.weekday() >= 5 else 1.0
    if (day.month, day.day) >= (12, 24) or (day.month, day.day) == (1, 1):
        factor *= HOLIDAY_FACTOR
    return factor
