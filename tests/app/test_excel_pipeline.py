"""The generic Excel pipeline (app.reports.excel) and the member hook on it: a cancel leaves
the database as it was, checking a file costs the same queries whatever its length, identical
errors are grouped, a sheet of another area reads through the same code, and the member
rules are one definition (in office on a date agrees with its SQL twin).

Real temporary SQLite databases and real .xlsx files; no mocks.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import event, select

from app.errors import FieldError, InputRefused
from app.member_rules import in_office, in_office_clause
from app.members import add_member, list_members
from app.reports.excel.columns import Column, SheetSpec
from app.reports.excel.importer import ImportCancelled, group_errors, read_typed_rows
from app.reports.excel_members import apply_members_import, read_members_workbook
from db.models import MemberTerm
from db.security_models import AccessLogEntry
from tests.app.test_excel_members import person, write_rows
from tests.conftest import member_data, term_data


def many(count: int, start: int = 0) -> list[dict[str, object]]:
    """Former members (terms ended), so the member cap does not apply."""
    return [person(f"위원{i:04d}", 생년월일=date(1950, 1, 1 + i % 28), 연락처=f"010-5{i // 1000:03d}-{i % 1000:04d}",
                   위촉일=date(2015, 1, 1), 임기만료일=date(2016, 12, 31)) for i in range(start, start + count)]


def imports_logged(db) -> int:
    with db.session_factory() as session:
        return len(session.scalars(select(AccessLogEntry).where(AccessLogEntry.action == "import")).all())


# ---------------------------------------------------------------- cancelling

@pytest.mark.parametrize("cancel_after", [1, 2, 3], ids=["first-check", "midway", "before-commit"])
def test_cancelling_the_apply_leaves_the_database_unchanged(db, today, tmp_path, cancel_after):
    add_member(db.uow(), member_data("홍길동"), term_data(), today)
    hong = list_members(db.uow(), today)[0]
    rows = many(120) + [person("홍길동", 위원ID=hong.id, 직위="전 이장", 생년월일=hong.birth_date,
                               연락처=hong.phone)]
    plan = read_members_workbook(db.uow(), write_rows(tmp_path / "many.xlsx", rows), today)
    assert plan.counts["add"] == 120 and plan.counts["update"] == 1
    before = list_members(db.uow(), today)
    logged = imports_logged(db)

    # Checks come every 50 rows and once more before the commit: 50, 100, 121, commit.
    checks = {"n": 0}

    def cancelled() -> bool:
        checks["n"] += 1
        return checks["n"] >= {1: 1, 2: 2, 3: 4}[cancel_after]

    seen: list[tuple[int, int]] = []
    with pytest.raises(ImportCancelled) as stopped:
        apply_members_import(db.uow(), plan, today, progress=lambda d, t: seen.append((d, t)), cancelled=cancelled)
    assert stopped.value.message() == "가져오기를 취소했습니다. 아무것도 바뀌지 않았습니다."
    assert list_members(db.uow(), today) == before
    assert imports_logged(db) == logged
    assert len(seen) == {1: 0, 2: 1, 3: 3}[cancel_after]

    # The same plan still applies in full afterwards.
    result = apply_members_import(db.uow(), plan, today, cancelled=lambda: False)
    assert (result.added, result.updated) == (120, 1)


def test_cancelling_the_check_writes_nothing(db, today, tmp_path):
    path = write_rows(tmp_path / "many.xlsx", many(60))
    with pytest.raises(ImportCancelled):
        read_members_workbook(db.uow(), path, today, cancelled=lambda: True)
    assert list_members(db.uow(), today) == []


# ---------------------------------------------------------------- queries per file, not per row

def _statements_to_check(db, today, path: Path) -> int:
    count = {"n": 0}

    def counter(*_args: object) -> None:
        count["n"] += 1

    event.listen(db.engine, "before_cursor_execute", counter)
    try:
        plan = read_members_workbook(db.uow(), path, today)
    finally:
        event.remove(db.engine, "before_cursor_execute", counter)
    assert not plan.invalid_rows, [e.message() for e in plan.errors[:3]]
    return count["n"]


def test_checking_a_file_costs_the_same_statements_for_5_or_200_rows(db, today, tmp_path):
    for i in range(3):
        add_member(db.uow(), member_data(f"기존{i}", birth_date=date(1960, 1, i + 1), phone=f"010-7000-000{i}"),
                   term_data(), today)
    small = _statements_to_check(db, today, write_rows(tmp_path / "5.xlsx", many(5)))
    large = _statements_to_check(db, today, write_rows(tmp_path / "200.xlsx", many(200)))
    assert small == large
    assert small < 20


# ---------------------------------------------------------------- grouped errors

def test_identical_errors_are_grouped_with_their_rows(db, today, tmp_path):
    rows = [person(f"위원{i:02d}", 성별="남자" if i % 2 else "남", 생년월일=date(1960, 1, i + 1),
                   연락처=f"010-1000-{i:04d}", 위촉일=date(2015, 1, 1), 임기만료일=date(2016, 12, 31))
            for i in range(26)]
    rows[4]["성별"] = "?"
    plan = read_members_workbook(db.uow(), write_rows(tmp_path / "g.xlsx", rows), today)
    groups = plan.error_groups
    assert [(g.field, g.code, len(g.rows)) for g in groups] == [("sex", "invalid_choice", 13),
                                                               ("sex", "invalid_choice", 1)]
    assert groups[0].message() == ("3, 5, 7, 9, 11, 13, 15, 17, 19, 21 외 3개 행 '성별' 열: "
                                   "성별 값 '남자'는 쓸 수 없습니다. 목록에서 고르세요.")
    assert groups[1].message() == "6행 '성별' 열: 성별 값 '?'는 쓸 수 없습니다. 목록에서 고르세요."
    assert groups[1].message("en").startswith("Row 6, column 'Sex': ")
    assert len(plan.errors) == 14


def test_group_errors_keeps_first_appearance_order():
    errors = [FieldError("phone", "invalid_phone", {"value": "1"}, row=9), FieldError("name", "required", row=2),
              FieldError("phone", "invalid_phone", {"value": "1"}, row=3)]
    assert [(g.field, g.rows) for g in group_errors(errors)] == [("phone", (9, 3)), ("name", (2,))]


# ---------------------------------------------------------------- another area on the same pipeline

DONATIONS = SheetSpec(
    title="후원", anchor="donor",
    columns=(
        Column("donor", "후원자", "text", 12, required=True, aliases=("기부자",)),
        Column("received_on", "받은 날", "date", 12, required=True),
        Column("amount", "금액", "int", 10, required=True),
        Column("kind", "구분", "choice", 8, choices={"cash": ("현금", "Cash"), "goods": ("물품", "Goods")},
               blank="cash"),
        Column("receipt", "영수증", "bool", 8),
    ),
)


def test_another_area_reads_through_the_same_pipeline(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "후원"
    ws.append(["후원 내역"])
    ws.append(["기부자 ", "금액", "받은 날(필수)", "구분", "영수증", "메모"])
    ws.append(["햇살상회", 300000, "2026. 3. 2.", None, "예", "x"])
    ws.append([None, None, None, None, None, None])
    ws.append(["달빛교회", "12만", 20260305, "물품 ", "글쎄", None])
    wb.save(tmp_path / "d.xlsx")

    read = read_typed_rows(tmp_path / "d.xlsx", DONATIONS)
    assert read.table.ignored == ("메모",)
    first, second = read.rows
    assert (first.row, first.values, first.errors) == (3, {"donor": "햇살상회", "amount": 300000,
                                                            "received_on": date(2026, 3, 2), "kind": "cash",
                                                            "receipt": True}, ())
    assert second.row == 5
    assert second.values["received_on"] == date(2026, 3, 5) and second.values["kind"] == "goods"
    assert [(e.row, e.field, e.code) for e in second.errors] == [(5, "amount", "invalid_number"),
                                                                 (5, "receipt", "invalid_bool")]

    ws.delete_cols(3)
    wb.save(tmp_path / "missing.xlsx")
    with pytest.raises(InputRefused) as refused:
        read_typed_rows(tmp_path / "missing.xlsx", DONATIONS)
    assert refused.value.params["columns"] == "받은 날"


# ---------------------------------------------------------------- one definition of "in office"

def test_in_office_and_its_sql_twin_agree(db):
    """Every combination of start, fixed end and early end, on the days around them."""
    start, end, ended = date(2025, 1, 10), date(2025, 1, 20), date(2025, 1, 15)
    cases = [(None, None), (end, None), (None, ended), (end, ended), (end, date(2025, 1, 25))]
    days = [date(2025, 1, d) for d in (9, 10, 14, 15, 16, 20, 21, 25, 26)]
    add_member(db.uow(), member_data(), term_data(), date(2026, 11, 24))
    member_id = list_members(db.uow(), date(2026, 11, 24))[0].id
    with db.uow() as uow:
        terms = [MemberTerm(member_id=member_id, start_on=start, end_on=e, ended_on=x,
                            end_reason="resigned" if x else None, end_note="") for e, x in cases]
        uow.session.add_all(terms)
        uow.session.flush()
        ours = {t.id for t in terms}
        for day in days:
            in_sql = set(uow.session.scalars(select(MemberTerm.id).where(in_office_clause(day)))) & ours
            in_python = {t.id for t in terms if in_office(t.start_on, t.end_on, t.ended_on, day)}
            assert in_sql == in_python, day


def _selects_to_apply(db, today, path: Path) -> tuple[int, int]:
    plan = read_members_workbook(db.uow(), path, today)
    statements: list[str] = []

    def counter(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement.lstrip().split(None, 1)[0].upper())

    event.listen(db.engine, "before_cursor_execute", counter)
    try:
        result = apply_members_import(db.uow(), plan, today)
    finally:
        event.remove(db.engine, "before_cursor_execute", counter)
    assert result.added == len(plan.rows)
    return statements.count("SELECT"), len(statements)


def test_applying_a_file_queries_the_same_for_5_or_200_rows(tmp_path, today):
    """The rules are checked against the roster loaded once; what grows is only the writing."""
    from tests.conftest import make_database

    counts = []
    for size in (5, 200):
        db = make_database(tmp_path / f"{size}.db")
        try:
            for i in range(3):
                add_member(db.uow(), member_data(f"기존{i}", birth_date=date(1960, 1, i + 1),
                                                 phone=f"010-7000-000{i}"), term_data(), today)
            counts.append(_selects_to_apply(db, today, write_rows(tmp_path / f"{size}.xlsx", many(size))))
        finally:
            db.dispose()
    (small_selects, small_all), (large_selects, large_all) = counts
    assert small_selects == large_selects
    # What does grow: the inserts (the access log chains its entries one by one).
    assert large_all > small_all
