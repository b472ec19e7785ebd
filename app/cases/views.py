"""Frozen views of the case area handed to the window, the CLI and printouts (never live
ORM objects), and how they are made from stored rows. The one place rows become views, so
opening sealed fields (the "cases" compartment, issue 13) is wired here."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app import codes
from app.cases import codes as cc
from app.cases.due import DueStep, next_due
from app.cases.rules import age_on
from db.case_models import (CaseCheck, CasePlanItem, CaseRecord, Client, ConferenceAttendee, ConferenceCase,
                            ConferenceRole, Consent, Referral)

# Labels of the due steps that are not steps of their own.
DUE_LABELS: codes.Labels = {**cc.STEP, "check": ("점검", "Check")}


@dataclass(frozen=True)
class ClientView:
    id: str
    name: str
    sex: str
    birth_date: date | None
    place: str
    address: str
    phone: str
    household_type: str
    household_size: int | None
    found_source: str
    found_by: str
    found_on: date | None
    crisis_level: str
    note: str

    def age(self, today: date) -> int | None:
        return age_on(self.birth_date, today) if self.birth_date else None

    def household_label(self, lang: str = "ko") -> str:
        return codes.label(cc.HOUSEHOLD_TYPE, self.household_type, lang) if self.household_type else ""


@dataclass(frozen=True)
class ConsentView:
    id: str
    client_id: str
    purpose: str
    recipient_kind: str
    recipient_organization_id: str | None
    recipient_name: str          # the organization's name for a directory recipient
    given_on: date | None
    items: str
    retention: str
    given_how: str
    guardian_name: str
    guardian_relation: str
    withdrawn_on: date | None

    @property
    def live(self) -> bool:
        return self.withdrawn_on is None

    def purpose_label(self, lang: str = "ko") -> str:
        return codes.label(cc.CONSENT_PURPOSE, self.purpose, lang)


@dataclass(frozen=True)
class PlanItemView:
    id: str
    what: str
    who: str
    due_on: date | None
    done_on: date | None


@dataclass(frozen=True)
class CheckView:
    id: str
    checked_on: date | None
    note: str
    next_check_on: date | None


@dataclass(frozen=True)
class CaseView:
    id: str
    client_id: str
    client_name: str
    worker: str
    steps: tuple[tuple[str, date | None], ...]   # (step code, date) in step order
    classification: str
    crisis_level: str
    next_check_on: date | None
    closing_reason: str
    closing_note: str
    note: str
    due: DueStep | None
    plan_items: tuple[PlanItemView, ...] = ()
    checks: tuple[CheckView, ...] = ()

    def step_on(self, step: str) -> date | None:
        return dict(self.steps).get(step)

    @property
    def current_step(self) -> str:
        """The last step reached."""
        reached = [code for code, on in self.steps if on is not None]
        return reached[-1] if reached else "found"

    @property
    def closed(self) -> bool:
        return self.step_on("closed") is not None

    def overdue(self, today: date) -> bool:
        return self.due is not None and self.due.overdue(today)

    def due_label(self, lang: str = "ko") -> str:
        return codes.label(DUE_LABELS, self.due.step, lang) if self.due else ""


@dataclass(frozen=True)
class AttendeeView:
    id: str
    kind: str
    member_id: str | None
    organization_id: str | None
    agency: str                  # the organization's or agency's name ("" for members)
    person_name: str
    position: str


@dataclass(frozen=True)
class RoleView:
    id: str
    organization_id: str | None
    agency: str
    person_name: str
    service: str
    due_on: date | None


@dataclass(frozen=True)
class DiscussionView:
    id: str
    case_record_id: str
    client_name: str
    summary: str
    decision: str
    next_check_on: date | None
    roles: tuple[RoleView, ...]
    left: tuple[str, ...]        # ids of the attendees who left the room for this case

    def decision_label(self, lang: str = "ko") -> str:
        return codes.label(cc.DECISION, self.decision, lang)


@dataclass(frozen=True)
class ConferenceView:
    id: str
    held_on: date | None
    place: str
    note: str
    attendees: tuple[AttendeeView, ...] = ()
    discussions: tuple[DiscussionView, ...] = ()


@dataclass(frozen=True)
class ReferralView:
    id: str
    client_id: str
    client_name: str
    case_record_id: str | None
    consent_id: str
    service_id: str | None
    service_name: str
    organization_id: str | None
    recipient: str               # the organization's or agency's name
    referred_on: date | None
    referred_by: str
    reason: str
    service_requested: str
    status: str
    decline_reason: str
    replied_on: date | None
    result: str
    holds_unit: bool
    closed_on: date | None
    reply_overdue: bool = False

    def status_label(self, lang: str = "ko") -> str:
        return codes.label(cc.REFERRAL_STATUS, self.status, lang)


def client_view(row: Client) -> ClientView:
    return ClientView(row.id, row.name, row.sex, row.birth_date, row.place, row.address, row.phone,
                      row.household_type, row.household_size, row.found_source, row.found_by, row.found_on,
                      row.crisis_level, row.note)


def consent_view(row: Consent, organization_name: str = "") -> ConsentView:
    recipient = organization_name if row.recipient_kind == "organization" else row.recipient_name
    return ConsentView(row.id, row.client_id, row.purpose, row.recipient_kind, row.recipient_organization_id,
                       recipient, row.given_on, row.items, row.retention, row.given_how, row.guardian_name,
                       row.guardian_relation, row.withdrawn_on)


def case_view(row: CaseRecord, client_name: str, plan: list[CasePlanItem] | None = None,
              checks: list[CaseCheck] | None = None) -> CaseView:
    steps = tuple((code, getattr(row, column)) for code, column, _ko, _en in cc.STEPS)
    return CaseView(
        id=row.id, client_id=row.client_id, client_name=client_name, worker=row.worker, steps=steps,
        classification=row.classification, crisis_level=row.crisis_level, next_check_on=row.next_check_on,
        closing_reason=row.closing_reason, closing_note=row.closing_note, note=row.note, due=next_due(row),
        plan_items=tuple(PlanItemView(p.id, p.what, p.who, p.due_on, p.done_on) for p in plan or ()),
        checks=tuple(CheckView(c.id, c.checked_on, c.note, c.next_check_on) for c in checks or ()),
    )


def attendee_view(row: ConferenceAttendee, agency: str, member_name: str = "") -> AttendeeView:
    return AttendeeView(row.id, row.kind, row.member_id, row.organization_id, agency,
                        member_name or row.person_name, row.position)


def role_view(row: ConferenceRole, agency: str) -> RoleView:
    return RoleView(row.id, row.organization_id, agency, row.person_name, row.service, row.due_on)


def discussion_view(row: ConferenceCase, client_name: str, roles: tuple[RoleView, ...],
                    left: tuple[str, ...]) -> DiscussionView:
    return DiscussionView(row.id, row.case_record_id, client_name, row.summary, row.decision, row.next_check_on,
                          roles, left)


REPLY_DAYS = 7  # a referral unanswered for a week stands out


def referral_view(row: Referral, client_name: str, service_name: str, recipient: str, today: date) -> ReferralView:
    overdue = (row.status == "requested" and row.referred_on is not None
               and (today - row.referred_on).days > REPLY_DAYS)
    return ReferralView(
        id=row.id, client_id=row.client_id, client_name=client_name, case_record_id=row.case_record_id,
        consent_id=row.consent_id, service_id=row.service_id, service_name=service_name,
        organization_id=row.organization_id, recipient=recipient, referred_on=row.referred_on,
        referred_by=row.referred_by, reason=row.reason, service_requested=row.service_requested,
        status=row.status, decline_reason=row.decline_reason, replied_on=row.replied_on, result=row.result,
        holds_unit=row.holds_unit, closed_on=row.closed_on, reply_overdue=overdue,
    )
