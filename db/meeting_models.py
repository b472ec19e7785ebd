"""Tables of the Meetings area: meetings, attendance, 배석, agenda items, recusals,
follow-up actions, approved minutes versions, addenda and attached files.

Every table is synced (``SyncedMixin``): a meeting and all its paperwork travel between
installations, attachments included (their bytes live in the database so backups and
sync carry them). Codes are short English strings; Korean labels live in
``app.meetings.codes``.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, SyncedMixin


class Meeting(SyncedMixin, Base):
    """One meeting: a full council meeting (정기/임시) or a subcommittee meeting (분과회의)."""

    __tablename__ = "meeting"

    kind: Mapped[str] = mapped_column(String(20), index=True)  # regular | extraordinary | subcommittee
    subcommittee_id: Mapped[str | None] = mapped_column(ForeignKey("subcommittee.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)  # 제N차, per year and series
    title: Mapped[str] = mapped_column(String(200), default="")
    held_on: Mapped[date] = mapped_column(Date, index=True)
    start_time: Mapped[str] = mapped_column(String(5))  # "14:00"
    end_time: Mapped[str | None] = mapped_column(String(5))  # closing time, set when held
    place: Mapped[str] = mapped_column(String(200), default="")
    called_by: Mapped[str] = mapped_column(String(20), default="chair")  # chair | members_request
    requested_by_count: Mapped[int | None] = mapped_column(Integer)
    notice_on: Mapped[date | None] = mapped_column(Date)
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(20), default="planned")  # planned | held | approved
    recorder: Mapped[str] = mapped_column(String(50), default="")  # 기록자 (간사)
    other_business: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    minutes_approved_on: Mapped[date | None] = mapped_column(Date)
    minutes_approved_by: Mapped[str] = mapped_column(String(100), default="")
    approved_at_meeting_id: Mapped[str | None] = mapped_column(String(36))


class MeetingAttendance(SyncedMixin, Base):
    """A member's attendance at a meeting; the name is kept as it was on the day."""

    __tablename__ = "meeting_attendance"

    meeting_id: Mapped[str] = mapped_column(ForeignKey("meeting.id"), index=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("member.id"), index=True)
    member_name: Mapped[str] = mapped_column(String(30))
    status: Mapped[str] = mapped_column(String(10))  # present | absent | excused
    note: Mapped[str] = mapped_column(String(200), default="")


class MeetingGuest(SyncedMixin, Base):
    """배석: someone who attends without being a member (officials, guests)."""

    __tablename__ = "meeting_guest"

    meeting_id: Mapped[str] = mapped_column(ForeignKey("meeting.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(30))
    affiliation: Mapped[str] = mapped_column(String(100), default="")
    position: Mapped[str] = mapped_column(String(50), default="")
    kind: Mapped[str] = mapped_column(String(10), default="guest")  # official | guest


class AgendaItem(SyncedMixin, Base):
    """One item of business: 보고, 심의·의결 or 토의, with its result and vote counts."""

    __tablename__ = "agenda_item"

    meeting_id: Mapped[str] = mapped_column(ForeignKey("meeting.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))  # report | resolution | discussion
    title: Mapped[str] = mapped_column(String(200))
    proposer: Mapped[str] = mapped_column(String(100), default="")
    explanation: Mapped[str] = mapped_column(Text, default="")
    discussion: Mapped[str] = mapped_column(Text, default="")
    result: Mapped[str | None] = mapped_column(String(20))  # passed | amended | rejected | deferred
    result_note: Mapped[str] = mapped_column(Text, default="")
    votes_yes: Mapped[int | None] = mapped_column(Integer)
    votes_no: Mapped[int | None] = mapped_column(Integer)
    votes_abstain: Mapped[int | None] = mapped_column(Integer)
    casting_vote: Mapped[str | None] = mapped_column(String(3))  # yes | no (chair, on a tie)


class AgendaRecusal(SyncedMixin, Base):
    """A member who takes no part in one item (제척·회피)."""

    __tablename__ = "agenda_recusal"

    item_id: Mapped[str] = mapped_column(ForeignKey("agenda_item.id"), index=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("member.id"), index=True)
    reason: Mapped[str] = mapped_column(String(200), default="")


class ActionItem(SyncedMixin, Base):
    """A follow-up decided under an agenda item; it stays open across meetings until done."""

    __tablename__ = "action_item"

    item_id: Mapped[str] = mapped_column(ForeignKey("agenda_item.id"), index=True)
    meeting_id: Mapped[str] = mapped_column(ForeignKey("meeting.id"), index=True)
    what: Mapped[str] = mapped_column(String(300))
    owner: Mapped[str] = mapped_column(String(100), default="")
    owner_member_id: Mapped[str | None] = mapped_column(ForeignKey("member.id"))
    due_on: Mapped[date | None] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(10), default="open")  # open | done | dropped
    done_on: Mapped[date | None] = mapped_column(Date)
    progress_note: Mapped[str] = mapped_column(Text, default="")


class MinutesVersion(SyncedMixin, Base):
    """One approved version of a meeting's minutes: who approved it and its content hash.

    Version 1 is the approval; each addendum adds the next version. ``content`` is the
    canonical JSON that was hashed, so a later change can be shown, not only detected.
    """

    __tablename__ = "minutes_version"

    meeting_id: Mapped[str] = mapped_column(ForeignKey("meeting.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    approved_on: Mapped[date] = mapped_column(Date)
    approved_by: Mapped[str] = mapped_column(String(100))
    content_hash: Mapped[str] = mapped_column(String(64))
    content: Mapped[str] = mapped_column(Text)


class MinutesAddendum(SyncedMixin, Base):
    """A correction to approved minutes: never an edit, an addition saying who, when and why."""

    __tablename__ = "minutes_addendum"

    meeting_id: Mapped[str] = mapped_column(ForeignKey("meeting.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    made_on: Mapped[date] = mapped_column(Date)
    made_by: Mapped[str] = mapped_column(String(100))
    reason: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)


class MeetingAttachment(SyncedMixin, Base):
    """A file kept with a meeting (the scanned signed 출석부, handouts); bytes in the row."""

    __tablename__ = "meeting_attachment"

    meeting_id: Mapped[str] = mapped_column(ForeignKey("meeting.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    mime_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    description: Mapped[str] = mapped_column(String(200), default="")
    added_on: Mapped[date] = mapped_column(Date)
    # Deferred: lists of attachments never load megabytes they do not show.
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)


MEETING_SYNCED_MODELS: tuple[type[SyncedMixin], ...] = (
    Meeting,
    MeetingAttendance,
    MeetingGuest,
    AgendaItem,
    AgendaRecusal,
    ActionItem,
    MinutesVersion,
    MinutesAddendum,
    MeetingAttachment,
)
