"""Error messages and field labels of the Network area (Korean msgids), registered into
``app.errors`` when ``app.network`` is imported."""
from __future__ import annotations

from app.errors import FIELD_LABELS, MESSAGES
from app.i18n import N_, NP_

# Keys of their own: ``start_on``, ``end_on``, ``result`` and ``progress_note`` already name a
# member's term, a vote and a follow-up, and the roster's Excel columns take their headers
# from these labels.
FIELD_LABELS.update({
    "project_name": NP_("field", "사업명"),
    "project_kind": NP_("field", "사업 구분"),
    "project_start_on": NP_("field", "시작일"),
    "project_end_on": NP_("field", "종료일"),
    "budget": NP_("field", "예산(원)"),
    "spending": NP_("field", "집행액(원)"),
    "beneficiaries": NP_("field", "수혜자 수"),
    "project_progress": NP_("field", "추진 경과"),
    "project_result": NP_("field", "성과"),
    "partners": NP_("field", "참여 기관"),
    "plan_title": NP_("field", "계획 과제"),
    "plan_year": NP_("field", "계획 연도"),
    "plan_status": NP_("field", "추진 단계"),
    "period": NP_("field", "기간"),
})

MESSAGES.update({
    # Shared with the directory (same wording), so either area may be imported alone.
    "negative_number": N_("{field}은(는) 0 이상이어야 합니다."),
    "number_too_large": N_("{field}은(는) {max} 이하로 입력하세요."),
    "project_not_found": N_("사업을 찾을 수 없습니다(ID {id}). 목록을 새로 고치세요."),
    "plan_item_not_found": N_("계획 과제를 찾을 수 없습니다(ID {id}). 목록을 새로 고치세요."),
    "duplicate_project": N_("같은 이름의 사업 '{name}'이(가) 같은 해에 이미 있습니다. 기존 사업을 수정하세요."),
    "project_end_before_start": N_("종료일이 시작일보다 앞섭니다. 날짜를 확인하세요."),
    "spending_over_budget": N_("집행액({spending}원)이 예산({budget}원)보다 많습니다. 예산을 고치거나 집행액을 확인하세요."),
    "partner_unknown": N_("참여 기관을 찾을 수 없습니다(ID {id}). 지역자원에서 기관을 먼저 등록하세요."),
    "too_few_partners": N_("공동사업에는 참여 기관이 둘 이상 있어야 합니다. 기관을 더 고르세요."),
    "period_reversed": N_("기간의 끝({end})이 시작({start})보다 앞섭니다. 날짜를 확인하세요."),
    "period_too_long": N_("기간은 {max}일까지 고를 수 있습니다. 기간을 줄이세요."),
    "decision_not_found": N_("회의 안건을 찾을 수 없습니다(ID {id}). 목록을 새로 고치세요."),
})
