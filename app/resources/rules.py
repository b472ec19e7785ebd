"""What an organization and a service of the directory may hold, each rule defined once and
shared by the services (and, later, the HSDS and Excel imports): codes from their lists,
lengths, ages, capacity >= current use >= 0, dates of closing and verification, and every
free text through ``app.text_rules`` (no 주민등록번호, no control characters).

Pure functions on frozen data: no session, no Qt.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from app import codes
from app.errors import FieldError
from app.resources import codes as rcodes
from app.text_rules import check_record_texts, check_texts, length_errors

NAME_MAX = 200
TEXT_MAX = {"description": 4000, "eligibility_description": 2000, "application_process": 2000,
            "fees_description": 1000, "schedule_description": 1000, "status_notice": 1000}
SHORT_MAX = {"email": 200, "website": 300, "capacity_unit": 30}
PLACES_MAX = 500
AGE_MAX = 150
# A day's or a month's capacity in units (도시락, 명, 회); far above any real resource, and
# well inside SQLite's and PostgreSQL's integers.
COUNT_MAX = 10_000_000
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_WEBSITE = re.compile(r"^(https?://)?[^\s/]+\.[^\s]+$", re.IGNORECASE)


@dataclass(frozen=True)
class OrganizationData:
    """What a person fills in for an organization."""

    name: str
    sector: str
    description: str = ""
    email: str = ""
    website: str = ""


@dataclass(frozen=True)
class ServiceData:
    """What a person fills in for a service (its status and verification have their own actions)."""

    organization_id: str
    name: str
    resource_kind: str
    description: str = ""
    service_areas: tuple[str, ...] = ()
    target_groups: tuple[str, ...] = ()
    eligibility_description: str = ""
    minimum_age: int | None = None
    maximum_age: int | None = None
    application_process: str = ""
    fees_description: str = ""
    schedule_description: str = ""
    area_places: tuple[str, ...] = ()   # 리/마을; empty: the whole 읍면동
    capacity: int | None = None         # None: no fixed limit
    capacity_unit: str = ""
    current_use: int = 0


def _nfc(text: str | None) -> str:
    # Stored composed, so search and duplicate checks see one form of each syllable.
    return unicodedata.normalize("NFC", text or "").strip()


def _one_line(text: str | None) -> str:
    return " ".join(_nfc(text).split())


def _in_order(chosen: tuple[str, ...], labels: codes.Labels) -> tuple[str, ...]:
    """Known codes in code-list order, then unknown ones as given (so validation names them)."""
    wanted = list(dict.fromkeys(chosen))
    return tuple(c for c in labels if c in wanted) + tuple(c for c in wanted if c not in labels)


def clean_organization(data: OrganizationData) -> OrganizationData:
    return replace(data, name=_one_line(data.name), description=_nfc(data.description),
                   email=_nfc(data.email), website=_nfc(data.website))


def clean_service(data: ServiceData) -> ServiceData:
    # A comma separates places where they are stored, so none may hold one.
    places = tuple(dict.fromkeys(p for p in (_one_line(p.replace(",", " ")) for p in data.area_places) if p))
    return replace(
        data, name=_one_line(data.name), description=_nfc(data.description),
        service_areas=_in_order(tuple(data.service_areas), codes.SERVICE_AREA),
        target_groups=_in_order(tuple(data.target_groups), rcodes.TARGET_GROUP),
        eligibility_description=_nfc(data.eligibility_description),
        application_process=_nfc(data.application_process), fees_description=_nfc(data.fees_description),
        schedule_description=_nfc(data.schedule_description), area_places=places,
        capacity_unit=_one_line(data.capacity_unit),
    )


def _name_errors(field: str, name: str) -> list[FieldError]:
    if not name:
        return [FieldError(field, "required")]
    if len(name) > NAME_MAX:
        return [FieldError(field, "too_long", {"max": NAME_MAX})]
    return []


def _length_errors(values: dict[str, str], limits: dict[str, int]) -> list[FieldError]:
    return [FieldError(name, "too_long", {"max": limits[name]})
            for name, value in values.items() if name in limits and len(value) > limits[name]]


def _text_errors(errors: list[FieldError], texts: dict[str, str], multiline: tuple[str, ...]) -> list[FieldError]:
    """``check_texts`` for fields that have no error yet: one message a field."""
    seen = {e.field for e in errors}
    return [e for e in check_texts(texts, multiline=multiline) if e.field not in seen]


def validate_organization(data: OrganizationData) -> list[FieldError]:
    errors = _name_errors("organization_name", data.name)
    if data.sector not in rcodes.SECTOR:
        errors.append(FieldError("sector", "required" if not data.sector else "invalid_choice", {"value": data.sector}))
    errors += _length_errors({"description": data.description, "email": data.email, "website": data.website},
                             {**TEXT_MAX, **SHORT_MAX})
    if data.email and not _EMAIL.match(data.email):
        errors.append(FieldError("email", "invalid_email", {"value": data.email}))
    if data.website and not _WEBSITE.match(data.website):
        errors.append(FieldError("website", "invalid_website", {"value": data.website}))
    texts = {"organization_name": data.name, "description": data.description, "email": data.email,
             "website": data.website}
    return errors + _text_errors(errors, texts, ("description",))


def count_errors(capacity: int | None, current_use: int | None) -> list[FieldError]:
    """capacity >= current use >= 0 (capacity may be absent: no fixed limit)."""
    errors: list[FieldError] = []
    for name, value in (("capacity", capacity), ("current_use", current_use)):
        if value is None:
            continue
        if value < 0:
            errors.append(FieldError(name, "negative_number"))
        elif value > COUNT_MAX:
            errors.append(FieldError(name, "number_too_large", {"max": COUNT_MAX}))
    if current_use is None:
        errors.append(FieldError("current_use", "required"))
    if not errors and capacity is not None and current_use is not None and capacity < current_use:
        errors.append(FieldError("capacity", "capacity_below_use", {"capacity": capacity, "use": current_use}))
    return errors


def validate_service(data: ServiceData) -> list[FieldError]:
    errors = _name_errors("service_name", data.name)
    if not data.organization_id:
        errors.append(FieldError("organization_id", "required"))
    if data.resource_kind not in rcodes.RESOURCE_KIND:
        errors.append(FieldError("resource_kind", "required" if not data.resource_kind else "invalid_choice",
                                 {"value": data.resource_kind}))
    for name, chosen, labels in (("service_areas", data.service_areas, codes.SERVICE_AREA),
                                 ("target_groups", data.target_groups, rcodes.TARGET_GROUP)):
        unknown = [c for c in chosen if c not in labels]
        if unknown:
            errors.append(FieldError(name, "invalid_choice", {"value": unknown[0]}))
    for name in ("minimum_age", "maximum_age"):
        value = getattr(data, name)
        if value is not None and value < 0:
            errors.append(FieldError(name, "negative_number"))
        elif value is not None and value > AGE_MAX:
            errors.append(FieldError(name, "number_too_large", {"max": AGE_MAX}))
    if (not errors and data.minimum_age is not None and data.maximum_age is not None
            and data.minimum_age > data.maximum_age):
        errors.append(FieldError("minimum_age", "age_range", {"minimum": data.minimum_age, "maximum": data.maximum_age}))
    errors += count_errors(data.capacity, data.current_use)
    long_texts = {name: getattr(data, name) for name in TEXT_MAX if hasattr(data, name)}
    errors += _length_errors({**long_texts, "capacity_unit": data.capacity_unit}, {**TEXT_MAX, **SHORT_MAX})
    places = ", ".join(data.area_places)
    if len(places) > PLACES_MAX:
        errors.append(FieldError("area_places", "too_long", {"max": PLACES_MAX}))
    texts = {"service_name": data.name, **long_texts, "capacity_unit": data.capacity_unit, "area_places": places}
    return errors + _text_errors(errors, texts, tuple(TEXT_MAX))


def validate_closing(notice: str, until: date | None, today: date) -> list[FieldError]:
    """A temporary closing: a notice for whoever refers people, and an until-date not past."""
    errors: list[FieldError] = []
    if len(notice) > TEXT_MAX["status_notice"]:
        errors.append(FieldError("status_notice", "too_long", {"max": TEXT_MAX["status_notice"]}))
    if until is not None and until < today:
        errors.append(FieldError("closed_until", "until_in_past"))
    return errors + _text_errors(errors, {"status_notice": notice}, ("status_notice",))


def validate_verified_on(on: date | None, today: date) -> list[FieldError]:
    if on is None:
        return [FieldError("last_verified_on", "required")]
    if on > today:
        return [FieldError("last_verified_on", "future_date")]
    if on.year < 1900:
        return [FieldError("last_verified_on", "date_too_old")]
    return []


def clean_text(text: str | None) -> str:
    """A free text as stored (composed, trimmed)."""
    return _nfc(text)


# ---------------------------------------------------------------- records arriving by sync

_MULTILINE = frozenset(TEXT_MAX)


def validate_incoming(table: str, data: Mapping[str, Any]) -> list[FieldError]:
    """The directory's rules on one record arriving in a sync package (only the fields it
    carries): every text through the text guard, the services' length limits, a name where
    one is required, capacity at least the use and neither negative."""
    text_fields = [k for k, v in data.items() if isinstance(v, str) and not k.endswith("_id") and k != "id"]
    errors = check_record_texts(data, [k for k in text_fields if k not in _MULTILINE],
                                [k for k in text_fields if k in _MULTILINE])
    errors += length_errors(data, {**TEXT_MAX, **SHORT_MAX, "name": NAME_MAX})
    if table in ("organization", "service") and "name" in data and not data["name"]:
        errors.append(FieldError("name", "required"))
    if table == "service" and ("capacity" in data or "current_use" in data):
        capacity, use = data.get("capacity"), data.get("current_use")
        if all(v is None or (isinstance(v, int) and not isinstance(v, bool)) for v in (capacity, use)):
            errors += count_errors(capacity, use)  # type: ignore[arg-type]
        else:
            errors.append(FieldError("capacity", "invalid_choice", {"value": str(capacity)[:20]}))
    seen: set[tuple[str, str]] = set()
    unique = []
    for error in errors:
        if (error.field, error.code) not in seen:
            seen.add((error.field, error.code))
            unique.append(error)
    return unique
