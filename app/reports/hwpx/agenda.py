"""회의자료 as 한글 (HWPX): the blocks of ``meeting_content.agenda_content`` (cover without a
page number, order of business, list of items, one section per item)."""
from __future__ import annotations

from pathlib import Path

from app.reports.hwpx.writer import build_hwpx
from app.reports.meeting_common import load_for_print, logged
from app.reports.meeting_content import agenda_content
from app.security.permissions import Permission, require
from db.session import UnitOfWork


def write_agenda_hwpx(uow: UnitOfWork, meeting_id: str, out_path: Path, council_name: str) -> Path:
    """The agenda booklet with the PDF's content and order, as a file 한글 edits."""
    require(uow.actor, Permission.PRINT)
    detail, _extra = load_for_print(uow, meeting_id)
    written = build_hwpx(out_path, agenda_content(detail, council_name))
    return logged(uow, meeting_id, "회의자료", written)


__all__ = ["write_agenda_hwpx"]
