"""The four meeting printouts read back with poppler: the Korean text in order, the
public-document marks (dates, numbering, 끝., 이하 빈칸, page numbers), only embedded
Nanum fonts, page counts; on the demo council's year of meetings."""
from __future__ import annotations

import re

from datetime import date

import pytest

from app.demo_meetings import build_demo_meetings
from app.errors import InputRefused
from app.meetings import minutes
from app.meetings.meetings import get_meeting, list_meetings
from app.reports.meeting_pdfs import write_agenda_pdf, write_attendance_pdf, write_minutes_pdf, write_notice_pdf
from tests.app.test_reports_pdf import (
    COUNCIL, assert_fonts_embedded, assert_in_order, compact, pdf_info, pdf_pages, pytestmark,  # noqa: F401
)

TODAY = date(2026, 11, 24)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo council with its year of meetings (built once for this module)."""
    from app.demo import build_demo
    from tests.conftest import make_database

    path = tmp_path_factory.mktemp("meetings") / "demo.db"
    db = make_database(path, "4377034000", COUNCIL)
    build_demo(db, TODAY)
    ids = build_demo_meetings(db, TODAY)
    yield db, ids
    db.dispose()


def by_status(db, status):
    return [s for s in list_meetings(db.uow(), TODAY) if s.status == status]


def test_demo_year_of_meetings(demo):
    db, ids = demo
    summaries = list_meetings(db.uow(), TODAY)
    assert len(summaries) == len(ids) == 7
    assert {s.kind for s in summaries} == {"regular", "extraordinary", "subcommittee"}
    assert len(by_status(db, "approved")) == 4 and len(by_status(db, "held")) == 2 and len(by_status(db, "planned")) == 1
    assert all(minutes.verify_minutes(db.uow(), s.id).intact for s in by_status(db, "approved"))
    upcoming = list_meetings(db.uow(), TODAY, "upcoming")[0]
    detail = get_meeting(db.uow(), upcoming.id, TODAY)
    assert detail.items[0].title == "지난 회의 결정사항 추진상황 보고" and detail.notice_warning is None
    results = {i.result for s in summaries for i in get_meeting(db.uow(), s.id, TODAY).items}
    assert {"passed", "amended", "rejected", "deferred"} <= results


def test_minutes_hold_every_part_in_order(demo, tmp_path):
    db, _ids = demo
    approved = by_status(db, "approved")[0]  # latest approved: 2026년 제2차 정기회의
    detail = get_meeting(db.uow(), approved.id, TODAY)
    out = write_minutes_pdf(db.uow(), approved.id, tmp_path / "회의록.pdf", COUNCIL)
    pages = pdf_pages(out)
    text = compact("\n".join(pages))
    m, q = detail.meeting, detail.quorum
    present = [r.name for r in detail.rows_with("present")]
    item_titles = [compact(i.title) for i in detail.items]
    # Key cells are centred vertically, so a label may sit among the names it heads.
    assert "출석위원" in text
    assert_in_order(
        text.replace("출석위원", ""), "회의록", compact(m.full_name(COUNCIL)), "회의명", "일시", compact(f"{m.when_text} ~ {m.end_time}"),
        "장소", compact(m.place), "재적·출석", compact(f"재적 {q.enrolled}명, 출석 {q.present}명"),
        f"의사정족수{q.needed}명충족", *present, "결석위원", "배석", "박민수", "기록자", "간사이민지",
        "회의내용", "1.개회(14:00)", "2.안건처리", "가.[보고제1호]", item_titles[0], "나.[의안제1호]", item_titles[1],
        "1)제안설명", "2)제척·회피:서재훈(협약상대기관소속)", "결과:원안가결(찬성", "후속조치", "다.[의안제2호]",
        "토의내용", "결과:보류", "3.기타사항", "4.폐회(15:30)", "끝.",
        "위회의내용이사실과다름없음을확인합니다.", compact(f"{m.held_on.year}. {m.held_on.month}. {m.held_on.day}."),
        "기록자", "간사", "이민지", "(서명)", "확인자", "공동위원장(공공)", "김정호", "(서명)",
        "확인자", "공동위원장(민간)", "박순자", "(서명)",
        "회의록승인및정정기록", "승인", "김정호", "2026년제3차정기회의에서승인", detail.versions[0].content_hash,
    )
    v = detail.items[1]
    assert compact(f"찬성 {v.votes_yes}, 반대 {v.votes_no}, 기권 {v.votes_abstain}") in text
    assert "초안" not in text
    assert [compact(p.strip().splitlines()[-1]) for p in pages] == [f"-{n}-" for n in range(1, len(pages) + 1)]
    assert_fonts_embedded(out, "NanumGothic", "NanumGothicBold", "NanumMyeongjo")
    info = pdf_info(out)
    assert info["Pages"] == str(len(pages)) and info["Page size"].endswith("(A4)")
    assert info["Title"] == f"{m.full_name(COUNCIL)} 회의록"


def test_minutes_show_addenda_and_a_detected_change(demo, tmp_path):
    db, _ids = demo
    target = by_status(db, "approved")[-1]  # the oldest approved
    minutes.add_minutes_addendum(db.uow(), target.id, "이민지", TODAY, "출석위원 명단 오기",
                                 "출석위원에 누락된 위원 이름을 바로잡음", TODAY)
    detail = get_meeting(db.uow(), target.id, TODAY)
    text = compact("\n".join(pdf_pages(write_minutes_pdf(db.uow(), target.id, tmp_path / "a.pdf", COUNCIL))))
    assert_in_order(text, "회의록승인및정정기록", "연번", "정정일", "정정자", "사유", "정정내용",
                    "2026.11.24.", "이민지", "출석위원명단오기", "이하빈칸", "제2판", detail.versions[1].content_hash)
    assert "확인값불일치" not in text
    with db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE meeting SET place = '몰래 바꾼 장소' WHERE id = ?", (target.id,))
    try:
        text = compact("\n".join(pdf_pages(write_minutes_pdf(db.uow(), target.id, tmp_path / "b.pdf", COUNCIL))))
        assert "확인값불일치" in text
    finally:
        with db.engine.begin() as conn:
            conn.exec_driver_sql("UPDATE meeting SET place = ? WHERE id = ?", (detail.meeting.place, target.id))


def test_draft_minutes_are_marked(demo, tmp_path):
    db, _ids = demo
    draft = by_status(db, "held")[0]
    text = compact("\n".join(pdf_pages(write_minutes_pdf(db.uow(), draft.id, tmp_path / "d.pdf", COUNCIL))))
    assert "(초안·승인전)" in text and "회의록승인및정정기록" not in text


def test_attendance_sheet_lists_the_roster_of_that_date_with_a_signature_column(demo, tmp_path):
    db, _ids = demo
    summary = by_status(db, "approved")[-1]
    detail = get_meeting(db.uow(), summary.id, TODAY)
    out = write_attendance_pdf(db.uow(), summary.id, tmp_path / "출석부.pdf", COUNCIL)
    pages = pdf_pages(out)
    text = compact("\n".join(pages))
    assert_in_order(text, "출석부", compact(detail.meeting.full_name(COUNCIL)), compact(detail.meeting.when_text),
                    f"재적위원:{detail.quorum.enrolled}명", "연번", "직책", "성명", "소속및직위", "서명", "비고",
                    *[r.name for r in detail.roster], "이하빈칸", "배석자", "박민수", "2", "3")
    # The 배석자 table has blank rows to fill in on the day, so it takes no "이하 빈칸".
    assert text.count("이하빈칸") == 1
    # Members who only joined later are not on a sheet of that date (the roster is by date).
    later = {r.name for r in get_meeting(db.uow(), list_meetings(db.uow(), TODAY)[0].id, TODAY).roster}
    for name in later - {r.name for r in detail.roster}:
        assert name not in text
    assert pdf_info(out)["Pages"] == "1" and len(pages) == 1  # 24 members and the 배석자 on one page
    assert_fonts_embedded(out, "NanumGothic", "NanumGothicBold", "NanumMyeongjo")


def test_notice_holds_date_place_agenda_and_sender(demo, tmp_path):
    db, _ids = demo
    upcoming = list_meetings(db.uow(), TODAY, "upcoming")[0]
    detail = get_meeting(db.uow(), upcoming.id, TODAY)
    out = write_notice_pdf(db.uow(), upcoming.id, tmp_path / "통지서.pdf", COUNCIL)
    text = compact("\n".join(pdf_pages(out)))
    assert_in_order(text, compact(COUNCIL), "수신", "위원전원", "제목", compact(f"{detail.meeting.full_name(COUNCIL)} 개최 알림"),
                    "1.", "2.", "가.일시:" + compact(detail.meeting.when_text), "나.장소:" + compact(detail.meeting.place),
                    "다.소집:위원장소집", "라.안건", *[f"{n}){compact('[' + i.kind_label + '] ' + i.title)}"
                                                for n, i in enumerate(detail.items, 1)],
                    "마.문의:간사이민지", "붙임회의자료1부.끝.", compact(f"{COUNCIL} 위원장"), "통지일:2026.11.24.")
    assert pdf_info(out)["Pages"] == "1"
    assert_fonts_embedded(out, "NanumGothicBold", "NanumMyeongjo")


def test_agenda_booklet_has_cover_order_and_a_section_per_item(demo, tmp_path):
    db, _ids = demo
    upcoming = list_meetings(db.uow(), TODAY, "upcoming")[0]
    detail = get_meeting(db.uow(), upcoming.id, TODAY)
    out = write_agenda_pdf(db.uow(), upcoming.id, tmp_path / "회의자료.pdf", COUNCIL)
    pages = [compact(p) for p in pdf_pages(out)]
    assert len(pages) == 2 + len(detail.items) and pdf_info(out)["Pages"] == str(len(pages))
    assert_in_order(pages[0], "2026년제4차", compact(COUNCIL), "정기회의", "회의자료", "일시:", "장소:", compact(COUNCIL))
    assert_in_order(pages[1], "회의순서", "1.개회선언", "보고안건", "가.보고제1호", "심의·의결안건", "가.의안제1호",
                    "토의안건", "기타사항", "폐회", "안건목록", "이하빈칸")
    for page, item in zip(pages[2:], detail.items):
        assert_in_order(page, compact(item.number_label), compact(item.title), "구분", item.kind_label, "제안자")
    assert pages[-1].rstrip("-0123456789").endswith("끝.")
    # The cover carries no page number; the pages after it keep their place in the booklet.
    assert not re.search(r"-\d+-$", pages[0]) and pages[1].endswith("-2-")
    assert_fonts_embedded(out, "NanumGothic", "NanumGothicBold", "NanumMyeongjo")


def test_subcommittee_minutes_are_signed_by_its_lead(demo, tmp_path):
    db, _ids = demo
    sub = next(s for s in list_meetings(db.uow(), TODAY) if s.kind == "subcommittee")
    text = compact("\n".join(pdf_pages(write_minutes_pdf(db.uow(), sub.id, tmp_path / "s.pdf", COUNCIL))))
    assert_in_order(text, "노인분과회의", "토의내용", "후속조치", "안부확인대상명단갱신", "확인자", "분과장")


def test_printing_to_a_missing_folder_is_refused_in_korean(demo, tmp_path):
    db, ids = demo
    with pytest.raises(InputRefused) as info:
        write_minutes_pdf(db.uow(), ids[0], tmp_path / "없는폴더" / "x.pdf", COUNCIL)
    assert info.value.code == "write_failed" and "폴더" in info.value.message("ko")


def test_every_meeting_record_carries_sync_bookkeeping(demo):
    """All meeting tables are synced: UUID ids, a change sequence, the device, no deletes."""
    import uuid

    from sqlalchemy import delete, select

    from app.database import installation_info
    from app.meetings.attachments import add_attachment_bytes
    from db.meeting_models import MEETING_SYNCED_MODELS
    from db.session import TombstoneViolation

    db, ids = demo
    add_attachment_bytes(db.uow(), ids[0], "사진.jpg", b"\xff\xd8\xff jpeg", TODAY)
    device = installation_info(db).device_id
    with db.uow() as uow:
        for model in MEETING_SYNCED_MODELS:
            rows = list(uow.session.scalars(select(model)))
            assert rows, model.__name__
            for row in rows:
                assert str(uuid.UUID(row.id)) == row.id
                assert row.change_seq > 0 and row.changed_by_device == device
            with pytest.raises(TombstoneViolation):
                uow.session.execute(delete(model))
