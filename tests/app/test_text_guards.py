"""Free text in and out, as an attacker would try it: 주민등록번호 and control characters
refused by every service and by the Excel import; formula text exported as text; stored
control characters exported without breaking the file. Real databases, real .xlsx files."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from app.errors import ValidationFailed
from app.meetings.agenda import ItemData, add_agenda_item, record_discussion
from app.meetings.attachments import add_attachment_bytes
from app.meetings.meetings import GuestData, add_guest, update_minutes_text
from app.members import add_member, dismiss_member, list_members
from app.reports.excel_access_log import export_access_log
from app.reports.excel_members import export_members, read_members_workbook
from app.security.accounts import NewAccount, create_account
from app.security.audit import read_access_log
from app.settings import set_appointing_authority
from app.subcommittees import SubcommitteeData, create_subcommittee
from app.text_rules import check_texts, clean_for_file, csv_text, is_formula_like, looks_like_rrn, text_problem
from db.models import Member
from tests.app.meeting_support import make_council, meeting_data, new_meeting
from tests.conftest import TODAY, member_data, term_data

RRN = "900101-1234567"
FORMULAS = ['=HYPERLINK("http://x")', "=cmd|' /C calc'!A0", "=1+1", "+1", "@SUM(A1)", "-2+3", "\t=1+1"]


def refused(call, field: str, code: str) -> ValidationFailed:
    with pytest.raises(ValidationFailed) as caught:
        call()
    found = [(e.field, e.code) for e in caught.value.errors]
    assert (field, code) in found, found
    return caught.value


# ---------------------------------------------------------------- the rules

@pytest.mark.parametrize("text", [RRN, "9001011234567", "900101 - 1234567", "900101 1234567", "비고: 900101-2234567 참고",
                                  "９００１０１－１２３４５６７", "외국인 000229-5123456"])
def test_rrn_shapes_are_seen(text: str) -> None:
    assert looks_like_rrn(text)


@pytest.mark.parametrize("text", ["010-1234-5678", "900101-1******", "1900101-12345678", "123-45-67890",
                                  "991399-1234567", "900101-9234567", "계좌 110-123-456789", ""])
def test_numbers_that_are_not_an_rrn_pass(text: str) -> None:
    assert not looks_like_rrn(text)


def test_control_characters_by_kind_of_field() -> None:
    assert text_problem("note", "첫 줄\n둘째 줄\t탭", multiline=True) is None
    assert text_problem("name", "홍\n길동").code == "single_line"
    for char in ("\x0b", "\x00", "\x1f", "\x7f", "\x85", "\ud800", "\u202e", "\uffff"):
        problem = text_problem("note", f"앞{char}뒤", multiline=True)
        assert problem is not None and problem.code == "control_character", repr(char)
        assert problem.params["char"] == f"U+{ord(char):04X}"


def test_messages_say_why_and_never_quote_the_number() -> None:
    (error,) = check_texts({"note": f"참고 {RRN}"}, multiline=("note",))
    text = error.message("ko")
    assert "주민등록번호" in text and "개인정보 보호법" in text and "비고" in text
    assert RRN not in text and "1234567" not in text
    assert "resident registration" in error.message("en").lower()


# ---------------------------------------------------------------- every service

def test_member_fields_refuse_an_rrn(db, today) -> None:
    for field in ("name", "affiliation", "position"):
        error = refused(lambda: add_member(db.uow(), member_data(**{field: RRN}), term_data(), today), field, "rrn_in_text")
        assert RRN not in error.message()
    refused(lambda: add_member(db.uow(), member_data(note=f"주민번호 {RRN} 확인함"), term_data(), today),
            "note", "rrn_in_text")
    assert list_members(db.uow(), today) == []


def test_member_dialog_vertical_tab_is_refused_by_the_service(db, today) -> None:
    refused(lambda: add_member(db.uow(), member_data(note="첫째\x0b둘째"), term_data(), today), "note", "control_character")
    refused(lambda: add_member(db.uow(), member_data(affiliation="상촌\x0b리"), term_data(), today),
            "affiliation", "control_character")
    refused(lambda: add_member(db.uow(), member_data(position="이장\n통장"), term_data(), today), "position", "single_line")
    view = add_member(db.uow(), member_data(note="첫째\n둘째"), term_data(), today)
    assert view.note == "첫째\n둘째"
    refused(lambda: dismiss_member(db.uow(), view.id, today, "resigned", f"사유 {RRN}", today), "end_note", "rrn_in_text")


def test_meeting_texts_refuse_an_rrn_and_controls(db, today) -> None:
    council = make_council(db)
    meeting_id = new_meeting(council)
    refused(lambda: add_agenda_item(db.uow(), meeting_id, ItemData("report", f"{RRN} 건", "간사"), today),
            "title", "rrn_in_text")
    item = add_agenda_item(db.uow(), meeting_id, ItemData("report", "사업 보고", "간사", "설명\n둘째 줄"), today)
    refused(lambda: record_discussion(db.uow(), item.id, f"발언: {RRN}", today), "discussion", "rrn_in_text")
    refused(lambda: update_minutes_text(db.uow(), meeting_id, today, other_business=f"기타 {RRN}"),
            "other_business", "rrn_in_text")
    refused(lambda: add_guest(db.uow(), meeting_id, GuestData(name="김\x07손님")), "name", "control_character")
    refused(lambda: add_attachment_bytes(db.uow(), meeting_id, "보고서\u202efdp.exe", b"x", today),
            "filename", "control_character")
    refused(lambda: create_meeting_titled(db, f"회의 {RRN}"), "title", "rrn_in_text")


def create_meeting_titled(db, title: str) -> None:
    from app.meetings.meetings import create_meeting

    create_meeting(db.uow(), meeting_data(title=title), TODAY)


def test_other_areas_refuse_an_rrn(db, today) -> None:
    refused(lambda: create_subcommittee(db.uow(), SubcommitteeData(name="복지분과", description=f"간사 {RRN}"), today),
            "description", "rrn_in_text")
    refused(lambda: set_appointing_authority(db.uow(), f"햇살군수 {RRN}"), "appointing_authority", "rrn_in_text")
    refused(lambda: create_account(db, NewAccount("clerk", "clerk-pass-2026!", "김\x0b주무관", "clerk")),
            "display_name", "control_character")


# ---------------------------------------------------------------- Excel in

def roster_file(path: Path, rows: list[dict[str, object]]) -> Path:
    headers = ["성명", "성별", "구분", "자격", "위촉일", "임기만료일", "소속", "비고"]
    wb = Workbook()
    ws = wb.active
    ws.title = "위원명부"
    ws.append(headers)
    base = {"성별": "남", "구분": "위촉직", "자격": "이장·통장", "위촉일": "2026-01-01", "임기만료일": "2027-12-31"}
    for row in rows:
        values = {**base, **row}
        ws.append([values.get(h) for h in headers])
    wb.save(path)
    return path


def test_a_sheet_gets_the_answer_the_window_gets(db, today, tmp_path) -> None:
    path = roster_file(tmp_path / "in.xlsx", [
        {"성명": "김철수", "비고": "좋음"},
        {"성명": RRN},
        {"성명": "이영희", "소속": RRN},
        {"성명": "박민수", "비고": f"번호 {RRN}"},
        {"성명": "최\x7f지우"},
        {"성명": "한\n솔", "소속": "상촌\n리"},
    ])
    plan = read_members_workbook(db.uow(), path, today)
    problems = {(e.row, e.field, e.code) for e in plan.errors}
    assert problems == {(3, "name", "rrn_in_text"), (4, "affiliation", "rrn_in_text"), (5, "note", "rrn_in_text"),
                        (6, "name", "control_character"), (7, "affiliation", "single_line")}
    messages = "\n".join(e.message() for e in plan.errors)
    assert "3행 '성명' 열" in messages and "4행 '소속' 열" in messages and "5행 '비고' 열" in messages
    assert RRN not in messages
    assert [r.row for r in plan.valid_rows] == [2]


# ---------------------------------------------------------------- files out

def test_formula_text_is_exported_as_text(db, today, tmp_path) -> None:
    for number, formula in enumerate(FORMULAS):
        add_member(db.uow(), member_data(name=f"위원{number}", phone=f"010-1234-00{number:02d}", note=formula),
                   term_data(), today)
    out = export_members(db.uow(), tmp_path / "roster.xlsx", today)
    ws = load_workbook(out).worksheets[0]
    headers = [c.value for c in ws[1]]
    notes = {ws.cell(row=r, column=headers.index("성명") + 1).value: ws.cell(row=r, column=headers.index("비고") + 1)
             for r in range(2, ws.max_row + 1)}
    for number, formula in enumerate(FORMULAS):
        cell = notes[f"위원{number}"]
        assert cell.data_type == "s" and cell.value == formula.strip()  # notes are stored trimmed
        assert cell.quotePrefix, formula
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)


def test_stored_control_characters_do_not_break_exports(db, today, tmp_path) -> None:
    view = add_member(db.uow(), member_data(note="예전 자료"), term_data(), today)
    # Older versions let a vertical tab in; write it past the service as they did.
    with db.session_factory() as session:
        session.get(Member, view.id).note = "예전\x0b자료\x00끝"
        session.commit()
    out = export_members(db.uow(), tmp_path / "roster.xlsx", today)
    ws = load_workbook(out).worksheets[0]
    assert "예전자료끝" in [c.value for row in ws.iter_rows() for c in row]


def test_access_log_export_survives_a_login_name_with_a_control_character(db, db_path, tmp_path) -> None:
    from app.database import open_database
    from app.errors import AppError
    from tests.conftest import ADMIN_PASSWORD

    db.dispose()
    for name in ("ad\x0bmin", '=HYPERLINK("http://x")'):
        with pytest.raises(AppError):
            open_database(db_path, name, "wrong")
    admin = open_database(db_path, "admin", ADMIN_PASSWORD)  # failed logins are written now
    try:
        rows = read_access_log(admin.session_factory, admin.actor)
        # The log itself stores text safe for XML: the control character is already replaced.
        assert "ad\ufffdmin" in {r.target_id for r in rows}
        out = export_access_log(admin, rows, tmp_path / "log.xlsx")
    finally:
        admin.dispose()
    cells = [c for row in load_workbook(out).worksheets[0].iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert "ad\ufffdmin" in texts and '=HYPERLINK("http://x")' in texts


def test_csv_cells() -> None:
    assert csv_text("=1+1") == "'=1+1" and csv_text("@SUM(A1)") == "'@SUM(A1)" and csv_text(" \t+1") == "' \t+1"
    assert csv_text("홍길동") == "홍길동" and csv_text(None) == "" and csv_text(12) == "12"
    assert csv_text("a\x0bb") == "ab"
    buffer = io.StringIO()
    csv.writer(buffer).writerow([csv_text(v) for v in FORMULAS])
    assert all(cell.startswith("'") for cell in next(csv.reader(io.StringIO(buffer.getvalue()))))
    assert is_formula_like("－1") and not is_formula_like("1-2") and clean_for_file("줄\n바꿈") == "줄\n바꿈"


# ---------------------------------------------------------------- workbooks refused before reading

def test_a_hidden_first_sheet_is_not_imported(db, today, tmp_path) -> None:
    path = roster_file(tmp_path / "hidden.xlsx", [{"성명": "보이는위원"}])
    wb = load_workbook(path)
    hidden = wb.create_sheet("숨김", 0)
    hidden.append(["성명", "성별", "구분", "자격", "위촉일", "임기만료일"])
    hidden.append(["숨은위원", "남", "위촉직", "이장·통장", "2026-01-01", "2027-12-31"])
    hidden.sheet_state = "hidden"
    wb.active = 1
    wb.save(path)
    plan = read_members_workbook(db.uow(), path, today)
    assert [r.data.name for r in plan.rows] == ["보이는위원"]

    # Named but hidden is still hidden: the first visible sheet is read.
    wb = load_workbook(path)
    wb["위원명부"].title = "다른이름"
    wb["숨김"].title = "위원명부"
    wb.save(path)
    assert [r.data.name for r in read_members_workbook(db.uow(), path, today).rows] == ["보이는위원"]


def with_sheet(path: Path, *parts: bytes, repeat: int = 1) -> Path:
    """A workbook whose first sheet's XML is written by hand (openpyxl itself would truncate
    a long cell): ``parts[0]``, then ``parts[1]`` ``repeat`` times, then ``parts[2]``, in
    slices, so a huge sheet never exists in memory here either."""
    import zipfile

    good = roster_file(path.with_name("good.xlsx"), [{"성명": "김철수"}])
    head, middle, tail = parts
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                target.writestr(info, source.read(info))
                continue
            with target.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as out:
                out.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                          + head)
                for _ in range(repeat):
                    out.write(middle)
                out.write(tail + b"</sheetData></worksheet>")
    return path


HEADER_ROW = ('<row r="1">' + "".join(f'<c r="{col}1" t="inlineStr"><is><t>{text}</t></is></c>' for col, text in
                                      zip("ABCDEFGH", ["성명", "성별", "구분", "자격", "위촉일", "임기만료일", "소속", "비고"]))
              + "</row>").encode()


def deflating_bomb(path: Path, size: int) -> Path:
    """A workbook whose sheet inflates to ``size`` bytes of one string."""
    return with_sheet(path, HEADER_ROW + b'<row r="2"><c r="A2" t="inlineStr"><is><t>', b"A" * 1_000_000,
                      b"</t></is></c></row>", repeat=size // 1_000_000)


def test_a_zip_bomb_is_refused_without_inflating_it(db, today, tmp_path) -> None:
    import tracemalloc

    from app.errors import InputRefused

    path = deflating_bomb(tmp_path / "bomb.xlsx", 300_000_000)
    assert path.stat().st_size < 2_000_000
    tracemalloc.start()
    try:
        with pytest.raises(InputRefused) as caught:
            read_members_workbook(db.uow(), path, today)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert caught.value.code == "excel_zip_bomb"
    assert peak < 20_000_000, peak  # the 300 MB were never inflated


def test_a_workbook_too_large_uncompressed_is_refused_naming_the_limit(db, today, tmp_path, monkeypatch) -> None:
    import os
    import zipfile

    from app.errors import InputRefused
    from app.reports.excel import workbook

    path = roster_file(tmp_path / "big.xlsx", [{"성명": "김철수"}])
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/noise.bin", os.urandom(3_000_000))  # incompressible: no bomb
    monkeypatch.setattr(workbook, "MAX_UNCOMPRESSED", 2_000_000)
    with pytest.raises(InputRefused) as caught:
        read_members_workbook(db.uow(), path, today)
    assert caught.value.code == "excel_too_large" and "2MB" in caught.value.message()


def test_a_cell_beyond_excels_limit_is_refused_with_its_place(db, today, tmp_path) -> None:
    from app.errors import InputRefused

    path = with_sheet(tmp_path / "long.xlsx", HEADER_ROW + '<row r="2"><c r="A2" t="inlineStr"><is><t>김철수</t></is></c>'
                      '<c r="H2" t="inlineStr"><is><t>'.encode(), "가".encode() * 32_768, b"</t></is></c></row>")
    with pytest.raises(InputRefused) as caught:
        read_members_workbook(db.uow(), path, today)
    assert caught.value.code == "excel_cell_too_long"
    assert "2행 H열" in caught.value.message() and "32767" in caught.value.message()


# ---------------------------------------------------------------- the log

def test_the_log_holds_no_record_content_and_is_owner_only(db, db_path, today, isolated_home, monkeypatch,
                                                           capsys) -> None:
    import os
    import stat

    from openpyxl.utils.exceptions import IllegalCharacterError

    import app.reports.excel_members as excel_members
    from app.cli import main
    from app.errors import FieldError
    from tests.conftest import ADMIN_PASSWORD

    db.dispose()
    secret = "비밀메모-홍길동-010-9999-8888"

    def quoting_writer(*_args, **_kwargs):
        raise IllegalCharacterError(f"{secret}\x0b cannot be used in worksheets.")

    def refusing_writer(*_args, **_kwargs):
        raise ValidationFailed([FieldError("phone", "invalid_phone", {"value": secret}, row=7)])

    monkeypatch.setenv("COUNCILDESK_PASSWORD", ADMIN_PASSWORD)
    out = str(db_path.parent / "x.xlsx")
    monkeypatch.setattr(excel_members, "export_members", quoting_writer)
    assert main(["excel", "export", "members", "--db", str(db_path), "--user", "admin", "--out", out]) == 1
    monkeypatch.setattr(excel_members, "export_members", refusing_writer)
    assert main(["excel", "export", "members", "--db", str(db_path), "--user", "admin", "--out", out]) == 3
    assert secret in capsys.readouterr().err  # the person is told what is wrong

    log_file = isolated_home / "logs" / "councildesk.log"
    text = log_file.read_text(encoding="utf-8")
    assert "IllegalCharacterError" in text and "ValidationFailed(phone:invalid_phone@7)" in text
    assert secret not in text and "홍길동" not in text and "9999" not in text
    assert stat.S_IMODE(os.stat(log_file).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(log_file.parent).st_mode) == 0o700


def test_an_old_world_readable_log_is_made_owner_only(isolated_home) -> None:
    import os
    import stat

    from app.logfile import open_log_handler

    folder = isolated_home / "logs"
    folder.mkdir(mode=0o755)
    path = folder / "councildesk.log"
    path.write_text("old\n", encoding="utf-8")
    os.chmod(path, 0o644)
    open_log_handler(path).close()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600 and stat.S_IMODE(os.stat(folder).st_mode) == 0o700
