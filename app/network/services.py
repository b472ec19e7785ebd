"""Services of the Network area: joint projects (with their partner organizations) and plan
items (with the meeting decisions they are tied to) created, changed, listed and removed.

Each takes a unit of work, checks a permission first, runs in one transaction and returns
frozen views. The rules live in ``app.network.rules``; the map in ``app.network.graph``.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import FieldError, InputRefused, NotFound, ValidationFailed
from app.network.graph import NetworkMap, network_map
from app.network.layout import FORCE, Layout, layout
from app.network.rules import (PlanItemData, ProjectData, clean_plan_item, clean_project, validate_plan_item,
                               validate_project)
from app.network.views import DecisionView, PartnerView, PlanItemView, ProjectView
from app.security.permissions import Permission, require
from db.base import utc_now
from db.meeting_models import AgendaItem, Meeting
from db.models import Subcommittee
from db.network_models import JointProject, JointProjectPartner, PlanItem, PlanItemDecision
from db.resource_models import Organization
from db.session import UnitOfWork


def _raise_if(errors: list[FieldError]) -> None:
    if errors:
        raise ValidationFailed(errors)


def _live(model):  # type: ignore[no-untyped-def]
    return model.deleted_at.is_(None)


def _names(session: Session, model, ids: set[str]) -> dict[str, str]:  # type: ignore[no-untyped-def]
    ids = {i for i in ids if i}
    if not ids:
        return {}
    column = model.title if model is PlanItem else model.name
    return dict(session.execute(select(model.id, column).where(model.id.in_(ids))).all())


# ---------------------------------------------------------------- joint projects

def _load_project(session: Session, project_id: str) -> JointProject:
    row = session.get(JointProject, project_id) if project_id else None
    if row is None or row.deleted_at is not None:
        raise NotFound("project_not_found", id=project_id)
    return row


def _project_views(session: Session, rows: list[JointProject]) -> list[ProjectView]:
    """Views of ``rows`` with their partners, subcommittees and plan items in three queries."""
    ids = [r.id for r in rows]
    partners: dict[str, list[PartnerView]] = defaultdict(list)
    if ids:
        query = (select(JointProjectPartner.joint_project_id, Organization.id, Organization.name, Organization.sector,
                        JointProjectPartner.role)
                 .join(Organization, Organization.id == JointProjectPartner.organization_id)
                 .where(JointProjectPartner.joint_project_id.in_(ids), _live(JointProjectPartner))
                 .order_by(Organization.name, Organization.id))
        for project_id, org_id, name, sector, role in session.execute(query):
            partners[project_id].append(PartnerView(org_id, name, sector, role))
    subs = _names(session, Subcommittee, {r.subcommittee_id or "" for r in rows})
    plans = _names(session, PlanItem, {r.plan_item_id or "" for r in rows})
    return [ProjectView(
        id=r.id, name=r.name, kind=r.kind, subcommittee_id=r.subcommittee_id,
        subcommittee_name=subs.get(r.subcommittee_id or "", ""), plan_item_id=r.plan_item_id,
        plan_title=plans.get(r.plan_item_id or "", ""), start_on=r.start_on, end_on=r.end_on, budget=r.budget,
        spending=r.spending, beneficiaries=r.beneficiaries, progress_note=r.progress_note, result=r.result,
        partners=tuple(partners.get(r.id, ()))) for r in rows]


def _check_references(session: Session, data: ProjectData) -> None:
    if data.subcommittee_id is not None:
        sub = session.get(Subcommittee, data.subcommittee_id)
        if sub is None or sub.deleted_at is not None:
            raise NotFound("subcommittee_not_found", id=data.subcommittee_id)
    if data.plan_item_id is not None:
        _load_plan_item(session, data.plan_item_id)
    wanted = {p.organization_id for p in data.partners}
    if wanted:
        found = set(session.scalars(select(Organization.id).where(Organization.id.in_(wanted), _live(Organization))))
        missing = sorted(wanted - found)
        if missing:
            raise InputRefused("partner_unknown", id=missing[0])


def _check_project_name(session: Session, data: ProjectData, exclude_id: str | None) -> None:
    assert data.start_on is not None
    same = session.scalars(select(JointProject.start_on).where(
        JointProject.name == data.name, _live(JointProject), JointProject.id != (exclude_id or "")))
    if any(day.year == data.start_on.year for day in same):
        raise InputRefused("duplicate_project", name=data.name)


def _set_partners(session: Session, project_id: str, data: ProjectData) -> None:
    """Partners as chosen: removed ones tombstoned, kept ones updated, new ones added."""
    current = {p.organization_id: p for p in session.scalars(select(JointProjectPartner).where(
        JointProjectPartner.joint_project_id == project_id, _live(JointProjectPartner)))}
    wanted = {p.organization_id: p for p in data.partners}
    for org_id, row in current.items():
        if org_id not in wanted:
            row.deleted_at = utc_now()
        elif row.role != wanted[org_id].role:
            row.role = wanted[org_id].role
    for org_id, partner in wanted.items():
        if org_id not in current:
            session.add(JointProjectPartner(joint_project_id=project_id, organization_id=org_id, role=partner.role))


def _stored(data: ProjectData) -> dict[str, object]:
    return {name: getattr(data, name) for name in (
        "name", "kind", "start_on", "end_on", "subcommittee_id", "plan_item_id", "budget", "spending",
        "beneficiaries", "progress_note", "result")}


def create_project(uow: UnitOfWork, data: ProjectData) -> ProjectView:
    require(uow.actor, Permission.NETWORK_EDIT)
    data = clean_project(data)
    _raise_if(validate_project(data))
    with uow:
        _check_references(uow.session, data)
        _check_project_name(uow.session, data, None)
        row = JointProject(**_stored(data))
        uow.session.add(row)
        uow.session.flush()
        _set_partners(uow.session, row.id, data)
        uow.session.flush()
        view = _project_views(uow.session, [row])[0]
        uow.commit()
        return view


def update_project(uow: UnitOfWork, project_id: str, data: ProjectData) -> ProjectView:
    require(uow.actor, Permission.NETWORK_EDIT)
    data = clean_project(data)
    _raise_if(validate_project(data))
    with uow:
        row = _load_project(uow.session, project_id)
        _check_references(uow.session, data)
        _check_project_name(uow.session, data, project_id)
        for name, value in _stored(data).items():
            if getattr(row, name) != value:
                setattr(row, name, value)
        _set_partners(uow.session, row.id, data)
        uow.session.flush()
        view = _project_views(uow.session, [row])[0]
        uow.commit()
        return view


def delete_project(uow: UnitOfWork, project_id: str) -> None:
    """Removed (a tombstone that travels by sync), with its partner rows."""
    require(uow.actor, Permission.NETWORK_EDIT)
    with uow:
        row = _load_project(uow.session, project_id)
        now = utc_now()
        row.deleted_at = now
        for partner in uow.session.scalars(select(JointProjectPartner).where(
                JointProjectPartner.joint_project_id == project_id, _live(JointProjectPartner))):
            partner.deleted_at = now
        uow.session.flush()
        uow.commit()


def get_project(uow: UnitOfWork, project_id: str) -> ProjectView:
    require(uow.actor, Permission.NETWORK_READ)
    with uow:
        return _project_views(uow.session, [_load_project(uow.session, project_id)])[0]


def projects_in(session: Session, start: date | None = None, end: date | None = None) -> list[ProjectView]:
    """Projects running at some time in ``start``..``end`` (all without a period), newest
    first; for the services here and the reports, inside their own transaction."""
    query = select(JointProject).where(_live(JointProject))
    if end is not None:
        query = query.where(JointProject.start_on <= end)
    if start is not None:
        query = query.where((JointProject.end_on.is_(None)) | (JointProject.end_on >= start))
    rows = list(session.scalars(query.order_by(JointProject.start_on.desc(), JointProject.name, JointProject.id)))
    return _project_views(session, rows)


def list_projects(uow: UnitOfWork, start: date | None = None, end: date | None = None) -> list[ProjectView]:
    require(uow.actor, Permission.NETWORK_READ)
    with uow:
        return projects_in(uow.session, start, end)


# ---------------------------------------------------------------- plan items

def _load_plan_item(session: Session, item_id: str) -> PlanItem:
    row = session.get(PlanItem, item_id) if item_id else None
    if row is None or row.deleted_at is not None:
        raise NotFound("plan_item_not_found", id=item_id)
    return row


def _plan_views(session: Session, rows: list[PlanItem]) -> list[PlanItemView]:
    ids = [r.id for r in rows]
    decisions: dict[str, list[DecisionView]] = defaultdict(list)
    projects: dict[str, list[str]] = defaultdict(list)
    if ids:
        query = (select(PlanItemDecision.plan_item_id, AgendaItem.id, AgendaItem.title, Meeting.title, Meeting.year,
                        Meeting.number, Meeting.held_on)
                 .join(AgendaItem, AgendaItem.id == PlanItemDecision.agenda_item_id)
                 .join(Meeting, Meeting.id == AgendaItem.meeting_id)
                 .where(PlanItemDecision.plan_item_id.in_(ids), _live(PlanItemDecision))
                 .order_by(Meeting.held_on, AgendaItem.seq))
        for plan_id, item_id, item_title, title, year, number, held_on in session.execute(query):
            decisions[plan_id].append(DecisionView(item_id, title or f"{year}년 제{number}차 회의", held_on, item_title))
        for plan_id, name in session.execute(select(JointProject.plan_item_id, JointProject.name).where(
                JointProject.plan_item_id.in_(ids), _live(JointProject)).order_by(JointProject.name)):
            projects[plan_id].append(name)
    subs = _names(session, Subcommittee, {r.subcommittee_id or "" for r in rows})
    return [PlanItemView(id=r.id, subcommittee_id=r.subcommittee_id, subcommittee_name=subs.get(r.subcommittee_id or "", ""),
                         year=r.year, title=r.title, status=r.status, note=r.note,
                         decisions=tuple(decisions.get(r.id, ())), project_names=tuple(projects.get(r.id, ())))
            for r in rows]


def _check_subcommittee(session: Session, subcommittee_id: str | None) -> None:
    if subcommittee_id is not None:
        sub = session.get(Subcommittee, subcommittee_id)
        if sub is None or sub.deleted_at is not None:
            raise NotFound("subcommittee_not_found", id=subcommittee_id)


def create_plan_item(uow: UnitOfWork, data: PlanItemData) -> PlanItemView:
    require(uow.actor, Permission.NETWORK_EDIT)
    data = clean_plan_item(data)
    _raise_if(validate_plan_item(data))
    with uow:
        _check_subcommittee(uow.session, data.subcommittee_id)
        row = PlanItem(**vars(data))
        uow.session.add(row)
        uow.session.flush()
        view = _plan_views(uow.session, [row])[0]
        uow.commit()
        return view


def update_plan_item(uow: UnitOfWork, item_id: str, data: PlanItemData) -> PlanItemView:
    """Also how a plan item moves on (수립 → 시행 → 평가): its ``status``."""
    require(uow.actor, Permission.NETWORK_EDIT)
    data = clean_plan_item(data)
    _raise_if(validate_plan_item(data))
    with uow:
        row = _load_plan_item(uow.session, item_id)
        _check_subcommittee(uow.session, data.subcommittee_id)
        for name, value in vars(data).items():
            if getattr(row, name) != value:
                setattr(row, name, value)
        uow.session.flush()
        view = _plan_views(uow.session, [row])[0]
        uow.commit()
        return view


def tie_decision(uow: UnitOfWork, item_id: str, agenda_item_id: str) -> PlanItemView:
    """Tie a plan item to the meeting decision (agenda item) that set it up or changed it;
    tying it twice changes nothing."""
    require(uow.actor, Permission.NETWORK_EDIT)
    with uow:
        row = _load_plan_item(uow.session, item_id)
        agenda = uow.session.get(AgendaItem, agenda_item_id) if agenda_item_id else None
        if agenda is None or agenda.deleted_at is not None:
            raise NotFound("decision_not_found", id=agenda_item_id)
        exists = uow.session.scalar(select(PlanItemDecision.id).where(
            PlanItemDecision.plan_item_id == item_id, PlanItemDecision.agenda_item_id == agenda_item_id,
            _live(PlanItemDecision)))
        if exists is None:
            uow.session.add(PlanItemDecision(plan_item_id=item_id, agenda_item_id=agenda_item_id))
            uow.session.flush()
        view = _plan_views(uow.session, [row])[0]
        uow.commit()
        return view


def list_plan_items(uow: UnitOfWork, year: int | None = None) -> list[PlanItemView]:
    require(uow.actor, Permission.NETWORK_READ)
    with uow:
        query = select(PlanItem).where(_live(PlanItem))
        if year is not None:
            query = query.where(PlanItem.year == year)
        rows = list(uow.session.scalars(query.order_by(PlanItem.year.desc(), PlanItem.title, PlanItem.id)))
        return _plan_views(uow.session, rows)


# ---------------------------------------------------------------- the map on screen

@dataclass(frozen=True)
class MapScreen:
    """What the Network tab shows for a period, computed together on the database worker:
    the map with its change, its layout (the slow part, off the UI thread), the projects."""

    view: NetworkMap
    placed: Layout
    projects: tuple[ProjectView, ...]


def load_map_screen(uow: UnitOfWork, start: date, end: date, kind: str = FORCE, seed: int = 1) -> MapScreen:
    require(uow.actor, Permission.NETWORK_READ)
    view = network_map(uow, start, end)
    return MapScreen(view, layout(view.graph, kind, seed), tuple(list_projects(uow, start, end)))
