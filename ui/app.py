"""Starting the window: fonts, Korean Qt dialogs, the crash hook, the data file, the main window.

``run_gui`` is what ``app.cli`` calls. An existing data file asks for a login first (its
refusals shown in the login dialog); a missing one offers the setup wizard, another file,
or demo data.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from app.errors import AppError
from app.paths import data_dir, default_db_path
from app.preferences import load_preferences
from app.database import Database
from ui.worker import call
from ui import appearance, clock, errors, i18n, known_councils, session
from ui.i18n import tr

SMOKE_MS = 300


def _application() -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    app.setApplicationName("CouncilDesk")
    app.setApplicationDisplayName("")  # the window title carries the Korean name
    assert isinstance(app, QApplication)
    return app


def demo_hint() -> str:
    from app.demo import DEMO_ACCOUNTS, DEMO_PASSWORD

    users = ", ".join([DEMO_ADMIN[0]] + [username for username, _name, _role in DEMO_ACCOUNTS])
    return tr("데모 계정: {users} / 비밀번호 {password}").format(users=users, password=DEMO_PASSWORD)


# The demo's administrator (the other demo accounts are app.demo.DEMO_ACCOUNTS).
DEMO_ADMIN = ("admin", "관리자(데모)")


def open_demo(folder: Path | None = None, ask: bool = True) -> Database | None:
    """The demo council in the data folder: made on first use and logged in as its
    administrator; after that, the login dialog (any demo account)."""
    from app.database import init_database
    from app.demo import DEMO_COUNCIL_CODE, DEMO_COUNCIL_NAME, DEMO_PASSWORD, add_demo_accounts, build_demo_areas
    from app.security.accounts import NewAccount

    folder = folder or data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "demo.db"
    if path.exists():
        return session.login(None, path, DEMO_ADMIN[0], hint=demo_hint()) if ask else None
    admin = NewAccount(DEMO_ADMIN[0], DEMO_PASSWORD, DEMO_ADMIN[1], "admin")
    db = call(init_database, path, DEMO_COUNCIL_CODE, DEMO_COUNCIL_NAME, admin).db
    call(build_demo_areas, db, clock.today())
    call(add_demo_accounts, db)
    known_councils.remember_council(path, DEMO_COUNCIL_NAME)
    return db


def choose_database(path: Path, reason: str) -> Database | None:
    """Ask what to do without a usable data file; ``None`` means the user chose to quit."""
    from ui import file_actions
    from ui.dialogs.setup_wizard import SetupWizard
    from ui.dialogs.start_dialog import StartDialog

    while True:
        start = StartDialog(None, reason)
        start.exec()
        try:
            if start.choice == "new":
                suggested = path if not path.exists() else default_db_path()
                wizard = SetupWizard(None, suggested)
                if wizard.exec() and wizard.database is not None:
                    return wizard.database
            elif start.choice == "open":
                chosen = file_actions.ask_open_path(None, tr("데이터 파일 열기"), file_actions.DB_FILTER,
                                                    path.parent if path.parent.exists() else None)
                if chosen is not None:
                    db = session.login(None, chosen)
                    if db is not None:
                        return db
            elif start.choice == "demo":
                db = open_demo()
                if db is not None:
                    return db
            else:
                return None
        except AppError as error:
            errors.show_error(None, error)


def run_gui(db_path: Path | None, lang: str | None = None, smoke: bool = False) -> int:
    if smoke and sys.platform.startswith("linux") and not (
            os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or os.environ.get("QT_QPA_PLATFORM")):
        # A smoke run on a build server has no screen; paint off-screen instead of aborting.
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    app = _application()
    prefs = load_preferences()
    appearance.load_fonts()
    appearance.apply_font_size(prefs.font_size)
    i18n.set_language(lang or prefs.language)
    errors.install_excepthook()

    path = Path(db_path or prefs.db_path or default_db_path()).expanduser()
    db: Database | None = None
    if smoke:
        # A smoke run must never wait for a person: with a data file it paints the
        # login dialog; without one, the window on demo data.
        if path.exists():
            from ui.dialogs.login_dialog import LoginDialog

            dialog = LoginDialog(None, path)
            dialog.show()
            QTimer.singleShot(SMOKE_MS, app.quit)
            app.exec()
            dialog.close()
            return 0
        import tempfile

        db = open_demo(Path(tempfile.mkdtemp(prefix="councildesk-smoke-")), ask=False)
    elif path.exists():
        db = session.login(None, path, on_other=lambda: choose_database(path, tr("어떤 데이터 파일로 시작할까요?")))
        if db is None:
            return 0
    else:
        db = choose_database(path, tr("아직 데이터 파일이 없습니다. 어떻게 시작할까요?"))
        if db is None:
            return 0
    assert db is not None

    from ui.main_window import MainWindow
    from ui.state import AppState

    state = AppState(db, prefs)
    if db.path is not None and not smoke:
        state.update_prefs(db_path=str(db.path))
    window = MainWindow(state)
    window.show()
    if smoke:
        QTimer.singleShot(SMOKE_MS, app.quit)
    code = app.exec()
    session.end_session(state.db)
    return int(code)
