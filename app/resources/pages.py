"""What the 지역자원 tab shows, read a page at a time: one page of the service list (filters
and the Korean search done in SQL, so 100,000 services open as fast as 20), how many match,
and one service's detail (its organization, places, public phones and contacts — a
volunteer leader's own mobile only for roles that may see it).

The list's rows are ``ServiceRow`` (the few columns a list line shows), not ``ServiceView``:
a page is made of plain column values without loading each record's long texts.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, func, literal, or_, select, text
from sqlalchemy.orm import Session

from app.areas import table as table_spec
from app.errors import NotFound
from app.resources import search
from app.resources.services import ServiceFilter, load_recheck_months
from app.resources.views import (OrganizationView, ServiceView, add_months, organization_view, service_view,
                                 split_codes)
from app.security.permissions import Permission, require
from db.resource_models import Address, Contact, Location, Organization, Phone, Service, ServiceAtLocation
from db.session import UnitOfWork

PAGE_SIZE = 200

# The orders the list offers (a header click); each ends with the id so pages never overlap.
ORDERS = ("name", "organization", "kind", "status", "verified")


@dataclass(frozen=True)
class ServiceRow:
    """One line of the service list."""

    id: str
    organization_id: str
    organization_name: str
    sector: str
    name: str
    resource_kind: str
    service_areas: tuple[str, ...]
    target_groups: tuple[str, ...]
    status: str                 # as shown: inactive while its organization is closed down
    own_status: str
    closed_until: date | None
    capacity: int | None
    capacity_unit: str
    current_use: int
    last_verified_on: date | None
    due_for_check: bool


@dataclass(frozen=True)
class ServicePage:
    rows: tuple[ServiceRow, ...]
    offset: int
    has_more: bool              # rows after these (the list asks for them as it scrolls)
    directory_empty: bool       # no live service at all (said only when ``rows`` is empty)
    recheck_months: int


@dataclass(frozen=True)
class ServiceCount:
    count: int                  # services passing the filters and the search
    total: int                  # every live service of the directory


def due_cutoff(today: date, months: int) -> date:
    """The last verification date that is due for re-check today: ``ServiceView.due_for_check``
    (``add_months(last, months) <= today``) as one comparison SQL can make. ``add_months``
    never decreases as its day grows, so the largest such day is found by stepping from
    ``today - months`` across the few month-end days it clamps."""
    cutoff = add_months(today, -months)
    while add_months(cutoff + timedelta(days=1), months) <= today:
        cutoff += timedelta(days=1)
    return cutoff


def _has_code(column: Any, code: str) -> ColumnElement[bool]:
    # Codes are stored comma-separated; commas on both sides keep 'elderly' from matching 'elderly_x'.
    return (literal(",") + column + literal(",")).contains(f",{code},", autoescape=True)


def _conditions(filters: ServiceFilter, cutoff: date) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = [Service.deleted_at.is_(None), Organization.deleted_at.is_(None)]
    if filters.service_area:
        where.append(_has_code(Service.service_areas, filters.service_area))
    if filters.kind:
        where.append(Service.resource_kind == filters.kind)
    if filters.target_group:
        where.append(_has_code(Service.target_groups, filters.target_group))
    if filters.sector:
        where.append(Organization.sector == filters.sector)
    if filters.status == "inactive":
        where.append(or_(Service.status == "inactive", Organization.status == "inactive"))
    elif filters.status:
        where.append(and_(Service.status == filters.status, Organization.status != "inactive"))
    if filters.due_for_check:
        where.append(or_(Service.last_verified_on.is_(None), Service.last_verified_on <= cutoff))
    return where


def _order(order: str, descending: bool) -> list[Any]:
    keys: dict[str, list[Any]] = {
        "name": [Service.name],
        "organization": [Organization.name, Service.name],
        "kind": [Service.resource_kind, Service.name],
        "status": [Service.status, Service.name],
        # Never verified counts as the oldest.
        "verified": [func.coalesce(Service.last_verified_on, date(1900, 1, 1)), Service.name],
    }
    columns = keys.get(order, keys["name"]) + [Service.id]
    return [c.desc() for c in columns] if descending else list(columns)


_ROW_COLUMNS = (Service.id, Service.organization_id, Organization.name.label("organization_name"),
                Organization.sector, Organization.status.label("organization_status"), Service.name,
                Service.resource_kind, Service.service_areas, Service.target_groups, Service.status,
                Service.closed_until, Service.capacity, Service.capacity_unit, Service.current_use,
                Service.last_verified_on)


def _row(values: Any, cutoff: date) -> ServiceRow:
    verified = values.last_verified_on
    return ServiceRow(
        id=values.id, organization_id=values.organization_id, organization_name=values.organization_name,
        sector=values.sector, name=values.name, resource_kind=values.resource_kind,
        service_areas=split_codes(values.service_areas), target_groups=split_codes(values.target_groups),
        status="inactive" if values.organization_status == "inactive" else values.status,
        own_status=values.status, closed_until=values.closed_until, capacity=values.capacity,
        capacity_unit=values.capacity_unit, current_use=values.current_use, last_verified_on=verified,
        due_for_check=verified is None or verified <= cutoff,
    )


def _search_condition(session: Session, query: str) -> ColumnElement[bool] | None:
    """The Korean search as a condition on ``Service.id`` (None: no words to look for)."""
    terms = search.query_terms(query)
    if not terms:
        return None
    if search.ensure_search_index(session):
        matches = text("SELECT service_id FROM resource_search WHERE resource_search MATCH :q").bindparams(
            q=search.fts_expression(terms))
        return Service.id.in_(matches.columns(service_id=Service.id.type))
    # Without the local index (PostgreSQL), the plain scan is the answer.
    return Service.id.in_(search.plain_scan_ids(session, query))


def _no_filters(filters: ServiceFilter) -> bool:
    return not (filters.service_area or filters.kind or filters.target_group or filters.sector or filters.status
                or filters.due_for_check)


_JOINED = select(*_ROW_COLUMNS).join(Organization, Organization.id == Service.organization_id)


def _rows_by_ids(session: Session, ids: list[str], cutoff: date) -> list[ServiceRow]:
    found = {r.id: r for r in session.execute(_JOINED.where(Service.id.in_(ids)))} if ids else {}
    return [_row(found[i], cutoff) for i in ids if i in found]


def load_service_page(uow: UnitOfWork, filters: ServiceFilter, today: date, offset: int = 0,
                      limit: int = PAGE_SIZE, order: str = "name", descending: bool = False) -> ServicePage:
    """Rows ``offset`` to ``offset + limit`` of the services that pass ``filters`` (its
    ``query`` is the Korean search), in ``order``. No count: counting 100,000 rows costs
    more than the page, so ``count_services`` answers it on its own."""
    require(uow.actor, Permission.RESOURCES_READ)
    offset, limit = max(offset, 0), max(limit, 0)
    with uow:
        session = uow.session
        months = load_recheck_months(session)
        cutoff = due_cutoff(today, months)
        if (search.query_terms(filters.query) and _no_filters(filters) and order == "name" and not descending
                and search.ensure_search_index(session)):
            # The index's own order is the list's (name, then id): a page is its first matches,
            # without reading every matching record to sort them.
            ids = search.search_ids(session, filters.query, limit + 1, offset)
            rows = _rows_by_ids(session, ids, cutoff)
        else:
            where = _conditions(filters, cutoff)
            matched = _search_condition(session, filters.query)
            if matched is not None:
                where.append(matched)
            rows = [_row(r, cutoff) for r in session.execute(
                _JOINED.where(*where).order_by(*_order(order, descending)).offset(offset).limit(limit + 1))]
        empty = not rows and offset == 0 and session.scalar(
            select(Service.id).where(Service.deleted_at.is_(None)).limit(1)) is None
        uow.commit()  # the search index may have caught up
        return ServicePage(tuple(rows[:limit]), offset, len(rows) > limit, empty, months)


def count_services(uow: UnitOfWork, filters: ServiceFilter, today: date) -> ServiceCount:
    """How many services pass ``filters`` and how many there are (the list's count line)."""
    require(uow.actor, Permission.RESOURCES_READ)
    with uow:
        session = uow.session
        indexed = search.ensure_search_index(session)
        counted = select(func.count()).select_from(Service).join(
            Organization, Organization.id == Service.organization_id)
        live = [Service.deleted_at.is_(None), Organization.deleted_at.is_(None)]
        # The index holds one short row per live service: counting it reads far less.
        total = (session.scalar(text("SELECT count(*) FROM resource_search_key")) if indexed
                 else session.scalar(counted.where(*live))) or 0
        if _no_filters(filters) and not search.query_terms(filters.query):
            count = total
        elif _no_filters(filters) and indexed:
            count = search.count_matches(session, filters.query)
        else:
            where = _conditions(filters, due_cutoff(today, load_recheck_months(session)))
            matched = _search_condition(session, filters.query)
            count = session.scalar(counted.where(*where, *([matched] if matched is not None else []))) or 0
        uow.commit()
        return ServiceCount(count, total)


# ---------------------------------------------------------------- one service

@dataclass(frozen=True)
class PhoneLine:
    number: str
    extension: str
    type: str
    description: str


@dataclass(frozen=True)
class ContactLine:
    name: str
    title: str
    department: str
    email: str
    private_phone: str          # "" when there is none or the role may not see it
    phones: tuple[PhoneLine, ...]


@dataclass(frozen=True)
class PlaceLine:
    name: str
    address: str
    region: str                 # the 리/마을


@dataclass(frozen=True)
class ServiceDetail:
    service: ServiceView
    organization: OrganizationView
    places: tuple[PlaceLine, ...]
    phones: tuple[PhoneLine, ...]
    contacts: tuple[ContactLine, ...]
    private_hidden: bool        # the role may not see private contacts (some may exist)
    recheck_months: int


def _phone(row: Phone) -> PhoneLine:
    return PhoneLine(row.number, row.extension, row.type, row.description)


def _address_text(row: Address) -> str:
    parts = (row.state_province, row.city, row.address_1, row.address_2)
    return " ".join(p for p in parts if p)


def load_service_detail(uow: UnitOfWork, service_id: str) -> ServiceDetail:
    """Everything the detail panel shows about one service, in one unit of work."""
    actor = require(uow.actor, Permission.RESOURCES_READ)
    contact_spec = table_spec("contact")
    hidden = contact_spec.hidden_fields(actor) if contact_spec is not None else frozenset({"private_phone"})
    private_hidden = "private_phone" in hidden
    with uow:
        session = uow.session
        row = session.get(Service, service_id) if service_id else None
        organization = session.get(Organization, row.organization_id) if row is not None else None
        if row is None or row.deleted_at is not None or organization is None or organization.deleted_at is not None:
            raise NotFound("service_not_found", id=service_id)
        live = Location.deleted_at.is_(None)
        here = list(session.scalars(select(Location).join(ServiceAtLocation, ServiceAtLocation.location_id == Location.id)
                                    .where(ServiceAtLocation.service_id == service_id,
                                           ServiceAtLocation.deleted_at.is_(None), live)
                                    .order_by(Location.name, Location.id)))
        if not here:  # a service without places of its own is given at its organization's
            here = list(session.scalars(select(Location).where(Location.organization_id == organization.id, live)
                                        .order_by(Location.name, Location.id)))
        location_ids = [loc.id for loc in here]
        addresses: dict[str, Address] = {}
        if location_ids:
            for address in session.scalars(select(Address).where(Address.location_id.in_(location_ids),
                                                                 Address.deleted_at.is_(None))):
                addresses.setdefault(address.location_id, address)
        places = tuple(PlaceLine(loc.name, _address_text(addresses[loc.id]) if loc.id in addresses else "",
                                 addresses[loc.id].region if loc.id in addresses else "") for loc in here)
        contact_rows = list(session.scalars(select(Contact).where(
            or_(Contact.service_id == service_id, Contact.organization_id == organization.id),
            Contact.deleted_at.is_(None)).order_by(Contact.name, Contact.id)))
        owners = or_(Phone.service_id == service_id, Phone.organization_id == organization.id,
                     Phone.location_id.in_(location_ids) if location_ids else literal(False),
                     Phone.contact_id.in_([c.id for c in contact_rows]) if contact_rows else literal(False))
        phone_rows = list(session.scalars(select(Phone).where(owners, Phone.deleted_at.is_(None))
                                          .order_by(Phone.number, Phone.id)))
        contacts = tuple(ContactLine(
            c.name, c.title, c.department, c.email, "" if private_hidden else c.private_phone,
            tuple(_phone(p) for p in phone_rows if p.contact_id == c.id)) for c in contact_rows)
        service_count = session.scalar(select(func.count()).select_from(Service).where(
            Service.organization_id == organization.id, Service.deleted_at.is_(None))) or 0
        return ServiceDetail(
            service=service_view(row, organization),
            organization=organization_view(organization, service_count),
            places=places, phones=tuple(_phone(p) for p in phone_rows if p.contact_id is None),
            contacts=contacts, private_hidden=private_hidden, recheck_months=load_recheck_months(session),
        )
