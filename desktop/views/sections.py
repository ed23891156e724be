"""Pages for the analysis sections that are still to come.

Each page says what it will answer and, plainly, that it is not computed
yet (the section's own note). Where the workspace or the spend section
already holds related inputs or figures, they are shown and labelled.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QVBoxLayout, QWidget

from core.money import format_money
from desktop.frame_model import format_decimal
from desktop.views.base import View
from desktop.views.widgets import (
    SPEND_HEADERS,
    StatusBox,
    fill_table,
    fit_to_rows,
    make_table,
    note_label,
    percent_points,
    section_label,
    spend_row,
)

if TYPE_CHECKING:
    from core.contract import Contract
    from core.selfhosting import SelfHostingScenario
    from core.workspace import Workspace
    from desktop.jobs import Analysis

WAITING = ("Computing…", "The analysis is running in the background.")
FAILED_HEADLINE = "The analysis could not be completed"
PURPOSES = {
    "commitment": (
        "Whether the committed spend will be used at current volumes and "
        "falling prices, the unused fee to expect, and the commitment level "
        "to sign next time."
    ),
    "self_hosting": (
        "The monthly volume at which an open-weight model on rented GPUs "
        "costs less than the API, including staff, redundancy and "
        "utilisation: your walk-away alternative."
    ),
    "workloads": (
        "Which workloads drive the spend, and where batch pricing, prompt "
        "caching or a cheaper model would save money."
    ),
    "position": (
        "The figures, the asks with their value, the talking points and the "
        "assumptions, gathered into a PDF to take into the meeting."
    ),
}


class SectionView(View):
    """A page for one section of the analysis (``market_gap``, …)."""

    def __init__(self, title: str, section: str, parent: QWidget | None = None):
        super().__init__(title, parent)
        self.section = section
        self.body.addWidget(note_label(PURPOSES.get(section, "")))
        self.status = StatusBox(WAITING[0])
        self.status.show_status(*WAITING)
        self.body.addWidget(self.status)

    def show_analysis(self, analysis: Analysis | None) -> None:
        super().show_analysis(analysis)
        if analysis is None:
            self.status.show_status(*WAITING)
            return
        section = getattr(analysis.result, self.section)
        if section.available:
            self.status.show_status("Computed", "")
        else:
            self.status.show_status("Not computed yet", section.note)

    def show_failure(self, message: str) -> None:
        super().show_failure(message)
        self.status.show_status(FAILED_HEADLINE, message)


class CommitmentView(SectionView):
    """Commitment reassessment, with the commitments the contracts hold."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Commitment", "commitment", parent)
        self.body.addWidget(section_label("Commitments in the contracts"))
        self.empty = note_label("No contract in this workspace commits to a spend.")
        self.body.addWidget(self.empty)
        self.table = make_table(
            [
                "Contract",
                "Committed",
                "Period",
                "Discount",
                "Unused fee",
                "Rollover",
                "Tiers",
            ],
            stretch=6,
        )
        self.body.addWidget(self.table)
        self.body.addStretch()

    def show_workspace(self, workspace: Workspace) -> None:
        rows = [commitment_row(c) for c in workspace.contracts if c.commitment]
        fill_table(self.table, rows, numeric={1, 3, 4, 5})
        fit_to_rows(self.table, len(rows))
        self.table.setVisible(bool(rows))
        self.empty.setVisible(not rows)


class SelfHostingView(SectionView):
    """Self-hosting break-even, with the scenarios' inputs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Self-hosting", "self_hosting", parent)
        self.body.addWidget(section_label("Scenario inputs"))
        self.table = make_table(["Input"])
        self.body.addWidget(self.table)
        self.body.addStretch()

    def show_workspace(self, workspace: Workspace) -> None:
        scenarios = list(workspace.scenarios)
        self.table.setColumnCount(1 + len(scenarios))
        self.table.setHorizontalHeaderLabels(["Input", *(s.name for s in scenarios)])
        columns = [scenario_inputs(s) for s in scenarios]
        labels = [label for label, _ in columns[0]] if columns else []
        rows = [
            [label, *(column[index][1] for column in columns)]
            for index, label in enumerate(labels)
        ]
        fill_table(self.table, rows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        fit_to_rows(self.table, len(rows))


class WorkloadsView(SectionView):
    """Workload savings, with billed spend by workload and by model."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Workloads", "workloads", parent)
        self.by_workload = make_table(["Workload", *SPEND_HEADERS])
        self.by_model = make_table(["Model", *SPEND_HEADERS])
        row = QHBoxLayout()
        row.addLayout(_titled("Billed spend by workload", self.by_workload))
        row.addLayout(_titled("Billed spend by model", self.by_model))
        self.body.addLayout(row, stretch=1)

    def show_analysis(self, analysis: Analysis | None) -> None:
        super().show_analysis(analysis)
        for table, name in (
            (self.by_workload, "by_workload"),
            (self.by_model, "by_model"),
        ):
            lines = [] if analysis is None else getattr(analysis.result.spend, name)
            currency = "" if analysis is None else analysis.result.spend.currency
            fill_table(
                table, [spend_row(line, currency) for line in lines], numeric={1, 2, 3}
            )


def commitment_row(contract: Contract) -> list[str]:
    """A contract's commitment terms as table text."""
    commitment = contract.commitment
    if commitment is None:
        return [contract.name, *[""] * 6]
    currency = contract.currency
    tiers = "; ".join(
        f"from {format_money(tier.min_commitment, currency)}: "
        f"{percent_points(tier.discount_pct)}"
        for tier in commitment.tiers
    )
    return [
        contract.name,
        format_money(commitment.amount, currency),
        commitment.period.value,
        percent_points(commitment.discount_pct()),
        percent_points(commitment.unused_fee_pct),
        percent_points(commitment.rollover_pct),
        tiers or "none",
    ]


def scenario_inputs(scenario: SelfHostingScenario) -> list[tuple[str, str]]:
    """A self-hosting scenario's inputs as (label, text) pairs."""
    return [
        ("Open-weight model", scenario.open_weight_model),
        ("GPU", scenario.gpu),
        ("GPU price", f"{format_money(scenario.gpu_hourly_usd, 'USD', 2)} per hour"),
        ("GPUs per replica", str(scenario.gpus_per_replica)),
        ("Throughput", f"{format_decimal(scenario.tokens_per_second)} tokens/s"),
        ("Utilisation", percent_points(scenario.utilisation_pct)),
        ("Redundancy", f"× {format_decimal(scenario.redundancy_factor)}"),
        ("Staff", f"{format_money(scenario.staff_usd_per_year, 'USD')} per year"),
        (
            "Set-up",
            f"{format_money(scenario.setup_usd, 'USD')} over "
            f"{scenario.setup_amortisation_months} months",
        ),
    ]


def _titled(title: str, table: QWidget) -> QVBoxLayout:
    layout = QVBoxLayout()
    layout.addWidget(section_label(title))
    layout.addWidget(table)
    return layout
