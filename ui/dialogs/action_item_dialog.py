"""Follow-ups (후속조치): deciding one under an agenda item (what, who, by when), and
tracking its progress (진행 중, 완료 with its date, 취소) — progress stays open after
the minutes are approved, the substance does not."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from app.meetings import codes as mc
from app.meetings.actions import ActionData, add_action_item, set_action_status, update_action_item
from app.meetings.core import ActionView, AgendaItemView
from app.areas import Change
from ui import clock, ops
from ui.dialogs.base import FormDialog
from ui.dialogs.member_dialog import code_combo, retranslate_combo, select_code
from ui.i18n import N_, tr
from ui.state import AppState
from ui.widgets import DateEdit, OptionalDateEdit


class ActionItemDialog(FormDialog):
    def __init__(self, parent: QWidget | None, state: AppState, items: tuple[AgendaItemView, ...],
                 action: ActionView | None = None, item_id: str | None = None) -> None:
        super().__init__(parent, N_("후속조치 수정") if action else N_("후속조치 추가"))
        self.state = state
        self.action = action
        self.saved: ActionView | None = None
        fields = self.group("")
        self.item = fields.add("item_id", N_("안건"), QComboBox())
        for item in items:
            self.item.addItem(f"{item.number_label} {item.title}", item.id)
        chosen = action.item_id if action else item_id
        if chosen:
            self.item.setCurrentIndex(max(0, self.item.findData(chosen)))
        self.item.setEnabled(action is None)
        self.what = fields.add("what", N_("조치 내용"), QLineEdit())
        self.owner = fields.add("owner", N_("담당"), QLineEdit())
        self.due_on = fields.add("due_on", N_("기한"), OptionalDateEdit(None))
        self.body.addWidget(fields)
        if action is not None:
            self.what.setText(action.what)
            self.owner.setText(action.owner)
            self.due_on.set_value(action.due_on)
        self.resize(520, 0)
        self.retranslate_ui()
        self.what.setFocus()

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.what.setPlaceholderText(tr("예: 협약서 초안 작성"))
        self.owner.setPlaceholderText(tr("예: 간사, 노인분과"))
        self.due_on.retranslate_ui()

    def save(self) -> bool:
        today = clock.today()
        data = ActionData(self.what.text(), self.owner.text(), self.due_on.value(),
                          self.action.owner_member_id if self.action else None)
        item_id = self.item.currentData()

        def action() -> None:
            if self.action is None:
                self.saved = ops.call(add_action_item, self.state.uow(), item_id, data, today)
            else:
                self.saved = ops.call(update_action_item, self.state.uow(), self.action.id, data, today)

        if not item_id or not self.attempt(action):
            return False
        ops.notify({Change.MEETINGS})
        return True


class ActionStatusDialog(FormDialog):
    inline_refusals = {"action_done_before_meeting": "done_on"}

    def __init__(self, parent: QWidget | None, state: AppState, action: ActionView) -> None:
        super().__init__(parent, N_("후속조치 진행 상황"))
        self.state = state
        self.action = action
        self.saved: ActionView | None = None
        fields = self.group("")
        self.status = fields.add("status", N_("상태"), code_combo(mc.ACTION_STATUS))
        self.done_on = fields.add("done_on", N_("완료일"), DateEdit(action.done_on or clock.today()))
        self.note = fields.add("progress_note", N_("진행 메모"), QPlainTextEdit())
        self.note.setFixedHeight(80)
        self.body.addWidget(fields)
        select_code(self.status, action.status)
        self.note.setPlainText(action.progress_note)
        self.status.currentIndexChanged.connect(self.on_status_currentIndexChanged)
        self.on_status_currentIndexChanged()
        self.resize(460, 0)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        retranslate_combo(self.status, mc.ACTION_STATUS)
        self.done_on.retranslate_ui()

    def on_status_currentIndexChanged(self, _index: int = 0) -> None:
        self.done_on.setEnabled(self.status.currentData() == "done")

    def save(self) -> bool:
        status = self.status.currentData() or "open"

        def action() -> None:
            self.saved = ops.call(set_action_status, self.state.uow(), self.action.id, status, clock.today(),
                                           done_on=self.done_on.value() if status == "done" else None,
                                           progress_note=self.note.toPlainText())

        if not self.attempt(action):
            return False
        ops.notify({Change.MEETINGS})
        return True
