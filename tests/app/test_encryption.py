"""Encryption at rest (고시 제7조): the data file and its WAL hold no readable personal data,
and nothing opens them without the key unwrapped from the keyring."""
from __future__ import annotations

import base64
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
import sqlcipher3.dbapi2 as sqlcipher

from app import members as m
from app.database import close_database, open_database
from app.demo import PEOPLE
from app.security.keyring import keyring_path
from db.session import SQLITE_HEADER, DatabaseOpenError, create_sqlite_engine, open_sqlite, probe_sqlite
from tests.conftest import ADMIN, ADMIN_PASSWORD, TODAY


@pytest.fixture
def demo_secrets(demo_db) -> list[bytes]:
    """Byte strings that must never be readable on disk: names, phones, birth dates, places."""
    views = m.list_members(demo_db.uow(), TODAY)
    phones = [v.phone for v in views if v.phone]
    assert len(phones) >= 5
    secrets = [p.name.encode("utf-8") for p in PEOPLE[:8]]
    secrets += [p.encode("ascii") for p in phones[:8]]
    secrets += [p.replace("-", "").encode("ascii") for p in phones[:3]]
    secrets += [v.birth_date.isoformat().encode("ascii") for v in views[:5] if v.birth_date]
    secrets += ["햇살면 새마을부녀회".encode("utf-8"), "상촌리".encode("utf-8"), "협의체".encode("utf-8")]
    return secrets


def files_of(db_path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(db_path.parent.iterdir())
            if p.name.startswith(db_path.name) and not p.name.endswith(".keys")}


def strings_of(path: Path) -> str:
    """What ``strings`` finds, in 7-bit ASCII and in 8-bit (UTF-8 Korean) runs."""
    found = subprocess.run(["strings", "-a", "-n", "4", str(path)], capture_output=True, check=True).stdout
    found += subprocess.run(["strings", "-a", "-n", "4", "-e", "S", str(path)], capture_output=True,
                            check=True).stdout
    return found.decode("utf-8", errors="replace")


def assert_nothing_readable(files: dict[str, bytes], secrets: list[bytes]) -> None:
    assert files
    for name, data in files.items():
        assert not data.startswith(SQLITE_HEADER), name
        assert b"SQLite format" not in data, name
        for secret in secrets:
            assert secret not in data, (name, secret.decode("utf-8"))


def test_open_file_and_wal_hold_no_personal_data(demo_db, demo_secrets):
    files = files_of(demo_db.path)
    # While open, the newest pages are in the WAL: it must be encrypted too.
    assert f"{demo_db.path.name}-wal" in files and len(files[f"{demo_db.path.name}-wal"]) > 0
    assert_nothing_readable(files, demo_secrets)


def test_closed_file_holds_no_personal_data(demo_db, demo_secrets):
    path = demo_db.path
    close_database(demo_db)
    files = files_of(path)
    assert list(files) == [path.name]  # checkpointed: one file on disk
    assert len(files[path.name]) > 50_000
    assert_nothing_readable(files, demo_secrets)


@pytest.mark.skipif(shutil.which("strings") is None, reason="needs binutils' strings")
def test_strings_finds_nothing(demo_db, demo_secrets):
    paths = [demo_db.path, Path(str(demo_db.path) + "-wal")]
    texts = [strings_of(p) for p in paths]
    close_database(demo_db)
    texts.append(strings_of(demo_db.path))
    for text in texts:
        for secret in demo_secrets:
            assert secret.decode("utf-8") not in text
        assert "SQLite" not in text and "CREATE TABLE" not in text and "member" not in text


def test_the_keyring_holds_neither_key_nor_data(demo_db, demo_secrets):
    text = keyring_path(demo_db.path).read_text(encoding="utf-8")
    key = demo_db.key
    assert key.hex() not in text and key.hex().upper() not in text
    assert base64.b64encode(key).decode() not in text
    assert ADMIN_PASSWORD not in text
    for secret in demo_secrets:
        assert secret.decode("utf-8") not in text


def test_an_unencrypted_copy_would_show_the_data(tmp_path, demo_secrets):
    """The check above can fail: the same data in a plain SQLite file is plainly visible."""
    path = tmp_path / "plain.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (v BLOB)")
        conn.executemany("INSERT INTO t VALUES (?)", [(s,) for s in demo_secrets])
    conn.close()
    data = path.read_bytes()
    assert data.startswith(SQLITE_HEADER) and all(s in data for s in demo_secrets)


def test_nothing_opens_without_the_key(demo_db):
    path = demo_db.path
    close_database(demo_db)
    before = path.read_bytes()
    with sqlite3.connect(path) as conn, pytest.raises(sqlite3.DatabaseError, match="not a database"):
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    conn.close()
    conn = sqlcipher.connect(str(path))
    with pytest.raises(sqlcipher.DatabaseError, match="not a database"):
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    conn.close()
    for wrong in (None, bytes(32), bytes(reversed(demo_db.key))):
        with pytest.raises(DatabaseOpenError) as info:
            open_sqlite(path, key=wrong)
        assert info.value.reason == "not_a_database"
        with pytest.raises(DatabaseOpenError):
            probe_sqlite(path, wrong)
    assert path.read_bytes() == before


def test_a_passphrase_is_not_the_key(demo_db):
    """SQLCipher's own passphrase mode with the login password opens nothing either."""
    path = demo_db.path
    close_database(demo_db)
    conn = sqlcipher.connect(str(path))
    conn.execute(f"PRAGMA key = '{ADMIN_PASSWORD}'")
    with pytest.raises(sqlcipher.DatabaseError):
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    conn.close()


def test_the_right_key_reads_everything(demo_db):
    path, key = demo_db.path, demo_db.key
    close_database(demo_db)
    engine = create_sqlite_engine(path, key)
    try:
        with engine.connect() as conn:
            names = {row[0] for row in conn.exec_driver_sql("SELECT name FROM member")}
            assert {p.name for p in PEOPLE} <= names
            assert conn.exec_driver_sql("PRAGMA cipher_version").scalar()
    finally:
        engine.dispose()


def test_login_unwraps_the_same_key(demo_db):
    path, key = demo_db.path, demo_db.key
    close_database(demo_db)
    db = open_database(path, ADMIN.username, ADMIN_PASSWORD)
    try:
        assert db.key == key
        assert len(m.list_members(db.uow(), TODAY)) == len(PEOPLE)
    finally:
        close_database(db)
