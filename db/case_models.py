"""Tables of the case area (사례관리·사례회의): people in need (``client``), their consents
per purpose, case records with their steps, plan items and checks, case conferences with
attendees, the cases discussed, role-sharing and who left the room for which case, and
referrals to services of the resource directory.

The most protected data of the program. Which fields travel where, and that every field
needs ``cases.read``, is said by the registry (``app.areas``); every read and write goes
through ``app.cases`` so the sealing of fields under the "cases" compartment (issue 13)
is wired in one place. For that reason the personal texts (name, address, phone, notes)
are ``Text`` columns: a sealed value is longer than the typed one. Every field that may
stay behind in sync (under consent or sealed) is nullable or has a blank default, as
``app.sync.policy.blank`` requires. No 주민등록번호 anywhere.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, SyncedMixin


class Client(SyncedMixin, Base):
    """A person in need (대상자)."""

    __tablename__ = "client"

    name: Mapped[str] = mapped_column(Text, default="")
    sex: Mapped[str] = mapped_column(String(1), default="")  # app.codes.SEX; "" not recorded
    birth_date: Mapped[date | None] = mapped_column(Date)
    place: Mapped[str] = mapped_column(Text, default="")      # 리/마을
    address: Mapped[str] = mapped_column(Text, default="")
    phone: Mapped[str] = mapped_column(Text, default="")
    household_type: Mapped[str] = mapped_column(String(20), default="")  # app.cases.codes.HOUSEHOLD_TYPE
    household_size: Mapped[int | None] = mapped_column(Integer)
    found_source: Mapped[str] = mapped_column(String(20), default="")    # app.cases.codes.FOUND_SOURCE
    found_by: Mapped[str] = mapped_column(Text, default="")
    found_on: Mapped[date | None] = mapped_column(Date)
    crisis_level: Mapped[str] = mapped_column(String(10), default="")    # app.cases.codes.CRISIS_LEVEL
    note: Mapped[str] = mapped_column(Text, default="")


class Consent(SyncedMixin, Base):
    """One consent of a client for one purpose (and, for provision, one recipient)."""

    __tablename__ = "consent"

    client_id: Mapped[str] = mapped_column(ForeignKey("client.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(20), default="")         # collection | sensitive | provision
    recipient_kind: Mapped[str] = mapped_column(String(20), default="")  # provision: organization | sigungu | other
    recipient_organization_id: Mapped[str | None] = mapped_column(ForeignKey("organization.id"), index=True)
    recipient_name: Mapped[str] = mapped_column(Text, default="")        # the 시군구 or an agency outside the directory
    given_on: Mapped[date | None] = mapped_column(Date)
    items: Mapped[str] = mapped_column(Text, default="")                 # the items covered (항목)
    retention: Mapped[str] = mapped_column(Text, default="")             # 보유·이용 기간
    given_how: Mapped[str] = mapped_column(String(20), default="")       # app.cases.codes.CONSENT_HOW
    guardian_name: Mapped[str] = mapped_column(Text, default="")         # 법정대리인, under-14s
    guardian_relation: Mapped[str] = mapped_column(Text, default="")
    withdrawn_on: Mapped[date | None] = mapped_column(Date)


class CaseRecord(SyncedMixin, Base):
    """A case (사례): the client's way through the steps, each dated when reached."""

    __tablename__ = "case_record"

    client_id: Mapped[str] = mapped_column(ForeignKey("client.id"), index=True)
    worker: Mapped[str] = mapped_column(String(40), default="", index=True)  # the account in charge
    found_on: Mapped[date | None] = mapped_column(Date)
    counselled_on: Mapped[date | None] = mapped_column(Date)
    received_on: Mapped[date | None] = mapped_column(Date)
    assessed_on: Mapped[date | None] = mapped_column(Date)
    conferred_on: Mapped[date | None] = mapped_column(Date)
    classified_on: Mapped[date | None] = mapped_column(Date)
    planned_on: Mapped[date | None] = mapped_column(Date)
    providing_on: Mapped[date | None] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date, index=True)
    follow_up_on: Mapped[date | None] = mapped_column(Date)
    classification: Mapped[str] = mapped_column(String(20), default="")  # app.cases.codes.CLASSIFICATION
    crisis_level: Mapped[str] = mapped_column(String(10), default="")
    next_check_on: Mapped[date | None] = mapped_column(Date)
    closing_reason: Mapped[str] = mapped_column(String(20), default="")
    closing_note: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")


class CasePlanItem(SyncedMixin, Base):
    """One line of a service plan (서비스 제공계획): what, by whom, by when."""

    __tablename__ = "case_plan_item"

    case_record_id: Mapped[str] = mapped_column(ForeignKey("case_record.id"), index=True)
    what: Mapped[str] = mapped_column(Text, default="")
    who: Mapped[str] = mapped_column(Text, default="")
    due_on: Mapped[date | None] = mapped_column(Date)
    done_on: Mapped[date | None] = mapped_column(Date)


class CaseCheck(SyncedMixin, Base):
    """A check (점검) of a case under way, with the date of the next one."""

    __tablename__ = "case_check"

    case_record_id: Mapped[str] = mapped_column(ForeignKey("case_record.id"), index=True)
    checked_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    next_check_on: Mapped[date | None] = mapped_column(Date)


class CaseConference(SyncedMixin, Base):
    """A case conference (사례회의)."""

    __tablename__ = "case_conference"

    held_on: Mapped[date | None] = mapped_column(Date, index=True)
    place: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")


class ConferenceAttendee(SyncedMixin, Base):
    """Someone at a conference: a council member (with a confidentiality pledge on record),
    staff of the office that holds the cases (host), or an agency's worker."""

    __tablename__ = "conference_attendee"

    conference_id: Mapped[str] = mapped_column(ForeignKey("case_conference.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10), default="")  # member | host | agency
    member_id: Mapped[str | None] = mapped_column(ForeignKey("member.id"), index=True)
    organization_id: Mapped[str | None] = mapped_column(ForeignKey("organization.id"), index=True)
    agency_name: Mapped[str] = mapped_column(Text, default="")  # an agency outside the directory
    person_name: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[str] = mapped_column(Text, default="")


class ConferenceCase(SyncedMixin, Base):
    """A case discussed at a conference, with the summary, decision and next check."""

    __tablename__ = "conference_case"

    conference_id: Mapped[str] = mapped_column(ForeignKey("case_conference.id"), index=True)
    case_record_id: Mapped[str] = mapped_column(ForeignKey("case_record.id"), index=True)
    summary: Mapped[str] = mapped_column(Text, default="")
    decision: Mapped[str] = mapped_column(String(20), default="")  # app.cases.codes.DECISION
    next_check_on: Mapped[date | None] = mapped_column(Date)


class ConferenceRole(SyncedMixin, Base):
    """Role-sharing (역할 분담) for a case discussed: agency, person, service, deadline."""

    __tablename__ = "conference_role"

    conference_case_id: Mapped[str] = mapped_column(ForeignKey("conference_case.id"), index=True)
    organization_id: Mapped[str | None] = mapped_column(ForeignKey("organization.id"), index=True)
    agency_name: Mapped[str] = mapped_column(Text, default="")
    person_name: Mapped[str] = mapped_column(Text, default="")
    service: Mapped[str] = mapped_column(Text, default="")
    due_on: Mapped[date | None] = mapped_column(Date)


class ConferenceLeave(SyncedMixin, Base):
    """An attendee who left the room while a case was discussed: their agency has no
    consent of the client to receive the data (the record shows it)."""

    __tablename__ = "conference_leave"

    conference_case_id: Mapped[str] = mapped_column(ForeignKey("conference_case.id"), index=True)
    attendee_id: Mapped[str] = mapped_column(ForeignKey("conference_attendee.id"), index=True)


class Referral(SyncedMixin, Base):
    """A referral (의뢰·연계) of a client to a service of the directory or an outside
    agency, made under a provision consent to its organization."""

    __tablename__ = "referral"

    client_id: Mapped[str] = mapped_column(ForeignKey("client.id"), index=True)
    case_record_id: Mapped[str | None] = mapped_column(ForeignKey("case_record.id"), index=True)
    consent_id: Mapped[str] = mapped_column(ForeignKey("consent.id"), index=True)
    service_id: Mapped[str | None] = mapped_column(ForeignKey("service.id"), index=True)
    organization_id: Mapped[str | None] = mapped_column(ForeignKey("organization.id"), index=True)
    agency_name: Mapped[str] = mapped_column(Text, default="")  # outside the directory
    referred_on: Mapped[date | None] = mapped_column(Date, index=True)
    referred_by: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    service_requested: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="requested", index=True)
    decline_reason: Mapped[str] = mapped_column(String(20), default="")
    replied_on: Mapped[date | None] = mapped_column(Date)
    result: Mapped[str] = mapped_column(Text, default="")
    # Whether it holds one unit of its service's capacity now (accepted or being provided
    # with a service of fixed capacity): closing gives it back exactly once.
    holds_unit: Mapped[bool] = mapped_column(Boolean, default=False)
    closed_on: Mapped[date | None] = mapped_column(Date)


# Parents before children, as sync applies them.
CASE_SYNCED_MODELS: tuple[type[SyncedMixin], ...] = (
    Client,
    Consent,
    CaseRecord,
    CasePlanItem,
    CaseCheck,
    CaseConference,
    ConferenceAttendee,
    ConferenceCase,
    ConferenceRole,
    ConferenceLeave,
    Referral,
)
