"""Run plain core calls off the GUI thread; hear back on the main thread.

Every slow step (opening, saving, analysing, writing the brief) goes through
:class:`TaskRunner`. The callable runs on a worker thread and must not touch
widgets; its return value or exception comes back through :class:`Task`'s
signals, emitted on the main thread. Tasks run one at a time, in the order
they were started, so two of them never work on a workspace at once.

A long task (reading a file) is started with ``reporting=True``: it is then
called with ``progress(fraction, step)``, which it may call from the worker
(the task's ``progressed`` signal carries it to the main thread), and
``cancel()``, which returns True once :meth:`Task.cancel` was called on the
main thread. The function decides where it can stop; the flag is a
:class:`threading.Event`, safe to read from any thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)


class Task(QObject):
    """One call in flight. Its public signals arrive on the main thread."""

    succeeded = Signal(object)
    failed = Signal(object)
    finished = Signal()
    progressed = Signal(float, str)  # fraction done (0..1), step
    _reported = Signal(bool, object)  # emitted from the worker thread
    _progress_reported = Signal(float, str)  # emitted from the worker thread

    def __init__(self, description: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.description = description
        self._cancelled = threading.Event()
        # Queued to this object, which lives on the main thread.
        queued = Qt.ConnectionType.QueuedConnection
        self._reported.connect(self._on_reported, queued)
        self._progress_reported.connect(self.progressed, queued)

    def cancel(self) -> None:
        """Ask the function to stop at its next check; safe to call twice."""
        self._cancelled.set()

    def is_cancelled(self) -> bool:
        """Whether :meth:`cancel` was called; safe to call from any thread."""
        return self._cancelled.is_set()

    def report_progress(self, fraction: float, step: str) -> None:
        """Pass progress to the main thread; safe to call from any thread."""
        self._progress_reported.emit(fraction, step)

    @Slot(bool, object)
    def _on_reported(self, ok: bool, value: object) -> None:
        log.debug("task %r %s", self.description, "succeeded" if ok else "failed")
        if ok:
            self.succeeded.emit(value)
        else:
            self.failed.emit(value)
        self.finished.emit()


class _Job(QRunnable):
    def __init__(
        self, function: Callable[..., Any], task: Task, reporting: bool
    ) -> None:
        super().__init__()
        self._function = function
        self._task = task
        self._reporting = reporting

    def run(self) -> None:
        task = self._task
        try:
            if self._reporting:
                value = self._function(
                    progress=task.report_progress, cancel=task.is_cancelled
                )
            else:
                value = self._function()
        except Exception as exc:  # handed to the main thread, shown there
            task._reported.emit(False, exc)
        else:
            task._reported.emit(True, value)


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
        function: Callable[..., Any],
        *,
        description: str,
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[float, str], None] | None = None,
        reporting: bool = False,
    ) -> Task:
        """Call ``function()`` on the worker thread; handlers run on this one.

        With ``reporting``, the call is ``function(progress=..., cancel=...)``
        (see the module's description) and ``on_progress`` hears the progress.
        """
        task = Task(description, self)
        if on_success is not None:
            task.succeeded.connect(on_success)
        if on_progress is not None:
            task.progressed.connect(on_progress)
        task.failed.connect(on_failure if on_failure is not None else self.failed)
        task.finished.connect(lambda: self._on_task_finished(task))
        self._pending.append(task)
        self.busy_changed.emit(self._pending[0].description)
        self._pool.start(_Job(function, task, reporting))
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
