"""The network map as a PDF and the activity report (Excel and PDF): figures against
hand-counted records, the small-cell rule, text and embedded fonts of the PDFs, one sheet
per section with print set-up, and the command line (print network, report activity,
excel export report)."""
from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from openpyxl import load_workbook

import app.security.keyring as keyring_module
from app.cli import main
from app.meetings.meetings import mark_meeting_held
from app.reports.activity_report import SMALL_CELL, build_activity_report, small_cell
from app.reports.activity_report_excel import export_activity_report
from app.reports.activity_report_pdf import write_activity_pdf
from app.reports.network_pdf import write_network_pdf
from tests.app.meeting_support import TODAY, attend, make_council, new_meeting
from tests.app.network_support import org, project
from tests.conftest import FAST_KDF

YEAR = (date(2026, 1, 1), date(2026, 12, 31))
COUNCIL = "햇살면 지역사회보장협의체"
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None or shutil.which("pdffonts") is None,
                                   reason="poppler-utils not installed")


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def pdf_fonts(path: Path) -> list[list[str]]:
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


def test_the_small_cell_rule() -> None:
    assert [small_cell(n) for n in (None, 0, 1, 2, 3, 40)] == [None, 0, SMALL_CELL, SMALL_CELL, 3, 40]


@pytest.fixture
def council_records(db):  # type: ignore[no-untyped-def]
    """Hand-counted: 6 members in office from 2025 (4 appointed to 2026-12-31, 2 officials),
    one appointed on 2026-06-01, one who resigned on 2026-02-01; two regular meetings held
    (5 of 6 and 3 of 6 present) and one planned; two projects (2 and 40 beneficiaries)."""
    council = make_council(db, count=6)
    first = new_meeting(council)
    attend(council, first, present=5, excused=1)
    mark_meeting_held(db.uow(), first, "15:00", TODAY)
    second = new_meeting(council, held_on=date(2026, 9, 8))
    attend(council, second, present=3)
    mark_meeting_held(db.uow(), second, "15:00", TODAY)
    new_meeting(council, held_on=date(2026, 12, 8))  # planned: not counted
    a, b, c = org(db, "햇살면 행정복지센터", "public"), org(db, "햇살면 자원봉사회"), org(db, "햇살교회")
    project(db, "행복 도시락", [a, b, c], budget=5_000_000, spending=1_200_000, beneficiaries=40)
    project(db, "긴급 집수리", [a], kind="special", start=date(2026, 8, 1), end=date(2026, 9, 30),
            budget=3_000_000, spending=3_000_000, beneficiaries=2)
    project(db, "지난해 사업", [a, b], start=date(2025, 3, 1), end=date(2025, 6, 30), beneficiaries=9)
    return db


def test_the_report_figures_match_the_hand_counted_records(council_records) -> None:  # type: ignore[no-untyped-def]
    report = build_activity_report(council_records.uow(), *YEAR, COUNCIL)
    meetings = report.section("meetings")
    assert meetings.rows[0] == ("정기회의", 2, 4.0, 66.7)
    assert meetings.rows[2] == ("분과회의", 0, None, None)
    assert meetings.total == ("합계", 2, 4.0, 66.7)
    members = dict(report.section("members").rows)  # type: ignore[arg-type]
    assert (members["신규 위촉"], members["재위촉"], members["사임"], members["해촉"]) == (1, 0, 1, 0)
    assert members["임기 만료(재위촉 없음)"] == 4 and members["기간 끝(2026. 12. 31.) 재임 위원"] == 7
    projects = report.section("projects")
    assert [(r[0], r[5], r[6], r[7]) for r in projects.rows] == [
        ("긴급 집수리", 3_000_000, 3_000_000, SMALL_CELL), ("행복 도시락", 5_000_000, 1_200_000, 40)]
    assert projects.total is not None and projects.total[5:] == (8_000_000, 4_200_000, 42)


def test_resources_found_are_those_entered_in_the_period(db) -> None:  # type: ignore[no-untyped-def]
    org(db, "햇살면 보건지소", "public")
    org(db, "햇살 약국")
    today = datetime.now(timezone.utc).date()
    found = build_activity_report(db.uow(), date(today.year, 1, 1), today, COUNCIL).section("resources")
    assert ("기관", "공공", 1) in found.rows and ("기관", "민간", 1) in found.rows
    assert found.total == ("합계", "", 2)
    earlier = build_activity_report(db.uow(), date(2020, 1, 1), date(2020, 12, 31), COUNCIL).section("resources")
    assert earlier.total == ("합계", "", 0)


def test_the_workbook_has_one_printable_sheet_per_section(council_records, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = export_activity_report(council_records.uow(), tmp_path / "실적.xlsx", *YEAR, COUNCIL)
    wb = load_workbook(path)
    assert wb.sheetnames == ["회의 개최", "위원 변동", "특화사업_공동사업", "지역자원 발굴"]
    ws = wb["특화사업_공동사업"]
    assert ws["A2"].value == "기간: 2026. 1. 1. ~ 2026. 12. 31."
    assert [c.value for c in ws[4]][:2] == ["사업명", "구분"]
    values = [[c.value for c in row] for row in ws.iter_rows(min_row=5)]
    assert values[0][0] == "긴급 집수리" and values[0][7] == SMALL_CELL
    assert values[-1][0] == "합계" and values[-1][5] == 8_000_000
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$4:$4"


@needs_poppler
def test_the_report_pdf_says_the_figures_in_embedded_fonts(council_records, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = write_activity_pdf(council_records.uow(), tmp_path / "실적.pdf", *YEAR, COUNCIL)
    text = pdf_text(path)
    for expected in ("햇살면 지역사회보장협의체 활동 실적", "1. 회의 개최", "행복 도시락", "5,000,000", "끝."):
        assert expected in text
    assert "긴급 집수리" in text and " 2 " not in text.split("긴급 집수리")[1].splitlines()[0]
    assert all(row[-4] == "yes" and row[0].split("+")[1].startswith("Nanum") for row in pdf_fonts(path))


@needs_poppler
def test_the_network_map_pdf_is_landscape_with_its_lists_and_embedded_fonts(council_records, tmp_path) -> None:  # type: ignore[no-untyped-def]
    org(council_records, "햇살 약국")  # in no project: isolated
    path = write_network_pdf(council_records.uow(), tmp_path / "지도.pdf", *YEAR, COUNCIL)
    text = pdf_text(path)
    assert "햇살면 지역사회보장협의체 네트워크 지도" in text and "공공 (1곳)" in text
    assert "아직 연결되지 않은 기관" in text and "햇살 약국" in text
    assert "연결된 무리" in text and "지난 기간(2025. 1. 1. ~ 2025. 12. 31.) 대비 변화" in text
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert "841.89 x 595.276 pts (A4)" in info
    assert all(row[-4] == "yes" for row in pdf_fonts(path))


# ---------------------------------------------------------------- the command line

PASSWORD = "cli-pass-2026"


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(keyring_module, "DEFAULT_KDF", FAST_KDF)
        patch.setenv("COUNCILDESK_PASSWORD", PASSWORD)
        patch.setenv("COUNCILDESK_HOME", str(tmp_path_factory.mktemp("home")))
        assert main(["demo", "--db", str(path)]) == 0
    return path


def run(capsys, monkeypatch, *argv: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COUNCILDESK_PASSWORD", PASSWORD)
    capsys.readouterr()
    code = main([*argv, "--user", "admin"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_cli_writes_the_map_and_the_report(demo_file, tmp_path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    db = str(demo_file)
    code, out, err = run(capsys, monkeypatch, "print", "network", "--db", db, "--from", "2026-01-01",
                         "--to", "2026-12-31", "--layout", "rings", "--out", str(tmp_path / "map.pdf"))
    assert code == 0, err
    assert (tmp_path / "map.pdf").read_bytes().startswith(b"%PDF")
    code, out, err = run(capsys, monkeypatch, "report", "activity", "--db", db, "--from", "2026-01-01",
                         "--to", "2026-12-31", "--out", str(tmp_path / "r.xlsx"), "--json")
    assert code == 0, err
    assert json.loads(out) == {"out": str(tmp_path / "r.xlsx"), "from": "2026-01-01", "to": "2026-12-31"}
    assert len(load_workbook(tmp_path / "r.xlsx").sheetnames) == 4
    code, out, err = run(capsys, monkeypatch, "excel", "export", "report", "--db", db, "--from", "2026-01-01",
                         "--to", "2026-06-30", "--out", str(tmp_path / "r2.xlsx"))
    assert code == 0, err
    assert load_workbook(tmp_path / "r2.xlsx")["회의 개최"]["A2"].value == "기간: 2026. 1. 1. ~ 2026. 6. 30."


def test_cli_refuses_a_reversed_period_and_a_wrong_file_type(demo_file, tmp_path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    db = str(demo_file)
    code, _out, err = run(capsys, monkeypatch, "report", "activity", "--db", db, "--from", "2026-12-31",
                          "--to", "2026-01-01", "--out", str(tmp_path / "r.pdf"))
    assert code == 3 and "시작" in err and not (tmp_path / "r.pdf").exists()
    code, _out, err = run(capsys, monkeypatch, "report", "activity", "--db", db, "--from", "2026-01-01",
                          "--to", "2026-12-31", "--out", str(tmp_path / "r.csv"))
    assert code == 2
