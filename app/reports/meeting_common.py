"""What the four meeting printouts share: reading a meeting for print, the numbered lines
of the item levels, the key-value table, who presides and calls the meeting, and drawing
the neutral blocks of ``meeting_content`` as PDF flowables.

What the 통지서, 회의자료 and 회의록 say is in ``meeting_content`` (shared with their HWPX
form); ``meeting_pdfs`` and ``minutes_pdf`` write the PDFs, and the 출석부 is laid out in
``meeting_pdfs``. Numbering follows ``numbering``: a number typed by a person is replaced
by the number of the level the line is printed at.
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
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph, Spacer, Table

from app.dates import format_date
from app.meetings.core import MeetingDetail, load_meeting, meeting_detail, roster_members, weekday
from app.meetings.minutes import _integrity, signers_of
from app.reports import document_model as dm
from app.reports.numbering import LEVELS, renumber
from app.reports.pdf_common import (
    END_MARK, SANS, SANS_BOLD, SERIF, SERIF_BOLD, Column, DocumentInfo, frame_width, make_style, para, ruled_table,
    scale_widths, styles, table_style,
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
    warning: ParagraphStyle
    sign_cell: ParagraphStyle


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
        warning=make_style("mt_warn", SANS_BOLD, 10, 1.4),
        sign_cell=make_style("mt_sign_cell", SERIF, 11.5, 1.4),
    )


def paragraph_style(role: str) -> ParagraphStyle:
    """The style of a paragraph role of ``document_model`` ("body", "heading", "cover_title" ...):
    the meeting printouts' own styles first, then the shared ones. The HWPX writer reads
    the same style, so both formats agree on font, size, weight and alignment."""
    found = getattr(meeting_styles(), role, None) or getattr(styles(), role, None)
    if not isinstance(found, ParagraphStyle):
        raise KeyError(role)
    return found


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


def line_style(text: str, level: int) -> ParagraphStyle:
    """The style of a line at ``level`` whose first word is its label: wrapped lines hang
    under the text after the label."""
    match = _LABEL.match(text)
    return _level_style(level, _hang(match.group(1) if match else ""))


def line(text: str, level: int = 0, *, end: bool = False) -> Paragraph:
    """A line at an item level (0: '1.', 1: '가.', 2: '1)' ...) whose first word is its label.
    ``end`` puts '끝.' two spaces after it: the last sentence of a document."""
    return _paragraph(text, line_style(text, level), end)


def _paragraph(text: str, style: ParagraphStyle, end: bool) -> Paragraph:
    body = escape(text).replace("\n", "<br/>")
    return Paragraph(f"{body}{_TWO_SPACES}{END_MARK}" if end else body, style)


def typed_lines(text: str, base_level: int, *, end: bool = False) -> list[tuple[str, ParagraphStyle, bool]]:
    """Free text typed by the secretary as (text, style, ends with '끝.') lines, one per
    typed line. A number the person typed (1. 가. 1) ① ...) is replaced by the numbering of
    the level the line sits at, the outermost typed numbering being ``base_level``; plain
    lines stay text, set where the item above them starts its text. Both formats use it."""
    lines = renumber(text, base_level)
    out: list[tuple[str, ParagraphStyle, bool]] = []
    hang = 0.0
    for index, item in enumerate(lines):
        last = end and index == len(lines) - 1
        if item.continues:
            style = _level_style(item.level, hang)
            out.append((item.text, ParagraphStyle(f"{style.name}_cont", parent=style, firstLineIndent=0), last))
        else:
            hang = _hang(item.label)
            out.append((item.display, _level_style(item.level, hang), last))
    return out


def text_block(text: str, base_level: int, *, end: bool = False) -> list[Flowable]:
    """``typed_lines`` as PDF paragraphs; ``end`` closes the last line with '끝.'."""
    return [_paragraph(body, style, last) for body, style, last in typed_lines(text, base_level, end=end)]


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


def signature_table(signers: tuple[tuple[str, str, str], ...]) -> Table:
    """기록자 and the two 확인자, right of centre, each with room for a signature or seal."""
    cell = meeting_styles().sign_cell
    data = [[para(who, cell), para(title, cell), para(name or " ", cell), para("(서명)", cell)]
            for who, title, name in signers]
    table = Table(data, colWidths=[20 * mm, 38 * mm, 30 * mm, 18 * mm], rowHeights=[11 * mm] * len(data),
                  hAlign="RIGHT")
    table.setStyle(table_style([("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                ("LINEBELOW", (2, 0), (2, -1), 0.4, "black")], font=SERIF, size=11.5))
    return table


# ---------------------------------------------------------------- neutral blocks as PDF

def pdf_flowables(blocks: tuple[dm.Block, ...] | list[dm.Block]) -> list[Flowable]:
    """The blocks of ``meeting_content`` drawn with this module's and ``pdf_common``'s helpers."""
    out: list[Flowable] = []
    for block in blocks:
        out.extend(_flowables(block))
    return out


def _flowables(block: dm.Block) -> list[Flowable]:
    if isinstance(block, dm.Para):
        # A no-break space as reportlab's own entity, which it sets as a fragment of its own.
        body = escape(block.text).replace("\n", "<br/>").replace("\u00a0", "&nbsp;")
        return [Paragraph(f"{body}{_TWO_SPACES}{END_MARK}" if block.end else body, paragraph_style(block.style))]
    if isinstance(block, dm.Line):
        return [line(block.text, block.level, end=block.end)]
    if isinstance(block, dm.Typed):
        return text_block(block.text, block.base_level, end=block.end)
    if isinstance(block, dm.KeyValue):
        return [key_value_table(list(block.rows), key_mm=block.key_mm)]
    if isinstance(block, dm.Grid):
        widths = scale_widths([c.weight for c in block.columns], frame_width())
        columns = [Column(c.header, w, c.center) for c, w in zip(block.columns, widths)]
        return [ruled_table(columns, block.rows, blank_mark=block.blank_mark)]
    if isinstance(block, dm.Signatures):
        return [signature_table(block.rows)]
    if isinstance(block, dm.Space):
        return [Spacer(0, block.mm * mm)]
    if isinstance(block, dm.PageBreak):
        return [PageBreak()]
    if isinstance(block, dm.Keep):
        inner = pdf_flowables(block.blocks)
        if block.head is None:
            return [KeepTogether(inner)]
        return [KeepTogether(inner[:block.head]), *inner[block.head:]]
    raise TypeError(block)


def content_info(document: dm.Document) -> DocumentInfo:
    return DocumentInfo(title=document.title, author=document.author, subject=document.subject,
                        keywords=document.keywords)


def logged(uow: UnitOfWork, meeting_id: str, document: str, written: Path) -> Path:
    """Printing is logged like any other output of council records."""
    require(uow.actor, Permission.PRINT)
    record(uow, "print", "meeting", meeting_id, {"document": document, "file": written.name})
    return written
