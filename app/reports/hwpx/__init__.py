"""한글 (HWPX) forms of the meeting printouts: the 회의 소집 통지서, 회의자료 and 회의록.

Each document module reads the meeting as its PDF does (``meeting_common.load_for_print``),
builds the same neutral blocks (``meeting_content``) and draws them with ``writer``; so a
HWPX file says what its PDF says, in the same order. ``WRITERS`` names the documents that
have an HWPX form, for the CLI and the window to offer it.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from db.session import UnitOfWork

HwpxWriterFn = Callable[[UnitOfWork, str, Path, str], Path]


def writers() -> dict[str, HwpxWriterFn]:
    """Print kind → its HWPX writer (imported when asked: python-hwpx loads lxml)."""
    from app.reports.hwpx.agenda import write_agenda_hwpx
    from app.reports.hwpx.minutes import write_minutes_hwpx
    from app.reports.hwpx.notice import write_notice_hwpx

    return {"notice": write_notice_hwpx, "agenda": write_agenda_hwpx, "minutes": write_minutes_hwpx}


HWPX_KINDS = frozenset({"notice", "agenda", "minutes"})

__all__ = ["HWPX_KINDS", "writers"]
