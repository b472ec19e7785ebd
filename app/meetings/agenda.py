"""Agenda items (안건): 보고, 심의·의결 and 토의, their order, discussion, recusals
(제척·회피) and results with vote counts.

A result is checked against the quorum and the vote rules (``app.meetings.rules``) with
the attendance as recorded: an invalid resolution cannot be recorded.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import select

from app.security.permissions import Permission, require
from app.errors import FieldError, InputRefused, ValidationFailed
from app.meetings import codes as mc
from app.meetings.core import (
    AgendaItemView, ensure_editable, ensure_held_or_today, item_view, item_views, live_items, live_recusals,
    load_item, load_meeting, nfc, present_recused, quorum_of, renumber, roster,
)
from app.meetings.meetings import _refuse_off_roster
from app.meetings.rules import Vote, check_vote
from app.meetings.settings import load_meeting_settings
from app.members import _load_member
from app.text_rules import check_texts, refuse_bad_texts
from db.base import utc_now
from db.meeting_models import ActionItem, AgendaItem, AgendaRecusal
from db.session import UnitOfWork

TEXT_MAX = {"title": 200, "proposer": 100, "explanation": 20000, "discussion": 20000, "result_note": 5000}


@dataclass(frozen=True)
class ItemData:
    kind: str  # report | resolution | discussion
    title: str
    proposer: str = ""
    explanation: str = ""


@dataclass(frozen=True)
class ResultData:
    result: str | None  # passed | amended | rejected | deferred | None (clear)
    yes: int | None = None
    no: int | None = None
    abstain: int | None = None
    casting_vote: str | None = None  # yes | no: the chair's decision on a tie
    note: str = ""  # e.g. what was amended (수정 내용)


def _clean_item(data: ItemData) -> ItemData:
    data = replace(data, title=" ".join(nfc(data.title).split()), proposer=nfc(data.proposer),
                   explanation=nfc(data.explanation))
    errors = []
    if data.kind not in mc.ITEM_KIND:
        errors.append(FieldError("item_kind", "required" if not data.kind else "invalid_choice", {"value": data.kind}))
    if not data.title:
        errors.append(FieldError("title", "required"))
    for name in ("title", "proposer", "explanation"):
        if len(getattr(data, name)) > TEXT_MAX[name]:
            errors.append(FieldError(name, "too_long", {"max": TEXT_MAX[name]}))
    seen = {e.field for e in errors}
    errors += [e for e in check_texts({"title": data.title, "proposer": data.proposer,
                                       "explanation": data.explanation}, multiline=("explanation",))
               if e.field not in seen]
    if errors:
        raise ValidationFailed(errors)
    return data


def add_agenda_item(uow: UnitOfWork, meeting_id: str, data: ItemData, today: date,
                    position: int | None = None) -> AgendaItemView:
    """Add an item at the end (or at ``position``, 1-based) of the order of business."""
    require(uow.actor, Permission.MEETINGS_EDIT)
    data = _clean_item(data)
    with uow:
        session = uow.session
        meeting = load_meeting(session, meeting_id)
        ensure_editable(session, meeting)
        items = live_items(session, meeting.id)
        item = AgendaItem(meeting_id=meeting.id, seq=len(items) + 1, kind=data.kind, title=data.title,
                          proposer=data.proposer, explanation=data.explanation, discussion="", result_note="")
        session.add(item)
        if position is not None:
            items.insert(max(0, min(position - 1, len(items))), item)
            renumber(items)
        session.flush()
        uow.commit()
        return item_view(session, item, meeting, today)


def update_agenda_item(uow: UnitOfWork, item_id: str, data: ItemData, today: date) -> AgendaItemView:
    require(uow.actor, Permission.MEETINGS_EDIT)
    data = _clean_item(data)
    with uow:
        session = uow.session
        item, meeting = load_item(session, item_id)
        ensure_editable(session, meeting)
        if data.kind != item.kind and item.result is not None and data.kind != "resolution":
            raise InputRefused("kind_has_result", kind=mc.ITEM_KIND[data.kind][0])
        for name in ("kind", "title", "proposer", "explanation"):
            if getattr(item, name) != getattr(data, name):
                setattr(item, name, getattr(data, name))
        uow.commit()
        return item_view(session, item, meeting, today)


def record_discussion(uow: UnitOfWork, item_id: str, discussion: str, today: date) -> AgendaItemView:
    """The gist of what was said (토의 내용), for the minutes."""
    require(uow.actor, Permission.MEETINGS_EDIT)
    text = nfc(discussion)
    if len(text) > TEXT_MAX["discussion"]:
        raise ValidationFailed([FieldError("discussion", "too_long", {"max": TEXT_MAX["discussion"]})])
    refuse_bad_texts({"discussion": text}, multiline=("discussion",))
    with uow:
        session = uow.session
        item, meeting = load_item(session, item_id)
        ensure_editable(session, meeting)
        if item.discussion != text:
            item.discussion = text
        uow.commit()
        return item_view(session, item, meeting, today)


def move_agenda_item(uow: UnitOfWork, item_id: str, position: int, today: date) -> tuple[AgendaItemView, ...]:
    """Put an item at ``position`` (1-based) in the order of business."""
    require(uow.actor, Permission.MEETINGS_EDIT)
    with uow:
        session = uow.session
        item, meeting = load_item(session, item_id)
        ensure_editable(session, meeting)
        items = [i for i in live_items(session, meeting.id) if i.id != item.id]
        items.insert(max(0, min(position - 1, len(items))), item)
        renumber(items)
        uow.commit()
        return item_views(session, meeting, today)


def delete_agenda_item(uow: UnitOfWork, item_id: str, today: date) -> tuple[AgendaItemView, ...]:
    """Remove an item (a tombstone, with its recusals and follow-ups); the rest renumber."""
    require(uow.actor, Permission.MEETINGS_EDIT)
    with uow:
        session = uow.session
        item, meeting = load_item(session, item_id)
        ensure_editable(session, meeting)
        now = utc_now()
        item.deleted_at = now
        for recusal in live_recusals(session, item.id):
            recusal.deleted_at = now
        for action in session.scalars(select(ActionItem).where(ActionItem.item_id == item.id,
                                                                ActionItem.deleted_at.is_(None))):
            action.deleted_at = now
        renumber([i for i in live_items(session, meeting.id) if i.id != item.id])
        uow.commit()
        return item_views(session, meeting, today)


def _check_item_vote(session, item: AgendaItem, meeting, vote: Vote) -> None:
    rows = roster(session, meeting)
    counts = quorum_of(rows)
    present_ids = {r.member_id for r in rows if r.status == "present"}
    check_vote(vote, item_kind=item.kind, enrolled=counts.enrolled, present=counts.present,
               recused=present_recused(session, item, present_ids),
               tie_rule=load_meeting_settings(session).tie_rule)


def record_result(uow: UnitOfWork, item_id: str, data: ResultData, today: date) -> AgendaItemView:
    """Record (or clear, with ``result=None``) an item's result and vote counts.

    Refused unless the meeting had quorum and, for 원안가결/수정가결, the yes votes are a
    majority of the members present less those recused; votes never exceed that number.
    A tie follows the council's setting (rejected, or the chair's casting vote).
    """
    require(uow.actor, Permission.MEETINGS_EDIT)
    note = nfc(data.note)
    if len(note) > TEXT_MAX["result_note"]:
        raise ValidationFailed([FieldError("result_note", "too_long", {"max": TEXT_MAX["result_note"]})])
    refuse_bad_texts({"result_note": note}, multiline=("result_note",))
    vote = Vote(data.result, data.yes, data.no, data.abstain, data.casting_vote)
    with uow:
        session = uow.session
        item, meeting = load_item(session, item_id)
        ensure_editable(session, meeting)
        if data.result is not None:
            ensure_held_or_today(session, meeting, today)
        _check_item_vote(session, item, meeting, vote)
        values = {"result": data.result, "votes_yes": data.yes, "votes_no": data.no,
                  "votes_abstain": data.abstain, "casting_vote": data.casting_vote,
                  "result_note": note if data.result is not None else ""}
        for name, value in values.items():
            if getattr(item, name) != value:
                setattr(item, name, value)
        uow.commit()
        return item_view(session, item, meeting, today)


def set_recusals(uow: UnitOfWork, item_id: str, recusals: Iterable[tuple[str, str]], today: date) -> AgendaItemView:
    """Set who is recused from an item (제척·회피) as (member id, reason) pairs.

    Recused members must be on the meeting's roster; a recorded result must still hold.
    """
    require(uow.actor, Permission.MEETINGS_EDIT)
    wanted = {member_id: nfc(reason)[:200] for member_id, reason in recusals}
    with uow:
        session = uow.session
        item, meeting = load_item(session, item_id)
        ensure_editable(session, meeting)
        on_roster = {r.member_id for r in roster(session, meeting)}
        for member_id in wanted:
            _load_member(session, member_id)
            if member_id not in on_roster:
                _refuse_off_roster(session, meeting, member_id)
        existing = {r.member_id: r for r in live_recusals(session, item.id)}
        now = utc_now()
        for member_id, row in existing.items():
            if member_id not in wanted:
                row.deleted_at = now
            elif row.reason != wanted[member_id]:
                row.reason = wanted[member_id]
        for member_id, reason in wanted.items():
            if member_id not in existing:
                session.add(AgendaRecusal(item_id=item.id, member_id=member_id, reason=reason))
        session.flush()
        if item.result is not None:
            try:
                _check_item_vote(session, item, meeting, Vote(item.result, item.votes_yes, item.votes_no,
                                                              item.votes_abstain, item.casting_vote))
            except InputRefused as error:
                raise InputRefused("attendance_breaks_result", item=f"'{item.title}'",
                                   detail=error.message("ko")) from error
        uow.commit()
        return item_view(session, item, meeting, today)
