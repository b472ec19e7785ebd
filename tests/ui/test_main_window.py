"""The main window on the demo council: tabs, counts, search, warnings, language, font size."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.members import roster_summary
from tests.ui.conftest import TODAY
from tests.ui.helpers import names_in, type_text
from ui import appearance
from ui.table_model import SORT_ROLE  # noqa: F401  (the roles are part of the model's contract)
from ui.tabs.members_tab import ENDING_BACKGROUND


def test_one_tab_per_built_area_and_member_count(window, state) -> None:
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == ["위원", "실무분과", "회의", "지역자원", "사례관리", "네트워크"]
    active = roster_summary(state.uow(), TODAY).active
    assert window.count_label.text() == f"재임 위원 {active}명"
    assert window.members_tab.proxy.rowCount() == active
    assert window.council_label.text() == "햇살면 지역사회보장협의체"
    assert str(state.db_path) in window.path_label.text()


def test_typing_part_of_a_name_finds_the_member(window, qtbot) -> None:
    type_text(window.members_tab.search, "길동")
    assert names_in(window.members_tab.proxy) == ["홍길동"]
    window.members_tab.search.clear()
    assert window.members_tab.proxy.rowCount() > 10


def test_search_with_no_match_says_so(window, qtbot) -> None:
    type_text(window.members_tab.search, "없는사람")
    tab = window.members_tab
    assert tab.stack.currentWidget() is tab.empty
    assert "조건에 맞는 위원이 없습니다" in tab.empty.text()


def test_ctrl_f_focuses_search(window, qtbot) -> None:
    window.members_tab.table.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.members_tab.search.hasFocus()


def test_warning_banner_lists_terms_ending_soon_and_highlights_rows(window) -> None:
    tab = window.members_tab
    assert tab.banner.isVisible()
    text = tab.banner.label.text()
    assert "박순자 위원의 임기가 2026. 12. 23.에 끝납니다(29일 남음)" in text
    row = tab.proxy.proxy_row_of(lambda m: m.name == "박순자")
    assert tab.proxy.index(row, 0).data(Qt.ItemDataRole.BackgroundRole) == ENDING_BACKGROUND
    calm = tab.proxy.proxy_row_of(lambda m: m.name == "홍길동")
    assert tab.proxy.index(calm, 0).data(Qt.ItemDataRole.BackgroundRole) is None


def test_status_filter_shows_ended_members(window) -> None:
    tab = window.members_tab
    tab.status_combo.setCurrentIndex(tab.status_combo.findData("ended"))
    names = names_in(tab.proxy)
    assert {"남궁연", "유재석", "노은비"} <= set(names)
    assert all(tab.proxy.row_object(r).status != "active" for r in range(tab.proxy.rowCount()))


def test_selecting_a_member_shows_details_and_term_history(window) -> None:
    tab = window.members_tab
    assert tab.select_member(tab.proxy.row_object(tab.proxy.proxy_row_of(lambda m: m.name == "홍길동")).id)
    assert "홍길동" in tab.detail.text()
    assert tab.terms_model.rowCount() == 2  # first term and the reappointment
    assert tab.edit_action.isEnabled() and tab.dismiss_action.isEnabled()


def test_switching_to_english_changes_tabs_headers_and_menus(window) -> None:
    window.set_language("en")
    assert window.tabs.tabText(0) == "Members"
    assert window.tabs.tabText(1) == "Subcommittees"
    assert window.tabs.tabText(2) == "Meetings"
    model = window.members_tab.model
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Name"
    assert window.file_menu.title() == "&File"
    assert "term ends" in window.members_tab.banner.label.text()
    assert window.members_tab.add_action.text() == "Add member"
    role = window.members_tab.proxy.index(0, 0).data()
    assert role == "Co-chair (public)"
    window.set_language("ko")
    assert window.tabs.tabText(0) == "위원"
    assert model.headerData(1, Qt.Orientation.Horizontal) == "성명"


def test_font_size_change_applies_live(window, state) -> None:
    before = window.members_tab.table.verticalHeader().defaultSectionSize()
    bigger = next(a for a in window.view_menu.actions() if a.text() == "글자 크게")
    bigger.trigger()
    bigger.trigger()
    assert QApplication.font().pointSize() == 13
    assert state.prefs.font_size == 13
    assert window.members_tab.table.verticalHeader().defaultSectionSize() > before
    appearance.set_font_size(state, appearance.DEFAULT_FONT_SIZE)
    assert QApplication.font().pointSize() == 11


def test_bundled_korean_font_is_the_application_font() -> None:
    assert QApplication.font().family() == "NanumGothic"


def test_ctrl_tab_moves_between_tabs(window, qtbot) -> None:
    window.tabs.setCurrentIndex(0)
    next_tab = next(a for a, text in window._texts if text == "다음 탭")
    assert next_tab.shortcut().toString() == "Ctrl+Tab"
    next_tab.trigger()
    assert window.tabs.currentIndex() == 1
    # Member shortcuts do nothing on the subcommittee tab (Delete must not hit a hidden list).
    assert not window.members_tab.delete_action.isEnabled()


def test_ctrl_tab_pressed_in_the_table_moves_to_the_next_tab(window, qtbot) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    window.show()
    qtbot.waitExposed(window)
    window.tabs.setCurrentIndex(0)
    window.members_tab.table.setFocus()
    QTest.keyClick(window.members_tab.table, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == 1


def test_refresh_and_help(window, answers) -> None:
    window.refresh()
    window.show_shortcuts()
    window.show_about()
    assert "Ctrl+N" in answers["inform"].asked[0]
    assert "0.1.0" in answers["inform"].asked[1]


def test_empty_database_shows_empty_states(empty_window) -> None:
    tab = empty_window.members_tab
    assert tab.stack.currentWidget() is tab.empty
    assert tab.empty.text() == "등록된 위원이 없습니다. [위원 추가]로 시작하세요."
    assert "재임 위원이 0명입니다" in tab.banner.label.text()
    subs = empty_window.subcommittees_tab
    assert subs.stack.currentWidget() is subs.empty
    assert empty_window.count_label.text() == "재임 위원 0명"


def test_the_window_opens_where_it_was_left(qtbot, state) -> None:
    from ui.main_window import MainWindow

    first = MainWindow(state)
    qtbot.addWidget(first)
    first.resize(640, 480)  # within the offscreen screen, so Qt keeps it as is
    first.close()  # saves size and place in this PC's preferences
    assert state.prefs.window_geometry
    second = MainWindow(state)
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == (640, 480)


def test_a_garbled_saved_geometry_is_ignored(qtbot, state) -> None:
    from dataclasses import replace

    from ui.main_window import MainWindow

    for garbage in ("창 위치", "!!!not-base64!!!"):
        state.prefs = replace(state.prefs, window_geometry=garbage)
        window = MainWindow(state)
        qtbot.addWidget(window)
        assert window.width() > 0


def test_the_first_window_fits_the_screen_minus_its_taskbar(window) -> None:  # type: ignore[no-untyped-def]
    """On a 1366x768 PC with a taskbar the window must not be taller than what is left."""
    available = window.screen().availableGeometry()
    size = window.default_size()
    assert size.width() <= available.width()
    assert size.height() + 32 <= available.height()
    assert size.width() <= 1366 and size.height() <= 768


def test_ctrl_n_makes_the_record_of_the_tab_in_front(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Keyboard first: Ctrl+N opens the new-record dialog of the meetings and subcommittees
    tabs too, not only the members'."""
    from PySide6.QtCore import Qt

    opened: list[str] = []
    monkeypatch.setattr(type(window.meetings_tab), "on_create_clicked", lambda self: opened.append("meeting"))
    monkeypatch.setattr(type(window.subcommittees_tab), "on_create_clicked", lambda self: opened.append("sub"))
    window.tabs.setCurrentWidget(window.meetings_tab)
    qtbot.keyClick(window.meetings_tab, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    window.tabs.setCurrentWidget(window.subcommittees_tab)
    qtbot.keyClick(window.subcommittees_tab, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert opened == ["meeting", "sub"]


def test_f1_lists_the_keys_of_every_tab(qtbot, window, answers) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    qtbot.keyClick(window, Qt.Key.Key_F1)
    text = answers["inform"].asked[-1]
    assert "위원 추가" in text and "회의 만들기" in text and "분과 만들기" in text and "글자 크게" in text


def test_several_members_chosen_with_keys_get_their_certificates_in_one_go(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """위촉장 for several members at once (issue 8, item 2): Shift+↓ chooses, the print
    action takes them all; the one-member actions step aside meanwhile."""
    from PySide6.QtCore import Qt

    from ui import file_actions

    printed: list[list[str]] = []
    monkeypatch.setattr(file_actions, "print_appointments", lambda _p, _s, members: printed.append([m.name for m in members]))
    tab = window.members_tab
    tab.table.setFocus()
    tab.table.selectRow(0)
    for _ in range(2):
        qtbot.keyClick(tab.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert len(tab.selected_members()) == 3
    assert not tab.edit_action.isEnabled() and not tab.delete_action.isEnabled()
    assert tab.print_action.isEnabled()
    tab.print_action.trigger()
    assert len(printed) == 1 and len(printed[0]) == 3
    qtbot.keyClick(tab.table, Qt.Key.Key_Down)  # one member again: its actions come back
    assert len(tab.selected_members()) == 1 and tab.edit_action.isEnabled()
