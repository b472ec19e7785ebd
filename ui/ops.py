"""Running one user action against the domain: one service call on the database worker,
errors shown, views told.

Each action is ``ops.run(parent, service, *args, changes={Change.MEMBERS})``; a dialog that
shows errors under its fields uses ``ops.call`` and catches them itself. Either way the
service runs on the one database worker (``ui.worker``), never on the UI thread, and the
caller gets its result as if it had been called here. Long work uses ``run_long``.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from app.errors import AppError
from ui.errors import show_error
from ui.signals import app_signals
from ui.worker import database_worker

T = TypeVar("T")


def notify(changes: Iterable[str]) -> None:
    app_signals().data_changed.emit(set(changes))


def call(service: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``service`` on the worker with a wait cursor; its errors are raised here."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        return database_worker().call(service, *args, **kwargs)
    finally:
        QApplication.restoreOverrideCursor()


def run(parent: QWidget | None, service: Callable[..., T], *args: Any,
        changes: Iterable[str] = (), **kwargs: Any) -> T | None:
    """Call ``service``; on ``AppError`` show its message and return ``None``."""
    try:
        result = call(service, *args, **kwargs)
    except AppError as error:
        show_error(parent, error)
        return None
    changes = set(changes)
    if changes:
        notify(changes)
    return result


def attempt(parent: QWidget | None, service: Callable[..., Any], *args: Any,
            changes: Iterable[str] = (), **kwargs: Any) -> bool:
    """Like ``run`` for services that return nothing: True when it went through."""
    done = False

    def call_and_note() -> None:
        nonlocal done
        service(*args, **kwargs)
        done = True

    run(parent, call_and_note, changes=changes)
    return done


def run_long(parent: QWidget | None, title: str, label: str, service: Callable[..., T], *args: Any,
             changes: Iterable[str] = (), **kwargs: Any) -> T | None:
    """Long work under a progress dialog (``progress``/``cancelled`` are passed to the
    service); on ``AppError`` — 취소 included — its message once the dialog is gone."""
    from ui.progress import run_with_progress

    try:
        result = run_with_progress(parent, title, label, service, *args, **kwargs)
    except AppError as error:
        show_error(parent, error)
        return None
    changes = set(changes)
    if changes:
        notify(changes)
    return result
