"""The Contracts page: editing a contract, importing one, the template."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import QDate

from core.contract_template import write_contract_workbook
from core.importing.formats.contract import is_contract_workbook
from desktop.importer.state import Status

from .helpers import TASK_TIMEOUT_MS, open_file, small_contract, wait_for


def _editor(window):
    window.show_view(2)
    return window.contracts.editor


def test_editing_the_discount_replaces_the_contract(qtbot, window, small_file):
    open_file(qtbot, window, small_file)
    editor = _editor(window)
    assert editor.discount.text() == "0"

    editor.discount.setText("12.5")
    wait_for(qtbot, window, editor.apply_button.click)

    [contract] = window.document.workspace.contracts
    assert contract.discount_off_list_pct == Decimal("12.5")
    assert contract.rates == small_contract().rates
    assert contract.commitment == small_contract().commitment
    assert window.document.modified and window.isWindowModified()
    assert window.contracts.terms.item(0, 5).text() == "12.5%"
    assert editor.discount.text() == "12.5"


def test_an_end_before_the_start_is_refused_and_changes_nothing(
    qtbot, window, small_file, dialogs
):
    open_file(qtbot, window, small_file)
    editor = _editor(window)

    editor.term_end.setDate(QDate(2025, 6, 30))
    wait_for(qtbot, window, editor.apply_button.click)

    [message] = dialogs.texts("warning")
    assert "term_end 2025-06-30 is not after term_start 2026-01-01" in message
    assert window.document.workspace.contracts == [small_contract()]
    assert not window.document.modified
    assert editor.term_end.date() == QDate(2025, 6, 30)  # kept for correcting


def test_rates_can_be_added_edited_and_removed(qtbot, window, small_file, dialogs):
    open_file(qtbot, window, small_file)
    rates = _editor(window).rates
    rates.add_button.click()
    row = rates.table.rowCount() - 1
    rates.table.item(row, 0).setText("gpt-5.5")
    meter = rates.table.cellWidget(row, 1)
    meter.setCurrentIndex(meter.findData("output"))
    rates.table.item(row, 2).setText("36")

    assert rates.table.item(row, 3).text() == "per MTok"
    wait_for(qtbot, window, window.contracts.editor.apply_button.click)
    [contract] = window.document.workspace.contracts
    assert [(r.model, r.meter.value, r.price) for r in contract.rates] == [
        ("gpt-5.5", "input", Decimal("4.5")),
        ("gpt-5.5", "output", Decimal(36)),
    ]

    rates = window.contracts.editor.rates
    rates.table.selectRow(0)
    rates.remove_button.click()
    wait_for(qtbot, window, window.contracts.editor.apply_button.click)
    [contract] = window.document.workspace.contracts
    assert [r.meter.value for r in contract.rates] == ["output"]
    assert dialogs.texts("warning") == []


def test_a_bad_price_names_the_rate(qtbot, window, small_file, dialogs):
    open_file(qtbot, window, small_file)
    editor = _editor(window)

    editor.rates.table.item(0, 2).setText("cheap")
    wait_for(qtbot, window, editor.apply_button.click)

    [message] = dialogs.texts("warning")
    assert message.startswith("Column rates[1].price:")
    assert window.document.workspace.contracts == [small_contract()]


def test_dropping_the_commitment_and_setting_clauses(qtbot, window, small_file):
    open_file(qtbot, window, small_file)
    editor = _editor(window)

    editor.committed.setChecked(False)
    editor.review_threshold.setText("")
    editor.reassessment.setValue(6)
    wait_for(qtbot, window, editor.apply_button.click)

    [contract] = window.document.workspace.contracts
    assert contract.commitment is None
    assert contract.clauses.price_review_threshold_pct is None
    assert contract.clauses.reassessment_months == 6
    assert contract.clauses.mfn


def test_new_contract_from_template_writes_the_workbook(
    qtbot, window, small_file, dialogs, tmp_path
):
    open_file(qtbot, window, small_file)
    dialogs.save_paths = [tmp_path / "acme"]

    wait_for(qtbot, window, window.contracts.template_button.click)

    written = tmp_path / "acme.xlsx"
    assert is_contract_workbook(written)
    assert "Wrote acme.xlsx" in window.statusBar().currentMessage()


def test_import_contract_adds_it_through_the_wizard(
    qtbot, window, small_file, dialogs, tmp_path
):
    open_file(qtbot, window, small_file)
    second = small_contract().model_copy(
        update={"name": "OpenAI 2027", "term_start": date(2027, 1, 1)}
    )
    second = second.model_copy(update={"term_end": date(2027, 12, 31)})
    path = write_contract_workbook(tmp_path / "openai-2027.xlsx", second)
    dialogs.import_paths = [[path]]

    window.contracts.import_button.click()
    wizard = window.importer.wizard
    qtbot.waitUntil(lambda: not wizard.busy, timeout=TASK_TIMEOUT_MS)
    assert wizard.files[0].status is Status.READY
    assert "the contract “OpenAI 2027”" in wizard.review.totals.text()
    wait_for(qtbot, window, wizard.import_button.click)

    names = [c.name for c in window.document.workspace.contracts]
    assert names == ["OpenAI 2026", "OpenAI 2027"]
    assert window.contracts.terms.rowCount() == 2
