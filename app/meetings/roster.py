"""Who is on a meeting's roster, answered in SQL: the members in office on the meeting
date (from the term history) and, for a subcommittee meeting, seated on it that day.

The same conditions serve one meeting (a literal date) and every meeting at once (the
meeting's own ``held_on`` column, correlated), so a list of meetings costs a fixed number
of queries however many meetings and members there are. Not for the UI.
"""
from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, and_, case, exists, func, or_, select
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


def roster_sort_key(entry: Any) -> tuple:
    """Roster order (as ``app.members.sort_key``): co-chairs, members, secretary; then name."""
    return (codes.ROLE_ORDER.get(entry.role, 9), entry.name)


def roster_entries(session: Session, held_on: date, subcommittee_id: str | None) -> list[RosterEntry]:
    """The members on the roster of a meeting held on ``held_on``, in roster order."""
    stmt = select(Member.id, Member.name, Member.role, Member.affiliation, Member.position).where(
        Member.deleted_at.is_(None), in_office_on(Member.id, held_on))
    if subcommittee_id is not None:
        stmt = stmt.where(seated_on(Member.id, subcommittee_id, held_on))
    return sorted((RosterEntry(*row) for row in session.execute(stmt)), key=roster_sort_key)


def roster_member_ids(session: Session, held_on: date, subcommittee_id: str | None) -> Any:
    """A subquery of the ids on that roster (to filter a larger query)."""
    stmt = select(Member.id).where(Member.deleted_at.is_(None), in_office_on(Member.id, held_on))
    if subcommittee_id is not None:
        stmt = stmt.where(seated_on(Member.id, subcommittee_id, held_on))
    return stmt


class RosterCounts(NamedTuple):
    """Attendance counts of one meeting, by status, as its roster sees them."""

    enrolled: int | None  # None for approved minutes: the recorded rows are the roster
    on_roster: dict[str, int]  # status -> recorded rows on the roster (every row if approved)
    all_present: int  # present rows recorded, on the roster or not (the lists' old figure)


def roster_counts(session: Session, meeting_ids: list[str] | None = None) -> dict[str, RosterCounts]:
    """For every live meeting (or those in ``meeting_ids``), in two queries: how many
    members its roster holds and how its recorded attendance splits by status.

    Approved minutes keep exactly who was recorded, so their rows count as they are;
    otherwise only rows of members still on the roster of that date count (as in
    ``core.roster``)."""
    live = Meeting.deleted_at.is_(None)
    if meeting_ids is not None:
        live = and_(live, Meeting.id.in_(meeting_ids))
    enrolled_of = (select(func.count()).select_from(Member)
                   .where(Member.deleted_at.is_(None), _on_roster(Member.id, Meeting.held_on, Meeting.subcommittee_id))
                   .correlate(Meeting).scalar_subquery())
    member_live = exists().where(Member.id == MeetingAttendance.member_id,
                                 Member.deleted_at.is_(None)).correlate_except(Member)
    enrolled = dict(session.execute(select(Meeting.id, enrolled_of).where(live, Meeting.status != "approved")).all())
    counted = case((or_(Meeting.status == "approved",
                        and_(member_live,
                             _on_roster(MeetingAttendance.member_id, Meeting.held_on, Meeting.subcommittee_id))), 1),
                   else_=0)
    rows = session.execute(
        select(MeetingAttendance.meeting_id, MeetingAttendance.status, counted, func.count())
        .join(Meeting, Meeting.id == MeetingAttendance.meeting_id)
        .where(live, MeetingAttendance.deleted_at.is_(None))
        .group_by(MeetingAttendance.meeting_id, MeetingAttendance.status, counted)).all()
    by_meeting: dict[str, dict[str, int]] = {}
    present: dict[str, int] = {}
    for meeting_id, status, on_roster, count in rows:
        if on_roster:
            statuses = by_meeting.setdefault(meeting_id, {})
            statuses[status] = statuses.get(status, 0) + count
        if status == "present":
            present[meeting_id] = present.get(meeting_id, 0) + count
    ids = set(by_meeting) | set(present) | set(enrolled)
    return {mid: RosterCounts(enrolled.get(mid), by_meeting.get(mid, {}), present.get(mid, 0)) for mid in ids}
