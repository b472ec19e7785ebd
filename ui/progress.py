"""A progress dialog for long work running on the database worker.

The service runs on the worker with ``progress(done, total, label)`` and ``cancelled()``
callbacks (``app.progress``); ``progress`` only posts to the UI thread. The dialog appears
only when the work lasts longer than ~600 ms (Anki's rule), so quick exports do not flash
a window. While it is hidden the window takes no input; once shown it is application
modal, so only its 취소 button answers, which sets a flag the service checks before it
commits. Errors are raised after the dialog is gone, so a message is never hidden under it.
"""
from __future__ import annotations

import inspect
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from ui.i18n import tr
from ui.worker import database_worker

T = TypeVar("T")

SHOW_AFTER_MS = 600


class _Poster(QObject):
    """Lives on the UI thread; the worker emits, the dialog is updated here."""

    progressed = Signal(int, int, str)


class Progress:
    """One long call: the dialog, the cancel flag, and the callbacks handed to the service."""

    def __init__(self, parent: QWidget | None, title: str, label: str = "") -> None:
        self.dialog = QProgressDialog(label, tr("취소"), 0, 0, parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        # Shown by our own timer, never by QProgressDialog's estimate.
        self.dialog.setMinimumDuration(24 * 3600 * 1000)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self._cancel = threading.Event()
        self.dialog.canceled.connect(self._cancel.set)
        self._poster = _Poster()
        self._poster.progressed.connect(self._show_progress)
        self._timer = QTimer()
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.dialog.show)

    # -- the callbacks the service receives (called on the worker)
    def __call__(self, done: int, total: int, label: str = "") -> None:
        self._poster.progressed.emit(done, total, label)

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    # -- the UI thread
    def _show_progress(self, done: int, total: int, label: str) -> None:
        if total and self.dialog.maximum() != total:
            self.dialog.setMaximum(total)
        self.dialog.setValue(min(done, total) if total else 0)
        if label:
            self.dialog.setLabelText(label)

    def run(self, service: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``service(*args, progress=..., cancelled=..., **kwargs)`` on the worker; its
        result, or its error raised here once the dialog is closed."""
        accepted = _keywords(service)
        if "progress" in accepted:
            kwargs.setdefault("progress", self)
        if "cancelled" in accepted:
            kwargs.setdefault("cancelled", self.cancelled)
        else:
            # Work that cannot stop halfway offers no 취소 button that would do nothing.
            self.dialog.setCancelButton(None)
        worker = database_worker()
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        self._timer.start(SHOW_AFTER_MS)
        try:
            future = worker.submit(service, *args, **kwargs)
            worker.wait(future, accept_input=self.dialog.isVisible)
        finally:
            # Progress posted in the last moments must not reach a dialog that is going away.
            QCoreApplication.removePostedEvents(self._poster)
            self._poster.progressed.disconnect(self._show_progress)
            self._timer.stop()
            QApplication.restoreOverrideCursor()
            self.dialog.reset()
            self.dialog.close()
            self.dialog.deleteLater()
        return future.result()


def _keywords(service: Callable[..., Any]) -> set[str]:
    try:
        parameters = inspect.signature(service).parameters.values()
    except (TypeError, ValueError):
        return set()
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters):
        return {"progress", "cancelled"}
    return {p.name for p in parameters}


def run_with_progress(parent: QWidget | None, title: str, label: str, service: Callable[..., T],
                      *args: Any, **kwargs: Any) -> T:
    """Run long work under a progress dialog; raises what the service raised."""
    return Progress(parent, title, label).run(service, *args, **kwargs)
