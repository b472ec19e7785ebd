"""회의 tab: the meetings (upcoming, past, all; by year; searched), overdue follow-ups
across meetings, and the selected meeting — its title, status and printouts over six
sections (기본 정보, 출석, 안건, 후속조치, 회의록, 첨부), each a module of this package.

Every change is one service call from ``app.meetings``; refusals come back as their
Korean message. The tab refreshes itself when ``data_changed`` carries ``meetings``,
``members`` or ``subcommittees`` (the roster of a meeting follows the members' terms).
Approved minutes and a read-only role leave the record visible and the editing
controls greyed out; the services refuse such edits anyway.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QFontMetrics, QShowEvent
from PySide6.QtWidgets import (QApplication, QComboBox, QHBoxLayout, QHeaderView, QLabel, QPushButton, QSplitter, QStackedWidget,
                               QTabWidget, QVBoxLayout, QWidget)

from app.areas import Change
from app.errors import AppError
from app.meetings.core import ActionView, AgendaItemView, MeetingDetail
from app.meetings.minutes import MinutesIntegrity
from app.meetings.pages import load_meeting_list, load_meeting_page, match_meetings
from app.security.permissions import Permission
from ui import appearance, clock, ops
from ui.i18n import N_, language, tr
from ui.signals import app_signals
from ui.state import AppState
from ui.table_model import FilterProxy, RowStyle, TableModel
from ui.tabs.base import AreaTab, make_table
from ui.tabs.meetings.actions import ActionsSection
from ui.tabs.meetings.attachments import AttachmentsSection
from ui.tabs.meetings.attendance import AttendanceSection
from ui.tabs.meetings.columns import (CHIP_STYLES, INFO_STYLE, MEETING_COLUMNS, NOTICE_BACKGROUND, PLACE_CHARS,
                                      PLANNED_FOREGROUND, SCOPES, SECTIONS, SHORT_FOREGROUND, STATUS_SHORT, MeetingRow,
                                      meeting_title)
from ui.tabs.meetings.info import InfoSection
from ui.tabs.meetings.items import ItemsSection
from ui.tabs.meetings.minutes import MinutesSection
from ui.tabs.meetings.printing import PrintButton
from ui.tabs.meetings.section import Access, Forward, MeetingSection
from ui.tabs.member_columns import fmt
from ui.widgets import Banner, EmptyState

T = TypeVar("T")


class MeetingsTab(AreaTab):
    CHANGES = frozenset({Change.MEETINGS, Change.MEMBERS, Change.SUBCOMMITTEES})
    EDIT_PERMISSION = Permission.MEETINGS_EDIT

    # What the sections own, still read from the tab by the window's code and the tests.
    info = Forward("info_page")
    choices = Forward("attendance_page")
    note_edits = Forward("attendance_page")
    quorum_label = Forward("attendance_page")
    quorum_counts = Forward("attendance_page")
    roster_model = Forward("attendance_page")
    roster_table = Forward("attendance_page")
    guest_model = Forward("attendance_page")
    guest_table = Forward("attendance_page")
    item_model = Forward("items_page")
    item_table = Forward("items_page")
    item_detail = Forward("items_page")
    action_model = Forward("actions_page")
    action_table = Forward("actions_page")
    integrity_label = Forward("minutes_page")
    end_time = Forward("minutes_page")
    recorder = Forward("minutes_page")
    other_business = Forward("minutes_page")
    addendum_model = Forward("minutes_page")
    versions_label = Forward("minutes_page")
    attachment_model = Forward("attachments_page")
    attachment_table = Forward("attachments_page")
    print_actions = Forward("print_button")

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self._balanced = False
        self._list_width = 0
        self._quiet = False
        self._applying = False
        self._loaded = False
        self._all_count = 0
        self._match_ids: set[str] = set()
        self._overdue: tuple[ActionView, ...] = ()
        self.detail: MeetingDetail | None = None
        self.actions: list[ActionView] = []
        self.integrity: MinutesIntegrity | None = None

        # -- top row: search, scope, year, create
        search = self.make_search(260)
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
        appearance.emphasise(self.create_button)
        top = QHBoxLayout()
        top.addWidget(search, 2)
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
        self.table = make_table(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
        self.make_list_stack(self.table)

        # -- the selected meeting: its head, then one section per page
        self.title_label = QLabel()
        appearance.emphasise(self.title_label, 1.35)
        self.title_label.setWordWrap(True)
        self.chip = QLabel()
        self.print_button = PrintButton(self)
        head = QHBoxLayout()
        head.addWidget(self.title_label, 1)
        head.addWidget(self.chip)
        head.addSpacing(8)
        head.addWidget(self.print_button)
        self.notice_banner = Banner()
        self.info_line = QLabel()
        self.info_line.setWordWrap(True)
        self.info_line.setStyleSheet(INFO_STYLE)
        self.info_page = InfoSection(self)
        self.attendance_page = AttendanceSection(self)
        self.items_page = ItemsSection(self)
        self.actions_page = ActionsSection(self)
        self.minutes_page = MinutesSection(self)
        self.attachments_page = AttachmentsSection(self)
        self.section_pages: tuple[MeetingSection, ...] = (
            self.info_page, self.attendance_page, self.items_page, self.actions_page, self.minutes_page,
            self.attachments_page)  # in the order of SECTIONS
        self.sections = QTabWidget()
        self.buttons: dict[str, QPushButton] = {}
        for section in self.section_pages:
            self.sections.addTab(section.page(), "")
            self.buttons.update(section.buttons)
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
        search.textChanged.connect(self.on_search_textChanged)
        self.scope_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.year_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.create_button.clicked.connect(self.on_create_clicked)
        # Ctrl+N makes a meeting while this tab is in front (a button that is greyed out for
        # this account stays greyed out for the key too).
        self.add_shortcut("Ctrl+N", N_("회의 만들기"),
                          lambda: self.create_button.isEnabled() and self.on_create_clicked())
        self.table.selectionModel().currentRowChanged.connect(self.on_table_currentRowChanged)
        self.table.activated.connect(lambda _i: self.sections.setCurrentIndex(0))
        signals = app_signals()
        signals.language_changed.connect(self.retranslate_ui)
        signals.settings_changed.connect(self.on_settings_changed)

        self.set_permissions(state.db.actor)
        self.retranslate_ui()
        self.on_settings_changed()
        self.refresh()

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
        self.print_button.retranslate_ui()
        for i, (_key, ko) in enumerate(SECTIONS):
            self.sections.setTabText(i, tr(ko))
        for section in self.section_pages:
            section.retranslate_ui()
        self.detail_empty.setText(tr("회의를 고르면 자세한 내용이 여기에 나옵니다."))
        self.model.retranslate()
        self.update_empty_state()
        self._show_banner()
        self._show_detail()

    def on_settings_changed(self) -> None:
        self.set_permissions(self.state.db.actor)
        appearance.fit_rows(self.table)
        self.fit_columns()  # a larger text needs wider columns, or dates are cut ("2024. 12. …")
        for section in self.section_pages:
            section.fit_rows()

    def fit_columns(self) -> None:
        """Columns fit their contents and headers; the place takes whatever width is left
        (cut short with … only when there is none; its tooltip has it all)."""
        header = self.table.horizontalHeader()
        place = self.model.column_index("place")
        header.setStretchLastSection(False)
        header.setSectionResizeMode(place, QHeaderView.ResizeMode.Interactive)
        self.table.resizeColumnsToContents()
        char = QFontMetrics(QApplication.font()).horizontalAdvance("가")
        whole = self.table.columnWidth(place)
        self.table.setColumnWidth(place, min(whole, char * PLACE_CHARS))
        # The width the list asks of the splitter: every place whole, up to a long name.
        self._list_width = header.length() - header.sectionSize(place) + min(whole, char * PLACE_CHARS * 2)
        header.setMinimumSectionSize(char * 3)
        header.setSectionResizeMode(place, QHeaderView.ResizeMode.Stretch)

    # ---------------------------------------------------------------- loading
    def on_data_changed(self, changes: set[str]) -> None:
        if self._applying:
            return  # our own change, already on screen
        super().on_data_changed(changes)

    def showEvent(self, event: QShowEvent) -> None:
        if not self._balanced:
            self._balanced = True
            self.balance_splitter()
        super().showEvent(event)

    def balance_splitter(self) -> None:
        """Give the list the width its columns need, and the meeting the rest."""
        needed = self._list_width + self.table.verticalScrollBar().sizeHint().width() + 2 * self.table.frameWidth() + 4
        total = sum(self.splitter.sizes())
        rest = max(self.detail_stack.minimumSizeHint().width(), total - needed)
        if total > 0:
            self.splitter.setSizes([max(200, total - rest), rest])

    def scope(self) -> str:
        return self.scope_combo.currentData() or "all"

    def year(self) -> int | None:
        return self.year_combo.currentData()

    def reload(self) -> None:
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
        self.update_empty_state()

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

    def empty_message(self) -> str | None:
        if self._all_count == 0:
            return tr("기록된 회의가 없습니다. [회의 만들기]로 첫 회의를 만드세요.")
        if self.proxy.rowCount() == 0:
            return tr("조건에 맞는 회의가 없습니다. 찾는 말이나 보기 조건을 바꿔 보세요.")
        return None

    def _show_banner(self) -> None:
        """Overdue follow-ups across all meetings, and upcoming meetings called on short notice."""
        if self.state.db.actor is None:
            return
        lang = language()
        lines = []
        for row in self.model.rows:
            if row.summary.notice_warning is not None:
                lines.append(f"{meeting_title(row.meeting, lang)}: {row.summary.notice_warning.message(lang)}")
        for action in self._overdue:
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
        """The chosen meeting with its follow-ups and minutes check: one unit of work."""
        row = self.current_row()
        self.detail = None
        self.integrity = None
        self.actions = []
        self._loaded = True
        if row is not None:
            try:
                page = ops.call(load_meeting_page, self.state.uow(), row.id, clock.today())
            except AppError:
                page = None
            if page is not None:
                self.detail, self.actions, self.integrity = page.detail, list(page.actions), page.integrity
        self._show_detail()

    # ---------------------------------------------------------------- for the sections (MeetingHost)
    def current_item(self) -> AgendaItemView | None:
        return self.items_page.current_item()

    def select_item(self, item_id: str) -> bool:
        return self.items_page.select_item(item_id)

    def apply_own_change(self, service: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
        self._applying = True
        try:
            return ops.run(self, service, *args, changes={Change.MEETINGS}, **kwargs)
        finally:
            self._applying = False

    def take_detail(self, detail: MeetingDetail) -> None:
        self.detail = detail
        self._reload_list(detail.meeting.id)  # the row's attendance and quorum
        self.update_controls()

    # ---------------------------------------------------------------- showing the meeting
    def _show_detail(self) -> None:
        if not self._loaded:
            return  # nothing read yet (logged out, or still being built)
        detail = self.detail
        if detail is None:
            self.detail_stack.setCurrentWidget(self.detail_empty)
        else:
            self.detail_stack.setCurrentIndex(0)
            lang = language()
            m = detail.meeting
            self.title_label.setText(meeting_title(m, lang))
            self.chip.setText(tr(STATUS_SHORT.get(m.status, m.status)))
            self.chip.setStyleSheet(CHIP_STYLES.get(m.status, "") + " border-radius: 10px; padding: 3px 12px;")
            warning = detail.notice_warning if m.status == "planned" else None
            self.notice_banner.set_lines(tr("소집 통지"), [warning.message(lang)] if warning else [])
            self._show_info_line()
        for section in self.section_pages:
            section.show_detail(detail)
        self.update_controls()

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

    # ---------------------------------------------------------------- enabling
    def update_controls(self) -> None:
        if not self._loaded:
            return
        m = self.detail.meeting if self.detail else None
        access = Access(can_edit=self._can_edit, open=self._can_edit and m is not None and not m.is_locked,
                        happened=m is not None and m.held_on <= clock.today())
        for section in self.section_pages:
            section.update_controls(access)
        self.create_button.setEnabled(self._can_edit)
        self.print_button.setEnabled(self._can_print and m is not None)

    # ---------------------------------------------------------------- list slots
    def on_search_textChanged(self, _text: str) -> None:
        self._quiet = True
        try:
            self._apply_search()
        finally:
            self._quiet = False
        self.update_empty_state()
        if self.current_row() is None or self.detail is None or self.current_id() != self.detail.meeting.id:
            if self.current_row() is None and self.proxy.rowCount():
                self.table.selectRow(0)
            self.load_detail()

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

    def print_document(self, key: str) -> Path | None:
        return self.print_button.print_document(key)

    def today(self) -> date:
        return clock.today()
