"""Referrals (의뢰·연계) of a person to a service of the resource directory or to an
agency outside it, and the loop closed: 의뢰 → 접수 (or 대기, or 거절 with a reason) →
제공 중 → 완료.

- A referral is refused unless the person's provision consent to the recipient (the
  service's organization, or the outside agency by name) is on record by the referral
  day and not withdrawn; the consent it rests on is stored with it.
- An accepted referral to a service with a fixed capacity takes one unit of it
  (``service.current_use``); a full service refuses, and the referral may go on its
  waiting list instead. Completing, cancelling or declining a referral that holds a unit
  gives it back, exactly once (``holds_unit``).
- A referral unanswered for more than a week stands out (``reply_overdue``).
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.cases import codes as cc
from app.cases.consent import provision_consent
from app.cases.rules import ReferralData, clean, clean_text, date_errors, text_errors, validate_referral
from app.cases.services import load_case, load_client, raise_if
from app.cases.views import ReferralView, referral_view
from app.errors import FieldError, InputRefused, NotFound, ValidationFailed
from app.security.audit import append_entry, log_list_view
from app.security.permissions import Permission, require
from db.case_models import Client, Referral
from db.resource_models import Organization, Service
from db.session import UnitOfWork


def _load(session: Session, referral_id: str) -> Referral:
    row = session.get(Referral, referral_id) if referral_id else None
    if row is None or row.deleted_at is not None:
        raise NotFound("referral_not_found", id=referral_id)
    return row


def _load_service(session: Session, service_id: str) -> tuple[Service, Organization]:
    service = session.get(Service, service_id)
    organization = session.get(Organization, service.organization_id) if service is not None else None
    if service is None or service.deleted_at is not None or organization is None:
        raise NotFound("service_not_found", id=service_id)
    return service, organization


def _view(session: Session, row: Referral, today: date) -> ReferralView:
    client = session.get(Client, row.client_id)
    service_name, recipient = "", row.agency_name
    if row.service_id:
        service = session.get(Service, row.service_id)
        service_name = service.name if service is not None else ""
    if row.organization_id:
        organization = session.get(Organization, row.organization_id)
        recipient = organization.name if organization is not None else recipient
    return referral_view(row, client.name if client is not None else "", service_name, recipient, today)


def refer_client(uow: UnitOfWork, data: ReferralData, today: date) -> ReferralView:
    require(uow.actor, Permission.CASES_EDIT)
    data = clean(data)
    if data.service_id:
        data = replace(data, agency_name="")
    raise_if(validate_referral(data, today))
    with uow:
        session = uow.session
        client = load_client(session, data.client_id)
        if data.case_record_id:
            case = load_case(session, data.case_record_id)
            if case.client_id != client.id:
                raise NotFound("case_not_found", id=data.case_record_id)
        organization_id = None
        recipient = data.agency_name
        if data.service_id:
            _service, organization = _load_service(session, data.service_id)
            organization_id, recipient = organization.id, organization.name
        consent = provision_consent(session, client.id, organization_id=organization_id,
                                    agency_name="" if organization_id else data.agency_name, on=data.referred_on)
        if consent is None:
            raise InputRefused("no_provision_consent", recipient=recipient)
        row = Referral(**vars(data), organization_id=organization_id, consent_id=consent.id, status="requested")
        session.add(row)
        session.flush()
        view = _view(session, row, today)
        uow.commit()
        return view


def _reply_date(row: Referral, on: date, today: date) -> None:
    errors = date_errors("replied_on", on, today, required=True)
    if not errors and row.referred_on is not None and on < row.referred_on:
        errors.append(FieldError("replied_on", "step_out_of_order", {"previous": cc.REFERRAL_STATUS["requested"][0]}))
    raise_if(errors)


def _refuse_status(row: Referral, allowed: tuple[str, ...]) -> None:
    if row.status not in allowed:
        raise InputRefused("referral_status", status=cc.REFERRAL_STATUS.get(row.status, (row.status,))[0])


def _give_back(session: Session, row: Referral) -> None:
    if row.holds_unit and row.service_id:
        service = session.get(Service, row.service_id)
        if service is not None and service.current_use > 0:
            service.current_use -= 1
    row.holds_unit = False


def accept_referral(uow: UnitOfWork, referral_id: str, on: date, today: date, waiting: bool = False) -> ReferralView:
    """접수: the recipient takes the person, using one unit of a service's fixed capacity; a
    full service refuses unless ``waiting``, which puts the referral on its waiting list. A
    referral on the waiting list is accepted the same way when a place is free."""
    require(uow.actor, Permission.CASES_EDIT)
    with uow:
        session = uow.session
        row = _load(session, referral_id)
        _refuse_status(row, ("requested", "waiting"))
        _reply_date(row, on, today)
        service = _load_service(session, row.service_id)[0] if row.service_id else None
        full = service is not None and service.capacity is not None and service.current_use >= service.capacity
        if full:
            if not waiting:
                raise InputRefused("service_full", name=service.name, capacity=service.capacity)  # type: ignore[union-attr]
            row.status = "waiting"
        else:
            row.status = "accepted"
            if service is not None and service.capacity is not None:
                service.current_use += 1
                row.holds_unit = True
        row.replied_on = row.replied_on or on
        session.flush()
        view = _view(session, row, today)
        uow.commit()
        return view


def decline_referral(uow: UnitOfWork, referral_id: str, reason: str, on: date, today: date,
                     result: str = "") -> ReferralView:
    """거절, with its reason (정원 초과, 자격 안 됨, 연락 안 됨, 본인 거부, 기타)."""
    require(uow.actor, Permission.CASES_EDIT)
    if reason not in cc.DECLINE_REASON:
        raise ValidationFailed([FieldError("decline_reason", "decline_reason_required")])
    result = clean_text(result, multiline=True)
    raise_if(text_errors({"result": result}))
    with uow:
        session = uow.session
        row = _load(session, referral_id)
        _refuse_status(row, ("requested", "waiting"))
        _reply_date(row, on, today)
        row.status, row.decline_reason, row.replied_on, row.result, row.closed_on = "declined", reason, on, result, on
        session.flush()
        view = _view(session, row, today)
        uow.commit()
        return view


def start_referral(uow: UnitOfWork, referral_id: str, on: date, today: date) -> ReferralView:
    """제공 중: the service began."""
    require(uow.actor, Permission.CASES_EDIT)
    with uow:
        row = _load(uow.session, referral_id)
        _refuse_status(row, ("accepted",))
        _reply_date(row, on, today)
        row.status = "providing"
        uow.session.flush()
        view = _view(uow.session, row, today)
        uow.commit()
        return view


def _close(uow: UnitOfWork, referral_id: str, status: str, allowed: tuple[str, ...], on: date, today: date,
           result: str) -> ReferralView:
    require(uow.actor, Permission.CASES_EDIT)
    result = clean_text(result, multiline=True)
    raise_if(text_errors({"result": result}))
    with uow:
        session = uow.session
        row = _load(session, referral_id)
        _refuse_status(row, allowed)
        _reply_date(row, on, today)
        _give_back(session, row)
        row.status, row.closed_on = status, on
        if result:
            row.result = result
        session.flush()
        view = _view(session, row, today)
        uow.commit()
        return view


def complete_referral(uow: UnitOfWork, referral_id: str, on: date, today: date, result: str = "") -> ReferralView:
    """완료: the loop closed with its result; the service's unit is free again."""
    return _close(uow, referral_id, "completed", ("accepted", "providing"), on, today, result)


def cancel_referral(uow: UnitOfWork, referral_id: str, on: date, today: date, result: str = "") -> ReferralView:
    """취소 (the person moved, the need passed): any open referral; a held unit comes back."""
    return _close(uow, referral_id, "cancelled", cc.OPEN_STATUSES, on, today, result)


def get_referral(uow: UnitOfWork, referral_id: str, today: date) -> ReferralView:
    actor = require(uow.actor, Permission.CASES_READ)
    with uow:
        view = _view(uow.session, _load(uow.session, referral_id), today)
        append_entry(uow.session, actor, "view", "referral", referral_id, {})
        uow.commit()
        return view


def list_referrals(uow: UnitOfWork, today: date, status: str | None = None,
                   client_id: str | None = None) -> list[ReferralView]:
    """Referrals, unanswered overdue ones first, then newest."""
    actor = require(uow.actor, Permission.CASES_READ)
    with uow:
        query = select(Referral).where(Referral.deleted_at.is_(None))
        if status is not None:
            query = query.where(Referral.status == status)
        if client_id is not None:
            query = query.where(Referral.client_id == client_id)
        views = [_view(uow.session, r, today) for r in uow.session.scalars(query)]
        log_list_view(uow.session, actor, "referral", {"list": status or "all", "rows": len(views)})
        uow.commit()
    return sorted(views, key=lambda v: (not v.reply_overdue, -(v.referred_on or date.min).toordinal(), v.id))


def waiting_for_reply(uow: UnitOfWork, today: date) -> list[ReferralView]:
    """Referrals still waiting for the recipient's reply."""
    return list_referrals(uow, today, status="requested")
