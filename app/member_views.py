"""What the program shows of a member: frozen views of members and their terms, read from
the database in bulk, searched in Korean, and limited to what the acting role may see
(the registry's field rules, ``app.areas``)."""
from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app import codes
from app.areas import table as area_table
from app.errors import NotFound
from app.member_rules import MemberData, in_office, last_day, member_status
from app.security.sealing import opener
from db.models import Member, MemberTerm, Subcommittee, SubcommitteeMembership

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
    # Sealed on disk (``app.security.sealing``): opened here only when shown, on this worker.
    open_sealed = opener(session, "member")
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
            id=member_id, name=name, sex=sex,
            birth_date=open_sealed("birth_date", member_id, birth_date) if show_birth else None,
            affiliation=affiliation, position=position, kind=kind, category=category, role=role,
            phone=open_sealed("phone", member_id, phone) if show_phone else "",
            honorary_official=honorary,
            pledge_on=pledge_on, consent_on=consent_on, note=note, terms=own, status=member_status(own, today),
            subcommittees=subs.get(member_id, ())))
    return views


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


def _visible(view: MemberView, actor) -> MemberView:
    """Without the fields the registry keeps from this role (a 위원 account: birth date,
    phone): blanked, so lists, printouts and exports built on views agree with ``dump``."""
    hidden = MEMBER_TABLE.hidden_fields(actor)
    if not hidden:
        return view
    blanks = {name: (None if isinstance(getattr(view, name), date) or getattr(view, name) is None else "")
              for name in hidden if hasattr(view, name)}
    return replace(view, **blanks)


def filter_status(views: Sequence[MemberView], status: str) -> list[MemberView]:
    """all, active, ended (no longer in office) or pending (term not begun)."""
    if status == "active":
        return [v for v in views if v.status == "active"]
    if status == "ended":
        return [v for v in views if v.status not in ("active", "pending")]
    if status == "pending":
        return [v for v in views if v.status == "pending"]
    return list(views)
