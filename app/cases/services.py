"""Services of case work: people in need (대상자), their consents per purpose, and cases
with their steps, service plan items, checks and closing; the case list with due and
overdue steps.

Each takes a unit of work, checks a permission first (``cases.read`` to look,
``cases.edit`` to change), runs in one transaction and returns frozen views. Every view
of one person's case or record is written to the access log (by id: the log never holds
the person's name). The rules live in ``app.cases.rules``.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import resources as _resources  # noqa: F401  (registers organization_not_found)
from app.cases import codes as cc
from app.cases.consent import has_consent
from app.cases.rules import (ClientData, ConsentData, PlanItemData, clean, clean_text, validate_client,
                             validate_consent, validate_plan_item, validate_steps, date_errors, text_errors)
from app.cases.views import CaseView, ClientView, ConsentView, case_view, client_view, consent_view
from app.errors import FieldError, InputRefused, NotFound, ValidationFailed
from app.security.audit import append_entry, log_list_view
from app.security.permissions import Actor, Permission, require
from db.case_models import CaseCheck, CasePlanItem, CaseRecord, Client, Consent
from db.resource_models import Organization
from db.session import UnitOfWork


def raise_if(errors: list[FieldError]) -> None:
    if errors:
        raise ValidationFailed(errors)


def load_client(session: Session, client_id: str) -> Client:
    row = session.get(Client, client_id) if client_id else None
    if row is None or row.deleted_at is not None:
        raise NotFound("client_not_found", id=client_id)
    return row


def load_case(session: Session, case_id: str) -> CaseRecord:
    row = session.get(CaseRecord, case_id) if case_id else None
    if row is None or row.deleted_at is not None:
        raise NotFound("case_not_found", id=case_id)
    return row


def load_organization(session: Session, organization_id: str | None) -> Organization:
    row = session.get(Organization, organization_id) if organization_id else None
    if row is None or row.deleted_at is not None:
        raise NotFound("organization_not_found", id=organization_id or "")
    return row


def _log_view(session: Session, actor: Actor, table: str, record_id: str) -> None:
    append_entry(session, actor, "view", table, record_id, {})


# ---------------------------------------------------------------- people in need

def add_client(uow: UnitOfWork, data: ClientData, today: date) -> ClientView:
    require(uow.actor, Permission.CASES_EDIT)
    data = clean(data)
    raise_if(validate_client(data, today))
    with uow:
        row = Client(**vars(data))
        uow.session.add(row)
        uow.session.flush()
        uow.commit()
        return client_view(row)


def update_client(uow: UnitOfWork, client_id: str, data: ClientData, today: date) -> ClientView:
    require(uow.actor, Permission.CASES_EDIT)
    data = clean(data)
    raise_if(validate_client(data, today))
    with uow:
        row = load_client(uow.session, client_id)
        for name, value in vars(data).items():
            if getattr(row, name) != value:
                setattr(row, name, value)
        uow.session.flush()
        uow.commit()
        return client_view(row)


def get_client(uow: UnitOfWork, client_id: str) -> ClientView:
    actor = require(uow.actor, Permission.CASES_READ)
    with uow:
        view = client_view(load_client(uow.session, client_id))
        _log_view(uow.session, actor, "client", client_id)
        uow.commit()
        return view


def list_clients(uow: UnitOfWork) -> list[ClientView]:
    actor = require(uow.actor, Permission.CASES_READ)
    with uow:
        rows = uow.session.scalars(select(Client).where(Client.deleted_at.is_(None)).order_by(Client.name, Client.id))
        views = [client_view(r) for r in rows]
        log_list_view(uow.session, actor, "client", {"list": "all", "rows": len(views)})
        uow.commit()
        return views


# ---------------------------------------------------------------- consents

def _consent_view(session: Session, row: Consent) -> ConsentView:
    name = ""
    if row.recipient_organization_id:
        organization = session.get(Organization, row.recipient_organization_id)
        name = organization.name if organization is not None else ""
    return consent_view(row, name)


def record_consent(uow: UnitOfWork, data: ConsentData, today: date) -> ConsentView:
    """One consent for one purpose (and recipient); an under-14 needs a guardian's."""
    require(uow.actor, Permission.CASES_EDIT)
    data = clean(data)
    if data.purpose != "provision":
        data = replace(data, recipient_kind="", recipient_organization_id=None, recipient_name="") \
            if not (data.recipient_kind or data.recipient_organization_id or data.recipient_name) else data
    with uow:
        client = load_client(uow.session, data.client_id)
        raise_if(validate_consent(data, client.birth_date, today))
        if data.recipient_kind == "organization":
            load_organization(uow.session, data.recipient_organization_id)
        row = Consent(**vars(data))
        if data.recipient_kind != "organization":
            row.recipient_organization_id = None
        uow.session.add(row)
        uow.session.flush()
        view = _consent_view(uow.session, row)
        uow.commit()
        return view


def withdraw_consent(uow: UnitOfWork, consent_id: str, on: date, today: date) -> ConsentView:
    """철회: from ``on`` the consent allows nothing (referrals, attendance, the city's copy)."""
    require(uow.actor, Permission.CASES_EDIT)
    with uow:
        row = uow.session.get(Consent, consent_id)
        if row is None or row.deleted_at is not None:
            raise NotFound("consent_not_found", id=consent_id)
        if row.withdrawn_on is not None:
            raise InputRefused("consent_already_withdrawn")
        errors = date_errors("withdrawn_on", on, today, required=True)
        if not errors and row.given_on is not None and on < row.given_on:
            errors.append(FieldError("withdrawn_on", "withdrawn_before_given"))
        raise_if(errors)
        row.withdrawn_on = on
        uow.session.flush()
        view = _consent_view(uow.session, row)
        uow.commit()
        return view


def list_consents(uow: UnitOfWork, client_id: str) -> list[ConsentView]:
    actor = require(uow.actor, Permission.CASES_READ)
    with uow:
        load_client(uow.session, client_id)
        rows = uow.session.scalars(select(Consent).where(Consent.client_id == client_id, Consent.deleted_at.is_(None))
                                   .order_by(Consent.given_on, Consent.id))
        views = [_consent_view(uow.session, r) for r in rows]
        _log_view(uow.session, actor, "consent", client_id)
        uow.commit()
        return views


# ---------------------------------------------------------------- cases

def _steps(row: CaseRecord) -> dict[str, date | None]:
    return {column: getattr(row, column) for column in cc.STEP_COLUMNS}


def _full_view(session: Session, row: CaseRecord) -> CaseView:
    client = session.get(Client, row.client_id)
    plan = list(session.scalars(select(CasePlanItem).where(CasePlanItem.case_record_id == row.id,
                                                          CasePlanItem.deleted_at.is_(None))
                                .order_by(CasePlanItem.due_on, CasePlanItem.id)))
    checks = list(session.scalars(select(CaseCheck).where(CaseCheck.case_record_id == row.id,
                                                         CaseCheck.deleted_at.is_(None))
                                  .order_by(CaseCheck.checked_on, CaseCheck.id)))
    return case_view(row, client.name if client is not None else "", plan, checks)


def open_case(uow: UnitOfWork, client_id: str, found_on: date, today: date, worker: str = "") -> CaseView:
    """A new case from 발굴; the account opening it is in charge unless another is named."""
    actor = require(uow.actor, Permission.CASES_EDIT)
    raise_if(validate_steps({"found_on": found_on}, today) or date_errors("found_on", found_on, today, required=True))
    worker = clean_text(worker) or actor.username
    raise_if(text_errors({"worker": worker}))
    with uow:
        client = load_client(uow.session, client_id)
        open_one = uow.session.scalar(select(CaseRecord.id).where(
            CaseRecord.client_id == client_id, CaseRecord.closed_on.is_(None), CaseRecord.deleted_at.is_(None)))
        if open_one is not None:
            raise InputRefused("open_case_exists")
        row = CaseRecord(client_id=client.id, found_on=found_on, worker=worker, crisis_level=client.crisis_level)
        uow.session.add(row)
        uow.session.flush()
        view = _full_view(uow.session, row)
        uow.commit()
        return view


def record_step(uow: UnitOfWork, case_id: str, step: str, on: date, today: date,
                classification: str = "") -> CaseView:
    """The case reached ``step`` on ``on``. 접수 needs the client's collection consent; 대상자
    구분 names the classification; 종결 has its own service (``close_case``)."""
    require(uow.actor, Permission.CASES_EDIT)
    columns = {code: column for code, column, _ko, _en in cc.STEPS}
    if step not in columns or step == "closed":
        raise ValidationFailed([FieldError("step", "invalid_choice", {"value": step})])
    if step == "classified" and classification not in cc.CLASSIFICATION:
        raise ValidationFailed([FieldError("classification", "required")])
    with uow:
        row = load_case(uow.session, case_id)
        if row.closed_on is not None and step != "follow_up":
            raise InputRefused("case_closed")
        steps = {**_steps(row), columns[step]: on}
        raise_if(validate_steps(steps, today))
        if step == "received" and not has_consent(uow.session, row.client_id, "collection", on):
            raise InputRefused("collection_consent_missing")
        setattr(row, columns[step], on)
        if step == "classified":
            row.classification = classification
        uow.session.flush()
        view = _full_view(uow.session, row)
        uow.commit()
        return view


def close_case(uow: UnitOfWork, case_id: str, on: date, reason: str, today: date, note: str = "") -> CaseView:
    require(uow.actor, Permission.CASES_EDIT)
    if reason not in cc.CLOSING_REASON:
        raise InputRefused("case_not_closable")
    note = clean_text(note, multiline=True)
    raise_if(text_errors({"closing_note": note}))
    with uow:
        row = load_case(uow.session, case_id)
        if row.closed_on is not None:
            raise InputRefused("case_closed")
        # A case may close at any step after 발굴 (a person moves away, refuses), so only
        # the dates are checked: not before the last step reached, not before 접수.
        steps = _steps(row)
        reached = [c for c in cc.STEP_COLUMNS if steps[c] is not None]
        errors = date_errors("closed_on", on, today, required=True)
        if not errors and reached and on < steps[reached[-1]]:  # type: ignore[operator]
            errors.append(FieldError("closed_on", "step_out_of_order", {"previous": ""}))
        raise_if(errors)
        row.closed_on, row.closing_reason, row.closing_note = on, reason, note
        uow.session.flush()
        view = _full_view(uow.session, row)
        uow.commit()
        return view


def add_plan_item(uow: UnitOfWork, case_id: str, data: PlanItemData) -> CaseView:
    require(uow.actor, Permission.CASES_EDIT)
    data = clean(data)
    raise_if(validate_plan_item(data))
    with uow:
        row = load_case(uow.session, case_id)
        if row.closed_on is not None:
            raise InputRefused("case_closed")
        uow.session.add(CasePlanItem(case_record_id=row.id, **vars(data)))
        uow.session.flush()
        view = _full_view(uow.session, row)
        uow.commit()
        return view


def record_check(uow: UnitOfWork, case_id: str, checked_on: date, note: str, next_check_on: date | None,
                 today: date) -> CaseView:
    """점검: a check of a case under way; the next one's date becomes the case's due day."""
    require(uow.actor, Permission.CASES_EDIT)
    note = clean_text(note, multiline=True)
    errors = date_errors("checked_on", checked_on, today, required=True) + text_errors({"note": note})
    if next_check_on is not None and next_check_on <= checked_on:
        errors.append(FieldError("next_check_on", "step_out_of_order", {"previous": cc.STEP["providing"][0]}))
    raise_if(errors)
    with uow:
        row = load_case(uow.session, case_id)
        if row.closed_on is not None:
            raise InputRefused("case_closed")
        if row.providing_on is None or checked_on < row.providing_on:
            raise ValidationFailed([FieldError("checked_on", "step_gap", {"previous": cc.STEP["providing"][0]})])
        uow.session.add(CaseCheck(case_record_id=row.id, checked_on=checked_on, note=note,
                                  next_check_on=next_check_on))
        row.next_check_on = next_check_on
        uow.session.flush()
        view = _full_view(uow.session, row)
        uow.commit()
        return view


def get_case(uow: UnitOfWork, case_id: str) -> CaseView:
    actor = require(uow.actor, Permission.CASES_READ)
    with uow:
        view = _full_view(uow.session, load_case(uow.session, case_id))
        _log_view(uow.session, actor, "case_record", case_id)
        uow.commit()
        return view


def list_cases(uow: UnitOfWork, today: date, mine: bool = False, open_only: bool = True) -> list[CaseView]:
    """Cases with their next due step, overdue ones first, then by due day; ``mine``: only
    those the acting account is in charge of."""
    actor = require(uow.actor, Permission.CASES_READ)
    with uow:
        query = (select(CaseRecord, Client.name).join(Client, Client.id == CaseRecord.client_id)
                 .where(CaseRecord.deleted_at.is_(None)))
        if open_only:
            query = query.where(CaseRecord.closed_on.is_(None))
        if mine:
            query = query.where(CaseRecord.worker == actor.username)
        views = [case_view(row, name) for row, name in uow.session.execute(query)]
        log_list_view(uow.session, actor, "case_record", {"list": "mine" if mine else "all", "rows": len(views)})
        uow.commit()
    far = date.max
    return sorted(views, key=lambda v: (not v.overdue(today), v.due.due_on if v.due else far, v.client_name, v.id))


def due_cases(uow: UnitOfWork, today: date, within_days: int = 7, mine: bool = False) -> list[CaseView]:
    """Open cases whose next step is overdue or due within ``within_days``."""
    return [v for v in list_cases(uow, today, mine) if v.due is not None and v.due.days_left(today) <= within_days]
