"""Settings of the Meetings area, stored in the council's ``setting`` table.

Tie handling and the notice period are set by each 시군구 ordinance; the defaults are
'a tie is rejected' and 5 days (규칙 제5조④ via 제7조⑥).
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.errors import FieldError, ValidationFailed
from app.meetings import codes as mc
from app.security.permissions import Permission, require
from db.models import Setting
from db.session import UnitOfWork

TIE_RULE_KEY = "meeting_tie_rule"
NOTICE_DAYS_KEY = "meeting_notice_days"
NOTICE_DAYS_RANGE = (0, 30)


@dataclass(frozen=True)
class MeetingSettings:
    tie_rule: str = "reject"  # reject | casting
    notice_days: int = 5


def load_meeting_settings(session: Session) -> MeetingSettings:
    """Stored values, falling back to the default for anything unreadable or out of range."""
    default = MeetingSettings()
    tie_row = session.get(Setting, TIE_RULE_KEY)
    days_row = session.get(Setting, NOTICE_DAYS_KEY)
    tie_rule = tie_row.value if tie_row is not None and tie_row.value in mc.TIE_RULE else default.tie_rule
    try:
        days = int(days_row.value) if days_row is not None else default.notice_days
    except ValueError:
        days = default.notice_days
    if not NOTICE_DAYS_RANGE[0] <= days <= NOTICE_DAYS_RANGE[1]:
        days = default.notice_days
    return MeetingSettings(tie_rule=tie_rule, notice_days=days)


def save_meeting_settings(session: Session, *, tie_rule: str | None = None,
                          notice_days: int | None = None) -> MeetingSettings:
    errors = []
    if tie_rule is not None and tie_rule not in mc.TIE_RULE:
        errors.append(FieldError(TIE_RULE_KEY, "invalid_setting"))
    if notice_days is not None and (not isinstance(notice_days, int) or isinstance(notice_days, bool)
                                    or not NOTICE_DAYS_RANGE[0] <= notice_days <= NOTICE_DAYS_RANGE[1]):
        errors.append(FieldError(NOTICE_DAYS_KEY, "invalid_setting"))
    if errors:
        raise ValidationFailed(errors)
    for key, value in ((TIE_RULE_KEY, tie_rule), (NOTICE_DAYS_KEY, notice_days)):
        if value is None:
            continue
        row = session.get(Setting, key)
        if row is None:
            session.add(Setting(key=key, value=str(value)))
        else:
            row.value = str(value)
    session.flush()
    return load_meeting_settings(session)


def get_meeting_settings(uow: UnitOfWork) -> MeetingSettings:
    require(uow.actor, Permission.MEETINGS_READ)
    with uow:
        return load_meeting_settings(uow.session)


def update_meeting_settings(uow: UnitOfWork, *, tie_rule: str | None = None,
                            notice_days: int | None = None) -> MeetingSettings:
    # The tie rule and the notice period decide votes and notices: an administrator's choice.
    require(uow.actor, Permission.SETTINGS_EDIT)
    with uow:
        result = save_meeting_settings(uow.session, tie_rule=tie_rule, notice_days=notice_days)
        uow.commit()
        return result
