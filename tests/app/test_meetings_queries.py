"""The meeting lists and a meeting's page read a fixed number of SQL statements, however
many meetings, members and agenda items there are; and the tab's one-unit-of-work reads
(``load_meeting_list``, ``load_meeting_page``) say exactly what the separate services say.
The member list, read as plain rows for speed, still gives each member as ``get_member`` does.

Statements are counted on the engine (``before_cursor_execute``), so a query per row
anywhere below the services shows up as a count that grows with the rows.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import event, text

from app.meetings import agenda, minutes
from app.meetings.actions import ActionData, add_action_item, list_action_items
from app.meetings.meetings import (
    GuestData, add_guest, create_meeting, get_meeting, list_meetings, mark_meeting_held, record_attendance,
)
from app.meetings.pages import MeetingList, load_meeting_list, load_meeting_page, match_meetings
from app.members import (
    TermData, delete_member, dismiss_member, get_member, list_members, reappoint_member, update_member,
    update_term,
)
from app.security.permissions import Actor
from app.subcommittees import SubcommitteeData, add_seat, create_subcommittee
from db.session import Database
from tests.app.meeting_support import TODAY, Council, attend, make_council, meeting_data
from tests.conftest import make_database

APPROVED_ON = date(2026, 2, 10)


@contextmanager
def counted(db: Database) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(_conn, _cursor, statement, _parameters, _context, _executemany) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def build(db: Database, members: int, meetings: int, items: int = 2) -> tuple[Council, dict[str, str]]:
    """An approved meeting (attendance, 배석, ``items`` passed resolutions with a recusal and a
    follow-up), a subcommittee meeting, a held one, a planned one called on short notice,
    and ``meetings - 4`` more with attendance. Then the records change under the minutes:
    one member who attended everything resigns (off the later rosters) and another's term
    is corrected to start after the approved meeting (off its roster, yet recorded)."""
    council = make_council(db, count=members)
    n = len(council.members)
    ids: dict[str, str] = {}
    ids["approved"] = meeting = create_meeting(db.uow(), meeting_data(APPROVED_ON), TODAY).meeting.id
    attend(council, meeting, present=n - 1)
    add_guest(db.uow(), meeting, GuestData("박민수", "햇살군", "주무관"))
    eligible = n - 2  # present, less the one recused
    for i in range(items):
        item = agenda.add_agenda_item(db.uow(), meeting, agenda.ItemData("resolution", f"안건 {i}", "간사"), TODAY).id
        agenda.set_recusals(db.uow(), item, [(council.members[1], "가족")], TODAY)
        agenda.record_result(db.uow(), item, agenda.ResultData("passed", eligible // 2 + 1, 0, 0), TODAY)
        add_action_item(db.uow(), item, ActionData(f"후속 {i}", "간사", date(2026, 4, 10)), TODAY)
    mark_meeting_held(db.uow(), meeting, "15:30", TODAY)
    minutes.approve_minutes(db.uow(), meeting, "위원00", date(2026, 3, 10), TODAY)

    sub = create_subcommittee(db.uow(), SubcommitteeData("노인분과", founded_on=date(2025, 1, 1)), TODAY)
    for member_id in council.members[2:5]:
        add_seat(db.uow(), sub.id, member_id, date(2025, 2, 1), TODAY)
    ids["sub"] = create_meeting(db.uow(), meeting_data(date(2026, 3, 3), kind="subcommittee",
                                                       subcommittee_id=sub.id), TODAY).meeting.id
    record_attendance(db.uow(), ids["sub"], {m: "present" for m in council.members[2:5]}, TODAY)
    ids["held"] = create_meeting(db.uow(), meeting_data(date(2026, 3, 10)), TODAY).meeting.id
    attend(council, ids["held"], present=n // 2 + 1, excused=1)
    mark_meeting_held(db.uow(), ids["held"], "16:00", TODAY)
    ids["planned"] = create_meeting(db.uow(), meeting_data(date(2026, 12, 8), notice_on=date(2026, 12, 5)),
                                    TODAY).meeting.id
    for k in range(meetings - 4):
        meeting = create_meeting(db.uow(), meeting_data(date(2026, 4, 7) + timedelta(days=7 * k)), TODAY).meeting.id
        attend(council, meeting, present=n // 2 + 1)
    dismiss_member(db.uow(), council.members[3], date(2026, 2, 20), "resigned", "", TODAY)
    term = get_member(db.uow(), council.members[5], TODAY).terms[0]
    update_term(db.uow(), term.id, TermData(date(2026, 2, 15), term.end_on), TODAY)
    return council, ids


def statements_of(db: Database, call, *args, **kwargs) -> int:  # type: ignore[no-untyped-def]
    with counted(db) as statements:
        call(*args, **kwargs)
    return len(statements)


@pytest.fixture
def small(db: Database) -> tuple[Council, dict[str, str]]:
    return build(db, members=10, meetings=6)


def other_db(tmp_path: Path, name: str) -> Iterator[Database]:
    database = make_database(tmp_path / name)
    try:
        yield database
    finally:
        database.dispose()


# ---------------------------------------------------------------- counts that do not grow

def test_lists_read_the_same_statements_for_5_and_30_meetings(tmp_path: Path) -> None:
    counts = {}
    for meetings in (5, 30):
        for db in other_db(tmp_path, f"m{meetings}.db"):
            build(db, members=10, meetings=meetings, items=1)
            counts[meetings] = (
                statements_of(db, list_meetings, db.uow(), TODAY),
                statements_of(db, list_meetings, db.uow(), TODAY, "past", query="정기"),
                statements_of(db, load_meeting_list, db.uow(), TODAY, "all", query="정기"),
                statements_of(db, load_meeting_list, db.uow(), TODAY, "upcoming", 2026),
                statements_of(db, match_meetings, db.uow(), TODAY, "정기 회의실", "past"),
            )
            assert len(load_meeting_list(db.uow(), TODAY).rows) == meetings
    assert counts[5] == counts[30]


def test_a_meeting_reads_the_same_statements_for_10_and_200_members(tmp_path: Path) -> None:
    counts = {}
    for members, items in ((10, 1), (200, 6)):
        for db in other_db(tmp_path, f"p{members}.db"):
            council, ids = build(db, members=members, meetings=4, items=items)
            detail = get_meeting(db.uow(), ids["approved"], TODAY)
            assert len(detail.roster) == members and len(detail.items) == items
            assert detail.roster[-1].member_id == council.members[5]  # recorded, though no longer on that roster
            assert len(get_meeting(db.uow(), ids["held"], TODAY).roster) == members - 1  # one resigned since
            counts[members] = tuple(
                statements_of(db, call, db.uow(), ids[which], TODAY)
                for call in (get_meeting, load_meeting_page) for which in ("approved", "held", "planned", "sub"))
    assert counts[10] == counts[200]


# ---------------------------------------------------------------- the same answers as the services

def test_meeting_list_matches_list_meetings_and_get_meeting(small) -> None:
    council, ids = small
    db = council.db
    for scope, year, query in (("all", None, ""), ("past", None, "정기"), ("upcoming", 2026, ""),
                               ("all", 2026, "노인분과"), ("past", 2025, "")):
        listing = load_meeting_list(db.uow(), TODAY, scope, year, query)
        assert isinstance(listing, MeetingList)
        assert [r.summary for r in listing.rows] == list_meetings(db.uow(), TODAY, scope, year=year)
        for row in listing.rows:
            detail = get_meeting(db.uow(), row.id, TODAY)
            assert (row.meeting, row.quorum) == (detail.meeting, detail.quorum), row.summary.label
        everything = list_meetings(db.uow(), TODAY)
        assert listing.all_count == len(everything) == 6
        assert listing.years == tuple(sorted({s.held_on.year for s in everything}, reverse=True))
        assert list(listing.overdue) == list_action_items(db.uow(), TODAY, status="overdue")
        expected = {s.id for s in list_meetings(db.uow(), TODAY, scope, query, year=year)} if query else None
        assert listing.matches == (frozenset(expected) if expected is not None else None)
        if query:
            assert match_meetings(db.uow(), TODAY, query, scope, year) == listing.matches
    rows = {r.id: r for r in load_meeting_list(db.uow(), TODAY).rows}
    # The resigned member's rows still count in the approved minutes, no longer in the held draft.
    assert rows[ids["approved"]].quorum.enrolled == 10 and rows[ids["approved"]].quorum.unrecorded == 0
    assert rows[ids["held"]].quorum.enrolled == 9 and rows[ids["sub"]].quorum.enrolled == 2
    assert rows[ids["planned"]].summary.notice_warning is not None
    assert load_meeting_list(db.uow(), TODAY, "all", None, "정기").matches == frozenset(
        i for i in rows if i != ids["sub"])


@pytest.mark.parametrize("which", ["approved", "held", "planned", "sub"])
def test_meeting_page_matches_the_separate_services(small, which: str) -> None:
    council, ids = small
    db = council.db
    page = load_meeting_page(db.uow(), ids[which], TODAY)
    assert page.detail == get_meeting(db.uow(), ids[which], TODAY)
    assert list(page.actions) == list_action_items(db.uow(), TODAY, status="all", meeting_id=ids[which])
    if which == "approved":
        assert page.integrity == minutes.verify_minutes(db.uow(), ids[which]) and page.integrity.intact
        assert len(page.actions) == 2 and page.actions[0].is_overdue
    else:
        assert page.integrity is None


def test_meeting_page_finds_minutes_changed_behind_the_services(small) -> None:
    council, ids = small
    db = council.db
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE meeting_attendance SET status = 'present' WHERE meeting_id = :m AND status = 'absent'"),
                     {"m": ids["approved"]})
    page = load_meeting_page(db.uow(), ids["approved"], TODAY)
    assert not page.integrity.intact and page.integrity.changed_parts == ("attendance",)
    assert page.integrity == minutes.verify_minutes(db.uow(), ids["approved"])


# ---------------------------------------------------------------- the member list

@pytest.mark.parametrize("role", ["admin", "viewer"])
def test_member_list_read_as_rows_is_each_member_as_get_member_shows_it(small, role: str) -> None:
    """``list_members`` reads plain rows instead of records: every view must still be the
    one ``get_member`` builds (terms numbered in order, status, subcommittees, and no birth
    date for an account that may not see it)."""
    council, _ = small
    db = council.db
    reappoint_member(db.uow(), council.gone, TermData(date(2026, 5, 1), date(2028, 4, 30)), TODAY)
    delete_member(db.uow(), council.members[6])
    born = get_member(db.uow(), council.members[4], TODAY).to_data()
    update_member(db.uow(), council.members[4], replace(born, birth_date=date(1961, 5, 2)), TODAY)
    db.actor = Actor("someone", role)
    views = list_members(db.uow(), TODAY)
    assert len(views) == len(council.members) + 1  # the late and the reappointed, less the deleted
    assert [v.id for v in views if len(v.terms) == 2] == [council.gone]
    assert any(v.subcommittees == ("노인분과",) for v in views)
    assert [v.birth_date for v in views if v.birth_date] == ([] if role == "viewer" else [date(1961, 5, 2)])
    for view in views:
        assert view == get_member(db.uow(), view.id, TODAY), view.name
