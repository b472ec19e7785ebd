"""The meeting rules as pure functions: quorum, majority of those present less recused,
ties under both settings, vote totals, notice period, who may call a meeting, times."""
from __future__ import annotations

from datetime import date

import pytest

from app.errors import InputRefused, ValidationFailed
from app.meetings import rules
from app.meetings.rules import Vote, check_vote


def check(result, yes=None, no=None, abstain=None, *, enrolled=10, present=6, recused=0, tie_rule="reject",
          casting=None, kind="resolution"):
    check_vote(Vote(result, yes, no, abstain, casting), item_kind=kind, enrolled=enrolled, present=present,
               recused=recused, tie_rule=tie_rule)


def refused(code, *args, **kwargs):
    with pytest.raises(InputRefused) as info:
        check(*args, **kwargs)
    assert info.value.code == code, info.value.code
    assert info.value.message("ko")  # a Korean sentence, never the bare code
    assert info.value.message("ko") != code
    return info.value


@pytest.mark.parametrize("enrolled, present, met", [
    (10, 5, False), (10, 6, True), (11, 5, False), (11, 6, True), (1, 1, True), (0, 0, False), (24, 12, False),
    (24, 13, True),
])
def test_quorum_is_a_majority_of_the_enrolled(enrolled, present, met):
    assert rules.has_quorum(enrolled, present) is met
    if enrolled:
        assert rules.quorum_needed(enrolled) == min(p for p in range(enrolled + 1) if rules.has_quorum(enrolled, p))


def test_passing_needs_a_majority_of_those_present():
    check("passed", 4, 2, 0)  # 4 of 6
    refused("not_majority", "passed", 3, 2, 1)  # 3 of 6 is a tie, not a majority
    refused("not_majority", "amended", 2, 1, 3)  # abstentions count among those present
    check("rejected", 2, 1, 3)


def test_a_decision_without_quorum_is_refused_but_deferral_is_allowed():
    error = refused("no_quorum", "passed", 5, 0, 0, enrolled=10, present=5)
    assert error.params == {"present": 5, "needed": 6, "enrolled": 10}
    assert "의사정족수" in error.message("ko")
    refused("no_quorum", "rejected", 0, 5, 0, enrolled=10, present=5)
    check("deferred", enrolled=10, present=5)


def test_votes_cannot_exceed_those_present_less_recused():
    error = refused("votes_exceed_present", "passed", 5, 1, 1, present=6)
    assert "7명" in error.message("ko") and "6명" in error.message("ko")
    check("passed", 4, 1, 0, present=6, recused=1)
    refused("votes_exceed_present", "passed", 5, 1, 0, present=6, recused=1)
    refused("votes_negative", "passed", 7, -1, 0, present=6)


def test_recusal_lowers_the_majority_needed():
    # 7 present, 1 recused: 6 eligible, 4 needed. 4 yes passes; without recusal 4 of 7 also
    # passes, but 3 yes + 3 no among 6 eligible is a tie.
    check("passed", 4, 2, 0, present=7, recused=1)
    refused("tie_is_rejected", "passed", 3, 3, 0, present=7, recused=1)
    # 8 present, 2 recused: 6 eligible; 4 yes passes although 4 of 8 would not.
    check("passed", 4, 2, 0, present=8, recused=2)
    refused("not_majority", "passed", 4, 2, 0, present=8, recused=0)


def test_tie_is_rejected_by_default():
    refused("tie_is_rejected", "passed", 3, 3, 0, present=6)
    check("rejected", 3, 3, 0, present=6)
    refused("casting_vote_without_tie", "rejected", 3, 3, 0, present=6, casting="no")


def test_tie_under_casting_vote_follows_the_chair():
    refused("tie_needs_casting_vote", "passed", 3, 3, 0, present=6, tie_rule="casting")
    refused("tie_needs_casting_vote", "rejected", 3, 3, 0, present=6, tie_rule="casting")
    check("passed", 3, 3, 0, present=6, tie_rule="casting", casting="yes")
    check("rejected", 3, 3, 0, present=6, tie_rule="casting", casting="no")
    refused("casting_vote_contradicts", "passed", 3, 3, 0, present=6, tie_rule="casting", casting="no")
    refused("casting_vote_contradicts", "rejected", 3, 3, 0, present=6, tie_rule="casting", casting="yes")
    # No tie: the casting vote has no place, and the ordinary majority rules.
    refused("casting_vote_without_tie", "passed", 4, 2, 0, present=6, tie_rule="casting", casting="yes")
    refused("not_majority", "passed", 2, 2, 2, present=6, tie_rule="casting")


def test_rejection_against_a_majority_is_refused():
    refused("majority_but_rejected", "rejected", 4, 2, 0, present=6)


def test_decisions_need_counts_and_only_resolutions_have_results():
    refused("votes_required", "passed")
    refused("votes_required", "rejected", 3, None, 0)
    refused("result_not_for_kind", "passed", 4, 0, 0, kind="report")
    refused("result_not_for_kind", "deferred", kind="discussion")
    with pytest.raises(ValidationFailed):
        check("approved", 4, 0, 0)
    check(None)


def test_passes_preview_agrees_with_the_rules():
    assert rules.passes(4, 6) and not rules.passes(3, 6) and not rules.passes(0, 0)
    assert rules.passes(3, 6, "casting", "yes") and not rules.passes(3, 6, "casting", "no")


def test_notice_period_warning():
    held = date(2026, 12, 1)
    assert rules.notice_warning(held, date(2026, 11, 26), False, 5) is None  # 5 days ahead
    short = rules.notice_warning(held, date(2026, 11, 27), False, 5)
    assert short.kind == "short" and short.days_given == 4 and "4일 전" in short.message("ko")
    assert rules.notice_warning(held, None, False, 5).kind == "missing"
    assert rules.notice_warning(held, date(2026, 11, 30), True, 5) is None  # urgent
    assert rules.notice_warning(held, date(2026, 11, 28), False, 3) is None  # setting


def test_a_third_of_the_members_may_call_a_meeting():
    assert rules.members_needed_to_call(10) == 4 and rules.members_needed_to_call(9) == 3
    rules.check_call("chair", None, 10)
    rules.check_call("members_request", 4, 10)
    with pytest.raises(InputRefused) as info:
        rules.check_call("members_request", 3, 10)
    assert info.value.code == "request_too_few" and "3분의 1" in info.value.message("ko")


@pytest.mark.parametrize("text, expected", [
    ("14:30", "14:30"), ("1430", "14:30"), ("9:05", "09:05"), ("14시 30분", "14:30"), ("14시", "14:00"),
    ("14.30", "14:30"), ("", None),
])
def test_times_are_read_leniently(text, expected):
    assert rules.parse_time(text) == expected


@pytest.mark.parametrize("text", ["25:00", "14:60", "오후 2시", "abc"])
def test_bad_times_are_refused(text):
    with pytest.raises(ValueError):
        rules.parse_time(text)


def test_a_tie_is_an_exact_split_without_abstentions():
    assert rules.is_tie(3, 3, 6) and not rules.is_tie(3, 2, 6) and not rules.is_tie(2, 2, 6)
    # 2 for, 2 against, 2 abstaining is no majority, and no tie for the chair to break.
    refused("not_majority", "passed", 2, 2, 2, present=6, tie_rule="casting", casting=None)
    refused("casting_vote_without_tie", "passed", 2, 2, 2, present=6, tie_rule="casting", casting="yes")
