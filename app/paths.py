"""Where CouncilDesk keeps data, logs and preferences, and where its bundled resources are."""
from __future__ import annotations

import os
import sys
from pathlib import Path

from platformdirs import user_config_dir, user_data_dir, user_log_dir

APP_NAME = "CouncilDesk"


def data_dir() -> Path:
    override = os.environ.get("COUNCILDESK_HOME")
    return Path(override) / "data" if override else Path(user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    override = os.environ.get("COUNCILDESK_HOME")
    return Path(override) / "config" if override else Path(user_config_dir(APP_NAME, appauthor=False))


def log_dir() -> Path:
    override = os.environ.get("COUNCILDESK_HOME")
    return Path(override) / "logs" if override else Path(user_log_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    return data_dir() / "councildesk.db"


def resources_dir() -> Path:
    """The ``resources`` package, also inside a PyInstaller bundle (``sys._MEIPASS``)."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def font_path(file_name: str) -> Path:
    return resources_dir() / "fonts" / file_name
