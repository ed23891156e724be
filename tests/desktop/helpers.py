"""Helpers for the window's tests: scripted dialogs, a small workspace, waits."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QMessageBox

from core.contract import Clauses, Commitment, Contract, ContractRate
from core.session import new_workspace
from core.usage import usage_frame
from core.workspace import Workspace
from desktop.main_window import MainWindow

TASK_TIMEOUT_MS = 60_000
Button = QMessageBox.StandardButton


@dataclass
class Dialogs:
    """Stands in for modal dialogs: records them and answers from a script."""

    shown: list[tuple[str, str]] = field(default_factory=list)
    answers: list[QMessageBox.StandardButton] = field(default_factory=list)
    open_paths: list[Path] = field(default_factory=list)
    save_paths: list[Path] = field(default_factory=list)
    import_paths: list[list[Path]] = field(default_factory=list)
    passwords: list[str | None] = field(default_factory=list)

    def texts(self, kind: str) -> list[str]:
        return [text for shown_kind, text in self.shown if shown_kind == kind]

    def message(self, kind: str) -> Any:
        def show(_parent: object, _title: str, text: str, *_args: object) -> Button:
            self.shown.append((kind, text))
            return Button.Ok

        return show

    def question(self, _parent: object, _title: str, text: str, *_args: object):
        self.shown.append(("question", text))
        if not self.answers:
            raise AssertionError(f"unexpected question: {text}")
        return self.answers.pop(0)

    def open_file(self, _parent: object, caption: str, *_args: object):
        self.shown.append(("open", caption))
        return (str(self.open_paths.pop(0)), "") if self.open_paths else ("", "")

    def save_file(self, _parent: object, caption: str, *_args: object):
        self.shown.append(("save", caption))
        return (str(self.save_paths.pop(0)), "") if self.save_paths else ("", "")

    def open_files(self, _parent: object, caption: str, *_args: object):
        self.shown.append(("open files", caption))
        paths = self.import_paths.pop(0) if self.import_paths else []
        return [str(path) for path in paths], ""

    def get_text(self, _parent: object, _title: str, label: str, *_args: object):
        self.shown.append(("password", label))
        if not self.passwords:
            raise AssertionError(f"unexpected prompt: {label}")
        answer = self.passwords.pop(0)
        return ("", False) if answer is None else (answer, True)


def usage_rows(
    vendor: str,
    model: str,
    month: int,
    days: int,
    billed: str,
    listed: str,
    currency: str = "USD",
) -> list[dict[str, Any]]:
    """``days`` daily rows of one million input tokens each."""
    return [
        {
            "period_start": datetime(2026, month, day, tzinfo=UTC),
            "period_end": datetime(2026, month, day + 1, tzinfo=UTC),
            "vendor": vendor,
            "model": model,
            "meter": "input",
            "quantity": 1_000_000,
            "billed_amount": billed,
            "list_amount": listed,
            "currency": currency,
            "source_file": f"{vendor}.csv",
            "source_row": day + 1,
            "workload": "chat" if vendor == "openai" else "search",
        }
        for day in range(1, days + 1)
    ]


def small_workspace(name: str = "Small") -> Workspace:
    """Two imports, two vendors, two months, one contract.

    Billed: OpenAI 9 x 4.50 = 40.50, Anthropic 5 x 2.25 = 11.25, total 51.75;
    at list: 9 x 5 + 5 x 2.50 = 57.50, so the implied discount is 10.0%.
    """
    workspace = new_workspace(name)
    for vendor, model, month, days, billed, listed in (
        ("openai", "gpt-5.5", 1, 9, "4.5", "5"),
        ("anthropic", "claude-haiku-4-5", 2, 5, "2.25", "2.5"),
    ):
        workspace.add_batch(
            usage_frame(usage_rows(vendor, model, month, days, billed, listed)),
            file_name=f"{vendor}.csv",
            source_format="test",
            fingerprint=vendor * 4,
            imported_at=datetime(2026, 3, 1, 9, 0, tzinfo=UTC),
        )
    workspace.contracts = [small_contract()]
    return workspace


def small_contract() -> Contract:
    return Contract(
        name="OpenAI 2026",
        vendor="openai",
        term_start=date(2026, 1, 1),
        term_end=date(2026, 12, 31),
        rates=[ContractRate(model="gpt-5.5", meter="input", price=Decimal("4.5"))],
        commitment=Commitment(amount=Decimal(100_000)),
        clauses=Clauses(mfn=True, price_review_threshold_pct=Decimal(20)),
    )


def wait_for(qtbot: Any, window: MainWindow, action: Any, *args: Any) -> None:
    """Call ``action(*args)`` and wait until every task it started is done."""
    with qtbot.waitSignal(window.tasks.idle, timeout=TASK_TIMEOUT_MS):
        action(*args)


def open_file(qtbot: Any, window: MainWindow, path: Path) -> None:
    """Open ``path`` in ``window`` and wait for its analysis."""
    wait_for(qtbot, window, window.document.open, path)
    assert window.document.analysis is not None
