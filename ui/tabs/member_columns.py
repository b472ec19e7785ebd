"""Column specs of the member lists (the roster and a member's term history)."""
from __future__ import annotations

from app import codes
from app.dates import format_date, format_iso
from app.members import MemberView, TermView, sort_key
from ui.i18n import tr
from ui.table_model import CENTER, Column


def fmt(value, lang: str) -> str:  # type: ignore[no-untyped-def]
    return format_date(value) if lang == "ko" else format_iso(value)


def _term_start(m: MemberView):  # type: ignore[no-untyped-def]
    return m.current_term.start_on if m.current_term else None


def _term_last(m: MemberView):  # type: ignore[no-untyped-def]
    return m.current_term.last_day if m.current_term else None


def _term_last_text(m: MemberView, lang: str) -> str:
    term = m.current_term
    if term is None:
        return ""
    if term.last_day is None:
        return tr("재직 중")
    return fmt(term.last_day, lang)


MEMBER_COLUMNS: tuple[Column[MemberView], ...] = (
    Column("role", "직책", "Role", lambda m, l: codes.label(codes.ROLE, m.role, l), sort_key),
    Column("name", "성명", "Name", lambda m, l: m.name),
    Column("sex", "성별", "Sex", lambda m, l: codes.label(codes.SEX, m.sex, l), align=CENTER),
    Column("affiliation", "소속", "Affiliation", lambda m, l: m.affiliation),
    Column("position", "직위", "Position", lambda m, l: m.position),
    Column("kind", "구분", "Kind", lambda m, l: codes.label(codes.MEMBER_KIND, m.kind, l), align=CENTER),
    Column("category", "자격", "Qualification", lambda m, l: codes.label(codes.CATEGORY, m.category, l),
           lambda m: m.category, tooltip=lambda m, l: codes.label(codes.CATEGORY, m.category, l)),
    Column("start_on", "임기 시작", "Term start", lambda m, l: fmt(_term_start(m), l), _term_start, CENTER),
    Column("end_on", "임기 만료", "Term end", _term_last_text,
           lambda m: (_term_last(m) is None and m.current_term is not None, _term_last(m)), CENTER),
    Column("phone", "연락처", "Phone", lambda m, l: m.phone, align=CENTER),
    Column("subcommittees", "분과", "Subcommittees", lambda m, l: ", ".join(m.subcommittees),
           tooltip=lambda m, l: ", ".join(m.subcommittees)),
    Column("status", "상태", "Status", lambda m, l: codes.label(codes.MEMBER_STATUS, m.status, l), align=CENTER),
)


def _term_end_text(t: TermView, lang: str) -> str:
    return fmt(t.end_on, lang) if t.end_on else tr("재직 중")


TERM_COLUMNS: tuple[Column[TermView], ...] = (
    Column("number", "회차", "No.", lambda t, l: str(t.number), lambda t: t.number, CENTER),
    Column("recommended_on", "추천일", "Recommended", lambda t, l: fmt(t.recommended_on, l),
           lambda t: t.recommended_on, CENTER),
    Column("start_on", "위촉일", "Start", lambda t, l: fmt(t.start_on, l), lambda t: t.start_on, CENTER),
    Column("end_on", "임기만료일", "Planned end", _term_end_text, lambda t: t.end_on, CENTER),
    Column("ended_on", "종료일", "Ended", lambda t, l: fmt(t.ended_on, l), lambda t: t.ended_on, CENTER),
    Column("end_reason", "사유", "Reason", lambda t, l: codes.label(codes.TERM_END_REASON, t.end_reason, l)),
    Column("end_note", "메모", "Note", lambda t, l: t.end_note, tooltip=lambda t, l: t.end_note),
)
