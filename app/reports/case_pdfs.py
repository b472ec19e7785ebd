"""The case printouts (A4 portrait): 사례회의록 (case conference record), 의뢰서 (referral
letter) and the blank 동의서 (consent form) per purpose and recipient.

Owns their layout and wording. Each page is marked 대외비 at the top with, at the foot,
the account that printed it and when (domain.md "Privacy and security"); the content comes
from ``app.cases.printing`` (which reads and limits it) and each print is written to the
access log there. ``printed_at`` is a parameter so the same input gives the same bytes.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, KeepTogether, Spacer, Table

from app import codes
from app.cases import codes as cc
from app.cases.printing import ConsentForm, ReferralLetter, conference_record, consent_form, log_print, \
    referral_letter
from app.cases.views import AttendeeView, ConferenceView, DiscussionView
from app.dates import format_date
from app.reports.meeting_common import key_value_table, line, text_block
from app.reports.pdf_common import (SANS, SANS_BOLD, SERIF, Column, DocumentInfo, PageDecorator, build_pdf,
                                    end_mark, frame_width, make_style, markup, para, ruled_table, scale_widths, spaced,
                                    styles, table_style)
from app.security.permissions import Actor
from db.session import UnitOfWork

CONFIDENTIAL = "대외비"
_WARNING = "무단 복제·유출 금지(사회보장급여법 제49조)"
_RED = colors.Color(0.75, 0.05, 0.05)


def printed_by(actor: Actor | None) -> str:
    if actor is None:
        return "-"
    return f"{actor.display_name}({actor.username})" if actor.display_name else actor.username


def printed_line(who: str, at: datetime) -> str:
    return f"출력: {who} · {format_date(at.date())} {at:%H:%M}"


def confidential_marks(who: str, at: datetime) -> PageDecorator:
    """대외비 boxed at the top right of every page, who printed it and when at the foot."""
    stamp = printed_line(who, at)

    def draw(canvas: Canvas, doc: BaseDocTemplate) -> None:
        width, height = doc.pagesize
        canvas.saveState()
        canvas.setStrokeColor(_RED)
        canvas.setFillColor(_RED)
        canvas.setLineWidth(1.2)
        box_w, box_h = 22 * mm, 8 * mm
        x, y = width - doc.rightMargin - box_w, height - 15 * mm
        canvas.rect(x, y, box_w, box_h)
        canvas.setFont(SANS_BOLD, 12)
        canvas.drawCentredString(x + box_w / 2, y + 2.4 * mm, CONFIDENTIAL)
        canvas.setFont(SANS, 7.5)
        canvas.drawRightString(x - 3 * mm, y + 2.6 * mm, _WARNING)
        canvas.setFillColor(colors.black)
        canvas.setFont(SANS, 8)
        canvas.drawString(doc.leftMargin, doc.bottomMargin / 2, stamp)
        canvas.drawRightString(width - doc.rightMargin, doc.bottomMargin / 2, CONFIDENTIAL)
        canvas.restoreState()

    return draw


def _info(title: str, council: str) -> DocumentInfo:
    return DocumentInfo(title=f"{title} ({CONFIDENTIAL})", author=council, subject=title,
                        keywords=(title, CONFIDENTIAL, council))


def _write(uow: UnitOfWork, out_path: Path, story: Sequence[Flowable], title: str, council: str,
           printed_at: datetime | None) -> Path:
    at = printed_at or datetime.now().replace(microsecond=0)
    return build_pdf(out_path, story, _info(title, council),
                     decorate=confidential_marks(printed_by(uow.actor), at))


# ---------------------------------------------------------------- 사례회의록

def _attendee_text(a: AttendeeView) -> str:
    if a.kind == "member":
        return f"{a.person_name}(위원)"
    where = " ".join(p for p in (a.agency, a.position) if p)
    return f"{a.person_name}({where})" if where else a.person_name


def _attendees(view: ConferenceView, kind: str) -> str:
    return ", ".join(_attendee_text(a) for a in view.attendees if a.kind == kind) or "없음"


def _discussion_block(number: int, d: DiscussionView, attendees: dict[str, AttendeeView]) -> list[Flowable]:
    block: list[Flowable] = [line(f"{number}. 대상자 {d.client_name}", 0)]
    block.append(line("가. 사례 요약", 1))
    block.extend(text_block(d.summary, 2) or [line("기록 없음.", 2)])
    block.append(line(f"나. 결정: {d.decision_label()}", 1))
    block.append(line("다. 역할 분담", 1))
    if d.roles:
        width = frame_width() - 10 * mm
        columns = [Column(h, w, c) for (h, c), w in zip(
            (("연번", True), ("기관", False), ("담당자", True), ("서비스", False), ("기한", True)),
            scale_widths([8, 34, 18, 50, 20], width))]
        rows = [[str(i), r.agency, r.person_name, r.service, format_date(r.due_on) if r.due_on else ""]
                for i, r in enumerate(d.roles, start=1)]
        block.append(ruled_table(columns, rows))
    else:
        block.append(line("없음.", 2))
    block.append(line(f"라. 다음 점검일: {format_date(d.next_check_on) if d.next_check_on else '정하지 않음'}", 1))
    if d.left:
        names = ", ".join(_attendee_text(attendees[i]) for i in d.left if i in attendees)
        block.append(line(f"마. 퇴장: {names} — 대상자의 제3자 제공 동의가 없어 이 사례를 다루는 동안 자리를 비움.", 1))
    return block


def conference_story(view: ConferenceView, council: str) -> list[Flowable]:
    s = styles()
    story: list[Flowable] = [para(spaced("사례회의록", "  "), s.title), para(council, s.body_center),
                             Spacer(0, 3 * mm)]
    story.append(key_value_table([
        ("일시", format_date(view.held_on) if view.held_on else ""),
        ("장소", view.place),
        ("참석 위원", _attendees(view, "member")),
        ("행정복지센터", _attendees(view, "host")),
        ("기관 실무자", _attendees(view, "agency")),
        ("다룬 사례", f"{len(view.discussions)}건"),
    ]))
    story.append(Spacer(0, 4 * mm))
    story.append(para("회의 내용", s.heading))
    attendees = {a.id: a for a in view.attendees}
    if not view.discussions:
        story.append(line("다룬 사례 없음.", 0))
    for number, d in enumerate(view.discussions, start=1):
        block = _discussion_block(number, d, attendees)
        story.append(KeepTogether(block[:3]))  # a case's heading never ends a page alone
        story.extend(block[3:])
        story.append(Spacer(0, 2 * mm))
    if view.note:
        story.append(para("기타 사항", s.heading))
        story.extend(text_block(view.note, 0))
    story.append(Spacer(0, 3 * mm))
    story.append(para("참석자는 회의에서 알게 된 대상자의 정보를 누설하지 않습니다(사회보장급여법 제49조).", s.note))
    story.append(end_mark())
    return story


def write_conference_pdf(uow: UnitOfWork, conference_id: str, out_path: Path, council: str,
                         printed_at: datetime | None = None) -> Path:
    view = conference_record(uow, conference_id)
    written = _write(uow, out_path, conference_story(view, council), "사례회의록", council, printed_at)
    return log_print(uow, "case_conference", conference_id, "사례회의록", written)


# ---------------------------------------------------------------- 의뢰서

def _person_rows(letter: ReferralLetter) -> list[tuple[str, str]]:
    c, covered = letter.client, letter.covered
    rows: list[tuple[str, str]] = []
    if "name" in covered:
        rows.append(("성명", c.name))
    if "sex" in covered and c.sex:
        rows.append(("성별", codes.label(codes.SEX, c.sex)))
    if "birth_date" in covered and c.birth_date:
        rows.append(("생년월일", format_date(c.birth_date)))
    if "address" in covered or "place" in covered:
        rows.append(("주소", " ".join(p for p in (c.address or c.place,) if p)))
    if "phone" in covered:
        rows.append(("연락처", c.phone))
    if "household_type" in covered and c.household_type:
        size = f", {c.household_size}명" if c.household_size else ""
        rows.append(("가구", f"{c.household_label()}{size}"))
    if "crisis_level" in covered and c.crisis_level:
        rows.append(("위기도", codes.label(cc.CRISIS_LEVEL, c.crisis_level)))
    return rows


def referral_story(letter: ReferralLetter, council: str) -> list[Flowable]:
    s = styles()
    r, consent = letter.referral, letter.consent
    story: list[Flowable] = [para(spaced("의뢰서", "  "), s.title), para(council, s.body_center),
                             Spacer(0, 3 * mm)]
    story.append(para("1. 의뢰 내용", s.heading))
    story.append(key_value_table([
        ("의뢰일", format_date(r.referred_on) if r.referred_on else ""),
        ("의뢰하는 곳", " ".join(p for p in (council, r.referred_by) if p)),
        ("의뢰받는 곳", r.recipient + (f" — {r.service_name}" if r.service_name else "")),
        ("요청 서비스", r.service_requested),
        ("의뢰 사유", para(r.reason, s.table_cell)),
    ]))
    story.append(para("2. 대상자(동의한 항목만 적음)", s.heading))
    rows = _person_rows(letter)
    story.append(key_value_table(rows) if rows else line("동의한 항목 가운데 적을 것이 없음.", 1))
    story.append(para("3. 개인정보 제3자 제공 동의", s.heading))
    story.append(key_value_table([
        ("제공받는 자", consent.recipient_name),
        ("동의일", format_date(consent.given_on) if consent.given_on else ""),
        ("제공 항목", consent.items),
        ("보유 기간", consent.retention),
        ("동의 방법", codes.label(cc.CONSENT_HOW, consent.given_how) if consent.given_how else ""),
    ]))
    story.append(Spacer(0, 4 * mm))
    story.append(para("위 대상자를 의뢰하오니 회신하여 주시기 바랍니다. 받은 정보는 동의한 목적 밖으로 쓰거나 "
                      "다른 사람에게 제공할 수 없습니다.", s.body))
    story.append(end_mark())
    story.append(Spacer(0, 10 * mm))
    story.append(para(format_date(r.referred_on) if r.referred_on else "", s.body_center))
    story.append(Spacer(0, 6 * mm))
    story.append(markup(f"{escape(council)}&nbsp;&nbsp;담당&nbsp;&nbsp;{escape(r.referred_by) or '&nbsp;' * 12}"
                        "&nbsp;&nbsp;(서명)", s.body_right))
    return story


def write_referral_pdf(uow: UnitOfWork, referral_id: str, out_path: Path, council: str,
                       printed_at: datetime | None = None) -> Path:
    letter = referral_letter(uow, referral_id, (printed_at or datetime.now()).date())
    written = _write(uow, out_path, referral_story(letter, council), "의뢰서", council, printed_at)
    return log_print(uow, "referral", referral_id, "의뢰서", written)


# ---------------------------------------------------------------- 동의서

_PURPOSE_TITLES = {
    "collection": "개인정보 수집·이용 동의서",
    "sensitive": "민감정보 처리 동의서",
    "provision": "개인정보 제3자 제공 동의서",
}
_LAW = {
    "collection": "개인정보 보호법 제15조",
    "sensitive": "개인정보 보호법 제23조",
    "provision": "개인정보 보호법 제17조",
}
def _to_fill(before: str = "") -> Flowable:
    """A cell left for the person to fill in by hand: two lines high."""
    return markup(f"{escape(before)}<br/>&nbsp;<br/>&nbsp;", styles().table_cell)


def _form_rows(form: ConsentForm, council: str) -> list[tuple[str, str | Flowable]]:
    if form.purpose == "provision":
        return [
            ("제공받는 자", form.recipient or _to_fill()),
            ("제공받는 자의 이용 목적", "대상자에게 필요한 복지 서비스의 제공과 연계"),
            ("제공하는 항목", _to_fill()),
            ("제공받는 자의 보유·이용 기간", _to_fill()),
        ]
    what = "건강 상태, 장애 여부 등 민감정보" if form.purpose == "sensitive" else "성명, 연락처, 주소, 가구 상황 등"
    return [
        ("수집·이용하는 자", council),
        ("목적", "복지 사각지대 발굴, 상담과 사례관리, 서비스 연계"),
        ("항목", _to_fill(what)),
        ("보유·이용 기간", "사례 종결 후 5년(사회보장급여법 제34조)"),
    ]


def consent_form_story(form: ConsentForm, council: str) -> list[Flowable]:
    s = styles()
    title = _PURPOSE_TITLES[form.purpose]
    story: list[Flowable] = [para(spaced(title.replace(" ", ""), " ") if len(title) < 12 else title, s.title),
                             para(council, s.body_center), Spacer(0, 4 * mm)]
    story.append(para(f"{council}은(는) {_LAW[form.purpose]}에 따라 아래와 같이 개인정보를 "
                      f"{'제공' if form.purpose == 'provision' else '처리'}하고자 동의를 받습니다.", s.body))
    story.append(Spacer(0, 3 * mm))
    story.append(key_value_table(_form_rows(form, council), key_mm=45))
    story.append(Spacer(0, 3 * mm))
    story.append(line("※ 동의를 거부할 권리가 있으며, 거부하면 해당 서비스의 연계·제공이 제한될 수 있습니다. "
                      "동의는 언제든지 철회할 수 있습니다.", 0))
    story.append(Spacer(0, 6 * mm))
    box = make_style("cf_check", SERIF, 11.5, 1.4)
    check = Table([[para("위 내용에 동의합니까?", box), markup("□ 동의함" + "&nbsp;" * 8 + "□ 동의하지 않음", box)]],
                  colWidths=[60 * mm, frame_width() - 60 * mm])
    check.setStyle(table_style([("BOX", (0, 0), (-1, -1), 0.8, "black"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 6)],
                               font=SERIF, size=11.5))
    story.append(check)
    story.append(Spacer(0, 10 * mm))
    gap = "&nbsp;" * 8
    story.append(markup(f"{gap}년{gap}월{gap}일", s.body_center))
    story.append(Spacer(0, 8 * mm))
    birth = format_date(form.birth_date) if form.birth_date else ""
    signers = [("본인", form.client_name, birth)]
    if form.guardian:
        signers.append(("법정대리인", "", "관계:"))
    data = [[para(who, box), para(f"성명 {name}", box), para(extra, box), para("(서명 또는 인)", box)]
            for who, name, extra in signers]
    table = Table(data, colWidths=[28 * mm, 50 * mm, 40 * mm, 32 * mm], rowHeights=[12 * mm] * len(data),
                  hAlign="RIGHT")
    table.setStyle(table_style([("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                ("LINEBELOW", (1, 0), (2, -1), 0.4, "black")], font=SERIF, size=11.5))
    story.append(table)
    if form.guardian:
        story.append(Spacer(0, 4 * mm))
        story.append(para("만 14세 미만 아동의 개인정보는 법정대리인의 동의를 받아 처리합니다(개인정보 보호법 제22조의2).",
                          s.note))
    story.append(Spacer(0, 8 * mm))
    story.append(para(f"{council} 귀중", make_style("cf_to", SANS_BOLD, 13, 1.4, 1)))
    return story


def write_consent_form_pdf(uow: UnitOfWork, client_id: str, purpose: str, out_path: Path, council: str,
                           recipient: str = "", printed_at: datetime | None = None) -> Path:
    at = printed_at or datetime.now().replace(microsecond=0)
    form = consent_form(uow, client_id, purpose, recipient, at.date())
    title = _PURPOSE_TITLES[purpose]
    written = _write(uow, out_path, consent_form_story(form, council), title, council, at)
    return log_print(uow, "client", client_id, title, written)


__all__ = ["CONFIDENTIAL", "conference_story", "consent_form_story", "referral_story", "write_conference_pdf",
           "write_consent_form_pdf", "write_referral_pdf"]
