"""Run plain core calls off the GUI thread; hear back on the main thread.

Every slow step (opening, saving, analysing, writing the brief) goes through
:class:`TaskRunner`. The callable runs on a worker thread and must not touch
widgets; its return value or exception comes back through :class:`Task`'s
signals, emitted on the main thread. Tasks run one at a time, in the order
they were started, so two of them never work on a workspace at once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)


class Task(QObject):
    """One call in flight. Its public signals arrive on the main thread."""

    succeeded = Signal(object)
    failed = Signal(object)
    finished = Signal()
    _reported = Signal(bool, object)  # emitted from the worker thread

    def __init__(self, description: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.description = description
        # Queued to this object, which lives on the main thread.
        self._reported.connect(self._on_reported, Qt.ConnectionType.QueuedConnection)

    @Slot(bool, object)
    def _on_reported(self, ok: bool, value: object) -> None:
        log.debug("task %r %s", self.description, "succeeded" if ok else "failed")
        if ok:
            self.succeeded.emit(value)
        else:
            self.failed.emit(value)
        self.finished.emit()


class _Job(QRunnable):
    def __init__(self, function: Callable[[], Any], task: Task) -> None:
        super().__init__()
        self._function = function
        self._task = task

    def run(self) -> None:
        try:
            value = self._function()
        except Exception as exc:  # handed to the main thread, shown there
            self._task._reported.emit(False, exc)
        else:
            self._task._reported.emit(True, value)


class TaskRunner(QObject):
    """Starts tasks on one worker thread and reports when it is busy.

    ``failed`` carries the exception of any task started without its own
    failure handler, for the window's one error display.
    """

    busy_changed = Signal(str)  # description of the running task, "" when idle
    idle = Signal()
    failed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._pending: list[Task] = []

    @property
    def busy(self) -> bool:
        """Whether a task is running or waiting."""
        return bool(self._pending)

    def run(
        self,
        function: Callable[[], Any],
        *,
        description: str,
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
    ) -> Task:
        """Call ``function()`` on the worker thread; handlers run on this one."""
        task = Task(description, self)
        if on_success is not None:
            task.succeeded.connect(on_success)
        task.failed.connect(on_failure if on_failure is not None else self.failed)
        task.finished.connect(lambda: self._on_task_finished(task))
        self._pending.append(task)
        self.busy_changed.emit(self._pending[0].description)
        self._pool.start(_Job(function, task))
        return task

    def wait(self, timeout_ms: int = -1) -> bool:
        """Block until the worker is done; True if it finished in time."""
        return self._pool.waitForDone(timeout_ms)

    def _on_task_finished(self, task: Task) -> None:
        self._pending.remove(task)
        task.deleteLater()
        if self._pending:
            self.busy_changed.emit(self._pending[0].description)
            return
        self.busy_changed.emit("")
        self.idle.emit()
