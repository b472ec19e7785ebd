"""Who may receive what of a person's data: the consents on record and not withdrawn.

- ``provision_consent``: the live provision consent of a client to one recipient (an
  organization of the directory, the 시군구, or an agency outside it by name): referrals
  and conference attendance ask it;
- ``consent_allows``: the sync hook (``TableSpec.consent_check``): a record of a case
  travels to the city identified only when its client's provision consent to the 시군구
  is on record and not withdrawn (통합사례관리 by the 희망복지지원단).

Consents are looked up by the client's id; a withdrawn or deleted consent counts as none.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.case_models import CaseRecord, Consent, ConferenceCase


def _live(session: Session, client_id: str, purpose: str, on: date | None = None) -> list[Consent]:
    query = select(Consent).where(Consent.client_id == client_id, Consent.purpose == purpose,
                                  Consent.deleted_at.is_(None), Consent.withdrawn_on.is_(None))
    rows = list(session.scalars(query.order_by(Consent.given_on.desc(), Consent.id)))
    return [r for r in rows if on is None or (r.given_on is not None and r.given_on <= on)]


def has_consent(session: Session, client_id: str, purpose: str, on: date | None = None) -> bool:
    return bool(_live(session, client_id, purpose, on))


def provision_consent(session: Session, client_id: str, *, organization_id: str | None = None,
                      agency_name: str = "", sigungu: bool = False, on: date | None = None) -> Consent | None:
    """The live provision consent to this recipient given by ``on`` (any date when None)."""
    for row in _live(session, client_id, "provision", on):
        if sigungu and row.recipient_kind == "sigungu":
            return row
        if organization_id and row.recipient_kind == "organization" and row.recipient_organization_id == organization_id:
            return row
        if agency_name and row.recipient_kind == "other" and row.recipient_name == agency_name:
            return row
    return None


def _client_of(session: Session, table_name: str, row: Any) -> str | None:
    if table_name == "client":
        return row.id
    if table_name in ("consent", "case_record", "referral"):
        return row.client_id
    if table_name in ("case_plan_item", "case_check"):
        return session.scalar(select(CaseRecord.client_id).where(CaseRecord.id == row.case_record_id))
    if table_name == "conference_case":
        return session.scalar(select(CaseRecord.client_id).where(CaseRecord.id == row.case_record_id))
    if table_name in ("conference_role", "conference_leave"):
        return session.scalar(select(CaseRecord.client_id).join(ConferenceCase, ConferenceCase.case_record_id ==
                                                                CaseRecord.id)
                              .where(ConferenceCase.id == row.conference_case_id))
    return None  # a conference and its attendees belong to no one client: sealed only


def consent_allows(session: Session, table_name: str, row: Any) -> bool:
    """Whether this stored row of a case table may travel to the city identified."""
    client_id = _client_of(session, table_name, row)
    return client_id is not None and provision_consent(session, client_id, sigungu=True) is not None
