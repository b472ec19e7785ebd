"""회의록 (minutes, A4 portrait): overview, each item with its explanation, discussion and
result, the closing, and the signatures of the 기록자 and the two 확인자; once approved,
the approval, the content hash and the addenda.

Owns the minutes' layout and wording. Who signs comes from ``app.meetings.minutes``
(``signers_of``); the shared reading and numbered lines from ``meeting_common``.
"""
from __future__ import annotations

from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from app.dates import format_date
from app.meetings import codes as mc
from app.meetings.core import AgendaItemView, AttendanceRow, MeetingDetail
from app.meetings.minutes import Signer
from app.reports.meeting_common import (
    call_text, document_info, key_value_table, line, load_for_print, logged, presider, text_block, when_text,
)
from app.reports.numbering import item_label
from app.reports.pdf_common import (
    SANS_BOLD, SERIF, Column, build_pdf, frame_width, make_style, para, ruled_table, scale_widths, spaced, styles,
    table_style,
)
from app.security.permissions import Permission, require
from db.session import UnitOfWork


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


def _item_block(index: int, item: AgendaItemView) -> list[Flowable]:
    """One item under '2. 안건 처리': its heading (가.) and its parts (1), 2) ...), with what
    the secretary typed renumbered below each part (가), 나) ...)."""
    heading = f"{item_label(1, index + 1)} [{item.number_label}] {item.title}"
    block: list[Flowable] = [line(heading + (f" (제안: {item.proposer})" if item.proposer else ""), 1)]
    parts: list[tuple[str, list[Flowable]]] = []
    if item.explanation:
        parts.append(("보고" if item.kind == "report" else "제안 설명", text_block(item.explanation, 3)))
    if item.discussion:
        parts.append(("토의 내용", text_block(item.discussion, 3)))
    if item.recusals:
        names = ", ".join(f"{r.name}({r.reason})" if r.reason else r.name for r in item.recusals)
        parts.append((f"제척·회피: {names}", []))
    result = _result_line(item)
    if result:
        parts.append((result, text_block(item.result_note, 3) if item.result_note else []))
    if item.actions:
        actions = []
        for number, action in enumerate(item.actions, start=1):
            due = f"기한 {format_date(action.due_on)}" if action.due_on else ""
            owner = f"담당 {action.owner}" if action.owner else ""
            detail_text = ", ".join(p for p in (owner, due) if p)
            actions.append(line(f"{item_label(3, number)} {action.what}"
                                + (f" ({detail_text})" if detail_text else ""), 3))
        parts.append(("후속조치", actions))
    for number, (title, below) in enumerate(parts, start=1):
        block.append(line(f"{item_label(2, number)} {title}", 2))
        block.extend(below)
    return block


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
    story.append(key_value_table([
        ("회의명", subtitle),
        ("일시", when_text(detail, with_end=True)),
        ("장소", m.place),
        ("소집", f"{call_text(detail)}{notice}{' (긴급)' if m.urgent else ''}"),
        ("재적·출석", quorum_text),
        ("출석위원", _names(detail.rows_with("present"))),
        ("결석위원", absent_text),
        ("배석", guests),
        ("기록자", f"간사 {m.recorder}" if m.recorder else "간사"),
    ]))
    story.append(Spacer(0, 4 * mm))
    story.append(para("회의 내용", s.heading))
    chair = presider(detail)
    opening = (f"의사정족수(재적 {q.enrolled}명의 과반수 {q.needed}명) 이상인 {q.present}명이 출석하여 "
               f"{chair}이 개회를 선언함." if q.met else f"출석위원 {q.present}명으로 의사정족수({q.needed}명)에 이르지 못함.")
    story.append(line(f"1. 개회({m.start_time}): {opening}", 0))
    story.append(line("2. 안건 처리", 0))
    if not detail.items:
        story.append(line("가. 처리한 안건 없음.", 1))
    for index, item in enumerate(detail.items):
        block = _item_block(index, item)
        # An item's heading never ends a page without the first lines under it.
        story.append(KeepTogether(block[:3]))
        story.extend(block[3:])
    story.append(line("3. 기타 사항", 0))
    story.extend(text_block(m.other_business, 1) or [line("없음.", 1)])
    closing = line(f"4. 폐회({m.end_time or '  :  '}): {chair}이 폐회를 선언함.", 0, end=True)
    # The signatures confirm what is above them: they never stand alone on a page.
    story.append(KeepTogether([closing, *_signature_block(detail, extra)]))
    if m.status == "approved":
        story.extend(_approval_block(detail, extra))
    return story


def _signature_block(detail: MeetingDetail, extra: dict) -> list[Flowable]:
    s = styles()
    m = detail.meeting
    recorder = m.recorder or extra.get("secretary", "")
    signers = [("기록자", "간사", recorder)]
    confirmers: tuple[Signer | None, ...] = tuple(extra.get("confirmers") or (None, None))
    for signer in (confirmers + (None, None))[:2]:
        signers.append(("확인자", signer.title, signer.name) if signer else ("확인자", "위원", ""))
    return [
        Spacer(0, 8 * mm),
        para("위 회의 내용이 사실과 다름없음을 확인합니다.", s.body_center),
        Spacer(0, 4 * mm),
        para(format_date(m.held_on), s.body_center),
        Spacer(0, 6 * mm),
        _signature_table(signers),
    ]


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
    story.append(key_value_table(rows, key_mm=30))
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
    detail, extra = load_for_print(uow, meeting_id)
    written = build_pdf(out_path, minutes_story(detail, extra, council_name),
                        document_info(detail, council_name, "회의록"))
    return logged(uow, meeting_id, "회의록", written)


__all__ = ["minutes_story", "write_minutes_pdf"]
