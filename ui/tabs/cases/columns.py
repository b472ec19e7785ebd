"""Column specs and row styles of the case tab's lists (declared once: people in need,
conferences, referrals), and how a date shows in each language."""
from __future__ import annotations

from datetime import date

from PySide6.QtGui import QColor

from app import codes
from app.cases import codes as cc
from app.cases.pages import ClientRow
from app.cases.views import ConferenceView, ReferralView
from ui import clock
from ui.table_model import CENTER, Column, RowStyle
from ui.tabs.member_columns import fmt

OVERDUE_BACKGROUND = QColor("#fde2e1")
DUE_BACKGROUND = QColor("#fff4d6")
PAST_FOREGROUND = QColor("#777777")


def _date_key(value: date | None) -> date:
    return value or date.min


def _step(row: ClientRow, lang: str) -> str:
    if row.case is None:
        return "사례 없음" if lang == "ko" else "No case"
    return codes.label(cc.STEP, row.case.current_step, lang)


def _due(row: ClientRow, lang: str) -> str:
    case = row.case
    if case is None or case.due is None:
        return ""
    today = clock.today()
    days = case.due.days_left(today)
    when = fmt(case.due.due_on, lang)
    if days < 0:
        late = f"{-days}일 지남" if lang == "ko" else f"{-days} days late"
        return f"{case.due_label(lang)} {when} ({late})"
    return f"{case.due_label(lang)} {when}"


def _due_key(row: ClientRow) -> date:
    return row.case.due.due_on if row.case is not None and row.case.due is not None else date.max


CLIENT_COLUMNS: tuple[Column[ClientRow], ...] = (
    Column("name", "성명", "Name", lambda r, l: r.client.name),
    Column("place", "리·마을", "Village", lambda r, l: r.client.place),
    Column("crisis", "위기도", "Risk", lambda r, l: codes.label(cc.CRISIS_LEVEL, r.client.crisis_level, l)
           if r.client.crisis_level else "", align=CENTER),
    Column("step", "단계", "Step", _step, align=CENTER),
    Column("due", "다음 할 일", "Next due", _due, _due_key),
    Column("worker", "담당", "Worker", lambda r, l: r.case.worker if r.case else "", align=CENTER),
)


def client_style(row: ClientRow) -> RowStyle | None:
    today = clock.today()
    if row.overdue(today):
        return RowStyle(background=OVERDUE_BACKGROUND)
    if row.case is not None and row.case.due is not None and row.case.due.days_left(today) <= 7:
        return RowStyle(background=DUE_BACKGROUND)
    if row.case is None or row.case.closed:
        return RowStyle(foreground=PAST_FOREGROUND)
    return None


CONFERENCE_COLUMNS: tuple[Column[ConferenceView], ...] = (
    Column("held_on", "회의일", "Date", lambda c, l: fmt(c.held_on, l), lambda c: _date_key(c.held_on), CENTER),
    Column("place", "장소", "Place", lambda c, l: c.place, tooltip=lambda c, l: c.place),
)


def _recipient(r: ReferralView, lang: str) -> str:
    return f"{r.recipient} — {r.service_name}" if r.service_name else r.recipient


def _status(r: ReferralView, lang: str) -> str:
    text = r.status_label(lang)
    if r.reply_overdue:
        text += " (회신 늦음)" if lang == "ko" else " (reply late)"
    return text


REFERRAL_COLUMNS: tuple[Column[ReferralView], ...] = (
    Column("referred_on", "의뢰일", "Referred", lambda r, l: fmt(r.referred_on, l),
           lambda r: _date_key(r.referred_on), CENTER),
    Column("client", "대상자", "Person", lambda r, l: r.client_name),
    Column("recipient", "의뢰받는 곳", "Referred to", _recipient, tooltip=_recipient),
    Column("status", "상태", "Status", _status, lambda r: (not r.reply_overdue, r.status), CENTER),
)


def referral_style(row: ReferralView) -> RowStyle | None:
    if row.reply_overdue:
        return RowStyle(background=OVERDUE_BACKGROUND)
    if row.status in ("completed", "declined", "cancelled"):
        return RowStyle(foreground=PAST_FOREGROUND)
    return None
