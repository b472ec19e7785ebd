"""A package signed with an enrolled device's real key (a buggy or stolen PC) still carries
nothing the services would refuse: each incoming record passes its area's
``validate_incoming`` (the same rules as the window), and one that fails refuses the whole
package with a Korean reason naming the table, the record and the field; nothing applied.

A mutation fuzz closes: 200 random mutations of a real package (truncation, bit flips,
swapped or dropped members, oversized fields) are each refused or harmless."""
from __future__ import annotations

import io
import json
import random
import uuid
import zipfile
from datetime import date

import pytest

from app import areas
from app.errors import InputRefused
from app.member_rules import validate_incoming as member_rules
from app.sync import export_package, import_packages, preview_package
from app.sync.records import TABLES
from tests.app.sync_support import (CITY_CODE, add_member, base_manifest, carry, enroll, file_digest, forge,
                                    identity_of, member_fields, new_city, new_council, record_line, reopen,
                                    term_fields)


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    import app.security.keyring as keyring_module
    from tests.conftest import FAST_KDF

    saved = keyring_module.DEFAULT_KDF
    keyring_module.DEFAULT_KDF = FAST_KDF
    tmp = tmp_path_factory.mktemp("rules")
    city, a = new_city(tmp), new_council(tmp, "a")
    enroll(city.db, a, tmp)
    add_member(a.db, "홍길동")
    carry(a.db, city.db, tmp / "u0")
    keyring_module.DEFAULT_KDF = saved
    yield city, a, tmp
    for device in (city, a):
        device.db.dispose()


def test_every_synced_table_has_its_areas_validator():
    for name in TABLES:
        spec = areas.table(name)
        assert spec is not None and spec.validator, name
        assert callable(areas.load(spec.validator))


def signed(a, city, tmp, records: dict[str, list[dict]]) -> object:
    """A package signed with A's real key, carrying ``records`` (table -> fields)."""
    device = a.db.info["device_id"]
    members = {}
    ids = {}
    for table, rows in records.items():
        lines = []
        for fields in rows:
            record_id = str(uuid.uuid4())
            ids.setdefault(table, []).append(record_id)
            lines.append(record_line(record_id, device, fields))
        members[f"records/{table}.jsonl"] = ("\n".join(lines) + "\n").encode()
    city_id = identity_of(city.db)
    path = forge(tmp / f"s-{uuid.uuid4().hex[:8]}", identity_of(a.db), {city_id.device_id: city_id.box_public},
                 base_manifest(a.db, CITY_CODE, str(uuid.uuid4())), members=members)
    return path, ids


def refused_unchanged(device, path):
    key, actor = device.db.key, device.db.actor
    device.db.dispose()
    before = file_digest(device.path)
    db = reopen(device, key, actor)
    try:
        with pytest.raises(InputRefused) as caught:
            import_packages(db, [path])
    finally:
        db.dispose()
    assert file_digest(device.path) == before
    device.db = reopen(device, key, actor)
    return caught.value


@pytest.mark.parametrize("field, value, words", [
    ("sex", "Z", "성별 값 'Z'"),
    ("category", 99, "자격 값 '99'"),
    ("category", -1, "자격 값 '-1'"),
    ("role", "king", "직책 값 'king'"),
    ("kind", "", "구분"),
    ("name", "홍\x07길동", "성명에 보이지 않는 제어 문자(U+0007)"),
    ("affiliation", "900101-1234567", "소속에 주민등록번호로 보이는 숫자"),
    ("position", "이장 800101 2345678", "직위에 주민등록번호로 보이는 숫자"),
    ("kind", "boss", "구분 값 'boss'"),
    ("name", "", "성명을 입력하세요"),
])
def test_a_record_the_services_would_refuse_refuses_the_package(pair, field, value, words):
    city, a, tmp = pair
    good = member_fields("정상위원")
    bad = {**member_fields("위조"), field: value}
    path, ids = signed(a, city, tmp, {"member": [good, bad]})
    error = refused_unchanged(city, path)
    assert error.code == "sync_invalid_record"
    text = error.message()
    assert "위원 기록" in text and ids["member"][1] in text and words in text, text
    assert "데이터는 바뀌지 않았습니다" in text
    assert "900101" not in text and "\x07" not in text  # the refusal never echoes what it refuses
    assert error.message("en") != text and ids["member"][1] in error.message("en")


def test_a_bad_term_is_refused_too(pair):
    city, a, tmp = pair
    device = a.db.info["device_id"]
    member_id = str(uuid.uuid4())
    term = {**term_fields(member_id), "end_reason": "fired"}
    lines = {"records/member.jsonl": (record_line(member_id, device, member_fields("임기위원")) + "\n").encode(),
             "records/member_term.jsonl": (record_line(str(uuid.uuid4()), device, term) + "\n").encode()}
    city_id = identity_of(city.db)
    path = forge(tmp / "term", identity_of(a.db), {city_id.device_id: city_id.box_public},
                 base_manifest(a.db, CITY_CODE, str(uuid.uuid4())), members=lines)
    error = refused_unchanged(city, path)
    assert error.code == "sync_invalid_record" and "위원 임기 기록" in error.message()
    assert "해촉사유 값 'fired'" in error.message()
    errors = member_rules("member_term", {"start_on": date(2025, 1, 1), "end_on": date(2024, 1, 1)})
    assert [e.code for e in errors] == ["end_before_start"]


def test_formula_text_is_kept_as_text_like_the_services_do(pair):
    """The services accept text starting with '=' (a person may write "=1+1 정정"), and
    every export writes it as text that no spreadsheet runs; a package is not stricter."""
    city, a, tmp = pair
    fields = {**member_fields("수식위원"), "affiliation": '=HYPERLINK("http://x")', "position": "@SUM(A1)"}
    assert member_rules("member", {k: v for k, v in fields.items() if k in ("affiliation", "position")}) == []
    path, ids = signed(a, city, tmp, {"member": [fields]})
    assert import_packages(city.db, [path]).new == 1
    from app.text_rules import csv_text

    assert csv_text(fields["affiliation"]).startswith("'=")


def test_the_city_checks_what_it_can_see_and_the_council_what_it_opens(pair):
    """Sealed fields reach the city unread: the council's device checks them when it opens
    them (tests of sealed sync build such packages; here the rule on the fields alone)."""
    assert member_rules("member", {"phone": "0101-xx"}) != []
    assert member_rules("member", {"note": "메모\x1b"})[0].code == "control_character"
    assert member_rules("member", {"birth_date": date(3000, 1, 1)})[0].code == "future_date"
    assert member_rules("member", {"name": "홍길동", "sex": "M"}) == []  # absent fields are not judged
    assert member_rules("member", {}) == [] and member_rules("member_term", {}) == []


# ----------------------------------------------------------------- mutations of a real package

def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def _mutate(rng: random.Random, data: bytes, other: bytes) -> bytes:
    kind = rng.choice(["truncate", "flip", "swap", "drop", "header_field", "oversized", "duplicate", "other_payload"])
    if kind == "truncate":
        return data[: rng.randrange(len(data))]
    if kind == "flip":
        out = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
        return bytes(out)
    members = _members(data)
    names = list(members)
    if kind == "swap":
        x, y = rng.sample(names, 2)
        members[x], members[y] = members[y], members[x]
    elif kind == "drop":
        members.pop(rng.choice(names))
    elif kind == "duplicate":
        name = rng.choice(names)
        return _zip(members) + _zip({name: members[name]})
    elif kind == "other_payload":
        members["payload.bin"] = _members(other)["payload.bin"]
    else:
        header = json.loads(members["councildesk-sync.json"])
        key = rng.choice(sorted(header))
        header[key] = rng.choice([2**63, -1, None, "x" * 100_000, [], {}, 10**40, "../../x"])
        members["councildesk-sync.json"] = json.dumps(header).encode()
        if kind == "oversized":
            members[rng.choice(names)] += b"\0" * rng.choice([1, 1000, 3_000_000])
    return _zip(members)


def test_two_hundred_mutations_are_refused_or_harmless(pair):
    city, a, tmp = pair
    add_member(a.db, "김영희", sex="F")
    folder = tmp / "mut-src"
    folder.mkdir()
    real = export_package(a.db, folder).read_bytes()
    add_member(a.db, "박철수")
    folder2 = tmp / "mut-src2"
    folder2.mkdir()
    other = export_package(a.db, folder2).read_bytes()
    key, actor = city.db.key, city.db.actor
    city.db.dispose()
    before = file_digest(city.path)
    db = reopen(city, key, actor)
    rng = random.Random(13)
    outcomes: dict[str, int] = {}
    try:
        for number in range(200):
            path = tmp / "mut" / f"m{number}.cdsync"
            path.parent.mkdir(exist_ok=True)
            path.write_bytes(_mutate(rng, real, other))
            try:
                preview_package(db, [path])
                outcomes["harmless"] = outcomes.get("harmless", 0) + 1
            except InputRefused as refused:
                assert refused.exit_code == 3 and refused.message().strip()
                outcomes[refused.code] = outcomes.get(refused.code, 0) + 1
    finally:
        db.dispose()
    assert file_digest(city.path) == before
    city.db = reopen(city, key, actor)
    print("mutation outcomes:", outcomes)
    assert sum(outcomes.values()) == 200 and len(outcomes) > 3
