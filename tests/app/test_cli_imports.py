"""The command line starts light: parsing loads no database, PDF, Excel or migration code,
and areas plug their commands in through ``COMMAND_MODULES``."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import app.cli as cli
from app.cli.common import print_kinds

HEAVY = ("sqlalchemy", "reportlab", "openpyxl", "alembic", "argon2", "nacl", "app.sync", "app.database", "db")
ROOT = Path(__file__).resolve().parents[2]


def _loaded_after(code: str) -> list[str]:
    script = (
        "import json, sys\n" + code +
        f"\nprint(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r} or m in {HEAVY!r})))"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_building_the_parser_imports_nothing_heavy() -> None:
    assert _loaded_after("import app.cli\napp.cli.build_parser().parse_args(['print', 'minutes', '--out', 'x.pdf'])") == []


def test_version_imports_nothing_heavy() -> None:
    code = "import app.cli\ntry:\n    app.cli.main(['--version'])\nexcept SystemExit:\n    pass"
    assert _loaded_after(code) == []


def test_the_probe_sees_a_heavy_import() -> None:
    """The check above is not blind: importing the database layer shows up in it."""
    loaded = _loaded_after("import app.cli\nimport app.database")
    assert "sqlalchemy" in loaded and "app.database" in loaded


def test_every_command_module_registers() -> None:
    parser = cli.build_parser()
    commands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert list(commands) == ["gui", "init", "demo", "dump", "check", "backup", "restore", "passwd", "export", "import",
                              "enroll", "hsds", "print", "excel", "search", "purge", "report"]
    kinds = next(a for a in commands["print"]._actions if a.dest == "kind").choices
    assert list(kinds) == ["roster", "appointment", "notice", "agenda", "attendance", "minutes", "resources",
                           "resource-card", "donations", "case-conference", "referral", "consent-form", "network"]


class _NewArea:
    """What a later area adds: a module with ``register``, here adding a print kind."""

    @staticmethod
    def write(db: object, args: object, out: object, target: Path, on_date: object, council: str) -> None:
        target.write_bytes(b"%PDF")

    @classmethod
    def register(cls, subparsers: object) -> None:
        parser = print_kinds(subparsers, {"leaflet": cls.write})
        parser.add_argument("--graph", metavar="ID")


def test_a_new_area_adds_its_print_kind_in_one_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(cli, "COMMAND_MODULES", cli.COMMAND_MODULES + (_NewArea,))
    args = cli.build_parser().parse_args(["print", "leaflet", "--out", str(tmp_path / "r.pdf"), "--graph", "ab12"])
    assert args.kind == "leaflet" and args.graph == "ab12"
    assert args.print_writers["leaflet"] is _NewArea.write
    assert args.print_writers["minutes"] is not None  # the areas before it keep theirs
    # Without the new area the kind does not exist (exit 2, usage).
    monkeypatch.setattr(cli, "COMMAND_MODULES", cli.COMMAND_MODULES[:-1])
    with pytest.raises(SystemExit) as usage:
        cli.build_parser().parse_args(["print", "leaflet", "--out", "r.pdf"])
    assert usage.value.code == 2
