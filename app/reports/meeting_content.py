"""What the 회의 소집 통지서, 회의자료 and 회의록 say, in order, as neutral blocks
(``document_model``), built once from the meeting read for print.

Owns the wording and order of these three documents. ``meeting_pdfs`` / ``minutes_pdf``
draw the blocks as PDF and ``app.reports.hwpx`` as 한글 (HWPX): both formats show the same
content in the same order because they draw the same list. The reading of the meeting
and the shared phrases (who calls and chairs it, when) are in ``meeting_common``.
"""
from __future__ import annotations

from app.dates import format_date
from app.meetings import codes as mc
from app.meetings.core import AgendaItemView, AttendanceRow, MeetingDetail
from app.meetings.minutes import Signer
from app.reports.document_model import (
    Block, Document, Grid, GridColumn, Keep, KeyValue, Line, PageBreak, Para, Signatures, Space, Typed, has_lines,
)
from app.reports.meeting_common import call_text, presider, sender_title, when_text
from app.reports.numbering import item_label
from app.reports.pdf_common import spaced

NBSP2 = "\u00a0\u00a0"  # two spaces that a PDF paragraph keeps (행정업무규정: '붙임  ...  끝.')


def _document(detail: MeetingDetail, council_name: str, what: str, blocks: list[Block], **extra: bool) -> Document:
    name = detail.meeting.full_name(council_name)
    return Document(title=f"{name} {what}", subject=what, author=council_name, blocks=tuple(blocks),
                    keywords=(what, council_name), **extra)


# ---------------------------------------------------------------- 회의 소집 통지서

def notice_content(detail: MeetingDetail, extra: dict, council_name: str) -> Document:
    m = detail.meeting
    name = m.full_name(council_name)
    blocks: list[Block] = [
        Para(council_name, "doc_head"),
        KeyValue((("수신", "위원 전원" if m.kind != "subcommittee" else f"{m.subcommittee_name} 위원 전원"),
                  ("제목", f"{name} 개최 알림")), key_mm=20),
        Space(6),
        Line("1. 위원님의 가정에 건강과 행복이 함께하시기를 바랍니다.", 0),
        Line(f"2. 「사회보장급여의 이용·제공 및 수급권자 발굴에 관한 법률 시행규칙」 제7조에 따라 "
             f"{m.label}를 다음과 같이 개최하오니 참석하여 주시기 바랍니다.", 0),
        Line(f"가. 일시: {when_text(detail)}", 1),
        Line(f"나. 장소: {m.place}", 1),
        Line(f"다. 소집: {call_text(detail)}", 1),
        Line("라. 안건", 1),
    ]
    if detail.items:
        for number, item in enumerate(detail.items, start=1):
            blocks.append(Line(f"{number}) [{item.kind_label}] {item.title}", 2))
    else:
        blocks.append(Line("1) 안건은 회의 당일 배부합니다.", 2))
    contact = extra.get("secretary") or m.recorder
    if extra.get("contact"):
        # The 문의 line as the council set it (with a phone number).
        blocks.append(Line(f"마. 문의: {extra['contact']}", 1))
    else:
        blocks.append(Line(f"마. 문의: 간사 {contact}" if contact else "마. 문의: 협의체 간사", 1))
    if m.urgent:
        blocks.append(Line("※ 긴급한 사유로 소집 통지 기간을 지키지 못하였습니다.", 1))
    blocks.append(Space(3))
    if detail.items:
        blocks.append(Para(f"붙임{NBSP2}회의자료 1부.", "body", end=True))
    else:
        blocks.append(Para("위와 같이 알려 드립니다.", "body", end=True))
    blocks.append(Para(sender_title(detail, council_name), "sender"))
    notice_on = m.notice_on
    blocks.append(Para(f"통지일: {format_date(notice_on)}" if notice_on else "통지일:", "body_right"))
    return _document(detail, council_name, "소집 통지서", blocks)


# ---------------------------------------------------------------- 회의자료 (안건지)

ORDER_OF_BUSINESS = ("개회 선언", "성원 보고", "국민의례", "인사 말씀")


def agenda_content(detail: MeetingDetail, council_name: str) -> Document:
    m = detail.meeting
    blocks: list[Block] = [
        Space(45),
        Para(f"{m.year}년 제{m.number}차", "cover_council"),
        Space(3),
        Para(council_name, "cover_council"),
        Para(m.kind_label, "cover_council"),
        Space(14),
        Para(spaced("회의자료", " "), "cover_title"),
        Space(20),
        Para(f"일시: {when_text(detail)}", "cover_sub"),
        Para(f"장소: {m.place}", "cover_sub"),
        Space(70),
        Para(council_name, "cover_foot"),
        PageBreak(),
        Para("회의 순서", "title"),
    ]
    steps = list(ORDER_OF_BUSINESS)
    kinds_present = [k for k in mc.ITEM_KIND if any(i.kind == k for i in detail.items)]
    for kind in kinds_present:
        steps.append(f"{mc.ITEM_KIND[kind][0]} 안건")
    steps += ["기타 사항", "폐회"]
    for number, step in enumerate(steps, start=1):
        blocks.append(Line(f"{number}. {step}", 0))
        if step.endswith(" 안건"):
            kind = next(k for k in kinds_present if step.startswith(mc.ITEM_KIND[k][0]))
            for n, item in enumerate((i for i in detail.items if i.kind == kind), start=1):
                blocks.append(Line(f"{item_label(1, n)} {item.number_label}: {item.title}", 1))
    blocks.append(Space(6))
    blocks.append(Para("안건 목록", "heading"))
    columns = tuple(GridColumn(h, w, c) for (h, c), w in zip(
        (("연번", True), ("구분", True), ("안건 번호", True), ("안건명", False), ("제안자", True)),
        (10, 20, 22, 90, 28)))
    rows = tuple((str(i), item.kind_label, item.number_label, item.title, item.proposer)
                 for i, item in enumerate(detail.items, start=1))
    blocks.append(Grid(columns, rows, blank_mark=True))
    for index, item in enumerate(detail.items):
        # The booklet's last sentence takes '끝.' after it (two spaces), as a 공문서 body does.
        last = index == len(detail.items) - 1
        resolution = item.kind == "resolution"
        blocks += [
            PageBreak(),
            Para(item.number_label, "heading"),
            Para(item.title, "item_title"),
            KeyValue((("구분", item.kind_label), ("제안자", item.proposer or "-"), ("회의", m.full_name(council_name)))),
            Space(5),
            Line("1. 제안 설명" if item.kind != "report" else "1. 보고 내용", 0),
        ]
        end_here = last and not resolution
        blocks.append(Typed(item.explanation, 1, end=end_here) if has_lines(item.explanation)
                      else Line("(내용 없음)", 1, end=end_here))
        if resolution:
            blocks.append(Line("2. 의결 주문: 위 안건을 원안대로 의결하고자 함.", 0, end=last))
    # Without items the booklet ends with the list's "이하 빈칸", which takes no '끝.'.
    return _document(detail, council_name, "회의자료", blocks, numbered_cover=False)


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


def _item_blocks(index: int, item: AgendaItemView) -> list[Block]:
    """One item under '2. 안건 처리': its heading (가.) and its parts (1), 2) ...), with what
    the secretary typed renumbered below each part (가), 나) ...)."""
    heading = f"{item_label(1, index + 1)} [{item.number_label}] {item.title}"
    blocks: list[Block] = [Line(heading + (f" (제안: {item.proposer})" if item.proposer else ""), 1)]
    parts: list[tuple[str, list[Block]]] = []
    if item.explanation:
        parts.append(("보고" if item.kind == "report" else "제안 설명", [Typed(item.explanation, 3)]))
    if item.discussion:
        parts.append(("토의 내용", [Typed(item.discussion, 3)]))
    if item.recusals:
        names = ", ".join(f"{r.name}({r.reason})" if r.reason else r.name for r in item.recusals)
        parts.append((f"제척·회피: {names}", []))
    result = _result_line(item)
    if result:
        parts.append((result, [Typed(item.result_note, 3)] if item.result_note else []))
    if item.actions:
        actions: list[Block] = []
        for number, action in enumerate(item.actions, start=1):
            due = f"기한 {format_date(action.due_on)}" if action.due_on else ""
            owner = f"담당 {action.owner}" if action.owner else ""
            detail_text = ", ".join(p for p in (owner, due) if p)
            actions.append(Line(f"{item_label(3, number)} {action.what}"
                                + (f" ({detail_text})" if detail_text else ""), 3))
        parts.append(("후속조치", actions))
    for number, (title, below) in enumerate(parts, start=1):
        blocks.append(Line(f"{item_label(2, number)} {title}", 2))
        blocks.extend(below)
    return blocks


def minutes_content(detail: MeetingDetail, extra: dict, council_name: str) -> Document:
    m = detail.meeting
    q = detail.quorum
    subtitle = m.full_name(council_name)
    blocks: list[Block] = [Para(spaced("회의록", "  "), "title"), Para(subtitle, "body_center")]
    if m.status != "approved":
        blocks.append(Para("(초안 · 승인 전)", "body_center"))
    blocks.append(Space(3))
    absent = detail.rows_with("absent") + detail.rows_with("excused")
    absent_text = ", ".join(f"{r.name}{'(사유)' if r.status == 'excused' else ''}" for r in absent) or "없음"
    guests = ", ".join(f"{g.name}({' '.join(p for p in (g.affiliation, g.position) if p) or mc.GUEST_KIND[g.kind][0]})"
                       for g in detail.guests) or "없음"
    quorum_text = (f"재적 {q.enrolled}명, 출석 {q.present}명, 결석 {q.absent}명, 사유결석 {q.excused}명"
                   f" — 의사정족수 {q.needed}명 {'충족' if q.met else '미달'}")
    notice = f", 통지 {format_date(m.notice_on)}" if m.notice_on else ""
    blocks.append(KeyValue((
        ("회의명", subtitle),
        ("일시", when_text(detail, with_end=True)),
        ("장소", m.place),
        ("소집", f"{call_text(detail)}{notice}{' (긴급)' if m.urgent else ''}"),
        ("재적·출석", quorum_text),
        ("출석위원", _names(detail.rows_with("present"))),
        ("결석위원", absent_text),
        ("배석", guests),
        ("기록자", f"간사 {m.recorder}" if m.recorder else "간사"),
    )))
    blocks.append(Space(4))
    blocks.append(Para("회의 내용", "heading"))
    chair = presider(detail)
    opening = (f"의사정족수(재적 {q.enrolled}명의 과반수 {q.needed}명) 이상인 {q.present}명이 출석하여 "
               f"{chair}이 개회를 선언함." if q.met else f"출석위원 {q.present}명으로 의사정족수({q.needed}명)에 이르지 못함.")
    blocks.append(Line(f"1. 개회({m.start_time}): {opening}", 0))
    blocks.append(Line("2. 안건 처리", 0))
    if not detail.items:
        blocks.append(Line("가. 처리한 안건 없음.", 1))
    for index, item in enumerate(detail.items):
        # An item's heading never ends a page without the first lines under it.
        blocks.append(Keep(tuple(_item_blocks(index, item)), head=3))
    blocks.append(Line("3. 기타 사항", 0))
    blocks.append(Typed(m.other_business, 1) if has_lines(m.other_business) else Line("없음.", 1))
    closing = Line(f"4. 폐회({m.end_time or '  :  '}): {chair}이 폐회를 선언함.", 0, end=True)
    # The signatures confirm what is above them: they never stand alone on a page.
    blocks.append(Keep((closing, *_signature_blocks(detail, extra))))
    if m.status == "approved":
        blocks.extend(_approval_blocks(detail, extra))
    return _document(detail, council_name, "회의록", blocks)


def _signature_blocks(detail: MeetingDetail, extra: dict) -> list[Block]:
    m = detail.meeting
    recorder = m.recorder or extra.get("secretary", "")
    signers = [("기록자", "간사", recorder)]
    confirmers: tuple[Signer | None, ...] = tuple(extra.get("confirmers") or (None, None))
    for signer in (confirmers + (None, None))[:2]:
        signers.append(("확인자", signer.title, signer.name) if signer else ("확인자", "위원", ""))
    return [
        Space(8),
        Para("위 회의 내용이 사실과 다름없음을 확인합니다.", "body_center"),
        Space(4),
        Para(format_date(m.held_on), "body_center"),
        Space(6),
        Signatures(tuple(signers)),
    ]


def _approval_blocks(detail: MeetingDetail, extra: dict) -> list[Block]:
    m = detail.meeting
    blocks: list[Block] = [Space(8), Para("회의록 승인 및 정정 기록", "heading")]
    where = f" ({extra['approved_at']}에서 승인)" if extra.get("approved_at") else ""
    first = detail.versions[0] if detail.versions else None
    rows: list[tuple[str, str]] = [("승인", f"{format_date(m.minutes_approved_on)} {m.minutes_approved_by}{where}")]
    if first is not None:
        rows.append(("확인값(제1판)", f"SHA-256 {first.content_hash}"))
    blocks.append(KeyValue(tuple(rows), key_mm=30))
    if detail.addenda:
        blocks.append(Space(3))
        columns = tuple(GridColumn(h, w, c) for (h, c), w in zip(
            (("연번", True), ("정정일", True), ("정정자", True), ("사유", False), ("정정 내용", False)),
            (9, 22, 18, 45, 76)))
        rows2 = tuple((str(a.seq), format_date(a.made_on), a.made_by, a.reason, a.text) for a in detail.addenda)
        blocks.append(Grid(columns, rows2, blank_mark=True))
        latest = detail.versions[-1]
        blocks.append(Para(f"확인값(제{latest.version}판, 정정 반영): SHA-256 {latest.content_hash}", "note"))
    integrity = extra.get("integrity")
    if integrity is not None and not integrity.intact:
        blocks.append(Space(2))
        blocks.append(Para("※ 주의: 현재 기록이 승인된 회의록과 다릅니다(확인값 불일치). 승인본은 백업에서 확인하세요.",
                           "warning"))
    return blocks


__all__ = ["ORDER_OF_BUSINESS", "agenda_content", "minutes_content", "notice_content"]
