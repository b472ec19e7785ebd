"""Databases saved at every Alembic revision (tests/db/fixtures/<revision>.db) upgrade to
head with their records intact.

Each fixture is a SQLCipher file with its ``.keys`` keyring, as the app writes them (test
password in tests/golden/README.md), and a ``<revision>.json`` listing every table's rows
as they were stored. They are frozen: once a revision is released its file stands for
what users have on disk. Files with accounts are opened the way the app opens them
(``open_database``: log in, check, upgrade); 0001 predates accounts, so it is unlocked with
its keyring and upgraded directly.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from app.areas import sealed_tables
from app.database import close_database, open_database, unlock_key
from app.members import list_members
from app.security.audit import verify_access_log
from app.security.compartments import is_sealed
from app.security.permissions import Actor
from app.security.sealing import open_text
from db import migrate
from db.session import open_sqlite, probe_sqlite
from tests.golden import fixtures as g

REVISIONS = g.revisions_in_order()
FIXTURES = sorted(p.stem for p in g.DB_FIXTURES.glob("*.db"))


def test_every_revision_has_a_saved_database():
    """A new migration needs its fixture: ``python tests/golden/regenerate.py --only db``."""
    assert FIXTURES == REVISIONS
    for rev in FIXTURES:
        assert (g.DB_FIXTURES / f"{rev}.db.keys").exists() and (g.DB_FIXTURES / f"{rev}.json").exists()


def _copy(rev: str, folder: Path) -> Path:
    path = folder / f"{rev}.db"
    shutil.copyfile(g.DB_FIXTURES / f"{rev}.db", path)
    shutil.copyfile(g.DB_FIXTURES / f"{rev}.db.keys", folder / f"{rev}.db.keys")
    return path


def _rows(dump: dict, table: str, columns: list[str]) -> list[list]:
    """The rows of ``table`` in ``dump`` reduced to ``columns``, in their stored order."""
    index = [dump[table]["columns"].index(c) for c in columns]
    return sorted(([row[i] for i in index] for row in dump[table]["rows"]), key=repr)


def _open_sealed(dump: dict, keys, require_sealed: bool = True) -> None:
    """The administrator's login sealed every personal value (``app.security.sealing``):
    each is sealed now, and opens to what was stored."""
    for table, columns in sealed_tables().items():
        if table not in dump:
            continue
        names = dump[table]["columns"]
        id_at = names.index("id")
        for row in dump[table]["rows"]:
            for column in columns:
                at = names.index(column)
                if row[at] is not None:
                    assert is_sealed(row[at]) or not require_sealed, f"{table}.{column} left plain"
                    row[at] = open_text(keys, table, column, row[id_at], row[at])


@pytest.mark.parametrize("rev", FIXTURES)
def test_saved_database_upgrades_to_head_with_its_records(rev, tmp_path):
    saved = json.loads((g.DB_FIXTURES / f"{rev}.json").read_text(encoding="utf-8"))
    path = _copy(rev, tmp_path)
    _keyring, key = unlock_key(path, g.ADMIN_USERNAME, g.ADMIN_PASSWORD)
    assert probe_sqlite(path, key).revision == saved["revision"] == rev  # the file is what it claims

    if "account" in saved["tables"]:
        db = open_database(path, g.ADMIN_USERNAME, g.ADMIN_PASSWORD)
    else:
        db = open_sqlite(path, key=key)
        migrate.upgrade(db.engine)
        db.actor = Actor(g.ADMIN_USERNAME, "admin", "관리자")  # no account to log in with yet
    try:
        assert migrate.current_revision(db.engine) == migrate.head_revision()
        after = g.table_dump(db.engine)
        if "account" in saved["tables"]:
            _open_sealed(after, db.compartment_keys)
            _open_sealed(saved["tables"], db.compartment_keys, require_sealed=False)
        for table, before in saved["tables"].items():
            assert table in after, f"table {table} lost"
            columns = before["columns"]
            assert set(columns) <= set(after[table]["columns"]), f"columns of {table} lost"
            kept = _rows(after, table, columns)
            if table == "access_log":
                # Logging in appends entries; the saved ones stay first and unchanged.
                by_id = sorted(kept, key=lambda r: r[0])
                assert by_id[:len(before["rows"])] == sorted(before["rows"], key=lambda r: r[0])
            elif table == "keyring_state":
                # The login gives the keyring its key pairs and compartments: a newer generation.
                assert [r[1] for r in kept] >= [r[1] for r in _rows(saved["tables"], table, columns)]
            else:
                assert kept == _rows(saved["tables"], table, columns), f"rows of {table} changed"

        members = saved["tables"]["member"]
        assert members["rows"], "a fixture without members proves little"
        names = sorted(v.name for v in list_members(db.uow(), g.TODAY))
        if "access_log" in saved["tables"]:
            with db.session_factory() as session:
                assert verify_access_log(session) is None  # the hash chain survived
        assert names == sorted(_row[0] for _row in _rows(saved["tables"], "member", ["name"]))
    finally:
        if "account" in saved["tables"]:
            close_database(db)
        else:
            db.dispose()


def test_upgraded_fixtures_work_with_todays_services(tmp_path):
    """The oldest file with accounts, once upgraded, takes a new member like a new file."""
    from datetime import date

    from app.members import MemberData, TermData, add_member
    from db.models import Member

    oldest = next(rev for rev in FIXTURES
                  if "account" in json.loads((g.DB_FIXTURES / f"{rev}.json").read_text(encoding="utf-8"))["tables"])
    db = open_database(_copy(oldest, tmp_path), g.ADMIN_USERNAME, g.ADMIN_PASSWORD)
    try:
        add_member(db.uow(), MemberData(name="새위원", sex="F", kind="appointed", category=5, role="member"),
                   TermData(date(2026, 11, 1), date(2028, 10, 31)), g.TODAY)
        with db.session_factory() as session:
            assert "새위원" in session.scalars(select(Member.name)).all()
    finally:
        close_database(db)
