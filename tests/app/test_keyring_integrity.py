"""The keyring's lock-out state, tried as an attacker would (issue 13, item 4): an edited
counter, a removed lock, an older ``.keys`` copied back, a MAC stripped — each refused —
and the recovery code as the way back."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from app.database import close_database, init_database, open_database, recover_access
from app.errors import InputRefused
from app.security import keyring as k
from app.security.accounts import NewAccount, create_account, deactivate_account, reset_password
from tests.conftest import ADMIN, ADMIN_PASSWORD

KIM = NewAccount("kim", "kim-pass-2026", "김간사", role="coordinator")


@pytest.fixture
def closed(tmp_path) -> tuple[Path, str]:
    new = init_database(tmp_path / "c.db", "4377034000", "햇살면 지역사회보장협의체", ADMIN)
    create_account(new.db, KIM)
    close_database(new.db)
    return new.db.path, new.recovery_code


def keys_of(path: Path) -> dict:
    return json.loads(k.keyring_path(path).read_text(encoding="utf-8"))


def write_keys(path: Path, raw: dict) -> None:
    k.keyring_path(path).write_text(json.dumps(raw), encoding="utf-8")


def refused(path: Path, username: str, password: str, code: str) -> None:
    with pytest.raises(InputRefused) as info:
        open_database(path, username, password)
    assert info.value.code == code, info.value.message("en")
    assert ".keys" in info.value.message("ko") and "복구 코드" in info.value.message("ko")


def fail(path: Path, username: str, times: int) -> None:
    for _ in range(times):
        with pytest.raises(InputRefused):
            open_database(path, username, "wrong-pass-99")


def test_a_new_keyring_is_maced_and_the_file_remembers_its_generation(closed):
    path, _code = closed
    raw = keys_of(path)
    assert raw["format"] == k.KEYRING_FORMAT and len(raw["mac"]) == 64 and raw["generation"] >= 2
    db = open_database(path, ADMIN.username, ADMIN_PASSWORD)
    try:
        assert k.keyring_is_authentic(k.load_keyring(k.keyring_path(path)), db.key)
    finally:
        close_database(db)


def test_an_edited_counter_is_refused(closed):
    path, _code = closed
    fail(path, ADMIN.username, 3)
    close_database(open_database(path, KIM.username, KIM.password))  # folds the 3 failures in, MACed
    raw = keys_of(path)
    assert raw["accounts"]["admin"]["failed_attempts"] == 3
    raw["accounts"]["admin"]["failed_attempts"] = 0
    write_keys(path, raw)
    refused(path, KIM.username, KIM.password, "keyring_tampered")
    refused(path, ADMIN.username, ADMIN_PASSWORD, "keyring_tampered")


def test_a_removed_lock_is_refused(closed):
    path, _code = closed
    fail(path, KIM.username, 5)
    close_database(open_database(path, ADMIN.username, ADMIN_PASSWORD))  # the lock is now authenticated
    raw = keys_of(path)
    assert raw["accounts"]["kim"]["locked_until"] > 0
    with pytest.raises(InputRefused) as info:
        open_database(path, KIM.username, KIM.password)
    assert info.value.code == "account_locked"
    raw["accounts"]["kim"]["locked_until"] = 0
    write_keys(path, raw)
    # The right password, the lock gone from the file: still no way in.
    refused(path, KIM.username, KIM.password, "keyring_tampered")


def test_a_lowered_policy_is_refused(closed):
    path, _code = closed
    raw = keys_of(path)
    raw["policy"]["max_failed"] = 1000
    write_keys(path, raw)
    refused(path, ADMIN.username, ADMIN_PASSWORD, "keyring_tampered")


def test_an_older_keyring_copied_back_is_refused(closed, tmp_path):
    path, _code = closed
    saved = tmp_path / "old.keys"
    shutil.copy(k.keyring_path(path), saved)
    db = open_database(path, ADMIN.username, ADMIN_PASSWORD)
    try:
        reset_password(db, KIM.username, "temp-pass-2026")
        deactivate_account(db, KIM.username)
    finally:
        close_database(db)
    shutil.copy(saved, k.keyring_path(path))
    # A genuine MAC, but older than the file has seen: kim's old wrap must not come back.
    refused(path, KIM.username, KIM.password, "keyring_rolled_back")
    refused(path, ADMIN.username, ADMIN_PASSWORD, "keyring_rolled_back")


def test_a_keyring_without_its_mac_is_refused(closed):
    path, _code = closed
    raw = keys_of(path)
    raw["format"], raw["mac"] = 1, ""
    raw["accounts"]["admin"]["locked_until"] = 0
    write_keys(path, raw)
    refused(path, ADMIN.username, ADMIN_PASSWORD, "keyring_rolled_back")


def test_an_edit_while_open_is_not_laundered_by_the_next_save(closed):
    path, _code = closed
    db = open_database(path, ADMIN.username, ADMIN_PASSWORD)
    try:
        raw = keys_of(path)
        raw["accounts"]["kim"]["locked_until"] = 0
        raw["accounts"]["kim"]["failed_attempts"] = 0
        raw["policy"]["lock_minutes"] = 0
        write_keys(path, raw)
        with pytest.raises(InputRefused) as info:
            create_account(db, NewAccount("lee", "lee-pass-2026", "이간사", "coordinator"))
        assert info.value.code == "keyring_tampered"
    finally:
        close_database(db)


def test_the_recovery_code_rebuilds_a_tampered_keyring(closed):
    path, code = closed
    raw = keys_of(path)
    raw["accounts"]["kim"]["failed_attempts"] = 3
    write_keys(path, raw)
    refused(path, ADMIN.username, ADMIN_PASSWORD, "keyring_tampered")
    close_database(recover_access(path, code, ADMIN.username, "fresh-pass-2027"))
    rebuilt = keys_of(path)
    # Only the recovering account is trusted again; the others get new passwords from it.
    assert set(rebuilt["accounts"]) == {"admin"} and rebuilt["recovery"] == raw["recovery"]
    db = open_database(path, ADMIN.username, "fresh-pass-2027")
    try:
        reset_password(db, KIM.username, "temp-pass-2026")
    finally:
        close_database(db)
    close_database(open_database(path, KIM.username, "temp-pass-2026"))


def test_a_format_one_keyring_is_upgraded_at_the_first_login(closed, tmp_path):
    """Files from before the MAC: accepted once (nothing remembered yet), then MACed."""
    from sqlalchemy import delete

    from db.security_models import KeyringState

    path, _code = closed
    db = open_database(path, ADMIN.username, ADMIN_PASSWORD)
    with db.session_factory.begin() as session:
        session.execute(delete(KeyringState))
    close_database(db)
    raw = keys_of(path)
    raw["format"], raw["mac"], raw["generation"] = 1, "", 0
    write_keys(path, raw)
    close_database(open_database(path, ADMIN.username, ADMIN_PASSWORD))
    upgraded = keys_of(path)
    assert upgraded["format"] == k.KEYRING_FORMAT and upgraded["mac"] and upgraded["generation"] == 1
