"""File ▸ Import…: read files in the background, review them, import them."""

from __future__ import annotations

import io
import threading
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent

from core.contract_template import write_contract_workbook
from core.demo import RESOURCE_FOLDER, build_demo
from core.money import format_money
from desktop.importer import jobs as import_jobs
from desktop.importer.state import Status

from .helpers import TASK_TIMEOUT_MS, small_contract, wait_for

OPENAI_HEADER = (
    "start_time,end_time,start_time_iso,end_time_iso,amount_value,"
    "amount_currency,quantity,quantity_unit,line_item,user_id,api_key_id,"
    "project_id,organization_id,project_name,organization_name,user_email,"
    "api_source"
)


def _openai_line(day: int, amount: str) -> str:
    start, end = f"2026-01-{day:02d}", f"2026-01-{day + 1:02d}"
    return (
        f",,{start}T00:00:00+00:00,{end}T00:00:00+00:00,{amount},usd,1000000,"
        'tokens,"gpt-5.5, input",,,proj_a,org_a,Chat,Acme,,'
    )


def _openai_costs(path: Path, amounts: list[str]) -> Path:
    lines = [OPENAI_HEADER] + [
        _openai_line(day, amount) for day, amount in enumerate(amounts, start=1)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _empty_window(qtbot, window):
    wait_for(qtbot, window, window.start, None)
    return window


def _open_wizard(qtbot, window, paths):
    window.importer.open_paths(paths)
    wizard = window.importer.wizard
    assert wizard is not None and wizard.isVisible()
    qtbot.waitUntil(lambda: not wizard.busy, timeout=TASK_TIMEOUT_MS)
    return wizard


def _import(qtbot, window, wizard):
    assert wizard.import_button.isEnabled()
    wait_for(qtbot, window, wizard.import_button.click)
    assert window.importer.wizard is None


def test_the_demo_files_import_into_an_empty_workspace(qtbot, window, dialogs):
    _empty_window(qtbot, window)
    paths = sorted(RESOURCE_FOLDER.iterdir())
    dialogs.import_paths = [paths]
    assert window.menu.import_files.shortcut().toString() == "Ctrl+I"

    window.menu.import_files.trigger()
    wizard = window.importer.wizard
    qtbot.waitUntil(lambda: not wizard.busy, timeout=TASK_TIMEOUT_MS)

    assert [f.status for f in wizard.files] == [Status.READY] * len(paths)
    assert wizard.pages.currentWidget() is wizard.review
    assert wizard.review.format_combo.currentText() == "Anthropic cost report"
    assert wizard.import_button.text() == "Import"
    _import(qtbot, window, wizard)

    expected = sum(build_demo().expected_totals.values(), Decimal(0))
    result = window.document.analysis.result
    assert result.spend.total == expected
    assert window.overview.cards["total"].value.text() == format_money(expected)
    assert len(window.document.workspace.contracts) == 2
    assert window.document.modified
    [summary] = dialogs.texts("information")
    assert summary.startswith("Imported 16,416 rows and 2 contracts from 7 files.")


def test_a_bad_cell_blocks_import_until_bad_rows_are_skipped(
    qtbot, window, dialogs, tmp_path
):
    _empty_window(qtbot, window)
    path = _openai_costs(tmp_path / "costs.csv", ["1.25", "lots", "2.50"])

    wizard = _open_wizard(qtbot, window, [path])
    [file] = wizard.files

    assert file.status is Status.READY and file.bad_rows == 1
    assert not wizard.import_button.isEnabled()
    assert "1 rows have problems" in wizard.summary.text()
    problems = wizard.review.problems
    assert problems.model.rowCount() == 1
    assert wizard.review.tabs.currentWidget() is problems
    problem = [problems.model.data(problems.model.index(0, c)) for c in range(6)]
    assert problem == ["costs.csv", "", "3", "amount_value", "lots", "not a number"]
    assert wizard.review.counts.text().startswith("3 read · 2 to import · 1 rejected")

    wizard.skip_bad_rows.setChecked(True)
    _import(qtbot, window, wizard)

    workspace = window.document.workspace
    assert len(workspace.usage) == 2
    assert workspace.usage["billed_amount"].sum() == Decimal("3.75")
    assert (
        "2 rows imported; 1 rejected; $3.75 billed" in dialogs.texts("information")[0]
    )


def test_the_problems_table_filters_by_text(qtbot, window, tmp_path):
    _empty_window(qtbot, window)
    path = _openai_costs(tmp_path / "costs.csv", ["x", "1", "y", "2"])
    wizard = _open_wizard(qtbot, window, [path])
    panel = wizard.review.problems

    panel.filter.setText("Y")

    assert panel.model.rowCount() == 2
    assert panel.proxy.rowCount() == 1
    assert panel.count.text() == "1 of 2"
    wizard.reject()


def test_stopping_a_read_and_cancelling_changes_nothing(
    qtbot, window, monkeypatch, tmp_path
):
    _empty_window(qtbot, window)
    path = _openai_costs(tmp_path / "costs.csv", ["1", "2"])
    gate = threading.Event()
    real_read = import_jobs.read_file

    def gated_read(path, options, *, progress, cancel):
        progress(0.1, "Held")
        gate.wait(TASK_TIMEOUT_MS / 1000)
        return real_read(path, options, progress=progress, cancel=cancel)

    monkeypatch.setattr(import_jobs, "read_file", gated_read)
    window.importer.open_paths([path])
    wizard = window.importer.wizard
    [file] = wizard.files
    qtbot.waitUntil(lambda: file.step == "Held", timeout=TASK_TIMEOUT_MS)
    assert wizard.pages.currentWidget() is wizard.reading

    wizard.reading.stop_button.click()
    gate.set()
    qtbot.waitUntil(lambda: not wizard.busy, timeout=TASK_TIMEOUT_MS)

    assert file.status is Status.STOPPED
    assert wizard.pages.currentWidget() is wizard.failed
    assert not wizard.import_button.isEnabled()
    wizard.buttons.rejected.emit()
    assert window.importer.wizard is None
    assert window.document.workspace.batches == []
    assert not window.document.modified


def test_cancel_after_reading_imports_nothing(qtbot, window, tmp_path):
    _empty_window(qtbot, window)
    wizard = _open_wizard(qtbot, window, [_openai_costs(tmp_path / "costs.csv", ["1"])])
    assert wizard.import_button.isEnabled()

    wizard.reject()

    assert window.document.workspace.batches == []
    assert not window.document.modified


def test_a_generic_file_mapped_by_hand_becomes_a_preset(
    qtbot, window, dialogs, tmp_path
):
    _empty_window(qtbot, window)
    header = "When,Who,What,Paid"
    first = tmp_path / "acme-jan.csv"
    first.write_text(f"{header}\n2026-01-05,OpenAI,gpt-5.5,1.25\n")
    second = tmp_path / "acme-feb.csv"
    second.write_text(f"{header}\n2026-02-05,OpenAI,gpt-5.5,2\n2026-02-06,xAI,g,1\n")

    wizard = _open_wizard(qtbot, window, [first])
    assert wizard.files[0].status is Status.NEEDS_MAPPING
    page = wizard.mapping
    assert wizard.pages.currentWidget() is page
    assert not wizard.import_button.isEnabled()
    for field, column in (
        ("period_start", "When"),
        ("vendor", "Who"),
        ("model", "What"),
        ("billed_amount", "Paid"),
    ):
        page.columns[field].setCurrentText(column)
    page.read_button.click()
    assert "currency is neither mapped nor fixed" in page.problems.text()

    page.fixed_currency.setText("usd")
    page.preset_name.setText("Acme invoices")
    page.read_button.click()
    qtbot.waitUntil(lambda: not wizard.busy, timeout=TASK_TIMEOUT_MS)
    assert wizard.pages.currentWidget() is wizard.review
    _import(qtbot, window, wizard)

    [preset] = window.document.workspace.settings.mapping_presets
    assert preset.name == "Acme invoices"
    assert preset.mapping.fixed == {"currency": "USD"}

    wizard = _open_wizard(qtbot, window, [second])
    [file] = wizard.files
    assert file.status is Status.READY and file.review.preset_used
    assert "saved preset" in wizard.review.notes.text()
    assert file.bad_rows == 1  # xAI is no vendor we know
    wizard.skip_bad_rows.setChecked(True)
    _import(qtbot, window, wizard)
    assert window.document.workspace.usage["billed_amount"].sum() == Decimal("3.25")


def test_choosing_generic_for_a_recognised_file_opens_the_mapping(
    qtbot, window, tmp_path
):
    _empty_window(qtbot, window)
    wizard = _open_wizard(qtbot, window, [_openai_costs(tmp_path / "costs.csv", ["1"])])
    combo = wizard.review.format_combo

    combo.setCurrentIndex(combo.findData("generic"))
    combo.activated.emit(combo.currentIndex())
    qtbot.waitUntil(lambda: not wizard.busy, timeout=TASK_TIMEOUT_MS)

    assert wizard.files[0].status is Status.NEEDS_MAPPING
    assert wizard.mapping.columns["billed_amount"].currentText() == "—"
    assert wizard.mapping.sample_model.rowCount() == 1
    wizard.reject()


def test_dropped_files_open_the_wizard(qtbot, window, tmp_path):
    _empty_window(qtbot, window)
    path = _openai_costs(tmp_path / "costs.csv", ["1"])
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)), QUrl("https://example.com/x")])
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    action = Qt.DropAction.CopyAction

    enter = QDragEnterEvent(QPointF(10, 10), action, mime, buttons, keys)
    window.dragEnterEvent(enter)
    window.dropEvent(QDropEvent(QPointF(10, 10), action, mime, buttons, keys))

    assert enter.isAccepted()
    wizard = window.importer.wizard
    assert [f.path for f in wizard.files] == [path]
    qtbot.waitUntil(lambda: not wizard.busy, timeout=TASK_TIMEOUT_MS)
    wizard.reject()


def test_a_drag_without_local_files_is_refused(qtbot, window):
    mime = QMimeData()
    mime.setText("not a file")
    enter = QDragEnterEvent(
        QPointF(1, 1),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )

    window.dragEnterEvent(enter)

    assert not enter.isAccepted()


def test_a_protected_workbook_asks_for_its_password_until_right(
    qtbot, window, dialogs, tmp_path
):
    from msoffcrypto.format.ooxml import OOXMLFile

    _empty_window(qtbot, window)
    plain = write_contract_workbook(tmp_path / "plain.xlsx", small_contract())
    locked = tmp_path / "locked.xlsx"
    with plain.open("rb") as source, locked.open("wb") as out:
        OOXMLFile(source).encrypt("s3cret", out)
    dialogs.passwords = ["guess", "s3cret"]

    wizard = _open_wizard(qtbot, window, [locked])

    prompts = dialogs.texts("password")
    assert len(prompts) == 2
    assert "protected by a password" in prompts[0]
    assert prompts[1].startswith("That password is not right.")
    [file] = wizard.files
    assert file.status is Status.READY and file.review.is_contract
    _import(qtbot, window, wizard)
    assert window.document.workspace.contracts == [small_contract()]
    assert "contract added" in dialogs.texts("information")[0]


def test_no_password_leaves_the_workbook_out(qtbot, window, dialogs, tmp_path):
    from msoffcrypto.format.ooxml import OOXMLFile

    _empty_window(qtbot, window)
    plain = write_contract_workbook(tmp_path / "plain.xlsx", small_contract())
    locked = tmp_path / "locked.xlsx"
    buffer = io.BytesIO()
    with plain.open("rb") as source:
        OOXMLFile(source).encrypt("s3cret", buffer)
    locked.write_bytes(buffer.getvalue())
    dialogs.passwords = [None]

    wizard = _open_wizard(qtbot, window, [locked])

    [file] = wizard.files
    assert file.status is Status.FAILED
    assert (
        wizard.failed.status.text.text() == "The workbook is protected by a password."
    )
    assert not wizard.import_button.isEnabled()
    wizard.reject()


def test_files_with_the_same_columns_share_a_mapping(qtbot, window, tmp_path):
    _empty_window(qtbot, window)
    paths = []
    for month in (1, 2):
        path = tmp_path / f"acme-{month}.csv"
        path.write_text(f"When,Who,What,Paid\n2026-0{month}-05,OpenAI,gpt-5.5,1\n")
        paths.append(path)
    wizard = _open_wizard(qtbot, window, paths)
    page = wizard.mapping
    for field, column in (
        ("vendor", "Who"),
        ("model", "What"),
        ("billed_amount", "Paid"),
    ):
        page.columns[field].setCurrentText(column)
    page.columns["period_start"].setCurrentText("When")
    page.fixed_currency.setText("EUR")

    page.read_button.click()
    qtbot.waitUntil(lambda: not wizard.busy, timeout=TASK_TIMEOUT_MS)

    assert [f.status for f in wizard.files] == [Status.READY, Status.READY]
    assert [f.preset for f in wizard.files] == [None, None]
    assert wizard.review.totals.text() == "€1.00 billed (EUR)"
    wizard.reject()


def test_a_forced_format_that_fails_is_detected_again_on_retry(qtbot, window, tmp_path):
    _empty_window(qtbot, window)
    wizard = _open_wizard(qtbot, window, [_openai_costs(tmp_path / "costs.csv", ["1"])])
    combo = wizard.review.format_combo
    combo.setCurrentIndex(combo.findData("focus"))
    combo.activated.emit(combo.currentIndex())
    qtbot.waitUntil(lambda: not wizard.busy, timeout=TASK_TIMEOUT_MS)
    [file] = wizard.files
    assert file.status is Status.FAILED
    assert wizard.pages.currentWidget() is wizard.failed

    wizard.failed.retry_button.click()
    qtbot.waitUntil(lambda: not wizard.busy, timeout=TASK_TIMEOUT_MS)

    assert file.status is Status.READY
    assert file.review.result.format == "openai-costs"
    wizard.reject()


def test_files_dropped_on_the_open_wizard_join_it(qtbot, window, tmp_path):
    _empty_window(qtbot, window)
    first = _openai_costs(tmp_path / "a.csv", ["1"])
    second = _openai_costs(tmp_path / "b.csv", ["2"])
    wizard = _open_wizard(qtbot, window, [first])
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(second)), QUrl.fromLocalFile(str(first))])

    wizard.dropEvent(
        QDropEvent(
            QPointF(5, 5),
            Qt.DropAction.CopyAction,
            mime,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
    )
    qtbot.waitUntil(lambda: not wizard.busy, timeout=TASK_TIMEOUT_MS)

    assert [f.name for f in wizard.files] == ["a.csv", "b.csv"]
    assert wizard.summary.text() == "2 rows from 2 of 2 files are ready."
    wizard.reject()
