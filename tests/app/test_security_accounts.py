"""Accounts (one per person, 고시 제5조④), one-way password hashes (제7조①) and
least-privilege roles (제5조①), checked in the services themselves."""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from app import members as m
from app import subcommittees as s
from app.database import close_database, installation_info, open_database, rename_council
from app.errors import InputRefused, NotFound, ValidationFailed
from app.members import TermData
from app.reports.appointment_pdf import write_appointment_pdf
from app.reports.excel_members import apply_members_import, export_members, read_members_workbook
from app.reports.roster_pdf import write_roster_pdf
from app.security import keyring as k
from app.security.accounts import (NewAccount, change_own_password, change_role, create_account, deactivate_account,
                                   list_accounts, new_recovery_code, reset_password, verify_password)
from app.security.audit import AccessLogFilter, read_access_log, verify_access_log
from app.security.permissions import ROLE_PERMISSIONS, ROLES, Actor, NotAllowed, Permission, require
from app.settings import save_appointing_authority, save_settings
from db.base import Base
from db.security_models import Account, AccessLogEntry
from tests.conftest import ADMIN, ADMIN_PASSWORD, TODAY, member_data

VIEWER = NewAccount("wiwon", "wiwon-pass-1", "박위원", role="viewer")
COORDINATOR = NewAccount("gansa", "gansa-pass-1", "이간사", role="coordinator")
CASE_WORKER = NewAccount("sarye", "sarye-pass-1", "최담당", role="case_worker")


def dump(db) -> dict[str, list[tuple]]:
    """Every row of every table (the access log too), for "nothing changed" comparisons."""
    with db.engine.connect() as conn:
        return {t.name: sorted(map(tuple, conn.execute(select(t)).all()), key=repr)
                for t in Base.metadata.sorted_tables}


def salt_of(path: Path) -> bytes:
    """SQLCipher's per-file salt: re-encrypting the file would change it."""
    with open(path, "rb") as handle:
        return handle.read(16)


def login(db, account: NewAccount, password: str | None = None):
    return open_database(db.path, account.username, password or account.password)


@pytest.fixture
def as_role(demo_db):
    """Log in to the demo data with a new account of ``role``; closed after the test."""
    opened = []

    def make(account: NewAccount):
        create_account(demo_db, account)
        other = login(demo_db, account)
        opened.append(other)
        return other

    yield make
    for other in opened:
        other.dispose()


def not_allowed(db, call) -> NotAllowed:
    """Refused with a Korean message, and not one row anywhere changed (not even the log)."""
    before = dump(db)
    with pytest.raises(NotAllowed) as info:
        call()
    assert dump(db) == before
    assert "계정으로는 할 수 없는 일입니다" in info.value.message("ko")
    assert info.value.exit_code == 3
    return info.value


# ---------------------------------------------------------------- roles

def test_roles_and_their_rights():
    assert set(ROLES) == set(ROLE_PERMISSIONS) == {"admin", "coordinator", "case_worker", "viewer"}
    assert ROLES["viewer"][0] == "위원" and ROLES["coordinator"][0] == "간사"
    assert ROLE_PERMISSIONS["admin"] == frozenset(Permission)
    assert Permission.MEMBERS_READ in ROLE_PERMISSIONS["viewer"]
    assert not ROLE_PERMISSIONS["viewer"] & {Permission.MEMBERS_PERSONAL, Permission.MEMBERS_EDIT, Permission.PRINT,
                                             Permission.EXPORT, Permission.BACKUP, Permission.RESTORE,
                                             Permission.CASES_READ, Permission.CASES_EDIT}
    for role in ("coordinator", "case_worker", "viewer"):
        assert Permission.ACCOUNTS_MANAGE not in ROLE_PERMISSIONS[role]
        assert Permission.ACCESS_LOG_READ not in ROLE_PERMISSIONS[role]
        assert Permission.SETTINGS_EDIT not in ROLE_PERMISSIONS[role]
    with pytest.raises(NotAllowed) as info:
        require(None, Permission.MEMBERS_READ)
    assert "로그인하지 않은 사용자" in info.value.message("ko")
    with pytest.raises(NotAllowed):
        require(Actor("x", "unknown-role"), Permission.MEMBERS_READ)


def test_viewer_sees_members_without_birth_dates(demo_db, as_role):
    viewer = as_role(VIEWER)
    views = m.list_members(viewer.uow(), TODAY)
    assert views and all(v.birth_date is None for v in views)
    assert all(v.birth_date is not None for v in m.list_members(demo_db.uow(), TODAY))
    assert m.get_member(viewer.uow(), views[0].id, TODAY).birth_date is None
    in_office = m.members_in_office(viewer.uow(), TODAY)
    assert in_office and all(v.birth_date is None for v in in_office)
    assert s.list_subcommittees(viewer.uow(), TODAY)


def test_viewer_cannot_change_anything(demo_db, as_role, tmp_path):
    viewer = as_role(VIEWER)
    member = m.list_members(demo_db.uow(), TODAY)[0]
    sub = s.list_subcommittees(demo_db.uow(), TODAY)[0]
    export = export_members(demo_db.uow(), tmp_path / "admin.xlsx", TODAY)
    plan = read_members_workbook(demo_db.uow(), export, TODAY)
    calls = {
        "add member": lambda: m.add_member(viewer.uow(), member_data("새위원"), TermData(date(2025, 1, 1),
                                                                                      date(2026, 12, 31)), TODAY),
        "edit member": lambda: m.update_member(viewer.uow(), member.id,
                                               replace(member.to_data(), phone="010-0000-0000"), TODAY),
        "delete member": lambda: m.delete_member(viewer.uow(), member.id),
        "dismiss member": lambda: m.dismiss_member(viewer.uow(), member.id, TODAY, "resigned", "", TODAY),
        "new subcommittee": lambda: s.create_subcommittee(viewer.uow(), s.SubcommitteeData("새분과"), TODAY),
        "close subcommittee": lambda: s.close_subcommittee(viewer.uow(), sub.id, TODAY, TODAY),
        "print roster": lambda: write_roster_pdf(viewer.uow(), tmp_path / "r.pdf", TODAY, "협의체"),
        "print certificate": lambda: write_appointment_pdf(viewer.uow(), member.id, tmp_path / "a.pdf", "협의체",
                                                           "햇살군수", TODAY),
        "export": lambda: export_members(viewer.uow(), tmp_path / "v.xlsx", TODAY),
        "read import": lambda: read_members_workbook(viewer.uow(), export, TODAY),
        "apply import": lambda: apply_members_import(viewer.uow(), plan, TODAY),
        "access log": lambda: read_access_log(viewer.session_factory, viewer.actor),
        "rename council": lambda: rename_council(viewer, "1", "다른 협의체"),
        "list accounts": lambda: list_accounts(viewer),
        "add account": lambda: create_account(viewer, NewAccount("friend", "friend-pass-1", "친구", "admin")),
        "change role": lambda: change_role(viewer, VIEWER.username, "admin"),
        "deactivate": lambda: deactivate_account(viewer, ADMIN.username),
        "reset password": lambda: reset_password(viewer, ADMIN.username, "taken-over-1"),
        "recovery code": lambda: new_recovery_code(viewer),
    }
    for name, call in calls.items():
        error = not_allowed(demo_db, call)
        assert "위원 계정으로는" in error.message("ko"), name
    assert not (tmp_path / "r.pdf").exists() and not (tmp_path / "a.pdf").exists()
    assert not (tmp_path / "v.xlsx").exists()

    def settings_in_session(save):
        with viewer.session_factory.begin() as session:
            save(session)

    not_allowed(demo_db, lambda: settings_in_session(lambda ses: save_settings(ses, max_members=30)))
    not_allowed(demo_db, lambda: settings_in_session(lambda ses: save_appointing_authority(ses, "누군가")))
    assert installation_info(demo_db).council_name != "다른 협의체"


def test_viewer_may_change_own_password(demo_db, as_role):
    viewer = as_role(VIEWER)
    change_own_password(viewer, VIEWER.password, "wiwon-pass-2")
    close_database(login(demo_db, VIEWER, "wiwon-pass-2"))


def test_coordinator_edits_members_but_not_accounts(demo_db, as_role, tmp_path):
    gansa = as_role(COORDINATOR)
    views = m.list_members(gansa.uow(), TODAY)
    assert all(v.birth_date is not None for v in views)
    added = m.add_member(gansa.uow(), member_data("새위원"), TermData(date(2025, 1, 1), date(2026, 12, 31)), TODAY)
    m.update_member(gansa.uow(), added.id, replace(added.to_data(), phone="010-2222-3333"), TODAY)
    assert write_roster_pdf(gansa.uow(), tmp_path / "r.pdf", TODAY, "협의체").exists()
    assert export_members(gansa.uow(), tmp_path / "g.xlsx", TODAY).exists()
    for call in (lambda: list_accounts(gansa),
                 lambda: create_account(gansa, NewAccount("friend", "friend-pass-1", "친구", "admin")),
                 lambda: change_role(gansa, COORDINATOR.username, "admin"),
                 lambda: reset_password(gansa, ADMIN.username, "taken-over-1"),
                 lambda: read_access_log(gansa.session_factory, gansa.actor),
                 lambda: rename_council(gansa, "1", "다른 협의체")):
        assert "간사 계정으로는" in not_allowed(demo_db, call).message("ko")


def test_case_worker_reads_and_prints_without_birth_dates(demo_db, as_role, tmp_path):
    worker = as_role(CASE_WORKER)
    assert all(v.birth_date is None for v in m.list_members(worker.uow(), TODAY))
    assert write_roster_pdf(worker.uow(), tmp_path / "r.pdf", TODAY, "협의체").exists()
    member = m.list_members(demo_db.uow(), TODAY)[0]
    not_allowed(demo_db, lambda: m.delete_member(worker.uow(), member.id))
    not_allowed(demo_db, lambda: export_members(worker.uow(), tmp_path / "w.xlsx", TODAY))


def test_nobody_logged_in_may_do_nothing(demo_db):
    demo_db.actor = None
    not_allowed(demo_db, lambda: m.list_members(demo_db.uow(), TODAY))
    with pytest.raises(InputRefused) as info:
        change_own_password(demo_db, ADMIN_PASSWORD, "another-pass-1")
    assert info.value.code == "not_logged_in"


# ---------------------------------------------------------------- account changes

def test_accounts_change_without_re_encrypting(db):
    db.dispose()
    admin = open_database(db.path, ADMIN.username, ADMIN_PASSWORD)
    key, salt = admin.key, salt_of(db.path)
    member = m.add_member(admin.uow(), member_data(), TermData(date(2025, 1, 1), date(2026, 12, 31)), TODAY)
    keys_before = json.loads(k.keyring_path(db.path).read_text(encoding="utf-8"))

    created = create_account(admin, COORDINATOR)
    assert (created.username, created.role, created.role_label, created.active) == ("gansa", "coordinator", "간사",
                                                                                    True)
    keys_after = json.loads(k.keyring_path(db.path).read_text(encoding="utf-8"))
    assert keys_after["accounts"]["admin"] == keys_before["accounts"]["admin"]  # only the new copy was added
    assert keys_after["recovery"] == keys_before["recovery"]

    gansa = open_database(db.path, COORDINATOR.username, COORDINATOR.password)
    assert gansa.key == key and m.get_member(gansa.uow(), member.id, TODAY).name == "홍길동"
    gansa.dispose()

    assert change_role(admin, "gansa", "viewer").role == "viewer"
    reset_password(admin, "gansa", "temp-pass-1")
    gansa = open_database(db.path, "gansa", "temp-pass-1")
    assert gansa.actor.role == "viewer" and gansa.key == key
    assert [a.must_change_password for a in list_accounts(admin) if a.username == "gansa"] == [True]
    change_own_password(gansa, "temp-pass-1", "own-pass-22")
    gansa.dispose()
    assert [a.must_change_password for a in list_accounts(admin) if a.username == "gansa"] == [False]
    with pytest.raises(InputRefused):
        open_database(db.path, "gansa", "temp-pass-1")
    gansa = open_database(db.path, "gansa", "own-pass-22")
    assert gansa.key == key
    gansa.dispose()

    deactivate_account(admin, "gansa")
    assert "gansa" not in json.loads(k.keyring_path(db.path).read_text(encoding="utf-8"))["accounts"]
    with pytest.raises(InputRefused) as info:
        open_database(db.path, "gansa", "own-pass-22")
    assert info.value.code == "wrong_login"
    views = {a.username: a for a in list_accounts(admin)}
    assert views["gansa"].active is False  # the account and its history stay
    with admin.session_factory() as session:
        assert session.scalar(select(AccessLogEntry).where(AccessLogEntry.account == "gansa").limit(1))
    close_database(admin)

    assert salt_of(db.path) == salt  # the same encryption throughout
    again = open_database(db.path, ADMIN.username, ADMIN_PASSWORD)
    try:
        assert again.key == key and m.get_member(again.uow(), member.id, TODAY).name == "홍길동"
        with again.session_factory() as session:
            assert verify_access_log(session) is None
    finally:
        close_database(again)


def test_account_changes_are_logged_as_permission_changes(db):
    create_account(db, VIEWER)
    change_role(db, VIEWER.username, "coordinator")
    reset_password(db, VIEWER.username, "temp-pass-1")
    deactivate_account(db, VIEWER.username)
    with db.session_factory() as session:
        rows = list(session.scalars(select(AccessLogEntry).where(AccessLogEntry.target_table == "account")
                                    .order_by(AccessLogEntry.id)))
    entries = [(e.action, e.target_id, json.loads(e.details) if e.details else {}) for e in rows]
    assert entries[0] == ("permission", "admin", {"grant": "admin", "setup": True})
    assert entries[-4:] == [
        ("permission", "wiwon", {"grant": "viewer", "display_name": "박위원"}),
        ("permission", "wiwon", {"role": ["viewer", "coordinator"]}),
        ("password", "wiwon", {"by": "admin"}),
        ("permission", "wiwon", {"active": [True, False]}),
    ]
    assert all(e.account == "admin" for e in rows)
    assert "temp-pass-1" not in json.dumps([e.details for e in rows])


def test_the_last_admin_stays(db):
    before = dump(db)
    for call, code in ((lambda: change_role(db, ADMIN.username, "coordinator"), "last_admin"),
                       (lambda: deactivate_account(db, ADMIN.username), "cannot_deactivate_self")):
        with pytest.raises(InputRefused) as info:
            call()
        assert info.value.code == code
    assert dump(db) == before
    create_account(db, replace(COORDINATOR, role="admin"))
    other = open_database(db.path, COORDINATOR.username, COORDINATOR.password)
    try:
        with pytest.raises(InputRefused) as info:
            deactivate_account(other, COORDINATOR.username)
        assert info.value.code == "cannot_deactivate_self"
        deactivate_account(other, ADMIN.username)  # two admins: one may go
        with pytest.raises(InputRefused) as info:
            change_role(other, COORDINATOR.username, "viewer")
        assert info.value.code == "last_admin" and "마지막 관리자" in info.value.message("ko")
        # A closed admin account does not count, and changing it does not trip the rule.
        assert change_role(other, ADMIN.username, "viewer").role == "viewer"
    finally:
        other.dispose()


def test_password_hash_is_one_way(db):
    create_account(db, VIEWER)
    with db.session_factory() as session:
        rows = {a.username: a.password_hash for a in session.scalars(select(Account))}
    for username, password in ((ADMIN.username, ADMIN_PASSWORD), (VIEWER.username, VIEWER.password)):
        assert rows[username].startswith("$argon2id$v=19$")
        assert password not in rows[username]
    assert verify_password(db, VIEWER.username, VIEWER.password)
    assert not verify_password(db, VIEWER.username, "wiwon-pass-2")
    assert not verify_password(db, "nobody", VIEWER.password)
    # Nowhere in the (decrypted) database, nor in the keyring.
    everything = repr(dump(db))
    assert ADMIN_PASSWORD not in everything and VIEWER.password not in everything
    keys = k.keyring_path(db.path).read_text(encoding="utf-8")
    assert ADMIN_PASSWORD not in keys and VIEWER.password not in keys


def test_new_accounts_are_checked(db):
    before = dump(db)
    for account, field in ((replace(VIEWER, username="a"), "username"),
                           (replace(VIEWER, username="공백 있음"), "username"),
                           (replace(VIEWER, username="@recovery"), "username"),
                           (replace(VIEWER, password="abcdefgh"), "password"),
                           (replace(VIEWER, password="1234567"), "password"),
                           (replace(VIEWER, display_name=""), "display_name"),
                           (replace(VIEWER, role="root"), "role")):
        with pytest.raises(ValidationFailed) as info:
            create_account(db, account)
        assert {e.field for e in info.value.errors} == {field}, account
    create_account(db, VIEWER)
    with pytest.raises(InputRefused) as info:
        create_account(db, replace(VIEWER, display_name="다른 사람"))
    assert info.value.code == "duplicate_account"
    with pytest.raises(NotFound):
        reset_password(db, "nobody", "temp-pass-1")
    with pytest.raises(ValidationFailed):
        reset_password(db, VIEWER.username, "weak")
    assert len(dump(db)["account"]) == len(before["account"]) + 1


def test_change_own_password_checks_the_old_one(db):
    with pytest.raises(InputRefused) as info:
        change_own_password(db, "wrong-pass-1", "new-pass-2027")
    assert info.value.code == "wrong_password"
    with pytest.raises(ValidationFailed):
        change_own_password(db, ADMIN_PASSWORD, "short")
    change_own_password(db, ADMIN_PASSWORD, "new-pass-2027")
    db.dispose()
    with pytest.raises(InputRefused):
        open_database(db.path, ADMIN.username, ADMIN_PASSWORD)
    close_database(open_database(db.path, ADMIN.username, "new-pass-2027"))


def test_reset_of_a_closed_account_is_refused(db):
    create_account(db, VIEWER)
    deactivate_account(db, VIEWER.username)
    with pytest.raises(InputRefused) as info:
        reset_password(db, VIEWER.username, "temp-pass-1")
    assert info.value.code == "account_inactive"
    with pytest.raises(InputRefused):
        deactivate_account(db, VIEWER.username)


def test_admin_reads_the_log_and_reading_is_logged(db):
    rows = read_access_log(db.session_factory, db.actor, AccessLogFilter(account=ADMIN.username))
    assert rows and all(r.account == "admin" for r in rows)
    again = read_access_log(db.session_factory, db.actor, AccessLogFilter(action="view"))
    assert again[0].target_table == "access_log" and again[0].action_label() == "조회"
