"""One person's session with a data file: logging in, the forced password change, the
automatic backups while it is open, and logging out.

The window never keeps a password: after a logout, an idle lock that ran out of tries or
a restore, the person logs in again through ``login``.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from app.errors import AppError
from ui.worker import call

if TYPE_CHECKING:
    from app.database import Database

# The login at start-up is shown before the database layer is loaded (ui.app): it is
# imported inside the functions that need it, by then already loaded.

_logger = logging.getLogger("councildesk.ui")


# ---------------------------------------------------------------- the account

def must_change_password(db: "Database") -> bool:
    """Whether an administrator set a temporary password for the logged-in account."""
    from app.security import accounts

    return call(accounts.must_change_password, db)


def login(parent: QWidget | None, path: Path, username: str = "", hint: str = "",
          on_other: "Callable[[], Database | None] | None" = None) -> "Database | None":
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
        from app.database import close_database

        call(close_database, db)
        return None
    return db


def ensure_password_changed(parent: QWidget | None, db: "Database", current_password: str = "") -> bool:
    """A temporary password must be replaced before any work; False if the person refused."""
    if not must_change_password(db):
        return True
    from ui.dialogs.password_dialog import ChangePasswordDialog

    dialog = ChangePasswordDialog(parent, db, forced=True, current_password=current_password)
    return bool(dialog.exec()) and dialog.changed


# ---------------------------------------------------------------- backups

def auto_backup(db: "Database", closing: bool = False) -> Path | None:
    """The automatic backup (hourly while open, and at closing); never stops the work."""
    from app import backup

    try:
        return call(backup.auto_backup, db, datetime.now(), closing=closing)
    except (AppError, OSError) as error:
        _logger.warning("automatic backup failed: %s", error)
        return None


def end_session(db: "Database") -> None:
    """The closing backup, then log out and release the file."""
    if db.actor is None:
        return  # already closed (a logout, then the window closing)
    try:
        auto_backup(db, closing=True)
    finally:
        from app.database import close_database

        call(close_database, db)
        db.actor = None
