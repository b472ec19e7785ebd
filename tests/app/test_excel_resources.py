"""The directory in Excel through the generic pipeline: export, the template's drop-down
lists, an edited file imported again (matched by 서비스 ID), new services and
organizations from blank-ID rows, bad rows refused with nothing changed, and the CLI."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.area_records import dump_records
from app.cli import main
from app.errors import InputRefused
from app.reports.excel_resources import (SHEET_TITLE, apply_resources_import, export_resources,
                                         read_resources_workbook, write_resources_template)
from app.resources.demo import build_demo_resources
from db.session import Database
from tests.conftest import ADMIN_PASSWORD, make_database

TODAY = date(2026, 11, 24)


@pytest.fixture
def demo(tmp_path: Path) -> Database:
    db = make_database(tmp_path / "demo.db")
    build_demo_resources(db, TODAY)
    yield db
    db.dispose()


def headers(ws) -> list[str]:  # type: ignore[no-untyped-def]
    return [c.value for c in ws[1]]


def services(db: Database) -> dict[str, dict]:
    return {r["id"]: r for r in dump_records(db.uow(), "service")}


def test_template_has_drop_down_lists_for_kind_area_sector_and_status(tmp_path: Path) -> None:
    ws = load_workbook(write_resources_template(tmp_path / "t.xlsx"))[SHEET_TITLE]
    columns = {h: i for i, h in enumerate(headers(ws))}
    lists = {}
    for dv in ws.data_validations.dataValidation:
        if dv.type == "list":
            letter = str(dv.sqref).split(":")[0].rstrip("0123456789")
            lists[ws[f"{letter}1"].value] = (dv.formula1, dv.showErrorMessage)
    assert lists["자원 유형"] == ('"인적,물적,재정,기관·시설,서비스·프로그램,정보"', True)
    assert lists["기관 구분"] == ('"공공,민간,민관협력"', True)
    assert lists["상태"] == ('"운영,일시 중단,운영 종료"', True)
    # Several areas may go in one cell: a list to pick from, without an error for "복지, 보건".
    assert lists["서비스 분야"] == ('"복지,보건,고용,주거,교육,문화,체육,관광"', False)
    assert "서비스명" in columns and ws.page_setup.orientation == "landscape"


def test_export_then_import_unchanged_then_edited(demo: Database, tmp_path: Path) -> None:
    path = export_resources(demo.uow(), tmp_path / "r.xlsx", TODAY)
    wb = load_workbook(path)
    ws = wb[SHEET_TITLE]
    assert ws.print_title_rows == "$1:$1" and ws.freeze_panes == "E2" and ws.max_row == 51
    assert all(b"010-2345-6789" not in p.read_bytes() for p in [path])
    plan = read_resources_workbook(demo.uow(), path, TODAY)
    assert plan.counts["unchanged"] == 50 and plan.errors == ()

    col = {h: i + 1 for i, h in enumerate(headers(ws))}
    ws.cell(row=2, column=col["정원"], value=99)
    ws.cell(row=2, column=col["서비스 분야"], value="복지, 보건")
    ws.append([None, "새 봉사 모임", "민간", "새 반찬 배달", "물적", "복지", "노인"])
    wb.save(path)
    before = services(demo)
    plan = read_resources_workbook(demo.uow(), path, TODAY)
    assert plan.counts == {"add": 1, "update": 1, "unchanged": 49, "invalid": 0, "total": 51}, plan.errors
    result = apply_resources_import(demo.uow(), plan)
    assert (result.added, result.updated) == (1, 1)
    after = services(demo)
    changed_id = ws.cell(row=2, column=col["서비스 ID"]).value
    assert after[changed_id]["capacity"] == 99 and after[changed_id]["service_areas"] == "welfare,health"
    (new,) = [r for i, r in after.items() if i not in before]
    assert new["name"] == "새 반찬 배달" and new["target_groups"] == "elderly"
    assert any(o["name"] == "새 봉사 모임" and o["sector"] == "private" for o in dump_records(demo.uow(), "organization"))


def test_bad_rows_are_named_and_nothing_changes(demo: Database, tmp_path: Path) -> None:
    path = export_resources(demo.uow(), tmp_path / "r.xlsx", TODAY)
    wb = load_workbook(path)
    ws = wb[SHEET_TITLE]
    col = {h: i + 1 for i, h in enumerate(headers(ws))}
    ws.cell(row=3, column=col["자원 유형"], value="음식")
    ws.cell(row=4, column=col["정원"], value=1)  # below its current use
    ws.append([None, "처음 보는 기관", None, "이름 있는 서비스", "물적"])
    wb.save(path)
    before = services(demo)
    plan = read_resources_workbook(demo.uow(), path, TODAY)
    messages = [e.message() for e in plan.errors]
    assert any(m.startswith("3행 '자원 유형' 열:") for m in messages), messages
    assert any(m.startswith("4행 '정원' 열:") for m in messages), messages
    assert any(m.startswith("52행 '기관 구분' 열:") and "처음 보는 기관" in m for m in messages), messages
    with pytest.raises(InputRefused):
        apply_resources_import(demo.uow(), plan)
    assert services(demo) == before


def test_cli_excel_resources(demo: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                             monkeypatch: pytest.MonkeyPatch) -> None:
    path = str(demo.path)
    demo.dispose()
    monkeypatch.setenv("COUNCILDESK_PASSWORD", ADMIN_PASSWORD)
    out = str(tmp_path / "r.xlsx")
    assert main(["excel", "export", "resources", "--db", path, "--out", out, "--user", "admin"]) == 0
    assert main(["excel", "import", "resources", "--db", path, out, "--dry-run", "--user", "admin"]) == 0
    assert "올바른 행 50" in capsys.readouterr().out
    assert main(["excel", "template", "resources", "--out", str(tmp_path / "t.xlsx")]) == 0
