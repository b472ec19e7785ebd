"""Adding or editing an agenda item (안건): kind, title, proposer, explanation and the
gist of the discussion (토의 내용, for the minutes)."""
from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from app.meetings import codes as mc
from app.meetings.agenda import ItemData, add_agenda_item, record_discussion, update_agenda_item
from app.meetings.core import AgendaItemView
from app.areas import Change
from ui import clock, ops
from ui.dialogs.base import FormDialog
from ui.dialogs.member_dialog import code_combo, retranslate_combo, select_code
from ui.i18n import N_, tr
from ui.state import AppState


class AgendaItemDialog(FormDialog):
    inline_refusals = {"kind_has_result": "item_kind"}

    def __init__(self, parent: QWidget | None, state: AppState, meeting_id: str,
                 item: AgendaItemView | None = None) -> None:
        super().__init__(parent, N_("안건 수정") if item else N_("안건 추가"))
        self.state = state
        self.meeting_id = meeting_id
        self.item = item
        self.saved: AgendaItemView | None = None
        fields = self.group("")
        self.kind = fields.add("item_kind", N_("안건 구분"), code_combo(mc.ITEM_KIND))
        self.title = fields.add("title", N_("안건명"), QLineEdit())
        self.proposer = fields.add("proposer", N_("제안자"), QLineEdit())
        self.explanation = fields.add("explanation", N_("제안 설명"), QPlainTextEdit())
        self.explanation.setMinimumHeight(110)
        self.discussion = fields.add("discussion", N_("토의 내용"), QPlainTextEdit())
        self.discussion.setMinimumHeight(80)
        self.body.addWidget(fields)
        select_code(self.kind, "resolution")
        if item is not None:
            select_code(self.kind, item.kind)
            self.title.setText(item.title)
            self.proposer.setText(item.proposer)
            self.explanation.setPlainText(item.explanation)
            self.discussion.setPlainText(item.discussion)
        self.resize(600, 0)
        self.retranslate_ui()
        self.title.setFocus()

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        retranslate_combo(self.kind, mc.ITEM_KIND)
        self.title.setPlaceholderText(tr("예: 2027년 협의체 운영계획(안)"))
        self.proposer.setPlaceholderText(tr("예: 간사"))
        # Whatever numbers are typed, the printouts number the lines for the level they sit at.
        self.explanation.setPlaceholderText(tr("한 줄에 한 가지씩 적으세요. 번호는 회의자료와 회의록에서 자리에 맞게(가. 나. / 가) 나)) 다시 매겨집니다."))
        self.discussion.setPlaceholderText(tr("회의에서 나온 주요 의견 (회의 뒤에 적어도 됩니다)"))

    def item_data(self) -> ItemData:
        return ItemData(self.kind.currentData() or "", self.title.text(), self.proposer.text(),
                        self.explanation.toPlainText())

    def save(self) -> bool:
        today = clock.today()
        discussion = self.discussion.toPlainText()

        def action() -> None:
            if self.item is None:
                saved = ops.call(add_agenda_item, self.state.uow(), self.meeting_id, self.item_data(), today)
                # Should the discussion be refused, OK again updates this item instead of adding another.
                self.item = self.saved = saved
            else:
                saved = ops.call(update_agenda_item, self.state.uow(), self.item.id, self.item_data(), today)
            if discussion.strip() != saved.discussion:
                saved = ops.call(record_discussion, self.state.uow(), saved.id, discussion, today)
            self.saved = saved

        done = self.attempt(action)
        if self.saved is not None:
            ops.notify({Change.MEETINGS})
        return done
