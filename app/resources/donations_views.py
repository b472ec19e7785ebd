"""Frozen views of the donations ledger handed to the window, the CLI and the printouts
(never live ORM objects), and what each role may see of them: a person donor's name and
contact need personal-data access, a household needs the right to read cases (the
registry's field rules in ``app.areas``)."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from app import codes
from app.areas import table
from app.resources import codes as rcodes
from app.resources.donation_rules import DistributionData, DonationData, PoolKey
from app.security.permissions import Actor
from db.donation_models import Distribution, Donation

HIDDEN_PERSON = "개인(비공개)"
HIDDEN_HOUSEHOLD = "가구(비공개)"
ANONYMOUS = "익명"
PRIVATE = "비공개"
HOUSEHOLD_SUPPORT = "가구 지원"


@dataclass(frozen=True)
class Visibility:
    """Which personal fields of the ledger the acting role may see."""

    donor: bool
    household: bool


def visibility(actor: Actor | None) -> Visibility:
    donation, distribution = table("donation"), table("distribution")
    assert donation is not None and distribution is not None
    return Visibility(donor="donor_name" not in donation.hidden_fields(actor),
                      household="recipient" not in distribution.hidden_fields(actor))


@dataclass(frozen=True)
class DonationView:
    id: str
    received_on: date
    donor_kind: str
    donor_name: str            # "" when hidden (``donor_hidden``) or not a person
    donor_contact: str
    donor_hidden: bool
    organization_id: str | None
    donor_organization: str    # as typed, else the directory's name
    consent_to_name: bool
    kind: str
    item: str
    quantity: int
    unit: str
    amount: int
    designated: bool
    purpose: str
    receipt_number: str
    note: str
    cancelled_on: date | None
    cancel_reason: str

    @property
    def pool(self) -> PoolKey:
        return PoolKey(self.kind, self.item, self.unit, self.purpose)

    @property
    def measure(self) -> int:
        return self.amount if self.kind == "cash" else self.quantity

    def donor_label(self) -> str:
        """Who gave, as this role may see it (the 관리대장, the tab)."""
        if self.donor_kind == "anonymous":
            return ANONYMOUS
        if self.donor_kind == "organization":
            return self.donor_organization
        return HIDDEN_PERSON if self.donor_hidden else self.donor_name

    def kind_label(self, lang: str = "ko") -> str:
        return codes.label(rcodes.DONATION_KIND, self.kind, lang)

    def donor_kind_label(self, lang: str = "ko") -> str:
        return codes.label(rcodes.DONOR_KIND, self.donor_kind, lang)

    def to_data(self) -> DonationData:
        """For an edit form (only for a role that sees the donor: otherwise the name is blank)."""
        return DonationData(
            received_on=self.received_on, donor_kind=self.donor_kind, kind=self.kind, donor_name=self.donor_name,
            donor_contact=self.donor_contact, organization_id=self.organization_id,
            donor_organization=self.donor_organization, consent_to_name=self.consent_to_name, item=self.item,
            quantity=self.quantity, unit=self.unit, amount=self.amount, designated=self.designated,
            purpose=self.purpose, receipt_number=self.receipt_number, note=self.note)


@dataclass(frozen=True)
class DistributionView:
    id: str
    distributed_on: date
    pool: PoolKey
    quantity: int
    amount: int
    service_id: str | None
    service_name: str
    recipient: str             # "" when hidden (``recipient_hidden``)
    recipient_hidden: bool
    case_id: str | None
    note: str
    cancelled_on: date | None
    cancel_reason: str

    @property
    def measure(self) -> int:
        return self.amount if self.pool.kind == "cash" else self.quantity

    @property
    def to_household(self) -> bool:
        return bool(self.recipient) or self.recipient_hidden

    def recipient_label(self) -> str:
        """Where it went, as this role may see it: the programme, and the household if any."""
        household = HIDDEN_HOUSEHOLD if self.recipient_hidden else self.recipient
        return " / ".join(part for part in (self.service_name, household) if part)

    def to_data(self) -> DistributionData:
        return DistributionData(self.distributed_on, self.pool, self.quantity, self.amount, self.service_id,
                                self.recipient, self.case_id, self.note)


@dataclass(frozen=True)
class BalanceRow:
    pool: PoolKey
    received: int
    distributed: int

    @property
    def balance(self) -> int:
        return self.received - self.distributed


@dataclass(frozen=True)
class LedgerEntry:
    """One line of the ledger: a gift (``received``) or a hand-out (``distributed``), and
    its pool's balance after it."""

    id: str
    table: str                 # donation | distribution
    on: date
    pool: PoolKey
    who: str                   # the donor, or where it went, as the role may see it
    received: int
    distributed: int
    balance: int
    receipt_number: str

    def with_balance(self, balance: int) -> LedgerEntry:
        return replace(self, balance=balance)


def donation_view(row: Donation, seen: Visibility, organization_name: str = "") -> DonationView:
    person = row.donor_kind == "person"
    hidden = person and not seen.donor
    return DonationView(
        id=row.id, received_on=row.received_on, donor_kind=row.donor_kind,
        donor_name="" if hidden else row.donor_name, donor_contact="" if not seen.donor else row.donor_contact,
        donor_hidden=hidden, organization_id=row.organization_id,
        donor_organization=row.donor_organization or organization_name, consent_to_name=row.consent_to_name,
        kind=row.kind, item=row.item, quantity=row.quantity, unit=row.unit, amount=row.amount,
        designated=row.designated, purpose=row.purpose, receipt_number=row.receipt_number, note=row.note,
        cancelled_on=row.cancelled_on, cancel_reason=row.cancel_reason)


def distribution_view(row: Distribution, seen: Visibility, service_name: str = "") -> DistributionView:
    hidden = bool(row.recipient or row.case_id) and not seen.household
    return DistributionView(
        id=row.id, distributed_on=row.distributed_on, pool=PoolKey(row.kind, row.item, row.unit, row.purpose),
        quantity=row.quantity, amount=row.amount, service_id=row.service_id, service_name=service_name,
        recipient="" if hidden else row.recipient, recipient_hidden=hidden,
        case_id=None if hidden else row.case_id, note=row.note, cancelled_on=row.cancelled_on,
        cancel_reason=row.cancel_reason)


def public_donor_name(row: Donation, organization_name: str = "") -> str:
    """The name the 수입·사용 결과 보고 prints: the donor's only if they agreed to be named
    (a consent makes it public whoever prints), else 익명 or 비공개."""
    if row.donor_kind == "anonymous":
        return ANONYMOUS
    if not row.consent_to_name:
        return PRIVATE
    return (row.donor_organization or organization_name) if row.donor_kind == "organization" else row.donor_name
