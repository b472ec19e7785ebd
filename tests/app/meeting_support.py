"""Shared set-up of the Meetings tests: a small council with a known term history."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.meetings.agenda import ItemData, add_agenda_item
from app.meetings.meetings import AttendanceEntry, MeetingData, create_meeting, record_attendance
from app.members import TermData, add_member_in_session, dismiss_member
from app.settings import save_settings
from db.session import Database
from tests.conftest import member_data

TODAY = date(2026, 11, 24)
MEETING_DAY = date(2026, 3, 10)
PLACE = "햇살면 행정복지센터 2층 회의실"


@dataclass
class Council:
    db: Database
    members: list[str]  # ids of the members in office on MEETING_DAY, in roster order
    late: str  # appointed after MEETING_DAY
    gone: str  # dismissed before MEETING_DAY
    names: dict[str, str]


def make_council(db: Database, count: int = 10) -> Council:
    """``count`` members in office from 2025-01-01, one appointed after the meeting day,
    one dismissed before it."""
    names: dict[str, str] = {}
    with db.uow() as uow:
        save_settings(uow.session, max_members=count + 10)
        ids = []
        for i in range(count):
            role = {0: "co_chair_public", 1: "co_chair_private", count - 1: "secretary"}.get(i, "member")
            kind = "ex_officio" if role in ("co_chair_public", "secretary") else "appointed"
            term = TermData(date(2025, 1, 1), None if kind == "ex_officio" else date(2026, 12, 31))
            member = add_member_in_session(uow.session, member_data(f"위원{i:02d}", role=role, kind=kind,
                                                                    phone=f"010-5000-{i:04d}", birth_date=None),
                                           term, TODAY)
            ids.append(member.id)
            names[member.id] = member.name
        late = add_member_in_session(uow.session, member_data("늦은위원", phone="010-6000-0001", birth_date=None),
                                     TermData(date(2026, 6, 1), date(2028, 5, 31)), TODAY)
        gone = add_member_in_session(uow.session, member_data("떠난위원", phone="010-6000-0002", birth_date=None),
                                     TermData(date(2025, 1, 1), date(2026, 12, 31)), TODAY)
        uow.session.flush()
        late_id, gone_id = late.id, gone.id
        names[late_id], names[gone_id] = "늦은위원", "떠난위원"
        uow.commit()
    dismiss_member(db.uow(), gone_id, date(2026, 2, 1), "resigned", "", TODAY)
    return Council(db, ids, late_id, gone_id, names)


def meeting_data(held_on: date = MEETING_DAY, **overrides) -> MeetingData:
    values = dict(kind="regular", held_on=held_on, start_time="14:00", place=PLACE,
                  notice_on=date(held_on.year, held_on.month, 1) if held_on.day > 6 else None, recorder="위원09")
    values.update(overrides)
    return MeetingData(**values)


def new_meeting(council: Council, **overrides) -> str:
    return create_meeting(council.db.uow(), meeting_data(**overrides), TODAY).meeting.id


def attend(council: Council, meeting_id: str, present: int, excused: int = 0) -> None:
    """The first ``present`` members present, the next ``excused`` excused, the rest absent."""
    entries = []
    for i, member_id in enumerate(council.members):
        status = "present" if i < present else "excused" if i < present + excused else "absent"
        entries.append(AttendanceEntry(member_id, status))
    record_attendance(council.db.uow(), meeting_id, entries, TODAY)


def resolution(council: Council, meeting_id: str, title: str = "2026년 특화사업 계획(안)") -> str:
    return add_agenda_item(council.db.uow(), meeting_id, ItemData("resolution", title, "간사", "1. 내용\n가. 세부"),
                           TODAY).id
