"""``print KIND --out FILE.hwpx``: the extension picks 한글 (HWPX) for the meeting documents
that have it; the others refuse it with a usage error before anything is opened."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hwpx import HwpxDocument

from tests.app.test_cli import demo_file, demo_template, dump, password_in_environment, run  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("kind, heading", [("notice", "개최알림"), ("agenda", "회의자료"), ("minutes", "회의록")])
def test_print_meeting_documents_as_hwpx(demo_file: Path, tmp_path: Path, capsys, kind: str, heading: str) -> None:
    held = next(m for m in dump(capsys, demo_file, "meeting") if m["status"] != "planned")
    target = tmp_path / f"{kind}.HWPX"  # the extension in any case
    code, out, err = run(capsys, "print", kind, "--db", str(demo_file), "--user", "admin",
                         "--meeting", held["id"][:8], "--out", str(target), "--json")
    assert code == 0, err
    assert json.loads(out)["out"] == str(target)
    document = HwpxDocument.open(target)
    assert heading in document.text.plain().replace(" ", "")
    assert document.validate().issues == ()


def test_attendance_sheet_and_roster_refuse_hwpx(demo_file: Path, tmp_path: Path, capsys) -> None:
    held = next(m for m in dump(capsys, demo_file, "meeting") if m["status"] != "planned")
    target = tmp_path / "attendance.hwpx"
    code, _, err = run(capsys, "print", "attendance", "--db", str(demo_file), "--user", "admin",
                       "--meeting", held["id"][:8], "--out", str(target))
    assert code == 2
    assert "한글(HWPX)로 만들 수 없습니다" in err and ".pdf" in err and "minutes" in err
    code, _, err = run(capsys, "print", "roster", "--db", str(demo_file), "--user", "admin",
                       "--out", str(tmp_path / "roster.hwpx"), "--lang", "en")
    assert code == 2 and "no 한글 (HWPX) form" in err
    assert not target.exists() and not (tmp_path / "roster.hwpx").exists()


def test_parsing_a_hwpx_print_loads_neither_hwpx_nor_lxml() -> None:
    script = ("import sys, app.cli\napp.cli.build_parser().parse_args(['print', 'minutes', '--out', 'x.hwpx'])\n"
              "print(sorted(m for m in sys.modules if m.split('.')[0] in ('hwpx', 'lxml', 'reportlab')))")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
