"""Adding, editing, reappointing, dismissing and deleting members through the UI."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from app.members import list_members
from tests.ui.conftest import TODAY
from tests.ui.helpers import answer_with, names_in
from ui.dialogs.dismiss_dialog import DismissDialog
from ui.dialogs.member_dialog import MemberDialog, select_code
from ui.dialogs.reappoint_dialog import ReappointDialog


def _select(tab, name: str) -> None:  # type: ignore[no-untyped-def]
    row = tab.proxy.proxy_row_of(lambda m: m.name == name)
    assert row >= 0, name
    assert tab.select_member(tab.proxy.row_object(row).id)


def test_adding_a_member_through_the_dialog_shows_it_in_the_table(window, monkeypatch) -> None:
    def fill(dialog: MemberDialog) -> None:
        dialog.name.setText("김새롬")
        select_code(dialog.sex, "F")
        dialog.phone.setText("01055556666")
        dialog.affiliation.setText("햇살면 청년회")
        dialog.position.setText("총무")
        dialog.start_on.set_value(date(2026, 11, 1))
        # The term end follows the start: two years less a day.
        assert dialog.end_on.value() == date(2028, 10, 31)

    monkeypatch.setattr(MemberDialog, "exec", answer_with(fill))
    tab = window.members_tab
    before = tab.proxy.rowCount()
    tab.add_action.trigger()
    assert tab.proxy.rowCount() == before + 1
    assert tab.selected_member().name == "김새롬"
    assert tab.selected_member().phone == "010-5555-6666"
    assert window.count_label.text() == f"재임 위원 {before + 1}명"


def test_invalid_dialog_shows_korean_errors_and_writes_nothing(qtbot, state) -> None:
    before = len(list_members(state.uow(), TODAY, "all"))
    dialog = MemberDialog(None, state)
    qtbot.addWidget(dialog)
    dialog.name.setText("")
    dialog.start_on.set_value(date(2026, 11, 1))
    dialog.end_on.set_value(date(2026, 1, 1))
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.result() == 0
    assert dialog.error_labels["name"].text() == "성명을 입력하세요."
    assert not dialog.error_labels["name"].isHidden()
    assert "위촉일보다 앞섭니다" in dialog.error_labels["end_on"].text()
    assert "성별" in dialog.error_labels["sex"].text()
    assert dialog.error_labels["phone"].isHidden()
    assert len(list_members(state.uow(), TODAY, "all")) == before
    # Fixing the fields clears the red text on the next try.
    dialog.name.setText("나중에")
    select_code(dialog.sex, "M")
    dialog.end_on.set_value(date(2028, 10, 31))
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.result() == 1
    assert dialog.error_labels["name"].isHidden()
    assert len(list_members(state.uow(), TODAY, "all")) == before + 1


def test_ex_officio_has_no_term_end_by_default(qtbot, state) -> None:
    dialog = MemberDialog(None, state)
    qtbot.addWidget(dialog)
    select_code(dialog.kind, "ex_officio")
    assert dialog.end_on.value() is None
    assert dialog.category.currentData() == 2
    select_code(dialog.kind, "appointed")
    assert dialog.end_on.value() is not None


def test_refused_duplicate_goes_to_the_error_dialog(window, monkeypatch, answers) -> None:
    hong = next(m for m in list_members(window.state.uow(), TODAY) if m.name == "홍길동")

    def fill(dialog: MemberDialog) -> None:
        dialog.name.setText("홍길동")
        select_code(dialog.sex, "M")
        dialog.phone.setText(hong.phone)

    monkeypatch.setattr(MemberDialog, "exec", answer_with(fill))
    before = window.members_tab.proxy.rowCount()
    window.members_tab.add_action.trigger()
    assert "이미 있습니다" in answers["warn"].asked[0]
    assert window.members_tab.proxy.rowCount() == before


def test_editing_a_member(window, monkeypatch) -> None:
    tab = window.members_tab
    _select(tab, "홍길동")
    monkeypatch.setattr(MemberDialog, "exec", answer_with(lambda d: d.position.setText("전 이장")))
    tab.on_table_activated(tab.table.currentIndex())  # Enter / double-click
    assert tab.selected_member().position == "전 이장"
    assert "전 이장" in tab.detail.text()


def test_dismiss_with_confirmation_changes_status(window, monkeypatch, answers) -> None:
    tab = window.members_tab
    _select(tab, "홍길동")

    def fill(dialog: DismissDialog) -> None:
        dialog.reason.setCurrentIndex(dialog.reason.findData("resigned"))
        dialog.note.setText("개인 사정")

    monkeypatch.setattr(DismissDialog, "exec", answer_with(fill))
    tab.dismiss_action.trigger()
    assert "홍길동 위원을 2026. 11. 24.자로 '사임' 처리합니다" in answers["confirm"].asked[0]
    assert "홍길동" not in names_in(tab.proxy)  # the 재임 view no longer lists them
    hong = next(m for m in list_members(window.state.uow(), TODAY, "all") if m.name == "홍길동")
    assert hong.status == "resigned"


def test_dismiss_cancelled_at_confirmation_changes_nothing(window, monkeypatch, answers) -> None:
    answers["confirm"].reply = False
    tab = window.members_tab
    _select(tab, "홍길동")
    monkeypatch.setattr(DismissDialog, "exec", answer_with(lambda d: None))
    tab.dismiss_action.trigger()
    assert "홍길동" in names_in(tab.proxy)


def test_delete_then_undo_with_ctrl_z(window, qtbot, answers) -> None:
    tab = window.members_tab
    _select(tab, "홍길동")
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_Delete)
    assert "홍길동 위원의 기록을 삭제합니다" in answers["confirm"].asked[0]
    assert "홍길동" not in names_in(tab.proxy)
    assert window.undo_button.isVisible()
    notice = window.notice_label
    assert "홍길동 위원을 삭제했습니다" in notice.text()
    # The link sits beside the notice, not under it: no temporary message painted across both.
    assert window.statusBar().currentMessage() == ""

    def link_clear_of_text() -> None:
        text_right = notice.geometry().left() + notice.fontMetrics().horizontalAdvance(notice.text())
        assert notice.isVisible() and text_right <= window.undo_button.geometry().left()

    qtbot.waitUntil(link_clear_of_text)  # once the status bar has laid out its widgets
    qtbot.keyClick(tab.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert "홍길동" in names_in(tab.proxy)
    assert tab.selected_member().name == "홍길동"
    assert not window.undo_button.isVisible()


def test_delete_refused_at_confirmation(window, answers) -> None:
    answers["confirm"].reply = False
    tab = window.members_tab
    _select(tab, "홍길동")
    tab.delete_action.trigger()
    assert "홍길동" in names_in(tab.proxy)
    assert not tab.undo_action.isEnabled()


def test_reappoint_an_expired_member(window, monkeypatch) -> None:
    tab = window.members_tab
    tab.status_combo.setCurrentIndex(tab.status_combo.findData("all"))
    _select(tab, "노은비")
    assert tab.selected_member().status == "expired"
    captured = {}

    def fill(dialog: ReappointDialog) -> None:
        captured["start"] = dialog.start_on.value()
        dialog.start_on.set_value(TODAY)

    monkeypatch.setattr(ReappointDialog, "exec", answer_with(fill))
    tab.reappoint_action.trigger()
    member = tab.selected_member()
    assert member.status == "active"
    assert len(member.terms) == 2
    assert member.terms[-1].end_on == date(2028, 11, 23)
