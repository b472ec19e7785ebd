"""Backups: encrypted snapshots, restore, refusal of bad backups, full disk, rotation,
automatic backups only when something changed, and recovery of a damaged file."""
from __future__ import annotations

import errno
import os
import shutil
import stat
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
import sqlcipher3.dbapi2 as sqlcipher_dbapi
from sqlalchemy import select

import app.backup as backup_module
from app.backup import (auto_backup, backup_before, backup_dir, backup_now, list_backups, recover_from_backup,
                        restore_backup, verify_backup)
from app.backup_policy import backups_to_keep
from app.database import open_database
from app.errors import InputRefused
from app.members import delete_member
from app.paths import data_dir
from app.security.permissions import Actor, NotAllowed
from app.settings import save_settings
from db.security_models import AccessLogEntry
from db.session import Database
from tests.conftest import ADMIN_PASSWORD, make_database

REPO_ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 24, 10, 0, 0)


# --- helpers ----------------------------------------------------------------------------

def raw(path: Path, key: bytes) -> sqlcipher_dbapi.Connection:
    conn = sqlcipher_dbapi.connect(str(path))
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    return conn


def scalar(path: Path, key: bytes, sql: str) -> object:
    conn = raw(path, key)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


def live_bytes(path: Path) -> dict[str, bytes]:
    return {suffix: Path(str(path) + suffix).read_bytes()
            for suffix in ("", "-wal", ".keys") if Path(str(path) + suffix).exists()}


def actions(db: Database) -> list[tuple[str, str]]:
    with db.session_factory() as s:
        return [(e.action, e.details) for e in s.scalars(select(AccessLogEntry).order_by(AccessLogEntry.id))]


def bump(db: Database) -> None:
    """A change that counts (a synced write bumps the change counter)."""
    with db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE change_counter SET value = value + 1")


def damage_middle(path: Path, pages: int = 2) -> None:
    data = bytearray(path.read_bytes())
    middle = (len(data) // 2) // 4096 * 4096
    data[middle:middle + 4096 * pages] = os.urandom(4096 * pages)
    path.write_bytes(bytes(data))


# --- backup_now -------------------------------------------------------------------------

def test_backup_is_encrypted_opens_with_key_and_is_logged(demo_db: Database, tmp_path: Path) -> None:
    names = [r[0] for r in raw(demo_db.path, demo_db.key).execute("SELECT name FROM member LIMIT 20")]
    phones = [r[0] for r in raw(demo_db.path, demo_db.key).execute("SELECT phone FROM member WHERE phone != ''")]
    assert names and phones
    usb = tmp_path / "usb"

    target = backup_now(demo_db, usb)

    assert target.parent == usb and target.name.startswith("councildesk-") and target.name.endswith("-manual.db")
    data = target.read_bytes()
    assert not data.startswith(b"SQLite format 3")
    for text in names + phones:
        assert text.encode("utf-8") not in data
    keys = Path(str(target) + ".keys")
    assert keys.read_bytes() == Path(str(demo_db.path) + ".keys").read_bytes()
    verify_backup(target, demo_db.key)
    assert (scalar(target, demo_db.key, "SELECT count(*) FROM member")
            == scalar(demo_db.path, demo_db.key, "SELECT count(*) FROM member"))
    with pytest.raises(sqlcipher_dbapi.DatabaseError):
        scalar(target, b"\x01" * 32, "SELECT count(*) FROM member")
    assert ("backup", f'{{"file": "{target.name}", "reason": "manual"}}') in actions(demo_db)
    # No temp files left: the backup, its keys and its manifest (the access log's head).
    assert sorted(p.name for p in usb.iterdir()) == sorted([target.name, keys.name, target.name + ".manifest"])


def test_default_folder_names_and_listing(db: Database) -> None:
    first = backup_now(db, now=NOW)
    second = backup_now(db, now=NOW)  # same second: a new name, never an overwrite
    third = backup_before(db, "import")
    folder = backup_dir(db.path)
    assert folder.parent == data_dir() / "backups" and folder.name.startswith("council-")
    assert backup_dir(db.path.parent / "other" / "council.db") != folder
    assert first.name == "councildesk-20261124-100000-manual.db"
    assert second.name == "councildesk-20261124-100000-manual-2.db"
    assert third.name.endswith("-before-import.db")
    listed = list_backups(db.path)
    assert [b.path for b in listed] == [third, second, first]
    assert listed[0].reason == "before-import" and listed[2].created_at == NOW and listed[2].size == first.stat().st_size


def test_manual_backup_needs_permission(db: Database, tmp_path: Path) -> None:
    db.actor = Actor("viewer1", "viewer")
    with pytest.raises(NotAllowed):
        backup_now(db, tmp_path / "usb")
    assert not (tmp_path / "usb").exists()
    assert auto_backup(db, NOW) is not None  # the program's own backups run for everyone


@pytest.mark.parametrize("where", ["snapshot", "keys"])
def test_full_disk_leaves_no_partial_file(db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          where: str) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    before = live_bytes(db.path)

    def full(*_args: object, **_kw: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backup_module, "_fsync" if where == "snapshot" else "write_atomic", full)
    with pytest.raises(InputRefused) as refused:
        backup_now(db, usb)
    assert refused.value.code == "backup_disk_full"
    assert "공간이 부족합니다" in refused.value.message("ko") and "반쯤 쓴 백업도 남기지 않았습니다" in refused.value.message()
    assert list(usb.iterdir()) == []
    assert live_bytes(db.path) == before
    assert scalar(db.path, db.key, "PRAGMA integrity_check") == "ok"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_FSIZE as a small disk")
def test_real_short_write_is_reported_as_full_disk(db: Database, tmp_path: Path) -> None:
    """SQLite itself hits the limit (a file-size limit stands in for a small USB stick)."""
    db.dispose()
    usb = tmp_path / "usb"
    usb.mkdir()
    script = (
        "import resource, signal, sys\n"
        "from pathlib import Path\n"
        "from app.backup import backup_now\n"
        "from app.errors import InputRefused\n"
        "from db.session import open_sqlite\n"
        "db = open_sqlite(Path(sys.argv[1]), key=bytes.fromhex(sys.argv[2]))\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (12288, resource.RLIM_INFINITY))\n"
        "try:\n"
        "    backup_now(db, Path(sys.argv[3]), reason='auto')\n"
        "except InputRefused as e:\n"
        "    print(e.code)\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(db.path), db.key.hex(), str(usb)], cwd=REPO_ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    # The free space is plenty, so the refusal names the write failure; either way no file.
    assert done.stdout.strip() in ("backup_disk_full", "backup_write_failed"), done.stdout + done.stderr
    assert list(usb.iterdir()) == []


# --- verify and restore -----------------------------------------------------------------

def test_restore_brings_back_deleted_data_after_backing_up_the_current_state(demo_db: Database) -> None:
    path, key = demo_db.path, demo_db.key
    backup = backup_now(demo_db, now=NOW)
    member_id, name = raw(path, key).execute("SELECT id, name FROM member WHERE deleted_at IS NULL").fetchone()
    delete_member(demo_db.uow(), member_id)
    live_count = "SELECT count(*) FROM member WHERE deleted_at IS NULL"
    deleted_state = scalar(path, key, live_count)

    saved = restore_backup(demo_db, backup)

    assert saved.name.endswith("-before-restore.db") and saved.parent == backup_dir(path)
    verify_backup(saved, key)
    assert scalar(saved, key, live_count) == deleted_state  # the state before the restore is kept
    assert scalar(saved, key, f"SELECT deleted_at FROM member WHERE id = '{member_id}'") is not None
    reopened = open_database(path, "admin", ADMIN_PASSWORD)
    try:
        assert scalar(path, key, f"SELECT deleted_at FROM member WHERE id = '{member_id}'") is None
        assert scalar(path, key, live_count) == deleted_state + 1
        assert scalar(path, key, "PRAGMA integrity_check") == "ok"
        restore_entries = [d for a, d in actions(reopened) if a == "restore_backup"]
        assert restore_entries and backup.name in restore_entries[-1] and saved.name in restore_entries[-1]
    finally:
        reopened.dispose()
    assert not list(path.parent.glob(".councildesk-*"))


def _plain_sqlite(path: Path) -> None:
    conn = sqlcipher_dbapi.connect(str(path))
    conn.execute("CREATE TABLE t (a)")
    conn.commit()
    conn.close()


def _bad_backup(kind: str, db: Database, tmp_path: Path) -> Path:
    good = backup_now(db, tmp_path / "usb")
    data = good.read_bytes()
    if kind == "truncated_page":
        good.write_bytes(data[: len(data) // 2 // 4096 * 4096])
    elif kind == "truncated_mid_page":
        good.write_bytes(data[: len(data) // 2 + 100])
    elif kind == "damaged":
        damage_middle(good)
    elif kind == "empty":
        good.write_bytes(b"")
    elif kind == "random":
        good.write_bytes(os.urandom(len(data)))
    elif kind == "plain_sqlite":
        good.unlink()
        _plain_sqlite(good)
    elif kind in ("other_database", "other_database_no_keys"):
        (tmp_path / "other").mkdir()
        other = make_database(tmp_path / "other" / "council.db")
        try:
            good = backup_now(other, tmp_path / "usb2")
        finally:
            other.dispose()
        if kind == "other_database_no_keys":
            Path(str(good) + ".keys").unlink()
    elif kind == "not_councildesk":
        conn = raw(good, db.key)
        conn.execute("DROP TABLE change_counter")
        conn.commit()
        conn.close()
    elif kind == "too_new":
        conn = raw(good, db.key)
        conn.execute("UPDATE alembic_version SET version_num = 'ffff_from_the_future'")
        conn.commit()
        conn.close()
    elif kind == "missing":
        good.unlink()
    return good


@pytest.mark.parametrize("kind, code", [
    ("truncated_page", "backup_damaged"),
    ("truncated_mid_page", "backup_damaged"),
    ("damaged", "backup_damaged"),
    ("empty", "backup_damaged"),
    ("random", "backup_wrong_key"),
    ("plain_sqlite", "backup_not_councildesk"),
    ("other_database", "backup_other_database"),
    ("other_database_no_keys", "backup_wrong_key"),
    ("not_councildesk", "backup_not_councildesk"),
    ("too_new", "backup_too_new"),
    ("missing", "backup_missing"),
])
def test_bad_backups_are_refused_and_nothing_changes(db: Database, tmp_path: Path, kind: str, code: str) -> None:
    bad = _bad_backup(kind, db, tmp_path)
    bump(db)
    with db.engine.connect() as conn:
        conn.connection.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = live_bytes(db.path)
    backups_before = list_backups(db.path)

    with pytest.raises(InputRefused) as refused:
        restore_backup(db, bad)

    assert refused.value.code == code
    message = refused.value.message("ko")
    assert str(bad) in message and "{" not in message
    assert live_bytes(db.path) == before
    assert list_backups(db.path) == backups_before  # no before-restore backup for a refused file
    assert scalar(db.path, db.key, "SELECT count(*) FROM account") == 1  # db still usable
    with db.session_factory() as s:
        assert s.scalar(select(AccessLogEntry.id).limit(1)) is not None


def test_restore_needs_permission_and_refuses_the_live_file(db: Database) -> None:
    backup = backup_now(db)
    with pytest.raises(InputRefused) as refused:
        restore_backup(db, db.path)
    assert refused.value.code == "backup_is_live"
    db.actor = Actor("coord", "coordinator")
    with pytest.raises(NotAllowed):
        restore_backup(db, backup)


# --- automatic backups ------------------------------------------------------------------

def test_auto_backup_only_when_changed_and_at_most_daily(db: Database, today: date) -> None:
    from app.members import list_members

    first = auto_backup(db, NOW)
    assert first is not None and first.name.endswith("-auto.db")
    assert auto_backup(db, NOW + timedelta(hours=1)) is None            # nothing changed
    list_members(db.uow(), today)                                        # a view is logged...
    assert auto_backup(db, NOW + timedelta(days=1)) is None             # ...but is no change
    assert auto_backup(db, NOW + timedelta(days=1), closing=True) is None
    bump(db)
    assert auto_backup(db, NOW + timedelta(hours=2)) is None            # changed, but same day
    closing = auto_backup(db, NOW + timedelta(hours=3), closing=True)   # closing: whenever changed
    assert closing is not None
    assert auto_backup(db, NOW + timedelta(hours=4), closing=True) is None
    with db.session_factory.begin() as session:
        save_settings(session, term_warning_days=30)                      # settings count
    next_day = auto_backup(db, NOW + timedelta(days=1, hours=1))
    assert next_day is not None
    from app.security.accounts import reset_password
    from app.security.accounts import create_account
    from app.security.accounts import NewAccount
    create_account(db, NewAccount("clerk", "clerk-pass-2026", "간사", "coordinator"))  # accounts count
    assert auto_backup(db, NOW + timedelta(days=1, hours=2)) is None      # same day again
    assert auto_backup(db, NOW + timedelta(days=2)) is not None
    reset_password(db, "clerk", "other-pass-2027")
    assert auto_backup(db, NOW + timedelta(days=2), closing=True) is not None
    # Rotation keeps the newest per day: the first backup of day one made way for the one at closing.
    assert [b.path for b in list_backups(db.path)][-1] == closing
    assert [b.reason for b in list_backups(db.path)] == ["auto"] * 4 and not first.exists()


def test_rotation_keeps_daily_weekly_monthly_and_every_chosen_backup(db: Database) -> None:
    folder = backup_dir(db.path)
    template = backup_now(db, folder, "auto", now=NOW - timedelta(days=500))
    keys = Path(str(template) + ".keys")
    start = NOW - timedelta(days=400)
    stamps = [start + timedelta(days=d, hours=d % 5) for d in range(400)]
    for stamp in stamps[1:]:
        target = folder / f"councildesk-{stamp:%Y%m%d-%H%M%S}-auto.db"
        shutil.copyfile(template, target)
        shutil.copyfile(keys, Path(str(target) + ".keys"))
    chosen = [backup_now(db, None, reason, now=NOW - timedelta(days=600)) for reason in
              ("manual", "before-import", "before-restore")]
    bump(db)

    newest = auto_backup(db, NOW)

    autos = [b for b in list_backups(db.path) if b.reason == "auto"]
    kept = {b.created_at for b in autos}
    all_stamps = [NOW - timedelta(days=500)] + stamps[1:] + [NOW]
    assert kept == backups_to_keep(all_stamps)
    assert newest is not None and NOW in kept
    days = sorted({s.date() for s in kept}, reverse=True)
    assert days[:7] == [(NOW - timedelta(days=i)).date() for i in range(7)]   # 7 daily
    assert min(kept) > NOW - timedelta(days=366) and len(kept) <= 7 + 4 + 12  # 12 monthly, no older
    weeks = {s.isocalendar()[:2] for s in kept}
    assert len(weeks) >= 4
    for path in chosen:                                                        # never pruned
        assert path.exists() and Path(str(path) + ".keys").exists()
    on_disk = {p.name for p in folder.iterdir()}
    backups = list_backups(db.path)
    assert on_disk - {b.path.name + ".manifest" for b in backups} == {b.path.name for b in backups} | {
        b.path.name + ".keys" for b in backups}                                # keys go with their backup
    assert all(name[:-len(".manifest")] in on_disk for name in on_disk if name.endswith(".manifest"))


def test_stale_temp_files_of_a_killed_backup_are_cleaned(db: Database) -> None:
    folder = backup_dir(db.path)
    folder.mkdir(parents=True)
    stale = folder / ".councildesk-db-0123456789ab.tmp"
    journal = folder / ".councildesk-db-0123456789ab.tmp-journal"
    fresh = folder / ".councildesk-db-ba9876543210.tmp"
    stale.write_bytes(b"half a backup")
    journal.write_bytes(b"its journal")
    fresh.write_bytes(b"another program's backup in progress")
    os.utime(stale, (0, 0))
    os.utime(journal, (0, 0))
    auto_backup(db, NOW)
    assert not stale.exists() and not journal.exists() and fresh.exists()
    assert all(b.path.name != stale.name for b in list_backups(db.path))


# --- recovery at start-up ---------------------------------------------------------------

def _damaged_live(demo_db: Database) -> tuple[Path, bytes, Path, int, Path]:
    path, key = demo_db.path, demo_db.key
    older = backup_now(demo_db, None, "auto", now=NOW - timedelta(days=2))
    bump(demo_db)
    good = backup_now(demo_db, None, "auto", now=NOW - timedelta(days=1))
    count = scalar(good, key, "SELECT value FROM change_counter")
    bump(demo_db)  # the last change is after the newest backup: it is what gets lost
    demo_db.dispose()
    assert not Path(str(path) + "-wal").exists()
    damage_middle(path)
    return path, key, good, count, older


def test_recover_from_backup_restores_the_latest_good_backup(demo_db: Database) -> None:
    path, key, good, count, _older = _damaged_live(demo_db)
    damaged = path.read_bytes()
    with pytest.raises(InputRefused) as refused:
        open_database(path, "admin", ADMIN_PASSWORD)
    assert refused.value.code == "db_damaged"
    with pytest.raises(InputRefused) as wrong:
        recover_from_backup(path, "admin", "not-the-password-1")
    assert wrong.value.code == "wrong_login"
    assert path.read_bytes() == damaged

    used = recover_from_backup(path, "admin", ADMIN_PASSWORD)

    assert used == good
    aside = [p for p in path.parent.iterdir() if p.name.startswith(path.name + ".damaged-")]
    assert len(aside) == 1 and aside[0].read_bytes() == damaged
    db = open_database(path, "admin", ADMIN_PASSWORD)
    try:
        assert scalar(path, key, "PRAGMA integrity_check") == "ok"
        assert scalar(path, key, "SELECT value FROM change_counter") == count
        entries = [d for a, d in actions(db) if a == "restore_backup"]
        assert entries and good.name in entries[-1] and aside[0].name in entries[-1]
    finally:
        db.dispose()


def test_recover_skips_a_damaged_newest_backup(demo_db: Database) -> None:
    path, key, good, _count, older = _damaged_live(demo_db)
    damage_middle(good)
    assert recover_from_backup(path, "admin", ADMIN_PASSWORD) == older
    open_database(path, "admin", ADMIN_PASSWORD).dispose()


def test_recover_without_a_good_backup_says_so_and_keeps_the_file(db: Database) -> None:
    path = db.path
    bad = backup_now(db, None, "auto", now=NOW)
    db.dispose()
    damage_middle(bad)
    damage_middle(path)
    damaged = path.read_bytes()
    with pytest.raises(InputRefused) as refused:
        recover_from_backup(path, "admin", ADMIN_PASSWORD)
    assert refused.value.code == "backup_none_good"
    assert "정상 백업이 없습니다" in refused.value.message("ko")
    assert path.read_bytes() == damaged
    assert not [p for p in path.parent.iterdir() if ".damaged-" in p.name]


def test_recover_needs_an_account_allowed_to_restore(demo_db: Database) -> None:
    from app.security.accounts import NewAccount, create_account

    create_account(demo_db, NewAccount("viewer1", "viewer-pass-2026", "위원", "viewer"))
    path, _key, _good, _count, _older = _damaged_live(demo_db)
    damaged = path.read_bytes()
    with pytest.raises(NotAllowed):
        recover_from_backup(path, "viewer1", "viewer-pass-2026")
    assert path.read_bytes() == damaged


# --- durability: every rename is followed by a folder fsync -----------------------------

def _record_renames_and_folder_syncs(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """('replace', inode of the target's folder) and ('fsync-dir', inode), in order."""
    events: list[tuple[str, int]] = []
    real_replace, real_fsync = os.replace, os.fsync

    def replace(src: object, dst: object) -> None:
        real_replace(src, dst)
        events.append(("replace", Path(str(dst)).parent.stat().st_ino))

    def fsync(fd: int) -> None:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            events.append(("fsync-dir", info.st_ino))
        real_fsync(fd)

    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(os, "fsync", fsync)
    return events


def _each_rename_is_synced(events: list[tuple[str, int]]) -> bool:
    pending: set[int] = set()
    for kind, folder in events:
        if kind == "replace":
            pending.add(folder)
        else:
            pending.discard(folder)
    return not pending


@pytest.mark.skipif(os.name == "nt", reason="POSIX mode bits and folder fsync")
def test_backup_keys_are_owner_only_and_the_renames_are_durable(db: Database, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    events = _record_renames_and_folder_syncs(monkeypatch)
    target = backup_now(db, tmp_path / "usb", now=NOW)
    keys = Path(str(target) + ".keys")
    assert stat.S_IMODE(keys.stat().st_mode) == 0o600
    assert stat.S_IMODE(Path(str(target) + ".manifest").stat().st_mode) == 0o600
    # The keys, the manifest, the snapshot, then the live file's anchors (app.security.log_anchor).
    assert [kind for kind, _ in events].count("replace") == 4
    assert stat.S_IMODE(Path(str(db.path) + ".anchors").stat().st_mode) == 0o600
    assert _each_rename_is_synced(events)
    assert sorted(p.name for p in (tmp_path / "usb").iterdir()) == sorted([target.name, keys.name,
                                                                           target.name + ".manifest"])


@pytest.mark.skipif(os.name == "nt", reason="folder fsync is POSIX only")
def test_recovery_swaps_are_durable(demo_db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    path, *_rest = _damaged_live(demo_db)
    events = _record_renames_and_folder_syncs(monkeypatch)
    recover_from_backup(path, "admin", ADMIN_PASSWORD)
    live_folder = path.parent.stat().st_ino
    swaps = [e for e in events if e == ("replace", live_folder)]
    assert len(swaps) == 2  # the damaged file moved aside, the staged copy moved in
    assert _each_rename_is_synced(events)
