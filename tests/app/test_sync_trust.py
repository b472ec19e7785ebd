"""Identities and trust: enrollment files useless without the code shown on the city's
screen, one council per file, accepted once, device ids adopted, revocation, roles."""
from __future__ import annotations

import json

import pytest

from app.errors import InputRefused
from app.security.permissions import Actor, NotAllowed
from app.sync import (SyncRefused, enroll_accept, enroll_create, enroll_revoke, export_package, import_packages,
                      list_sites)
from db.models import Member
from db.sync_models import SyncIdentity
from tests.app.sync_support import (COUNCIL_CODE, COUNCIL_NAME, OTHER_CODE, OTHER_NAME, add_member, carry, enroll,
                                    new_city, new_council)


@pytest.fixture
def city(tmp_path):
    device = new_city(tmp_path)
    yield device
    device.db.dispose()


@pytest.fixture
def council(tmp_path):
    device = new_council(tmp_path, "a")
    yield device
    device.db.dispose()


def test_the_enrollment_file_tells_a_finder_nothing(city, council, tmp_path):
    path, code = enroll_create(city.db, COUNCIL_CODE, COUNCIL_NAME, tmp_path / "a")
    assert path.suffix == ".cdenroll" and len(code.replace("-", "")) == 20
    raw = path.read_text(encoding="utf-8")
    for secret in (COUNCIL_CODE, COUNCIL_NAME, "device", "sign", "public"):
        assert secret not in raw
    assert set(json.loads(raw)) == {"kind", "format", "kdf", "salt", "sealed"}
    with pytest.raises(SyncRefused) as refused:
        enroll_accept(council.db, path, "AAAAA-BBBBB-CCCCC-DDDDD")
    assert refused.value.code == "sync_enroll_wrong_code" and "코드가 맞지 않습니다" in refused.value.message()
    # People type codes in lower case with spaces; that is forgiven.
    site = enroll_accept(council.db, path, code.lower().replace("-", " "))
    assert site.role == "city" and site.council_code == "4377000000"


def test_the_device_adopts_its_assigned_id(city, council, tmp_path):
    before = add_member(council.db, "홍길동")
    old_device = council.db.info["device_id"]
    new_device = enroll(city.db, council, tmp_path)
    assert new_device != old_device
    assert new_device in {s.device_id for s in list_sites(city.db)}
    with council.db.uow() as uow:
        assert uow.session.get(Member, before).changed_by_device == new_device
        assert uow.session.get(SyncIdentity, 1).device_id == new_device
    after = add_member(council.db, "김영희", sex="F")
    with council.db.uow() as uow:
        assert uow.session.get(Member, after).changed_by_device == new_device


def test_one_council_per_file_and_only_once(city, council, tmp_path):
    path, code = enroll_create(city.db, OTHER_CODE, OTHER_NAME, tmp_path / "other")
    with pytest.raises(SyncRefused) as refused:
        enroll_accept(council.db, path, code)
    assert refused.value.code == "sync_enroll_wrong_council" and OTHER_CODE in refused.value.message()
    path, code = enroll_create(city.db, COUNCIL_CODE, COUNCIL_NAME, tmp_path / "mine")
    enroll_accept(council.db, path, code)
    with pytest.raises(SyncRefused) as refused:
        enroll_accept(council.db, path, code)
    assert refused.value.code == "sync_already_enrolled"


def test_a_damaged_enrollment_file(city, council, tmp_path):
    path = tmp_path / "x.cdenroll"
    path.write_text("{\"kind\": \"something\"}", encoding="utf-8")
    with pytest.raises(SyncRefused) as refused:
        enroll_accept(council.db, path, "AAAAA-BBBBB-CCCCC-DDDDD")
    assert refused.value.code == "sync_enroll_not_file"


def test_modes_are_kept_apart(city, council, tmp_path):
    with pytest.raises(SyncRefused) as refused:
        enroll_create(council.db, COUNCIL_CODE, COUNCIL_NAME, tmp_path / "x")
    assert refused.value.code == "sync_city_only"
    with pytest.raises(SyncRefused) as refused:
        export_package(council.db, tmp_path)
    assert refused.value.code == "sync_not_enrolled"
    with pytest.raises(SyncRefused) as refused:
        export_package(city.db, tmp_path)
    assert refused.value.code == "sync_need_recipient"
    with pytest.raises(SyncRefused) as refused:
        export_package(city.db, tmp_path, "9999999999")
    assert refused.value.code == "sync_unknown_recipient"


def test_roles(city, council, tmp_path):
    enroll(city.db, council, tmp_path)
    add_member(council.db, "홍길동")
    admin = council.db.actor
    council.db.actor = Actor("kim", "coordinator", "김간사")
    path = export_package(council.db, tmp_path)  # a coordinator exchanges packages...
    with pytest.raises(NotAllowed):
        enroll_revoke(council.db, "x")  # ...but does not manage trust
    council.db.actor = Actor("lee", "viewer", "이위원")
    with pytest.raises(NotAllowed):
        export_package(council.db, tmp_path)
    with pytest.raises(NotAllowed):
        import_packages(council.db, [path])
    council.db.actor = admin


def test_revocation_and_the_councils_other_devices(city, tmp_path):
    a, b = new_council(tmp_path, "a"), new_council(tmp_path, "b")
    ids = {"a": enroll(city.db, a, tmp_path), "b": enroll(city.db, b, tmp_path)}
    add_member(a.db, "홍길동")
    carry(a.db, city.db, tmp_path / "1")
    site = enroll_revoke(city.db, ids["b"])
    assert site.status == "revoked" and site.revoked_at is not None
    # Nothing more is encrypted for the revoked device.
    path = export_package(city.db, tmp_path, COUNCIL_CODE)
    with pytest.raises(SyncRefused) as refused:
        import_packages(b.db, [path])
    assert refused.value.code == "sync_wrong_recipient"
    assert import_packages(a.db, [path]).unchanged == 2
    with pytest.raises(InputRefused):
        enroll_revoke(city.db, "no-such-device")
    a.db.dispose()
    b.db.dispose()
