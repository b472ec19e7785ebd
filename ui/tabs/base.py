"""What every area tab shares: refresh-when-shown on its own change flags, the search
field behind Ctrl+F, the list that turns into an empty state saying what to do, the
permission hook, and the table set-up all lists use.

A tab subclasses ``AreaTab``, names the flags it follows in ``CHANGES``, builds its
widgets, and implements ``reload()`` (read its data through ``ui.ops``) and, if it has
rows, ``empty_message()``. A new area's tab starts here instead of copying another tab.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QStackedWidget, QTableView, QWidget

from app.areas import Change
from app.security.permissions import Permission
from ui.signals import app_signals, touches
from ui.state import AppState
from ui.widgets import EmptyState


def esc(text: str) -> str:
    """Plain text made safe for the rich-text labels the tabs fill."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def make_table(model: QAbstractItemModel) -> QTableView:
    """A read-only list: whole rows, one at a time, one line per row, cut short with …"""
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.verticalHeader().hide()
    view.horizontalHeader().setHighlightSections(False)
    view.horizontalHeader().setStretchLastSection(True)
    return view


class AreaTab(QWidget):
    """One area's tab in the main window (built by the window from ``AreaSpec.tab_factory``)."""

    # The change flags this tab shows; any other change leaves it alone.
    CHANGES: frozenset[Change] = frozenset()
    # What lets an account change this area's records (printing is ``Permission.PRINT``).
    EDIT_PERMISSION: Permission | None = None
    # Set by ``make_search``; a tab without one leaves Ctrl+F to the window.
    search: QLineEdit

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self._dirty = False
        self.shortcut_help: list[tuple[str, str]] = []  # (keys, Korean msgid) for F1
        self._can_edit = True
        self._can_print = True
        self.empty = EmptyState()
        self.stack = QStackedWidget()
        self.list_view: QWidget | None = None
        app_signals().data_changed.connect(self.on_data_changed)

    # ---------------------------------------------------------------- building
    def make_search(self, min_width: int) -> QLineEdit:
        """The search field (``self.search``) that Ctrl+F brings the cursor to."""
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(min_width)
        return self.search

    def make_list_stack(self, view: QWidget) -> QStackedWidget:
        """``view`` in a stack with the empty state (``self.empty``); ``update_empty_state``
        shows whichever fits."""
        self.list_view = view
        self.stack.addWidget(view)
        self.stack.addWidget(self.empty)
        return self.stack

    # ---------------------------------------------------------------- loading
    def refresh(self) -> None:
        """Read the tab's data again (F5, a change it follows, the tab shown after one)."""
        if self.state.db.actor is None:
            return  # logged out: nothing to show until the next login switches the database
        self._dirty = False
        self.reload()

    def reload(self) -> None:
        """The tab's own loading, on the database worker through ``ui.ops``."""
        raise NotImplementedError

    def on_data_changed(self, changes: set[str]) -> None:
        if not touches(changes, *self.CHANGES):
            return
        # A hidden tab catches up when shown instead of reloading for nothing.
        if self.window().isVisible() and not self.isVisible():
            self._dirty = True
            return
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty:
            self.refresh()

    # ---------------------------------------------------------------- empty state
    def empty_message(self) -> str | None:
        """What to say instead of the list (what to do next), or None to show the list."""
        return None

    def update_empty_state(self) -> None:
        message = self.empty_message()
        if message is None:
            if self.list_view is not None:
                self.stack.setCurrentWidget(self.list_view)
            return
        self.empty.setText(message)
        self.stack.setCurrentWidget(self.empty)

    # ---------------------------------------------------------------- search
    # -- keyboard
    def add_shortcut(self, keys: str, text_ko: str, slot: Callable[[], object]) -> QAction:
        """A key for one of this tab's actions; it works while the tab is in front, and F1
        lists it with the tab's name."""
        action = QAction(self)
        action.setShortcut(QKeySequence(keys))
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        self.shortcut_help.append((keys, text_ko))
        return action

    def has_search(self) -> bool:
        return hasattr(self, "search")

    def focus_search(self) -> None:
        if self.has_search():
            self.search.setFocus()
            self.search.selectAll()

    # ---------------------------------------------------------------- permissions
    def set_permissions(self, actor) -> None:  # type: ignore[no-untyped-def]
        """A read-only role sees the records but no way to change or print them."""
        self._can_edit = actor is not None and self.EDIT_PERMISSION is not None and actor.can(self.EDIT_PERMISSION)
        self._can_print = actor is not None and actor.can(Permission.PRINT)
        self.update_controls()

    def set_current(self, current: bool) -> None:
        """The window says which tab is in front (for tabs with window-wide shortcuts)."""

    def update_controls(self) -> None:
        """Enable what the selection and the account allow."""
