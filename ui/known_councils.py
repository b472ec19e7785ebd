"""The council names this PC saw at login, so the login screen can greet a file by its
council (the file itself is encrypted, and cannot be read before the password)."""
from __future__ import annotations

import json
from pathlib import Path

from app.atomic_file import OWNER_ONLY, write_atomic
from app.paths import config_dir


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
        write_atomic(target, json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8"), mode=OWNER_ONLY)
    except OSError:
        pass  # only a convenience for the login screen


# The last ID typed for each data file, so the login screen asks only for the password.
# Only the ID: a password (or any hash of it) never touches this file.
def _last_login_path() -> Path:
    return config_dir() / "last_login.json"


def _read_map(target: Path) -> dict[str, str]:
    try:
        data = json.loads(target.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in data.items() if isinstance(v, str)} if isinstance(data, dict) else {}


def last_username(path: Path) -> str:
    return _read_map(_last_login_path()).get(str(Path(path).expanduser().resolve()), "")


def remember_username(path: Path, username: str) -> None:
    target = _last_login_path()
    data = _read_map(target)
    data[str(Path(path).expanduser().resolve())] = username
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8"), mode=OWNER_ONLY)
    except OSError:
        pass  # only a convenience for the login screen
