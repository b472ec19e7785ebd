"""Follow-ups (후속조치): action items decided under an agenda item. They stay open across
meetings until done; overdue ones stand out; the next meeting's agenda can list the open
ones as a 보고 item.

The substance of a follow-up (what, who, due) belongs to the minutes and is locked with
them; its progress (status, done date, note) is tracked for as long as it takes.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.security.permissions import Permission, require
from app.dates import format_date
from app.errors import FieldError, InputRefused, NotFound, ValidationFailed
from app.meetings import codes as mc
from app.meetings.core import (
    ActionView, AgendaItemView, action_view, ensure_editable, item_view, live_items, load_item, load_meeting,
    meeting_view, nfc,
)
from app.members import _load_member
from app.text_rules import check_texts, refuse_bad_texts
from db.meeting_models import ActionItem, AgendaItem, Meeting
from db.session import UnitOfWork

FOLLOW_UP_TITLE = "지난 회의 결정사항 추진상황 보고"


@dataclass(frozen=True)
class ActionData:
    what: str
    owner: str = ""
    due_on: date | None = None
    owner_member_id: str | None = None


def _clean(data: ActionData) -> ActionData:
    data = replace(data, what=" ".join(nfc(data.what).split()), owner=nfc(data.owner))
    errors = []
    if not data.what:
        errors.append(FieldError("what", "required"))
    elif len(data.what) > 300:
        errors.append(FieldError("what", "too_long", {"max": 300}))
    if len(data.owner) > 100:
        errors.append(FieldError("owner", "too_long", {"max": 100}))
    seen = {e.field for e in errors}
    errors += [e for e in check_texts({"what": data.what, "owner": data.owner}) if e.field not in seen]
    if errors:
        raise ValidationFailed(errors)
    return data


def _load_action(session, action_id: str) -> tuple[ActionItem, Meeting]:
    action = session.get(ActionItem, action_id)
    if action is None or action.deleted_at is not None:
        raise NotFound("action_not_found", id=action_id)
    return action, load_meeting(session, action.meeting_id)


def _view(session, action: ActionItem, meeting: Meeting, today: date) -> ActionView:
    item = session.get(AgendaItem, action.item_id)
    return action_view(action, meeting, meeting_view(session, meeting).label, item.title if item else "", today)


def add_action_item(uow: UnitOfWork, item_id: str, data: ActionData, today: date) -> ActionView:
    require(uow.actor, Permission.MEETINGS_EDIT)
    data = _clean(data)
    with uow:
        session = uow.session
        item, meeting = load_item(session, item_id)
        ensure_editable(session, meeting)
        owner = data.owner
        if data.owner_member_id:
            member = _load_member(session, data.owner_member_id)
            owner = owner or member.name
        if data.due_on is not None and data.due_on < meeting.held_on:
            raise ValidationFailed([FieldError("due_on", "end_before_start")])
        action = ActionItem(item_id=item.id, meeting_id=meeting.id, what=data.what, owner=owner,
                            owner_member_id=data.owner_member_id, due_on=data.due_on, status="open",
                            progress_note="")
        session.add(action)
        session.flush()
        uow.commit()
        return _view(session, action, meeting, today)


def update_action_item(uow: UnitOfWork, action_id: str, data: ActionData, today: date) -> ActionView:
    """Change what, who or the due date (locked with approved minutes)."""
    require(uow.actor, Permission.MEETINGS_EDIT)
    data = _clean(data)
    with uow:
        session = uow.session
        action, meeting = _load_action(session, action_id)
        ensure_editable(session, meeting)
        if data.owner_member_id:
            _load_member(session, data.owner_member_id)
        for name in ("what", "owner", "due_on", "owner_member_id"):
            if getattr(action, name) != getattr(data, name):
                setattr(action, name, getattr(data, name))
        uow.commit()
        return _view(session, action, meeting, today)


def set_action_status(uow: UnitOfWork, action_id: str, status: str, today: date,
                      done_on: date | None = None, progress_note: str | None = None) -> ActionView:
    """Track progress: open, done (with its date, default today) or dropped. Allowed after approval."""
    require(uow.actor, Permission.MEETINGS_EDIT)
    if status not in mc.ACTION_STATUS:
        raise ValidationFailed([FieldError("status", "invalid_choice", {"value": status})])
    refuse_bad_texts({"progress_note": progress_note}, multiline=("progress_note",))
    with uow:
        session = uow.session
        action, meeting = _load_action(session, action_id)
        if status == "done":
            done_on = done_on or today
            if done_on > today:
                raise ValidationFailed([FieldError("done_on", "future_date")])
            if done_on < meeting.held_on:
                raise InputRefused("action_done_before_meeting", held_on=format_date(meeting.held_on))
        else:
            done_on = None
        action.status = status
        if action.done_on != done_on:
            action.done_on = done_on
        if progress_note is not None:
            action.progress_note = nfc(progress_note)[:2000]
        uow.commit()
        return _view(session, action, meeting, today)


def list_action_items(uow: UnitOfWork, today: date, status: str = "open", meeting_id: str | None = None,
                      before: date | None = None) -> list[ActionView]:
    """Follow-ups across meetings. ``status``: open, overdue, done, all. ``before``: only those
    decided at meetings held before that date. Overdue first, then by due date."""
    require(uow.actor, Permission.MEETINGS_READ)
    with uow:
        return action_views(uow.session, today, status, meeting_id, before)


def action_views(session: Session, today: date, status: str = "open", meeting_id: str | None = None,
                 before: date | None = None) -> list[ActionView]:
    """``list_action_items`` inside an open session (one query, plus one per subcommittee named)."""
    stmt = (select(ActionItem, Meeting, AgendaItem)
            .join(Meeting, Meeting.id == ActionItem.meeting_id)
            .join(AgendaItem, AgendaItem.id == ActionItem.item_id)
            .where(ActionItem.deleted_at.is_(None), Meeting.deleted_at.is_(None), AgendaItem.deleted_at.is_(None)))
    if status in ("open", "overdue"):
        stmt = stmt.where(ActionItem.status == "open")
    elif status in mc.ACTION_STATUS:
        stmt = stmt.where(ActionItem.status == status)
    if meeting_id:
        stmt = stmt.where(ActionItem.meeting_id == meeting_id)
    if before:
        stmt = stmt.where(Meeting.held_on < before)
    labels: dict[str, str] = {}
    views = []
    for action, meeting, item in session.execute(stmt).all():
        if meeting.id not in labels:
            labels[meeting.id] = meeting_view(session, meeting).label
        views.append(action_view(action, meeting, labels[meeting.id], item.title, today))
    if status == "overdue":
        views = [v for v in views if v.is_overdue]
    return sorted(views, key=lambda v: (not v.is_overdue, v.due_on or date.max, v.meeting_held_on, v.what))


def follow_up_text(actions: list[ActionView], on: date) -> str:
    """The explanation of the 보고 item: one numbered line per open follow-up."""
    lines = []
    for number, action in enumerate(actions, start=1):
        due = f", 기한 {format_date(action.due_on)}" if action.due_on else ""
        overdue = f" [기한 경과 {(on - action.due_on).days}일]" if action.due_on and action.due_on < on else ""
        owner = f" (담당: {action.owner}{due})" if action.owner else (f" ({due[2:]})" if due else "")
        progress = f" - {action.progress_note}" if action.progress_note else ""
        lines.append(f"{number}. {action.what}{owner}{overdue}{progress} ← {action.meeting_label}")
    return "\n".join(lines)


def add_follow_up_report(uow: UnitOfWork, meeting_id: str, today: date) -> AgendaItemView:
    """Add to a meeting's agenda a 보고 item listing the follow-ups still open from earlier
    meetings (placed before the first 심의·의결 item)."""
    require(uow.actor, Permission.MEETINGS_EDIT)
    with uow:
        session = uow.session
        meeting = load_meeting(session, meeting_id)
        ensure_editable(session, meeting)
        held_on = meeting.held_on
    actions = list_action_items(uow, today, status="open", before=held_on)
    if not actions:
        raise InputRefused("no_open_actions", date=format_date(held_on))
    text = follow_up_text(actions, held_on)
    with uow:
        session = uow.session
        meeting = load_meeting(session, meeting_id)
        ensure_editable(session, meeting)
        items = live_items(session, meeting.id)
        position = next((i for i, it in enumerate(items) if it.kind != "report"), len(items))
        item = AgendaItem(meeting_id=meeting.id, seq=0, kind="report", title=FOLLOW_UP_TITLE,
                          proposer=meeting.recorder or "간사", explanation=text, discussion="", result_note="")
        session.add(item)
        items.insert(position, item)
        for seq, row in enumerate(items, start=1):
            if row.seq != seq:
                row.seq = seq
        session.flush()
        uow.commit()
        return item_view(session, item, meeting, today)
