"""A year of meetings of the demo council (``build_demo_meetings``, after ``app.demo.build_demo``).

Quarterly 정기회의, one 임시회의 and a 노인분과 meeting, with attendance, 배석, items,
votes that respect the rules, follow-ups (some done, some open, one overdue), minutes
approved at the next meeting, the latest minutes still a draft, and a planned meeting
next week whose agenda reports the open follow-ups. Built through the services, so the
demo obeys every rule the app enforces. Dates are relative to ``today``.
"""
from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select

from app.meetings.actions import ActionData, add_action_item, add_follow_up_report, set_action_status
from app.meetings.agenda import ItemData, ResultData, add_agenda_item, record_discussion, record_result, set_recusals
from app.meetings.meetings import (
    AttendanceEntry, GuestData, MeetingData, add_guest, create_meeting, mark_meeting_held, record_attendance,
)
from app.meetings.minutes import approve_minutes
from db.models import Subcommittee
from db.session import Database

PLACE = "햇살면 행정복지센터 2층 회의실"
SECRETARY = "이민지"
CHAIR = "김정호"

# (days before today, kind, items): each item is (kind, title, proposer, explanation, discussion, result)
_PLAN = (
    (330, "regular", (
        ("report", "2025년 협의체 활동 결과 보고", "간사",
         "1. 발굴 실적: 위기가구 42가구 발굴, 31가구 연계\n2. 특화사업: 홀몸어르신 안부 확인 사업 120가구", "", None),
        ("resolution", "2026년 협의체 운영계획(안)", "간사",
         "1. 정기회의: 분기 1회(3·6·9·12월)\n2. 분과 활동: 5개 분과 월 1회 이상\n3. 위원 교육: 연 2회",
         "분과 활동 보고를 정기회의 안건으로 올리자는 의견이 있었음.", "passed"),
        ("resolution", "2026년 특화사업 「따뜻한 밥상」 추진계획(안)", "저소득·주거분과장",
         "1. 대상: 결식 우려 홀몸어르신 30명\n2. 내용: 주 2회 반찬 배달\n3. 예산: 3,600천원(후원금)",
         "배달 요일을 화·금으로 하고 자원봉사회와 협력하기로 함.", "amended"),
    )),
    (240, "regular", (
        ("report", "1분기 위기가구 발굴 및 연계 현황 보고", "간사",
         "1. 발굴 14가구(노인 8, 장애 3, 아동 3)\n2. 연계 11가구, 사례관리 의뢰 2가구", "", None),
        ("resolution", "명예사회복지공무원 추가 위촉 추천(안)", "공동위원장(민간)",
         "1. 추천 인원: 이장 3명, 부녀회원 2명\n2. 활동: 마을 위기가구 발굴", "", "passed"),
        ("discussion", "여름철 폭염 대비 취약계층 지원 방안", "위원 전원",
         "폭염 특보 시 홀몸어르신 안부 확인 방법을 논의함.", "경로당 무더위 쉼터 운영 시간 연장을 건의하기로 함.", None),
    )),
    (200, "extraordinary", (
        ("resolution", "수해 피해 가구 긴급 지원(안)", "공동위원장(공공)",
         "1. 대상: 하촌리 침수 피해 7가구\n2. 지원: 가구당 생필품 세트와 성금 300천원",
         "피해 조사 결과에 따라 대상이 늘면 위원장에게 위임하기로 함.", "passed"),
    )),
    (150, "regular", (
        ("report", "상반기 특화사업 추진 실적 보고", "간사", "「따뜻한 밥상」 30명에게 48회 배달", "", None),
        ("resolution", "지역자원 발굴 협약 체결(안): 햇살농협", "간사",
         "1. 내용: 명절 농산물 꾸러미 후원\n2. 기간: 협약일부터 2년", "", "passed"),
        ("resolution", "위원 워크숍 개최(안)", "간사", "1박 2일, 외부 강사 초청", "예산 사정으로 다음 해에 다시 논의하기로 함.", "deferred"),
    )),
    (60, "regular", (
        ("report", "3분기 위기가구 발굴 및 연계 현황 보고", "간사",
         "1. 발굴 19가구\n2. 연계 15가구\n3. 긴급지원 의뢰 2가구", "", None),
        ("resolution", "연말연시 이웃돕기 모금 계획(안)", "공동위원장(민간)",
         "1. 기간: 12. 1. ~ 1. 31.\n2. 목표: 5,000천원", "", "passed"),
        ("resolution", "협의체 위원 활동비 지급 기준 변경(안)", "위원",
         "회의 참석 수당을 1회 30천원에서 50천원으로 올리는 안", "재원 확보 방안이 없다는 의견이 많았음.", "rejected"),
    )),
)


def _tuesday_on_or_before(day: date) -> date:
    return day - timedelta(days=(day.weekday() - 1) % 7)


def build_demo_meetings(db: Database, today: date, seed: int = 2026) -> list[str]:
    """Add the demo meetings to a database that holds the demo council; returns their ids."""
    rng = random.Random(seed)
    held: list[str] = []
    held_dates: list[date] = []
    for days_before, kind, items in _PLAN:
        held_on = _tuesday_on_or_before(today - timedelta(days=days_before))
        notice_on = held_on - timedelta(days=2 if kind == "extraordinary" else 7)
        detail = create_meeting(db.uow(), MeetingData(
            kind=kind, held_on=held_on, start_time="14:00", place=PLACE, notice_on=notice_on,
            urgent=kind == "extraordinary", recorder=SECRETARY,
            title="수해 긴급 지원" if kind == "extraordinary" else ""), today)
        meeting_id = detail.meeting.id
        if held:
            # Each meeting approves the previous minutes and hears the open follow-ups.
            _try_follow_up_report(db, meeting_id, today)
        _attend(db, meeting_id, detail.roster, rng, today)
        add_guest(db.uow(), meeting_id, GuestData("박민수", "햇살군 희망복지지원단", "주무관", "official"))
        present = sum(1 for r in _roster(db, meeting_id, today) if r.status == "present")
        for index, (item_kind, title, proposer, explanation, discussion, result) in enumerate(items):
            item = add_agenda_item(db.uow(), meeting_id, ItemData(item_kind, title, proposer, explanation), today)
            if discussion:
                record_discussion(db.uow(), item.id, discussion, today)
            if result is not None:
                recused = 0
                if "농협" in title:
                    member = next((r for r in _roster(db, meeting_id, today)
                                   if r.status == "present" and "농협" in r.affiliation), None)
                    if member is not None:
                        set_recusals(db.uow(), item.id, [(member.member_id, "협약 상대 기관 소속")], today)
                        recused = 1
                record_result(db.uow(), item.id, _votes(result, present - recused, rng), today)
                if result in ("passed", "amended"):
                    due = held_on + timedelta(days=30 + 15 * index)
                    action = add_action_item(db.uow(), item.id, ActionData(
                        f"{title.split('(')[0].strip()} 후속 추진", SECRETARY if index % 2 else "공동위원장(민간)",
                        due), today)
                    if due < today - timedelta(days=20):
                        set_action_status(db.uow(), action.id, "done", today, done_on=due - timedelta(days=3),
                                          progress_note="계획대로 완료")
        mark_meeting_held(db.uow(), meeting_id, "15:30" if len(items) > 1 else "14:50", today,
                          other_business="다음 회의 일정은 간사가 위원들과 조율하여 알리기로 함.")
        if held:
            approve_minutes(db.uow(), held[-1], CHAIR, held_on, today, at_meeting_id=meeting_id)
        held.append(meeting_id)
        held_dates.append(held_on)
    held.extend(_subcommittee_meeting(db, today, rng))
    # Next week's meeting, called with proper notice, with the open follow-ups on its agenda.
    upcoming_on = _tuesday_on_or_before(today + timedelta(days=13))
    upcoming = create_meeting(db.uow(), MeetingData(
        kind="regular", held_on=upcoming_on, start_time="14:00", place=PLACE, notice_on=today,
        recorder=SECRETARY), today)
    _try_follow_up_report(db, upcoming.meeting.id, today)
    add_agenda_item(db.uow(), upcoming.meeting.id, ItemData(
        "resolution", f"{upcoming_on.year + 1}년 협의체 운영계획(안)", "간사",
        "1. 정기회의: 분기 1회\n2. 특화사업: 「따뜻한 밥상」 계속 추진\n3. 위원 교육: 연 2회"), today)
    add_agenda_item(db.uow(), upcoming.meeting.id, ItemData(
        "discussion", "겨울철 한파 대비 취약계층 보호 방안", "위원 전원", "난방비 지원과 안부 확인 체계를 논의함."), today)
    held.append(upcoming.meeting.id)
    return held


def _roster(db: Database, meeting_id: str, today: date):
    from app.meetings.meetings import meeting_roster

    return meeting_roster(db.uow(), meeting_id)


def _attend(db: Database, meeting_id: str, roster, rng: random.Random, today: date) -> None:
    entries = []
    for row in roster:
        roll = rng.random()
        if row.role != "member" or roll < 0.72:
            status = "present"
        elif roll < 0.88:
            status = "excused"
        else:
            status = "absent"
        entries.append(AttendanceEntry(row.member_id, status, "개인 사정" if status == "excused" else ""))
    record_attendance(db.uow(), meeting_id, entries, today)


def _votes(result: str, eligible: int, rng: random.Random) -> ResultData:
    if result == "deferred":
        return ResultData("deferred", note="다음 회의에서 다시 논의")
    if result == "rejected":
        yes = eligible // 2 - 2
        no = eligible - yes - 1
        return ResultData("rejected", yes, no, 1)
    no = rng.randint(0, 2)
    abstain = rng.randint(0, 1)
    note = "배달 요일을 화·금으로 수정" if result == "amended" else ""
    return ResultData(result, eligible - no - abstain, no, abstain, note=note)


def _try_follow_up_report(db: Database, meeting_id: str, today: date) -> None:
    from app.errors import InputRefused

    try:
        add_follow_up_report(db.uow(), meeting_id, today)
    except InputRefused:
        pass  # nothing open: no report item


def _subcommittee_meeting(db: Database, today: date, rng: random.Random) -> list[str]:
    with db.session_factory() as session:
        sub_id = session.scalar(select(Subcommittee.id).where(Subcommittee.name == "노인분과"))
    if sub_id is None:
        return []
    held_on = _tuesday_on_or_before(today - timedelta(days=100)) + timedelta(days=2)
    detail = create_meeting(db.uow(), MeetingData(
        kind="subcommittee", subcommittee_id=sub_id, held_on=held_on, start_time="10:00",
        place="햇살노인복지관 상담실", notice_on=held_on - timedelta(days=6), recorder=SECRETARY), today)
    meeting_id = detail.meeting.id
    record_attendance(db.uow(), meeting_id, [AttendanceEntry(r.member_id, "present") for r in detail.roster], today)
    item = add_agenda_item(db.uow(), meeting_id, ItemData(
        "discussion", "홀몸어르신 안부 확인 대상 조정", "분과장",
        "1. 현재 대상 45명\n2. 신규 추천 6명, 전출·사망 3명"), today)
    record_discussion(db.uow(), item.id, "신규 추천 6명을 모두 포함하고 방문 주기를 월 2회로 하기로 함.", today)
    add_action_item(db.uow(), item.id, ActionData("안부 확인 대상 명단 갱신", "강미경", held_on + timedelta(days=14)), today)
    mark_meeting_held(db.uow(), meeting_id, "11:00", today)
    return [meeting_id]
