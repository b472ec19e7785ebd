"""The demo's joint projects and plan items of 햇살면: a few 특화사업 and 공동사업 run with
organizations of the demo directory over the last two years (so the network map shows a
change between this year and last), each passing the area's rules as a typed entry would.
"""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from app.network.rules import PartnerData, PlanItemData, ProjectData, clean_plan_item, clean_project
from app.network.rules import validate_plan_item, validate_project
from app.security.permissions import Permission, require
from db.base import new_uuid
from db.models import Subcommittee
from db.network_models import JointProject, JointProjectPartner, PlanItem
from db.resource_models import Organization
from db.session import Database

# title, subcommittee, status, year offset from today's year
_PLAN: tuple[tuple[str, str, str, int], ...] = (
    ("홀몸어르신 안부 확인망 구축", "노인분과", "running", 0),
    ("방과후 돌봄 공백 해소", "아동·청소년분과", "planned", 0),
    ("주거취약가구 집수리 지원", "저소득·주거분과", "evaluated", -1),
)

# name, kind, subcommittee, plan title or "", start (days before today), length in days or None,
# budget, spending, beneficiaries, partners (organization, role), progress, result
_PROJECTS: tuple[tuple, ...] = (
    ("행복 도시락 나눔", "special", "노인분과", "홀몸어르신 안부 확인망 구축", 200, None, 12_000_000, 7_400_000, 48,
     (("햇살면 행정복지센터", "주관"), ("햇살 지역자활센터", "도시락 제조"), ("햇살면 자원봉사회", "배달"),
      ("햇살우체국", "안부 확인")), "주 3회 도시락 배달과 안부 확인을 하고 있습니다.", ""),
    ("사랑의 집수리", "joint", "저소득·주거분과", "주거취약가구 집수리 지원", 520, 240, 8_000_000, 7_950_000, 12,
     (("햇살 사랑의 집수리 봉사단", "시공"), ("햇살 지역자활센터", "자재"), ("햇살농협", "후원")),
     "전기·보일러 수리를 마쳤습니다.", "12가구 주거환경 개선"),
    ("마을 돌봄 교실", "joint", "아동·청소년분과", "", 120, None, 3_000_000, 900_000, 25,
     (("햇살면 지역아동센터", "운영"), ("햇살초등학교", "장소"), ("햇살면 작은도서관", "독서 지도")),
     "방학 중 돌봄 교실을 열었습니다.", ""),
    ("찾아가는 건강 체조", "special", "보건·의료분과", "", 430, 300, 2_500_000, 2_500_000, 60,
     (("햇살면 보건지소", "주관"), ("햇살면 노인회 분회", "경로당 연계")), "", "경로당 5곳 주 1회 운영"),
)


def build_demo_network(db: Database, today: date) -> None:
    """Add the demo plan items and projects in one transaction (after the directory and
    the subcommittees, which they name)."""
    require(db.actor, Permission.NETWORK_EDIT)
    with db.session_factory.begin() as session:
        session.info.update(db.session_factory.kw.get("info", {}))
        subs = dict(session.execute(select(Subcommittee.name, Subcommittee.id)).all())
        orgs = dict(session.execute(select(Organization.name, Organization.id)).all())
        plans: dict[str, str] = {}
        for title, sub, status, offset in _PLAN:
            data = clean_plan_item(PlanItemData(title, today.year + offset, subs.get(sub), status))
            assert not validate_plan_item(data), title
            plans[title] = new_uuid()
            session.add(PlanItem(id=plans[title], **vars(data)))
        session.flush()
        for (name, kind, sub, plan, days, length, budget, spending, people, partners,
             progress, result) in _PROJECTS:
            start = today - timedelta(days=days)
            data = clean_project(ProjectData(
                name=name, kind=kind, start_on=start, end_on=start + timedelta(days=length) if length else None,
                subcommittee_id=subs.get(sub), plan_item_id=plans.get(plan), budget=budget, spending=spending,
                beneficiaries=people, progress_note=progress, result=result,
                partners=tuple(PartnerData(orgs[org], role) for org, role in partners if org in orgs)))
            assert not validate_project(data), name
            row = JointProject(id=new_uuid(), **{k: v for k, v in vars(data).items() if k != "partners"})
            session.add(row)
            session.flush()
            for partner in data.partners:
                session.add(JointProjectPartner(joint_project_id=row.id, organization_id=partner.organization_id,
                                                role=partner.role))
