"""A realistic fictional 면 council for trying CouncilDesk (``councildesk demo``).

Names, phones and affiliations are invented. The history is relative to ``today`` so
the demo always shows terms about to end, dismissals and reappointments.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from app.dates import add_years, term_end_for
from app.members import MemberData, MemberView, TermData, _member_view, add_member_in_session
from app.subcommittees import SubcommitteeData
from db.models import MemberTerm, Subcommittee, SubcommitteeMembership
from db.session import Database

DEMO_COUNCIL_CODE = "4377034000"
DEMO_COUNCIL_NAME = "햇살면 지역사회보장협의체"
# Documented in the README: one account per role, all with this password (demo only).
DEMO_PASSWORD = "demo1234!"
DEMO_ACCOUNTS: tuple[tuple[str, str, str], ...] = (
    ("ganse", "이민지", "coordinator"),
    ("sarye", "강미경", "case_worker"),
    ("wiwon", "홍길동", "viewer"),
)


def add_demo_accounts(db: Database, password: str = DEMO_PASSWORD) -> None:
    """One account for each role besides the administrator, for trying permissions."""
    from app.security.accounts import NewAccount, create_account

    for username, display_name, role in DEMO_ACCOUNTS:
        create_account(db, NewAccount(username, password, display_name, role))


@dataclass(frozen=True)
class DemoPerson:
    name: str
    sex: str
    birth_year: int
    affiliation: str
    position: str
    kind: str
    category: int
    role: str = "member"


PEOPLE: tuple[DemoPerson, ...] = (
    DemoPerson("김정호", "M", 1968, "햇살면 행정복지센터", "면장", "ex_officio", 2, "co_chair_public"),
    DemoPerson("박순자", "F", 1959, "햇살면 새마을부녀회", "회장", "appointed", 6, "co_chair_private"),
    DemoPerson("이민지", "F", 1991, "햇살면 행정복지센터", "맞춤형복지팀 주무관", "ex_officio", 2, "secretary"),
    DemoPerson("홍길동", "M", 1962, "상촌리", "이장", "appointed", 5),
    DemoPerson("최영희", "F", 1966, "하촌리", "이장", "appointed", 5),
    DemoPerson("정대현", "M", 1970, "햇살지역아동센터", "센터장", "appointed", 1),
    DemoPerson("강미경", "F", 1975, "햇살노인복지관", "사회복지사", "appointed", 1),
    DemoPerson("조성민", "M", 1958, "햇살면 주민자치회", "위원", "appointed", 6),
    DemoPerson("윤하늘", "F", 1983, "햇살보건지소", "간호사", "appointed", 1),
    DemoPerson("장석진", "M", 1955, "햇살교회", "목사", "appointed", 3),
    DemoPerson("임수정", "F", 1972, "햇살면 자원봉사회", "총무", "appointed", 6),
    DemoPerson("한동수", "M", 1964, "중촌리", "이장", "appointed", 5),
    DemoPerson("오은주", "F", 1980, "햇살초등학교", "교사", "appointed", 7),
    DemoPerson("서재훈", "M", 1977, "햇살농협", "과장", "appointed", 3),
    DemoPerson("신혜원", "F", 1969, "햇살면 생활개선회", "회장", "appointed", 6),
    DemoPerson("권태호", "M", 1961, "신기리", "이장", "appointed", 5),
    DemoPerson("황보미", "F", 1987, "지역자활센터", "팀장", "appointed", 1),
    DemoPerson("안상철", "M", 1953, "햇살면 노인회", "분회장", "appointed", 7),
    DemoPerson("송지아", "F", 1994, "햇살면 행정복지센터", "주무관", "ex_officio", 2),
    DemoPerson("류경민", "M", 1973, "햇살의용소방대", "대장", "appointed", 3),
    DemoPerson("전미숙", "F", 1965, "햇살약국", "약사", "appointed", 7),
    DemoPerson("고영수", "M", 1960, "평촌리", "이장", "appointed", 5),
    DemoPerson("문선영", "F", 1978, "햇살면 바르게살기위원회", "위원", "appointed", 6),
    DemoPerson("배준호", "M", 1982, "햇살청년회", "회장", "appointed", 7),
    DemoPerson("남궁연", "F", 1971, "한마음복지재단", "사무국장", "appointed", 1),
    DemoPerson("유재석", "M", 1950, "햇살면 노인회", "전 분회장", "appointed", 7),
    DemoPerson("노은비", "F", 1985, "햇살어린이집", "원장", "appointed", 1),
)

SUBCOMMITTEES = (
    SubcommitteeData("노인분과", "홀몸어르신 안부 확인과 경로당 연계", ("welfare", "health")),
    SubcommitteeData("아동·청소년분과", "방과후 돌봄과 결식아동 지원", ("welfare", "education")),
    SubcommitteeData("저소득·주거분과", "주거환경 개선과 긴급 생계지원 발굴", ("housing", "welfare", "employment")),
    SubcommitteeData("보건·의료분과", "만성질환 어르신 방문건강관리 연계", ("health",)),
    SubcommitteeData("문화·여가분과", "마을 나들이와 문화 프로그램", ("culture", "sports", "tourism")),
)


def _phone(rng: random.Random) -> str:
    return f"010-{rng.randint(2000, 9999)}-{rng.randint(1000, 9999)}"


def build_demo(db: Database, today: date, seed: int = 2026) -> None:
    """Fill an empty database with the demo council. One transaction."""
    rng = random.Random(seed)
    with db.session_factory.begin() as session:
        session.info.update(db.session_factory.kw.get("info", {}))
        members = []
        for index, person in enumerate(PEOPLE):
            # Stagger terms so some end soon, some were reappointed, some dismissed.
            first_start = add_years(today, -4) + timedelta(days=30 * (index % 12))
            if person.kind == "ex_officio":
                term = TermData(start_on=add_years(today, -1) - timedelta(days=20 * index), end_on=None)
            else:
                term = TermData(start_on=first_start, end_on=term_end_for(first_start),
                                recommended_on=first_start - timedelta(days=14))
            data = MemberData(
                name=person.name, sex=person.sex, kind=person.kind, category=person.category,
                role=person.role, birth_date=date(person.birth_year, rng.randint(1, 12), rng.randint(1, 28)),
                affiliation=person.affiliation, position=person.position, phone=_phone(rng),
                honorary_official=index % 4 == 1,
                pledge_on=term.start_on if index % 3 else None,
                consent_on=term.start_on,
            )
            member = add_member_in_session(session, data, term, term.start_on)
            members.append(member)
            if person.kind == "appointed":
                _extend_history(session, member.id, term, index, today)
        session.flush()
        views = []
        for member in members:
            session.refresh(member)
            views.append(_member_view(member, today))
        for index, spec in enumerate(SUBCOMMITTEES):
            founded = add_years(today, -3) + timedelta(days=7 * index)
            row = Subcommittee(name=spec.name, description=spec.description,
                               service_areas=",".join(spec.service_areas), founded_on=founded)
            session.add(row)
            session.flush()
            seated = [views[(index * 5 + k) % len(views)] for k in range(5)]
            row.lead_member_id = next(v.id for v in seated if v.is_active)
            for k, view in enumerate(seated):
                joined = max(founded + timedelta(days=k), view.first_appointed_on or founded)
                left = today - timedelta(days=90) if k == 4 and index % 2 else None
                left = _earliest(left, _left_office_on(view, today))
                session.add(SubcommitteeMembership(subcommittee_id=row.id, member_id=view.id,
                                                   joined_on=joined, left_on=left))
        founded, closed_on = add_years(today, -4), add_years(today, -2)
        closed = Subcommittee(name="코로나19 대응분과", description="2022년 방역 물품 전달 (활동 종료)",
                              service_areas="health,welfare", founded_on=founded, closed_on=closed_on)
        session.add(closed)
        session.flush()
        for view in (views[3], views[6], views[9]):
            # A closed subcommittee keeps its history: seats that ended when it closed.
            session.add(SubcommitteeMembership(subcommittee_id=closed.id, member_id=view.id,
                                               joined_on=max(founded, view.first_appointed_on or founded),
                                               left_on=closed_on))


def _earliest(*days: date | None) -> date | None:
    known = [d for d in days if d is not None]
    return min(known) if known else None


def _left_office_on(view: MemberView, today: date) -> date | None:
    """The first day out of office of a member who is no longer in office, else None."""
    started = [t for t in view.terms if t.start_on <= today]
    if view.in_office_on(today) or not started:
        return None
    last = started[-1].last_day
    return None if last is None else last + timedelta(days=1)


def _extend_history(session, member_id: str, first: TermData, index: int, today: date) -> None:
    """Add the later terms of a member's history after the first term."""
    assert first.end_on is not None
    next_start = first.end_on + timedelta(days=1)
    if index in (24, 25):
        # Dismissed or resigned during the first term.
        term = session.query(MemberTerm).filter_by(member_id=member_id).one()
        term.ended_on = min(first.start_on + timedelta(days=400 + index), first.end_on)
        term.end_reason = "resigned" if index == 24 else "dismissed"
        term.end_note = "개인 사정으로 사임" if index == 24 else "장기 불참(6개월 이상)으로 해촉"
        return
    if index == 26:
        return  # first term simply expired, not reappointed
    if next_start <= today:
        session.add(MemberTerm(member_id=member_id, start_on=next_start, end_on=term_end_for(next_start),
                               recommended_on=next_start - timedelta(days=10), end_note=""))


DEMO_APPOINTING_AUTHORITY = "햇살군수"


def set_demo_issuer(db: Database, today: date) -> None:
    """The demo county's 위촉권자, so the demo's 위촉장 print (a real council enters its own)."""
    from app.settings import set_appointing_authority

    set_appointing_authority(db.uow(), DEMO_APPOINTING_AUTHORITY)


def build_demo_areas(db: Database, today: date) -> None:
    """The whole demo council: each area's demo builder from the registry, in area order
    (members first: later areas build on them)."""
    from app.areas import AREAS, load

    set_demo_issuer(db, today)
    for area in AREAS:
        if area.demo_builder:
            load(area.demo_builder)(db, today)
