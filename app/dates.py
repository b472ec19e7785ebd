"""Dates as Korean public documents write them, and lenient parsing of what people type."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta

_DATE_PATTERN = re.compile(r"^\s*(\d{4})\s*[-./년]\s*(\d{1,2})\s*[-./월]\s*(\d{1,2})\s*[.일]?\s*$")


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
