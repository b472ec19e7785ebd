"""Compartments of keys wired in (issue 13, items 1 and 2), tried as an attacker would:
a raw SQLCipher connection with a lower role's password, the keyring read by hand, and
every output path of the program per role."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlcipher3.dbapi2 as sqlcipher
from openpyxl import load_workbook
from sqlalchemy import select

from app import members as m
from app.area_records import dump_records
from app.database import close_database, open_database, unlock_key
from app.reports.excel_members import export_members
from app.reports.roster_pdf import write_roster_pdf
from app.security.accounts import NewAccount, change_role, create_account
from app.security.compartments import is_sealed
from app.security.key_access import unlock_account
from app.security.keyring import keyring_path, load_keyring
from app.security.permissions import NotAllowed
from db.models import Member
from tests.conftest import TODAY

PASSWORD = "Zq7!plain-viewer-pw"


def _account(db, username: str, role: str):
    create_account(db, NewAccount(username, PASSWORD, username, role))
    other = open_database(db.path, username, PASSWORD)
    return other


def _raw_rows(path: Path, key: bytes, sql: str) -> list[tuple]:
    conn = sqlcipher.connect(str(path))
    try:
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def _phones(db) -> dict[str, str]:
    return {v.id: v.phone for v in m.list_members(db.uow(), TODAY) if v.phone}


def test_a_viewer_password_opens_the_file_but_not_the_personal_fields(demo_db):
    phones = _phones(demo_db)
    assert len(phones) >= 5
    viewer = _account(demo_db, "wiwon2", "viewer")
    try:
        _keyring, key = unlock_key(demo_db.path, "wiwon2", PASSWORD)
        rows = _raw_rows(demo_db.path, key, "SELECT id, name, birth_date, phone FROM member")
        assert rows and any(name for _id, name, _b, _p in rows)  # the base key opens the file...
        stored = [value for _id, _n, birth, phone in rows for value in (birth, phone) if value]
        assert stored and all(is_sealed(v) for v in stored)  # ...and shows only seals where personal data is
        everything = json.dumps(_raw_rows(demo_db.path, key, "SELECT * FROM member"), default=str)
        assert not any(phone in everything for phone in phones.values())
        assert "personal" not in viewer.compartment_keys.current
    finally:
        close_database(viewer)


def test_the_keyring_gives_each_role_exactly_its_compartments(demo_db):
    viewer = _account(demo_db, "wiwon2", "viewer")
    coordinator = _account(demo_db, "gansa2", "coordinator")
    close_database(viewer)
    close_database(coordinator)
    keyring = load_keyring(keyring_path(demo_db.path))
    assert set(unlock_account(keyring, "wiwon2", PASSWORD).keysets) == {"base"}
    assert set(unlock_account(keyring, "gansa2", PASSWORD).keysets) == {"base", "personal", "cases"}
    # The boxes are inside the MAC: a box moved from one account to another is detected.
    raw = json.loads(keyring_path(demo_db.path).read_text(encoding="utf-8"))
    boxes = raw["accounts"]["wiwon2"]["keys"]["boxes"]
    boxes["personal"] = raw["accounts"]["gansa2"]["keys"]["boxes"]["personal"]
    keyring_path(demo_db.path).write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(Exception) as refused:
        open_database(demo_db.path, "wiwon2", PASSWORD)
    assert getattr(refused.value, "code", "") == "keyring_tampered"


def test_a_coordinator_reads_and_writes_what_the_administrator_does(demo_db):
    phones = _phones(demo_db)
    coordinator = _account(demo_db, "gansa2", "coordinator")
    try:
        assert _phones(coordinator) == phones
        some = next(iter(phones))
        view = m.get_member(coordinator.uow(), some, TODAY)
        m.update_member(coordinator.uow(), some, m.MemberData(**{**vars(view.to_data()), "phone": "010-9999-0000"}),
                        TODAY)
        assert m.get_member(demo_db.uow(), some, TODAY).phone == "010-9999-0000"
        with demo_db.session_factory() as session:
            stored = session.connection().exec_driver_sql("SELECT phone FROM member WHERE id = ?", (some,)).scalar()
        assert is_sealed(stored) and "9999" not in stored
    finally:
        close_database(coordinator)


def test_a_role_change_delivers_and_withdraws_the_personal_key(demo_db):
    viewer = _account(demo_db, "wiwon2", "viewer")
    close_database(viewer)
    change_role(demo_db, "wiwon2", "coordinator")
    promoted = open_database(demo_db.path, "wiwon2", PASSWORD)
    try:
        assert "personal" in promoted.compartment_keys.current and _phones(promoted) == _phones(demo_db)
    finally:
        close_database(promoted)
    change_role(demo_db, "wiwon2", "viewer")
    keyring = load_keyring(keyring_path(demo_db.path))
    assert set(unlock_account(keyring, "wiwon2", PASSWORD).keysets) == {"base"}


def test_a_sealed_value_moved_to_another_member_does_not_open(demo_db):
    with demo_db.session_factory() as session:
        (a, pa), (b, _pb) = session.connection().exec_driver_sql(
            "SELECT id, phone FROM member WHERE phone != '' LIMIT 2").all()
    with demo_db.session_factory.begin() as session:
        session.connection().exec_driver_sql("UPDATE member SET phone = ? WHERE id = ?", (pa, b))
    with demo_db.session_factory() as session:
        moved = session.get(Member, b)
        assert moved.phone == ""  # the seal names its record: blank, not the other's phone
        assert session.get(Member, a).phone


def test_every_output_path_gives_a_viewer_no_personal_field(demo_db, tmp_path):
    """dump, the Excel export, the roster printout and a sync export, per role."""
    phones = set(_phones(demo_db).values())
    viewer = _account(demo_db, "wiwon2", "viewer")
    try:
        for record in dump_records(viewer.uow(), "member"):
            assert not {"birth_date", "phone"} & set(record)
        assert all(v.phone == "" and v.birth_date is None for v in m.list_members(viewer.uow(), TODAY))
        with pytest.raises(NotAllowed):
            export_members(viewer.uow(), tmp_path / "x.xlsx", TODAY)
        with pytest.raises(NotAllowed):
            write_roster_pdf(viewer.uow(), tmp_path / "r.pdf", TODAY, "협의체")
        from app.sync.exporter import export_package

        with pytest.raises(NotAllowed):
            export_package(viewer, tmp_path)
        # And the same paths for a role that may read them: the values are opened.
        out = export_members(demo_db.uow(), tmp_path / "admin.xlsx", TODAY)
        cells = {str(c.value) for row in load_workbook(out).active.iter_rows() for c in row if c.value}
        assert phones <= cells
    finally:
        close_database(viewer)


def test_orm_reads_without_a_key_give_blanks_not_seals(demo_db):
    viewer = _account(demo_db, "wiwon2", "viewer")
    try:
        with viewer.session_factory() as session:
            for member in session.scalars(select(Member)):
                assert member.phone == "" and member.birth_date is None
    finally:
        close_database(viewer)


def test_the_recovery_code_of_a_new_file_receives_every_key(tmp_path):
    from app.database import init_database, recover_access
    from tests.conftest import ADMIN, member_data, term_data

    created = init_database(tmp_path / "r.db", "4377034000", "협의체", ADMIN)
    m.add_member(created.db.uow(), member_data(phone="010-1234-5678"), term_data(), TODAY)
    close_database(created.db)
    recovered = recover_access(tmp_path / "r.db", created.recovery_code, ADMIN.username, "New-admin-pw-2026!")
    try:
        assert [v.phone for v in m.list_members(recovered.uow(), TODAY)] == ["010-1234-5678"]
    finally:
        close_database(recovered)
