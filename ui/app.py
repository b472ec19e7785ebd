"""Starting the window: fonts, Korean Qt dialogs, the crash hook, the data file, the main window.

``run_gui`` is what ``app.cli`` calls. When the data file is missing it offers to create
one, open one, or start with demo data; a file that cannot be opened shows its Korean
reason first.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from app.database import open_database
from app.errors import AppError
from app.paths import data_dir, default_db_path
from app.preferences import load_preferences
from db.session import Database
from ui import appearance, clock, errors, i18n
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


def open_demo(folder: Path | None = None) -> Database:
    """The demo council in the data folder (made on first use, reopened after)."""
    from app.database import init_database
    from app.demo import DEMO_COUNCIL_CODE, DEMO_COUNCIL_NAME, build_demo

    folder = folder or data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "demo.db"
    if path.exists():
        return open_database(path)
    db = init_database(path, DEMO_COUNCIL_CODE, DEMO_COUNCIL_NAME)
    build_demo(db, clock.today())
    return db


def choose_database(path: Path, reason: str) -> Database | None:
    """Ask what to do without a usable data file; ``None`` means the user chose to quit."""
    from ui import file_actions
    from ui.dialogs.new_database_dialog import NewDatabaseDialog
    from ui.dialogs.start_dialog import StartDialog

    while True:
        start = StartDialog(None, reason)
        start.exec()
        try:
            if start.choice == "new":
                suggested = path if not path.exists() else default_db_path()
                dialog = NewDatabaseDialog(None, suggested=suggested)
                if dialog.exec() and dialog.database is not None:
                    return dialog.database
            elif start.choice == "open":
                chosen = file_actions.ask_open_path(None, tr("데이터 파일 열기"), file_actions.DB_FILTER,
                                                    path.parent if path.parent.exists() else None)
                if chosen is not None:
                    return open_database(chosen)
            elif start.choice == "demo":
                return open_demo()
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
    reason = tr("아직 데이터 파일이 없습니다. 어떻게 시작할까요?")
    if path.exists():
        try:
            db = open_database(path)
        except AppError as error:
            if smoke:
                print(error.message(i18n.language()), file=sys.stderr)
                return 1
            errors.show_error(None, error)
            reason = tr("데이터 파일을 열 수 없습니다. 다른 방법을 고르세요.")
    if db is None:
        if smoke:
            # A smoke run must never wait for a person: paint the window on demo data.
            import tempfile

            db = open_demo(Path(tempfile.mkdtemp(prefix="councildesk-smoke-")))
        else:
            db = choose_database(path, reason)
            if db is None:
                return 0

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
    state.db.dispose()
    return int(code)
