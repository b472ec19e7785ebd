"""Code lists of the field (stored codes → Korean and English labels), from domain.md."""
from __future__ import annotations

Labels = dict[str, tuple[str, str]]

SEX: Labels = {"M": ("남", "Male"), "F": ("여", "Female")}

MEMBER_KIND: Labels = {
    "ex_officio": ("당연직", "Ex officio"),
    "appointed": ("위촉직", "Appointed"),
}

# 규칙 제7조②; category 4 was deleted from the rule, so it never appears.
CATEGORY: dict[int, tuple[str, str]] = {
    1: ("사회보장 기관·법인·단체 실무자", "Social-security practitioner"),
    2: ("사회보장 담당 공무원", "Social-security official"),
    3: ("비영리민간단체 추천", "Recommended by a non-profit"),
    5: ("이장·통장", "Village/neighbourhood head"),
    6: ("주민자치위원·자원봉사단체", "Resident autonomy / volunteer group"),
    7: ("지역 사회보장에 열의가 있는 주민", "Resident keen on local social security"),
}

ROLE: Labels = {
    "co_chair_public": ("공동위원장(공공)", "Co-chair (public)"),
    "co_chair_private": ("공동위원장(민간)", "Co-chair (private)"),
    "member": ("위원", "Member"),
    "secretary": ("간사", "Secretary"),
}
# Roles held by at most one member in office at a time.
SINGLE_HOLDER_ROLES = ("co_chair_public", "co_chair_private")
ROLE_ORDER = {"co_chair_public": 0, "co_chair_private": 1, "member": 2, "secretary": 3}

TERM_END_REASON: Labels = {
    "expired": ("임기만료", "Term expired"),
    "dismissed": ("해촉", "Dismissed"),
    "resigned": ("사임", "Resigned"),
    "transferred": ("전출·퇴직", "Moved or retired"),
}
EARLY_END_REASONS = ("dismissed", "resigned", "transferred")

MEMBER_STATUS: Labels = {
    "active": ("재임", "In office"),
    "pending": ("위촉예정", "Starting"),
    "expired": ("임기만료", "Term expired"),
    "dismissed": ("해촉", "Dismissed"),
    "resigned": ("사임", "Resigned"),
    "transferred": ("전출·퇴직", "Moved or retired"),
}

SERVICE_AREA: Labels = {
    "welfare": ("복지", "Welfare"),
    "health": ("보건", "Health"),
    "employment": ("고용", "Employment"),
    "housing": ("주거", "Housing"),
    "education": ("교육", "Education"),
    "culture": ("문화", "Culture"),
    "sports": ("체육", "Sports"),
    "tourism": ("관광", "Tourism"),
}


def label(labels: dict, code: object, lang: str = "ko") -> str:
    pair = labels.get(code)  # type: ignore[call-overload]
    if pair is None:
        return "" if code is None else str(code)
    return pair[0] if lang == "ko" else pair[1]


def code_for_label(labels: dict, text: str) -> object | None:
    """Find a code from its Korean or English label (or the code itself), for imports."""
    wanted = text.strip()
    for code, (ko, en) in labels.items():
        if wanted in (ko, en, str(code)) or wanted.lower() == en.lower():
            return code
    return None
