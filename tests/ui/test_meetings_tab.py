"""The 회의 tab: the list, a new meeting, live quorum, votes and their refusals, approval
locking the record, addenda, printing, a read-only role, English, and the models."""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from app.demo_meetings import build_demo_meetings
from app.meetings.agenda import ItemData, add_agenda_item
from app.meetings.attachments import add_attachment_bytes
from app.meetings.core import MeetingDetail
from app.meetings.meetings import AttendanceEntry, MeetingData, create_meeting, get_meeting, record_attendance
from app.meetings.minutes import add_minutes_addendum
from app.security.permissions import Actor
from tests.ui.conftest import TODAY
from tests.ui.helpers import answer_with, type_text
from ui.table_model import FilterProxy, TableModel

ROOT = Path(__file__).resolve().parents[2]
MEETING_FILES = [f"ui/tabs/meetings/{name}.py" for name in (
    "tab", "columns", "widgets", "section", "info", "attendance", "items", "actions", "minutes", "attachments",
    "printing")] + [f"ui/dialogs/{name}.py" for name in (
    "meeting_dialog", "agenda_item_dialog", "vote_dialog", "action_item_dialog", "approve_minutes_dialog",
    "addendum_dialog")]


@pytest.fixture
def english():  # type: ignore[no-untyped-def]
    """The window's English comes from the message catalogue; Korean again afterwards."""
    from ui import i18n

    yield
    i18n.set_language("ko")


@pytest.fixture
def mstate(state):  # type: ignore[no-untyped-def]
    build_demo_meetings(state.db, TODAY)
    return state


@pytest.fixture
def tab(qtbot, mstate):  # type: ignore[no-untyped-def]
    from ui.tabs.meetings.tab import MeetingsTab

    widget = MeetingsTab(mstate)
    qtbot.addWidget(widget)
    widget.resize(1300, 720)
    widget.show()
    return widget


def _today_meeting(state, present: int | None = None) -> MeetingDetail:  # type: ignore[no-untyped-def]
    """An 임시회의 held today; ``present`` members marked present (the rest absent)."""
    detail = create_meeting(state.uow(), MeetingData("extraordinary", TODAY, "10:00", "면사무소 회의실",
                                                     notice_on=TODAY, urgent=True), TODAY)
    if present is not None:
        entries = [AttendanceEntry(r.member_id, "present" if i < present else "absent")
                   for i, r in enumerate(detail.roster)]
        detail = record_attendance(state.uow(), detail.meeting.id, entries, TODAY)
    return detail


def _open(tab, meeting_id: str, section: str) -> None:  # type: ignore[no-untyped-def]
    from ui.tabs.meetings.columns import SECTIONS

    tab.refresh()
    assert tab.select_meeting(meeting_id)
    assert tab.detail is not None and tab.detail.meeting.id == meeting_id
    tab.sections.setCurrentIndex([key for key, _ko in SECTIONS].index(section))


def _row_of(tab, number: int, kind: str = "regular") -> str:  # type: ignore[no-untyped-def]
    return next(r.id for r in tab.model.rows if r.meeting.number == number and r.meeting.kind == kind)


# ---------------------------------------------------------------- models and the list

def test_models_pass_the_model_tester(qtmodeltester, tab, mstate) -> None:
    from ui.tabs.meetings import columns as mt

    approved = _row_of(tab, 2)
    add_minutes_addendum(mstate.uow(), approved, "이민지", TODAY, "오기", "성명 오기 정정", TODAY)
    add_attachment_bytes(mstate.uow(), approved, "출석부.pdf", b"%PDF-1.4 scan", TODAY, "서명본")
    _open(tab, approved, "minutes")
    qtmodeltester.check(tab.model)
    qtmodeltester.check(tab.proxy)
    for model in (tab.roster_model, tab.guest_model, tab.item_model, tab.action_model, tab.addendum_model,
                  tab.attachment_model):
        assert model.rowCount() > 0
        qtmodeltester.check(model)
    for columns in (mt.MEETING_COLUMNS, mt.ROSTER_COLUMNS, mt.AGENDA_COLUMNS, mt.ACTION_COLUMNS):
        qtmodeltester.check(TableModel(columns, []))
    tab.search.setText("운영계획")
    qtmodeltester.check(tab.proxy)
    proxy = FilterProxy()
    proxy.setSourceModel(TableModel(mt.MEETING_COLUMNS, tab.model.rows))
    proxy.sort(2)
    qtmodeltester.check(proxy)


def test_the_tab_lists_the_demo_meetings(tab, mstate) -> None:
    from app.meetings.meetings import list_meetings

    expected = list_meetings(mstate.uow(), TODAY)
    assert tab.proxy.rowCount() == len(expected) == 7
    planned = next(r for r in range(tab.proxy.rowCount()) if tab.proxy.row_object(r).meeting.status == "planned")
    cells = [tab.proxy.index(planned, c).data() for c in range(tab.proxy.columnCount())]
    assert cells[0] == "제4차" and cells[1] == "정기" and cells[4] == "예정"
    assert cells[5].startswith("- / ") and cells[6] == ""
    held = tab.proxy.proxy_row_of(lambda r: r.meeting.status == "held" and r.meeting.kind == "regular")
    row = tab.proxy.row_object(held)
    assert tab.proxy.index(held, 5).data() == f"{row.quorum.present} / {row.quorum.enrolled}"
    assert tab.proxy.index(held, 6).data() == "성원"
    assert {tab.proxy.index(r, 1).data() for r in range(tab.proxy.rowCount())} >= {"정기", "임시", "노인분과"}
    # Overdue follow-ups across meetings stand out above the list.
    assert tab.banner.isVisibleTo(tab)
    assert "후속조치 기한이" in tab.banner.label.text() and "노인분과" in tab.banner.label.text()
    # Scope and search narrow the list.
    tab.scope_combo.setCurrentIndex(tab.scope_combo.findData("upcoming"))
    assert tab.proxy.rowCount() == 1
    tab.scope_combo.setCurrentIndex(tab.scope_combo.findData("all"))
    type_text(tab.search, "워크숍")  # an agenda item title of one meeting
    assert tab.proxy.rowCount() == 1
    type_text(tab.search, "없는말")
    assert tab.stack.currentWidget() is tab.empty
    assert "조건에 맞는 회의가 없습니다" in tab.empty.text()


def test_empty_database_says_how_to_start(qtbot, empty_state) -> None:
    from ui.tabs.meetings.tab import MeetingsTab

    widget = MeetingsTab(empty_state)
    qtbot.addWidget(widget)
    assert widget.stack.currentWidget() is widget.empty
    assert "[회의 만들기]" in widget.empty.text()
    assert widget.detail_stack.currentWidget() is widget.detail_empty


def test_short_notice_is_visible(tab, mstate) -> None:
    from ui.tabs.meetings.columns import NOTICE_BACKGROUND

    detail = create_meeting(mstate.uow(), MeetingData("extraordinary", TODAY + timedelta(days=2), "10:00",
                                                      "회의실", notice_on=TODAY), TODAY)
    _open(tab, detail.meeting.id, "info")
    row = tab.proxy.proxy_row_of(lambda r: r.id == detail.meeting.id)
    assert tab.proxy.index(row, 0).data(Qt.ItemDataRole.BackgroundRole) == NOTICE_BACKGROUND
    assert "소집 통지가 회의 2일 전입니다" in tab.proxy.index(row, 2).data(Qt.ItemDataRole.ToolTipRole)
    assert "소집 통지가 회의 2일 전입니다" in tab.banner.label.text()
    assert tab.notice_banner.isVisibleTo(tab)


def test_creating_a_meeting_via_the_dialog_lists_it(tab, monkeypatch) -> None:
    from ui.dialogs.meeting_dialog import MeetingDialog
    from ui.dialogs.member_dialog import select_code

    def fill(dialog: MeetingDialog) -> None:
        select_code(dialog.kind, "extraordinary")
        dialog.held_on.set_value(TODAY + timedelta(days=10))
        dialog.start_time.setText("1030")
        dialog.place.clear()
        type_text(dialog.place, "상촌리 마을회관")
        assert dialog.notice_hint.isHidden()  # 10 days' notice: nothing to say

    monkeypatch.setattr(MeetingDialog, "exec", answer_with(fill))
    before = tab.proxy.rowCount()
    tab.create_button.click()
    assert tab.proxy.rowCount() == before + 1
    assert tab.detail is not None
    assert tab.detail.meeting.label == "2026년 제2차 임시회의"
    assert tab.detail.meeting.place == "상촌리 마을회관" and tab.detail.meeting.start_time == "10:30"
    assert tab.title_label.text() == "2026년 제2차 임시회의"


def test_meeting_dialog_shows_refusals_inline(qtbot, mstate) -> None:
    from ui.dialogs.meeting_dialog import MeetingDialog

    dialog = MeetingDialog(None, mstate)
    qtbot.addWidget(dialog)
    dialog.held_on.set_value(TODAY + timedelta(days=3))
    dialog.notice_on.set_value(TODAY)
    assert "3일 전" in dialog.notice_hint.text()
    dialog.start_time.setText("25시")
    assert not dialog.save()
    assert "시각이 아닙니다" in dialog.error_labels["start_time"].text()
    assert "입력하세요" in dialog.error_labels["place"].text()


# ---------------------------------------------------------------- attendance

def test_ticking_attendance_updates_the_live_quorum(tab, mstate) -> None:
    detail = _today_meeting(mstate)
    _open(tab, detail.meeting.id, "attendance")
    enrolled = len(detail.roster)
    assert f"재적 {enrolled}명 · 출석 0명" in tab.quorum_label.text()
    first = detail.roster[0].member_id
    assert tab.choices[first].isEnabled()
    tab.choices[first].buttons["present"].click()
    assert f"재적 {enrolled}명 · 출석 1명" in tab.quorum_label.text()
    assert tab.quorum_label.text().endswith("미달")
    assert get_meeting(mstate.uow(), detail.meeting.id, TODAY).quorum.present == 1  # saved at once
    tab.choices[detail.roster[1].member_id].buttons["excused"].click()
    assert "사유결석 1" in tab.quorum_counts.text()
    tab.buttons["all_present"].click()
    assert f"출석 {enrolled - 1}명" in tab.quorum_label.text()
    assert tab.quorum_label.text().endswith("성원")
    row = tab.proxy.proxy_row_of(lambda r: r.id == detail.meeting.id)
    assert tab.proxy.index(row, 5).data() == f"{enrolled - 1} / {enrolled}"
    assert tab.proxy.index(row, 6).data() == "성원"


def test_a_future_meeting_cannot_take_attendance(tab) -> None:
    _open(tab, _row_of(tab, 4), "attendance")
    assert all(not c.isEnabled() for c in tab.choices.values())
    assert not tab.buttons["all_present"].isEnabled()
    assert "회의 전입니다" in tab.info_line.text()


# ---------------------------------------------------------------- votes

def _vote(tab, monkeypatch, result: str, yes: int, no: int = 0, abstain: int = 0):  # type: ignore[no-untyped-def]
    from ui.dialogs.member_dialog import select_code
    from ui.dialogs.vote_dialog import VoteDialog

    seen = {}

    def fill(dialog: VoteDialog) -> None:
        seen["dialog"] = dialog
        select_code(dialog.result_combo, result)
        dialog.spins["yes"].setValue(yes)
        dialog.spins["no"].setValue(no)
        dialog.spins["abstain"].setValue(abstain)

    monkeypatch.setattr(VoteDialog, "exec", answer_with(fill))
    assert tab.buttons["vote"].isEnabled()
    tab.buttons["vote"].click()
    return seen["dialog"]


def test_a_passing_vote_without_quorum_is_refused_and_writes_nothing(tab, mstate, monkeypatch, answers) -> None:
    detail = _today_meeting(mstate, present=3)
    item = add_agenda_item(mstate.uow(), detail.meeting.id, ItemData("resolution", "경로당 보수 지원(안)"), TODAY)
    _open(tab, detail.meeting.id, "items")
    assert tab.select_item(item.id)
    dialog = _vote(tab, monkeypatch, "passed", 3)
    message = dialog.error_labels["result"].text()
    assert "의사정족수" in message and "의결할 수 없습니다" in message
    assert not dialog.error_labels["result"].isHidden()
    assert not answers["warn"].asked  # said in the dialog, calmly, not in a box
    stored = get_meeting(mstate.uow(), detail.meeting.id, TODAY).items[0]
    assert stored.result is None and stored.votes_yes is None


def test_votes_exceeding_those_present_are_refused(tab, mstate, monkeypatch) -> None:
    detail = _today_meeting(mstate, present=20)
    item = add_agenda_item(mstate.uow(), detail.meeting.id, ItemData("resolution", "안건"), TODAY)
    _open(tab, detail.meeting.id, "items")
    tab.select_item(item.id)
    dialog = _vote(tab, monkeypatch, "passed", 20, 1)
    assert "표 수를 확인하세요" in dialog.error_labels["result"].text()


def test_a_valid_vote_is_recorded(tab, mstate, monkeypatch) -> None:
    detail = _today_meeting(mstate, present=20)
    item = add_agenda_item(mstate.uow(), detail.meeting.id, ItemData("resolution", "경로당 보수 지원(안)"), TODAY)
    _open(tab, detail.meeting.id, "items")
    tab.select_item(item.id)
    dialog = _vote(tab, monkeypatch, "passed", 18, 1, 1)
    assert dialog.error_labels["result"].isHidden()
    stored = get_meeting(mstate.uow(), detail.meeting.id, TODAY).items[0]
    assert (stored.result, stored.votes_yes, stored.votes_no, stored.votes_abstain) == ("passed", 18, 1, 1)
    assert tab.current_item().id == item.id
    row = tab.item_model.rowCount() - 1
    assert tab.item_model.index(row, 4).data() == "원안가결"
    assert tab.item_model.index(row, 5).data() == "18 · 1 · 1"
    assert "원안가결 — 찬성 18, 반대 1, 기권 1" in tab.item_detail.text()


# ---------------------------------------------------------------- minutes

def test_approving_the_minutes_locks_the_editing_controls(tab, mstate, monkeypatch, answers) -> None:
    from ui.dialogs.approve_minutes_dialog import ApproveMinutesDialog

    detail = _today_meeting(mstate, present=20)
    _open(tab, detail.meeting.id, "minutes")
    assert tab.buttons["mark_held"].isEnabled() and not tab.buttons["approve"].isEnabled()
    tab.end_time.setText("11:20")
    tab.buttons["mark_held"].click()
    assert tab.detail.meeting.status == "held" and tab.detail.meeting.end_time == "11:20"
    assert tab.buttons["approve"].isEnabled()
    # Attendance is complete (present/absent for all); approve.
    monkeypatch.setattr(ApproveMinutesDialog, "exec", answer_with(lambda d: d.approved_by.setText("김정호")))
    tab.buttons["approve"].click()
    assert answers["confirm"].asked and "승인합니다" in answers["confirm"].asked[-1]
    assert tab.detail.meeting.is_locked
    assert tab.chip.text() == "회의록 승인"
    for key in ("edit_meeting", "delete_meeting", "add_item", "add_guest", "save_minutes", "approve", "mark_held"):
        assert not tab.buttons[key].isEnabled(), key
    assert all(not c.isEnabled() for c in tab.choices.values())
    assert tab.other_business.isReadOnly()
    assert tab.buttons["addendum"].isEnabled()
    assert tab.buttons["add_attachment"].isEnabled()  # the signed sheet is scanned afterwards
    assert "승인되어 잠겨 있습니다" in tab.info_line.text()
    assert "승인된 내용 그대로입니다" in tab.integrity_label.text()


def test_refused_approval_is_said_in_the_dialog(tab, mstate, monkeypatch, answers) -> None:
    from ui.dialogs.approve_minutes_dialog import ApproveMinutesDialog

    detail = _today_meeting(mstate, present=20)
    add_agenda_item(mstate.uow(), detail.meeting.id, ItemData("resolution", "결과 없는 안건"), TODAY)
    _open(tab, detail.meeting.id, "minutes")
    tab.end_time.setText("11:00")
    tab.buttons["mark_held"].click()
    seen = {}

    def fill(dialog: ApproveMinutesDialog) -> None:
        seen["d"] = dialog
        dialog.approved_by.setText("김정호")

    monkeypatch.setattr(ApproveMinutesDialog, "exec", answer_with(fill))
    tab.buttons["approve"].click()
    assert "의결 결과가 없습니다" in seen["d"].general_error.text()
    assert not tab.detail.meeting.is_locked


def test_an_addendum_shows(tab, mstate, monkeypatch) -> None:
    from ui.dialogs.addendum_dialog import AddendumDialog

    approved = _row_of(tab, 2)
    _open(tab, approved, "minutes")
    assert tab.addendum_model.rowCount() == 0
    assert not tab.buttons["approve"].isVisibleTo(tab)

    def fill(dialog: AddendumDialog) -> None:
        dialog.made_by.setText("이민지")
        dialog.reason.setText("위원 성명 오기")
        dialog.text.setPlainText("출석위원 성명을 바로잡음")

    monkeypatch.setattr(AddendumDialog, "exec", answer_with(fill))
    tab.buttons["addendum"].click()
    assert tab.addendum_model.rowCount() == 1
    assert tab.addendum_model.index(0, 3).data() == "위원 성명 오기"
    assert "제2판" in tab.versions_label.text()
    assert "제2판" in tab.integrity_label.text()


def test_tampered_minutes_get_a_calm_warning(tab, mstate) -> None:
    from db.meeting_models import Meeting

    approved = _row_of(tab, 2)
    with mstate.db.session_factory() as session:
        session.info["allow_locked_minutes"] = True
        session.get(Meeting, approved).other_business = "몰래 바꾼 내용"
        session.commit()
    _open(tab, approved, "minutes")
    text = tab.integrity_label.text()
    assert "승인된 제1판과 다릅니다" in text and "회의 개요" in text
    assert "#fff4d6" in tab.integrity_label.styleSheet()  # amber, not alarm red


# ---------------------------------------------------------------- deleting, attachments, printing

def test_deleting_an_item_asks_first(tab, mstate, answers) -> None:
    detail = _today_meeting(mstate)
    add_agenda_item(mstate.uow(), detail.meeting.id, ItemData("report", "현황 보고"), TODAY)
    _open(tab, detail.meeting.id, "items")
    answers["confirm"].reply = False
    tab.buttons["delete_item"].click()
    assert "'현황 보고' 안건을 삭제합니다" in answers["confirm"].asked[-1]
    assert tab.item_model.rowCount() == 1
    answers["confirm"].reply = True
    tab.buttons["delete_item"].click()
    assert tab.item_model.rowCount() == 0


def test_attachments_add_save_and_delete(tab, mstate, monkeypatch, answers, tmp_path) -> None:
    source = tmp_path / "출석부 스캔.pdf"
    source.write_bytes(b"%PDF-1.4 signed sheet")
    out = tmp_path / "out.pdf"
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(source), ""))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    _open(tab, _row_of(tab, 2), "attachments")
    tab.buttons["add_attachment"].click()
    assert tab.attachment_model.rowCount() == 1
    tab.attachment_table.selectRow(0)
    tab.buttons["save_attachment"].click()
    assert out.read_bytes() == source.read_bytes()
    tab.buttons["delete_attachment"].click()
    assert "출석부 스캔.pdf" in answers["confirm"].asked[-1]
    assert tab.attachment_model.rowCount() == 0


def test_printing_the_minutes_writes_a_pdf(tab, monkeypatch, answers, tmp_path) -> None:
    target = tmp_path / "회의록"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "PDF (*.pdf)"))
    _open(tab, _row_of(tab, 2), "minutes")
    assert tab.print_button.isEnabled()
    tab.print_actions["minutes"].trigger()
    written = target.with_name("회의록.pdf")
    assert written.read_bytes().startswith(b"%PDF")
    assert answers["file_saved"].asked


# ---------------------------------------------------------------- roles and language

def test_a_viewer_sees_everything_read_only(qtbot, mstate) -> None:
    from ui.tabs.meetings.tab import MeetingsTab

    mstate.db.actor = Actor("wiwon", "viewer", "박위원")
    widget = MeetingsTab(mstate)
    qtbot.addWidget(widget)
    assert widget.proxy.rowCount() == 7
    _open(widget, _row_of(widget, 3), "attendance")
    assert widget.roster_model.rowCount() > 0
    assert not widget.create_button.isEnabled()
    assert not widget.print_button.isEnabled()
    assert all(not b.isEnabled() for key, b in widget.buttons.items() if key != "save_attachment")
    assert all(not c.isEnabled() for c in widget.choices.values())
    assert "보기 전용" in widget.info_line.text()


def test_english_switch_changes_the_headers(tab, english) -> None:
    from ui import i18n

    _open(tab, _row_of(tab, 3), "items")
    i18n.set_language("en")
    headers = [tab.model.headerData(c, Qt.Orientation.Horizontal) for c in range(tab.model.columnCount())]
    assert headers == ["No.", "Kind", "Date and time", "Place", "Status", "Present/enrolled", "Quorum"]
    assert tab.item_model.headerData(3, Qt.Orientation.Horizontal) == "Title"
    assert [tab.sections.tabText(i) for i in range(tab.sections.count())] == [
        "Overview", "Attendance", "Agenda", "Follow-ups", "Minutes", "Attachments"]
    assert tab.create_button.text() == "New meeting…"
    assert tab.title_label.text() == "2026 Regular meeting No. 3"
    assert tab.quorum_label.text().startswith("Enrolled ")
    row = tab.proxy.proxy_row_of(lambda r: r.meeting.status == "approved")
    assert tab.proxy.index(row, 4).data() == "Minutes approved"




def _inner_colour(widget):  # type: ignore[no-untyped-def]
    """The colour just inside the field's frame, where the background shows."""
    image = widget.grab().toImage()
    return image.pixelColor(4, image.height() // 2).name()


def test_locked_minutes_fields_look_and_act_read_only(tab, mstate, qtbot) -> None:
    approved = _row_of(tab, 2)
    _open(tab, approved, "minutes")
    section = tab.minutes_page
    locked_colour = _inner_colour(section.recorder)
    before = section.recorder.text()
    section.recorder.setFocus()
    qtbot.keyClicks(section.recorder, "xyz")
    assert section.recorder.text() == before
    assert "정정 기록" in section.recorder.toolTip()
    planned = _today_meeting(mstate)
    _open(tab, planned.meeting.id, "minutes")
    assert section.recorder.toolTip() == ""
    qtbot.keyClicks(section.recorder, "abc")
    assert section.recorder.text().endswith("abc")
    assert _inner_colour(section.recorder) != locked_colour  # an editable field looks different


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_list_at_1366_shows_whole_headers_and_gives_the_place_the_spare_width(tab, english, lang) -> None:
    from PySide6.QtGui import QFontMetrics
    from PySide6.QtWidgets import QApplication

    from ui import i18n
    from ui.tabs.meetings.columns import PLACE_CHARS

    i18n.set_language(lang)
    tab.resize(1366, 660)
    tab.refresh()
    tab.balance_splitter()
    header = tab.table.horizontalHeader()
    metrics = QFontMetrics(header.font())
    for column in range(tab.model.columnCount()):
        label = tab.model.headerData(column, Qt.Orientation.Horizontal)
        assert header.sectionSize(column) >= metrics.horizontalAdvance(label), label  # not "esent/enrolle"
    place = tab.model.column_index("place")
    char = QFontMetrics(QApplication.font()).horizontalAdvance("가")
    # No blank strip after the last column while the place is cut short.
    assert header.length() >= tab.table.viewport().width() - 1
    assert header.sectionSize(place) >= char * PLACE_CHARS
    # At 1366 pixels the demo's places fit whole ("햇살면 행정복지센터 2층 회의실", not "햇살면 행정…").
    longest = max((r.meeting.place for r in tab.model.rows), key=len)
    assert header.sectionSize(place) >= QFontMetrics(tab.table.font()).horizontalAdvance(longest)
