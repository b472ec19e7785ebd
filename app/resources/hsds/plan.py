"""An HSDS package checked against the directory and applied: every row typed
(``cells``), every reference followed (to the package or to the stored directory), every
record through the directory's own rules (``app.resources.rules``), then compared with the
stored records by HSDS id: new, changed or unchanged.

Two steps, as the Excel imports: ``read_hsds_package`` writes nothing and returns the
plan with each problem at its file, row and column; ``apply_hsds_import`` checks the
package again inside its one transaction (the directory may have changed meanwhile),
applies every row — or, when the person chooses, only the valid ones — and rebuilds the
search index. A row whose reference points at a row with problems has a problem too, so
the valid rows never point at something left out. Nothing is deleted: a record missing
from the package stays as it is. A contact's private mobile is never touched.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from app.errors import FieldError, InputRefused
from app.resources.hsds import standard as std
from app.resources.hsds.cells import typed_row
from app.resources.hsds.reader import Problem, RawPackage, read_raw_package
from app.resources.rules import (OrganizationData, ServiceData, clean_organization, clean_service, validate_closing,
                                 validate_organization, validate_service, validate_verified_on)
from app.resources.search import rebuild_search_index
from app.security.audit import append_entry
from app.security.permissions import Permission, require
from db.base import utc_now
from db.models import ChangeCounter
from db.resource_models import (Address, Contact, Location, Organization, Phone, Service, ServiceAtLocation,
                                ServiceTaxonomy, TaxonomyTerm)
from db.session import UnitOfWork

# The stored tables, parents first (the order rows are written in).
MODELS: dict[str, type] = {"organization": Organization, "service": Service, "location": Location,
                           "address": Address, "service_at_location": ServiceAtLocation, "contact": Contact,
                           "phone": Phone, "taxonomy_term": TaxonomyTerm, "service_taxonomy": ServiceTaxonomy}
ACTIONS = ("new", "changed", "unchanged")

# (HSDS table, column) -> the table it points at.
REFERENCES: dict[str, tuple[tuple[str, str], ...]] = {
    "service": (("organization_id", "organization"),),
    "location": (("organization_id", "organization"),),
    "address": (("location_id", "location"),),
    "service_at_location": (("service_id", "service"), ("location_id", "location")),
    "contact": (("organization_id", "organization"), ("service_id", "service"), ("location_id", "location")),
    "phone": (("organization_id", "organization"), ("service_id", "service"), ("location_id", "location"),
              ("contact_id", "contact")),
    "schedule": (("service_id", "service"),),
    "service_area": (("service_id", "service"),),
    "taxonomy_term": (("parent_id", "taxonomy_term"), ("taxonomy_id", "taxonomy")),
    "attribute": (("taxonomy_term_id", "taxonomy_term"),),
}
_REQUIRED_HERE = {("address", "location_id"), ("service_at_location", "service_id"),
                  ("service_at_location", "location_id"), ("schedule", "service_id"), ("service_area", "service_id")}
# The directory's rule fields -> the HSDS column a person would fix.
_RULE_COLUMNS = {"organization_name": "name", "service_name": "name", "status_notice": "alert",
                 "last_verified_on": "assured_date"}


@dataclass(frozen=True)
class Write:
    table: str           # a stored table (MODELS)
    action: str          # new | changed
    values: dict[str, Any]


@dataclass(frozen=True)
class HsdsPlan:
    """What a package would change, checked; nothing written."""

    folder: Path
    problems: tuple[Problem, ...]
    counts: dict[str, dict[str, int]]      # stored table -> new / changed / unchanged
    invalid: dict[str, int]                # HSDS table -> rows with problems
    rows: dict[str, int]                   # HSDS table -> rows read
    ignored_files: tuple[str, ...]
    notices: tuple[str, ...]
    writes: tuple[Write, ...] = field(repr=False)
    header_problems: tuple[Problem, ...] = field(repr=False)
    raw: RawPackage = field(repr=False, compare=False)
    checked_at: int = 0                    # the change counter when checked

    @property
    def invalid_rows(self) -> int:
        return sum(self.invalid.values())

    @property
    def is_valid(self) -> bool:
        return not self.problems

    def summary(self) -> dict[str, Any]:
        return {"rows": self.rows, "invalid": self.invalid, "changes": self.counts,
                "ignored_files": list(self.ignored_files)}


@dataclass(frozen=True)
class HsdsResult:
    counts: dict[str, dict[str, int]]
    skipped_rows: int
    indexed_services: int


# ---------------------------------------------------------------- checking

class _Check:
    """The package's rows as they are checked: typed values and problems per row."""

    def __init__(self, raw: RawPackage, session: Session, today: date) -> None:
        self.raw, self.session, self.today = raw, session, today
        self.problems: list[Problem] = []
        self.values: dict[str, dict[str, dict[str, Any]]] = {t: {} for t in std.IMPORTED}  # table -> id -> values
        self.row_of: dict[str, dict[str, int]] = {t: {} for t in std.IMPORTED}
        self.bad: dict[str, set[str]] = {t: set() for t in std.IMPORTED}
        self.bad_rows: dict[str, set[int]] = {t: set() for t in std.IMPORTED}
        self.own_terms = std.own_terms()

    def fail(self, table: str, row: int, column: str, code: str, params: dict[str, object] | None = None,
             row_id: str | None = None) -> None:
        self.problems.append(Problem(self.raw.tables[table].file, row, column, code, params or {}))
        self.bad_rows[table].add(row)
        if row_id is not None:
            self.bad[table].add(row_id)

    def read_rows(self) -> None:
        for table, csv_table in self.raw.tables.items():
            for number, cells in csv_table.rows:
                values, problems = typed_row(table, csv_table.file, number, cells)
                row_id = values.get("id")
                if problems:
                    self.problems += problems
                    self.bad_rows[table].add(number)
                if row_id is None:
                    continue
                if row_id in self.row_of[table]:
                    self.fail(table, number, "id", "hsds_duplicate_id",
                              {"value": row_id, "other_row": self.row_of[table][row_id]})
                    continue
                self.row_of[table][row_id] = number
                self.values[table][row_id] = values
                if problems:
                    self.bad[table].add(row_id)

    # ------------------------------------------------------------ references

    def _stored_ids(self, table: str, ids: set[str]) -> set[str]:
        model = MODELS.get(table)
        if model is None or not ids:
            return set()
        found: set[str] = set()
        wanted = sorted(ids)
        for start in range(0, len(wanted), 500):
            found.update(self.session.scalars(select(model.id).where(
                model.id.in_(wanted[start:start + 500]), model.deleted_at.is_(None))))
        return found

    def check_references(self) -> None:
        wanted: dict[str, set[str]] = {}
        for table, refs in REFERENCES.items():
            for row_id, values in self.values[table].items():
                for column, target in refs:
                    if values.get(column):
                        wanted.setdefault(target, set()).add(values[column])
        for row_id, values in self.values["attribute"].items():
            entity = values.get("link_entity")
            if entity in ("organization", "service") and values.get("link_id"):
                wanted.setdefault(entity, set()).add(values["link_id"])
        stored = {t: self._stored_ids(t, ids - set(self.values.get(t, {}))) for t, ids in wanted.items()}
        stored["taxonomy_term"] = stored.get("taxonomy_term", set()) | set(self.own_terms)
        changed = True
        while changed:  # a row left out takes the rows that point at it along
            changed = False
            for table, row_id, column, target, value in self._links():
                if row_id in self.bad[table]:
                    continue
                if value in self.values.get(target, {}):
                    if value not in self.bad[target]:
                        continue
                    code = "hsds_reference_invalid"
                elif value in stored.get(target, set()):
                    continue
                else:
                    code = "hsds_broken_reference"
                self.fail(table, self.row_of[table][row_id], column, code,
                          {"value": value, "table": std.table_info(target).path}, row_id)
                changed = True
        for table, row_id, values in self._each("address", "service_at_location", "schedule", "service_area"):
            for column in ("location_id", "service_id"):
                if (table, column) in _REQUIRED_HERE and not values.get(column) and row_id not in self.bad[table]:
                    self.fail(table, self.row_of[table][row_id], column, "required", {}, row_id)

    def _each(self, *tables: str) -> Iterable[tuple[str, str, dict[str, Any]]]:
        for table in tables:
            for row_id, values in self.values[table].items():
                yield table, row_id, values

    def _links(self) -> Iterable[tuple[str, str, str, str, str]]:
        for table, refs in REFERENCES.items():
            for row_id, values in self.values[table].items():
                for column, target in refs:
                    if values.get(column):
                        yield table, row_id, column, target, values[column]
        for row_id, values in self.values["attribute"].items():
            entity = values.get("link_entity")
            if entity in ("organization", "service") and values.get("link_id"):
                yield "attribute", row_id, "link_id", entity, values["link_id"]

    def good(self, table: str) -> Iterable[tuple[str, dict[str, Any]]]:
        return ((i, v) for i, v in self.values[table].items() if i not in self.bad[table])

    # ------------------------------------------------------------ records and the directory's rules

    def _rule_failures(self, table: str, row_id: str, errors: list[FieldError]) -> None:
        row = self.row_of[table][row_id]
        for error in errors:
            self.fail(table, row, _RULE_COLUMNS.get(error.field, error.field), error.code, dict(error.params), row_id)

    def _attributes(self) -> dict[str, dict[str, list[tuple[std.Term, Any, str]]]]:
        """link id -> stored column -> [(term, value, attribute id)] from the program's own terms."""
        found: dict[str, dict[str, list[tuple[std.Term, Any, str]]]] = {}
        kinds = {column: kind for column, (_title, kind) in std.VALUE_FIELDS.items()}
        for row_id, values in self.values["attribute"].items():
            term = self.own_terms.get(values.get("taxonomy_term_id", ""))
            if term is None or row_id in self.bad["attribute"]:
                continue
            value: Any = term.value
            if term.value is None:
                text = str(values.get("value", "")).strip()
                try:
                    value = (int(text) if kinds[term.column] == "int" else
                             date.fromisoformat(text) if kinds[term.column] == "date" else text)
                except ValueError:
                    self.fail("attribute", self.row_of["attribute"][row_id], "value",
                              "invalid_date" if kinds[term.column] == "date" else "invalid_number",
                              {"value": text[:40]}, row_id)
                    continue
            found.setdefault(values["link_id"], {}).setdefault(term.column, []).append((term, value, row_id))
        return found

    def organizations(self, attrs: dict[str, dict[str, list[tuple[std.Term, Any, str]]]]) -> dict[str, dict[str, Any]]:
        records: dict[str, dict[str, Any]] = {}
        for row_id, v in self.values["organization"].items():
            own = attrs.get(row_id, {})
            description = str(v.get("description", ""))
            data = clean_organization(OrganizationData(
                name=str(v.get("name", "")), sector=_first(own.get("sector"), "private"),
                # The export writes the name where the description is empty (HSDS requires one).
                description="" if description.strip() == str(v.get("name", "")).strip() else description,
                email=str(v.get("email", "")), website=str(v.get("website", ""))))
            if row_id not in self.bad["organization"]:
                self._rule_failures("organization", row_id, validate_organization(data))
            records[row_id] = {"id": row_id, **vars(data), "status": _first(own.get("status"), "active")}
        return records

    def services(self, attrs: dict[str, dict[str, list[tuple[std.Term, Any, str]]]]) -> dict[str, dict[str, Any]]:
        schedules: dict[str, list[str]] = {}
        for _row_id, v in self.good("schedule"):
            if v.get("service_id") and v.get("description"):
                schedules.setdefault(v["service_id"], []).append(str(v["description"]).strip())
        places: dict[str, list[str]] = {}
        for _row_id, v in self.good("service_area"):
            if v.get("service_id") and v.get("name"):
                places.setdefault(v["service_id"], []).append(str(v["name"]))
        records: dict[str, dict[str, Any]] = {}
        for row_id, v in self.values["service"].items():
            own = attrs.get(row_id, {})
            ages = [v.get("minimum_age"), v.get("maximum_age")]
            data = clean_service(ServiceData(
                organization_id=str(v.get("organization_id", "")), name=str(v.get("name", "")),
                resource_kind=_first(own.get("resource_kind"), "program"), description=str(v.get("description", "")),
                service_areas=tuple(x[1] for x in own.get("service_areas", [])),
                target_groups=tuple(x[1] for x in own.get("target_groups", [])),
                eligibility_description=str(v.get("eligibility_description", "")),
                minimum_age=_whole(ages[0]), maximum_age=_whole(ages[1]),
                application_process=str(v.get("application_process", "")),
                fees_description=str(v.get("fees_description", "")),
                schedule_description="\n".join(schedules.get(row_id, [])), area_places=tuple(places.get(row_id, [])),
                capacity=_first(own.get("capacity"), None), capacity_unit=_first(own.get("capacity_unit"), ""),
                current_use=_first(own.get("current_use"), 0)))
            notice = str(v.get("alert", "")).strip()
            verified = v.get("assured_date")
            if row_id not in self.bad["service"]:
                errors = validate_service(data) + validate_closing(notice, None, self.today)
                errors += [FieldError(name, "invalid_number", {"value": str(age)}) for name, age in
                           zip(("minimum_age", "maximum_age"), ages) if age is not None and _whole(age) is None]
                if verified is not None:
                    errors += validate_verified_on(verified, self.today)
                self._rule_failures("service", row_id, errors)
            stored = {name: ",".join(value) if isinstance(value, tuple) else value for name, value in vars(data).items()}
            records[row_id] = {"id": row_id, **stored, "status": std.STATUS_IN.get(str(v.get("status")), "active"),
                               "status_notice": notice, "closed_until": _first(own.get("closed_until"), None),
                               "last_verified_on": verified, "last_verified_by": _first(own.get("last_verified_by"), "")}
        return records

    def unique_names(self, organizations: dict[str, dict[str, Any]], services: dict[str, dict[str, Any]]) -> None:
        """The services' rule: one organization of a name, one service of a name in an organization."""
        stored_orgs = {name: oid for oid, name in self.session.execute(
            select(Organization.id, Organization.name).where(Organization.deleted_at.is_(None)))
            if oid not in organizations}
        seen: dict[str, str] = {}
        for row_id, record in organizations.items():
            name = record["name"]
            if row_id in self.bad["organization"] or not name:
                continue
            if name in stored_orgs or name in seen:
                self.fail("organization", self.row_of["organization"][row_id], "name", "duplicate_organization",
                          {"name": name}, row_id)
            seen[name] = row_id
        stored_services = {(org, name) for sid, org, name in self.session.execute(
            select(Service.id, Service.organization_id, Service.name).where(Service.deleted_at.is_(None)))
            if sid not in services}
        taken: set[tuple[str, str]] = set()
        for row_id, record in services.items():
            key = (record["organization_id"], record["name"])
            if row_id in self.bad["service"] or not record["name"]:
                continue
            if key in stored_services or key in taken:
                org = organizations.get(key[0], {}).get("name", key[0])
                self.fail("service", self.row_of["service"][row_id], "name", "duplicate_service",
                          {"name": key[1], "organization": org}, row_id)
            taken.add(key)

    def plain(self, table: str, columns: dict[str, str], fixed: dict[str, Any] | None = None) -> dict[str, dict[str, Any]]:
        """Records of a table whose columns map one to one (HSDS column -> stored column),
        within the stored columns' lengths."""
        model = MODELS[table]
        records: dict[str, dict[str, Any]] = {}
        for row_id, v in self.values[table].items():
            record: dict[str, Any] = {"id": row_id, **(fixed or {})}
            for hsds, stored in columns.items():
                value = v.get(hsds)
                kind = model.__table__.c[stored].type
                if value is not None and not isinstance(value, str) and getattr(kind, "length", None):
                    value = str(value)
                if isinstance(value, str):
                    value = value.strip()
                    if table == "address" and value == std.UNKNOWN:
                        value = ""
                    limit = getattr(kind, "length", None)
                    if limit and len(value) > limit and row_id not in self.bad[table]:
                        self.fail(table, self.row_of[table][row_id], hsds, "too_long", {"max": limit}, row_id)
                record[stored] = value if value is not None else (None if stored.endswith("_id") else "")
            records[row_id] = record
        return records


def _first(found: list[tuple[std.Term, Any, str]] | None, default: Any) -> Any:
    return found[0][1] if found else default


def _whole(value: object) -> int | None:
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


# ---------------------------------------------------------------- the plan

_PLAIN: dict[str, dict[str, str]] = {
    "location": {c: c for c in ("organization_id", "name", "description", "latitude", "longitude")},
    "address": {c: c for c in ("location_id", "address_1", "address_2", "city", "region", "state_province",
                               "postal_code", "country")},
    "service_at_location": {c: c for c in ("service_id", "location_id", "description")},
    "contact": {c: c for c in ("organization_id", "service_id", "location_id", "name", "title", "department",
                               "email")},
    "phone": {c: c for c in ("organization_id", "service_id", "location_id", "contact_id", "number", "extension",
                             "type", "description")},
}


def _records(check: _Check) -> dict[str, dict[str, dict[str, Any]]]:
    attrs = check._attributes()
    records = {"organization": check.organizations(attrs), "service": check.services(attrs)}
    check.unique_names(records["organization"], records["service"])
    for table, columns in _PLAIN.items():
        records[table] = check.plain(table, columns)
    for record in records["address"].values():
        record["country"] = record["country"] or "KR"
    for record in records["phone"].values():
        record["type"] = record["type"] or "voice"
    names = {tid: str(v.get("name", "")) for tid, v in check.values["taxonomy"].items()}
    terms = check.plain("taxonomy_term", {c: c for c in ("code", "name", "description", "parent_id", "taxonomy")})
    for tid, record in terms.items():
        taxonomy = check.values["taxonomy_term"][tid].get("taxonomy_id")
        if taxonomy in names:
            record["taxonomy"] = names[taxonomy]
    records["taxonomy_term"] = {tid: r for tid, r in terms.items() if tid not in check.own_terms}
    records["service_taxonomy"] = {
        aid: {"id": aid, "service_id": v["link_id"], "taxonomy_term_id": v["taxonomy_term_id"]}
        for aid, v in check.values["attribute"].items()
        if v.get("link_entity") == "service" and v.get("taxonomy_term_id") not in check.own_terms
        and v.get("link_id") and v.get("taxonomy_term_id")}
    check.check_references()
    hsds_table = {"service_taxonomy": "attribute"}
    return {table: {rid: r for rid, r in rows.items() if rid not in check.bad[hsds_table.get(table, table)]}
            for table, rows in records.items()}


def _parents_first(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Taxonomy terms ordered so a parent is written before its children."""
    by_id = {r["id"]: r for r in rows}
    done: set[str] = set()
    ordered: list[dict[str, Any]] = []

    def visit(row: dict[str, Any], depth: int = 0) -> None:
        if row["id"] in done or depth > len(by_id):
            return
        parent = by_id.get(row.get("parent_id") or "")
        if parent is not None:
            visit(parent, depth + 1)
        done.add(row["id"])
        ordered.append(row)

    for row in rows:
        visit(row)
    return ordered


def _compare(session: Session, records: dict[str, dict[str, dict[str, Any]]]) -> tuple[list[Write], dict[str, dict[str, int]]]:
    writes: list[Write] = []
    counts: dict[str, dict[str, int]] = {}
    for table, model in MODELS.items():
        rows = records.get(table, {})
        count = dict.fromkeys(ACTIONS, 0)
        if table == "taxonomy_term":
            rows = {r["id"]: r for r in _parents_first(list(rows.values()))}
        columns = [model.__table__.c[c] for c in next(iter(rows.values())).keys()] if rows else []
        existing: dict[str, Any] = {}
        ids = list(rows)
        for start in range(0, len(ids), 500):
            for row in session.execute(select(*columns, model.deleted_at).where(model.id.in_(ids[start:start + 500]))):
                existing[row.id] = row
        for row_id, record in rows.items():
            old = existing.get(row_id)
            if old is None:
                action = "new"
            elif old.deleted_at is None and all(getattr(old, k) == v for k, v in record.items()):
                action = "unchanged"
            else:
                action = "changed"
            count[action] += 1
            if action != "unchanged":
                writes.append(Write(table, action, record))
        counts[table] = count
    return writes, counts


def _plan(raw: RawPackage, session: Session, today: date, header_problems: tuple[Problem, ...]) -> HsdsPlan:
    check = _Check(raw, session, today)
    check.read_rows()
    records = _records(check)
    writes, counts = _compare(session, records)
    for problem in header_problems:
        check.bad_rows[_table_of(raw, problem.file)].add(1)  # the file was read as empty
    problems = sorted(check.problems, key=lambda p: (std.IMPORTED.index(_table_of(raw, p.file)), p.row or 0))
    return HsdsPlan(
        folder=raw.folder, problems=header_problems + tuple(problems), counts=counts,
        header_problems=header_problems, invalid={t: len(rows) for t, rows in check.bad_rows.items() if rows},
        rows={t: len(c.rows) for t, c in raw.tables.items()}, ignored_files=raw.ignored_files,
        notices=raw.notices, writes=tuple(writes), raw=raw, checked_at=_counter(session))


def _counter(session: Session) -> int:
    """The database's change counter: unchanged means nobody wrote since."""
    return session.scalar(select(ChangeCounter.value).where(ChangeCounter.id == 1)) or 0


def _table_of(raw: RawPackage, file: str) -> str:
    return next((t for t, c in raw.tables.items() if c.file == file), std.IMPORTED[0])


def read_hsds_package(uow: UnitOfWork, folder: Path, today: date) -> HsdsPlan:
    """Read and check the package in ``folder`` against the directory. Writes nothing;
    refuses a package it cannot read at all (not a folder, no table, a file too large)."""
    require(uow.actor, Permission.RESOURCES_EDIT)
    raw, header_problems = read_raw_package(Path(folder))
    with uow:
        plan = _plan(raw, uow.session, today, tuple(header_problems))
        uow.commit()
    return plan


# ---------------------------------------------------------------- applying

def _write(session: Session, writes: Iterable[Write]) -> None:
    """All rows of a table in one statement each for new and changed rows, stamped as one
    change (one change number, as a flush of the same records would be)."""
    seq = session.execute(update(ChangeCounter).where(ChangeCounter.id == 1)
                          .values(value=ChangeCounter.value + 1).returning(ChangeCounter.value)).scalar_one()
    stamp = {"updated_at": utc_now(), "change_seq": seq, "changed_by_device": session.info.get("device_id", ""),
             "deleted_at": None}
    writes = list(writes)
    for table, model in MODELS.items():
        new = [{**w.values, **stamp, "created_at": stamp["updated_at"]}
               for w in writes if w.table == table and w.action == "new"]
        changed = [{**w.values, **stamp} for w in writes if w.table == table and w.action == "changed"]
        if new:
            session.execute(insert(model), new)
        if changed:
            session.execute(update(model), changed)


def apply_hsds_import(uow: UnitOfWork, plan: HsdsPlan, today: date, valid_rows_only: bool = False) -> HsdsResult:
    """Apply a checked package in one transaction: every row, or with ``valid_rows_only``
    the rows without problems; then the search index is rebuilt. The package is checked
    again inside the transaction, against the directory as it is now."""
    actor = require(uow.actor, Permission.RESOURCES_EDIT)
    if plan.problems and not valid_rows_only:
        raise InputRefused("hsds_invalid_rows", count=plan.invalid_rows)
    with uow:
        session = uow.session
        # The plan still holds unless someone wrote in between (the window and the CLI share the file).
        fresh = plan if _counter(session) == plan.checked_at else _plan(plan.raw, session, today, plan.header_problems)
        if fresh.problems and not valid_rows_only:
            raise InputRefused("hsds_invalid_rows", count=fresh.invalid_rows)
        if fresh.writes:
            _write(session, fresh.writes)
        indexed = rebuild_search_index(session)
        skipped = fresh.invalid_rows
        append_entry(session, actor, "import", "organization", "",
                     {"format": "hsds", "folder": plan.folder.name, "skipped": skipped,
                      **{t: c["new"] + c["changed"] for t, c in fresh.counts.items() if c["new"] + c["changed"]}})
        uow.commit()
    return HsdsResult(fresh.counts, skipped, indexed)
