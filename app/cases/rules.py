"""What a record of the case area may hold, each rule defined once and shared by the
services and by records arriving in sync packages: codes from their lists, lengths, dates
not in the future, a consent's recipient only for provision, the under-14 guardian, the
steps of a case in order and none before 접수, and every free text through
``app.text_rules`` (no 주민등록번호, no control characters).

Pure functions on frozen data: no session, no Qt. Messages never quote a person's data.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import date
from typing import Any

from app import codes
from app.cases import codes as cc
from app.errors import FieldError
from app.member_rules import normalize_phone, phone_is_valid
from app.text_rules import check_record_texts, check_texts, choice_error, length_errors

NAME_MAX = 50
SHORT_MAX = 200
NOTE_MAX = 4000
HOUSEHOLD_MAX = 30
GUARDIAN_AGE = 14  # PIPA 제22조의2: under 14, a legal guardian consents
# Steps a case may pass without: 초기상담 (a case referred in goes straight to 접수) and
# 사례회의 (a simple 서비스연계 is classified without one).
OPTIONAL_STEPS = frozenset({"counselled_on", "conferred_on"})
# Multiline free texts; every other text is one line.
MULTILINE = frozenset({"note", "closing_note", "summary", "reason", "result", "items", "what"})
TEXT_MAX: dict[str, int] = {
    "name": NAME_MAX, "person_name": NAME_MAX, "guardian_name": NAME_MAX, "guardian_relation": 30,
    "place": 100, "address": SHORT_MAX, "phone": 20, "found_by": 100, "recipient_name": SHORT_MAX,
    "retention": SHORT_MAX, "agency_name": SHORT_MAX, "position": 100, "who": SHORT_MAX,
    "service": SHORT_MAX, "referred_by": SHORT_MAX, "service_requested": SHORT_MAX,
    "items": 2000, "what": 2000, "note": NOTE_MAX, "closing_note": NOTE_MAX, "summary": NOTE_MAX,
    "reason": 2000, "result": 2000, "worker": 40,
}
# code columns -> their lists (a blank code means "not recorded" where optional).
CODES: dict[str, codes.Labels] = {
    "sex": codes.SEX, "household_type": cc.HOUSEHOLD_TYPE, "found_source": cc.FOUND_SOURCE,
    "crisis_level": cc.CRISIS_LEVEL, "purpose": cc.CONSENT_PURPOSE, "recipient_kind": cc.RECIPIENT_KIND,
    "given_how": cc.CONSENT_HOW, "classification": cc.CLASSIFICATION, "closing_reason": cc.CLOSING_REASON,
    "decision": cc.DECISION, "kind": cc.ATTENDEE_KIND, "status": cc.REFERRAL_STATUS,
    "decline_reason": cc.DECLINE_REASON,
}


@dataclass(frozen=True)
class ClientData:
    name: str
    sex: str = ""
    birth_date: date | None = None
    place: str = ""
    address: str = ""
    phone: str = ""
    household_type: str = ""
    household_size: int | None = None
    found_source: str = ""
    found_by: str = ""
    found_on: date | None = None
    crisis_level: str = ""
    note: str = ""


@dataclass(frozen=True)
class ConsentData:
    client_id: str
    purpose: str
    given_on: date | None
    items: str = ""
    retention: str = ""
    given_how: str = "written"
    recipient_kind: str = ""
    recipient_organization_id: str | None = None
    recipient_name: str = ""
    guardian_name: str = ""
    guardian_relation: str = ""


@dataclass(frozen=True)
class PlanItemData:
    what: str
    who: str = ""
    due_on: date | None = None


@dataclass(frozen=True)
class ConferenceData:
    held_on: date | None
    place: str = ""
    note: str = ""


@dataclass(frozen=True)
class AttendeeData:
    kind: str                          # member | host | agency
    member_id: str | None = None
    organization_id: str | None = None
    agency_name: str = ""
    person_name: str = ""
    position: str = ""


@dataclass(frozen=True)
class RoleData:
    service: str
    organization_id: str | None = None
    agency_name: str = ""
    person_name: str = ""
    due_on: date | None = None


@dataclass(frozen=True)
class DiscussionData:
    """A case discussed at a conference."""

    case_record_id: str
    summary: str
    decision: str
    next_check_on: date | None = None
    roles: tuple[RoleData, ...] = ()


@dataclass(frozen=True)
class ReferralData:
    client_id: str
    referred_on: date | None
    reason: str
    service_requested: str
    service_id: str | None = None
    agency_name: str = ""              # an agency outside the directory (no service_id)
    referred_by: str = ""
    case_record_id: str | None = None


def clean_text(text: str | None, multiline: bool = False) -> str:
    """A free text as stored: composed (so one syllable has one form), trimmed, and one
    line collapsed to single spaces."""
    value = unicodedata.normalize("NFC", text or "").strip()
    return value if multiline else " ".join(value.split())


def clean(data: Any) -> Any:
    """Every text field of a frozen data object cleaned; a valid phone in 010-1234-5678 form."""
    changes: dict[str, Any] = {}
    for f in fields(data):
        value = getattr(data, f.name)
        if isinstance(value, str) and not f.name.endswith("_id"):
            changes[f.name] = clean_text(value, f.name in MULTILINE)
    if "phone" in changes:
        changes["phone"] = normalize_phone(changes["phone"])
    return replace(data, **changes)


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


# Columns reported under a key of their own (``app.cases.messages``).
ALIASES = {"name": "client_name", "place": "client_place", "what": "plan_what", "reason": "referral_reason",
           "result": "referral_result"}


def _aliased(errors: list[FieldError]) -> list[FieldError]:
    return [replace(e, field=ALIASES[e.field]) if e.field in ALIASES else e for e in errors]


def text_errors(values: Mapping[str, object]) -> list[FieldError]:
    """Length and the text guard, one message per field."""
    texts = {k: v for k, v in values.items() if isinstance(v, str) and not k.endswith("_id") and k in TEXT_MAX}
    errors = length_errors(texts, TEXT_MAX)
    seen = {e.field for e in errors}
    return _aliased(errors + [e for e in check_texts({k: v for k, v in texts.items() if k not in seen},
                                                     multiline=MULTILINE) if e.field not in seen])


def _codes(values: Mapping[str, object], required: tuple[str, ...] = ()) -> list[FieldError]:
    errors: list[FieldError] = []
    for name, labels in CODES.items():
        if name not in values:
            continue
        value = values[name]
        if value in ("", None):
            if name in required:
                errors.append(FieldError(name, "required"))
            continue
        problem = choice_error(name, value, labels)
        if problem is not None:
            errors.append(problem)
    return errors


def date_errors(field: str, value: date | None, today: date, required: bool = False) -> list[FieldError]:
    if value is None:
        return [FieldError(field, "required")] if required else []
    if value > today:
        return [FieldError(field, "future_date")]
    if value.year < 1900:
        return [FieldError(field, "date_too_old")]
    return []


def validate_client(data: ClientData, today: date) -> list[FieldError]:
    errors: list[FieldError] = []
    if not data.name:
        errors.append(FieldError("client_name", "required"))
    errors += _codes(vars(data))
    errors += date_errors("birth_date", data.birth_date, today) + date_errors("found_on", data.found_on, today)
    if data.household_size is not None and not 1 <= data.household_size <= HOUSEHOLD_MAX:
        errors.append(FieldError("household_size", "number_too_large" if data.household_size > 0 else "negative_number",
                                 {"max": HOUSEHOLD_MAX}))
    if data.phone and not phone_is_valid(data.phone):
        errors.append(FieldError("phone", "client_invalid_phone"))
    named = {e.field for e in errors}
    return errors + [e for e in text_errors(vars(data)) if e.field not in named]


def validate_consent(data: ConsentData, birth_date: date | None, today: date) -> list[FieldError]:
    """One consent: its purpose, date and how given; a recipient exactly when it is a
    provision; under 14 on the day, a guardian's name and relation."""
    errors = _codes(vars(data), required=("purpose", "given_how"))
    errors += date_errors("given_on", data.given_on, today, required=True)
    if data.purpose == "provision":
        if data.recipient_kind not in cc.RECIPIENT_KIND:
            errors.append(FieldError("recipient_kind", "recipient_required"))
        elif data.recipient_kind == "organization" and not data.recipient_organization_id:
            errors.append(FieldError("recipient_organization_id", "recipient_required"))
        elif data.recipient_kind in ("sigungu", "other") and not data.recipient_name:
            errors.append(FieldError("recipient_name", "recipient_required"))
    elif data.recipient_kind or data.recipient_organization_id or data.recipient_name:
        errors.append(FieldError("recipient_kind", "recipient_not_for_purpose"))
    if birth_date is not None and data.given_on is not None:
        if data.given_on < birth_date:
            errors.append(FieldError("given_on", "consent_before_birth"))
        elif age_on(birth_date, data.given_on) < GUARDIAN_AGE and not (data.guardian_name and data.guardian_relation):
            errors.append(FieldError("guardian_name", "guardian_required"))
    return errors + text_errors(vars(data))


def validate_steps(steps: Mapping[str, date | None], today: date) -> list[FieldError]:
    """The step dates of a case: none in the future, each reached only after the one before
    it was, none before the one before it, and none after 접수 dated before 접수."""
    errors: list[FieldError] = []
    previous: tuple[str, date] | None = None
    received = steps.get("received_on")
    received_index = cc.STEP_COLUMNS.index("received_on")
    for index, column in enumerate(cc.STEP_COLUMNS):
        value = steps.get(column)
        if value is None:
            continue
        errors += date_errors(column, value, today)
        earlier = [c for c in cc.STEP_COLUMNS[:index] if steps.get(c) is None]
        missing = [c for c in earlier if c not in OPTIONAL_STEPS]
        if missing:
            errors.append(FieldError(column, "step_gap", {"previous": _step_label(missing[-1])}))
        elif index > received_index and received is not None and value < received:
            errors.append(FieldError(column, "step_before_received"))
        elif previous is not None and value < previous[1]:
            errors.append(FieldError(column, "step_out_of_order", {"previous": _step_label(previous[0])}))
        previous = (column, value)
    return errors


def _step_label(column: str) -> str:
    code = next(code for code, col, _ko, _en in cc.STEPS if col == column)
    return cc.STEP[code][0]


def validate_plan_item(data: PlanItemData) -> list[FieldError]:
    errors = [] if data.what else [FieldError("plan_what", "required")]
    return errors + text_errors(vars(data))


def validate_conference(data: ConferenceData, today: date) -> list[FieldError]:
    return date_errors("held_on", data.held_on, today, required=True) + text_errors(vars(data))


def validate_attendee(data: AttendeeData) -> list[FieldError]:
    errors = _codes(vars(data), required=("kind",))
    if data.kind == "member" and not data.member_id:
        errors.append(FieldError("member_id", "required"))
    if data.kind == "agency" and not (data.organization_id or data.agency_name):
        errors.append(FieldError("agency_name", "attendee_agency_required"))
    if data.kind in ("host", "agency") and not data.person_name:
        errors.append(FieldError("person_name", "required"))
    return errors + text_errors(vars(data))


def validate_discussion(data: DiscussionData) -> list[FieldError]:
    errors = _codes({"decision": data.decision}, required=("decision",))
    errors += text_errors({"summary": data.summary})
    for role in data.roles:
        if not role.service:
            errors.append(FieldError("service", "required"))
        if not (role.organization_id or role.agency_name):
            errors.append(FieldError("agency_name", "required"))
        errors += text_errors(vars(role))
    return errors


def validate_referral(data: ReferralData, today: date) -> list[FieldError]:
    errors = date_errors("referred_on", data.referred_on, today, required=True)
    if not data.service_id and not data.agency_name:
        errors.append(FieldError("service_id", "referral_target_required"))
    if not data.reason:
        errors.append(FieldError("referral_reason", "required"))
    if not data.service_requested:
        errors.append(FieldError("service_requested", "required"))
    return errors + text_errors(vars(data))


# ---------------------------------------------------------------- records arriving by sync

def validate_incoming(table: str, data: Mapping[str, Any]) -> list[FieldError]:
    """The case area's rules on one record arriving in a sync package (only the fields it
    carries): every text through the text guard and the services' length limits, codes
    from their lists, a household size in range."""
    text_fields = [k for k, v in data.items() if isinstance(v, str) and not k.endswith("_id") and k != "id"
                   and k not in CODES and k not in ("created_at", "updated_at", "deleted_at", "changed_by_device")]
    errors = check_record_texts(data, [k for k in text_fields if k not in MULTILINE],
                                [k for k in text_fields if k in MULTILINE])
    errors += length_errors(data, TEXT_MAX)
    for name, labels in CODES.items():
        if name == "kind" and table != "conference_attendee" or name == "status" and table != "referral":
            continue
        value = data.get(name)
        if name in data and value not in ("", None):
            problem = choice_error(name, value, labels)
            if problem is not None:
                errors.append(problem)
    size = data.get("household_size")
    if size is not None and "household_size" in data and (
            not isinstance(size, int) or isinstance(size, bool) or not 0 <= size <= HOUSEHOLD_MAX):
        errors.append(FieldError("household_size", "invalid_choice", {"value": str(size)[:20]}))
    seen: set[tuple[str, str]] = set()
    unique = []
    for error in errors:
        if (error.field, error.code) not in seen:
            seen.add((error.field, error.code))
            unique.append(error)
    return unique
