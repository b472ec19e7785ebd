"""The database worker: calls run on one other thread, results and errors come back, the
window takes no input meanwhile, a failing service leaves no wait cursor, and 취소 really
stops long work with the database unchanged."""
from __future__ import annotations

import threading
import time
from datetime import date

import pytest
from PySide6.QtCore import QTimer, Qt
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton

from app.errors import InputRefused
from app.members import MemberData, TermData, add_member_in_session, list_members
from app.progress import check_cancelled
from ui import ops
from ui.worker import THREAD_NAME, database_worker


def test_calls_run_one_at_a_time_on_the_worker_thread(qapp) -> None:
    names: list[str] = []
    active = 0
    most = 0
    lock = threading.Lock()

    def service(n: int) -> int:
        nonlocal active, most
        with lock:
            active += 1
            most = max(most, active)
        names.append(threading.current_thread().name)
        time.sleep(0.01)
        with lock:
            active -= 1
        return n * 2

    futures = [database_worker().submit(service, n) for n in range(5)]
    assert [f.result() for f in futures] == [0, 2, 4, 6, 8]
    assert ops.call(service, 21) == 42
    assert most == 1
    assert all(name.startswith(THREAD_NAME) for name in names)
    assert threading.current_thread().name not in names


def test_an_error_comes_back_to_the_caller_and_the_wait_cursor_goes(qapp) -> None:
    def refuse() -> None:
        raise InputRefused("db_missing", path="x")

    def crash() -> None:
        raise RuntimeError("boom")

    with pytest.raises(InputRefused):
        ops.call(refuse)
    assert QApplication.overrideCursor() is None
    with pytest.raises(RuntimeError):
        ops.run(None, crash)  # an unexpected error goes on to the crash hook
    assert QApplication.overrideCursor() is None


def test_run_shows_a_refusal_and_leaves_no_wait_cursor(qapp, answers) -> None:
    def refuse() -> None:
        raise InputRefused("db_missing", path="/nowhere")

    assert ops.run(None, refuse) is None
    assert QApplication.overrideCursor() is None
    assert len(answers["warn"].asked) == 1


def test_the_ui_thread_runs_timers_but_holds_back_input_during_a_call(qtbot, monkeypatch) -> None:
    """Timers (painting, the clock) run while the worker is busy; every wait for events
    excludes user input, which Qt delivers once the call is over."""
    from PySide6.QtCore import QEventLoop

    from ui import worker as worker_module

    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(20)
    flags_seen: list[QEventLoop.ProcessEventsFlag] = []
    real = worker_module._process_events

    def recording(flags: QEventLoop.ProcessEventsFlag) -> None:
        flags_seen.append(flags)
        real(flags)

    monkeypatch.setattr(worker_module, "_process_events", recording)
    ops.call(time.sleep, 0.4)
    timer.stop()
    assert len(ticks) >= 5, "the UI thread did not run its timers while waiting"
    assert flags_seen and all(f & QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents for f in flags_seen)


def _member(name: str) -> tuple[MemberData, TermData]:
    # A former member (term long over): the member cap does not stop a long import of them.
    return (MemberData(name=name, sex="F", kind="appointed", category=1, birth_date=date(1960, 1, 1)),
            TermData(start_on=date(2016, 1, 1), end_on=date(2017, 12, 31)))


def test_cancel_stops_long_work_and_leaves_the_database_unchanged(qtbot, empty_state, answers, today) -> None:
    before = len(list_members(empty_state.uow(), today, "all"))
    started = threading.Event()

    def import_many(uow, progress, cancelled) -> int:  # type: ignore[no-untyped-def]
        """A long import in one transaction: it checks for 취소 between rows."""
        with uow:
            for n in range(200):
                data, term = _member(f"취소{n:03d}")
                progress(n, 200, f"{n}")
                if n == 5:
                    started.set()
                    # Wait for the person's click (the dialog shows after 0.6 s), so the
                    # test does not depend on how fast a loaded machine runs the rows.
                    deadline = time.monotonic() + 20
                    while not cancelled() and time.monotonic() < deadline:
                        time.sleep(0.01)
                check_cancelled(cancelled)
                add_member_in_session(uow.session, data, term, today)
            uow.commit()
        return 200

    def press_cancel() -> None:
        """As a person would: wait for the dialog to appear, then click its 취소 button."""
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible()]
        if not started.is_set() or not dialogs:
            QTimer.singleShot(20, press_cancel)
            return
        button = next(b for b in dialogs[0].findChildren(QPushButton) if b.text() == "취소")
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(20, press_cancel)
    result = ops.run_long(None, "가져오기", "저장하는 중입니다…", import_many, empty_state.uow())
    assert result is None
    assert started.is_set()
    assert "취소" in answers["warn"].asked[-1]
    assert len(list_members(empty_state.uow(), today, "all")) == before
    assert QApplication.overrideCursor() is None


def test_work_that_cannot_stop_offers_no_cancel_button(qtbot, state) -> None:
    seen: list[bool] = []

    def look() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QProgressDialog) and widget.isVisible():
                seen.append(any(b.isVisible() for b in widget.findChildren(QPushButton)))

    def slow(progress) -> int:  # type: ignore[no-untyped-def]
        for n in range(10):
            progress(n, 10, "")
            time.sleep(0.1)
        return 1

    QTimer.singleShot(800, look)
    assert ops.run_long(None, "인쇄", "만드는 중입니다…", slow) == 1
    assert seen == [False]
