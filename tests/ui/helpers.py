"""Helpers for driving dialogs without a real modal loop."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialogButtonBox


def answer_with(filler: Callable[[object], None], press_ok: bool = True) -> Callable[[object], int]:
    """A stand-in for ``exec()``: fill the dialog like a person, press the OK button."""

    def exec_(self) -> int:  # type: ignore[no-untyped-def]
        filler(self)
        if press_ok:
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        return self.result()

    return exec_


def names_in(proxy) -> list[str]:  # type: ignore[no-untyped-def]
    return [proxy.row_object(r).name for r in range(proxy.rowCount())]


def type_text(widget, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type text key by key. ``qtbot.keyClicks`` asserts on non-ASCII (QTest's ASCII key
    table), so Hangul goes in as key events carrying the committed syllable, as an IME does."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))
