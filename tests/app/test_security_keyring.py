"""The keyring beside the data file, logging in, locking after failed logins (고시 제5조⑥)
and the recovery code."""
from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from app import members as m
from app.database import close_database, open_database, recover_access
from app.errors import InputRefused, NotFound, ValidationFailed
from app.security import keyring as k
from app.security.accounts import NewAccount, create_account, new_recovery_code
from app.security.audit import machine_name
from db.security_models import AccessLogEntry
from tests.conftest import ADMIN, ADMIN_PASSWORD, FAST_KDF, TODAY, make_database

OTHER = NewAccount("kim", "kim-pass-2026", "김간사", role="coordinator")


@pytest.fixture
def closed(tmp_path) -> tuple[Path, str]:
    """A closed data file with an administrator and a coordinator; and its recovery code."""
    from app.database import init_database

    new = init_database(tmp_path / "c.db", "4377034000", "햇살면 지역사회보장협의체", ADMIN)
    create_account(new.db, OTHER)
    close_database(new.db)
    return new.db.path, new.recovery_code


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def keyring_json(path: Path) -> dict:
    return json.loads(k.keyring_path(path).read_text(encoding="utf-8"))


def effective(path: Path, username: str) -> k.AccountEntry:
    """The counter and lock that decide: the MACed ones with the journal of failures replayed."""
    entry = k.effective_entry(k.load_keyring(k.keyring_path(path)), username)
    assert entry is not None
    return entry


def without_counters(raw: dict) -> dict:
    """The keyring with the failure bookkeeping taken out: what must never change on a failure."""
    raw = json.loads(json.dumps(raw))
    raw.pop("pending_failures")
    for entry in raw["accounts"].values():
        entry.pop("failed_attempts")
        entry.pop("locked_until")
    return raw


def log_entries(db, action: str | None = None) -> list[AccessLogEntry]:
    with db.session_factory() as session:
        query = select(AccessLogEntry).order_by(AccessLogEntry.id)
        if action:
            query = query.where(AccessLogEntry.action == action)
        return list(session.scalars(query))


def refused_login(path: Path, username: str, password: str, code: str) -> InputRefused:
    with pytest.raises(InputRefused) as info:
        open_database(path, username, password)
    assert info.value.code == code
    assert re.search("[가-힣]", info.value.message("ko"))
    return info.value


# ---------------------------------------------------------------- wrapping

def test_wrap_and_unwrap():
    key = k.new_database_key()
    assert len(key) == 32 and key != k.new_database_key()
    wrapped = k.wrap_key(key, "비밀번호-2026", "hong")
    assert k.unwrap_key(wrapped, "비밀번호-2026", "hong") == key
    assert wrapped.kdf == FAST_KDF  # the test cost, read at call time
    for secret, label in (("비밀번호-2027", "hong"), ("", "hong"), ("비밀번호-2026", "kim")):
        with pytest.raises(k.WrongSecret):
            k.unwrap_key(wrapped, secret, label)  # a copy moved to another account fails too


def test_wrapping_is_salted():
    key = k.new_database_key()
    one, two = k.wrap_key(key, "same-pass-1", "a"), k.wrap_key(key, "same-pass-1", "a")
    assert one.salt != two.salt and one.sealed != two.sealed


def test_tampered_copy_is_refused():
    key = k.new_database_key()
    wrapped = k.wrap_key(key, "pass-word-1", "a")
    sealed = bytearray(k._unb64(wrapped.sealed))
    sealed[0] ^= 1
    with pytest.raises(k.WrongSecret):
        k.unwrap_key(k.WrappedKey(wrapped.salt, wrapped.nonce, k._b64(bytes(sealed)), wrapped.kdf), "pass-word-1",
                     "a")


def test_default_cost_is_real():
    # The tests lower DEFAULT_KDF (tests/conftest.py); the shipped cost is the dataclass default.
    assert k.KdfParams().memory_kib >= 64 * 1024 and k.KdfParams().time_cost >= 2


def test_recovery_code_format_and_normalising():
    code = k.generate_recovery_code()
    assert re.fullmatch(r"([0-9A-HJKMNP-TV-Z]{5}-){5}[0-9A-HJKMNP-TV-Z]{5}", code)
    assert code != k.generate_recovery_code()
    typed = " ".join(code.lower().split("-"))
    assert k.normalize_recovery_code(typed) == code
    assert k.normalize_recovery_code(code.replace("-", "")) == code
    assert k.normalize_recovery_code("oil01-") == "01101"


def test_keyring_file_content(db):
    raw = keyring_json(db.path)
    assert raw["kind"] == "councildesk-keyring" and raw["format"] == k.KEYRING_FORMAT
    assert set(raw["accounts"]) == {ADMIN.username}
    assert raw["recovery"] and raw["policy"] == {"max_failed": 5, "lock_minutes": 10}
    text = k.keyring_path(db.path).read_text(encoding="utf-8")
    assert ADMIN_PASSWORD not in text and db.key.hex() not in text
    assert not list(db.path.parent.glob("*.tmp"))


def test_keyring_write_is_atomic(db, monkeypatch):
    before = k.keyring_path(db.path).read_bytes()

    def disk_full(_fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)  # a full disk often shows only at fsync
    with pytest.raises(OSError):
        k.save_keyring(k.keyring_path(db.path), k.load_keyring(k.keyring_path(db.path)))
    assert k.keyring_path(db.path).read_bytes() == before
    assert not list(db.path.parent.glob("*.tmp"))


@pytest.mark.skipif(os.name == "nt", reason="POSIX mode bits")
def test_keyring_is_owner_only(db):
    path = k.keyring_path(db.path)
    path.chmod(0o644)
    k.save_keyring(path, k.load_keyring(path))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


# ---------------------------------------------------------------- login

def test_login_binds_the_account(closed):
    path, _code = closed
    db = open_database(path, OTHER.username, OTHER.password)
    try:
        assert (db.actor.username, db.actor.role, db.actor.display_name) == ("kim", "coordinator", "김간사")
        login = log_entries(db, "login")[-1]
        assert (login.account, login.target_id, login.machine) == ("kim", "kim", machine_name())
    finally:
        close_database(db)


def test_wrong_password_is_refused_and_changes_only_the_counter(closed):
    path, _code = closed
    before_db, before_keys = sha(path), keyring_json(path)
    error = refused_login(path, ADMIN.username, "not-the-password1", "wrong_login")
    assert "아이디 또는 비밀번호가 맞지 않습니다" in error.message("ko")
    after = keyring_json(path)
    assert sha(path) == before_db and not Path(str(path) + "-wal").exists()
    assert without_counters(after) == without_counters(before_keys)
    assert effective(path, "admin").failed_attempts == 1
    assert effective(path, "kim").failed_attempts == 0
    assert [f["username"] for f in after["pending_failures"]] == ["admin"]


def test_unknown_user_is_refused_the_same_way(closed):
    path, _code = closed
    before = keyring_json(path)
    refused_login(path, "nobody", ADMIN_PASSWORD, "wrong_login")
    after = keyring_json(path)
    assert set(after["accounts"]) == set(before["accounts"])
    assert without_counters(after) == without_counters(before)
    assert [f["username"] for f in after["pending_failures"]] == ["nobody"]


def test_five_failures_lock_the_account_until_it_expires(closed, monkeypatch):
    path, _code = closed
    for _ in range(4):
        refused_login(path, ADMIN.username, "wrong-pass-1", "wrong_login")
    assert effective(path, "admin").locked_until == 0
    refused_login(path, ADMIN.username, "wrong-pass-1", "wrong_login")
    # Locked now: even the right password is refused, and says for how long.
    error = refused_login(path, ADMIN.username, ADMIN_PASSWORD, "account_locked")
    assert error.params["minutes"] == 10 and "10분" in error.message("ko") and "잠겼습니다" in error.message("ko")
    before = effective(path, "admin")
    # Others are not locked out.
    other = open_database(path, OTHER.username, OTHER.password)
    close_database(other)

    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 4 * 60)
    assert refused_login(path, ADMIN.username, ADMIN_PASSWORD, "account_locked").params["minutes"] == 6
    monkeypatch.setattr(time, "time", lambda: real() + 10 * 60 + 1)
    db = open_database(path, ADMIN.username, ADMIN_PASSWORD)
    try:
        failed = log_entries(db, "login_failed")
        assert [e.target_id for e in failed] == ["admin"] * 5
        assert all(e.account == "-" and json.loads(e.details)["machine"] == machine_name() for e in failed)
    finally:
        close_database(db)
    after = keyring_json(path)
    assert after["accounts"]["admin"]["failed_attempts"] == 0 and after["accounts"]["admin"]["locked_until"] == 0
    assert after["pending_failures"] == []
    assert before.locked_until > 0


def test_a_success_resets_the_count(closed):
    path, _code = closed
    for _ in range(4):
        refused_login(path, ADMIN.username, "wrong-pass-1", "wrong_login")
    close_database(open_database(path, ADMIN.username, ADMIN_PASSWORD))
    for _ in range(4):
        refused_login(path, ADMIN.username, "wrong-pass-1", "wrong_login")
    close_database(open_database(path, ADMIN.username, ADMIN_PASSWORD))


def test_failed_logins_are_logged_at_the_next_login_of_anyone(closed):
    path, _code = closed
    refused_login(path, ADMIN.username, "wrong-pass-1", "wrong_login")
    refused_login(path, "guest", "whatever-1", "wrong_login")
    db = open_database(path, OTHER.username, OTHER.password)
    try:
        failed = log_entries(db, "login_failed")
        assert [e.target_id for e in failed] == ["admin", "guest"]
        assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", json.loads(e.details)["at"]) for e in failed)
        # Logged before the login that found them.
        assert failed[-1].id < log_entries(db, "login")[-1].id
    finally:
        close_database(db)
    assert keyring_json(path)["pending_failures"] == []
    # The admin's own counter is the admin's: someone else's login does not reset it.
    assert keyring_json(path)["accounts"]["admin"]["failed_attempts"] == 1


def test_logout_is_logged(closed):
    path, _code = closed
    db = open_database(path, ADMIN.username, ADMIN_PASSWORD)
    close_database(db)
    db = open_database(path, ADMIN.username, ADMIN_PASSWORD)
    try:
        assert [e.account for e in log_entries(db, "logout")][-1] == "admin"
    finally:
        close_database(db)


# ---------------------------------------------------------------- recovery

def test_wrong_recovery_code_is_refused(closed):
    path, code = closed
    before_db, before_keys = sha(path), keyring_json(path)
    wrong = k.generate_recovery_code()
    with pytest.raises(InputRefused) as info:
        recover_access(path, wrong, ADMIN.username, "new-pass-2027")
    assert info.value.code == "wrong_recovery_code" and "복구 코드가 맞지 않습니다" in info.value.message("ko")
    assert sha(path) == before_db
    assert without_counters(keyring_json(path)) == without_counters(before_keys)
    close_database(open_database(path, ADMIN.username, ADMIN_PASSWORD))  # the password still works


def test_recovery_code_sets_a_new_password(closed):
    path, code = closed
    typed = " ".join(code.lower().split("-"))  # read aloud and typed in lower case with spaces
    db = recover_access(path, typed, ADMIN.username, "new-pass-2027")
    try:
        assert db.actor.username == "admin"
        recovery = log_entries(db, "recovery")
        assert len(recovery) == 1 and recovery[0].target_id == "admin" and recovery[0].machine == machine_name()
        assert m.list_members(db.uow(), TODAY) == []
    finally:
        close_database(db)
    refused_login(path, ADMIN.username, ADMIN_PASSWORD, "wrong_login")
    close_database(open_database(path, ADMIN.username, "new-pass-2027"))
    close_database(open_database(path, OTHER.username, OTHER.password))  # others are untouched


def test_recovery_clears_a_lock(closed):
    path, code = closed
    for _ in range(5):
        refused_login(path, ADMIN.username, "wrong-pass-1", "wrong_login")
    refused_login(path, ADMIN.username, ADMIN_PASSWORD, "account_locked")
    close_database(recover_access(path, code, ADMIN.username, "new-pass-2027"))
    close_database(open_database(path, ADMIN.username, "new-pass-2027"))


def test_recovery_refuses_weak_passwords_and_unknown_accounts(closed):
    path, code = closed
    before_db, before_keys = sha(path), keyring_json(path)
    with pytest.raises(ValidationFailed):
        recover_access(path, code, ADMIN.username, "short")
    with pytest.raises(NotFound):
        recover_access(path, code, "nobody", "new-pass-2027")
    assert keyring_json(path) == before_keys and sha(path) == before_db
    close_database(open_database(path, ADMIN.username, ADMIN_PASSWORD))


def test_a_new_recovery_code_replaces_the_old(closed):
    path, old = closed
    db = open_database(path, ADMIN.username, ADMIN_PASSWORD)
    try:
        new = new_recovery_code(db)
        assert new != old
        assert [e.target_id for e in log_entries(db, "permission")][-1] == k.RECOVERY_LABEL
    finally:
        close_database(db)
    with pytest.raises(InputRefused):
        recover_access(path, old, ADMIN.username, "new-pass-2027")
    close_database(recover_access(path, new, ADMIN.username, "new-pass-2027"))


def test_tests_open_databases_cheaply(tmp_path):
    started = time.perf_counter()
    for n in range(3):
        make_database(tmp_path / f"{n}.db").dispose()
    assert time.perf_counter() - started < 3
