"""Frozen views of the directory handed to the window, the CLI and reports (never live ORM
objects), and how they are made from stored rows."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app import codes
from app.resources import codes as rcodes
from app.resources.rules import ServiceData
from db.resource_models import Organization, Service


def split_codes(text: str) -> tuple[str, ...]:
    return tuple(part for part in (text or "").split(",") if part)


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months, on the month's last day when it is shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class OrganizationView:
    id: str
    name: str
    sector: str
    description: str
    email: str
    website: str
    status: str
    service_count: int = 0

    def sector_label(self, lang: str = "ko") -> str:
        return codes.label(rcodes.SECTOR, self.sector, lang)


@dataclass(frozen=True)
class ServiceView:
    id: str
    organization_id: str
    organization_name: str
    sector: str
    name: str
    description: str
    resource_kind: str
    service_areas: tuple[str, ...]
    target_groups: tuple[str, ...]
    eligibility_description: str
    minimum_age: int | None
    maximum_age: int | None
    application_process: str
    fees_description: str
    schedule_description: str
    area_places: tuple[str, ...]
    own_status: str            # the service's own status
    status: str                # as shown: inactive while its organization is closed down
    status_notice: str
    closed_until: date | None
    capacity: int | None
    capacity_unit: str
    current_use: int
    last_verified_on: date | None
    last_verified_by: str

    @property
    def room(self) -> int | None:
        """Places still free (None: no fixed limit)."""
        return None if self.capacity is None else max(self.capacity - self.current_use, 0)

    def due_for_check(self, today: date, months: int) -> bool:
        """Not verified within ``months`` months before ``today`` (or never)."""
        return self.last_verified_on is None or add_months(self.last_verified_on, months) <= today

    def kind_label(self, lang: str = "ko") -> str:
        return codes.label(rcodes.RESOURCE_KIND, self.resource_kind, lang)

    def status_label(self, lang: str = "ko") -> str:
        return codes.label(rcodes.SERVICE_STATUS, self.status, lang)

    def service_area_labels(self, lang: str = "ko") -> str:
        return ", ".join(codes.label(codes.SERVICE_AREA, a, lang) for a in self.service_areas)

    def target_group_labels(self, lang: str = "ko") -> str:
        return ", ".join(codes.label(rcodes.TARGET_GROUP, t, lang) for t in self.target_groups)

    def to_data(self) -> ServiceData:
        return ServiceData(
            organization_id=self.organization_id, name=self.name, resource_kind=self.resource_kind,
            description=self.description, service_areas=self.service_areas, target_groups=self.target_groups,
            eligibility_description=self.eligibility_description, minimum_age=self.minimum_age,
            maximum_age=self.maximum_age, application_process=self.application_process,
            fees_description=self.fees_description, schedule_description=self.schedule_description,
            area_places=self.area_places, capacity=self.capacity, capacity_unit=self.capacity_unit,
            current_use=self.current_use,
        )


def organization_view(row: Organization, service_count: int = 0) -> OrganizationView:
    return OrganizationView(row.id, row.name, row.sector, row.description, row.email, row.website,
                            row.status, service_count)


def service_view(row: Service, organization: Organization) -> ServiceView:
    shown = "inactive" if organization.status == "inactive" else row.status
    return ServiceView(
        id=row.id, organization_id=row.organization_id, organization_name=organization.name,
        sector=organization.sector, name=row.name, description=row.description,
        resource_kind=row.resource_kind, service_areas=split_codes(row.service_areas),
        target_groups=split_codes(row.target_groups), eligibility_description=row.eligibility_description,
        minimum_age=row.minimum_age, maximum_age=row.maximum_age, application_process=row.application_process,
        fees_description=row.fees_description, schedule_description=row.schedule_description,
        area_places=split_codes(row.area_places), own_status=row.status, status=shown,
        status_notice=row.status_notice, closed_until=row.closed_until, capacity=row.capacity,
        capacity_unit=row.capacity_unit, current_use=row.current_use, last_verified_on=row.last_verified_on,
        last_verified_by=row.last_verified_by,
    )
