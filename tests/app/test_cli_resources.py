"""``councildesk search resources QUERY``: the Korean search from the command line, in text
and in the JSON of shared/cli.md, on the demo directory."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import app.security.keyring as keyring_module
from app.cli import main
from tests.conftest import FAST_KDF

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


def search(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, path: Path,
           *argv: str) -> tuple[int, str, str]:
    monkeypatch.setenv("COUNCILDESK_PASSWORD", PASSWORD)
    capsys.readouterr()
    code = main(["search", "resources", *argv, "--db", str(path), "--user", "admin"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_json_result(demo_file: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    code, out, err = search(capsys, monkeypatch, demo_file, "도시락 배달", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["count"] == 1
    (result,) = data["results"]
    assert (result["name"], result["organization"]) == ("도시락 배달", "햇살 지역자활센터")
    assert {"id", "kind", "service_areas", "target_groups", "status", "capacity", "current_use"} <= set(result)


def test_initials_and_text_output(demo_file: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = search(capsys, monkeypatch, demo_file, "ㅁㅇ")
    assert code == 0
    assert out.startswith("'ㅁㅇ' 검색 결과:") and "목욕 봉사" in out and "방문 목욕" in out


def test_limit_shows_a_page_of_the_count(demo_file: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = search(capsys, monkeypatch, demo_file, "어르신", "--limit", "3", "--json")
    data = json.loads(out)
    assert code == 0 and data["count"] > 3 and len(data["results"]) == 3


def test_dump_names_the_directory_tables_as_hsds(demo_file: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COUNCILDESK_PASSWORD", PASSWORD)
    capsys.readouterr()
    assert main(["dump", "--db", str(demo_file), "--user", "admin", "--table", "organization"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == 40 and {r["table"] for r in rows} == {"organization"}
    assert "햇살면 새마을부녀회" in {r["name"] for r in rows}
