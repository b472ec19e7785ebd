"""The guard that keeps approved minutes locked in every session, whatever code writes.

The services refuse edits to approved minutes with a clear message before touching
anything; this ``before_flush`` hook is the backstop for anything built later on the ORM
(a new service, a script): a flush that would change a meeting whose stored status is
"approved", or its attendance, 배석, items, recusals, or the substance of its follow-ups,
raises ``InputRefused("minutes_record_locked")`` and nothing is written. Approved
versions and addenda can be added but never changed. What stays open after approval:
a follow-up's progress (status, done date, note) and attachments.

A sync import that replays records from another installation sets
``session.info["allow_locked_minutes"] = True``.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from app.errors import InputRefused
from db.meeting_models import (
    ActionItem, AgendaItem, AgendaRecusal, Meeting, MeetingAttendance, MeetingGuest, MinutesAddendum,
    MinutesVersion,
)

_BOOKKEEPING = frozenset({"id", "created_at", "updated_at", "changed_by_device", "change_seq"})
_ACTION_PROGRESS = frozenset({"status", "done_on", "progress_note"})
_installed = False


def _changed_attrs(obj: object) -> set[str]:
    state = inspect(obj)
    return {attr.key for attr in state.attrs if attr.history.has_changes()}


def _stored_status(meeting: Meeting) -> str:
    """The status as committed, not as changed in this flush."""
    history = inspect(meeting).attrs.status.history
    if history.deleted:
        return history.deleted[0]
    return meeting.status


def _meeting_locked(session: Session, meeting_id: str | None) -> bool:
    if meeting_id is None:
        return False
    meeting = session.get(Meeting, meeting_id)
    return meeting is not None and _stored_status(meeting) == "approved"


def _refuse() -> None:
    raise InputRefused("minutes_record_locked")


def guard_flush(session: Session, _ctx: Any, _instances: Any) -> None:
    if session.info.get("allow_locked_minutes"):
        return
    for obj in list(session.deleted):
        if isinstance(obj, (Meeting, MeetingAttendance, MeetingGuest, AgendaItem, AgendaRecusal, ActionItem,
                            MinutesVersion, MinutesAddendum)):
            # Physical deletes are refused anyway (tombstones); a locked one gets the clearer message.
            meeting_id = obj.id if isinstance(obj, Meeting) else getattr(obj, "meeting_id", None)
            if _meeting_locked(session, meeting_id):
                _refuse()
    for obj in list(session.dirty):
        if not session.is_modified(obj, include_collections=False):
            continue
        if isinstance(obj, (MinutesVersion, MinutesAddendum)):
            if _changed_attrs(obj) - _BOOKKEEPING:
                _refuse()
        elif isinstance(obj, Meeting):
            if _stored_status(obj) == "approved" and _changed_attrs(obj) - _BOOKKEEPING:
                _refuse()
        elif isinstance(obj, (MeetingAttendance, MeetingGuest, AgendaItem)):
            if _changed_attrs(obj) - _BOOKKEEPING and _meeting_locked(session, obj.meeting_id):
                _refuse()
        elif isinstance(obj, ActionItem):
            if _changed_attrs(obj) - _BOOKKEEPING - _ACTION_PROGRESS and _meeting_locked(session, obj.meeting_id):
                _refuse()
        elif isinstance(obj, AgendaRecusal):
            item = session.get(AgendaItem, obj.item_id)
            if _changed_attrs(obj) - _BOOKKEEPING and item is not None and _meeting_locked(session, item.meeting_id):
                _refuse()
    for obj in list(session.new):
        if isinstance(obj, (MeetingAttendance, MeetingGuest, AgendaItem, ActionItem)):
            if _meeting_locked(session, obj.meeting_id):
                _refuse()
        elif isinstance(obj, AgendaRecusal):
            item = session.get(AgendaItem, obj.item_id)
            if item is not None and _meeting_locked(session, item.meeting_id):
                _refuse()


def install() -> None:
    """Listen on every ``Session`` (idempotent)."""
    global _installed
    if _installed:
        return
    event.listen(Session, "before_flush", guard_flush)
    _installed = True
