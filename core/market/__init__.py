"""Market gap: our contracted prices against today's published prices.

The package answers "what do we pay per million tokens against what a new
customer pays today, and what is the difference worth at our volume?":

- :mod:`core.market.lines` builds one line per contracted (vendor, model,
  meter) with its run-rate volume and the gap's annual value;
- :mod:`core.market.comparables` proposes other channels, successors and
  the user's peers for each line;
- :mod:`core.market.audit` checks what we were billed against our rates;
- :mod:`core.market.triggers` tests price-review and MFN clauses;
- :mod:`core.market.trends` fits the price decline and projects it;
- :mod:`core.market.section` gathers them into
  :class:`~core.market.results.MarketGapSection`.

This module imports nothing, so :mod:`core.results` can import the result
models without a cycle.
"""
