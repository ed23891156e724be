"""Background work runs off the GUI thread and reports on it."""

from __future__ import annotations

import threading

import pytest

from desktop.tasks import TaskRunner

from .helpers import TASK_TIMEOUT_MS


@pytest.fixture
def runner(qtbot):
    tasks = TaskRunner()
    yield tasks
    qtbot.waitUntil(lambda: not tasks.busy, timeout=TASK_TIMEOUT_MS)
    tasks.wait()
    tasks.deleteLater()


def test_the_call_runs_on_a_worker_and_reports_on_the_main_thread(qtbot, runner):
    main = threading.get_ident()
    delivered = []

    with qtbot.waitSignal(runner.idle, timeout=TASK_TIMEOUT_MS):
        runner.run(
            threading.get_ident,
            description="Probing",
            on_success=lambda worker: delivered.append((worker, threading.get_ident())),
        )

    [(worker, receiver)] = delivered
    assert worker != main
    assert receiver == main


def test_a_failure_reaches_its_handler_on_the_main_thread(qtbot, runner):
    main = threading.get_ident()
    failures = []

    def fail() -> None:
        raise ValueError("bad input")

    with qtbot.waitSignal(runner.idle, timeout=TASK_TIMEOUT_MS):
        runner.run(
            fail,
            description="Failing",
            on_failure=lambda exc: failures.append((exc, threading.get_ident())),
        )

    [(exc, receiver)] = failures
    assert isinstance(exc, ValueError) and str(exc) == "bad input"
    assert receiver == main


def test_a_failure_without_handler_goes_to_the_runner(qtbot, runner):
    def fail() -> None:
        raise KeyError("missing")

    with qtbot.waitSignal(runner.failed, timeout=TASK_TIMEOUT_MS) as failed:
        runner.run(fail, description="Failing")

    assert isinstance(failed.args[0], KeyError)


def test_tasks_run_in_order_and_busy_follows_them(qtbot, runner):
    order: list[int] = []
    states: list[str] = []
    runner.busy_changed.connect(states.append)

    with qtbot.waitSignal(runner.idle, timeout=TASK_TIMEOUT_MS):
        for number in range(3):
            runner.run(
                lambda n=number: n,
                description=f"Step {number}",
                on_success=order.append,
            )
        assert runner.busy

    assert order == [0, 1, 2]
    assert not runner.busy
    assert states[0] == "Step 0" and states[-1] == ""


def test_a_reporting_task_sends_progress_to_the_main_thread(qtbot, runner):
    main = threading.get_ident()
    heard: list[tuple[float, str, int]] = []
    results: list[str] = []

    def work(*, progress, cancel) -> str:
        progress(0.5, "Halfway")
        progress(1.0, "Done")
        return "result"

    with qtbot.waitSignal(runner.idle, timeout=TASK_TIMEOUT_MS):
        runner.run(
            work,
            description="Reporting",
            reporting=True,
            on_success=results.append,
            on_progress=lambda f, s: heard.append((f, s, threading.get_ident())),
        )

    assert results == ["result"]
    assert heard == [(0.5, "Halfway", main), (1.0, "Done", main)]


def test_a_cancelled_task_sees_the_flag_on_its_worker(qtbot, runner):
    started, gate = threading.Event(), threading.Event()
    seen: list[bool] = []

    def work(*, progress, cancel) -> None:
        started.set()
        gate.wait(TASK_TIMEOUT_MS / 1000)
        seen.append(cancel())

    with qtbot.waitSignal(runner.idle, timeout=TASK_TIMEOUT_MS):
        task = runner.run(work, description="Stoppable", reporting=True)
        assert not task.is_cancelled()
        started.wait(TASK_TIMEOUT_MS / 1000)
        task.cancel()
        gate.set()

    assert seen == [True]
