"""The base of every area tab: it reloads for its own change flags only, a hidden tab
catches up once when shown, a logged-out tab reads nothing, the list gives way to an
empty state that says what to do, Ctrl+F selects the search text, and a read-only role
is told to the tab's controls."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTabWidget

from app.areas import Change
from app.security.permissions import Actor, Permission
from ui.signals import app_signals
from ui.tabs.base import AreaTab


class CountingTab(AreaTab):
    CHANGES = frozenset({Change.MEETINGS})
    EDIT_PERMISSION = Permission.MEETINGS_EDIT

    def __init__(self, state, with_search: bool = True) -> None:  # type: ignore[no-untyped-def]
        super().__init__(state)
        self.reloads = 0
        self.rows: list[str] = []
        self.controls_updated = 0
        layout = QHBoxLayout(self)
        if with_search:
            layout.addWidget(self.make_search(100))
        layout.addWidget(self.make_list_stack(QLabel("rows")))

    def reload(self) -> None:
        self.reloads += 1
        self.update_empty_state()

    def empty_message(self) -> str | None:
        return None if self.rows else "없음. [추가]로 시작하세요."

    def update_controls(self) -> None:
        self.controls_updated += 1


@pytest.fixture
def tabs(qtbot, empty_state):  # type: ignore[no-untyped-def]
    """The tab behind another one in a shown window."""
    widget = QTabWidget()
    qtbot.addWidget(widget)
    front = QLabel("front")
    tab = CountingTab(empty_state)
    widget.addTab(front, "front")
    widget.addTab(tab, "area")
    widget.show()
    qtbot.waitExposed(widget)
    return widget, tab


def test_only_its_own_flags_reload_it(tabs) -> None:  # type: ignore[no-untyped-def]
    widget, tab = tabs
    widget.setCurrentWidget(tab)
    app_signals().data_changed.emit({Change.MEMBERS})
    assert tab.reloads == 0
    app_signals().data_changed.emit({Change.MEETINGS})
    assert tab.reloads == 1
    app_signals().data_changed.emit({Change.ALL})
    assert tab.reloads == 2


def test_a_hidden_tab_catches_up_once_when_shown(tabs) -> None:  # type: ignore[no-untyped-def]
    widget, tab = tabs
    assert not tab.isVisible()
    app_signals().data_changed.emit({Change.MEETINGS})
    app_signals().data_changed.emit({Change.MEETINGS})
    assert tab.reloads == 0
    widget.setCurrentWidget(tab)
    assert tab.reloads == 1
    widget.setCurrentIndex(0)
    widget.setCurrentWidget(tab)
    assert tab.reloads == 1  # nothing changed meanwhile


def test_a_logged_out_tab_reads_nothing(tabs) -> None:  # type: ignore[no-untyped-def]
    widget, tab = tabs
    widget.setCurrentWidget(tab)
    tab.state.db.actor = None
    tab.refresh()
    app_signals().data_changed.emit({Change.MEETINGS})
    assert tab.reloads == 0


def test_the_empty_state_says_what_to_do(tabs) -> None:  # type: ignore[no-untyped-def]
    _widget, tab = tabs
    tab.refresh()
    assert tab.stack.currentWidget() is tab.empty
    assert "[추가]로 시작하세요" in tab.empty.text()
    tab.rows = ["one"]
    tab.refresh()
    assert tab.stack.currentWidget() is tab.list_view


def test_focus_search_selects_what_was_typed(qtbot, empty_state) -> None:  # type: ignore[no-untyped-def]
    tab = CountingTab(empty_state)
    qtbot.addWidget(tab)
    tab.search.setText("홍길동")
    tab.search.deselect()
    assert tab.has_search()
    tab.focus_search()
    assert tab.search.selectedText() == "홍길동"
    bare = CountingTab(empty_state, with_search=False)
    qtbot.addWidget(bare)
    assert not bare.has_search()
    bare.focus_search()  # nothing to focus: the window sends Ctrl+F elsewhere


def test_a_viewer_can_neither_edit_nor_print(qtbot, empty_state) -> None:  # type: ignore[no-untyped-def]
    tab = CountingTab(empty_state)
    qtbot.addWidget(tab)
    tab.set_permissions(Actor("wiwon", "viewer", "박위원"))
    assert (tab._can_edit, tab._can_print, tab.controls_updated) == (False, False, 1)
    tab.set_permissions(empty_state.db.actor)
    assert (tab._can_edit, tab._can_print, tab.controls_updated) == (True, True, 2)
