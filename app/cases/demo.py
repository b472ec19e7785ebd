"""The demo case work of 햇살면: a dozen people in need found in the villages, each in a
different step (one just found, one overdue for its 조사, plans, checks, one closed, one
closed long ago and due for the purge), consents of different scope (one withdrawn, one
given by a grandmother for her grandson), two case conferences (members with pledges, the
centre's staff, agency workers, one of whom leaves the room for a case), and referrals to
the demo directory in every status.

Built in one session, like the other demos, but every record passes the area's rules and
gates (consent for 접수 and referrals, capacity for acceptance) as the services would
check them; a test compares it with the services' answers.
"""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.cases.consent import has_consent, provision_consent
from app.cases.rules import (ClientData, ConsentData, clean, validate_client, validate_consent, validate_steps)
from app.security.permissions import Permission, require
from db.base import new_uuid
from db.case_models import (CaseCheck, CaseConference, CasePlanItem, CaseRecord, Client, ConferenceAttendee,
                            ConferenceCase, ConferenceLeave, ConferenceRole, Consent, Referral)
from db.models import Member
from db.resource_models import Organization, Service
from db.session import Database

SIGUNGU = "햇살군청 희망복지지원단"
# name, sex, age, 리, household, size, found source, found by, crisis, note
_CLIENTS = (
    ("김순자", "F", 82, "상촌리", "elderly_alone", 1, "member", "이장 박영호 위원", "high",
     "겨울 난방비 체납, 무릎 수술 뒤 거동 불편"),
    ("이만복", "M", 76, "중촌리", "elderly_couple", 2, "neighbour", "옆집 주민", "medium", "배우자 치매 초기, 돌봄 부담"),
    ("박정희", "F", 45, "하촌리", "single_parent", 3, "self", "", "high", "실직 뒤 월세 두 달 밀림, 자녀 둘"),
    ("최덕수", "M", 67, "신기리", "single", 1, "official", "맞춤형복지팀", "high", "알코올 의존 의심, 끼니 거름"),
    ("정민준", "M", 12, "평촌리", "grandparent", 2, "agency", "햇살초등학교 교육복지사", "medium",
     "할머니와 둘이 삶, 방과 후 돌봄 필요"),
    ("한옥분", "F", 88, "상촌리", "elderly_alone", 1, "member", "부녀회장 위원", "medium", "혼자 목욕 어려움"),
    ("윤상철", "M", 58, "중촌리", "disabled", 2, "data", "위기정보 발굴", "medium", "지체장애, 집 안 문턱 높음"),
    ("강미란", "F", 39, "하촌리", "multicultural", 4, "agency", "햇살군 가족센터", "low", "한국어 서툴러 병원 이용 어려움"),
    ("오태식", "M", 71, "신기리", "elderly_alone", 1, "neighbour", "집배원", "high", "지붕 누수, 보일러 고장"),
    ("서영자", "F", 79, "평촌리", "elderly_couple", 2, "member", "노인회 분회장 위원", "low", "배우자 입원 중 혼자 지냄"),
    ("임재현", "M", 34, "상촌리", "single", 1, "self", "", "medium", "산재 뒤 구직 중"),
    ("조말순", "F", 90, "중촌리", "elderly_alone", 1, "official", "방문간호사", "low", "사례 종결 뒤 오래된 기록"),
)


def _org(session: Session, name: str) -> str:
    found = session.scalar(select(Organization.id).where(Organization.name == name, Organization.deleted_at.is_(None)))
    assert found is not None, name
    return found


def _service(session: Session, name: str) -> Service:
    found = session.scalar(select(Service).where(Service.name == name, Service.deleted_at.is_(None)))
    assert found is not None, name
    return found


def _add_client(session: Session, entry: tuple, today: date, index: int) -> Client:  # type: ignore[type-arg]
    name, sex, age, place, household, size, source, by, crisis, note = entry
    birth = date(today.year - age, 1 + index % 12, 3 + index * 2)
    data = clean(ClientData(name=name, sex=sex, birth_date=birth, place=place, address=f"햇살면 {place} {10 + index}",
                            phone=f"010-55{index:02d}-{1200 + index * 7:04d}", household_type=household,
                            household_size=size, found_source=source, found_by=by,
                            found_on=today - timedelta(days=5 + index * 9), crisis_level=crisis, note=note))
    assert not validate_client(data, today), name
    row = Client(id=new_uuid(), **vars(data))
    session.add(row)
    return row


def _consent(session: Session, client: Client, purpose: str, on: date, today: date, **extra: object) -> Consent:
    if client.birth_date is not None and (on - client.birth_date).days < 14 * 365 + 3:
        extra.setdefault("guardian_name", "정복례")
        extra.setdefault("guardian_relation", "조모")
    data = clean(ConsentData(client_id=client.id, purpose=purpose, given_on=on, items="성명, 연락처, 가구 상황, 건강 상태",
                             retention="사례 종결 후 5년", given_how="written", **extra))  # type: ignore[arg-type]
    assert not validate_consent(data, client.birth_date, today), (client.name, purpose)
    row = Consent(id=new_uuid(), **vars(data))
    session.add(row)
    return row


def _case(session: Session, client: Client, today: date, steps: dict[str, int], **extra: object) -> CaseRecord:
    """``steps``: step column -> days before today."""
    dates = {column: today - timedelta(days=days) for column, days in steps.items()}
    assert not validate_steps(dates, today), (client.name, dates)
    if "received_on" in dates:
        assert has_consent(session, client.id, "collection", dates["received_on"]), client.name
    row = CaseRecord(id=new_uuid(), client_id=client.id, worker="admin", crisis_level=client.crisis_level,
                     **dates, **extra)
    session.add(row)
    return row


def _refer(session: Session, client: Client, service_name: str, days_ago: int, status: str, today: date,
           case: CaseRecord | None = None, **extra: object) -> Referral:
    service = _service(session, service_name)
    on = today - timedelta(days=days_ago)
    consent = provision_consent(session, client.id, organization_id=service.organization_id, on=on)
    assert consent is not None, (client.name, service_name)
    holds = status in ("accepted", "providing") and service.capacity is not None
    if holds:
        assert service.capacity is not None and service.current_use < service.capacity, service_name
        service.current_use += 1
    replied = on + timedelta(days=3) if status != "requested" else None
    row = Referral(id=new_uuid(), client_id=client.id, case_record_id=case.id if case else None, consent_id=consent.id,
                   service_id=service.id, organization_id=service.organization_id, referred_on=on,
                   referred_by="햇살면 맞춤형복지팀", status=status, replied_on=replied, holds_unit=holds,
                   closed_on=replied if status in ("declined", "completed") else None, **extra)
    session.add(row)
    return row


def build_demo_cases(db: Database, today: date) -> None:
    """Add the demo case work in one transaction (after the members and the directory)."""
    require(db.actor, Permission.CASES_EDIT)
    with db.session_factory.begin() as session:
        session.info.update(db.session_factory.kw.get("info", {}))
        people = [_add_client(session, entry, today, i) for i, entry in enumerate(_CLIENTS)]
        session.flush()
        kim, lee, park, choi, jung, han, yoon, kang, oh, seo, lim, cho = people
        elderly_welfare, self_help, home_care = (_org(session, "햇살군 노인복지관"), _org(session, "햇살 지역자활센터"),
                                                 _org(session, "햇살 재가노인복지센터"))
        for person in people[:-1]:
            _consent(session, person, "collection", today - timedelta(days=75), today)
        _consent(session, cho, "collection", years_ago(today, 8), today)
        for person in (kim, lee, han, yoon):
            _consent(session, person, "sensitive", today - timedelta(days=75), today)
        for person in (kim, park, choi):
            _consent(session, person, "provision", today - timedelta(days=60), today, recipient_kind="sigungu",
                     recipient_name=SIGUNGU)
        for person in (kim, oh, choi, lim):
            _consent(session, person, "provision", today - timedelta(days=60), today, recipient_kind="organization",
                     recipient_organization_id=self_help)
        for person in (kim, lee, han, seo):
            _consent(session, person, "provision", today - timedelta(days=60), today, recipient_kind="organization",
                     recipient_organization_id=elderly_welfare)
        _consent(session, han, "provision", today - timedelta(days=60), today, recipient_kind="organization",
                 recipient_organization_id=home_care)
        # 박정희 withdrew her consent to the 시군구 after a month.
        withdrawn = session.scalar(select(Consent).where(Consent.client_id == park.id, Consent.recipient_kind == "sigungu"))
        assert withdrawn is not None
        withdrawn.withdrawn_on = today - timedelta(days=20)
        session.flush()

        d = lambda *pairs: dict(pairs)  # noqa: E731 - step column -> days before today
        cases = {
            "kim": _case(session, kim, today, d(("found_on", 58), ("counselled_on", 57), ("received_on", 55),
                                                 ("assessed_on", 48), ("conferred_on", 45), ("classified_on", 44),
                                                 ("planned_on", 40), ("providing_on", 35)),
                         classification="integrated", next_check_on=today + timedelta(days=5)),
            "lee": _case(session, lee, today, d(("found_on", 40), ("counselled_on", 38), ("received_on", 36),
                                                 ("assessed_on", 30)), ),
            "park": _case(session, park, today, d(("found_on", 30), ("counselled_on", 29), ("received_on", 25)),
                          note="긴급복지 생계지원 신청 안내함"),
            "choi": _case(session, choi, today, d(("found_on", 50), ("counselled_on", 49), ("received_on", 47),
                                                   ("assessed_on", 40), ("conferred_on", 17), ("classified_on", 16))),
            "jung": _case(session, jung, today, d(("found_on", 20), ("received_on", 18), ("assessed_on", 12))),
            "han": _case(session, han, today, d(("found_on", 45), ("counselled_on", 44), ("received_on", 42),
                                                 ("assessed_on", 35), ("classified_on", 33), ("planned_on", 25),
                                                 ("providing_on", 20)), classification="linkage",
                         next_check_on=today - timedelta(days=2)),
            "yoon": _case(session, yoon, today, d(("found_on", 8), ("counselled_on", 6))),
            "kang": _case(session, kang, today, d(("found_on", 3))),
            "oh": _case(session, oh, today, d(("found_on", 70), ("counselled_on", 69), ("received_on", 68),
                                               ("assessed_on", 60), ("classified_on", 58), ("planned_on", 50),
                                               ("providing_on", 45), ("closed_on", 10)),
                        classification="linkage", closing_reason="goal_met", closing_note="지붕·보일러 수리 마침"),
            "seo": _case(session, seo, today, d(("found_on", 15), ("counselled_on", 14), ("received_on", 12))),
            "lim": _case(session, lim, today, d(("found_on", 25), ("counselled_on", 24), ("received_on", 22),
                                                 ("assessed_on", 15))),
        }
        old_closed = years_ago(today, 6)
        cases["cho"] = CaseRecord(id=new_uuid(), client_id=cho.id, worker="admin", found_on=old_closed - timedelta(days=90),
                                  received_on=old_closed - timedelta(days=85), closed_on=old_closed,
                                  closing_reason="goal_met", crisis_level="low")
        session.add(cases["cho"])
        session.flush()
        kim_case, han_case = cases["kim"], cases["han"]
        session.add_all([
            CasePlanItem(case_record_id=kim_case.id, what="노인맞춤돌봄서비스 연계", who="햇살군 노인복지관",
                         due_on=today - timedelta(days=30), done_on=today - timedelta(days=33)),
            CasePlanItem(case_record_id=kim_case.id, what="난방비 긴급지원 신청", who="맞춤형복지팀", due_on=today + timedelta(days=7)),
            CasePlanItem(case_record_id=han_case.id, what="방문 목욕 연계", who="햇살 재가노인복지센터", due_on=today - timedelta(days=10)),
            CaseCheck(case_record_id=kim_case.id, checked_on=today - timedelta(days=25), note="도시락 잘 받고 계심",
                      next_check_on=today + timedelta(days=5)),
            CaseCheck(case_record_id=han_case.id, checked_on=today - timedelta(days=16), note="목욕 대기 중",
                      next_check_on=today - timedelta(days=2)),
        ])
        _conferences(session, today, cases, people)
        _refer(session, kim, "도시락 배달", 40, "providing", today, kim_case, reason="끼니 거름", service_requested="평일 점심 도시락")
        _refer(session, kim, "노인맞춤돌봄서비스", 38, "accepted", today, kim_case, reason="안부 확인 필요",
               service_requested="주 1회 방문")
        _refer(session, lee, "노인맞춤돌봄서비스", 12, "requested", today, cases["lee"], reason="배우자 돌봄 부담",
               service_requested="돌봄 상담")
        _refer(session, choi, "도시락 배달", 3, "requested", today, cases["choi"], reason="식사 거름", service_requested="도시락")
        _refer(session, oh, "집수리 (주거환경 개선)", 60, "declined", today, cases["oh"], reason="지붕 누수",
               service_requested="지붕 수리", decline_reason="full", result="올해 정원이 찼음")
        _refer(session, lim, "집수리 (주거환경 개선)", 14, "waiting", today, cases["lim"], reason="곰팡이",
               service_requested="도배·단열")
        _refer(session, han, "방문 목욕", 24, "completed", today, han_case, reason="혼자 목욕 어려움",
               service_requested="주 1회 방문 목욕", result="장기요양 등급 받아 계약으로 전환")


def years_ago(day: date, years: int) -> date:
    return day.replace(year=day.year - years, day=min(day.day, 28))


def _conferences(session: Session, today: date, cases: dict[str, CaseRecord], people: list[Client]) -> None:
    pledged = list(session.scalars(select(Member).where(Member.pledge_on.is_not(None), Member.deleted_at.is_(None))
                                   .order_by(Member.name).limit(3)))
    plans = (
        (today - timedelta(days=45), "햇살면 행정복지센터 2층 회의실", ("kim",)),
        (today - timedelta(days=17), "햇살면 행정복지센터 2층 회의실", ("choi", "han")),
    )
    agency = {"kim": "통합사례관리로 진행. 도시락과 돌봄 연계, 난방비 긴급지원 검토",
              "choi": "절주 상담과 식사 지원이 먼저. 정신건강복지센터 상담 연계 검토",
              "han": "방문 목욕 연계, 장기요양 등급 신청 안내"}
    decisions = {"kim": "integrated", "choi": "integrated", "han": "linkage"}
    welfare = _org(session, "햇살군 노인복지관")
    mental = _org(session, "햇살군 정신건강복지센터")
    for held_on, place, keys in plans:
        conference = CaseConference(id=new_uuid(), held_on=held_on, place=place, note="")
        session.add(conference)
        session.flush()
        attendees = [ConferenceAttendee(id=new_uuid(), conference_id=conference.id, kind="member", member_id=m.id)
                     for m in pledged if m.pledge_on is not None and m.pledge_on <= held_on]
        attendees.append(ConferenceAttendee(id=new_uuid(), conference_id=conference.id, kind="host",
                                            person_name="이민지", position="맞춤형복지팀 주무관"))
        attendees.append(ConferenceAttendee(id=new_uuid(), conference_id=conference.id, kind="agency",
                                            organization_id=welfare, person_name="송하늘", position="사회복지사"))
        session.add_all(attendees)
        session.flush()
        for key in keys:
            case = cases[key]
            discussion = ConferenceCase(id=new_uuid(), conference_id=conference.id, case_record_id=case.id,
                                        summary=agency[key], decision=decisions[key],
                                        next_check_on=held_on + timedelta(days=30))
            session.add(discussion)
            session.flush()
            session.add(ConferenceRole(conference_case_id=discussion.id,
                                       organization_id=mental if key == "choi" else welfare,
                                       person_name="송하늘" if key != "choi" else "", service=agency[key].split(".")[0][:60],
                                       due_on=held_on + timedelta(days=14)))
            # The 노인복지관's worker stays only where the person consented to it.
            for attendee in attendees:
                if attendee.kind == "agency" and provision_consent(
                        session, case.client_id, organization_id=attendee.organization_id, on=held_on) is None:
                    session.add(ConferenceLeave(conference_case_id=discussion.id, attendee_id=attendee.id))
