"""The import wizard: read files in the background, review them, import.

Each file is read by the task runner (one at a time, with progress and a
Stop button), then shown: the format found (which the user may change),
the rows it gives, their totals and every problem. Files no format
recognises get a column-mapping page. Nothing reaches the workspace until
Import is pressed; Cancel, at any point, changes nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QListWidget,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from core.errors import DataError
from core.importing.base import (
    ImportCancelledError,
    ImportOptions,
    PasswordRequiredError,
)
from desktop.errors import user_message
from desktop.importer import jobs
from desktop.importer.drops import dropped_files
from desktop.importer.pages import FilePages
from desktop.importer.state import ImportFile, Status, import_plan
from desktop.jobs import PresetRequest
from desktop.views.widgets import note_label

if TYPE_CHECKING:
    from core.importing.base import ImportResult
    from core.mapping import ColumnMapping, MappingPreset
    from desktop.tasks import TaskRunner

log = logging.getLogger(__name__)

ReadJob = Callable[..., Any]
SIZE = (1180, 720)
LIST_WIDTH = 280
FILE_LIST_STYLE = "#importFiles::item { padding: 5px 6px; }"


class ImportWizard(QDialog):
    """Reads the files it is given and, on Import, hands over the results."""

    import_requested = Signal(object, object)  # [ImportResult], [PresetRequest]

    def __init__(
        self,
        tasks: TaskRunner,
        presets: Sequence[MappingPreset] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import Files")
        self.resize(*SIZE)
        self.setAcceptDrops(True)
        self._tasks = tasks
        self._options = ImportOptions(presets=tuple(presets))
        self._files: list[ImportFile] = []
        self._pending = 0
        self._closed = False
        self._build()
        self.finished.connect(self._on_finished)
        self._refresh()

    # -- building -----------------------------------------------------------

    def _build(self) -> None:
        self.file_list = QListWidget()
        self.file_list.setObjectName("importFiles")
        self.file_list.setStyleSheet(FILE_LIST_STYLE)
        self.file_list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.file_list.setHorizontalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        )
        self.file_list.currentRowChanged.connect(self._on_file_list_current_row_changed)
        self.add_button = QPushButton("Add Files…")
        self.remove_button = QPushButton("Remove")
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.pages = FilePages()
        self.reading, self.review = self.pages.reading, self.pages.review
        self.mapping, self.failed = self.pages.mapping, self.pages.failed
        self.reading.stop_requested.connect(self._on_reading_stop_requested)
        self.review.format_chosen.connect(self._on_review_format_chosen)
        self.review.mapping_requested.connect(self._on_review_mapping_requested)
        self.mapping.mapping_chosen.connect(self._on_mapping_mapping_chosen)
        self.failed.retry_requested.connect(self._on_failed_retry_requested)
        self.failed.mapping_requested.connect(self._on_review_mapping_requested)
        self.skip_bad_rows = QCheckBox("Skip bad rows (import the rest)")
        self.skip_bad_rows.toggled.connect(self._on_skip_bad_rows_toggled)
        self.summary = note_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(
            "Import", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.clicked.connect(self._on_import_button_clicked)
        self.buttons.rejected.connect(self.reject)
        self._lay_out()

    def _lay_out(self) -> None:
        list_buttons = QHBoxLayout()
        list_buttons.addWidget(self.add_button)
        list_buttons.addWidget(self.remove_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.file_list)
        left_layout.addLayout(list_buttons)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.pages)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([LIST_WIDTH, SIZE[0] - LIST_WIDTH])
        footer = QHBoxLayout()
        footer.addWidget(self.skip_bad_rows)
        footer.addWidget(self.summary, stretch=1)
        footer.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, stretch=1)
        layout.addLayout(footer)

    # -- public -------------------------------------------------------------

    @property
    def files(self) -> list[ImportFile]:
        return list(self._files)

    @property
    def busy(self) -> bool:
        """Whether a read of this wizard is still running or queued."""
        return self._pending > 0

    def add_files(self, paths: Sequence[Path]) -> None:
        """Add ``paths`` (each once) and start reading them."""
        known = {file.path for file in self._files}
        for path in paths:
            if path in known:
                continue
            known.add(path)
            file = ImportFile(path, self._options)
            self._files.append(file)
            self.file_list.addItem(file.list_text())
            self.file_list.item(self.file_list.count() - 1).setToolTip(str(path))
            self._read(file)
        if self.file_list.currentRow() < 0 and self._files:
            self.file_list.setCurrentRow(0)
        self._refresh()

    def results(self) -> list[ImportResult]:
        """The results of the files ready to import, in list order."""
        return [
            file.review.result
            for file in self._files
            if file.status is Status.READY and file.review is not None
        ]

    def presets(self) -> list[PresetRequest]:
        """The mappings to save as presets, for the files being imported."""
        return [
            file.preset
            for file in self._files
            if file.status is Status.READY and file.preset is not None
        ]

    def skipped(self) -> list[str]:
        """Names of the files that are not ready and would be left out."""
        return [file.name for file in self._files if file.status is not Status.READY]

    # -- reading ------------------------------------------------------------

    def _read(self, file: ImportFile, job: ReadJob | None = None) -> None:
        job = job or jobs.read_file
        file.generation += 1
        file.status, file.progress, file.step = Status.READING, 0.0, "Waiting"
        file.review, file.problems, file.message = None, None, ""
        generation = file.generation
        file.task = self._tasks.run(
            partial(job, file.path, file.options),
            description=f"Reading {file.name}",
            reporting=True,
            on_success=partial(self._on_read_succeeded, file, generation),
            on_failure=partial(self._on_read_failed, file, generation),
            on_progress=partial(self._on_read_progressed, file, generation),
        )
        self._pending += 1
        file.task.finished.connect(self._on_task_finished)

    def _current_read(self, file: ImportFile, generation: int) -> bool:
        return (
            not self._closed and file in self._files and file.generation == generation
        )

    def _on_read_progressed(
        self, file: ImportFile, generation: int, fraction: float, step: str
    ) -> None:
        if self._current_read(file, generation):
            file.progress, file.step = fraction, step
            self._refresh_file(file)

    def _on_read_succeeded(
        self, file: ImportFile, generation: int, value: jobs.FileRead
    ) -> None:
        if not self._current_read(file, generation):
            return
        if isinstance(value, jobs.NeedsMapping):
            file.status, file.columns = Status.NEEDS_MAPPING, value
        else:
            file.status, file.review = Status.READY, value
        self._refresh_file(file)

    def _on_read_failed(
        self, file: ImportFile, generation: int, exc: BaseException
    ) -> None:
        if not self._current_read(file, generation):
            return
        if isinstance(exc, PasswordRequiredError):
            self._ask_password(file, exc)
            return
        if isinstance(exc, ImportCancelledError):
            file.status, file.message = Status.STOPPED, "Reading was stopped."
        else:
            file.status, file.message = Status.FAILED, user_message(exc)
            if isinstance(exc, DataError):
                file.problems = jobs.problems_frame(exc.problems)
            else:
                log.error("reading a file failed", exc_info=exc)
        self._refresh_file(file)

    def _ask_password(self, file: ImportFile, exc: PasswordRequiredError) -> None:
        from desktop.dialogs import ask_password

        password = ask_password(self, file.name, wrong=exc.wrong)
        if password is None:
            file.status = Status.FAILED
            file.message = "The workbook is protected by a password."
            self._refresh_file(file)
            return
        file.options = replace(file.options, password=password)
        self._read(file)
        self._refresh_file(file)

    def _on_task_finished(self) -> None:
        self._pending -= 1
        if self._closed and self._pending == 0:
            self.deleteLater()
        else:
            self._refresh()

    # -- the user's choices ---------------------------------------------------

    def _on_file_list_current_row_changed(self, _row: int) -> None:
        self._show_current()

    def _on_reading_stop_requested(self) -> None:
        file = self._current()
        if file is not None and file.task is not None:
            file.task.cancel()
            self._show_current()

    def _on_review_format_chosen(self, name: str) -> None:
        file = self._current()
        if file is None:
            return
        if name == "generic":
            self._on_review_mapping_requested()
            return
        file.options = replace(file.options, format=name, mapping=None)
        file.preset = None
        self._read(file)
        self._refresh_file(file)

    def _on_review_mapping_requested(self) -> None:
        file = self._current()
        if file is None:
            return
        file.options = replace(file.options, format="generic")
        if file.columns is not None:
            file.status = Status.NEEDS_MAPPING
        else:
            self._read(file, jobs.read_columns)
        self._refresh_file(file)

    def _on_mapping_mapping_chosen(self, mapping: ColumnMapping, name: str) -> None:
        file = self._current()
        if file is None or file.columns is None:
            return
        header = file.columns.header
        for other in self._files:
            same = other.columns is not None and other.columns.header == header
            if other is file or (same and other.status is Status.NEEDS_MAPPING):
                self._read_mapped(other, mapping, name if other is file else "")
        self._refresh()

    def _read_mapped(self, file: ImportFile, mapping: ColumnMapping, name: str) -> None:
        file.options = replace(
            file.options,
            format="generic",
            mapping=mapping,
            date_order=mapping.date_order,
        )
        header = file.columns.header if file.columns is not None else []
        file.preset = PresetRequest(name, header, mapping) if name else None
        self._read(file)
        self._refresh_file(file)

    def _on_failed_retry_requested(self) -> None:
        file = self._current()
        if file is None:
            return
        if file.options.format not in (None, "generic"):
            # A format the user forced failed: detect it afresh this time.
            file.options = replace(file.options, format=None, mapping=None)
        self._read(file)
        self._refresh_file(file)

    def _on_add_button_clicked(self) -> None:
        from desktop.dialogs import ask_import_paths

        folder = self._files[-1].path.parent if self._files else Path.home()
        self.add_files(ask_import_paths(self, folder))

    def _on_remove_button_clicked(self) -> None:
        row = self.file_list.currentRow()
        if row < 0:
            return
        file = self._files.pop(row)
        if file.task is not None:
            file.task.cancel()
        self.file_list.takeItem(row)
        self._refresh()

    def _on_skip_bad_rows_toggled(self, _checked: bool) -> None:
        self._refresh()

    def _on_import_button_clicked(self) -> None:
        if not import_plan(self._files, self.skip_bad_rows.isChecked()).can_import:
            return
        self.import_requested.emit(self.results(), self.presets())
        self.accept()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if dropped_files(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        paths = dropped_files(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.add_files(paths)

    def _on_finished(self, _result: int) -> None:
        self._closed = True
        for file in self._files:
            if file.task is not None and file.status is Status.READING:
                file.task.cancel()
        if self._pending == 0:
            self.deleteLater()

    # -- showing --------------------------------------------------------------

    def _current(self) -> ImportFile | None:
        row = self.file_list.currentRow()
        return self._files[row] if 0 <= row < len(self._files) else None

    def _refresh_file(self, file: ImportFile) -> None:
        if file in self._files:
            item = self.file_list.item(self._files.index(file))
            item.setText(file.list_text())
        if file is self._current():
            self._show_current()
        self._refresh()

    def _refresh(self) -> None:
        plan = import_plan(self._files, self.skip_bad_rows.isChecked())
        self.import_button.setText(plan.button_text)
        self.import_button.setEnabled(plan.can_import)
        self.summary.setText(plan.summary)
        self.remove_button.setEnabled(self._current() is not None)

    def _show_current(self) -> None:
        file = self._current()
        self.pages.show_file(file, None if file is None else self._mapping_of(file))

    def _mapping_of(self, file: ImportFile) -> ColumnMapping | None:
        """The mapping ``file`` was last read with: the user's or a preset's."""
        from core.importing.presets import find_preset

        if file.options.mapping is not None or file.columns is None:
            return file.options.mapping
        preset = find_preset(file.columns.header, self._options.presets)
        return preset.mapping if preset is not None else None
