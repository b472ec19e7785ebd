"""Error messages and field labels of the Meetings area (Korean msgids), registered into ``app.errors``.

``app.errors`` owns the rendering; this module only adds its own codes at import time
(``app.meetings`` imports it first, so every meeting service can raise them).
"""
from __future__ import annotations

from app.errors import FIELD_LABELS, MESSAGES
from app.i18n import N_, NP_

MEETING_FIELD_LABELS: dict[str, str] = {
    "held_on": NP_("field", "회의일"),
    "start_time": NP_("field", "개회 시각"),
    "end_time": NP_("field", "폐회 시각"),
    "place": NP_("field", "장소"),
    "title": NP_("field", "회의 제목"),
    "subcommittee_id": NP_("field", "분과"),
    "called_by": NP_("field", "소집 구분"),
    "requested_by_count": NP_("field", "소집 요구 위원 수"),
    "notice_on": NP_("field", "통지일"),
    "number": NP_("field", "회차"),
    "recorder": NP_("field", "기록자"),
    "other_business": NP_("field", "기타 사항"),
    "status": NP_("field", "출석 구분"),
    "item_kind": NP_("field", "안건 구분"),
    "proposer": NP_("field", "제안자"),
    "explanation": NP_("field", "제안 설명"),
    "discussion": NP_("field", "토의 내용"),
    "result": NP_("field", "의결 결과"),
    "votes_yes": NP_("field", "찬성"),
    "votes_no": NP_("field", "반대"),
    "votes_abstain": NP_("field", "기권"),
    "casting_vote": NP_("field", "위원장 결정"),
    "what": NP_("field", "조치 내용"),
    "owner": NP_("field", "담당"),
    "due_on": NP_("field", "기한"),
    "done_on": NP_("field", "완료일"),
    "approved_by": NP_("field", "승인자"),
    "approved_on": NP_("field", "승인일"),
    "confirmer1": NP_("field", "확인자 1"),
    "confirmer2": NP_("field", "확인자 2"),
    "made_by": NP_("field", "정정자"),
    "made_on": NP_("field", "정정일"),
    "reason": NP_("field", "사유"),
    "text": NP_("field", "정정 내용"),
    "filename": NP_("field", "파일 이름"),
    "meeting_tie_rule": NP_("field", "가부동수 처리"),
    "meeting_notice_days": NP_("field", "소집 통지 기간(일)"),
    "guest_kind": NP_("field", "배석 구분"),
    "progress_note": NP_("field", "진행 메모"),
    "result_note": NP_("field", "결과 비고"),
}

MEETING_MESSAGES: dict[str, str] = {
    "invalid_time": N_("{field} '{value}'은(는) 시각이 아닙니다. 14:30처럼 입력하세요."),
    "end_before_open": N_("폐회 시각({end})이 개회 시각({start})보다 앞섭니다."),
    "notice_after_meeting": N_("통지일이 회의일보다 뒤입니다. 날짜를 확인하세요."),
    "meeting_not_found": N_("회의를 찾을 수 없습니다(ID {id}). 목록을 새로 고치세요."),
    "agenda_item_not_found": N_("안건을 찾을 수 없습니다(ID {id})."),
    "guest_not_found": N_("배석자를 찾을 수 없습니다(ID {id})."),
    "action_not_found": N_("후속조치를 찾을 수 없습니다(ID {id})."),
    "attachment_not_found": N_("첨부파일을 찾을 수 없습니다(ID {id})."),
    "meeting_before_members": N_("{date}에 임기 중인 위원이 없습니다. 위원이 위촉되기 전의 회의는 기록할 수 없습니다. 회의일을 확인하세요.{hint}"),
    "subcommittee_not_active_on": N_("'{name}' 분과는 {date}에 활동 중이 아닙니다(구성 {founded}, 폐지 {closed})."),
    "subcommittee_no_members_on": N_("'{name}' 분과에는 {date}에 참여 중인 위원이 없습니다. 먼저 분과 위원을 정하세요."),
    "request_too_few": N_("소집을 요구한 위원 {count}명은 재적위원 {enrolled}명의 3분의 1({needed}명)에 못 미칩니다. "
                          "위원장 소집으로 하거나 요구 위원 수를 확인하세요."),
    "duplicate_meeting_number": N_("{year}년 제{number}차 {kind}가 이미 있습니다. 회차를 확인하세요."),
    "minutes_locked": N_("{label}의 회의록은 {approved_on}에 승인되어 잠겨 있습니다. 고칠 내용은 '회의록 정정(추가 기록)'으로 남기세요."),
    "minutes_record_locked": N_("승인된 회의록의 기록은 바꿀 수 없습니다. 고칠 내용은 '회의록 정정(추가 기록)'으로 남기세요."),
    "meeting_in_future": N_("{label}은(는) {date}에 열릴 회의입니다. 출석과 의결 결과는 회의가 열린 뒤에 기록하세요."),
    "not_on_meeting_roster": N_("'{name}' 위원은 {date}에 임기 중이 아니어서 이 회의의 출석 대상이 아닙니다."),
    "not_subcommittee_member_on": N_("'{name}' 위원은 {date}에 '{subcommittee}' 분과 위원이 아닙니다."),
    "reschedule_conflicts_attendance": N_("회의일을 {date}(으)로 바꾸면 출석이 기록된 '{name}' 위원이 그날 임기 중이 아닙니다. "
                                          "먼저 그 위원의 출석 기록을 지우세요."),
    "attendance_breaks_result": N_("이 출석 변경으로 {item}의 의결 결과가 맞지 않게 됩니다: {detail} 먼저 의결 결과를 고치세요."),
    "votes_negative": N_("찬성·반대·기권 수는 0 이상이어야 합니다."),
    "votes_required": N_("'{result}'(으)로 기록하려면 찬성·반대·기권 수를 모두 입력하세요."),
    "votes_exceed_present": N_("찬성 {yes}, 반대 {no}, 기권 {abstain}을 더한 {total}명이 표결할 수 있는 출석위원 {eligible}명(출석 "
                               "{present}명 - 제척·회피 {recused}명)보다 많습니다. 표 수를 확인하세요."),
    "no_quorum": N_("출석위원이 {present}명으로 의사정족수 {needed}명(재적 {enrolled}명의 과반수)에 이르지 못해 의결할 수 없습니다. "
                    "결과는 '보류'로만 기록할 수 있습니다."),
    "not_majority": N_("찬성 {yes}명은 표결 출석위원 {eligible}명의 과반수({needed}명)에 못 미쳐 가결로 기록할 수 없습니다. "
                       "결과를 '부결'로 하거나 표 수를 확인하세요."),
    "majority_but_rejected": N_("찬성 {yes}명이 표결 출석위원 {eligible}명의 과반수({needed}명) 이상이므로 부결로 기록할 수 없습니다. 표 수나 결과를 확인하세요."),
    "tie_is_rejected": N_("가부동수(찬성 {yes}명, 표결 출석위원 {eligible}명)는 부결로 봅니다(설정: 가부동수이면 부결). 결과를 '부결'로 하세요."),
    "tie_needs_casting_vote": N_("가부동수(찬성 {yes}명, 표결 출석위원 {eligible}명)입니다. 위원장의 결정(가 또는 부)을 입력하세요."),
    "casting_vote_contradicts": N_("위원장이 '{casting}'(으)로 결정했으므로 '{result}'(으)로 기록할 수 없습니다."),
    "casting_vote_without_tie": N_("가부동수가 아닐 때는 위원장 결정을 입력하지 않습니다."),
    "result_not_for_kind": N_("'{kind}' 안건에는 의결 결과를 기록하지 않습니다. 심의·의결 안건에만 기록하세요."),
    "kind_has_result": N_("의결 결과가 기록된 안건은 '{kind}'(으)로 바꿀 수 없습니다. 먼저 결과를 지우세요."),
    "minutes_not_held": N_("{label}은(는) 아직 '개최'로 표시되지 않았습니다. 폐회 시각을 넣고 개최로 표시한 뒤 승인하세요."),
    "minutes_already_approved": N_("{label}의 회의록은 이미 승인되었습니다."),
    "minutes_not_approved": N_("{label}의 회의록은 아직 승인되지 않았습니다. 승인 전에는 회의록을 직접 고치면 됩니다."),
    "attendance_incomplete": N_("출석 여부가 기록되지 않은 위원이 {count}명 있습니다({names}). 모두 기록한 뒤 승인하세요."),
    "item_without_result": N_("{item}의 의결 결과가 없습니다. 결과(보류 포함)를 기록한 뒤 승인하세요."),
    "approval_before_meeting": N_("승인일({approved_on})이 회의일({held_on})보다 앞섭니다."),
    "confirmer_not_on_roster": N_("{field}은(는) 이 회의의 재적위원 중에서 고르세요."),
    "confirmers_same": N_("두 확인자가 모두 '{name}' 위원입니다. 서로 다른 위원을 고르세요."),
    "minutes_tampered": N_("{label}의 회의록 내용이 승인된 제{version}판과 다릅니다(바뀐 부분: {parts}). 프로그램 밖에서 바뀐 것으로 보입니다. "
                           "백업에서 복원한 뒤 정정하세요."),
    "meeting_has_minutes_content": N_("{label}에는 출석·안건 기록이 있어 삭제할 수 없습니다. 먼저 기록을 지우세요."),
    "action_done_before_meeting": N_("완료일이 회의일({held_on})보다 앞섭니다."),
    "no_open_actions": N_("{date} 이전 회의에서 정한 후속조치 중 끝나지 않은 것이 없습니다."),
    "attachment_empty": N_("빈 파일(0바이트)은 첨부할 수 없습니다: {name}"),
    "attachment_too_large": N_("첨부파일은 {max_mb}MB까지입니다. '{name}'은(는) {size_mb}MB입니다. 해상도를 낮추거나 나누어 첨부하세요."),
    "attachment_corrupt": N_("첨부파일 '{name}'의 내용이 저장할 때와 다릅니다(손상). 백업에서 복원하세요."),
    "not_a_file": N_("파일이 아닙니다(폴더입니다): {path}"),
}


def register() -> None:
    """Add the Meetings codes to the shared tables (idempotent)."""
    for code, text in MEETING_MESSAGES.items():
        MESSAGES.setdefault(code, text)
    for name, label in MEETING_FIELD_LABELS.items():
        FIELD_LABELS.setdefault(name, label)


register()
