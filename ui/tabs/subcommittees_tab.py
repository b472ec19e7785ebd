"""실무분과 tab: the list of subcommittees (closed ones greyed), one's details and seats.

It follows the ``subcommittees`` and ``members`` flags (a seat shows the member's role)
and refreshes when shown, like every ``AreaTab``."""
from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QGroupBox, QHBoxLayout, QHeaderView, QLabel, QPushButton, QSplitter, QVBoxLayout,
                               QWidget)

from app.areas import Change
from app import codes
from app.security.permissions import Permission
from app.dates import format_date
from app.subcommittees import (SeatView, SubcommitteeView, close_subcommittee, delete_subcommittee,
                               list_subcommittees, reopen_subcommittee)
from ui import appearance, clock, messages, ops
from ui.i18n import N_, language, tr
from ui.signals import app_signals
from ui.state import AppState
from ui.table_model import CENTER, Column, FilterProxy, RowStyle, TableModel
from ui.tabs.base import AreaTab, esc, make_table
from ui.tabs.member_columns import fmt

CLOSED_FOREGROUND = QColor("#8a8a8a")


def _status(s: SubcommitteeView, lang: str) -> str:
    return tr("폐지") if s.is_closed else tr("활동 중")


SUBCOMMITTEE_COLUMNS: tuple[Column[SubcommitteeView], ...] = (
    Column("name", "분과", "Subcommittee", lambda s, l: s.name, lambda s: (s.is_closed, s.name)),
    Column("active_count", "인원", "Members", lambda s, l: str(s.active_count), lambda s: s.active_count, CENTER),
    Column("lead", "분과장", "Lead", lambda s, l: s.lead_name),
    Column("status", "상태", "Status", _status, lambda s: s.is_closed, CENTER),
)


def _seat_state(seat: SeatView, lang: str) -> str:
    if seat.left_on is not None and seat.left_on <= clock.today():
        return tr("종료")
    return tr("분과장") if seat.is_lead else tr("참여 중")


SEAT_COLUMNS: tuple[Column[SeatView], ...] = (
    Column("member_name", "성명", "Name", lambda s, l: s.member_name),
    Column("member_role", "직책", "Role", lambda s, l: codes.label(codes.ROLE, s.member_role, l)),
    Column("affiliation", "소속", "Affiliation", lambda s, l: s.affiliation),
    Column("phone", "연락처", "Phone", lambda s, l: s.phone, align=CENTER),
    Column("joined_on", "참여일", "Joined", lambda s, l: fmt(s.joined_on, l), lambda s: s.joined_on, CENTER),
    Column("left_on", "탈퇴일", "Left", lambda s, l: fmt(s.left_on, l), lambda s: s.left_on, CENTER),
    Column("state", "상태", "Status", _seat_state, lambda s: (s.left_on is not None, not s.is_lead), CENTER),
)


class SubcommitteesTab(AreaTab):
    CHANGES = frozenset({Change.SUBCOMMITTEES, Change.MEMBERS})
    EDIT_PERMISSION = Permission.MEMBERS_EDIT

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.add_shortcut("Ctrl+N", N_("분과 만들기"),
                          lambda: self.buttons["create"].isEnabled() and self.on_create_clicked())

        self.buttons: dict[str, QPushButton] = {}
        top = QHBoxLayout()
        for key, slot in (("create", self.on_create_clicked), ("edit", self.on_edit_clicked),
                          ("close", self.on_close_clicked), ("reopen", self.on_reopen_clicked),
                          ("delete", self.on_delete_clicked)):
            button = QPushButton()
            button.clicked.connect(slot)
            self.buttons[key] = button
            top.addWidget(button)
        top.addStretch(1)
        appearance.emphasise(self.buttons["create"])

        self.model: TableModel[SubcommitteeView] = TableModel(SUBCOMMITTEE_COLUMNS, style=self._row_style, parent=self)
        self.proxy = FilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = make_table(self.proxy)
        # The name column takes the spare width; the others fit their contents.
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.make_list_stack(self.table)

        self.detail_box = QGroupBox()
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.seats_label = QLabel()
        self.seat_buttons: dict[str, QPushButton] = {}
        seat_row = QHBoxLayout()
        seat_row.addWidget(self.seats_label)
        seat_row.addStretch(1)
        for key, slot in (("add_seat", self.on_add_seat_clicked), ("end_seat", self.on_end_seat_clicked)):
            button = QPushButton()
            button.clicked.connect(slot)
            self.seat_buttons[key] = button
            seat_row.addWidget(button)
        self.seats_model: TableModel[SeatView] = TableModel(SEAT_COLUMNS, style=self._seat_style, parent=self)
        self.seats = make_table(self.seats_model)
        detail_layout = QVBoxLayout(self.detail_box)
        detail_layout.addWidget(self.detail)
        detail_layout.addLayout(seat_row)
        detail_layout.addWidget(self.seats, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.stack)
        splitter.addWidget(self.detail_box)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([480, 800])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

        self.table.selectionModel().currentRowChanged.connect(self.on_table_currentRowChanged)
        self.table.activated.connect(lambda _i: self._can_edit and self.on_edit_clicked())
        self.seats.selectionModel().currentRowChanged.connect(lambda *_: self.update_controls())
        signals = app_signals()
        signals.language_changed.connect(self.retranslate_ui)
        signals.settings_changed.connect(self.on_settings_changed)
        self.retranslate_ui()
        self.on_settings_changed()
        self.refresh()

    def retranslate_ui(self) -> None:
        texts = {"create": tr("분과 만들기…"), "edit": tr("수정…"), "close": tr("분과 폐지…"),
                 "reopen": tr("다시 열기"), "delete": tr("삭제")}
        for key, text in texts.items():
            self.buttons[key].setText(text)
        self.seat_buttons["add_seat"].setText(tr("위원 추가…"))
        self.seat_buttons["end_seat"].setText(tr("참여 종료…"))
        self.seats_label.setText(tr("참여 위원 (지난 참여 포함)"))
        self.detail_box.setTitle(tr("분과 정보"))
        self.update_empty_state()
        self.model.retranslate()
        self.seats_model.retranslate()
        self._show_detail()

    def on_settings_changed(self) -> None:
        appearance.fit_rows(self.table)
        appearance.fit_rows(self.seats)
        # A larger text needs wider columns, or dates are cut ("2024. 12. …").
        self.table.resizeColumnsToContents()
        self.seats.resizeColumnsToContents()

    # ---------------------------------------------------------------- loading
    def reload(self) -> None:
        keep = self.selected()
        self.model.set_rows(ops.call(list_subcommittees, self.state.uow(), clock.today()))
        self.update_empty_state()
        if keep is not None:
            self.select(keep.id)
        elif self.proxy.rowCount():
            self.table.selectRow(0)
        self._show_detail()

    def empty_message(self) -> str | None:
        return tr("만든 분과가 없습니다. [분과 만들기]로 시작하세요.") if not self.model.rows else None

    def _row_style(self, s: SubcommitteeView) -> RowStyle | None:
        return RowStyle(foreground=CLOSED_FOREGROUND) if s.is_closed else None

    def _seat_style(self, seat: SeatView) -> RowStyle | None:
        ended = seat.left_on is not None and seat.left_on <= clock.today()
        return RowStyle(foreground=CLOSED_FOREGROUND) if ended else None

    # ---------------------------------------------------------------- selection
    def selected(self) -> SubcommitteeView | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.proxy.row_object(index.row())

    def select(self, subcommittee_id: str) -> bool:
        row = self.proxy.proxy_row_of(lambda s: s.id == subcommittee_id)
        if row < 0:
            return False
        self.table.selectionModel().setCurrentIndex(
            self.proxy.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        return True

    def selected_seat(self) -> SeatView | None:
        index = self.seats.currentIndex()
        return self.seats_model.row_at(index.row()) if index.isValid() else None

    def on_table_currentRowChanged(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        sub = self.selected()
        if sub is None:
            self.detail.setText(f"<span style='color:#666'>{esc(tr('분과를 고르면 자세한 내용이 여기에 나옵니다.'))}</span>")
            self.seats_model.set_rows([])
            self.update_controls()
            return
        lang = language()
        title = esc(sub.name)
        if sub.is_closed:
            title += (f" <span style='color:#8a8a8a'>({esc(tr('폐지'))} "
                      f"{esc(fmt(sub.closed_on, lang))})</span>")
        rows = [
            (tr("서비스 분야"), sub.service_area_labels(lang) or tr("없음")),
            (tr("분과장"), sub.lead_name or tr("(정하지 않음)")),
            (tr("구성일"), fmt(sub.founded_on, lang)),
            (tr("참여 인원"), tr("{n}명").format(n=sub.active_count)),
            (tr("설명"), sub.description),
        ]
        html = f"<p style='font-size: large;'><b>{title}</b></p><table cellspacing='0' cellpadding='2'>"
        for name, value in rows:
            html += f"<tr><td style='color:#555; padding-right:10px;'>{esc(name)}</td><td>{esc(value)}</td></tr>"
        self.detail.setText(html + "</table>")
        self.seats_model.set_rows(list(sub.seats))
        self.seats.resizeColumnsToContents()
        self.update_controls()

    def update_controls(self) -> None:
        sub = self.selected()
        seat = self.selected_seat()
        edit = self._can_edit
        self.buttons["create"].setEnabled(edit)
        self.buttons["edit"].setEnabled(edit and sub is not None)
        self.buttons["delete"].setEnabled(edit and sub is not None)
        self.buttons["close"].setEnabled(edit and sub is not None and not sub.is_closed)
        self.buttons["reopen"].setEnabled(edit and sub is not None and sub.is_closed)
        self.buttons["reopen"].setVisible(sub is not None and sub.is_closed)
        self.buttons["close"].setVisible(not (sub is not None and sub.is_closed))
        self.seat_buttons["add_seat"].setEnabled(edit and sub is not None and not sub.is_closed)
        self.seat_buttons["end_seat"].setEnabled(edit and sub is not None and seat is not None and seat.left_on is None)

    # ---------------------------------------------------------------- actions
    def on_create_clicked(self) -> None:
        from ui.dialogs.subcommittee_dialog import SubcommitteeDialog

        dialog = SubcommitteeDialog(self, self.state)
        if dialog.exec() and dialog.saved is not None:
            self.select(dialog.saved.id)

    def on_edit_clicked(self) -> None:
        sub = self.selected()
        if sub is None:
            return
        from ui.dialogs.subcommittee_dialog import SubcommitteeDialog

        SubcommitteeDialog(self, self.state, sub).exec()

    def on_close_clicked(self) -> None:
        sub = self.selected()
        if sub is None or sub.is_closed:
            return
        today = clock.today()
        question = tr("'{name}' 분과를 {date}자로 폐지합니다.\n참여 중인 위원 {n}명의 참여도 함께 끝납니다. 기록은 남고, 나중에 다시 열 수 있습니다.").format(
            name=sub.name, date=format_date(today), n=sub.active_count)
        if messages.confirm(self, tr("분과 폐지"), question, yes=tr("폐지합니다")):
            ops.run(self, close_subcommittee, self.state.uow(), sub.id, today, today,
                    changes={Change.SUBCOMMITTEES, Change.MEMBERS})

    def on_reopen_clicked(self) -> None:
        sub = self.selected()
        if sub is None:
            return
        ops.run(self, reopen_subcommittee, self.state.uow(), sub.id, clock.today(),
                changes={Change.SUBCOMMITTEES, Change.MEMBERS})

    def on_delete_clicked(self) -> None:
        sub = self.selected()
        if sub is None:
            return
        question = tr("'{name}' 분과를 삭제합니다. 잘못 만든 경우에만 삭제하세요.\n활동을 마친 분과는 [폐지]하면 기록이 남습니다.").format(name=sub.name)
        if messages.confirm(self, tr("분과 삭제"), question, yes=tr("삭제합니다")):
            ops.attempt(self, delete_subcommittee, self.state.uow(), sub.id, changes={Change.SUBCOMMITTEES, Change.MEMBERS})

    def on_add_seat_clicked(self) -> None:
        sub = self.selected()
        if sub is None:
            return
        from ui.dialogs.seat_dialog import SeatDialog

        SeatDialog(self, self.state, sub).exec()

    def on_end_seat_clicked(self) -> None:
        sub = self.selected()
        seat = self.selected_seat()
        if sub is None or seat is None:
            return
        from ui.dialogs.seat_dialog import EndSeatDialog

        EndSeatDialog(self, self.state, sub, seat).exec()
