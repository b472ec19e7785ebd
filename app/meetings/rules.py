"""The rules of a meeting as pure functions: quorum, votes, ties, notice, who may call.

규칙 제5조④-⑥ (via 제7조⑥): a meeting opens with a majority of the enrolled members
present and decides by a majority of those present. Members recused from an item
(제척·회피) neither vote nor count towards that item's majority. Nothing here touches the
database; the services feed it counts and raise what it raises.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from app.errors import FieldError, InputRefused, ValidationFailed
from app.meetings import codes as mc

_TIME = re.compile(r"^\s*(\d{1,2})\s*(?:[:.시]\s*(\d{1,2})?\s*분?)?\s*$")


def quorum_needed(enrolled: int) -> int:
    """The fewest members present for a meeting to open: a majority of the enrolled."""
    return enrolled // 2 + 1


def has_quorum(enrolled: int, present: int) -> bool:
    return enrolled > 0 and present * 2 > enrolled


def majority_needed(eligible: int) -> int:
    """Yes votes needed to pass: more than half of those present and eligible."""
    return eligible // 2 + 1


@dataclass(frozen=True)
class QuorumView:
    """Live counts of a meeting's attendance."""

    enrolled: int
    present: int
    absent: int
    excused: int
    unrecorded: int

    @property
    def needed(self) -> int:
        return quorum_needed(self.enrolled)

    @property
    def met(self) -> bool:
        return has_quorum(self.enrolled, self.present)

    @property
    def rate(self) -> float:
        """Attendance rate in percent (for activity reports)."""
        return 0.0 if self.enrolled == 0 else round(100 * self.present / self.enrolled, 1)


@dataclass(frozen=True)
class Vote:
    """What was recorded for one item."""

    result: str | None
    yes: int | None = None
    no: int | None = None
    abstain: int | None = None
    casting_vote: str | None = None


def check_vote(vote: Vote, *, item_kind: str, enrolled: int, present: int, recused: int, tie_rule: str) -> None:
    """Refuse a result that the counts do not allow. ``recused`` counts recused members
    who are present. Raises ``ValidationFailed`` for malformed input and
    ``InputRefused`` for a result the rules forbid."""
    errors: list[FieldError] = []
    if vote.result is not None and vote.result not in mc.RESULT:
        errors.append(FieldError("result", "invalid_choice", {"value": vote.result}))
    if vote.casting_vote is not None and vote.casting_vote not in mc.CASTING_VOTE:
        errors.append(FieldError("casting_vote", "invalid_choice", {"value": vote.casting_vote}))
    if errors:
        raise ValidationFailed(errors)
    counts = (vote.yes, vote.no, vote.abstain)
    if vote.result is None:
        if any(c is not None for c in counts) or vote.casting_vote is not None:
            raise InputRefused("votes_required", result="결과")
        return
    if item_kind != "resolution":
        raise InputRefused("result_not_for_kind", kind=mc.ITEM_KIND.get(item_kind, (item_kind,))[0])
    result_label = mc.RESULT[vote.result][0]
    if any(c is not None and c < 0 for c in counts):
        raise InputRefused("votes_negative")
    have_counts = all(c is not None for c in counts)
    if vote.result in mc.DECIDED_RESULTS and not have_counts:
        raise InputRefused("votes_required", result=result_label)
    if any(c is not None for c in counts) and not have_counts:
        raise InputRefused("votes_required", result=result_label)
    eligible = max(0, present - recused)
    if have_counts:
        yes, no, abstain = vote.yes or 0, vote.no or 0, vote.abstain or 0
        total = yes + no + abstain
        if total > eligible:
            raise InputRefused("votes_exceed_present", yes=yes, no=no, abstain=abstain, total=total,
                               eligible=eligible, present=present, recused=recused)
    if vote.result == "deferred":
        if vote.casting_vote is not None:
            raise InputRefused("casting_vote_without_tie")
        return
    # A decision (가결 or 부결) needs a meeting that could open.
    if not has_quorum(enrolled, present):
        raise InputRefused("no_quorum", present=present, needed=quorum_needed(enrolled), enrolled=enrolled)
    yes = vote.yes or 0
    needed = majority_needed(eligible)
    tie = is_tie(yes, vote.no or 0, eligible)
    if vote.casting_vote is not None and not tie:
        raise InputRefused("casting_vote_without_tie")
    passing = vote.result in mc.PASSING_RESULTS
    if tie:
        if tie_rule == "casting":
            if vote.casting_vote is None:
                raise InputRefused("tie_needs_casting_vote", yes=yes, eligible=eligible)
            if (vote.casting_vote == "yes") != passing:
                raise InputRefused("casting_vote_contradicts", casting=mc.CASTING_VOTE[vote.casting_vote][0],
                                   result=result_label)
            return
        if vote.casting_vote is not None:
            raise InputRefused("casting_vote_without_tie")
        if passing:
            raise InputRefused("tie_is_rejected", yes=yes, eligible=eligible)
        return
    if passing and yes < needed:
        raise InputRefused("not_majority", yes=yes, eligible=eligible, needed=needed)
    if not passing and yes >= needed:
        raise InputRefused("majority_but_rejected", yes=yes, eligible=eligible, needed=needed)


def is_tie(yes: int, no: int, eligible: int) -> bool:
    """가부동수: the eligible members split exactly in half, for and against (no abstentions).
    Any other count short of a majority is simply not a majority."""
    return eligible > 0 and yes == no and yes + no == eligible


def passes(yes: int, eligible: int, tie_rule: str = "reject", casting_vote: str | None = None,
           no: int | None = None) -> bool:
    """Whether ``yes`` votes carry an item among ``eligible`` members (for previews)."""
    if is_tie(yes, eligible - yes if no is None else no, eligible):
        return tie_rule == "casting" and casting_vote == "yes"
    return yes >= majority_needed(eligible) and eligible > 0


# ---------------------------------------------------------------- calling a meeting

def members_needed_to_call(enrolled: int) -> int:
    """At least a third of the enrolled members may ask for a meeting."""
    return -(-enrolled // 3)


def check_call(called_by: str, requested_by_count: int | None, enrolled: int) -> None:
    if called_by != "members_request":
        return
    count = requested_by_count or 0
    needed = members_needed_to_call(enrolled)
    if count < needed:
        raise InputRefused("request_too_few", count=count, enrolled=enrolled, needed=needed)


@dataclass(frozen=True)
class NoticeWarning:
    kind: str  # "missing" | "short"
    days_given: int | None
    days_needed: int
    message_ko: str
    message_en: str

    def message(self, lang: str = "ko") -> str:
        return self.message_ko if lang == "ko" else self.message_en


def notice_warning(held_on: date, notice_on: date | None, urgent: bool, notice_days: int) -> NoticeWarning | None:
    """A warning when written notice is not given ``notice_days`` days ahead (unless urgent)."""
    if urgent:
        return None
    if notice_on is None:
        return NoticeWarning("missing", None, notice_days,
                             f"소집 통지일이 없습니다. 회의 {notice_days}일 전까지 서면으로 알려야 합니다.",
                             f"No notice date: members must be told in writing {notice_days} days ahead.")
    days = (held_on - notice_on).days
    if days < notice_days:
        return NoticeWarning("short", days, notice_days,
                             f"소집 통지가 회의 {days}일 전입니다. {notice_days}일 전까지 알려야 합니다(긴급한 경우는 예외).",
                             f"Notice was given {days} days ahead; {notice_days} are required unless urgent.")
    return None


# ---------------------------------------------------------------- times

def parse_time(text: str | None) -> str | None:
    """'14:30', '1430', '14.30', '14시 30분', '14시' → '14:30'; None for blank.

    Raises ``ValueError`` for anything that is not a time of day.
    """
    raw = (text or "").strip()
    if not raw:
        return None
    if re.fullmatch(r"\d{3,4}", raw):
        raw = f"{raw[:-2]}:{raw[-2:]}"
    match = _TIME.match(raw)
    if not match:
        raise ValueError(text)
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise ValueError(text)
    return f"{hour:02d}:{minute:02d}"
