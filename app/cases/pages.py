"""What the case tab shows, each read in one unit of work on the database worker: the
list of people in need with their open (or latest) case, due and overdue steps first; one
person's page (the person, consents, case with plan and checks, referrals); and the
directory's services a referral may go to, with their capacity.

Views are logged as the services log them: a list once per meaningful view, a person's
page by id (never the name).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from app.cases.referrals import _view as referral_row_view
from app.cases.services import _consent_view, _full_view, load_client
from app.cases.views import CaseView, ClientView, ConsentView, ReferralView, case_view, client_view
from app.security.audit import append_entry, log_list_view
from app.security.permissions import Permission, require
from db.case_models import CaseRecord, Client, Consent, Referral
from db.resource_models import Organization, Service
from db.session import UnitOfWork


@dataclass(frozen=True)
class ClientRow:
    """One line of the list: the person and the case shown for them (open, else latest)."""

    client: ClientView
    case: CaseView | None
    mine: bool

    @property
    def id(self) -> str:
        return self.client.id

    @property
    def name(self) -> str:
        return self.client.name

    def overdue(self, today: date) -> bool:
        return self.case is not None and self.case.overdue(today)


@dataclass(frozen=True)
class ClientPage:
    client: ClientView
    consents: tuple[ConsentView, ...]
    case: CaseView | None
    referrals: tuple[ReferralView, ...]


@dataclass(frozen=True)
class ServiceChoice:
    """A service of the directory a referral may go to, with what is left of its capacity."""

    id: str
    name: str
    organization_id: str
    organization: str
    capacity: int | None
    current_use: int

    @property
    def full(self) -> bool:
        return self.capacity is not None and self.current_use >= self.capacity


def client_rows(uow: UnitOfWork, today: date, mine_only: bool = False) -> list[ClientRow]:
    """Everyone on record: the acting account's cases first, overdue before due, then by
    due day and name; people without an open case last."""
    actor = require(uow.actor, Permission.CASES_READ)
    with uow:
        s = uow.session
        cases: dict[str, CaseRecord] = {}
        for row in s.scalars(select(CaseRecord).where(CaseRecord.deleted_at.is_(None))
                             .order_by(CaseRecord.found_on, CaseRecord.id)):
            held = cases.get(row.client_id)
            # An open case wins over a closed one; among the same kind, the later one.
            if held is None or (held.closed_on is not None) >= (row.closed_on is not None):
                cases[row.client_id] = row
        rows = []
        for client in s.scalars(select(Client).where(Client.deleted_at.is_(None))):
            case = cases.get(client.id)
            mine = case is not None and case.worker == actor.username
            if mine_only and not mine:
                continue
            rows.append(ClientRow(client_view(client), case_view(case, client.name) if case else None, mine))
        log_list_view(s, actor, "client", {"list": "mine" if mine_only else "all", "rows": len(rows)})
        uow.commit()

    def key(r: ClientRow) -> tuple:  # type: ignore[type-arg]
        open_case = r.case is not None and not r.case.closed
        due = r.case.due.due_on if r.case is not None and r.case.due is not None else date.max
        return (not r.mine, not r.overdue(today), not open_case, due, r.client.name, r.id)

    return sorted(rows, key=key)


def client_page(uow: UnitOfWork, client_id: str, today: date) -> ClientPage:
    actor = require(uow.actor, Permission.CASES_READ)
    with uow:
        s = uow.session
        person = client_view(load_client(s, client_id))
        consents = tuple(_consent_view(s, c) for c in s.scalars(
            select(Consent).where(Consent.client_id == client_id, Consent.deleted_at.is_(None))
            .order_by(Consent.given_on, Consent.id)))
        rows = list(s.scalars(select(CaseRecord).where(CaseRecord.client_id == client_id,
                                                       CaseRecord.deleted_at.is_(None))
                              .order_by(CaseRecord.closed_on.is_(None), CaseRecord.found_on, CaseRecord.id)))
        case = _full_view(s, rows[-1]) if rows else None
        referrals = tuple(referral_row_view(s, r, today) for r in s.scalars(
            select(Referral).where(Referral.client_id == client_id, Referral.deleted_at.is_(None))
            .order_by(Referral.referred_on.desc(), Referral.id)))
        append_entry(s, actor, "view", "client", client_id, {})
        if case is not None:
            append_entry(s, actor, "view", "case_record", case.id, {})
        uow.commit()
        return ClientPage(person, consents, case, referrals)


def referral_services(uow: UnitOfWork) -> list[ServiceChoice]:
    """The directory's services, by organization and name, with their capacity."""
    require(uow.actor, Permission.CASES_READ)
    with uow:
        rows = uow.session.execute(
            select(Service, Organization.name).join(Organization, Organization.id == Service.organization_id)
            .where(Service.deleted_at.is_(None), Organization.deleted_at.is_(None))
            .order_by(Organization.name, Service.name))
        return [ServiceChoice(svc.id, svc.name, svc.organization_id, org, svc.capacity, svc.current_use)
                for svc, org in rows]


def organizations(uow: UnitOfWork) -> list[tuple[str, str]]:
    """(id, name) of the directory's organizations: recipients of consents, agencies of attendees."""
    require(uow.actor, Permission.CASES_READ)
    with uow:
        return [(r.id, r.name) for r in uow.session.scalars(
            select(Organization).where(Organization.deleted_at.is_(None)).order_by(Organization.name))]
