"""Members (위원) and their terms: appointment, reappointment, dismissal, who is in office
on a date, roster warnings and counts.

A person is recorded once; each appointment is a term, so history is never overwritten.
Services take a unit of work and return frozen views, never live ORM objects. The rules
themselves (what a record may hold, in office on a date, the rules against other members)
are defined once in ``app.member_rules`` and shared with the Excel import.
"""
from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from app import codes
from app.dates import format_date
from app.areas import table as area_table
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
from app.settings import CouncilSettings, load_settings
from db.base import new_uuid, utc_now
from db.models import Member, MemberTerm, Subcommittee, SubcommitteeMembership
from app.security.audit import append_entry
from app.text_rules import refuse_bad_texts
from app.security.permissions import Permission, require
from db.session import UnitOfWork

_phone_is_valid = phone_is_valid  # the name older callers and tests use

MEMBER_TABLE = area_table("member")
assert MEMBER_TABLE is not None


@dataclass(frozen=True)
class TermView:
    id: str
    number: int
    recommended_on: date | None
    start_on: date
    end_on: date | None
    ended_on: date | None
    end_reason: str | None
    end_note: str

    def in_office_on(self, day: date) -> bool:
        return in_office(self.start_on, self.end_on, self.ended_on, day)

    @property
    def last_day(self) -> date | None:
        """The last day in office, or None while open-ended."""
        return last_day(self.end_on, self.ended_on)


@dataclass(frozen=True)
class MemberView:
    id: str
    name: str
    sex: str
    birth_date: date | None
    affiliation: str
    position: str
    kind: str
    category: int
    role: str
    phone: str
    honorary_official: bool
    pledge_on: date | None
    consent_on: date | None
    note: str
    terms: tuple[TermView, ...]
    status: str
    subcommittees: tuple[str, ...] = ()

    @property
    def current_term(self) -> TermView | None:
        """The term in office (or about to start), else the latest one."""
        return self.terms[-1] if self.terms else None

    @property
    def first_appointed_on(self) -> date | None:
        return self.terms[0].start_on if self.terms else None

    @property
    def reappointments(self) -> int:
        return max(0, len(self.terms) - 1)

    @property
    def is_active(self) -> bool:
        return self.status == "active"

    def in_office_on(self, day: date) -> bool:
        return any(t.in_office_on(day) for t in self.terms)

    def to_data(self) -> MemberData:
        return MemberData(
            name=self.name, sex=self.sex, kind=self.kind, category=self.category, role=self.role,
            birth_date=self.birth_date, affiliation=self.affiliation, position=self.position,
            phone=self.phone, honorary_official=self.honorary_official, pledge_on=self.pledge_on,
            consent_on=self.consent_on, note=self.note,
        )


@dataclass(frozen=True)
class RosterWarning:
    kind: str  # "term_ending" | "too_few_members"
    message_ko: str
    message_en: str
    member_id: str | None = None
    days_left: int | None = None

    def message(self, lang: str = "ko") -> str:
        return self.message_ko if lang == "ko" else self.message_en


@dataclass(frozen=True)
class RosterSummary:
    on_date: date
    active: int
    by_sex: dict[str, int] = field(default_factory=dict)
    by_category: dict[int, int] = field(default_factory=dict)
    by_role: dict[str, int] = field(default_factory=dict)
    by_kind: dict[str, int] = field(default_factory=dict)
    warnings: tuple[RosterWarning, ...] = ()


# ---------------------------------------------------------------- views

def _term_view(term: MemberTerm, number: int) -> TermView:
    return TermView(
        id=term.id, number=number, recommended_on=term.recommended_on, start_on=term.start_on,
        end_on=term.end_on, ended_on=term.ended_on, end_reason=term.end_reason, end_note=term.end_note,
    )


def _member_view(member: Member, today: date, subcommittees: tuple[str, ...] = ()) -> MemberView:
    live_terms = [t for t in member.terms if t.deleted_at is None]
    live_terms.sort(key=lambda t: t.start_on)
    terms = tuple(_term_view(t, i + 1) for i, t in enumerate(live_terms))
    return MemberView(
        id=member.id, name=member.name, sex=member.sex, birth_date=member.birth_date,
        affiliation=member.affiliation, position=member.position, kind=member.kind,
        category=member.category, role=member.role, phone=member.phone,
        honorary_official=member.honorary_official, pledge_on=member.pledge_on,
        consent_on=member.consent_on, note=member.note, terms=terms,
        status=member_status(terms, today), subcommittees=subcommittees,
    )


def _subcommittee_names(session: Session, today: date) -> dict[str, tuple[str, ...]]:
    rows = session.execute(
        select(SubcommitteeMembership.member_id, Subcommittee.name)
        .join(Subcommittee, Subcommittee.id == SubcommitteeMembership.subcommittee_id)
        .where(
            SubcommitteeMembership.deleted_at.is_(None),
            Subcommittee.deleted_at.is_(None),
            Subcommittee.closed_on.is_(None),
            SubcommitteeMembership.joined_on <= today,
            (SubcommitteeMembership.left_on.is_(None)) | (SubcommitteeMembership.left_on > today),
        )
        .order_by(Subcommittee.name)
    ).all()
    names: dict[str, list[str]] = {}
    for member_id, name in rows:
        names.setdefault(member_id, []).append(name)
    return {k: tuple(v) for k, v in names.items()}


def _load_member(session: Session, member_id: str) -> Member:
    member = session.get(Member, member_id)
    if member is None or member.deleted_at is not None:
        raise NotFound("member_not_found", id=member_id)
    return member


def _all_live_members(session: Session) -> list[Member]:
    return list(
        session.scalars(
            select(Member).where(Member.deleted_at.is_(None)).options(selectinload(Member.terms))
        )
    )


def sort_key(view: MemberView) -> tuple:
    """Roster order: co-chairs, members, secretary; then by name."""
    return (codes.ROLE_ORDER.get(view.role, 9), view.name)


def _listed_member_views(session: Session, today: date, hidden: frozenset[str]) -> list[MemberView]:
    """Every live member as ``_member_view`` makes it, read as plain rows in three queries:
    building thousands of records with their terms costs ten times reading the rows (rows
    are unpacked, not read by attribute name, which costs as much again). The ``hidden``
    fields (the registry's, for the acting role) are blanked as ``_visible`` does."""
    show_birth, show_phone = "birth_date" not in hidden, "phone" not in hidden
    subs = _subcommittee_names(session, today)
    conn = session.connection()
    terms: dict[str, list[TermView]] = {}
    for member_id, term_id, recommended_on, start_on, end_on, ended_on, end_reason, end_note in conn.execute(
            select(MemberTerm.member_id, MemberTerm.id, MemberTerm.recommended_on, MemberTerm.start_on,
                   MemberTerm.end_on, MemberTerm.ended_on, MemberTerm.end_reason, MemberTerm.end_note)
            .where(MemberTerm.deleted_at.is_(None)).order_by(MemberTerm.start_on)).all():
        own = terms.setdefault(member_id, [])
        own.append(TermView(id=term_id, number=len(own) + 1, recommended_on=recommended_on, start_on=start_on,
                            end_on=end_on, ended_on=ended_on, end_reason=end_reason, end_note=end_note))
    views = []
    for (member_id, name, sex, birth_date, affiliation, position, kind, category, role, phone, honorary,
         pledge_on, consent_on, note) in conn.execute(select(
            Member.id, Member.name, Member.sex, Member.birth_date, Member.affiliation, Member.position, Member.kind,
            Member.category, Member.role, Member.phone, Member.honorary_official, Member.pledge_on,
            Member.consent_on, Member.note).where(Member.deleted_at.is_(None))).all():
        own = tuple(terms.get(member_id, ()))
        views.append(MemberView(
            id=member_id, name=name, sex=sex, birth_date=birth_date if show_birth else None, affiliation=affiliation,
            position=position, kind=kind, category=category, role=role, phone=phone if show_phone else "",
            honorary_official=honorary,
            pledge_on=pledge_on, consent_on=consent_on, note=note, terms=own, status=member_status(own, today),
            subcommittees=subs.get(member_id, ())))
    return views


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
        append_entry(uow.session, actor, "view", "member", "", {"list": status, "query": query, "rows": len(views)})
        uow.commit()
    if status == "active":
        views = [v for v in views if v.status == "active"]
    elif status == "ended":
        views = [v for v in views if v.status not in ("active", "pending")]
    elif status == "pending":
        views = [v for v in views if v.status == "pending"]
    if query:
        views = [v for v in views if member_matches(v, query)]
    return sorted(views, key=sort_key)


def search_text(view: MemberView) -> str:
    """Everything a coordinator might type to find a member, in one lower-case string."""
    parts = [view.name, view.affiliation, view.position, view.phone, view.phone.replace("-", ""),
             codes.label(codes.ROLE, view.role), codes.label(codes.CATEGORY, view.category),
             codes.label(codes.MEMBER_KIND, view.kind), " ".join(view.subcommittees)]
    return " ".join(parts).lower()


def member_matches(view: MemberView, query: str) -> bool:
    """Every word of the query appears somewhere (so '길동' finds 홍길동)."""
    haystack = unicodedata.normalize("NFC", search_text(view))
    return all(word in haystack for word in unicodedata.normalize("NFC", query).lower().split())


def get_member(uow: UnitOfWork, member_id: str, today: date) -> MemberView:
    actor = require(uow.actor, Permission.MEMBERS_READ)
    with uow:
        member = _load_member(uow.session, member_id)
        subs = _subcommittee_names(uow.session, today)
        view = _visible(_member_view(member, today, subs.get(member.id, ())), actor)
        append_entry(uow.session, actor, "view", "member", member_id, {"name": view.name})
        uow.commit()
        return view


def _visible(view: MemberView, actor) -> MemberView:
    """Without the fields the registry keeps from this role (a 위원 account: birth date,
    phone): blanked, so lists, printouts and exports built on views agree with ``dump``."""
    hidden = MEMBER_TABLE.hidden_fields(actor)
    if not hidden:
        return view
    blanks = {name: (None if isinstance(getattr(view, name), date) or getattr(view, name) is None else "")
              for name in hidden if hasattr(view, name)}
    return replace(view, **blanks)


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


# ---------------------------------------------------------------- summary

def roster_summary(uow: UnitOfWork, today: date) -> RosterSummary:
    """Counts by sex, category, role and kind of members in office, and the warnings."""
    require(uow.actor, Permission.MEMBERS_READ)
    with uow:
        settings = load_settings(uow.session)
        views = [_member_view(m, today) for m in _all_live_members(uow.session)]
    active = [v for v in views if v.status == "active"]
    warnings: list[RosterWarning] = []
    if len(active) < settings.min_members:
        warnings.append(RosterWarning(
            "too_few_members",
            f"재임 위원이 {len(active)}명입니다. 협의체는 {settings.min_members}명 이상이어야 합니다(규칙 제7조③).",
            f"Only {len(active)} members in office; a council needs at least {settings.min_members}.",
        ))
    horizon = today + timedelta(days=settings.term_warning_days)
    ending = []
    for view in active:
        term = next(t for t in reversed(view.terms) if t.in_office_on(today))
        last = term.last_day
        renewed = any(t.start_on > today for t in view.terms)
        if last is not None and last <= horizon and not renewed and term.ended_on is None:
            ending.append((last, view))
    for last, view in sorted(ending, key=lambda pair: (pair[0], pair[1].name)):
        days = (last - today).days
        warnings.append(RosterWarning(
            "term_ending",
            f"{view.name} 위원의 임기가 {format_date(last)}에 끝납니다({days}일 남음). 재위촉 여부를 정하세요.",
            f"{view.name}'s term ends on {last.isoformat()} ({days} days left). Decide on reappointment.",
            member_id=view.id, days_left=days,
        ))
    return RosterSummary(
        on_date=today, active=len(active),
        by_sex=dict(Counter(v.sex for v in active)),
        by_category=dict(Counter(v.category for v in active)),
        by_role=dict(Counter(v.role for v in active)),
        by_kind=dict(Counter(v.kind for v in active)),
        warnings=tuple(warnings),
    )
