"""Attributing usage to workloads through the user's mapping table."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd


def with_workloads(
    usage: pd.DataFrame, workload_map: Mapping[str, str]
) -> pd.DataFrame:
    """The usage table with each row's workload after the user's mapping.

    ``workload_map`` maps an account (project, workspace, sub-account or API
    key, as imported) to a workload name. A mapped account wins over the
    workload the file named; unmapped rows keep theirs. The input is not
    modified.
    """
    if usage.empty or not workload_map:
        return usage
    mapped = usage["account"].map(dict(workload_map))
    workloads = mapped.fillna(usage["workload"]).astype(usage["workload"].dtype)
    return usage.assign(workload=workloads)


def accounts_and_workloads(usage: pd.DataFrame) -> pd.DataFrame:
    """Distinct (vendor, account, workload) with row counts, for the editor."""
    if usage.empty:
        return usage[["vendor", "account", "workload"]].assign(rows=[])
    return (
        usage.groupby(["vendor", "account", "workload"], observed=True)
        .size()
        .rename("rows")
        .reset_index()
    )
