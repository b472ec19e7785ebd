"""Error messages and field labels of the Meetings area, registered into ``app.errors``.

``app.errors`` owns the rendering; this module only adds its own codes at import time
(``app.meetings`` imports it first, so every meeting service can raise them).
"""
from __future__ import annotations

from app.errors import FIELD_LABELS, MESSAGES

MEETING_FIELD_LABELS: dict[str, tuple[str, str]] = {
    "held_on": ("회의일", "Meeting date"),
    "start_time": ("개회 시각", "Opening time"),
    "end_time": ("폐회 시각", "Closing time"),
    "place": ("장소", "Place"),
    "title": ("회의 제목", "Title"),
    "subcommittee_id": ("분과", "Subcommittee"),
    "called_by": ("소집 구분", "Called by"),
    "requested_by_count": ("소집 요구 위원 수", "Members requesting"),
    "notice_on": ("통지일", "Notice date"),
    "number": ("회차", "Number"),
    "recorder": ("기록자", "Recorder"),
    "other_business": ("기타 사항", "Other business"),
    "status": ("출석 구분", "Attendance"),
    "item_kind": ("안건 구분", "Item kind"),
    "proposer": ("제안자", "Proposer"),
    "explanation": ("제안 설명", "Explanation"),
    "discussion": ("토의 내용", "Discussion"),
    "result": ("의결 결과", "Result"),
    "votes_yes": ("찬성", "Yes votes"),
    "votes_no": ("반대", "No votes"),
    "votes_abstain": ("기권", "Abstentions"),
    "casting_vote": ("위원장 결정", "Casting vote"),
    "what": ("조치 내용", "Action"),
    "owner": ("담당", "Owner"),
    "due_on": ("기한", "Due date"),
    "done_on": ("완료일", "Done on"),
    "approved_by": ("승인자", "Approved by"),
    "approved_on": ("승인일", "Approved on"),
    "made_by": ("정정자", "Corrected by"),
    "made_on": ("정정일", "Corrected on"),
    "reason": ("사유", "Reason"),
    "text": ("정정 내용", "Correction"),
    "filename": ("파일 이름", "File name"),
    "meeting_tie_rule": ("가부동수 처리", "Tie handling"),
    "meeting_notice_days": ("소집 통지 기간(일)", "Notice period (days)"),
    "guest_kind": ("배석 구분", "Attendee kind"),
}

MEETING_MESSAGES: dict[str, tuple[str, str]] = {
    "invalid_time": ("{field} '{value}'은(는) 시각이 아닙니다. 14:30처럼 입력하세요.",
                     "{field} '{value}' is not a time. Use a form like 14:30."),
    "end_before_open": ("폐회 시각({end})이 개회 시각({start})보다 앞섭니다.",
                        "The closing time ({end}) is before the opening time ({start})."),
    "notice_after_meeting": ("통지일이 회의일보다 뒤입니다. 날짜를 확인하세요.",
                             "The notice date is after the meeting. Check the dates."),
    "meeting_not_found": ("회의를 찾을 수 없습니다(ID {id}). 목록을 새로 고치세요.",
                          "Meeting not found (ID {id}). Refresh the list."),
    "agenda_item_not_found": ("안건을 찾을 수 없습니다(ID {id}).", "Agenda item not found (ID {id})."),
    "guest_not_found": ("배석자를 찾을 수 없습니다(ID {id}).", "Attendee not found (ID {id})."),
    "action_not_found": ("후속조치를 찾을 수 없습니다(ID {id}).", "Follow-up not found (ID {id})."),
    "attachment_not_found": ("첨부파일을 찾을 수 없습니다(ID {id}).", "Attachment not found (ID {id})."),
    "meeting_before_members": (
        "{date}에 임기 중인 위원이 없습니다. 위원이 위촉되기 전의 회의는 기록할 수 없습니다. 회의일을 확인하세요.{hint}",
        "No member is in office on {date}; a meeting before the council's members exist cannot be recorded.{hint}"),
    "subcommittee_not_active_on": ("'{name}' 분과는 {date}에 활동 중이 아닙니다(구성 {founded}, 폐지 {closed}).",
                                   "Subcommittee '{name}' is not active on {date}."),
    "subcommittee_no_members_on": ("'{name}' 분과에는 {date}에 참여 중인 위원이 없습니다. 먼저 분과 위원을 정하세요.",
                                   "Subcommittee '{name}' has no members on {date}. Seat members first."),
    "request_too_few": (
        "소집을 요구한 위원 {count}명은 재적위원 {enrolled}명의 3분의 1({needed}명)에 못 미칩니다. 위원장 소집으로 하거나 요구 위원 수를 확인하세요.",
        "{count} members asking is less than a third of the {enrolled} enrolled ({needed}). Have the chair call it."),
    "duplicate_meeting_number": ("{year}년 제{number}차 {kind}가 이미 있습니다. 회차를 확인하세요.",
                                 "{year} meeting no. {number} ({kind}) already exists. Check the number."),
    "minutes_locked": (
        "{label}의 회의록은 {approved_on}에 승인되어 잠겨 있습니다. 고칠 내용은 '회의록 정정(추가 기록)'으로 남기세요.",
        "The minutes of {label} were approved on {approved_on} and are locked. Record a correction as an addendum."),
    "minutes_record_locked": (
        "승인된 회의록의 기록은 바꿀 수 없습니다. 고칠 내용은 '회의록 정정(추가 기록)'으로 남기세요.",
        "Approved minutes cannot be changed. Record a correction as an addendum."),
    "meeting_in_future": ("{label}은(는) {date}에 열릴 회의입니다. 출석과 의결 결과는 회의가 열린 뒤에 기록하세요.",
                          "{label} takes place on {date}. Record attendance and results after it is held."),
    "not_on_meeting_roster": ("'{name}' 위원은 {date}에 임기 중이 아니어서 이 회의의 출석 대상이 아닙니다.",
                              "'{name}' is not in office on {date}, so is not on this meeting's roster."),
    "not_subcommittee_member_on": ("'{name}' 위원은 {date}에 '{subcommittee}' 분과 위원이 아닙니다.",
                                   "'{name}' does not sit on '{subcommittee}' on {date}."),
    "reschedule_conflicts_attendance": (
        "회의일을 {date}(으)로 바꾸면 출석이 기록된 '{name}' 위원이 그날 임기 중이 아닙니다. 먼저 그 위원의 출석 기록을 지우세요.",
        "On {date} '{name}', whose attendance is recorded, is not in office. Remove that attendance first."),
    "attendance_breaks_result": (
        "이 출석 변경으로 {item}의 의결 결과가 맞지 않게 됩니다: {detail} 먼저 의결 결과를 고치세요.",
        "This attendance change would invalidate the result of {item}: {detail} Fix the result first."),
    "votes_negative": ("찬성·반대·기권 수는 0 이상이어야 합니다.", "Vote counts cannot be negative."),
    "votes_required": ("'{result}'(으)로 기록하려면 찬성·반대·기권 수를 모두 입력하세요.",
                       "Enter the yes, no and abstain counts to record '{result}'."),
    "votes_exceed_present": (
        "찬성 {yes}, 반대 {no}, 기권 {abstain}을 더한 {total}명이 표결할 수 있는 출석위원 {eligible}명(출석 {present}명 - 제척·회피 {recused}명)보다 많습니다. 표 수를 확인하세요.",
        "Yes {yes} + no {no} + abstain {abstain} = {total} exceeds the {eligible} members present and eligible "
        "({present} present - {recused} recused). Check the counts."),
    "no_quorum": (
        "출석위원이 {present}명으로 의사정족수 {needed}명(재적 {enrolled}명의 과반수)에 이르지 못해 의결할 수 없습니다. 결과는 '보류'로만 기록할 수 있습니다.",
        "Only {present} present: the quorum is {needed} (a majority of {enrolled} enrolled). "
        "Nothing can be decided; record the item as deferred."),
    "not_majority": (
        "찬성 {yes}명은 표결 출석위원 {eligible}명의 과반수({needed}명)에 못 미쳐 가결로 기록할 수 없습니다. 결과를 '부결'로 하거나 표 수를 확인하세요.",
        "{yes} yes votes are fewer than a majority ({needed}) of the {eligible} eligible members present. "
        "Record it as rejected or check the counts."),
    "majority_but_rejected": (
        "찬성 {yes}명이 표결 출석위원 {eligible}명의 과반수({needed}명) 이상이므로 부결로 기록할 수 없습니다. 표 수나 결과를 확인하세요.",
        "{yes} yes votes are a majority ({needed}) of the {eligible} eligible: it cannot be rejected. Check the counts."),
    "tie_is_rejected": (
        "가부동수(찬성 {yes}명, 표결 출석위원 {eligible}명)는 부결로 봅니다(설정: 가부동수이면 부결). 결과를 '부결'로 하세요.",
        "A tie ({yes} yes of {eligible} eligible) is a rejection under the council's setting. Record it as rejected."),
    "tie_needs_casting_vote": (
        "가부동수(찬성 {yes}명, 표결 출석위원 {eligible}명)입니다. 위원장의 결정(가 또는 부)을 입력하세요.",
        "A tie ({yes} yes of {eligible} eligible): enter the chair's casting vote."),
    "casting_vote_contradicts": ("위원장이 '{casting}'(으)로 결정했으므로 '{result}'(으)로 기록할 수 없습니다.",
                                 "The chair's casting vote was '{casting}', so it cannot be recorded as '{result}'."),
    "casting_vote_without_tie": ("가부동수가 아닐 때는 위원장 결정을 입력하지 않습니다.",
                                 "A casting vote is only entered on a tie."),
    "result_not_for_kind": ("'{kind}' 안건에는 의결 결과를 기록하지 않습니다. 심의·의결 안건에만 기록하세요.",
                            "Results are recorded only for resolution items, not for '{kind}'."),
    "kind_has_result": ("의결 결과가 기록된 안건은 '{kind}'(으)로 바꿀 수 없습니다. 먼저 결과를 지우세요.",
                        "An item with a recorded result cannot become '{kind}'. Clear the result first."),
    "minutes_not_held": ("{label}은(는) 아직 '개최'로 표시되지 않았습니다. 폐회 시각을 넣고 개최로 표시한 뒤 승인하세요.",
                         "{label} is not marked as held yet. Mark it held (with the closing time) first."),
    "minutes_already_approved": ("{label}의 회의록은 이미 승인되었습니다.", "The minutes of {label} are already approved."),
    "minutes_not_approved": ("{label}의 회의록은 아직 승인되지 않았습니다. 승인 전에는 회의록을 직접 고치면 됩니다.",
                             "The minutes of {label} are not approved yet: edit them directly."),
    "attendance_incomplete": ("출석 여부가 기록되지 않은 위원이 {count}명 있습니다({names}). 모두 기록한 뒤 승인하세요.",
                              "{count} members have no attendance recorded ({names}). Record them all first."),
    "item_without_result": ("{item}의 의결 결과가 없습니다. 결과(보류 포함)를 기록한 뒤 승인하세요.",
                            "{item} has no result. Record one (deferred is allowed) before approving."),
    "approval_before_meeting": ("승인일({approved_on})이 회의일({held_on})보다 앞섭니다.",
                                "The approval date ({approved_on}) is before the meeting ({held_on})."),
    "minutes_tampered": (
        "{label}의 회의록 내용이 승인된 제{version}판과 다릅니다(바뀐 부분: {parts}). 프로그램 밖에서 바뀐 것으로 보입니다. 백업에서 복원한 뒤 정정하세요.",
        "The minutes of {label} differ from approved version {version} ({parts}); they were changed outside "
        "the program. Restore from a backup before adding a correction."),
    "meeting_has_minutes_content": ("{label}에는 출석·안건 기록이 있어 삭제할 수 없습니다. 먼저 기록을 지우세요.",
                                    "{label} has attendance or items recorded and cannot be deleted."),
    "action_done_before_meeting": ("완료일이 회의일({held_on})보다 앞섭니다.", "The done date is before the meeting ({held_on})."),
    "no_open_actions": ("{date} 이전 회의에서 정한 후속조치 중 끝나지 않은 것이 없습니다.",
                        "No open follow-ups from meetings before {date}."),
    "attachment_empty": ("빈 파일(0바이트)은 첨부할 수 없습니다: {name}", "An empty file cannot be attached: {name}"),
    "attachment_too_large": ("첨부파일은 {max_mb}MB까지입니다. '{name}'은(는) {size_mb}MB입니다. 해상도를 낮추거나 나누어 첨부하세요.",
                             "Attachments may be at most {max_mb} MB; '{name}' is {size_mb} MB. Reduce or split it."),
    "attachment_corrupt": ("첨부파일 '{name}'의 내용이 저장할 때와 다릅니다(손상). 백업에서 복원하세요.",
                           "Attachment '{name}' no longer matches its checksum (damaged). Restore from a backup."),
    "not_a_file": ("파일이 아닙니다(폴더입니다): {path}", "Not a file (a folder): {path}"),
}


def register() -> None:
    """Add the Meetings codes to the shared tables (idempotent)."""
    for code, pair in MEETING_MESSAGES.items():
        MESSAGES.setdefault(code, pair)
    for name, pair in MEETING_FIELD_LABELS.items():
        FIELD_LABELS.setdefault(name, pair)


register()
