"""Who is on a meeting's roster, answered in SQL: the members in office on the meeting
date (from the term history) and, for a subcommittee meeting, seated on it that day.

The same conditions serve one meeting (a literal date) and every meeting at once (the
meeting's own ``held_on`` column, correlated), so a list of meetings costs a fixed number
of queries however many meetings and members there are. Not for the UI.
"""
from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, and_, exists, func, or_, select
from sqlalchemy.orm import Session

from app import codes
from db.meeting_models import Meeting, MeetingAttendance
from db.models import Member, MemberTerm, SubcommitteeMembership


class RosterEntry(NamedTuple):
    """The few columns of a member that an attendance sheet shows."""

    id: str
    name: str
    role: str
    affiliation: str
    position: str


def in_office_on(member_id: Any, day: Any) -> ColumnElement[bool]:
    """A live term covers ``day`` (a date or a date column): the SQL twin of
    ``MemberView.in_office_on``."""
    # correlate_except: every other table named is the enclosing query's (the member, the
    # meeting), however deeply this is nested.
    return exists().where(
        MemberTerm.member_id == member_id,
        MemberTerm.deleted_at.is_(None),
        MemberTerm.start_on <= day,
        or_(MemberTerm.ended_on.is_(None), MemberTerm.ended_on > day),
        or_(MemberTerm.end_on.is_(None), MemberTerm.end_on >= day),
    ).correlate_except(MemberTerm)


def seated_on(member_id: Any, subcommittee_id: Any, day: Any) -> ColumnElement[bool]:
    """A live seat on the subcommittee on ``day``."""
    return exists().where(
        SubcommitteeMembership.member_id == member_id,
        SubcommitteeMembership.subcommittee_id == subcommittee_id,
        SubcommitteeMembership.deleted_at.is_(None),
        SubcommitteeMembership.joined_on <= day,
        or_(SubcommitteeMembership.left_on.is_(None), SubcommitteeMembership.left_on > day),
    ).correlate_except(SubcommitteeMembership)


def _on_roster(member_id: Any, held_on: Any, subcommittee_id: Any) -> ColumnElement[bool]:
    """In office and seated on the roster of a meeting given by its columns (the member's
    own record being live is for the caller to say)."""
    return and_(in_office_on(member_id, held_on),
                or_(subcommittee_id.is_(None), seated_on(member_id, subcommittee_id, held_on)))


def plain_rows(session: Session, stmt: Any) -> list[Any]:
    """Rows of a column query through the session's connection: the ORM's result handling
    costs more than the rows themselves when a roster has thousands of them. Flushed first,
    as ``session.execute`` would (a service may read what it has just changed)."""
    session.flush()
    return session.connection().execute(stmt).all()


def roster_sort_key(entry: Any) -> tuple:
    """Roster order (as ``app.members.sort_key``): co-chairs, members, secretary; then name."""
    return (codes.ROLE_ORDER.get(entry.role, 9), entry.name)


def _on_roster_of(held_on: date, subcommittee_id: str | None) -> list[ColumnElement[bool]]:
    """Conditions on ``Member`` for one meeting. ``IN`` over the terms in office reads each
    term once, a third quicker than asking ``in_office_on`` member by member."""
    in_office = select(MemberTerm.member_id).where(
        MemberTerm.deleted_at.is_(None),
        MemberTerm.start_on <= held_on,
        or_(MemberTerm.ended_on.is_(None), MemberTerm.ended_on > held_on),
        or_(MemberTerm.end_on.is_(None), MemberTerm.end_on >= held_on),
    )
    conditions = [Member.deleted_at.is_(None), Member.id.in_(in_office)]
    if subcommittee_id is not None:
        conditions.append(Member.id.in_(select(SubcommitteeMembership.member_id).where(
            SubcommitteeMembership.subcommittee_id == subcommittee_id,
            SubcommitteeMembership.deleted_at.is_(None),
            SubcommitteeMembership.joined_on <= held_on,
            or_(SubcommitteeMembership.left_on.is_(None), SubcommitteeMembership.left_on > held_on),
        )))
    return conditions


def roster_entries(session: Session, held_on: date, subcommittee_id: str | None) -> list[RosterEntry]:
    """The members on the roster of a meeting held on ``held_on``, in roster order."""
    stmt = select(Member.id, Member.name, Member.role, Member.affiliation, Member.position).where(
        *_on_roster_of(held_on, subcommittee_id))
    return sorted((RosterEntry(*row) for row in plain_rows(session, stmt)), key=roster_sort_key)


def roster_member_ids(held_on: date, subcommittee_id: str | None) -> Any:
    """A query of the ids on that roster (to filter or count with)."""
    return select(Member.id).where(*_on_roster_of(held_on, subcommittee_id))


class RosterCounts(NamedTuple):
    """Attendance counts of one meeting, by status, as its roster sees them."""

    enrolled: int | None  # None for approved minutes: the recorded rows are the roster
    on_roster: dict[str, int]  # status -> recorded rows on the roster (every row if approved)
    all_present: int  # present rows recorded, on the roster or not (the lists' old figure)


def roster_counts(session: Session) -> dict[str, RosterCounts]:
    """For every live meeting, in at most five queries whatever the number of meetings
    and members: how many members its roster holds and how its recorded attendance splits
    by status.

    Approved minutes keep exactly who was recorded, so their rows count as they are. A
    draft (planned or held) counts only rows of members still on the roster of its date,
    as ``core.roster`` does; those few meetings are asked about by id, so that only one
    query reads the whole attendance table."""
    meetings = session.execute(select(Meeting.id, Meeting.status, Meeting.subcommittee_id)
                               .where(Meeting.deleted_at.is_(None))).all()
    drafts = [m.id for m in meetings if m.status != "approved"]
    council_drafts = [m.id for m in meetings if m.status != "approved" and m.subcommittee_id is None]
    sub_drafts = [m.id for m in meetings if m.status != "approved" and m.subcommittee_id is not None]
    A = MeetingAttendance
    by_meeting: dict[str, dict[str, int]] = {}
    for meeting_id, status, count in session.execute(
            select(A.meeting_id, A.status, func.count()).where(A.deleted_at.is_(None))
            .group_by(A.meeting_id, A.status)):
        by_meeting.setdefault(meeting_id, {})[status] = count
    on_roster: dict[str, dict[str, int]] = {m.id: by_meeting.get(m.id, {}) for m in meetings if m.status == "approved"}
    enrolled: dict[str, int] = {}
    if drafts:
        member_live = exists().where(Member.id == A.member_id, Member.deleted_at.is_(None)).correlate_except(Member)
        for meeting_id, status, count in session.execute(
                select(A.meeting_id, A.status, func.count()).join(Meeting, Meeting.id == A.meeting_id)
                .where(A.meeting_id.in_(drafts), A.deleted_at.is_(None), member_live,
                       _on_roster(A.member_id, Meeting.held_on, Meeting.subcommittee_id))
                .group_by(A.meeting_id, A.status)):
            on_roster.setdefault(meeting_id, {})[status] = count
    if council_drafts:
        # Per meeting, every member is checked against its terms (an index lookup each).
        in_office = (select(func.count()).select_from(Member)
                     .where(Member.deleted_at.is_(None), in_office_on(Member.id, Meeting.held_on))
                     .correlate(Meeting).scalar_subquery())
        enrolled.update(session.execute(select(Meeting.id, in_office).where(Meeting.id.in_(council_drafts))).all())
    if sub_drafts:
        # From the seats, not the members: a subcommittee is a few dozen seats among thousands.
        S = SubcommitteeMembership
        seat_live = exists().where(Member.id == S.member_id, Member.deleted_at.is_(None)).correlate_except(Member)
        enrolled.update(session.execute(
            select(Meeting.id, func.count(S.member_id.distinct()))
            .join(S, and_(S.subcommittee_id == Meeting.subcommittee_id, S.deleted_at.is_(None),
                          S.joined_on <= Meeting.held_on, or_(S.left_on.is_(None), S.left_on > Meeting.held_on)))
            .where(Meeting.id.in_(sub_drafts), seat_live, in_office_on(S.member_id, Meeting.held_on))
            .group_by(Meeting.id)).all())
    return {m.id: RosterCounts(None if m.status == "approved" else enrolled.get(m.id, 0), on_roster.get(m.id, {}),
                               by_meeting.get(m.id, {}).get("present", 0)) for m in meetings}
