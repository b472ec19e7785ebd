"""The printed 위원 명부 and 위촉장, read back with poppler (pdftotext, pdffonts, pdfinfo).

Real demo data in a temp SQLite file; the PDFs are checked the way a user would see them:
the Korean text, its order, the embedded fonts, the page count, and the file handling.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest

from app.dates import format_date
from app.errors import InputRefused, NotFound
from app.members import add_member_in_session, list_members, members_in_office, roster_summary
from app.reports import pdf_common
from app.reports.appointment_pdf import write_appointment_pdf
from app.reports.roster_pdf import write_roster_pdf
from app.settings import save_settings
from db.session import Database
from tests.conftest import member_data, term_data

COUNCIL = "햇살면 지역사회보장협의체"
ROSTER_HEADERS = ("연번", "직책", "성명", "성별", "소속", "직위", "구분", "자격", "임기", "연락처", "비고")

pytestmark = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("pdftotext", "pdffonts", "pdfinfo")),
    reason="poppler-utils (pdftotext, pdffonts, pdfinfo) are needed to read the PDFs back",
)


# ---------------------------------------------------------------- reading PDFs back

def _run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True, encoding="utf-8").stdout


def pdf_pages(path: Path) -> list[str]:
    """The layout text of each page (pdftotext ends every page with a form feed)."""
    pages = _run("pdftotext", "-layout", str(path), "-").split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def compact(text: str) -> str:
    """Text without any whitespace: letter-spaced titles and table wrapping vary."""
    return re.sub(r"\s+", "", text)


def pdf_info(path: Path) -> dict[str, str]:
    info = {}
    for line in _run("pdfinfo", str(path)).splitlines():
        key, _, value = line.partition(":")
        info[key.strip()] = value.strip()
    return info


def pdf_fonts(path: Path) -> list[tuple[str, str]]:
    """(font name, emb column) for each font of the file."""
    rows = _run("pdffonts", str(path)).splitlines()[2:]
    fonts = []
    for row in rows:
        parts = row.split()
        # name type... encoding emb sub uni object ID: emb is 5th from the end.
        fonts.append((parts[0], parts[-5]))
    return fonts


def assert_in_order(text: str, *needles: str) -> None:
    position = -1
    for needle in needles:
        found = text.find(needle, position + 1)
        assert found > position, f"{needle!r} missing or out of order"
        position = found


def assert_fonts_embedded(path: Path, *expected: str) -> None:
    fonts = pdf_fonts(path)
    assert fonts, "no fonts at all"
    assert all(emb == "yes" for _, emb in fonts), fonts
    base_names = {name.split("+")[-1] for name, _ in fonts}
    assert set(expected) <= base_names, base_names
    assert base_names <= {"NanumMyeongjo", "NanumMyeongjoBold", "NanumGothic", "NanumGothicBold"}


def add_generated_members(db: Database, count: int, today: date) -> None:
    with db.uow() as uow:
        save_settings(uow.session, max_members=count + 10)
        for i in range(count):
            add_member_in_session(
                uow.session,
                member_data(f"위원{i:02d}", sex="MF"[i % 2], phone=f"010-5000-{i:04d}", birth_date=None),
                term_data(date(2025, 3, 1), date(2027, 2, 28)), today,
            )
        uow.commit()


# ---------------------------------------------------------------- 위원 명부

@pytest.fixture
def demo_roster(demo_db: Database, tmp_path: Path, today: date) -> Path:
    return write_roster_pdf(demo_db.uow(), tmp_path / "명부.pdf", today, COUNCIL)


def test_roster_shows_title_date_headers_and_members_in_roster_order(
        demo_db: Database, demo_roster: Path, today: date) -> None:
    text = "\n".join(pdf_pages(demo_roster))
    flat = compact(text)
    assert_in_order(flat, compact(f"{COUNCIL} 위원 명부"), "기준일:2026.11.24.", *ROSTER_HEADERS)
    views = members_in_office(demo_db.uow(), today)
    assert_in_order(flat, *(v.name for v in views))
    assert views[0].name == "김정호" and views[-1].name == "이민지"  # co-chair first, 간사 last
    for ended in ("남궁연", "유재석", "노은비"):  # resigned, dismissed, expired in the demo
        assert ended not in flat
    assert "공동위원장(공공)" in flat and "재직기간" in flat and "명예사회복지공무원" in flat
    assert "재위촉1회" in flat and "사회보장담당공무원" in flat


def test_roster_term_column_uses_the_public_date_form(demo_db: Database, demo_roster: Path, today: date) -> None:
    text = "\n".join(pdf_pages(demo_roster))
    hong = next(v for v in members_in_office(demo_db.uow(), today) if v.name == "홍길동")
    term = hong.terms[-1]
    assert f"{format_date(term.start_on)} ~ {format_date(term.end_on)}" in text


def test_roster_ends_with_blank_mark_summary_and_end_mark(demo_db: Database, demo_roster: Path, today: date) -> None:
    summary = roster_summary(demo_db.uow(), today)
    last_page = compact(pdf_pages(demo_roster)[-1])
    expected = compact(
        f"총 {summary.active}명: 남 {summary.by_sex.get('M', 0)}명, 여 {summary.by_sex.get('F', 0)}명; "
        f"당연직 {summary.by_kind.get('ex_officio', 0)}명, 위촉직 {summary.by_kind.get('appointed', 0)}명"
    )
    assert_in_order(last_page, "이민지", "이하빈칸", expected + "끝.")


def test_roster_is_a4_landscape_with_metadata_and_embedded_nanum_fonts(demo_roster: Path) -> None:
    info = pdf_info(demo_roster)
    assert info["Page size"].startswith("841.89 x 595.27")
    assert info["Title"] == f"{COUNCIL} 위원 명부 (2026. 11. 24.)"
    assert info["Author"] == COUNCIL
    assert_fonts_embedded(demo_roster, "NanumGothic", "NanumGothicBold", "NanumMyeongjo")


def test_long_roster_spans_pages_repeating_the_header_with_page_numbers(
        db: Database, tmp_path: Path, today: date) -> None:
    add_generated_members(db, 60, today)
    out = write_roster_pdf(db.uow(), tmp_path / "long.pdf", today, COUNCIL)
    pages = pdf_pages(out)
    assert int(pdf_info(out)["Pages"]) == len(pages) > 1
    for number, page in enumerate(pages, start=1):
        assert_in_order(compact(page), *ROSTER_HEADERS)
        assert re.search(rf"^\s*-\s*{number}\s*-\s*$", page, re.MULTILINE), f"page number {number}"
    flat = compact("".join(pages))
    assert_in_order(flat, "위원00", "위원30", "위원59", "이하빈칸", "총60명:남30명,여30명;당연직0명,위촉직60명끝.")
    assert flat.count("이하빈칸") == 1


def test_roster_on_a_date_without_members_says_so(demo_db: Database, tmp_path: Path) -> None:
    out = write_roster_pdf(demo_db.uow(), tmp_path / "empty.pdf", date(2000, 1, 1), COUNCIL)
    pages = pdf_pages(out)
    assert len(pages) == 1
    assert_in_order(compact(pages[0]), compact(f"{COUNCIL} 위원 명부"), "기준일:2000.1.1.",
                    "임기중인위원이없습니다.끝.")
    assert "연번" not in pages[0]
    assert_fonts_embedded(out, "NanumMyeongjo")


def test_roster_as_of_a_past_date_follows_the_term_history(demo_db: Database, tmp_path: Path, today: date) -> None:
    past = today - timedelta(days=400)
    out = write_roster_pdf(demo_db.uow(), tmp_path / "past.pdf", past, COUNCIL)
    flat = compact("".join(pdf_pages(out)))
    assert compact(f"기준일: {format_date(past)}") in flat
    views = members_in_office(demo_db.uow(), past)
    assert views and views != members_in_office(demo_db.uow(), today)
    assert_in_order(flat, *(v.name for v in views), f"총{len(views)}명:")


def test_text_with_markup_characters_is_printed_literally(db: Database, tmp_path: Path, today: date) -> None:
    with db.uow() as uow:
        add_member_in_session(uow.session, member_data("홍길동", affiliation="A&B <복지>센터"), term_data(), today)
        uow.commit()
    out = write_roster_pdf(db.uow(), tmp_path / "escape.pdf", today, COUNCIL)
    assert "A&B<복지>센터" in compact("".join(pdf_pages(out)))


def test_same_input_gives_byte_identical_pdfs(demo_db: Database, tmp_path: Path, today: date) -> None:
    first = write_roster_pdf(demo_db.uow(), tmp_path / "a.pdf", today, COUNCIL).read_bytes()
    second = write_roster_pdf(demo_db.uow(), tmp_path / "b.pdf", today, COUNCIL).read_bytes()
    assert first == second
    member = list_members(demo_db.uow(), today, "active")[3]
    args = (COUNCIL, "햇살군수", today, "2026-7")
    cert_a = write_appointment_pdf(demo_db.uow(), member.id, tmp_path / "c.pdf", *args).read_bytes()
    cert_b = write_appointment_pdf(demo_db.uow(), member.id, tmp_path / "d.pdf", *args).read_bytes()
    assert cert_a == cert_b


# ---------------------------------------------------------------- writing files

def test_a_file_in_place_of_the_folder_is_refused(demo_db: Database, tmp_path: Path, today: date) -> None:
    """A real OS refusal that binds every user, root included (permission bits do not)."""
    not_a_folder = tmp_path / "USB"
    not_a_folder.write_text("이건 폴더가 아닙니다", encoding="utf-8")
    with pytest.raises(InputRefused) as caught:
        write_roster_pdf(demo_db.uow(), not_a_folder / "명부.pdf", today, COUNCIL)
    assert caught.value.code == "write_failed"
    assert not list(tmp_path.rglob("*.pdf*")) and not list(tmp_path.rglob("*.tmp"))


def test_permission_error_is_refused_and_leaves_no_file(
        demo_db: Database, tmp_path: Path, today: date, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same refusal, forced, so it is checked even where permissions do not bind (root)."""
    def refuse(*_args: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    out = tmp_path / "명부.pdf"
    with pytest.raises(InputRefused) as caught:
        write_roster_pdf(demo_db.uow(), out, today, COUNCIL)
    assert caught.value.code == "write_failed"
    assert caught.value.params["path"] == str(out)
    assert "쓰기 권한" in caught.value.message("ko")
    assert list(tmp_path.glob("*.pdf*")) == [] and list(tmp_path.glob(".*.tmp")) == []


def test_missing_folder_is_refused(demo_db: Database, tmp_path: Path, today: date) -> None:
    with pytest.raises(InputRefused) as caught:
        write_roster_pdf(demo_db.uow(), tmp_path / "없는 폴더" / "명부.pdf", today, COUNCIL)
    assert caught.value.code == "write_failed"
    assert "폴더가 없습니다" in caught.value.message("ko")


def test_write_atomically_replaces_an_existing_file(tmp_path: Path) -> None:
    out = tmp_path / "old.pdf"
    out.write_bytes(b"old")
    assert pdf_common.write_atomically(out, b"new") == out
    assert out.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["old.pdf"]


# ---------------------------------------------------------------- 위촉장

def _member(db: Database, today: date, name: str):
    return next(v for v in list_members(db.uow(), today) if v.name == name)


def test_certificate_of_a_reappointed_member(demo_db: Database, tmp_path: Path, today: date) -> None:
    hong = _member(demo_db, today, "홍길동")
    term = hong.current_term
    assert term is not None and term.number > 1
    out = write_appointment_pdf(demo_db.uow(), hong.id, tmp_path / "위촉장.pdf", COUNCIL, "햇살군수", today, "2026-7")
    pages = pdf_pages(out)
    assert len(pages) == 1
    flat = compact(pages[0])
    assert_in_order(
        flat, "제2026-7호", "위촉장", "성명:홍길동", "소속:상촌리", "직위:이장",
        compact(f"임기: {format_date(term.start_on)} ~ {format_date(term.end_on)}"),
        compact("위 사람을 「사회보장급여의 이용·제공 및 수급권자 발굴에 관한 법률」 제41조에 따라"),
        compact(f"{COUNCIL} 위원으로 재위촉합니다."), "2026.11.24.", "햇살군수(직인)",
    )
    info = pdf_info(out)
    assert info["Page size"].startswith("595.27") and info["Author"] == COUNCIL
    assert info["Title"] == "위촉장 - 홍길동"
    assert_fonts_embedded(out, "NanumMyeongjo", "NanumMyeongjoBold")
    assert not re.search(r"^\s*-\s*1\s*-\s*$", pages[0], re.MULTILINE)  # a certificate has no page number


def test_certificate_of_a_first_term_without_number(db: Database, tmp_path: Path, today: date) -> None:
    with db.uow() as uow:
        member = add_member_in_session(uow.session, member_data("김새봄", sex="F", affiliation="", position=""),
                                       term_data(date(2026, 11, 1), date(2028, 10, 31)), today)
        member_id = member.id
        uow.commit()
    out = write_appointment_pdf(db.uow(), member_id, tmp_path / "new.pdf", COUNCIL, "햇살군수", date(2026, 11, 1))
    flat = compact("".join(pdf_pages(out)))
    assert "위원으로위촉합니다." in flat and "재위촉" not in flat
    assert "호" not in flat.split("위촉장")[0]  # no "제 … 호" line
    assert "소속" not in flat and "직위" not in flat  # empty fields are left out
    assert "임기:2026.11.1.~2028.10.31." in flat and "2026.11.1.햇살군수" in flat


def test_certificate_of_an_ex_officio_member_has_no_end_date(demo_db: Database, tmp_path: Path, today: date) -> None:
    kim = _member(demo_db, today, "김정호")
    out = write_appointment_pdf(demo_db.uow(), kim.id, tmp_path / "kim.pdf", COUNCIL, "햇살군수", today)
    flat = compact("".join(pdf_pages(out)))
    assert compact(f"임기: {format_date(kim.terms[-1].start_on)}부터 재직 기간") in flat


def test_certificate_for_unknown_member_raises_not_found(db: Database, tmp_path: Path, today: date) -> None:
    out = tmp_path / "none.pdf"
    with pytest.raises(NotFound):
        write_appointment_pdf(db.uow(), "no-such-member", out, COUNCIL, "햇살군수", today)
    assert not out.exists()


# ---------------------------------------------------------------- building blocks

def test_ruled_table_and_end_mark_helpers(tmp_path: Path) -> None:
    s = pdf_common.styles()
    columns = [pdf_common.Column("구분", 30), pdf_common.Column("내용", 60)]
    story = [
        pdf_common.para("표 시험", s.title),
        pdf_common.ruled_table(columns, [["가", "첫째"], ["나", "둘째"]]),
        pdf_common.end_mark(),
        pdf_common.with_end_mark("마지막 문장입니다.", s.body),
    ]
    out = pdf_common.build_pdf(tmp_path / "t.pdf", story, pdf_common.DocumentInfo("시험", COUNCIL))
    flat = compact("".join(pdf_pages(out)))
    assert_in_order(flat, "표시험", "구분", "내용", "가", "첫째", "나", "둘째", "이하빈칸", "끝.",
                    "마지막문장입니다.끝.", "-1-")
    assert_fonts_embedded(out, "NanumGothic")
    assert pdf_common.spaced("위촉장") == "위 촉 장"
