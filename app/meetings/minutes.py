"""Minutes (회의록): approval, the content hash of each approved version, addenda, and
the check that finds a change made behind the services' back.

Draft minutes are edited through the other services. Approval (normally at the next
meeting) locks them: from then on ``core.ensure_editable`` refuses every change and
``app.meetings.lock`` refuses any flush that tries. A correction is an addendum (who,
when, why, what), which makes a new approved version with its own hash.

Also owns who signs the minutes: the two 확인자 (by default the co-chairs in office on
the day, or the subcommittee's 분과장), each with the title that goes before the name on
the signature line. Those named at approval are part of what is approved: they are kept
in the approved version's content (so hashed with it, carried into every later version,
and sent with it by sync), not in a column of their own.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import codes
from app.security.permissions import Permission, require
from app.dates import format_date
from app.errors import FieldError, InputRefused, ValidationFailed
from app.meetings.core import (
    AddendumView, AgendaItemView, AttendanceRow, GuestView, MinutesVersionView, addendum_views, ensure_editable,
    guest_views, item_views, load_meeting, meeting_view, nfc, roster, version_views,
)
from app.text_rules import refuse_bad_texts
from db.meeting_models import ActionItem, Meeting, MinutesAddendum, MinutesVersion
from db.models import Subcommittee
from db.session import UnitOfWork

HASH_ALGORITHM = "sha256"


@dataclass(frozen=True)
class MinutesIntegrity:
    """Whether the minutes still match their latest approved version."""

    meeting_id: str
    version: int | None  # None: not approved, nothing to compare
    stored_hash: str | None
    current_hash: str
    changed_parts: tuple[str, ...]

    @property
    def intact(self) -> bool:
        return self.version is None or self.stored_hash == self.current_hash


_PART_LABELS = {"meeting": "회의 개요", "attendance": "출석", "guests": "배석", "items": "안건",
                "actions": "후속조치", "addenda": "정정 기록"}


def minutes_content(session: Session, meeting_id: str) -> dict:
    """Everything the approved minutes say, as plain data in a fixed order."""
    meeting = load_meeting(session, meeting_id)
    return content_of(session, meeting, roster(session, meeting), guest_views(session, meeting.id),
                      item_views(session, meeting, meeting.held_on), addendum_views(session, meeting.id))


def content_of(session: Session, meeting: Meeting, rows: tuple[AttendanceRow, ...], guests: tuple[GuestView, ...],
               items: tuple[AgendaItemView, ...], addenda: tuple[AddendumView, ...]) -> dict:
    """``minutes_content`` from views already read (a meeting's page reads them once for
    both the detail and the integrity check)."""
    actions = list(session.scalars(select(ActionItem).where(ActionItem.meeting_id == meeting.id,
                                                            ActionItem.deleted_at.is_(None))))
    content = {
        "meeting": {
            "id": meeting.id, "kind": meeting.kind, "subcommittee_id": meeting.subcommittee_id,
            "year": meeting.year, "number": meeting.number, "title": meeting.title,
            "held_on": meeting.held_on.isoformat(), "start_time": meeting.start_time, "end_time": meeting.end_time,
            "place": meeting.place, "called_by": meeting.called_by, "requested_by_count": meeting.requested_by_count,
            "notice_on": meeting.notice_on.isoformat() if meeting.notice_on else None, "urgent": meeting.urgent,
            "recorder": meeting.recorder, "other_business": meeting.other_business,
        },
        "attendance": sorted([r.member_id, r.name, r.status, r.note] for r in rows),
        "guests": [[g.name, g.affiliation, g.position, g.kind] for g in guests],
        "items": [{
            "id": i.id, "seq": i.seq, "kind": i.kind, "title": i.title, "proposer": i.proposer,
            "explanation": i.explanation, "discussion": i.discussion, "result": i.result,
            "result_note": i.result_note, "votes": [i.votes_yes, i.votes_no, i.votes_abstain, i.casting_vote],
            "recusals": sorted([r.member_id, r.reason] for r in i.recusals),
        } for i in items],
        # The substance of each follow-up, not its progress (which goes on after approval).
        "actions": sorted([a.id, a.item_id, a.what, a.owner, a.owner_member_id,
                           a.due_on.isoformat() if a.due_on else None] for a in actions),
        "addenda": [[a.seq, a.made_on.isoformat(), a.made_by, a.reason, a.text]
                    for a in addenda],
    }
    named = named_confirmers(session, meeting.id)
    # Only when named: minutes approved before 확인자 could be named keep their hash.
    if any(named):
        content["meeting"]["confirmers"] = list(named)
    return content


def named_confirmers(session: Session, meeting_id: str) -> tuple[str | None, str | None]:
    """The member ids of the 확인자 named when the minutes were approved, else ``(None, None)``."""
    latest = _latest_version(session, meeting_id)
    if latest is None:
        return None, None
    try:
        named = json.loads(latest.content).get("meeting", {}).get("confirmers") or []
    except (ValueError, AttributeError):
        return None, None  # a damaged version is reported by the integrity check
    first, second = (list(named) + [None, None])[:2]
    return (first if isinstance(first, str) else None), (second if isinstance(second, str) else None)


def canonical_json(content: dict) -> str:
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def content_hash(content: dict) -> str:
    return hashlib.sha256(canonical_json(content).encode("utf-8")).hexdigest()


def _latest_version(session: Session, meeting_id: str) -> MinutesVersion | None:
    return session.scalars(select(MinutesVersion).where(MinutesVersion.meeting_id == meeting_id,
                                                        MinutesVersion.deleted_at.is_(None))
                           .order_by(MinutesVersion.version.desc())).first()


def _integrity(session: Session, meeting_id: str, current: dict | None = None) -> MinutesIntegrity:
    """Compare the minutes as they are now (``current``, else read here) with the latest
    approved version."""
    if current is None:
        current = minutes_content(session, meeting_id)
    current_hash = content_hash(current)
    latest = _latest_version(session, meeting_id)
    if latest is None:
        return MinutesIntegrity(meeting_id, None, None, current_hash, ())
    if latest.content_hash == current_hash:
        return MinutesIntegrity(meeting_id, latest.version, latest.content_hash, current_hash, ())
    try:
        stored = json.loads(latest.content)
    except ValueError:
        stored = {}
    parts = tuple(key for key in _PART_LABELS if stored.get(key) != current.get(key))
    if content_hash(stored) != latest.content_hash:
        parts = parts + ("version",)
    return MinutesIntegrity(meeting_id, latest.version, latest.content_hash, current_hash, parts or ("?",))


def part_labels(parts: tuple[str, ...]) -> str:
    return ", ".join(_PART_LABELS.get(p, "승인 기록") for p in parts)


def _require(value: str, name: str, limit: int) -> str:
    text = " ".join(nfc(value).split()) if name in ("approved_by", "made_by") else nfc(value)
    if not text:
        raise ValidationFailed([FieldError(name, "required")])
    if len(text) > limit:
        raise ValidationFailed([FieldError(name, "too_long", {"max": limit})])
    refuse_bad_texts({name: text}, multiline=("reason", "text"))
    return text


def approve_minutes(uow: UnitOfWork, meeting_id: str, approved_by: str, approved_on: date, today: date,
                    at_meeting_id: str | None = None,
                    confirmers: tuple[str | None, str | None] = (None, None)) -> MinutesVersionView:
    """Approve the draft minutes (normally at the next meeting, ``at_meeting_id``) and lock them.

    ``confirmers`` are the member ids of the two 확인자 who sign them (``None``: the
    default of ``minutes_signers``); they must be on the meeting's roster and differ.
    Refused unless the meeting is marked held, every member on the roster has attendance
    recorded, and every 심의·의결 item has a result.
    """
    require(uow.actor, Permission.MEETINGS_EDIT)
    approved_by = _require(approved_by, "approved_by", 100)
    if approved_on is None:
        raise ValidationFailed([FieldError("approved_on", "required")])
    if approved_on > today:
        raise ValidationFailed([FieldError("approved_on", "future_date")])
    with uow:
        session = uow.session
        meeting = load_meeting(session, meeting_id)
        label = meeting_view(session, meeting).label
        if meeting.status == "approved":
            raise InputRefused("minutes_already_approved", label=label)
        if meeting.status != "held":
            raise InputRefused("minutes_not_held", label=label)
        if approved_on < meeting.held_on:
            raise InputRefused("approval_before_meeting", approved_on=format_date(approved_on),
                               held_on=format_date(meeting.held_on))
        if at_meeting_id is not None:
            load_meeting(session, at_meeting_id)
        missing = [r.name for r in roster(session, meeting) if r.status is None]
        if missing:
            raise InputRefused("attendance_incomplete", count=len(missing), names=", ".join(missing[:5])
                               + (" 등" if len(missing) > 5 else ""))
        for view in item_views(session, meeting, today):
            if view.kind == "resolution" and view.result is None:
                raise InputRefused("item_without_result", item=f"{view.number_label} '{view.title}'")
        named = _checked_confirmers(session, meeting, confirmers)
        content = minutes_content(session, meeting.id)
        if any(named):
            content["meeting"]["confirmers"] = list(named)
        meeting.status = "approved"
        meeting.minutes_approved_on = approved_on
        meeting.minutes_approved_by = approved_by
        meeting.approved_at_meeting_id = at_meeting_id
        row = MinutesVersion(meeting_id=meeting.id, version=1, approved_on=approved_on, approved_by=approved_by,
                             content_hash=content_hash(content), content=canonical_json(content))
        session.add(row)
        session.flush()
        uow.commit()
        return MinutesVersionView(row.id, row.meeting_id, row.version, row.approved_on, row.approved_by,
                                  row.content_hash)


def add_minutes_addendum(uow: UnitOfWork, meeting_id: str, made_by: str, made_on: date, reason: str, text: str,
                         today: date) -> MinutesVersionView:
    """Record a correction to approved minutes: who, when, why and what. The original text
    stays as approved; the addendum is printed with it and makes the next version."""
    require(uow.actor, Permission.MEETINGS_EDIT)
    made_by = _require(made_by, "made_by", 100)
    reason = _require(reason, "reason", 2000)
    text = _require(text, "text", 10000)
    if made_on is None:
        raise ValidationFailed([FieldError("made_on", "required")])
    if made_on > today:
        raise ValidationFailed([FieldError("made_on", "future_date")])
    with uow:
        session = uow.session
        meeting = load_meeting(session, meeting_id)
        label = meeting_view(session, meeting).label
        if meeting.status != "approved":
            raise InputRefused("minutes_not_approved", label=label)
        if meeting.minutes_approved_on and made_on < meeting.minutes_approved_on:
            raise ValidationFailed([FieldError("made_on", "date_too_old")])
        # A correction must not launder a change made outside the program into a new hash.
        integrity = _integrity(session, meeting.id)
        if not integrity.intact:
            raise InputRefused("minutes_tampered", label=label, version=integrity.version,
                               parts=part_labels(integrity.changed_parts))
        seq = len(addendum_views(session, meeting.id)) + 1
        session.add(MinutesAddendum(meeting_id=meeting.id, seq=seq, made_on=made_on, made_by=made_by,
                                    reason=reason, text=text))
        session.flush()
        content = minutes_content(session, meeting.id)
        row = MinutesVersion(meeting_id=meeting.id, version=integrity.version + 1, approved_on=made_on,
                             approved_by=made_by, content_hash=content_hash(content), content=canonical_json(content))
        session.add(row)
        session.flush()
        uow.commit()
        return MinutesVersionView(row.id, row.meeting_id, row.version, row.approved_on, row.approved_by,
                                  row.content_hash)


# ---------------------------------------------------------------- who signs

@dataclass(frozen=True)
class Signer:
    """A member who can sign the minutes, with the title printed before the name."""

    member_id: str
    name: str
    title: str  # '공동위원장(공공)', '분과장', '위원'


@dataclass(frozen=True)
class MinutesSigners:
    """Who may confirm the minutes (the roster, present members first) and the two
    확인자: those named at approval, else the default; ``None`` leaves a blank line."""

    candidates: tuple[Signer, ...]
    confirmers: tuple[Signer | None, Signer | None]
    named: bool  # True once chosen at approval


def _lead_id(session: Session, meeting: Meeting) -> str | None:
    if not meeting.subcommittee_id:
        return None
    sub = session.get(Subcommittee, meeting.subcommittee_id)
    return sub.lead_member_id if sub is not None else None


def _signer(row: AttendanceRow, lead_id: str | None) -> Signer:
    # In a subcommittee meeting its lead presides, whatever their role on the council.
    if lead_id is not None and row.member_id == lead_id:
        return Signer(row.member_id, row.name, "분과장")
    title = codes.label(codes.ROLE, row.role) if row.role.startswith("co_chair") else "위원"
    return Signer(row.member_id, row.name, title)


def signers_of(session: Session, meeting: Meeting) -> MinutesSigners:
    """The signature lines of ``meeting``'s minutes, for the dialog and the printout."""
    lead_id = _lead_id(session, meeting)
    rows = roster(session, meeting)
    ordered = sorted(rows, key=lambda r: r.status != "present")  # stable: roster order within each group
    candidates = tuple(_signer(r, lead_id) for r in ordered)
    by_id = {c.member_id: c for c in candidates}
    chosen = named_confirmers(session, meeting.id)
    if any(chosen):
        return MinutesSigners(candidates, (by_id.get(chosen[0] or ""), by_id.get(chosen[1] or "")), True)
    if lead_id is not None:
        default = (by_id.get(lead_id), None)
    else:
        chairs = {r.role: r.member_id for r in rows}
        default = (by_id.get(chairs.get("co_chair_public", "")), by_id.get(chairs.get("co_chair_private", "")))
    return MinutesSigners(candidates, default, False)


def _checked_confirmers(session: Session, meeting: Meeting,
                        confirmers: tuple[str | None, str | None]) -> tuple[str | None, str | None]:
    first, second = (c or None for c in confirmers)
    if first is None and second is None:
        return None, None
    names = {r.member_id: r.name for r in roster(session, meeting)}
    for field, member_id in (("confirmer1", first), ("confirmer2", second)):
        if member_id is not None and member_id not in names:
            raise ValidationFailed([FieldError(field, "confirmer_not_on_roster")])
    if first is not None and first == second:
        raise ValidationFailed([FieldError("confirmer2", "confirmers_same", {"name": names[first]})])
    return first, second


def minutes_signers(uow: UnitOfWork, meeting_id: str) -> MinutesSigners:
    """Who may confirm ``meeting_id``'s minutes and who does (see ``MinutesSigners``)."""
    require(uow.actor, Permission.MEETINGS_READ)
    with uow:
        return signers_of(uow.session, load_meeting(uow.session, meeting_id))


def verify_minutes(uow: UnitOfWork, meeting_id: str) -> MinutesIntegrity:
    """Recompute the hash of the minutes as they are now and compare with the approved one."""
    require(uow.actor, Permission.MEETINGS_READ)
    with uow:
        return _integrity(uow.session, meeting_id)


def list_minutes_versions(uow: UnitOfWork, meeting_id: str) -> tuple[MinutesVersionView, ...]:
    require(uow.actor, Permission.MEETINGS_READ)
    with uow:
        load_meeting(uow.session, meeting_id)
        return version_views(uow.session, meeting_id)


def ensure_minutes_editable(uow: UnitOfWork, meeting_id: str) -> None:
    """For callers that want to ask before offering an edit (the UI greys out controls)."""
    require(uow.actor, Permission.MEETINGS_EDIT)
    with uow:
        session = uow.session
        ensure_editable(session, load_meeting(session, meeting_id))


__all__ = [
    "MinutesIntegrity", "MinutesSigners", "Signer", "add_minutes_addendum", "approve_minutes", "canonical_json", "content_hash", "content_of",
    "ensure_minutes_editable", "list_minutes_versions", "minutes_content", "minutes_signers", "named_confirmers", "signers_of", "verify_minutes",
]
