"""Creating and opening data files: every unusable file is refused with a Korean message
and left byte for byte as it was (keyring included); an older schema is upgraded on open."""
from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import stat
from datetime import date
from pathlib import Path

import pytest

from app import members as m
from app.database import close_database, init_database, installation_info, open_database, rename_council
from app.errors import InputRefused, ValidationFailed
from app.members import TermData
from app.security.accounts import NewAccount
from app.security.keyring import KEYRING_FORMAT, keyring_path, load_keyring, unwrap_key
from db import migrate
from db.session import create_sqlite_engine, probe_sqlite
from tests.conftest import ADMIN, ADMIN_PASSWORD, TODAY, make_database, member_data
from tests.db.test_migrations import migrations_with_extra_revision


def fingerprint(folder: Path) -> dict[str, str]:
    """Name and content hash of every file in ``folder``: nothing added, nothing changed."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def key_of(path: Path) -> bytes:
    """The database key, unwrapped from the keyring as a login does."""
    return unwrap_key(load_keyring(keyring_path(path)).accounts[ADMIN.username].wrapped, ADMIN_PASSWORD,
                      ADMIN.username)


def refused_open(path: Path, code: str) -> InputRefused:
    """The right password, and still refused: nothing in the folder changes, keyring included."""
    folder = path.parent if path.parent.exists() else None
    before = fingerprint(folder) if folder else None
    with pytest.raises(InputRefused) as info:
        open_database(path, ADMIN.username, ADMIN_PASSWORD)
    assert info.value.code == code
    message = info.value.message("ko")
    assert any("\uac00" <= c <= "\ud7a3" for c in message), message  # Korean text
    if folder:
        assert fingerprint(folder) == before
    return info.value


@pytest.fixture
def closed_db(db) -> Path:
    """A real CouncilDesk file with a member, closed so that it is one file on disk."""
    m.add_member(db.uow(), member_data(), TermData(date(2025, 1, 1), date(2026, 12, 31)), TODAY)
    db.dispose()
    assert not Path(str(db.path) + "-wal").exists()
    return db.path


@pytest.fixture
def read_only(request):
    """chmod a path read-only for the test and put it back afterwards."""
    changed: list[tuple[Path, int]] = []

    def make(path: Path, mode: int) -> Path:
        changed.append((path, stat.S_IMODE(path.stat().st_mode)))
        path.chmod(mode)
        return path

    yield make
    for path, mode in reversed(changed):
        path.chmod(mode)


# ---------------------------------------------------------------- init

def test_init_creates_a_councildesk_file(db_path):
    new = init_database(db_path, "4377034000", " 햇살면 지역사회보장협의체 ", ADMIN)
    db = new.db
    try:
        info = installation_info(db)
        assert (info.council_code, info.council_name, info.site_role) == ("4377034000", "햇살면 지역사회보장협의체",
                                                                          "council")
        assert len(info.device_id) == 36
        assert migrate.current_revision(db.engine) == migrate.head_revision()
        assert db.actor.username == ADMIN.username and db.actor.role == "admin"
        assert len(db.key) == 32 and len(new.recovery_code) == 35
        keyring = load_keyring(keyring_path(db_path))
        assert set(keyring.accounts) == {ADMIN.username} and keyring.database_id == info.device_id
    finally:
        db.dispose()
    assert sorted(p.name for p in db_path.parent.iterdir()) == ["council.db", "council.db.keys"]


def test_init_wants_a_valid_administrator(db_path):
    for admin, field in ((NewAccount("admin", "short", "관리자"), "password"),
                         (NewAccount("a b", ADMIN_PASSWORD, "관리자"), "username"),
                         (NewAccount("admin", ADMIN_PASSWORD, " "), "display_name"),
                         (NewAccount("admin", ADMIN_PASSWORD, "관리자", role="viewer"), "role")):
        with pytest.raises(ValidationFailed) as info:
            init_database(db_path, "1", "협의체", admin)
        assert {e.field for e in info.value.errors} == {field}
        assert list(db_path.parent.iterdir()) == []


def test_init_leaves_nothing_when_it_fails(db_path, monkeypatch):
    from app.security import accounts

    def broken_save(*_args):
        raise OSError("disk full")

    # The keyring is written (sealed) by the accounts module, inside init's transaction.
    monkeypatch.setattr(accounts, "save_keyring", broken_save)
    with pytest.raises(OSError):
        init_database(db_path, "1", "협의체", ADMIN)
    assert list(db_path.parent.iterdir()) == []


def test_init_refuses_an_existing_file(closed_db):
    before = fingerprint(closed_db.parent)
    with pytest.raises(InputRefused) as info:
        init_database(closed_db, "1", "새 협의체", ADMIN)
    assert info.value.code == "db_exists"
    assert "이미 데이터 파일이 있습니다" in info.value.message("ko") and str(closed_db) in info.value.message("ko")
    assert fingerprint(closed_db.parent) == before


def test_init_refuses_a_leftover_keyring(db_path):
    keys = keyring_path(db_path)
    keys.write_text("{}", encoding="utf-8")
    with pytest.raises(InputRefused) as info:
        init_database(db_path, "1", "새 협의체", ADMIN)
    assert info.value.code == "db_exists"
    assert keys.read_text(encoding="utf-8") == "{}" and not db_path.exists()


def test_init_refuses_missing_and_read_only_folders(tmp_path, read_only):
    with pytest.raises(InputRefused) as info:
        init_database(tmp_path / "nowhere" / "c.db", "1", "협의체", ADMIN)
    assert info.value.code == "db_missing_folder"
    folder = tmp_path / "locked"
    folder.mkdir()
    read_only(folder, 0o555)
    with pytest.raises(InputRefused) as info:
        init_database(folder / "c.db", "1", "협의체", ADMIN)
    assert info.value.code == "db_read_only"
    assert "읽기 전용" in info.value.message("ko")
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize(("code", "name", "fields"), [
    ("", "협의체", {"council_code"}), ("12 34", "협의체", {"council_code"}), ("1", " ", {"council_name"}),
    ("1", "가" * 101, {"council_name"}), ("", "", {"council_code", "council_name"}),
])
def test_init_validates_the_council(db_path, code, name, fields):
    with pytest.raises(ValidationFailed) as info:
        init_database(db_path, code, name, ADMIN)
    assert {e.field for e in info.value.errors} == fields
    assert not db_path.exists()


def test_init_refuses_unknown_site_role(db_path):
    with pytest.raises(ValidationFailed):
        init_database(db_path, "1", "협의체", ADMIN, site_role="region")
    assert not db_path.exists()


# ---------------------------------------------------------------- open

def test_open_keeps_data_and_device(closed_db):
    db = open_database(closed_db, ADMIN.username, ADMIN_PASSWORD)
    try:
        info = installation_info(db)
        assert [v.name for v in m.list_members(db.uow(), TODAY)] == ["홍길동"]
        view = m.add_member(db.uow(), member_data("김영희", birth_date=date(1970, 1, 1), phone=""),
                            TermData(date(2025, 1, 1), date(2026, 12, 31)), TODAY)
        assert view.id
        renamed = rename_council(db, "4377034000", "새이름 협의체")
        assert renamed.council_name == "새이름 협의체" and renamed.device_id == info.device_id
    finally:
        db.dispose()
    again = open_database(closed_db, ADMIN.username, ADMIN_PASSWORD)
    try:
        assert installation_info(again).device_id == info.device_id
        assert again.session_factory.kw["info"]["device_id"] == info.device_id
    finally:
        again.dispose()


def test_open_missing_path(tmp_path):
    error = refused_open(tmp_path / "none.db", "db_missing")
    assert "데이터 파일이 없습니다" in error.message("ko")
    assert not (tmp_path / "none.db").exists()


def test_open_missing_folder(tmp_path):
    refused_open(tmp_path / "no" / "none.db", "db_missing")


def test_open_directory(tmp_path):
    folder = tmp_path / "folder.db"
    folder.mkdir()
    assert "폴더가 있습니다" in refused_open(folder, "db_is_directory").message("ko")


def test_open_read_only_file(closed_db, read_only):
    # Tests run as root in CI, where os.access says yes to everything: the mode bits decide.
    read_only(closed_db, 0o444)
    error = refused_open(closed_db, "db_read_only")
    assert "읽기 전용" in error.message("ko") and str(closed_db) in error.message("ko")


def test_open_file_in_read_only_folder(closed_db, read_only):
    read_only(closed_db.parent, 0o555)
    refused_open(closed_db, "db_read_only")


def test_open_unreadable_file(closed_db, read_only):
    read_only(closed_db, 0o200)
    refused_open(closed_db, "db_unreadable")


@pytest.mark.parametrize("content", [os.urandom(8191), b"", b"SQLite format 3\x00" + os.urandom(4080),
                                     "위원 명단\n홍길동,010-1234-5678\n".encode()])
def test_open_non_database_file(tmp_path, content):
    path = tmp_path / "other.db"
    path.write_bytes(content)
    error = refused_open(path, "db_not_councildesk")
    assert "협의체 데스크 데이터 파일이 아닙니다" in error.message("ko")
    assert path.read_bytes() == content


def test_open_random_pages_without_keyring(tmp_path):
    # Whole pages of random bytes look exactly like an encrypted file: only the key can tell.
    path = tmp_path / "other.db"
    content = os.urandom(8192)
    path.write_bytes(content)
    error = refused_open(path, "keyring_missing")
    assert "열쇠 파일이 없습니다" in error.message("ko") and str(keyring_path(path)) in error.message("ko")
    assert path.read_bytes() == content


def test_open_random_pages_beside_a_real_keyring(closed_db, tmp_path):
    # The key unwraps but decrypts nothing: to the program this is a damaged data file
    # (it cannot tell random pages from ruined ones), so the window offers a backup.
    content = os.urandom(8192)
    closed_db.write_bytes(content)
    refused_open(closed_db, "db_damaged")
    assert closed_db.read_bytes() == content


def test_open_without_keyring(closed_db):
    keyring_path(closed_db).unlink()
    refused_open(closed_db, "keyring_missing")


DAMAGED_WRAP = '{"salt": "", "nonce": "", "sealed": "", "kdf": {"memory_kib": 0}}'


@pytest.mark.parametrize("text", [
    "not json", "{}", "[1]", '{"kind": "councildesk-keyring", "format": "x"}',
    '{"kind": "councildesk-keyring", "accounts": 5}',
    '{"kind": "councildesk-keyring", "accounts": {"admin": {"wrapped": %s}}}' % DAMAGED_WRAP,
])
def test_open_with_damaged_keyring(closed_db, text):
    keyring_path(closed_db).write_text(text, encoding="utf-8")
    error = refused_open(closed_db, "keyring_damaged")
    assert "열쇠 파일이 손상되었습니다" in error.message("ko")


def test_open_keyring_of_a_newer_version(closed_db):
    keys = keyring_path(closed_db)
    keys.write_text(keys.read_text(encoding="utf-8").replace(f'"format": {KEYRING_FORMAT}', '"format": 99'), encoding="utf-8")
    refused_open(closed_db, "db_too_new")


def test_open_unencrypted_councildesk_file(tmp_path):
    """A file from before encryption, or made by hand without a key, is named as such."""
    path = tmp_path / "plain.db"
    engine = create_sqlite_engine(path)
    migrate.upgrade(engine)
    engine.dispose()
    error = refused_open(path, "db_not_encrypted")
    assert "암호화되지 않은" in error.message("ko")


@pytest.mark.parametrize("journal", ["delete", "wal"])
def test_open_sqlite_file_of_another_program(tmp_path, journal):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA journal_mode = {journal}")
        conn.execute("CREATE TABLE contacts (name TEXT)")
        conn.execute("INSERT INTO contacts VALUES ('홍길동')")
    conn.close()
    refused_open(path, "db_not_councildesk")


def test_open_other_alembic_program_with_same_revision_id(tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
        conn.execute("INSERT INTO alembic_version VALUES (?)", (migrate.head_revision(),))
        conn.execute("CREATE TABLE invoices (id INTEGER)")
    conn.close()
    refused_open(path, "db_not_councildesk")


def stamp_revision(path: Path, revision: str) -> None:
    engine = create_sqlite_engine(path, key_of(path))
    with engine.begin() as conn:
        conn.exec_driver_sql(f"UPDATE alembic_version SET version_num = '{revision}'")
    engine.dispose()
    assert not Path(str(path) + "-wal").exists()


def test_open_database_from_a_newer_version(closed_db):
    stamp_revision(closed_db, "f00dfeed9999")
    error = refused_open(closed_db, "db_too_new")
    assert "더 새 버전" in error.message("ko") and "파일을 바꾸지 않았습니다" in error.message("ko")


def test_recover_access_refuses_a_newer_version_too(closed_db):
    from app.database import recover_access

    stamp_revision(closed_db, "f00dfeed9999")
    before = fingerprint(closed_db.parent)
    code = "0" * 30  # wrong, but a newer file must be refused before anything is written either way
    with pytest.raises(InputRefused):
        recover_access(closed_db, code, ADMIN.username, "new-pass-2027")
    # A wrong code is counted in the keyring; the data file itself is never touched.
    assert fingerprint(closed_db.parent)["council.db"] == before["council.db"]


def test_older_schema_is_upgraded_on_open(closed_db, tmp_path, monkeypatch):
    shipped = migrate.head_revision()
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", migrations_with_extra_revision(tmp_path / "newer"))
    assert migrate.head_revision() == "9002"
    assert probe_sqlite(closed_db, key_of(closed_db)).revision != "9002"
    db = open_database(closed_db, ADMIN.username, ADMIN_PASSWORD)
    try:
        assert migrate.current_revision(db.engine) == "9002"
        assert [v.name for v in m.list_members(db.uow(), TODAY)] == ["홍길동"]
    finally:
        db.dispose()
    # Back down with the key, as an older file would be, and up again on the next login.
    engine = create_sqlite_engine(closed_db, key_of(closed_db))
    migrate.downgrade(engine, "-1")
    assert migrate.current_revision(engine) == shipped
    engine.dispose()
    db = open_database(closed_db, ADMIN.username, ADMIN_PASSWORD)
    try:
        assert migrate.current_revision(db.engine) == "9002"
        assert [v.name for v in m.list_members(db.uow(), TODAY)] == ["홍길동"]
    finally:
        close_database(db)


def test_probe_reads_without_touching(closed_db):
    before = fingerprint(closed_db.parent)
    probe = probe_sqlite(closed_db, key_of(closed_db))
    assert probe.revision == migrate.head_revision()
    assert {"member", "installation", "alembic_version", "account", "access_log"} <= probe.tables
    assert fingerprint(closed_db.parent) == before


def test_probe_without_the_key_reads_nothing(closed_db):
    before = fingerprint(closed_db.parent)
    from db.session import DatabaseOpenError

    with pytest.raises(DatabaseOpenError) as info:
        probe_sqlite(closed_db)
    assert info.value.reason == "not_a_database"
    with pytest.raises(DatabaseOpenError):
        probe_sqlite(closed_db, bytes(32))
    assert fingerprint(closed_db.parent) == before


def test_open_after_a_crash_with_everything_in_the_wal(tmp_path):
    """Power cut right after setup: the tables are only in the WAL, and the file opens."""
    (tmp_path / "live").mkdir()
    live = make_database(tmp_path / "live" / "c.db")
    m.add_member(live.uow(), member_data(), TermData(date(2025, 1, 1), date(2026, 12, 31)), TODAY)
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    for name in ("c.db", "c.db-wal", "c.db-shm", "c.db.keys"):
        shutil.copy2(tmp_path / "live" / name, crashed / name)
    live.dispose()
    assert (crashed / "c.db-wal").stat().st_size > 0
    db = open_database(crashed / "c.db", ADMIN.username, ADMIN_PASSWORD)
    try:
        assert [v.name for v in m.list_members(db.uow(), TODAY)] == ["홍길동"]
    finally:
        close_database(db)
