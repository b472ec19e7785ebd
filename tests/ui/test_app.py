"""Starting the program: smoke mode, a missing data file, demo data."""
from __future__ import annotations

import sys

from app.database import init_database
from app.demo import build_demo
from tests.ui.conftest import TODAY
from ui import app as ui_app
from ui.dialogs.start_dialog import StartDialog


def test_smoke_run_on_a_data_file(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    db = init_database(tmp_path / "c.db", "4377034000", "햇살면 지역사회보장협의체")
    build_demo(db, TODAY)
    db.dispose()
    assert ui_app.run_gui(tmp_path / "c.db", lang="ko", smoke=True) == 0


def test_smoke_run_without_a_data_file_never_waits(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    assert ui_app.run_gui(tmp_path / "missing.db", smoke=True) == 0


def test_missing_file_offers_demo(tmp_path, monkeypatch) -> None:
    def choose_demo(self: StartDialog) -> int:
        self.choice = "demo"
        return 1

    monkeypatch.setattr(StartDialog, "exec", choose_demo)
    db = ui_app.choose_database(tmp_path / "missing.db", "없음")
    assert db is not None
    from app.database import installation_info

    assert installation_info(db).council_name == "햇살면 지역사회보장협의체"
    db.dispose()


def test_missing_file_quit(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(StartDialog, "exec", lambda self: 1)
    assert ui_app.choose_database(tmp_path / "missing.db", "없음") is None


def test_qt_korean_translations_load(qapp) -> None:
    from ui import i18n

    assert i18n.install_qt_translations("ko")
