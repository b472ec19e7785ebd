"""Typed SQLAlchemy models of the council's records.

Codes (sex, kind, role, category, end reason) are stored as short English codes; their
Korean labels live in ``app.codes`` so the database never depends on wording.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.base import Base, Sealed, SyncedMixin, new_uuid


class Installation(Base):
    """This installation: one row, created by ``init``."""

    __tablename__ = "installation"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    device_id: Mapped[str] = mapped_column(String(36), default=new_uuid)
    council_code: Mapped[str] = mapped_column(String(20))
    council_name: Mapped[str] = mapped_column(String(100))
    site_role: Mapped[str] = mapped_column(String(10), default="council")


class ChangeCounter(Base):
    """Database-wide monotonic counter behind ``SyncedMixin.change_seq``."""

    __tablename__ = "change_counter"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)


class Setting(Base):
    """Key/value settings stored with the data (council-wide, not per PC)."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Member(SyncedMixin, Base):
    """A person who is or was a council member. Never holds 주민등록번호."""

    __tablename__ = "member"

    name: Mapped[str] = mapped_column(String(30), index=True)
    sex: Mapped[str] = mapped_column(String(1))
    # Sealed with the "personal" compartment key (app.security.sealing): text on disk.
    birth_date: Mapped[date | None] = mapped_column(Sealed(date))
    affiliation: Mapped[str] = mapped_column(String(100), default="")
    position: Mapped[str] = mapped_column(String(50), default="")
    kind: Mapped[str] = mapped_column(String(20))
    category: Mapped[int] = mapped_column(Integer)
    role: Mapped[str] = mapped_column(String(20), default="member")
    phone: Mapped[str] = mapped_column(Sealed(str, 20), default="")
    honorary_official: Mapped[bool] = mapped_column(Boolean, default=False)
    pledge_on: Mapped[date | None] = mapped_column(Date)
    consent_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")

    terms: Mapped[list[MemberTerm]] = relationship(
        back_populates="member", order_by="MemberTerm.start_on"
    )


class MemberTerm(SyncedMixin, Base):
    """One appointment (위촉) of a member, from start to its end or early ending (해촉)."""

    __tablename__ = "member_term"

    member_id: Mapped[str] = mapped_column(ForeignKey("member.id"), index=True)
    recommended_on: Mapped[date | None] = mapped_column(Date)
    start_on: Mapped[date] = mapped_column(Date)
    # Planned end; empty for officials who serve while in post (당연직).
    end_on: Mapped[date | None] = mapped_column(Date)
    # Actual early end (해촉·사임); the member is out of office from this day.
    ended_on: Mapped[date | None] = mapped_column(Date)
    end_reason: Mapped[str | None] = mapped_column(String(20))
    end_note: Mapped[str] = mapped_column(Text, default="")

    member: Mapped[Member] = relationship(back_populates="terms")


class Subcommittee(SyncedMixin, Base):
    """A working subcommittee (실무분과)."""

    __tablename__ = "subcommittee"

    name: Mapped[str] = mapped_column(String(50))
    description: Mapped[str] = mapped_column(Text, default="")
    # Comma-separated codes of the eight service areas.
    service_areas: Mapped[str] = mapped_column(String(200), default="")
    lead_member_id: Mapped[str | None] = mapped_column(ForeignKey("member.id"))
    founded_on: Mapped[date | None] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)

    memberships: Mapped[list[SubcommitteeMembership]] = relationship(
        back_populates="subcommittee", order_by="SubcommitteeMembership.joined_on"
    )


class SubcommitteeMembership(SyncedMixin, Base):
    """A member's seat on a subcommittee, from joining to leaving."""

    __tablename__ = "subcommittee_membership"

    subcommittee_id: Mapped[str] = mapped_column(ForeignKey("subcommittee.id"), index=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("member.id"), index=True)
    joined_on: Mapped[date] = mapped_column(Date)
    left_on: Mapped[date | None] = mapped_column(Date)

    subcommittee: Mapped[Subcommittee] = relationship(back_populates="memberships")
    member: Mapped[Member] = relationship()


SYNCED_MODELS: tuple[type[SyncedMixin], ...] = (
    Member,
    MemberTerm,
    Subcommittee,
    SubcommitteeMembership,
)
