"""The command line keeps to shared/cli.md: commands, output, exit codes, no tracebacks."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from app import __version__
import app.security.keyring as keyring_module
from app.cli import main
from tests.conftest import FAST_KDF

ROOT = Path(__file__).resolve().parents[2]


PASSWORD = "cli-pass-2026"


@pytest.fixture(autouse=True)
def password_in_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Scripts give the password through the environment, never as an argument."""
    monkeypatch.setenv("COUNCILDESK_PASSWORD", PASSWORD)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One demo built through the CLI per module; each test gets its own copy."""
    path = tmp_path_factory.mktemp("template") / "demo.db"
    previous = os.environ.get("COUNCILDESK_PASSWORD")
    os.environ["COUNCILDESK_PASSWORD"] = PASSWORD
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(keyring_module, "DEFAULT_KDF", FAST_KDF)
        code = main(["demo", "--db", str(path)])
    try:
        assert code == 0
    finally:
        if previous is None:
            os.environ.pop("COUNCILDESK_PASSWORD", None)
        else:
            os.environ["COUNCILDESK_PASSWORD"] = previous
    return path


@pytest.fixture
def demo_file(demo_template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    capsys.readouterr()
    path = tmp_path / "demo.db"
    for suffix in ("", ".keys"):
        shutil.copyfile(str(demo_template) + suffix, str(path) + suffix)
    return path


def dump(capsys: pytest.CaptureFixture[str], path: Path, table: str | None = None, user: str = "admin") -> list[dict]:
    args = ["dump", "--db", str(path), "--user", user] + (["--table", table] if table else [])
    code, out, err = run(capsys, *args)
    assert code == 0, err
    return [json.loads(line) for line in out.splitlines()]


def test_version_flag(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_python_dash_m_app_runs_the_same_cli() -> None:
    result = subprocess.run([sys.executable, "-m", "app", "--version"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0
    assert result.stdout.strip() == f"councildesk {__version__}"


def test_init_creates_a_database_and_refuses_to_overwrite(tmp_path: Path, capsys) -> None:
    path = tmp_path / "new.db"
    code, out, _ = run(capsys, "init", "--db", str(path), "--council-code", "4377031000",
                       "--council-name", "달빛면 지역사회보장협의체", "--json")
    assert code == 0
    result = json.loads(out)
    assert result["council_code"] == "4377031000" and result["role"] == "council"
    before = path.read_bytes()
    code, _, err = run(capsys, "init", "--db", str(path), "--council-code", "1", "--council-name", "x")
    assert code == 3
    assert "이미 데이터 파일이 있습니다" in err
    assert path.read_bytes() == before


def test_demo_takes_council_code_and_name(tmp_path: Path, capsys) -> None:
    path = tmp_path / "d.db"
    code, out, _ = run(capsys, "demo", "--db", str(path), "--council-code", "4377099000",
                       "--council-name", "별빛면 지역사회보장협의체", "--json")
    assert code == 0
    assert json.loads(out)["members_in_office"] >= 20
    code, out, _ = run(capsys, "init", "--db", str(tmp_path / "e.db"), "--council-code", "x y",
                       "--council-name", "z")
    assert code == 3


def test_dump_prints_sorted_json_lines_of_live_records(demo_file: Path, capsys) -> None:
    records = dump(capsys, demo_file)
    keys = [(r["table"], r["id"]) for r in records]
    assert keys == sorted(keys)
    tables = {r["table"] for r in records}
    assert {"member", "member_term", "subcommittee", "subcommittee_membership"} <= tables
    assert all(r["deleted_at"] is None for r in records)
    members = dump(capsys, demo_file, "member")
    assert {r["table"] for r in members} == {"member"}
    assert any(r["name"] == "홍길동" for r in members)
    assert all("resident" not in key for r in members for key in r)  # no 주민등록번호 field at all


def test_dump_unknown_table_is_refused(demo_file: Path, capsys) -> None:
    code, _, err = run(capsys, "dump", "--db", str(demo_file), "--table", "nope", "--user", "admin")
    assert code == 3 and err.strip()


def test_check_passes_on_a_sound_file_and_fails_on_a_damaged_one(demo_file: Path, capsys) -> None:
    code, out, _ = run(capsys, "check", "--db", str(demo_file), "--user", "admin")
    assert code == 0 and "이상 없습니다" in out
    data = bytearray(demo_file.read_bytes())
    # Overwrite the middle of the file (table pages), leaving the header intact.
    middle = len(data) // 2
    data[middle:middle + 4096] = b"\x00\xff" * 2048
    demo_file.write_bytes(bytes(data))
    for suffix in ("-wal", "-shm"):
        Path(str(demo_file) + suffix).unlink(missing_ok=True)
    code, out, _ = run(capsys, "check", "--db", str(demo_file), "--user", "admin", "--json")
    assert code == 3
    assert json.loads(out)["ok"] is False


def test_missing_database_exits_3_with_korean_message(tmp_path: Path, capsys) -> None:
    code, out, err = run(capsys, "dump", "--db", str(tmp_path / "none.db"), "--user", "admin")
    assert code == 3
    assert "데이터 파일이 없습니다" in err
    assert "Traceback" not in err + out
    code, _, err = run(capsys, "dump", "--db", str(tmp_path / "none.db"), "--user", "admin", "--lang", "en")
    assert "does not exist" in err


def test_wrong_usage_exits_2(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["frobnicate"])
    assert exit_info.value.code == 2
    assert "명령을 잘못 썼습니다" in capsys.readouterr().err


def test_print_roster_and_appointment(demo_file: Path, tmp_path: Path, capsys) -> None:
    roster = tmp_path / "roster.pdf"
    code, _, err = run(capsys, "print", "roster", "--db", str(demo_file), "--user", "admin", "--out", str(roster), "--date", "2026-11-24")
    assert code == 0, err
    assert roster.read_bytes().startswith(b"%PDF")
    member = next(r for r in dump(capsys, demo_file, "member") if r["name"] == "홍길동")
    certificate = tmp_path / "cert.pdf"
    code, _, err = run(capsys, "print", "appointment", "--db", str(demo_file), "--user", "admin", "--member", member["id"][:8],
                       "--out", str(certificate), "--issuer", "햇살군수")
    assert code == 0, err
    text = subprocess.run(["pdftotext", str(certificate), "-"], capture_output=True, text=True).stdout
    assert "홍길동" in text and "햇 살 군 수" in text
    # Without --date the certificate bears the term's 위촉일, as the window's default does.
    term = max((t for t in dump(capsys, demo_file, "member_term") if t["member_id"] == member["id"]),
               key=lambda t: t["start_on"])
    year, month, day = (int(part) for part in term["start_on"].split("-"))
    assert f"{year}. {month}. {day}." in text


def test_print_appointment_without_member_is_a_usage_error(demo_file: Path, tmp_path: Path, capsys) -> None:
    code, _, err = run(capsys, "print", "appointment", "--db", str(demo_file), "--user", "admin", "--out", str(tmp_path / "x.pdf"))
    assert code == 2 and "--member" in err


def test_excel_round_trip_and_refusals(demo_file: Path, tmp_path: Path, capsys) -> None:
    sheet = tmp_path / "members.xlsx"
    code, _, err = run(capsys, "excel", "export", "members", "--db", str(demo_file), "--user", "admin", "--out", str(sheet))
    assert code == 0, err
    before = dump(capsys, demo_file)

    workbook = openpyxl.load_workbook(sheet)
    rows = workbook.active
    header = [cell.value for cell in rows[1]]
    rows.cell(row=2, column=header.index("성명") + 1, value="")  # an invalid row
    workbook.save(sheet)
    code, _, err = run(capsys, "excel", "import", "members", "--db", str(demo_file), "--user", "admin", str(sheet))
    assert code == 3
    assert "2행 '성명' 열" in err
    assert dump(capsys, demo_file) == before

    code, out, _ = run(capsys, "excel", "import", "members", "--db", str(demo_file), "--user", "admin", str(sheet), "--dry-run", "--json")
    assert code == 3 and json.loads(out)["invalid"] == 1
    assert dump(capsys, demo_file) == before

    not_excel = tmp_path / "fake.xlsx"
    not_excel.write_text("이름,성별\n홍길동,남\n", encoding="utf-8")
    code, _, err = run(capsys, "excel", "import", "members", "--db", str(demo_file), "--user", "admin", str(not_excel))
    assert code == 3 and "엑셀 파일" in err
    assert dump(capsys, demo_file) == before


def test_excel_import_adds_new_rows(demo_file: Path, tmp_path: Path, capsys) -> None:
    template = tmp_path / "template.xlsx"
    assert run(capsys, "excel", "template", "members", "--db", str(demo_file), "--out", str(template))[0] == 0
    workbook = openpyxl.load_workbook(template)
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    values = {"성명": "나새봄", "성별": "여", "구분": "위촉직", "자격": "이장·통장", "직책": "위원",
              "위촉일": "2026-01-01", "임기만료일": "2027-12-31", "연락처": "010-5555-1212"}
    for name, value in values.items():
        sheet.cell(row=2, column=header.index(name) + 1, value=value)
    workbook.save(template)
    code, out, err = run(capsys, "excel", "import", "members", "--db", str(demo_file), "--user", "admin", str(template), "--json")
    assert code == 0, err
    assert json.loads(out)["added"] == 1
    assert any(r["name"] == "나새봄" for r in dump(capsys, demo_file, "member"))


def test_unexpected_error_is_logged_not_shown_as_traceback(demo_file: Path, capsys, monkeypatch, isolated_home) -> None:
    import app.reports.roster_pdf as roster_pdf

    def explode(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(roster_pdf, "write_roster_pdf", explode)
    code, out, err = run(capsys, "print", "roster", "--db", str(demo_file), "--user", "admin", "--out", str(demo_file.parent / "r.pdf"))
    assert code == 1
    assert "Traceback" not in err and "예기치 않은 오류" in err
    log = (isolated_home / "logs" / "councildesk.log").read_text(encoding="utf-8")
    # Its type and where, not its message: messages may quote a member's data.
    assert "in explode" in log and "\nRuntimeError\n" in log and "RuntimeError: boom" not in log


def test_init_prints_the_recovery_code_once_and_needs_a_password(tmp_path: Path, capsys, monkeypatch) -> None:
    path = tmp_path / "new.db"
    code, out, _ = run(capsys, "init", "--db", str(path), "--council-code", "4377031000",
                       "--council-name", "달빛면 지역사회보장협의체", "--admin", "kim")
    assert code == 0
    assert "복구 코드" in out and "kim" in out
    monkeypatch.delenv("COUNCILDESK_PASSWORD")
    monkeypatch.setattr(sys, "stdin", None)
    code, _, err = run(capsys, "init", "--db", str(tmp_path / "other.db"), "--council-code", "1",
                       "--council-name", "x")
    assert code == 2 and "COUNCILDESK_PASSWORD" in err
    assert not (tmp_path / "other.db").exists()


def test_every_command_logs_in(demo_file: Path, capsys, monkeypatch) -> None:
    monkeypatch.setattr(sys, "stdin", None)
    code, _, err = run(capsys, "dump", "--db", str(demo_file))
    assert code == 2 and "--user" in err
    monkeypatch.setenv("COUNCILDESK_PASSWORD", "wrong-password-1")
    before = demo_file.read_bytes()
    code, out, err = run(capsys, "dump", "--db", str(demo_file), "--user", "admin")
    assert code == 3 and "비밀번호가 맞지 않습니다" in err and out == ""
    assert demo_file.read_bytes() == before


def test_a_read_only_member_account_gets_no_birth_dates(demo_file: Path, capsys, monkeypatch) -> None:
    from app.demo import DEMO_PASSWORD

    admin_rows = dump(capsys, demo_file, "member")
    assert all("birth_date" in r for r in admin_rows)
    monkeypatch.setenv("COUNCILDESK_PASSWORD", DEMO_PASSWORD)
    viewer_rows = dump(capsys, demo_file, "member", user="wiwon")
    assert len(viewer_rows) == len(admin_rows)
    assert all("birth_date" not in r for r in viewer_rows)
    # Every personal field the registry declares is left out, phones and notes included.
    from app.areas import table

    for name in ("member", "member_term"):
        spec = table(name)
        assert spec is not None
        hidden = spec.hidden_fields(None)
        assert all(not (hidden & set(r)) for r in dump(capsys, demo_file, name, user="wiwon"))
    assert {"phone", "birth_date"} <= table("member").hidden_fields(None)
    assert any(r.get("phone") for r in admin_rows)
    code, _, err = run(capsys, "print", "roster", "--db", str(demo_file), "--user", "wiwon",
                       "--out", str(demo_file.parent / "r.pdf"))
    assert code == 3 and "위원 계정으로는 할 수 없는 일" in err
    assert not (demo_file.parent / "r.pdf").exists()


def test_check_finds_an_edited_access_log_row(demo_file: Path, capsys) -> None:
    from app.database import close_database, open_database
    from sqlalchemy import text

    db = open_database(demo_file, "admin", PASSWORD)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE access_log SET account = 'someone' WHERE id = 3"))
    close_database(db)
    code, out, _ = run(capsys, "check", "--db", str(demo_file), "--user", "admin", "--json")
    assert code == 3
    assert any(p["code"] == "access_log" for p in json.loads(out)["problems"])


@pytest.mark.parametrize("kind, heading", [("notice", "소집"), ("agenda", "회의자료"), ("attendance", "출석부"),
                                           ("minutes", "회의록")])
def test_print_meeting_documents(demo_file: Path, tmp_path: Path, capsys, kind: str, heading: str) -> None:
    meetings = dump(capsys, demo_file, "meeting")
    assert meetings, "the demo has a year of meetings"
    held = next(m for m in meetings if m["status"] != "planned")
    target = tmp_path / f"{kind}.pdf"
    code, _, err = run(capsys, "print", kind, "--db", str(demo_file), "--user", "admin",
                       "--meeting", held["id"][:8], "--out", str(target))
    assert code == 0, err
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True).stdout
    assert heading in text.replace(" ", "")


def test_print_meeting_document_needs_a_known_meeting(demo_file: Path, tmp_path: Path, capsys) -> None:
    target = tmp_path / "m.pdf"
    code, _, err = run(capsys, "print", "minutes", "--db", str(demo_file), "--user", "admin", "--out", str(target))
    assert code == 2 and "--meeting" in err
    code, _, err = run(capsys, "print", "minutes", "--db", str(demo_file), "--user", "admin",
                       "--meeting", "ffffffff", "--out", str(target))
    assert code == 3 and "ID 'ffffffff'인 기록이 없습니다" in err and "dump --table meeting" in err
    assert "새로 고치" not in err  # the window's wording means nothing at a terminal
    assert not target.exists()


def test_a_prefix_naming_several_records_is_ambiguous(demo_file: Path, tmp_path: Path, capsys) -> None:
    # Ids are random: with more members than hex digits, two always share a first character.
    ids = [m["id"] for m in dump(capsys, demo_file, "member")]
    assert len(ids) > 16
    shared = next(ch for ch in "0123456789abcdef" if sum(i.startswith(ch) for i in ids) >= 2)
    target = tmp_path / "a.pdf"
    code, _, err = run(capsys, "print", "appointment", "--db", str(demo_file), "--user", "admin",
                       "--member", shared, "--issuer", "햇살군수", "--out", str(target))
    assert code == 2, err
    assert "시작하는 기록이" in err and "찾을 수 없" not in err
    # The same rule for meetings (--meeting 0), in English too.
    code, _, err = run(capsys, "print", "minutes", "--db", str(demo_file), "--user", "admin", "--lang", "en",
                       "--meeting", "0", "--out", str(target))
    assert code in (2, 3) and ("records start with" in err or "No record has" in err)
    assert not target.exists()


def test_backup_to_a_folder_and_restore_it(demo_file: Path, tmp_path: Path, capsys) -> None:
    stick = tmp_path / "usb"
    stick.mkdir()
    code, out, err = run(capsys, "backup", "--db", str(demo_file), "--user", "admin", "--to", str(stick), "--json")
    assert code == 0, err
    backup = Path(json.loads(out)["backup"])
    assert backup.parent == stick and backup.exists() and Path(str(backup) + ".keys").exists()
    assert b"SQLite format 3" not in backup.read_bytes()[:16]  # encrypted like the data file

    before = [r["name"] for r in dump(capsys, demo_file, "member")]
    template = tmp_path / "template.xlsx"
    assert run(capsys, "excel", "template", "members", "--out", str(template))[0] == 0
    workbook = openpyxl.load_workbook(template)
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    for name, value in {"성명": "나중에", "성별": "여", "구분": "위촉직", "자격": "이장·통장", "직책": "위원",
                        "위촉일": "2026-01-01", "임기만료일": "2027-12-31"}.items():
        sheet.cell(row=2, column=header.index(name) + 1, value=value)
    workbook.save(template)
    assert run(capsys, "excel", "import", "members", "--db", str(demo_file), "--user", "admin", str(template))[0] == 0
    assert "나중에" in [r["name"] for r in dump(capsys, demo_file, "member")]

    code, out, err = run(capsys, "restore", "--db", str(demo_file), "--user", "admin", str(backup), "--json")
    assert code == 0, err
    assert Path(json.loads(out)["before_restore_backup"]).exists()
    assert [r["name"] for r in dump(capsys, demo_file, "member")] == before


def test_restore_refuses_a_damaged_backup(demo_file: Path, tmp_path: Path, capsys) -> None:
    code, out, _ = run(capsys, "backup", "--db", str(demo_file), "--user", "admin", "--to", str(tmp_path), "--json")
    backup = Path(json.loads(out)["backup"])
    backup.write_bytes(backup.read_bytes()[: len(backup.read_bytes()) // 3])
    before = dump(capsys, demo_file)
    code, _, err = run(capsys, "restore", "--db", str(demo_file), "--user", "admin", str(backup))
    assert code == 3 and "백업" in err
    assert "Traceback" not in err
    assert dump(capsys, demo_file) == before
