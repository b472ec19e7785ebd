"""What leaves and what stays: the purge of cases closed more than the retention period
ago (a preview, nothing left in the file, the CLI), `dump` per role, and a package to the
city that carries a person's identified case only under a provision consent to the 시군구
and never a free-text note."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.area_records import dump_records
from app.cases.retention import purge_cases, purge_preview, set_retention_years
from app.cases.rules import PlanItemData
from app.cases.services import add_plan_item, close_case, record_step, withdraw_consent
from app.cli import main
from app.errors import ValidationFailed
from app.security.audit import install_audit
from app.security.permissions import Actor, NotAllowed
from app.sync import export_package, import_packages
from db import migrate
from db.case_models import CASE_SYNCED_MODELS, CaseRecord, Client
from db.session import Database, create_sqlite_engine
from tests.app.cases.support import TODAY, case_rows, client, consent, days, provision, received_case
from tests.app.sync_support import (COUNCIL_CODE, add_member, carry, content, enroll, introduce, new_city,
                                    new_council)
from tests.app.test_sync_policy import city_plaintext
from tests.conftest import ADMIN_PASSWORD

OLD = "조말순"
OLD_PHONE = "010-7777-3131"


def closed_long_ago(db, name: str = OLD, years: int = 6) -> str:  # type: ignore[no-untyped-def]
    from app.cases.rules import ClientData
    from app.cases.services import add_client, open_case

    person = add_client(db.uow(), ClientData(name, phone=OLD_PHONE, note="오래된 메모 한 줄", place="중촌리"),
                        TODAY).id
    start = date(TODAY.year - years, 3, 2)
    consent(db, person, on=start)
    case = open_case(db.uow(), person, start, TODAY).id
    record_step(db.uow(), case, "received", date(TODAY.year - years, 3, 5), TODAY)
    add_plan_item(db.uow(), case, PlanItemData("밑반찬 연계", "부녀회"))
    close_case(db.uow(), case, date(TODAY.year - years, 6, 1), "goal_met", TODAY, note="종결 메모")
    return case


def test_the_preview_lists_and_the_purge_deletes_only_what_is_past_retention(db) -> None:  # type: ignore[no-untyped-def]
    old = closed_long_ago(db)
    recent = closed_long_ago(db, "한옥분", years=3)
    open_one = received_case(db, client(db))
    before = case_rows(db)
    plan = purge_preview(db.uow(), TODAY)
    assert [(c.case_id, c.client_name, c.client_goes) for c in plan.cases] == [(old, OLD, True)]
    assert plan.counts == {"case_plan_item": 1, "case_record": 1, "consent": 1, "client": 1}
    assert case_rows(db) == before  # a preview changes nothing
    assert purge_cases(db.uow(), TODAY).total == 4
    with db.session_factory() as s:
        assert set(s.scalars(select(CaseRecord.id))) == {recent, open_one}
        assert OLD not in set(s.scalars(select(Client.name)))
    assert purge_preview(db.uow(), TODAY).cases == ()
    # A shorter period (a setting) reaches the three-year-old case too.
    with pytest.raises(ValidationFailed):
        set_retention_years(db.uow(), 0)
    set_retention_years(db.uow(), 2)
    assert [c.case_id for c in purge_preview(db.uow(), TODAY).cases] == [recent]


def test_a_purge_leaves_no_byte_of_the_records_in_the_file(tmp_path: Path) -> None:
    """On a plaintext file (SQLCipher encrypts pages, secure_delete zeroes them: the same
    pages), every byte of the file and its write-ahead log is searched."""
    path = tmp_path / "plain.db"
    engine = create_sqlite_engine(path, None)
    migrate.upgrade(engine)
    db = Database.from_engine(engine, path)
    install_audit(db.session_factory)
    db.actor = Actor("admin", "admin")
    closed_long_ago(db)
    db.engine.dispose()
    before = path.read_bytes()
    assert OLD.encode() in before and OLD_PHONE.encode() in before  # really in the file
    purge_cases(db.uow(), TODAY)
    data = path.read_bytes() + (path.with_name("plain.db-wal").read_bytes()
                                if path.with_name("plain.db-wal").exists() else b"")
    for secret in (OLD, OLD_PHONE, "오래된 메모", "종결 메모", "밑반찬 연계"):
        assert secret.encode() not in data, secret
    db.dispose()


def test_purge_from_the_command_line(tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import make_database

    db = make_database(tmp_path / "c.db")
    closed_long_ago(db)
    db.dispose()
    monkeypatch.setenv("COUNCILDESK_PASSWORD", ADMIN_PASSWORD)
    args = ["--db", str(tmp_path / "c.db"), "--user", "admin"]
    assert main(["purge", *args, "--dry-run"]) == 0
    assert OLD in capsys.readouterr().out
    assert main(["purge", *args, "--dry-run", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["counts"]["client"] == 1
    assert main(["purge", *args]) == 0
    assert "되돌릴 수 없게 지웠습니다" in capsys.readouterr().out
    assert main(["purge", *args, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["cases"] == []


def test_a_member_account_sees_no_case_table_in_dump(db) -> None:  # type: ignore[no-untyped-def]
    received_case(db, client(db))
    case_tables = {m.__tablename__ for m in CASE_SYNCED_MODELS}
    assert case_tables & {r["table"] for r in dump_records(db.uow())} >= {"client", "consent", "case_record"}
    for role in ("viewer",):
        db.actor = Actor("wiwon", role)
        assert not case_tables & {r["table"] for r in dump_records(db.uow())}
        with pytest.raises(NotAllowed):
            list(dump_records(db.uow(), "client"))
    db.actor = Actor("sarye", "case_worker")
    assert {r["name"] for r in dump_records(db.uow(), "client")} == {"김순자"}


@pytest.fixture
def world(tmp_path):  # type: ignore[no-untyped-def]
    city = new_city(tmp_path)
    a = new_council(tmp_path, "a")
    b = new_council(tmp_path, "b")
    enroll(city.db, a, tmp_path)
    enroll(city.db, b, tmp_path)
    introduce(city.db, [a.db, b.db], tmp_path / "introduce")
    yield city, a, b, tmp_path
    for device in (city, a, b):
        device.db.dispose()


def test_the_city_gets_an_identified_case_only_under_consent_to_the_sigungu(world) -> None:  # type: ignore[no-untyped-def]
    city, a, _b, tmp = world
    shared = client(a.db, "김순자")
    provision(a.db, shared)
    received_case(a.db, shared)
    private = client(a.db, "박정희", phone="010-4444-1234")
    withdrawn = provision(a.db, private)
    withdraw_consent(a.db.uow(), withdrawn, days(1), TODAY)
    received_case(a.db, private)
    add_member(a.db, "홍길동")  # city_plaintext checks that it really read the file by this name
    (tmp / "usb").mkdir()
    import_packages(city.db, [export_package(a.db, tmp / "usb")])
    seen = city_plaintext(city)
    assert "김순자" in seen and "010-5500-1200" in seen  # consented to the 시군구
    for secret in ("박정희", "010-4444-1234", "난방비 체납"):  # no consent, and a note never
        assert secret not in seen, secret
    with city.db.session_factory() as s:
        # The person without consent exists at the city as an id and nothing more.
        assert s.scalar(select(func.count()).select_from(Client).where(Client.id == private)) == 1
        assert s.get(Client, private).name == "" and s.get(Client, shared).note == ""


def test_the_council_s_own_pcs_get_the_whole_record_the_city_only_what_consent_allows(world) -> None:  # type: ignore[no-untyped-def]
    city, a, b, tmp = world
    shared = client(a.db, "김순자")
    provision(a.db, shared)
    shared_case = received_case(a.db, shared)
    private = client(a.db, "박정희", phone="010-4444-1234", address="햇살면 하촌리 3")
    private_case = received_case(a.db, private)
    add_member(a.db, "홍길동")
    carry(a.db, city.db, tmp / "usb1")
    seen = city_plaintext(city)
    for secret in ("박정희", "010-4444-1234", "햇살면 하촌리 3", "난방비 체납"):
        assert secret not in seen, secret
    assert "김순자" in seen
    carry(city.db, b.db, tmp / "usb2", COUNCIL_CODE)
    with b.db.session_factory() as s:
        row = s.get(Client, private)
        # Held back from the city, sealed to B: every field under consent, and the note.
        assert (row.name, row.phone, row.address, row.note, row.birth_date) == (
            "박정희", "010-4444-1234", "햇살면 하촌리 3", "난방비 체납", date(1944, 3, 5))
        assert s.get(CaseRecord, private_case).received_on == days(40)
        assert s.get(Client, shared).name == "김순자" and s.get(CaseRecord, shared_case).received_on == days(40)
    case_tables = tuple(m.__tablename__ for m in CASE_SYNCED_MODELS)
    assert content(b.db, case_tables) == content(a.db, case_tables)  # B holds what A holds, field for field
