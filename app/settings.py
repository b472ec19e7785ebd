"""Council-wide settings stored with the data, every one declared once in ``DECLARED``:
its key, default, Korean title, kind (number, choice or text) and the permission that may
change it. The settings dialog is built from that list; services keep their own typed
loaders (``load_settings``, ``load_meeting_settings``...), which read the same keys."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import FIELD_LABELS, MESSAGES, FieldError, InputRefused, ValidationFailed
from app.i18n import N_, NP_
from app.security.permissions import Permission, require
from app.text_rules import refuse_bad_texts
from db.models import Setting
from db.session import UnitOfWork


@dataclass(frozen=True)
class SettingSpec:
    key: str
    default: int
    minimum: int
    maximum: int
    title_ko: str
    title_en: str


SPECS: dict[str, SettingSpec] = {
    spec.key: spec
    for spec in (
        SettingSpec("term_years", 2, 1, 5, "임기(년)", "Term length (years)"),
        SettingSpec("term_warning_days", 60, 1, 365, "임기만료 경고(일 전)", "Warn before term end (days)"),
        SettingSpec("min_members", 10, 1, 100, "최소 위원 수", "Minimum members"),
        SettingSpec("max_members", 40, 10, 500, "위원 정원", "Member cap"),
        SettingSpec("idle_lock_minutes", 10, 1, 240, "자리 비움 잠금(분)", "Lock when idle (minutes)"),
    )
}


@dataclass(frozen=True)
class DeclaredSetting:
    """One setting as people see it: where it is stored and who may change it."""

    key: str
    default: int | str
    title: str                       # Korean msgid (N_)
    group: str                       # members | meetings | council (the dialog's boxes)
    permission: Permission
    kind: str = "int"                # int | choice | text
    minimum: int = 0
    maximum: int = 0                 # for text: the most characters
    choices: tuple[tuple[str, str], ...] = ()  # (stored value, Korean msgid)
    hint: str = ""                   # Korean msgid shown under the field, or ""


NOTICE_CONTACT_KEY = "notice_contact"
NOTICE_CONTACT_MAX = 60
FIELD_LABELS[NOTICE_CONTACT_KEY] = NP_("field", "소집 통지서 문의처")

@dataclass(frozen=True)
class CouncilSettings:
    term_years: int = 2
    term_warning_days: int = 60
    min_members: int = 10
    max_members: int = 40
    idle_lock_minutes: int = 10


def load_settings(session: Session) -> CouncilSettings:
    """The stored settings; a value that is unreadable or out of range (a hand-edited or
    synced file) falls back to the default rather than breaking every service."""
    stored = {key: value for key, value in session.execute(select(Setting.key, Setting.value))}
    values: dict[str, int] = {}
    for key, spec in SPECS.items():
        try:
            value = int(stored.get(key, spec.default))
        except ValueError:
            value = spec.default
        values[key] = value if spec.minimum <= value <= spec.maximum else spec.default
    return CouncilSettings(**values)


def save_settings(session: Session, **changes: int) -> CouncilSettings:
    require(session.info.get("actor"), Permission.SETTINGS_EDIT)
    errors = []
    for key, value in changes.items():
        spec = SPECS.get(key)
        # bool is an int in Python; True would be stored as the text "True".
        if (spec is None or not isinstance(value, int) or isinstance(value, bool)
                or not spec.minimum <= value <= spec.maximum):
            errors.append(FieldError(key, "invalid_setting"))
    if not errors:
        merged = {**vars(load_settings(session)), **changes}
        if merged["min_members"] > merged["max_members"]:
            errors.append(FieldError("min_members" if "min_members" in changes else "max_members",
                                     "invalid_setting"))
    if errors:
        raise ValidationFailed(errors)
    for key, value in changes.items():
        row = session.get(Setting, key)
        if row is None:
            session.add(Setting(key=key, value=str(value)))
        else:
            row.value = str(value)
    session.flush()
    return load_settings(session)


APPOINTING_AUTHORITY_KEY = "appointing_authority"
# The title of the office in the rule (규칙 제7조②), not anyone's name: a 위촉장 issued by
# "시장·군수·구청장" is not a real certificate. Earlier versions stored it as the default.
PLACEHOLDER_APPOINTING_AUTHORITY = "시장·군수·구청장"
APPOINTING_AUTHORITY_MAX = 30

def _declared() -> tuple[DeclaredSetting, ...]:
    from app.meetings import codes as mc
    from app.meetings.settings import NOTICE_DAYS_KEY, NOTICE_DAYS_RANGE, TIE_RULE_KEY, MeetingSettings

    edit = Permission.SETTINGS_EDIT
    members = tuple(DeclaredSetting(spec.key, spec.default, title, "members", edit, "int", spec.minimum,
                                    spec.maximum)
                    for spec, title in zip(SPECS.values(), (
                        N_("임기(년)"), N_("임기만료 경고(일 전)"), N_("최소 위원 수"), N_("위원 정원"),
                        N_("화면 잠금 (쓰지 않은 지 몇 분 뒤)"))))
    default = MeetingSettings()
    return members + (
        DeclaredSetting(TIE_RULE_KEY, default.tie_rule, N_("가부동수 처리"), "meetings", edit, "choice",
                        choices=tuple((value, ko) for value, (ko, _en) in mc.TIE_RULE.items()),
                        hint=N_("조례가 정한 대로: 가부동수이면 부결, 또는 위원장이 결정")),
        DeclaredSetting(NOTICE_DAYS_KEY, default.notice_days, N_("소집 통지 기간(일)"), "meetings", edit, "int",
                        *NOTICE_DAYS_RANGE, hint=N_("회의 며칠 전까지 서면으로 알리는지 (긴급한 경우는 예외)")),
        DeclaredSetting(NOTICE_CONTACT_KEY, "", N_("소집 통지서 문의처"), "meetings", edit, "text",
                        maximum=NOTICE_CONTACT_MAX,
                        hint=N_("예: 햇살면 맞춤형복지팀 간사 이민지 (031-123-4567). 비워 두면 간사 이름만 적습니다.")),
        DeclaredSetting(APPOINTING_AUTHORITY_KEY, "", N_("위촉권자 (위촉장 발급)"), "council", edit, "text",
                        maximum=APPOINTING_AUTHORITY_MAX, hint=N_("예: 햇살군수")),
    )


def declared_settings() -> tuple[DeclaredSetting, ...]:
    """Every setting of the council, in the order the settings dialog shows them."""
    return _declared()


def load_notice_contact(session: Session) -> str:
    row = session.get(Setting, NOTICE_CONTACT_KEY)
    return (row.value if row else "").strip()


def save_notice_contact(session: Session, text: str) -> str:
    require(session.info.get("actor"), Permission.SETTINGS_EDIT)
    value = " ".join((text or "").split())
    if len(value) > NOTICE_CONTACT_MAX:
        raise ValidationFailed([FieldError(NOTICE_CONTACT_KEY, "too_long", {"max": NOTICE_CONTACT_MAX})])
    refuse_bad_texts({NOTICE_CONTACT_KEY: value})
    row = session.get(Setting, NOTICE_CONTACT_KEY)
    if row is None:
        session.add(Setting(key=NOTICE_CONTACT_KEY, value=value))
    else:
        row.value = value
    session.flush()
    return load_notice_contact(session)


MESSAGES["issuer_not_set"] = N_(
    "위촉장을 발급하는 위촉권자(예: 햇살군수)가 정해지지 않았습니다. "
    "[파일 → 설정…]의 '위촉권자 (위촉장 발급)'에 입력한 뒤 다시 인쇄하세요.")


def is_placeholder_authority(text: str) -> bool:
    """True for an empty issuer or the rule's '시장·군수·구청장' in any spelling."""
    squeezed = "".join(ch for ch in (text or "") if ch.isalnum())
    squeezed = squeezed.replace("직인", "")
    return not squeezed or squeezed == "시장군수구청장"


def require_real_authority(text: str) -> str:
    """The issuer to print, or ``InputRefused("issuer_not_set")`` before anything is printed."""
    value = " ".join((text or "").split())
    if is_placeholder_authority(value):
        raise InputRefused("issuer_not_set")
    return value


def load_appointing_authority(session: Session) -> str:
    """Who signs appointment certificates (위촉권자: the 시장·군수·구청장, 규칙 제7조②), e.g.
    '햇살군수'; '' until the council has entered its own."""
    row = session.get(Setting, APPOINTING_AUTHORITY_KEY)
    value = (row.value if row else "").strip()
    return "" if is_placeholder_authority(value) else value


def save_appointing_authority(session: Session, text: str) -> str:
    require(session.info.get("actor"), Permission.SETTINGS_EDIT)
    value = " ".join((text or "").split())
    if len(value) > APPOINTING_AUTHORITY_MAX:
        raise ValidationFailed([FieldError("appointing_authority", "too_long", {"max": APPOINTING_AUTHORITY_MAX})])
    refuse_bad_texts({"appointing_authority": value})
    row = session.get(Setting, APPOINTING_AUTHORITY_KEY)
    if row is None:
        session.add(Setting(key=APPOINTING_AUTHORITY_KEY, value=value))
    else:
        row.value = value
    session.flush()
    return load_appointing_authority(session)


# ---------------------------------------------------------------- services (one unit of work each)

def get_council_settings(uow: UnitOfWork) -> CouncilSettings:
    """The council's rules are no secret: read even before a login (the idle lock's minutes)."""
    with uow:
        return load_settings(uow.session)


def update_council_settings(uow: UnitOfWork, **changes: int) -> CouncilSettings:
    with uow:
        result = save_settings(uow.session, **changes)
        uow.commit()
        return result


def get_appointing_authority(uow: UnitOfWork) -> str:
    require(uow.actor, Permission.MEMBERS_READ)
    with uow:
        return load_appointing_authority(uow.session)


def set_appointing_authority(uow: UnitOfWork, text: str) -> str:
    with uow:
        result = save_appointing_authority(uow.session, text)
        uow.commit()
        return result


def get_notice_contact(uow: UnitOfWork) -> str:
    require(uow.actor, Permission.MEETINGS_READ)
    with uow:
        return load_notice_contact(uow.session)


def set_notice_contact(uow: UnitOfWork, text: str) -> str:
    with uow:
        result = save_notice_contact(uow.session, text)
        uow.commit()
        return result
