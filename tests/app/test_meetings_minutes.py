"""Minutes: approval locks the record against every mutating service and against any
ORM write; corrections are addenda with their own versions; the content hash finds a
change made behind the services' back. Follow-ups live on across meetings."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.errors import AppError, InputRefused
from app.meetings import actions as act
from app.meetings import agenda, meetings, minutes
from app.meetings.attachments import add_attachment_bytes
from app.meetings.meetings import AttendanceEntry, GuestData
from app.meetings.settings import update_meeting_settings
from db.meeting_models import ActionItem, AgendaItem, AgendaRecusal, Meeting, MeetingAttendance, MinutesVersion
from tests.app.meeting_support import TODAY, Council, attend, make_council, meeting_data, new_meeting, resolution
from tests.app.test_meetings_services import dump, refused_unchanged


@pytest.fixture
def council(db) -> Council:
    return make_council(db)


@pytest.fixture
def approved(council):
    """A held meeting with attendance, 배석, a passed item with a recusal and a follow-up,
    approved on 2026. 6. 9."""
    db = council.db
    meeting = new_meeting(council)
    attend(council, meeting, present=8, excused=1)
    meetings.add_guest(db.uow(), meeting, GuestData("박민수", "햇살군", "주무관"))
    item = resolution(council, meeting)
    agenda.set_recusals(db.uow(), item, [(council.members[7], "가족")], TODAY)
    agenda.record_discussion(db.uow(), item, "예산을 확인함.", TODAY)
    agenda.record_result(db.uow(), item, agenda.ResultData("passed", 6, 1, 0), TODAY)
    action = act.add_action_item(db.uow(), item, act.ActionData("사업 공고", "간사", date(2026, 4, 10)), TODAY)
    meetings.mark_meeting_held(db.uow(), meeting, "15:30", TODAY)
    version = minutes.approve_minutes(db.uow(), meeting, "위원00", date(2026, 6, 9), TODAY)
    return {"meeting": meeting, "item": item, "action": action.id, "version": version}


def test_approval_records_who_when_and_a_hash(council, approved):
    version = approved["version"]
    assert (version.version, version.approved_by, version.approved_on) == (1, "위원00", date(2026, 6, 9))
    assert len(version.content_hash) == 64
    detail = meetings.get_meeting(council.db.uow(), approved["meeting"], TODAY)
    assert detail.meeting.status == "approved" and detail.meeting.is_locked
    assert detail.meeting.minutes_approved_by == "위원00"
    assert minutes.verify_minutes(council.db.uow(), approved["meeting"]).intact


def test_every_mutating_service_refuses_on_approved_minutes(council, approved):
    db = council.db
    m, item, action = approved["meeting"], approved["item"], approved["action"]
    member = council.members[0]
    calls = [
        (meetings.update_meeting, db.uow(), m, meeting_data(place="다른 곳"), TODAY),
        (meetings.mark_meeting_held, db.uow(), m, "16:00", TODAY),
        (meetings.update_minutes_text, db.uow(), m, TODAY),
        (meetings.delete_meeting, db.uow(), m),
        (meetings.record_attendance, db.uow(), m, [AttendanceEntry(member, "absent")], TODAY),
        (meetings.clear_attendance, db.uow(), m, member, TODAY),
        (meetings.add_guest, db.uow(), m, GuestData("새 손님")),
        (agenda.add_agenda_item, db.uow(), m, agenda.ItemData("report", "추가"), TODAY),
        (agenda.update_agenda_item, db.uow(), item, agenda.ItemData("resolution", "바꾼 제목"), TODAY),
        (agenda.record_discussion, db.uow(), item, "바꾼 토의", TODAY),
        (agenda.move_agenda_item, db.uow(), item, 1, TODAY),
        (agenda.delete_agenda_item, db.uow(), item, TODAY),
        (agenda.record_result, db.uow(), item, agenda.ResultData("rejected", 1, 6, 0), TODAY),
        (agenda.set_recusals, db.uow(), item, [], TODAY),
        (act.add_action_item, db.uow(), item, act.ActionData("새 조치"), TODAY),
        (act.update_action_item, db.uow(), action, act.ActionData("바꾼 조치"), TODAY),
        (act.add_follow_up_report, db.uow(), m, TODAY),
    ]
    guest_id = meetings.get_meeting(db.uow(), m, TODAY).guests[0].id
    calls.append((meetings.remove_guest, db.uow(), guest_id))
    for call, *args in calls:
        error = refused_unchanged(db, "minutes_locked", call, *args)
        assert "2026. 6. 9." in error.message("ko") and "정정" in error.message("ko"), call.__name__
    refused_unchanged(db, "minutes_already_approved", minutes.approve_minutes, db.uow(), m, "위원01",
                      date(2026, 6, 9), TODAY)
    assert minutes.verify_minutes(db.uow(), m).intact


@pytest.mark.parametrize("change", ["meeting", "attendance", "item", "recusal", "new_item", "action", "tombstone"])
def test_orm_writes_behind_the_services_are_refused_too(council, approved, change):
    """Anything built later on the ORM cannot edit approved minutes either."""
    db = council.db
    before = dump(db)
    with db.uow() as uow:
        s = uow.session
        if change == "meeting":
            s.get(Meeting, approved["meeting"]).place = "고친 장소"
        elif change == "attendance":
            s.scalars(select(MeetingAttendance)).first().status = "absent"
        elif change == "item":
            s.get(AgendaItem, approved["item"]).votes_yes = 7
        elif change == "recusal":
            s.scalars(select(AgendaRecusal)).first().reason = "다른 사유"
        elif change == "new_item":
            s.add(AgendaItem(meeting_id=approved["meeting"], seq=9, kind="report", title="몰래 추가"))
        elif change == "action":
            s.get(ActionItem, approved["action"]).what = "몰래 바꿈"
        elif change == "tombstone":
            from db.base import utc_now
            s.get(Meeting, approved["meeting"]).deleted_at = utc_now()
        with pytest.raises(InputRefused) as info:
            uow.commit()
    assert info.value.code == "minutes_record_locked" and "정정" in info.value.message("ko")
    assert dump(db) == before


def test_approved_versions_cannot_be_rewritten(council, approved):
    with council.db.uow() as uow:
        uow.session.scalars(select(MinutesVersion)).one().content_hash = "0" * 64
        with pytest.raises(InputRefused):
            uow.commit()


def test_follow_up_progress_and_attachments_stay_open_after_approval(council, approved):
    db = council.db
    done = act.set_action_status(db.uow(), approved["action"], "done", TODAY, date(2026, 7, 1), "공고 게시")
    assert (done.status, done.done_on, done.progress_note) == ("done", date(2026, 7, 1), "공고 게시")
    add_attachment_bytes(db.uow(), approved["meeting"], "출석부_서명.pdf", b"%PDF-1.4 signed", TODAY)
    assert minutes.verify_minutes(db.uow(), approved["meeting"]).intact  # progress is not the minutes


def test_addendum_records_who_when_why_and_makes_a_new_version(council, approved):
    db = council.db
    m = approved["meeting"]
    refused_unchanged(db, "minutes_not_approved", minutes.add_minutes_addendum, db.uow(), new_meeting(council,
                      held_on=date(2026, 9, 8)), "위원09", TODAY, "오기", "고침", TODAY)
    v2 = minutes.add_minutes_addendum(db.uow(), m, "위원09", date(2026, 7, 1), "찬성 수 오기",
                                      "의안 제1호 찬성 수는 6명이 아니라 6명(위원 1명 중도 퇴장 전)으로 정정", TODAY)
    assert (v2.version, v2.approved_by) == (2, "위원09")
    assert v2.content_hash != approved["version"].content_hash
    detail = meetings.get_meeting(db.uow(), m, TODAY)
    assert [(a.seq, a.made_by, a.reason) for a in detail.addenda] == [(1, "위원09", "찬성 수 오기")]
    assert [v.version for v in detail.versions] == [1, 2]
    assert detail.items[0].votes_yes == 6  # the approved text itself is untouched
    assert minutes.verify_minutes(db.uow(), m).intact and minutes.verify_minutes(db.uow(), m).version == 2
    with pytest.raises(AppError):
        minutes.add_minutes_addendum(db.uow(), m, "", date(2026, 7, 1), "사유", "내용", TODAY)


@pytest.mark.parametrize("sql, part", [
    ("UPDATE agenda_item SET votes_yes = 7", "items"),
    ("UPDATE meeting_attendance SET status = 'present' WHERE status = 'excused'", "attendance"),
    ("UPDATE meeting SET place = '딴 곳'", "meeting"),
    ("UPDATE action_item SET due_on = '2026-12-31'", "actions"),
])
def test_content_hash_detects_a_raw_sql_change(council, approved, sql, part):
    db = council.db
    m = approved["meeting"]
    with db.engine.begin() as conn:
        conn.exec_driver_sql(sql)
    check = minutes.verify_minutes(db.uow(), m)
    assert not check.intact and check.changed_parts == (part,)
    assert check.stored_hash == approved["version"].content_hash != check.current_hash
    # A correction must not launder the change into a new, matching hash.
    error = refused_unchanged(db, "minutes_tampered", minutes.add_minutes_addendum, db.uow(), m, "위원09",
                              date(2026, 7, 1), "사유", "내용", TODAY)
    assert "프로그램 밖" in error.message("ko")


def test_approval_needs_a_held_meeting_full_attendance_and_results(council):
    db = council.db
    m = new_meeting(council)
    refused_unchanged(db, "minutes_not_held", minutes.approve_minutes, db.uow(), m, "위원00", TODAY, TODAY)
    meetings.record_attendance(db.uow(), m, {council.members[0]: "present"}, TODAY)
    meetings.mark_meeting_held(db.uow(), m, "15:00", TODAY)
    error = refused_unchanged(db, "attendance_incomplete", minutes.approve_minutes, db.uow(), m, "위원00",
                              TODAY, TODAY)
    assert "9명" in error.message("ko")
    attend(council, m, present=7)
    item = resolution(council, m)
    refused_unchanged(db, "item_without_result", minutes.approve_minutes, db.uow(), m, "위원00", TODAY, TODAY)
    agenda.record_result(db.uow(), item, agenda.ResultData("deferred"), TODAY)
    refused_unchanged(db, "approval_before_meeting", minutes.approve_minutes, db.uow(), m, "위원00",
                      date(2026, 3, 1), TODAY)
    at = new_meeting(council, held_on=date(2026, 6, 9))
    version = minutes.approve_minutes(db.uow(), m, "위원00", date(2026, 6, 9), TODAY, at_meeting_id=at)
    assert version.version == 1


# ---------------------------------------------------------------- follow-ups

def test_follow_ups_stay_open_across_meetings_and_overdue_ones_stand_out(council, approved):
    db = council.db
    second = new_meeting(council, held_on=date(2026, 6, 9))
    attend(council, second, present=7)
    item = resolution(council, second, "후속 안건")
    agenda.record_result(db.uow(), item, agenda.ResultData("passed", 7, 0, 0), TODAY)
    act.add_action_item(db.uow(), item, act.ActionData("명단 갱신", "위원03", date(2026, 12, 31)), TODAY)
    open_now = act.list_action_items(db.uow(), TODAY)
    assert [(a.what, a.is_overdue) for a in open_now] == [("사업 공고", True), ("명단 갱신", False)]
    assert open_now[0].overdue_days == (TODAY - date(2026, 4, 10)).days
    assert open_now[0].meeting_label == "2026년 제1차 정기회의"
    assert [a.what for a in act.list_action_items(db.uow(), TODAY, "overdue")] == ["사업 공고"]
    # The next meeting's agenda reports what is still open from before it.
    third = new_meeting(council, held_on=date(2026, 12, 8))
    agenda.add_agenda_item(db.uow(), third, agenda.ItemData("resolution", "새 의안"), TODAY)
    report = act.add_follow_up_report(db.uow(), third, TODAY)
    assert (report.kind, report.seq, report.title) == ("report", 1, act.FOLLOW_UP_TITLE)
    assert "1. 사업 공고 (담당: 간사, 기한 2026. 4. 10.) [기한 경과 242일]" in report.explanation
    assert "2. 명단 갱신" in report.explanation and "2026년 제2차 정기회의" in report.explanation
    # Done ones leave the open list and the next report.
    act.set_action_status(db.uow(), approved["action"], "done", TODAY, date(2026, 5, 1))
    assert [a.what for a in act.list_action_items(db.uow(), TODAY)] == ["명단 갱신"]
    assert [a.what for a in act.list_action_items(db.uow(), TODAY, "done")] == ["사업 공고"]
    refused_unchanged(db, "action_done_before_meeting", act.set_action_status, db.uow(), approved["action"],
                      "done", TODAY, date(2026, 1, 1))
    refused_unchanged(db, "no_open_actions", act.add_follow_up_report, db.uow(),
                      new_meeting(council, held_on=date(2026, 5, 12)), TODAY)


def test_tie_setting_change_does_not_touch_approved_minutes(council, approved):
    update_meeting_settings(council.db.uow(), tie_rule="casting")
    assert minutes.verify_minutes(council.db.uow(), approved["meeting"]).intact
