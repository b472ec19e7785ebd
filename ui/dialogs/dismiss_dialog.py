"""해촉·사임·전출: ending a member's current term early, after a confirmation."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from app import codes
from app.dates import format_date
from app.members import MemberView, dismiss_member
from app.areas import Change
from ui import clock, messages, ops
from ui.dialogs.base import FormDialog
from ui.dialogs.member_dialog import code_combo, retranslate_combo
from ui.i18n import N_, language, tr
from ui.state import AppState
from ui.widgets import DateEdit


class DismissDialog(FormDialog):
    def __init__(self, parent: QWidget | None, state: AppState, member: MemberView) -> None:
        super().__init__(parent, N_("위원 해촉"), ok_ko=N_("해촉"))
        self.state = state
        self.member = member
        self.saved: MemberView | None = None
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.body.addWidget(self.intro)
        fields = self.group("")
        self.ended_on = fields.add("ended_on", N_("해촉일"), DateEdit(clock.today()))
        self.reason = fields.add("end_reason", N_("사유"), code_combo(
            {k: codes.TERM_END_REASON[k] for k in codes.EARLY_END_REASONS}))
        self.note = fields.add("end_note", N_("메모"), QLineEdit())
        self.body.addWidget(fields)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        retranslate_combo(self.reason, codes.TERM_END_REASON)
        self.note.setPlaceholderText(tr("예: 장기 불참(6개월 이상)"))
        self.intro.setText(tr("{name} 위원의 현재 임기를 끝냅니다. 임기 기록은 남습니다.").format(
            name=self.member.name))

    def save(self) -> bool:
        on = self.ended_on.value()
        reason = self.reason.currentData()
        reason_label = codes.label(codes.TERM_END_REASON, reason, language())
        question = tr("{name} 위원을 {date}자로 '{reason}' 처리합니다.\n참여 중인 분과도 함께 끝납니다. 계속할까요?").format(
            name=self.member.name, date=format_date(on), reason=reason_label)
        if not messages.confirm(self, tr("해촉 확인"), question, yes=tr("해촉합니다")):
            return False

        def action() -> None:
            self.saved = ops.call(dismiss_member, self.state.uow(), self.member.id, on, reason,
                                        self.note.text(), clock.today())

        if not self.attempt(action):
            return False
        ops.notify({Change.MEMBERS, Change.SUBCOMMITTEES})
        return True
