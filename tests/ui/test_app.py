"""Starting the program: smoke mode, a missing data file, demo data, login at start-up."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from app.database import close_database
from app.demo import DEMO_PASSWORD, build_demo
from tests.conftest import ADMIN_PASSWORD, make_database
from tests.ui.conftest import TODAY
from ui import app as ui_app
from ui.dialogs.login_dialog import LoginDialog
from ui.dialogs.start_dialog import StartDialog

ROOT = Path(__file__).resolve().parents[2]


def _smoke(db_path: Path, home: Path) -> int:
    """A smoke run in its own process: after ``app.exec()`` has run once, pytest-qt's
    timers no longer fire in this process, which would break the idle-lock tests."""
    code = ("import app.security.keyring as k; from tests.conftest import FAST_KDF; k.DEFAULT_KDF = FAST_KDF; "
            "import sys; from pathlib import Path; from ui.app import run_gui; "
            f"sys.exit(run_gui(Path({str(db_path)!r}), lang='ko', smoke=True))")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "COUNCILDESK_HOME": str(home)}
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, timeout=60).returncode


def test_smoke_run_on_a_data_file_paints_the_login(tmp_path, isolated_home) -> None:
    db = make_database(tmp_path / "c.db")
    build_demo(db, TODAY)
    close_database(db)
    assert _smoke(tmp_path / "c.db", isolated_home) == 0


def test_smoke_run_without_a_data_file_never_waits(tmp_path, isolated_home) -> None:
    assert _smoke(tmp_path / "missing.db", isolated_home) == 0


def test_missing_file_offers_demo_then_asks_for_a_login(tmp_path, monkeypatch) -> None:
    def choose_demo(self: StartDialog) -> int:
        self.choice = "demo"
        return 1

    monkeypatch.setattr(StartDialog, "exec", choose_demo)
    db = ui_app.choose_database(tmp_path / "missing.db", "없음")
    assert db is not None and db.actor.username == "admin"
    from app.database import installation_info

    assert installation_info(db).council_name == "햇살면 지역사회보장협의체"
    close_database(db)

    # The second time the demo exists: a demo account logs in (the hint names them).
    seen: list[str] = []

    def log_in_as_viewer(self: LoginDialog) -> int:
        seen.append(self.hint.text())
        self.username.setText("wiwon")
        self.password.setText(DEMO_PASSWORD)
        self.login_button.click()
        return self.result()

    monkeypatch.setattr(LoginDialog, "exec", log_in_as_viewer)
    db = ui_app.choose_database(tmp_path / "missing.db", "없음")
    assert db is not None and db.actor.role == "viewer"
    assert "wiwon" in seen[0] and DEMO_PASSWORD in seen[0]
    close_database(db)


def test_missing_file_quit(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(StartDialog, "exec", lambda self: 1)
    assert ui_app.choose_database(tmp_path / "missing.db", "없음") is None


def test_start_up_on_an_existing_file_asks_for_a_login(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    close_database(make_database(tmp_path / "c.db"))

    def quit_(self: LoginDialog) -> int:
        assert self.path == tmp_path / "c.db"
        return 0

    monkeypatch.setattr(LoginDialog, "exec", quit_)
    assert ui_app.run_gui(tmp_path / "c.db", lang="ko") == 0


def test_unusable_file_leads_to_the_start_screen(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    (tmp_path / "other.db").write_text("not a database")

    def go_elsewhere(self: LoginDialog) -> int:
        self.username.setText("admin")
        self.password.setText(ADMIN_PASSWORD)
        self.login_button.click()
        assert self.error.text()          # refused, in the dialog, not a crash
        self.other_link.click()
        return self.result()

    monkeypatch.setattr(LoginDialog, "exec", go_elsewhere)
    monkeypatch.setattr(StartDialog, "exec", lambda self: 1)  # then: 끝내기
    assert ui_app.run_gui(tmp_path / "other.db", lang="ko") == 0


def test_qt_korean_translations_load(qapp) -> None:
    from ui import i18n

    assert i18n.install_qt_translations("ko")
