"""Working subcommittees (실무분과): create, rename, close and reopen, lead and seats.

A member may sit on several subcommittees; a seat runs from joining to leaving so the
history of who sat where is kept.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app import codes
from app.errors import FieldError, InputRefused, NotFound, ValidationFailed
from app.members import TermView, _load_member, _member_view
from db.base import utc_now
from db.models import Member, Subcommittee, SubcommitteeMembership
from app.security.permissions import Permission, require
from app.text_rules import check_record_texts, check_texts, length_errors
from db.session import UnitOfWork

NAME_MAX = 50


@dataclass(frozen=True)
class SubcommitteeData:
    name: str
    description: str = ""
    service_areas: tuple[str, ...] = ()
    lead_member_id: str | None = None
    founded_on: date | None = None


@dataclass(frozen=True)
class SeatView:
    id: str
    member_id: str
    member_name: str
    member_role: str
    affiliation: str
    phone: str
    joined_on: date
    left_on: date | None
    is_lead: bool

    def active_on(self, day: date) -> bool:
        return self.joined_on <= day and (self.left_on is None or self.left_on > day)


@dataclass(frozen=True)
class SubcommitteeView:
    id: str
    name: str
    description: str
    service_areas: tuple[str, ...]
    lead_member_id: str | None
    lead_name: str
    founded_on: date | None
    closed_on: date | None
    seats: tuple[SeatView, ...]
    active_count: int

    @property
    def is_closed(self) -> bool:
        return self.closed_on is not None

    def service_area_labels(self, lang: str = "ko") -> str:
        return ", ".join(codes.label(codes.SERVICE_AREA, a, lang) for a in self.service_areas)


def _clean(data: SubcommitteeData) -> SubcommitteeData:
    return SubcommitteeData(
        name=" ".join((data.name or "").split()),
        description=(data.description or "").strip(),
        service_areas=tuple(a for a in codes.SERVICE_AREA if a in set(data.service_areas)),
        lead_member_id=data.lead_member_id or None,
        founded_on=data.founded_on,
    )


def _validate(session: Session, data: SubcommitteeData, exclude_id: str | None, today: date,
              current_lead_id: str | None = None) -> None:
    errors: list[FieldError] = []
    if not data.name:
        errors.append(FieldError("name", "required"))
    elif len(data.name) > NAME_MAX:
        errors.append(FieldError("name", "too_long", {"max": NAME_MAX}))
    if len(data.description) > 2000:
        errors.append(FieldError("description", "too_long", {"max": 2000}))
    if data.founded_on is not None and data.founded_on > today:
        errors.append(FieldError("founded_on", "future_date"))
    seen = {e.field for e in errors}
    errors += [e for e in check_texts({"name": data.name, "description": data.description},
                                      multiline=("description",)) if e.field not in seen]
    if errors:
        raise ValidationFailed(errors)
    same_name = session.scalars(
        select(Subcommittee).where(Subcommittee.name == data.name, Subcommittee.deleted_at.is_(None))
    )
    if any(s.id != exclude_id for s in same_name):
        raise InputRefused("duplicate_subcommittee", name=data.name)
    # Only a new lead must be in office: renaming a subcommittee whose lead's term has
    # since ended must still work.
    if data.lead_member_id and data.lead_member_id != current_lead_id:
        lead = _load_member(session, data.lead_member_id)
        if not _member_view(lead, today).is_active:
            raise InputRefused("member_not_in_office", name=lead.name, date=today.isoformat())


def _in_office_since(terms: tuple[TermView, ...], today: date) -> date:
    """First day of the unbroken stretch in office that includes ``today``."""
    since = today
    for term in reversed(terms):
        if term.in_office_on(since) or (term.last_day is not None
                                        and term.last_day + timedelta(days=1) == since):
            since = min(since, term.start_on)
    return since


def _load(session: Session, subcommittee_id: str) -> Subcommittee:
    row = session.get(Subcommittee, subcommittee_id)
    if row is None or row.deleted_at is not None:
        raise NotFound("subcommittee_not_found", id=subcommittee_id)
    return row


def _view(row: Subcommittee, members: dict[str, Member], today: date) -> SubcommitteeView:
    seats = []
    for seat in row.memberships:
        member = members.get(seat.member_id)
        if seat.deleted_at is not None or member is None:
            continue
        seats.append(SeatView(
            id=seat.id, member_id=member.id, member_name=member.name, member_role=member.role,
            affiliation=member.affiliation, phone=member.phone, joined_on=seat.joined_on,
            left_on=seat.left_on, is_lead=member.id == row.lead_member_id,
        ))
    seats.sort(key=lambda s: (not s.is_lead, s.left_on is not None, s.member_name))
    lead = members.get(row.lead_member_id or "")
    return SubcommitteeView(
        id=row.id, name=row.name, description=row.description,
        service_areas=tuple(a for a in row.service_areas.split(",") if a),
        lead_member_id=row.lead_member_id, lead_name=lead.name if lead else "",
        founded_on=row.founded_on, closed_on=row.closed_on, seats=tuple(seats),
        active_count=sum(1 for s in seats if s.active_on(today)),
    )


def _members_by_id(session: Session) -> dict[str, Member]:
    return {m.id: m for m in session.scalars(select(Member).where(Member.deleted_at.is_(None)))}


def list_subcommittees(uow: UnitOfWork, today: date, include_closed: bool = True) -> list[SubcommitteeView]:
    require(uow.actor, Permission.MEMBERS_READ)
    with uow:
        members = _members_by_id(uow.session)
        rows = uow.session.scalars(
            select(Subcommittee).where(Subcommittee.deleted_at.is_(None))
            .options(selectinload(Subcommittee.memberships)).order_by(Subcommittee.name)
        )
        views = [_view(r, members, today) for r in rows]
    if not include_closed:
        views = [v for v in views if not v.is_closed]
    return sorted(views, key=lambda v: (v.is_closed, v.name))


def get_subcommittee(uow: UnitOfWork, subcommittee_id: str, today: date) -> SubcommitteeView:
    require(uow.actor, Permission.MEMBERS_READ)
    with uow:
        return _view(_load(uow.session, subcommittee_id), _members_by_id(uow.session), today)


def create_subcommittee(uow: UnitOfWork, data: SubcommitteeData, today: date) -> SubcommitteeView:
    require(uow.actor, Permission.MEMBERS_EDIT)
    data = _clean(data)
    with uow:
        _validate(uow.session, data, None, today)
        row = Subcommittee(name=data.name, description=data.description,
                           service_areas=",".join(data.service_areas), lead_member_id=data.lead_member_id,
                           founded_on=data.founded_on or today)
        uow.session.add(row)
        uow.session.flush()
        if data.lead_member_id:
            # The lead sits from the founding, or from their appointment if that came later.
            lead = _member_view(_load_member(uow.session, data.lead_member_id), today)
            joined = max(row.founded_on or today, _in_office_since(lead.terms, today))
            uow.session.add(SubcommitteeMembership(subcommittee_id=row.id, member_id=data.lead_member_id,
                                                   joined_on=joined))
        uow.commit()
        uow.session.refresh(row)
        return _view(row, _members_by_id(uow.session), today)


def update_subcommittee(uow: UnitOfWork, subcommittee_id: str, data: SubcommitteeData, today: date) -> SubcommitteeView:
    """Rename, describe, change areas or lead. A new lead gets a seat if they lack one."""
    require(uow.actor, Permission.MEMBERS_EDIT)
    data = _clean(data)
    with uow:
        row = _load(uow.session, subcommittee_id)
        _validate(uow.session, data, row.id, today, current_lead_id=row.lead_member_id)
        row.name, row.description = data.name, data.description
        row.service_areas = ",".join(data.service_areas)
        row.founded_on = data.founded_on or row.founded_on
        if data.lead_member_id != row.lead_member_id:
            row.lead_member_id = data.lead_member_id
            if data.lead_member_id and not _open_seat(row, data.lead_member_id):
                uow.session.add(SubcommitteeMembership(subcommittee_id=row.id, member_id=data.lead_member_id,
                                                       joined_on=today))
        uow.commit()
        uow.session.refresh(row)
        return _view(row, _members_by_id(uow.session), today)


def close_subcommittee(uow: UnitOfWork, subcommittee_id: str, on: date, today: date) -> SubcommitteeView:
    """Close (폐지) a subcommittee: seats end on that day; the history stays."""
    require(uow.actor, Permission.MEMBERS_EDIT)
    with uow:
        row = _load(uow.session, subcommittee_id)
        if row.closed_on is not None:
            raise InputRefused("subcommittee_closed", name=row.name)
        row.closed_on = on
        for seat in row.memberships:
            if seat.deleted_at is None and seat.left_on is None:
                seat.left_on = max(on, seat.joined_on)
        uow.commit()
        return _view(row, _members_by_id(uow.session), today)


def reopen_subcommittee(uow: UnitOfWork, subcommittee_id: str, today: date) -> SubcommitteeView:
    require(uow.actor, Permission.MEMBERS_EDIT)
    with uow:
        row = _load(uow.session, subcommittee_id)
        row.closed_on = None
        uow.commit()
        return _view(row, _members_by_id(uow.session), today)


def delete_subcommittee(uow: UnitOfWork, subcommittee_id: str) -> None:
    """Remove one created by mistake (tombstone)."""
    require(uow.actor, Permission.MEMBERS_EDIT)
    with uow:
        row = _load(uow.session, subcommittee_id)
        now = utc_now()
        row.deleted_at = now
        for seat in row.memberships:
            if seat.deleted_at is None:
                seat.deleted_at = now
        uow.commit()


def _open_seat(row: Subcommittee, member_id: str) -> SubcommitteeMembership | None:
    for seat in row.memberships:
        if seat.member_id == member_id and seat.deleted_at is None and seat.left_on is None:
            return seat
    return None


def add_seat(uow: UnitOfWork, subcommittee_id: str, member_id: str, joined_on: date, today: date) -> SubcommitteeView:
    require(uow.actor, Permission.MEMBERS_EDIT)
    with uow:
        row = _load(uow.session, subcommittee_id)
        if row.closed_on is not None:
            raise InputRefused("subcommittee_closed", name=row.name)
        member = _load_member(uow.session, member_id)
        if not _member_view(member, joined_on).in_office_on(joined_on):
            raise InputRefused("member_not_in_office", name=member.name, date=joined_on.isoformat())
        if _open_seat(row, member_id):
            raise InputRefused("already_in_subcommittee", name=member.name)
        uow.session.add(SubcommitteeMembership(subcommittee_id=row.id, member_id=member_id, joined_on=joined_on))
        uow.session.flush()
        uow.session.refresh(row)
        uow.commit()
        return _view(row, _members_by_id(uow.session), today)


def end_seat(uow: UnitOfWork, subcommittee_id: str, member_id: str, left_on: date, today: date) -> SubcommitteeView:
    require(uow.actor, Permission.MEMBERS_EDIT)
    with uow:
        row = _load(uow.session, subcommittee_id)
        member = _load_member(uow.session, member_id)
        seat = _open_seat(row, member_id)
        if seat is None:
            raise InputRefused("not_in_subcommittee", name=member.name)
        if left_on < seat.joined_on:
            raise ValidationFailed([FieldError("left_on", "end_before_start")])
        seat.left_on = left_on
        if row.lead_member_id == member_id:
            row.lead_member_id = None
        uow.commit()
        return _view(row, _members_by_id(uow.session), today)


def validate_incoming(table: str, data: Mapping[str, Any]) -> list[FieldError]:
    """``_validate``'s rules on one record arriving in a sync package (only the fields it
    carries); a lead's office and a unique name depend on other records and are not judged."""
    errors: list[FieldError] = []
    if table == "subcommittee":
        if "name" in data and not data["name"]:
            errors.append(FieldError("name", "required"))
        errors += length_errors(data, {"name": NAME_MAX, "description": 2000})
        areas = data.get("service_areas")
        if isinstance(areas, str) and any(a not in codes.SERVICE_AREA for a in areas.split(",") if a):
            errors.append(FieldError("service_areas", "invalid_choice", {"value": areas[:20]}))
        seen = {e.field for e in errors}
        errors += [e for e in check_record_texts(data, ("name",), ("description",)) if e.field not in seen]
    elif table == "subcommittee_membership":
        joined, left = data.get("joined_on"), data.get("left_on")
        if isinstance(joined, date) and isinstance(left, date) and left < joined:
            errors.append(FieldError("left_on", "end_before_start"))
    else:
        raise KeyError(table)
    return errors
