"""A temporary password works nowhere but to choose a new one (issue 13, item 5): the
window, the CLI and the Python services all refuse it."""
from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import main
from app.database import close_database, open_database
from app.members import list_members
from app.security.accounts import NewAccount, change_own_password, create_account, reset_password
from app.security.permissions import PasswordChangeRequired, Permission
from tests.conftest import ADMIN, ADMIN_PASSWORD, TODAY

KIM = NewAccount("kim", "first-pass-1", "김간사", "coordinator")
TEMPORARY = "temp-pass-2026"
CHOSEN = "kims-own-pass-7"


@pytest.fixture
def temporary(db) -> Path:
    """``kim`` holds a temporary password set by the administrator; the file is closed."""
    create_account(db, KIM)
    reset_password(db, KIM.username, TEMPORARY)
    path = db.path
    close_database(db)
    return path


def run(capsys, monkeypatch, *argv: str, password: str = TEMPORARY, new: str | None = None) -> tuple[int, str, str]:
    monkeypatch.setenv("COUNCILDESK_PASSWORD", password)
    if new is None:
        monkeypatch.delenv("COUNCILDESK_NEW_PASSWORD", raising=False)
    else:
        monkeypatch.setenv("COUNCILDESK_NEW_PASSWORD", new)
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_services_refuse_a_temporary_password_until_it_is_changed(temporary):
    db = open_database(temporary, KIM.username, TEMPORARY)
    try:
        assert db.actor.must_change_password
        with pytest.raises(PasswordChangeRequired) as info:
            list_members(db.uow(), TODAY)
        assert info.value.exit_code == 3 and "councildesk passwd" in info.value.message("ko")
        assert not db.actor.can(Permission.MEMBERS_READ)
        change_own_password(db, TEMPORARY, CHOSEN)
        assert not db.actor.must_change_password
        list_members(db.uow(), TODAY)  # works now
    finally:
        close_database(db)
    db = open_database(temporary, KIM.username, CHOSEN)
    try:
        assert not db.actor.must_change_password
        list_members(db.uow(), TODAY)
    finally:
        close_database(db)


@pytest.mark.parametrize("command", [["dump"], ["check"], ["backup"], ["excel", "export", "members", "--out", "x.xlsx"]])
def test_the_cli_refuses_a_temporary_password_and_names_passwd(temporary, capsys, monkeypatch, tmp_path, command):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, monkeypatch, *command, "--db", str(temporary), "--user", KIM.username)
    assert code == 3, err
    assert out == ""
    assert f"councildesk passwd --db {temporary} --user {KIM.username}" in err
    assert not (tmp_path / "x.xlsx").exists()


def test_passwd_sets_a_new_password_then_commands_work(temporary, capsys, monkeypatch):
    code, out, err = run(capsys, monkeypatch, "passwd", "--db", str(temporary), "--user", KIM.username, new=CHOSEN)
    assert code == 0, err
    assert KIM.username in out
    code, out, err = run(capsys, monkeypatch, "dump", "--db", str(temporary), "--user", KIM.username,
                         "--table", "member", password=CHOSEN)
    assert code == 0, err
    code, _out, err = run(capsys, monkeypatch, "dump", "--db", str(temporary), "--user", KIM.username)
    assert code == 3  # the temporary password no longer opens anything


def test_passwd_applies_the_rules_and_needs_a_new_password(temporary, capsys, monkeypatch):
    code, _out, err = run(capsys, monkeypatch, "passwd", "--db", str(temporary), "--user", KIM.username,
                          new="Password2026!")
    assert code == 3 and "흔한" in err
    code, _out, err = run(capsys, monkeypatch, "passwd", "--db", str(temporary), "--user", KIM.username)
    assert code == 2 and "COUNCILDESK_NEW_PASSWORD" in err
    # Nothing changed: the temporary password still logs in (and is still temporary).
    db = open_database(temporary, KIM.username, TEMPORARY)
    assert db.actor.must_change_password
    close_database(db)


def test_passwd_works_for_an_ordinary_change(db, capsys, monkeypatch):
    path = db.path
    close_database(db)
    code, _out, err = run(capsys, monkeypatch, "passwd", "--db", str(path), "--user", ADMIN.username,
                          password=ADMIN_PASSWORD, new="another-pass-2027")
    assert code == 0, err
    close_database(open_database(path, ADMIN.username, "another-pass-2027"))
