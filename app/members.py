"""Members (위원) and their terms: appointment, reappointment, dismissal, who is in office
on a date, roster warnings and counts.

A person is recorded once; each appointment is a term, so history is never overwritten.
Services take a unit of work and return frozen views, never live ORM objects. The rules
themselves (what a record may hold, in office on a date, the rules against other members)
are defined once in ``app.member_rules`` and shared with the Excel import.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from app import codes
from app.dates import format_date
from app.errors import FieldError, InputRefused, NotFound, ValidationFailed
from app.member_rules import (  # noqa: F401 - re-exported: callers import the rules from here
    NAME_MAX,
    TEXT_MAX,
    MemberData,
    Roster,
    RosterEntry,
    TermData,
    cap_error,
    clean_member_data,
    duplicate_error,
    in_office,
    in_office_clause,
    last_day,
    member_status,
    normalize_phone,
    overlap_error,
    phone_is_valid,
    role_error,
    term_in_office,
    validate_member_data,
    validate_term_data,
)
from app.member_summary import (MembersPage, RosterSummary, RosterWarning, load_members_page,  # noqa: F401
                                roster_summary)
from app.member_views import (  # noqa: F401 - re-exported: callers import the views from here
    MEMBER_TABLE,
    MemberView,
    TermView,
    _all_live_members,
    _listed_member_views,
    _load_member,
    _member_view,
    _subcommittee_names,
    _term_view,
    _visible,
    filter_status,
    member_matches,
    search_text,
    sort_key,
)
from app.settings import CouncilSettings, load_settings
from db.base import new_uuid, utc_now
from db.models import Member, MemberTerm, Subcommittee, SubcommitteeMembership
from app.security.audit import append_entry, log_list_view
from app.text_rules import refuse_bad_texts
from app.security.permissions import Permission, require
from db.session import UnitOfWork

_phone_is_valid = phone_is_valid  # the name older callers and tests use


def list_members(uow: UnitOfWork, today: date, status: str = "all", query: str = "") -> list[MemberView]:
    """Members as of ``today``. ``status``: all, active, ended (not in office), pending.

    Viewing the list is a view of personal data, so it is written to the access log.
    """
    actor = require(uow.actor, Permission.MEMBERS_READ)
    with uow:
        hidden = MEMBER_TABLE.hidden_fields(actor)
        views = _listed_member_views(uow.session, today, hidden)
        if hidden - {"birth_date", "phone"}:
            views = [_visible(v, actor) for v in views]  # a field the fast path does not know
        log_list_view(uow.session, actor, "member", {"list": status, "query": query, "rows": len(views)})
        uow.commit()
    views = filter_status(views, status)
    if query:
        views = [v for v in views if member_matches(v, query)]
    return sorted(views, key=sort_key)


def get_member(uow: UnitOfWork, member_id: str, today: date) -> MemberView:
    actor = require(uow.actor, Permission.MEMBERS_READ)
    with uow:
        member = _load_member(uow.session, member_id)
        subs = _subcommittee_names(uow.session, today)
        view = _visible(_member_view(member, today, subs.get(member.id, ())), actor)
        append_entry(uow.session, actor, "view", "member", member_id, {"name": view.name})
        uow.commit()
        return view


def members_in_office(uow: UnitOfWork, on_date: date) -> list[MemberView]:
    """Who was a member on ``on_date``: answered from the term history, not today's list."""
    actor = require(uow.actor, Permission.MEMBERS_READ)
    with uow:
        subs = _subcommittee_names(uow.session, on_date)
        views = [_visible(_member_view(m, on_date, subs.get(m.id, ())), actor)
                 for m in _all_live_members(uow.session)]
    return sorted((v for v in views if v.in_office_on(on_date)), key=sort_key)


# ---------------------------------------------------------------- rules against others

def roster_entry(member: Member, today: date) -> RosterEntry:
    """What the rules against others need of one member (saved or only added to the session)."""
    view = _member_view(member, today)
    return RosterEntry(view.id, view.name, view.birth_date, view.phone, view.role, view.status)


def load_roster(session: Session, today: date) -> Roster:
    """Every live member for the rules against others, in one query plus the settings. The
    members stay in the session, so a batch that then changes them queries nothing more."""
    members = _all_live_members(session)
    roster = Roster((roster_entry(m, today) for m in members), load_settings(session).max_members)
    # The session holds loaded objects only weakly: kept here, a batch's updates find their
    # member and its terms in the session instead of querying each again.
    roster.held = members
    return roster


def _refuse(error: FieldError | None) -> None:
    if error is not None:
        raise InputRefused(error.code, **error.params)


def _check_duplicates(session: Session, data: MemberData, exclude_id: str | None,
                      roster: Roster | None = None) -> None:
    if roster is not None:
        _refuse(roster.duplicate_error(data, exclude_id))
        return
    same_name = session.scalars(select(Member).where(Member.name == data.name, Member.deleted_at.is_(None)))
    _refuse(duplicate_error(data, same_name, exclude_id))


def _check_role(session: Session, data: MemberData, exclude_id: str | None, today: date,
                roster: Roster | None = None) -> None:
    if data.role not in codes.SINGLE_HOLDER_ROLES:
        return
    if roster is not None:
        _refuse(roster.role_error(data.role, exclude_id))
        return
    holders = session.scalars(
        select(Member).where(Member.role == data.role, Member.deleted_at.is_(None), Member.id != (exclude_id or ""))
        .options(selectinload(Member.terms))
    )
    _refuse(role_error(data.role, (_member_view(other, today) for other in holders), exclude_id))


def count_in_office(session: Session, day: date) -> int:
    """Members with a term in office on ``day``, counted in the database (``in_office_clause``
    is the SQL twin of ``in_office``) so adding members one by one stays linear."""
    in_office_ids = select(MemberTerm.member_id).where(in_office_clause(day))
    return session.scalar(
        select(func.count()).select_from(Member).where(Member.deleted_at.is_(None), Member.id.in_(in_office_ids))
    ) or 0


def _check_cap(session: Session, today: date, roster: Roster | None = None) -> None:
    if roster is not None:
        _refuse(roster.cap_error())
        return
    settings: CouncilSettings = load_settings(session)
    _refuse(cap_error(count_in_office(session, today), settings.max_members))


def _raise_if(errors: list[FieldError]) -> None:
    if errors:
        raise ValidationFailed(errors)


def _apply_data(member: Member, data: MemberData) -> None:
    for name, value in vars(data).items():
        if getattr(member, name) != value:
            setattr(member, name, value)


# ---------------------------------------------------------------- changes

def add_member_in_session(session: Session, data: MemberData, term: TermData, today: date,
                          roster: Roster | None = None) -> Member:
    """Validate and add one member with a first term inside an open session (no commit).

    With a ``roster`` (``load_roster``, one per batch) the rules against others are checked
    against it instead of queried, the roster learns the new member, and nothing is flushed:
    the batch flushes, so 5,000 rows cost a few statements each instead of a flush each.
    """
    data = clean_member_data(data)
    _raise_if(validate_member_data(data, today) + validate_term_data(term, data.kind))
    _check_duplicates(session, data, None, roster)
    _check_role(session, data, None, today, roster)
    if term_in_office(term, today):
        _check_cap(session, today, roster)
    # The id is set here so a batch can name the member before its flush.
    member = Member(id=new_uuid(), **vars(data))
    MemberTerm(member=member, start_on=term.start_on, end_on=term.end_on,
               recommended_on=term.recommended_on, end_note="")
    session.add(member)
    if roster is None:
        # One flush for the person and the first term: each flush stamps a change number.
        session.flush()
    else:
        roster.put(RosterEntry(member.id, data.name, data.birth_date, data.phone, data.role,
                               member_status(member.terms, today)))
    return member


def add_member(uow: UnitOfWork, data: MemberData, term: TermData, today: date) -> MemberView:
    require(uow.actor, Permission.MEMBERS_EDIT)
    with uow:
        member = add_member_in_session(uow.session, data, term, today)
        uow.commit()
        return _member_view(member, today)


def update_member_in_session(session: Session, member_id: str, data: MemberData, today: date,
                             roster: Roster | None = None) -> Member:
    """Validate and apply a member's new record (no commit); ``roster`` as in
    ``add_member_in_session``."""
    member = _load_member(session, member_id)
    data = clean_member_data(data)
    _raise_if(validate_member_data(data, today))
    _check_duplicates(session, data, member_id, roster)
    _check_role(session, data, member_id, today, roster)
    _apply_data(member, data)
    if roster is None:
        session.flush()
    else:
        roster.put(roster_entry(member, today))
    return member


def update_member(uow: UnitOfWork, member_id: str, data: MemberData, today: date) -> MemberView:
    require(uow.actor, Permission.MEMBERS_EDIT)
    with uow:
        member = update_member_in_session(uow.session, member_id, data, today)
        uow.commit()
        subs = _subcommittee_names(uow.session, today)
        return _member_view(member, today, subs.get(member.id, ()))


def update_term(uow: UnitOfWork, term_id: str, term: TermData, today: date) -> MemberView:
    """Correct the dates of a term (a typing mistake), keeping the rules."""
    require(uow.actor, Permission.MEMBERS_EDIT)
    with uow:
        row = uow.session.get(MemberTerm, term_id)
        if row is None or row.deleted_at is not None:
            raise NotFound("term_not_found", id=term_id)
        member = _load_member(uow.session, row.member_id)
        _raise_if(validate_term_data(term, member.kind))
        for other in member.terms:
            if other.id != row.id and other.deleted_at is None:
                _check_no_overlap(other, term)
        row.start_on, row.end_on, row.recommended_on = term.start_on, term.end_on, term.recommended_on
        uow.commit()
        return _member_view(member, today)


def _check_no_overlap(existing: MemberTerm, new: TermData) -> None:
    _refuse(overlap_error(existing, new))


def reappoint_member(uow: UnitOfWork, member_id: str, term: TermData, today: date) -> MemberView:
    """재위촉: a new term after the previous one; history is kept."""
    require(uow.actor, Permission.MEMBERS_EDIT)
    with uow:
        member = _load_member(uow.session, member_id)
        _raise_if(validate_term_data(term, member.kind))
        live = [t for t in member.terms if t.deleted_at is None]
        for existing in live:
            if _term_view(existing, 0).last_day is None:
                raise InputRefused("open_term", name=member.name)
            _check_no_overlap(existing, term)
        if term.start_on <= today and not _member_view(member, today).is_active:
            _check_cap(uow.session, today)
        # Someone else may have taken a co-chair while this member was out of office.
        _check_role(uow.session, _member_view(member, today).to_data(), member.id, today)
        uow.session.add(MemberTerm(member_id=member.id, start_on=term.start_on, end_on=term.end_on,
                                   recommended_on=term.recommended_on, end_note=""))
        uow.session.flush()
        uow.session.refresh(member)
        uow.commit()
        return _member_view(member, today)


def dismiss_member(uow: UnitOfWork, member_id: str, on: date, reason: str, note: str, today: date) -> MemberView:
    """해촉·사임: end the current term early from ``on``; subcommittee seats end too."""
    require(uow.actor, Permission.MEMBERS_EDIT)
    if reason not in codes.EARLY_END_REASONS:
        raise ValidationFailed([FieldError("end_reason", "invalid_choice", {"value": reason})])
    if on is None:
        raise ValidationFailed([FieldError("ended_on", "required")])
    refuse_bad_texts({"end_note": note}, multiline=("end_note",))
    with uow:
        member = _load_member(uow.session, member_id)
        live = [t for t in member.terms if t.deleted_at is None]
        current = [t for t in live if t.ended_on is None and term_in_office(t, on)]
        if not current:
            later = [t for t in live if t.start_on > on]
            if later:
                raise InputRefused("dismiss_before_start", start=format_date(later[0].start_on))
            raise InputRefused("no_current_term", name=member.name)
        term = current[-1]
        term.ended_on = on
        term.end_reason = reason
        term.end_note = (note or "").strip()[:500]
        now = utc_now()
        for later in live:
            if later.start_on > on:
                # A reappointment arranged before the dismissal must not bring the member
                # back; it is tombstoned (not restored with the member by restore_member).
                later.deleted_at = now
        for led in uow.session.scalars(
            select(Subcommittee).where(Subcommittee.lead_member_id == member.id, Subcommittee.deleted_at.is_(None))
        ):
            led.lead_member_id = None
        for seat in uow.session.scalars(
            select(SubcommitteeMembership).where(
                SubcommitteeMembership.member_id == member.id,
                SubcommitteeMembership.deleted_at.is_(None),
                SubcommitteeMembership.left_on.is_(None),
            )
        ):
            seat.left_on = max(on, seat.joined_on)
        uow.commit()
        return _member_view(member, today)


def delete_member(uow: UnitOfWork, member_id: str) -> None:
    """Remove a member entered by mistake (a tombstone, so it can be restored)."""
    require(uow.actor, Permission.MEMBERS_EDIT)
    with uow:
        member = _load_member(uow.session, member_id)
        now = utc_now()
        member.deleted_at = now
        for term in member.terms:
            if term.deleted_at is None:
                term.deleted_at = now
        for seat in uow.session.scalars(
            select(SubcommitteeMembership).where(SubcommitteeMembership.member_id == member.id,
                                                 SubcommitteeMembership.deleted_at.is_(None))
        ):
            seat.deleted_at = now
        uow.commit()


def restore_member(uow: UnitOfWork, member_id: str) -> None:
    """Undo ``delete_member``: bring back the member and what was deleted with it."""
    require(uow.actor, Permission.MEMBERS_EDIT)
    with uow:
        member = uow.session.get(Member, member_id)
        if member is None:
            raise NotFound("member_not_found", id=member_id)
        if member.deleted_at is None:
            raise InputRefused("not_deleted")
        stamp = member.deleted_at
        member.deleted_at = None
        for term in member.terms:
            if term.deleted_at == stamp:
                term.deleted_at = None
        for seat in uow.session.scalars(
            select(SubcommitteeMembership).where(SubcommitteeMembership.member_id == member.id,
                                                 SubcommitteeMembership.deleted_at == stamp)
        ):
            seat.deleted_at = None
        uow.commit()
