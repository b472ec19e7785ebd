"""Error messages and field labels of the Resources area (Korean msgids), registered into
``app.errors`` when ``app.resources`` is imported."""
from __future__ import annotations

from app.errors import FIELD_LABELS, MESSAGES
from app.i18n import N_, NP_

FIELD_LABELS.update({
    "organization_name": NP_("field", "기관명"),
    "service_name": NP_("field", "서비스명"),
    "organization_id": NP_("field", "제공 기관"),
    "sector": NP_("field", "기관 구분"),
    "email": NP_("field", "이메일"),
    "website": NP_("field", "누리집"),
    "resource_kind": NP_("field", "자원 유형"),
    "target_groups": NP_("field", "대상"),
    "eligibility_description": NP_("field", "이용 자격"),
    "minimum_age": NP_("field", "최소 연령"),
    "maximum_age": NP_("field", "최대 연령"),
    "application_process": NP_("field", "신청 방법"),
    "fees_description": NP_("field", "비용"),
    "schedule_description": NP_("field", "운영 일정"),
    "area_places": NP_("field", "서비스 지역(리·마을)"),
    "status_notice": NP_("field", "중단 안내"),
    "closed_until": NP_("field", "중단 기한"),
    "capacity": NP_("field", "정원"),
    "capacity_unit": NP_("field", "정원 단위"),
    "current_use": NP_("field", "현재 이용"),
    "last_verified_on": NP_("field", "확인일"),
    "recheck_months": NP_("field", "재확인 주기(개월)"),
})

MESSAGES.update({
    "organization_not_found": N_("기관을 찾을 수 없습니다(ID {id}). 목록을 새로 고치세요."),
    "service_not_found": N_("서비스를 찾을 수 없습니다(ID {id}). 목록을 새로 고치세요."),
    "duplicate_organization": N_("같은 이름의 기관 '{name}'이(가) 이미 있습니다. 기존 기관을 수정하세요."),
    "duplicate_service": N_("'{organization}'에 같은 이름의 서비스 '{name}'이(가) 이미 있습니다."),
    "organization_closed": N_("'{name}' 기관은 운영을 종료했습니다. 먼저 기관을 다시 운영으로 바꾸세요."),
    "negative_number": N_("{field}은(는) 0 이상이어야 합니다."),
    "number_too_large": N_("{field}은(는) {max} 이하로 입력하세요."),
    "capacity_below_use": N_("정원({capacity})이 현재 이용({use})보다 작습니다. 정원을 늘리거나 현재 이용을 줄이세요."),
    "age_range": N_("최소 연령({minimum}세)이 최대 연령({maximum}세)보다 큽니다."),
    "invalid_email": N_("이메일 '{value}'의 형식이 맞지 않습니다. name@example.kr처럼 입력하세요."),
    "invalid_website": N_("누리집 주소 '{value}'의 형식이 맞지 않습니다. https://로 시작하게 입력하세요."),
    "until_in_past": N_("{field}이(가) 오늘보다 앞섭니다. 날짜를 확인하세요."),
    "service_not_closed": N_("'{name}' 서비스는 운영 중입니다."),
    "service_already_status": N_("'{name}' 서비스는 이미 '{status}' 상태입니다."),
    "organization_not_closed": N_("'{name}' 기관은 운영 중입니다."),
})
