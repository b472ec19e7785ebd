"""Subcommittees: create, close and reopen, seats added and ended, delete."""
from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.helpers import answer_with
from ui.dialogs.seat_dialog import EndSeatDialog, SeatDialog
from ui.dialogs.subcommittee_dialog import SubcommitteeDialog
from ui.tabs.subcommittees_tab import CLOSED_FOREGROUND


def _select(tab, name: str) -> None:  # type: ignore[no-untyped-def]
    row = tab.proxy.proxy_row_of(lambda s: s.name == name)
    assert row >= 0, name
    assert tab.select(tab.proxy.row_object(row).id)


def _names(tab) -> list[str]:  # type: ignore[no-untyped-def]
    return [tab.proxy.row_object(r).name for r in range(tab.proxy.rowCount())]


def test_closed_subcommittees_are_greyed_and_labelled(window) -> None:
    tab = window.subcommittees_tab
    window.tabs.setCurrentWidget(tab)
    row = tab.proxy.proxy_row_of(lambda s: s.name == "코로나19 대응분과")
    assert row == tab.proxy.rowCount() - 1  # closed ones sort last
    assert tab.proxy.index(row, 3).data() == "폐지"
    assert tab.proxy.index(row, 0).data(Qt.ItemDataRole.ForegroundRole) == CLOSED_FOREGROUND


def test_create_close_reopen_and_delete(window, monkeypatch, answers) -> None:
    tab = window.subcommittees_tab
    window.tabs.setCurrentWidget(tab)

    def fill(dialog: SubcommitteeDialog) -> None:
        dialog.name.setText("청년분과")
        dialog.area_checks["employment"].setChecked(True)
        dialog.area_checks["welfare"].setChecked(True)
        dialog.description.setPlainText("청년 일자리 연계")
        dialog.lead.setCurrentIndex(dialog.lead.findText("홍길동"))

    monkeypatch.setattr(SubcommitteeDialog, "exec", answer_with(fill))
    tab.buttons["create"].click()
    assert "청년분과" in _names(tab)
    sub = tab.selected()
    assert sub.name == "청년분과" and sub.lead_name == "홍길동"
    assert "복지, 고용" in tab.detail.text()
    assert tab.seats_model.rowCount() == 1  # the lead gets a seat

    tab.buttons["close"].click()
    assert "'청년분과' 분과를 2026. 11. 24.자로 폐지합니다" in answers["confirm"].asked[-1]
    assert tab.selected().is_closed
    assert tab.buttons["reopen"].isEnabled()
    assert not tab.seat_buttons["add_seat"].isEnabled()

    tab.buttons["reopen"].click()
    assert not tab.selected().is_closed

    tab.buttons["delete"].click()
    assert "청년분과" not in _names(tab)


def test_duplicate_name_shows_the_korean_error(window, monkeypatch, answers) -> None:
    tab = window.subcommittees_tab
    monkeypatch.setattr(SubcommitteeDialog, "exec", answer_with(lambda d: d.name.setText("노인분과")))
    tab.buttons["create"].click()
    assert "같은 이름의 분과 '노인분과'가 이미 있습니다." in answers["warn"].asked[0]


def test_empty_name_shows_inline_error(qtbot, state) -> None:
    dialog = SubcommitteeDialog(None, state)
    qtbot.addWidget(dialog)
    assert not dialog.save()
    assert dialog.error_labels["name"].text() == "분과 이름을 입력하세요." or \
        "입력하세요" in dialog.error_labels["name"].text()


def test_add_and_end_a_seat(window, monkeypatch) -> None:
    tab = window.subcommittees_tab
    window.tabs.setCurrentWidget(tab)
    _select(tab, "노인분과")
    before = tab.selected().active_count
    chosen = {}

    def pick(dialog: SeatDialog) -> None:
        chosen["id"] = dialog.member.currentData()

    monkeypatch.setattr(SeatDialog, "exec", answer_with(pick))
    tab.seat_buttons["add_seat"].click()
    assert tab.selected().active_count == before + 1
    row = next(r for r in range(tab.seats_model.rowCount()) if tab.seats_model.row_at(r).member_id == chosen["id"])
    tab.seats.selectRow(row)
    assert tab.seat_buttons["end_seat"].isEnabled()
    monkeypatch.setattr(EndSeatDialog, "exec", answer_with(lambda d: None))
    tab.seat_buttons["end_seat"].click()
    assert tab.selected().active_count == before


def test_member_tab_shows_new_seat(window, monkeypatch) -> None:
    """The 분과 column of the roster follows seat changes (data_changed flags)."""
    tab = window.subcommittees_tab
    _select(tab, "보건·의료분과")
    monkeypatch.setattr(SeatDialog, "exec", answer_with(
        lambda d: d.member.setCurrentIndex(d.member.findText("홍길동", Qt.MatchFlag.MatchStartsWith))))
    tab.seat_buttons["add_seat"].click()
    window.tabs.setCurrentWidget(window.members_tab)
    members = window.members_tab
    row = members.proxy.proxy_row_of(lambda m: m.name == "홍길동")
    assert "보건·의료분과" in members.proxy.row_object(row).subcommittees
