"""What the window is working on: the open data file, its council, and this PC's preferences.

Tabs and dialogs hold the one ``AppState`` and ask it for a unit of work per user action,
so opening another data file swaps the database under them without rebuilding the window.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from app.database import InstallationInfo, installation_info
from app.preferences import Preferences, load_preferences, save_preferences
from app.settings import CouncilSettings, get_council_settings
from app.areas import Change
from ui.signals import app_signals
from ui.worker import call

if TYPE_CHECKING:
    from app.database import Database, UnitOfWork


class AppState:
    def __init__(self, db: "Database", prefs: Preferences | None = None) -> None:
        self.db = db
        self.prefs = prefs or load_preferences()
        self.info: InstallationInfo = call(installation_info, db)

    # -- the data file
    def uow(self) -> "UnitOfWork":
        return self.db.uow()

    @property
    def council_name(self) -> str:
        return self.info.council_name

    @property
    def db_path(self) -> Path | None:
        return self.db.path

    def settings(self) -> CouncilSettings:
        return call(get_council_settings, self.db.uow())

    def reload_info(self) -> None:
        self.info = call(installation_info, self.db)
        app_signals().settings_changed.emit()

    def switch_database(self, db: "Database") -> None:
        """Use another data file from now on, remember it for next time, refresh every view."""
        old = self.db
        self.db = db
        self.info = call(installation_info, db)
        if old is not db:
            call(old.dispose)
        if db.path is not None:
            self.update_prefs(db_path=str(db.path))
        app_signals().settings_changed.emit()
        app_signals().data_changed.emit({Change.ALL})

    # -- this PC's preferences
    def update_prefs(self, **changes: object) -> None:
        self.prefs = replace(self.prefs, **changes).validated()  # type: ignore[arg-type]
        try:
            save_preferences(self.prefs)
        except OSError:
            # A read-only profile must not stop the work; the choice lasts this session.
            pass
