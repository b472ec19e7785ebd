"""Services of the donations ledger (후원금품): record, edit and cancel what was received;
record and cancel what was handed out; balances per pool, per item and per purpose; the
ledger page a tab shows; and what the two printouts (관리대장, 수입·사용 결과 보고) read.

The ledger never goes negative, on any day: a change is made in the unit of work, the
pools it touches are re-added day by day (gifts of a day counted before what went out that
day), and if any day ends below zero the change is refused and rolled back. The unit of
work's transaction starts with ``BEGIN IMMEDIATE`` (``db.session``), so no other program
can hand out the same rice between the check and the commit.

Each service checks a permission first and returns frozen views (``donations_views``).
A person donor's name and contact show only to roles with personal-data access, a
household only to roles that may read cases (``app.areas``).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.dates import format_date
from app.errors import FieldError, InputRefused, NotFound, ValidationFailed
from app.resources.donation_rules import (DistributionData, DonationData, PoolKey, clean_distribution, clean_donation,
                                          clean_pool, validate_cancel, validate_distribution, validate_donation)
from app.resources.donations_views import (BalanceRow, DistributionView, DonationView, LedgerEntry, Visibility,
                                           distribution_view, donation_view, visibility)
from app.security.permissions import Permission, require
from db.donation_models import Distribution, Donation
from db.resource_models import Organization, Service
from db.session import UnitOfWork

DONATION_FIELDS = ("received_on", "donor_kind", "donor_name", "donor_contact", "organization_id",
                   "donor_organization", "consent_to_name", "kind", "item", "quantity", "unit", "amount",
                   "designated", "purpose", "receipt_number", "note")


def _raise_if(errors: list[FieldError]) -> None:
    if errors:
        raise ValidationFailed(errors)


def donation_pool(row: Donation) -> PoolKey:
    return PoolKey(row.kind, row.item, row.unit, row.purpose)


def distribution_pool(row: Distribution) -> PoolKey:
    return PoolKey(row.kind, row.item, row.unit, row.purpose)


def _measure(row: Donation | Distribution) -> int:
    return row.amount if row.kind == "cash" else row.quantity


# ---------------------------------------------------------------- the balance, day by day

def _pool_filter(model: type[Donation] | type[Distribution], pools: Iterable[PoolKey]) -> list:
    return [(model.kind == p.kind) & (model.item == p.item) & (model.unit == p.unit) & (model.purpose == p.purpose)
            for p in pools]


def _daily_net(session: Session, pools: Iterable[PoolKey] | None = None) -> dict[PoolKey, dict[date, int]]:
    """Per pool and day: received minus handed out (live, uncancelled records only)."""
    chosen = list(pools) if pools is not None else None
    net: dict[PoolKey, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    for model, sign, day in ((Donation, 1, Donation.received_on), (Distribution, -1, Distribution.distributed_on)):
        query = select(model.kind, model.item, model.unit, model.purpose, day, model.amount, model.quantity).where(
            model.deleted_at.is_(None), model.cancelled_on.is_(None))
        if chosen is not None:
            if not chosen:
                continue
            query = query.where(or_(*_pool_filter(model, chosen)))
        for kind, item, unit, purpose, on, amount, quantity in session.execute(query):
            net[PoolKey(kind, item, unit, purpose)][on] += sign * (amount if kind == "cash" else quantity)
    return net


def _first_negative(days: dict[date, int]) -> tuple[date, int] | None:
    balance = 0
    for on in sorted(days):
        balance += days[on]
        if balance < 0:
            return on, balance
    return None


def _available_on(days: dict[date, int], on: date) -> int:
    """What may still go out on ``on`` without that day or any later one ending below zero
    (the same day's gifts count: rice received in the morning goes out in the afternoon)."""
    balance = sum(v for d, v in days.items() if d < on) + days.get(on, 0)
    lowest = balance
    for day in sorted(d for d in days if d > on):
        balance += days[day]
        lowest = min(lowest, balance)
    return lowest


def _check_pools(session: Session, pools: Iterable[PoolKey]) -> None:
    """Refuse (the caller's unit of work rolls back) if any pool ends a day below zero."""
    session.flush()
    net = _daily_net(session, set(pools))
    for pool in sorted(net):
        negative = _first_negative(net[pool])
        if negative is not None:
            on, balance = negative
            raise InputRefused("balance_would_go_negative", pool=pool.label(), date=format_date(on),
                               balance=pool.measure(balance))


# ---------------------------------------------------------------- loading

def _load_donation(session: Session, donation_id: str, live: bool = True) -> Donation:
    row = session.get(Donation, donation_id) if donation_id else None
    if row is None or row.deleted_at is not None:
        raise NotFound("donation_not_found", id=donation_id)
    if live and row.cancelled_on is not None:
        raise InputRefused("donation_cancelled", date=format_date(row.cancelled_on))
    return row


def _load_distribution(session: Session, distribution_id: str) -> Distribution:
    row = session.get(Distribution, distribution_id) if distribution_id else None
    if row is None or row.deleted_at is not None:
        raise NotFound("distribution_not_found", id=distribution_id)
    if row.cancelled_on is not None:
        raise InputRefused("donation_cancelled", date=format_date(row.cancelled_on))
    return row


def _organization_names(session: Session) -> dict[str, str]:
    return dict(session.execute(select(Organization.id, Organization.name)).all())


def _service_names(session: Session) -> dict[str, str]:
    return dict(session.execute(select(Service.id, Service.name)).all())


def _check_links(session: Session, organization_id: str | None, service_id: str | None) -> None:
    if organization_id is not None:
        org = session.get(Organization, organization_id)
        if org is None or org.deleted_at is not None:
            raise NotFound("organization_not_found", id=organization_id)
    if service_id is not None:
        service = session.get(Service, service_id)
        if service is None or service.deleted_at is not None:
            raise NotFound("service_not_found", id=service_id)


def _check_receipt(session: Session, number: str, exclude_id: str | None) -> None:
    if not number:
        return
    same = session.scalar(select(Donation.id).where(
        Donation.receipt_number == number, Donation.deleted_at.is_(None), Donation.cancelled_on.is_(None),
        Donation.id != (exclude_id or "")))
    if same is not None:
        raise InputRefused("duplicate_receipt", number=number)


def _donation_view(session: Session, row: Donation, seen: Visibility) -> DonationView:
    name = _organization_names(session).get(row.organization_id or "", "") if row.organization_id else ""
    return donation_view(row, seen, name)


# ---------------------------------------------------------------- donations

def record_donation(uow: UnitOfWork, data: DonationData, today: date) -> DonationView:
    """접수: money or goods received. Adds to its pool, so it can never make one negative."""
    actor = require(uow.actor, Permission.RESOURCES_EDIT)
    data = clean_donation(data)
    _raise_if(validate_donation(data, today))
    with uow:
        _check_links(uow.session, data.organization_id, None)
        _check_receipt(uow.session, data.receipt_number, None)
        row = Donation(**{name: getattr(data, name) for name in DONATION_FIELDS})
        uow.session.add(row)
        uow.session.flush()
        view = _donation_view(uow.session, row, visibility(actor))
        uow.commit()
        return view


def update_donation(uow: UnitOfWork, donation_id: str, data: DonationData, today: date) -> DonationView:
    """Correct a received gift. Refused, with nothing changed, when what was already handed
    out from its pool would then exceed what came in (a smaller quantity, a later date, a
    different item or purpose)."""
    actor = require(uow.actor, Permission.RESOURCES_EDIT)
    data = clean_donation(data)
    _raise_if(validate_donation(data, today))
    with uow:
        row = _load_donation(uow.session, donation_id)
        _check_links(uow.session, data.organization_id, None)
        _check_receipt(uow.session, data.receipt_number, donation_id)
        before = donation_pool(row)
        for name in DONATION_FIELDS:
            if getattr(row, name) != getattr(data, name):
                setattr(row, name, getattr(data, name))
        _check_pools(uow.session, {before, donation_pool(row)})
        view = _donation_view(uow.session, row, visibility(actor))
        uow.commit()
        return view


def cancel_donation(uow: UnitOfWork, donation_id: str, on: date, reason: str, today: date) -> DonationView:
    """취소 (returned, or entered twice): kept for the record, counted nowhere. Refused when
    its pool has already handed out what it brought in."""
    actor = require(uow.actor, Permission.RESOURCES_EDIT)
    reason = " ".join((reason or "").split())
    _raise_if(validate_cancel(on, reason, today))
    with uow:
        row = _load_donation(uow.session, donation_id)
        row.cancelled_on, row.cancel_reason = on, reason
        _check_pools(uow.session, {donation_pool(row)})
        view = _donation_view(uow.session, row, visibility(actor))
        uow.commit()
        return view


def get_donation(uow: UnitOfWork, donation_id: str) -> DonationView:
    actor = require(uow.actor, Permission.RESOURCES_READ)
    with uow:
        return _donation_view(uow.session, _load_donation(uow.session, donation_id, live=False), visibility(actor))


def list_donations(uow: UnitOfWork, start: date | None = None, end: date | None = None,
                   include_cancelled: bool = False) -> list[DonationView]:
    """Gifts received in the period (both ends included), oldest first."""
    actor = require(uow.actor, Permission.RESOURCES_READ)
    seen = visibility(actor)
    with uow:
        names = _organization_names(uow.session)
        query = select(Donation).where(Donation.deleted_at.is_(None))
        if start is not None:
            query = query.where(Donation.received_on >= start)
        if end is not None:
            query = query.where(Donation.received_on <= end)
        if not include_cancelled:
            query = query.where(Donation.cancelled_on.is_(None))
        rows = uow.session.scalars(query.order_by(Donation.received_on, Donation.created_at, Donation.id))
        return [donation_view(r, seen, names.get(r.organization_id or "", "")) for r in rows]


# ---------------------------------------------------------------- distributions

def record_distribution(uow: UnitOfWork, data: DistributionData, today: date) -> DistributionView:
    """배분: money or goods handed out from a pool to a programme or a household. Refused,
    with nothing changed, when the pool holds less on that day (or would on a later one)."""
    actor = require(uow.actor, Permission.RESOURCES_EDIT)
    data = clean_distribution(data)
    _raise_if(validate_distribution(data, today))
    assert data.distributed_on is not None
    with uow:
        _check_links(uow.session, None, data.service_id)
        pool = data.pool
        available = _available_on(_daily_net(uow.session, [pool]).get(pool, {}), data.distributed_on)
        if data.measure > available:
            raise InputRefused("balance_exceeded", pool=pool.label(), date=format_date(data.distributed_on),
                               available=pool.measure(max(available, 0)), wanted=pool.measure(data.measure))
        row = Distribution(distributed_on=data.distributed_on, kind=pool.kind, item=pool.item, unit=pool.unit,
                           purpose=pool.purpose, quantity=data.quantity, amount=data.amount,
                           service_id=data.service_id, recipient=data.recipient, case_id=data.case_id,
                           note=data.note)
        uow.session.add(row)
        _check_pools(uow.session, {pool})  # the same answer, from the stored rows: a second guard
        view = distribution_view(row, visibility(actor), _service_names(uow.session).get(row.service_id or "", ""))
        uow.commit()
        return view


def cancel_distribution(uow: UnitOfWork, distribution_id: str, on: date, reason: str, today: date) -> DistributionView:
    """취소 of a hand-out entered by mistake: its quantity returns to the pool."""
    actor = require(uow.actor, Permission.RESOURCES_EDIT)
    reason = " ".join((reason or "").split())
    _raise_if(validate_cancel(on, reason, today))
    with uow:
        row = _load_distribution(uow.session, distribution_id)
        row.cancelled_on, row.cancel_reason = on, reason
        uow.session.flush()
        view = distribution_view(row, visibility(actor), _service_names(uow.session).get(row.service_id or "", ""))
        uow.commit()
        return view


def list_distributions(uow: UnitOfWork, start: date | None = None, end: date | None = None) -> list[DistributionView]:
    actor = require(uow.actor, Permission.RESOURCES_READ)
    seen = visibility(actor)
    with uow:
        services = _service_names(uow.session)
        query = select(Distribution).where(Distribution.deleted_at.is_(None), Distribution.cancelled_on.is_(None))
        if start is not None:
            query = query.where(Distribution.distributed_on >= start)
        if end is not None:
            query = query.where(Distribution.distributed_on <= end)
        rows = uow.session.scalars(query.order_by(Distribution.distributed_on, Distribution.created_at,
                                                  Distribution.id))
        return [distribution_view(r, seen, services.get(r.service_id or "", "")) for r in rows]


# ---------------------------------------------------------------- balances

def _totals(session: Session, until: date | None = None) -> dict[PoolKey, list[int]]:
    """Per pool: [received, handed out] up to ``until`` (inclusive; None: everything)."""
    totals: dict[PoolKey, list[int]] = defaultdict(lambda: [0, 0])
    for model, slot, day in ((Donation, 0, Donation.received_on), (Distribution, 1, Distribution.distributed_on)):
        query = select(model).where(model.deleted_at.is_(None), model.cancelled_on.is_(None))
        if until is not None:
            query = query.where(day <= until)
        for row in session.scalars(query):
            totals[PoolKey(row.kind, row.item, row.unit, row.purpose)][slot] += _measure(row)
    return totals


def list_balances(uow: UnitOfWork, on: date | None = None) -> list[BalanceRow]:
    """Every pool (kind, item, unit, purpose) with what came in, went out and is left."""
    require(uow.actor, Permission.RESOURCES_READ)
    with uow:
        totals = _totals(uow.session, on)
    return [BalanceRow(pool, r, d) for pool, (r, d) in sorted(totals.items())]


def _grouped(rows: list[BalanceRow], key) -> list[BalanceRow]:  # type: ignore[no-untyped-def]
    groups: dict[PoolKey, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        total = groups[key(row.pool)]
        total[0] += row.received
        total[1] += row.distributed
    return [BalanceRow(pool, r, d) for pool, (r, d) in sorted(groups.items())]


def balances_by_item(uow: UnitOfWork, on: date | None = None) -> list[BalanceRow]:
    """Per item and unit, whatever the purpose (``pool.purpose`` is "")."""
    return _grouped(list_balances(uow, on), lambda p: PoolKey(p.kind, p.item, p.unit, ""))


def balances_by_purpose(uow: UnitOfWork, on: date | None = None) -> list[BalanceRow]:
    """Per purpose ("" for 비지정) and unit: money of one purpose in one sum, goods per unit
    (``pool.item`` is "" where items of one unit were added together)."""
    return _grouped(list_balances(uow, on),
                    lambda p: PoolKey(p.kind, "현금" if p.kind == "cash" else "", p.unit, p.purpose))


def open_pools(uow: UnitOfWork, on: date) -> list[BalanceRow]:
    """The pools a distribution on ``on`` may draw from (something left), for a form's list."""
    return [row for row in list_balances(uow, on) if row.balance > 0]


def pool_of(kind: str, item: str, unit: str, purpose: str = "") -> PoolKey:
    """A pool as a person types it (``clean_pool``: trimmed; cash is always 현금, 원)."""
    return clean_pool(PoolKey(kind, item, unit, purpose))


# ---------------------------------------------------------------- the ledger page

@dataclass(frozen=True)
class LedgerFilter:
    start: date | None = None
    end: date | None = None
    pool: PoolKey | None = None
    kind: str | None = None   # cash | goods


@dataclass(frozen=True)
class LedgerPage:
    count: int
    entries: tuple[LedgerEntry, ...]


def ledger_entries(uow: UnitOfWork, filters: LedgerFilter = LedgerFilter()) -> list[LedgerEntry]:
    """The ledger in order (day; gifts before hand-outs), each line with its pool's running
    balance. Balances count everything before the period too, so a page starts where the
    previous one ended."""
    actor = require(uow.actor, Permission.RESOURCES_READ)
    seen = visibility(actor)
    with uow:
        organizations, services = _organization_names(uow.session), _service_names(uow.session)
        lines: list[tuple[tuple, LedgerEntry]] = []
        for row in uow.session.scalars(select(Donation).where(Donation.deleted_at.is_(None),
                                                              Donation.cancelled_on.is_(None))):
            view = donation_view(row, seen, organizations.get(row.organization_id or "", ""))
            lines.append(((row.received_on, 0, row.created_at, row.id),
                          LedgerEntry(row.id, "donation", row.received_on, view.pool, view.donor_label(), view.measure,
                                      0, 0, row.receipt_number)))
        for row in uow.session.scalars(select(Distribution).where(Distribution.deleted_at.is_(None),
                                                                  Distribution.cancelled_on.is_(None))):
            view = distribution_view(row, seen, services.get(row.service_id or "", ""))
            lines.append(((row.distributed_on, 1, row.created_at, row.id),
                          LedgerEntry(row.id, "distribution", row.distributed_on, view.pool, view.recipient_label(),
                                      0, view.measure, 0, "")))
    balances: dict[PoolKey, int] = defaultdict(int)
    result = []
    for _key, entry in sorted(lines, key=lambda pair: pair[0]):
        balances[entry.pool] += entry.received - entry.distributed
        entry = entry.with_balance(balances[entry.pool])
        if _keeps(filters, entry):
            result.append(entry)
    return result


def _keeps(filters: LedgerFilter, entry: LedgerEntry) -> bool:
    return ((filters.start is None or entry.on >= filters.start) and (filters.end is None or entry.on <= filters.end)
            and (filters.pool is None or entry.pool == filters.pool)
            and (filters.kind is None or entry.pool.kind == filters.kind))


def ledger_page(uow: UnitOfWork, filters: LedgerFilter = LedgerFilter(), limit: int = 100,
                offset: int = 0) -> LedgerPage:
    """One page of the ledger for the tab, newest last, and how many lines match in all."""
    entries = ledger_entries(uow, filters)
    return LedgerPage(len(entries), tuple(entries[offset:offset + limit]))
