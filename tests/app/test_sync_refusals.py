"""Every bad package is refused with a Korean reason before the database is touched: the
data file is byte for byte what it was. The package reader is fuzzed with random byte
flips and truncations: nothing but ``InputRefused`` ever comes out."""
from __future__ import annotations

import io
import uuid
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.errors import InputRefused
from app.sync import SyncRefused, enroll_revoke, export_package, import_packages, preview_package
from app.sync.crypto import Identity, new_keys
from app.sync.package import FORMAT
from tests.app.sync_support import (COUNCIL_CODE, CITY_CODE, OTHER_CODE, add_member, base_manifest, carry, enroll,
                                    file_digest, forge, identity_of, member_fields, new_city, new_council,
                                    record_line, reopen, term_fields)


@pytest.fixture(scope="module")
def trio(tmp_path_factory):
    """City, A and B, with one exchange done; shared by the module (tests must not change them)."""
    import app.security.keyring as keyring_module
    from tests.conftest import FAST_KDF

    saved = keyring_module.DEFAULT_KDF
    keyring_module.DEFAULT_KDF = FAST_KDF
    tmp = tmp_path_factory.mktemp("trio")
    city, a, b = new_city(tmp), new_council(tmp, "a"), new_council(tmp, "b")
    enroll(city.db, a, tmp)
    enroll(city.db, b, tmp)
    add_member(a.db, "홍길동")
    carry(a.db, city.db, tmp / "u1")
    keyring_module.DEFAULT_KDF = saved
    yield city, a, b, tmp
    for device in (city, a, b):
        device.db.dispose()


def refused_unchanged(device, path, code):
    """Import ``path`` into ``device``: refused with ``code``, and the file unchanged."""
    key, actor = device.db.key, device.db.actor
    device.db.dispose()
    before = file_digest(device.path)
    db = reopen(device, key, actor)
    try:
        with pytest.raises(InputRefused) as refused:
            import_packages(db, [path])
    finally:
        db.dispose()
    assert file_digest(device.path) == before
    device.db = reopen(device, key, actor)
    assert refused.value.code == code, refused.value.message()
    text = refused.value.message()
    assert "데이터는 바뀌지 않았습니다" in text or code in ("file_missing",)
    return text


def a_package(device, tmp, for_=None):
    folder = tmp / f"pkg-{uuid.uuid4().hex[:6]}"
    folder.mkdir()
    return export_package(device.db, folder, for_)


def test_a_changed_byte_is_tampering(trio):
    city, a, b, tmp = trio
    path = a_package(a, tmp)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01  # inside the encrypted payload
    path.write_bytes(bytes(data))
    assert "변조" in refused_unchanged(city, path, "sync_tampered")


def test_a_truncated_file(trio):
    city, a, b, tmp = trio
    path = a_package(a, tmp)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    assert "잘렸습니다" in refused_unchanged(city, path, "sync_truncated")


def test_not_a_package(trio):
    city, a, b, tmp = trio
    path = tmp / "note.cdsync"
    path.write_bytes("회의 메모".encode() * 50)
    refused_unchanged(city, path, "sync_not_package")


def test_a_package_for_another_device(trio):
    city, a, b, tmp = trio
    path = a_package(city, tmp, a.db.info["device_id"])
    assert "이 기기에 보낸 것이 아닙니다" in refused_unchanged(b, path, "sync_wrong_recipient")


def test_an_unknown_sender(trio):
    city, a, b, tmp = trio
    stranger = Identity(str(uuid.uuid4()), *new_keys())
    city_id = identity_of(city.db)
    manifest = base_manifest(a.db, CITY_CODE, str(uuid.uuid4()))
    manifest["sender"]["device"] = stranger.device_id
    path = forge(tmp / "f1", stranger, {city_id.device_id: city_id.box_public}, manifest)
    assert "등록되지 않은 기기" in refused_unchanged(city, path, "sync_unknown_sender")


def test_a_signature_by_the_wrong_key(trio):
    city, a, b, tmp = trio
    impostor = Identity(a.db.info["device_id"], *new_keys())  # A's id, not A's key
    city_id = identity_of(city.db)
    path = forge(tmp / "f2", impostor, {city_id.device_id: city_id.box_public},
                 base_manifest(a.db, CITY_CODE, str(uuid.uuid4())))
    refused_unchanged(city, path, "sync_tampered")


def city_recipient(city):
    identity = identity_of(city.db)
    return {identity.device_id: identity.box_public}


def a_forged(a, city, tmp, name, **kwargs):
    manifest = kwargs.pop("manifest", None) or base_manifest(a.db, CITY_CODE, str(uuid.uuid4()))
    return forge(tmp / name, identity_of(a.db), city_recipient(city), manifest, **kwargs)


def test_newer_format_and_newer_schema(trio):
    city, a, b, tmp = trio
    path = a_forged(a, city, tmp, "f3", header_fields={"format": FORMAT + 1})
    assert "더 새 버전" in refused_unchanged(city, path, "sync_too_new")
    path = a_forged(a, city, tmp, "f4", manifest=base_manifest(a.db, CITY_CODE, str(uuid.uuid4()), schema="0099"))
    assert "schema 0099" in refused_unchanged(city, path, "sync_too_new")


def inner_zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def test_path_traversal_inside_the_payload(trio):
    city, a, b, tmp = trio
    payload = inner_zip({"manifest.json": b"{}", "../../evil.sh": b"rm -rf /"})
    path = a_forged(a, city, tmp, "f5", payload_plain=payload)
    assert "evil.sh" in refused_unchanged(city, path, "sync_unsafe_path")


def test_a_zip_bomb(trio):
    city, a, b, tmp = trio
    payload = inner_zip({"manifest.json": b"{}", "records/member.jsonl": b"\n" * (16 * 1024 * 1024)})
    path = a_forged(a, city, tmp, "f6", payload_plain=payload)
    refused_unchanged(city, path, "sync_too_large")


def test_an_unknown_record_type(trio):
    city, a, b, tmp = trio
    path = a_forged(a, city, tmp, "f7", members={"records/account.jsonl": b'{"id": "x"}\n'})
    assert "account" in refused_unchanged(city, path, "sync_unknown_table")


def test_a_record_pointing_at_nothing(trio):
    city, a, b, tmp = trio
    device = a.db.info["device_id"]
    ghost = str(uuid.uuid4())
    line = record_line(str(uuid.uuid4()), device, term_fields(ghost))
    path = a_forged(a, city, tmp, "f8", members={"records/member_term.jsonl": (line + "\n").encode()})
    assert ghost in refused_unchanged(city, path, "sync_missing_reference")


def test_records_of_the_wrong_shape(trio):
    city, a, b, tmp = trio
    device = a.db.info["device_id"]
    bad = member_fields()
    bad["category"] = "다섯"
    line = record_line(str(uuid.uuid4()), device, bad)
    path = a_forged(a, city, tmp, "f9", members={"records/member.jsonl": (line + "\n").encode()})
    refused_unchanged(city, path, "sync_bad_record")
    extra = {**member_fields(), "resident_number": "800101-1234567"}
    line = record_line(str(uuid.uuid4()), device, extra)
    path = a_forged(a, city, tmp, "f10", members={"records/member.jsonl": (line + "\n").encode()})
    assert "resident_number" in refused_unchanged(city, path, "sync_bad_record")


def test_records_of_another_council(trio):
    city, a, b, tmp = trio
    # A council device claiming another council's code at the city.
    manifest = base_manifest(a.db, CITY_CODE, str(uuid.uuid4()))
    manifest["sender"]["council_code"] = OTHER_CODE
    path = a_forged(a, city, tmp, "f11", manifest=manifest)
    refused_unchanged(city, path, "sync_wrong_council")
    # The city writing another council's records to this device.
    a_identity = identity_of(a.db)
    manifest = base_manifest(city.db, OTHER_CODE, str(uuid.uuid4()))
    line = record_line(str(uuid.uuid4()), str(uuid.uuid4()), member_fields("남의위원"))
    path = forge(tmp / "f12", identity_of(city.db), {a_identity.device_id: a_identity.box_public}, manifest,
                 members={"records/member.jsonl": (line + "\n").encode()})
    assert "다른 협의체" in refused_unchanged(a, path, "sync_wrong_council")


def test_a_revoked_device(tmp_path):
    city, a = new_city(tmp_path), new_council(tmp_path, "a")
    device = enroll(city.db, a, tmp_path)
    add_member(a.db, "홍길동")
    path = a_package(a, tmp_path)
    enroll_revoke(city.db, device)
    assert "취소된 기기" in refused_unchanged(city, path, "sync_revoked_sender")
    with pytest.raises(SyncRefused) as refused:
        export_package(city.db, tmp_path, COUNCIL_CODE)
    assert refused.value.code == "sync_no_devices"
    city.db.dispose()
    a.db.dispose()


def test_a_missing_file(trio):
    city, a, b, tmp = trio
    with pytest.raises(InputRefused) as refused:
        import_packages(city.db, [tmp / "nowhere.cdsync"])
    assert refused.value.code == "file_missing"


@pytest.fixture(scope="module")
def valid_package(trio):
    city, a, b, tmp = trio
    return a_package(a, tmp).read_bytes()


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(flips=st.lists(st.tuples(st.integers(min_value=0), st.integers(min_value=1, max_value=255)), max_size=4),
       cut=st.one_of(st.none(), st.integers(min_value=0)))
def test_fuzzed_packages_are_refused_or_harmless(trio, valid_package, tmp_path_factory, flips, cut):
    city, a, b, tmp = trio
    data = bytearray(valid_package)
    for position, mask in flips:
        data[position % len(data)] ^= mask
    if cut is not None:
        data = data[: cut % len(data)]
    path = tmp / "fuzz" / "fuzzed.cdsync"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(bytes(data))
    try:
        preview_package(city.db, [path])
    except InputRefused as refused:
        assert refused.message().strip()


@pytest.mark.parametrize("error, code", [(22, "sync_tampered"), (5, "sync_read_failed")])
def test_zip_reader_os_errors_are_refusals(trio, monkeypatch, error, code):
    """A damaged zip directory makes zipfile seek to an invalid offset (EINVAL): that is a
    damaged package. Another OS error while reading is the stick failing. Both are refusals."""
    import os

    city, a, b, tmp = trio
    path = a_package(a, tmp)

    def failing_open(self, name, *args, **kwargs):
        raise OSError(error, os.strerror(error))

    monkeypatch.setattr(zipfile.ZipFile, "open", failing_open)
    refused_unchanged(city, path, code)
