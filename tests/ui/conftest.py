"""pytest-qt fixtures: a fixed today, Korean UI, no modal dialog left waiting for a person.

Any dialog or message box a test does not answer raises instead of blocking, so the
suite can never hang on a modal ``exec()``.
"""
from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from sqlalchemy import Engine, event

from app.preferences import Preferences
from db.session import Database

TODAY = date(2026, 11, 24)


class UnansweredDialog(AssertionError):
    pass


def _refuse_exec(self: QDialog) -> int:
    raise UnansweredDialog(f"{type(self).__name__} opened modally without a test answer")


@pytest.fixture(autouse=True)
def ui_defaults(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    from ui import appearance, clock, errors, i18n

    clock.set_today(TODAY)
    i18n.set_language("ko")
    errors.forget_seen_crashes()
    appearance.load_fonts()
    appearance.apply_font_size(11)
    monkeypatch.setattr(QDialog, "exec", _refuse_exec)
    monkeypatch.setattr(QMessageBox, "exec", _refuse_exec)
    yield
    i18n.set_language("ko")
    clock.set_today(None)


_UI_FOLDER = str(Path(__file__).resolve().parents[2] / "ui")


@pytest.fixture(autouse=True)
def ui_thread_opens_no_transaction() -> Iterator[None]:
    """Every database call made by window code runs on the database worker: a transaction
    begun on the UI thread with ``ui/`` code on the stack fails the test that did it.

    Test set-up code may use the database directly (it is not the window)."""
    violations: list[str] = []

    def on_begin(_conn: object) -> None:
        if threading.current_thread() is not threading.main_thread():
            return
        frame = sys._getframe(1)
        while frame is not None:
            if frame.f_code.co_filename.startswith(_UI_FOLDER):
                violations.append(f"{frame.f_code.co_filename}:{frame.f_lineno} {frame.f_code.co_name}")
                return
            frame = frame.f_back

    event.listen(Engine, "begin", on_begin)
    yield
    event.remove(Engine, "begin", on_begin)
    assert not violations, "transactions opened on the UI thread:\n" + "\n".join(sorted(set(violations)))


@pytest.fixture
def state(demo_db: Database):
    from ui.state import AppState

    return AppState(demo_db, Preferences())


@pytest.fixture
def empty_state(db: Database):
    from ui.state import AppState

    return AppState(db, Preferences())


def _make_window(qtbot, app_state):  # type: ignore[no-untyped-def]
    from ui.main_window import MainWindow

    window = MainWindow(app_state)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def window(qtbot, state):  # type: ignore[no-untyped-def]
    w = _make_window(qtbot, state)
    yield w
    w.close()
    w.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def empty_window(qtbot, empty_state):  # type: ignore[no-untyped-def]
    w = _make_window(qtbot, empty_state)
    yield w
    w.close()
    w.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


class Answers:
    """Records what the program asked and answers with a fixed reply."""

    def __init__(self, reply: bool = True) -> None:
        self.reply = reply
        self.asked: list[str] = []

    def __call__(self, parent, *args, **kwargs):  # type: ignore[no-untyped-def]
        text = " ".join(str(a) for a in args)
        self.asked.append(text)
        return self.reply


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> dict[str, Answers]:
    """Auto-answer ui.messages: confirm says yes; warn/inform/crash/file_saved are recorded."""
    from ui import messages

    table = {name: Answers() for name in ("confirm", "warn", "inform", "crash", "file_saved")}
    for name, answer in table.items():
        monkeypatch.setattr(messages, name, answer)
    return table
