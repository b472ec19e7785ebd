"""People in need, consents per purpose and cases: what each may hold (no 주민등록번호, the
under-14 guardian, recipients only for provision), the steps in order and none before 접수,
접수 only with a collection consent, due days and overdue flags, who may look and change,
and every view of a person's case in the access log. Every refusal leaves the data as it was."""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.cases.rules import ClientData, ConsentData, PlanItemData
from app.cases.services import (add_client, add_plan_item, close_case, due_cases, get_case, get_client,
                                list_cases, list_consents, open_case, record_check, record_consent, record_step,
                                update_client, withdraw_consent)
from app.errors import InputRefused, ValidationFailed
from app.security.permissions import Actor, NotAllowed
from db.security_models import AccessLogEntry
from tests.app.cases.support import TODAY, case_rows, client, consent, days, received_case

RRN = "440305-2123456"


def codes(error: ValidationFailed) -> dict[str, str]:
    return {e.field: e.code for e in error.errors}


def test_a_person_is_stored_cleaned_and_read_back(db) -> None:  # type: ignore[no-untyped-def]
    data = ClientData(name="  김  순자 ", sex="F", birth_date=date(1944, 3, 5), place="상촌리", phone="01055001200",
                      household_type="elderly_alone", household_size=1, found_source="member", found_on=days(3),
                      crisis_level="high", note="무릎 수술 뒤\n거동 불편")
    view = add_client(db.uow(), data, TODAY)
    assert (view.name, view.phone, view.note) == ("김 순자", "010-5500-1200", "무릎 수술 뒤\n거동 불편")
    assert get_client(db.uow(), view.id).age(TODAY) == 82


@pytest.mark.parametrize("field", ["name", "place", "address", "found_by", "note"])
def test_an_rrn_is_refused_in_every_text_of_a_person(db, field: str) -> None:  # type: ignore[no-untyped-def]
    before = case_rows(db)
    base = ClientData(name="김순자")
    with pytest.raises(ValidationFailed) as caught:
        add_client(db.uow(), replace(base, **{field: f"메모 {RRN}"}), TODAY)
    assert "rrn_in_text" in {e.code for e in caught.value.errors}
    assert "주민등록번호" in caught.value.message()
    assert case_rows(db) == before


def test_an_rrn_is_refused_in_consents_plans_and_closing_notes(db) -> None:  # type: ignore[no-untyped-def]
    person = client(db)
    case = received_case(db, person)
    before = case_rows(db)
    with pytest.raises(ValidationFailed):
        record_consent(db.uow(), ConsentData(person, "sensitive", days(1), items=f"번호 {RRN}"), TODAY)
    with pytest.raises(ValidationFailed):
        add_plan_item(db.uow(), case, PlanItemData(f"연계 {RRN}"))
    with pytest.raises(ValidationFailed):
        close_case(db.uow(), case, days(1), "goal_met", TODAY, note=f"{RRN}")
    assert case_rows(db) == before


def test_bad_codes_dates_and_sizes_are_refused(db) -> None:  # type: ignore[no-untyped-def]
    before = case_rows(db)
    with pytest.raises(ValidationFailed) as caught:
        add_client(db.uow(), ClientData(name="", sex="X", household_size=0, crisis_level="extreme",
                                        found_on=TODAY + timedelta(days=1), phone="12ab"), TODAY)
    assert codes(caught.value) == {"client_name": "required", "sex": "invalid_choice",
                                   "household_size": "negative_number", "crisis_level": "invalid_choice",
                                   "found_on": "future_date", "phone": "client_invalid_phone"}
    assert case_rows(db) == before


def test_consents_per_purpose_and_recipient(db) -> None:  # type: ignore[no-untyped-def]
    person = client(db)
    before = case_rows(db)
    with pytest.raises(ValidationFailed) as caught:
        record_consent(db.uow(), ConsentData(person, "provision", days(3)), TODAY)
    assert codes(caught.value) == {"recipient_kind": "recipient_required"}
    with pytest.raises(ValidationFailed) as caught:
        record_consent(db.uow(), ConsentData(person, "collection", days(3), recipient_kind="sigungu",
                                             recipient_name="햇살군"), TODAY)
    assert codes(caught.value) == {"recipient_kind": "recipient_not_for_purpose"}
    with pytest.raises(ValidationFailed) as caught:
        record_consent(db.uow(), ConsentData(person, "provision", days(3), recipient_kind="organization"), TODAY)
    assert codes(caught.value) == {"recipient_organization_id": "recipient_required"}
    assert case_rows(db) == before
    view = record_consent(db.uow(), ConsentData(person, "provision", days(3), recipient_kind="sigungu",
                                                recipient_name="햇살군청"), TODAY)
    assert view.live and view.recipient_name == "햇살군청"


def test_an_under_14_needs_a_guardian(db) -> None:  # type: ignore[no-untyped-def]
    child = client(db, "정민준", birth=date(2014, 5, 1))
    before = case_rows(db)
    with pytest.raises(ValidationFailed) as caught:
        record_consent(db.uow(), ConsentData(child, "collection", days(3)), TODAY)
    assert codes(caught.value) == {"guardian_name": "guardian_required"}
    assert "법정대리인" in caught.value.message()
    with pytest.raises(ValidationFailed):
        record_consent(db.uow(), ConsentData(child, "collection", days(3), guardian_name="정복례"), TODAY)
    assert case_rows(db) == before
    view = record_consent(db.uow(), ConsentData(child, "collection", days(3), guardian_name="정복례",
                                                guardian_relation="조모"), TODAY)
    assert view.guardian_name == "정복례"
    # Fourteen on the consent day: the person consents alone.
    teen = client(db, "최하늘", birth=date(2012, 11, 20))
    assert record_consent(db.uow(), ConsentData(teen, "collection", days(1)), TODAY).guardian_name == ""


def test_a_withdrawal_is_dated_once_and_not_before_the_consent(db) -> None:  # type: ignore[no-untyped-def]
    person = client(db)
    consent_id = consent(db, person, on=days(10))
    with pytest.raises(ValidationFailed):
        withdraw_consent(db.uow(), consent_id, days(11), TODAY)
    assert withdraw_consent(db.uow(), consent_id, days(2), TODAY).withdrawn_on == days(2)
    with pytest.raises(InputRefused, match="이미 철회"):
        withdraw_consent(db.uow(), consent_id, days(1), TODAY)
    assert [c.live for c in list_consents(db.uow(), person)] == [False]


def test_registration_needs_a_live_collection_consent(db) -> None:  # type: ignore[no-untyped-def]
    person = client(db)
    case = open_case(db.uow(), person, days(20), TODAY).id
    before = case_rows(db)
    with pytest.raises(InputRefused) as caught:
        record_step(db.uow(), case, "received", days(15), TODAY)
    assert caught.value.code == "collection_consent_missing"
    withdrawn = consent(db, person, on=days(18))
    withdraw_consent(db.uow(), withdrawn, days(16), TODAY)
    with pytest.raises(InputRefused):
        record_step(db.uow(), case, "received", days(15), TODAY)
    consent(db, person, on=days(16))
    assert case_rows(db) != before
    assert record_step(db.uow(), case, "received", days(15), TODAY).step_on("received") == days(15)


def test_steps_go_in_order_and_none_is_dated_before_registration(db) -> None:  # type: ignore[no-untyped-def]
    case = received_case(db, client(db), received=30)
    before = case_rows(db)
    with pytest.raises(ValidationFailed) as caught:
        record_step(db.uow(), case, "assessed", days(31), TODAY)
    assert codes(caught.value) == {"assessed_on": "step_before_received"}
    assert "접수일보다 앞섭니다" in caught.value.message()
    with pytest.raises(ValidationFailed) as caught:
        record_step(db.uow(), case, "planned", days(20), TODAY)
    assert codes(caught.value)["planned_on"] == "step_gap"
    with pytest.raises(ValidationFailed):
        record_step(db.uow(), case, "assessed", TODAY + timedelta(days=1), TODAY)
    with pytest.raises(ValidationFailed):
        record_step(db.uow(), case, "classified", days(25), TODAY)  # no classification named
    assert case_rows(db) == before
    record_step(db.uow(), case, "assessed", days(25), TODAY)
    # 사례회의 may be skipped: a simple 서비스연계 is classified without one.
    view = record_step(db.uow(), case, "classified", days(22), TODAY, classification="linkage")
    assert view.current_step == "classified" and view.classification == "linkage"


def test_due_days_and_overdue_flags(db) -> None:  # type: ignore[no-untyped-def]
    person = client(db)
    case = received_case(db, person, received=12)
    view = get_case(db.uow(), case)
    assert (view.due.step, view.due.due_on) == ("assessed", days(2))   # 조사: 접수 + 10
    assert view.overdue(TODAY) and view.due_label() == "욕구·위기도 조사"
    view = record_step(db.uow(), case, "assessed", days(8), TODAY)
    assert (view.due.step, view.due.due_on, view.overdue(TODAY)) == ("classified", days(3), True)  # 구분: 조사 + 5
    view = record_step(db.uow(), case, "classified", days(6), TODAY, classification="integrated")
    # 계획: 구분 + 15, but never past 접수 + 30.
    assert (view.due.step, view.due.due_on, view.overdue(TODAY)) == ("planned", days(6) + timedelta(days=15), False)
    late = received_case(db, client(db, "이만복"), received=28)
    record_step(db.uow(), late, "assessed", days(20), TODAY)
    view = record_step(db.uow(), late, "classified", days(10), TODAY, classification="integrated")
    assert view.due.due_on == days(28) + timedelta(days=30)  # the 30-day limit is nearer than 구분 + 15
    assert [v.id for v in due_cases(db.uow(), TODAY, within_days=3)] == [late]
    assert [v.id for v in due_cases(db.uow(), TODAY, within_days=9)] == [late, case]
    view = record_step(db.uow(), late, "planned", days(1), TODAY)
    assert view.due is None  # planned, no check scheduled yet


def test_the_case_list_puts_overdue_first_and_mine_is_mine(db) -> None:  # type: ignore[no-untyped-def]
    fresh = received_case(db, client(db, "한옥분"), received=1)
    overdue = received_case(db, client(db, "최덕수"), received=20)
    views = list_cases(db.uow(), TODAY)
    assert [v.id for v in views] == [overdue, fresh]
    assert [v.overdue(TODAY) for v in views] == [True, False]
    assert [v.id for v in due_cases(db.uow(), TODAY, within_days=3)] == [overdue]
    assert {v.worker for v in views} == {"admin"}
    db.actor = Actor("sarye", "case_worker")
    assert list_cases(db.uow(), TODAY, mine=True) == []
    assert len(list_cases(db.uow(), TODAY)) == 2


def test_checks_set_the_next_due_day_and_closing_stops_changes(db) -> None:  # type: ignore[no-untyped-def]
    case = received_case(db, client(db), received=40)
    for step, ago in (("assessed", 35), ("classified", 33), ("planned", 30), ("providing", 25)):
        record_step(db.uow(), case, step, days(ago), TODAY, classification="linkage")
    with pytest.raises(ValidationFailed):
        record_check(db.uow(), case, days(26), "너무 이름", days(1), TODAY)  # before 제공 began
    view = record_check(db.uow(), case, days(10), "도시락 잘 받음", days(3), TODAY)
    assert (view.due.step, view.due.due_on, view.overdue(TODAY)) == ("check", days(3), True)
    view = add_plan_item(db.uow(), case, PlanItemData("노인맞춤돌봄 연계", "노인복지관", days(-7)))
    assert [p.what for p in view.plan_items] == ["노인맞춤돌봄 연계"]
    with pytest.raises(InputRefused):
        close_case(db.uow(), case, days(1), "", TODAY)
    view = close_case(db.uow(), case, days(1), "goal_met", TODAY, note="목표 달성")
    assert view.closed and view.due is None
    before = case_rows(db)
    for attempt in (lambda: add_plan_item(db.uow(), case, PlanItemData("더")),
                    lambda: record_step(db.uow(), case, "planned", days(1), TODAY),
                    lambda: close_case(db.uow(), case, TODAY, "goal_met", TODAY)):
        with pytest.raises(InputRefused, match="종결된 사례"):
            attempt()
    assert case_rows(db) == before


def test_one_open_case_per_person(db) -> None:  # type: ignore[no-untyped-def]
    person = client(db)
    open_case(db.uow(), person, days(3), TODAY)
    with pytest.raises(InputRefused):
        open_case(db.uow(), person, days(1), TODAY)


@pytest.mark.parametrize("role", ["viewer"])
def test_a_member_account_can_neither_read_nor_change_cases(db, role: str) -> None:  # type: ignore[no-untyped-def]
    person = client(db)
    case = received_case(db, person)
    db.actor = Actor("wiwon", role)
    for call in (lambda: get_client(db.uow(), person), lambda: list_cases(db.uow(), TODAY),
                 lambda: get_case(db.uow(), case), lambda: add_client(db.uow(), ClientData("누구"), TODAY),
                 lambda: update_client(db.uow(), person, ClientData("누구"), TODAY)):
        with pytest.raises(NotAllowed):
            call()


def test_every_view_of_a_persons_case_is_logged_without_the_name(db) -> None:  # type: ignore[no-untyped-def]
    person = client(db)
    case = received_case(db, person)
    db.actor = Actor("sarye", "case_worker")
    get_case(db.uow(), case)
    get_client(db.uow(), person)
    with db.session_factory() as s:
        entries = list(s.scalars(select(AccessLogEntry).where(AccessLogEntry.account == "sarye")))
    assert [(e.action, e.target_table, e.target_id) for e in entries] == [
        ("view", "case_record", case), ("view", "client", person)]
    assert all("김순자" not in e.details for e in entries)


def test_the_access_log_keeps_no_value_of_a_persons_record(db) -> None:  # type: ignore[no-untyped-def]
    """The log outlives the five-year purge and cannot be edited: it keeps which record
    changed, never what a person's record says."""
    person = client(db)
    update_client(db.uow(), person, ClientData("김순자", phone="010-9999-0000", note="새 메모"), TODAY)
    with db.session_factory() as s:
        details = [e.details for e in s.scalars(select(AccessLogEntry).where(AccessLogEntry.target_id == person))]
    assert len(details) == 2
    text = "\n".join(details)
    for value in ("김순자", "010-5500-1200", "010-9999-0000", "난방비", "새 메모", "상촌리"):
        assert value not in text
    assert "phone" in json.loads(details[1])
