"""Packages between council devices and the city: relay to a council's second device, both
directions in one round, deletions, replays, lost packages, acknowledgements, meetings
with approved minutes and attachments, and conflicts resolved field by field."""
from __future__ import annotations

import json
import zipfile
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import select

from app import members as m
from app.meetings import actions as act
from app.meetings import agenda, meetings, minutes
from app.meetings.attachments import add_attachment_bytes
from app.meetings.meetings import GuestData
from app.sync import (BOTH, MINE, THEIRS, SyncRefused, export_package, import_packages, list_conflicts,
                      list_sites, preview_package, resolve_conflict)
from db.models import Member
from db.security_models import AccessLogEntry
from tests.app.meeting_support import attend, make_council, new_meeting, resolution
from tests.app.sync_support import (COUNCIL_CODE, add_member, carry, content, enroll, full_dump, introduce,
                                    unsealed,
                                    new_city, new_council)
from tests.conftest import TODAY


@pytest.fixture
def world(tmp_path):
    """A city with two enrolled devices A and B of one council."""
    city = new_city(tmp_path)
    a = new_council(tmp_path, "a")
    b = new_council(tmp_path, "b")
    ids = {"a": enroll(city.db, a, tmp_path), "b": enroll(city.db, b, tmp_path)}
    introduce(city.db, [a.db, b.db], tmp_path / "introduce")
    yield city.db, a.db, b.db, ids, tmp_path
    for device in (city, a, b):
        device.db.dispose()


def usb(tmp_path, name):
    folder = tmp_path / name
    folder.mkdir(exist_ok=True)
    return folder


def member_row(db, member_id):
    with db.uow() as uow:
        row = uow.session.get(Member, member_id)
        return {"name": row.name, "note": row.note, "phone": row.phone, "affiliation": row.affiliation,
                "by": row.changed_by_device, "seq": row.change_seq, "deleted": row.deleted_at is not None}


def edit_member(db, member_id, **changes):
    view = m.get_member(db.uow(), member_id, TODAY)
    return m.update_member(db.uow(), member_id, replace(view.to_data(), **changes), TODAY)


def test_relay_from_one_device_to_the_councils_other_device(world):
    city, a, b, ids, tmp = world
    hong = add_member(a, "홍길동", affiliation="상촌리", position="이장")
    result = carry(a, city, usb(tmp, "1"))
    assert (result.new, result.conflicts) == (2, 0)  # the member and the term
    assert result.backup is not None and result.backup.exists()
    # The city keeps the origin device, with its own new change sequence.
    assert member_row(city, hong)["by"] == ids["a"]
    result = carry(city, b, usb(tmp, "2"), COUNCIL_CODE)
    assert result.new == 2
    assert content(b) == content(a)
    assert member_row(b, hong)["by"] == ids["a"]
    # The city saw both devices: A active with a package, B still pending until it sends one.
    sites = {s.device_id: s for s in list_sites(city)}
    assert sites[ids["a"]].status == "active" and sites[ids["a"]].last_package_at is not None
    assert sites[ids["b"]].status == "pending"


def test_both_directions_in_one_round_and_nothing_echoes_back(world):
    city, a, b, ids, tmp = world
    hong = add_member(a, "홍길동")
    kim = add_member(b, "김영희", sex="F")
    assert carry(a, city, usb(tmp, "1")).new == 2
    assert carry(b, city, usb(tmp, "2")).new == 2
    # Each device gets only the other's records: its own never come back.
    to_a = carry(city, a, usb(tmp, "3"), ids["a"])
    to_b = carry(city, b, usb(tmp, "4"), ids["b"])
    assert (to_a.new, to_a.unchanged) == (2, 0)
    assert (to_b.new, to_b.unchanged) == (2, 0)
    assert content(a) == content(b) == content(city)
    assert {member_row(a, hong)["by"], member_row(a, kim)["by"]} == {ids["a"], ids["b"]}
    # Acknowledgements travel back: once B's next package reached the city, nothing old is sent again.
    assert export_counts(city, tmp / "5", ids["b"]) == {"member": 1, "member_term": 1}
    assert export_counts(a, tmp / "6") == {}
    carry(b, city, usb(tmp, "7"))
    assert export_counts(city, tmp / "8", ids["b"]) == {}


def export_counts(db, folder, for_=None):
    """What a new package from ``db`` carries, as its sender logged it (it cannot read it)."""
    folder.mkdir(exist_ok=True)
    path = export_package(db, folder, for_)
    with zipfile.ZipFile(path) as zf:
        package_id = json.loads(zf.read("councildesk-sync.json"))["package_id"]
    with db.uow() as uow:
        entry = uow.session.scalar(select(AccessLogEntry).where(AccessLogEntry.target_id == package_id))
        return json.loads(entry.details)["counts"]


def test_updates_and_deletions_travel_as_tombstones(world):
    city, a, b, ids, tmp = world
    hong = add_member(a, "홍길동")
    kim = add_member(a, "김영희", sex="F")
    carry(a, city, usb(tmp, "1"))
    carry(city, b, usb(tmp, "2"), COUNCIL_CODE)
    edit_member(a, hong, note="이장 연임")
    m.delete_member(a.uow(), kim)
    result = carry(a, city, usb(tmp, "3"))
    assert (result.updated, result.deleted) >= (1, 1)
    result = carry(city, b, usb(tmp, "4"), COUNCIL_CODE)
    assert result.deleted >= 1 and result.updated >= 1
    assert member_row(b, hong)["note"] == "이장 연임"
    assert member_row(b, kim)["deleted"] is True
    assert content(b) == content(a)


def test_replay_and_older_package_change_nothing(world):
    city, a, b, ids, tmp = world
    add_member(a, "홍길동")
    first = export_package(a, usb(tmp, "1"))
    add_member(a, "김영희", sex="F")
    second = export_package(a, usb(tmp, "2"))
    assert import_packages(city, [second]).new == 4
    before = full_dump(city)
    again = import_packages(city, [second])
    assert again.nothing_to_do and again.packages[0].status == "replay" and again.backup is None
    older = import_packages(city, [first])
    assert older.nothing_to_do and older.packages[0].status == "stale"
    assert preview_package(city, [first]).nothing_to_do
    assert full_dump(city) == before


def test_a_lost_package_is_covered_by_the_next(world):
    city, a, b, ids, tmp = world
    add_member(a, "홍길동")
    export_package(a, usb(tmp, "lost"))  # never arrives
    add_member(a, "김영희", sex="F")
    result = carry(a, city, usb(tmp, "1"))
    assert result.new == 4
    # The city's acknowledgement reaches A, and A's next package is empty.
    carry(city, a, usb(tmp, "2"), ids["a"])
    assert export_counts(a, tmp / "3") == {}
    # Skipped by B as well: the council-wide package still carries everything B lacks.
    export_package(city, usb(tmp, "lost-b"), COUNCIL_CODE)
    assert carry(city, b, usb(tmp, "4"), COUNCIL_CODE).new == 4


def test_a_whole_folder_imports_in_order_and_the_same_file_twice_counts_once(world):
    city, a, b, ids, tmp = world
    folder = usb(tmp, "box")
    add_member(a, "홍길동")
    first = export_package(a, folder)
    add_member(b, "김영희", sex="F")
    export_package(b, folder)
    edit_member(a, a_member(a), affiliation="고침")
    export_package(a, folder)
    (folder / "copy.cdsync").write_bytes(first.read_bytes())
    (folder / ".half.partial").write_bytes(b"PK\x03\x04half")  # an interrupted write is not a package
    result = import_packages(city, [folder])
    assert len(result.packages) == 3
    assert result.conflicts == 0
    assert member_row(city, a_member(a))["affiliation"] == "고침"


def a_member(db):
    with db.uow() as uow:
        return uow.session.scalar(select(Member.id).where(Member.name == "홍길동"))


def approved_meeting(db):
    council = make_council(db, count=10)
    meeting = new_meeting(council)
    attend(council, meeting, present=8, excused=1)
    meetings.add_guest(db.uow(), meeting, GuestData("박민수", "햇살군", "주무관"))
    item = resolution(council, meeting)
    agenda.set_recusals(db.uow(), item, [(council.members[7], "가족")], TODAY)
    agenda.record_result(db.uow(), item, agenda.ResultData("passed", 6, 1, 0), TODAY)
    act.add_action_item(db.uow(), item, act.ActionData("사업 공고", "간사", date(2026, 4, 10)), TODAY)
    add_attachment_bytes(db.uow(), meeting, "출석부.pdf", b"%PDF-1.4 scanned" * 100, TODAY)
    meetings.mark_meeting_held(db.uow(), meeting, "15:30", TODAY)
    minutes.approve_minutes(db.uow(), meeting, "위원00", date(2026, 6, 9), TODAY)
    return meeting


def test_meetings_with_approved_minutes_and_attachments_travel(world):
    city, a, b, ids, tmp = world
    meeting = approved_meeting(a)
    carry(a, city, usb(tmp, "1"))
    carry(city, b, usb(tmp, "2"), COUNCIL_CODE)
    assert content(b) == content(a)
    assert minutes.verify_minutes(b.uow(), meeting).intact
    detail = meetings.get_meeting(b.uow(), meeting, TODAY)
    assert detail.meeting.status == "approved"


def test_preview_says_what_would_change_and_writes_nothing(world):
    city, a, b, ids, tmp = world
    hong = add_member(a, "홍길동")
    carry(a, city, usb(tmp, "1"))
    edit_member(a, hong, note="새 비고")
    add_member(a, "김영희", sex="F")
    path = export_package(a, usb(tmp, "2"))
    before = full_dump(city)
    preview = preview_package(city, [path])
    assert (preview.new, preview.updated, preview.deleted, preview.conflicts) == (2, 1, 0, 0)
    assert preview.packages[0].tables["member"] == {"new": 1, "updated": 1}
    assert full_dump(city) == before


# Conflicts -----------------------------------------------------------------------------------

@pytest.fixture
def shared(world):
    """홍길동 known on both devices (A made him, B got him through the city)."""
    city, a, b, ids, tmp = world
    hong = add_member(a, "홍길동", affiliation="상촌리")
    carry(a, city, usb(tmp, "s1"))
    carry(city, b, usb(tmp, "s2"), COUNCIL_CODE)
    return hong


def test_concurrent_edits_become_a_conflict_and_everything_else_applies(world, shared):
    city, a, b, ids, tmp = world
    edit_member(a, shared, note="A의 비고", phone="010-1111-2222")
    edit_member(b, shared, note="B의 비고", affiliation="하촌리")
    add_member(a, "김영희", sex="F")
    carry(a, city, usb(tmp, "1"))
    result = carry(city, b, usb(tmp, "2"), COUNCIL_CODE)
    assert result.conflicts == 1 and result.new == 2  # the new member applies anyway
    assert member_row(b, shared)["note"] == "B의 비고"  # nothing silently overwritten
    [conflict] = list_conflicts(b.uow())
    assert conflict.record_id == shared and conflict.base_hash
    diffs = {f.name: (f.mine, f.theirs, f.can_keep_both) for f in conflict.fields}
    assert diffs["note"] == ("B의 비고", "A의 비고", True)
    assert diffs["affiliation"][:2] == ("하촌리", "상촌리")
    assert diffs["phone"][:2] == ("", "010-1111-2222")
    # Replaying the package keeps the one conflict.
    assert import_packages(b, [next((tmp / "2").iterdir())]).nothing_to_do
    assert len(list_conflicts(b.uow())) == 1


def test_resolution_field_by_field_settles_on_every_device(world, shared):
    city, a, b, ids, tmp = world
    edit_member(a, shared, note="A의 비고", phone="010-1111-2222")
    edit_member(b, shared, note="B의 비고", affiliation="하촌리")
    carry(a, city, usb(tmp, "1"))
    carry(city, b, usb(tmp, "2"), COUNCIL_CODE)
    [conflict] = list_conflicts(b.uow())
    with pytest.raises(SyncRefused) as refused:
        resolve_conflict(b.uow(), conflict.id, {"note": BOTH})
    assert refused.value.code == "sync_conflict_choice" and "소속" in refused.value.message()
    with pytest.raises(SyncRefused) as refused:
        resolve_conflict(b.uow(), conflict.id, {"note": BOTH, "affiliation": MINE, "phone": BOTH})
    assert refused.value.code == "sync_conflict_both"  # a phone number is not free text
    done = resolve_conflict(b.uow(), conflict.id, {"note": BOTH, "affiliation": MINE, "phone": THEIRS})
    assert done.status == "resolved" and done.choices == {"note": "both", "affiliation": "mine", "phone": "theirs"}
    row = member_row(b, shared)
    assert (row["note"], row["affiliation"], row["phone"]) == ("B의 비고\nA의 비고", "하촌리", "010-1111-2222")
    assert list_conflicts(b.uow()) == []
    history = list_conflicts(b.uow(), include_closed=True)
    assert [c.status for c in history] == ["resolved"]
    with pytest.raises(SyncRefused) as refused:
        resolve_conflict(b.uow(), conflict.id, {})
    assert refused.value.code == "sync_conflict_closed"
    # The resolution contains both versions: it replaces them at the city and on A.
    assert carry(b, city, usb(tmp, "3")).conflicts == 0
    result = carry(city, a, usb(tmp, "4"), ids["a"])
    assert result.conflicts == 0 and result.updated == 1
    assert content(a) == content(b)
    assert unsealed(content(b)) == content(city)  # the city holds no plaintext of sealed fields


def test_a_conflict_at_the_city_is_superseded_by_the_devices_resolution(world, shared):
    city, a, b, ids, tmp = world
    edit_member(a, shared, affiliation="A")
    edit_member(b, shared, affiliation="B")
    carry(a, city, usb(tmp, "1"))
    assert carry(b, city, usb(tmp, "2")).conflicts == 1  # the city keeps A's version and B's aside
    result = carry(city, b, usb(tmp, "3"), ids["b"])
    assert result.conflicts == 1
    [conflict] = list_conflicts(b.uow())
    resolve_conflict(b.uow(), conflict.id, {"affiliation": THEIRS})
    carry(b, city, usb(tmp, "4"))
    assert list_conflicts(city.uow()) == []
    assert [c.status for c in list_conflicts(city.uow(), include_closed=True)] == ["superseded"]
    carry(city, a, usb(tmp, "5"), ids["a"])
    assert member_row(a, shared)["affiliation"] == member_row(b, shared)["affiliation"] == "A"
    assert content(a) == content(b)
    assert unsealed(content(b)) == content(city)


def test_the_same_change_on_both_sides_is_no_conflict(world, shared):
    city, a, b, ids, tmp = world
    edit_member(a, shared, note="같은 비고")
    edit_member(b, shared, note="같은 비고")
    carry(a, city, usb(tmp, "1"))
    result = carry(city, b, usb(tmp, "2"), COUNCIL_CODE)
    assert result.conflicts == 0
    assert carry(b, city, usb(tmp, "3")).conflicts == 0


def test_delete_against_edit_is_a_conflict(world, shared):
    city, a, b, ids, tmp = world
    m.delete_member(a.uow(), shared)
    edit_member(b, shared, note="아직 활동")
    carry(a, city, usb(tmp, "1"))
    assert carry(city, b, usb(tmp, "2"), COUNCIL_CODE).conflicts == 1
    [conflict] = list_conflicts(b.uow())
    assert {f.name for f in conflict.fields} == {"note", "deleted_at"}
    resolve_conflict(b.uow(), conflict.id, {"note": MINE, "deleted_at": THEIRS})
    assert member_row(b, shared)["deleted"] is True
