"""Meetings, attendance and agenda items through the services, on a real temp database:
numbering, the roster on the meeting date, live quorum, results checked against the
attendance, recusals, ties under both settings, lists and search. Every refusal leaves
the database exactly as it was."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import select

from app.errors import AppError, ValidationFailed
from app.meetings.agenda import (
    ItemData, ResultData, add_agenda_item, delete_agenda_item, move_agenda_item, record_result, set_recusals,
)
from app.meetings.meetings import (
    AttendanceEntry, GuestData, add_guest, create_meeting, delete_meeting, get_meeting, list_meetings,
    mark_meeting_held, meeting_roster, record_attendance, update_meeting,
)
from app.meetings.settings import get_meeting_settings, update_meeting_settings
from app.subcommittees import SubcommitteeData, add_seat, create_subcommittee
from db.base import Base
from tests.app.meeting_support import (
    TODAY, Council, attend, make_council, meeting_data, new_meeting, resolution,
)


@pytest.fixture
def council(db) -> Council:
    return make_council(db)


def dump(db) -> dict[str, list[tuple]]:
    with db.engine.connect() as conn:
        return {t.name: sorted(map(tuple, conn.execute(select(t)).all()), key=repr)
                for t in Base.metadata.sorted_tables}


def refused_unchanged(db, code: str, call, *args, **kwargs) -> AppError:
    before = dump(db)
    with pytest.raises(AppError) as info:
        call(*args, **kwargs)
    assert info.value.code == code, (info.value.code, info.value.message("ko"))
    assert dump(db) == before, "a refused call changed the database"
    message = info.value.message("ko")
    assert message and "{" not in message and message != code
    return info.value


# ---------------------------------------------------------------- calling

def test_meetings_are_numbered_per_year_and_series(council):
    first = create_meeting(council.db.uow(), meeting_data(), TODAY)
    second = create_meeting(council.db.uow(), meeting_data(date(2026, 6, 9)), TODAY)
    extra = create_meeting(council.db.uow(), meeting_data(date(2026, 4, 7), kind="extraordinary"), TODAY)
    next_year = create_meeting(council.db.uow(), meeting_data(date(2025, 12, 9)), TODAY)
    assert [first.meeting.label, second.meeting.label, extra.meeting.label, next_year.meeting.label] == [
        "2026년 제1차 정기회의", "2026년 제2차 정기회의", "2026년 제1차 임시회의", "2025년 제1차 정기회의"]
    assert first.meeting.full_name("햇살면 지역사회보장협의체") == "2026년 제1차 햇살면 지역사회보장협의체 정기회의"
    assert first.meeting.status == "planned" and first.meeting.when_text == "2026. 3. 10.(화) 14:00"
    refused_unchanged(council.db, "duplicate_meeting_number", create_meeting, council.db.uow(),
                      meeting_data(date(2026, 9, 8), number=2), TODAY)


def test_a_meeting_before_the_members_exist_is_refused(council):
    error = refused_unchanged(council.db, "meeting_before_members", create_meeting, council.db.uow(),
                              meeting_data(date(2024, 12, 3)), TODAY)
    assert "2024. 12. 3." in error.message("ko") and "2025. 1. 1." in error.message("ko")


def test_empty_database_refuses_any_meeting(db):
    refused_unchanged(db, "meeting_before_members", create_meeting, db.uow(), meeting_data(), TODAY)


def test_bad_meeting_input_is_listed_field_by_field(council):
    with pytest.raises(ValidationFailed) as info:
        create_meeting(council.db.uow(), meeting_data(start_time="25:61", place="", kind="monthly",
                                                      notice_on=date(2026, 3, 20)), TODAY)
    fields = {e.field for e in info.value.errors}
    assert fields == {"start_time", "place", "kind", "notice_on"}
    assert "14:30처럼" in info.value.message("ko")


def test_members_request_needs_a_third_of_the_enrolled(council):
    refused_unchanged(council.db, "request_too_few", create_meeting, council.db.uow(),
                      meeting_data(called_by="members_request", requested_by_count=3), TODAY)
    ok = create_meeting(council.db.uow(), meeting_data(called_by="members_request", requested_by_count=4), TODAY)
    assert ok.meeting.called_by == "members_request"


def test_short_notice_warns_unless_urgent_and_follows_the_setting(council):
    short = create_meeting(council.db.uow(), meeting_data(notice_on=date(2026, 3, 7)), TODAY)
    assert short.notice_warning.kind == "short" and short.notice_warning.days_given == 3
    urgent = create_meeting(council.db.uow(), meeting_data(date(2026, 4, 7), kind="extraordinary",
                                                           notice_on=date(2026, 4, 6), urgent=True), TODAY)
    assert urgent.notice_warning is None
    update_meeting_settings(council.db.uow(), notice_days=3)
    assert get_meeting(council.db.uow(), short.meeting.id, TODAY).notice_warning is None
    assert get_meeting_settings(council.db.uow()).notice_days == 3
    with pytest.raises(ValidationFailed):
        update_meeting_settings(council.db.uow(), tie_rule="coin_toss")


# ---------------------------------------------------------------- roster and attendance

def test_roster_is_the_members_in_office_on_the_meeting_date(council):
    march = new_meeting(council)
    roster = meeting_roster(council.db.uow(), march)
    ids = [r.member_id for r in roster]
    assert ids == council.members  # co-chairs first, secretary last
    assert council.late not in ids  # appointed after the meeting
    assert council.gone not in ids  # dismissed before it
    # A meeting after the late member's appointment has them; a meeting in January still
    # had the member who resigned in February.
    july = new_meeting(council, held_on=date(2026, 7, 7))
    assert council.late in {r.member_id for r in meeting_roster(council.db.uow(), july)}
    january = new_meeting(council, held_on=date(2026, 1, 13))
    assert council.gone in {r.member_id for r in meeting_roster(council.db.uow(), january)}


def test_attendance_for_someone_not_in_office_is_refused(council):
    meeting = new_meeting(council)
    for outsider, name in ((council.late, "늦은위원"), (council.gone, "떠난위원")):
        error = refused_unchanged(council.db, "not_on_meeting_roster", record_attendance, council.db.uow(), meeting,
                                  [AttendanceEntry(council.members[0], "present"), AttendanceEntry(outsider, "present")],
                                  TODAY)
        assert name in error.message("ko") and "2026. 3. 10." in error.message("ko")


def test_quorum_is_computed_live_from_attendance(council):
    meeting = new_meeting(council)
    detail = get_meeting(council.db.uow(), meeting, TODAY)
    assert (detail.quorum.enrolled, detail.quorum.present, detail.quorum.unrecorded) == (10, 0, 10)
    attend(council, meeting, present=5, excused=2)
    q = get_meeting(council.db.uow(), meeting, TODAY).quorum
    assert (q.present, q.excused, q.absent, q.needed, q.met) == (5, 2, 3, 6, False)
    record_attendance(council.db.uow(), meeting, {council.members[5]: "present"}, TODAY)
    q = get_meeting(council.db.uow(), meeting, TODAY).quorum
    assert (q.present, q.excused, q.met, q.rate) == (6, 1, True, 60.0)


def test_attendance_for_a_future_meeting_is_refused(council):
    meeting = new_meeting(council, held_on=date(2026, 12, 8))
    refused_unchanged(council.db, "meeting_in_future", record_attendance, council.db.uow(), meeting,
                      {council.members[0]: "present"}, TODAY)


def test_rescheduling_past_a_recorded_members_term_is_refused(council):
    meeting = new_meeting(council, held_on=date(2026, 1, 13))
    record_attendance(council.db.uow(), meeting, {council.gone: "present"}, TODAY)
    error = refused_unchanged(council.db, "reschedule_conflicts_attendance", update_meeting, council.db.uow(),
                              meeting, meeting_data(date(2026, 3, 10)), TODAY)
    assert "떠난위원" in error.message("ko")


def test_subcommittee_meeting_roster_is_its_seats_on_that_date(council):
    db = council.db
    sub = create_subcommittee(db.uow(), SubcommitteeData("노인분과", founded_on=date(2025, 1, 1)), TODAY)
    for member_id in council.members[2:5]:
        add_seat(db.uow(), sub.id, member_id, date(2025, 2, 1), TODAY)
    detail = create_meeting(db.uow(), meeting_data(kind="subcommittee", subcommittee_id=sub.id), TODAY)
    assert detail.meeting.label == "2026년 제1차 노인분과 회의"
    assert [r.member_id for r in detail.roster] == council.members[2:5]
    error = refused_unchanged(db, "not_subcommittee_member_on", record_attendance, db.uow(), detail.meeting.id,
                              {council.members[0]: "present"}, TODAY)
    assert "노인분과" in error.message("ko")
    refused_unchanged(db, "subcommittee_not_active_on", create_meeting, db.uow(),
                      meeting_data(date(2024, 6, 4), kind="subcommittee", subcommittee_id=sub.id), TODAY)


# ---------------------------------------------------------------- results

def test_decision_without_quorum_is_refused_and_deferral_allowed(council):
    meeting = new_meeting(council)
    attend(council, meeting, present=5)
    item = resolution(council, meeting)
    error = refused_unchanged(council.db, "no_quorum", record_result, council.db.uow(), item,
                              ResultData("passed", 5, 0, 0), TODAY)
    assert "재적 10명" in error.message("ko")
    view = record_result(council.db.uow(), item, ResultData("deferred"), TODAY)
    assert view.result_label == "보류"


def test_votes_that_do_not_add_up_are_refused(council):
    meeting = new_meeting(council)
    attend(council, meeting, present=7)
    item = resolution(council, meeting)
    refused_unchanged(council.db, "votes_exceed_present", record_result, council.db.uow(), item,
                      ResultData("passed", 6, 1, 1), TODAY)
    refused_unchanged(council.db, "not_majority", record_result, council.db.uow(), item,
                      ResultData("passed", 3, 2, 2), TODAY)
    refused_unchanged(council.db, "votes_required", record_result, council.db.uow(), item,
                      ResultData("passed"), TODAY)
    view = record_result(council.db.uow(), item, ResultData("amended", 5, 1, 1, note="예산 조정"), TODAY)
    assert (view.result_label, view.votes_text) == ("수정가결", "찬성 5, 반대 1, 기권 1")


def test_recused_members_are_left_out_of_the_count(council):
    meeting = new_meeting(council)
    attend(council, meeting, present=8)
    item = resolution(council, meeting)
    # Recusing someone not on the roster is refused.
    refused_unchanged(council.db, "not_on_meeting_roster", set_recusals, council.db.uow(), item,
                      [(council.late, "이해관계")], TODAY)
    set_recusals(council.db.uow(), item, [(council.members[3], "신청 기관 소속"), (council.members[4], "가족")], TODAY)
    # 8 present - 2 recused = 6 eligible: 7 votes are too many, 4 yes is a majority.
    refused_unchanged(council.db, "votes_exceed_present", record_result, council.db.uow(), item,
                      ResultData("passed", 5, 1, 1), TODAY)
    view = record_result(council.db.uow(), item, ResultData("passed", 4, 2, 0), TODAY)
    assert [r.reason for r in view.recusals] == ["신청 기관 소속", "가족"]
    # Lifting a recusal would make 4 of 7 still a majority; lifting both keeps it too, but
    # adding a third recusal leaves 5 eligible with 6 votes cast: refused.
    refused_unchanged(council.db, "attendance_breaks_result", set_recusals, council.db.uow(), item,
                      [(council.members[3], ""), (council.members[4], ""), (council.members[5], "")], TODAY)


def test_ties_follow_the_setting(council):
    meeting = new_meeting(council)
    attend(council, meeting, present=6)
    item = resolution(council, meeting)
    refused_unchanged(council.db, "tie_is_rejected", record_result, council.db.uow(), item,
                      ResultData("passed", 3, 3, 0), TODAY)
    assert record_result(council.db.uow(), item, ResultData("rejected", 3, 3, 0), TODAY).result == "rejected"
    update_meeting_settings(council.db.uow(), tie_rule="casting")
    # The recorded rejection has no casting vote: under the new setting it needs one.
    refused_unchanged(council.db, "tie_needs_casting_vote", record_result, council.db.uow(), item,
                      ResultData("passed", 3, 3, 0), TODAY)
    view = record_result(council.db.uow(), item, ResultData("passed", 3, 3, 0, casting_vote="yes"), TODAY)
    assert view.result == "passed" and "위원장이 '가'로 결정" in view.votes_text


def test_attendance_change_that_breaks_a_result_is_refused(council):
    meeting = new_meeting(council)
    attend(council, meeting, present=6)
    item = resolution(council, meeting)
    record_result(council.db.uow(), item, ResultData("passed", 6, 0, 0), TODAY)
    error = refused_unchanged(council.db, "attendance_breaks_result", record_attendance, council.db.uow(), meeting,
                              {council.members[0]: "absent"}, TODAY)
    assert "의안 제1호" in error.message("ko")


def test_reports_and_discussions_take_no_result(council):
    meeting = new_meeting(council)
    attend(council, meeting, present=8)
    item = add_agenda_item(council.db.uow(), meeting, ItemData("report", "활동 보고"), TODAY)
    refused_unchanged(council.db, "result_not_for_kind", record_result, council.db.uow(), item.id,
                      ResultData("passed", 8, 0, 0), TODAY)


# ---------------------------------------------------------------- items, guests, lists

def test_items_are_ordered_numbered_by_kind_and_renumbered(council):
    meeting = new_meeting(council)
    db = council.db
    a = add_agenda_item(db.uow(), meeting, ItemData("report", "가 보고"), TODAY)
    b = add_agenda_item(db.uow(), meeting, ItemData("resolution", "나 의안"), TODAY)
    c = add_agenda_item(db.uow(), meeting, ItemData("resolution", "다 의안"), TODAY)
    d = add_agenda_item(db.uow(), meeting, ItemData("discussion", "라 토의"), TODAY, position=1)
    items = get_meeting(db.uow(), meeting, TODAY).items
    assert [i.title for i in items] == ["라 토의", "가 보고", "나 의안", "다 의안"]
    assert [i.number_label for i in items] == ["토의 제1호", "보고 제1호", "의안 제1호", "의안 제2호"]
    items = move_agenda_item(db.uow(), c.id, 2, TODAY)
    assert [i.title for i in items] == ["라 토의", "다 의안", "가 보고", "나 의안"]
    items = delete_agenda_item(db.uow(), d.id, TODAY)
    assert [(i.seq, i.title) for i in items] == [(1, "다 의안"), (2, "가 보고"), (3, "나 의안")]
    assert {a.id, b.id} <= {i.id for i in items}
    with pytest.raises(ValidationFailed):
        add_agenda_item(db.uow(), meeting, ItemData("vote", ""), TODAY)


def test_guests_and_held_status(council):
    meeting = new_meeting(council)
    guests = add_guest(council.db.uow(), meeting, GuestData("박민수", "햇살군 희망복지지원단", "주무관"))
    assert [(g.name, g.kind) for g in guests] == [("박민수", "official")]
    refused_unchanged(council.db, "end_before_open", mark_meeting_held, council.db.uow(), meeting, "13:00", TODAY)
    detail = mark_meeting_held(council.db.uow(), meeting, "15:30", TODAY, other_business="다음 회의는 6월")
    assert (detail.meeting.status, detail.meeting.end_time) == ("held", "15:30")


def test_upcoming_and_past_lists_and_search(council):
    db = council.db
    past = new_meeting(council, place="햇살면 행정복지센터")
    add_agenda_item(db.uow(), past, ItemData("resolution", "따뜻한 밥상 사업계획(안)"), TODAY)
    soon = new_meeting(council, held_on=date(2026, 12, 1), notice_on=date(2026, 11, 30))
    later = new_meeting(council, held_on=date(2026, 12, 15), notice_on=date(2026, 12, 1))
    assert [m.id for m in list_meetings(db.uow(), TODAY, "upcoming")] == [soon, later]
    upcoming = list_meetings(db.uow(), TODAY, "upcoming")
    assert upcoming[0].notice_warning.kind == "short" and upcoming[1].notice_warning is None
    assert [m.id for m in list_meetings(db.uow(), TODAY, "past")] == [past]
    assert [m.id for m in list_meetings(db.uow(), TODAY, query="밥상")] == [past]
    assert [m.id for m in list_meetings(db.uow(), TODAY, query="제2차 정기")] == [soon]
    assert list_meetings(db.uow(), TODAY, query="없는말") == []


def test_delete_meeting_is_a_tombstone_and_refused_with_content(council):
    db = council.db
    empty = new_meeting(council, held_on=date(2026, 12, 8))
    delete_meeting(db.uow(), empty)
    assert empty not in {m.id for m in list_meetings(db.uow(), TODAY)}
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT deleted_at IS NOT NULL FROM meeting WHERE id = ?", (empty,)).scalar() == 1
    full = new_meeting(council)
    attend(council, full, present=6)
    refused_unchanged(db, "meeting_has_minutes_content", delete_meeting, db.uow(), full)


def test_update_meeting_keeps_the_number_and_renumbers_on_series_change(council):
    db = council.db
    first = new_meeting(council)
    second = create_meeting(db.uow(), meeting_data(date(2026, 6, 9)), TODAY)
    moved = update_meeting(db.uow(), second.meeting.id, replace(meeting_data(date(2026, 6, 16)), place="새 장소"), TODAY)
    assert (moved.meeting.number, moved.meeting.place) == (2, "새 장소")
    changed = update_meeting(db.uow(), second.meeting.id, meeting_data(date(2026, 6, 16), kind="extraordinary"), TODAY)
    assert changed.meeting.label == "2026년 제1차 임시회의"
    assert get_meeting(db.uow(), first, TODAY).meeting.number == 1
