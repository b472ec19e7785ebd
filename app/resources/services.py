"""Services of the directory: organizations and their services created, changed, verified,
closed and reopened; the list with its filters (service area, kind, target group, sector,
status, due for re-check); the Korean search; the re-check period.

Each takes a unit of work, checks a permission first and returns frozen views. The rules
live in ``app.resources.rules``; the search index in ``app.resources.search``.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import codes
from app.errors import FieldError, InputRefused, NotFound, ValidationFailed
from app.resources import codes as rcodes
from app.resources import search
from app.resources.rules import (OrganizationData, ServiceData, clean_organization, clean_service, clean_text,
                                 validate_closing, validate_organization, validate_service, validate_verified_on)
from app.resources.views import OrganizationView, ServiceView, organization_view, service_view
from app.security.permissions import Actor, Permission, require
from db.base import utc_now
from db.models import Setting
from db.resource_models import Organization, Service
from db.session import UnitOfWork

RECHECK_SETTING = "resources.recheck_months"
RECHECK_DEFAULT, RECHECK_MIN, RECHECK_MAX = 12, 1, 60


def _raise_if(errors: list[FieldError]) -> None:
    if errors:
        raise ValidationFailed(errors)


def _who(actor: Actor) -> str:
    return actor.display_name or actor.username


def _load_organization(session: Session, organization_id: str) -> Organization:
    row = session.get(Organization, organization_id) if organization_id else None
    if row is None or row.deleted_at is not None:
        raise NotFound("organization_not_found", id=organization_id)
    return row


def _load_service(session: Session, service_id: str) -> tuple[Service, Organization]:
    row = session.get(Service, service_id) if service_id else None
    if row is None or row.deleted_at is not None:
        raise NotFound("service_not_found", id=service_id)
    return row, _load_organization(session, row.organization_id)


def _service_count(session: Session, organization_id: str) -> int:
    return session.scalar(select(func.count()).select_from(Service).where(
        Service.organization_id == organization_id, Service.deleted_at.is_(None))) or 0


# ---------------------------------------------------------------- the re-check period

def load_recheck_months(session: Session) -> int:
    row = session.get(Setting, RECHECK_SETTING)
    try:
        value = int(row.value) if row is not None else RECHECK_DEFAULT
    except ValueError:
        return RECHECK_DEFAULT
    return value if RECHECK_MIN <= value <= RECHECK_MAX else RECHECK_DEFAULT


def set_recheck_months(uow: UnitOfWork, months: int) -> int:
    """How long a service may go unverified before it is listed as due for re-check."""
    require(uow.actor, Permission.RESOURCES_EDIT)
    if not isinstance(months, int) or not RECHECK_MIN <= months <= RECHECK_MAX:
        raise ValidationFailed([FieldError("recheck_months", "invalid_setting")])
    with uow:
        row = uow.session.get(Setting, RECHECK_SETTING)
        if row is None:
            uow.session.add(Setting(key=RECHECK_SETTING, value=str(months)))
        else:
            row.value = str(months)
        uow.commit()
    return months


# ---------------------------------------------------------------- organizations

def _check_organization_name(session: Session, name: str, exclude_id: str | None) -> None:
    same = session.scalar(select(Organization.id).where(
        Organization.name == name, Organization.deleted_at.is_(None), Organization.id != (exclude_id or "")))
    if same is not None:
        raise InputRefused("duplicate_organization", name=name)


def create_organization(uow: UnitOfWork, data: OrganizationData) -> OrganizationView:
    require(uow.actor, Permission.RESOURCES_EDIT)
    data = clean_organization(data)
    _raise_if(validate_organization(data))
    with uow:
        _check_organization_name(uow.session, data.name, None)
        row = Organization(**vars(data), status="active")
        uow.session.add(row)
        uow.session.flush()
        uow.commit()
        return organization_view(row)


def update_organization(uow: UnitOfWork, organization_id: str, data: OrganizationData) -> OrganizationView:
    require(uow.actor, Permission.RESOURCES_EDIT)
    data = clean_organization(data)
    _raise_if(validate_organization(data))
    with uow:
        row = _load_organization(uow.session, organization_id)
        _check_organization_name(uow.session, data.name, organization_id)
        for name, value in vars(data).items():
            if getattr(row, name) != value:
                setattr(row, name, value)
        uow.session.flush()
        uow.commit()
        return organization_view(row, _service_count(uow.session, organization_id))


def _set_organization_status(uow: UnitOfWork, organization_id: str, status: str) -> OrganizationView:
    require(uow.actor, Permission.RESOURCES_EDIT)
    with uow:
        row = _load_organization(uow.session, organization_id)
        if row.status == status:
            raise InputRefused("organization_not_closed" if status == "active" else "organization_closed",
                               name=row.name)
        row.status = status
        uow.session.flush()
        uow.commit()
        return organization_view(row, _service_count(uow.session, organization_id))


def close_organization(uow: UnitOfWork, organization_id: str) -> OrganizationView:
    """운영 종료: the organization closed down; its services are shown inactive (their own
    statuses are kept, so reopening brings them back as they were)."""
    return _set_organization_status(uow, organization_id, "inactive")


def reopen_organization(uow: UnitOfWork, organization_id: str) -> OrganizationView:
    return _set_organization_status(uow, organization_id, "active")


def verify_organization(uow: UnitOfWork, organization_id: str, on: date, today: date) -> OrganizationView:
    """Every live service of the organization checked with it on ``on`` (one phone call)."""
    actor = require(uow.actor, Permission.RESOURCES_EDIT)
    _raise_if(validate_verified_on(on, today))
    with uow:
        row = _load_organization(uow.session, organization_id)
        for service in uow.session.scalars(select(Service).where(Service.organization_id == organization_id,
                                                                 Service.deleted_at.is_(None))):
            service.last_verified_on, service.last_verified_by = on, _who(actor)
        uow.session.flush()
        uow.commit()
        return organization_view(row, _service_count(uow.session, organization_id))


def list_organizations(uow: UnitOfWork) -> list[OrganizationView]:
    require(uow.actor, Permission.RESOURCES_READ)
    with uow:
        counts = dict(uow.session.execute(select(Service.organization_id, func.count()).where(
            Service.deleted_at.is_(None)).group_by(Service.organization_id)).all())
        rows = uow.session.scalars(select(Organization).where(Organization.deleted_at.is_(None))
                                   .order_by(Organization.name, Organization.id))
        return [organization_view(r, counts.get(r.id, 0)) for r in rows]


def get_organization(uow: UnitOfWork, organization_id: str) -> OrganizationView:
    require(uow.actor, Permission.RESOURCES_READ)
    with uow:
        row = _load_organization(uow.session, organization_id)
        return organization_view(row, _service_count(uow.session, organization_id))


# ---------------------------------------------------------------- services

def _check_service_name(session: Session, data: ServiceData, organization: Organization,
                        exclude_id: str | None) -> None:
    same = session.scalar(select(Service.id).where(
        Service.organization_id == data.organization_id, Service.name == data.name,
        Service.deleted_at.is_(None), Service.id != (exclude_id or "")))
    if same is not None:
        raise InputRefused("duplicate_service", name=data.name, organization=organization.name)


def _stored(data: ServiceData) -> dict[str, object]:
    values = dict(vars(data))
    for name in ("service_areas", "target_groups", "area_places"):
        values[name] = ",".join(values[name])  # type: ignore[arg-type]
    return values


def create_service(uow: UnitOfWork, data: ServiceData, today: date) -> ServiceView:
    """A new service, verified today by whoever enters it."""
    actor = require(uow.actor, Permission.RESOURCES_EDIT)
    data = clean_service(data)
    _raise_if(validate_service(data))
    with uow:
        organization = _load_organization(uow.session, data.organization_id)
        if organization.status == "inactive":
            raise InputRefused("organization_closed", name=organization.name)
        _check_service_name(uow.session, data, organization, None)
        row = Service(**_stored(data), status="active", status_notice="", closed_until=None,
                      last_verified_on=today, last_verified_by=_who(actor))
        uow.session.add(row)
        uow.session.flush()
        uow.commit()
        return service_view(row, organization)


def update_service(uow: UnitOfWork, service_id: str, data: ServiceData) -> ServiceView:
    require(uow.actor, Permission.RESOURCES_EDIT)
    data = clean_service(data)
    _raise_if(validate_service(data))
    with uow:
        row, _old = _load_service(uow.session, service_id)
        organization = _load_organization(uow.session, data.organization_id)
        _check_service_name(uow.session, data, organization, service_id)
        for name, value in _stored(data).items():
            if getattr(row, name) != value:
                setattr(row, name, value)
        uow.session.flush()
        uow.commit()
        return service_view(row, organization)


def verify_service(uow: UnitOfWork, service_id: str, on: date, today: date) -> ServiceView:
    """확인: the entry was checked with the provider on ``on``."""
    actor = require(uow.actor, Permission.RESOURCES_EDIT)
    _raise_if(validate_verified_on(on, today))
    with uow:
        row, organization = _load_service(uow.session, service_id)
        row.last_verified_on, row.last_verified_by = on, _who(actor)
        uow.session.flush()
        uow.commit()
        return service_view(row, organization)


def close_service(uow: UnitOfWork, service_id: str, notice: str, until: date | None, today: date,
                  permanently: bool = False) -> ServiceView:
    """일시 중단 (with a notice and an optional until-date) or, ``permanently``, 운영 종료."""
    require(uow.actor, Permission.RESOURCES_EDIT)
    notice = clean_text(notice)
    _raise_if(validate_closing(notice, None if permanently else until, today))
    status = "inactive" if permanently else "temporarily_closed"
    with uow:
        row, organization = _load_service(uow.session, service_id)
        if row.status == status:
            raise InputRefused("service_already_status", name=row.name,
                               status=codes.label(rcodes.SERVICE_STATUS, status))
        row.status, row.status_notice = status, notice
        row.closed_until = None if permanently else until
        uow.session.flush()
        uow.commit()
        return service_view(row, organization)


def reopen_service(uow: UnitOfWork, service_id: str) -> ServiceView:
    require(uow.actor, Permission.RESOURCES_EDIT)
    with uow:
        row, organization = _load_service(uow.session, service_id)
        if row.status == "active":
            raise InputRefused("service_not_closed", name=row.name)
        row.status, row.status_notice, row.closed_until = "active", "", None
        uow.session.flush()
        uow.commit()
        return service_view(row, organization)


def delete_service(uow: UnitOfWork, service_id: str) -> None:
    """Remove a service entered by mistake (a tombstone; it leaves the search at once)."""
    require(uow.actor, Permission.RESOURCES_EDIT)
    with uow:
        row, _organization = _load_service(uow.session, service_id)
        row.deleted_at = utc_now()
        uow.session.flush()
        search.ensure_search_index(uow.session)
        uow.commit()


def get_service(uow: UnitOfWork, service_id: str) -> ServiceView:
    require(uow.actor, Permission.RESOURCES_READ)
    with uow:
        row, organization = _load_service(uow.session, service_id)
        return service_view(row, organization)


@dataclass(frozen=True)
class ServiceFilter:
    """The list's filters; None (or False) leaves a filter off."""

    query: str = ""
    service_area: str | None = None
    kind: str | None = None
    target_group: str | None = None
    sector: str | None = None
    status: str | None = None       # as shown (an organization's closing included)
    due_for_check: bool = False

    def keeps(self, view: ServiceView, today: date, months: int) -> bool:
        return ((self.service_area is None or self.service_area in view.service_areas)
                and (self.kind is None or view.resource_kind == self.kind)
                and (self.target_group is None or self.target_group in view.target_groups)
                and (self.sector is None or view.sector == self.sector)
                and (self.status is None or view.status == self.status)
                and (not self.due_for_check or view.due_for_check(today, months)))


def _views(session: Session, ids: list[str] | None) -> list[ServiceView]:
    query = (select(Service, Organization).join(Organization, Organization.id == Service.organization_id)
             .where(Service.deleted_at.is_(None), Organization.deleted_at.is_(None)))
    if ids is None:
        return [service_view(s, o) for s, o in session.execute(query.order_by(Service.name, Service.id))]
    found: dict[str, ServiceView] = {}
    for start in range(0, len(ids), 500):
        for s, o in session.execute(query.where(Service.id.in_(ids[start:start + 500]))):
            found[s.id] = service_view(s, o)
    return [found[i] for i in ids if i in found]


def list_services(uow: UnitOfWork, filters: ServiceFilter, today: date) -> list[ServiceView]:
    """The directory's services by name, filtered; ``filters.query`` is the Korean search."""
    require(uow.actor, Permission.RESOURCES_READ)
    with uow:
        months = load_recheck_months(uow.session)
        ids = None
        if search.query_terms(filters.query):
            if search.ensure_search_index(uow.session):
                ids = search.search_ids(uow.session, filters.query)
            else:
                ids = search.plain_scan_ids(uow.session, filters.query)
        views = [v for v in _views(uow.session, ids) if filters.keeps(v, today, months)]
        uow.commit()
        return views


def services_due_for_check(uow: UnitOfWork, today: date) -> list[ServiceView]:
    """Live services not verified within the re-check period (default 12 months)."""
    return list_services(uow, ServiceFilter(due_for_check=True), today)


@dataclass(frozen=True)
class SearchPage:
    count: int
    results: tuple[ServiceView, ...]


def search_resources(uow: UnitOfWork, query: str, limit: int = 20, offset: int = 0) -> SearchPage:
    """One page of the services matching ``query`` (by name) and how many match in all."""
    require(uow.actor, Permission.RESOURCES_READ)
    with uow:
        if search.ensure_search_index(uow.session):
            ids = search.search_ids(uow.session, query, limit, offset)
            count = search.count_matches(uow.session, query)
        else:
            every = search.plain_scan_ids(uow.session, query)
            ids, count = every[offset:offset + limit], len(every)
        page = SearchPage(count, tuple(_views(uow.session, ids)))
        uow.commit()
        return page
