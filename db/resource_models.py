"""Tables of the Resources area (지역자원): the council's directory of local resources.

Table and column names follow Open Referral HSDS 3.0 (``organization``, ``service``,
``location``, ``address``, ``service_at_location``, ``phone``, ``contact``,
``taxonomy_term``) wherever the standard has a field for the thing, so the HSDS export and
import (a later slice) map columns one to one. What HSDS lacks and the council needs —
sector, resource kind, the eight service areas, target groups, capacity, the 리/마을
served, verification — are extra columns under their own names.

Every table is synced (``SyncedMixin``); which fields stay on this PC is said by the
registry (``app.areas``), not here. Codes are short English strings; Korean labels live in
``app.resources.codes``. Latitude and longitude are decimal text: records travel as JSON
with integers and text only, and text keeps the digits a person typed exactly.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Sealed, SyncedMixin


class Organization(SyncedMixin, Base):
    """A body that offers resources: a public office, a private group, a partnership."""

    __tablename__ = "organization"

    name: Mapped[str] = mapped_column(String(200), index=True)
    sector: Mapped[str] = mapped_column(String(20))  # public | private | partnership
    description: Mapped[str] = mapped_column(Text, default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    website: Mapped[str] = mapped_column(String(300), default="")
    # active | inactive (closed down: its services are shown as inactive whatever their own status)
    status: Mapped[str] = mapped_column(String(20), default="active")


class Service(SyncedMixin, Base):
    """What an organization offers (a service, programme or resource), with whom it is for,
    how to get it and how much room it has."""

    __tablename__ = "service"

    organization_id: Mapped[str] = mapped_column(ForeignKey("organization.id"), index=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    resource_kind: Mapped[str] = mapped_column(String(20))  # app.resources.codes.RESOURCE_KIND
    # Comma-separated codes, in code-list order: app.codes.SERVICE_AREA, TARGET_GROUP.
    service_areas: Mapped[str] = mapped_column(String(200), default="")
    target_groups: Mapped[str] = mapped_column(String(200), default="")
    eligibility_description: Mapped[str] = mapped_column(Text, default="")
    minimum_age: Mapped[int | None] = mapped_column(Integer)
    maximum_age: Mapped[int | None] = mapped_column(Integer)
    application_process: Mapped[str] = mapped_column(Text, default="")
    fees_description: Mapped[str] = mapped_column(Text, default="")
    schedule_description: Mapped[str] = mapped_column(Text, default="")
    # The 리/마을 served, comma-separated; empty means the whole 읍면동.
    area_places: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[str] = mapped_column(String(20), default="active", index=True)
    status_notice: Mapped[str] = mapped_column(Text, default="")  # why closed, shown to whoever refers
    closed_until: Mapped[date | None] = mapped_column(Date)
    capacity: Mapped[int | None] = mapped_column(Integer)  # None: no fixed limit
    capacity_unit: Mapped[str] = mapped_column(String(30), default="")  # "도시락/일", "명"
    current_use: Mapped[int] = mapped_column(Integer, default=0)
    last_verified_on: Mapped[date | None] = mapped_column(Date, index=True)
    last_verified_by: Mapped[str] = mapped_column(String(100), default="")


class Location(SyncedMixin, Base):
    """A place where services are given (a centre, a 경로당, a church hall)."""

    __tablename__ = "location"

    organization_id: Mapped[str | None] = mapped_column(ForeignKey("organization.id"), index=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    latitude: Mapped[str] = mapped_column(String(20), default="")
    longitude: Mapped[str] = mapped_column(String(20), default="")


class Address(SyncedMixin, Base):
    """A location's address, in HSDS's parts (``region`` holds the 리/마을)."""

    __tablename__ = "address"

    location_id: Mapped[str] = mapped_column(ForeignKey("location.id"), index=True)
    address_1: Mapped[str] = mapped_column(String(200), default="")
    address_2: Mapped[str] = mapped_column(String(200), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    region: Mapped[str] = mapped_column(String(100), default="")
    state_province: Mapped[str] = mapped_column(String(100), default="")
    postal_code: Mapped[str] = mapped_column(String(10), default="")
    country: Mapped[str] = mapped_column(String(2), default="KR")


class ServiceAtLocation(SyncedMixin, Base):
    """A service given at a location."""

    __tablename__ = "service_at_location"

    service_id: Mapped[str] = mapped_column(ForeignKey("service.id"), index=True)
    location_id: Mapped[str] = mapped_column(ForeignKey("location.id"), index=True)
    description: Mapped[str] = mapped_column(Text, default="")


class Contact(SyncedMixin, Base):
    """A person to call about an organization, service or location.

    ``private_phone`` is a volunteer leader's own mobile: it stays on this PC and is hidden
    from roles without personal-data access (``app.areas``). Public numbers are ``phone`` rows.
    """

    __tablename__ = "contact"

    organization_id: Mapped[str | None] = mapped_column(ForeignKey("organization.id"), index=True)
    service_id: Mapped[str | None] = mapped_column(ForeignKey("service.id"), index=True)
    location_id: Mapped[str | None] = mapped_column(ForeignKey("location.id"), index=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    title: Mapped[str] = mapped_column(String(100), default="")
    department: Mapped[str] = mapped_column(String(100), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    private_phone: Mapped[str] = mapped_column(Sealed(str, 20), default="")


class Phone(SyncedMixin, Base):
    """A public telephone number of an organization, service, location or contact."""

    __tablename__ = "phone"

    organization_id: Mapped[str | None] = mapped_column(ForeignKey("organization.id"), index=True)
    service_id: Mapped[str | None] = mapped_column(ForeignKey("service.id"), index=True)
    location_id: Mapped[str | None] = mapped_column(ForeignKey("location.id"), index=True)
    contact_id: Mapped[str | None] = mapped_column(ForeignKey("contact.id"), index=True)
    number: Mapped[str] = mapped_column(String(20))
    extension: Mapped[str] = mapped_column(String(10), default="")
    type: Mapped[str] = mapped_column(String(10), default="voice")  # HSDS: voice | cell | fax | text | video ...
    description: Mapped[str] = mapped_column(String(200), default="")


class TaxonomyTerm(SyncedMixin, Base):
    """A term of a classification (the council's own, or an external one) tagging services."""

    __tablename__ = "taxonomy_term"

    code: Mapped[str] = mapped_column(String(50), default="")
    name: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(Text, default="")
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("taxonomy_term.id"))
    taxonomy: Mapped[str] = mapped_column(String(100), default="")


class ServiceTaxonomy(SyncedMixin, Base):
    """A service tagged with a taxonomy term (HSDS ``attribute`` rows, for services)."""

    __tablename__ = "service_taxonomy"

    service_id: Mapped[str] = mapped_column(ForeignKey("service.id"), index=True)
    taxonomy_term_id: Mapped[str] = mapped_column(ForeignKey("taxonomy_term.id"), index=True)


# Parents before children, as sync applies them.
RESOURCE_SYNCED_MODELS: tuple[type[SyncedMixin], ...] = (
    Organization,
    Service,
    Location,
    Address,
    ServiceAtLocation,
    Contact,
    Phone,
    TaxonomyTerm,
    ServiceTaxonomy,
)
