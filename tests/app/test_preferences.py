"""Per-PC preferences: saved all or nothing, readable by the PC's user alone."""
from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from app.preferences import Preferences, load_preferences, save_preferences


def test_preferences_round_trip_in_a_new_folder(tmp_path: Path) -> None:
    path = tmp_path / "config" / "preferences.json"
    save_preferences(Preferences(language="en", font_size=14, db_path="C:/자료/협의체.db"), path)
    assert load_preferences(path) == Preferences(language="en", font_size=14, db_path="C:/자료/협의체.db")
    assert [p.name for p in path.parent.iterdir()] == ["preferences.json"]


@pytest.mark.skipif(os.name == "nt", reason="POSIX mode bits")
def test_preferences_are_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "preferences.json"
    save_preferences(Preferences(), path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_failed_save_keeps_the_old_preferences(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "preferences.json"
    save_preferences(Preferences(font_size=15), path)

    def disk_full(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError):
        save_preferences(Preferences(font_size=18), path)
    monkeypatch.undo()
    assert load_preferences(path).font_size == 15
    assert [p.name for p in tmp_path.iterdir()] == ["preferences.json"]
