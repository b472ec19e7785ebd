"""The directory written as an HSDS 3.0 tabular package: one CSV per standard table (the
standard's file names and columns, in its order) and ``datapackage.json`` with the
standard's schemas, so any HSDS tool — and the city's — reads it.

What never leaves: a contact's private mobile (``contact.private_phone``, a field the
registry keeps on this PC) and records that were deleted. Text a spreadsheet would run as a
formula (``=``, ``+``, ``-``, ``@``, also after a tab or CR) is written behind an apostrophe
(``app.text_rules.csv_text``); the import takes the apostrophe off again.
"""
from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.areas import RESOURCES, SyncPolicy
from app.atomic_file import write_atomic
from app.errors import InputRefused
from app.resources.hsds import standard as std
from app.security.audit import append_entry
from app.security.permissions import Permission, require
from app.text_rules import csv_text
from db.resource_models import (Address, Contact, Location, Organization, Phone, Service, ServiceAtLocation,
                                ServiceTaxonomy, TaxonomyTerm)
from db.session import UnitOfWork

DATAPACKAGE = "datapackage.json"
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)


@dataclass(frozen=True)
class HsdsExport:
    folder: Path
    counts: dict[str, int]  # rows written per HSDS table

    @property
    def files(self) -> tuple[Path, ...]:
        return tuple(self.folder / std.table_info(t).path for t in std.TABLES) + (self.folder / DATAPACKAGE,)


def _never_exported() -> dict[str, frozenset[str]]:
    """Fields the registry keeps on this PC or marks personal: none of them is ever written."""
    return {t.name: frozenset(f for f, rule in t.fields.items() if rule.personal or rule.sync is SyncPolicy.LOCAL)
            for t in RESOURCES.tables}


def _cell(table: std.TableInfo, field: str, value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, date):
        return value.isoformat()
    if table.types.get(field) == "string" and field not in table.formats:
        return csv_text(value)
    return str(value)


def _csv_bytes(table: std.TableInfo, rows: Iterable[dict[str, object]]) -> tuple[bytes, int]:
    hidden = _never_exported().get(table.name, frozenset())
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.fields)
    count = 0
    for row in rows:
        assert not hidden & row.keys(), f"{table.name}: {hidden & row.keys()} must never be exported"
        unknown = row.keys() - set(table.fields)
        assert not unknown, f"{table.name}: {unknown} are not HSDS columns"
        writer.writerow([_cell(table, f, row.get(f)) for f in table.fields])
        count += 1
    return buffer.getvalue().encode("utf-8"), count


def _website(value: str) -> str:
    # HSDS wants a URI; people type "www.example.kr".
    return value if not value or _SCHEME.match(value) else "https://" + value


def _number(value: str) -> str:
    try:
        float(value)
    except ValueError:
        return ""
    return value


# ---------------------------------------------------------------- rows per table

@dataclass
class _Live:
    organizations: list[Organization]
    services: list[Service]
    locations: list[Location]
    addresses: list[Address]
    places: list[ServiceAtLocation]
    contacts: list[Contact]
    phones: list[Phone]
    terms: list[TaxonomyTerm]
    tags: list[ServiceTaxonomy]


def _live(session: Session, model: type) -> list[Any]:
    return list(session.scalars(select(model).where(model.deleted_at.is_(None)).order_by(model.id)))


def _load(session: Session) -> _Live:
    organizations = _live(session, Organization)
    org_ids = {o.id for o in organizations}
    services = [s for s in _live(session, Service) if s.organization_id in org_ids]
    service_ids = {s.id for s in services}
    locations = _live(session, Location)
    location_ids = {loc.id for loc in locations}
    terms = _live(session, TaxonomyTerm)
    term_ids = {t.id for t in terms}
    return _Live(
        organizations, services, locations,
        [a for a in _live(session, Address) if a.location_id in location_ids],
        [p for p in _live(session, ServiceAtLocation) if p.service_id in service_ids and p.location_id in location_ids],
        _live(session, Contact), _live(session, Phone), terms,
        [t for t in _live(session, ServiceTaxonomy) if t.service_id in service_ids and t.taxonomy_term_id in term_ids],
    )


def _ref(value: str | None, alive: set[str]) -> str | None:
    return value if value in alive else None


def _rows(live: _Live) -> dict[str, list[dict[str, object]]]:
    orgs = {o.id for o in live.organizations}
    services = {s.id for s in live.services}
    locations = {loc.id for loc in live.locations}
    contacts = {c.id for c in live.contacts}
    terms = {t.id for t in live.terms}
    rows: dict[str, list[dict[str, object]]] = {t: [] for t in std.TABLES}
    for o in live.organizations:
        rows["organization"].append({"id": o.id, "name": o.name, "description": o.description or o.name,
                                     "email": o.email, "website": _website(o.website)})
    for s in live.services:
        rows["service"].append({
            "id": s.id, "organization_id": s.organization_id, "name": s.name, "description": s.description,
            "status": std.STATUS_OUT[s.status], "application_process": s.application_process,
            "fees_description": s.fees_description, "eligibility_description": s.eligibility_description,
            "minimum_age": s.minimum_age, "maximum_age": s.maximum_age, "assured_date": s.last_verified_on,
            "alert": s.status_notice, "last_modified": s.updated_at})
        if s.schedule_description:
            rows["schedule"].append({"id": std.derived_id("schedule", s.id), "service_id": s.id,
                                     "description": s.schedule_description})
        for place in (p for p in s.area_places.split(",") if p):
            rows["service_area"].append({"id": std.derived_id("service_area", s.id, place), "service_id": s.id,
                                         "name": place})
    for loc in live.locations:
        rows["location"].append({"id": loc.id, "location_type": "physical",
                                 "organization_id": _ref(loc.organization_id, orgs), "name": loc.name,
                                 "description": loc.description, "latitude": _number(loc.latitude),
                                 "longitude": _number(loc.longitude)})
    for a in live.addresses:
        rows["address"].append({
            "id": a.id, "location_id": a.location_id, "address_1": a.address_1 or std.UNKNOWN,
            "address_2": a.address_2, "city": a.city or std.UNKNOWN, "region": a.region,
            "state_province": a.state_province or std.UNKNOWN, "postal_code": a.postal_code or std.UNKNOWN,
            "country": a.country or "KR", "address_type": "physical"})
    for p in live.places:
        rows["service_at_location"].append({"id": p.id, "service_id": p.service_id, "location_id": p.location_id,
                                            "description": p.description})
    for c in live.contacts:
        rows["contact"].append({"id": c.id, "organization_id": _ref(c.organization_id, orgs),
                                "service_id": _ref(c.service_id, services),
                                "location_id": _ref(c.location_id, locations), "name": c.name, "title": c.title,
                                "department": c.department, "email": c.email})
    for ph in live.phones:
        extension, description = ph.extension, ph.description
        if extension and not extension.isdigit():
            # HSDS's extension is a number; "내선 3" goes with the description instead.
            extension, description = "", " ".join(filter(None, (description, extension)))
        rows["phone"].append({"id": ph.id, "organization_id": _ref(ph.organization_id, orgs),
                              "service_id": _ref(ph.service_id, services),
                              "location_id": _ref(ph.location_id, locations),
                              "contact_id": _ref(ph.contact_id, contacts), "number": ph.number,
                              "extension": extension, "type": ph.type, "description": description})
    _taxonomy_rows(live, terms, rows)
    _attribute_rows(live, rows)
    return rows


def _taxonomy_rows(live: _Live, terms: set[str], rows: dict[str, list[dict[str, object]]]) -> None:
    for tid, name, description in std.own_taxonomies():
        rows["taxonomy"].append({"id": tid, "name": name, "description": description})
    for name in sorted({t.taxonomy for t in live.terms if t.taxonomy}):
        rows["taxonomy"].append({"id": std.taxonomy_id(name), "name": name, "description": name})
    for term in std.own_terms().values():
        rows["taxonomy_term"].append({"id": term.id, "code": term.code, "name": term.name,
                                      "description": term.description, "taxonomy": term.taxonomy,
                                      "taxonomy_id": term.taxonomy_id})
    for t in live.terms:
        rows["taxonomy_term"].append({
            "id": t.id, "code": t.code, "name": t.name, "description": t.description or t.name,
            "parent_id": _ref(t.parent_id, terms), "taxonomy": t.taxonomy,
            "taxonomy_id": std.taxonomy_id(t.taxonomy) if t.taxonomy else None})


def _attribute(link: str, entity: str, term: str, value: object = None) -> dict[str, object]:
    return {"id": std.attribute_id(link, term), "link_id": link, "taxonomy_term_id": term, "link_entity": entity,
            "value": value}


def _attribute_rows(live: _Live, rows: dict[str, list[dict[str, object]]]) -> None:
    out = rows["attribute"]
    lists = {c.column: c for c in std.CODE_LISTS}
    for o in live.organizations:
        for column in ("sector", "status"):
            out.append(_attribute(o.id, "organization", std.term_id(lists[column].key, getattr(o, column))))
    for s in live.services:
        for column in ("resource_kind", "service_areas", "target_groups"):
            code_list = lists[column]
            for code in (c for c in getattr(s, column).split(",") if c):
                out.append(_attribute(s.id, "service", std.term_id(code_list.key, code)))
        for column in std.VALUE_FIELDS:
            value = getattr(s, column)
            if value is not None and value != "":
                out.append(_attribute(s.id, "service", std.term_id(std.VALUE_TAXONOMY, column), value))
    for tag in live.tags:
        out.append({"id": tag.id, "link_id": tag.service_id, "taxonomy_term_id": tag.taxonomy_term_id,
                    "link_entity": "service"})


# ---------------------------------------------------------------- the package

def _descriptor(counts: dict[str, int]) -> dict[str, Any]:
    official = std.descriptor()
    return {
        "name": "councildesk_directory", "title": "협의체 데스크 지역자원 (HSDS 3.0)",
        "profile": "tabular-data-package", "version": std.VERSION, "license": official["license"],
        "resources": [{**r, "encoding": "utf-8"} for r in official["resources"] if r["name"] in counts],
    }


def _prepare_folder(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise InputRefused("hsds_not_a_folder", path=str(folder))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputRefused("write_failed", path=str(folder), detail=exc.strerror or str(exc)) from exc


def _write_all(folder: Path, files: Iterator[tuple[str, bytes]]) -> None:
    for name, data in files:
        try:
            write_atomic(folder / name, data)
        except OSError as exc:
            raise InputRefused("write_failed", path=str(folder / name), detail=exc.strerror or str(exc)) from exc


def export_hsds(uow: UnitOfWork, folder: Path) -> HsdsExport:
    """Write the live directory into ``folder`` as an HSDS 3.0 tabular package (files of
    the same names are replaced, each at once); the export is logged."""
    actor = require(uow.actor, Permission.EXPORT)
    require(actor, Permission.RESOURCES_READ)
    folder = Path(folder)
    _prepare_folder(folder)
    with uow:
        rows = _rows(_load(uow.session))
    written: list[tuple[str, bytes]] = []
    counts: dict[str, int] = {}
    for table_name in std.TABLES:
        table = std.table_info(table_name)
        data, counts[table_name] = _csv_bytes(table, rows[table_name])
        written.append((table.path, data))
    descriptor = json.dumps(_descriptor(counts), ensure_ascii=False, indent=1).encode("utf-8")
    _write_all(folder, iter(written + [(DATAPACKAGE, descriptor)]))
    with uow:
        append_entry(uow.session, actor, "export", "organization", "",
                     {"format": "hsds", "folder": folder.name, "organizations": counts["organization"],
                      "services": counts["service"]})
        uow.commit()
    return HsdsExport(folder, counts)
