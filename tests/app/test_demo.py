"""The demo council: realistic history relative to today, coherent seats, deterministic."""
from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from app import members as m
from app import subcommittees as s
from app.demo import PEOPLE, build_demo
from tests.conftest import TODAY, make_database


def snapshot(db, today: date) -> tuple:
    """Everything a user sees, without ids and timestamps."""
    people = tuple(
        (v.name, v.sex, v.birth_date, v.phone, v.role, v.kind, v.category, v.status, v.subcommittees,
         tuple((t.start_on, t.end_on, t.ended_on, t.end_reason) for t in v.terms))
        for v in m.list_members(db.uow(), today))
    subs = tuple(
        (v.name, v.lead_name, v.founded_on, v.closed_on,
         tuple((x.member_name, x.joined_on, x.left_on) for x in v.seats))
        for v in s.list_subcommittees(db.uow(), today))
    return people, subs


def test_demo_has_about_25_members_with_histories(demo_db):
    views = m.list_members(demo_db.uow(), TODAY)
    assert 20 <= len(views) <= 30 and len(views) == len(PEOPLE)
    statuses = Counter(v.status for v in views)
    assert statuses["active"] >= 15
    assert statuses["dismissed"] >= 1 and statuses["resigned"] >= 1 and statuses["expired"] >= 1
    assert sum(1 for v in views if v.reappointments > 0) >= 5
    assert {v.kind for v in views} == {"ex_officio", "appointed"}
    assert Counter(v.role for v in views if v.is_active)["co_chair_public"] == 1
    assert Counter(v.role for v in views if v.is_active)["co_chair_private"] == 1
    assert {v.sex for v in views} == {"M", "F"}


def test_demo_warns_about_terms_ending_soon(demo_db):
    summary = m.roster_summary(demo_db.uow(), TODAY)
    ending = [w for w in summary.warnings if w.kind == "term_ending"]
    assert ending and all(0 <= w.days_left <= 60 for w in ending)
    assert not [w for w in summary.warnings if w.kind == "too_few_members"]
    assert summary.active == sum(summary.by_sex.values()) == sum(summary.by_category.values())


def test_demo_subcommittees(demo_db):
    subs = s.list_subcommittees(demo_db.uow(), TODAY)
    open_subs = [v for v in subs if not v.is_closed]
    assert 4 <= len(open_subs) <= 5
    assert len([v for v in subs if v.is_closed]) == 1
    for view in open_subs:
        assert view.lead_name and view.active_count >= 3
        lead_seat = view.seats[0]
        assert lead_seat.is_lead and lead_seat.active_on(TODAY)
    closed = next(v for v in subs if v.is_closed)
    assert closed.active_count == 0 and all(x.left_on == closed.closed_on for x in closed.seats)


def test_demo_seats_end_when_members_leave_office(demo_db):
    members = {v.id: v for v in m.list_members(demo_db.uow(), TODAY)}
    for sub in s.list_subcommittees(demo_db.uow(), TODAY):
        for seat in sub.seats:
            member = members[seat.member_id]
            # Seated only while in office: on the day of joining and on the last seated day.
            assert member.in_office_on(seat.joined_on), (sub.name, member.name)
            last_seated = (seat.left_on - timedelta(days=1)) if seat.left_on else TODAY
            assert member.in_office_on(last_seated), (sub.name, member.name, seat.left_on)
            if not member.is_active:
                assert seat.left_on is not None and seat.left_on <= TODAY, (sub.name, member.name)
    # Someone who left office is not listed as sitting anywhere.
    assert all(v.subcommittees == () for v in members.values() if not v.is_active)


def test_demo_is_deterministic_for_a_given_today(tmp_path):
    def build(name: str, today: date):
        db = make_database(tmp_path / name)
        try:
            build_demo(db, today)
            return snapshot(db, today)
        finally:
            db.dispose()

    first = build("a.db", TODAY)
    assert build("b.db", TODAY) == first
    other = build("c.db", date(2027, 5, 1))
    assert other != first
    assert len(other[0]) == len(first[0])


def test_demo_works_on_a_leap_day(tmp_path):
    db = make_database(tmp_path / "leap.db")
    try:
        build_demo(db, date(2028, 2, 29))
        assert len(m.list_members(db.uow(), date(2028, 2, 29))) == len(PEOPLE)
    finally:
        db.dispose()
