"""Issue 8, items 2, 5 and 10, read back from the PDFs: typed numbers renumbered to the
level they sit at and '끝.' after the last sentence; subcommittee minutes in the 분과장's
name, two named 확인자, signatures kept with the closing lines, an attendance sheet that
fits one page; 위촉장 dated on the 위촉일, refused without a real issuer, several in one PDF."""
from __future__ import annotations

from datetime import date

import pytest

from app.dates import format_date
from app.errors import InputRefused, ValidationFailed
from app.meetings import agenda, meetings, minutes
from app.meetings.agenda import ItemData
from app.meetings.meetings import GuestData, list_meetings
from app.members import list_members
from app.reports.appointment_pdf import numbers_from, write_appointment_pdf, write_appointment_pdfs
from app.reports.meeting_pdfs import write_agenda_pdf, write_attendance_pdf, write_minutes_pdf
from app.reports.numbering import hangul_label, item_label, renumber, typed_level
from app.settings import load_appointing_authority, save_appointing_authority
from tests.app.meeting_support import TODAY, attend, make_council, new_meeting, resolution
from tests.app.test_meeting_pdfs import demo  # noqa: F401  (the demo council, built once here too)
from tests.app.test_reports_pdf import (
    COUNCIL, assert_fonts_embedded, assert_in_order, compact, pdf_pages, pytestmark,  # noqa: F401
)


# ---------------------------------------------------------------- numbering

def test_labels_of_every_level_and_after_the_fourteenth_letter():
    assert [item_label(level, 2) for level in range(7)] == ["2.", "나.", "2)", "나)", "(2)", "(나)", "②"]
    assert [hangul_label(n) for n in (1, 14, 15, 16, 28)] == ["가", "하", "거", "너", "허"]


@pytest.mark.parametrize(("line", "expected"), [
    ("1. 발굴 19가구", (0, "발굴 19가구")), ("1.발굴", (0, "발굴")), ("가. 기간", (1, "기간")),
    ("3) 목표", (2, "목표")), ("다) 세부", (3, "세부")), ("(2) 둘", (4, "둘")), ("(나) 둘", (5, "둘")),
    ("② 둘째", (6, "둘째")),
    # Not item numbers: a date, a decimal, a word, a bare label.
    ("2026. 11. 24. 회의에서 정함", (None, "2026. 11. 24. 회의에서 정함")), ("1.5배 늘림", (None, "1.5배 늘림")),
    ("12. 1. ~ 1. 31. 모금", (None, "12. 1. ~ 1. 31. 모금")), ("가나다순 정렬", (None, "가나다순 정렬")),
    ("1.", (None, "1.")),
])
def test_a_typed_item_number_is_recognised_and_nothing_else(line, expected):
    assert typed_level(line) == expected


def test_typed_numbers_take_the_numbering_of_the_level_they_sit_at():
    typed = "머리말\n1. 하나\n  이어지는 설명\n3. 둘\n1) 둘의 첫째\n2) 둘의 둘째\n4. 셋"
    lines = [(n.level, n.display, n.continues) for n in renumber(typed, 1)]
    assert lines == [(1, "머리말", False), (1, "가. 하나", False), (1, "이어지는 설명", True), (1, "나. 둘", False),
                     (2, "1) 둘의 첫째", False), (2, "2) 둘의 둘째", False), (1, "다. 셋", False)]
    # Under a '1)' part of the minutes, '1.' '가.' become '가)' '(1)'.
    assert [n.display for n in renumber("1. 가\n가. 나", 3)] == ["가) 가", "(1) 나"]


# ---------------------------------------------------------------- agenda and minutes

@pytest.fixture
def council(db):
    return make_council(db, count=10)


def test_agenda_renumbers_typed_items_and_ends_with_end_mark_after_the_last_sentence(council, tmp_path):
    db = council.db
    meeting = new_meeting(council)
    agenda.add_agenda_item(db.uow(), meeting, ItemData("report", "발굴 현황", "간사", "1. 발굴 19가구\n2. 연계 15가구"),
                           TODAY)
    agenda.add_agenda_item(db.uow(), meeting, ItemData("discussion", "한파 대비", "간사",
                                                        "1. 난방비\n  가. 지원 대상 확인\n2. 안부 확인"), TODAY)
    pages = [compact(p) for p in pdf_pages(write_agenda_pdf(db.uow(), meeting, tmp_path / "a.pdf", COUNCIL))]
    assert_in_order(pages[2], "1.보고내용", "가.발굴19가구", "나.연계15가구")
    assert "1.발굴" not in pages[2]
    assert_in_order(pages[3], "1.제안설명", "가.난방비", "1)지원대상확인", "나.안부확인끝.")
    assert pages[3].rstrip("-0123456789").endswith("안부확인끝.")
    # '끝.' follows the sentence on its line, never on a line of its own.
    last_lines = [" ".join(line.split()) for line in pdf_pages(tmp_path / "a.pdf")[-1].splitlines() if line.strip()]
    assert "끝." not in last_lines and any(line.endswith("안부 확인 끝.") for line in last_lines)


def _held_meeting_with_typed_items(council, **overrides) -> str:
    db = council.db
    meeting = new_meeting(council, **overrides)
    attend(council, meeting, present=8, excused=1)
    item = resolution(council, meeting)  # explanation "1. 내용\n가. 세부"
    agenda.record_discussion(db.uow(), item, "1. 찬성 의견\n2. 반대 의견", TODAY)
    agenda.record_result(db.uow(), item, agenda.ResultData("passed", 7, 1, 0), TODAY)
    meetings.mark_meeting_held(db.uow(), meeting, "15:30", TODAY)
    return meeting


def test_minutes_number_typed_items_below_their_part(council, tmp_path):
    meeting = _held_meeting_with_typed_items(council)
    text = compact("\n".join(pdf_pages(write_minutes_pdf(council.db.uow(), meeting, tmp_path / "m.pdf", COUNCIL))))
    assert_in_order(text, "2.안건처리", "가.[의안제1호]", "1)제안설명", "가)내용", "(1)세부",
                    "2)토의내용", "가)찬성의견", "나)반대의견", "3)결과:원안가결", "4.폐회(15:30):위원장이폐회를선언함.끝.")
    assert "1.내용" not in text and "1.찬성" not in text


def test_named_confirmers_sign_the_minutes_and_stay_through_an_addendum(council, tmp_path):
    db = council.db
    meeting = _held_meeting_with_typed_items(council)
    signers = minutes.minutes_signers(db.uow(), meeting)
    assert [s.title for s in signers.confirmers] == ["공동위원장(공공)", "공동위원장(민간)"] and not signers.named
    first, third = council.members[0], council.members[2]
    with pytest.raises(ValidationFailed) as info:
        minutes.approve_minutes(db.uow(), meeting, "위원00", date(2026, 6, 9), TODAY, confirmers=(first, first))
    assert info.value.errors[0].code == "confirmers_same"
    with pytest.raises(ValidationFailed) as info:
        minutes.approve_minutes(db.uow(), meeting, "위원00", date(2026, 6, 9), TODAY, confirmers=(first, council.late))
    assert info.value.errors[0].code == "confirmer_not_on_roster"
    assert meetings.get_meeting(db.uow(), meeting, TODAY).meeting.status == "held"  # nothing approved

    minutes.approve_minutes(db.uow(), meeting, "위원00", date(2026, 6, 9), TODAY, confirmers=(first, third))
    signers = minutes.minutes_signers(db.uow(), meeting)
    assert signers.named and [(s.title, s.name) for s in signers.confirmers] == [
        ("공동위원장(공공)", "위원00"), ("위원", "위원02")]
    assert minutes.verify_minutes(db.uow(), meeting).intact
    minutes.add_minutes_addendum(db.uow(), meeting, "위원00", date(2026, 6, 10), "오기", "내용 정정", TODAY)
    assert minutes.verify_minutes(db.uow(), meeting).intact
    assert [s.name for s in minutes.minutes_signers(db.uow(), meeting).confirmers] == ["위원00", "위원02"]
    text = compact("\n".join(pdf_pages(write_minutes_pdf(db.uow(), meeting, tmp_path / "m.pdf", COUNCIL))))
    assert_in_order(text, "기록자", "간사", "확인자", "공동위원장(공공)", "위원00", "(서명)",
                    "확인자", "위원", "위원02", "(서명)")


def test_minutes_without_named_confirmers_keep_their_hash(council):
    """Minutes approved the old way (no 확인자 named) hash as before: their content has no
    'confirmers' key, so versions stored by earlier releases still verify."""
    meeting = _held_meeting_with_typed_items(council)
    minutes.approve_minutes(council.db.uow(), meeting, "위원00", date(2026, 6, 9), TODAY)
    with council.db.uow() as uow:
        content = minutes.minutes_content(uow.session, meeting)
    assert "confirmers" not in content["meeting"]
    assert minutes.verify_minutes(council.db.uow(), meeting).intact


def test_subcommittee_minutes_speak_of_the_lead_and_keep_the_signatures_with_the_closing(demo, tmp_path):  # noqa: F811
    db, _ids = demo
    sub = next(s for s in list_meetings(db.uow(), TODAY) if s.kind == "subcommittee")
    pages = [compact(p) for p in pdf_pages(write_minutes_pdf(db.uow(), sub.id, tmp_path / "s.pdf", COUNCIL))]
    text = "".join(pages)
    assert "분과장소집" in text and "분과장이개회를선언함" in text and "분과장이폐회를선언함" in text
    assert "위원장" not in text.replace("공동위원장", "")
    signed = next(p for p in pages if "(서명)" in p)
    assert_in_order(signed, "폐회", "끝.", "위회의내용이사실과다름없음을확인합니다.", "확인자", "분과장")


# ---------------------------------------------------------------- attendance sheet

@pytest.mark.parametrize(("count", "pages"), [(25, 1), (30, 1), (34, 2)])
def test_attendance_sheet_fits_one_page_with_room_for_guests_up_to_thirty(db, tmp_path, count, pages):
    council = make_council(db, count=count)
    meeting = new_meeting(council)
    meetings.add_guest(db.uow(), meeting, GuestData("박민수", "햇살군", "주무관"))
    out = write_attendance_pdf(db.uow(), meeting, tmp_path / "출석부.pdf", COUNCIL)
    printed = pdf_pages(out)
    assert len(printed) == pages
    text = compact("\n".join(printed))
    assert_in_order(text, "위원00", f"위원{count - 1:02d}", "이하빈칸", "배석자", "박민수", "2", "3")
    assert text.count("이하빈칸") == 1  # the 배석자 rows are left blank to fill in on the day
    assert_fonts_embedded(out, "NanumGothic", "NanumGothicBold", "NanumMyeongjo")


# ---------------------------------------------------------------- 위촉장

def test_certificate_is_dated_on_the_term_start_unless_a_date_is_given(demo_db, tmp_path):
    hong = next(m for m in list_members(demo_db.uow(), TODAY) if m.name == "홍길동")
    start = hong.current_term.start_on
    text = "\n".join(pdf_pages(write_appointment_pdf(demo_db.uow(), hong.id, tmp_path / "a.pdf", COUNCIL, "햇살군수")))
    assert format_date(start) in text.split("위원으로")[-1]
    text = "\n".join(pdf_pages(write_appointment_pdf(demo_db.uow(), hong.id, tmp_path / "b.pdf", COUNCIL, "햇살군수",
                                                     date(2026, 1, 2))))
    assert "2026. 1. 2." in text.split("위원으로")[-1]


@pytest.mark.parametrize("issuer", ["", "  ", "시장·군수·구청장", "시장·군수·구청장 (직인)", "시장 군수 구청장"])
def test_certificate_without_a_real_issuer_is_refused_before_printing(demo_db, tmp_path, issuer):
    member = list_members(demo_db.uow(), TODAY)[0]
    out = tmp_path / "a.pdf"
    with pytest.raises(InputRefused) as info:
        write_appointment_pdf(demo_db.uow(), member.id, out, COUNCIL, issuer, TODAY)
    assert info.value.code == "issuer_not_set" and "설정" in info.value.message("ko")
    assert not out.exists()


def test_the_placeholder_is_never_offered_as_the_stored_issuer(demo_db):
    with demo_db.uow() as uow:
        assert load_appointing_authority(uow.session) == ""
        save_appointing_authority(uow.session, "시장·군수·구청장")
        assert load_appointing_authority(uow.session) == ""
        save_appointing_authority(uow.session, "햇살군수")
        assert load_appointing_authority(uow.session) == "햇살군수"


def test_several_certificates_in_one_pdf_one_page_each_numbered_on(demo_db, tmp_path):
    members = [m for m in list_members(demo_db.uow(), TODAY) if m.current_term is not None][:4]
    seen = []
    out = write_appointment_pdfs(demo_db.uow(), [m.id for m in members] + [members[0].id], tmp_path / "all.pdf",
                                 COUNCIL, "햇살군수", None, "2026-098", today=TODAY,
                                 progress=lambda done, total, label: seen.append((done, total)))
    pages = pdf_pages(out)
    assert len(pages) == 4  # the repeated member gets one certificate
    for page, member, number in zip(pages, members, ("2026-098", "2026-099", "2026-100", "2026-101")):
        assert_in_order(compact(page), f"제{number}호", "위촉장", member.name,
                        compact(format_date(member.current_term.start_on)), "햇살군수")
    assert seen[-1] == (4, 4)
    assert_fonts_embedded(out, "NanumMyeongjo", "NanumMyeongjoBold")
    with pytest.raises(InputRefused) as info:
        write_appointment_pdfs(demo_db.uow(), [], tmp_path / "none.pdf", COUNCIL, "햇살군수")
    assert info.value.code == "no_members_selected"


def test_document_numbers_run_on_from_the_first():
    assert numbers_from("2026-9", 3) == ["2026-9", "2026-10", "2026-11"]
    assert numbers_from("제7", 2) == ["제7", "제8"]
    assert numbers_from("", 2) == ["", ""]
    assert numbers_from("가호", 2) == ["가호", "가호"]
