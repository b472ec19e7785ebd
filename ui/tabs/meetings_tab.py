"""회의 tab: the meetings (upcoming, past, all; by year; searched), overdue follow-ups
across meetings, and the selected meeting in six sections — 기본 정보, 출석 (with the
live quorum), 안건 (order, results), 후속조치, 회의록 (held, approval, addenda, the hash
check) and 첨부 — with its four printouts.

Every change is one service call from ``app.meetings``; refusals come back as their
Korean message. The tab refreshes itself when ``data_changed`` carries ``meetings``,
``members`` or ``subcommittees`` (the roster of a meeting follows the members' terms).
Approved minutes and a read-only role leave the record visible and the editing
controls greyed out; the services refuse such edits anyway.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QShowEvent
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QButtonGroup, QComboBox, QFileDialog, QFrame, QGridLayout,
                               QGroupBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QMenu, QPlainTextEdit,
                               QPushButton, QScrollArea, QSplitter, QStackedWidget, QTableView, QTabWidget,
                               QToolButton, QVBoxLayout, QWidget)

from app.areas import Change
from app import codes
from app.errors import AppError, render
from app.meetings import codes as mc
from app.meetings.actions import add_follow_up_report
from app.meetings.agenda import delete_agenda_item, move_agenda_item
from app.meetings.attachments import add_attachment, delete_attachment, save_attachment_as
from app.meetings.core import (ActionView, AddendumView, AgendaItemView, AttachmentView, AttendanceRow, GuestView,
                               MeetingDetail, MeetingView)
from app.meetings.meetings import (AttendanceEntry, delete_meeting, list_meetings, mark_meeting_held,
                                   record_attendance, remove_guest, update_minutes_text)
from app.meetings.minutes import MinutesIntegrity, part_labels
from app.meetings.pages import MeetingListRow, load_meeting_list, load_meeting_page, match_meetings
from app.meetings.rules import QuorumView
from app.security.permissions import Permission
from ui import appearance, clock, messages, ops
from ui.dialogs.vote_dialog import quorum_text
from ui.i18n import N_, language, tr
from ui.signals import app_signals, touches
from ui.state import AppState
from ui.table_model import CENTER, RIGHT, Column, FilterProxy, RowStyle, TableModel
from ui.tabs.member_columns import fmt
from ui.widgets import Banner, EmptyState

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


def _recorded(q: QuorumView) -> bool:
    return q.unrecorded < q.enrolled


def _attendance(r: MeetingRow, lang: str) -> str:
    q = r.quorum
    return f"{q.present} / {q.enrolled}" if _recorded(q) else f"- / {q.enrolled}"


def _quorum(r: MeetingRow, lang: str) -> str:
    if not _recorded(r.quorum):
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
    Column("quorum", "정족수", "Quorum", _quorum, lambda r: (_recorded(r.quorum), r.quorum.met), CENTER),
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


def _item_number(i: AgendaItemView, lang: str) -> str:
    return i.number_label if lang == "ko" else f"{codes.label(mc.ITEM_KIND, i.kind, lang)} {i.number}"


def _votes(i: AgendaItemView, lang: str) -> str:
    if i.votes_yes is None:
        return ""
    return f"{i.votes_yes} · {i.votes_no} · {i.votes_abstain}"


AGENDA_COLUMNS: tuple[Column[AgendaItemView], ...] = (
    Column("seq", "순서", "Order", lambda i, l: str(i.seq), lambda i: i.seq, CENTER),
    Column("kind", "구분", "Kind", lambda i, l: codes.label(mc.ITEM_KIND, i.kind, l), align=CENTER),
    Column("number", "번호", "Number", _item_number),
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


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _html_lines(text: str) -> str:
    return _esc(text).replace("\n", "<br>")


def _scrolling(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.viewport().setAutoFillBackground(False)  # the page's own background shows through
    widget.setAutoFillBackground(False)
    return area


def _rich_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _table(model: TableModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.verticalHeader().hide()
    view.horizontalHeader().setHighlightSections(False)
    view.horizontalHeader().setStretchLastSection(True)
    return view


def _table_html(rows: list[tuple[str, str]]) -> str:
    html = "<table cellspacing='0' cellpadding='3'>"
    for name, value in rows:
        html += (f"<tr><td style='color:#555; padding-right:14px; white-space: nowrap;' valign='top'>{_esc(name)}</td>"
                 f"<td>{value}</td></tr>")
    return html + "</table>"


class AttendanceChoice(QWidget):
    """출석 | 결석 | 사유결석 as three toggle buttons: one click records, the choice is visible."""

    chosen = Signal(str, str)  # member id, status

    BASE = ("QPushButton { padding: 3px 10px; border: 1px solid #bdbdbd; border-radius: 4px; background: #fbfbfb; }"
            "QPushButton:hover { background: #f0f4f8; }"
            "QPushButton:disabled { color: #9a9a9a; background: #f4f4f4; }")
    STYLES = {
        "present": "QPushButton:checked { background: #d7efdd; border-color: #3a8a55; color: #1e5631; }",
        "absent": "QPushButton:checked { background: #f6dcda; border-color: #b3261e; color: #7d1a14; }",
        "excused": "QPushButton:checked { background: #fff1c9; border-color: #c9a227; color: #5a4300; }",
    }

    def __init__(self, member_id: str, status: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.member_id = member_id
        self.setAutoFillBackground(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(2, 1, 2, 1)
        layout.setSpacing(2)
        self.group = QButtonGroup(self)
        self.group.setExclusive(False)  # so a row can show "not recorded yet" (none checked)
        self.buttons: dict[str, QPushButton] = {}
        for code in mc.ATTENDANCE:
            button = QPushButton()
            button.setCheckable(True)
            button.setStyleSheet(self.BASE + self.STYLES[code])
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            button.clicked.connect(lambda _c=False, code=code: self.on_button_clicked(code))
            self.buttons[code] = button
            self.group.addButton(button)
            layout.addWidget(button)
        self.status: str | None = None
        self.set_status(status)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        lang = language()
        for code, button in self.buttons.items():
            button.setText(codes.label(mc.ATTENDANCE, code, lang))
        # Equal widths keep the three columns of buttons lined up from row to row.
        width = max(b.sizeHint().width() for b in self.buttons.values())
        for button in self.buttons.values():
            button.setFixedWidth(width)

    def set_status(self, status: str | None) -> None:
        self.status = status
        for code, button in self.buttons.items():
            button.setChecked(code == status)

    def on_button_clicked(self, code: str) -> None:
        if code == self.status:
            self.set_status(code)  # clicking the chosen one again keeps it (no "unrecord" by accident)
            return
        self.set_status(code)
        self.chosen.emit(self.member_id, code)


# ---------------------------------------------------------------- the tab

class MeetingsTab(QWidget):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self._dirty = False
        self._balanced = False
        self._quiet = False
        self._applying = False
        self._can_edit = True
        self._can_print = True
        self._all_count = 0
        self._match_ids: set[str] = set()
        self.detail: MeetingDetail | None = None
        self.integrity: MinutesIntegrity | None = None
        self.choices: dict[str, AttendanceChoice] = {}
        self.note_edits: dict[str, QLineEdit] = {}

        # -- top row: search, scope, year, create
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(260)
        self.scope_label = QLabel()
        self.scope_combo = QComboBox()
        for code, _ko in SCOPES:
            self.scope_combo.addItem("", code)
        self.scope_label.setBuddy(self.scope_combo)
        self.year_label = QLabel()
        self.year_combo = QComboBox()
        self.year_combo.addItem("", None)
        self.year_label.setBuddy(self.year_combo)
        self.create_button = QPushButton()
        self.create_button.setStyleSheet("font-weight: bold;")
        top = QHBoxLayout()
        top.addWidget(self.search, 2)
        top.addSpacing(8)
        top.addWidget(self.scope_label)
        top.addWidget(self.scope_combo)
        top.addSpacing(8)
        top.addWidget(self.year_label)
        top.addWidget(self.year_combo)
        top.addStretch(1)
        top.addWidget(self.create_button)

        self.banner = Banner()

        # -- the list
        self.model: TableModel[MeetingRow] = TableModel(MEETING_COLUMNS, style=self._row_style, parent=self)
        self.proxy = FilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.set_matcher(lambda row, _q: row.id in self._match_ids)
        self.table = _table(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
        self.empty = EmptyState()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)

        # -- the selected meeting
        self.title_label = QLabel()
        self.title_label.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self.title_label.setWordWrap(True)
        self.chip = QLabel()
        self.print_button = QToolButton()
        self.print_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.print_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.print_menu = QMenu(self)
        self.print_actions = {}
        for key, _fn, _ko in DOCUMENTS:
            action = self.print_menu.addAction("")
            action.triggered.connect(lambda _c=False, key=key: self.print_document(key))
            self.print_actions[key] = action
        self.print_button.setMenu(self.print_menu)
        head = QHBoxLayout()
        head.addWidget(self.title_label, 1)
        head.addWidget(self.chip)
        head.addSpacing(8)
        head.addWidget(self.print_button)
        self.notice_banner = Banner()
        self.info_line = QLabel()
        self.info_line.setWordWrap(True)
        self.info_line.setStyleSheet(INFO_STYLE)
        self.sections = QTabWidget()
        self.sections.addTab(self._build_info(), "")
        self.sections.addTab(self._build_attendance(), "")
        self.sections.addTab(self._build_items(), "")
        self.sections.addTab(self._build_actions(), "")
        self.sections.addTab(self._build_minutes(), "")
        self.sections.addTab(self._build_attachments(), "")
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addLayout(head)
        detail_layout.addWidget(self.notice_banner)
        detail_layout.addWidget(self.info_line)
        detail_layout.addWidget(self.sections, 1)
        self.detail_empty = EmptyState()
        self.detail_stack = QStackedWidget()
        self.detail_stack.addWidget(detail)
        self.detail_stack.addWidget(self.detail_empty)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.stack)
        self.splitter.addWidget(self.detail_stack)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([600, 700])

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(self.splitter, 1)

        # -- wiring
        self.search.textChanged.connect(self.on_search_textChanged)
        self.scope_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.year_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.create_button.clicked.connect(self.on_create_clicked)
        self.table.selectionModel().currentRowChanged.connect(self.on_table_currentRowChanged)
        self.table.activated.connect(lambda _i: self.sections.setCurrentIndex(0))
        signals = app_signals()
        signals.language_changed.connect(self.retranslate_ui)
        signals.data_changed.connect(self.on_data_changed)
        signals.settings_changed.connect(self.on_settings_changed)

        self.set_permissions(state.db.actor)
        self.retranslate_ui()
        self.on_settings_changed()
        self.refresh()

    # ---------------------------------------------------------------- building the sections
    def _buttons(self, row: QHBoxLayout | QVBoxLayout, specs: tuple[tuple[str, object], ...]) -> None:
        for key, slot in specs:
            button = QPushButton()
            button.clicked.connect(lambda _c=False, slot=slot: slot())  # type: ignore[operator]
            self.buttons[key] = button
            row.addWidget(button)

    def _build_info(self) -> QWidget:
        self.buttons: dict[str, QPushButton] = {}
        page = QWidget()
        self.info = _rich_label()
        row = QHBoxLayout()
        self._buttons(row, (("edit_meeting", self.on_edit_meeting_clicked),
                            ("delete_meeting", self.on_delete_meeting_clicked)))
        row.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addWidget(_scrolling(self.info), 1)
        layout.addLayout(row)
        return page

    def _build_attendance(self) -> QWidget:
        page = QWidget()
        self.quorum_label = QLabel()
        self.quorum_label.setWordWrap(True)
        self.quorum_counts = QLabel()
        self.quorum_counts.setStyleSheet("color: #555;")
        self.attendance_note = QLabel()
        self.attendance_note.setWordWrap(True)
        self.attendance_note.setStyleSheet("color: #555;")
        row = QHBoxLayout()
        row.addWidget(self.quorum_label, 1)
        self._buttons(row, (("all_present", self.on_all_present_clicked),))
        self.roster_model: TableModel[AttendanceRow] = TableModel(ROSTER_COLUMNS, parent=self)
        self.roster_table = _table(self.roster_model)
        self.roster_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.roster_table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.guests_label = QLabel()
        self.guest_model: TableModel[GuestView] = TableModel(GUEST_COLUMNS, parent=self)
        self.guest_table = _table(self.guest_model)
        self.guest_table.setMaximumHeight(96)
        guest_row = QHBoxLayout()
        guest_row.addWidget(self.guests_label)
        guest_row.addStretch(1)
        self._buttons(guest_row, (("add_guest", self.on_add_guest_clicked),
                                  ("remove_guest", self.on_remove_guest_clicked)))
        self.guest_table.selectionModel().currentRowChanged.connect(lambda *_: self._update_controls())
        layout = QVBoxLayout(page)
        layout.addLayout(row)
        layout.addWidget(self.quorum_counts)
        layout.addWidget(self.attendance_note)
        layout.addWidget(self.roster_table, 1)
        layout.addLayout(guest_row)
        layout.addWidget(self.guest_table)
        return page

    def _build_items(self) -> QWidget:
        page = QWidget()
        row = QHBoxLayout()
        self._buttons(row, (("add_item", self.on_add_item_clicked), ("follow_up_report", self.on_follow_up_report_clicked),
                            ("edit_item", self.on_edit_item_clicked), ("delete_item", self.on_delete_item_clicked)))
        row.addStretch(1)
        self.item_model: TableModel[AgendaItemView] = TableModel(AGENDA_COLUMNS, parent=self)
        self.item_table = _table(self.item_model)
        header = self.item_table.horizontalHeader()
        header.setStretchLastSection(False)
        for col in range(len(AGENDA_COLUMNS)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.item_table.selectionModel().currentRowChanged.connect(lambda *_: self._show_item())
        self.item_table.activated.connect(lambda _i: self.buttons["vote"].isEnabled() and self.on_vote_clicked())
        # The selected item, with the button that records its result right beside it.
        self.item_detail = _rich_label()
        item_pane = QWidget()
        pane_layout = QHBoxLayout(item_pane)
        pane_layout.setContentsMargins(0, 0, 0, 0)
        pane_layout.addWidget(_scrolling(self.item_detail), 1)
        vote_column = QVBoxLayout()
        self._buttons(vote_column, (("vote", self.on_vote_clicked),))
        vote_column.addSpacing(12)
        self._buttons(vote_column, (("item_up", lambda: self.move_item(-1)), ("item_down", lambda: self.move_item(1))))
        vote_column.addStretch(1)
        pane_layout.addLayout(vote_column)
        self.buttons["vote"].setStyleSheet("font-weight: bold;")
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.item_table)
        splitter.addWidget(item_pane)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([200, 220])
        layout = QVBoxLayout(page)
        layout.addLayout(row)
        layout.addWidget(splitter, 1)
        return page

    def _build_actions(self) -> QWidget:
        page = QWidget()
        row = QHBoxLayout()
        self._buttons(row, (("add_action", self.on_add_action_clicked), ("edit_action", self.on_edit_action_clicked),
                            ("action_status", self.on_action_status_clicked)))
        row.addStretch(1)
        self.action_model: TableModel[ActionView] = TableModel(ACTION_COLUMNS, style=self._action_style, parent=self)
        self.action_table = _table(self.action_model)
        self.action_table.selectionModel().currentRowChanged.connect(lambda *_: self._update_controls())
        self.action_table.activated.connect(
            lambda _i: self.buttons["action_status"].isEnabled() and self.on_action_status_clicked())
        self.actions_note = QLabel()
        self.actions_note.setWordWrap(True)
        self.actions_note.setStyleSheet("color: #555;")
        layout = QVBoxLayout(page)
        layout.addLayout(row)
        layout.addWidget(self.action_table, 1)
        layout.addWidget(self.actions_note)
        return page

    def _build_minutes(self) -> QWidget:
        page = QWidget()
        self.minutes_state = _rich_label()
        self.integrity_label = QLabel()
        self.integrity_label.setWordWrap(True)
        self.integrity_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.minutes_box = QGroupBox()
        grid = QGridLayout(self.minutes_box)
        self.end_time = QLineEdit()
        self.end_time.setMaximumWidth(120)
        self.recorder = QLineEdit()
        self.other_business = QPlainTextEdit()
        self.other_business.setFixedHeight(60)
        self.minutes_labels = [QLabel(), QLabel(), QLabel()]
        for i, (label, widget) in enumerate(zip(self.minutes_labels, (self.end_time, self.recorder,
                                                                       self.other_business))):
            label.setBuddy(widget)
            grid.addWidget(label, i, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(widget, i, 1)
        grid.setColumnStretch(1, 1)
        row = QHBoxLayout()
        self._buttons(row, (("mark_held", self.on_mark_held_clicked), ("save_minutes", self.on_save_minutes_clicked)))
        row.addStretch(1)
        self._buttons(row, (("approve", self.on_approve_clicked),))
        self.buttons["approve"].setStyleSheet("font-weight: bold;")
        grid.addLayout(row, 3, 0, 1, 2)
        self.addenda_box = QGroupBox()
        self.addendum_model: TableModel[AddendumView] = TableModel(ADDENDUM_COLUMNS, parent=self)
        self.addendum_table = _table(self.addendum_model)
        self.addendum_table.setMinimumHeight(70)
        self.versions_label = QLabel()
        self.versions_label.setWordWrap(True)
        self.versions_label.setStyleSheet("color: #555;")
        add_row = QHBoxLayout()
        add_row.addWidget(self.versions_label, 1)
        self._buttons(add_row, (("addendum", self.on_addendum_clicked),))
        addenda_layout = QVBoxLayout(self.addenda_box)
        addenda_layout.addLayout(add_row)
        addenda_layout.addWidget(self.addendum_table, 1)
        layout = QVBoxLayout(page)
        layout.addWidget(self.minutes_state)
        layout.addWidget(self.integrity_label)
        layout.addWidget(self.minutes_box)
        layout.addWidget(self.addenda_box, 1)
        # Large fonts must never squeeze the fields over each other: the page scrolls instead.
        area = _scrolling(page)
        area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        return area

    def _build_attachments(self) -> QWidget:
        page = QWidget()
        row = QHBoxLayout()
        self._buttons(row, (("add_attachment", self.on_add_attachment_clicked),
                            ("save_attachment", self.on_save_attachment_clicked),
                            ("delete_attachment", self.on_delete_attachment_clicked)))
        row.addStretch(1)
        self.attachment_model: TableModel[AttachmentView] = TableModel(ATTACHMENT_COLUMNS, parent=self)
        self.attachment_table = _table(self.attachment_model)
        self.attachment_table.selectionModel().currentRowChanged.connect(lambda *_: self._update_controls())
        self.attachments_note = QLabel()
        self.attachments_note.setWordWrap(True)
        self.attachments_note.setStyleSheet("color: #555;")
        layout = QVBoxLayout(page)
        layout.addLayout(row)
        layout.addWidget(self.attachment_table, 1)
        layout.addWidget(self.attachments_note)
        return page

    # ---------------------------------------------------------------- text
    def retranslate_ui(self) -> None:
        self.search.setPlaceholderText(tr("회의 이름, 장소, 안건으로 찾기"))
        self.scope_label.setText(tr("보기:"))
        for i, (_code, ko) in enumerate(SCOPES):
            self.scope_combo.setItemText(i, tr(ko))
        self.year_label.setText(tr("연도:"))
        self.year_combo.setItemText(0, tr("모든 연도"))
        for i in range(1, self.year_combo.count()):
            self.year_combo.setItemText(i, tr("{year}년").format(year=self.year_combo.itemData(i)))
        self.create_button.setText(tr("회의 만들기…"))
        self.print_button.setText(tr("인쇄(PDF)"))
        for key, _fn, ko in DOCUMENTS:
            self.print_actions[key].setText(tr(ko) + "…")
        for i, (_key, ko) in enumerate(SECTIONS):
            self.sections.setTabText(i, tr(ko))
        texts = {
            "edit_meeting": tr("회의 정보 수정…"), "delete_meeting": tr("회의 삭제"),
            "all_present": tr("남은 위원 모두 출석"), "add_guest": tr("배석자 추가…"), "remove_guest": tr("배석자 빼기"),
            "add_item": tr("안건 추가…"), "edit_item": tr("수정…"), "delete_item": tr("삭제"),
            "item_up": tr("▲ 순서 위로"), "item_down": tr("▼ 순서 아래로"), "vote": tr("의결 결과 기록…"),
            "follow_up_report": tr("후속조치 보고 넣기"),
            "add_action": tr("후속조치 추가…"), "edit_action": tr("수정…"), "action_status": tr("진행 상황…"),
            "mark_held": tr("개최로 표시"), "save_minutes": tr("회의록 저장"), "approve": tr("회의록 승인…"),
            "addendum": tr("정정 기록 추가…"),
            "add_attachment": tr("파일 추가…"), "save_attachment": tr("다른 이름으로 저장…"),
            "delete_attachment": tr("삭제"),
        }
        for key, text in texts.items():
            self.buttons[key].setText(text)
        self.buttons["follow_up_report"].setToolTip(
            tr("앞선 회의에서 정한 후속조치 중 끝나지 않은 것을 보고 안건으로 넣습니다."))
        self.guests_label.setText(tr("배석 (위원이 아닌 참석자)"))
        self.minutes_box.setTitle(tr("회의록 내용"))
        self.addenda_box.setTitle(tr("정정 기록 (승인 뒤 고친 내용)"))
        for label, ko in zip(self.minutes_labels, (N_("폐회 시각"), N_("기록자"), N_("기타 사항"))):
            label.setText(tr(ko))
        self.end_time.setPlaceholderText(tr("예: 15:30"))
        self.detail_empty.setText(tr("회의를 고르면 자세한 내용이 여기에 나옵니다."))
        for choice in self.choices.values():
            choice.retranslate_ui()
        for model in (self.model, self.roster_model, self.guest_model, self.item_model, self.action_model,
                      self.addendum_model, self.attachment_model):
            model.retranslate()
        self._update_empty_state()
        self._show_banner()
        self._show_detail()

    def on_settings_changed(self) -> None:
        self.set_permissions(self.state.db.actor)
        for view in (self.table, self.guest_table, self.item_table, self.action_table, self.addendum_table,
                     self.attachment_table):
            appearance.fit_rows(view)
        self._fit_roster_rows()

    def fit_columns(self) -> None:
        """Columns fit their contents; the place is cut short (its tooltip has it all)."""
        self.table.resizeColumnsToContents()
        char = QFontMetrics(QApplication.font()).horizontalAdvance("가")
        place = self.model.column_index("place")
        self.table.setColumnWidth(place, min(self.table.columnWidth(place), char * PLACE_CHARS))

    def _fit_roster_rows(self) -> None:
        appearance.fit_rows(self.roster_table)
        sample = AttendanceChoice("", None)
        height = max(self.roster_table.verticalHeader().defaultSectionSize(), sample.sizeHint().height() + 4)
        sample.deleteLater()
        self.roster_table.verticalHeader().setDefaultSectionSize(height)

    # ---------------------------------------------------------------- loading
    def on_data_changed(self, changes: set[str]) -> None:
        if not touches(changes, Change.MEETINGS, Change.MEMBERS, Change.SUBCOMMITTEES):
            return
        if self._applying:
            return  # our own change, already on screen
        if self.window().isVisible() and not self.isVisible():
            self._dirty = True
            return
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._balanced:
            self._balanced = True
            self.balance_splitter()
        if self._dirty:
            self.refresh()

    def balance_splitter(self) -> None:
        """Give the list the width its columns need, and the meeting the rest."""
        header = self.table.horizontalHeader()
        needed = header.length() + self.table.verticalScrollBar().sizeHint().width() + 2 * self.table.frameWidth() + 4
        total = sum(self.splitter.sizes())
        rest = max(self.detail_stack.minimumSizeHint().width(), total - needed)
        if total > 0:
            self.splitter.setSizes([max(200, total - rest), rest])

    def scope(self) -> str:
        return self.scope_combo.currentData() or "all"

    def year(self) -> int | None:
        return self.year_combo.currentData()

    def refresh(self) -> None:
        if self.state.db.actor is None:
            return  # logged out: nothing to show until the next login switches the database
        self._dirty = False
        self.set_permissions(self.state.db.actor)
        self._reload_list(self.current_id())
        self._show_banner()
        self.load_detail()

    def _reload_list(self, keep: str | None) -> None:
        """Reload the list and select ``keep`` (or the first meeting) without reloading the detail.

        One unit of work on the worker (``load_meeting_list``): rows with their counts, the
        years, the overdue follow-ups for the banner and the search's matches."""
        today, scope, year, query = clock.today(), self.scope(), self.year(), self.search.text().strip()
        listing = ops.call(load_meeting_list, self.state.uow(), today, scope, year, query)
        self._all_count = listing.all_count
        self._overdue = listing.overdue
        self._load_years(list(listing.years))
        if self.year() != year:  # the year shown had no meetings left: list the one now chosen
            listing = ops.call(load_meeting_list, self.state.uow(), today, scope, self.year(), query)
        if listing.matches is not None:
            self._match_ids = set(listing.matches)
        rows = list(listing.rows)
        self._quiet = True
        try:
            self.model.set_rows(rows)
            self.fit_columns()
            self._apply_search()
            if not (keep and self.select_meeting(keep, load=False)) and self.proxy.rowCount():
                self.table.selectionModel().setCurrentIndex(
                    self.proxy.index(0, 0),
                    QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        finally:
            self._quiet = False
        self._update_empty_state()

    def _load_years(self, years: list[int]) -> None:
        current = self.year()
        have = [self.year_combo.itemData(i) for i in range(1, self.year_combo.count())]
        if have == years:
            return
        self.year_combo.blockSignals(True)
        while self.year_combo.count() > 1:
            self.year_combo.removeItem(1)
        for year in years:
            self.year_combo.addItem(tr("{year}년").format(year=year), year)
        self.year_combo.setCurrentIndex(max(0, self.year_combo.findData(current)) if current else 0)
        self.year_combo.blockSignals(False)

    def _apply_search(self) -> None:
        text = self.search.text().strip()
        if text:
            self._match_ids = set(ops.call(match_meetings, self.state.uow(), clock.today(), text, self.scope(),
                                           self.year()))
        self.proxy.set_query("")
        self.proxy.set_query(text)

    def _row_style(self, row: MeetingRow) -> RowStyle | None:
        if row.summary.notice_warning is not None:
            return RowStyle(background=NOTICE_BACKGROUND, foreground=SHORT_FOREGROUND)
        if row.meeting.status == "planned":
            return RowStyle(foreground=PLANNED_FOREGROUND)
        return None

    def _action_style(self, action: ActionView) -> RowStyle | None:
        if action.is_overdue:
            return RowStyle(background=OVERDUE_BACKGROUND, foreground=OVERDUE_FOREGROUND)
        if not action.is_open:
            return RowStyle(foreground=MUTED_FOREGROUND)
        return None

    def _update_empty_state(self) -> None:
        if self._all_count == 0:
            self.empty.setText(tr("기록된 회의가 없습니다. [회의 만들기]로 첫 회의를 만드세요."))
            self.stack.setCurrentWidget(self.empty)
        elif self.proxy.rowCount() == 0:
            self.empty.setText(tr("조건에 맞는 회의가 없습니다. 찾는 말이나 보기 조건을 바꿔 보세요."))
            self.stack.setCurrentWidget(self.empty)
        else:
            self.stack.setCurrentWidget(self.table)

    def _show_banner(self) -> None:
        """Overdue follow-ups across all meetings, and upcoming meetings called on short notice."""
        if self.state.db.actor is None or not hasattr(self, "model"):
            return
        lang = language()
        lines = []
        for row in self.model.rows:
            if row.summary.notice_warning is not None:
                lines.append(f"{meeting_title(row.meeting, lang)}: {row.summary.notice_warning.message(lang)}")
        for action in getattr(self, "_overdue", ()):
            owner = f"{action.owner}, " if action.owner else ""
            lines.append(tr("후속조치 기한이 {days}일 지났습니다: {what} ({owner}기한 {due}) — {meeting}").format(
                days=action.overdue_days, what=action.what, owner=owner, due=fmt(action.due_on, lang),
                meeting=action.meeting_label))
        self.banner.set_lines(tr("확인할 일"), lines)

    # ---------------------------------------------------------------- selection
    def current_row(self) -> MeetingRow | None:
        index = self.table.currentIndex()
        if not index.isValid() or self.proxy.rowCount() == 0:
            return None
        return self.proxy.row_object(index.row())

    def current_id(self) -> str | None:
        row = self.current_row()
        return row.id if row is not None else None

    def select_meeting(self, meeting_id: str, load: bool = True) -> bool:
        row = self.proxy.proxy_row_of(lambda r: r.id == meeting_id)
        if row < 0:
            return False
        index = self.proxy.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)
        if load and (self.detail is None or self.detail.meeting.id != meeting_id):
            self.load_detail()
        return True

    def on_table_currentRowChanged(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        if not self._quiet:
            self.load_detail()

    def load_detail(self) -> None:
        row = self.current_row()
        self.detail = None
        self.integrity = None
        self.actions: list[ActionView] = []
        if row is not None:
            today = clock.today()
            try:
                page = ops.call(load_meeting_page, self.state.uow(), row.id, today)
            except AppError:
                page = None
            if page is not None:
                self.detail, self.actions, self.integrity = page.detail, list(page.actions), page.integrity
        self._show_detail()

    # ---------------------------------------------------------------- showing the meeting
    def _show_detail(self) -> None:
        if not hasattr(self, "actions"):
            return
        detail = self.detail
        if detail is None:
            self.detail_stack.setCurrentWidget(self.detail_empty)
            self._fill_roster(None)
            for model in (self.guest_model, self.item_model, self.action_model, self.addendum_model,
                          self.attachment_model):
                model.set_rows([])
            self._update_controls()
            return
        self.detail_stack.setCurrentIndex(0)
        lang = language()
        m = detail.meeting
        self.title_label.setText(meeting_title(m, lang))
        self.chip.setText(tr(STATUS_SHORT.get(m.status, m.status)))
        self.chip.setStyleSheet(CHIP_STYLES.get(m.status, "") + " border-radius: 10px; padding: 3px 12px;")
        warning = detail.notice_warning if m.status == "planned" else None
        self.notice_banner.set_lines(tr("소집 통지"), [warning.message(lang)] if warning else [])
        self._show_info_line()
        self._show_info()
        self._fill_roster(detail)
        self._show_quorum()
        self.guest_model.set_rows(list(detail.guests))
        self._fill_items(detail)
        self.action_model.set_rows(self.actions)
        self.action_table.resizeColumnsToContents()
        char = QFontMetrics(QApplication.font()).horizontalAdvance("가")
        for key in ("what", "item"):
            col = self.action_model.column_index(key)
            self.action_table.setColumnWidth(col, min(self.action_table.columnWidth(col), char * 10))
        self.actions_note.setText(tr("기한이 지난 후속조치는 주황색으로 표시됩니다. 승인된 회의록에서도 진행 상황은 기록할 수 있습니다."))
        self._show_minutes()
        self.attachment_model.set_rows(list(detail.attachments))
        self.attachment_table.resizeColumnsToContents()
        self.attachments_note.setText(
            tr("서명한 출석부 스캔본, 배포 자료, 사진 등을 20MB까지 첨부할 수 있습니다.") if not detail.attachments
            else tr("첨부파일 {n}개").format(n=len(detail.attachments)))
        self._update_controls()

    def _show_info_line(self) -> None:
        detail = self.detail
        if detail is None:
            return
        m = detail.meeting
        lines = []
        if not self._can_edit:
            lines.append(tr("보기 전용 계정입니다. 회의 기록을 볼 수 있지만 바꿀 수는 없습니다."))
        if m.is_locked:
            lines.append(tr("회의록이 {date}에 승인되어 잠겨 있습니다({by}). 고칠 내용은 [회의록]의 [정정 기록 추가]로 남기세요.").format(
                date=fmt(m.minutes_approved_on, language()), by=m.minutes_approved_by))
        elif m.held_on > clock.today():
            lines.append(tr("회의 전입니다. 출석과 의결 결과는 회의가 열린 날부터 기록할 수 있습니다."))
        self.info_line.setText("\n".join(lines))
        self.info_line.setVisible(bool(lines))

    def _show_info(self) -> None:
        detail = self.detail
        assert detail is not None
        lang = language()
        m = detail.meeting
        kind = codes.label(mc.MEETING_KIND, m.kind, lang)
        if m.kind == "subcommittee":
            kind += f" ({m.subcommittee_name})"
        called = codes.label(mc.CALLED_BY, m.called_by, lang)
        if m.called_by == "members_request" and m.requested_by_count:
            called += " " + tr("({n}명 요구)").format(n=m.requested_by_count)
        notice = fmt(m.notice_on, lang) or tr("없음")
        if m.urgent:
            notice += " · " + tr("긴급 소집")
        elif detail.notice_warning is not None and m.status == "planned":
            notice = f"<span style='color:#8a5a00'>{_esc(notice)} — {_esc(detail.notice_warning.message(lang))}</span>"
        rows = [
            (tr("회의명"), _esc(meeting_title(m, lang))),
            (tr("구분"), _esc(kind)),
            (tr("일시"), _esc(when_text(m, lang, with_end=True))),
            (tr("장소"), _esc(m.place)),
            (tr("소집"), _esc(called)),
            (tr("통지일"), notice if "<span" in notice else _esc(notice)),
            (tr("기록자"), _esc(m.recorder) or tr("(정하지 않음)")),
            (tr("상태"), _esc(codes.label(mc.MEETING_STATUS, m.status, lang))),
            (tr("안건"), _esc(tr("{n}건").format(n=len(detail.items)))),
            (tr("배석"), _esc(", ".join(g.name for g in detail.guests) or tr("없음"))),
        ]
        if m.title:
            rows.insert(1, (tr("회의 제목"), _esc(m.title)))
        if m.note:
            rows.append((tr("비고"), _html_lines(m.note)))
        self.info.setText(_table_html(rows))

    def _fill_roster(self, detail: MeetingDetail | None) -> None:
        self.choices.clear()
        self.note_edits.clear()
        self.roster_model.set_rows(list(detail.roster) if detail else [])
        if detail is None:
            return
        status_col = self.roster_model.column_index("status")
        note_col = self.roster_model.column_index("note")
        for row, att in enumerate(detail.roster):
            choice = AttendanceChoice(att.member_id, att.status)
            choice.chosen.connect(self.on_attendance_chosen)
            self.roster_table.setIndexWidget(self.roster_model.index(row, status_col), choice)
            note = QLineEdit(att.note)
            note.setPlaceholderText(tr("결석 사유 등"))
            note.editingFinished.connect(lambda member_id=att.member_id: self.on_attendance_note_edited(member_id))
            self.roster_table.setIndexWidget(self.roster_model.index(row, note_col), note)
            self.choices[att.member_id] = choice
            self.note_edits[att.member_id] = note
        self.roster_table.resizeColumnsToContents()
        char = QFontMetrics(QApplication.font()).horizontalAdvance("가")
        affiliation = self.roster_model.column_index("affiliation")
        self.roster_table.setColumnWidth(affiliation, min(self.roster_table.columnWidth(affiliation), char * 9))
        if self.choices:
            widest = max(c.sizeHint().width() for c in self.choices.values())
            self.roster_table.setColumnWidth(status_col, widest + 6)
        self.roster_table.setColumnWidth(note_col, char * 8)

    def _show_quorum(self) -> None:
        detail = self.detail
        if detail is None:
            return
        q = detail.quorum
        self.quorum_label.setText(quorum_text(q.enrolled, q.present, q.needed, q.met))
        recorded = _recorded(q)
        style = (GOOD_STYLE if q.met else SHORT_STYLE) if recorded else "color: #333;"
        self.quorum_label.setStyleSheet(style + " font-size: 13pt; font-weight: bold;")
        self.quorum_counts.setText(tr("출석 {present} · 결석 {absent} · 사유결석 {excused} · 아직 기록 안 함 {unrecorded}").format(
            present=q.present, absent=q.absent, excused=q.excused, unrecorded=q.unrecorded))
        m = detail.meeting
        if m.is_locked:
            note = tr("승인된 회의록의 출석입니다(고칠 수 없음).")
        elif m.held_on > clock.today():
            note = tr("{date}에 열릴 회의입니다. 명단은 그날 임기 중인 위원입니다. 출석은 회의 날부터 기록합니다.").format(
                date=fmt(m.held_on, language()))
        else:
            note = tr("명단은 회의일에 임기 중인 위원입니다. 누르는 즉시 저장되고 정족수가 바로 바뀝니다.")
        self.attendance_note.setText(note)

    def _fill_items(self, detail: MeetingDetail) -> None:
        keep = self.current_item()
        self.item_model.set_rows(list(detail.items))
        if not (keep is not None and self.select_item(keep.id)) and detail.items:
            self.item_table.selectRow(0)
        self._show_item()

    def _show_item(self) -> None:
        item = self.current_item()
        if item is None:
            self.item_detail.setText(f"<span style='color:#666'>{_esc(tr('안건을 고르면 내용이 여기에 나옵니다.'))}</span>")
            self._update_controls()
            return
        lang = language()
        rows = [(tr("제안자"), _esc(item.proposer) or "-"),
                (tr("제안 설명"), _html_lines(item.explanation) or "-"),
                (tr("토의 내용"), _html_lines(item.discussion) or "-")]
        if item.kind == "resolution":
            result = codes.label(mc.RESULT, item.result, lang) if item.result else tr("(아직 기록 안 함)")
            if item.votes_yes is not None:
                result += " — " + tr("찬성 {yes}, 반대 {no}, 기권 {abstain}").format(
                    yes=item.votes_yes, no=item.votes_no, abstain=item.votes_abstain)
            if item.casting_vote:
                result += " · " + tr("위원장 결정: {v}").format(v=codes.label(mc.CASTING_VOTE, item.casting_vote, lang))
            rows.append((tr("의결 결과"), f"<b>{_esc(result)}</b>"))
            if item.result_note:
                rows.append((tr("결과 비고"), _html_lines(item.result_note)))
            if item.recusals:
                rows.append((tr("제척·회피"), _esc(", ".join(
                    f"{r.name}" + (f"({r.reason})" if r.reason else "") for r in item.recusals))))
        if item.actions:
            rows.append((tr("후속조치"), _esc("; ".join(a.what for a in item.actions))))
        title = f"<p style='font-size: large;'><b>{_esc(_item_number(item, lang))}  {_esc(item.title)}</b></p>"
        self.item_detail.setText(title + _table_html(rows))
        self._update_controls()

    def _show_minutes(self) -> None:
        detail = self.detail
        assert detail is not None
        lang = language()
        m = detail.meeting
        if m.status == "approved":
            state = tr("승인됨: {date} {by}").format(date=fmt(m.minutes_approved_on, lang), by=m.minutes_approved_by)
            state = f"<b style='color:#1e5631'>{_esc(state)}</b>"
        elif m.status == "held":
            state = f"<b>{_esc(tr('작성 중 (아직 승인 전)'))}</b> — " + _esc(
                tr("출석·안건·결과를 모두 기록한 뒤 다음 회의에서 승인합니다."))
        else:
            state = f"<b>{_esc(tr('회의 전'))}</b> — " + _esc(
                tr("회의가 끝나면 폐회 시각을 넣고 [개최로 표시]를 누르세요."))
        self.minutes_state.setText(f"<p style='font-size: large;'>{tr('회의록')}: {state}</p>")
        integrity = self.integrity
        if integrity is None or integrity.version is None:
            self.integrity_label.hide()
        elif integrity.intact:
            self.integrity_label.setText(tr("승인된 내용 그대로입니다 (제{version}판, 확인값 {hash}…).").format(
                version=integrity.version, hash=integrity.current_hash[:12]))
            self.integrity_label.setStyleSheet(GOOD_STYLE)
            self.integrity_label.show()
        else:
            text = render("minutes_tampered", {"label": meeting_title(m, lang), "version": integrity.version,
                                               "parts": part_labels(integrity.changed_parts)}, lang)
            self.integrity_label.setText(text)
            self.integrity_label.setStyleSheet(
                "background: #fff4d6; color: #5a4300; border: 1px solid #e8c66a; border-radius: 6px; padding: 6px 10px;")
            self.integrity_label.show()
        self.end_time.setText(m.end_time or "")
        self.recorder.setText(m.recorder)
        self.other_business.setPlainText(m.other_business)
        self.addendum_model.set_rows(list(detail.addenda))
        self.addendum_table.resizeColumnsToContents()
        versions = [tr("제{version}판 {date} {by}").format(version=v.version, date=fmt(v.approved_on, lang),
                                                         by=v.approved_by) for v in detail.versions]
        self.versions_label.setText(tr("승인 기록: ") + " · ".join(versions) if versions else "")

    # ---------------------------------------------------------------- enabling
    def set_permissions(self, actor) -> None:  # type: ignore[no-untyped-def]
        """A read-only role sees every meeting but no way to change or print it."""
        self._can_edit = actor is not None and actor.can(Permission.MEETINGS_EDIT)
        self._can_print = actor is not None and actor.can(Permission.PRINT)
        if hasattr(self, "actions"):
            self._update_controls()

    def set_current(self, _current: bool) -> None:
        """For the window's tab switching (this tab has no window-wide shortcuts)."""

    def _update_controls(self) -> None:
        if not hasattr(self, "buttons") or "delete_attachment" not in self.buttons:
            return
        detail = self.detail
        m = detail.meeting if detail else None
        can = self._can_edit
        open_ = can and m is not None and not m.is_locked
        happened = m is not None and m.held_on <= clock.today()
        item = self.current_item()
        action = self.current_action()
        attachment = self.current_attachment()
        enabled = {
            "edit_meeting": open_, "delete_meeting": open_,
            "all_present": open_ and happened and detail is not None and detail.quorum.unrecorded > 0,
            "add_guest": open_, "remove_guest": open_ and self.current_guest() is not None,
            "add_item": open_, "edit_item": open_ and item is not None, "delete_item": open_ and item is not None,
            "item_up": open_ and item is not None and item.seq > 1,
            "item_down": open_ and item is not None and detail is not None and item.seq < len(detail.items),
            "vote": open_ and happened and item is not None and item.kind == "resolution",
            "follow_up_report": open_,
            "add_action": open_ and detail is not None and bool(detail.items),
            "edit_action": open_ and action is not None,
            "action_status": can and action is not None,
            "mark_held": open_ and happened and m is not None and m.status == "planned",
            "save_minutes": open_ and m is not None and m.status == "held",
            "approve": open_ and m is not None and m.status == "held",
            "addendum": can and m is not None and m.is_locked,
            "add_attachment": can and m is not None,
            "save_attachment": attachment is not None,
            "delete_attachment": can and attachment is not None,
        }
        for key, value in enabled.items():
            self.buttons[key].setEnabled(bool(value))
        self.create_button.setEnabled(can)
        self.print_button.setEnabled(self._can_print and m is not None)
        for widget in (self.end_time, self.recorder, self.other_business):
            widget.setReadOnly(not open_)
        self.buttons["mark_held"].setVisible(m is None or m.status == "planned")
        self.buttons["save_minutes"].setVisible(m is not None and m.status == "held")
        self.buttons["approve"].setVisible(m is None or not m.is_locked)
        for choice in self.choices.values():
            choice.setEnabled(open_ and happened)
        for note in self.note_edits.values():
            note.setReadOnly(not (open_ and happened))

    # ---------------------------------------------------------------- current rows of the sections
    def current_item(self) -> AgendaItemView | None:
        index = self.item_table.currentIndex()
        return self.item_model.row_at(index.row()) if index.isValid() and index.row() < self.item_model.rowCount() else None

    def select_item(self, item_id: str) -> bool:
        for row in range(self.item_model.rowCount()):
            if self.item_model.row_at(row).id == item_id:
                self.item_table.selectRow(row)
                return True
        return False

    def current_action(self) -> ActionView | None:
        index = self.action_table.currentIndex()
        return self.action_model.row_at(index.row()) if index.isValid() and index.row() < self.action_model.rowCount() else None

    def current_guest(self) -> GuestView | None:
        index = self.guest_table.currentIndex()
        return self.guest_model.row_at(index.row()) if index.isValid() and index.row() < self.guest_model.rowCount() else None

    def current_attachment(self) -> AttachmentView | None:
        index = self.attachment_table.currentIndex()
        model = self.attachment_model
        return model.row_at(index.row()) if index.isValid() and index.row() < model.rowCount() else None

    # ---------------------------------------------------------------- list slots
    def on_search_textChanged(self, _text: str) -> None:
        self._quiet = True
        try:
            self._apply_search()
        finally:
            self._quiet = False
        self._update_empty_state()
        if self.current_row() is None or self.detail is None or self.current_id() != self.detail.meeting.id:
            if self.current_row() is None and self.proxy.rowCount():
                self.table.selectRow(0)
            self.load_detail()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def on_create_clicked(self) -> None:
        from ui.dialogs.meeting_dialog import MeetingDialog

        dialog = MeetingDialog(self, self.state)
        if dialog.exec() and dialog.saved is not None:
            meeting_id = dialog.saved.meeting.id
            if not self.select_meeting(meeting_id):
                # Called for a date outside the current view: show it rather than hide it.
                self.search.clear()
                self.scope_combo.setCurrentIndex(0)
                self.year_combo.setCurrentIndex(0)
                self.select_meeting(meeting_id)
            self.sections.setCurrentIndex(0)

    # ---------------------------------------------------------------- 기본 정보
    def on_edit_meeting_clicked(self) -> None:
        if self.detail is None:
            return
        from ui.dialogs.meeting_dialog import MeetingDialog

        MeetingDialog(self, self.state, self.detail.meeting).exec()

    def on_delete_meeting_clicked(self) -> None:
        if self.detail is None:
            return
        label = meeting_title(self.detail.meeting, language())
        question = tr("{label}을(를) 삭제합니다. 잘못 만든 회의만 삭제하세요.\n출석이나 안건이 기록된 회의는 먼저 그 기록을 지워야 합니다.").format(label=label)
        if messages.confirm(self, tr("회의 삭제"), question, yes=tr("삭제합니다")):
            ops.attempt(self, delete_meeting, self.state.uow(), self.detail.meeting.id, changes={Change.MEETINGS})

    # ---------------------------------------------------------------- 출석
    def on_attendance_chosen(self, member_id: str, status: str) -> None:
        note = self.note_edits[member_id].text() if member_id in self.note_edits else ""
        self._save_attendance([AttendanceEntry(member_id, status, note)])

    def on_attendance_note_edited(self, member_id: str) -> None:
        if self.detail is None or member_id not in self.choices:
            return
        row = next((r for r in self.detail.roster if r.member_id == member_id), None)
        note = self.note_edits[member_id].text()
        if row is None or row.status is None or row.note == note.strip():
            return  # a note is kept with a recorded status
        self._save_attendance([AttendanceEntry(member_id, row.status, note)])

    def on_all_present_clicked(self) -> None:
        if self.detail is None:
            return
        entries = [AttendanceEntry(r.member_id, "present", self.note_edits[r.member_id].text()
                                   if r.member_id in self.note_edits else "")
                   for r in self.detail.roster if r.status is None]
        if entries:
            self._save_attendance(entries)

    def _save_attendance(self, entries: list[AttendanceEntry]) -> None:
        detail = self.detail
        if detail is None:
            return
        self._applying = True
        try:
            saved = ops.run(self, record_attendance, self.state.uow(), detail.meeting.id, entries, clock.today(),
                            changes={Change.MEETINGS})
        finally:
            self._applying = False
        if saved is None:
            # Refused: put the buttons back as recorded.
            for row in detail.roster:
                if row.member_id in self.choices:
                    self.choices[row.member_id].set_status(row.status)
            return
        self.detail = saved
        by_id = {r.member_id: r for r in saved.roster}
        for member_id, choice in self.choices.items():
            if member_id in by_id:
                choice.set_status(by_id[member_id].status)
        self._show_quorum()
        self._reload_list(saved.meeting.id)
        self._update_controls()

    def on_add_guest_clicked(self) -> None:
        if self.detail is None:
            return
        from ui.dialogs.meeting_dialog import GuestDialog

        GuestDialog(self, self.state, self.detail.meeting.id).exec()

    def on_remove_guest_clicked(self) -> None:
        guest = self.current_guest()
        if guest is not None:
            ops.run(self, remove_guest, self.state.uow(), guest.id, changes={Change.MEETINGS})

    # ---------------------------------------------------------------- 안건
    def on_add_item_clicked(self) -> None:
        if self.detail is None:
            return
        from ui.dialogs.agenda_item_dialog import AgendaItemDialog

        dialog = AgendaItemDialog(self, self.state, self.detail.meeting.id)
        if dialog.exec() and dialog.saved is not None:
            self.select_item(dialog.saved.id)

    def on_edit_item_clicked(self) -> None:
        item = self.current_item()
        if self.detail is None or item is None:
            return
        from ui.dialogs.agenda_item_dialog import AgendaItemDialog

        AgendaItemDialog(self, self.state, self.detail.meeting.id, item).exec()

    def on_delete_item_clicked(self) -> None:
        item = self.current_item()
        if item is None:
            return
        question = tr("{number} '{title}' 안건을 삭제합니다.\n이 안건의 의결 결과, 제척·회피, 후속조치도 함께 지워집니다.").format(
            number=_item_number(item, language()), title=item.title)
        if messages.confirm(self, tr("안건 삭제"), question, yes=tr("삭제합니다")):
            ops.run(self, delete_agenda_item, self.state.uow(), item.id, clock.today(), changes={Change.MEETINGS})

    def move_item(self, step: int) -> None:
        item = self.current_item()
        if item is None:
            return
        if ops.run(self, move_agenda_item, self.state.uow(), item.id, item.seq + step, clock.today(),
                   changes={Change.MEETINGS}) is not None:
            self.select_item(item.id)

    def on_follow_up_report_clicked(self) -> None:
        if self.detail is None:
            return
        saved = ops.run(self, add_follow_up_report, self.state.uow(), self.detail.meeting.id, clock.today(),
                        changes={Change.MEETINGS})
        if saved is not None:
            self.select_item(saved.id)

    def on_vote_clicked(self) -> None:
        item = self.current_item()
        if self.detail is None or item is None:
            return
        from ui.dialogs.vote_dialog import VoteDialog

        dialog = VoteDialog(self, self.state, self.detail, item)
        dialog.exec()
        self.select_item(item.id)

    # ---------------------------------------------------------------- 후속조치
    def on_add_action_clicked(self) -> None:
        if self.detail is None:
            return
        from ui.dialogs.action_item_dialog import ActionItemDialog

        item = self.current_item()
        ActionItemDialog(self, self.state, self.detail.items, item_id=item.id if item else None).exec()

    def on_edit_action_clicked(self) -> None:
        action = self.current_action()
        if self.detail is None or action is None:
            return
        from ui.dialogs.action_item_dialog import ActionItemDialog

        ActionItemDialog(self, self.state, self.detail.items, action=action).exec()

    def on_action_status_clicked(self) -> None:
        action = self.current_action()
        if action is None:
            return
        from ui.dialogs.action_item_dialog import ActionStatusDialog

        ActionStatusDialog(self, self.state, action).exec()

    # ---------------------------------------------------------------- 회의록
    def on_mark_held_clicked(self) -> None:
        if self.detail is None:
            return
        ops.run(self, mark_meeting_held, self.state.uow(), self.detail.meeting.id, self.end_time.text(),
                clock.today(), other_business=self.other_business.toPlainText(), recorder=self.recorder.text(),
                changes={Change.MEETINGS})

    def on_save_minutes_clicked(self) -> None:
        if self.detail is None:
            return
        ops.run(self, update_minutes_text, self.state.uow(), self.detail.meeting.id, clock.today(),
                other_business=self.other_business.toPlainText(), recorder=self.recorder.text(),
                end_time=self.end_time.text(), changes={Change.MEETINGS})

    def on_approve_clicked(self) -> None:
        detail = self.detail
        if detail is None:
            return
        from ui.dialogs.approve_minutes_dialog import ApproveMinutesDialog

        m = detail.meeting
        later = sorted((s for s in ops.call(list_meetings, self.state.uow(), clock.today())
                        if s.id != m.id and (s.held_on, s.start_time) > (m.held_on, m.start_time)
                        and s.held_on <= clock.today()), key=lambda s: (s.held_on, s.start_time))
        chair = next((r.name for r in detail.roster if r.role == "co_chair_private"), "")
        ApproveMinutesDialog(self, self.state, m, later, chair).exec()

    def on_addendum_clicked(self) -> None:
        if self.detail is None:
            return
        from ui.dialogs.addendum_dialog import AddendumDialog

        AddendumDialog(self, self.state, self.detail.meeting).exec()

    # ---------------------------------------------------------------- 첨부
    def on_add_attachment_clicked(self) -> None:
        if self.detail is None:
            return
        from ui import file_actions

        path = file_actions.ask_open_path(self, tr("첨부할 파일 고르기"), tr("모든 파일") + " (*)")
        if path is not None:
            ops.run(self, add_attachment, self.state.uow(), self.detail.meeting.id, path, clock.today(),
                    changes={Change.MEETINGS})

    def on_save_attachment_clicked(self) -> None:
        attachment = self.current_attachment()
        if attachment is None:
            return
        from ui import file_actions

        start = str(file_actions.documents_dir() / attachment.filename)
        chosen, _ = QFileDialog.getSaveFileName(self, tr("다른 이름으로 저장"), start, tr("모든 파일") + " (*)")
        if not chosen:
            return
        written = ops.run(self, save_attachment_as, self.state.uow(), attachment.id, Path(chosen))
        if written is not None:
            messages.file_saved(self, Path(written))

    def on_delete_attachment_clicked(self) -> None:
        attachment = self.current_attachment()
        if attachment is None:
            return
        question = tr("첨부파일 '{name}'을(를) 삭제합니다.").format(name=attachment.filename)
        if messages.confirm(self, tr("첨부파일 삭제"), question, yes=tr("삭제합니다")):
            ops.attempt(self, delete_attachment, self.state.uow(), attachment.id, changes={Change.MEETINGS})

    # ---------------------------------------------------------------- printing
    def print_document(self, key: str) -> Path | None:
        """소집 통지서, 회의자료, 출석부 or 회의록 as a PDF, the way the 파일 menu writes PDFs."""
        detail = self.detail
        if detail is None:
            return None
        from ui import file_actions

        module = file_actions._report(self, "app.reports.meeting_pdfs")
        if module is None:
            return None
        _key, function, name_ko = next(d for d in DOCUMENTS if d[0] == key)
        title = tr(name_ko)
        name = f"{detail.meeting.label}_{title}.pdf".replace(" ", "_")
        path = file_actions.ask_save_path(self, title, name, file_actions.PDF_FILTER)
        if path is None:
            return None
        meeting_id = detail.meeting.id
        done = file_actions._write(self, title, lambda _p: getattr(module, function)(
            self.state.uow(), meeting_id, path, self.state.council_name))
        if done is None:
            return None
        messages.file_saved(self, Path(done))  # type: ignore[arg-type]
        return Path(done)  # type: ignore[arg-type]

    def today(self) -> date:
        return clock.today()
