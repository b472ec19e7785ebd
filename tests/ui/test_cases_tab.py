"""사례관리 tab: hidden from a 위원 account; the people in need with overdue cases first;
a person registered with typed keys; consent recorded and withdrawn (after a confirmation);
a step refused out of order shows under its date; a conference attendee without a pledge
is refused under the member field; a referral's capacity shown and the reply recorded."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from app.cases.rules import ClientData
from app.cases.services import add_client
from app.security.permissions import Actor
from db.models import Member
from tests.ui.conftest import TODAY
from tests.ui.helpers import answer_with, type_text
from ui.dialogs.case_client_dialog import ClientDialog, ConsentDialog, choose
from ui.dialogs.case_conference_dialog import AttendeeDialog, ConferenceDialog
from ui.dialogs.case_referral_dialog import ReferralDialog, ReplyDialog
from ui.dialogs.case_step_dialog import StepDialog


@pytest.fixture
def case_state(db):  # type: ignore[no-untyped-def]
    from app.demo import build_demo_areas
    from app.preferences import Preferences
    from ui.state import AppState

    build_demo_areas(db, TODAY)
    return AppState(db, Preferences())


@pytest.fixture
def case_window(qtbot, case_state):  # type: ignore[no-untyped-def]
    from tests.ui.conftest import _make_window

    w = _make_window(qtbot, case_state)
    yield w
    w.close()
    w.deleteLater()


def open_tab(window):  # type: ignore[no-untyped-def]
    tab = window.area_tabs["cases"]
    window.tabs.setCurrentWidget(tab)
    return tab


def test_a_member_account_does_not_see_the_tab(case_window) -> None:  # type: ignore[no-untyped-def]
    window = case_window
    tab = window.area_tabs["cases"]
    assert window.tabs.isTabVisible(window.tabs.indexOf(tab))
    window.state.db.actor = Actor("wiwon", "viewer")
    window.apply_permissions()
    assert not window.tabs.isTabVisible(window.tabs.indexOf(tab))


def test_people_with_overdue_steps_come_first_and_a_person_is_registered_by_keyboard(
        case_window, monkeypatch, qtbot) -> None:  # type: ignore[no-untyped-def]
    tab = open_tab(case_window)
    pane = tab.clients
    rows = pane.model.rows
    assert rows, "the demo's people"
    overdue = [r.overdue(TODAY) for r in rows]
    assert any(overdue) and overdue == sorted(overdue, reverse=True)  # the admin has no own cases
    assert "기한 지남" in pane.page.text() or pane.page_data is not None

    def fill(dialog: ClientDialog) -> None:
        dialog.name.setFocus()
        type_text(dialog.name, "나홀로")
        type_text(dialog.phone, "010-1111-2222")
        type_text(dialog.note, "주민번호 900101-1234567")

    monkeypatch.setattr(ClientDialog, "exec", answer_with(fill, press_ok=False))
    dialog = ClientDialog(tab, tab.state)
    dialog.exec()
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert dialog.error_labels["note"].text()  # an RRN is refused under the note
    dialog.note.setPlainText("혼자 사심")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert dialog.saved is not None and dialog.saved.name == "나홀로"

    monkeypatch.setattr(ClientDialog, "exec", answer_with(lambda d: type_text(d.name, "새분")))
    pane.buttons["add"].click()
    assert pane.current().client.name == "새분"
    assert "동의 기록이 없습니다" in pane.page.text()


def test_consent_step_and_withdrawal(case_window, monkeypatch, answers) -> None:  # type: ignore[no-untyped-def]
    tab = open_tab(case_window)
    pane = tab.clients
    person = add_client(tab.state.uow(), ClientData("강아무개"), TODAY).id
    pane.reload(person)
    assert pane.current().id == person

    monkeypatch.setattr(ConsentDialog, "exec", answer_with(lambda d: d.given_on.set_value(date(2026, 11, 20))))
    pane.buttons["consent"].click()
    assert "수집·이용" in pane.page.text()

    from ui.dialogs.case_step_dialog import OpenCaseDialog

    monkeypatch.setattr(OpenCaseDialog, "exec", answer_with(lambda d: d.found_on.set_value(date(2026, 11, 18))))
    pane.buttons["open_case"].click()
    assert pane.page_data.case is not None

    seen: dict[str, str] = {}

    def early(dialog: StepDialog) -> None:
        choose(dialog.step, "received")
        dialog.on.set_value(date(2026, 11, 10))  # before 발굴

    def capture(dialog: StepDialog) -> int:
        early(dialog)
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
        seen["error"] = dialog.error_labels["on"].text()
        return 0

    monkeypatch.setattr(StepDialog, "exec", capture)
    pane.buttons["step"].click()
    assert "앞섭니다" in seen["error"]
    monkeypatch.setattr(StepDialog, "exec", answer_with(lambda d: (choose(d.step, "received"),
                                                                  d.on.set_value(date(2026, 11, 21)))))
    pane.buttons["step"].click()
    assert pane.page_data.case.step_on("received") == date(2026, 11, 21)
    assert "욕구·위기도 조사" in pane.page.text()  # the next due step

    pane.buttons["withdraw"].click()
    assert "철회합니다" in answers["confirm"].asked[-1]
    assert not any(c.live for c in pane.page_data.consents)
    assert not pane.buttons["withdraw"].isEnabled()


def test_a_member_without_a_pledge_is_refused_under_the_field(case_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    tab = open_tab(case_window)
    tab.views.setCurrentIndex(1)
    pane = tab.conferences
    assert pane.model.rowCount() >= 2
    monkeypatch.setattr(ConferenceDialog, "exec", answer_with(lambda d: type_text(d.place, "면사무소")))
    pane.buttons["create"].click()
    assert pane.detail is not None and pane.detail.place == "면사무소"
    assert "참석자가 없습니다" in pane.page.text()
    with tab.state.db.session_factory() as s:
        unpledged = s.query(Member).filter(Member.pledge_on.is_(None), Member.deleted_at.is_(None)).first().name
    seen: dict[str, str] = {}

    def refuse(dialog: AttendeeDialog) -> int:
        choose(dialog.kind, "member")
        dialog.member.setCurrentIndex(dialog.member.findText(unpledged))
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
        seen["error"] = dialog.error_labels["member_id"].text()
        return 0

    monkeypatch.setattr(AttendeeDialog, "exec", refuse)
    pane.buttons["attendee"].click()
    assert "비밀유지 서약" in seen["error"]


def test_a_referral_shows_capacity_and_takes_its_reply(case_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    tab = open_tab(case_window)
    pane = tab.clients
    row = next(r for r in pane.model.rows if r.client.name == "김순자")
    pane.select(row.id)
    tab.views.setCurrentIndex(2)
    referrals = tab.referrals
    assert referrals.model.rowCount() > 0
    statuses = [r.reply_overdue for r in referrals.model.rows]
    assert statuses == sorted(statuses, reverse=True)
    seen: dict[str, str] = {}

    def fill(dialog: ReferralDialog) -> None:
        index = next(i for i in range(1, dialog.service.count())
                     if dialog.services[dialog.service.itemData(i)].capacity is not None)
        dialog.service.setCurrentIndex(index)
        seen["capacity"] = dialog.capacity.text()
        type_text(dialog.reason, "식사 지원")

    monkeypatch.setattr(ReferralDialog, "exec", answer_with(fill, press_ok=False))
    referrals.buttons["refer"].click()
    assert "정원" in seen["capacity"]

    current = referrals.current()
    requested = next((r for r in referrals.model.rows if r.status == "requested"), None)
    assert requested is not None
    referrals.select(requested.id)
    assert referrals.buttons["accept"].isEnabled() and not referrals.buttons["complete"].isEnabled()
    monkeypatch.setattr(ReplyDialog, "exec", answer_with(lambda d: (choose(d.decline_reason, "unreachable"))))
    referrals.buttons["decline"].click()
    assert referrals.current().status == "declined"
    assert current is not None


def test_english_labels(case_window) -> None:  # type: ignore[no-untyped-def]
    from ui import i18n

    tab = open_tab(case_window)
    i18n.set_language("en")
    assert tab.views.tabText(0) == "People in need"
    assert tab.clients.buttons["add"].text() != "대상자 등록…"
    assert tab.clients.model.headerData(0, Qt.Orientation.Horizontal) == "Name"
