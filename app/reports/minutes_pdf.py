"""회의록 (minutes, A4 portrait) as PDF: overview, each item with its explanation, discussion
and result, the closing, and the signatures of the 기록자 and the two 확인자; once approved,
the approval, the content hash and the addenda.

What the minutes say is in ``meeting_content.minutes_content`` (its HWPX form draws the
same blocks); the shared reading and the drawing of blocks are in ``meeting_common``.
"""
from __future__ import annotations

from pathlib import Path

from reportlab.platypus import Flowable

from app.meetings.core import MeetingDetail
from app.reports.meeting_common import content_info, load_for_print, logged, pdf_flowables
from app.reports.meeting_content import minutes_content
from app.reports.pdf_common import build_pdf
from app.security.permissions import Permission, require
from db.session import UnitOfWork


def minutes_story(detail: MeetingDetail, extra: dict, council_name: str) -> list[Flowable]:
    return pdf_flowables(minutes_content(detail, extra, council_name).blocks)


def write_minutes_pdf(uow: UnitOfWork, meeting_id: str, out_path: Path, council_name: str) -> Path:
    """회의록: overview, each item with explanation, discussion and result, closing time,
    recorder and two confirming signatures; approval, hash and addenda when approved."""
    require(uow.actor, Permission.PRINT)
    detail, extra = load_for_print(uow, meeting_id)
    content = minutes_content(detail, extra, council_name)
    written = build_pdf(out_path, pdf_flowables(content.blocks), content_info(content))
    return logged(uow, meeting_id, "회의록", written)


__all__ = ["minutes_story", "write_minutes_pdf"]
