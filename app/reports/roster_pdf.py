"""위원 명부: the printed roster of the members in office on a given date (A4 landscape).

Owns the roster's columns, the text of each cell, and the closing summary. Who is in
office, and in what order, is answered by ``app.members.members_in_office``.
"""
from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from app import codes
from app.security.audit import record
from app.security.permissions import Permission, require
from app.dates import format_date
from app.members import MemberView, TermView, members_in_office
from app.reports.pdf_common import (
    LANDSCAPE, Column, DocumentInfo, Margins, build_pdf, frame_width, para, ruled_table,
    scale_widths, styles, with_end_mark,
)
from db.session import UnitOfWork

# Landscape with 15 mm sides: the eleven columns need 267 mm to keep dates on one line.
_MARGINS = Margins(top=18 * mm, bottom=18 * mm, left=15 * mm, right=15 * mm)
OPEN_TERM_TEXT = "재직 기간"

# (header, width in mm, centred). Measured in NanumGothic 8.5 pt so that a role, a
# two-digit-month term, a phone number and "명예사회복지공무원" each stay on one line;
# only the longest 자격 labels take two. Scaled to the frame in case margins change.
_COLUMN_SPEC: tuple[tuple[str, float, bool], ...] = (
    ("연번", 9, True),
    ("직책", 25, True),
    ("성명", 14, True),
    ("성별", 9, True),
    ("소속", 36, False),
    ("직위", 28, False),
    ("구분", 12, True),
    ("자격", 37, False),
    ("임기", 44, True),
    ("연락처", 25, True),
    ("비고", 28, False),
)


def roster_columns() -> list[Column]:
    widths = scale_widths([w for _, w, _ in _COLUMN_SPEC], frame_width(LANDSCAPE, _MARGINS))
    return [Column(header, width, center) for (header, _, center), width in zip(_COLUMN_SPEC, widths)]


def term_on(view: MemberView, on_date: date) -> TermView | None:
    """The term in office on ``on_date`` (not ``current_term``: a later reappointment may exist)."""
    return next((t for t in reversed(view.terms) if t.in_office_on(on_date)), None)


def term_text(term: TermView | None) -> str:
    if term is None:
        return ""
    if term.end_on is None:
        return OPEN_TERM_TEXT
    return f"{format_date(term.start_on)} ~ {format_date(term.end_on)}"


def remarks(view: MemberView, term: TermView | None) -> str:
    parts: list[str] = []
    if view.honorary_official:
        parts.append("명예사회복지공무원")
    # Count reappointments up to this term only, so a past 기준일 prints the history of then.
    earlier = (term.number - 1) if term is not None else view.reappointments
    if earlier > 0:
        parts.append(f"재위촉 {earlier}회")
    # One item per line: a comma would wrap to the start of the next line in this narrow column.
    return "\n".join(parts)


def roster_row(index: int, view: MemberView, on_date: date) -> list[str]:
    term = term_on(view, on_date)
    return [
        str(index),
        codes.label(codes.ROLE, view.role),
        view.name,
        codes.label(codes.SEX, view.sex),
        view.affiliation,
        view.position,
        codes.label(codes.MEMBER_KIND, view.kind),
        codes.label(codes.CATEGORY, view.category),
        term_text(term),
        view.phone,
        remarks(view, term),
    ]


def summary_text(views: list[MemberView]) -> str:
    """'총 25명: 남 12명, 여 13명; 당연직 3명, 위촉직 22명'."""
    sexes = Counter(v.sex for v in views)
    kinds = Counter(v.kind for v in views)
    by_sex = ", ".join(f"{codes.label(codes.SEX, code)} {sexes.get(code, 0)}명" for code in codes.SEX)
    by_kind = ", ".join(f"{codes.label(codes.MEMBER_KIND, code)} {kinds.get(code, 0)}명" for code in codes.MEMBER_KIND)
    return f"총 {len(views)}명: {by_sex}; {by_kind}"


def roster_story(views: list[MemberView], on_date: date, council_name: str) -> list[Flowable]:
    s = styles()
    story: list[Flowable] = [
        para(f"{council_name} 위원 명부", s.title),
        para(f"기준일: {format_date(on_date)}", s.subtitle),
    ]
    if not views:
        story.append(Spacer(0, 6 * mm))
        story.append(with_end_mark(f"기준일({format_date(on_date)}) 현재 임기 중인 위원이 없습니다.", s.body))
        return story
    rows = [roster_row(i, view, on_date) for i, view in enumerate(views, start=1)]
    story.append(ruled_table(roster_columns(), rows, blank_mark=True))
    story.append(Spacer(0, 4 * mm))
    story.append(with_end_mark(summary_text(views), s.body))
    return story


def write_roster_pdf(uow: UnitOfWork, out_path: Path, on_date: date, council_name: str) -> Path:
    """Write the 위원 명부 as of ``on_date`` to ``out_path`` and return the path.

    Raises ``InputRefused("write_failed")`` if the file cannot be written.
    """
    require(uow.actor, Permission.PRINT)
    views = members_in_office(uow, on_date)
    info = DocumentInfo(title=f"{council_name} 위원 명부 ({format_date(on_date)})", author=council_name,
                        subject="위원 명부", keywords=("위원 명부", council_name))
    written = build_pdf(out_path, roster_story(views, on_date, council_name), info,
                        orientation=LANDSCAPE, margins=_MARGINS)
    record(uow, "print", "member", "", {"document": "위원 명부", "on_date": on_date, "rows": len(views),
                                        "file": written.name})
    return written
