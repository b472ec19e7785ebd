"""Case conferences (사례회의): the meeting, who attended, the cases discussed with their
summary, decision, role-sharing and next check.

Two gates, both refused or recorded in the service so every caller gets them:

- a council member attends only with a confidentiality pledge on record (법 제49조): the
  member's ``pledge_on``, on or before the conference day — else refused;
- an agency worker stays for a case only when the client consented to provide data to
  that agency (a live provision consent to its organization, or to the agency by name):
  otherwise the attendee is recorded as leaving the room for that case
  (``conference_leave``), whenever the attendee or the case is added. Members (pledged)
  and the host office's own staff stay.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.cases.consent import provision_consent
from app.cases.rules import (AttendeeData, ConferenceData, DiscussionData, clean, validate_attendee,
                             validate_conference, validate_discussion)
from app.cases.services import load_case, load_organization, raise_if
from app.cases.views import (ConferenceView, attendee_view, discussion_view, role_view)
from app.errors import InputRefused, NotFound
from app.security.audit import append_entry, log_list_view
from app.security.permissions import Permission, require
from db.case_models import (CaseConference, CaseRecord, Client, ConferenceAttendee, ConferenceCase, ConferenceLeave,
                            ConferenceRole)
from db.models import Member
from db.resource_models import Organization
from db.session import UnitOfWork


def _load_conference(session: Session, conference_id: str) -> CaseConference:
    row = session.get(CaseConference, conference_id) if conference_id else None
    if row is None or row.deleted_at is not None:
        raise NotFound("conference_not_found", id=conference_id)
    return row


def _live(session: Session, model, column, value):  # type: ignore[no-untyped-def]
    return list(session.scalars(select(model).where(column == value, model.deleted_at.is_(None))
                                .order_by(model.created_at, model.id)))


def _stays(session: Session, attendee: ConferenceAttendee, client_id: str, on: date | None) -> bool:
    if attendee.kind != "agency":
        return True
    return provision_consent(session, client_id, organization_id=attendee.organization_id,
                             agency_name=attendee.agency_name, on=on) is not None


def _mark_leaves(session: Session, conference: CaseConference, attendees: list[ConferenceAttendee],
                 discussions: list[ConferenceCase]) -> None:
    for discussion in discussions:
        case = session.get(CaseRecord, discussion.case_record_id)
        assert case is not None
        already = {leave.attendee_id for leave in _live(session, ConferenceLeave, ConferenceLeave.conference_case_id,
                                                        discussion.id)}
        for attendee in attendees:
            if attendee.id not in already and not _stays(session, attendee, case.client_id, conference.held_on):
                session.add(ConferenceLeave(conference_case_id=discussion.id, attendee_id=attendee.id))


def _agency(session: Session, organization_id: str | None, agency_name: str) -> str:
    if organization_id:
        row = session.get(Organization, organization_id)
        return row.name if row is not None else ""
    return agency_name


def _view(session: Session, row: CaseConference) -> ConferenceView:
    attendees = []
    for a in _live(session, ConferenceAttendee, ConferenceAttendee.conference_id, row.id):
        member = session.get(Member, a.member_id) if a.member_id else None
        attendees.append(attendee_view(a, _agency(session, a.organization_id, a.agency_name),
                                       member.name if member is not None else ""))
    discussions = []
    for d in _live(session, ConferenceCase, ConferenceCase.conference_id, row.id):
        name = session.scalar(select(Client.name).join(CaseRecord, CaseRecord.client_id == Client.id)
                              .where(CaseRecord.id == d.case_record_id)) or ""
        roles = tuple(role_view(r, _agency(session, r.organization_id, r.agency_name))
                      for r in _live(session, ConferenceRole, ConferenceRole.conference_case_id, d.id))
        left = tuple(leave.attendee_id for leave in _live(session, ConferenceLeave, ConferenceLeave.conference_case_id,
                                                          d.id))
        discussions.append(discussion_view(d, name, roles, left))
    return ConferenceView(row.id, row.held_on, row.place, row.note, tuple(attendees), tuple(discussions))


def create_conference(uow: UnitOfWork, data: ConferenceData, today: date) -> ConferenceView:
    require(uow.actor, Permission.CASES_EDIT)
    data = clean(data)
    raise_if(validate_conference(data, today))
    with uow:
        row = CaseConference(**vars(data))
        uow.session.add(row)
        uow.session.flush()
        view = _view(uow.session, row)
        uow.commit()
        return view


def add_attendee(uow: UnitOfWork, conference_id: str, data: AttendeeData) -> ConferenceView:
    """A member only with a pledge on record by the conference day; an agency worker is
    marked as leaving for each case discussed whose client did not consent to it."""
    require(uow.actor, Permission.CASES_EDIT)
    data = clean(data)
    raise_if(validate_attendee(data))
    with uow:
        session = uow.session
        conference = _load_conference(session, conference_id)
        attendees = _live(session, ConferenceAttendee, ConferenceAttendee.conference_id, conference.id)
        if data.kind == "member":
            member = session.get(Member, data.member_id)
            if member is None or member.deleted_at is not None:
                raise NotFound("member_not_found", id=data.member_id or "")
            if member.pledge_on is None or conference.held_on is None or member.pledge_on > conference.held_on:
                raise InputRefused("no_pledge", name=member.name)
            if any(a.member_id == member.id for a in attendees):
                raise InputRefused("attendee_twice")
            row = ConferenceAttendee(conference_id=conference.id, kind="member", member_id=member.id)
        else:
            if data.organization_id:
                load_organization(session, data.organization_id)
            if any(a.kind == data.kind and a.person_name == data.person_name and a.organization_id ==
                   data.organization_id and a.agency_name == data.agency_name for a in attendees):
                raise InputRefused("attendee_twice")
            row = ConferenceAttendee(conference_id=conference.id, kind=data.kind, member_id=None,
                                     organization_id=data.organization_id, agency_name=data.agency_name,
                                     person_name=data.person_name, position=data.position)
        session.add(row)
        session.flush()
        _mark_leaves(session, conference, [row],
                     _live(session, ConferenceCase, ConferenceCase.conference_id, conference.id))
        session.flush()
        view = _view(session, conference)
        uow.commit()
        return view


def discuss_case(uow: UnitOfWork, conference_id: str, data: DiscussionData) -> ConferenceView:
    """A case discussed: summary, decision, role-sharing rows and the next check. Agency
    attendees without the client's consent are recorded as leaving for it. The case's
    사례회의 step is dated by the conference when it has none yet and its 조사 is done."""
    require(uow.actor, Permission.CASES_EDIT)
    data = clean(data)
    data = type(data)(**{**vars(data), "roles": tuple(clean(r) for r in data.roles)})
    raise_if(validate_discussion(data))
    with uow:
        session = uow.session
        conference = _load_conference(session, conference_id)
        case = load_case(session, data.case_record_id)
        discussed = _live(session, ConferenceCase, ConferenceCase.conference_id, conference.id)
        if any(d.case_record_id == case.id for d in discussed):
            raise InputRefused("case_already_discussed")
        for role in data.roles:
            if role.organization_id:
                load_organization(session, role.organization_id)
        row = ConferenceCase(conference_id=conference.id, case_record_id=case.id, summary=data.summary,
                             decision=data.decision, next_check_on=data.next_check_on)
        session.add(row)
        session.flush()
        for role in data.roles:
            session.add(ConferenceRole(conference_case_id=row.id, **vars(role)))
        _mark_leaves(session, conference, _live(session, ConferenceAttendee, ConferenceAttendee.conference_id,
                                                conference.id), [row])
        if (case.conferred_on is None and case.assessed_on is not None and conference.held_on is not None
                and conference.held_on >= case.assessed_on and case.closed_on is None):
            case.conferred_on = conference.held_on
        if data.next_check_on is not None and case.closed_on is None:
            case.next_check_on = data.next_check_on
        session.flush()
        view = _view(session, conference)
        uow.commit()
        return view


def get_conference(uow: UnitOfWork, conference_id: str) -> ConferenceView:
    actor = require(uow.actor, Permission.CASES_READ)
    with uow:
        view = _view(uow.session, _load_conference(uow.session, conference_id))
        append_entry(uow.session, actor, "view", "case_conference", conference_id, {})
        uow.commit()
        return view


def list_conferences(uow: UnitOfWork) -> list[ConferenceView]:
    """Conferences newest first (without their attendees and cases: ``get_conference``)."""
    actor = require(uow.actor, Permission.CASES_READ)
    with uow:
        rows = uow.session.scalars(select(CaseConference).where(CaseConference.deleted_at.is_(None))
                                   .order_by(CaseConference.held_on.desc(), CaseConference.id))
        views = [ConferenceView(r.id, r.held_on, r.place, r.note) for r in rows]
        log_list_view(uow.session, actor, "case_conference", {"list": "all", "rows": len(views)})
        uow.commit()
        return views
