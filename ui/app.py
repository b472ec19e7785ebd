"""Starting the window: fonts, Korean Qt dialogs, the crash hook, the data file, the main window.

``run_gui`` is what ``app.cli`` calls. An existing data file asks for a login first (its
refusals shown in the login dialog); a missing one offers the setup wizard, another file,
or demo data.

The first screen is painted before the database layer is loaded: this module and the
login dialog import no SQLAlchemy, models, Alembic, PDF or Excel code at module level.
Right after that first paint, ``warm_up`` loads them on the database worker while the
person types, so the login itself is no slower for it.
"""
from __future__ import annotations

import gc
import importlib
import logging
import os
import sys
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from app.errors import AppError
from app.paths import data_dir, default_db_path
from app.preferences import load_preferences
from ui.worker import call, database_worker
from ui import appearance, clock, errors, i18n, known_councils, session
from ui.i18n import tr

if TYPE_CHECKING:
    from app.database import Database

SMOKE_MS = 300
_logger = logging.getLogger("councildesk.ui")

# What the first minutes after a login need, in the order it is needed: the login itself,
# then the main window's services and PDF printing, then Excel. No Qt module here: a
# QObject made during an import on the worker would belong to the worker's thread.
# Alembic is left out: it is loaded only when a file needs a migration. Tests set this
# to () to see the start-up before any warm-up.
WARM_UP_STEPS: tuple[tuple[str, ...], ...] = (
    ("app.database",),
    ("app.members", "app.subcommittees", "app.meetings", "app.settings", "app.sync.sites", "app.reports.pdf_common"),
    ("openpyxl",),
)
_warmed: Future[None] | None = None


def warm_up() -> Future[None]:
    """Load ``WARM_UP_STEPS`` on the database worker, one step per job.

    Each step queues the next when it ends, so a login submitted meanwhile runs before
    the rest of the warm-up rather than after all of it. The UI thread may import some of
    the same modules meanwhile (the main window after a quick login); Python's per-module
    import locks make that safe as long as modules import no cycle, which
    tests/test_import_cycles.py guarantees.
    """
    global _warmed
    if _warmed is not None:
        return _warmed
    done: Future[None] = Future()
    _warmed = done
    worker = database_worker()
    steps = list(WARM_UP_STEPS)

    def step() -> None:
        if not steps:
            done.set_result(None)
            return
        for name in steps.pop(0):
            try:
                importlib.import_module(name)
            except Exception:  # noqa: BLE001 - the real use will raise it where it can be shown
                _logger.exception("warm-up import of %s failed", name)
        try:
            worker.submit(step)
        except RuntimeError:  # the program is ending: the worker takes no more jobs
            done.set_result(None)

    worker.submit(step)
    return done


def warm_up_future() -> Future[None] | None:
    """The running or finished warm-up, if one was started (for benchmarks and tests)."""
    return _warmed


class _WarmUpAfterFirstPaint(QObject):
    """Starts the warm-up once the first window has been painted, then removes itself."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint and isinstance(watched, QWidget) and watched.isWindow():
            app = QApplication.instance()
            if app is not None:
                app.removeEventFilter(self)
            if WARM_UP_STEPS:
                # After this paint has reached the screen, not in the middle of it.
                QTimer.singleShot(0, warm_up)
        return False


def _application() -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    app.setApplicationName("CouncilDesk")
    app.setApplicationDisplayName("")  # the window title carries the Korean name
    # The installed menu entry is councildesk.desktop: Wayland desktops match windows to it by this.
    app.setDesktopFileName("councildesk")
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


def settle_memory() -> None:
    """Everything loaded so far (Qt, SQLAlchemy, the window) lives as long as the program:
    move it out of the garbage collector's sight. A full collection then scans only what
    the work creates, so one no longer stops the UI thread for 120-180 ms in the middle
    of an import (measured by tests/benchmarks/test_ui_responsiveness_benchmark.py)."""
    gc.collect()
    gc.freeze()


def run_gui(db_path: Path | None, lang: str | None = None, smoke: bool = False) -> int:
    if smoke and sys.platform.startswith("linux") and not (
            os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or os.environ.get("QT_QPA_PLATFORM")):
        # A smoke run on a build server has no screen; paint off-screen instead of aborting.
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    app = _application()
    watch = _WarmUpAfterFirstPaint(app)
    app.installEventFilter(watch)
    try:
        return _run(app, db_path, lang, smoke)
    finally:
        app.removeEventFilter(watch)  # when nothing was painted (a test, an early refusal)


def _run(app: QApplication, db_path: Path | None, lang: str | None, smoke: bool) -> int:
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
    # Keys typed right after the login go to the window, not to wherever the login dialog
    # left the keyboard (seen with no window manager: Ctrl+Tab and shortcuts went nowhere).
    window.activateWindow()
    settle_memory()
    if smoke:
        QTimer.singleShot(SMOKE_MS, app.quit)
    code = app.exec()
    session.end_session(state.db)
    return int(code)
