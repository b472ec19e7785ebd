"""회의 소집 통지서 as 한글 (HWPX): the blocks of ``meeting_content.notice_content``."""
from __future__ import annotations

from pathlib import Path

from app.reports.hwpx.writer import build_hwpx
from app.reports.meeting_common import load_for_print, logged
from app.reports.meeting_content import notice_content
from app.security.permissions import Permission, require
from db.session import UnitOfWork


def write_notice_hwpx(uow: UnitOfWork, meeting_id: str, out_path: Path, council_name: str) -> Path:
    """The notice with the PDF's content and order, as a file 한글 edits."""
    require(uow.actor, Permission.PRINT)
    detail, extra = load_for_print(uow, meeting_id)
    written = build_hwpx(out_path, notice_content(detail, extra, council_name))
    return logged(uow, meeting_id, "회의 소집 통지서", written)


__all__ = ["write_notice_hwpx"]
