"""What the four meeting printouts share: reading a meeting for print, the numbered lines
of the item levels, the key-value table, and who presides and calls the meeting.

The documents themselves are in ``meeting_pdfs`` (통지서, 회의자료, 출석부) and
``minutes_pdf`` (회의록). Numbering follows ``numbering``: a number typed by a person is
replaced by the number of the level the line is printed at.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Table

from app.dates import format_date
from app.meetings.core import MeetingDetail, load_meeting, meeting_detail, roster_members, weekday
from app.meetings.minutes import _integrity, signers_of
from app.reports.numbering import LEVELS, renumber
from app.reports.pdf_common import (
    END_MARK, SANS, SANS_BOLD, SERIF, SERIF_BOLD, DocumentInfo, frame_width, make_style, para, styles, table_style,
)
from app.security.audit import record
from app.security.permissions import Permission, require
from app.settings import load_notice_contact
from db.session import UnitOfWork

INDENT = 4.5 * mm  # how far each level of 1. → 가. → 1) → 가) → (1) → (가) → ① starts inside the one above
_BODY_SIZE = 11
_TWO_SPACES = "&nbsp;&nbsp;"


@dataclass(frozen=True)
class MeetingStyles:
    doc_head: ParagraphStyle
    cover_council: ParagraphStyle
    cover_title: ParagraphStyle
    cover_sub: ParagraphStyle
    cover_foot: ParagraphStyle
    sender: ParagraphStyle
    label: ParagraphStyle
    item_title: ParagraphStyle


@cache
def meeting_styles() -> MeetingStyles:
    return MeetingStyles(
        doc_head=make_style("mt_head", SANS_BOLD, 15, 1.4, TA_CENTER, spaceAfter=5 * mm),
        cover_council=make_style("mt_cover_council", SANS, 15, 1.4, TA_CENTER),
        cover_title=make_style("mt_cover_title", SANS_BOLD, 26, 1.5, TA_CENTER),
        cover_sub=make_style("mt_cover_sub", SERIF, 14, 1.6, TA_CENTER),
        cover_foot=make_style("mt_cover_foot", SANS_BOLD, 18, 1.4, TA_CENTER),
        sender=make_style("mt_sender", SERIF_BOLD, 17, 1.4, TA_CENTER, spaceBefore=14 * mm, spaceAfter=6 * mm),
        label=make_style("mt_label", SANS_BOLD, 11, 1.6),
        item_title=make_style("mt_item_title", SANS_BOLD, 14, 1.5, TA_CENTER, spaceAfter=4 * mm),
    )


# ---------------------------------------------------------------- numbered lines

@cache
def _level_style(level: int, hang: float) -> ParagraphStyle:
    """Level ``level`` starting ``INDENT`` per level in; wrapped lines hang ``hang`` points
    further in, under the text after the label (the 공문서 hanging indent)."""
    level = max(0, min(level, LEVELS - 1))
    return make_style(f"mt_level{level}_{hang}", SERIF, _BODY_SIZE, 1.6, TA_LEFT,
                      leftIndent=INDENT * level + hang, firstLineIndent=-hang, spaceAfter=0.8 * mm)


def _hang(label: str) -> float:
    return round(stringWidth(f"{label} ", SERIF, _BODY_SIZE), 1) if label else 0.0


# A label at the start of a fixed line ('1. 개회', '가) 일시'), or the ※ of a note.
_LABEL = re.compile(r"^(\d{1,3}\.|[가-힣]\.|\d{1,3}\)|[가-힣]\)|\(\d{1,3}\)|\([가-힣]\)|[①-⑳]|※)\s")


def line(text: str, level: int = 0, *, end: bool = False) -> Paragraph:
    """A line at an item level (0: '1.', 1: '가.', 2: '1)' ...) whose first word is its label.
    ``end`` puts '끝.' two spaces after it: the last sentence of a document."""
    match = _LABEL.match(text)
    label = match.group(1) if match else ""
    return _paragraph(text, _level_style(level, _hang(label)), end)


def _continued(text: str, level: int, hang: float, end: bool) -> Paragraph:
    """A line that belongs to the item above it: set where that item's text starts."""
    style = _level_style(level, hang)
    plain = ParagraphStyle(f"{style.name}_cont", parent=style, firstLineIndent=0)
    return _paragraph(text, plain, end)


def _paragraph(text: str, style: ParagraphStyle, end: bool) -> Paragraph:
    body = escape(text).replace("\n", "<br/>")
    return Paragraph(f"{body}{_TWO_SPACES}{END_MARK}" if end else body, style)


def text_block(text: str, base_level: int, *, end: bool = False) -> list[Flowable]:
    """Free text typed by the secretary, one paragraph per line. A number the person typed
    (1. 가. 1) ① ...) is replaced by the numbering of the level the line sits at, the
    outermost typed numbering being ``base_level``; plain lines stay text. ``end`` closes
    the last line with '끝.'."""
    lines = renumber(text, base_level)
    flowables: list[Flowable] = []
    hang = 0.0
    for index, item in enumerate(lines):
        last = end and index == len(lines) - 1
        if item.continues:
            flowables.append(_continued(item.text, item.level, hang, last))
        else:
            hang = _hang(item.label)
            flowables.append(_paragraph(item.display, _level_style(item.level, hang), last))
    return flowables


# ---------------------------------------------------------------- reading and wording

def load_for_print(uow: UnitOfWork, meeting_id: str) -> tuple[MeetingDetail, dict]:
    """The meeting as the printouts need it, read in one unit of work."""
    require(uow.actor, Permission.PRINT)
    with uow:
        session = uow.session
        meeting = load_meeting(session, meeting_id)
        detail = meeting_detail(session, meeting, meeting.held_on)
        council = roster_members(session, meeting.held_on, None)
        extra: dict = {
            "secretary": next((v.name for v in council if v.role == "secretary"), ""),
            "confirmers": signers_of(session, meeting).confirmers,
            # The notice's 문의 line as the council set it (with a phone number), if it did.
            "contact": load_notice_contact(session),
        }
        if meeting.status == "approved":
            extra["integrity"] = _integrity(session, meeting.id)
            if meeting.approved_at_meeting_id:
                at = session.get(type(meeting), meeting.approved_at_meeting_id)
                if at is not None:
                    extra["approved_at"] = meeting_detail(session, at, at.held_on).meeting.label
    return detail, extra


def document_info(detail: MeetingDetail, council_name: str, what: str) -> DocumentInfo:
    name = detail.meeting.full_name(council_name)
    return DocumentInfo(title=f"{name} {what}", author=council_name, subject=what, keywords=(what, council_name))


def when_text(detail: MeetingDetail, with_end: bool = False) -> str:
    m = detail.meeting
    text = f"{format_date(m.held_on)}({weekday(m.held_on)}) {m.start_time}"
    if with_end and m.end_time:
        text += f" ~ {m.end_time}"
    return text


def presider(detail: MeetingDetail) -> str:
    """Who calls and chairs the meeting: a subcommittee has its 분과장, the council its 위원장."""
    return "분과장" if detail.meeting.kind == "subcommittee" else "위원장"


def sender_title(detail: MeetingDetail, council_name: str) -> str:
    if detail.meeting.kind == "subcommittee":
        return f"{council_name} {detail.meeting.subcommittee_name}장"
    return f"{council_name} 위원장"


def call_text(detail: MeetingDetail) -> str:
    m = detail.meeting
    if m.called_by == "members_request":
        return f"재적위원 {detail.quorum.enrolled}명 중 {m.requested_by_count}명의 요구에 따른 소집"
    return f"{presider(detail)} 소집"


def key_value_table(rows: list[tuple[str, str | Flowable]], key_mm: float = 28) -> Table:
    s = styles()
    width = frame_width()
    data = [[para(k, s.table_header), v if isinstance(v, Flowable) else para(v, s.table_cell)] for k, v in rows]
    table = Table(data, colWidths=[key_mm * mm, width - key_mm * mm], hAlign="CENTER")
    table.setStyle(table_style([
        ("GRID", (0, 0), (-1, -1), 0.5, "black"), ("BOX", (0, 0), (-1, -1), 1.0, "black"),
        ("BACKGROUND", (0, 0), (0, -1), "#e0e0e0"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]))
    return table


def logged(uow: UnitOfWork, meeting_id: str, document: str, written: Path) -> Path:
    """Printing is logged like any other output of council records."""
    require(uow.actor, Permission.PRINT)
    record(uow, "print", "meeting", meeting_id, {"document": document, "file": written.name})
    return written
