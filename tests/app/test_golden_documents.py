"""Golden files of every printout and Excel export (tests/golden/pdf, tests/golden/excel).

Each document is made from the fixture council of ``tests.golden.fixtures`` (the demo
council as of 2026-11-24, seeded ids) and compared with its stored form: a PDF as its
``pdftotext -layout`` text and page count, a workbook cell by cell with its key formats,
column widths, dropdowns and print settings. A deliberate change is one
``python tests/golden/regenerate.py`` and a reviewed diff (tests/golden/README.md).
"""
from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

import app
from tests.golden import fixtures as g

pytestmark = pytest.mark.skipif(not g.have_poppler(), reason="poppler-utils (pdftotext, pdfinfo) read the PDFs back")
# The access-log export is in the PC's time zone, pinned through POSIX TZ.
needs_tzset = pytest.mark.skipif(not hasattr(time, "tzset"), reason="time zone cannot be pinned here")


@pytest.fixture(scope="module")
def council(tmp_path_factory: pytest.TempPathFactory):
    """Built once for the module; its own home folder, as the per-test one is not set up yet."""
    folder = tmp_path_factory.mktemp("golden")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("COUNCILDESK_HOME", str(folder / "home"))
        built = g.build_council(folder / "council.db")
    yield built
    built.db.dispose()


def assert_matches_golden(golden: Path, actual: str) -> None:
    assert golden.exists(), f"no golden file {golden.name}. {g.STALE_HINT}"
    expected = golden.read_text(encoding="utf-8")
    assert actual == expected, f"{golden.name} differs from its golden file; {g.first_difference(expected, actual)}\n{g.STALE_HINT}"


@pytest.mark.parametrize("name", sorted(g.PDF_DOCUMENTS))
def test_pdf_text_and_page_count_match_golden(council, tmp_path, name):
    pdf = g.write_pdf(council, name, tmp_path)
    golden = g.PDF_DIR / f"{name}.txt"
    actual = g.pdf_golden_text(pdf)
    # The page count on its own first: the clearest message when a table spills over.
    if golden.exists():
        stored_pages = golden.read_text(encoding="utf-8").split(":", 1)[1].split("page(s)")[0].strip()
        assert g.pdf_page_count(pdf) == int(stored_pages), f"{name}: page count changed. {g.STALE_HINT}"
    assert_matches_golden(golden, actual)


@pytest.mark.parametrize("name", [pytest.param(n, marks=needs_tzset) if n == "access_log" else n
                                  for n in g.EXCEL_EXPORTS])
def test_workbook_matches_golden_cell_by_cell(council, tmp_path, name):
    assert_matches_golden(g.EXCEL_DIR / f"{name}.json", g.snapshot_text(g.write_excel(council, name, tmp_path)))


def test_every_golden_file_belongs_to_a_document():
    """A renamed or dropped document leaves no orphan golden that nothing compares."""
    assert {p.stem for p in g.PDF_DIR.glob("*.txt")} == set(g.PDF_DOCUMENTS)
    # city_summary is compared by tests/app/test_golden_sync.py (it is made from the sync fixture).
    assert {p.stem for p in g.EXCEL_DIR.glob("*.json")} == set(g.EXCEL_EXPORTS) | {"city_summary"}


def test_every_printout_in_app_has_a_golden():
    """A new ``write_*_pdf`` anywhere in app/ must be added to PDF_DOCUMENTS (and so get a golden)."""
    pattern = re.compile(r"^def (write_\w+_pdf)\(", re.MULTILINE)
    writers = {name for path in Path(app.__file__).parent.rglob("*.py")
               for name in pattern.findall(path.read_text(encoding="utf-8"))}
    covered = {f"write_{kind}_pdf" for kind, _ in g.PDF_DOCUMENTS.values()}
    assert writers == covered


@needs_tzset
def test_access_log_export_is_in_local_time(council, tmp_path):
    """The stored times are UTC; the golden pins the zone, so check the shift itself once."""
    from openpyxl import load_workbook

    with g.fixed_timezone("Asia/Seoul"):
        seoul = load_workbook(g.write_excel(council, "access_log", tmp_path))
    out = tmp_path / "utc"
    out.mkdir()
    with g.fixed_timezone("UTC"):
        from app.reports.excel_access_log import export_access_log

        utc = load_workbook(export_access_log(council.db, g.access_log_rows(), out / "access_log.xlsx"))
    first_seoul, first_utc = seoul.active["A2"].value, utc.active["A2"].value
    assert (first_seoul - first_utc).total_seconds() == 9 * 3600
