"""The 한글 (HWPX) forms of the 통지서, 회의자료 and 회의록, read back with python-hwpx.

Made from the golden fixture council (``tests.golden.fixtures``) beside their PDFs: each
file must say exactly what its PDF says, in the same order (all text compared with the
PDF's ``pdftotext`` text, whitespace aside), pass the library's validation, be A4 with the
PDF's margins, name the 명조 and 고딕 fonts, and carry its tables as tables.
"""
from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from hwpx import HwpxDocument
from hwpx.tools.package_validator import validate_package

from app.reports.hwpx import HWPX_KINDS, writers
from app.reports.hwpx.writer import SANS_FACE, SERIF_FACE
from tests.golden import fixtures as g

DOCUMENTS = {name: spec for name, spec in g.PDF_DOCUMENTS.items() if spec[0] in HWPX_KINDS}
HWPUNIT_MM = 7200 / 25.4


@pytest.fixture(scope="module")
def council(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("hwpx")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("COUNCILDESK_HOME", str(folder / "home"))
        built = g.build_council(folder / "council.db")
    yield built
    built.db.dispose()


@pytest.fixture(scope="module")
def written(council, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hwpx-files")
    out = {}
    for name, (kind, what) in DOCUMENTS.items():
        out[name] = writers()[kind](council.db.uow(), council.meetings[what], folder / f"{name}.hwpx", g.COUNCIL)
    return out


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _pdf_text(pdf: Path) -> str:
    """The PDF's text in drawing order (``-raw``), without the '- n -' page numbers."""
    pages = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], check=True, capture_output=True,
                           text=True, encoding="utf-8").stdout.split("\f")
    return "".join(re.sub(r"^\s*-\s*\d+\s*-\s*$", "", page, flags=re.M) for page in pages)


def test_every_meeting_printout_but_the_attendance_sheet_has_an_hwpx_form():
    assert HWPX_KINDS == {"notice", "agenda", "minutes"}
    assert {kind for kind, _ in DOCUMENTS.values()} == HWPX_KINDS


@pytest.mark.skipif(not g.have_poppler(), reason="pdftotext reads the PDFs back")
@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_hwpx_says_what_the_pdf_says_in_the_same_order(council, written, tmp_path, name):
    pdf_text = _squeeze(_pdf_text(g.write_pdf(council, name, tmp_path)))
    hwpx_text = _squeeze(HwpxDocument.open(written[name]).text.plain())
    assert len(hwpx_text) > 200
    if hwpx_text != pdf_text:
        at = next((i for i, (a, b) in enumerate(zip(pdf_text, hwpx_text)) if a != b), min(len(pdf_text), len(hwpx_text)))
        pytest.fail(f"{name}: differs at {at}: PDF …{pdf_text[max(0, at - 30):at + 30]}… "
                    f"HWPX …{hwpx_text[max(0, at - 30):at + 30]}…")


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_hwpx_passes_the_library_validation(written, name):
    document = HwpxDocument.open(written[name])
    assert document.validate().issues == ()
    package = validate_package(str(written[name]))
    # The library's own template lists no version part in its manifest: a warning only.
    assert [i for i in package.issues if i.level != "warning"] == []
    with zipfile.ZipFile(written[name]) as archive:
        assert archive.read("mimetype") == b"application/hwp+zip"


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_hwpx_page_is_a4_portrait_with_the_pdf_margins_and_numbered(written, name):
    document = HwpxDocument.open(written[name])
    size = document.page.size()
    assert round(size.width / HWPUNIT_MM) == 210 and round(size.height / HWPUNIT_MM) == 297
    assert size.orientation == "WIDELY"  # OWPML's word for portrait
    margins = document.page.margins()
    assert round(margins.left / HWPUNIT_MM) == 20 and round(margins.right / HWPUNIT_MM) == 15
    assert round((margins.top + margins.header) / HWPUNIT_MM) == 25
    assert round((margins.bottom + margins.footer) / HWPUNIT_MM) == 20
    with zipfile.ZipFile(written[name]) as archive:
        section = archive.read("Contents/section0.xml").decode("utf-8")
    assert 'numType="PAGE"' in section  # '- n -' in the footer
    # A booklet's cover goes without a number, as in the PDF.
    assert document.page.visibility().hide_first_footer == (DOCUMENTS[name][0] == "agenda")


def _font_of(document: HwpxDocument, paragraph) -> tuple[str, bool, float]:
    run = document.styles.char_property(paragraph.char_pr_id_ref)
    face = document.styles.fonts()[run.child_attributes["fontRef"]["hangul"]].face
    return face, "bold" in run.child_attributes, int(run.attributes["height"]) / 100


def test_titles_and_headings_are_gothic_and_the_body_is_myeongjo(written):
    document = HwpxDocument.open(written["minutes_approved"])
    fonts = {font.face: font for font in document.styles.fonts().values()}
    assert fonts[SERIF_FACE].substitution.face == "함초롬바탕"
    assert fonts[SANS_FACE].substitution.face == "함초롬돋움"
    by_text = {p.text: p for p in document.paragraphs if p.text}
    assert _font_of(document, by_text["회  의  록"]) == (SANS_FACE, True, 18)
    assert _font_of(document, by_text["회의 내용"]) == (SANS_FACE, True, 12.5)
    opening = next(p for text, p in by_text.items() if text.startswith("1. 개회("))
    assert _font_of(document, opening) == (SERIF_FACE, False, 11)
    # Centred title, and '끝.' two spaces after the closing sentence.
    assert document.styles.paragraph_property(by_text["회  의  록"].para_pr_id_ref).align.horizontal == "CENTER"
    closing = next(text for text in by_text if text.startswith("4. 폐회("))
    assert closing.endswith("선언함.  끝.")


def _tables(document: HwpxDocument) -> list:
    return [table for paragraph in document.paragraphs for table in paragraph.tables]


def test_minutes_carry_attendance_signatures_and_addenda_as_tables(written):
    document = HwpxDocument.open(written["minutes_approved_with_addendum"])
    tables = _tables(document)
    overview = tables[0]
    keys = [overview.cell(r, 0).text for r in range(overview.row_count)]
    assert keys == ["회의명", "일시", "장소", "소집", "재적·출석", "출석위원", "결석위원", "배석", "기록자"]
    assert "(간사)" in overview.cell(keys.index("출석위원"), 1).text
    signatures = tables[1]
    assert [signatures.cell(r, 0).text for r in range(signatures.row_count)] == ["기록자", "확인자", "확인자"]
    addenda = tables[-1]
    assert [addenda.cell(0, c).text for c in range(addenda.column_count)] == ["연번", "정정일", "정정자", "사유", "정정 내용"]
    assert addenda.cell(addenda.row_count - 1, 0).text == "이하 빈칸"


def test_votes_are_printed_with_their_result(written):
    text = HwpxDocument.open(written["minutes_approved"]).text.plain()
    assert re.search(r"3\) 결과: 원안가결 \(찬성 \d+, 반대 \d+, 기권 \d+\)", text), "the vote counts of a decided item"


def test_agenda_list_and_items_start_new_pages(written):
    document = HwpxDocument.open(written["agenda_planned"])
    listing = _tables(document)[0]
    assert [listing.cell(0, c).text for c in range(listing.column_count)] == ["연번", "구분", "안건 번호", "안건명", "제안자"]
    assert listing.cell(listing.row_count - 1, 0).text == "이하 빈칸"
    breaks = [p.text for p in document.paragraphs
              if document.styles.paragraph_property(p.para_pr_id_ref).break_setting.page_break_before]
    items = [listing.cell(r, 2).text for r in range(1, listing.row_count - 1)]
    # The cover ends before "회의 순서"; each item's section starts on a page of its own.
    assert breaks == ["회의 순서", *items]
    assert len(items) == 3


def test_hwpx_write_refuses_a_missing_folder(council, tmp_path):
    from app.errors import InputRefused

    meeting = council.meetings[6]
    with pytest.raises(InputRefused) as refused:
        writers()["notice"](council.db.uow(), meeting, tmp_path / "nowhere" / "x.hwpx", g.COUNCIL)
    assert refused.value.code == "write_failed"
