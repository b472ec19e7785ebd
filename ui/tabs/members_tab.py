"""위원 tab: the roster with search and status filter, warnings, counts, details, actions.

Each action is one dialog or one service call; the tab refreshes itself when
``data_changed`` carries the ``members`` or ``subcommittees`` flag (the 분과 column),
the way every ``AreaTab`` does.
"""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QColor, QFontMetrics, QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QComboBox, QFrame, QGroupBox, QHBoxLayout,
                               QLabel, QPushButton, QScrollArea, QSplitter, QTableView, QVBoxLayout, QWidget)

from app.areas import Change
from app import codes
from app.security.permissions import Permission
from app.members import (MemberView, RosterSummary, delete_member, load_members_page, member_matches,
                         restore_member)
from ui import appearance, clock, messages, ops
from ui.i18n import N_, language, tr
from ui.signals import app_signals
from ui.state import AppState
from ui.table_model import FilterProxy, RowStyle, TableModel
from ui.tabs.base import AreaTab, esc, make_table
from ui.tabs.member_columns import MEMBER_COLUMNS, TERM_COLUMNS, fmt
from ui.widgets import Banner

STATUS_FILTERS: tuple[tuple[str, str], ...] = (
    ("active", N_("재임")),
    ("all", N_("전체")),
    ("ended", N_("임기만료·해촉")),
    ("pending", N_("위촉예정")),
)
ENDING_BACKGROUND = QColor("#fff1c9")
PAST_FOREGROUND = QColor("#8a8a8a")
PENDING_FOREGROUND = QColor("#2b5d8a")
# Columns fit their contents, but no wider than this many average characters, so one
# long affiliation cannot push the rest of the roster off the screen.
MAX_COLUMN_CHARS = {"category": 13, "affiliation": 14, "position": 10, "subcommittees": 18}
DEFAULT_MAX_CHARS = 16


def _scrolling(label: QLabel) -> QScrollArea:
    """Large fonts must never cut text off: the panel scrolls instead."""
    area = QScrollArea()
    area.setWidget(label)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return area


class MembersTab(AreaTab):
    CHANGES = frozenset({Change.MEMBERS, Change.SUBCOMMITTEES})
    EDIT_PERMISSION = Permission.MEMBERS_EDIT

    summary_changed = Signal(object)          # RosterSummary
    member_deleted = Signal(str, str)         # member id, name: the window offers 되돌리기
    undo_available = Signal(bool)

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self._current = True
        self._ending: set[str] = set()
        self._members_total = 0
        self._last_deleted: tuple[str, str] | None = None
        self.summary: RosterSummary | None = None

        # -- actions (the window puts them in the 편집 menu too)
        self.add_action = self._action(self.on_add_triggered, QKeySequence("Ctrl+N"))
        self.edit_action = self._action(self.on_edit_triggered, QKeySequence("Ctrl+E"))
        self.reappoint_action = self._action(self.on_reappoint_triggered)
        self.dismiss_action = self._action(self.on_dismiss_triggered)
        self.delete_action = self._action(self.on_delete_triggered, QKeySequence(Qt.Key.Key_Delete))
        self.undo_action = self._action(self.undo_delete, QKeySequence("Ctrl+Z"))
        self.shortcut_help += [("Ctrl+N", N_("위원 추가")), ("Ctrl+E, Enter", N_("선택한 위원 수정")),
                               ("Delete", N_("선택한 위원 삭제")), ("Ctrl+Z", N_("방금 삭제한 위원 되돌리기"))]
        self.print_action = self._action(self.on_print_triggered)
        self.undo_action.setEnabled(False)

        # -- top row: search, filter, buttons
        search = self.make_search(320)
        self.status_combo = QComboBox()
        for code, _ko in STATUS_FILTERS:
            self.status_combo.addItem("", code)
        self.status_label = QLabel()
        self.status_label.setBuddy(self.status_combo)
        self.buttons: dict[str, QPushButton] = {}
        top = QHBoxLayout()
        top.addWidget(search, 2)
        top.addSpacing(8)
        top.addWidget(self.status_label)
        top.addWidget(self.status_combo)
        top.addStretch(1)
        for key, action in (("add", self.add_action), ("edit", self.edit_action),
                            ("reappoint", self.reappoint_action), ("dismiss", self.dismiss_action),
                            ("delete", self.delete_action), ("print", self.print_action)):
            button = QPushButton()
            button.clicked.connect(action.trigger)
            self.buttons[key] = button
            top.addWidget(button)
        self.buttons["add"].setDefault(False)
        appearance.emphasise(self.buttons["add"])

        self.banner = Banner()

        # -- the roster
        self.model: TableModel[MemberView] = TableModel(MEMBER_COLUMNS, style=self._row_style, parent=self)
        self.proxy = FilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.set_matcher(member_matches)
        self.table = make_table(self.proxy)
        # Several members at once (Shift/Ctrl+click, Shift+arrows) for 위촉장; the record
        # actions work on one member and are off while several are chosen.
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.make_list_stack(self.table)

        # -- right side: the selected member, the counts
        self.detail_box = QGroupBox()
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.terms_label = QLabel()
        self.terms_model: TableModel = TableModel(TERM_COLUMNS, parent=self)
        self.terms_table = QTableView()
        self.terms_table.setModel(self.terms_model)
        self.terms_table.verticalHeader().hide()
        self.terms_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.terms_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.terms_table.horizontalHeader().setStretchLastSection(True)
        self.terms_table.setMinimumHeight(110)
        self.detail.setMinimumWidth(500)
        terms_side = QVBoxLayout()
        terms_side.addWidget(self.terms_label)
        terms_side.addWidget(self.terms_table, 1)
        detail_layout = QHBoxLayout(self.detail_box)
        detail_layout.addWidget(_scrolling(self.detail), 0)
        detail_layout.addLayout(terms_side, 1)

        self.counts_box = QGroupBox()
        self.counts = QLabel()
        self.counts.setWordWrap(True)
        self.counts.setTextFormat(Qt.TextFormat.RichText)
        self.counts.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.counts.setMinimumWidth(300)
        QVBoxLayout(self.counts_box).addWidget(_scrolling(self.counts))

        # The roster gets the full width (twelve columns); the selected member and the
        # counts sit underneath, where a glance down finds them.
        bottom = QWidget()
        bottom_layout = QHBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.detail_box, 3)
        bottom_layout.addWidget(self.counts_box, 1)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.stack)
        self.splitter.addWidget(bottom)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([440, 230])

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(self.splitter, 1)

        # -- wiring
        search.textChanged.connect(self.on_search_textChanged)
        search.returnPressed.connect(self.on_search_returnPressed)
        self.status_combo.currentIndexChanged.connect(self.on_status_combo_currentIndexChanged)
        self.table.selectionModel().selectionChanged.connect(self.on_table_selectionChanged)
        self.table.activated.connect(self.on_table_activated)
        self.table.doubleClicked.connect(self.on_table_activated)
        signals = app_signals()
        signals.language_changed.connect(self.retranslate_ui)
        signals.settings_changed.connect(self.on_settings_changed)

        self.retranslate_ui()
        self.on_settings_changed()
        self.refresh()

    def _action(self, slot, shortcut: QKeySequence | None = None) -> QAction:  # type: ignore[no-untyped-def]
        action = QAction(self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    # ---------------------------------------------------------------- text
    def retranslate_ui(self) -> None:
        self.add_action.setText(tr("위원 추가"))
        self.edit_action.setText(tr("수정"))
        self.reappoint_action.setText(tr("재위촉"))
        self.dismiss_action.setText(tr("해촉"))
        self.delete_action.setText(tr("삭제"))
        self.undo_action.setText(tr("삭제 되돌리기"))
        self.print_action.setText(tr("위촉장 인쇄"))
        for key, action in (("add", self.add_action), ("edit", self.edit_action),
                            ("reappoint", self.reappoint_action), ("dismiss", self.dismiss_action),
                            ("delete", self.delete_action), ("print", self.print_action)):
            self.buttons[key].setText(action.text() + ("…" if key != "delete" else ""))
            tip = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            self.buttons[key].setToolTip(tip)
        self.search.setPlaceholderText(tr("이름, 소속, 연락처로 찾기 (Ctrl+F)"))
        self.status_label.setText(tr("보기:"))
        for i, (_code, ko) in enumerate(STATUS_FILTERS):
            self.status_combo.setItemText(i, tr(ko))
        self.detail_box.setTitle(tr("위원 정보"))
        self.counts_box.setTitle(tr("재임 위원 현황"))
        self.terms_label.setText(tr("임기 기록"))
        self.model.retranslate()
        self.terms_model.retranslate()
        self.fit_columns()
        self._show_summary()
        self._show_detail()
        self.update_empty_state()

    def on_settings_changed(self) -> None:
        appearance.fit_rows(self.table)
        appearance.fit_rows(self.terms_table)
        self.fit_columns()

    def fit_columns(self) -> None:
        self.table.resizeColumnsToContents()
        char = QFontMetrics(QApplication.font()).horizontalAdvance("가")
        for column in self.model.columns:
            index = self.model.column_index(column.key)
            limit = char * MAX_COLUMN_CHARS.get(column.key, DEFAULT_MAX_CHARS)
            if self.table.columnWidth(index) > limit:
                self.table.setColumnWidth(index, limit)

    # ---------------------------------------------------------------- loading
    def status_filter(self) -> str:
        return self.status_combo.currentData() or "active"

    def reload(self) -> None:
        today = clock.today()
        keep = self.selected_member()
        page = ops.call(load_members_page, self.state.uow(), today, self.status_filter())
        members, self.summary, self._members_total = list(page.members), page.summary, page.total
        self._ending = {w.member_id for w in self.summary.warnings if w.kind == "term_ending" and w.member_id}
        self.model.set_rows(members)
        self.fit_columns()
        self._show_summary()
        self.update_empty_state()
        if keep is not None:
            self.select_member(keep.id)
        self._show_detail()
        self.update_controls()
        self.summary_changed.emit(self.summary)

    def _row_style(self, member: MemberView) -> RowStyle | None:
        if member.id in self._ending:
            return RowStyle(background=ENDING_BACKGROUND)
        if member.status == "pending":
            return RowStyle(foreground=PENDING_FOREGROUND)
        if member.status != "active":
            return RowStyle(foreground=PAST_FOREGROUND)
        return None

    def empty_message(self) -> str | None:
        if self._members_total == 0:
            return tr("등록된 위원이 없습니다. [위원 추가]로 시작하세요.")
        if self.proxy.rowCount() == 0:
            return tr("조건에 맞는 위원이 없습니다. 찾는 말이나 보기 조건을 바꿔 보세요.")
        return None

    # ---------------------------------------------------------------- summary
    def _show_summary(self) -> None:
        summary = self.summary
        if summary is None:
            return
        lang = language()
        lines = [w.message(lang) for w in summary.warnings]
        self.banner.set_lines(tr("확인할 일"), lines)

        def part(labels: dict, counts: dict) -> str:
            return " · ".join(f"{codes.label(labels, k, lang)} {v}" for k, v in
                              sorted(counts.items(), key=lambda kv: list(labels).index(kv[0])
                                     if kv[0] in labels else 99))

        rows = [
            (tr("성별"), part(codes.SEX, summary.by_sex)),
            (tr("구분"), part(codes.MEMBER_KIND, summary.by_kind)),
            (tr("직책"), part(codes.ROLE, summary.by_role)),
        ]
        # 규칙 제7조② numbers (1호…7호) keep the line short; the full names are in the tooltip.
        cats = " · ".join(tr("{n}호").format(n=k) + f" {v}" for k, v in sorted(summary.by_category.items()))
        self.counts.setToolTip("\n".join(
            tr("{n}호").format(n=k) + f": {codes.label(codes.CATEGORY, k, lang)} {v}"
            for k, v in sorted(summary.by_category.items())))
        html = f"<p style='font-size: large;'><b>{esc(tr('재임 위원 {n}명').format(n=summary.active))}</b></p>"
        html += "<table cellspacing='0' cellpadding='2'>"
        for title, value in rows:
            html += f"<tr><td style='color:#555; padding-right:10px;'>{esc(title)}</td><td>{esc(value)}</td></tr>"
        html += (f"<tr><td style='color:#555; padding-right:10px;' valign='top'>{esc(tr('자격'))}</td>"
                 f"<td>{cats}</td></tr></table>")
        self.counts.setText(html)

    # ---------------------------------------------------------------- selection
    def selected_members(self) -> list[MemberView]:
        """Every chosen member, in the list's order."""
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [self.proxy.row_object(row) for row in rows]

    def selected_member(self) -> MemberView | None:
        """The member the record actions work on: the one with the cursor when chosen."""
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        current = self.table.currentIndex()
        if current.isValid() and any(index.row() == current.row() for index in rows):
            return self.proxy.row_object(current.row())
        return self.proxy.row_object(rows[0].row())

    def select_member(self, member_id: str) -> bool:
        row = self.proxy.proxy_row_of(lambda m: m.id == member_id)
        if row < 0:
            return False
        index = self.proxy.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)
        return True

    def on_table_selectionChanged(self, *_args: object) -> None:
        self._show_detail()
        self.update_controls()

    def _show_detail(self) -> None:
        member = self.selected_member()
        if member is None:
            self.detail.setText(f"<span style='color:#666'>{esc(tr('위원을 고르면 자세한 내용이 여기에 나옵니다.'))}</span>")
            self.terms_model.set_rows([])
            return
        lang = language()
        yes_no = tr("예") if member.honorary_official else tr("아니오")
        rows = [
            (tr("직책"), codes.label(codes.ROLE, member.role, lang)),
            (tr("소속·직위"), " ".join(p for p in (member.affiliation, member.position) if p)),
            (tr("구분"), codes.label(codes.MEMBER_KIND, member.kind, lang)),
            (tr("자격"), codes.label(codes.CATEGORY, member.category, lang)),
            (tr("생년월일"), fmt(member.birth_date, lang)),
            (tr("연락처"), member.phone),
            (tr("분과"), ", ".join(member.subcommittees)),
            (tr("명예사회복지공무원"), yes_no),
            (tr("비밀유지서약일"), fmt(member.pledge_on, lang) or tr("없음")),
            (tr("개인정보동의일"), fmt(member.consent_on, lang) or tr("없음")),
            (tr("재위촉"), tr("{n}회").format(n=member.reappointments)),
        ]
        if member.note:
            rows.append((tr("비고"), member.note))
        status = codes.label(codes.MEMBER_STATUS, member.status, lang)
        html = (f"<p style='font-size: large;'><b>{esc(member.name)}</b> "
                f"<span style='color:#555'>({esc(status)})</span></p><table cellspacing='0' cellpadding='2'>")
        # Two pairs per line keep the panel short, so the roster above keeps its rows.
        cell = "<td style='color:#555; padding-right:8px; white-space: nowrap;'>{}</td><td style='padding-right:18px;'>{}</td>"
        per_line = 2 if lang == "ko" else 1  # English labels are too long to pair up
        for i in range(0, len(rows), per_line):
            pair = rows[i:i + per_line]
            html += "<tr>" + "".join(cell.format(esc(t), esc(v)) for t, v in pair) + "</tr>"
        html += "</table>"
        self.detail.setText(html)
        self.terms_model.set_rows(list(reversed(member.terms)))
        self.terms_table.resizeColumnsToContents()

    def update_controls(self) -> None:
        chosen = len(self.table.selectionModel().selectedRows())
        member = self.selected_member() if chosen == 1 else None
        current = self._current
        edit = current and self._can_edit
        self.add_action.setEnabled(edit)
        for action in (self.edit_action, self.delete_action):
            action.setEnabled(edit and member is not None)
        self.print_action.setEnabled(current and self._can_print and chosen >= 1)
        self.dismiss_action.setEnabled(edit and member is not None and member.status == "active")
        self.reappoint_action.setEnabled(edit and member is not None and member.status != "pending")
        self.undo_action.setEnabled(edit and self._last_deleted is not None)
        for key, action in (("add", self.add_action), ("edit", self.edit_action),
                            ("reappoint", self.reappoint_action), ("dismiss", self.dismiss_action),
                            ("delete", self.delete_action), ("print", self.print_action)):
            self.buttons[key].setEnabled(action.isEnabled())

    def set_current(self, current: bool) -> None:
        """Only the visible tab's shortcuts act (Delete must never hit a hidden list)."""
        self._current = current
        self.update_controls()

    # ---------------------------------------------------------------- slots
    def on_search_textChanged(self, text: str) -> None:
        self.proxy.set_query(text)
        self.update_empty_state()
        if self.selected_member() is None:
            self._show_detail()
            self.update_controls()

    def on_search_returnPressed(self) -> None:
        if self.proxy.rowCount():
            self.table.setFocus()
            if self.selected_member() is None:
                self.table.selectRow(0)

    def on_status_combo_currentIndexChanged(self, _index: int) -> None:
        self.refresh()

    def on_table_activated(self, _index: QModelIndex) -> None:
        if self.edit_action.isEnabled():
            self.on_edit_triggered()

    # ---------------------------------------------------------------- actions
    def on_add_triggered(self) -> None:
        from ui.dialogs.member_dialog import MemberDialog

        dialog = MemberDialog(self, self.state)
        if dialog.exec() and dialog.saved is not None:
            if not self.select_member(dialog.saved.id) and self.status_filter() != "all":
                # A member starting later is not in the 재임 view; show them rather than hide them.
                self.status_combo.setCurrentIndex(self.status_combo.findData("all"))
                self.select_member(dialog.saved.id)

    def on_edit_triggered(self) -> None:
        member = self.selected_member()
        if member is None:
            return
        from ui.dialogs.member_dialog import MemberDialog

        MemberDialog(self, self.state, member).exec()

    def on_reappoint_triggered(self) -> None:
        member = self.selected_member()
        if member is None:
            return
        from ui.dialogs.reappoint_dialog import ReappointDialog

        ReappointDialog(self, self.state, member).exec()

    def on_dismiss_triggered(self) -> None:
        member = self.selected_member()
        if member is None:
            return
        from ui.dialogs.dismiss_dialog import DismissDialog

        DismissDialog(self, self.state, member).exec()

    def on_delete_triggered(self) -> None:
        member = self.selected_member()
        if member is None:
            return
        question = tr("{name} 위원의 기록을 삭제합니다.\n\n잘못 입력한 경우에만 삭제하세요. 임기를 마쳤거나 그만둔 위원은 [해촉]이나 임기 기록으로 남깁니다.\n삭제한 뒤에는 [되돌리기](Ctrl+Z)로 되살릴 수 있습니다.").format(name=member.name)
        if not messages.confirm(self, tr("위원 삭제"), question, yes=tr("삭제합니다")):
            return
        if ops.attempt(self, delete_member, self.state.uow(), member.id, changes={Change.MEMBERS, Change.SUBCOMMITTEES}):
            self._last_deleted = (member.id, member.name)
            self.update_controls()
            self.undo_available.emit(True)
            self.member_deleted.emit(member.id, member.name)

    def undo_delete(self) -> None:
        if self._last_deleted is None:
            return
        member_id, _name = self._last_deleted
        self._last_deleted = None
        self.update_controls()
        self.undo_available.emit(False)
        if ops.attempt(self, restore_member, self.state.uow(), member_id, changes={Change.MEMBERS, Change.SUBCOMMITTEES}):
            self.select_member(member_id)

    def on_print_triggered(self) -> None:
        members = self.selected_members()
        if not members:
            return
        from ui import file_actions

        file_actions.print_appointments(self, self.state, members)

    def today(self) -> date:
        return clock.today()
