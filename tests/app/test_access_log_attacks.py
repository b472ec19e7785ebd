"""The access log against someone who holds the database key and a SQLite shell: the keyed
chain, the anchors outside the file (backups' manifests, the anchors file), texts safe for
Excel, and the scheduled retention purge that must not look like tampering."""
from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from app.backup import auto_backup, backup_now, restore_backup
from app.database import close_database, open_database
from app.errors import InputRefused
from app.maintenance import check_database
from app.reports.excel_access_log import export_access_log
from app.security import audit
from app.security.audit import log_event, read_access_log, run_retention, verify_access_log
from app.security.chain import GENESIS, entry_mac, legacy_hash
from app.security.log_anchor import anchors_path, current_anchor, manifest_path, verify_anchor
from db.base import utc_now
from db.security_models import AccessLogEntry
from db.session import create_sqlite_engine
from tests.conftest import ADMIN, ADMIN_PASSWORD, make_database
from tests.golden import fixtures as g


def raw_engine(path: Path, key: bytes):
    """What an attacker with the key has: SQLCipher opened outside the program."""
    return create_sqlite_engine(path, key)


def rewrite_chain(path: Path, key: bytes, keep, seal) -> None:
    """Delete the rows ``keep`` refuses and re-seal the rest with ``seal(prev, content)``."""
    engine = raw_engine(path, key)
    try:
        with Session(engine) as session, session.begin():
            prev = GENESIS
            for entry in session.scalars(select(AccessLogEntry).order_by(AccessLogEntry.id)).all():
                if not keep(entry):
                    session.delete(entry)
                    continue
                entry.prev_hash = prev
                entry.entry_hash = seal(prev, audit._content(entry))
                prev = entry.entry_hash
    finally:
        engine.dispose()


def raw_sql(path: Path, key: bytes, sql: str, **params) -> None:
    engine = raw_engine(path, key)
    try:
        with engine.begin() as conn:
            conn.execute(text(sql), params)
    finally:
        engine.dispose()


def check_codes(path: Path) -> list[str]:
    return [p.code for p in check_database(path, ADMIN.username, ADMIN_PASSWORD).problems]


def do_some_work(db, n: int = 4) -> None:
    for i in range(n):
        log_event(db.session_factory, db.actor, "view", "member", f"m-{i}")
        log_event(db.session_factory, db.actor, "print", "member", f"m-{i}")
        log_event(db.session_factory, db.actor, "export", "member", f"m-{i}")


@pytest.fixture
def council(tmp_path):
    db = make_database(tmp_path / "council.db")
    do_some_work(db)
    path, key = db.path, db.key
    close_database(db)
    return path, key


def test_a_clean_file_with_backups_passes_check(council):
    path, key = council
    db = open_database(path, ADMIN.username, ADMIN_PASSWORD)
    backup_now(db, None, "manual")
    do_some_work(db, 1)
    close_database(db)
    assert check_codes(path) == []
    assert anchors_path(path).exists()


def test_views_prints_exports_deleted_and_chain_recomputed_with_sha256_is_found(council):
    path, key = council
    rewrite_chain(path, key, lambda e: e.action not in ("view", "print", "export"), legacy_hash)
    assert check_codes(path) == ["access_log"]


def test_chain_recomputed_with_a_guessed_key_is_found(council):
    path, key = council
    rewrite_chain(path, key, lambda e: e.action != "view",
                  lambda prev, content: entry_mac(key, prev, content))  # the database key is not the log's
    assert check_codes(path) == ["access_log"]


def test_even_with_the_secret_rows_anchored_by_a_backup_cannot_be_rewritten(council):
    path, key = council
    db = open_database(path, ADMIN.username, ADMIN_PASSWORD)
    backup_now(db, None, "manual")
    with db.session_factory() as session:
        secret = audit.log_secret(session)
    close_database(db)
    rewrite_chain(path, key, lambda e: e.action != "export", lambda prev, content: entry_mac(secret, prev, content))
    codes = check_codes(path)
    assert "access_log_truncated" in codes


def _cut_newest(path: Path, key: bytes, count: int) -> None:
    raw_sql(path, key, "DELETE FROM access_log WHERE id > (SELECT MAX(id) FROM access_log) - :n", n=count)


def test_removing_the_newest_rows_is_found_against_the_backup_anchor(council):
    path, key = council
    db = open_database(path, ADMIN.username, ADMIN_PASSWORD)
    backup_now(db, None, "manual")
    close_database(db)
    _cut_newest(path, key, 4)  # the logout, the backup entry and the newest before the backup
    assert "access_log_truncated" in check_codes(path)


def test_truncation_is_found_from_either_carrier_alone_and_after_more_work(council, tmp_path):
    path, key = council
    db = open_database(path, ADMIN.username, ADMIN_PASSWORD)
    usb = backup_now(db, tmp_path / "usb", "manual")
    close_database(db)
    assert manifest_path(usb).exists()
    _cut_newest(path, key, 5)
    db = open_database(path, ADMIN.username, ADMIN_PASSWORD)
    do_some_work(db, 2)  # the ids of the removed rows are handed out again
    close_database(db)
    assert "access_log_truncated" in check_codes(path)  # the anchors file beside the database


def test_truncation_is_found_by_the_automatic_backup_manifest_without_the_anchors_file(council):
    path, key = council
    db = open_database(path, ADMIN.username, ADMIN_PASSWORD)
    backup_now(db, None, "manual")
    close_database(db)
    anchors_path(path).unlink()
    _cut_newest(path, key, 4)
    assert "access_log_truncated" in check_codes(path)


def test_an_edited_anchors_file_or_manifest_is_found(council):
    path, key = council
    db = open_database(path, ADMIN.username, ADMIN_PASSWORD)
    backup = backup_now(db, None, "manual")
    close_database(db)
    saved = json.loads(anchors_path(path).read_text(encoding="utf-8"))
    saved["anchors"][-1]["entry_id"] = 1  # pretend the log was short then
    anchors_path(path).write_text(json.dumps(saved), encoding="utf-8")
    assert check_codes(path) == ["access_log_anchor"]
    anchors_path(path).unlink()
    manifest = json.loads(manifest_path(backup).read_text(encoding="utf-8"))
    manifest["access_log"]["entry_id"] = 1
    manifest_path(backup).write_text(json.dumps(manifest), encoding="utf-8")
    assert check_codes(path) == ["access_log_anchor"]


@pytest.mark.parametrize("tamper", [
    "UPDATE access_log SET details = '{}' WHERE id = 5",
    "DELETE FROM access_log WHERE id = 5",
    "INSERT INTO access_log (id, at, account, machine, action, target_table, target_id, details, prev_hash, "
    "entry_hash) SELECT 10000, at, account, machine, action, target_table, target_id, details, prev_hash, "
    "entry_hash FROM access_log WHERE id = 5",
    "DELETE FROM access_log_checkpoint",
    "DELETE FROM access_log_key",
])
def test_edited_inserted_or_middle_deleted_rows_and_removed_keys_are_found(council, tamper):
    path, key = council
    raw_sql(path, key, tamper)
    assert "access_log" in check_codes(path)


def test_a_backup_whose_log_was_cut_is_refused_at_restore(council):
    path, key = council
    db = open_database(path, ADMIN.username, ADMIN_PASSWORD)
    backup = backup_now(db, None, "manual")
    _cut_newest(backup, key, 3)
    for suffix in ("-wal", "-shm"):
        Path(str(backup) + suffix).unlink(missing_ok=True)
    with pytest.raises(InputRefused) as refused:
        restore_backup(db, backup)
    assert refused.value.code == "backup_log_truncated"
    assert "접속기록" in refused.value.message("ko") and "newest entries" in refused.value.message("en")
    close_database(db)


def test_a_restore_goes_back_in_time_without_a_false_alarm(council):
    path, key = council
    db = open_database(path, ADMIN.username, ADMIN_PASSWORD)
    older = backup_now(db, None, "manual")
    do_some_work(db, 3)
    backup_now(db, None, "manual")  # its anchor is newer than what the restore brings back
    restore_backup(db, older)
    assert check_codes(path) == []


def test_current_and_verify_anchor_for_the_sync_package(council, tmp_path):
    path, key = council
    db = open_database(path, ADMIN.username, ADMIN_PASSWORD)
    with db.session_factory() as session:
        anchor = current_anchor(session)
        assert set(anchor) >= {"log", "entry_id", "mac"} and verify_anchor(session, anchor)
        assert not verify_anchor(session, {**anchor, "mac": "0" * 64})
        assert not verify_anchor(session, {**anchor, "entry_id": anchor["entry_id"] + 1})  # newer than the file
        assert not verify_anchor(session, {**anchor, "log": "someone-else"})
        assert not verify_anchor(session, {"entry_id": "1; DROP", "mac": None})
    other = make_database(tmp_path / "other.db")
    with other.session_factory() as session:
        assert not verify_anchor(session, anchor)  # another council's file
    other.dispose()
    close_database(db)
    _cut_newest(path, key, 3)
    db = open_database(path, ADMIN.username, ADMIN_PASSWORD)
    with db.session_factory() as session:
        assert not verify_anchor(session, anchor)
    close_database(db)


def test_control_characters_in_a_failed_login_do_not_break_the_excel_export(council, tmp_path):
    path, key = council
    for name in ("ad\x01min", "x\x0by\ufffe"):
        with pytest.raises(InputRefused):
            open_database(path, name, "wrong-password-1")
    # An older file may already hold one (entries are safe only since 0005_keyed_log).
    raw_sql(path, key, "UPDATE access_log SET details = :d WHERE id = 2", d="note\x0b\x01")
    db = open_database(path, ADMIN.username, ADMIN_PASSWORD)
    rows = read_access_log(db.session_factory, db.actor)
    failed = [r for r in rows if r.action == "login_failed"]
    assert sorted(r.target_id for r in failed) == ["ad\ufffdmin", "x\ufffdy\ufffd"]
    out = export_access_log(db, rows, tmp_path / "log.xlsx")
    close_database(db)
    sheet = load_workbook(out).active
    values = [c for row in sheet.iter_rows(min_row=2, values_only=True) for c in row if isinstance(c, str)]
    assert "ad\ufffdmin" in values and "note\ufffd\ufffd" in values


def test_retention_runs_once_a_day_from_the_automatic_backup_and_check_still_passes(tmp_path, monkeypatch):
    clock = [datetime(2022, 1, 1, 9)]
    monkeypatch.setattr(audit, "utc_now", lambda: clock[0])
    db = make_database(tmp_path / "old.db")
    for when in (datetime(2022, 3, 1), datetime(2023, 3, 1), datetime(2024, 6, 1)):
        clock[0] = when
        do_some_work(db, 1)
    backup_now(db, None, "manual")  # anchored at a head that retention will remove
    clock[0] = datetime(2026, 11, 24, 9)
    do_some_work(db, 1)
    removed_before = len(list(_entries(db)))

    auto_backup(db, datetime(2026, 11, 24, 18))  # runs the purge even when no backup is due
    kept = _entries(db)
    assert min(e.at for e in kept if e.action != "permission") >= datetime(2024, 6, 1)
    assert [e.action for e in kept].count("purge") == 1 and len(kept) < removed_before
    with db.session_factory() as session:
        assert verify_access_log(session) is None
    assert run_retention(db.session_factory, db.actor, datetime(2026, 11, 24, 20)) is None  # once a day
    assert run_retention(db.session_factory, db.actor, datetime(2026, 11, 25, 8)) == 0
    path = db.path
    close_database(db)
    monkeypatch.setattr(audit, "utc_now", utc_now)
    assert check_codes(path) == []


def _entries(db) -> list[AccessLogEntry]:
    with db.session_factory() as session:
        return list(session.scalars(select(AccessLogEntry).order_by(AccessLogEntry.id)))


def test_an_upgraded_old_file_passes_and_its_old_part_cannot_be_recomputed(tmp_path):
    rev = "0004"
    path = tmp_path / f"{rev}.db"
    shutil.copyfile(g.DB_FIXTURES / f"{rev}.db", path)
    shutil.copyfile(g.DB_FIXTURES / f"{rev}.db.keys", tmp_path / f"{rev}.db.keys")
    db = open_database(path, g.ADMIN_USERNAME, g.ADMIN_PASSWORD)  # upgrades to the keyed chain
    key = db.key
    with db.session_factory() as session:
        assert verify_access_log(session) is None
        switch = session.execute(text("SELECT entry_id FROM access_log_checkpoint WHERE kind = 'keyed'")).scalar()
    assert switch > 0  # the switch point: the last entry of the SHA-256 era
    close_database(db)
    assert [p.code for p in check_database(path, g.ADMIN_USERNAME, g.ADMIN_PASSWORD).problems] == []
    # Drop the first old entry and re-seal the old part with SHA-256, as the old program would.
    engine = raw_engine(path, key)
    try:
        with Session(engine) as session, session.begin():
            old = session.scalars(select(AccessLogEntry).where(AccessLogEntry.id <= switch)
                                  .order_by(AccessLogEntry.id)).all()
            session.delete(old[0])
            prev = GENESIS
            for entry in old[1:]:
                entry.prev_hash, entry.entry_hash = prev, legacy_hash(prev, audit._content(entry))
                prev = entry.entry_hash
    finally:
        engine.dispose()
    problems = check_database(path, g.ADMIN_USERNAME, g.ADMIN_PASSWORD).problems
    assert [p.code for p in problems] == ["access_log"]
