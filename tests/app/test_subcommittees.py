"""Subcommittees (실무분과) against a real temporary database: create, rename, close,
reopen, delete, leads and seats, and refusals that change nothing."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app import members as m
from app import subcommittees as s
from app.errors import AppError, InputRefused, NotFound, ValidationFailed
from app.members import TermData
from app.subcommittees import SubcommitteeData
from db.base import Base
from db.models import Subcommittee, SubcommitteeMembership
from tests.conftest import TODAY, member_data


def dump(db) -> dict[str, list[tuple]]:
    with db.engine.connect() as conn:
        return {t.name: sorted(map(tuple, conn.execute(select(t)).all()), key=repr) for t in Base.metadata.sorted_tables}


def refused(db, call, error=AppError):
    before = dump(db)
    with pytest.raises(error) as info:
        call()
    assert dump(db) == before
    return info.value


def add(db, name, start=date(2025, 1, 1), end=date(2026, 12, 31), today=TODAY, **fields):
    fields.setdefault("birth_date", date(1960, 1, 1) + timedelta(days=sum(map(ord, name)) % 5000))
    fields.setdefault("phone", "")
    return m.add_member(db.uow(), member_data(name, **fields), TermData(start, end), today)


def create(db, name="노인분과", **fields):
    fields.setdefault("founded_on", date(2025, 1, 1))
    return s.create_subcommittee(db.uow(), SubcommitteeData(name, **fields), TODAY)


def test_create_subcommittee_with_lead_gives_the_lead_a_seat(db):
    lead = add(db, "홍길동")
    view = create(db, " 노인  분과 ", description=" 안부 확인 ", service_areas=("health", "welfare", "nonsense"),
                  lead_member_id=lead.id)
    assert view.name == "노인 분과" and view.description == "안부 확인"
    assert view.service_areas == ("welfare", "health")  # known codes, in the fixed order
    assert view.service_area_labels() == "복지, 보건"
    assert view.lead_name == "홍길동"
    assert [(x.member_name, x.is_lead, x.joined_on) for x in view.seats] == [("홍길동", True, date(2025, 1, 1))]
    assert view.active_count == 1


def test_lead_seat_starts_when_the_lead_took_office(db):
    lead = add(db, "홍길동", start=date(2025, 6, 1), end=date(2027, 5, 31))
    view = create(db, founded_on=date(2025, 1, 1), lead_member_id=lead.id)
    assert view.seats[0].joined_on == date(2025, 6, 1)


def test_lead_seat_counts_continuous_service_across_reappointment(db):
    lead = add(db, "홍길동", start=date(2023, 1, 1), end=date(2024, 12, 31), today=date(2023, 1, 1))
    m.reappoint_member(db.uow(), lead.id, TermData(date(2025, 1, 1), date(2026, 12, 31)), TODAY)
    view = create(db, founded_on=date(2024, 3, 1), lead_member_id=lead.id)
    assert view.seats[0].joined_on == date(2024, 3, 1)


def test_founded_on_defaults_to_today(db):
    assert s.create_subcommittee(db.uow(), SubcommitteeData("보건분과"), TODAY).founded_on == TODAY


@pytest.mark.parametrize(("data", "expected"), [
    (SubcommitteeData(""), ("name", "required")),
    (SubcommitteeData("가" * 51), ("name", "too_long")),
    (SubcommitteeData("분과", founded_on=TODAY + timedelta(days=1)), ("founded_on", "future_date")),
])
def test_invalid_subcommittee_is_refused(db, data, expected):
    error = refused(db, lambda: s.create_subcommittee(db.uow(), data, TODAY), ValidationFailed)
    assert expected in {(e.field, e.code) for e in error.errors}


def test_duplicate_name_is_refused_on_create_and_rename(db):
    create(db, "노인분과")
    other = create(db, "보건분과")
    error = refused(db, lambda: create(db, "노인분과"), InputRefused)
    assert error.code == "duplicate_subcommittee"
    assert error.message("ko") == "같은 이름의 분과 '노인분과'가 이미 있습니다."
    refused(db, lambda: s.update_subcommittee(db.uow(), other.id, SubcommitteeData("노인분과"), TODAY), InputRefused)


def test_rename_keeps_seats(db):
    member = add(db, "홍길동")
    view = create(db)
    s.add_seat(db.uow(), view.id, member.id, date(2025, 2, 1), TODAY)
    renamed = s.update_subcommittee(db.uow(), view.id, SubcommitteeData("어르신분과", service_areas=("health",)), TODAY)
    assert renamed.name == "어르신분과" and renamed.service_areas == ("health",)
    assert [x.member_name for x in renamed.seats] == ["홍길동"]
    assert renamed.founded_on == date(2025, 1, 1)  # kept when not given
    assert m.get_member(db.uow(), member.id, TODAY).subcommittees == ("어르신분과",)


def test_rename_works_when_the_lead_has_left_office(db):
    lead = add(db, "홍길동", start=date(2023, 1, 1), end=date(2024, 12, 31), today=date(2023, 1, 1))
    view = s.create_subcommittee(db.uow(), SubcommitteeData("노인분과", lead_member_id=lead.id,
                                                            founded_on=date(2023, 2, 1)), date(2023, 2, 1))
    renamed = s.update_subcommittee(db.uow(), view.id, SubcommitteeData("어르신분과", lead_member_id=lead.id), TODAY)
    assert renamed.name == "어르신분과"


def test_new_lead_must_be_in_office_and_gets_a_seat(db):
    gone = add(db, "예전위원", start=date(2020, 1, 1), end=date(2021, 12, 31), today=date(2020, 1, 1))
    lead = add(db, "홍길동")
    view = create(db)
    error = refused(db, lambda: s.update_subcommittee(db.uow(), view.id,
                                                      SubcommitteeData("노인분과", lead_member_id=gone.id), TODAY),
                    InputRefused)
    assert error.code == "member_not_in_office"
    changed = s.update_subcommittee(db.uow(), view.id, SubcommitteeData("노인분과", lead_member_id=lead.id), TODAY)
    assert changed.lead_name == "홍길동"
    assert [(x.member_name, x.joined_on, x.is_lead) for x in changed.seats] == [("홍길동", TODAY, True)]
    # Choosing the same lead again adds no second seat.
    again = s.update_subcommittee(db.uow(), view.id, SubcommitteeData("노인분과", lead_member_id=lead.id), TODAY)
    assert len(again.seats) == 1


def test_member_may_sit_on_several_subcommittees(db):
    member = add(db, "홍길동")
    first, second = create(db, "노인분과"), create(db, "보건분과")
    s.add_seat(db.uow(), first.id, member.id, date(2025, 2, 1), TODAY)
    s.add_seat(db.uow(), second.id, member.id, date(2025, 3, 1), TODAY)
    assert m.get_member(db.uow(), member.id, TODAY).subcommittees == ("노인분과", "보건분과")
    error = refused(db, lambda: s.add_seat(db.uow(), first.id, member.id, date(2025, 4, 1), TODAY), InputRefused)
    assert error.code == "already_in_subcommittee"


@pytest.mark.parametrize("joined", [date(2024, 12, 31), date(2027, 1, 1)])
def test_seat_for_member_not_in_office_is_refused(db, joined):
    member = add(db, "홍길동")
    view = create(db)
    error = refused(db, lambda: s.add_seat(db.uow(), view.id, member.id, joined, TODAY), InputRefused)
    assert error.code == "member_not_in_office"
    assert joined.isoformat() in error.message("ko")


def test_seat_refusals_for_missing_and_closed(db):
    member = add(db, "홍길동")
    view = create(db)
    refused(db, lambda: s.add_seat(db.uow(), "missing", member.id, TODAY, TODAY), NotFound)
    refused(db, lambda: s.add_seat(db.uow(), view.id, "missing", TODAY, TODAY), NotFound)
    s.close_subcommittee(db.uow(), view.id, date(2026, 6, 30), TODAY)
    error = refused(db, lambda: s.add_seat(db.uow(), view.id, member.id, TODAY, TODAY), InputRefused)
    assert error.code == "subcommittee_closed"


def test_end_seat(db):
    member = add(db, "홍길동")
    lead = add(db, "김분과장")
    view = create(db, lead_member_id=lead.id)
    s.add_seat(db.uow(), view.id, member.id, date(2025, 2, 1), TODAY)
    error = refused(db, lambda: s.end_seat(db.uow(), view.id, member.id, date(2025, 1, 31), TODAY), ValidationFailed)
    assert ("left_on", "end_before_start") in {(e.field, e.code) for e in error.errors}
    after = s.end_seat(db.uow(), view.id, member.id, date(2026, 1, 1), TODAY)
    seat = next(x for x in after.seats if x.member_id == member.id)
    assert seat.left_on == date(2026, 1, 1)
    assert seat.active_on(date(2025, 12, 31)) and not seat.active_on(date(2026, 1, 1))
    assert refused(db, lambda: s.end_seat(db.uow(), view.id, member.id, TODAY, TODAY), InputRefused).code == \
        "not_in_subcommittee"
    # Ending the lead's seat leaves the subcommittee without a lead.
    assert s.end_seat(db.uow(), view.id, lead.id, TODAY, TODAY).lead_member_id is None
    # A member who left may join again later: a new seat, history kept.
    again = s.add_seat(db.uow(), view.id, member.id, date(2026, 3, 1), TODAY)
    assert sorted((x.joined_on, x.left_on) for x in again.seats if x.member_id == member.id) == [
        (date(2025, 2, 1), date(2026, 1, 1)), (date(2026, 3, 1), None)]


def test_close_ends_open_seats_and_reopen(db):
    a, b = add(db, "가위원"), add(db, "나위원")
    view = create(db, lead_member_id=a.id)
    s.add_seat(db.uow(), view.id, b.id, date(2025, 2, 1), TODAY)
    s.end_seat(db.uow(), view.id, b.id, date(2025, 5, 1), TODAY)
    closed = s.close_subcommittee(db.uow(), view.id, date(2026, 6, 30), TODAY)
    assert closed.is_closed and closed.active_count == 0
    assert {x.member_name: x.left_on for x in closed.seats} == {"가위원": date(2026, 6, 30), "나위원": date(2025, 5, 1)}
    assert refused(db, lambda: s.close_subcommittee(db.uow(), view.id, TODAY, TODAY), InputRefused).code == \
        "subcommittee_closed"
    assert [v.name for v in s.list_subcommittees(db.uow(), TODAY, include_closed=False)] == []
    assert m.get_member(db.uow(), a.id, TODAY).subcommittees == ()

    reopened = s.reopen_subcommittee(db.uow(), view.id, TODAY)
    assert not reopened.is_closed
    assert reopened.active_count == 0  # seats are not silently revived
    assert s.add_seat(db.uow(), view.id, b.id, TODAY, TODAY).active_count == 1


def test_list_orders_open_before_closed(db):
    create(db, "하분과")
    old = create(db, "가분과")
    s.close_subcommittee(db.uow(), old.id, date(2025, 6, 1), TODAY)
    create(db, "나분과")
    assert [(v.name, v.is_closed) for v in s.list_subcommittees(db.uow(), TODAY)] == [
        ("나분과", False), ("하분과", False), ("가분과", True)]


def test_delete_is_a_tombstone(db):
    member = add(db, "홍길동")
    view = create(db, lead_member_id=member.id)
    s.delete_subcommittee(db.uow(), view.id)
    assert s.list_subcommittees(db.uow(), TODAY) == []
    assert refused(db, lambda: s.get_subcommittee(db.uow(), view.id, TODAY), NotFound).code == "subcommittee_not_found"
    refused(db, lambda: s.delete_subcommittee(db.uow(), view.id), NotFound)
    with db.uow() as uow:
        row = uow.session.get(Subcommittee, view.id)
        assert row is not None and row.deleted_at is not None
        assert all(seat.deleted_at == row.deleted_at for seat in uow.session.scalars(select(SubcommitteeMembership)))
    assert m.get_member(db.uow(), member.id, TODAY).subcommittees == ()
    # The name is free again.
    assert create(db).name == "노인분과"


def test_roster_per_subcommittee(db):
    lead, a, b, c = (add(db, n) for n in ("김분과장", "가위원", "나위원", "다위원"))
    view = create(db, lead_member_id=lead.id)
    other = create(db, "보건분과")
    for member in (a, b):
        s.add_seat(db.uow(), view.id, member.id, date(2025, 2, 1), TODAY)
    s.add_seat(db.uow(), other.id, c.id, date(2025, 2, 1), TODAY)
    s.end_seat(db.uow(), view.id, a.id, date(2026, 1, 1), TODAY)
    roster = s.get_subcommittee(db.uow(), view.id, TODAY)
    # lead first, then sitting members, then those who left
    assert [x.member_name for x in roster.seats] == ["김분과장", "나위원", "가위원"]
    assert roster.active_count == 2
    assert [x.member_name for x in s.get_subcommittee(db.uow(), other.id, TODAY).seats] == ["다위원"]
    # As of an earlier day, the one who left still counted.
    assert s.get_subcommittee(db.uow(), view.id, date(2025, 12, 31)).active_count == 3
