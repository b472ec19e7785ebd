"""The 회의 tab's words and looks, declared once: the column specs of its lists, how a
meeting's title and time read in each language, the colours of its rows and chips, and the
names of its sections and printouts."""
from __future__ import annotations

from PySide6.QtGui import QColor

from app import codes
from app.meetings import codes as mc
from app.meetings.core import (ActionView, AddendumView, AgendaItemView, AttachmentView, AttendanceRow, GuestView,
                               MeetingView)
from app.meetings.pages import MeetingListRow
from app.meetings.rules import QuorumView
from ui.i18n import N_, tr
from ui.table_model import CENTER, RIGHT, Column
from ui.tabs.member_columns import fmt

SCOPES: tuple[tuple[str, str], ...] = (("all", N_("전체")), ("upcoming", N_("예정된 회의")), ("past", N_("지난 회의")))
STATUS_SHORT = {"planned": N_("예정"), "held": N_("개최"), "approved": N_("회의록 승인")}
KIND_SHORT = {"regular": N_("정기"), "extraordinary": N_("임시")}
WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

NOTICE_BACKGROUND = QColor("#fff1c9")
OVERDUE_BACKGROUND = QColor("#fde7c4")
OVERDUE_FOREGROUND = QColor("#7a4500")
PLANNED_FOREGROUND = QColor("#2b5d8a")
MUTED_FOREGROUND = QColor("#8a8a8a")
PLACE_CHARS = 7  # the place column's width in average Hangul characters
SHORT_FOREGROUND = QColor("#8a5a00")
CHIP_STYLES = {
    "planned": "background: #e3eef9; color: #1f4e79; border: 1px solid #b5cde6;",
    "held": "background: #fff4d6; color: #5a4300; border: 1px solid #e8c66a;",
    "approved": "background: #e3f1e6; color: #1e5631; border: 1px solid #a8d0b2;",
}
INFO_STYLE = "background: #eef3f8; color: #29445e; border: 1px solid #cfdbe7; border-radius: 6px; padding: 6px 10px;"
GOOD_STYLE = "color: #1e6b3a;"
SHORT_STYLE = "color: #8a5a00;"
DOCUMENTS: tuple[tuple[str, str, str], ...] = (
    ("notice", "write_notice_pdf", N_("소집 통지서")),
    ("agenda", "write_agenda_pdf", N_("회의자료")),
    ("attendance", "write_attendance_pdf", N_("출석부")),
    ("minutes", "write_minutes_pdf", N_("회의록")),
)
SECTIONS: tuple[tuple[str, str], ...] = (
    ("info", N_("기본 정보")), ("attendance", N_("출석")), ("items", N_("안건")), ("actions", N_("후속조치")),
    ("minutes", N_("회의록")), ("attachments", N_("첨부")),
)


# ---------------------------------------------------------------- rows and columns

# One line of the meeting list: the summary with its roster counts (read in one query set).
MeetingRow = MeetingListRow


def meeting_title(m: MeetingView, lang: str) -> str:
    if lang == "ko":
        return m.label
    kind = f"{m.subcommittee_name} meeting" if m.kind == "subcommittee" else codes.label(mc.MEETING_KIND, m.kind, lang)
    return f"{m.year} {kind} No. {m.number}"


def when_text(m: MeetingView, lang: str, with_end: bool = False) -> str:
    end = f" ~ {m.end_time}" if with_end and m.end_time else ""
    if lang == "ko":
        return m.when_text + end
    return f"{m.held_on.isoformat()} ({WEEKDAYS_EN[m.held_on.weekday()]}) {m.start_time}{end}"


def _number(r: MeetingRow, lang: str) -> str:
    return f"제{r.meeting.number}차" if lang == "ko" else f"No. {r.meeting.number}"


def _kind(r: MeetingRow, lang: str) -> str:
    if r.meeting.kind == "subcommittee":
        return r.meeting.subcommittee_name
    return tr(KIND_SHORT.get(r.meeting.kind, r.meeting.kind))


def recorded(q: QuorumView) -> bool:
    return q.unrecorded < q.enrolled


def _attendance(r: MeetingRow, lang: str) -> str:
    q = r.quorum
    return f"{q.present} / {q.enrolled}" if recorded(q) else f"- / {q.enrolled}"


def _quorum(r: MeetingRow, lang: str) -> str:
    if not recorded(r.quorum):
        return ""
    return tr("성원") if r.quorum.met else tr("미달")


def _notice_tip(r: MeetingRow, lang: str) -> str:
    return r.summary.notice_warning.message(lang) if r.summary.notice_warning else ""


MEETING_COLUMNS: tuple[Column[MeetingRow], ...] = (
    Column("number", "회차", "No.", _number, lambda r: (r.meeting.year, r.meeting.kind, r.meeting.number), CENTER),
    Column("kind", "구분", "Kind", _kind, lambda r: (r.meeting.kind, r.meeting.subcommittee_name)),
    Column("when", "일시", "Date and time", lambda r, l: when_text(r.meeting, l),
           lambda r: (r.meeting.held_on, r.meeting.start_time), tooltip=_notice_tip),
    Column("place", "장소", "Place", lambda r, l: r.meeting.place, tooltip=lambda r, l: r.meeting.place),
    Column("status", "상태", "Status", lambda r, l: tr(STATUS_SHORT.get(r.meeting.status, r.meeting.status)),
           lambda r: r.meeting.status, CENTER, tooltip=_notice_tip),
    Column("attendance", "출석/재적", "Present/enrolled", _attendance, lambda r: r.quorum.present, CENTER),
    Column("quorum", "정족수", "Quorum", _quorum, lambda r: (recorded(r.quorum), r.quorum.met), CENTER),
)


def _role(r: AttendanceRow, lang: str) -> str:
    return codes.label(codes.ROLE, r.role, lang)


ROSTER_COLUMNS: tuple[Column[AttendanceRow], ...] = (
    Column("name", "성명", "Name", lambda r, l: r.name),
    Column("role", "직책", "Role", _role),
    Column("affiliation", "소속·직위", "Affiliation", lambda r, l: " ".join(p for p in (r.affiliation, r.position) if p)),
    Column("status", "출석", "Attendance", lambda r, l: codes.label(mc.ATTENDANCE, r.status, l) if r.status else ""),
    Column("note", "사유·비고", "Note", lambda r, l: r.note),
)

GUEST_COLUMNS: tuple[Column[GuestView], ...] = (
    Column("name", "성명", "Name", lambda g, l: g.name),
    Column("affiliation", "소속", "Affiliation", lambda g, l: g.affiliation),
    Column("position", "직위", "Position", lambda g, l: g.position),
    Column("kind", "구분", "Kind", lambda g, l: codes.label(mc.GUEST_KIND, g.kind, l)),
)


def item_number(i: AgendaItemView, lang: str) -> str:
    return i.number_label if lang == "ko" else f"{codes.label(mc.ITEM_KIND, i.kind, lang)} {i.number}"


def _votes(i: AgendaItemView, lang: str) -> str:
    if i.votes_yes is None:
        return ""
    return f"{i.votes_yes} · {i.votes_no} · {i.votes_abstain}"


AGENDA_COLUMNS: tuple[Column[AgendaItemView], ...] = (
    Column("seq", "순서", "Order", lambda i, l: str(i.seq), lambda i: i.seq, CENTER),
    Column("kind", "구분", "Kind", lambda i, l: codes.label(mc.ITEM_KIND, i.kind, l), align=CENTER),
    Column("number", "번호", "Number", item_number),
    Column("title", "안건명", "Title", lambda i, l: i.title, tooltip=lambda i, l: i.title),
    Column("result", "결과", "Result", lambda i, l: codes.label(mc.RESULT, i.result, l) if i.result else "",
           align=CENTER),
    Column("votes", "찬성·반대·기권", "Yes · No · Abstain", _votes, align=CENTER),
)


def _action_status(a: ActionView, lang: str) -> str:
    text = codes.label(mc.ACTION_STATUS, a.status, lang)
    if a.is_overdue:
        text += " · " + tr("기한 {n}일 지남").format(n=a.overdue_days)
    return text


ACTION_COLUMNS: tuple[Column[ActionView], ...] = (
    Column("what", "조치 내용", "Action", lambda a, l: a.what, tooltip=lambda a, l: a.what),
    Column("owner", "담당", "Owner", lambda a, l: a.owner),
    Column("due_on", "기한", "Due", lambda a, l: fmt(a.due_on, l), lambda a: a.due_on, CENTER),
    Column("status", "상태", "Status", _action_status, lambda a: (a.status, -a.overdue_days), CENTER),
    Column("done_on", "완료일", "Done on", lambda a, l: fmt(a.done_on, l), lambda a: a.done_on, CENTER),
    Column("item", "안건", "Item", lambda a, l: a.item_title, tooltip=lambda a, l: a.item_title),
    Column("progress", "진행 메모", "Progress", lambda a, l: a.progress_note, tooltip=lambda a, l: a.progress_note),
)

ADDENDUM_COLUMNS: tuple[Column[AddendumView], ...] = (
    Column("seq", "차례", "No.", lambda a, l: str(a.seq), lambda a: a.seq, CENTER),
    Column("made_on", "정정일", "Date", lambda a, l: fmt(a.made_on, l), lambda a: a.made_on, CENTER),
    Column("made_by", "정정자", "By", lambda a, l: a.made_by),
    Column("reason", "사유", "Reason", lambda a, l: a.reason, tooltip=lambda a, l: a.reason),
    Column("text", "정정 내용", "Correction", lambda a, l: a.text.replace("\n", " "), tooltip=lambda a, l: a.text),
)


def file_size(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"


ATTACHMENT_COLUMNS: tuple[Column[AttachmentView], ...] = (
    Column("filename", "파일 이름", "File", lambda a, l: a.filename, tooltip=lambda a, l: a.filename),
    Column("description", "설명", "Description", lambda a, l: a.description),
    Column("size", "크기", "Size", lambda a, l: file_size(a.size), lambda a: a.size, RIGHT),
    Column("added_on", "추가일", "Added", lambda a, l: fmt(a.added_on, l), lambda a: a.added_on, CENTER),
)
