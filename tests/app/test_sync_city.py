"""City mode: many councils in one database, a folder of packages at once, each council
getting only its own records, read-only replicas, the list of sites and the Excel summary."""
from __future__ import annotations

from dataclasses import replace

import pytest
from openpyxl import load_workbook

from app import members as m
from app.sync import city_summary_excel, export_package, import_packages, list_sites
from app.sync.city import install_replica_guard
from app.sync.messages import SyncRefused
from tests.app.meeting_support import attend, make_council, new_meeting
from tests.app.sync_support import (COUNCIL_CODE, COUNCIL_NAME, OTHER_CODE, OTHER_NAME, add_member, carry, content,
                                    enroll, new_city, new_council)
from tests.conftest import TODAY
from app.meetings import meetings


@pytest.fixture
def city_of_two(tmp_path):
    city = new_city(tmp_path)
    sun = new_council(tmp_path, "sun")
    moon = new_council(tmp_path, "moon", OTHER_CODE, OTHER_NAME)
    ids = {"sun": enroll(city.db, sun, tmp_path),
           "moon": enroll(city.db, moon, tmp_path, OTHER_CODE, OTHER_NAME)}
    yield city.db, sun.db, moon.db, ids, tmp_path
    for device in (city, sun, moon):
        device.db.dispose()


def test_a_folder_of_packages_from_several_councils(city_of_two):
    city, sun, moon, ids, tmp = city_of_two
    add_member(sun, "홍길동")
    add_member(moon, "김영희", sex="F")
    box = tmp / "box"
    box.mkdir()
    export_package(sun, box)
    export_package(moon, box)
    result = import_packages(city, [box])
    assert len(result.packages) == 2 and result.new == 4
    sites = {s.device_id: s for s in list_sites(city)}
    assert {sites[ids["sun"]].council_code, sites[ids["moon"]].council_code} == {COUNCIL_CODE, OTHER_CODE}
    assert all(s.last_package_at is not None and s.status == "active" for s in sites.values())
    # Each council receives only its own records, never the other's.
    for_sun = export_package(city, tmp, COUNCIL_CODE)
    assert import_packages(sun, [for_sun]).unchanged == 2
    assert {r["name"] for r in content(sun)["member"].values()} == {"홍길동"}


def test_the_city_holds_replicas_it_cannot_edit(city_of_two):
    city, sun, moon, ids, tmp = city_of_two
    hong = add_member(sun, "홍길동")
    carry(sun, city, tmp / "1")
    assert install_replica_guard(city)
    view = m.get_member(city.uow(), hong, TODAY)
    with pytest.raises(SyncRefused) as refused:
        m.update_member(city.uow(), hong, replace(view.to_data(), note="시군구가 고침"), TODAY)
    assert refused.value.code == "sync_replica_read_only"
    assert not install_replica_guard(sun)  # council mode: its own records, editable


def test_excel_summary_per_council(city_of_two):
    city, sun, moon, ids, tmp = city_of_two
    council = make_council(sun, count=10)  # 12 members: 10 in office, one late, one gone
    meeting = new_meeting(council)
    attend(council, meeting, present=8, excused=1)
    meetings.mark_meeting_held(sun.uow(), meeting, "15:30", TODAY)
    add_member(moon, "김영희", sex="F", category=1)
    add_member(moon, "박철수", category=1)
    add_member(moon, "최순자", sex="F", category=7)
    carry(sun, city, tmp / "1")
    carry(moon, city, tmp / "2")
    out = city_summary_excel(city, tmp / "summary.xlsx", TODAY)
    wb = load_workbook(out)
    ws = wb["협의체별 요약"]
    header = [c.value for c in ws[1]]
    assert header[:5] == ["협의체 코드", "협의체 이름", "재임 위원", "남", "여"]
    assert header[-2:] == ["회의 개최", "평균 출석률(%)"]
    rows = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    sun_row, moon_row = rows[COUNCIL_CODE], rows[OTHER_CODE]
    assert sun_row[1] == COUNCIL_NAME and moon_row[1] == OTHER_NAME
    assert sun_row[2:5] == (11, 11, 0)  # 10 + the late member (in office on TODAY); the gone one is not
    assert sun_row[-2:] == (1, 80.0)  # one meeting, 8 of 10 present
    assert moon_row[2:5] == (3, 1, 2) and moon_row[-2:] == (0, None)
    categories = dict(zip(header[5:-2], moon_row[5:-2]))
    assert categories["1호"] == 2 and categories["7호"] == 1
    grid = {(r[0], r[2].split(" ")[0]): r[3:] for r in wb["범주×성별"].iter_rows(min_row=2, values_only=True)}
    assert grid[(OTHER_CODE, "1호")] == (1, 1, 2)
    assert wb["기준"]["B1"].value == TODAY.isoformat()
