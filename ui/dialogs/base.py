"""A form dialog that shows each field's problem in red under the field and stays open.

Dialogs subclass ``FormDialog``, add fields with ``add_field`` and implement ``save()``,
which calls one service. ``ValidationFailed`` lands next to the fields; any other
``AppError`` goes to ``ui.errors.show_error``; success closes the dialog.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QGridLayout, QGroupBox, QLabel,
                               QVBoxLayout, QWidget)

from app.errors import AppError, FieldError, ValidationFailed
from ui.errors import show_error
from ui.i18n import N_, language, tr
from ui.signals import app_signals
from ui.widgets import DateEdit, ErrorLabel, OptionalDateEdit


def _clear_when_edited(widget: QWidget, error: ErrorLabel) -> None:
    """A red line goes away as soon as its field is changed (it told what to fix)."""
    for signal_name in ("textEdited", "textChanged", "valueChanged", "currentIndexChanged", "toggled"):
        signal = getattr(widget, signal_name, None)
        if signal is not None:
            signal.connect(lambda *_args: error.show_message(""))
            return
    if isinstance(widget, DateEdit):
        widget.line.textEdited.connect(lambda *_args: error.show_message(""))
        widget.dateChanged.connect(lambda *_args: error.show_message(""))
    elif isinstance(widget, OptionalDateEdit):
        widget.changed.connect(lambda: error.show_message(""))
        widget.edit.line.textEdited.connect(lambda *_args: error.show_message(""))


class FieldGrid(QGroupBox):
    """A titled group of label / field rows, each with its own error line."""

    def __init__(self, owner: "FormDialog", title_ko: str) -> None:
        super().__init__()
        self._owner = owner
        self._title_ko = title_ko
        self.grid = QGridLayout(self)
        self.grid.setColumnStretch(1, 1)
        self.grid.setVerticalSpacing(4)
        self._row = 0
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setTitle(tr(self._title_ko) if self._title_ko else "")

    def add(self, key: str, label_ko: str, widget: QWidget, error_keys: tuple[str, ...] = ()) -> QWidget:
        label = QLabel()
        label.setBuddy(widget)
        self._owner.register_label(label, label_ko)
        error = ErrorLabel()
        self.grid.addWidget(label, self._row, 0)
        self.grid.addWidget(widget, self._row, 1)
        self.grid.addWidget(error, self._row + 1, 1)
        self._row += 2
        for name in (key, *error_keys):
            self._owner.error_labels[name] = error
        self._owner.widget_errors[widget] = error
        _clear_when_edited(widget, error)
        return widget


SAVE = N_("저장")  # marked, so the catalogue has its English (it stayed Korean in English mode)


class FormDialog(QDialog):
    # Refusal codes shown under a field instead of in a message box: code -> field key.
    inline_refusals: dict[str, str] = {}

    def __init__(self, parent: QWidget | None, title_ko: str, ok_ko: str = SAVE) -> None:
        super().__init__(parent)
        self._title_ko = title_ko
        self._ok_ko = ok_ko
        self._labels: list[tuple[QLabel, str]] = []
        self._groups: list[FieldGrid] = []
        self.error_labels: dict[str, ErrorLabel] = {}
        self.widget_errors: dict[QWidget, ErrorLabel] = {}
        self.general_error = ErrorLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.body = QVBoxLayout()
        layout = QVBoxLayout(self)
        layout.addLayout(self.body, 1)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        app_signals().language_changed.connect(self.retranslate_ui)

    def group(self, title_ko: str) -> FieldGrid:
        grid = FieldGrid(self, title_ko)
        self._groups.append(grid)
        return grid

    def register_label(self, label: QLabel, text_ko: str) -> None:
        self._labels.append((label, text_ko))
        label.setText(tr(text_ko))

    def retranslate_ui(self) -> None:
        self.setWindowTitle(tr(self._title_ko))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr(self._ok_ko))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("취소"))
        for label, text in self._labels:
            label.setText(tr(text))
        for grid in self._groups:
            grid.retranslate_ui()

    # -- errors
    def clear_errors(self) -> None:
        for label in self.error_labels.values():
            label.show_message("")
        self.general_error.show_message("")

    def show_field_errors(self, errors: list[FieldError]) -> None:
        lang = language()
        unplaced: list[str] = []
        shown: dict[ErrorLabel, list[str]] = {}
        for error in errors:
            label = self.error_labels.get(error.field)
            if label is None:
                unplaced.append(error.message(lang))
            else:
                shown.setdefault(label, []).append(error.message(lang))
        for label, lines in shown.items():
            label.show_message("\n".join(lines))
        self.general_error.show_message("\n".join(unplaced))
        # Red lines add height; grow so none of them is cut off.
        self.adjustSize()
        # Put the cursor where the first problem is, so the fix is one keystroke away.
        first = next((self.error_labels[e.field] for e in errors if e.field in self.error_labels), None)
        if first is not None:
            grid = first.parentWidget().layout()
            if isinstance(grid, QGridLayout):
                idx = grid.indexOf(first)
                row, col, _rs, _cs = grid.getItemPosition(idx)
                item = grid.itemAtPosition(row - 1, col)
                if item is not None and item.widget() is not None:
                    item.widget().setFocus()

    # -- saving
    def save(self) -> bool:
        """Call the service. Return True when done; raise AppError when refused."""
        raise NotImplementedError

    def attempt(self, action: Callable[[], object]) -> bool:
        """Run ``action``; show its refusal in the dialog. True when it went through."""
        self.clear_errors()
        try:
            action()
        except ValidationFailed as error:
            self.show_field_errors(error.errors)
            return False
        except AppError as error:
            label = self.error_labels.get(self.inline_refusals.get(error.code, ""))
            if label is None:
                show_error(self, error)
            else:
                label.show_message(error.message(language()))
                self.adjustSize()
            return False
        return True

    def unreadable_dates(self) -> bool:
        """Date fields whose text cannot be read keep the form open, each saying why under
        itself; nothing is saved with a date the person did not mean."""
        first: DateEdit | None = None
        for edit in self.findChildren(DateEdit):
            if not edit.isEnabled() or edit.commit_text() or edit.is_valid():
                continue
            holder: QWidget | None = edit
            while holder is not None and holder not in self.widget_errors:
                holder = holder.parentWidget()
            label = self.widget_errors.get(holder) if holder is not None else None
            (label or self.general_error).show_message(edit.problem())
            first = first or edit
        if first is not None:
            self.adjustSize()
            first.setFocus()
            return True
        return False

    def accept(self) -> None:
        if self.unreadable_dates():
            return
        if self.save():
            super().accept()
