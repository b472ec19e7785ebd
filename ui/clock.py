"""The UI's notion of "today", injectable so tests and demos can fix the date.

Every tab and dialog asks ``clock.today()`` instead of ``date.today()``; tests call
``clock.set_today(date(2026, 11, 24))`` and the whole window agrees on that day.
"""
from __future__ import annotations

from datetime import date

_fixed: date | None = None


def today() -> date:
    return _fixed if _fixed is not None else date.today()


def set_today(day: date | None) -> None:
    """Fix today's date (``None`` goes back to the real calendar)."""
    global _fixed
    _fixed = day
