"""A package is checked before it is trusted, even when an enrolled device signed it: only
a regular file is read, up to a size limit; the signature is checked before the payload is
read; inflation stops at a cap whatever the archive claims; absurd numbers are refusals.
Through the command line every one of these is exit 3, the database unchanged."""
from __future__ import annotations

import io
import json
import os
import struct
import threading
import uuid
import zipfile
from pathlib import Path

import pytest

from app.cli import main
from app.errors import InputRefused
from app.sync import import_packages, preview_package
from app.sync import package as package_module
from app.sync.package import Limits, open_payload, read_envelope
from tests.app.sync_support import (CITY_CODE, add_member, base_manifest, content, enroll, forge, identity_of,
                                    member_fields, new_city, new_council, record_line, reopen)
from tests.conftest import ADMIN_PASSWORD


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    """A city and one enrolled council device (tests must not change them)."""
    import app.security.keyring as keyring_module
    from tests.conftest import FAST_KDF

    saved = keyring_module.DEFAULT_KDF
    keyring_module.DEFAULT_KDF = FAST_KDF
    tmp = tmp_path_factory.mktemp("pair")
    city, a = new_city(tmp), new_council(tmp, "a")
    enroll(city.db, a, tmp)
    add_member(a.db, "홍길동")
    keyring_module.DEFAULT_KDF = saved
    yield city, a, tmp
    for device in (city, a):
        device.db.dispose()


def refused(db, path) -> InputRefused:
    with pytest.raises(InputRefused) as caught:
        import_packages(db, [path])
    return caught.value


def forged(a, city, tmp, **kwargs) -> Path:
    manifest = kwargs.pop("manifest", None) or base_manifest(a.db, CITY_CODE, str(uuid.uuid4()))
    city_id = identity_of(city.db)
    return forge(tmp / f"f-{uuid.uuid4().hex[:8]}", identity_of(a.db), {city_id.device_id: city_id.box_public},
                 manifest, **kwargs)


def finishes(work, seconds: float = 20.0):
    """Run ``work`` in a thread; fail (instead of hanging the suite) when it does not end."""
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["value"] = work()
        except BaseException as exc:  # noqa: BLE001 - handed back to the test
            outcome["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "reading the file did not end"
    return outcome


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
def test_a_fifo_named_like_a_package_is_refused_at_once(pair):
    city, a, tmp = pair
    path = tmp / "fifo" / "x.cdsync"
    path.parent.mkdir(exist_ok=True)
    os.mkfifo(path)
    outcome = finishes(lambda: import_packages(city.db, [path]))
    assert isinstance(outcome.get("error"), InputRefused) and outcome["error"].code == "sync_not_regular"
    # Found in a folder on the stick, the same.
    outcome = finishes(lambda: import_packages(city.db, [path.parent]))
    assert outcome["error"].code == "sync_not_regular"


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="POSIX devices")
def test_links_are_refused_before_they_are_followed(pair):
    city, a, tmp = pair
    folder = tmp / "links"
    folder.mkdir(exist_ok=True)
    to_zero = folder / "zero.cdsync"
    to_zero.symlink_to("/dev/zero")
    outcome = finishes(lambda: import_packages(city.db, [to_zero]))
    assert outcome["error"].code == "sync_not_regular"
    assert "보통 파일이 아닙니다" in outcome["error"].message()
    # Even a link to a good package: the stick holds packages, not links to elsewhere.
    real = forged(a, city, tmp)
    link = folder / "good.cdsync"
    link.symlink_to(real)
    assert refused(city.db, link).code == "sync_not_regular"


def test_a_file_beyond_the_size_limit_is_refused_unread(pair):
    city, a, tmp = pair
    path = tmp / "big" / "big.cdsync"
    path.parent.mkdir(exist_ok=True)
    with open(path, "wb") as handle:  # sparse: costs no disk
        handle.truncate(package_module.LIMITS.max_file + 1)
    error = refused(city.db, path)
    assert error.code == "sync_file_too_large"
    assert "최대 200 MB" in error.message()


def test_the_signature_is_checked_before_the_payload_is_read(pair, monkeypatch):
    from app.sync.crypto import Identity, new_keys

    city, a, tmp = pair
    impostor = Identity(a.db.info["device_id"], *new_keys())  # A's id, not A's key
    city_id = identity_of(city.db)
    path = forge(tmp / "impostor", impostor, {city_id.device_id: city_id.box_public},
                 base_manifest(a.db, CITY_CODE, str(uuid.uuid4())))
    loaded: list[Path] = []
    real_load = package_module.load_payload

    def spying_load(envelope, *args, **kwargs):
        loaded.append(envelope.path)
        return real_load(envelope, *args, **kwargs)

    monkeypatch.setattr(package_module, "load_payload", spying_load)
    error = refused(city.db, path)
    assert error.code == "sync_tampered" and "signature" in error.message()
    assert loaded == []
    # A well-signed package is read after the check.
    good = forged(a, city, tmp)
    preview_package(city.db, [good])
    assert loaded and set(loaded) == {good}


def _deflated(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def _claim_size(archive: bytes, name: str, size: int) -> bytes:
    """``archive`` with ``name``'s uncompressed size rewritten in both of its headers."""
    data = bytearray(archive)
    with zipfile.ZipFile(io.BytesIO(archive)) as zf:
        info = zf.getinfo(name)
    struct.pack_into("<I", data, info.header_offset + 22, size)  # local file header
    central = -1
    start = 0
    while (found := data.find(b"PK\x01\x02", start)) != -1:
        name_len = struct.unpack_from("<H", data, found + 28)[0]
        if bytes(data[found + 46:found + 46 + name_len]) == name.encode():
            central = found
        start = found + 4
    assert central >= 0
    struct.pack_into("<I", data, central + 24, size)
    return bytes(data)


def test_a_member_that_inflates_beyond_its_claim_stops_at_the_claim(pair):
    city, a, tmp = pair
    lines = b"".join((record_line(str(uuid.uuid4()), a.db.info["device_id"], member_fields()) + "\n").encode()
                     for _ in range(2))
    bomb = b"\n" * (8 * 1024 * 1024)  # claims 100 bytes, inflates to 8 MB
    manifest = base_manifest(a.db, CITY_CODE, str(uuid.uuid4()))
    manifest["counts"] = {"member": 2}
    manifest["files"] = {"records/member.jsonl": {"size": len(lines), "sha256": "0" * 64}}
    inner = _deflated({"manifest.json": json.dumps(manifest).encode(), "records/member.jsonl": bomb})
    path = forged(a, city, tmp, payload_plain=_claim_size(inner, "records/member.jsonl", 100))
    error = refused(city.db, path)
    assert error.code == "sync_tampered"


def test_inflation_is_capped_in_total(pair):
    city, a, tmp = pair
    # Text that deflates ~20:1 (under the ratio limit), 3 MB in all.
    body = b"".join(f"{i:08d} 위원 회의 기록\n".encode() for i in range(150_000))
    manifest = base_manifest(a.db, CITY_CODE, str(uuid.uuid4()))
    inner = _deflated({"manifest.json": json.dumps(manifest).encode(), "records/member.jsonl": body})
    path = forged(a, city, tmp, payload_plain=inner)
    envelope = read_envelope(path)
    with pytest.raises(InputRefused) as caught:
        open_payload(envelope, identity_of(city.db), Limits(max_uncompressed=1024 * 1024))
    assert caught.value.code == "sync_too_large" and "uncompressed" in caught.value.message()
    assert package_module.LIMITS.max_uncompressed < 900 * 1024 * 1024  # the tester's 889 MB bomb


ABSURD = [2**53, 2**63 - 1, 2**63, 10**40, -1, 1.5, True, "7", None]


@pytest.mark.parametrize("field", ["seq_to", "seq_from", "acks"])
def test_absurd_numbers_in_a_signed_manifest_are_refusals(pair, field):
    city, a, tmp = pair
    for value in ABSURD:
        manifest = base_manifest(a.db, CITY_CODE, str(uuid.uuid4()))
        if field == "acks":
            manifest["acks"] = {identity_of(city.db).device_id: value}
        else:
            manifest[field] = value
        error = refused(city.db, forged(a, city, tmp, manifest=manifest))
        assert error.code == "sync_tampered", (field, value)
    manifest = base_manifest(a.db, CITY_CODE, str(uuid.uuid4()), seq_from=50, seq_to=10)
    assert refused(city.db, forged(a, city, tmp, manifest=manifest)).code == "sync_tampered"


def test_an_absurd_version_in_a_record_is_a_refusal(pair):
    city, a, tmp = pair
    device = a.db.info["device_id"]
    line = record_line(str(uuid.uuid4()), device, member_fields(), vv={device: 2**63 - 1})
    path = forged(a, city, tmp, members={"records/member.jsonl": (line + "\n").encode()})
    assert refused(city.db, path).code == "sync_bad_record"


def test_every_refusal_is_exit_3_on_the_command_line(pair, capsys, monkeypatch):
    city, a, tmp = pair
    manifest = base_manifest(a.db, CITY_CODE, str(uuid.uuid4()), seq_to=2**63 - 1)
    huge_seq = forged(a, city, tmp, manifest=manifest)
    cases = [huge_seq]
    if hasattr(os, "mkfifo"):
        fifo = tmp / "cli" / "x.cdsync"
        fifo.parent.mkdir(exist_ok=True)
        os.mkfifo(fifo)
        cases.append(fifo)
    if Path("/dev/zero").exists():
        zero = tmp / "cli" / "zero.cdsync"
        zero.symlink_to("/dev/zero")
        cases.append(zero)
    key, actor = city.db.key, city.db.actor
    before = content(city.db)
    city.db.dispose()
    monkeypatch.setenv("COUNCILDESK_PASSWORD", ADMIN_PASSWORD)
    try:
        for path in cases:
            outcome = finishes(lambda: main(["import", "--db", str(city.path), "--user", "admin", str(path)]))
            assert outcome.get("value") == 3, (path, outcome)
            err = capsys.readouterr().err
            assert "예기치 않은" not in err and "바뀌지 않았습니다" in err
    finally:
        city.db = reopen(city, key, actor)
    # The logins are logged; no record is touched.
    assert content(city.db) == before
