"""위촉장: appointment certificates, one page per member, for the current or latest term.

Owns the certificate's wording and its formal one-page layout (double border, spaced
title, the issuer with the seal mark), the defaults of a certificate (dated the day the
term began; numbered on from a first number), and the refusal to print one without a
real issuer. The members and terms come from ``app.members.get_member``.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, KeepInFrame, PageBreak, Spacer, Table

from app.security.audit import record
from app.security.permissions import Permission, require
from app.dates import format_date
from app.errors import MESSAGES, InputRefused
from app.i18n import N_
from app.members import MemberView, TermView, get_member
from app.reports.pdf_common import (
    PORTRAIT, SERIF, SERIF_BOLD, DocumentInfo, Margins, build_pdf, frame_height, frame_width,
    make_style, markup, para, spaced, table_style,
)
from app.progress import CancelledFn, ProgressFn, check_cancelled, never_cancelled, no_progress
from app.settings import require_real_authority
from db.session import UnitOfWork

MESSAGES["no_members_selected"] = N_("위촉장을 인쇄할 위원을 한 명 이상 고르세요.")

LAW_NAME = "「사회보장급여의 이용·제공 및 수급권자 발굴에 관한 법률」"
LAW_ARTICLE = "제41조"

# The text sits well inside the border, as on printed certificate paper.
_MARGINS = Margins(top=32 * mm, bottom=30 * mm, left=30 * mm, right=30 * mm)
_OUTER_INSET = 12 * mm
_INNER_INSET = 14.5 * mm
# Two-letter labels spread like "성    명", as typed in 한글. Non-breaking spaces, because
# a paragraph collapses ordinary and full-width spaces into one.
_LABEL_GAP = "&nbsp;" * 4
_LABELS = {key: spaced(text, _LABEL_GAP) for key, text in
           (("name", "성명"), ("affiliation", "소속"), ("position", "직위"), ("term", "임기"))}


def _certificate_style(name: str, size: float, *, bold: bool = False, align: int = TA_LEFT,
                       leading: float = 1.5) -> ParagraphStyle:
    """Certificates are set entirely in 명조, larger than ordinary documents."""
    return make_style(name, SERIF_BOLD if bold else SERIF, size, leading, align)


def draw_double_border(canvas: Canvas, doc: BaseDocTemplate) -> None:
    """A heavy outer rule and a fine inner rule: the frame of a formal certificate."""
    width, height = doc.pagesize
    canvas.saveState()
    canvas.setLineWidth(2.2)
    canvas.rect(_OUTER_INSET, _OUTER_INSET, width - 2 * _OUTER_INSET, height - 2 * _OUTER_INSET)
    canvas.setLineWidth(0.7)
    canvas.rect(_INNER_INSET, _INNER_INSET, width - 2 * _INNER_INSET, height - 2 * _INNER_INSET)
    canvas.restoreState()


def term_text(term: TermView) -> str:
    if term.end_on is None:
        # Officials serve while in post (규칙 제7조⑤): there is no end date to print.
        return f"{format_date(term.start_on)}부터 재직 기간"
    return f"{format_date(term.start_on)} ~ {format_date(term.end_on)}"


def body_text(council_name: str, reappointed: bool) -> str:
    verb = "재위촉합니다" if reappointed else "위촉합니다"
    return f"위 사람을 {LAW_NAME} {LAW_ARTICLE}에 따라 {council_name} 위원으로 {verb}."


def issuer_text(issuer: str) -> str:
    """Short issuers ('햇살군수') are letter-spaced like a signature line; long ones are not."""
    name = issuer.strip()
    return spaced(name) if " " not in name and len(name) <= 6 else name


def _detail_rows(view: MemberView, term: TermView) -> list[tuple[str, str]]:
    rows = [(_LABELS["name"], view.name)]
    if view.affiliation:
        rows.append((_LABELS["affiliation"], view.affiliation))
    if view.position:
        rows.append((_LABELS["position"], view.position))
    rows.append((_LABELS["term"], term_text(term)))
    return rows


def _detail_table(rows: list[tuple[str, str]], width: float) -> Table:
    label_style = _certificate_style("cert_label", 15)
    value_style = _certificate_style("cert_value", 15)
    data = [[markup(label, label_style), para(":", label_style), para(value, value_style)]
            for label, value in rows]
    label_width = 30 * mm
    table = Table(data, colWidths=[label_width, 6 * mm, width - label_width - 6 * mm], hAlign="CENTER")
    table.setStyle(table_style([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5 * mm),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ], font=SERIF, size=15))
    return table


def certificate_story(view: MemberView, term: TermView, council_name: str, issuer: str,
                      issued_on: date, number: str) -> list[Flowable]:
    width = frame_width(PORTRAIT, _MARGINS)
    number_style = _certificate_style("cert_number", 12)
    title_style = _certificate_style("cert_title", 40, bold=True, align=TA_CENTER, leading=1.2)
    # Left-aligned: justifying Korean broken only at spaces leaves wide gaps in a short line.
    body_style = _certificate_style("cert_body", 16, align=TA_LEFT, leading=1.9)
    date_style = _certificate_style("cert_date", 16, align=TA_CENTER)
    issuer_style = _certificate_style("cert_issuer", 26, bold=True, align=TA_CENTER, leading=1.3)

    content: list[Flowable] = [
        # The number line keeps its height when empty, so every certificate has the same layout.
        para(f"제 {number.strip()} 호", number_style) if number.strip() else markup("&nbsp;", number_style),
        Spacer(0, 22 * mm),
        # &nbsp;, because a paragraph collapses ordinary runs of spaces into one.
        markup(spaced("위촉장", "&nbsp;&nbsp;&nbsp;"), title_style),
        Spacer(0, 26 * mm),
        _detail_table(_detail_rows(view, term), width - 20 * mm),
        Spacer(0, 22 * mm),
        para(body_text(council_name, term.number > 1), body_style),
        Spacer(0, 24 * mm),
        para(format_date(issued_on), date_style),
        Spacer(0, 20 * mm),
        markup(f'{escape(issuer_text(issuer))}&nbsp;&nbsp;<font name="{SERIF}" size="13">(직인)</font>',
               issuer_style),
    ]
    # A certificate is one sheet: a very long council name shrinks the text rather than
    # spilling onto a second page.
    return [KeepInFrame(width, frame_height(PORTRAIT, _MARGINS), content, mode="shrink")]


def numbers_from(first: str, count: int) -> list[str]:
    """Document numbers for ``count`` certificates: '2026-17' gives '2026-17', '2026-18' …
    (zero padding kept); a number without digits at its end is not numbered on, and an
    empty one stays empty."""
    first = first.strip()
    match = re.search(r"(\d+)$", first)
    if not first or match is None or count == 1:
        return [first] * count
    head, digits = first[:match.start()], match.group(1)
    return [f"{head}{int(digits) + i:0{len(digits)}d}" for i in range(count)]


def write_appointment_pdfs(uow: UnitOfWork, member_ids: Sequence[str], out_path: Path, council_name: str,
                           issuer: str, issued_on: date | None = None, number: str = "", *,
                           today: date | None = None, progress: ProgressFn = no_progress,
                           cancelled: CancelledFn = never_cancelled) -> Path:
    """Write the 위촉장 of every member in ``member_ids`` into one PDF, one page each, in
    the order given; return the path.

    ``issued_on`` ``None`` dates each certificate on the day its term began (위촉일), which
    is the date a certificate bears. ``number`` is the first document number; the next
    certificates are numbered on from it. Refused before anything is written:
    ``InputRefused("issuer_not_set")`` for an empty or placeholder issuer, ``NotFound``
    for an unknown member, ``InputRefused("no_current_term")`` for a member without any
    term; ``Cancelled`` when ``cancelled()`` turns true; ``InputRefused("write_failed")``
    if the file cannot be written.
    """
    require(uow.actor, Permission.PRINT)
    issuer = require_real_authority(issuer)
    ids = list(dict.fromkeys(member_ids))  # a member selected twice gets one certificate
    if not ids:
        raise InputRefused("no_members_selected")
    story: list[Flowable] = []
    names: list[str] = []
    for index, (member_id, doc_number) in enumerate(zip(ids, numbers_from(number, len(ids)), strict=True)):
        check_cancelled(cancelled)
        view = get_member(uow, member_id, today or issued_on or date.today())
        term = view.current_term
        if term is None:
            raise InputRefused("no_current_term", name=view.name)
        progress(index, len(ids), view.name)
        if story:
            story.append(PageBreak())
        story.extend(certificate_story(view, term, council_name, issuer, issued_on or term.start_on, doc_number))
        names.append(view.name)
    title = f"위촉장 - {names[0]}" + (f" 외 {len(names) - 1}명" if len(names) > 1 else "")
    info = DocumentInfo(title=title, author=council_name, subject="위촉장", keywords=("위촉장", council_name))
    written = build_pdf(out_path, story, info, orientation=PORTRAIT, margins=_MARGINS,
                        page_numbers=False, decorate=draw_double_border)
    for member_id in ids:
        record(uow, "print", "member", member_id, {"document": "위촉장", "file": written.name})
    progress(len(ids), len(ids), "")
    return written


def write_appointment_pdf(uow: UnitOfWork, member_id: str, out_path: Path, council_name: str,
                          issuer: str, issued_on: date | None = None, number: str = "", *,
                          today: date | None = None) -> Path:
    """Write the 위촉장 of ``member_id`` (see ``write_appointment_pdfs``); return the path."""
    return write_appointment_pdfs(uow, [member_id], out_path, council_name, issuer, issued_on, number, today=today)
