"""Case conferences and referrals: the pledge gate for members, agency workers leaving the
room for a case whose person did not consent to their agency, the consent gate of a
referral (per recipient, withdrawal, date), the lifecycle 의뢰 → 접수/대기/거절 → 제공 중 →
완료 and the service's capacity taken and given back exactly once."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.cases.conferences import add_attendee, create_conference, discuss_case, get_conference
from app.cases.referrals import (accept_referral, cancel_referral, complete_referral, decline_referral,
                                 list_referrals, refer_client, start_referral, waiting_for_reply)
from app.cases.rules import AttendeeData, ConferenceData, DiscussionData, ReferralData, RoleData
from app.cases.services import get_case, record_step, withdraw_consent
from app.errors import InputRefused, ValidationFailed
from app.members import add_member
from db.models import Member
from tests.app.cases.support import (TODAY, case_rows, client, consent, days, organization, provision, received_case,
                                     service, service_use)
from tests.conftest import member_data, term_data


def member(db, name: str, pledge_on: date | None) -> str:  # type: ignore[no-untyped-def]
    return add_member(db.uow(), member_data(name, pledge_on=pledge_on, phone="", birth_date=None), term_data(),
                      TODAY).id


def assessed_case(db, name: str) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    person = client(db, name)
    case = received_case(db, person, received=30)
    record_step(db.uow(), case, "assessed", days(25), TODAY)
    return person, case


def test_a_member_attends_only_with_a_pledge_on_record_by_the_day(db) -> None:  # type: ignore[no-untyped-def]
    conference = create_conference(db.uow(), ConferenceData(days(10), "행정복지센터 회의실"), TODAY).id
    unsigned = member(db, "박영호", None)
    late = member(db, "이순례", days(5))
    pledged = member(db, "김철수", days(100))
    before = case_rows(db)
    for who in (unsigned, late):
        with pytest.raises(InputRefused) as caught:
            add_attendee(db.uow(), conference, AttendeeData("member", member_id=who))
        assert caught.value.code == "no_pledge" and "비밀유지 서약" in caught.value.message()
    assert case_rows(db) == before
    view = add_attendee(db.uow(), conference, AttendeeData("member", member_id=pledged))
    assert [a.person_name for a in view.attendees] == ["김철수"]
    with pytest.raises(InputRefused):
        add_attendee(db.uow(), conference, AttendeeData("member", member_id=pledged))


def test_agency_workers_leave_the_room_for_a_case_without_consent_to_their_agency(db) -> None:  # type: ignore[no-untyped-def]
    welfare = organization(db, "햇살군 노인복지관")
    mental = organization(db, "햇살군 정신건강복지센터")
    kim, kim_case = assessed_case(db, "김순자")
    choi, choi_case = assessed_case(db, "최덕수")
    provision(db, kim, welfare)
    provision(db, choi, mental)
    later = provision(db, choi, welfare, on=days(1))  # given after the conference: does not count
    conference = create_conference(db.uow(), ConferenceData(days(10), "회의실"), TODAY).id
    host = add_attendee(db.uow(), conference, AttendeeData("host", person_name="이민지", position="주무관"))
    add_attendee(db.uow(), conference, AttendeeData("agency", organization_id=welfare, person_name="송하늘"))
    discuss_case(db.uow(), conference, DiscussionData(kim_case, "도시락·돌봄 연계", "integrated", days(-20),
                                                       (RoleData("노인맞춤돌봄", welfare, "", "송하늘", days(-5)),)))
    # An attendee added after a case was discussed is marked for it as well.
    view = discuss_case(db.uow(), conference, DiscussionData(choi_case, "절주 상담 먼저", "linkage"))
    view = add_attendee(db.uow(), conference, AttendeeData("agency", agency_name="햇살 교회", person_name="목사"))
    by_name = {a.person_name: a.id for a in view.attendees}
    left = {d.client_name: {a for a in d.left} for d in view.discussions}
    assert left == {"김순자": {by_name["목사"]}, "최덕수": {by_name["송하늘"], by_name["목사"]}}
    assert by_name["이민지"] not in set().union(*left.values()) and host.attendees
    kim_view = view.discussions[0]
    assert (kim_view.decision_label(), [r.agency for r in kim_view.roles]) == ("통합사례관리", ["햇살군 노인복지관"])
    # The discussion dated the case's 사례회의 step and its next check.
    assert get_case(db.uow(), kim_case).step_on("conferred") == days(10)
    assert get_conference(db.uow(), conference).discussions == view.discussions
    assert later


def test_a_discussion_is_checked_before_anything_is_written(db) -> None:  # type: ignore[no-untyped-def]
    _kim, case = assessed_case(db, "김순자")
    conference = create_conference(db.uow(), ConferenceData(days(3)), TODAY).id
    before = case_rows(db)
    with pytest.raises(ValidationFailed):
        discuss_case(db.uow(), conference, DiscussionData(case, "요약", "maybe"))
    with pytest.raises(ValidationFailed):
        discuss_case(db.uow(), conference, DiscussionData(case, "요약 440305-2123456", "hold"))
    with pytest.raises(ValidationFailed):
        discuss_case(db.uow(), conference, DiscussionData(case, "요약", "hold", roles=(RoleData("", None),)))
    assert case_rows(db) == before
    discuss_case(db.uow(), conference, DiscussionData(case, "요약", "hold"))
    with pytest.raises(InputRefused):
        discuss_case(db.uow(), conference, DiscussionData(case, "다시", "hold"))


def referral(db, person: str, service_id: str | None, on: int = 5, agency: str = "") -> str:  # type: ignore[no-untyped-def]
    return refer_client(db.uow(), ReferralData(person, days(on), "끼니 거름", "평일 점심 도시락", service_id=service_id,
                                               agency_name=agency, referred_by="맞춤형복지팀"), TODAY).id


def test_a_referral_needs_a_live_consent_to_that_recipient(db) -> None:  # type: ignore[no-untyped-def]
    org = organization(db)
    other = organization(db, "햇살교회")
    lunch = service(db, org)
    person = client(db)
    consent(db, person)
    provision(db, person, other)
    provision(db, person)  # to the 시군구: not to the 자활센터
    before = case_rows(db)
    with pytest.raises(InputRefused) as caught:
        referral(db, person, lunch)
    assert caught.value.code == "no_provision_consent" and "햇살 지역자활센터" in caught.value.message()
    given = provision(db, person, org, on=days(3))
    with pytest.raises(InputRefused):
        referral(db, person, lunch, on=5)  # referred before the consent was given
    withdraw_consent(db.uow(), given, days(2), TODAY)
    before = case_rows(db)
    with pytest.raises(InputRefused):
        referral(db, person, lunch, on=1)  # after a withdrawal
    with pytest.raises(InputRefused):
        referral(db, person, None, agency="햇살 법률홈닥터")  # an outside agency needs its own consent
    assert case_rows(db) == before
    provision(db, person, org, on=days(1))
    view = refer_client(db.uow(), ReferralData(person, days(1), "끼니 거름", "도시락", service_id=lunch), TODAY)
    assert (view.status, view.recipient, view.service_name) == ("requested", "햇살 지역자활센터", "도시락 배달")
    consent(db, person, "provision", days(1), recipient_kind="other", recipient_name="햇살 법률홈닥터")
    assert refer_client(db.uow(), ReferralData(person, days(1), "채무", "법률 상담", agency_name="햇살 법률홈닥터"),
                        TODAY).recipient == "햇살 법률홈닥터"


def test_capacity_is_used_by_acceptance_and_given_back_once(db) -> None:  # type: ignore[no-untyped-def]
    org = organization(db)
    lunch = service(db, org, capacity=2, use=1)
    people = [client(db, name) for name in ("김순자", "이만복", "최덕수")]
    for person in people:
        provision(db, person, org)
    first, second, third = (referral(db, p, lunch) for p in people)
    assert accept_referral(db.uow(), first, days(4), TODAY).holds_unit
    assert service_use(db, lunch) == 2
    before = case_rows(db)
    with pytest.raises(InputRefused) as caught:
        accept_referral(db.uow(), second, days(3), TODAY)
    assert caught.value.code == "service_full" and "대기자" in caught.value.message()
    assert case_rows(db) == before
    assert accept_referral(db.uow(), second, days(3), TODAY, waiting=True).status == "waiting"
    assert decline_referral(db.uow(), third, "full", days(3), TODAY).status == "declined"
    assert service_use(db, lunch) == 2
    assert start_referral(db.uow(), first, days(2), TODAY).status == "providing"
    done = complete_referral(db.uow(), first, days(1), TODAY, result="도시락 받음")
    assert (done.status, done.holds_unit, done.result) == ("completed", False, "도시락 받음")
    assert service_use(db, lunch) == 1
    with pytest.raises(InputRefused):
        complete_referral(db.uow(), first, TODAY, TODAY)  # not twice
    assert service_use(db, lunch) == 1
    # The place freed goes to the waiting list.
    assert accept_referral(db.uow(), second, TODAY, TODAY).status == "accepted"
    assert service_use(db, lunch) == 2
    cancel_referral(db.uow(), second, TODAY, TODAY)
    assert service_use(db, lunch) == 1


def test_lifecycle_refusals_and_overdue_replies(db) -> None:  # type: ignore[no-untyped-def]
    org = organization(db)
    lunch = service(db, org, capacity=None)
    person = client(db)
    provision(db, person, org, on=days(30))
    old = referral(db, person, lunch, on=20)
    fresh = referral(db, person, lunch, on=2)
    before = case_rows(db)
    with pytest.raises(InputRefused):
        start_referral(db.uow(), old, days(1), TODAY)  # not accepted yet
    with pytest.raises(ValidationFailed):
        decline_referral(db.uow(), old, "", days(1), TODAY)
    with pytest.raises(ValidationFailed):
        accept_referral(db.uow(), old, days(21), TODAY)  # replied before it was sent
    assert case_rows(db) == before
    assert [(v.id, v.reply_overdue) for v in waiting_for_reply(db.uow(), TODAY)] == [(old, True), (fresh, False)]
    view = accept_referral(db.uow(), old, days(1), TODAY)
    assert view.status == "accepted" and not view.holds_unit  # no fixed capacity: nothing to count
    assert [v.id for v in list_referrals(db.uow(), TODAY, status="requested")] == [fresh]
    assert service_use(db, lunch) == 0


def test_the_demo_follows_the_rules(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from app.cases.conferences import list_conferences
    from app.cases.services import list_cases
    from app.demo import build_demo_areas
    from tests.conftest import make_database

    db = make_database(tmp_path / "demo.db")
    build_demo_areas(db, TODAY)
    statuses = {v.status for v in list_referrals(db.uow(), TODAY)}
    assert statuses == {"requested", "accepted", "waiting", "declined", "providing", "completed"}
    conferences = list_conferences(db.uow())
    assert len(conferences) == 2
    detail = get_conference(db.uow(), conferences[0].id)
    assert any(d.left for d in detail.discussions)  # the 노인복지관's worker left for 최덕수
    cases = list_cases(db.uow(), TODAY)
    assert any(v.overdue(TODAY) for v in cases) and len({v.current_step for v in cases}) >= 6
    with db.session_factory() as s:
        pledged = {m.id for m in s.scalars(select(Member).where(Member.pledge_on.is_not(None)))}
    assert {a.member_id for a in detail.attendees if a.kind == "member"} <= pledged
    db.dispose()
