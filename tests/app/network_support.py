"""Helpers shared by the Network area's tests: organizations, subcommittees, members and
projects made through the services, as a person would enter them."""
from __future__ import annotations

from datetime import date

from app.members import add_member
from app.network.rules import PartnerData, ProjectData
from app.network.services import create_project
from app.resources.rules import OrganizationData
from app.resources.services import create_organization
from app.subcommittees import SubcommitteeData, add_seat, create_subcommittee
from tests.conftest import member_data, term_data

TODAY = date(2026, 11, 24)


def org(db, name: str, sector: str = "private") -> str:  # type: ignore[no-untyped-def]
    return create_organization(db.uow(), OrganizationData(name, sector)).id


def project(db, name: str, partners: list[str], start: date = date(2026, 3, 1),  # type: ignore[no-untyped-def]
            end: date | None = None, kind: str = "joint", **extra: object) -> str:
    data = ProjectData(name=name, kind=kind, start_on=start, end_on=end,
                       partners=tuple(PartnerData(p) for p in partners), **extra)  # type: ignore[arg-type]
    return create_project(db.uow(), data).id


def member(db, name: str, affiliation: str) -> str:  # type: ignore[no-untyped-def]
    return add_member(db.uow(), member_data(name, affiliation=affiliation),
                      term_data(date(2025, 1, 1), date(2026, 12, 31)), TODAY).id


def subcommittee(db, name: str, members: list[str], joined: date = date(2025, 2, 1)) -> str:  # type: ignore[no-untyped-def]
    sub = create_subcommittee(db.uow(), SubcommitteeData(name, founded_on=date(2025, 1, 1)), TODAY)
    for member_id in members:
        add_seat(db.uow(), sub.id, member_id, joined, TODAY)
    return sub.id
