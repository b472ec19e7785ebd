"""Meeting printouts as PDF: 회의 소집 통지서, 회의자료(안건지) and 출석부 (A4 portrait); the
회의록 is in ``minutes_pdf`` and re-exported here, so the four are found in one place.

What the 통지서 and 회의자료 say is in ``meeting_content`` (their HWPX form draws the same
blocks); the 출석부's layout and wording are owned here. The shared reading, numbered
lines and the drawing of blocks are in ``meeting_common``; fonts, styles, tables, page
numbers and file writing in ``pdf_common``.
"""
from __future__ import annotations

from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from app.dates import format_date
from app.meetings import codes as mc
from app.meetings.core import AttendanceRow, MeetingDetail
from app.reports.meeting_common import (
    content_info, document_info, load_for_print, logged, pdf_flowables, when_text,
)
from app.reports.meeting_content import ORDER_OF_BUSINESS, agenda_content, notice_content
from app.reports.minutes_pdf import write_minutes_pdf
from app.reports.pdf_common import (
    PORTRAIT, Column, Margins, build_pdf, frame_height, frame_width, para, ruled_table, scale_widths, spaced, styles,
)
from app.security.permissions import Permission, require
from db.session import UnitOfWork

# ---------------------------------------------------------------- 회의 소집 통지서

def notice_story(detail: MeetingDetail, extra: dict, council_name: str) -> list[Flowable]:
    return pdf_flowables(notice_content(detail, extra, council_name).blocks)


def write_notice_pdf(uow: UnitOfWork, meeting_id: str, out_path: Path, council_name: str) -> Path:
    """회의 소집 통지서: date, place, how it was called and the agenda, from the chair."""
    require(uow.actor, Permission.PRINT)
    detail, extra = load_for_print(uow, meeting_id)
    content = notice_content(detail, extra, council_name)
    written = build_pdf(out_path, pdf_flowables(content.blocks), content_info(content))
    return logged(uow, meeting_id, "회의 소집 통지서", written)


# ---------------------------------------------------------------- 회의자료 (안건지)

def agenda_story(detail: MeetingDetail, council_name: str) -> list[Flowable]:
    return pdf_flowables(agenda_content(detail, council_name).blocks)


def write_agenda_pdf(uow: UnitOfWork, meeting_id: str, out_path: Path, council_name: str) -> Path:
    """회의자료: cover, order of business and list of items, then one section per item."""
    require(uow.actor, Permission.PRINT)
    detail, _extra = load_for_print(uow, meeting_id)
    content = agenda_content(detail, council_name)
    written = build_pdf(out_path, pdf_flowables(content.blocks), content_info(content),
                        numbered_cover=content.numbered_cover)
    return logged(uow, meeting_id, "회의자료", written)


# ---------------------------------------------------------------- 출석부

# Room to sign in each row: comfortable when the sheet has room, never less than the
# minimum; a roster up to ONE_PAGE_MEMBERS is fitted onto one page with the 배석자 table.
_SIGN_ROOM = 8 * mm
_SIGN_ROOM_MIN = 3.8 * mm  # with the cell padding, rows of about 5.7 mm
ONE_PAGE_MEMBERS = 30
# A form filled in by hand: narrower top and bottom margins leave the rows more room.
_ATTENDANCE_MARGINS = Margins(top=15 * mm, bottom=15 * mm)
_GUEST_ROWS_MIN = 3  # blank 배석자 rows for those who come without being announced


def attendance_story(detail: MeetingDetail, council_name: str) -> list[Flowable]:
    """The sheet, its rows sized so that up to ``ONE_PAGE_MEMBERS`` members and the
    배석자 fit on one A4 page; a longer roster keeps comfortable rows over two pages."""
    room = _SIGN_ROOM
    story = _attendance(detail, council_name, room)
    if len(detail.roster) > ONE_PAGE_MEMBERS:
        return story
    rows = len(detail.roster) + max(len(detail.guests) + 1, _GUEST_ROWS_MIN)
    for _attempt in range(4):  # rows with a long affiliation do not shrink: measure again
        over = _story_height(story) - frame_height(PORTRAIT, _ATTENDANCE_MARGINS)
        if over <= 0 or room <= _SIGN_ROOM_MIN:
            break
        room = max(_SIGN_ROOM_MIN, room - over / rows - 0.3)
        story = _attendance(detail, council_name, room)
    return story


def _story_height(story: list[Flowable]) -> float:
    width, height = frame_width(PORTRAIT, _ATTENDANCE_MARGINS), frame_height(PORTRAIT, _ATTENDANCE_MARGINS)
    return sum(f.wrap(width, height)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in story)


def _attendance(detail: MeetingDetail, council_name: str, room: float) -> list[Flowable]:
    s = styles()
    m = detail.meeting
    width = frame_width()
    story: list[Flowable] = [
        para(spaced("출석부", "  "), s.title),
        para(m.full_name(council_name), s.body_center),
        Spacer(0, 2 * mm),
        para(f"일시: {when_text(detail)}    장소: {m.place}", s.body),
        para(f"재적위원: {detail.quorum.enrolled}명 ({format_date(m.held_on)} 현재 임기 중인 위원)", s.body),
        Spacer(0, 1.5 * mm),
    ]
    columns = [Column(h, w, c) for (h, c), w in zip(
        (("연번", True), ("직책", True), ("성명", True), ("소속 및 직위", False), ("서명", True), ("비고", True)),
        scale_widths([10, 26, 18, 56, 36, 20], width))]
    # The empty 서명 cell holds a spacer: the room to sign sets the row's height.
    rows = [[str(i), row.role_label, row.name, _affiliation(row), Spacer(1, room), ""]
            for i, row in enumerate(detail.roster, 1)]
    story.append(ruled_table(columns, rows, blank_mark=True))
    story.append(Spacer(0, 4 * mm))
    story.append(para("배석자", s.heading))
    guest_columns = [Column(h, w, c) for (h, c), w in zip(
        (("연번", True), ("구분", True), ("성명", True), ("소속 및 직위", False), ("서명", True)),
        scale_widths([10, 22, 20, 76, 38], width))]
    guest_rows: list[list] = [[str(i), mc.GUEST_KIND[g.kind][0], g.name,
                               " ".join(p for p in (g.affiliation, g.position) if p), Spacer(1, room)]
                              for i, g in enumerate(detail.guests, 1)]
    # Blank rows, not "이하 빈칸": this table is filled in by hand on the day.
    for i in range(len(guest_rows) + 1, max(len(guest_rows) + 1, _GUEST_ROWS_MIN) + 1):
        guest_rows.append([str(i), "", "", "", Spacer(1, room)])
    story.append(ruled_table(guest_columns, guest_rows, blank_mark=False))
    return story


def _affiliation(row: AttendanceRow) -> str:
    return " ".join(p for p in (row.affiliation, row.position) if p)


def write_attendance_pdf(uow: UnitOfWork, meeting_id: str, out_path: Path, council_name: str) -> Path:
    """출석부: the members in office on the meeting date, with a column to sign."""
    require(uow.actor, Permission.PRINT)
    detail, _extra = load_for_print(uow, meeting_id)
    written = build_pdf(out_path, attendance_story(detail, council_name),
                        document_info(detail, council_name, "출석부"), margins=_ATTENDANCE_MARGINS)
    return logged(uow, meeting_id, "출석부", written)


__all__ = ["ORDER_OF_BUSINESS", "write_agenda_pdf", "write_attendance_pdf", "write_minutes_pdf", "write_notice_pdf"]
