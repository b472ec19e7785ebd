"""Dates as Korean public documents write them, and lenient parsing of what people type."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta

_DATE_PATTERN = re.compile(r"^\s*(\d{4})\s*[-./년]\s*(\d{1,2})\s*[-./월]\s*(\d{1,2})\s*[.일]?\s*$")
# What people type into a date field: 2026. 12. 22. / 2026.12.22 / 2026-12-22 / 2026/12/22 /
# 2026년 12월 22일 / 20261222 / 26.12.22 / 261222.
_TYPED_PATTERN = re.compile(r"^\s*(\d{4}|\d{2})\s*[-./년\s]\s*(\d{1,2})\s*[-./월\s]\s*(\d{1,2})\s*[.일]?\s*$")


def format_date(value: date | None) -> str:
    """``2026. 11. 24.`` (행정업무규정); empty for no date."""
    if value is None:
        return ""
    return f"{value.year}. {value.month}. {value.day}."


def format_iso(value: date | None) -> str:
    return "" if value is None else value.isoformat()


def parse_date(value: object) -> date | None:
    """Read a date typed or stored in any of the usual forms; ``None`` for blank.

    Raises ``ValueError`` for anything that is not a real calendar date.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if not text:
        return None
    if re.fullmatch(r"\d{8}", text):
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    match = _DATE_PATTERN.match(text)
    if not match:
        raise ValueError(text)
    year, month, day = (int(g) for g in match.groups())
    return date(year, month, day)


def _full_year(two_digits: int, today: date) -> int:
    """26 -> 2026, 60 -> 1960: the century that puts the year at most ten years ahead."""
    year = 2000 + two_digits
    return year if year <= today.year + 10 else year - 100


def parse_typed_date(text: str, today: date | None = None) -> date:
    """A date as a person types it into a field (see ``_TYPED_PATTERN``), two-digit years
    included. Raises ``ValueError`` for anything that is not a real calendar date, so the
    field can say so instead of guessing."""
    today = today or date.today()
    compact = re.sub(r"\s+", "", text or "")
    if re.fullmatch(r"\d{8}", compact):
        return date(int(compact[:4]), int(compact[4:6]), int(compact[6:]))
    if re.fullmatch(r"\d{6}", compact):
        return date(_full_year(int(compact[:2]), today), int(compact[2:4]), int(compact[4:]))
    match = _TYPED_PATTERN.match(text or "")
    if not match:
        raise ValueError(text)
    year_text, month, day = match.group(1), int(match.group(2)), int(match.group(3))
    year = int(year_text) if len(year_text) == 4 else _full_year(int(year_text), today)
    return date(year, month, day)


def add_years(start: date, years: int) -> date:
    try:
        return start.replace(year=start.year + years)
    except ValueError:  # 29 February in a non-leap year
        return start.replace(year=start.year + years, day=28)


def term_end_for(start: date, years: int = 2) -> date:
    """A 2-year term starting 2025. 1. 1. ends 2026. 12. 31.

    민법 제160조: a period in years ends the day before the start's anniversary; when the
    final year has no such day (a term from 29 February), it ends on the last day of
    that month, so 2024. 2. 29. + 2 years ends 2026. 2. 28.
    """
    try:
        return start.replace(year=start.year + years) - timedelta(days=1)
    except ValueError:  # 29 February, no anniversary in a common year
        return date(start.year + years, 2, 28)
