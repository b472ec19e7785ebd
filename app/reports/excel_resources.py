"""The resource directory as an Excel workbook: the resources hook of the generic pipeline
in ``app.reports.excel`` (export, blank template with drop-down lists, checked import).

The sheet "지역자원" has one row per service with its organization's name and sector. Its
서비스 ID column carries the service's id, so a file exported, edited and imported again
updates the same services; a row without one is a new service. An organization is found
by its name; a name the directory does not know makes a new organization (its 기관 구분
is then required). Kind, sector and status are drop-downs; service areas and target groups
offer theirs but take several labels separated by commas.

Import is two steps: ``read_resources_workbook`` checks every row with the directory's
rules (``app.resources.rules``, the ones the services use) against the directory loaded
once, writing nothing; ``apply_resources_import`` applies the plan in one transaction.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import codes
from app.errors import FIELD_LABELS, MESSAGES, FieldError, InputRefused, field_label
from app.i18n import N_, NP_
from app.resources import codes as rcodes
from app.resources.rules import (OrganizationData, ServiceData, clean_organization, clean_service, clean_text,
                                 validate_closing, validate_organization, validate_service, validate_verified_on)
from app.resources.services import ServiceFilter, list_services
from app.resources.views import ServiceView
from app.reports.excel.columns import Column, SheetSpec
from app.reports.excel.importer import (ImportPlan, ImportResult, apply_in_one_transaction, at_row, first_per_field,
                                        read_typed_rows)
from app.reports.excel.reader import TypedRow
from app.reports.excel.workbook import TEMPLATE_ROWS, save_atomically, write_guide, write_sheet
from app.security.audit import append_entry, record
from app.security.permissions import Permission, require
from db.resource_models import Organization, Service
from db.session import UnitOfWork

SHEET_TITLE = "지역자원"

FIELD_LABELS.update({
    "service_id": NP_("field", "서비스 ID"),
    "status": NP_("field", "상태"),
    "last_verified_by": NP_("field", "확인자"),
})
MESSAGES.update({
    "resource_unknown_id": N_("이 데이터에 없는 서비스 ID입니다: {value}\n새 서비스면 서비스 ID 칸을 비우세요."),
    "resource_duplicate_in_file": N_("{other_row}행과 같은 기관의 같은 서비스입니다."),
    "resource_sector_needed": N_("새 기관 '{name}'의 기관 구분(공공·민간·민관협력)을 고르세요."),
})


def _column(field: str, kind: str, width: float, hint: str, **more: object) -> Column:
    aliases = (field_label(field, "en"), *more.pop("aliases", ()))  # type: ignore[misc]
    return Column(field, field_label(field), kind, width, hint, aliases=aliases, **more)  # type: ignore[arg-type]


COLUMNS: tuple[Column, ...] = (
    _column("service_id", "id", 38, "프로그램이 붙인 번호입니다. 고치지 마세요. 새 서비스는 비워 두세요.",
            aliases=("서비스ID", "id")),
    _column("organization_name", "text", 22, "제공 기관의 이름. 없는 이름이면 새 기관으로 추가합니다.", required=True,
            max_length=200, aliases=("기관", "제공 기관")),
    _column("sector", "choice", 11, "새 기관이면 꼭 고릅니다.", choices=rcodes.SECTOR, blank=""),
    _column("service_name", "text", 22, "200자 이내.", required=True, max_length=200, aliases=("서비스", "자원명")),
    _column("resource_kind", "choice", 14, "목록에서 고르세요.", required=True, choices=rcodes.RESOURCE_KIND,
            aliases=("유형",)),
    _column("service_areas", "multi", 14, "목록에서 고르거나 '복지, 보건'처럼 쉼표로 여러 개.",
            choices=codes.SERVICE_AREA, aliases=("분야",)),
    _column("target_groups", "multi", 18, "목록에서 고르거나 '노인, 장애인'처럼 쉼표로 여러 개.",
            choices=rcodes.TARGET_GROUP, aliases=("대상자",)),
    _column("description", "text", 36, "4,000자 이내.", wrap=True),
    _column("eligibility_description", "text", 24, "2,000자 이내.", wrap=True),
    _column("minimum_age", "int", 8, "세. 비우면 제한 없음."),
    _column("maximum_age", "int", 8, "세. 비우면 제한 없음."),
    _column("application_process", "text", 24, "2,000자 이내.", wrap=True),
    _column("fees_description", "text", 14, "예: 무료, 일부 본인 부담."),
    _column("schedule_description", "text", 18, "예: 평일 오전 9시~오후 6시."),
    _column("area_places", "text", 18, "리·마을을 쉼표로. 비우면 읍면동 전체."),
    _column("status", "choice", 10, "비우면 운영.", choices=rcodes.SERVICE_STATUS, blank="active"),
    _column("status_notice", "text", 22, "일시 중단일 때 의뢰하는 사람에게 보일 안내.", wrap=True),
    _column("closed_until", "date", 12, "일시 중단의 끝나는 날."),
    _column("capacity", "int", 8, "비우면 정원 없음."),
    _column("capacity_unit", "text", 12, "예: 도시락/일, 명."),
    _column("current_use", "int", 9, "비우면 0."),
    _column("last_verified_on", "date", 12, "제공 기관에 확인한 날."),
    _column("last_verified_by", "text", 10, "확인한 사람."),
)

SPEC = SheetSpec(
    title=SHEET_TITLE, columns=COLUMNS, anchor="service_name", freeze="E2",
    guide_heading="지역자원 엑셀 작성 안내",
    guide_lines=(
        f"• '{SHEET_TITLE}' 시트의 첫 행(열 제목)은 바꾸지 마세요. 열 순서는 바꿔도 됩니다.",
        "• 한 행에 서비스(자원) 하나를 적습니다. 빈 행은 건너뜁니다.",
        "• 서비스 ID가 있는 행은 그 서비스를 고치고, 빈 행은 새 서비스로 추가합니다.",
        "• 기관명이 목록에 없으면 새 기관을 만듭니다. 그때는 기관 구분을 꼭 고르세요.",
        "• 파일에서 행을 지워도 프로그램의 서비스는 삭제되지 않습니다.",
        "• 담당자의 개인 휴대전화는 이 파일에 들어가지 않습니다.",
        "• 가져오기 전에 모든 행을 검사하며, 잘못된 행이 있으면 몇 행 어느 열인지 알려 줍니다.",
    ),
)
_REFUSAL_FIELDS = {"duplicate_service": "service_name", "organization_closed": "organization_name"}
_SERVICE_FIELDS = ("resource_kind", "service_areas", "target_groups", "description", "eligibility_description",
                   "minimum_age", "maximum_age", "application_process", "fees_description", "schedule_description",
                   "capacity", "capacity_unit", "current_use")
_STATE_FIELDS = ("status", "status_notice", "closed_until", "last_verified_on", "last_verified_by")


@dataclass(frozen=True)
class ImportRow:
    row: int
    service_id: str | None
    organization_id: str | None      # None: a new organization named in ``organization``
    organization: OrganizationData
    data: ServiceData
    state: dict[str, object]
    errors: tuple[FieldError, ...]
    action: str

    @property
    def is_valid(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class ResourceImportPlan(ImportPlan[ImportRow]):
    """Everything a directory file would change; build it with ``read_resources_workbook``."""


# ---------------------------------------------------------------- writing

def _row(view: ServiceView) -> list[object]:
    values: dict[str, object] = {
        "service_id": view.id, "organization_name": view.organization_name,
        "sector": codes.label(rcodes.SECTOR, view.sector), "service_name": view.name,
        "resource_kind": codes.label(rcodes.RESOURCE_KIND, view.resource_kind),
        "service_areas": view.service_area_labels(), "target_groups": view.target_group_labels(),
        "area_places": ", ".join(view.area_places), "status": codes.label(rcodes.SERVICE_STATUS, view.own_status),
        **{name: getattr(view, name) for name in ("description", "eligibility_description", "minimum_age",
                                                  "maximum_age", "application_process", "fees_description",
                                                  "schedule_description", "status_notice", "closed_until",
                                                  "capacity", "capacity_unit", "current_use", "last_verified_on",
                                                  "last_verified_by")},
    }
    return [values[c.field] for c in COLUMNS]


def export_resources(uow: UnitOfWork, out_path: Path, today: date) -> Path:
    """Write every live service of the directory to ``out_path`` (no private phone ever)."""
    require(uow.actor, Permission.EXPORT)
    views = list_services(uow, ServiceFilter(), today)
    wb = Workbook()
    write_sheet(wb, SPEC, COLUMNS, (_row(v) for v in views))
    write_guide(wb, SPEC, COLUMNS)
    written = save_atomically(wb, out_path)
    record(uow, "export", "service", "", {"file": written.name, "rows": len(views), "format": "xlsx"})
    return written


def write_resources_template(out_path: Path) -> Path:
    """The empty directory form, with its drop-down lists."""
    wb = Workbook()
    write_sheet(wb, SPEC, SPEC.template_columns, (), template_rows=TEMPLATE_ROWS)
    write_guide(wb, SPEC, SPEC.template_columns)
    return save_atomically(wb, out_path)


# ---------------------------------------------------------------- checking

@dataclass(frozen=True)
class _Directory:
    services: dict[str, ServiceView]
    organizations: dict[str, tuple[str, str, str]]   # name -> (id, sector, status)


def _load(uow: UnitOfWork, today: date) -> _Directory:
    """The directory once for the whole file: no query per row."""
    views = {v.id: v for v in list_services(uow, ServiceFilter(), today)}
    with uow:
        orgs = {name: (oid, sector, status) for oid, name, sector, status in uow.session.execute(
            select(Organization.id, Organization.name, Organization.sector, Organization.status)
            .where(Organization.deleted_at.is_(None)))}
        # Checking the file against the directory is a list view of it: logged as one.
        append_entry(uow.session, uow.actor, "view", "service", "", {"import_check": True, "rows": len(views)})
        uow.commit()
    return _Directory(views, orgs)


def _check_row(typed: TypedRow, directory: _Directory, today: date) -> ImportRow:
    values = dict(typed.values)
    errors = list(typed.errors)
    service_id = str(values.pop("service_id", "") or "") or None
    known = directory.services.get(service_id) if service_id else None
    if service_id and known is None:
        errors.append(FieldError("service_id", "resource_unknown_id", {"value": service_id}))
    org_name = " ".join(str(values.get("organization_name", "") or "").split())
    found = directory.organizations.get(org_name)
    sector = values.get("sector") or (found[1] if found else "")
    organization = clean_organization(OrganizationData(org_name, str(sector)))
    org_errors = validate_organization(organization)
    if found is None and not values.get("sector") and org_name:
        org_errors = [e for e in org_errors if e.field != "sector"]
        org_errors.append(FieldError("sector", "resource_sector_needed", {"name": org_name}))
    base = known.to_data() if known is not None else ServiceData(organization_id="", name="", resource_kind="")
    changes = {k: v for k, v in values.items() if k in _SERVICE_FIELDS}
    if "area_places" in values:
        changes["area_places"] = tuple(p for p in str(values["area_places"] or "").split(",") if p.strip())
    if "current_use" in changes and changes["current_use"] is None:
        changes["current_use"] = 0
    data = clean_service(replace(base, **changes, name=str(values.get("service_name", base.name) or ""),
                                 organization_id=found[0] if found else f"new:{org_name}"))
    state = {name: getattr(known, "own_status" if name == "status" else name) if known else None
             for name in _STATE_FIELDS}
    state.update({k: v for k, v in values.items() if k in _STATE_FIELDS})
    state["status"] = state["status"] or "active"
    state["status_notice"] = clean_text(str(state["status_notice"] or ""))
    state["last_verified_by"] = " ".join(str(state["last_verified_by"] or "").split())
    checks = [FieldError("organization_name" if e.field == "organization_name" else e.field, e.code, e.params)
              for e in org_errors] + validate_service(data)
    checks += validate_closing(str(state["status_notice"]), None, today)
    if state["last_verified_on"] is not None:
        checks += validate_verified_on(state["last_verified_on"], today)  # type: ignore[arg-type]
    errors = first_per_field(errors, [replace(e, field=_SHOWN.get(e.field, e.field)) for e in checks])
    action = "add" if known is None else "update"
    if known is not None and not errors and data == known.to_data() and found and found[1] == sector and all(
            state[k] == (known.own_status if k == "status" else getattr(known, k)) for k in _STATE_FIELDS):
        action = "unchanged"
    return ImportRow(typed.row, service_id, found[0] if found else None, organization, data, state,
                     at_row(errors, typed.row), action)


# The rules' fields shown against the sheet's columns.
_SHOWN = {"organization_id": "organization_name"}


def check_resource_rows(rows: Sequence[TypedRow], directory: _Directory, today: date) -> tuple[ImportRow, ...]:
    checked = [_check_row(r, directory, today) for r in rows]
    first: dict[tuple[str, str], int] = {}
    taken = {(v.organization_name, v.name): v.id for v in directory.services.values()}
    out = []
    for row in checked:
        key = (row.organization.name, row.data.name)
        extra: list[FieldError] = []
        if key in first:
            extra.append(FieldError("service_name", "resource_duplicate_in_file", {"other_row": first[key]}, row.row))
        elif taken.get(key, row.service_id) != row.service_id:
            extra.append(FieldError("service_name", "duplicate_service",
                                    {"name": row.data.name, "organization": row.organization.name}, row.row))
        first.setdefault(key, row.row)
        out.append(replace(row, errors=row.errors + tuple(extra)) if extra else row)
    return tuple(out)


def read_resources_workbook(uow: UnitOfWork, path: Path, today: date) -> ResourceImportPlan:
    """Read and check a directory file. Writes nothing; refuses files it cannot use."""
    require(uow.actor, Permission.RESOURCES_EDIT)
    path = Path(path)
    read = read_typed_rows(path, SPEC)
    directory = _load(uow, today)
    rows = check_resource_rows(read.rows, directory, today)
    return ResourceImportPlan(path=path, sheet=read.table.title, rows=rows, ignored_columns=read.table.ignored)


# ---------------------------------------------------------------- applying

class _Writer:
    refusal_fields = _REFUSAL_FIELDS

    def __init__(self, session: Session, plan: ResourceImportPlan, actor: object) -> None:
        self.session, self.plan, self.actor = session, plan, actor
        self.made: dict[str, str] = {}
        self.added: list[str] = []
        self.updated = 0

    def order(self, rows: Sequence[ImportRow]) -> Sequence[ImportRow]:
        return rows

    def _organization(self, row: ImportRow) -> str:
        if row.organization_id is not None:
            org = self.session.get(Organization, row.organization_id)
            assert org is not None
            if org.status == "inactive" and row.action == "add":
                raise InputRefused("organization_closed", name=org.name)
            if org.sector != row.organization.sector:
                org.sector = row.organization.sector
            return org.id
        name = row.organization.name
        if name not in self.made:
            org = Organization(**vars(row.organization), status="active")
            self.session.add(org)
            self.session.flush()
            self.made[name] = org.id
        return self.made[name]

    def write(self, row: ImportRow) -> None:
        values = {k: ",".join(v) if isinstance(v, tuple) else v for k, v in vars(row.data).items()}
        values["organization_id"] = self._organization(row)
        values.update(row.state)
        if row.action == "add":
            service = Service(**values)
            self.session.add(service)
            self.session.flush()
            self.added.append(service.id)
            return
        service = self.session.get(Service, row.service_id)
        if service is None or service.deleted_at is not None:
            raise InputRefused("service_not_found", id=row.service_id)
        for name, value in values.items():
            if getattr(service, name) != value:
                setattr(service, name, value)
        self.updated += 1

    def finish(self) -> None:
        append_entry(self.session, self.actor, "import", "service", "",
                     {"file": self.plan.path.name, "added": len(self.added), "updated": self.updated})


def apply_resources_import(uow: UnitOfWork, plan: ResourceImportPlan, only_valid: bool = False) -> ImportResult:
    """Apply a checked plan in one transaction (the search index catches up by itself)."""
    actor = require(uow.actor, Permission.RESOURCES_EDIT)
    invalid = plan.invalid_rows
    if invalid and not only_valid:
        raise InputRefused("excel_invalid_rows", count=len(invalid))
    rows = plan.valid_rows
    changes = [r for r in rows if r.action in ("add", "update")]
    writer: _Writer | None = None

    def start(session: Session) -> _Writer:
        nonlocal writer
        writer = _Writer(session, plan, actor)
        return writer

    apply_in_one_transaction(uow, changes, start, default_field="service_name")
    assert writer is not None
    return ImportResult(added=len(writer.added), updated=writer.updated, unchanged=len(rows) - len(changes),
                        skipped=len(invalid), added_ids=tuple(writer.added))
