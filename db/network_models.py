"""Tables of the Network area (네트워크): the council's joint projects (특화사업·공동사업)
with their partner organizations, and the plan items of the 지역사회보장계획 per
subcommittee, tied to the meeting decisions (agenda items) that made them.

The network map itself stores nothing: it is drawn from these rows and the other areas'
records (``app.network.graph``). Every table is synced (``SyncedMixin``); codes are short
English strings whose Korean labels live in ``app.network.codes``. Money is whole won.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, SyncedMixin


class PlanItem(SyncedMixin, Base):
    """One item of the 지역사회보장계획 a subcommittee carries (수립 → 시행 → 평가)."""

    __tablename__ = "plan_item"

    subcommittee_id: Mapped[str | None] = mapped_column(ForeignKey("subcommittee.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), default="planned")  # planned | running | evaluated
    note: Mapped[str] = mapped_column(Text, default="")


class PlanItemDecision(SyncedMixin, Base):
    """A meeting decision (an agenda item) that set up, changed or evaluated a plan item."""

    __tablename__ = "plan_item_decision"

    plan_item_id: Mapped[str] = mapped_column(ForeignKey("plan_item.id"), index=True)
    agenda_item_id: Mapped[str] = mapped_column(ForeignKey("agenda_item.id"), index=True)


class JointProject(SyncedMixin, Base):
    """A project run with partner organizations that no single one could run alone."""

    __tablename__ = "joint_project"

    name: Mapped[str] = mapped_column(String(200), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="joint")  # special (특화사업) | joint (공동사업)
    subcommittee_id: Mapped[str | None] = mapped_column(ForeignKey("subcommittee.id"), index=True)
    plan_item_id: Mapped[str | None] = mapped_column(ForeignKey("plan_item.id"), index=True)
    start_on: Mapped[date] = mapped_column(Date, index=True)
    end_on: Mapped[date | None] = mapped_column(Date)  # None: still running
    budget: Mapped[int] = mapped_column(Integer, default=0)
    spending: Mapped[int] = mapped_column(Integer, default=0)
    beneficiaries: Mapped[int | None] = mapped_column(Integer)  # a count; None: not yet known
    progress_note: Mapped[str] = mapped_column(Text, default="")
    result: Mapped[str] = mapped_column(Text, default="")


class JointProjectPartner(SyncedMixin, Base):
    """An organization of the directory taking part in a joint project."""

    __tablename__ = "joint_project_partner"

    joint_project_id: Mapped[str] = mapped_column(ForeignKey("joint_project.id"), index=True)
    organization_id: Mapped[str] = mapped_column(ForeignKey("organization.id"), index=True)
    role: Mapped[str] = mapped_column(String(100), default="")  # 주관, 협력, 후원 ...


# Parents before children, as sync applies them.
NETWORK_SYNCED_MODELS: tuple[type[SyncedMixin], ...] = (
    PlanItem,
    PlanItemDecision,
    JointProject,
    JointProjectPartner,
)
