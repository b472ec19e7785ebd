"""Sync policies of the area registry: LOCAL never leaves, UNDER_CONSENT leaves only when
the area says so, SEALED reaches the council's other devices through a city that cannot
read it; 64-bit integers travel; a cancelled import changes nothing."""
from __future__ import annotations

import dataclasses
import json
import uuid
from datetime import date

import pytest

from app import areas
from app.area_records import dump_records
from app.areas import FieldRule, SyncPolicy
from app.progress import Cancelled
from app.sync import THEIRS, export_package, import_packages, list_conflicts, resolve_conflict
from app.sync.package import open_payload, read_envelope
from app.sync.records import RecordError, TABLES, _column_spec
from sqlalchemy import BigInteger, Column

from db.sync_models import SyncRecordState
from tests.app.sync_support import (CITY_CODE, COUNCIL_CODE, add_member, base_manifest, carry, content, enroll,
                                    file_digest, forge, full_dump, identity_of, introduce, member_fields,
                                    new_city, new_council, record_line, reopen, unsealed)
from tests.app.test_sync_exchange import edit_member, member_row, usb

PHONE = "010-9876-5432"
BIRTH = date(1961, 7, 15)
NOTE = "건강 문제로 상담 중"  # a private note


@pytest.fixture
def world(tmp_path):
    city = new_city(tmp_path)
    a = new_council(tmp_path, "a")
    b = new_council(tmp_path, "b")
    ids = {"a": enroll(city.db, a, tmp_path), "b": enroll(city.db, b, tmp_path)}
    introduce(city.db, [a.db, b.db], tmp_path / "introduce")
    yield city, a, b, ids, tmp_path
    for device in (city, a, b):
        device.db.dispose()


def payload_as_city(city_db, path) -> bytes:
    """Every byte of a package's decrypted payload, as the city reads it."""
    contents = open_payload(read_envelope(path), identity_of(city_db))
    return json.dumps(contents.manifest, ensure_ascii=False).encode() + b"".join(contents.members.values())


def city_plaintext(city) -> str:
    """All the city has: every row, what `dump` shows its admin, and its database file
    decrypted (SQLCipher's own export to a plaintext copy), read as raw bytes."""
    rows = repr(full_dump(city.db))
    dumped = json.dumps(list(dump_records(city.db.uow())), ensure_ascii=False)
    plain = city.path.with_name(f"plain-{uuid.uuid4().hex[:8]}.db")
    raw = city.db.engine.raw_connection()
    try:
        raw.execute(f"ATTACH DATABASE '{plain}' AS plaintext KEY ''")
        raw.execute("SELECT sqlcipher_export('plaintext')")
        raw.execute("DETACH DATABASE plaintext")
    finally:
        raw.close()
    data = plain.read_bytes()
    assert b"SQLite format 3" in data[:16] and "홍길동".encode() in data  # really decrypted
    return rows + dumped + data.decode("utf-8", "replace")


def secrets_in(text: str) -> list[str]:
    return [s for s in (PHONE, PHONE.replace("-", ""), BIRTH.isoformat(), NOTE) if s in text]


# SEALED -------------------------------------------------------------------------------------

def test_sealed_fields_reach_the_sibling_and_the_city_never_holds_them(world):
    city, a, b, ids, tmp = world
    hong = add_member(a.db, "홍길동", phone=PHONE, birth_date=BIRTH, note=NOTE)
    path = export_package(a.db, usb(tmp, "1"))
    payload = payload_as_city(city.db, path)
    assert secrets_in(payload.decode("utf-8", "replace")) == []
    assert "홍길동".encode() in payload  # the payload really was read
    assert import_packages(city.db, [path]).new == 2
    assert secrets_in(city_plaintext(city)) == []
    with city.db.uow() as uow:
        relay = uow.session.get(SyncRecordState, ("member", hong)).relay
        assert json.loads(relay)["s"]  # the sealed item is stored, opaque
    result = carry(city.db, b.db, usb(tmp, "2"), COUNCIL_CODE)
    assert result.new == 2
    row = member_row(b.db, hong)
    assert row["phone"] == PHONE and row["note"] == NOTE
    assert content(b.db) == content(a.db)
    assert content(city.db) == unsealed(content(a.db))


def test_a_change_of_a_sealed_field_only_travels_through_the_city(world):
    city, a, b, ids, tmp = world
    hong = add_member(a.db, "홍길동")
    carry(a.db, city.db, usb(tmp, "1"))
    carry(city.db, b.db, usb(tmp, "2"), COUNCIL_CODE)
    edit_member(a.db, hong, phone=PHONE)
    assert carry(a.db, city.db, usb(tmp, "3")).updated == 1  # a new version, nothing readable in it
    assert secrets_in(city_plaintext(city)) == []
    result = carry(city.db, b.db, usb(tmp, "4"), COUNCIL_CODE)
    assert (result.updated, result.conflicts) == (1, 0)
    assert member_row(b.db, hong)["phone"] == PHONE
    assert content(b.db) == content(a.db)


def test_a_device_that_cannot_open_an_item_keeps_its_own_value(world, tmp_path):
    city, a, b, ids, tmp = world
    hong = add_member(a.db, "홍길동", phone=PHONE)
    carry(a.db, city.db, usb(tmp, "1"))
    carry(city.db, b.db, usb(tmp, "2"), COUNCIL_CODE)
    # A third device, enrolled after the phone was sealed: it gets the record, not the phone.
    c = new_council(tmp_path, "c")
    enroll(city.db, c, tmp_path)
    carry(city.db, c.db, usb(tmp, "3"), COUNCIL_CODE)
    assert member_row(c.db, hong)["phone"] == "" and member_row(c.db, hong)["name"] == "홍길동"
    # C edits something else; its package must not blank the phone it never had.
    edit_member(c.db, hong, affiliation="하촌리")
    carry(c.db, city.db, usb(tmp, "4"))
    carry(city.db, b.db, usb(tmp, "5"), COUNCIL_CODE)
    assert (member_row(b.db, hong)["phone"], member_row(b.db, hong)["affiliation"]) == (PHONE, "하촌리")
    c.db.dispose()


def test_concurrent_changes_of_a_sealed_field_are_a_conflict_on_the_device(world):
    city, a, b, ids, tmp = world
    hong = add_member(a.db, "홍길동")
    carry(a.db, city.db, usb(tmp, "1"))
    carry(city.db, b.db, usb(tmp, "2"), COUNCIL_CODE)
    edit_member(a.db, hong, phone="010-1111-1111")
    edit_member(b.db, hong, phone="010-2222-2222")
    carry(a.db, city.db, usb(tmp, "3"))
    result = carry(city.db, b.db, usb(tmp, "4"), COUNCIL_CODE)
    assert result.conflicts == 1
    assert member_row(b.db, hong)["phone"] == "010-2222-2222"  # nothing overwritten silently
    [conflict] = list_conflicts(b.db.uow())
    assert {f.name: (f.mine, f.theirs) for f in conflict.fields} == {"phone": ("010-2222-2222", "010-1111-1111")}


def test_concurrent_sealed_changes_that_meet_at_the_city_go_back_to_the_devices(world):
    """Both devices send before either hears of the other: the city cannot compare the
    phones, keeps both sealed versions and relays them; the devices see the conflict."""
    city, a, b, ids, tmp = world
    hong = add_member(a.db, "홍길동")
    carry(a.db, city.db, usb(tmp, "1"))
    carry(city.db, b.db, usb(tmp, "2"), COUNCIL_CODE)
    edit_member(a.db, hong, phone="010-1111-1111")
    edit_member(b.db, hong, phone="010-2222-2222")
    carry(a.db, city.db, usb(tmp, "3"))
    assert carry(b.db, city.db, usb(tmp, "4")).conflicts == 0  # nothing the city could decide
    assert secrets_in(city_plaintext(city)) == []
    assert carry(city.db, b.db, usb(tmp, "5"), COUNCIL_CODE).conflicts == 1
    assert carry(city.db, a.db, usb(tmp, "6"), COUNCIL_CODE).conflicts == 1
    assert member_row(a.db, hong)["phone"] == "010-1111-1111"
    assert member_row(b.db, hong)["phone"] == "010-2222-2222"
    [conflict] = list_conflicts(b.db.uow())
    resolve_conflict(b.db.uow(), conflict.id, {"phone": THEIRS})
    carry(b.db, city.db, usb(tmp, "7"))
    result = carry(city.db, a.db, usb(tmp, "8"), COUNCIL_CODE)
    assert result.conflicts == 0
    assert list_conflicts(a.db.uow()) == []  # superseded by B's resolution, which contains both
    assert member_row(a.db, hong)["phone"] == member_row(b.db, hong)["phone"] == "010-1111-1111"
    assert content(a.db) == content(b.db)


# LOCAL and UNDER_CONSENT ----------------------------------------------------------------------

def with_member_rules(monkeypatch, table_sync: SyncPolicy | None = None, consent_check: str | None = None,
                      **rules: SyncPolicy) -> None:
    """The registry with member fields (or the member table) under other policies."""
    members = areas.MEMBERS
    member = members.tables[0]
    fields = {**member.fields, **{name: FieldRule(sync=policy) for name, policy in rules.items()}}
    changed = dataclasses.replace(member, fields=fields, consent_check=consent_check,
                                  sync=table_sync or member.sync)
    patched = dataclasses.replace(members, tables=(changed, *members.tables[1:]))
    monkeypatch.setattr(areas, "AREAS", tuple(patched if a.key == "members" else a for a in areas.AREAS))


def consent_allows(session, table_name: str, row) -> bool:
    """The test's consent register: a member named "동의" consented."""
    assert table_name == "member"
    return row.name.startswith("동의")


CONSENT = "tests.app.test_sync_policy:consent_allows"


def test_a_local_field_never_leaves_and_is_never_overwritten(world, monkeypatch):
    city, a, b, ids, tmp = world
    with_member_rules(monkeypatch, affiliation=SyncPolicy.LOCAL)
    hong = add_member(a.db, "홍길동", affiliation="비밀마을")
    path = export_package(a.db, usb(tmp, "1"))
    assert "비밀마을".encode() not in payload_as_city(city.db, path)
    import_packages(city.db, [path])
    assert member_row(city.db, hong)["affiliation"] == ""
    carry(city.db, b.db, usb(tmp, "2"), COUNCIL_CODE)
    edit_member(b.db, hong, affiliation="B만 아는 곳")
    edit_member(a.db, hong, position="이장")
    carry(a.db, city.db, usb(tmp, "3"))
    assert carry(city.db, b.db, usb(tmp, "4"), COUNCIL_CODE).conflicts == 0
    with b.db.uow() as uow:
        from db.models import Member

        row = uow.session.get(Member, hong)
        assert (row.affiliation, row.position) == ("B만 아는 곳", "이장")  # A's change came, B's field stayed


def test_a_local_table_never_travels(world, monkeypatch):
    city, a, b, ids, tmp = world
    with_member_rules(monkeypatch, table_sync=SyncPolicy.LOCAL)
    add_member(a.db, "홍길동")
    path = export_package(a.db, usb(tmp, "1"))
    payload = payload_as_city(city.db, path)
    assert "홍길동".encode() not in payload and b"records/member.jsonl" not in payload


def test_a_field_under_consent_travels_only_with_consent(world, monkeypatch):
    city, a, b, ids, tmp = world
    with_member_rules(monkeypatch, consent_check=CONSENT, position=SyncPolicy.UNDER_CONSENT)
    yes = add_member(a.db, "동의한 위원", position="동의직함")
    no = add_member(a.db, "거부한 위원", position="거부직함")
    path = export_package(a.db, usb(tmp, "1"))
    payload = payload_as_city(city.db, path)
    assert "동의직함".encode() in payload and "거부직함".encode() not in payload
    import_packages(city.db, [path])
    assert (member_row(city.db, yes)["name"], member_row(city.db, no)["name"]) == ("동의한 위원", "거부한 위원")
    with city.db.uow() as uow:
        from db.models import Member

        assert uow.session.get(Member, yes).position == "동의직함"
        assert uow.session.get(Member, no).position == ""
    # What the check held back from the city travelled sealed: the council's own B has it all.
    carry(city.db, b.db, usb(tmp, "2"), COUNCIL_CODE)
    with b.db.uow() as uow:
        assert uow.session.get(Member, yes).position == "동의직함"
        assert uow.session.get(Member, no).position == "거부직함"


def test_without_a_consent_check_nothing_under_consent_leaves(world, monkeypatch):
    city, a, b, ids, tmp = world
    with_member_rules(monkeypatch, table_sync=SyncPolicy.UNDER_CONSENT)
    add_member(a.db, "동의한 위원")
    path = export_package(a.db, usb(tmp, "1"))
    assert "동의한 위원".encode() not in payload_as_city(city.db, path)
    with_member_rules(monkeypatch, table_sync=SyncPolicy.UNDER_CONSENT, consent_check=CONSENT)
    add_member(a.db, "동의 두번째")
    add_member(a.db, "거부 세번째")
    payload = payload_as_city(city.db, export_package(a.db, usb(tmp, "2")))
    assert "동의 두번째".encode() in payload and "거부 세번째".encode() not in payload


# Integers and cancelling ----------------------------------------------------------------------

def test_integers_travel_beyond_32_bits_and_bool_is_no_integer():
    amount = _column_spec(Column("amount", BigInteger, nullable=False))
    assert amount.kind == "int" and amount.parse(10**15) == 10**15
    assert amount.parse(-(2**63)) == -(2**63)
    for bad in (True, False, 2**63, 1.5, "1"):
        with pytest.raises(RecordError):
            amount.parse(bad)
    category = TABLES["member"].column("category")
    assert category.parse(2**40) == 2**40


def test_a_64_bit_value_and_version_round_trip_through_a_package(world, monkeypatch):
    city, a, b, ids, tmp = world
    # The transport carries 64-bit integers for the areas to come (amounts in won); no
    # member rule allows one today, so the member rules step aside for this test.
    from app.sync import verify

    monkeypatch.setitem(verify._VALIDATORS, "member", None)
    identity = identity_of(a.db)
    device = a.db.info["device_id"]
    big = 10**15
    line = record_line("m-big", device, {**member_fields("큰수"), "category": big}, vv={device: 2**40})
    manifest = base_manifest(a.db, CITY_CODE, "big-package", seq_to=2**40)
    city_box = identity_of(city.db).box_public
    path = forge(tmp / "big", identity, {city.db.info["device_id"]: city_box}, manifest,
                 {"records/member.jsonl": (line + "\n").encode()})
    assert import_packages(city.db, [path]).new == 1
    with city.db.uow() as uow:
        from db.models import Member
        from db.sync_models import SyncRecordState

        assert uow.session.get(Member, "m-big").category == big
        assert json.loads(uow.session.get(SyncRecordState, ("member", "m-big")).vv) == {device: 2**40}
    # And on to the council's other device, unchanged.
    carry(city.db, b.db, usb(tmp, "2"), COUNCIL_CODE)
    with b.db.uow() as uow:
        assert uow.session.get(Member, "m-big").category == big


@pytest.mark.parametrize("stop_at", [1, 2, 5, 1000])
def test_a_cancelled_import_changes_nothing(world, stop_at):
    city, a, b, ids, tmp = world
    add_member(a.db, "홍길동", phone=PHONE)
    add_member(a.db, "김영희", sex="F")
    first = export_package(a.db, usb(tmp, "1"))
    add_member(a.db, "박철수")
    second = export_package(a.db, usb(tmp, "2"))
    key, actor = city.db.key, city.db.actor
    city.db.dispose()
    before = file_digest(city.path)
    db = reopen(city, key, actor)
    asked = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) >= stop_at

    try:
        if stop_at == 1000:  # never: it runs to the end
            assert import_packages(db, [first, second], cancelled=cancelled).new == 6
            return
        with pytest.raises(Cancelled):
            import_packages(db, [first, second], cancelled=cancelled)
        assert content(db)["member"] == {}
    finally:
        db.dispose()
        city.db = db
    if stop_at != 1000:
        assert file_digest(city.path) == before
