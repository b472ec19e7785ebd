"""What the two donation printouts read, as frozen data: the 후원금품 관리대장 for a period
(per pool: carried in, each gift and hand-out with the running balance, carried out) and the
후원금품 수입·사용 결과 보고 (what came in and from whom — a name only where the donor agreed
to be named —, what went out and where, and what is left).

The report is meant for others (the council, the 읍면동, donors): no household is ever
named in it, and a person's name appears only under their consent, whoever prints it.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from app.resources.donation_rules import PoolKey
from app.resources.donations import ledger_entries
from app.resources.donations_views import HOUSEHOLD_SUPPORT, LedgerEntry, public_donor_name
from app.security.permissions import Permission, require
from db.donation_models import Distribution, Donation
from db.resource_models import Organization, Service
from db.session import UnitOfWork


@dataclass(frozen=True)
class PoolLedger:
    pool: PoolKey
    carried_in: int                   # the balance at the start of the period
    entries: tuple[LedgerEntry, ...]  # in the period
    received: int
    distributed: int

    @property
    def carried_out(self) -> int:
        return self.carried_in + self.received - self.distributed


def ledger_for_print(uow: UnitOfWork, start: date | None, end: date | None) -> list[PoolLedger]:
    """The 관리대장: every pool with a balance or a movement in the period, cash first."""
    require(uow.actor, Permission.PRINT)
    every = ledger_entries(uow)
    pools = sorted({e.pool for e in every}, key=lambda p: (p.kind != "cash", p.item, p.unit, p.purpose))
    result = []
    for pool in pools:
        mine = [e for e in every if e.pool == pool]
        before = [e for e in mine if start is not None and e.on < start]
        inside = tuple(e for e in mine if (start is None or e.on >= start) and (end is None or e.on <= end))
        carried = before[-1].balance if before else 0
        if inside or carried:
            result.append(PoolLedger(pool, carried, inside, sum(e.received for e in inside),
                                     sum(e.distributed for e in inside)))
    return result


@dataclass(frozen=True)
class IncomeLine:
    on: date
    donor: str          # the public name, 익명 or 비공개
    kind: str
    item: str
    quantity: int
    unit: str
    amount: int         # 원: the money, or the goods' value
    purpose: str


@dataclass(frozen=True)
class UseLine:
    on: date
    pool: PoolKey
    where: str          # the programme, or 가구 지원 (never the household)
    measure: int


@dataclass(frozen=True)
class DonationReport:
    start: date
    end: date
    incomes: tuple[IncomeLine, ...]
    uses: tuple[UseLine, ...]
    balances: tuple[PoolLedger, ...]

    @property
    def cash_received(self) -> int:
        return sum(i.amount for i in self.incomes if i.kind == "cash")

    @property
    def goods_value(self) -> int:
        return sum(i.amount for i in self.incomes if i.kind == "goods")

    @property
    def cash_used(self) -> int:
        return sum(u.measure for u in self.uses if u.pool.kind == "cash")

    @property
    def households(self) -> int:
        return sum(1 for u in self.uses if u.where.startswith(HOUSEHOLD_SUPPORT))


def report_for_period(uow: UnitOfWork, start: date, end: date) -> DonationReport:
    """The 수입·사용 결과 보고 of ``start``..``end`` (both included)."""
    require(uow.actor, Permission.PRINT)
    require(uow.actor, Permission.RESOURCES_READ)
    with uow:
        organizations = dict(uow.session.execute(select(Organization.id, Organization.name)).all())
        services = dict(uow.session.execute(select(Service.id, Service.name)).all())
        gifts = uow.session.scalars(select(Donation).where(
            Donation.deleted_at.is_(None), Donation.cancelled_on.is_(None), Donation.received_on >= start,
            Donation.received_on <= end).order_by(Donation.received_on, Donation.created_at, Donation.id))
        incomes = tuple(IncomeLine(g.received_on, public_donor_name(g, organizations.get(g.organization_id or "", "")),
                                   g.kind, g.item, g.quantity, g.unit, g.amount, g.purpose) for g in gifts)
        outs = uow.session.scalars(select(Distribution).where(
            Distribution.deleted_at.is_(None), Distribution.cancelled_on.is_(None), Distribution.distributed_on >= start,
            Distribution.distributed_on <= end).order_by(Distribution.distributed_on, Distribution.created_at,
                                                        Distribution.id))
        uses = tuple(UseLine(o.distributed_on, PoolKey(o.kind, o.item, o.unit, o.purpose), _where(o, services),
                             o.amount if o.kind == "cash" else o.quantity) for o in outs)
    balances = tuple(ledger_for_print(uow, start, end))
    return DonationReport(start, end, incomes, uses, balances)


def _where(row: Distribution, services: dict[str, str]) -> str:
    programme = services.get(row.service_id or "", "")
    if row.recipient or row.case_id:
        return f"{HOUSEHOLD_SUPPORT}({programme})" if programme else HOUSEHOLD_SUPPORT
    return programme
