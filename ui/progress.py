"""Binding a service's ``progress(done, total, label)`` callback to a ``QProgressDialog``.

The dialog appears only when the work takes longer than ~600 ms (Anki's rule), so quick
exports do not flash a window at the user.
"""
from __future__ import annotations

from types import TracebackType

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from ui.i18n import tr


class Progress:
    def __init__(self, parent: QWidget | None, title: str, label: str = "") -> None:
        self.dialog = QProgressDialog(label, tr("취소"), 0, 0, parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(600)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)

    def __enter__(self) -> "Progress":
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        QApplication.restoreOverrideCursor()
        self.dialog.reset()
        self.dialog.close()
        self.dialog.deleteLater()

    def __call__(self, done: int, total: int, label: str = "") -> None:
        if total and self.dialog.maximum() != total:
            self.dialog.setMaximum(total)
        self.dialog.setValue(min(done, total) if total else 0)
        if label:
            self.dialog.setLabelText(label)
        # The work runs on the main thread: let the dialog paint and the 취소 button answer.
        QApplication.processEvents()

    def cancelled(self) -> bool:
        return self.dialog.wasCanceled()
