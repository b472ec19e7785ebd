"""Running one user action against the domain: one service call, errors shown, views told.

Each action is ``ops.run(parent, service, *args, changes={"members"})``. Work stays on the
main thread: the data of one 읍면동 is small (tens of members), and a single thread can
never have two sessions touching the database at once. Long work uses ``ui.progress``.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from PySide6.QtWidgets import QApplication, QWidget
from PySide6.QtCore import Qt

from app.errors import AppError
from ui.errors import show_error
from ui.signals import app_signals

T = TypeVar("T")


def notify(changes: Iterable[str]) -> None:
    app_signals().data_changed.emit(set(changes))


def run(parent: QWidget | None, service: Callable[..., T], *args: Any,
        changes: Iterable[str] = (), **kwargs: Any) -> T | None:
    """Call ``service``; on ``AppError`` show its message and return ``None``."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        result = service(*args, **kwargs)
    except AppError as error:
        QApplication.restoreOverrideCursor()
        show_error(parent, error)
        return None
    QApplication.restoreOverrideCursor()
    changes = set(changes)
    if changes:
        notify(changes)
    return result


def attempt(parent: QWidget | None, service: Callable[..., Any], *args: Any,
            changes: Iterable[str] = (), **kwargs: Any) -> bool:
    """Like ``run`` for services that return nothing: True when it went through."""
    done = False

    def call() -> None:
        nonlocal done
        service(*args, **kwargs)
        done = True

    run(parent, call, changes=changes)
    return done
