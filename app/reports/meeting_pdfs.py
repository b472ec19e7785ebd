"""Meeting printouts: 회의 소집 통지서, 회의자료(안건지), 출석부 and 회의록 (A4 portrait).

Owns the layout and wording of the four documents. What they say comes from the
Meetings services (``app.meetings``): the roster on the meeting date, the attendance and
counts, the items with their results, the approval and addenda. Fonts, styles, tables,
page numbers and file writing come from ``pdf_common``.
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
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Spacer, Table

from app import codes
from app.security.audit import record
from app.security.permissions import Permission, require
from app.dates import format_date
from app.meetings import codes as mc
from app.meetings.core import (
    AgendaItemView, AttendanceRow, MeetingDetail, load_meeting, meeting_detail, roster_members, weekday,
)
from app.meetings.minutes import _integrity
from app.reports.pdf_common import (
    SANS, SANS_BOLD, SERIF, SERIF_BOLD, Column, DocumentInfo, build_pdf, frame_width, make_style, markup, para,
    ruled_table, scale_widths, spaced, styles, table_style, with_end_mark,
)
from db.models import Subcommittee
from db.session import UnitOfWork

INDENT = 4.5 * mm  # one level of 1. → 가. → 1) → 가) → (1) → (가) → ①


@dataclass(frozen=True)
class _Styles:
    level: tuple[ParagraphStyle, ...]
    doc_head: ParagraphStyle
    cover_council: ParagraphStyle
    cover_title: ParagraphStyle
    cover_sub: ParagraphStyle
    cover_foot: ParagraphStyle
    sender: ParagraphStyle
    label: ParagraphStyle
    item_title: ParagraphStyle


@cache
def _styles() -> _Styles:
    levels = tuple(make_style(f"mt_level{n}", SERIF, 11, 1.6, TA_LEFT, leftIndent=INDENT * n + INDENT,
                              firstLineIndent=-INDENT, spaceAfter=0.8 * mm) for n in range(5))
    return _Styles(
        level=levels,
        doc_head=make_style("mt_head", SANS_BOLD, 15, 1.4, TA_CENTER, spaceAfter=5 * mm),
        cover_council=make_style("mt_cover_council", SANS, 15, 1.4, TA_CENTER),
        cover_title=make_style("mt_cover_title", SANS_BOLD, 26, 1.5, TA_CENTER),
        cover_sub=make_style("mt_cover_sub", SERIF, 14, 1.6, TA_CENTER),
        cover_foot=make_style("mt_cover_foot", SANS_BOLD, 18, 1.4, TA_CENTER),
        sender=make_style("mt_sender", SERIF_BOLD, 17, 1.4, TA_CENTER, spaceBefore=14 * mm, spaceAfter=6 * mm),
        label=make_style("mt_label", SANS_BOLD, 11, 1.6),
        item_title=make_style("mt_item_title", SANS_BOLD, 14, 1.5, TA_CENTER, spaceAfter=4 * mm),
    )


def _line(text: str, level: int = 0) -> Flowable:
    """A numbered line at an item level (0: '1.', 1: '가.', 2: '1)', ...), hanging indent."""
    return para(text, _styles().level[min(level, 4)])


_NUMBERED = re.compile(r"^\s*(\d+\.|[가-하]\.|\d+\)|[가-하]\)|\(\d+\)|\([가-하]\)|[①-⑮])\s")
_LEVEL_OF = (
    (re.compile(r"^\d+\."), 0), (re.compile(r"^[가-하]\."), 1), (re.compile(r"^\d+\)"), 2),
    (re.compile(r"^[가-하]\)"), 3), (re.compile(r"^\(\d+\)"), 4), (re.compile(r"^\([가-하]\)"), 4),
    (re.compile(r"^[①-⑮]"), 4),
)


def _text_block(text: str, base_level: int) -> list[Flowable]:
    """Free text typed by the secretary, one paragraph per line; lines that start with
    their own numbering (1. 가. 1) ...) are indented to their level below ``base_level``."""
    flowables: list[Flowable] = []
    for raw in (text or "").splitlines():
        line = raw.strip()
        if not line:
            continue
        level = base_level
        match = _NUMBERED.match(line)
        if match:
            for pattern, offset in _LEVEL_OF:
                if pattern.match(match.group(1)):
                    level = base_level + offset
                    break
        flowables.append(_line(line, level))
    return flowables


def _load(uow: UnitOfWork, meeting_id: str) -> tuple[MeetingDetail, dict]:
    """The meeting as the printouts need it, read in one unit of work."""
    with uow:
        session = uow.session
        meeting = load_meeting(session, meeting_id)
        detail = meeting_detail(session, meeting, meeting.held_on)
        extra: dict = {}
        # Co-chairs (or the subcommittee lead) in office on the day sign the minutes.
        council = roster_members(session, meeting.held_on, None)
        extra["co_chairs"] = [(codes.label(codes.ROLE, v.role), v.name) for v in council
                              if v.role in ("co_chair_public", "co_chair_private")]
        extra["secretary"] = next((v.name for v in council if v.role == "secretary"), "")
        if meeting.subcommittee_id:
            sub = session.get(Subcommittee, meeting.subcommittee_id)
            lead = next((v.name for v in council if sub is not None and v.id == sub.lead_member_id), "")
            extra["co_chairs"] = [("분과장", lead), ("위원", "")]
        if meeting.status == "approved":
            extra["integrity"] = _integrity(session, meeting.id)
            if meeting.approved_at_meeting_id:
                at = session.get(type(meeting), meeting.approved_at_meeting_id)
                if at is not None:
                    extra["approved_at"] = meeting_detail(session, at, at.held_on).meeting.label
    return detail, extra


def _info(detail: MeetingDetail, council_name: str, what: str) -> DocumentInfo:
    name = detail.meeting.full_name(council_name)
    return DocumentInfo(title=f"{name} {what}", author=council_name, subject=what, keywords=(what, council_name))


def _when(detail: MeetingDetail, with_end: bool = False) -> str:
    m = detail.meeting
    text = f"{format_date(m.held_on)}({weekday(m.held_on)}) {m.start_time}"
    if with_end and m.end_time:
        text += f" ~ {m.end_time}"
    return text


def _chair_title(detail: MeetingDetail, council_name: str) -> str:
    if detail.meeting.kind == "subcommittee":
        return f"{council_name} {detail.meeting.subcommittee_name}장"
    return f"{council_name} 위원장"


def _call_text(detail: MeetingDetail) -> str:
    m = detail.meeting
    if m.called_by == "members_request":
        return f"재적위원 {detail.quorum.enrolled}명 중 {m.requested_by_count}명의 요구에 따른 소집"
    return "위원장 소집"


def _item_heading(item: AgendaItemView) -> str:
    return f"[{item.number_label}] {item.title}"


def _key_value_table(rows: list[tuple[str, str | Flowable]], key_mm: float = 28) -> Table:
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


# ---------------------------------------------------------------- 회의 소집 통지서

def notice_story(detail: MeetingDetail, extra: dict, council_name: str) -> list[Flowable]:
    s, t = styles(), _styles()
    m = detail.meeting
    name = m.full_name(council_name)
    story: list[Flowable] = [
        para(council_name, t.doc_head),
        _key_value_table([("수신", "위원 전원" if m.kind != "subcommittee" else f"{m.subcommittee_name} 위원 전원"),
                          ("제목", f"{name} 개최 알림")], key_mm=20),
        Spacer(0, 6 * mm),
        _line("1. 위원님의 가정에 건강과 행복이 함께하시기를 바랍니다.", 0),
        _line(f"2. 「사회보장급여의 이용·제공 및 수급권자 발굴에 관한 법률 시행규칙」 제7조에 따라 "
              f"{m.label}를 다음과 같이 개최하오니 참석하여 주시기 바랍니다.", 0),
        _line(f"가. 일시: {_when(detail)}", 1),
        _line(f"나. 장소: {m.place}", 1),
        _line(f"다. 소집: {_call_text(detail)}", 1),
        _line("라. 안건", 1),
    ]
    if detail.items:
        for number, item in enumerate(detail.items, start=1):
            story.append(_line(f"{number}) [{item.kind_label}] {item.title}", 2))
    else:
        story.append(_line("1) 안건은 회의 당일 배부합니다.", 2))
    contact = extra.get("secretary") or m.recorder
    story.append(_line(f"마. 문의: 간사 {contact}" if contact else "마. 문의: 협의체 간사", 1))
    if m.urgent:
        story.append(_line("※ 긴급한 사유로 소집 통지 기간을 지키지 못하였습니다.", 1))
    story.append(Spacer(0, 3 * mm))
    attachment = "회의자료 1부." if detail.items else ""
    if attachment:
        story.append(markup(f"붙임&nbsp;&nbsp;{escape(attachment)}&nbsp;&nbsp;끝.", s.body))
    else:
        story.append(with_end_mark("위와 같이 알려 드립니다.", s.body))
    story.append(para(_chair_title(detail, council_name), t.sender))
    notice_on = m.notice_on
    story.append(para(f"통지일: {format_date(notice_on)}" if notice_on else "통지일:", s.body_right))
    return story


def write_notice_pdf(uow: UnitOfWork, meeting_id: str, out_path: Path, council_name: str) -> Path:
    """회의 소집 통지서: date, place, how it was called and the agenda, from the chair."""
    require(uow.actor, Permission.PRINT)
    detail, extra = _load(uow, meeting_id)
    written = build_pdf(out_path, notice_story(detail, extra, council_name),
                        _info(detail, council_name, "소집 통지서"))
    return _logged(uow, meeting_id, "회의 소집 통지서", written)


# ---------------------------------------------------------------- 회의자료 (안건지)

ORDER_OF_BUSINESS = ("개회 선언", "성원 보고", "국민의례", "인사 말씀")


def agenda_story(detail: MeetingDetail, council_name: str) -> list[Flowable]:
    s, t = styles(), _styles()
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
        para(f"일시: {_when(detail)}", t.cover_sub),
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
        story.append(_line(f"{number}. {step}", 0))
        if step.endswith(" 안건"):
            kind = next(k for k in kinds_present if step.startswith(mc.ITEM_KIND[k][0]))
            for item in (i for i in detail.items if i.kind == kind):
                story.append(_line(f"{_letter(item.number)}. {item.number_label}: {item.title}", 1))
    story.append(Spacer(0, 6 * mm))
    story.append(para("안건 목록", s.heading))
    width = frame_width()
    columns = [Column(h, w, c) for (h, c), w in zip(
        (("연번", True), ("구분", True), ("안건 번호", True), ("안건명", False), ("제안자", True)),
        scale_widths([10, 20, 22, 90, 28], width))]
    rows = [[str(i), item.kind_label, item.number_label, item.title, item.proposer]
            for i, item in enumerate(detail.items, start=1)]
    story.append(ruled_table(columns, rows, blank_mark=True))
    for item in detail.items:
        story.append(PageBreak())
        story.append(para(item.number_label, s.heading))
        story.append(para(item.title, t.item_title))
        story.append(_key_value_table([("구분", item.kind_label), ("제안자", item.proposer or "-"),
                                       ("회의", m.full_name(council_name))]))
        story.append(Spacer(0, 5 * mm))
        story.append(_line("1. 제안 설명" if item.kind != "report" else "1. 보고 내용", 0))
        story.extend(_text_block(item.explanation, 1) or [_line("(내용 없음)", 1)])
        if item.kind == "resolution":
            story.append(_line("2. 의결 주문: 위 안건을 원안대로 의결하고자 함.", 0))
    story.append(Spacer(0, 4 * mm))
    story.append(markup("&nbsp;끝.", s.body))
    return story


def _letter(number: int) -> str:
    letters = "가나다라마바사아자차카타파하"
    return letters[(number - 1) % len(letters)]


def write_agenda_pdf(uow: UnitOfWork, meeting_id: str, out_path: Path, council_name: str) -> Path:
    """회의자료: cover, order of business and list of items, then one section per item."""
    require(uow.actor, Permission.PRINT)
    detail, _extra = _load(uow, meeting_id)
    written = build_pdf(out_path, agenda_story(detail, council_name),
                        _info(detail, council_name, "회의자료"), numbered_cover=False)
    return _logged(uow, meeting_id, "회의자료", written)


# ---------------------------------------------------------------- 출석부

def attendance_story(detail: MeetingDetail, council_name: str) -> list[Flowable]:
    s = styles()
    m = detail.meeting
    width = frame_width()
    story: list[Flowable] = [
        para(spaced("출석부", "  "), s.title),
        para(m.full_name(council_name), styles().body_center),
        Spacer(0, 3 * mm),
        para(f"일시: {_when(detail)}    장소: {m.place}", s.body),
        para(f"재적위원: {detail.quorum.enrolled}명 ({format_date(m.held_on)} 현재 임기 중인 위원)", s.body),
        Spacer(0, 2 * mm),
    ]
    columns = [Column(h, w, c) for (h, c), w in zip(
        (("연번", True), ("직책", True), ("성명", True), ("소속 및 직위", False), ("서명", True), ("비고", True)),
        scale_widths([10, 26, 18, 56, 36, 20], width))]
    # The empty 서명 cell holds a spacer: room to sign, about 10 mm a row.
    rows = [[str(i), row.role_label, row.name, _affiliation(row), _sign_space(), ""]
            for i, row in enumerate(detail.roster, 1)]
    story.append(ruled_table(columns, rows, blank_mark=True))
    if detail.guests:
        story.append(Spacer(0, 6 * mm))
        story.append(para("배석자", s.heading))
        guest_columns = [Column(h, w, c) for (h, c), w in zip(
            (("연번", True), ("구분", True), ("성명", True), ("소속 및 직위", False), ("서명", True)),
            scale_widths([10, 22, 20, 76, 38], width))]
        guest_rows = [[str(i), mc.GUEST_KIND[g.kind][0], g.name,
                       " ".join(p for p in (g.affiliation, g.position) if p), _sign_space()]
                      for i, g in enumerate(detail.guests, 1)]
        story.append(ruled_table(guest_columns, guest_rows, blank_mark=True))
    return story


def _sign_space() -> Flowable:
    return Spacer(1, 7.5 * mm)


def _affiliation(row: AttendanceRow) -> str:
    return " ".join(p for p in (row.affiliation, row.position) if p)


def write_attendance_pdf(uow: UnitOfWork, meeting_id: str, out_path: Path, council_name: str) -> Path:
    """출석부: the members in office on the meeting date, with a column to sign."""
    require(uow.actor, Permission.PRINT)
    detail, _extra = _load(uow, meeting_id)
    written = build_pdf(out_path, attendance_story(detail, council_name),
                        _info(detail, council_name, "출석부"))
    return _logged(uow, meeting_id, "출석부", written)


# ---------------------------------------------------------------- 회의록

def _names(rows: tuple[AttendanceRow, ...], with_role: bool = True) -> str:
    parts = []
    for row in rows:
        if with_role and row.role != "member":
            parts.append(f"{row.name}({row.role_label})")
        else:
            parts.append(row.name)
    return ", ".join(parts) or "없음"


def _result_line(item: AgendaItemView) -> str:
    if not item.result:
        return "결과: 기록 없음" if item.kind == "resolution" else ""
    text = f"결과: {item.result_label}"
    if item.votes_text:
        text += f" ({item.votes_text})"
    return text


def minutes_story(detail: MeetingDetail, extra: dict, council_name: str) -> list[Flowable]:
    s = styles()
    m = detail.meeting
    q = detail.quorum
    subtitle = m.full_name(council_name)
    story: list[Flowable] = [para(spaced("회의록", "  "), s.title), para(subtitle, s.body_center)]
    if m.status != "approved":
        story.append(para("(초안 · 승인 전)", s.body_center))
    story.append(Spacer(0, 3 * mm))
    absent = detail.rows_with("absent") + detail.rows_with("excused")
    absent_text = ", ".join(f"{r.name}{'(사유)' if r.status == 'excused' else ''}" for r in absent) or "없음"
    guests = ", ".join(f"{g.name}({' '.join(p for p in (g.affiliation, g.position) if p) or mc.GUEST_KIND[g.kind][0]})"
                       for g in detail.guests) or "없음"
    quorum_text = (f"재적 {q.enrolled}명, 출석 {q.present}명, 결석 {q.absent}명, 사유결석 {q.excused}명"
                   f" — 의사정족수 {q.needed}명 {'충족' if q.met else '미달'}")
    notice = f", 통지 {format_date(m.notice_on)}" if m.notice_on else ""
    story.append(_key_value_table([
        ("회의명", subtitle),
        ("일시", _when(detail, with_end=True)),
        ("장소", m.place),
        ("소집", f"{_call_text(detail)}{notice}{' (긴급)' if m.urgent else ''}"),
        ("재적·출석", quorum_text),
        ("출석위원", _names(detail.rows_with("present"))),
        ("결석위원", absent_text),
        ("배석", guests),
        ("기록자", f"간사 {m.recorder}" if m.recorder else "간사"),
    ]))
    story.append(Spacer(0, 4 * mm))
    story.append(para("회의 내용", s.heading))
    opening = (f"의사정족수(재적 {q.enrolled}명의 과반수 {q.needed}명) 이상인 {q.present}명이 출석하여 위원장이 개회를 선언함."
               if q.met else f"출석위원 {q.present}명으로 의사정족수({q.needed}명)에 이르지 못함.")
    story.append(_line(f"1. 개회({m.start_time}): {opening}", 0))
    story.append(_line("2. 안건 처리", 0))
    letters = "가나다라마바사아자차카타파하"
    if not detail.items:
        story.append(_line("가. 처리한 안건 없음.", 1))
    for index, item in enumerate(detail.items):
        block: list[Flowable] = [_line(f"{letters[index % 14]}. {_item_heading(item)}"
                                       + (f" (제안: {item.proposer})" if item.proposer else ""), 1)]
        sub = 1
        if item.explanation:
            block.append(_line(f"{sub}) {'보고' if item.kind == 'report' else '제안 설명'}", 2))
            block.extend(_text_block(item.explanation, 3))
            sub += 1
        if item.discussion:
            block.append(_line(f"{sub}) 토의 내용", 2))
            block.extend(_text_block(item.discussion, 3))
            sub += 1
        if item.recusals:
            names = ", ".join(f"{r.name}({r.reason})" if r.reason else r.name for r in item.recusals)
            block.append(_line(f"{sub}) 제척·회피: {names}", 2))
            sub += 1
        result = _result_line(item)
        if result:
            block.append(_line(f"{sub}) {result}", 2))
            if item.result_note:
                block.extend(_text_block(item.result_note, 3))
            sub += 1
        if item.actions:
            block.append(_line(f"{sub}) 후속조치", 2))
            for number, action in enumerate(item.actions, start=1):
                due = f", 기한 {format_date(action.due_on)}" if action.due_on else ""
                owner = f"담당 {action.owner}" if action.owner else ""
                detail_text = ", ".join(p for p in (owner, due[2:]) if p)
                block.append(_line(f"{'가나다라마바사아자차카타파하'[(number - 1) % 14]}) {action.what}"
                                   + (f" ({detail_text})" if detail_text else ""), 3))
        story.append(KeepTogether(block[:3]) if len(block) > 3 else KeepTogether(block))
        story.extend(block[3:])
    story.append(_line("3. 기타 사항", 0))
    story.extend(_text_block(m.other_business, 1) or [_line("없음.", 1)])
    story.append(_line(f"4. 폐회({m.end_time or '  :  '}): 위원장이 폐회를 선언함.  끝.", 0))
    story.append(CondPageBreak(70 * mm))
    story.append(Spacer(0, 8 * mm))
    story.append(para("위 회의 내용이 사실과 다름없음을 확인합니다.", s.body_center))
    story.append(Spacer(0, 4 * mm))
    story.append(para(format_date(m.held_on), s.body_center))
    story.append(Spacer(0, 6 * mm))
    recorder = m.recorder or extra.get("secretary", "")
    signers = [("기록자", "간사", recorder)]
    signers += [("확인자", title, name) for title, name in (extra.get("co_chairs") or [])[:2]]
    while len(signers) < 3:
        signers.append(("확인자", "위원", ""))
    story.append(_signature_table(signers))
    if m.status == "approved":
        story.extend(_approval_block(detail, extra))
    return story


def _signature_table(signers: list[tuple[str, str, str]]) -> Table:
    """기록자 and the two 확인자, right of centre, each with room for a signature or seal."""
    cell = make_style("mt_sign_cell", SERIF, 11.5, 1.4)
    data = [[para(who, cell), para(title, cell), para(name or " ", cell), para("(서명)", cell)]
            for who, title, name in signers]
    table = Table(data, colWidths=[20 * mm, 38 * mm, 30 * mm, 18 * mm], rowHeights=[11 * mm] * len(data),
                  hAlign="RIGHT")
    table.setStyle(table_style([("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                ("LINEBELOW", (2, 0), (2, -1), 0.4, "black")], font=SERIF, size=11.5))
    return table


def _approval_block(detail: MeetingDetail, extra: dict) -> list[Flowable]:
    s = styles()
    m = detail.meeting
    story: list[Flowable] = [Spacer(0, 8 * mm), para("회의록 승인 및 정정 기록", s.heading)]
    where = f" ({extra['approved_at']}에서 승인)" if extra.get("approved_at") else ""
    first = detail.versions[0] if detail.versions else None
    rows: list[tuple[str, str]] = [("승인", f"{format_date(m.minutes_approved_on)} {m.minutes_approved_by}{where}")]
    if first is not None:
        rows.append(("확인값(제1판)", f"SHA-256 {first.content_hash}"))
    story.append(_key_value_table(rows, key_mm=30))
    if detail.addenda:
        story.append(Spacer(0, 3 * mm))
        width = frame_width()
        columns = [Column(h, w, c) for (h, c), w in zip(
            (("연번", True), ("정정일", True), ("정정자", True), ("사유", False), ("정정 내용", False)),
            scale_widths([9, 22, 18, 45, 76], width))]
        rows2 = [[str(a.seq), format_date(a.made_on), a.made_by, a.reason, a.text] for a in detail.addenda]
        story.append(ruled_table(columns, rows2, blank_mark=True))
        latest = detail.versions[-1]
        story.append(para(f"확인값(제{latest.version}판, 정정 반영): SHA-256 {latest.content_hash}", s.note))
    integrity = extra.get("integrity")
    if integrity is not None and not integrity.intact:
        story.append(Spacer(0, 2 * mm))
        story.append(para("※ 주의: 현재 기록이 승인된 회의록과 다릅니다(확인값 불일치). 승인본은 백업에서 확인하세요.",
                          make_style("mt_warn", SANS_BOLD, 10, 1.4)))
    return story


def write_minutes_pdf(uow: UnitOfWork, meeting_id: str, out_path: Path, council_name: str) -> Path:
    """회의록: overview, each item with explanation, discussion and result, closing time,
    recorder and two confirming signatures; approval, hash and addenda when approved."""
    require(uow.actor, Permission.PRINT)
    detail, extra = _load(uow, meeting_id)
    written = build_pdf(out_path, minutes_story(detail, extra, council_name),
                        _info(detail, council_name, "회의록"))
    return _logged(uow, meeting_id, "회의록", written)


def _logged(uow: UnitOfWork, meeting_id: str, document: str, written: Path) -> Path:
    """Printing is logged like any other output of council records."""
    record(uow, "print", "meeting", meeting_id, {"document": document, "file": written.name})
    return written


__all__ = ["write_agenda_pdf", "write_attendance_pdf", "write_minutes_pdf", "write_notice_pdf"]
