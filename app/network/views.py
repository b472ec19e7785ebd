"""Frozen views of joint projects and plan items handed to the window, the CLI and
reports (never live ORM objects), and how they are made from stored rows."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app import codes
from app.network import codes as ncodes


@dataclass(frozen=True)
class PartnerView:
    organization_id: str
    name: str
    sector: str
    role: str


@dataclass(frozen=True)
class ProjectView:
    id: str
    name: str
    kind: str
    subcommittee_id: str | None
    subcommittee_name: str
    plan_item_id: str | None
    plan_title: str
    start_on: date
    end_on: date | None
    budget: int
    spending: int
    beneficiaries: int | None
    progress_note: str
    result: str
    partners: tuple[PartnerView, ...]

    def kind_label(self, lang: str = "ko") -> str:
        return codes.label(ncodes.PROJECT_KIND, self.kind, lang)

    def overlaps(self, start: date, end: date) -> bool:
        """Running at some time between ``start`` and ``end`` (both included)."""
        return self.start_on <= end and (self.end_on is None or self.end_on >= start)

    @property
    def partner_names(self) -> str:
        return ", ".join(p.name for p in self.partners)


@dataclass(frozen=True)
class DecisionView:
    """A meeting decision a plan item is tied to: which meeting, which item."""

    agenda_item_id: str
    meeting_title: str
    held_on: date
    item_title: str


@dataclass(frozen=True)
class PlanItemView:
    id: str
    subcommittee_id: str | None
    subcommittee_name: str
    year: int
    title: str
    status: str
    note: str
    decisions: tuple[DecisionView, ...]
    project_names: tuple[str, ...]

    def status_label(self, lang: str = "ko") -> str:
        return codes.label(ncodes.PLAN_STATUS, self.status, lang)
