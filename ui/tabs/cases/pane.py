"""What the three views of the case tab share: a list (one table model from a column
spec, filtered by the typed words) beside the selected record's page, a row of buttons
under it, and an empty state that says what to do. Each view reads through ``ui.ops``."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QLineEdit, QPushButton, QScrollArea, QSplitter, QStackedWidget,
                               QVBoxLayout, QWidget)

from ui import appearance, messages
from ui.i18n import tr
from ui.state import AppState
from ui.table_model import Column, FilterProxy, RowStyle, TableModel
from ui.tabs.base import make_table
from ui.widgets import EmptyState


class CaseHost(Protocol):
    state: AppState

    def can_edit(self) -> bool: ...
    def can_print(self) -> bool: ...
    def apply(self, service: Callable[..., Any], *args: Any, **kwargs: Any) -> Any: ...
    def changed(self) -> None: ...


class Pane(QWidget):
    """A list on the left, the chosen record on the right, buttons under the record."""

    def __init__(self, host: CaseHost, columns: Sequence[Column[Any]],
                 style: Callable[[Any], RowStyle | None] | None = None) -> None:
        super().__init__()
        self.host = host
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.top = QHBoxLayout()
        self.top.addWidget(self.search, 1)
        self.model: TableModel[Any] = TableModel(columns, style=style, parent=self)
        self.proxy = FilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = make_table(self.proxy)
        self.table.setSortingEnabled(False)
        self.empty = EmptyState()
        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(self.table)
        self.list_stack.addWidget(self.empty)
        self.page = QLabel()
        self.page.setWordWrap(True)
        self.page.setTextFormat(Qt.TextFormat.RichText)
        self.page.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.page.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.page)
        self.buttons: dict[str, QPushButton] = {}
        self.button_rows = QVBoxLayout()
        self.button_row = QHBoxLayout()
        self.button_rows.addLayout(self.button_row)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(scroll, 1)
        right_layout.addLayout(self.button_rows)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(self.top)
        left_layout.addWidget(self.list_stack, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([680, 640])  # the list's due column needs the room more than the page
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(splitter)
        self.search.textChanged.connect(self.on_search_textChanged)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self.show_current())
        appearance.fit_rows(self.table)

    # -- buttons
    def add_button(self, key: str, slot: Callable[[], object], main: bool = False) -> QPushButton:
        button = QPushButton()
        if main:
            appearance.emphasise(button)
        button.clicked.connect(lambda _c=False: slot())
        self.buttons[key] = button
        self.button_row.addWidget(button)
        return button

    def break_buttons(self) -> None:
        """Further buttons on a new row (a long row would squeeze the list)."""
        self.button_row.addStretch(1)
        self.button_row = QHBoxLayout()
        self.button_rows.addLayout(self.button_row)

    def finish_buttons(self) -> None:
        self.button_row.addStretch(1)

    # -- list
    def set_rows(self, rows: Sequence[Any], keep: str | None) -> None:
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        self.proxy.set_query(self.search.text().strip())
        if not (keep and self.select(keep)) and self.proxy.rowCount():
            self._select_row(0)
        self.update_empty()
        self.show_current()

    def _select_row(self, row: int) -> None:
        index = self.proxy.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)

    def select(self, record_id: str) -> bool:
        row = self.proxy.proxy_row_of(lambda r: r.id == record_id)
        if row < 0:
            return False
        self._select_row(row)
        return True

    def current(self) -> Any | None:
        index = self.table.currentIndex()
        if not index.isValid() or self.proxy.rowCount() == 0:
            return None
        return self.proxy.row_object(index.row())

    def current_id(self) -> str | None:
        row = self.current()
        return row.id if row is not None else None

    def on_search_textChanged(self, text: str) -> None:
        self.proxy.set_query(text.strip())
        if self.current() is None and self.proxy.rowCount():
            self._select_row(0)
        self.update_empty()
        self.show_current()

    def update_empty(self) -> None:
        message = self.empty_message()
        if message is None:
            self.list_stack.setCurrentWidget(self.table)
        else:
            self.empty.setText(message)
            self.list_stack.setCurrentWidget(self.empty)

    # -- for the views
    def empty_message(self) -> str | None:
        if self.model.rowCount() == 0:
            return self.nothing_yet()
        if self.proxy.rowCount() == 0:
            return tr("찾는 말에 맞는 기록이 없습니다. 찾는 말을 바꿔 보세요.")
        return None

    def nothing_yet(self) -> str:
        raise NotImplementedError

    def show_current(self) -> None:
        raise NotImplementedError

    def reload(self, keep: str | None = None) -> None:
        raise NotImplementedError

    def retranslate_ui(self) -> None:
        self.model.retranslate()
        self.update_empty()

    def update_controls(self) -> None:
        """Enable what the selection and the account allow."""

    def run_dialog(self, dialog: Any) -> Any | None:
        """A dialog's saved result, with the tab told that case data changed."""
        if dialog.exec() and dialog.saved is not None:
            self.host.changed()
            return dialog.saved
        return None

    def save_pdf(self, title: str, name: str, write: Callable[[Path], object]) -> Path | None:
        """A 대외비 printout to a file the person chooses (written on the worker)."""
        from ui import file_actions

        path = file_actions.ask_save_path(self, title, name.replace(" ", "_"), file_actions.PDF_FILTER)
        if path is None:
            return None
        done = file_actions._write(self, title, lambda _p: write(path))
        if done is None:
            return None
        messages.file_saved(self, Path(done))  # type: ignore[arg-type]
        return Path(done)  # type: ignore[arg-type]
