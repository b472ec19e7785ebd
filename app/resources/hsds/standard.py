"""What the program knows of Open Referral HSDS 3.0: the tables it writes and reads (their
file names, columns, required columns and column types, from the standard's own package
description shipped in ``resources/hsds``) and how the directory's code lists travel.

HSDS has no column for the council's sector, resource kind, eight service areas, target
groups or capacity. The standard's way to carry such things is a taxonomy: each code list
is a ``taxonomy`` row, each code a ``taxonomy_term`` row, and a record carries a code by an
``attribute`` row (``link_id`` the record, ``taxonomy_term_id`` the code). Values without a
code list (capacity 30, unit "도시락/일") are attributes whose ``value`` holds them, linked
to a term naming the field. Every id here is a UUID derived from a fixed namespace, so two
exports of the same directory (or of two councils) name the same code with the same id,
and the import recognises them.
"""
from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from app import codes
from app.paths import resources_dir
from app.resources import codes as rcodes

# Parents before children: the order the export writes and the import applies.
TABLES: tuple[str, ...] = ("organization", "program", "service", "location", "address", "service_at_location",
                           "contact", "phone", "schedule", "service_area", "taxonomy", "taxonomy_term", "attribute")
# The directory keeps no programmes: ``programs.csv`` is written empty (services may name a
# programme, and the package's foreign keys need the table) and never read.
IMPORTED: tuple[str, ...] = tuple(t for t in TABLES if t != "program")

# The namespace of every id the program derives (code-list terms, attributes, schedules).
NAMESPACE = uuid.UUID("6f1c2b1e-5d0e-4c55-9a55-c0c11de5c0de")
VERSION = "3.0.0"


@lru_cache(maxsize=1)
def descriptor() -> dict[str, Any]:
    """The standard's package description (the thirteen tables), as published."""
    with open(resources_dir() / "hsds" / "hsds_3_0.json", encoding="utf-8") as handle:
        return json.load(handle)


@dataclass(frozen=True)
class TableInfo:
    name: str
    path: str                       # the standard's file name: organizations.csv
    fields: tuple[str, ...]         # in the standard's order (the export's header)
    required: frozenset[str]
    types: dict[str, str]           # field -> string | number | date | datetime | time
    formats: dict[str, str]         # field -> uuid | email | uri
    enums: dict[str, tuple[str, ...]]


@lru_cache(maxsize=None)
def table_info(name: str) -> TableInfo:
    resource = next(r for r in descriptor()["resources"] if r["name"] == name)
    fields = resource["schema"]["fields"]
    return TableInfo(
        name=name, path=resource["path"], fields=tuple(f["name"] for f in fields),
        required=frozenset(f["name"] for f in fields if f.get("constraints", {}).get("required")),
        types={f["name"]: f["type"] for f in fields},
        formats={f["name"]: f["format"] for f in fields if "format" in f},
        enums={f["name"]: tuple(f["constraints"]["enum"]) for f in fields if "enum" in f.get("constraints", {})},
    )


def derived_id(*parts: str) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(parts)))


# ---------------------------------------------------------------- code lists as taxonomies

@dataclass(frozen=True)
class CodeList:
    """One of the directory's code lists, or (``codes`` None) a field carried as a value."""

    key: str              # taxonomy name, and the term codes' prefix
    title: str            # the taxonomy's description
    entity: str           # the HSDS table its attributes link: organization | service
    column: str           # the stored column
    labels: codes.Labels | None = None
    many: bool = False    # a comma-separated column (service areas, target groups)


CODE_LISTS: tuple[CodeList, ...] = (
    CodeList("councildesk.sector", "기관 구분 (Sector)", "organization", "sector", rcodes.SECTOR),
    CodeList("councildesk.organization_status", "기관 운영 상태 (Organization status)", "organization", "status",
             rcodes.ORGANIZATION_STATUS),
    CodeList("councildesk.resource_kind", "자원 유형 (Resource kind)", "service", "resource_kind", rcodes.RESOURCE_KIND),
    CodeList("councildesk.service_area", "서비스 분야 (Service area)", "service", "service_areas", codes.SERVICE_AREA,
             many=True),
    CodeList("councildesk.target_group", "대상 (Target group)", "service", "target_groups", rcodes.TARGET_GROUP,
             many=True),
)

# Service fields HSDS has no column for, carried as attribute values (term code -> column).
VALUE_FIELDS: dict[str, tuple[str, str]] = {
    "capacity": ("정원 (Capacity)", "int"),
    "capacity_unit": ("정원 단위 (Capacity unit)", "text"),
    "current_use": ("현재 이용 (Current use)", "int"),
    "closed_until": ("중단 기한 (Closed until)", "date"),
    "last_verified_by": ("확인자 (Verified by)", "text"),
}
VALUE_TAXONOMY = "councildesk.field"
VALUE_TAXONOMY_TITLE = "협의체 데스크 항목 (CouncilDesk fields)"


@dataclass(frozen=True)
class Term:
    """A term the program itself defines: a code of a code list, or a value field."""

    id: str
    code: str             # "councildesk.sector:public"
    name: str
    description: str
    taxonomy: str
    taxonomy_id: str
    entity: str
    column: str
    value: str | None     # the stored code; None for a value field


def taxonomy_id(key: str) -> str:
    return derived_id("taxonomy", key)


@lru_cache(maxsize=1)
def own_terms() -> dict[str, Term]:
    """Every term the program defines, by id."""
    terms: list[Term] = []
    for code_list in CODE_LISTS:
        for code, (ko, en) in (code_list.labels or {}).items():
            full = f"{code_list.key}:{code}"
            terms.append(Term(derived_id("term", full), full, ko, en, code_list.key, taxonomy_id(code_list.key),
                              code_list.entity, code_list.column, str(code)))
    for column, (title, _kind) in VALUE_FIELDS.items():
        full = f"{VALUE_TAXONOMY}:{column}"
        terms.append(Term(derived_id("term", full), full, title, title, VALUE_TAXONOMY, taxonomy_id(VALUE_TAXONOMY),
                          "service", column, None))
    return {t.id: t for t in terms}


def own_taxonomies() -> list[tuple[str, str, str]]:
    """(id, name, description) of the program's taxonomies."""
    rows = [(taxonomy_id(c.key), c.key, c.title) for c in CODE_LISTS]
    return rows + [(taxonomy_id(VALUE_TAXONOMY), VALUE_TAXONOMY, VALUE_TAXONOMY_TITLE)]


def term_id(key: str, code: str) -> str:
    return derived_id("term", f"{key}:{code}")


def attribute_id(link_id: str, term: str) -> str:
    return derived_id("attribute", link_id, term)


# HSDS service statuses <-> the directory's.
STATUS_OUT = {"active": "active", "temporarily_closed": "temporarily closed", "inactive": "inactive"}
STATUS_IN = {"active": "active", "temporarily closed": "temporarily_closed", "inactive": "inactive",
             "defunct": "inactive"}

# Required text the directory may not know (a 경로당's postal code): written so the package
# stays valid, and read back as empty.
UNKNOWN = "미상"
