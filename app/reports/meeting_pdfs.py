"""Meeting printouts: 회의 소집 통지서, 회의자료(안건지) and 출석부 (A4 portrait); the
회의록 is in ``minutes_pdf`` and re-exported here, so the four are found in one place.

Owns the layout and wording of these documents. What they say comes from the Meetings
services (``app.meetings``): the roster on the meeting date, the attendance and counts,
the items. The shared reading, numbered lines and wording are in ``meeting_common``;
fonts, styles, tables, page numbers and file writing in ``pdf_common``.
"""
from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer

from app.dates import format_date
from app.meetings import codes as mc
from app.meetings.core import AttendanceRow, MeetingDetail
from app.reports.meeting_common import (
    call_text, document_info, key_value_table, line, load_for_print, logged, meeting_styles, sender_title,
    text_block, when_text,
)
from app.reports.minutes_pdf import write_minutes_pdf
from app.reports.numbering import item_label
from app.reports.pdf_common import (
    PORTRAIT, Column, Margins, build_pdf, frame_height, frame_width, markup, para, ruled_table, scale_widths, spaced, styles,
    with_end_mark,
)
from app.security.permissions import Permission, require
from db.session import UnitOfWork

# ---------------------------------------------------------------- 회의 소집 통지서

def notice_story(detail: MeetingDetail, extra: dict, council_name: str) -> list[Flowable]:
    s, t = styles(), meeting_styles()
    m = detail.meeting
    name = m.full_name(council_name)
    story: list[Flowable] = [
        para(council_name, t.doc_head),
        key_value_table([("수신", "위원 전원" if m.kind != "subcommittee" else f"{m.subcommittee_name} 위원 전원"),
                          ("제목", f"{name} 개최 알림")], key_mm=20),
        Spacer(0, 6 * mm),
        line("1. 위원님의 가정에 건강과 행복이 함께하시기를 바랍니다.", 0),
        line(f"2. 「사회보장급여의 이용·제공 및 수급권자 발굴에 관한 법률 시행규칙」 제7조에 따라 "
              f"{m.label}를 다음과 같이 개최하오니 참석하여 주시기 바랍니다.", 0),
        line(f"가. 일시: {when_text(detail)}", 1),
        line(f"나. 장소: {m.place}", 1),
        line(f"다. 소집: {call_text(detail)}", 1),
        line("라. 안건", 1),
    ]
    if detail.items:
        for number, item in enumerate(detail.items, start=1):
            story.append(line(f"{number}) [{item.kind_label}] {item.title}", 2))
    else:
        story.append(line("1) 안건은 회의 당일 배부합니다.", 2))
    contact = extra.get("secretary") or m.recorder
    if extra.get("contact"):
        story.append(line(f"마. 문의: {extra['contact']}", 1))
    else:
        story.append(line(f"마. 문의: 간사 {contact}" if contact else "마. 문의: 협의체 간사", 1))
    if m.urgent:
        story.append(line("※ 긴급한 사유로 소집 통지 기간을 지키지 못하였습니다.", 1))
    story.append(Spacer(0, 3 * mm))
    attachment = "회의자료 1부." if detail.items else ""
    if attachment:
        story.append(markup(f"붙임&nbsp;&nbsp;{escape(attachment)}&nbsp;&nbsp;끝.", s.body))
    else:
        story.append(with_end_mark("위와 같이 알려 드립니다.", s.body))
    story.append(para(sender_title(detail, council_name), t.sender))
    notice_on = m.notice_on
    story.append(para(f"통지일: {format_date(notice_on)}" if notice_on else "통지일:", s.body_right))
    return story


def write_notice_pdf(uow: UnitOfWork, meeting_id: str, out_path: Path, council_name: str) -> Path:
    """회의 소집 통지서: date, place, how it was called and the agenda, from the chair."""
    require(uow.actor, Permission.PRINT)
    detail, extra = load_for_print(uow, meeting_id)
    written = build_pdf(out_path, notice_story(detail, extra, council_name),
                        document_info(detail, council_name, "소집 통지서"))
    return logged(uow, meeting_id, "회의 소집 통지서", written)


# ---------------------------------------------------------------- 회의자료 (안건지)

ORDER_OF_BUSINESS = ("개회 선언", "성원 보고", "국민의례", "인사 말씀")


def agenda_story(detail: MeetingDetail, council_name: str) -> list[Flowable]:
    s, t = styles(), meeting_styles()
    m = detail.meeting
    story: list[Flowable] = [
        Spacer(0, 45 * mm),
        para(f"{m.year}년 제{m.number}차", t.cover_council),
        Spacer(0, 3 * mm),
        para(council_name, t.cover_council),
        para(m.kind_label, t.cover_council),
        Spacer(0, 14 * mm),
        para(spaced("회의자료", " "), t.cover_title),
        Spacer(0, 20 * mm),
        para(f"일시: {when_text(detail)}", t.cover_sub),
        para(f"장소: {m.place}", t.cover_sub),
        Spacer(0, 70 * mm),
        para(council_name, t.cover_foot),
        PageBreak(),
        para("회의 순서", s.title),
    ]
    steps = list(ORDER_OF_BUSINESS)
    kinds_present = [k for k in mc.ITEM_KIND if any(i.kind == k for i in detail.items)]
    for kind in kinds_present:
        steps.append(f"{mc.ITEM_KIND[kind][0]} 안건")
    steps += ["기타 사항", "폐회"]
    for number, step in enumerate(steps, start=1):
        story.append(line(f"{number}. {step}", 0))
        if step.endswith(" 안건"):
            kind = next(k for k in kinds_present if step.startswith(mc.ITEM_KIND[k][0]))
            for n, item in enumerate((i for i in detail.items if i.kind == kind), start=1):
                story.append(line(f"{item_label(1, n)} {item.number_label}: {item.title}", 1))
    story.append(Spacer(0, 6 * mm))
    story.append(para("안건 목록", s.heading))
    width = frame_width()
    columns = [Column(h, w, c) for (h, c), w in zip(
        (("연번", True), ("구분", True), ("안건 번호", True), ("안건명", False), ("제안자", True)),
        scale_widths([10, 20, 22, 90, 28], width))]
    rows = [[str(i), item.kind_label, item.number_label, item.title, item.proposer]
            for i, item in enumerate(detail.items, start=1)]
    story.append(ruled_table(columns, rows, blank_mark=True))
    for index, item in enumerate(detail.items):
        # The booklet's last sentence takes '끝.' after it (two spaces), as a 공문서 body does.
        last = index == len(detail.items) - 1
        story.append(PageBreak())
        story.append(para(item.number_label, s.heading))
        story.append(para(item.title, t.item_title))
        story.append(key_value_table([("구분", item.kind_label), ("제안자", item.proposer or "-"),
                                       ("회의", m.full_name(council_name))]))
        story.append(Spacer(0, 5 * mm))
        story.append(line("1. 제안 설명" if item.kind != "report" else "1. 보고 내용", 0))
        resolution = item.kind == "resolution"
        explained = text_block(item.explanation, 1, end=last and not resolution)
        story.extend(explained or [line("(내용 없음)", 1, end=last and not resolution)])
        if resolution:
            story.append(line("2. 의결 주문: 위 안건을 원안대로 의결하고자 함.", 0, end=last))
    # Without items the booklet ends with the list's "이하 빈칸", which takes no '끝.'.
    return story


def write_agenda_pdf(uow: UnitOfWork, meeting_id: str, out_path: Path, council_name: str) -> Path:
    """회의자료: cover, order of business and list of items, then one section per item."""
    require(uow.actor, Permission.PRINT)
    detail, _extra = load_for_print(uow, meeting_id)
    written = build_pdf(out_path, agenda_story(detail, council_name),
                        document_info(detail, council_name, "회의자료"), numbered_cover=False)
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


__all__ = ["write_agenda_pdf", "write_attendance_pdf", "write_minutes_pdf", "write_notice_pdf"]
