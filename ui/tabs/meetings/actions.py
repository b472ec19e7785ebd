"""후속조치: the follow-ups decided at this meeting (overdue ones stand out), with add,
edit and 진행 상황 — progress can be recorded even after the minutes are approved."""
from __future__ import annotations

from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.meetings.core import ActionView, MeetingDetail
from ui import appearance
from ui.i18n import tr
from ui.table_model import RowStyle, TableModel
from ui.tabs.base import make_table
from ui.tabs.meetings.columns import ACTION_COLUMNS, MUTED_FOREGROUND, OVERDUE_BACKGROUND, OVERDUE_FOREGROUND
from ui.tabs.meetings.section import Access, MeetingHost, MeetingSection


def action_style(action: ActionView) -> RowStyle | None:
    if action.is_overdue:
        return RowStyle(background=OVERDUE_BACKGROUND, foreground=OVERDUE_FOREGROUND)
    if not action.is_open:
        return RowStyle(foreground=MUTED_FOREGROUND)
    return None


class ActionsSection(MeetingSection):
    def __init__(self, host: MeetingHost, parent: QWidget | None = None) -> None:
        super().__init__(host, parent)
        row = QHBoxLayout()
        self.add_buttons(row, (("add_action", self.on_add_action_clicked), ("edit_action", self.on_edit_action_clicked),
                               ("action_status", self.on_action_status_clicked)))
        row.addStretch(1)
        self.action_model: TableModel[ActionView] = TableModel(ACTION_COLUMNS, style=action_style, parent=self)
        self.action_table = make_table(self.action_model)
        self.action_table.selectionModel().currentRowChanged.connect(lambda *_: host.update_controls())
        self.action_table.activated.connect(
            lambda _i: self.buttons["action_status"].isEnabled() and self.on_action_status_clicked())
        self.actions_note = QLabel()
        self.actions_note.setWordWrap(True)
        self.actions_note.setStyleSheet("color: #555;")
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.action_table, 1)
        layout.addWidget(self.actions_note)

    def retranslate_ui(self) -> None:
        texts = {"add_action": tr("후속조치 추가…"), "edit_action": tr("수정…"), "action_status": tr("진행 상황…")}
        for key, text in texts.items():
            self.buttons[key].setText(text)
        self.action_model.retranslate()

    def fit_rows(self) -> None:
        appearance.fit_rows(self.action_table)

    def update_controls(self, access: Access) -> None:
        detail, action = self.detail, self.current_action()
        self.buttons["add_action"].setEnabled(access.open and detail is not None and bool(detail.items))
        self.buttons["edit_action"].setEnabled(access.open and action is not None)
        self.buttons["action_status"].setEnabled(access.can_edit and action is not None)

    def current_action(self) -> ActionView | None:
        index = self.action_table.currentIndex()
        return self.action_model.row_at(index.row()) if index.isValid() and index.row() < self.action_model.rowCount() else None

    def show_detail(self, detail: MeetingDetail | None) -> None:
        if detail is None:
            self.action_model.set_rows([])
            return
        self.action_model.set_rows(self.host.actions)
        self.action_table.resizeColumnsToContents()
        char = QFontMetrics(QApplication.font()).horizontalAdvance("가")
        for key in ("what", "item"):
            col = self.action_model.column_index(key)
            self.action_table.setColumnWidth(col, min(self.action_table.columnWidth(col), char * 10))
        self.actions_note.setText(tr("기한이 지난 후속조치는 주황색으로 표시됩니다. 승인된 회의록에서도 진행 상황은 기록할 수 있습니다."))

    # ---------------------------------------------------------------- slots
    def on_add_action_clicked(self) -> None:
        if self.detail is None:
            return
        from ui.dialogs.action_item_dialog import ActionItemDialog

        item = self.host.current_item()
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
