"""How the meetings tab feels with 5,000 members and 60 meetings: building the list, a
click on a meeting, and the member list against its own raw SQL.

Figures are printed (run with ``pytest -m benchmark -s tests/benchmarks/test_meetings_benchmark.py``);
nothing is asserted about time, since office PCs differ. Targets: the list built in
<= 0.5 s, a click (detail, follow-ups, minutes integrity) in <= 100 ms, ``list_members``
within 2x the raw SQL that reads the same rows.

The records are bulk-inserted (Core ``insert`` with many rows, no ORM flush): the services
check rosters, votes and caps one at a time, which is right for people typing and far too
slow for making 200,000 attendance rows. Approved minutes get their real content hash.
"""
from __future__ import annotations

import random
import time
import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import event, insert

from app.meetings.actions import list_action_items
from app.meetings.meetings import get_meeting, list_meetings
from app.meetings.minutes import canonical_json, content_hash, minutes_content, verify_minutes
from app.meetings.pages import load_meeting_list, load_meeting_page, match_meetings
from app.members import list_members
from db.meeting_models import (
    ActionItem, AgendaItem, AgendaRecusal, Meeting, MeetingAttendance, MeetingGuest, MinutesVersion,
)
from db.models import Member, MemberTerm, Subcommittee, SubcommitteeMembership

pytestmark = pytest.mark.benchmark

TODAY = date(2026, 11, 24)
MEMBERS = 5_000
MEETINGS = 60
NOW = datetime(2026, 11, 24, 9, 0, 0)
SURNAMES = "김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민"
GIVEN = "민서지현수영준호은하도윤재성경미정우진희선혜태동길순숙철"


def _row(**values: object) -> dict[str, object]:
    return {"id": str(uuid.uuid4()), "created_at": NOW, "updated_at": NOW, "changed_by_device": "",
            "change_seq": 1, "deleted_at": None, **values}


def _in_office(terms: list[dict], day: date) -> bool:
    return any(t["start_on"] <= day and (t["ended_on"] is None or day < t["ended_on"])
               and (t["end_on"] is None or day <= t["end_on"]) for t in terms)


def build(db) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """5,000 members with varied term histories, 3 subcommittees, 60 meetings (monthly from
    2022-03: approved, two held in draft, two planned) with full attendance, 4 items each,
    recusals, follow-ups and 배석. Returns a few meeting ids worth clicking."""
    rng = random.Random(14)
    members, terms, seats, subs = [], [], [], []
    terms_of: dict[str, list[dict]] = {}
    for i in range(MEMBERS):
        role = {0: "co_chair_public", 1: "co_chair_private", 2: "secretary"}.get(i, "member")
        kind = "ex_officio" if role in ("co_chair_public", "secretary") else "appointed"
        member = _row(name=rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN), sex=rng.choice("MF"),
                      birth_date=date(1950 + i % 40, 1 + i % 12, 1 + i % 28), affiliation=f"{i % 50}리 마을회",
                      position="이장" if i % 7 == 0 else "위원", kind=kind, category=(1, 3, 5, 6, 7)[i % 5],
                      role=role, phone=f"010-{1000 + i % 9000:04d}-{rng.randint(1000, 9999)}",
                      honorary_official=i % 9 == 0, pledge_on=None, consent_on=date(2021, 1, 4), note="")
        members.append(member)
        start = date(2021, 1, 4) + timedelta(days=rng.randint(0, 900))
        mine = [_row(member_id=member["id"], recommended_on=None, start_on=start,
                     end_on=None if kind == "ex_officio" else start + timedelta(days=730 - 1), ended_on=None,
                     end_reason=None, end_note="")]
        if i % 10 == 0:  # dismissed part-way through the first term
            mine[0].update(ended_on=start + timedelta(days=rng.randint(30, 600)), end_reason="resigned")
        elif kind == "appointed":  # reappointed for a second term
            second = mine[0]["end_on"] + timedelta(days=1)
            mine.append(_row(member_id=member["id"], recommended_on=None, start_on=second,
                             end_on=second + timedelta(days=730 - 1), ended_on=None, end_reason=None, end_note=""))
        terms += mine
        terms_of[member["id"]] = mine
    for n, name in enumerate(("노인분과", "아동·청소년분과", "장애인분과")):
        sub = _row(name=name, description="", service_areas="", lead_member_id=None, founded_on=date(2021, 1, 4),
                   closed_on=None)
        subs.append(sub)
        for member in members[3 + n * 400: 3 + (n + 1) * 400]:
            seats.append(_row(subcommittee_id=sub["id"], member_id=member["id"], joined_on=date(2021, 6, 1),
                              left_on=None))
    seated = {sub["id"]: {s["member_id"] for s in seats if s["subcommittee_id"] == sub["id"]} for sub in subs}

    meetings, attendance, items, recusals, actions, guests = [], [], [], [], [], []
    numbers: dict[tuple, int] = {}
    for k in range(MEETINGS):
        held_on = date(2022, 3, 15) + timedelta(days=30 * k)
        sub = subs[k % 3] if k % 3 == 2 else None
        kind = "subcommittee" if sub else ("extraordinary" if k % 5 == 4 else "regular")
        series = (kind, sub["id"] if sub else None, held_on.year)
        numbers[series] = numbers.get(series, 0) + 1
        status = "planned" if held_on > TODAY else "held" if k >= MEETINGS - 4 else "approved"
        meeting = _row(kind=kind, subcommittee_id=sub["id"] if sub else None, year=held_on.year,
                       number=numbers[series], title=f"{held_on.year}년 사업 점검", held_on=held_on,
                       start_time="14:00", end_time=None if status == "planned" else "16:00",
                       place="햇살면 행정복지센터 2층 회의실", called_by="chair", requested_by_count=None,
                       notice_on=held_on - timedelta(days=7 if k % 4 else 3), urgent=False, status=status,
                       recorder="간사", other_business="", note="",
                       minutes_approved_on=held_on + timedelta(days=30) if status == "approved" else None,
                       minutes_approved_by="위원장" if status == "approved" else "", approved_at_meeting_id=None)
        meetings.append(meeting)
        roster = [m for m in members if _in_office(terms_of[m["id"]], held_on)
                  and (sub is None or m["id"] in seated[sub["id"]])]
        if status != "planned":
            for m in roster:
                attendance.append(_row(meeting_id=meeting["id"], member_id=m["id"], member_name=m["name"],
                                       status=rng.choices(("present", "absent", "excused"), (7, 2, 1))[0], note=""))
        for g in range(2):
            guests.append(_row(meeting_id=meeting["id"], seq=g + 1, name=f"공무원{g}", affiliation="햇살면",
                               position="주무관", kind="official"))
        for seq, item_kind in enumerate(("report", "resolution", "resolution", "discussion"), start=1):
            decided = item_kind == "resolution" and status != "planned"
            item = _row(meeting_id=meeting["id"], seq=seq, kind=item_kind, title=f"안건 {seq}: 사업 계획(안)",
                        proposer="간사", explanation="1. 내용\n가. 세부", discussion="", result="passed" if decided else None,
                        result_note="", votes_yes=len(roster) // 2 + 1 if decided else None,
                        votes_no=0 if decided else None, votes_abstain=0 if decided else None, casting_vote=None)
            items.append(item)
            if item_kind == "resolution":
                for m in rng.sample(roster, 2):
                    recusals.append(_row(item_id=item["id"], member_id=m["id"], reason="이해관계"))
                for a in range(2):
                    due = held_on + timedelta(days=60 + 30 * a)
                    actions.append(_row(item_id=item["id"], meeting_id=meeting["id"], what=f"후속조치 {a + 1}",
                                        owner="간사", owner_member_id=None, due_on=due,
                                        status="open" if k % 4 == 0 or due > TODAY else "done",
                                        done_on=None if k % 4 == 0 or due > TODAY else due, progress_note=""))

    with db.uow() as uow:
        session = uow.session
        for model, rows in ((Member, members), (MemberTerm, terms), (Subcommittee, subs),
                            (SubcommitteeMembership, seats), (Meeting, meetings), (MeetingAttendance, attendance),
                            (MeetingGuest, guests), (AgendaItem, items), (AgendaRecusal, recusals),
                            (ActionItem, actions)):
            for start in range(0, len(rows), 20_000):
                session.execute(insert(model.__table__), rows[start:start + 20_000])
        for meeting in meetings:
            if meeting["status"] == "approved":
                content = minutes_content(session, meeting["id"])
                session.execute(insert(MinutesVersion.__table__), [_row(
                    meeting_id=meeting["id"], version=1, approved_on=meeting["minutes_approved_on"],
                    approved_by="위원장", content_hash=content_hash(content), content=canonical_json(content))])
        uow.commit()
    approved = max((m for m in meetings if m["status"] == "approved" and m["kind"] != "subcommittee"),
                   key=lambda m: sum(1 for a in attendance if a["meeting_id"] == m["id"]))
    return {"approved": approved["id"],
            "held": next(m["id"] for m in meetings if m["status"] == "held" and m["kind"] != "subcommittee"),
            "planned": next(m["id"] for m in meetings if m["status"] == "planned"),
            "attendance_rows": str(len(attendance))}


class Timing:
    """Best wall-clock and best CPU time of a few runs. The CPU time is what an idle PC
    would take (queries run in this process); the wall clock also counts waiting for a
    busy machine's cores."""

    def __init__(self, walls: list[float], cpus: list[float]) -> None:
        self.wall, self.cpu = min(walls), min(cpus)

    def ms(self) -> str:
        return f"{self.wall * 1000:.0f} ms (CPU {self.cpu * 1000:.0f} ms)"


def best_of(runs: int, work: Callable[[], object]) -> tuple[Timing, object]:
    walls, cpus, result = [], [], None
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        result = work()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return Timing(walls, cpus), result


def tab_refresh_as_today(db) -> int:  # type: ignore[no-untyped-def]
    """What ``MeetingsTab.refresh`` calls today: the list twice, ``get_meeting`` per row,
    and the overdue follow-ups for the banner."""
    everything = list_meetings(db.uow(), TODAY)
    rows = [(s, get_meeting(db.uow(), s.id, TODAY).quorum) for s in list_meetings(db.uow(), TODAY, "all")]
    list_action_items(db.uow(), TODAY, status="overdue")
    return len(everything) + len(rows)


def click_as_today(db, meeting_id: str) -> object:  # type: ignore[no-untyped-def]
    """What ``MeetingsTab.load_detail`` calls today on a click."""
    detail = get_meeting(db.uow(), meeting_id, TODAY)
    list_action_items(db.uow(), TODAY, status="all", meeting_id=meeting_id)
    if detail.meeting.status == "approved":
        assert verify_minutes(db.uow(), meeting_id).intact
    return detail


def own_statements(db, call: Callable[[], object]) -> list[tuple[str, object]]:  # type: ignore[no-untyped-def]
    """The SELECT statements ``call`` sends to the database, with their parameters."""
    seen: list[tuple[str, object]] = []

    def record(_conn, _cursor, statement, parameters, _context, _many) -> None:  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        call()
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    return seen


def run_raw(db, statements: list[tuple[str, object]]) -> int:  # type: ignore[no-untyped-def]
    """Those statements straight on the driver, every row fetched (no conversion, no objects)."""
    conn = db.engine.raw_connection()
    try:
        cursor = conn.cursor()
        rows = sum(len(cursor.execute(statement, parameters).fetchall()) for statement, parameters in statements)
        cursor.close()
    finally:
        conn.close()
    return rows


def raw_member_rows(db) -> int:  # type: ignore[no-untyped-def]
    """Every column of the members, terms and seats, straight from the driver (the baseline
    measured before ``list_members`` read plain rows)."""
    conn = db.engine.raw_connection()
    try:
        cursor = conn.cursor()
        members = cursor.execute("SELECT * FROM member WHERE deleted_at IS NULL").fetchall()
        terms = cursor.execute("SELECT * FROM member_term").fetchall()
        seats = cursor.execute(
            "SELECT s.member_id, c.name FROM subcommittee_membership s JOIN subcommittee c ON c.id = s.subcommittee_id"
            " WHERE s.deleted_at IS NULL AND c.deleted_at IS NULL").fetchall()
        cursor.close()
    finally:
        conn.close()
    return len(members) + len(terms) + len(seats)


def test_meetings_tab_with_5000_members(db, capsys) -> None:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    ids = build(db)
    build_s = time.perf_counter() - start

    list_s, _ = best_of(3, lambda: list_meetings(db.uow(), TODAY))
    new_list_s, listing = best_of(3, lambda: load_meeting_list(db.uow(), TODAY, "all", None, "사업"))
    assert len(listing.rows) == MEETINGS and listing.overdue
    search_s, found = best_of(3, lambda: match_meetings(db.uow(), TODAY, "정기 사업", "all"))
    assert found
    refresh_s, count = best_of(1, lambda: tab_refresh_as_today(db))
    assert count == 2 * MEETINGS
    clicks, pages = {}, {}
    for which in ("approved", "held", "planned"):
        clicks[which], detail = best_of(3, lambda: click_as_today(db, ids[which]))
        pages[which], page = best_of(3, lambda: load_meeting_page(db.uow(), ids[which], TODAY))
        assert page.detail == detail and (page.integrity is None or page.integrity.intact)
    members_s, views = best_of(3, lambda: list_members(db.uow(), TODAY))
    assert len(views) == MEMBERS
    raw_s, _ = best_of(3, lambda: raw_member_rows(db))
    statements = own_statements(db, lambda: list_members(db.uow(), TODAY))
    own_s, _ = best_of(3, lambda: run_raw(db, statements))

    with capsys.disabled():
        print(f"\n{MEMBERS:,} members, {MEETINGS} meetings, {int(ids['attendance_rows']):,} attendance rows "
              f"(built in {build_s:.1f} s)")
        print(f"list_meetings: {list_s.ms()}")
        print(f"meetings tab list, load_meeting_list (rows with live counts, years, overdue, search): "
              f"{new_list_s.ms()} (target <= 500 ms)")
        print(f"  a search keystroke, match_meetings: {search_s.ms()}")
        print(f"  the same as the tab calls it today (list x2, get_meeting per row, overdue): "
              f"{refresh_s.wall:.2f} s (CPU {refresh_s.cpu:.2f} s)")
        for which in clicks:
            roster = len(load_meeting_page(db.uow(), ids[which], TODAY).detail.roster)
            print(f"click on a {which} meeting ({roster:,} on its roster), load_meeting_page: "
                  f"{pages[which].ms()} (target <= 100 ms); as today (get_meeting, "
                  f"list_action_items, verify_minutes): {clicks[which].ms()}")
        print(f"list_members of {MEMBERS:,} (views built, access log written): {members_s.ms()}")
        print(f"  its own {len(statements)} SELECTs raw on the driver: {own_s.ms()}; ratio "
              f"{members_s.wall / own_s.wall:.1f}x, CPU {members_s.cpu / own_s.cpu:.1f}x (target <= 2x)")
        print(f"  every column of members, terms and seats raw: {raw_s.ms()}; ratio "
              f"{members_s.wall / raw_s.wall:.1f}x, CPU {members_s.cpu / raw_s.cpu:.1f}x")
