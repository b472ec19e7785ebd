"""A login loads only what it uses: no Alembic when the file is at head, no sync code for
a council's file. Each check runs in a fresh process, where sys.modules tells the truth."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from app.database import close_database
from db.session import create_sqlite_engine
from tests.app.test_database import key_of
from tests.conftest import ADMIN_PASSWORD, make_database

ROOT = Path(__file__).resolve().parents[2]


def _modules_after_login(path: Path) -> list[str]:
    script = (
        "import json, sys\n"
        "import app.security.keyring as keyring; from tests.conftest import FAST_KDF; keyring.DEFAULT_KDF = FAST_KDF\n"
        "from app.database import close_database, open_database\n"
        f"db = open_database({str(path)!r}, 'admin', {ADMIN_PASSWORD!r})\n"
        "close_database(db)\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic' or m.startswith('app.sync'))))"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_file_at_head_opens_without_alembic_or_sync(tmp_path: Path) -> None:
    close_database(make_database(tmp_path / "c.db"))
    assert _modules_after_login(tmp_path / "c.db") == []


def test_a_file_behind_head_loads_alembic_to_upgrade(tmp_path: Path) -> None:
    """The check above is not blind: a migration due shows Alembic in the same probe."""
    from db import migrate

    path = tmp_path / "c.db"
    close_database(make_database(path))
    engine = create_sqlite_engine(path, key_of(path))
    migrate.downgrade(engine, "-1")
    engine.dispose()
    loaded = _modules_after_login(path)
    assert "alembic" in loaded and not any(m.startswith("app.sync") for m in loaded)


def test_a_city_file_loads_its_replica_guard(tmp_path: Path) -> None:
    from app.database import init_database
    from tests.conftest import ADMIN

    close_database(init_database(tmp_path / "city.db", "4377000000", "햇살군", ADMIN, site_role="city").db)
    assert "app.sync.city" in _modules_after_login(tmp_path / "city.db")
