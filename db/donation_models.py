"""Tables of the donations ledger (후원금품), part of the Resources area: what was received
(``donation``) and what was handed out (``distribution``).

A balance is kept per *pool*: the kind (cash or goods), the item and its unit, and the
purpose a donor designated (empty for 비지정). A distribution names the pool it draws on,
not one donation: ten donors' rice is one pile, and 지정 money for heating may only pay for
heating. Quantities and amounts are whole numbers (원, kg, 포, 상자): sums stay exact, and
the ledger's "never negative" is a comparison of integers.

A person's name and contact, and a household a distribution went to, are personal data;
which fields stay on this PC or travel sealed is said by the registry (``app.areas``).
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, SyncedMixin


class Donation(SyncedMixin, Base):
    """Money or goods received from one donor on one day (one line of the 관리대장)."""

    __tablename__ = "donation"

    received_on: Mapped[date] = mapped_column(Date, index=True)
    donor_kind: Mapped[str] = mapped_column(String(20))  # person | organization | anonymous
    # A person donor's name and contact (personal data; empty for the others).
    donor_name: Mapped[str] = mapped_column(String(100), default="")
    donor_contact: Mapped[str] = mapped_column(String(50), default="")
    # An organization donor: from the directory when it is there, else its name as given.
    organization_id: Mapped[str | None] = mapped_column(ForeignKey("organization.id"), index=True)
    donor_organization: Mapped[str] = mapped_column(String(200), default="")
    # Agreed to be named in the 수입·사용 결과 보고; without it the report says 익명.
    consent_to_name: Mapped[bool] = mapped_column(Boolean, default=False)
    kind: Mapped[str] = mapped_column(String(10))  # cash | goods
    item: Mapped[str] = mapped_column(String(100))  # "현금" for cash
    quantity: Mapped[int] = mapped_column(Integer, default=0)  # goods: how many units
    unit: Mapped[str] = mapped_column(String(20))  # "원" for cash
    amount: Mapped[int] = mapped_column(Integer, default=0)  # 원: the money, or the goods' value
    designated: Mapped[bool] = mapped_column(Boolean, default=False)  # 지정 기탁
    purpose: Mapped[str] = mapped_column(String(200), default="")  # the designated use; "" when 비지정
    receipt_number: Mapped[str] = mapped_column(String(50), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    # Cancelled (returned, or entered twice): kept for the record, counted nowhere.
    cancelled_on: Mapped[date | None] = mapped_column(Date)
    cancel_reason: Mapped[str] = mapped_column(String(200), default="")


class Distribution(SyncedMixin, Base):
    """Money or goods handed out from one pool to a programme or a household."""

    __tablename__ = "distribution"

    distributed_on: Mapped[date] = mapped_column(Date, index=True)
    # The pool drawn on (see the module docstring).
    kind: Mapped[str] = mapped_column(String(10))
    item: Mapped[str] = mapped_column(String(100))
    unit: Mapped[str] = mapped_column(String(20))
    purpose: Mapped[str] = mapped_column(String(200), default="")
    quantity: Mapped[int] = mapped_column(Integer, default=0)  # goods
    amount: Mapped[int] = mapped_column(Integer, default=0)  # cash, in 원
    # To a programme of the directory, or to a household named by a short label; the case
    # area will link a case (no foreign key yet: that table does not exist).
    service_id: Mapped[str | None] = mapped_column(ForeignKey("service.id"), index=True)
    recipient: Mapped[str] = mapped_column(String(100), default="")
    case_id: Mapped[str | None] = mapped_column(String(36))
    note: Mapped[str] = mapped_column(Text, default="")
    cancelled_on: Mapped[date | None] = mapped_column(Date)
    cancel_reason: Mapped[str] = mapped_column(String(200), default="")


# Parents before children, as sync applies them (after the directory's tables).
DONATION_SYNCED_MODELS: tuple[type[SyncedMixin], ...] = (Donation, Distribution)
