"""What a joint project and a plan item may hold, each rule defined once and shared by the
services and by records arriving in sync packages: names, codes from their lists, dates
in order, money and counts not negative and spending within the budget, every free text
through ``app.text_rules``.

Pure functions on frozen data: no session, no Qt.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from app.errors import FieldError
from app.network import codes as ncodes
from app.text_rules import check_record_texts, check_texts, length_errors

NAME_MAX = 200
ROLE_MAX = 100
TEXT_MAX = {"progress_note": 4000, "result": 4000, "note": 4000}
# Won and people: far above any 읍면동 project, well inside 32-bit integers.
MONEY_MAX = 2_000_000_000
COUNT_MAX = 10_000_000
YEAR_MIN, YEAR_MAX = 2000, 2100


@dataclass(frozen=True)
class PartnerData:
    organization_id: str
    role: str = ""


@dataclass(frozen=True)
class ProjectData:
    """What a person fills in for a joint project."""

    name: str
    kind: str
    start_on: date | None
    end_on: date | None = None
    subcommittee_id: str | None = None
    plan_item_id: str | None = None
    budget: int = 0
    spending: int = 0
    beneficiaries: int | None = None
    progress_note: str = ""
    result: str = ""
    partners: tuple[PartnerData, ...] = ()


@dataclass(frozen=True)
class PlanItemData:
    """What a person fills in for a plan item."""

    title: str
    year: int
    subcommittee_id: str | None = None
    status: str = "planned"
    note: str = ""


def _nfc(text: str | None) -> str:
    return unicodedata.normalize("NFC", text or "").strip()


def _one_line(text: str | None) -> str:
    return " ".join(_nfc(text).split())


def clean_project(data: ProjectData) -> ProjectData:
    # One row per organization, the first role given kept.
    seen: dict[str, PartnerData] = {}
    for partner in data.partners:
        if partner.organization_id and partner.organization_id not in seen:
            seen[partner.organization_id] = PartnerData(partner.organization_id, _one_line(partner.role))
    return replace(data, name=_one_line(data.name), progress_note=_nfc(data.progress_note),
                   result=_nfc(data.result), subcommittee_id=data.subcommittee_id or None,
                   plan_item_id=data.plan_item_id or None, partners=tuple(seen.values()))


def clean_plan_item(data: PlanItemData) -> PlanItemData:
    return replace(data, title=_one_line(data.title), note=_nfc(data.note), subcommittee_id=data.subcommittee_id or None)


def _name_errors(field: str, name: str) -> list[FieldError]:
    if not name:
        return [FieldError(field, "required")]
    if len(name) > NAME_MAX:
        return [FieldError(field, "too_long", {"max": NAME_MAX})]
    return []


def amount_errors(values: Mapping[str, int | None], limit: int) -> list[FieldError]:
    errors: list[FieldError] = []
    for name, value in values.items():
        if value is None:
            continue
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            errors.append(FieldError(name, "negative_number"))
        elif value > limit:
            errors.append(FieldError(name, "number_too_large", {"max": limit}))
    return errors


def validate_project(data: ProjectData) -> list[FieldError]:
    errors = _name_errors("project_name", data.name)
    if data.kind not in ncodes.PROJECT_KIND:
        errors.append(FieldError("project_kind", "required" if not data.kind else "invalid_choice",
                                 {"value": data.kind}))
    if data.start_on is None:
        errors.append(FieldError("project_start_on", "required"))
    elif data.end_on is not None and data.end_on < data.start_on:
        errors.append(FieldError("project_end_on", "project_end_before_start"))
    errors += amount_errors({"budget": data.budget, "spending": data.spending}, MONEY_MAX)
    errors += amount_errors({"beneficiaries": data.beneficiaries}, COUNT_MAX)
    if not any(e.field in ("budget", "spending") for e in errors) and data.spending > data.budget > 0:
        errors.append(FieldError("spending", "spending_over_budget",
                                 {"spending": f"{data.spending:,}", "budget": f"{data.budget:,}"}))
    if data.kind == "joint" and len(data.partners) < 2:
        errors.append(FieldError("partners", "too_few_partners"))
    errors += [FieldError(key, "too_long", {"max": TEXT_MAX[n]})
               for n, key in (("progress_note", "project_progress"), ("result", "project_result"))
               if len(getattr(data, n)) > TEXT_MAX[n]]
    roles = [p.role for p in data.partners]
    if any(len(r) > ROLE_MAX for r in roles):
        errors.append(FieldError("partners", "too_long", {"max": ROLE_MAX}))
    seen = {e.field for e in errors}
    texts = {"project_name": data.name, "project_progress": data.progress_note, "project_result": data.result,
             "partners": " ".join(roles)}
    return errors + [e for e in check_texts(texts, multiline=("project_progress", "project_result"))
                     if e.field not in seen]


def validate_plan_item(data: PlanItemData) -> list[FieldError]:
    errors = _name_errors("plan_title", data.title)
    if not isinstance(data.year, int) or not YEAR_MIN <= data.year <= YEAR_MAX:
        errors.append(FieldError("plan_year", "invalid_choice", {"value": str(data.year)}))
    if data.status not in ncodes.PLAN_STATUS:
        errors.append(FieldError("plan_status", "invalid_choice", {"value": data.status}))
    if len(data.note) > TEXT_MAX["note"]:
        errors.append(FieldError("note", "too_long", {"max": TEXT_MAX["note"]}))
    seen = {e.field for e in errors}
    texts = {"plan_title": data.title, "note": data.note}
    return errors + [e for e in check_texts(texts, multiline=("note",)) if e.field not in seen]


# ---------------------------------------------------------------- records arriving by sync

_MULTILINE = frozenset(TEXT_MAX)
_CODES: dict[tuple[str, str], Mapping[str, Any]] = {
    ("joint_project", "kind"): ncodes.PROJECT_KIND,
    ("plan_item", "status"): ncodes.PLAN_STATUS,
}


def validate_incoming(table: str, data: Mapping[str, Any]) -> list[FieldError]:
    """The area's rules on one record arriving in a sync package (only the fields it
    carries): texts through the guard, lengths, names, codes, amounts not negative."""
    text_fields = [k for k, v in data.items() if isinstance(v, str) and not k.endswith("_id") and k != "id"]
    errors = check_record_texts(data, [k for k in text_fields if k not in _MULTILINE],
                                [k for k in text_fields if k in _MULTILINE])
    errors += length_errors(data, {**TEXT_MAX, "name": NAME_MAX, "title": NAME_MAX, "role": ROLE_MAX})
    for column in ("name", "title"):
        if table in ("joint_project", "plan_item") and column in data and not data[column]:
            errors.append(FieldError(column, "required"))
    for (owner, column), labels in _CODES.items():
        if table == owner and column in data and data[column] not in labels:
            errors.append(FieldError(column, "invalid_choice", {"value": str(data[column])[:20]}))
    if table == "joint_project":
        errors += amount_errors({k: data[k] for k in ("budget", "spending") if k in data}, MONEY_MAX)
        errors += amount_errors({k: data[k] for k in ("beneficiaries",) if k in data}, COUNT_MAX)
    unique: dict[tuple[str, str], FieldError] = {}
    for error in errors:
        unique.setdefault((error.field, error.code), error)
    return list(unique.values())
