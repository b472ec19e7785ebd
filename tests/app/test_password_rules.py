"""The password rules of the 고시 해설서 (issue 13, item 7), as every way in applies them."""
from __future__ import annotations

import pytest

from app.database import close_database, init_database, open_database, recover_access
from app.errors import ValidationFailed
from app.security.accounts import NewAccount, change_own_password, create_account, reset_password
from app.security.password_rules import common_passwords, password_kinds, password_problems
from tests.conftest import ADMIN, ADMIN_PASSWORD


def codes(password: str, username: str = "kim", council: str = "햇살면 지역사회보장협의체") -> list[str]:
    return [e.code for e in password_problems(password, username, council)]


@pytest.mark.parametrize("password", ["password1", "12345678a", "abcdefgh1", "Abcdefgh", "ab1!", "가나다라마바사아자"])
def test_too_short_for_its_kinds(password):
    assert codes(password) == ["weak_password"]


@pytest.mark.parametrize("password", ["xkcd-horse-9", "Tq7vLm2pZr", "vLm2p!zr", "바다가보이는집7!", "Zr8창문열기2"])
def test_long_enough_for_its_kinds(password):
    assert codes(password) == []


def test_kinds_count_hangul_with_letters():
    assert password_kinds("가나다") == 1
    assert password_kinds("가나다A1!") == 4
    assert password_kinds("abc가나") == 1


def test_the_message_says_what_to_do():
    [error] = password_problems("password1")
    text = error.message("ko")
    assert "10자 이상" in text and "8자 이상" in text and "9자" in text
    assert "10" in error.message("en")


@pytest.mark.parametrize("password", ["Kimchulsoo-1", "kimchulsoo2026!", "!!oosluhcmik99", "KIMCHULSOO#12"])
def test_the_user_name_either_way_round_is_refused(password):
    assert codes(password, username="kimchulsoo") == ["password_is_username"]


@pytest.mark.parametrize("password", ["햇살면2026!!!", "햇살면지역사회보장협의체1", "!햇살면12345"])
def test_the_council_name_is_refused(password):
    assert codes(password) == ["password_is_council_name"]


@pytest.mark.parametrize("password", ["Password2026!", "qwer1234!!", "1q2w3e4r5t!", "P@ssw0rd123", "iloveyou12!",
                                      "dkssud1234!", "Welcome2026!", "qwerty123456"])
def test_common_passwords_are_refused(password):
    assert codes(password) == ["common_password"]


def test_the_list_ships_and_is_small():
    listed = common_passwords()
    assert "password" in listed and "1q2w3e4r" in listed
    assert 200 < len(listed) < 10_000


def test_every_way_in_applies_the_rules(tmp_path, db):
    weak = "qwer1234!!"
    with pytest.raises(ValidationFailed) as info:
        init_database(tmp_path / "x.db", "4377034000", "햇살면 지역사회보장협의체",
                      NewAccount("admin", "admin2026!!", "관리자"))
    assert [e.code for e in info.value.errors] == ["password_is_username"]
    assert not (tmp_path / "x.db").exists()
    for attempt in (lambda: create_account(db, NewAccount("kim", weak, "김간사", "coordinator")),
                    lambda: reset_password(db, ADMIN.username, weak),
                    lambda: change_own_password(db, ADMIN_PASSWORD, weak)):
        with pytest.raises(ValidationFailed) as info:
            attempt()
        assert [e.code for e in info.value.errors] == ["common_password"]
    council = "햇살면"  # the test council's place name (conftest)
    with pytest.raises(ValidationFailed) as info:
        create_account(db, NewAccount("kim", f"{council}2026!!", "김간사", "coordinator"))
    assert [e.code for e in info.value.errors] == ["password_is_council_name"]


def test_recovery_applies_the_rules(tmp_path):
    made = init_database(tmp_path / "r.db", "4377034000", "햇살면 지역사회보장협의체", ADMIN)
    path = made.db.path
    close_database(made.db)
    for weak, code in (("Password2026!", "common_password"), ("햇살면2026!!!", "password_is_council_name"),
                       (f"{ADMIN.username}-2026!"[::-1], "password_is_username")):
        with pytest.raises(ValidationFailed) as info:
            recover_access(path, made.recovery_code, ADMIN.username, weak)
        assert [e.code for e in info.value.errors] == [code], weak
    close_database(open_database(path, ADMIN.username, ADMIN_PASSWORD))
