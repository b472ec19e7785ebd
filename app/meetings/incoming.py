"""The meeting area's rules on records arriving in sync packages (``validate_incoming``,
registered for each meeting table in ``app.areas``): the codes, lengths and text guards
that the meeting services check as people type, applied to stored records.

The limits and code lists are the services' own (``TEXT_MAX`` of ``meetings`` and
``agenda``, ``app.meetings.codes``); what needs other records (quorum, votes against the
roster, numbering) is not judged here: the receiving side's conflicts handle disagreement.
"""
from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from app.errors import FieldError
from app.meetings import codes as mc
from app.meetings.agenda import TEXT_MAX as ITEM_MAX
from app.meetings.attachments import DESCRIPTION_MAX, FILENAME_MAX
from app.meetings.meetings import TEXT_MAX as MEETING_MAX
from app.meetings.rules import parse_time
from app.text_rules import check_record_texts, choice_error, length_errors


@dataclass(frozen=True)
class _Rules:
    single: tuple[str, ...] = ()
    multiline: tuple[str, ...] = ()
    limits: Mapping[str, int] = field(default_factory=dict)
    choices: Mapping[str, Collection[object]] = field(default_factory=dict)
    optional: frozenset[str] = frozenset()  # codes that may be empty (no result yet)
    times: tuple[str, ...] = ()


_RULES: dict[str, _Rules] = {
    "meeting": _Rules(single=("title", "place", "recorder", "minutes_approved_by"),
                      multiline=("note", "other_business"),
                      limits={k: MEETING_MAX[k] for k in ("title", "place", "recorder", "note", "other_business")},
                      choices={"kind": mc.MEETING_KIND, "called_by": mc.CALLED_BY, "status": mc.MEETING_STATUS},
                      times=("start_time", "end_time")),
    "meeting_attendance": _Rules(single=("member_name",), multiline=("note",), limits={"note": 200},
                                 choices={"status": mc.ATTENDANCE}),
    "meeting_guest": _Rules(single=("name", "affiliation", "position"),
                            limits={"name": 30, "affiliation": 100, "position": 50}, choices={"kind": mc.GUEST_KIND}),
    "agenda_item": _Rules(single=("title", "proposer"), multiline=("explanation", "discussion", "result_note"),
                          limits=ITEM_MAX, choices={"kind": mc.ITEM_KIND, "result": mc.RESULT,
                                                    "casting_vote": mc.CASTING_VOTE},
                          optional=frozenset({"result", "casting_vote"})),
    "agenda_recusal": _Rules(single=("reason",)),
    "action_item": _Rules(single=("what", "owner"), multiline=("progress_note",), limits={"what": 300, "owner": 100},
                          choices={"status": mc.ACTION_STATUS}),
    "minutes_version": _Rules(single=("approved_by",)),
    "minutes_addendum": _Rules(single=("made_by",), multiline=("reason", "text")),
    "meeting_attachment": _Rules(single=("filename",), multiline=("description",),
                                 limits={"filename": FILENAME_MAX, "description": DESCRIPTION_MAX}),
}


def validate_incoming(table: str, data: Mapping[str, Any]) -> list[FieldError]:
    """Problems of one record of a meeting table as it arrives; only fields it carries."""
    rules = _RULES[table]
    errors = length_errors(data, rules.limits)
    for name, choices in rules.choices.items():
        if name in data:
            problem = choice_error(name, data[name], choices, optional=name in rules.optional)
            errors += [problem] if problem else []
    for name in rules.times:
        value = data.get(name)
        if value:
            try:
                parse_time(value)
            except ValueError:
                errors.append(FieldError(name, "invalid_time", {"value": str(value)[:10]}))
    seen = {e.field for e in errors}
    return errors + [e for e in check_record_texts(data, rules.single, rules.multiline) if e.field not in seen]
