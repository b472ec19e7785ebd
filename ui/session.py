"""One person's session with a data file: logging in, the forced password change, the
automatic backups while it is open, and logging out.

The window never keeps a password: after a logout, an idle lock that ran out of tries or
a restore, the person logs in again through ``login``.
"""
from __future__ import annotations

import importlib
import json
import logging
import os
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from types import ModuleType

from PySide6.QtWidgets import QWidget
from sqlalchemy import select

from app.database import close_database
from app.errors import AppError
from app.paths import config_dir
from db.security_models import Account
from db.session import Database

_logger = logging.getLogger("councildesk.ui")


# ---------------------------------------------------------------- the council's name before login

def _councils_path() -> Path:
    return config_dir() / "councils.json"


def known_council(path: Path) -> str:
    """The council name this PC saw at the last login to ``path`` (the file itself is
    encrypted, so the login screen cannot read it)."""
    try:
        data = json.loads(_councils_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    value = data.get(str(Path(path).expanduser().resolve())) if isinstance(data, dict) else None
    return value if isinstance(value, str) else ""


def remember_council(path: Path, name: str) -> None:
    target = _councils_path()
    try:
        data = json.loads(target.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            data = {}
    except (OSError, ValueError):
        data = {}
    data[str(Path(path).expanduser().resolve())] = name
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, indent=2)
        os.replace(tmp, target)
    except OSError:
        pass  # only a convenience for the login screen


# ---------------------------------------------------------------- the account

def must_change_password(db: Database) -> bool:
    """Whether an administrator set a temporary password for the logged-in account."""
    actor = db.actor
    if actor is None:
        return False
    with db.session_factory() as session:
        return bool(session.scalar(select(Account.must_change_password).where(Account.username == actor.username)))


def login(parent: QWidget | None, path: Path, username: str = "", hint: str = "",
          on_other: Callable[[], Database | None] | None = None) -> Database | None:
    """The login dialog for ``path``, then the forced password change if one is due.

    ``None`` when the person closed the dialog. ``on_other`` offers a way to another or a
    new data file from the dialog (at start-up, when this file cannot be opened).
    """
    from ui.dialogs.login_dialog import LoginDialog

    dialog = LoginDialog(parent, path, username, hint=hint, offer_other=on_other is not None)
    accepted = dialog.exec()
    if dialog.wants_other and on_other is not None:
        return on_other()
    if not accepted or dialog.database is None:
        return None
    db = dialog.database
    if not ensure_password_changed(parent, db, dialog.used_password):
        close_database(db)
        return None
    return db


def ensure_password_changed(parent: QWidget | None, db: Database, current_password: str = "") -> bool:
    """A temporary password must be replaced before any work; False if the person refused."""
    if not must_change_password(db):
        return True
    from ui.dialogs.password_dialog import ChangePasswordDialog

    dialog = ChangePasswordDialog(parent, db, forced=True, current_password=current_password)
    return bool(dialog.exec()) and dialog.changed


# ---------------------------------------------------------------- backups

def backup_module() -> ModuleType | None:
    """``app.backup``, or ``None`` on a build that does not have it yet."""
    try:
        return importlib.import_module("app.backup")
    except ModuleNotFoundError as error:
        if error.name in ("app.backup", "app"):
            return None
        raise


def auto_backup(db: Database, closing: bool = False) -> Path | None:
    """The automatic backup (hourly while open, and at closing); never stops the work."""
    module = backup_module()
    if module is None:
        return None
    try:
        return module.auto_backup(db, datetime.now(), closing=closing)
    except (AppError, OSError) as error:
        _logger.warning("automatic backup failed: %s", error)
        return None


def end_session(db: Database) -> None:
    """The closing backup, then log out and release the file."""
    if db.actor is None:
        return  # already closed (a logout, then the window closing)
    try:
        auto_backup(db, closing=True)
    finally:
        close_database(db)
        db.actor = None
