"""Words the screens show for stored codes and values: account roles, kinds of record,
sync statuses, stored times, and the name of one record.

Shared by the action modules and their dialogs, so neither has to import the other.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING

from app.area_records import describe_record
from app.areas import table_label
from app.security.permissions import ROLES
from ui.i18n import N_, language, tr
from ui.worker import call

if TYPE_CHECKING:
    from ui.state import AppState


def role_text(role: str) -> str:
    ko, en = ROLES.get(role, (role, role))
    return ko if language() == "ko" else en


def table_word(table: str, lang: str | None = None) -> str:
    """What a travelling record is, in the words of the screen (from the area registry)."""
    return table_label(table, lang or language()) or table


def when(value: datetime | None) -> str:
    """A stored time (naive UTC, see ``db.base.utc_now``) as the office clock shows it."""
    if not isinstance(value, datetime):
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone().strftime("%Y-%m-%d %H:%M")


SYNC_STATUS_WORDS: dict[str, str] = {
    "pending": N_("등록함(받은 꾸러미 없음)"),
    "active": N_("사용 중"),
    "revoked": N_("등록 취소됨"),
}


def status_word(status: str) -> str:
    return tr(SYNC_STATUS_WORDS[status]) if status in SYNC_STATUS_WORDS else status


def record_name(state: "AppState", table: str, record_id: str) -> str:
    """A word a person recognises for a record ("홍길동", a meeting's title), or ""."""
    try:
        return call(describe_record, state.uow(), table, record_id)
    except Exception:  # noqa: BLE001 - a label is a courtesy; never fail a screen for it
        return ""
