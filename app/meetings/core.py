"""Shared internals of the Meetings services: loading rows, the roster on the meeting
date, live counts, and the frozen views the services return. Not for the UI."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, select
from sqlalchemy.orm import Session, selectinload

from app import codes
from app.dates import format_date
from app.errors import InputRefused, NotFound
from app.meetings import codes as mc
from app.meetings.rules import QuorumView, notice_warning, NoticeWarning
from app.meetings.settings import MeetingSettings, load_meeting_settings
from app.meetings.roster import plain_rows, roster_entries, roster_member_ids
from app.members import MemberView, _member_view, sort_key
from db.meeting_models import (
    ActionItem, AgendaItem, AgendaRecusal, Meeting, MeetingAttachment, MeetingAttendance, MeetingGuest,
    MinutesAddendum, MinutesVersion,
)
from db.models import Member, Subcommittee


def nfc(text: str | None) -> str:
    return unicodedata.normalize("NFC", text or "").strip()


# ---------------------------------------------------------------- views

@dataclass(frozen=True)
class MeetingView:
    id: str
    kind: str
    subcommittee_id: str | None
    subcommittee_name: str
    year: int
    number: int
    title: str
    held_on: date
    start_time: str
    end_time: str | None
    place: str
    called_by: str
    requested_by_count: int | None
    notice_on: date | None
    urgent: bool
    status: str
    recorder: str
    other_business: str
    note: str
    minutes_approved_on: date | None
    minutes_approved_by: str

    @property
    def kind_label(self) -> str:
        if self.kind == "subcommittee":
            return f"{self.subcommittee_name} 회의"
        return mc.MEETING_KIND[self.kind][0]

    @property
    def label(self) -> str:
        """'2026년 제3차 정기회의', '2026년 제1차 노인분과 회의'."""
        return f"{self.year}년 제{self.number}차 {self.kind_label}"

    def full_name(self, council_name: str) -> str:
        """'2026년 제3차 햇살면 지역사회보장협의체 정기회의'."""
        return f"{self.year}년 제{self.number}차 {council_name} {self.kind_label}"

    @property
    def is_locked(self) -> bool:
        return self.status == "approved"

    @property
    def when_text(self) -> str:
        """'2026. 11. 24.(화) 14:00'."""
        return f"{format_date(self.held_on)}({weekday(self.held_on)}) {self.start_time}"


@dataclass(frozen=True)
class AttendanceRow:
    """One member on the meeting's roster; ``status`` is None until recorded."""

    member_id: str
    name: str
    role: str
    affiliation: str
    position: str
    status: str | None
    note: str

    @property
    def role_label(self) -> str:
        return codes.label(codes.ROLE, self.role)


@dataclass(frozen=True)
class GuestView:
    id: str
    seq: int
    name: str
    affiliation: str
    position: str
    kind: str


@dataclass(frozen=True)
class RecusalView:
    member_id: str
    name: str
    reason: str


@dataclass(frozen=True)
class ActionView:
    id: str
    item_id: str
    meeting_id: str
    meeting_label: str
    meeting_held_on: date
    item_title: str
    what: str
    owner: str
    owner_member_id: str | None
    due_on: date | None
    status: str
    done_on: date | None
    progress_note: str
    overdue_days: int  # 0 unless open and past its due date

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    @property
    def is_overdue(self) -> bool:
        return self.overdue_days > 0


@dataclass(frozen=True)
class AgendaItemView:
    id: str
    meeting_id: str
    seq: int
    kind: str
    number: int  # within its kind: 보고 제1호, 의안 제2호
    title: str
    proposer: str
    explanation: str
    discussion: str
    result: str | None
    result_note: str
    votes_yes: int | None
    votes_no: int | None
    votes_abstain: int | None
    casting_vote: str | None
    recusals: tuple[RecusalView, ...]
    actions: tuple[ActionView, ...]

    @property
    def kind_label(self) -> str:
        return mc.ITEM_KIND[self.kind][0]

    @property
    def number_label(self) -> str:
        return f"{mc.ITEM_NUMBER_PREFIX[self.kind]} 제{self.number}호"

    @property
    def result_label(self) -> str:
        return mc.RESULT[self.result][0] if self.result else ""

    @property
    def votes_text(self) -> str:
        """'찬성 12, 반대 1, 기권 0' (and the chair's decision on a tie)."""
        if self.votes_yes is None:
            return ""
        text = f"찬성 {self.votes_yes}, 반대 {self.votes_no}, 기권 {self.votes_abstain}"
        if self.casting_vote:
            text += f"; 가부동수로 위원장이 '{mc.CASTING_VOTE[self.casting_vote][0]}'로 결정"
        return text


@dataclass(frozen=True)
class AddendumView:
    id: str
    seq: int
    made_on: date
    made_by: str
    reason: str
    text: str


@dataclass(frozen=True)
class MinutesVersionView:
    id: str
    meeting_id: str
    version: int
    approved_on: date
    approved_by: str
    content_hash: str


@dataclass(frozen=True)
class AttachmentView:
    id: str
    meeting_id: str
    filename: str
    mime_type: str
    size: int
    sha256: str
    description: str
    added_on: date


@dataclass(frozen=True)
class MeetingDetail:
    meeting: MeetingView
    roster: tuple[AttendanceRow, ...]
    guests: tuple[GuestView, ...]
    items: tuple[AgendaItemView, ...]
    quorum: QuorumView
    notice_warning: NoticeWarning | None
    addenda: tuple[AddendumView, ...]
    versions: tuple[MinutesVersionView, ...]
    attachments: tuple[AttachmentView, ...]
    settings: MeetingSettings

    def rows_with(self, status: str) -> tuple[AttendanceRow, ...]:
        return tuple(r for r in self.roster if r.status == status)


@dataclass(frozen=True)
class MeetingSummary:
    """One row of the meeting lists."""

    id: str
    label: str
    kind: str
    held_on: date
    start_time: str
    place: str
    status: str
    title: str
    present: int
    item_count: int
    notice_warning: NoticeWarning | None


WEEKDAYS = "월화수목금토일"


def weekday(day: date) -> str:
    return WEEKDAYS[day.weekday()]


# ---------------------------------------------------------------- loading

def load_meeting(session: Session, meeting_id: str) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None or meeting.deleted_at is not None:
        raise NotFound("meeting_not_found", id=meeting_id)
    return meeting


def load_item(session: Session, item_id: str) -> tuple[AgendaItem, Meeting]:
    item = session.get(AgendaItem, item_id)
    if item is None or item.deleted_at is not None:
        raise NotFound("agenda_item_not_found", id=item_id)
    return item, load_meeting(session, item.meeting_id)


def subcommittee_name(session: Session, meeting: Meeting) -> str:
    if meeting.subcommittee_id is None:
        return ""
    sub = session.get(Subcommittee, meeting.subcommittee_id)
    return sub.name if sub is not None else ""


def meeting_view(session: Session, meeting: Meeting) -> MeetingView:
    return MeetingView(
        id=meeting.id, kind=meeting.kind, subcommittee_id=meeting.subcommittee_id,
        subcommittee_name=subcommittee_name(session, meeting), year=meeting.year, number=meeting.number,
        title=meeting.title, held_on=meeting.held_on, start_time=meeting.start_time, end_time=meeting.end_time,
        place=meeting.place, called_by=meeting.called_by, requested_by_count=meeting.requested_by_count,
        notice_on=meeting.notice_on, urgent=meeting.urgent, status=meeting.status, recorder=meeting.recorder,
        other_business=meeting.other_business, note=meeting.note,
        minutes_approved_on=meeting.minutes_approved_on, minutes_approved_by=meeting.minutes_approved_by,
    )


def ensure_editable(session: Session, meeting: Meeting) -> None:
    """Refuse any change to the record of a meeting whose minutes are approved."""
    if meeting.status == "approved":
        raise InputRefused("minutes_locked", label=meeting_view(session, meeting).label,
                           approved_on=format_date(meeting.minutes_approved_on))


def ensure_held_or_today(session: Session, meeting: Meeting, today: date) -> None:
    """Attendance and results belong to a meeting that has taken place (or takes place today)."""
    if meeting.held_on > today:
        raise InputRefused("meeting_in_future", label=meeting_view(session, meeting).label,
                           date=format_date(meeting.held_on))


# ---------------------------------------------------------------- roster on the date

def roster_members(session: Session, held_on: date, subcommittee_id: str | None) -> list[MemberView]:
    """Members in office on the meeting date (from the term history, not today's list);
    for a subcommittee meeting, only those seated on it that day. Full member views, for
    the printouts; the services use the lighter ``roster.roster_entries``."""
    ids = roster_member_ids(held_on, subcommittee_id)
    members = session.scalars(select(Member).where(Member.id.in_(ids)).options(selectinload(Member.terms)))
    return sorted((_member_view(m, held_on) for m in members), key=sort_key)


def attendance_rows(session: Session, meeting_id: str) -> dict[str, MeetingAttendance]:
    """The recorded rows as records, for services that change them."""
    return {row.member_id: row for row in session.scalars(
        select(MeetingAttendance).where(MeetingAttendance.meeting_id == meeting_id,
                                        MeetingAttendance.deleted_at.is_(None)))}


def recorded_attendance(session: Session, meeting_id: str) -> dict[str, tuple[str, str, str]]:
    """member id -> (name as recorded, status, note), read as plain rows (a roster of
    thousands would otherwise load thousands of records only to be read)."""
    return {member_id: (name, status, note) for member_id, name, status, note in plain_rows(session, (
        select(MeetingAttendance.member_id, MeetingAttendance.member_name, MeetingAttendance.status,
               MeetingAttendance.note)
        .where(MeetingAttendance.meeting_id == meeting_id, MeetingAttendance.deleted_at.is_(None))))}


def roster(session: Session, meeting: Meeting) -> tuple[AttendanceRow, ...]:
    """The attendance sheet: for approved minutes exactly who was recorded (frozen);
    otherwise the members in office on the date, with what has been recorded so far."""
    recorded = recorded_attendance(session, meeting.id)
    entries = roster_entries(session, meeting.held_on, meeting.subcommittee_id)
    rows: list[AttendanceRow] = []
    if meeting.status != "approved":
        for e in entries:
            att = recorded.get(e.id)
            if att is None:
                rows.append(AttendanceRow(e.id, e.name, e.role, e.affiliation, e.position, None, ""))
            else:
                rows.append(AttendanceRow(e.id, att[0], e.role, e.affiliation, e.position, att[1], att[2]))
        return tuple(rows)
    # A later change to someone's terms must not rewrite who sat in an approved meeting:
    # every recorded row stays, those no longer on the roster after the others.
    for e in entries:
        att = recorded.pop(e.id, None)
        if att is not None:
            rows.append(AttendanceRow(e.id, att[0], e.role, e.affiliation, e.position, att[1], att[2]))
    rows += [AttendanceRow(member_id, name, "member", "", "", status, note)
             for member_id, (name, status, note) in recorded.items()]
    return tuple(rows)


def quorum_of(rows: tuple[AttendanceRow, ...]) -> QuorumView:
    statuses = [r.status for r in rows]
    return QuorumView(enrolled=len(rows), present=statuses.count("present"), absent=statuses.count("absent"),
                      excused=statuses.count("excused"), unrecorded=statuses.count(None))


def live_items(session: Session, meeting_id: str) -> list[AgendaItem]:
    return list(session.scalars(
        select(AgendaItem).where(AgendaItem.meeting_id == meeting_id, AgendaItem.deleted_at.is_(None))
        .order_by(AgendaItem.seq)))


def live_recusals(session: Session, item_id: str) -> list[AgendaRecusal]:
    return list(session.scalars(
        select(AgendaRecusal).where(AgendaRecusal.item_id == item_id, AgendaRecusal.deleted_at.is_(None))))


def renumber(items: list[AgendaItem]) -> None:
    for position, item in enumerate(items, start=1):
        if item.seq != position:
            item.seq = position


def present_recused(session: Session, item: AgendaItem, present_ids: set[str]) -> int:
    return sum(1 for r in live_recusals(session, item.id) if r.member_id in present_ids)


# ---------------------------------------------------------------- building views

def action_view(action: ActionItem, meeting: Meeting, meeting_label: str, item_title: str, today: date) -> ActionView:
    overdue = 0
    if action.status == "open" and action.due_on is not None and action.due_on < today:
        overdue = (today - action.due_on).days
    return ActionView(
        id=action.id, item_id=action.item_id, meeting_id=action.meeting_id, meeting_label=meeting_label,
        meeting_held_on=meeting.held_on, item_title=item_title, what=action.what, owner=action.owner,
        owner_member_id=action.owner_member_id, due_on=action.due_on, status=action.status,
        done_on=action.done_on, progress_note=action.progress_note, overdue_days=overdue,
    )


def item_views(session: Session, meeting: Meeting, today: date) -> tuple[AgendaItemView, ...]:
    """The agenda with each item's recusals and follow-ups: three queries for the whole
    agenda, whatever its length and the number of members."""
    label = meeting_view(session, meeting).label
    items = live_items(session, meeting.id)
    item_ids = [item.id for item in items]
    recusals: dict[str, list[RecusalView]] = {}
    actions: dict[str, list[ActionItem]] = {}
    if item_ids:
        # A deleted member's name is no longer shown (as before: only live members are named).
        for item_id, member_id, reason, name in session.execute(
                select(AgendaRecusal.item_id, AgendaRecusal.member_id, AgendaRecusal.reason, Member.name)
                .outerjoin(Member, and_(Member.id == AgendaRecusal.member_id, Member.deleted_at.is_(None)))
                .where(AgendaRecusal.item_id.in_(item_ids), AgendaRecusal.deleted_at.is_(None))):
            recusals.setdefault(item_id, []).append(RecusalView(member_id, name or "", reason))
        for action in session.scalars(
                select(ActionItem).where(ActionItem.item_id.in_(item_ids), ActionItem.deleted_at.is_(None))
                .order_by(ActionItem.created_at, ActionItem.id)):
            actions.setdefault(action.item_id, []).append(action)
    counters: dict[str, int] = {}
    views = []
    for item in items:
        counters[item.kind] = counters.get(item.kind, 0) + 1
        views.append(AgendaItemView(
            id=item.id, meeting_id=meeting.id, seq=item.seq, kind=item.kind, number=counters[item.kind],
            title=item.title, proposer=item.proposer, explanation=item.explanation, discussion=item.discussion,
            result=item.result, result_note=item.result_note, votes_yes=item.votes_yes, votes_no=item.votes_no,
            votes_abstain=item.votes_abstain, casting_vote=item.casting_vote,
            recusals=tuple(recusals.get(item.id, ())),
            actions=tuple(action_view(a, meeting, label, item.title, today) for a in actions.get(item.id, ())),
        ))
    return tuple(views)


def item_view(session: Session, item: AgendaItem, meeting: Meeting, today: date) -> AgendaItemView:
    return next(v for v in item_views(session, meeting, today) if v.id == item.id)


def addendum_views(session: Session, meeting_id: str) -> tuple[AddendumView, ...]:
    return tuple(AddendumView(a.id, a.seq, a.made_on, a.made_by, a.reason, a.text) for a in session.scalars(
        select(MinutesAddendum).where(MinutesAddendum.meeting_id == meeting_id, MinutesAddendum.deleted_at.is_(None))
        .order_by(MinutesAddendum.seq)))


def version_views(session: Session, meeting_id: str) -> tuple[MinutesVersionView, ...]:
    return tuple(MinutesVersionView(v.id, v.meeting_id, v.version, v.approved_on, v.approved_by, v.content_hash)
                 for v in session.scalars(
                     select(MinutesVersion).where(MinutesVersion.meeting_id == meeting_id,
                                                  MinutesVersion.deleted_at.is_(None))
                     .order_by(MinutesVersion.version)))


def attachment_view(row: MeetingAttachment) -> AttachmentView:
    return AttachmentView(row.id, row.meeting_id, row.filename, row.mime_type, row.size, row.sha256,
                          row.description, row.added_on)


def attachment_views(session: Session, meeting_id: str) -> tuple[AttachmentView, ...]:
    return tuple(attachment_view(a) for a in session.scalars(
        select(MeetingAttachment).where(MeetingAttachment.meeting_id == meeting_id,
                                        MeetingAttachment.deleted_at.is_(None))
        .order_by(MeetingAttachment.added_on, MeetingAttachment.filename)))


def guest_views(session: Session, meeting_id: str) -> tuple[GuestView, ...]:
    return tuple(GuestView(g.id, g.seq, g.name, g.affiliation, g.position, g.kind) for g in session.scalars(
        select(MeetingGuest).where(MeetingGuest.meeting_id == meeting_id, MeetingGuest.deleted_at.is_(None))
        .order_by(MeetingGuest.seq, MeetingGuest.name)))


def meeting_detail(session: Session, meeting: Meeting, today: date) -> MeetingDetail:
    settings = load_meeting_settings(session)
    rows = roster(session, meeting)
    return MeetingDetail(
        meeting=meeting_view(session, meeting), roster=rows, guests=guest_views(session, meeting.id),
        items=item_views(session, meeting, today), quorum=quorum_of(rows),
        notice_warning=notice_warning(meeting.held_on, meeting.notice_on, meeting.urgent, settings.notice_days),
        addenda=addendum_views(session, meeting.id), versions=version_views(session, meeting.id),
        attachments=attachment_views(session, meeting.id), settings=settings,
    )
