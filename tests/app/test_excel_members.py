"""The member roster as Excel: export cell by cell, the template, and the checked import.

Real temporary SQLite databases and real .xlsx files written and read with openpyxl; no
mocks except where a failure midway has to be forced.
"""
from __future__ import annotations

import os
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from app import codes
from app.errors import InputRefused, ValidationFailed
from app.members import add_member, list_members
from app.reports import excel_members
from app.reports.excel_members import (
    COLUMNS,
    apply_members_import,
    export_members,
    read_members_workbook,
    write_members_template,
)
from tests.conftest import member_data, term_data

EXPORT_HEADERS = [
    "위원ID", "성명", "성별", "생년월일", "소속", "직위", "구분", "자격", "직책", "연락처",
    "명예사회복지공무원", "비밀유지서약일", "개인정보동의일", "추천일", "위촉일", "임기만료일", "상태", "비고",
]
TEMPLATE_HEADERS = [h for h in EXPORT_HEADERS if h != "상태"]
DATE_HEADERS = ["생년월일", "비밀유지서약일", "개인정보동의일", "추천일", "위촉일", "임기만료일"]


# ---------------------------------------------------------------- helpers

def snapshot(db, today):
    """Everything a user sees of the roster; frozen views compare field by field."""
    return list_members(db.uow(), today)


def by_name(db, today, name):
    return next(v for v in list_members(db.uow(), today) if v.name == name)


def columns_of(ws) -> dict[str, int]:
    return {cell.value: cell.column for cell in ws[1] if cell.value is not None}


def row_of(ws, name: str) -> int:
    name_col = columns_of(ws)["성명"]
    for row in range(2, ws.max_row + 1):
        if ws.cell(row=row, column=name_col).value == name:
            return row
    raise AssertionError(name)


def validations_by_column(ws) -> dict[str, list]:
    """Header text -> the data validations covering that column below the header."""
    headers = {get_column_letter(col): header for header, col in columns_of(ws).items()}
    found: dict[str, list] = {}
    for dv in ws.data_validations.dataValidation:
        for cell_range in dv.sqref.ranges:
            letter = get_column_letter(cell_range.min_col)
            assert cell_range.min_row == 2
            found.setdefault(headers[letter], []).append(dv)
    return found


def person(name: str = "김철수", **cells: object) -> dict[str, object]:
    """One roster row as a user would type it, by header."""
    row: dict[str, object] = {
        "성명": name, "성별": "남", "생년월일": date(1970, 5, 5), "소속": "상촌리", "직위": "이장",
        "구분": "위촉직", "자격": "이장·통장", "직책": "위원", "연락처": "010-2222-3333",
        "명예사회복지공무원": "아니오", "위촉일": date(2025, 1, 1), "임기만료일": date(2026, 12, 31),
    }
    row.update(cells)
    return row


def write_rows(path: Path, rows: list[dict[str, object]], headers: list[str] = TEMPLATE_HEADERS,
               above: list[list[object]] | None = None) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "위원명부"
    for line in above or []:
        ws.append(line)
    ws.append(headers)
    for row in rows:
        ws.append([row.get(h.strip()) for h in headers])
    wb.save(path)
    return path


def messages(plan) -> list[str]:
    return [e.message() for e in plan.errors]


# ---------------------------------------------------------------- export

def test_export_demo_roster_cell_by_cell(demo_db, today, tmp_path):
    views = list_members(demo_db.uow(), today)
    path = export_members(demo_db.uow(), tmp_path / "위원명부.xlsx", today)

    wb = load_workbook(path)
    assert wb.sheetnames[0] == "위원명부"
    assert "안내" in wb.sheetnames
    ws = wb["위원명부"]
    assert [c.value for c in ws[1]] == EXPORT_HEADERS
    assert ws.max_row == len(views) + 1
    assert all(c.font.bold for c in ws[1])
    assert all(c.fill.fgColor.rgb not in (None, "00000000") for c in ws[1])
    assert ws.freeze_panes == "C2"
    assert ws.auto_filter.ref == f"A1:R{len(views) + 1}"
    assert ws.column_dimensions["H"].width >= 25  # 자격 labels are long

    col = columns_of(ws)
    hong = next(v for v in views if v.name == "홍길동")
    r = row_of(ws, "홍길동")

    def cell(header: str):
        return ws.cell(row=r, column=col[header])

    assert cell("위원ID").value == hong.id
    assert cell("성별").value == "남"
    assert cell("소속").value == "상촌리"
    assert cell("직위").value == "이장"
    assert cell("구분").value == "위촉직"
    assert cell("자격").value == "이장·통장"
    assert cell("직책").value == "위원"
    assert cell("연락처").value == hong.phone
    assert cell("명예사회복지공무원").value == ("예" if hong.honorary_official else "아니오")
    assert cell("상태").value == codes.label(codes.MEMBER_STATUS, hong.status)
    assert cell("비고").value is None
    # Real dates with a date format, not text.
    assert isinstance(cell("생년월일").value, datetime)
    assert cell("생년월일").value.date() == hong.birth_date
    assert cell("생년월일").number_format == "yyyy-mm-dd"
    assert cell("위촉일").value.date() == hong.current_term.start_on
    assert cell("임기만료일").value.date() == hong.current_term.end_on
    assert cell("위촉일").is_date

    # An official serves while in post: no term end.
    r = row_of(ws, "김정호")
    assert ws.cell(row=r, column=col["구분"]).value == "당연직"
    assert ws.cell(row=r, column=col["직책"]).value == "공동위원장(공공)"
    assert ws.cell(row=r, column=col["임기만료일"]).value is None
    # The status column tells ended members apart.
    statuses = {ws.cell(row=i, column=col["상태"]).value for i in range(2, ws.max_row + 1)}
    assert {"재임", "사임", "해촉"} <= statuses

    checks = validations_by_column(ws)
    assert checks["성별"][0].formula1 == '"남,여"'
    assert checks["구분"][0].formula1 == '"당연직,위촉직"'
    assert checks["직책"][0].formula1 == '"공동위원장(공공),공동위원장(민간),위원,간사"'
    assert checks["명예사회복지공무원"][0].formula1 == '"예,아니오"'
    assert all(label in checks["자격"][0].formula1 for label, _en in codes.CATEGORY.values())
    for header in DATE_HEADERS:
        assert checks[header][0].type == "date"


def test_export_filters_by_status(demo_db, today, tmp_path):
    active = list_members(demo_db.uow(), today, status="active")
    path = export_members(demo_db.uow(), tmp_path / "재임.xlsx", today, status="active")
    ws = load_workbook(path)["위원명부"]
    assert ws.max_row == len(active) + 1
    status_col = columns_of(ws)["상태"]
    assert {ws.cell(row=r, column=status_col).value for r in range(2, ws.max_row + 1)} == {"재임"}


def test_export_replaces_a_file_atomically_and_reports_write_failure(demo_db, today, tmp_path):
    target = tmp_path / "명부.xlsx"
    target.write_bytes(b"old")
    export_members(demo_db.uow(), target, today)
    assert zipfile.is_zipfile(target)
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".xlsx") == ["명부.xlsx"]

    with pytest.raises(InputRefused) as refused:
        export_members(demo_db.uow(), tmp_path / "없는 폴더" / "명부.xlsx", today)
    assert refused.value.code == "write_failed"
    assert "명부.xlsx" in refused.value.message()


# ---------------------------------------------------------------- template

def test_template_has_headers_validations_and_guide(db, today, tmp_path):
    path = write_members_template(tmp_path / "양식.xlsx")
    wb = load_workbook(path)
    ws = wb["위원명부"]
    assert [c.value for c in ws[1]] == TEMPLATE_HEADERS
    assert all(cell.value is None for row in ws.iter_rows(min_row=2) for cell in row)
    checks = validations_by_column(ws)
    for header in ("성별", "구분", "자격", "직책", "명예사회복지공무원"):
        assert checks[header][0].type == "list", header
    for header in DATE_HEADERS:
        assert checks[header][0].type == "date", header
    guide = [row[0] for row in wb["안내"].iter_rows(values_only=True)]
    assert any(text and "위원ID" in text for text in guide)

    # An untouched template has nothing to import.
    with pytest.raises(InputRefused) as refused:
        read_members_workbook(db.uow(), path, today)
    assert refused.value.code == "excel_no_rows"


def test_filled_template_imports(db, today, tmp_path):
    path = write_members_template(tmp_path / "양식.xlsx")
    wb = load_workbook(path)
    ws = wb["위원명부"]
    col = columns_of(ws)
    for header, value in person("김철수").items():
        ws.cell(row=2, column=col[header], value=value)
    wb.save(path)

    plan = read_members_workbook(db.uow(), path, today)
    assert plan.counts == {"add": 1, "update": 0, "unchanged": 0, "invalid": 0, "total": 1}
    result = apply_members_import(db.uow(), plan, today)
    assert (result.added, result.updated) == (1, 0)
    added = by_name(db, today, "김철수")
    assert added.category == 5 and added.kind == "appointed" and added.phone == "010-2222-3333"
    assert added.current_term.end_on == date(2026, 12, 31)


# ---------------------------------------------------------------- round trip

def test_round_trip_updates_one_adds_one_and_leaves_the_rest(demo_db, today, tmp_path):
    before = {v.id: v for v in snapshot(demo_db, today)}
    path = export_members(demo_db.uow(), tmp_path / "명부.xlsx", today)

    wb = load_workbook(path)
    ws = wb["위원명부"]
    col = columns_of(ws)
    ws.cell(row=row_of(ws, "홍길동"), column=col["직위"], value="전 이장")
    new_row = ws.max_row + 1
    for header, value in person("나신입", 성별="여", 직위="주민").items():
        ws.cell(row=new_row, column=col[header], value=value)
    wb.save(path)

    progress: list[tuple[int, int]] = []
    plan = read_members_workbook(demo_db.uow(), path, today, progress=lambda d, t: progress.append((d, t)))
    assert plan.errors == ()
    assert plan.counts == {"add": 1, "update": 1, "unchanged": len(before) - 1, "invalid": 0,
                           "total": len(before) + 1}
    assert progress[-1] == (len(before) + 1, len(before) + 1)
    assert [r.action for r in plan.rows if r.data.name == "홍길동"] == ["update"]
    assert [r.row for r in plan.rows if r.action == "add"] == [new_row]
    # Reading wrote nothing.
    assert {v.id: v for v in snapshot(demo_db, today)} == before

    result = apply_members_import(demo_db.uow(), plan, today)
    assert (result.added, result.updated, result.unchanged, result.skipped) == (1, 1, len(before) - 1, 0)

    after = {v.id: v for v in snapshot(demo_db, today)}
    hong = next(v for v in after.values() if v.name == "홍길동")
    assert hong.position == "전 이장"
    assert hong.terms == before[hong.id].terms
    new = after[result.added_ids[0]]
    assert (new.name, new.sex, new.position, new.status) == ("나신입", "F", "주민", "active")
    assert len(new.terms) == 1 and new.terms[0].start_on == date(2025, 1, 1)
    untouched = {k: v for k, v in after.items() if k not in (hong.id, new.id)}
    assert untouched == {k: v for k, v in before.items() if k != hong.id}

    # Exported again, the file reads as all unchanged.
    again = read_members_workbook(demo_db.uow(), export_members(demo_db.uow(), tmp_path / "2.xlsx", today), today)
    assert again.counts["unchanged"] == len(after)


def test_changed_term_dates_correct_the_latest_term(demo_db, today, tmp_path):
    hong = by_name(demo_db, today, "홍길동")
    path = export_members(demo_db.uow(), tmp_path / "명부.xlsx", today)
    wb = load_workbook(path)
    ws = wb["위원명부"]
    new_end = hong.current_term.end_on.replace(day=1)
    ws.cell(row=row_of(ws, "홍길동"), column=columns_of(ws)["임기만료일"], value=new_end)
    wb.save(path)

    plan = read_members_workbook(demo_db.uow(), path, today)
    assert plan.counts["update"] == 1
    apply_members_import(demo_db.uow(), plan, today)
    after = by_name(demo_db, today, "홍길동")
    assert len(after.terms) == len(hong.terms)  # a correction, not a reappointment
    assert after.current_term.id == hong.current_term.id
    assert after.current_term.end_on == new_end
    assert after.terms[:-1] == hong.terms[:-1]


def test_update_keeps_values_of_columns_the_file_lacks(demo_db, today, tmp_path):
    hong = by_name(demo_db, today, "홍길동")
    headers = ["위원ID", "성명", "성별", "구분", "자격", "위촉일", "임기만료일", "직위"]
    row = {"위원ID": hong.id, "성명": "홍길동", "성별": "남", "구분": "위촉직", "자격": "이장·통장",
           "위촉일": hong.current_term.start_on, "임기만료일": hong.current_term.end_on, "직위": "새마을지도자"}
    plan = read_members_workbook(demo_db.uow(), write_rows(tmp_path / "a.xlsx", [row], headers), today)
    apply_members_import(demo_db.uow(), plan, today)
    after = by_name(demo_db, today, "홍길동")
    assert after.position == "새마을지도자"
    assert (after.phone, after.birth_date, after.affiliation) == (hong.phone, hong.birth_date, hong.affiliation)
    assert after.current_term.recommended_on == hong.current_term.recommended_on


def test_co_chair_can_be_handed_over_in_one_file(demo_db, today, tmp_path):
    """The new co-chair's row comes first; the import still applies the release first."""
    path = export_members(demo_db.uow(), tmp_path / "명부.xlsx", today)
    wb = load_workbook(path)
    ws = wb["위원명부"]
    role = columns_of(ws)["직책"]
    ws.cell(row=row_of(ws, "박순자"), column=role, value="위원")
    ws.cell(row=row_of(ws, "최영희"), column=role, value="공동위원장(민간)")
    wb.save(path)

    plan = read_members_workbook(demo_db.uow(), path, today)
    assert plan.errors == ()
    apply_members_import(demo_db.uow(), plan, today)
    assert by_name(demo_db, today, "최영희").role == "co_chair_private"
    assert by_name(demo_db, today, "박순자").role == "member"


# ---------------------------------------------------------------- bad rows

BAD_ROWS = [
    pytest.param({"성명": None}, "3행 '성명' 열: 성명을 입력하세요.", id="empty-name"),
    pytest.param({"성명": "가" * 31}, "3행 '성명' 열: 성명은 30자 이하로 입력하세요.", id="long-name"),
    pytest.param({"임기만료일": date(2024, 12, 31)},
                 "3행 '임기만료일' 열: 임기만료일이 위촉일보다 앞섭니다. 날짜를 확인하세요.", id="end-before-start"),
    pytest.param({"성별": "남자"}, "3행 '성별' 열: 성별 값 '남자'는 쓸 수 없습니다. 목록에서 고르세요.",
                 id="unknown-label"),
    pytest.param({"자격": "통장님"}, "3행 '자격' 열: 자격 값 '통장님'은 쓸 수 없습니다. 목록에서 고르세요.",
                 id="unknown-category"),
    pytest.param({"생년월일": "어제"},
                 "3행 '생년월일' 열: 생년월일 '어제'는 날짜가 아닙니다. 2026-11-24처럼 입력하세요.",
                 id="text-in-date"),
    pytest.param({"위촉일": "2025-02-30"},
                 "3행 '위촉일' 열: 위촉일 '2025-02-30'은 날짜가 아닙니다. 2026-11-24처럼 입력하세요.",
                 id="impossible-date"),
    pytest.param({"명예사회복지공무원": "글쎄"},
                 "3행 '명예사회복지공무원' 열: 명예사회복지공무원 '글쎄'는 '예' 또는 '아니오'로 입력하세요.",
                 id="bad-yes-no"),
    pytest.param({"성명": "김철수", "생년월일": date(1970, 5, 5)}, "3행 '성명' 열: 2행과 같은 위원입니다.", id="duplicate-in-file"),
    pytest.param({"위원ID": "00000000-0000-0000-0000-000000000000"},
                 "3행 '위원ID' 열: 이 데이터에 없는 위원ID입니다: 00000000-0000-0000-0000-000000000000\n"
                 "새 위원이면 위원ID 칸을 비우세요.", id="unknown-id"),
    pytest.param({"연락처": "010-12"}, "3행 '연락처' 열: 연락처 '010-12'의 형식이 맞지 않습니다. 010-1234-5678처럼 입력하세요.",
                 id="bad-phone"),
    pytest.param({"위촉일": date(2025, 1, 1), "추천일": date(2025, 3, 1)},
                 "3행 '추천일' 열: 추천일이 위촉일보다 뒤입니다. 날짜를 확인하세요.", id="recommended-after-start"),
]


@pytest.mark.parametrize(("bad", "message"), BAD_ROWS)
def test_bad_row_is_reported_by_row_and_column_and_nothing_is_written(db, today, tmp_path, bad, message):
    rows = [person("김철수"), {**person("이영희", 성별="여", 생년월일=date(1980, 1, 1), 연락처="010-4444-5555"), **bad},
            person("박민수", 생년월일=date(1975, 2, 2), 연락처="010-6666-7777")]
    before = snapshot(db, today)
    plan = read_members_workbook(db.uow(), write_rows(tmp_path / "bad.xlsx", rows), today)

    assert messages(plan) == [message]
    assert [r.row for r in plan.invalid_rows] == [3]
    assert [r.row for r in plan.valid_rows] == [2, 4]
    with pytest.raises(InputRefused) as refused:
        apply_members_import(db.uow(), plan, today)
    assert refused.value.code == "excel_invalid_rows"
    assert refused.value.message() == "엑셀 파일에 잘못된 행이 1개 있습니다. 아무것도 가져오지 않았습니다."
    assert snapshot(db, today) == before


def test_every_problem_in_a_row_is_listed(db, today, tmp_path):
    row = person("", 성별="X", 구분="반반", 생년월일="1999/13/01", 위촉일=None)
    plan = read_members_workbook(db.uow(), write_rows(tmp_path / "bad.xlsx", [row]), today)
    assert {(e.row, e.field, e.code) for e in plan.errors} == {
        (2, "name", "required"), (2, "sex", "invalid_choice"), (2, "kind", "invalid_choice"),
        (2, "birth_date", "invalid_date"), (2, "start_on", "required"),
    }


def test_conflicts_with_existing_members_are_row_errors(demo_db, today, tmp_path):
    hong = by_name(demo_db, today, "홍길동")
    rows = [
        person("홍길동", 생년월일=hong.birth_date),  # the same person entered again as new
        person("나중복", 연락처="010-9999-0000"),
        person("김위원장", 직책="공동위원장(공공)", 생년월일=date(1966, 6, 6), 연락처="010-8888-1111"),
    ]
    before = snapshot(demo_db, today)
    plan = read_members_workbook(demo_db.uow(), write_rows(tmp_path / "dup.xlsx", rows), today)
    assert messages(plan) == [
        "2행 '성명' 열: 같은 성명과 생년월일의 위원 '홍길동'이 이미 있습니다. 기존 위원을 수정하세요.",
        "4행 '직책' 열: 공동위원장(공공)은 이미 '김정호' 위원이 맡고 있습니다. 먼저 그 위원의 직책을 바꾸세요.",
    ]
    assert snapshot(demo_db, today) == before


def test_new_members_beyond_the_cap_are_row_errors(db, today, tmp_path):
    with db.uow() as uow:
        from app.settings import save_settings

        save_settings(uow.session, max_members=10)
        uow.commit()
    rows = [person(f"위원{i:02d}", 생년월일=date(1960, 1, i + 1), 연락처=f"010-1000-{i:04d}") for i in range(12)]
    plan = read_members_workbook(db.uow(), write_rows(tmp_path / "cap.xlsx", rows), today)
    assert [(e.row, e.code) for e in plan.errors] == [(12, "member_cap"), (13, "member_cap")]


# ---------------------------------------------------------------- files that are not usable

def _real_xlsx(tmp_path: Path) -> Path:
    return write_rows(tmp_path / "good.xlsx", [person()])


@pytest.mark.parametrize("make", [
    pytest.param(lambda p: p.write_bytes(os.urandom(4096)), id="random-bytes"),
    pytest.param(lambda p: p.write_text("성명,성별\n홍길동,남\n", encoding="utf-8"), id="csv-renamed"),
    pytest.param(lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2000), id="old-xls"),
    pytest.param(lambda p: p.write_bytes(b""), id="empty-file"),
])
def test_non_excel_file_is_refused(db, today, tmp_path, make):
    path = tmp_path / "명부.xlsx"
    make(path)
    with pytest.raises(InputRefused) as refused:
        read_members_workbook(db.uow(), path, today)
    assert refused.value.code == "not_excel"
    assert str(path) in refused.value.message()


def test_truncated_xlsx_is_refused(db, today, tmp_path):
    good = _real_xlsx(tmp_path)
    data = good.read_bytes()
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputRefused) as refused:
        read_members_workbook(db.uow(), cut, today)
    assert refused.value.code == "not_excel"


def test_missing_file_is_refused(db, today, tmp_path):
    with pytest.raises(InputRefused) as refused:
        read_members_workbook(db.uow(), tmp_path / "없음.xlsx", today)
    assert refused.value.code == "file_missing"


def test_a_good_workbook_with_another_extension_is_read(db, today, tmp_path):
    renamed = tmp_path / "명부.dat"
    renamed.write_bytes(_real_xlsx(tmp_path).read_bytes())
    assert read_members_workbook(db.uow(), renamed, today).counts["add"] == 1


def test_sheet_missing_columns_is_refused(db, today, tmp_path):
    path = write_rows(tmp_path / "cols.xlsx", [person()], headers=["성명", "성별", "생년월일", "연락처"])
    with pytest.raises(InputRefused) as refused:
        read_members_workbook(db.uow(), path, today)
    assert refused.value.code == "excel_missing_columns"
    assert refused.value.params["columns"] == "구분, 자격, 위촉일"
    assert "구분, 자격, 위촉일" in refused.value.message()


def test_term_end_column_is_required_only_for_appointed_members(db, today, tmp_path):
    headers = ["성명", "성별", "구분", "자격", "위촉일"]
    appointed = write_rows(tmp_path / "a.xlsx", [person()], headers=headers)
    with pytest.raises(InputRefused) as refused:
        read_members_workbook(db.uow(), appointed, today)
    assert refused.value.code == "excel_missing_columns"
    assert "임기만료일" in refused.value.message()

    official = write_rows(tmp_path / "b.xlsx", [person("최공무", 구분="당연직", 자격="사회보장 담당 공무원")],
                          headers=headers)
    assert read_members_workbook(db.uow(), official, today).counts["add"] == 1


# ---------------------------------------------------------------- lenient reading

def test_headers_in_any_order_with_spaces_extra_columns_and_a_title_row(db, today, tmp_path):
    headers = [" 성 명 ", "연번", "자격", "구분", "성별 *", "위촉일(필수)", "임기만료일", "전화번호"]
    row = {"성 명": "김철수", "연번": 1, "자격": 5, "구분": "위촉직", "성별 *": "M",
           "위촉일(필수)": "2025. 1. 1.", "임기만료일": 20261231, "전화번호": 1022223333}
    path = write_rows(tmp_path / "loose.xlsx", [row], headers=headers,
                      above=[["햇살면 지역사회보장협의체 위원 명단"], []])
    plan = read_members_workbook(db.uow(), path, today)
    assert plan.errors == ()
    assert plan.ignored_columns == ("연번",)
    [only] = plan.rows
    assert only.row == 4
    assert (only.data.category, only.data.sex, only.data.phone) == (5, "M", "010-2222-3333")
    assert (only.term.start_on, only.term.end_on) == (date(2025, 1, 1), date(2026, 12, 31))


def test_empty_rows_are_skipped_and_row_numbers_stay_excel_numbers(db, today, tmp_path):
    rows = [person("김철수"), {}, {"성명": "  "}, person("이영희", 성별="여", 생년월일=None, 연락처=None, 성명=None)]
    plan = read_members_workbook(db.uow(), write_rows(tmp_path / "gaps.xlsx", rows), today)
    assert [r.row for r in plan.rows] == [2, 5]
    assert messages(plan) == ["5행 '성명' 열: 성명을 입력하세요."]


# ---------------------------------------------------------------- applying

def test_only_valid_imports_the_good_rows(db, today, tmp_path):
    rows = [person("김철수"), person("", 생년월일=date(1981, 1, 1)),
            person("박민수", 생년월일=date(1975, 2, 2), 연락처="010-6666-7777")]
    plan = read_members_workbook(db.uow(), write_rows(tmp_path / "mixed.xlsx", rows), today)
    result = apply_members_import(db.uow(), plan, today, only_valid=True)
    assert (result.added, result.updated, result.skipped) == (2, 0, 1)
    assert sorted(v.name for v in snapshot(db, today)) == ["김철수", "박민수"]


def test_failure_midway_leaves_the_database_unchanged(demo_db, today, tmp_path, monkeypatch):
    path = export_members(demo_db.uow(), tmp_path / "명부.xlsx", today)
    wb = load_workbook(path)
    ws = wb["위원명부"]
    col = columns_of(ws)
    ws.cell(row=row_of(ws, "홍길동"), column=col["직위"], value="전 이장")
    for i, name in enumerate(("나하나", "나두울", "나세엣")):
        new_row = ws.max_row + 1
        for header, value in person(name, 생년월일=date(1980, 1, i + 1), 연락처=f"010-3000-000{i}").items():
            ws.cell(row=new_row, column=col[header], value=value)
    wb.save(path)
    plan = read_members_workbook(demo_db.uow(), path, today)
    assert plan.counts["add"] == 3 and plan.counts["update"] == 1
    before = snapshot(demo_db, today)

    real_add = excel_members.add_member_in_session
    calls = {"n": 0}

    def add_then_break(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("디스크 오류")
        return real_add(*args, **kwargs)

    monkeypatch.setattr(excel_members, "add_member_in_session", add_then_break)
    with pytest.raises(RuntimeError):
        apply_members_import(demo_db.uow(), plan, today)
    assert calls["n"] == 3
    assert snapshot(demo_db, today) == before


def test_refusal_midway_names_the_row_and_rolls_back(db, today, tmp_path):
    plan = read_members_workbook(db.uow(), write_rows(tmp_path / "a.xlsx", [person("김철수"), person("이영희",
                                 생년월일=date(1981, 1, 1), 연락처="010-1111-2222")]), today)
    # Someone adds the same person in the program between reading and applying.
    add_member(db.uow(), member_data("이영희", birth_date=date(1981, 1, 1), phone=""), term_data(), today)
    before = snapshot(db, today)
    with pytest.raises(ValidationFailed) as refused:
        apply_members_import(db.uow(), plan, today)
    assert refused.value.message() == (
        "3행 '성명' 열: 같은 성명과 생년월일의 위원 '이영희'가 이미 있습니다. 기존 위원을 수정하세요.")
    assert snapshot(db, today) == before


def test_apply_reports_progress(db, today, tmp_path):
    rows = [person(f"위원{i:03d}", 생년월일=date(1950, 1, 1), 연락처=None, 위촉일=date(2015, 1, 1),
                   임기만료일=date(2016, 12, 31)) for i in range(120)]
    plan = read_members_workbook(db.uow(), write_rows(tmp_path / "many.xlsx", rows), today)
    seen: list[tuple[int, int]] = []
    result = apply_members_import(db.uow(), plan, today, progress=lambda d, t: seen.append((d, t)))
    assert result.added == 120
    assert seen == [(50, 120), (100, 120), (120, 120)]


def test_columns_match_the_error_labels():
    """Error prefixes name columns by the same words as the sheet's header."""
    from app.errors import field_label

    for column in COLUMNS:
        if column.field != "status":
            assert column.header == field_label(column.field)


def test_the_exported_roster_prints_with_a_heading_and_page_numbers(demo_db, today, tmp_path):
    """Printed straight from Excel: the title, council and date on every page, the column
    names repeated, page numbers below; the column names stay in row 1 for the import."""
    out = export_members(demo_db.uow(), tmp_path / "roster.xlsx", today)
    ws = load_workbook(out).worksheets[0]
    assert ws.print_title_rows.replace("$", "") == "1:1"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.title in ws.oddHeader.center.text
    assert ws.oddHeader.left.text == "햇살면 지역사회보장협의체"
    assert "&D" in ws.oddHeader.right.text
    assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text
