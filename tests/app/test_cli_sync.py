"""USB sync through the command line: enroll, export, import, replay, conflicts (exit 4)."""
from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from app.cli import main
from app.database import close_database, open_database
from app.members import get_member, list_members, update_member
from tests.conftest import TODAY

PASSWORD = "sync-pass-2026"
CODE, NAME = "4377034000", "햇살면 지역사회보장협의체"


@pytest.fixture(autouse=True)
def password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COUNCILDESK_PASSWORD", PASSWORD)


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict]:
    code = main([*argv, "--json"])
    out = capsys.readouterr().out.strip().splitlines()
    return code, (json.loads(out[-1]) if out else {})


@pytest.fixture
def sites(tmp_path: Path, capsys, monkeypatch) -> dict[str, Path]:
    """A city and two devices of one council, enrolled by USB files."""
    paths = {name: tmp_path / f"{name}.db" for name in ("city", "a", "b")}
    assert cli(capsys, "init", "--db", str(paths["city"]), "--council-code", "43770",
               "--council-name", "햇살군", "--role", "city")[0] == 0
    assert cli(capsys, "demo", "--db", str(paths["a"]), "--council-code", CODE, "--council-name", NAME)[0] == 0
    assert cli(capsys, "init", "--db", str(paths["b"]), "--council-code", CODE, "--council-name", NAME)[0] == 0
    for device in ("a", "b"):
        code, made = cli(capsys, "enroll", "create", "--db", str(paths["city"]), "--user", "admin",
                         "--council-code", CODE, "--council-name", NAME, "--out", str(tmp_path / device))
        assert code == 0
        monkeypatch.setenv("COUNCILDESK_ENROLL_CODE", made["code"])
        assert cli(capsys, "enroll", "accept", "--db", str(paths[device]), "--user", "admin", made["file"])[0] == 0
    return paths


def names(path: Path) -> set[str]:
    db = open_database(path, "admin", PASSWORD)
    try:
        return {m.name for m in list_members(db.uow(), TODAY)}
    finally:
        close_database(db)


def test_council_to_city_to_second_device(sites: dict[str, Path], tmp_path: Path, capsys) -> None:
    stick = tmp_path / "usb"
    stick.mkdir()
    code, exported = cli(capsys, "export", "--db", str(sites["a"]), "--user", "admin", "--to", str(stick))
    assert code == 0 and Path(exported["package"]).suffix == ".cdsync"

    code, preview = cli(capsys, "import", "--db", str(sites["city"]), "--user", "admin", str(stick), "--dry-run")
    assert code == 0 and preview["new"] > 0 and preview["dry_run"]
    assert names(sites["city"]) == set()  # a dry run changes nothing

    code, done = cli(capsys, "import", "--db", str(sites["city"]), "--user", "admin", str(stick))
    assert code == 0 and done["new"] == preview["new"]
    code, again = cli(capsys, "import", "--db", str(sites["city"]), "--user", "admin", str(stick))
    assert code == 0 and again["nothing_to_do"]  # a replay changes nothing

    back = tmp_path / "usb2"
    back.mkdir()
    assert cli(capsys, "export", "--db", str(sites["city"]), "--user", "admin", "--to", str(back), "--for", CODE)[0] == 0
    assert cli(capsys, "import", "--db", str(sites["b"]), "--user", "admin", str(back))[0] == 0
    assert names(sites["b"]) == names(sites["a"]) and "홍길동" in names(sites["b"])

    code, listed = cli(capsys, "enroll", "list", "--db", str(sites["city"]), "--user", "admin")
    assert code == 0 and {s["status"] for s in listed["sites"]} == {"active", "pending"}


def test_conflicting_edits_leave_exit_4(sites: dict[str, Path], tmp_path: Path, capsys) -> None:
    first, second = tmp_path / "1", tmp_path / "2"
    first.mkdir()
    second.mkdir()
    cli(capsys, "export", "--db", str(sites["a"]), "--user", "admin", "--to", str(first))
    cli(capsys, "import", "--db", str(sites["city"]), "--user", "admin", str(first))
    cli(capsys, "export", "--db", str(sites["city"]), "--user", "admin", "--to", str(second), "--for", CODE)
    cli(capsys, "import", "--db", str(sites["b"]), "--user", "admin", str(second))

    for device, position in (("a", "이장(상촌리)"), ("b", "전 이장")):
        db = open_database(sites[device], "admin", PASSWORD)
        member = next(m for m in list_members(db.uow(), TODAY) if m.name == "홍길동")
        update_member(db.uow(), member.id, replace(get_member(db.uow(), member.id, TODAY).to_data(),
                                                   position=position), TODAY)
        close_database(db)
    out_a, out_b = tmp_path / "3", tmp_path / "4"
    out_a.mkdir()
    out_b.mkdir()
    cli(capsys, "export", "--db", str(sites["a"]), "--user", "admin", "--to", str(out_a))
    cli(capsys, "export", "--db", str(sites["b"]), "--user", "admin", "--to", str(out_b))
    assert cli(capsys, "import", "--db", str(sites["city"]), "--user", "admin", str(out_a))[0] == 0
    code = main(["import", "--db", str(sites["city"]), "--user", "admin", str(out_b), "--json"])
    captured = capsys.readouterr()
    assert code == 4 and json.loads(captured.out.strip().splitlines()[-1])["conflicts"] == 1
    assert "충돌 1건이 해결을 기다립니다" in captured.err


def test_refused_package_exits_3_and_changes_nothing(sites: dict[str, Path], tmp_path: Path, capsys) -> None:
    stick = tmp_path / "usb"
    stick.mkdir()
    _, exported = cli(capsys, "export", "--db", str(sites["a"]), "--user", "admin", "--to", str(stick))
    package = Path(exported["package"])
    data = bytearray(package.read_bytes())
    data[len(data) // 2] ^= 0x01
    package.write_bytes(bytes(data))
    code = main(["import", "--db", str(sites["city"]), "--user", "admin", str(package)])
    err = capsys.readouterr().err
    assert code == 3 and "바뀌지 않았습니다" in err
    assert names(sites["city"]) == set()
