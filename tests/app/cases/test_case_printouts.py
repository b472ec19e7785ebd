"""The 대외비 case printouts (사례회의록, 의뢰서, 동의서) read back with poppler: 대외비, the
account and the time on every page, content in order, only what the consent covers, fonts
embedded, each print in the access log; and the ``print`` kinds of the command line."""
from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from app.cases.conferences import add_attendee, create_conference, discuss_case
from app.cases.printing import covered_fields
from app.cases.referrals import refer_client
from app.cases.rules import AttendeeData, ConferenceData, DiscussionData, ReferralData, RoleData
from app.cases.services import record_step
from app.cli import main
from app.reports.case_pdfs import write_conference_pdf, write_consent_form_pdf, write_referral_pdf
from app.security.permissions import Actor, NotAllowed
from db.security_models import AccessLogEntry
from tests.app.cases.support import TODAY, client, consent, days, organization, received_case, service
from tests.app.test_reports_pdf import assert_fonts_embedded, assert_in_order, compact, pdf_pages
from tests.conftest import ADMIN_PASSWORD

pytestmark = pytest.mark.skipif(not all(shutil.which(t) for t in ("pdftotext", "pdffonts")),
                                reason="poppler-utils read the PDFs back")

AT = datetime(2026, 11, 24, 14, 30)
STAMP = "출력:관리자(admin)·2026.11.24.14:30"


def conference_with_cases(db, count: int = 2) -> str:  # type: ignore[no-untyped-def]
    welfare = organization(db, "햇살군 노인복지관")
    conference = create_conference(db.uow(), ConferenceData(days(10), "행정복지센터 2층 회의실", "다음 회의는 12월"),
                                   TODAY).id
    add_attendee(db.uow(), conference, AttendeeData("host", person_name="이민지", position="주무관"))
    add_attendee(db.uow(), conference, AttendeeData("agency", organization_id=welfare, person_name="송하늘",
                                                    position="사회복지사"))
    for number in range(count):
        person = client(db, f"대상자{number:02d}")
        case = received_case(db, person, received=30)
        record_step(db.uow(), case, "assessed", days(25), TODAY)
        summary = f"요약{number:02d} " + "난방과 식사 지원이 먼저임. " * 6
        discuss_case(db.uow(), conference, DiscussionData(case, summary, "integrated", days(-20),
                                                           (RoleData(f"서비스{number:02d}", welfare, "", "송하늘",
                                                                     days(-5)),)))
    return conference


def test_the_case_conference_record_is_confidential_on_every_page(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    conference = conference_with_cases(db, 6)
    path = write_conference_pdf(db.uow(), conference, tmp_path / "회의록.pdf", "햇살면 지역사회보장협의체", AT)
    pages = [compact(p) for p in pdf_pages(path)]
    assert len(pages) >= 2
    for page in pages:
        assert page.count("대외비") >= 2 and STAMP in page
    text = "".join(pages)
    assert_in_order(text, "사례회의록", "일시2026.11.14.", "행정복지센터2층회의실", "이민지(주무관)",
                    "송하늘(햇살군노인복지관사회복지사)", "1.대상자대상자00", "가.사례요약", "요약00",
                    "나.결정:통합사례관리", "다.역할분담", "서비스00", "라.다음점검일:2026.12.14.",
                    "마.퇴장:송하늘", "6.대상자대상자05", "기타사항", "다음회의는12월", "끝.")
    assert_fonts_embedded(path, "NanumMyeongjo", "NanumGothic")


def test_a_referral_letter_carries_only_the_items_the_consent_covers(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    org = organization(db, "햇살군 노인복지관")
    dosirak = service(db, org, "도시락 배달")
    person = client(db, "김순자", phone="010-5500-1200", address="햇살면 상촌리 12")
    received_case(db, person)
    consent(db, person, "provision", recipient_kind="organization", recipient_organization_id=org,
            items="성명, 가구 상황")
    referral = refer_client(db.uow(), ReferralData(person, days(3), "혼자 식사를 거름", "도시락", dosirak,
                                                   referred_by="맞춤형복지팀"), TODAY).id
    path = write_referral_pdf(db.uow(), referral, tmp_path / "의뢰서.pdf", "햇살면 지역사회보장협의체", AT)
    pages = [compact(p) for p in pdf_pages(path)]
    assert all("대외비" in p and STAMP in p for p in pages)
    text = "".join(pages)
    assert_in_order(text, "의뢰서", "의뢰일", "햇살군노인복지관—도시락배달", "혼자식사를거름", "성명김순자",
                    "가구독거노인,1명", "제공받는자햇살군노인복지관", "제공항목성명,가구상황", "끝.")
    for absent in ("010-5500-1200", "상촌리12", "1944", "난방비체납", "연락처"):
        assert absent not in text, absent
    assert covered_fields("성명, 연락처, 생년월일") == {"name", "phone", "birth_date"}


def test_a_blank_consent_form_per_purpose_asks_a_guardian_for_an_under_14(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    child = client(db, "정민준", birth=date(2016, 5, 11))
    path = write_consent_form_pdf(db.uow(), child, "provision", tmp_path / "동의서.pdf", "햇살면 지역사회보장협의체",
                                  recipient="햇살군청 희망복지지원단", printed_at=AT)
    text = compact("".join(pdf_pages(path)))
    assert "대외비" in text and STAMP in text
    assert_in_order(text, "개인정보제3자제공동의서", "제17조", "제공받는자햇살군청희망복지지원단", "거부할권리",
                    "동의함", "본인", "정민준", "법정대리인", "제22조의2")
    adult = client(db, "김순자")
    path = write_consent_form_pdf(db.uow(), adult, "sensitive", tmp_path / "민감.pdf", "햇살면 지역사회보장협의체",
                                  printed_at=AT)
    text = compact("".join(pdf_pages(path)))
    assert "민감정보처리동의서" in text and "제23조" in text and "법정대리인" not in text
    assert_fonts_embedded(path, "NanumMyeongjo")


def test_each_print_is_in_the_access_log_and_a_member_account_is_refused(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    conference = conference_with_cases(db, 1)
    person = client(db, "김순자")
    write_conference_pdf(db.uow(), conference, tmp_path / "a.pdf", "협의체", AT)
    write_consent_form_pdf(db.uow(), person, "collection", tmp_path / "b.pdf", "협의체", printed_at=AT)
    with db.session_factory() as s:
        prints = [(e.target_table, e.target_id) for e in s.scalars(
            select(AccessLogEntry).where(AccessLogEntry.action == "print").order_by(AccessLogEntry.id))]
        details = " ".join(e.details for e in s.scalars(select(AccessLogEntry)))
    assert prints == [("case_conference", conference), ("client", person)]
    assert "김순자" not in details
    db.actor = Actor("wiwon", "viewer")
    for call in (lambda: write_conference_pdf(db.uow(), conference, tmp_path / "c.pdf", "협의체", AT),
                 lambda: write_consent_form_pdf(db.uow(), person, "collection", tmp_path / "d.pdf", "협의체")):
        with pytest.raises(NotAllowed):
            call()
    assert not (tmp_path / "c.pdf").exists() and not (tmp_path / "d.pdf").exists()


def test_print_kinds_on_the_command_line(db, db_path: Path, tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    conference = conference_with_cases(db, 1)
    person = client(db, "김순자")
    db.dispose()
    monkeypatch.setenv("COUNCILDESK_PASSWORD", ADMIN_PASSWORD)
    base = ["--db", str(db_path), "--user", "admin"]
    out = tmp_path / "회의록.pdf"
    assert main(["print", "case-conference", *base, "--conference", conference[:8], "--out", str(out)]) == 0
    assert "대외비" in "".join(pdf_pages(out))
    form = tmp_path / "동의서.pdf"
    assert main(["print", "consent-form", *base, "--client", person, "--purpose", "provision",
                 "--recipient", "햇살군청", "--out", str(form)]) == 0
    assert "햇살군청" in compact("".join(pdf_pages(form)))
    capsys.readouterr()
    assert main(["print", "referral", *base, "--out", str(tmp_path / "x.pdf")]) == 2
    assert "--referral" in capsys.readouterr().err
    assert main(["print", "consent-form", *base, "--client", person, "--purpose", "collection", "--recipient",
                 "햇살군청", "--out", str(tmp_path / "y.pdf")]) == 3
    assert main(["print", "referral", *base, "--referral", "ffffffff", "--out", str(tmp_path / "z.pdf")]) == 3
