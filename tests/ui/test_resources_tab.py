"""지역자원 tab: Korean search typed key by key (two syllables, several words, 초성), filters,
the list read a page at a time, add/edit/verify/close/reopen/undo through the dialogs,
what a read-only role sees, and the empty directory.

The tab is built on its own over the demo directory (no main window: faster), except
where the window's own wiring is what is tested."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app.preferences import Preferences
from app.resources.demo import build_demo_resources
from tests.ui.conftest import TODAY
from tests.ui.helpers import answer_with, type_text
from ui.dialogs.resource_close_dialog import CloseServiceDialog
from ui.dialogs.resource_organization_dialog import OrganizationDialog
from ui.dialogs.resource_service_dialog import ServiceDialog
from ui.tabs.resources.tab import ResourcesTab


@pytest.fixture
def directory_db(db):  # type: ignore[no-untyped-def]
    build_demo_resources(db, TODAY)
    return db


def _tab(qtbot, database) -> ResourcesTab:  # type: ignore[no-untyped-def]
    from ui.state import AppState

    tab = ResourcesTab(AppState(database, Preferences()))
    qtbot.addWidget(tab)
    tab.set_permissions(database.actor)
    tab.show()
    qtbot.waitExposed(tab)
    tab.model.wait_for_count()
    return tab


@pytest.fixture
def tab(qtbot, directory_db) -> ResourcesTab:  # type: ignore[no-untyped-def]
    return _tab(qtbot, directory_db)


def _names(tab: ResourcesTab) -> list[str]:
    return [r.name for r in tab.model.rows]


def _search(qtbot, tab: ResourcesTab, text: str) -> None:  # type: ignore[no-untyped-def]
    tab.search.clear()
    tab.focus_search()
    type_text(tab.search, text)
    QTest.keyClick(tab.search, Qt.Key.Key_Return)  # Enter reads at once instead of after the pause
    assert not tab.search_timer.isActive()
    tab.model.wait_for_count()


def test_search_by_two_syllables_several_words_and_initials(qtbot, tab) -> None:
    assert tab.model.total >= 50 and "도시락 배달" in _names(tab)
    _search(qtbot, tab, "ㄷㅅㄹ")
    assert _names(tab) == ["도시락 배달"]
    # Enter went on to the list and chose the first line: its detail is shown.
    assert tab.table.hasFocus() and tab.selected().name == "도시락 배달"
    assert "도시락 배달" in tab.detail.text() and "신청 방법" in tab.detail.text()
    _search(qtbot, tab, "반찬")
    assert "밑반찬 나눔" in _names(tab) and len(_names(tab)) < tab.model.total
    _search(qtbot, tab, "도시락 배달")
    assert _names(tab) == ["도시락 배달"]
    assert "1건 (전체" in tab.count_label.text()
    _search(qtbot, tab, "없는말자원")
    assert tab.stack.currentWidget() is tab.empty and "조건에 맞는 자원이 없습니다" in tab.empty.text()


def test_typing_waits_for_a_pause_before_reading(qtbot, tab) -> None:
    tab.focus_search()
    type_text(tab.search, "목욕")
    assert tab.search_timer.isActive() and "도시락 배달" in _names(tab)
    qtbot.waitUntil(lambda: "도시락 배달" not in _names(tab), timeout=2000)
    assert "목욕 봉사" in _names(tab)


def test_filters_and_due_for_recheck(qtbot, tab) -> None:
    everything = tab.model.count
    tab.due_check.setChecked(True)
    qtbot.waitUntil(lambda: tab.model.total is not None)
    due = tab.model.rows
    assert 0 < len(due) < everything and all(r.due_for_check for r in due)
    assert tab.model.data(tab.model.index(0, 0), Qt.ItemDataRole.BackgroundRole) is not None
    tab.due_check.setChecked(False)
    combo = tab.filter_combos["status"]
    combo.setFocus()
    combo.setCurrentIndex(combo.findData("temporarily_closed"))
    assert _names(tab) == ["마을 공동 밥상"]
    combo.setCurrentIndex(0)
    tab.filter_combos["target_group"].setCurrentIndex(tab.filter_combos["target_group"].findData("disabled"))
    assert tab.model.rows and all("disabled" in r.target_groups for r in tab.model.rows)
    qtbot.waitUntil(lambda: tab.model.total is not None)
    assert tab.model.count == len(tab.model.rows) < everything
    assert f"{tab.model.count}건 (전체 {everything}건)" == tab.count_label.text()


def test_the_list_is_read_a_page_at_a_time(qtbot, tab, monkeypatch) -> None:
    import ui.tabs.resources.tab as tab_module

    monkeypatch.setattr(tab_module, "PAGE_SIZE", 10)
    tab.refresh()
    assert tab.count_label.text() == "10건 이상"
    tab.model.wait_for_count()
    assert tab.model.rowCount() == 10 and tab.model.count >= 50
    tab.table.scrollToBottom()
    qtbot.waitUntil(lambda: tab.model.rowCount() >= 20, timeout=3000)
    while tab.model.canFetchMore():
        tab.model.fetchMore()
        qtbot.waitUntil(lambda: not tab.model.is_fetching(), timeout=3000)
    names = _names(tab)
    assert len(names) == tab.model.count and len(set(names)) == len(names)
    assert names == sorted(names)
    # A header click orders in the database, not just the loaded rows.
    tab.table.horizontalHeader().setSortIndicator(tab.model.column_index("verified"), Qt.SortOrder.AscendingOrder)
    verified = [r.last_verified_on for r in tab.model.rows]
    assert verified == sorted(verified) and tab.model.rowCount() == 10


def test_add_edit_verify_close_undo_and_reopen(qtbot, tab, monkeypatch, answers) -> None:
    def fill_org(dialog: OrganizationDialog) -> None:
        dialog.name.setFocus()
        type_text(dialog.name, "햇살 나눔 냉장고")
        dialog.sector.setCurrentIndex(dialog.sector.findData("partnership"))
        type_text(dialog.description, "누구나 음식을 나누는 공유 냉장고입니다.")

    def fill_service(dialog: ServiceDialog) -> None:
        assert dialog.organization.currentText() == "햇살 나눔 냉장고"
        type_text(dialog.name, "반찬 공유 냉장고")
        dialog.kind.setCurrentIndex(dialog.kind.findData("material"))
        dialog.area_checks["welfare"].setChecked(True)
        dialog.target_checks["everyone"].setChecked(True)
        type_text(dialog.application, "센터 앞 냉장고에서 바로 가져가세요.")
        QTest.keyClicks(dialog.current_use, "3")
        QTest.keyClicks(dialog.capacity, "2")   # below the use: refused under the field
        type_text(dialog.capacity_unit, "칸")

    monkeypatch.setattr(OrganizationDialog, "exec", answer_with(fill_org))
    refused: list[str] = []

    def fill_then_fix(dialog: ServiceDialog) -> None:
        fill_service(dialog)
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
        refused.append(dialog.error_labels["capacity"].text())
        dialog.capacity.setText("20")

    monkeypatch.setattr(ServiceDialog, "exec", answer_with(fill_then_fix))
    QTest.keyClick(tab, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert "정원(2)이 현재 이용(3)보다 작습니다" in refused[0]
    service = tab.service()
    assert service is not None and service.name == "반찬 공유 냉장고" and service.capacity == 20
    assert tab.selected() is not None and tab.selected().name == "반찬 공유 냉장고"
    assert "3/20 칸" in tab.model.data(tab.model.index(tab.model.row_of(service.id),
                                                       tab.model.column_index("capacity")))
    assert "햇살 나눔 냉장고" in tab.detail.text() and "민관협력" in tab.detail.text()

    # Edit with the keyboard: Enter on the line opens it.
    monkeypatch.setattr(ServiceDialog, "exec", answer_with(lambda d: (d.fees.clear(), type_text(d.fees, "무료"))))
    tab.table.setFocus()
    QTest.keyClick(tab.table, Qt.Key.Key_Return)
    assert tab.service().fees_description == "무료"

    # 확인함: today, by the person logged in.
    with tab.state.db.session_factory() as session:
        from db.resource_models import Service

        session.get(Service, service.id).last_verified_on = date(2024, 1, 1)
        session.commit()
    tab.refresh()
    assert tab.service().last_verified_on == date(2024, 1, 1)
    QTest.keyClick(tab, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert tab.service().last_verified_on == TODAY and tab.service().last_verified_by == "관리자"

    # 일시 중단 with a notice and a date; Ctrl+Z puts it back; 운영 종료 asks first.
    def close_for_winter(dialog: CloseServiceDialog) -> None:
        type_text(dialog.notice, "겨울 동안 쉽니다.")
        dialog.until.check.setChecked(True)
        dialog.until.edit.set_value(date(2027, 2, 28))

    monkeypatch.setattr(CloseServiceDialog, "exec", answer_with(close_for_winter))
    tab.record_buttons["close"].click()
    assert tab.service().status == "temporarily_closed" and tab.service().closed_until == date(2027, 2, 28)
    assert "겨울 동안 쉽니다." in tab.detail.text()
    assert tab.selected().status == "temporarily_closed"
    QTest.keyClick(tab, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert tab.service().status == "active" and tab.service().status_notice == ""

    monkeypatch.setattr(CloseServiceDialog, "exec",
                        answer_with(lambda d: (d.permanent.setChecked(True), type_text(d.notice, "운영을 마쳤습니다."))))
    tab.record_buttons["close"].click()
    assert "'반찬 공유 냉장고' 자원의 운영을 종료합니다" in answers["confirm"].asked[-1]
    assert tab.service().status == "inactive"
    assert tab.model.data(tab.model.index(tab.model.row_of(service.id), 0), Qt.ItemDataRole.ForegroundRole) is not None
    assert not tab.record_buttons["close"].isEnabled()
    tab.record_buttons["reopen"].click()
    assert tab.service().status == "active"


def test_refusal_of_a_duplicate_name_stays_in_the_dialog(qtbot, tab) -> None:
    other = tab.model.rows[0]
    dialog = ServiceDialog(tab, tab.state)
    qtbot.addWidget(dialog)
    dialog.organization.setCurrentIndex(dialog.organization.findData(other.organization_id))
    dialog.name.setText(other.name)
    dialog.kind.setCurrentIndex(1)
    assert not dialog.save()
    assert "이미 있습니다" in dialog.error_labels["name"].text()


def test_a_viewer_sees_no_edit_buttons_and_no_private_phone(qtbot, directory_db, monkeypatch) -> None:
    from app.database import open_database
    from app.security.accounts import NewAccount, create_account

    admin = _tab(qtbot, directory_db)
    _search(qtbot, admin, "목욕 봉사")
    assert "010-2345-6789" in admin.detail.text()  # a role with personal-data access sees it
    create_account(directory_db, NewAccount("wiwon", "viewer-pass-2026", "홍길동", "viewer"))
    viewer_db = open_database(directory_db.path, "wiwon", "viewer-pass-2026")
    tab = _tab(qtbot, viewer_db)
    assert not tab.add_button.isVisible() and not tab.add_org_button.isVisible()
    assert not any(b.isVisible() for b in tab.record_buttons.values())
    _search(qtbot, tab, "목욕 봉사")
    assert tab.selected() is not None and "임수정" in tab.detail.text()
    assert "010-2345-6789" not in tab.detail.text()
    opened: list[str] = []
    monkeypatch.setattr(ServiceDialog, "exec", lambda self: opened.append("x") or 0)
    QTest.keyClick(tab, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(tab.table, Qt.Key.Key_Return)
    assert opened == []


def test_an_empty_directory_says_what_to_do(qtbot, db) -> None:
    tab = _tab(qtbot, db)
    assert tab.stack.currentWidget() is tab.empty
    assert "자원이 없습니다. [자원 추가]" in tab.empty.text()
    assert "0건" in tab.count_label.text()
    assert not tab.pages.tabBar().isVisible()  # no 후원금품 page yet, so no page bar


def test_the_window_has_the_tab_and_its_keys(window) -> None:
    tab = window.area_tabs["resources"]
    assert isinstance(tab, ResourcesTab)
    window.tabs.setCurrentWidget(tab)
    window.focus_search()
    assert tab.search.hasFocus()
    assert ("Ctrl+K", "선택한 자원을 오늘 확인함") in tab.shortcut_help


def test_a_background_read_that_fails_shows_no_box(qtbot, tab) -> None:
    """The count is read after a pause; by then the person may have logged out."""
    tab.refresh()
    actor, tab.state.db.actor = tab.state.db.actor, None
    tab.model.wait_for_count()  # refused (no one logged in): no message box, a blank count line
    assert tab.model.total is None and tab.count_label.text() == ""
    tab.state.db.actor = actor
