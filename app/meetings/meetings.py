"""Meetings: calling (create, reschedule), holding, deleting, listing and searching;
attendance against the roster on the meeting date; 배석 (non-member attendees).

Every service is ``verb_noun(uow, ...)``: one unit of work, one commit, frozen views out,
``AppError`` subclasses for refusals (and then nothing is changed).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.security.permissions import Permission, require
from app.dates import format_date
from app.errors import FieldError, InputRefused, NotFound, ValidationFailed
from app.meetings import codes as mc
from app.meetings.core import (
    AttendanceRow, GuestView, MeetingDetail, MeetingSummary, attendance_rows, ensure_editable,
    ensure_held_or_today, guest_views, item_views, live_items, load_meeting, meeting_detail, meeting_view, nfc,
    present_recused, quorum_of, roster,
)
from app.meetings.pages import meeting_summaries
from app.meetings.roster import roster_entries, roster_member_ids
from app.meetings.rules import Vote, check_call, check_vote, parse_time
from app.meetings.settings import load_meeting_settings
from app.members import _member_view
from app.text_rules import check_texts, refuse_bad_texts
from db.base import utc_now
from db.meeting_models import Meeting, MeetingAttendance, MeetingGuest
from db.models import Member, MemberTerm, Subcommittee
from db.session import UnitOfWork

TEXT_MAX = {"title": 200, "place": 200, "recorder": 50, "note": 2000, "other_business": 5000}


@dataclass(frozen=True)
class MeetingData:
    """What the secretary fills in to call a meeting."""

    kind: str
    held_on: date
    start_time: str
    place: str
    subcommittee_id: str | None = None
    title: str = ""
    called_by: str = "chair"
    requested_by_count: int | None = None
    notice_on: date | None = None
    urgent: bool = False
    recorder: str = ""
    note: str = ""
    number: int | None = None  # 제N차; None numbers it after the last of its year and series


@dataclass(frozen=True)
class AttendanceEntry:
    member_id: str
    status: str  # present | absent | excused
    note: str = ""


@dataclass(frozen=True)
class GuestData:
    name: str
    affiliation: str = ""
    position: str = ""
    kind: str = "official"  # official | guest


# ---------------------------------------------------------------- validation

def _clean(data: MeetingData) -> MeetingData:
    try:
        start = parse_time(data.start_time) or ""
    except ValueError:
        start = data.start_time
    return replace(data, start_time=start, place=" ".join(nfc(data.place).split()), title=nfc(data.title),
                   recorder=nfc(data.recorder), note=nfc(data.note))


def _validate(data: MeetingData) -> None:
    errors: list[FieldError] = []
    if data.kind not in mc.MEETING_KIND:
        errors.append(FieldError("kind", "required" if not data.kind else "invalid_choice", {"value": data.kind}))
    if data.held_on is None:
        errors.append(FieldError("held_on", "required"))
    elif data.held_on.year < 1990:
        errors.append(FieldError("held_on", "date_too_old"))
    if not data.start_time:
        errors.append(FieldError("start_time", "required"))
    else:
        try:
            parse_time(data.start_time)
        except ValueError:
            errors.append(FieldError("start_time", "invalid_time", {"value": data.start_time}))
    if not data.place:
        errors.append(FieldError("place", "required"))
    for name in ("title", "place", "recorder", "note"):
        if len(getattr(data, name)) > TEXT_MAX[name]:
            errors.append(FieldError(name, "too_long", {"max": TEXT_MAX[name]}))
    seen = {e.field for e in errors}
    errors += [e for e in check_texts({n: getattr(data, n) for n in ("title", "place", "recorder", "note")},
                                      multiline=("note",)) if e.field not in seen]
    if data.kind == "subcommittee" and not data.subcommittee_id:
        errors.append(FieldError("subcommittee_id", "required"))
    if data.called_by not in mc.CALLED_BY:
        errors.append(FieldError("called_by", "invalid_choice", {"value": data.called_by}))
    if data.called_by == "members_request" and data.requested_by_count is None:
        errors.append(FieldError("requested_by_count", "required"))
    if data.notice_on is not None and data.held_on is not None and data.notice_on > data.held_on:
        errors.append(FieldError("notice_on", "notice_after_meeting"))
    if data.number is not None and not 1 <= data.number <= 999:
        errors.append(FieldError("number", "invalid_choice", {"value": data.number}))
    if errors:
        raise ValidationFailed(errors)


def _series(session: Session, kind: str, subcommittee_id: str | None, year: int, exclude_id: str | None):
    query = select(Meeting).where(Meeting.kind == kind, Meeting.year == year, Meeting.deleted_at.is_(None))
    if kind == "subcommittee":
        query = query.where(Meeting.subcommittee_id == subcommittee_id)
    if exclude_id:
        query = query.where(Meeting.id != exclude_id)
    return list(session.scalars(query))


def _check_roster_exists(session: Session, data: MeetingData) -> None:
    """Refuse a meeting dated before the council (or the subcommittee) has members."""
    sub_id = data.subcommittee_id if data.kind == "subcommittee" else None
    if sub_id is not None:
        sub = session.get(Subcommittee, sub_id)
        if sub is None or sub.deleted_at is not None:
            raise NotFound("subcommittee_not_found", id=sub_id)
        if (sub.founded_on is not None and data.held_on < sub.founded_on) or (
                sub.closed_on is not None and data.held_on >= sub.closed_on):
            raise InputRefused("subcommittee_not_active_on", name=sub.name, date=format_date(data.held_on),
                               founded=format_date(sub.founded_on) or "-", closed=format_date(sub.closed_on) or "-")
    if _roster_size(session, data.held_on, sub_id):
        return
    if sub_id is not None and _roster_size(session, data.held_on, None):
        raise InputRefused("subcommittee_no_members_on", name=session.get(Subcommittee, sub_id).name,
                           date=format_date(data.held_on))
    first = session.scalar(select(func.min(MemberTerm.start_on)).join(Member, Member.id == MemberTerm.member_id)
                           .where(Member.deleted_at.is_(None), MemberTerm.deleted_at.is_(None)))
    hint = f" (첫 위원 위촉일: {format_date(first)})" if first else " (등록된 위원이 없습니다)"
    raise InputRefused("meeting_before_members", date=format_date(data.held_on), hint=hint)


def _roster_size(session: Session, held_on: date, subcommittee_id: str | None) -> int:
    ids = roster_member_ids(held_on, subcommittee_id).subquery()
    return session.scalar(select(func.count()).select_from(ids)) or 0


def _apply(meeting: Meeting, data: MeetingData) -> None:
    values = {
        "kind": data.kind, "subcommittee_id": data.subcommittee_id if data.kind == "subcommittee" else None,
        "year": data.held_on.year, "held_on": data.held_on, "start_time": data.start_time, "place": data.place,
        "title": data.title, "called_by": data.called_by,
        "requested_by_count": data.requested_by_count if data.called_by == "members_request" else None,
        "notice_on": data.notice_on, "urgent": bool(data.urgent), "recorder": data.recorder, "note": data.note,
    }
    for name, value in values.items():
        if getattr(meeting, name) != value:
            setattr(meeting, name, value)


def _number_for(session: Session, data: MeetingData, exclude_id: str | None, keep: int | None) -> int:
    series = _series(session, data.kind, data.subcommittee_id, data.held_on.year, exclude_id)
    taken = {m.number for m in series}
    number = data.number or keep
    if number is None:
        return max(taken, default=0) + 1
    if number in taken:
        raise InputRefused("duplicate_meeting_number", year=data.held_on.year, number=number,
                           kind=mc.MEETING_KIND[data.kind][0])
    return number


# ---------------------------------------------------------------- meetings

def create_meeting(uow: UnitOfWork, data: MeetingData, today: date) -> MeetingDetail:
    """Call a meeting (status 'planned'). Numbered 제N차 within its year and series."""
    require(uow.actor, Permission.MEETINGS_EDIT)
    data = _clean(data)
    _validate(data)
    with uow:
        session = uow.session
        _check_roster_exists(session, data)
        enrolled = _roster_size(session, data.held_on, data.subcommittee_id if data.kind == "subcommittee" else None)
        check_call(data.called_by, data.requested_by_count, enrolled)
        meeting = Meeting(status="planned", number=_number_for(session, data, None, None),
                          other_business="", minutes_approved_by="")
        _apply(meeting, data)
        session.add(meeting)
        session.flush()
        uow.commit()
        return meeting_detail(session, meeting, today)


def update_meeting(uow: UnitOfWork, meeting_id: str, data: MeetingData, today: date) -> MeetingDetail:
    """Change what was called (date, time, place, notice...). Refused once minutes are approved."""
    require(uow.actor, Permission.MEETINGS_EDIT)
    data = _clean(data)
    _validate(data)
    with uow:
        session = uow.session
        meeting = load_meeting(session, meeting_id)
        ensure_editable(session, meeting)
        _check_roster_exists(session, data)
        sub_id = data.subcommittee_id if data.kind == "subcommittee" else None
        new_roster = {e.id for e in roster_entries(session, data.held_on, sub_id)}
        for member_id, att in attendance_rows(session, meeting.id).items():
            if member_id not in new_roster:
                raise InputRefused("reschedule_conflicts_attendance", date=format_date(data.held_on),
                                   name=att.member_name)
        check_call(data.called_by, data.requested_by_count, len(new_roster))
        same_series = (meeting.kind == data.kind and meeting.year == data.held_on.year
                       and meeting.subcommittee_id == sub_id)
        number = _number_for(session, data, meeting.id, meeting.number if same_series else None)
        if meeting.number != number:
            meeting.number = number
        _apply(meeting, data)
        uow.commit()
        return meeting_detail(session, meeting, today)


def mark_meeting_held(uow: UnitOfWork, meeting_id: str, end_time: str, today: date,
                      other_business: str | None = None, recorder: str | None = None) -> MeetingDetail:
    """Record that the meeting took place and when it closed; the minutes are then a draft."""
    require(uow.actor, Permission.MEETINGS_EDIT)
    with uow:
        session = uow.session
        meeting = load_meeting(session, meeting_id)
        ensure_editable(session, meeting)
        ensure_held_or_today(session, meeting, today)
        try:
            closing = parse_time(end_time)
        except ValueError:
            raise ValidationFailed([FieldError("end_time", "invalid_time", {"value": end_time})]) from None
        if closing is None:
            raise ValidationFailed([FieldError("end_time", "required")])
        if closing < meeting.start_time:
            raise InputRefused("end_before_open", end=closing, start=meeting.start_time)
        refuse_bad_texts({"other_business": other_business, "recorder": recorder}, multiline=("other_business",))
        meeting.end_time = closing
        meeting.status = "held"
        if other_business is not None:
            text = nfc(other_business)
            if len(text) > TEXT_MAX["other_business"]:
                raise ValidationFailed([FieldError("other_business", "too_long", {"max": TEXT_MAX["other_business"]})])
            meeting.other_business = text
        if recorder is not None:
            meeting.recorder = nfc(recorder)[: TEXT_MAX["recorder"]]
        uow.commit()
        return meeting_detail(session, meeting, today)


def update_minutes_text(uow: UnitOfWork, meeting_id: str, today: date, *, other_business: str | None = None,
                        recorder: str | None = None, end_time: str | None = None) -> MeetingDetail:
    """Edit the draft minutes' own text (other business, recorder, closing time)."""
    require(uow.actor, Permission.MEETINGS_EDIT)
    with uow:
        session = uow.session
        meeting = load_meeting(session, meeting_id)
        ensure_editable(session, meeting)
        errors = []
        if other_business is not None and len(nfc(other_business)) > TEXT_MAX["other_business"]:
            errors.append(FieldError("other_business", "too_long", {"max": TEXT_MAX["other_business"]}))
        if recorder is not None and len(nfc(recorder)) > TEXT_MAX["recorder"]:
            errors.append(FieldError("recorder", "too_long", {"max": TEXT_MAX["recorder"]}))
        seen = {e.field for e in errors}
        errors += [e for e in check_texts({"other_business": other_business, "recorder": recorder},
                                          multiline=("other_business",)) if e.field not in seen]
        closing = None
        if end_time is not None:
            try:
                closing = parse_time(end_time)
            except ValueError:
                errors.append(FieldError("end_time", "invalid_time", {"value": end_time}))
        if errors:
            raise ValidationFailed(errors)
        if closing is not None and closing < meeting.start_time:
            raise InputRefused("end_before_open", end=closing, start=meeting.start_time)
        if other_business is not None:
            meeting.other_business = nfc(other_business)
        if recorder is not None:
            meeting.recorder = nfc(recorder)
        if end_time is not None:
            meeting.end_time = closing
        uow.commit()
        return meeting_detail(session, meeting, today)


def delete_meeting(uow: UnitOfWork, meeting_id: str) -> None:
    """Remove a meeting entered by mistake (a tombstone). Refused for approved minutes and
    for a meeting that already has attendance or items (remove those first)."""
    require(uow.actor, Permission.MEETINGS_EDIT)
    with uow:
        session = uow.session
        meeting = load_meeting(session, meeting_id)
        ensure_editable(session, meeting)
        if attendance_rows(session, meeting.id) or live_items(session, meeting.id):
            raise InputRefused("meeting_has_minutes_content", label=meeting_view(session, meeting).label)
        now = utc_now()
        meeting.deleted_at = now
        for guest in session.scalars(select(MeetingGuest).where(MeetingGuest.meeting_id == meeting.id,
                                                                MeetingGuest.deleted_at.is_(None))):
            guest.deleted_at = now
        uow.commit()


def get_meeting(uow: UnitOfWork, meeting_id: str, today: date) -> MeetingDetail:
    require(uow.actor, Permission.MEETINGS_READ)
    with uow:
        return meeting_detail(uow.session, load_meeting(uow.session, meeting_id), today)


def list_meetings(uow: UnitOfWork, today: date, scope: str = "all", query: str = "",
                  kind: str | None = None, year: int | None = None) -> list[MeetingSummary]:
    """Meetings for the lists. ``scope``: upcoming (planned, from today on, soonest first),
    past (held or approved, or dated before today; latest first) or all (latest first).
    ``query`` matches the name, title, place and agenda item titles (every word)."""
    require(uow.actor, Permission.MEETINGS_READ)
    with uow:
        return meeting_summaries(uow.session, today, scope, query, kind, year)


def meeting_roster(uow: UnitOfWork, meeting_id: str) -> tuple[AttendanceRow, ...]:
    """Who is called to the meeting: the members in office on its date."""
    require(uow.actor, Permission.MEETINGS_READ)
    with uow:
        session = uow.session
        return roster(session, load_meeting(session, meeting_id))


# ---------------------------------------------------------------- attendance

def revalidate_results(session: Session, meeting: Meeting, error_code: str = "attendance_breaks_result") -> None:
    """Every recorded result must still hold with the attendance as it now stands."""
    rows = roster(session, meeting)
    counts = quorum_of(rows)
    present_ids = {r.member_id for r in rows if r.status == "present"}
    tie_rule = load_meeting_settings(session).tie_rule
    labels = {v.id: f"{v.number_label} '{v.title}'" for v in item_views(session, meeting, meeting.held_on)}
    for item in live_items(session, meeting.id):
        if item.result is None:
            continue
        try:
            check_vote(Vote(item.result, item.votes_yes, item.votes_no, item.votes_abstain, item.casting_vote),
                       item_kind=item.kind, enrolled=counts.enrolled, present=counts.present,
                       recused=present_recused(session, item, present_ids), tie_rule=tie_rule)
        except InputRefused as error:
            raise InputRefused(error_code, item=labels.get(item.id, item.title), detail=error.message("ko")) from error


def record_attendance(uow: UnitOfWork, meeting_id: str, entries: Iterable[AttendanceEntry] | Mapping[str, str],
                      today: date) -> MeetingDetail:
    """Record 출석/결석/사유결석 for members on the roster of the meeting date.

    Refused (nothing saved) when a member is not in office on that date, when the minutes
    are approved, or when the change would make a recorded result invalid.
    """
    require(uow.actor, Permission.MEETINGS_EDIT)
    if isinstance(entries, Mapping):
        entries = [AttendanceEntry(member_id, status) for member_id, status in entries.items()]
    entries = list(entries)
    errors = [FieldError("status", "invalid_choice", {"value": e.status}) for e in entries
              if e.status not in mc.ATTENDANCE]
    errors += [FieldError("note", "too_long", {"max": 200}) for e in entries if len(e.note or "") > 200]
    errors += [e for entry in entries for e in check_texts({"note": entry.note}, multiline=("note",))]
    if errors:
        raise ValidationFailed(errors)
    with uow:
        session = uow.session
        meeting = load_meeting(session, meeting_id)
        ensure_editable(session, meeting)
        ensure_held_or_today(session, meeting, today)
        on_roster = {e.id: e for e in roster_entries(session, meeting.held_on, meeting.subcommittee_id)}
        recorded = attendance_rows(session, meeting.id)
        for entry in entries:
            view = on_roster.get(entry.member_id)
            if view is None:
                _refuse_off_roster(session, meeting, entry.member_id)
            row = recorded.get(entry.member_id)
            if row is None:
                row = MeetingAttendance(meeting_id=meeting.id, member_id=entry.member_id, member_name=view.name,
                                        status=entry.status, note=nfc(entry.note))
                session.add(row)
                recorded[entry.member_id] = row
            else:
                if row.status != entry.status:
                    row.status = entry.status
                if row.note != nfc(entry.note):
                    row.note = nfc(entry.note)
        session.flush()
        revalidate_results(session, meeting)
        uow.commit()
        return meeting_detail(session, meeting, today)


def clear_attendance(uow: UnitOfWork, meeting_id: str, member_id: str, today: date) -> MeetingDetail:
    """Remove one member's recorded attendance (a tombstone)."""
    require(uow.actor, Permission.MEETINGS_EDIT)
    with uow:
        session = uow.session
        meeting = load_meeting(session, meeting_id)
        ensure_editable(session, meeting)
        row = attendance_rows(session, meeting.id).get(member_id)
        if row is not None:
            row.deleted_at = utc_now()
            session.flush()
            revalidate_results(session, meeting)
        uow.commit()
        return meeting_detail(session, meeting, today)


def _refuse_off_roster(session: Session, meeting: Meeting, member_id: str) -> None:
    from db.models import Member

    member = session.get(Member, member_id)
    if member is None or member.deleted_at is not None:
        raise NotFound("member_not_found", id=member_id)
    day = format_date(meeting.held_on)
    if meeting.subcommittee_id is not None and _member_view(member, meeting.held_on).in_office_on(meeting.held_on):
        raise InputRefused("not_subcommittee_member_on", name=member.name, date=day,
                           subcommittee=session.get(Subcommittee, meeting.subcommittee_id).name)
    raise InputRefused("not_on_meeting_roster", name=member.name, date=day)


# ---------------------------------------------------------------- 배석

def _validate_guest(data: GuestData) -> GuestData:
    data = replace(data, name=" ".join(nfc(data.name).split()), affiliation=nfc(data.affiliation),
                   position=nfc(data.position))
    errors = []
    if not data.name:
        errors.append(FieldError("name", "required"))
    elif len(data.name) > 30:
        errors.append(FieldError("name", "too_long", {"max": 30}))
    if len(data.affiliation) > 100:
        errors.append(FieldError("affiliation", "too_long", {"max": 100}))
    if len(data.position) > 50:
        errors.append(FieldError("position", "too_long", {"max": 50}))
    if data.kind not in mc.GUEST_KIND:
        errors.append(FieldError("guest_kind", "invalid_choice", {"value": data.kind}))
    seen = {e.field for e in errors}
    errors += [e for e in check_texts({"name": data.name, "affiliation": data.affiliation,
                                       "position": data.position}) if e.field not in seen]
    if errors:
        raise ValidationFailed(errors)
    return data


def add_guest(uow: UnitOfWork, meeting_id: str, data: GuestData) -> tuple[GuestView, ...]:
    require(uow.actor, Permission.MEETINGS_EDIT)
    data = _validate_guest(data)
    with uow:
        session = uow.session
        meeting = load_meeting(session, meeting_id)
        ensure_editable(session, meeting)
        seq = max((g.seq for g in guest_views(session, meeting.id)), default=0) + 1
        session.add(MeetingGuest(meeting_id=meeting.id, seq=seq, name=data.name, affiliation=data.affiliation,
                                 position=data.position, kind=data.kind))
        session.flush()
        uow.commit()
        return guest_views(session, meeting.id)


def remove_guest(uow: UnitOfWork, guest_id: str) -> tuple[GuestView, ...]:
    require(uow.actor, Permission.MEETINGS_EDIT)
    with uow:
        session = uow.session
        guest = session.get(MeetingGuest, guest_id)
        if guest is None or guest.deleted_at is not None:
            raise NotFound("guest_not_found", id=guest_id)
        meeting = load_meeting(session, guest.meeting_id)
        ensure_editable(session, meeting)
        guest.deleted_at = utc_now()
        uow.commit()
        return guest_views(session, meeting.id)
