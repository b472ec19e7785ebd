"""What the case printouts (``app.reports.case_pdfs``) may put on paper, read here so that
every read of case data stays in ``app.cases``:

- a referral letter (의뢰서) carries only the person's items that the provision consent it
  rests on names (``consent.items``, free text such as "성명, 연락처, 가구 상황"): the
  other fields of the person are left out, never printed blank-but-present;
- a blank consent form (동의서) per purpose and recipient names the person and, for an
  under-14, asks for the legal guardian;
- each print is written to the access log (``log_print``) with the document and file,
  never the person's data.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from sqlalchemy import select

from app.cases import codes as cc
from app.cases.conferences import get_conference
from app.cases.referrals import get_referral
from app.cases.rules import GUARDIAN_AGE, age_on, clean_text, text_errors
from app.cases.services import _consent_view, load_client, raise_if
from app.cases.views import ClientView, ConferenceView, ConsentView, ReferralView, client_view
from app.errors import FieldError, NotFound, ValidationFailed
from app.security.audit import append_entry, record
from app.security.permissions import Permission, require
from db.case_models import Consent
from db.resource_models import Organization
from db.session import UnitOfWork

# Words of a consent's items (항목) → the person's fields they cover. Matching is by word
# in the typed text, so "성명, 연락처" covers name and phone; a field no word names stays off
# the letter (the law's "minimum data": 법 제12조⑤, PIPA 제17조).
ITEM_WORDS: dict[str, tuple[str, ...]] = {
    "name": ("성명", "이름"),
    "sex": ("성별",),
    "birth_date": ("생년월일", "연령", "나이"),
    "address": ("주소", "거주지"),
    "place": ("주소", "거주지", "마을"),
    "phone": ("연락처", "전화"),
    "household_type": ("가구",),
    "household_size": ("가구",),
    "crisis_level": ("위기",),
}
# What a letter never carries, whatever the consent says: notes are the council's own.
NEVER_PRINTED = frozenset({"note", "found_by"})


def covered_fields(items: str) -> frozenset[str]:
    """The person's fields a consent's items name."""
    return frozenset(name for name, words in ITEM_WORDS.items() if any(word in items for word in words))


def _only(view: ClientView, covered: frozenset[str]) -> ClientView:
    """The person with every field the consent does not cover blanked."""
    blank = {"birth_date": None, "household_size": None, "found_on": None}
    hidden = {name: blank.get(name, "") for name in vars(view) if name != "id" and name not in covered}
    return replace(view, **hidden)


@dataclass(frozen=True)
class ReferralLetter:
    referral: ReferralView
    client: ClientView           # only the covered fields filled in
    covered: frozenset[str]
    consent: ConsentView


@dataclass(frozen=True)
class ConsentForm:
    client_name: str
    birth_date: date | None
    purpose: str
    recipient: str               # "" leaves a line to write the recipient by hand
    guardian: bool               # an under-14: the guardian signs (PIPA 제22조의2)


def conference_record(uow: UnitOfWork, conference_id: str) -> ConferenceView:
    """The conference as the 사례회의록 prints it."""
    require(uow.actor, Permission.PRINT)
    return get_conference(uow, conference_id)


def referral_letter(uow: UnitOfWork, referral_id: str, today: date) -> ReferralLetter:
    """The referral with the person's fields its consent covers, and that consent."""
    require(uow.actor, Permission.PRINT)
    referral = get_referral(uow, referral_id, today)
    with uow:
        row = uow.session.get(Consent, referral.consent_id)
        if row is None:
            raise NotFound("consent_not_found", id=referral.consent_id)
        consent = _consent_view(uow.session, row)
        person = client_view(load_client(uow.session, referral.client_id))
    covered = covered_fields(consent.items) - NEVER_PRINTED
    return ReferralLetter(referral, _only(person, covered), covered, consent)


def consent_form(uow: UnitOfWork, client_id: str, purpose: str, recipient: str, today: date) -> ConsentForm:
    """A blank consent form for one person, purpose and (for provision) recipient: the
    recipient is an organization of the directory by id, or any name (the 시군구)."""
    actor = require(uow.actor, Permission.PRINT)
    require(actor, Permission.CASES_READ)
    if purpose not in cc.CONSENT_PURPOSE:
        raise ValidationFailed([FieldError("purpose", "invalid_choice", {"value": purpose})])
    recipient = clean_text(recipient)
    raise_if(text_errors({"recipient_name": recipient}))
    if recipient and purpose != "provision":
        raise ValidationFailed([FieldError("recipient_name", "recipient_not_for_purpose")])
    with uow:
        person = load_client(uow.session, client_id)
        if recipient:
            organization = uow.session.scalar(select(Organization).where(
                Organization.id == recipient, Organization.deleted_at.is_(None)))
            recipient = organization.name if organization is not None else recipient
        append_entry(uow.session, actor, "view", "client", client_id, {"document": "consent_form"})
        uow.commit()
        age = age_on(person.birth_date, today) if person.birth_date else None
        return ConsentForm(person.name, person.birth_date, purpose, recipient,
                           age is not None and age < GUARDIAN_AGE)


def log_print(uow: UnitOfWork, table: str, record_id: str, document: str, written: Path) -> Path:
    """A case printout in the access log (출력): which record, which document, which file."""
    require(uow.actor, Permission.PRINT)
    record(uow, "print", table, record_id, {"document": document, "file": written.name})
    return written
