"""Code lists of the case area (stored codes → Korean and English labels), from domain.md
"Case work" and "Consent". Codes are short English strings so the stored data never depends
on wording."""
from __future__ import annotations

from app.codes import Labels

HOUSEHOLD_TYPE: Labels = {
    "elderly_alone": ("독거노인", "Older person living alone"),
    "elderly_couple": ("노인부부", "Older couple"),
    "single": ("1인 가구", "One-person household"),
    "single_parent": ("한부모", "Single parent"),
    "grandparent": ("조손", "Grandparent and grandchild"),
    "disabled": ("장애인 가구", "Household with a disabled person"),
    "multicultural": ("다문화", "Multicultural"),
    "general": ("일반", "Other family household"),
}

# How a person in need came to notice (발굴 경로).
FOUND_SOURCE: Labels = {
    "member": ("위원 발굴", "Found by a council member"),
    "neighbour": ("이웃 제보", "Reported by a neighbour"),
    "self": ("본인 신청", "Applied in person"),
    "agency": ("기관 의뢰", "Referred by an agency"),
    "official": ("공무원 발굴", "Found by an official"),
    "data": ("위기정보 발굴", "Found in crisis data"),
}

CRISIS_LEVEL: Labels = {
    "high": ("위기도 높음", "High risk"),
    "medium": ("위기도 중간", "Medium risk"),
    "low": ("위기도 낮음", "Low risk"),
}

CONSENT_PURPOSE: Labels = {
    "collection": ("수집·이용", "Collection and use"),
    "sensitive": ("민감정보 처리", "Sensitive data"),
    "provision": ("제3자 제공", "Provision to a third party"),
}

# Whom a provision consent names: an organization of the resource directory, the 시군구
# (통합사례관리 by the 희망복지지원단), or an agency outside the directory, by name.
RECIPIENT_KIND: Labels = {
    "organization": ("자원 기관", "Organization of the directory"),
    "sigungu": ("시군구", "City or county office"),
    "other": ("그 밖의 기관", "Other agency"),
}

CONSENT_HOW: Labels = {
    "written": ("서면(서명)", "Signed form"),
    "verbal": ("구두(녹취)", "Verbal, recorded"),
    "electronic": ("전자 서명", "Electronic signature"),
}

# The steps of a case in their order, with the column holding each step's date.
STEPS: tuple[tuple[str, str, str, str], ...] = (
    ("found", "found_on", "발굴", "Found"),
    ("counselled", "counselled_on", "초기상담", "First interview"),
    ("received", "received_on", "접수", "Registered"),
    ("assessed", "assessed_on", "욕구·위기도 조사", "Needs and risk assessed"),
    ("conferred", "conferred_on", "사례회의", "Case conference"),
    ("classified", "classified_on", "대상자 구분", "Classified"),
    ("planned", "planned_on", "서비스 제공계획", "Service plan"),
    ("providing", "providing_on", "제공·점검", "Services and checks"),
    ("closed", "closed_on", "종결", "Closed"),
    ("follow_up", "follow_up_on", "사후관리", "Follow-up"),
)
STEP: Labels = {code: (ko, en) for code, _column, ko, en in STEPS}
STEP_COLUMNS: tuple[str, ...] = tuple(column for _code, column, _ko, _en in STEPS)

CLASSIFICATION: Labels = {
    "integrated": ("통합사례관리", "Integrated case management"),
    "linkage": ("서비스연계", "Service linkage"),
    "emergency": ("긴급지원", "Emergency support"),
}

CLOSING_REASON: Labels = {
    "goal_met": ("목표 달성", "Goals met"),
    "moved": ("전출", "Moved away"),
    "died": ("사망", "Died"),
    "refused": ("본인 거부", "Refused by the person"),
    "transferred": ("타 기관 이관", "Transferred to another agency"),
    "other": ("기타", "Other"),
}

DECISION: Labels = {
    "integrated": ("통합사례관리", "Integrated case management"),
    "linkage": ("서비스연계", "Service linkage"),
    "emergency": ("긴급지원의뢰", "Emergency support request"),
    "close": ("종결", "Close"),
    "hold": ("보류", "Hold"),
}

ATTENDEE_KIND: Labels = {
    "member": ("위원", "Council member"),
    "host": ("행정복지센터", "Community centre staff"),
    "agency": ("기관 실무자", "Agency worker"),
}

REFERRAL_STATUS: Labels = {
    "requested": ("의뢰", "Requested"),
    "accepted": ("접수", "Accepted"),
    "waiting": ("대기", "Waiting list"),
    "declined": ("거절", "Declined"),
    "providing": ("제공 중", "Being provided"),
    "completed": ("완료", "Completed"),
    "cancelled": ("취소", "Cancelled"),
}
# Statuses in which a referral holds one unit of its service's capacity.
HOLDING_STATUSES = ("accepted", "providing")
OPEN_STATUSES = ("requested", "accepted", "waiting", "providing")

DECLINE_REASON: Labels = {
    "full": ("정원 초과", "Full"),
    "ineligible": ("자격 안 됨", "Not eligible"),
    "unreachable": ("연락 안 됨", "Could not be reached"),
    "refused": ("본인 거부", "Refused by the person"),
    "other": ("기타", "Other"),
}
