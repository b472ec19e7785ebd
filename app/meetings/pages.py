"""What the meetings tab shows, each read in one unit of work with a fixed number of
queries: the list (every meeting with its live attendance counts, the years, the overdue
follow-ups for the banner) and one meeting's page (its detail, its follow-ups and, for
approved minutes, whether they still match their hash).

Also the meeting summaries behind ``meetings.list_meetings``.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.meetings.actions import action_views
from app.meetings.core import (
    ActionView, MeetingDetail, MeetingSummary, MeetingView, load_meeting, meeting_detail, meeting_view, nfc,
)
from app.meetings.minutes import MinutesIntegrity, _integrity, content_of
from app.meetings.roster import RosterCounts, roster_counts
from app.meetings.rules import QuorumView, notice_warning
from app.meetings.settings import load_meeting_settings
from app.security.permissions import Permission, require
from db.meeting_models import AgendaItem, Meeting, MeetingAttendance
from db.models import Subcommittee
from db.session import UnitOfWork


@dataclass(frozen=True)
class MeetingListRow:
    """One line of the meetings tab: the summary, the meeting and its live counts."""

    summary: MeetingSummary
    meeting: MeetingView
    quorum: QuorumView

    @property
    def id(self) -> str:
        return self.summary.id


@dataclass(frozen=True)
class MeetingList:
    rows: tuple[MeetingListRow, ...]  # in the scope and year asked, in list order
    all_count: int  # every meeting, whatever the scope, year or words
    years: tuple[int, ...]  # the years that have meetings, latest first
    overdue: tuple[ActionView, ...]  # follow-ups past their due date, across meetings
    matches: frozenset[str] | None  # ids of the rows matching ``query``; None without one


@dataclass(frozen=True)
class MeetingPage:
    detail: MeetingDetail
    actions: tuple[ActionView, ...]  # this meeting's follow-ups, every status
    integrity: MinutesIntegrity | None  # approved minutes only


# ---------------------------------------------------------------- summaries

@dataclass(frozen=True)
class _Listed:
    summary: MeetingSummary
    view: MeetingView
    upcoming: bool
    haystack: str  # what the search words are looked for in, lower case


def _present_counts(session: Session) -> dict[str, int]:
    return dict(session.execute(
        select(MeetingAttendance.meeting_id, func.count()).where(
            MeetingAttendance.deleted_at.is_(None), MeetingAttendance.status == "present")
        .group_by(MeetingAttendance.meeting_id)).all())


def _listed(session: Session, today: date, kind: str | None, year: int | None,
            present: dict[str, int] | None) -> list[_Listed]:
    """Every live meeting (of ``kind``, in ``year``) as the lists show it: four queries
    however many meetings there are. ``present``: counts already read, else read here."""
    settings = load_meeting_settings(session)
    stmt = select(Meeting).where(Meeting.deleted_at.is_(None))
    if kind:
        stmt = stmt.where(Meeting.kind == kind)
    if year:
        stmt = stmt.where(Meeting.year == year)
    meetings = list(session.scalars(stmt))
    # Held in a variable so that ``meeting_view`` finds every subcommittee in the session's
    # identity map (which only keeps what is referenced) instead of asking once for each.
    subcommittees = list(session.scalars(select(Subcommittee)))
    if present is None:
        present = _present_counts(session)
    titles: dict[str, list[str]] = {}
    for meeting_id, title in session.execute(
            select(AgendaItem.meeting_id, AgendaItem.title).where(AgendaItem.deleted_at.is_(None))):
        titles.setdefault(meeting_id, []).append(title)
    listed = []
    for meeting in meetings:
        view = meeting_view(session, meeting)
        upcoming = meeting.status == "planned" and meeting.held_on >= today
        warning = (notice_warning(meeting.held_on, meeting.notice_on, meeting.urgent, settings.notice_days)
                   if upcoming else None)
        summary = MeetingSummary(
            id=meeting.id, label=view.label, kind=meeting.kind, held_on=meeting.held_on,
            start_time=meeting.start_time, place=meeting.place, status=meeting.status, title=meeting.title,
            present=present.get(meeting.id, 0), item_count=len(titles.get(meeting.id, [])), notice_warning=warning)
        haystack = " ".join([view.label, view.title, view.place, *titles.get(meeting.id, [])]).lower()
        listed.append(_Listed(summary, view, upcoming, haystack))
    del subcommittees
    return listed


def _select(listed: list[_Listed], scope: str = "all", query: str = "", year: int | None = None) -> list[_Listed]:
    """The meetings of ``scope`` and ``year`` matching every word of ``query``, in list
    order: upcoming soonest first, the others latest first."""
    words = nfc(query).lower().split()
    chosen = [m for m in listed
              if not (scope == "upcoming" and not m.upcoming) and not (scope == "past" and m.upcoming)
              and (not year or m.summary.held_on.year == year)
              and all(word in m.haystack for word in words)]
    chosen.sort(key=lambda m: (m.summary.held_on, m.summary.start_time), reverse=scope != "upcoming")
    return chosen


def meeting_summaries(session: Session, today: date, scope: str = "all", query: str = "", kind: str | None = None,
                      year: int | None = None) -> list[MeetingSummary]:
    """``list_meetings`` inside an open session."""
    return [m.summary for m in _select(_listed(session, today, kind, year, None), scope, query)]


def _quorum(counts: RosterCounts | None) -> QuorumView:
    """The live counts of ``core.quorum_of``, from counts read for every meeting at once."""
    if counts is None:
        return QuorumView(enrolled=0, present=0, absent=0, excused=0, unrecorded=0)
    by_status = counts.on_roster
    recorded = sum(by_status.values())
    enrolled = recorded if counts.enrolled is None else counts.enrolled
    return QuorumView(enrolled=enrolled, present=by_status.get("present", 0), absent=by_status.get("absent", 0),
                      excused=by_status.get("excused", 0), unrecorded=max(0, enrolled - recorded))


# ---------------------------------------------------------------- the tab's two reads

def load_meeting_list(uow: UnitOfWork, today: date, scope: str = "all", year: int | None = None,
                      query: str = "") -> MeetingList:
    """Everything the meetings tab's list and banner show, in one unit of work: the rows
    of ``scope`` (all, upcoming, past) and ``year`` with their attendance counts as
    ``get_meeting(...).quorum`` would give them, how many meetings there are at all and in
    which years, the overdue follow-ups, and which rows match ``query``."""
    require(uow.actor, Permission.MEETINGS_READ)
    with uow:
        session = uow.session
        counts = roster_counts(session)
        listed = _listed(session, today, None, None, {mid: c.all_present for mid, c in counts.items()})
        rows = tuple(MeetingListRow(m.summary, m.view, _quorum(counts.get(m.summary.id)))
                     for m in _select(listed, scope, year=year))
        matches = frozenset(m.summary.id for m in _select(listed, scope, query, year)) if nfc(query) else None
        overdue = tuple(action_views(session, today, status="overdue"))
    years = tuple(sorted({m.summary.held_on.year for m in listed}, reverse=True))
    return MeetingList(rows=rows, all_count=len(listed), years=years, overdue=overdue, matches=matches)


def match_meetings(uow: UnitOfWork, today: date, query: str, scope: str = "all",
                   year: int | None = None) -> frozenset[str]:
    """The ids of the meetings of ``scope`` and ``year`` matching every word of ``query``
    (as ``list_meetings`` finds them), for search-as-you-type: no attendance is counted,
    so a keystroke does not read the attendance table."""
    require(uow.actor, Permission.MEETINGS_READ)
    with uow:
        listed = _listed(uow.session, today, None, year, {})
    return frozenset(m.summary.id for m in _select(listed, scope, query))


def load_meeting_page(uow: UnitOfWork, meeting_id: str, today: date) -> MeetingPage:
    """What a click on a meeting shows, in one unit of work: the detail (roster on the
    date, attendance, agenda with votes and recusals, 배석, minutes versions, attachments),
    the meeting's follow-ups (as ``list_action_items(status="all", meeting_id=...)``) and,
    for approved minutes, the integrity check (as ``verify_minutes``), which reuses the
    detail instead of reading the minutes a second time."""
    require(uow.actor, Permission.MEETINGS_READ)
    with uow:
        session = uow.session
        meeting = load_meeting(session, meeting_id)
        detail = meeting_detail(session, meeting, today)
        actions = tuple(action_views(session, today, status="all", meeting_id=meeting.id))
        integrity = None
        if meeting.status == "approved":
            # The minutes' content does not depend on 'today' (it is the agenda as read on
            # any day), so the detail's roster, 배석, items and addenda are the minutes.
            current = content_of(session, meeting, detail.roster, detail.guests, detail.items, detail.addenda)
            integrity = _integrity(session, meeting.id, current)
    return MeetingPage(detail=detail, actions=actions, integrity=integrity)
