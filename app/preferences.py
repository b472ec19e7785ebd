"""Per-PC preferences (language, font size, which data file) in a small JSON file.

These belong to the PC, not to the council's data, so they never travel in a package.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path

from app.atomic_file import OWNER_ONLY, write_atomic
from app.paths import config_dir

LANGUAGES = ("ko", "en")
FONT_SIZES = range(9, 21)


@dataclass(frozen=True)
class Preferences:
    language: str = "ko"
    font_size: int = 11
    db_path: str = ""
    # The window's size and place as Qt saves them (base64), so it opens as it was left.
    window_geometry: str = ""

    def validated(self) -> "Preferences":
        prefs = self
        if prefs.language not in LANGUAGES:
            prefs = replace(prefs, language="ko")
        if prefs.font_size not in FONT_SIZES:
            prefs = replace(prefs, font_size=11)
        return prefs


def preferences_path() -> Path:
    return config_dir() / "preferences.json"


def load_preferences(path: Path | None = None) -> Preferences:
    path = path or preferences_path()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Preferences()
    known = {f.name for f in fields(Preferences)}
    values = {k: v for k, v in raw.items() if k in known} if isinstance(raw, dict) else {}
    try:
        return Preferences(**values).validated()
    except TypeError:
        return Preferences()


def save_preferences(prefs: Preferences, path: Path | None = None) -> None:
    path = path or preferences_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(asdict(prefs.validated()), ensure_ascii=False, indent=2)
    write_atomic(path, text.encode("utf-8"), mode=OWNER_ONLY)
