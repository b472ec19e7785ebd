"""Due days of a case, as the practice sets them (domain.md "Case work"): 욕구·위기도 조사
about 10 days after 접수, 대상자 구분 about 5 days after the 조사, the 서비스 제공계획
about 15 days after the 구분 and never more than 30 days after 접수; then checks on their
next-check date. A step not reached by its due day is overdue.

Pure functions: the list of "my cases" and the tab compute these per row in Python, which
for a council's few thousand cases is far under the 100 ms the issue allows.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

ASSESS_DAYS = 10
CLASSIFY_DAYS = 5
PLAN_DAYS = 15
PLAN_LIMIT_DAYS = 30  # from 접수, whatever the steps before took


class StepDates(Protocol):
    received_on: date | None
    assessed_on: date | None
    classified_on: date | None
    planned_on: date | None
    closed_on: date | None
    next_check_on: date | None


@dataclass(frozen=True)
class DueStep:
    """The next step a case waits for and its due day."""

    step: str          # app.cases.codes.STEP code: assessed | classified | planned | check
    due_on: date

    def overdue(self, today: date) -> bool:
        return today > self.due_on

    def days_left(self, today: date) -> int:
        return (self.due_on - today).days


def next_due(case: StepDates) -> DueStep | None:
    """The step the case waits for, or None (not yet 접수, closed, or nothing scheduled).
    Works on ORM rows and frozen views alike."""
    if case.closed_on is not None or case.received_on is None:
        return None
    received = case.received_on
    if case.assessed_on is None:
        return DueStep("assessed", received + timedelta(days=ASSESS_DAYS))
    if case.classified_on is None:
        return DueStep("classified", case.assessed_on + timedelta(days=CLASSIFY_DAYS))
    if case.planned_on is None:
        due = min(case.classified_on + timedelta(days=PLAN_DAYS), received + timedelta(days=PLAN_LIMIT_DAYS))
        return DueStep("planned", due)
    if case.next_check_on is not None:
        return DueStep("check", case.next_check_on)
    return None
